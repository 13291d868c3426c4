// network! { pub struct Stream: 1 => GRU(2) => Dense(1) }
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Stream < T > {
# [doc = r" Every stage in forward order: kind, name, sizes, activation, parameter count"] # [doc = r" (what `summary()` prints)."] pub const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = & [:: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Gru , name : "layer1" , inputs : 1usize , outputs : 2usize , activation : "Identity" , params : 30usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer2" , inputs : 2usize , outputs : 1usize , activation : "Identity" , params : 3usize , }
,] ;
} # [doc = "Sequence network `1 → GRU(2) → Dense(1, Identity)`, inference only. 33 parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct Stream < T = f32 > {
# [doc = "Layer 1: GRU 1 → 2 (30 parameters)."] pub layer1 : :: typenet :: __private :: Gru < T , 1usize , 2usize , 6usize > , # [doc = "Layer 2: Dense 2 → 1, Identity (3 parameters)."] pub layer2 : :: typenet :: __private :: Dense < T , 2usize , 1usize > , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for Stream < T > {
const LEN : usize = 33usize ;
} # [doc = r" Sizes an optimizer's state by this network (`Adam::for_network(&net, config)`)."] impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: optim :: ParamArray for Stream < T > {
type Array = [T ;
33usize] ;
} :: typenet :: __private :: __serde_network ! (Stream) ;
# [doc = "Every layer's state of a [`Stream`] between steps: zero at the start of a sequence."] # [derive (Clone , Debug , PartialEq)] pub struct StreamState < T = f32 > {
# [doc = "The state of layer `layer1`."] pub layer1 : :: typenet :: __private :: GruState < T , 2usize > , }
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > StreamState < T > {
# [doc = r" The start of a sequence: every state zero."] pub fn zeros () -> Self {
Self {
layer1 : < :: typenet :: __private :: GruState < T , 2usize > > :: zeros () , }
} # [doc = r" Back to the start of a sequence, in place."] pub fn reset (& mut self) {
self . layer1 . reset () ;
} }
impl < T : :: typenet :: __private :: Scalar > :: core :: default :: Default for StreamState < T > {
fn default () -> Self {
Self :: zeros () }
} # [doc = "One step's values of every stage of a [`Stream`], for backpropagation through time."] # [derive (Clone , Debug , PartialEq)] pub struct StreamTrace < T = f32 > {
# [doc = "Layer 1: GRU 1 → 2; its step's trace in `cell`, its output in `z` and `a`."] pub layer1 : :: typenet :: __private :: CellTrace < :: typenet :: __private :: GruTrace < T , 1usize , 2usize > , T , 2usize > , # [doc = "Layer 2: Dense 2 → 1, Identity (3 parameters)."] pub layer2 : :: typenet :: __private :: LayerTrace < T , 1usize > , }
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > StreamTrace < T > {
# [doc = r" Every value zero (to fill a trace buffer)."] pub fn zeros () -> Self {
Self {
layer1 : :: core :: default :: Default :: default () , layer2 : :: typenet :: __private :: LayerTrace {
z : :: typenet :: __private :: nalgebra :: SVector :: zeros () , a : :: typenet :: __private :: nalgebra :: SVector :: zeros () , }
, }
} }
impl < T : :: typenet :: __private :: Scalar > :: core :: default :: Default for StreamTrace < T > {
fn default () -> Self {
Self :: zeros () }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Stream < T > {
# [doc = r" Number of inputs of one step."] pub const INPUTS : usize = 1usize ;
# [doc = r" Number of outputs of one step."] pub const OUTPUTS : usize = 1usize ;
# [doc = r" Number of parameters (weights and biases)."] pub const PARAMS : usize = 33usize ;
# [doc = r" The type's name."] pub const NAME : & 'static str = "Stream" ;
# [doc = r" Every parameter tensor in PyTorch `state_dict` order: name, shape and offset into"] # [doc = r" the flat parameters."] pub const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = & [:: typenet :: __private :: TensorInfo {
name : "layer1.weight_ih" , shape : & [6usize , 1usize] , offset : 0usize }
, :: typenet :: __private :: TensorInfo {
name : "layer1.weight_hh" , shape : & [6usize , 2usize] , offset : 6usize }
, :: typenet :: __private :: TensorInfo {
name : "layer1.bias_ih" , shape : & [6usize] , offset : 18usize }
, :: typenet :: __private :: TensorInfo {
name : "layer1.bias_hh" , shape : & [6usize] , offset : 24usize }
, :: typenet :: __private :: TensorInfo {
name : "layer2.weight" , shape : & [1usize , 2usize] , offset : 30usize }
, :: typenet :: __private :: TensorInfo {
name : "layer2.bias" , shape : & [1usize] , offset : 32usize }
,] ;
# [doc = r" One step: the output for input `x`, advancing `state`. No allocation."] # [inline] pub fn step (& self , state : & mut StreamState < T > , x : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 1usize > {
let __z1 = self . layer1 . step (& mut state . layer1 , x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z1) ;
let __z2 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (__x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
[__o0] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 1usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z2) ;
__a2 }
# [doc = r" Every step of a sequence from `state` (left at its end): `ys[t]` for `xs[t]`."] # [doc = r""] # [doc = r" # Errors"] # [doc = r" `SequenceError::Length` if `ys` and `xs` differ in length; nothing is computed."] pub fn forward_sequence (& self , state : & mut StreamState < T > , xs : & [:: typenet :: __private :: nalgebra :: SVector < T , 1usize >] , ys : & mut [:: typenet :: __private :: nalgebra :: SVector < T , 1usize >] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: SequenceError > {
if ys . len () != xs . len () {
return :: core :: result :: Result :: Err (:: typenet :: __private :: SequenceError :: Length {
what : "outputs" , expected : xs . len () , found : ys . len () , }) ;
} for (x , y) in xs . iter () . zip (ys . iter_mut ()) {
* y = Stream :: step (self , state , x) ;
} :: core :: result :: Result :: Ok (()) }
# [doc = r" One step that also writes every stage's values into `__tr`."] # [doc (hidden)] # [inline] pub fn __step_traced (& self , state : & mut StreamState < T > , x : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize > , __tr : & mut StreamTrace < T >) -> :: typenet :: __private :: nalgebra :: SVector < T , 1usize > {
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
let __o0 = (__x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
[__o0] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 1usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z2) ;
__tr . layer2 . z = __z2 ;
__tr . layer2 . a = __a2 ;
__a2 }
# [doc = r" Builds the network from its parameters in PyTorch `state_dict` order (a `const"] # [doc = r" fn`, for a network in flash)."] pub const fn from_array (values : [T ;
33usize]) -> Self {
unsafe {
:: typenet :: __private :: network :: flat_from_array :: < T , Self , 33usize > (values) }
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Parameters < T > for Stream < T > {
const INPUTS : usize = 1usize ;
const OUTPUTS : usize = 1usize ;
const PARAMS : usize = 33usize ;
const NAME : & 'static str = "Stream" ;
const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = Stream :: < T > :: TENSORS ;
const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = Stream :: < T > :: LAYERS ;
fn init < R : :: typenet :: __private :: rand_core :: Rng + ? Sized > (& mut self , rng : & mut R) {
self . layer1 . init_uniform (rng) ;
self . layer2 . init_uniform (:: typenet :: __private :: init :: glorot_bound (2usize , 1usize) , rng) ;
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Recurrent < T > for Stream < T > {
type Input = :: typenet :: __private :: nalgebra :: SVector < T , 1usize > ;
type Output = :: typenet :: __private :: nalgebra :: SVector < T , 1usize > ;
type State = StreamState < T > ;
type Trace = StreamTrace < T > ;
# [inline] fn step (& self , state : & mut Self :: State , x : & Self :: Input) -> Self :: Output {
Stream :: step (self , state , x) }
fn forward_sequence (& self , state : & mut Self :: State , xs : & [Self :: Input] , ys : & mut [Self :: Output] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: SequenceError > {
Stream :: forward_sequence (self , state , xs , ys) }
} # [doc = r" Per-sample methods that exist only to fail: a sequence network is stepped. Each"] # [doc = r" call is a compile error that says what to call instead."] # [doc (hidden)] # [allow (dead_code , unused_variables)] impl < T : :: typenet :: __private :: Scalar > Stream < T > {
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
}
