// network! { pub struct Amp: 1 => LSTM(4) => Dense(1); loss = MSE }
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Amp < T > {
# [doc = r" Every stage in forward order: kind, name, sizes, activation, parameter count"] # [doc = r" (what `summary()` prints)."] pub const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = & [:: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Lstm , name : "layer1" , inputs : 1usize , outputs : 4usize , activation : "Identity" , params : 112usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer2" , inputs : 4usize , outputs : 1usize , activation : "Identity" , params : 5usize , }
,] ;
} # [doc = "Sequence network `1 → LSTM(4) → Dense(1, Identity)`; loss: MSE, E = ½ Σ (t − y)², averaged over the steps. 117 parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct Amp < T = f32 > {
# [doc = "Layer 1: LSTM 1 → 4 (112 parameters)."] pub layer1 : :: typenet :: __private :: Lstm < T , 1usize , 4usize , 16usize > , # [doc = "Layer 2: Dense 4 → 1, Identity (5 parameters)."] pub layer2 : :: typenet :: __private :: Dense < T , 4usize , 1usize > , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for Amp < T > {
const LEN : usize = 117usize ;
} # [doc = r" Sizes an optimizer's state by this network (`Adam::for_network(&net, config)`)."] impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: optim :: ParamArray for Amp < T > {
type Array = [T ;
117usize] ;
} :: typenet :: __private :: __serde_network ! (Amp) ;
# [doc = "Every layer's state of a [`Amp`] between steps: zero at the start of a sequence."] # [derive (Clone , Debug , PartialEq)] pub struct AmpState < T = f32 > {
# [doc = "The state of layer `layer1`."] pub layer1 : :: typenet :: __private :: LstmState < T , 4usize > , }
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > AmpState < T > {
# [doc = r" The start of a sequence: every state zero."] pub fn zeros () -> Self {
Self {
layer1 : < :: typenet :: __private :: LstmState < T , 4usize > > :: zeros () , }
} # [doc = r" Back to the start of a sequence, in place."] pub fn reset (& mut self) {
self . layer1 . reset () ;
} }
impl < T : :: typenet :: __private :: Scalar > :: core :: default :: Default for AmpState < T > {
fn default () -> Self {
Self :: zeros () }
} # [doc = "One step's values of every stage of a [`Amp`], for backpropagation through time."] # [derive (Clone , Debug , PartialEq)] pub struct AmpTrace < T = f32 > {
# [doc = "Layer 1: LSTM 1 → 4; its step's trace in `cell`, its output in `z` and `a`."] pub layer1 : :: typenet :: __private :: CellTrace < :: typenet :: __private :: LstmTrace < T , 1usize , 4usize > , T , 4usize > , # [doc = "Layer 2: Dense 4 → 1, Identity (5 parameters)."] pub layer2 : :: typenet :: __private :: LayerTrace < T , 1usize > , }
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > AmpTrace < T > {
# [doc = r" Every value zero (to fill a trace buffer)."] pub fn zeros () -> Self {
Self {
layer1 : :: core :: default :: Default :: default () , layer2 : :: typenet :: __private :: LayerTrace {
z : :: typenet :: __private :: nalgebra :: SVector :: zeros () , a : :: typenet :: __private :: nalgebra :: SVector :: zeros () , }
, }
} }
impl < T : :: typenet :: __private :: Scalar > :: core :: default :: Default for AmpTrace < T > {
fn default () -> Self {
Self :: zeros () }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Amp < T > {
# [doc = r" Number of inputs of one step."] pub const INPUTS : usize = 1usize ;
# [doc = r" Number of outputs of one step."] pub const OUTPUTS : usize = 1usize ;
# [doc = r" Number of parameters (weights and biases)."] pub const PARAMS : usize = 117usize ;
# [doc = r" The type's name."] pub const NAME : & 'static str = "Amp" ;
# [doc = r" Every parameter tensor in PyTorch `state_dict` order: name, shape and offset into"] # [doc = r" the flat parameters."] pub const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = & [:: typenet :: __private :: TensorInfo {
name : "layer1.weight_ih" , shape : & [16usize , 1usize] , offset : 0usize }
, :: typenet :: __private :: TensorInfo {
name : "layer1.weight_hh" , shape : & [16usize , 4usize] , offset : 16usize }
, :: typenet :: __private :: TensorInfo {
name : "layer1.bias_ih" , shape : & [16usize] , offset : 80usize }
, :: typenet :: __private :: TensorInfo {
name : "layer1.bias_hh" , shape : & [16usize] , offset : 96usize }
, :: typenet :: __private :: TensorInfo {
name : "layer2.weight" , shape : & [1usize , 4usize] , offset : 112usize }
, :: typenet :: __private :: TensorInfo {
name : "layer2.bias" , shape : & [1usize] , offset : 116usize }
,] ;
# [doc = r" One step: the output for input `x`, advancing `state`. No allocation."] # [inline] pub fn step (& self , state : & mut AmpState < T > , x : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 1usize > {
let __z1 = self . layer1 . step (& mut state . layer1 , x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z1) ;
let __z2 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
[__o0] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 1usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z2) ;
__a2 }
# [doc = r" Every step of a sequence from `state` (left at its end): `ys[t]` for `xs[t]`."] # [doc = r""] # [doc = r" # Errors"] # [doc = r" `SequenceError::Length` if `ys` and `xs` differ in length; nothing is computed."] pub fn forward_sequence (& self , state : & mut AmpState < T > , xs : & [:: typenet :: __private :: nalgebra :: SVector < T , 1usize >] , ys : & mut [:: typenet :: __private :: nalgebra :: SVector < T , 1usize >] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: SequenceError > {
if ys . len () != xs . len () {
return :: core :: result :: Result :: Err (:: typenet :: __private :: SequenceError :: Length {
what : "outputs" , expected : xs . len () , found : ys . len () , }) ;
} for (x , y) in xs . iter () . zip (ys . iter_mut ()) {
* y = Amp :: step (self , state , x) ;
} :: core :: result :: Result :: Ok (()) }
# [doc = r" One step that also writes every stage's values into `__tr`."] # [doc (hidden)] # [inline] pub fn __step_traced (& self , state : & mut AmpState < T > , x : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize > , __tr : & mut AmpTrace < T >) -> :: typenet :: __private :: nalgebra :: SVector < T , 1usize > {
let __z1 = self . layer1 . step_traced (& mut state . layer1 , x , & mut __tr . layer1 . cell) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z1) ;
__tr . layer1 . z = __z1 ;
__tr . layer1 . a = __a1 ;
let __z2 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
[__o0] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 1usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z2) ;
__tr . layer2 . z = __z2 ;
__tr . layer2 . a = __a2 ;
__a2 }
# [doc = r" Builds the network from its parameters in PyTorch `state_dict` order (a `const"] # [doc = r" fn`, for a network in flash)."] pub const fn from_array (values : [T ;
117usize]) -> Self {
unsafe {
:: typenet :: __private :: network :: flat_from_array :: < T , Self , 117usize > (values) }
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Parameters < T > for Amp < T > {
const INPUTS : usize = 1usize ;
const OUTPUTS : usize = 1usize ;
const PARAMS : usize = 117usize ;
const NAME : & 'static str = "Amp" ;
const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = Amp :: < T > :: TENSORS ;
const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = Amp :: < T > :: LAYERS ;
fn init < R : :: typenet :: __private :: rand_core :: Rng + ? Sized > (& mut self , rng : & mut R) {
self . layer1 . init_uniform (rng) ;
self . layer2 . init_uniform (:: typenet :: __private :: init :: glorot_bound (4usize , 1usize) , rng) ;
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Recurrent < T > for Amp < T > {
type Input = :: typenet :: __private :: nalgebra :: SVector < T , 1usize > ;
type Output = :: typenet :: __private :: nalgebra :: SVector < T , 1usize > ;
type State = AmpState < T > ;
type Trace = AmpTrace < T > ;
# [inline] fn step (& self , state : & mut Self :: State , x : & Self :: Input) -> Self :: Output {
Amp :: step (self , state , x) }
fn forward_sequence (& self , state : & mut Self :: State , xs : & [Self :: Input] , ys : & mut [Self :: Output] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: SequenceError > {
Amp :: forward_sequence (self , state , xs , ys) }
} # [doc = r" Per-sample methods that exist only to fail: a sequence network is stepped. Each"] # [doc = r" call is a compile error that says what to call instead."] # [doc (hidden)] # [allow (dead_code , unused_variables)] impl < T : :: typenet :: __private :: Scalar > Amp < T > {
# [doc (hidden)] pub fn forward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 1usize > where Self : :: typenet :: __private :: PerSample < T > {
match :: typenet :: __private :: PerSample :: < T > :: never (self) {
} }
# [doc (hidden)] pub fn loss (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize >) -> T where Self : :: typenet :: __private :: PerSample < T > {
match :: typenet :: __private :: PerSample :: < T > :: never (self) {
} }
# [doc (hidden)] pub fn backward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize >) -> (T , Self) where Self : :: typenet :: __private :: PerSample < T > {
match :: typenet :: __private :: PerSample :: < T > :: never (self) {
} }
# [doc (hidden)] pub fn train_step (& mut self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize > , lr : T) -> :: core :: result :: Result < T , :: typenet :: __private :: NonFiniteError > where Self : :: typenet :: __private :: PerSample < T > , {
match :: typenet :: __private :: PerSample :: < T > :: never (self) {
} }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Amp < T > {
# [doc = r" Backpropagation through time over one sequence (or one chunk of truncated BPTT):"] # [doc = r" returns the loss, the mean over the steps of the per-step loss, and adds its"] # [doc = r" gradient into `grads`. `state` starts the sequence and is left at its end;"] # [doc = r" `trace` is the caller's buffer of at least `xs.len()` steps; the backward carries"] # [doc = r" start at zero."] # [doc = r""] # [doc = r" # Errors"] # [doc = r" `SequenceError` if the sequence is empty, `targets` differs from `xs` in length"] # [doc = r" or `trace` is shorter; nothing changes."] # [allow (unused_variables)] pub fn sequence_backward (& self , state : & mut AmpState < T > , xs : & [:: typenet :: __private :: nalgebra :: SVector < T , 1usize >] , targets : & [:: typenet :: __private :: nalgebra :: SVector < T , 1usize >] , trace : & mut [AmpTrace < T >] , grads : & mut Self ,) -> :: core :: result :: Result < T , :: typenet :: __private :: SequenceError > {
let __n = xs . len () ;
if __n == 0 {
return :: core :: result :: Result :: Err (:: typenet :: __private :: SequenceError :: Empty) ;
} if targets . len () != __n {
return :: core :: result :: Result :: Err (:: typenet :: __private :: SequenceError :: Length {
what : "targets" , expected : __n , found : targets . len () , }) ;
} if trace . len () < __n {
return :: core :: result :: Result :: Err (:: typenet :: __private :: SequenceError :: Trace {
needed : __n , found : trace . len () , }) ;
} let trace = & mut trace [.. __n] ;
let mut __loss = < T as :: typenet :: __private :: Scalar > :: lit (0.0) ;
for ((x , target) , __tr) in xs . iter () . zip (targets) . zip (trace . iter_mut ()) {
let _ = Amp :: __step_traced (self , state , x , __tr) ;
let __z2 = __tr . layer2 . z ;
let __a2 = __tr . layer2 . a ;
__loss += :: typenet :: __private :: loss :: Loss :: < T > :: loss (& :: typenet :: __private :: loss :: MSE , & __a2 , target) ;
} let __scale = < T as :: typenet :: __private :: Scalar > :: lit (1.0) / < T as :: typenet :: __private :: Scalar > :: lit (__n as f64) ;
let mut __carry1 = < :: typenet :: __private :: LstmCarry < T , 4usize > > :: zeros () ;
for ((x , target) , __tr) in xs . iter () . zip (targets) . zip (trace . iter ()) . rev () {
let __z1 = __tr . layer1 . z ;
let __a1 = __tr . layer1 . a ;
let __z2 = __tr . layer2 . z ;
let __a2 = __tr . layer2 . a ;
let __da2 = :: typenet :: __private :: loss :: Loss :: < T > :: gradient (& :: typenet :: __private :: loss :: MSE , & __a2 , target) * __scale ;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z2 , & __a2 , & __da2) ;
{ let __x = & (& __a1) . data . 0 [0] ;
let __d = & __dz2 . data . 0 [0] ;
let __gw = & mut grads . layer2 . weight . data . 0 ;
__gw [0usize] [0usize] += __x [0usize] * __d [0usize] ;
__gw [0usize] [1usize] += __x [1usize] * __d [0usize] ;
__gw [0usize] [2usize] += __x [2usize] * __d [0usize] ;
__gw [0usize] [3usize] += __x [3usize] * __d [0usize] ;
let __gb = & mut grads . layer2 . bias . data . 0 [0] ;
__gb [0usize] += __d [0usize] ;
} let __da1 = {
let __w = & self . layer2 . weight . data . 0 ;
let __d = & __dz2 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z1 , & __a1 , & __da1) ;
let __dx1 = self . layer1 . backward_step (& __tr . layer1 . cell , & __dz1 , & mut __carry1 , & mut grads . layer1) ;
} :: core :: result :: Result :: Ok (__loss * __scale) }
# [doc = r" The loss of one sequence (or one chunk of it) from `state` (left at its end):"] # [doc = r" the mean over the steps of the per-step loss, the value"] # [doc = r" [`sequence_backward`](Self::sequence_backward) returns, bit for bit, without"] # [doc = r" its backward pass or a trace buffer (one step's trace lives on the stack)."] # [doc = r""] # [doc = r" # Errors"] # [doc = r" `SequenceError` if the sequence is empty or `targets` differs from `xs` in"] # [doc = r" length; nothing is computed."] pub fn sequence_loss (& self , state : & mut AmpState < T > , xs : & [:: typenet :: __private :: nalgebra :: SVector < T , 1usize >] , targets : & [:: typenet :: __private :: nalgebra :: SVector < T , 1usize >] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: SequenceError > {
let __n = xs . len () ;
if __n == 0 {
return :: core :: result :: Result :: Err (:: typenet :: __private :: SequenceError :: Empty) ;
} if targets . len () != __n {
return :: core :: result :: Result :: Err (:: typenet :: __private :: SequenceError :: Length {
what : "targets" , expected : __n , found : targets . len () , }) ;
} let mut __tr = < AmpTrace < T > as :: core :: default :: Default > :: default () ;
let mut __loss = < T as :: typenet :: __private :: Scalar > :: lit (0.0) ;
for (x , target) in xs . iter () . zip (targets) {
let _ = Amp :: __step_traced (self , state , x , & mut __tr) ;
let __z2 = __tr . layer2 . z ;
let __a2 = __tr . layer2 . a ;
__loss += :: typenet :: __private :: loss :: Loss :: < T > :: loss (& :: typenet :: __private :: loss :: MSE , & __a2 , target) ;
} let __scale = < T as :: typenet :: __private :: Scalar > :: lit (1.0) / < T as :: typenet :: __private :: Scalar > :: lit (__n as f64) ;
:: core :: result :: Result :: Ok (__loss * __scale) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: RecurrentTrainable < T > for Amp < T > {
type Target = :: typenet :: __private :: nalgebra :: SVector < T , 1usize > ;
fn sequence_loss (& self , state : & mut Self :: State , xs : & [Self :: Input] , targets : & [Self :: Target] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: SequenceError > {
Amp :: sequence_loss (self , state , xs , targets) }
fn sequence_backward (& self , state : & mut Self :: State , xs : & [Self :: Input] , targets : & [Self :: Target] , trace : & mut [Self :: Trace] , grads : & mut Self ,) -> :: core :: result :: Result < T , :: typenet :: __private :: SequenceError > {
Amp :: sequence_backward (self , state , xs , targets , trace , grads) }
}
