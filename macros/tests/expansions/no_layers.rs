// network! { pub struct Act: 3 => Tanh; loss = MSE }
# [allow (dead_code , clippy :: needless_borrow)] impl < T : :: typenet :: __private :: Scalar > Act < T > {
# [doc = r" Scratch values per sample of the batched methods (each stage's Z, A and δ)."] pub const BATCH_SCRATCH_PER_SAMPLE : usize = 9usize ;
# [doc = r" The scratch length (in values of `T`) a batch of `batch` samples needs; a"] # [doc = r" `const fn`, so it can size an array. Saturating: a batch whose scratch cannot be"] # [doc = r" counted in a `usize` gives `usize::MAX`, which no slice reaches, so the batched"] # [doc = r" methods refuse it with `BatchError::Scratch`. Never panics."] pub const fn batch_scratch_len (batch : usize) -> usize {
9usize . saturating_mul (batch) }
# [doc = r" The outputs of a batch: column s of `y` receives the output for column s of `x`"] # [doc = r" (any number of columns). Intermediate blocks live in `scratch`, at least"] # [doc = r" [`batch_scratch_len`](Self::batch_scratch_len)`(b)` values; nothing is allocated."] # [doc = r" A network of fewer than 32,768 parameters runs [`forward`](Self::forward) once"] # [doc = r" per column instead (faster at that size; the same outputs bit for bit)."] pub fn forward_batch < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __CY , __SY > , scratch : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __CY > , {
:: typenet :: __private :: batch :: check_columns (x . ncols () , y . ncols ()) ? ;
:: typenet :: __private :: batch :: check_scratch (scratch , Self :: batch_scratch_len (x . ncols ())) ? ;
let mut __x = :: typenet :: __private :: nalgebra :: SVector :: < T , 3usize > :: zeros () ;
for __s in 0 .. x . ncols () {
__x . copy_from (& x . column (__s)) ;
let __y = Act :: forward (self , & __x) ;
y . column_mut (__s) . copy_from (& __y) ;
} :: core :: result :: Result :: Ok (()) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Batched < T > for Act < T > {
type InputDim = :: typenet :: __private :: nalgebra :: Const < 3usize > ;
type OutputDim = :: typenet :: __private :: nalgebra :: Const < 3usize > ;
const BATCH_SCRATCH_PER_SAMPLE : usize = 9usize ;
# [inline] fn forward_batch < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CY , __SY > , scratch : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , Self :: OutputDim , __CY > , {
Act :: forward_batch (self , x , y , scratch) }
} # [allow (dead_code , clippy :: needless_borrow)] impl < T : :: typenet :: __private :: Scalar > Act < T > {
# [doc = r" Adds the gradient of every column's loss, summed over the batch, to `grads` and"] # [doc = r" returns the summed loss: what `backward_into` once per column does (the sums"] # [doc = r" inside the products are ordered differently, so the last bits may differ)."] # [doc = r" `scratch` as for [`forward_batch`](Self::forward_batch)."] pub fn backward_batch_into < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __CT , __ST > , grads : & mut ActGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __CT > , {
Act :: __batch_gradient (self , x , target , grads , scratch , true) }
# [doc = r" Writes the gradient of the batch's summed loss into `grads` (overwriting it) and"] # [doc = r" returns the summed loss; `backward_batch_into` on a zeroed buffer, without the"] # [doc = r" zeroing pass."] pub fn gradient_batch < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __CT , __ST > , grads : & mut ActGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __CT > , {
Act :: __batch_gradient (self , x , target , grads , scratch , false) }
# [doc = r" Forward, loss and backward over the batch; the gradient is added to `grads`"] # [doc = r" (`__add`) or written over it."] # [doc (hidden)] fn __batch_gradient < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __CT , __ST > , grads : & mut ActGradients < T > , scratch : & mut [T] , __add : bool ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __CT > , {
:: typenet :: __private :: batch :: check_columns (x . ncols () , target . ncols ()) ? ;
let __b = x . ncols () ;
:: typenet :: __private :: batch :: check_scratch (scratch , Self :: batch_scratch_len (__b)) ? ;
let mut __buf : & mut [T] = scratch ;
# [allow (unused_mut)] let mut __bz1 = :: typenet :: __private :: batch :: take_block :: < T , 3usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba1 = :: typenet :: __private :: batch :: take_block :: < T , 3usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd1 = :: typenet :: __private :: batch :: take_block :: < T , 3usize > (& mut __buf , __b) ;
:: typenet :: __private :: batch :: copy_block (x , & mut __bz1) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: Tanh , & __bz1 , & mut __ba1) ;
let __loss = :: typenet :: __private :: batch :: loss_gradient_batch (& :: typenet :: __private :: loss :: MSE , & :: typenet :: __private :: activation :: Tanh , & __bz1 , & __ba1 , target , & mut __bd1) ;
:: core :: result :: Result :: Ok (__loss) }
# [doc = r" One minibatch SGD step on the mean gradient of the batch's columns,"] # [doc = r" θ ← θ − (lr/b)·Σ ∇L; returns the mean loss before the step. All or nothing, as"] # [doc = r" `train_step`; `grads` is a buffer (on return it holds the summed gradient),"] # [doc = r" `scratch` as for [`forward_batch`](Self::forward_batch)."] pub fn train_step_batch < __C , __SX , __CT , __ST > (& mut self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __CT , __ST > , lr : T , grads : & mut ActGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __CT > , {
< Self as :: typenet :: __private :: BatchTrainable < T >> :: train_step_batch (self , x , target , lr , grads , scratch) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: BatchTrainable < T > for Act < T > {
# [inline] fn gradient_batch < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CT , __ST > , grads : & mut Self :: Gradients , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , Self :: OutputDim , __CT > , {
Act :: gradient_batch (self , x , target , grads , scratch) }
# [inline] fn backward_batch_into < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CT , __ST > , grads : & mut Self :: Gradients , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , Self :: OutputDim , __CT > , {
Act :: backward_batch_into (self , x , target , grads , scratch) }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Act < T > {
# [doc = r" Every stage in forward order: kind, name, sizes, activation, parameter count"] # [doc = r" (what `summary()` prints)."] pub const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = & [:: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Activation , name : "activation1" , inputs : 3usize , outputs : 3usize , activation : "Tanh" , params : 0usize , }
,] ;
} # [doc = "Network `3 → Tanh`; loss: MSE, E = ½ Σ (t − y)². 0 parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct Act < T = f32 > {
# [doc (hidden)] pub __scalar : [T ;
0] , }
# [doc = concat ! ("Each stage's pre-activation `z` and activation `a` in one forward pass of [`" , stringify ! (Act) , "`].")] # [derive (Clone , Debug , PartialEq)] pub struct ActTrace < T = f32 > {
# [doc = "Activation stage: Tanh of the 3 values before it."] pub activation1 : :: typenet :: __private :: LayerTrace < T , 3usize > , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for Act < T > {
const LEN : usize = 0usize ;
} # [doc = r" Sizes an optimizer's state by this network (`Adam::for_network(&net, config)`)."] impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: optim :: ParamArray for Act < T > {
type Array = [T ;
0usize] ;
} :: typenet :: __private :: __serde_network ! (Act) ;
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Act < T > {
# [doc = r" Number of inputs."] pub const INPUTS : usize = 3usize ;
# [doc = r" Number of outputs."] pub const OUTPUTS : usize = 3usize ;
# [doc = r" Number of parameters (weights and biases)."] pub const PARAMS : usize = 0usize ;
# [doc = r" The type's name."] pub const NAME : & 'static str = "Act" ;
# [doc = r" Every parameter tensor in PyTorch `state_dict` order: name, shape (`[out, in]`"] # [doc = r" for a weight, `[out]` for a bias) and offset into the flat parameters."] pub const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = & [] ;
# [doc = r" The network's output for input `x`."] # [inline] pub fn forward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 3usize > {
let __z1 = * x ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
__a1 }
# [doc = r" One forward pass keeping every layer's pre-activation `z` and activation `a`."] pub fn forward_trace (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize >) -> ActTrace < T > {
let __z1 = * x ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
ActTrace {
activation1 : :: typenet :: __private :: LayerTrace {
z : __z1 , a : __a1 }
, }
} # [doc = r" ∂y/∂x at `x` (outputs × inputs): entry (k, i) is how much output k moves per unit"] # [doc = r" of input i."] pub fn input_jacobian (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize >) -> :: typenet :: __private :: nalgebra :: SMatrix < T , 3usize , 3usize > {
let __z1 = * x ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
let mut __j = :: typenet :: __private :: nalgebra :: SMatrix :: < T , 3usize , 3usize > :: zeros () ;
for __k in 0 .. 3usize {
let mut __da1 = :: typenet :: __private :: nalgebra :: SVector :: < T , 3usize > :: zeros () ;
__da1 [__k] = < T as :: typenet :: __private :: Scalar > :: lit (1.0) ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __da1) ;
let __da0 = __dz1 ;
let __dx : :: typenet :: __private :: nalgebra :: SVector < T , 3usize > = __da0 ;
__j . set_row (__k , & __dx . transpose ()) ;
} __j }
# [doc = r" Builds the network from its parameters in PyTorch `state_dict` order."] # [doc = r""] # [doc = r" A `const fn`: `const NET: Name<f32> = Name::from_array([…]);` puts a trained"] # [doc = r" network in flash, with nothing computed at start-up."] pub const fn from_array (values : [T ;
0usize]) -> Self {
unsafe {
:: typenet :: __private :: network :: flat_from_array :: < T , Self , 0usize > (values) }
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Parameters < T > for Act < T > {
const INPUTS : usize = 3usize ;
const OUTPUTS : usize = 3usize ;
const PARAMS : usize = 0usize ;
const NAME : & 'static str = "Act" ;
const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = Act :: < T > :: TENSORS ;
const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = Act :: < T > :: LAYERS ;
fn init < R : :: typenet :: __private :: rand_core :: Rng + ? Sized > (& mut self , rng : & mut R) {
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Network < T > for Act < T > {
type Input = :: typenet :: __private :: nalgebra :: SVector < T , 3usize > ;
type Output = :: typenet :: __private :: nalgebra :: SVector < T , 3usize > ;
type Trace = ActTrace < T > ;
type InputJacobian = :: typenet :: __private :: nalgebra :: SMatrix < T , 3usize , 3usize > ;
# [inline] fn forward (& self , x : & Self :: Input) -> Self :: Output {
Act :: forward (self , x) }
fn forward_trace (& self , x : & Self :: Input) -> Self :: Trace {
Act :: forward_trace (self , x) }
fn input_jacobian (& self , x : & Self :: Input) -> Self :: InputJacobian {
Act :: input_jacobian (self , x) }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Act < T > {
# [doc = "Not available: `Act` has no int8 twin because it has no dense layer. Calling it does not compile."] pub fn quantize < C > (& self , _calibration : C) -> :: core :: result :: Result < :: core :: convert :: Infallible , :: typenet :: __private :: quant :: QuantError > where Self : :: typenet :: __private :: quant :: Quantizable , {
:: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: EmptyCalibration) }
} # [doc = "Gradients of [`Act`]'s loss: the same layers, names and flat order as its parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct ActGradients < T = f32 > {
# [doc (hidden)] pub __scalar : [T ;
0] , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for ActGradients < T > {
const LEN : usize = 0usize ;
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Act < T > {
# [doc = r" The loss of one sample."] # [inline] pub fn loss (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize >) -> T {
let __z1 = * x ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
:: typenet :: __private :: loss :: Loss :: < T > :: loss (& :: typenet :: __private :: loss :: MSE , & __a1 , target) }
# [doc = r" Adds one sample's gradient to `grads` and returns its loss."] # [inline] pub fn backward_into (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize > , grads : & mut ActGradients < T > ,) -> T {
let __z1 = * x ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
let __loss = :: typenet :: __private :: loss :: Loss :: < T > :: loss (& :: typenet :: __private :: loss :: MSE , & __a1 , target) ;
let __da1 = :: typenet :: __private :: loss :: Loss :: < T > :: gradient (& :: typenet :: __private :: loss :: MSE , & __a1 , target) ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __da1) ;
__loss }
# [doc = r" One step of gradient descent on one sample, θ ← θ − lr·∇E, without a gradient"] # [doc = r" buffer; returns the loss before the step."] # [doc = r""] # [doc = r" All or nothing: if the loss, a gradient entry or an updated parameter would not"] # [doc = r" be finite, nothing changes and the error names the first such parameter (flat"] # [doc = r" index, `state_dict` order). Bit for bit the same as `backward` then `sgd_step`,"] # [doc = r" except that layers of ≥ 64 inputs and ≥ 256 weights skip the neurons whose ∂E/∂z"] # [doc = r" is 0, so a −0 weight there keeps its sign (see `Dense::apply_step`)."] # [inline] pub fn train_step (& mut self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize > , lr : T ,) -> :: core :: result :: Result < T , :: typenet :: __private :: NonFiniteError > {
let __z1 = * x ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
let __loss = :: typenet :: __private :: loss :: Loss :: < T > :: loss (& :: typenet :: __private :: loss :: MSE , & __a1 , target) ;
let __da1 = :: typenet :: __private :: loss :: Loss :: < T > :: gradient (& :: typenet :: __private :: loss :: MSE , & __a1 , target) ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __da1) ;
if ! :: typenet :: __private :: nalgebra :: ComplexField :: is_finite (& __loss) {
return :: core :: result :: Result :: Err (:: typenet :: __private :: NonFiniteError :: Loss) ;
} let mut __finite = true ;
if ! (true) {
__finite &= true ;
} if ! __finite {
} :: core :: result :: Result :: Ok (__loss) }
# [doc = r" One sample's loss and its gradient with respect to every parameter."] # [inline] pub fn backward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize > ,) -> (T , ActGradients < T >) {
let mut grads = < ActGradients < T > as :: typenet :: __private :: Flat < T >> :: zeros () ;
let loss = Act :: backward_into (self , x , target , & mut grads) ;
(loss , grads) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Trainable < T > for Act < T > {
type Target = :: typenet :: __private :: nalgebra :: SVector < T , 3usize > ;
type Gradients = ActGradients < T > ;
# [inline] fn loss (& self , x : & Self :: Input , target : & Self :: Target) -> T {
Act :: loss (self , x , target) }
# [inline] fn backward_into (& self , x : & Self :: Input , target : & Self :: Target , grads : & mut Self :: Gradients) -> T {
Act :: backward_into (self , x , target , grads) }
# [inline] fn backward (& self , x : & Self :: Input , target : & Self :: Target) -> (T , Self :: Gradients) {
Act :: backward (self , x , target) }
# [inline] fn train_step (& mut self , x : & Self :: Input , target : & Self :: Target , lr : T ,) -> :: core :: result :: Result < T , :: typenet :: __private :: NonFiniteError > {
Act :: train_step (self , x , target , lr) }
}
