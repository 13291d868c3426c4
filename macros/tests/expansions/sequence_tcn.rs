// network! { pub struct Tcn: 2 => Conv1D(3, kernel = 1) => Residual(Conv1D(3, Tanh, kernel = 3, dilation = 2) => Conv1D(3, kernel = 1, bias = false)) => GRU(2) => Dense(2, Softmax); loss = CrossEntropy }
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Tcn < T > {
# [doc = r" Every stage in forward order: kind, name, sizes, activation, parameter count"] # [doc = r" (what `summary()` prints)."] pub const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = & [:: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Conv1d , name : "layer1" , inputs : 2usize , outputs : 3usize , activation : "Identity" , params : 9usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Conv1d , name : "layer2" , inputs : 3usize , outputs : 3usize , activation : "Tanh" , params : 30usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Conv1d , name : "layer3" , inputs : 3usize , outputs : 3usize , activation : "Identity" , params : 9usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Residual , name : "residual1" , inputs : 3usize , outputs : 3usize , activation : "Identity" , params : 0usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Gru , name : "layer4" , inputs : 3usize , outputs : 2usize , activation : "Identity" , params : 42usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer5" , inputs : 2usize , outputs : 2usize , activation : "Softmax" , params : 6usize , }
,] ;
} # [doc = "Sequence network `2 → Conv1D(3, Identity, kernel = 1, dilation = 1) → Residual(Conv1D(3, Tanh, kernel = 3, dilation = 2) → Conv1D(3, Identity, kernel = 1, dilation = 1, no bias)) → GRU(2) → Dense(2, Softmax)`; loss: cross-entropy of the Softmax output, averaged over the steps. 96 parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct Tcn < T = f32 > {
# [doc = "Layer 1: causal Conv1D 2 → 3 channels, kernel 1, dilation 1 (receptive field 1 steps), Identity (9 parameters)."] pub layer1 : :: typenet :: __private :: Conv1d < T , 2usize , 3usize , 1usize , 1usize , 2usize , 1usize > , # [doc = "Layer 2: causal Conv1D 3 → 3 channels, kernel 3, dilation 2 (receptive field 5 steps), Tanh (30 parameters)."] pub layer2 : :: typenet :: __private :: Conv1d < T , 3usize , 3usize , 3usize , 2usize , 9usize , 5usize > , # [doc = "Layer 3: causal Conv1D 3 → 3 channels, kernel 1, dilation 1 (receptive field 1 steps), Identity, no bias (9 parameters)."] pub layer3 : :: typenet :: __private :: Conv1dNoBias < T , 3usize , 3usize , 1usize , 1usize , 3usize , 1usize > , # [doc = "Layer 4: GRU 3 → 2 (42 parameters)."] pub layer4 : :: typenet :: __private :: Gru < T , 3usize , 2usize , 6usize > , # [doc = "Layer 5: Dense 2 → 2, Softmax (6 parameters)."] pub layer5 : :: typenet :: __private :: Dense < T , 2usize , 2usize > , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for Tcn < T > {
const LEN : usize = 96usize ;
} # [doc = r" Sizes an optimizer's state by this network (`Adam::for_network(&net, config)`)."] impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: optim :: ParamArray for Tcn < T > {
type Array = [T ;
96usize] ;
} :: typenet :: __private :: __serde_network ! (Tcn) ;
# [doc = "Every layer's state of a [`Tcn`] between steps: zero at the start of a sequence."] # [derive (Clone , Debug , PartialEq)] pub struct TcnState < T = f32 > {
# [doc = "The state of layer `layer1`."] pub layer1 : :: typenet :: __private :: Conv1dState < T , 2usize , 1usize > , # [doc = "The state of layer `layer2`."] pub layer2 : :: typenet :: __private :: Conv1dState < T , 3usize , 5usize > , # [doc = "The state of layer `layer3`."] pub layer3 : :: typenet :: __private :: Conv1dState < T , 3usize , 1usize > , # [doc = "The state of layer `layer4`."] pub layer4 : :: typenet :: __private :: GruState < T , 2usize > , }
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > TcnState < T > {
# [doc = r" The start of a sequence: every state zero."] pub fn zeros () -> Self {
Self {
layer1 : < :: typenet :: __private :: Conv1dState < T , 2usize , 1usize > > :: zeros () , layer2 : < :: typenet :: __private :: Conv1dState < T , 3usize , 5usize > > :: zeros () , layer3 : < :: typenet :: __private :: Conv1dState < T , 3usize , 1usize > > :: zeros () , layer4 : < :: typenet :: __private :: GruState < T , 2usize > > :: zeros () , }
} # [doc = r" Back to the start of a sequence, in place."] pub fn reset (& mut self) {
self . layer1 . reset () ;
self . layer2 . reset () ;
self . layer3 . reset () ;
self . layer4 . reset () ;
} }
impl < T : :: typenet :: __private :: Scalar > :: core :: default :: Default for TcnState < T > {
fn default () -> Self {
Self :: zeros () }
} # [doc = "One step's values of every stage of a [`Tcn`], for backpropagation through time."] # [derive (Clone , Debug , PartialEq)] pub struct TcnTrace < T = f32 > {
# [doc = "Layer 1: causal Conv1D 2 → 3 channels, kernel 1, dilation 1 (receptive field 1 steps), Identity; its step's trace in `cell`, its output in `z` and `a`."] pub layer1 : :: typenet :: __private :: CellTrace < :: typenet :: __private :: Conv1dTrace < T , 2usize > , T , 3usize > , # [doc = "Layer 2: causal Conv1D 3 → 3 channels, kernel 3, dilation 2 (receptive field 5 steps), Tanh; its step's trace in `cell`, its output in `z` and `a`."] pub layer2 : :: typenet :: __private :: CellTrace < :: typenet :: __private :: Conv1dTrace < T , 9usize > , T , 3usize > , # [doc = "Layer 3: causal Conv1D 3 → 3 channels, kernel 1, dilation 1 (receptive field 1 steps), Identity, no bias; its step's trace in `cell`, its output in `z` and `a`."] pub layer3 : :: typenet :: __private :: CellTrace < :: typenet :: __private :: Conv1dTrace < T , 3usize > , T , 3usize > , # [doc = "Residual block: z is the block's output plus its input (value 1 of the chain), a = Identity(z)."] pub residual1 : :: typenet :: __private :: LayerTrace < T , 3usize > , # [doc = "Layer 4: GRU 3 → 2; its step's trace in `cell`, its output in `z` and `a`."] pub layer4 : :: typenet :: __private :: CellTrace < :: typenet :: __private :: GruTrace < T , 3usize , 2usize > , T , 2usize > , # [doc = "Layer 5: Dense 2 → 2, Softmax (6 parameters)."] pub layer5 : :: typenet :: __private :: LayerTrace < T , 2usize > , }
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > TcnTrace < T > {
# [doc = r" Every value zero (to fill a trace buffer)."] pub fn zeros () -> Self {
Self {
layer1 : :: core :: default :: Default :: default () , layer2 : :: core :: default :: Default :: default () , layer3 : :: core :: default :: Default :: default () , residual1 : :: typenet :: __private :: LayerTrace {
z : :: typenet :: __private :: nalgebra :: SVector :: zeros () , a : :: typenet :: __private :: nalgebra :: SVector :: zeros () , }
, layer4 : :: core :: default :: Default :: default () , layer5 : :: typenet :: __private :: LayerTrace {
z : :: typenet :: __private :: nalgebra :: SVector :: zeros () , a : :: typenet :: __private :: nalgebra :: SVector :: zeros () , }
, }
} }
impl < T : :: typenet :: __private :: Scalar > :: core :: default :: Default for TcnTrace < T > {
fn default () -> Self {
Self :: zeros () }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Tcn < T > {
# [doc = r" Number of inputs of one step."] pub const INPUTS : usize = 2usize ;
# [doc = r" Number of outputs of one step."] pub const OUTPUTS : usize = 2usize ;
# [doc = r" Number of parameters (weights and biases)."] pub const PARAMS : usize = 96usize ;
# [doc = r" The type's name."] pub const NAME : & 'static str = "Tcn" ;
# [doc = r" Every parameter tensor in PyTorch `state_dict` order: name, shape and offset into"] # [doc = r" the flat parameters."] pub const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = & [:: typenet :: __private :: TensorInfo {
name : "layer1.weight" , shape : & [3usize , 2usize , 1usize] , offset : 0usize }
, :: typenet :: __private :: TensorInfo {
name : "layer1.bias" , shape : & [3usize] , offset : 6usize }
, :: typenet :: __private :: TensorInfo {
name : "layer2.weight" , shape : & [3usize , 3usize , 3usize] , offset : 9usize }
, :: typenet :: __private :: TensorInfo {
name : "layer2.bias" , shape : & [3usize] , offset : 36usize }
, :: typenet :: __private :: TensorInfo {
name : "layer3.weight" , shape : & [3usize , 3usize , 1usize] , offset : 39usize }
, :: typenet :: __private :: TensorInfo {
name : "layer4.weight_ih" , shape : & [6usize , 3usize] , offset : 48usize }
, :: typenet :: __private :: TensorInfo {
name : "layer4.weight_hh" , shape : & [6usize , 2usize] , offset : 66usize }
, :: typenet :: __private :: TensorInfo {
name : "layer4.bias_ih" , shape : & [6usize] , offset : 78usize }
, :: typenet :: __private :: TensorInfo {
name : "layer4.bias_hh" , shape : & [6usize] , offset : 84usize }
, :: typenet :: __private :: TensorInfo {
name : "layer5.weight" , shape : & [2usize , 2usize] , offset : 90usize }
, :: typenet :: __private :: TensorInfo {
name : "layer5.bias" , shape : & [2usize] , offset : 94usize }
,] ;
# [doc = r" One step: the output for input `x`, advancing `state`. No allocation."] # [inline] pub fn step (& self , state : & mut TcnState < T > , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 2usize > {
let __z1 = self . layer1 . step (& mut state . layer1 , x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z1) ;
let __z2 = self . layer2 . step (& mut state . layer2 , (& __a1)) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z2) ;
let __z3 = self . layer3 . step (& mut state . layer3 , (& __a2)) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z3) ;
let __z4 = (& __a3) + (& __a1) ;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z4) ;
let __z5 = self . layer4 . step (& mut state . layer4 , (& __a4)) ;
let __a5 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z5) ;
let __z6 = {
let __w = & self . layer5 . weight . data . 0 ;
let __x = & (& __a5) . data . 0 [0] ;
let __b = & self . layer5 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (__x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = (__x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a6 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z6) ;
__a6 }
# [doc = r" Every step of a sequence from `state` (left at its end): `ys[t]` for `xs[t]`."] # [doc = r""] # [doc = r" # Errors"] # [doc = r" `SequenceError::Length` if `ys` and `xs` differ in length; nothing is computed."] pub fn forward_sequence (& self , state : & mut TcnState < T > , xs : & [:: typenet :: __private :: nalgebra :: SVector < T , 2usize >] , ys : & mut [:: typenet :: __private :: nalgebra :: SVector < T , 2usize >] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: SequenceError > {
if ys . len () != xs . len () {
return :: core :: result :: Result :: Err (:: typenet :: __private :: SequenceError :: Length {
what : "outputs" , expected : xs . len () , found : ys . len () , }) ;
} for (x , y) in xs . iter () . zip (ys . iter_mut ()) {
* y = Tcn :: step (self , state , x) ;
} :: core :: result :: Result :: Ok (()) }
# [doc = r" One step that also writes every stage's values into `__tr`."] # [doc (hidden)] # [inline] pub fn __step_traced (& self , state : & mut TcnState < T > , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , __tr : & mut TcnTrace < T >) -> :: typenet :: __private :: nalgebra :: SVector < T , 2usize > {
let __z1 = self . layer1 . step_traced (& mut state . layer1 , x , & mut __tr . layer1 . cell) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z1) ;
__tr . layer1 . z = __z1 ;
__tr . layer1 . a = __a1 ;
let __z2 = self . layer2 . step_traced (& mut state . layer2 , (& __a1) , & mut __tr . layer2 . cell) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z2) ;
__tr . layer2 . z = __z2 ;
__tr . layer2 . a = __a2 ;
let __z3 = self . layer3 . step_traced (& mut state . layer3 , (& __a2) , & mut __tr . layer3 . cell) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z3) ;
__tr . layer3 . z = __z3 ;
__tr . layer3 . a = __a3 ;
let __z4 = (& __a3) + (& __a1) ;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z4) ;
__tr . residual1 . z = __z4 ;
__tr . residual1 . a = __a4 ;
let __z5 = self . layer4 . step_traced (& mut state . layer4 , (& __a4) , & mut __tr . layer4 . cell) ;
let __a5 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z5) ;
__tr . layer4 . z = __z5 ;
__tr . layer4 . a = __a5 ;
let __z6 = {
let __w = & self . layer5 . weight . data . 0 ;
let __x = & (& __a5) . data . 0 [0] ;
let __b = & self . layer5 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (__x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = (__x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a6 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z6) ;
__tr . layer5 . z = __z6 ;
__tr . layer5 . a = __a6 ;
__a6 }
# [doc = r" Builds the network from its parameters in PyTorch `state_dict` order (a `const"] # [doc = r" fn`, for a network in flash)."] pub const fn from_array (values : [T ;
96usize]) -> Self {
unsafe {
:: typenet :: __private :: network :: flat_from_array :: < T , Self , 96usize > (values) }
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Parameters < T > for Tcn < T > {
const INPUTS : usize = 2usize ;
const OUTPUTS : usize = 2usize ;
const PARAMS : usize = 96usize ;
const NAME : & 'static str = "Tcn" ;
const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = Tcn :: < T > :: TENSORS ;
const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = Tcn :: < T > :: LAYERS ;
fn init < R : :: typenet :: __private :: rand_core :: Rng + ? Sized > (& mut self , rng : & mut R) {
self . layer1 . init_uniform (rng) ;
self . layer2 . init_uniform (rng) ;
self . layer3 . init_uniform (rng) ;
self . layer4 . init_uniform (rng) ;
self . layer5 . init_uniform (:: typenet :: __private :: init :: glorot_bound (2usize , 2usize) , rng) ;
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Recurrent < T > for Tcn < T > {
type Input = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > ;
type Output = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > ;
type State = TcnState < T > ;
type Trace = TcnTrace < T > ;
# [inline] fn step (& self , state : & mut Self :: State , x : & Self :: Input) -> Self :: Output {
Tcn :: step (self , state , x) }
fn forward_sequence (& self , state : & mut Self :: State , xs : & [Self :: Input] , ys : & mut [Self :: Output] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: SequenceError > {
Tcn :: forward_sequence (self , state , xs , ys) }
} # [doc = r" Per-sample methods that exist only to fail: a sequence network is stepped. Each"] # [doc = r" call is a compile error that says what to call instead."] # [doc (hidden)] # [allow (dead_code , unused_variables)] impl < T : :: typenet :: __private :: Scalar > Tcn < T > {
# [doc (hidden)] pub fn forward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 2usize > where Self : :: typenet :: __private :: PerSample < T > {
match :: typenet :: __private :: PerSample :: < T > :: never (self) {
} }
# [doc (hidden)] pub fn loss (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize >) -> T where Self : :: typenet :: __private :: PerSample < T > {
match :: typenet :: __private :: PerSample :: < T > :: never (self) {
} }
# [doc (hidden)] pub fn backward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize >) -> (T , Self) where Self : :: typenet :: __private :: PerSample < T > {
match :: typenet :: __private :: PerSample :: < T > :: never (self) {
} }
# [doc (hidden)] pub fn train_step (& mut self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , lr : T) -> :: core :: result :: Result < T , :: typenet :: __private :: NonFiniteError > where Self : :: typenet :: __private :: PerSample < T > , {
match :: typenet :: __private :: PerSample :: < T > :: never (self) {
} }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Tcn < T > {
# [doc = r" Backpropagation through time over one sequence (or one chunk of truncated BPTT):"] # [doc = r" returns the loss, the mean over the steps of the per-step loss, and adds its"] # [doc = r" gradient into `grads`. `state` starts the sequence and is left at its end;"] # [doc = r" `trace` is the caller's buffer of at least `xs.len()` steps; the backward carries"] # [doc = r" start at zero."] # [doc = r""] # [doc = r" # Errors"] # [doc = r" `SequenceError` if the sequence is empty, `targets` differs from `xs` in length"] # [doc = r" or `trace` is shorter; nothing changes."] # [allow (unused_variables)] pub fn sequence_backward (& self , state : & mut TcnState < T > , xs : & [:: typenet :: __private :: nalgebra :: SVector < T , 2usize >] , targets : & [:: typenet :: __private :: nalgebra :: SVector < T , 2usize >] , trace : & mut [TcnTrace < T >] , grads : & mut Self ,) -> :: core :: result :: Result < T , :: typenet :: __private :: SequenceError > {
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
let _ = Tcn :: __step_traced (self , state , x , __tr) ;
let __z6 = __tr . layer5 . z ;
let __a6 = __tr . layer5 . a ;
__loss += :: typenet :: __private :: loss :: FusedLoss :: < T > :: loss_from_logits (& :: typenet :: __private :: loss :: CrossEntropy , & __z6 , target) ;
} let __scale = < T as :: typenet :: __private :: Scalar > :: lit (1.0) / < T as :: typenet :: __private :: Scalar > :: lit (__n as f64) ;
let mut __carry1 = < :: typenet :: __private :: Conv1dCarry < T , 2usize , 1usize > > :: zeros () ;
let mut __carry2 = < :: typenet :: __private :: Conv1dCarry < T , 3usize , 5usize > > :: zeros () ;
let mut __carry3 = < :: typenet :: __private :: Conv1dCarry < T , 3usize , 1usize > > :: zeros () ;
let mut __carry5 = < :: typenet :: __private :: GruCarry < T , 2usize > > :: zeros () ;
for ((x , target) , __tr) in xs . iter () . zip (targets) . zip (trace . iter ()) . rev () {
let __z1 = __tr . layer1 . z ;
let __a1 = __tr . layer1 . a ;
let __z2 = __tr . layer2 . z ;
let __a2 = __tr . layer2 . a ;
let __z3 = __tr . layer3 . z ;
let __a3 = __tr . layer3 . a ;
let __z4 = __tr . residual1 . z ;
let __a4 = __tr . residual1 . a ;
let __z5 = __tr . layer4 . z ;
let __a5 = __tr . layer4 . a ;
let __z6 = __tr . layer5 . z ;
let __a6 = __tr . layer5 . a ;
let __dz6 = :: typenet :: __private :: loss :: FusedLoss :: < T > :: logit_gradient (& :: typenet :: __private :: loss :: CrossEntropy , & __a6 , target) * __scale ;
{ let __x = & (& __a5) . data . 0 [0] ;
let __d = & __dz6 . data . 0 [0] ;
let __gw = & mut grads . layer5 . weight . data . 0 ;
__gw [0usize] [0usize] += __x [0usize] * __d [0usize] ;
__gw [0usize] [1usize] += __x [1usize] * __d [0usize] ;
__gw [1usize] [0usize] += __x [0usize] * __d [1usize] ;
__gw [1usize] [1usize] += __x [1usize] * __d [1usize] ;
let __gb = & mut grads . layer5 . bias . data . 0 [0] ;
__gb [0usize] += __d [0usize] ;
__gb [1usize] += __d [1usize] ;
} let __da5 = {
let __w = & self . layer5 . weight . data . 0 ;
let __d = & __dz6 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1]])) }
;
let __dz5 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z5 , & __a5 , & __da5) ;
let __dx5 = self . layer4 . backward_step (& __tr . layer4 . cell , & __dz5 , & mut __carry5 , & mut grads . layer4) ;
let __da4 = __dx5 ;
let __dz4 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z4 , & __a4 , & __da4) ;
let __da3 = __dz4 ;
let __dz3 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z3 , & __a3 , & __da3) ;
let __dx3 = self . layer3 . backward_step (& __tr . layer3 . cell , & __dz3 , & mut __carry3 , & mut grads . layer3) ;
let __da2 = __dx3 ;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z2 , & __a2 , & __da2) ;
let __dx2 = self . layer2 . backward_step (& __tr . layer2 . cell , & __dz2 , & mut __carry2 , & mut grads . layer2) ;
let __da1 = __dx2 ;
let __da1 = __da1 + __dz4 ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z1 , & __a1 , & __da1) ;
let __dx1 = self . layer1 . backward_step (& __tr . layer1 . cell , & __dz1 , & mut __carry1 , & mut grads . layer1) ;
} :: core :: result :: Result :: Ok (__loss * __scale) }
# [doc = r" The loss of one sequence (or one chunk of it) from `state` (left at its end):"] # [doc = r" the mean over the steps of the per-step loss, the value"] # [doc = r" [`sequence_backward`](Self::sequence_backward) returns, bit for bit, without"] # [doc = r" its backward pass or a trace buffer (one step's trace lives on the stack)."] # [doc = r""] # [doc = r" # Errors"] # [doc = r" `SequenceError` if the sequence is empty or `targets` differs from `xs` in"] # [doc = r" length; nothing is computed."] pub fn sequence_loss (& self , state : & mut TcnState < T > , xs : & [:: typenet :: __private :: nalgebra :: SVector < T , 2usize >] , targets : & [:: typenet :: __private :: nalgebra :: SVector < T , 2usize >] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: SequenceError > {
let __n = xs . len () ;
if __n == 0 {
return :: core :: result :: Result :: Err (:: typenet :: __private :: SequenceError :: Empty) ;
} if targets . len () != __n {
return :: core :: result :: Result :: Err (:: typenet :: __private :: SequenceError :: Length {
what : "targets" , expected : __n , found : targets . len () , }) ;
} let mut __tr = < TcnTrace < T > as :: core :: default :: Default > :: default () ;
let mut __loss = < T as :: typenet :: __private :: Scalar > :: lit (0.0) ;
for (x , target) in xs . iter () . zip (targets) {
let _ = Tcn :: __step_traced (self , state , x , & mut __tr) ;
let __z6 = __tr . layer5 . z ;
let __a6 = __tr . layer5 . a ;
__loss += :: typenet :: __private :: loss :: FusedLoss :: < T > :: loss_from_logits (& :: typenet :: __private :: loss :: CrossEntropy , & __z6 , target) ;
} let __scale = < T as :: typenet :: __private :: Scalar > :: lit (1.0) / < T as :: typenet :: __private :: Scalar > :: lit (__n as f64) ;
:: core :: result :: Result :: Ok (__loss * __scale) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: RecurrentTrainable < T > for Tcn < T > {
type Target = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > ;
fn sequence_loss (& self , state : & mut Self :: State , xs : & [Self :: Input] , targets : & [Self :: Target] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: SequenceError > {
Tcn :: sequence_loss (self , state , xs , targets) }
fn sequence_backward (& self , state : & mut Self :: State , xs : & [Self :: Input] , targets : & [Self :: Target] , trace : & mut [Self :: Trace] , grads : & mut Self ,) -> :: core :: result :: Result < T , :: typenet :: __private :: SequenceError > {
Tcn :: sequence_backward (self , state , xs , targets , trace , grads) }
}
