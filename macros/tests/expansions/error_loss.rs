// network! { pub struct BadLoss: 2 => Dense(2, Tanh); loss = CrossEntropy; unroll = 4; loss = BCE }
:: core :: compile_error ! {
"`CrossEntropy` expects a `Softmax` output layer, but the last layer's activation is `Tanh`; write `Softmax` as the last layer's activation" }
:: core :: compile_error ! {
"`loss` is given twice" }
# [allow (dead_code , clippy :: needless_borrow)] impl < T : :: typenet :: __private :: Scalar > BadLoss < T > {
# [doc = r" Scratch values per sample of the batched methods (each stage's Z, A and δ)."] pub const BATCH_SCRATCH_PER_SAMPLE : usize = 6usize ;
# [doc = r" The scratch length (in values of `T`) a batch of `batch` samples needs; a"] # [doc = r" `const fn`, so it can size an array. Saturating: a batch whose scratch cannot be"] # [doc = r" counted in a `usize` gives `usize::MAX`, which no slice reaches, so the batched"] # [doc = r" methods refuse it with `BatchError::Scratch`. Never panics."] pub const fn batch_scratch_len (batch : usize) -> usize {
6usize . saturating_mul (batch) }
# [doc = r" The outputs of a batch: column s of `y` receives the output for column s of `x`"] # [doc = r" (any number of columns). Intermediate blocks live in `scratch`, at least"] # [doc = r" [`batch_scratch_len`](Self::batch_scratch_len)`(b)` values; nothing is allocated."] # [doc = r" A network of fewer than 32,768 parameters runs [`forward`](Self::forward) once"] # [doc = r" per column instead (faster at that size; the same outputs bit for bit)."] pub fn forward_batch < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CY , __SY > , scratch : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CY > , {
:: typenet :: __private :: batch :: check_columns (x . ncols () , y . ncols ()) ? ;
:: typenet :: __private :: batch :: check_scratch (scratch , Self :: batch_scratch_len (x . ncols ())) ? ;
let mut __x = :: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: zeros () ;
for __s in 0 .. x . ncols () {
__x . copy_from (& x . column (__s)) ;
let __y = BadLoss :: forward (self , & __x) ;
y . column_mut (__s) . copy_from (& __y) ;
} :: core :: result :: Result :: Ok (()) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Batched < T > for BadLoss < T > {
type InputDim = :: typenet :: __private :: nalgebra :: Const < 2usize > ;
type OutputDim = :: typenet :: __private :: nalgebra :: Const < 2usize > ;
const BATCH_SCRATCH_PER_SAMPLE : usize = 6usize ;
# [inline] fn forward_batch < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CY , __SY > , scratch : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , Self :: OutputDim , __CY > , {
BadLoss :: forward_batch (self , x , y , scratch) }
} # [allow (dead_code , clippy :: needless_borrow)] impl < T : :: typenet :: __private :: Scalar > BadLoss < T > {
# [doc = r" Adds the gradient of every column's loss, summed over the batch, to `grads` and"] # [doc = r" returns the summed loss: what `backward_into` once per column does (the sums"] # [doc = r" inside the products are ordered differently, so the last bits may differ)."] # [doc = r" `scratch` as for [`forward_batch`](Self::forward_batch)."] pub fn backward_batch_into < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT , __ST > , grads : & mut BadLossGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT > , {
BadLoss :: __batch_gradient (self , x , target , grads , scratch , true) }
# [doc = r" Writes the gradient of the batch's summed loss into `grads` (overwriting it) and"] # [doc = r" returns the summed loss; `backward_batch_into` on a zeroed buffer, without the"] # [doc = r" zeroing pass."] pub fn gradient_batch < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT , __ST > , grads : & mut BadLossGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT > , {
BadLoss :: __batch_gradient (self , x , target , grads , scratch , false) }
# [doc = r" Forward, loss and backward over the batch; the gradient is added to `grads`"] # [doc = r" (`__add`) or written over it."] # [doc (hidden)] fn __batch_gradient < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT , __ST > , grads : & mut BadLossGradients < T > , scratch : & mut [T] , __add : bool ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT > , {
:: typenet :: __private :: batch :: check_columns (x . ncols () , target . ncols ()) ? ;
let __b = x . ncols () ;
:: typenet :: __private :: batch :: check_scratch (scratch , Self :: batch_scratch_len (__b)) ? ;
let mut __buf : & mut [T] = scratch ;
# [allow (unused_mut)] let mut __bz1 = :: typenet :: __private :: batch :: take_block :: < T , 2usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba1 = :: typenet :: __private :: batch :: take_block :: < T , 2usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd1 = :: typenet :: __private :: batch :: take_block :: < T , 2usize > (& mut __buf , __b) ;
self . layer1 . affine_batch (x , & mut __bz1) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: Tanh , & __bz1 , & mut __ba1) ;
let __loss = :: typenet :: __private :: batch :: loss_gradient_batch (& :: typenet :: __private :: loss :: MSE , & :: typenet :: __private :: activation :: Tanh , & __bz1 , & __ba1 , target , & mut __bd1) ;
:: typenet :: __private :: Dense :: gradient_batch (& mut grads . layer1 , x , & __bd1 , __add) ;
:: core :: result :: Result :: Ok (__loss) }
# [doc = r" One minibatch SGD step on the mean gradient of the batch's columns,"] # [doc = r" θ ← θ − (lr/b)·Σ ∇L; returns the mean loss before the step. All or nothing, as"] # [doc = r" `train_step`; `grads` is a buffer (on return it holds the summed gradient),"] # [doc = r" `scratch` as for [`forward_batch`](Self::forward_batch)."] pub fn train_step_batch < __C , __SX , __CT , __ST > (& mut self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT , __ST > , lr : T , grads : & mut BadLossGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT > , {
< Self as :: typenet :: __private :: BatchTrainable < T >> :: train_step_batch (self , x , target , lr , grads , scratch) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: BatchTrainable < T > for BadLoss < T > {
# [inline] fn gradient_batch < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CT , __ST > , grads : & mut Self :: Gradients , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , Self :: OutputDim , __CT > , {
BadLoss :: gradient_batch (self , x , target , grads , scratch) }
# [inline] fn backward_batch_into < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CT , __ST > , grads : & mut Self :: Gradients , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , Self :: OutputDim , __CT > , {
BadLoss :: backward_batch_into (self , x , target , grads , scratch) }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > BadLoss < T > {
# [doc = r" Every stage in forward order: kind, name, sizes, activation, parameter count"] # [doc = r" (what `summary()` prints)."] pub const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = & [:: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer1" , inputs : 2usize , outputs : 2usize , activation : "Tanh" , params : 6usize , }
,] ;
} # [doc = "Network `2 → Dense(2, Tanh)`; loss: MSE, E = ½ Σ (t − y)². 6 parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct BadLoss < T = f32 > {
# [doc = "Layer 1: Dense 2 → 2, Tanh (6 parameters)."] pub layer1 : :: typenet :: __private :: Dense < T , 2usize , 2usize > , }
# [doc = concat ! ("Each stage's pre-activation `z` and activation `a` in one forward pass of [`" , stringify ! (BadLoss) , "`].")] # [derive (Clone , Debug , PartialEq)] pub struct BadLossTrace < T = f32 > {
# [doc = "Layer 1: Dense 2 → 2, Tanh (6 parameters)."] pub layer1 : :: typenet :: __private :: LayerTrace < T , 2usize > , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for BadLoss < T > {
const LEN : usize = 6usize ;
} # [doc = r" Sizes an optimizer's state by this network (`Adam::for_network(&net, config)`)."] impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: optim :: ParamArray for BadLoss < T > {
type Array = [T ;
6usize] ;
} :: typenet :: __private :: __serde_network ! (BadLoss) ;
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > BadLoss < T > {
# [doc = r" Number of inputs."] pub const INPUTS : usize = 2usize ;
# [doc = r" Number of outputs."] pub const OUTPUTS : usize = 2usize ;
# [doc = r" Number of parameters (weights and biases)."] pub const PARAMS : usize = 6usize ;
# [doc = r" The type's name."] pub const NAME : & 'static str = "BadLoss" ;
# [doc = r" Every parameter tensor in PyTorch `state_dict` order: name, shape (`[out, in]`"] # [doc = r" for a weight, `[out]` for a bias) and offset into the flat parameters."] pub const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = & [:: typenet :: __private :: TensorInfo {
name : "layer1.weight" , shape : & [2usize , 2usize] , offset : 0usize }
, :: typenet :: __private :: TensorInfo {
name : "layer1.bias" , shape : & [2usize] , offset : 4usize }
,] ;
# [doc = r" The network's output for input `x`."] # [inline] pub fn forward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 2usize > {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (__x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = (__x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
__a1 }
# [doc = r" One forward pass keeping every layer's pre-activation `z` and activation `a`."] pub fn forward_trace (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize >) -> BadLossTrace < T > {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (__x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = (__x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
BadLossTrace {
layer1 : :: typenet :: __private :: LayerTrace {
z : __z1 , a : __a1 }
, }
} # [doc = r" ∂y/∂x at `x` (outputs × inputs): entry (k, i) is how much output k moves per unit"] # [doc = r" of input i."] pub fn input_jacobian (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize >) -> :: typenet :: __private :: nalgebra :: SMatrix < T , 2usize , 2usize > {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (__x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = (__x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
let mut __j = :: typenet :: __private :: nalgebra :: SMatrix :: < T , 2usize , 2usize > :: zeros () ;
for __k in 0 .. 2usize {
let mut __da1 = :: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: zeros () ;
__da1 [__k] = < T as :: typenet :: __private :: Scalar > :: lit (1.0) ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __da1) ;
let __da0 = {
let __w = & self . layer1 . weight . data . 0 ;
let __d = & __dz1 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1]])) }
;
let __dx : :: typenet :: __private :: nalgebra :: SVector < T , 2usize > = __da0 ;
__j . set_row (__k , & __dx . transpose ()) ;
} __j }
# [doc = r" Builds the network from its parameters in PyTorch `state_dict` order."] # [doc = r""] # [doc = r" A `const fn`: `const NET: Name<f32> = Name::from_array([…]);` puts a trained"] # [doc = r" network in flash, with nothing computed at start-up."] pub const fn from_array (values : [T ;
6usize]) -> Self {
unsafe {
:: typenet :: __private :: network :: flat_from_array :: < T , Self , 6usize > (values) }
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Parameters < T > for BadLoss < T > {
const INPUTS : usize = 2usize ;
const OUTPUTS : usize = 2usize ;
const PARAMS : usize = 6usize ;
const NAME : & 'static str = "BadLoss" ;
const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = BadLoss :: < T > :: TENSORS ;
const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = BadLoss :: < T > :: LAYERS ;
fn init < R : :: typenet :: __private :: rand_core :: Rng + ? Sized > (& mut self , rng : & mut R) {
self . layer1 . init_uniform (:: typenet :: __private :: init :: glorot_bound (2usize , 2usize) , rng) ;
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Network < T > for BadLoss < T > {
type Input = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > ;
type Output = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > ;
type Trace = BadLossTrace < T > ;
type InputJacobian = :: typenet :: __private :: nalgebra :: SMatrix < T , 2usize , 2usize > ;
# [inline] fn forward (& self , x : & Self :: Input) -> Self :: Output {
BadLoss :: forward (self , x) }
fn forward_trace (& self , x : & Self :: Input) -> Self :: Trace {
BadLoss :: forward_trace (self , x) }
fn input_jacobian (& self , x : & Self :: Input) -> Self :: InputJacobian {
BadLoss :: input_jacobian (self , x) }
} # [doc = "The int8 twin of [`BadLoss`] (made by [`BadLoss::quantize`]): integer-only inference with TensorFlow Lite's scheme (see `typenet::quant`); 2 inputs, 2 outputs."] # [derive (Clone , Debug , PartialEq)] pub struct BadLossQuantized {
# [doc = r" How the input is stored."] pub input : :: typenet :: __private :: quant :: QParams , # [doc = "Layer 1, `layer1`: Dense 2 → 2 in int8, followed by a tanh table."] pub layer1 : :: typenet :: __private :: quant :: QDense < 2usize , 2usize > , # [doc = "Layer 1: the tanh table after `layer1`."] pub layer1_lut : :: typenet :: __private :: quant :: QLut , }
# [allow (dead_code)] impl BadLossQuantized {
# [doc = r" Number of inputs."] pub const INPUTS : usize = 2usize ;
# [doc = r" Number of outputs."] pub const OUTPUTS : usize = 2usize ;
# [doc = r" The type's name."] pub const NAME : & 'static str = "BadLossQuantized" ;
# [doc = r" The network's int8 output for int8 input `x`: integers only, no heap, no panic."] # [inline] pub fn forward (& self , x : & [i8 ;
2usize]) -> [i8 ;
2usize] {
let __q1 = self . layer1 . forward (x) ;
let __q1 = self . layer1_lut . apply (& __q1) ;
__q1 }
# [doc = r" [`forward`](Self::forward), calling `each(layer, output, params)` after every layer"] # [doc = r" (1-based; the output after its activation, and how it is stored)."] pub fn forward_layers (& self , x : & [i8 ;
2usize] , mut each : impl FnMut (usize , & [i8] , :: typenet :: __private :: quant :: QParams) ,) -> [i8 ;
2usize] {
let __q1 = self . layer1 . forward (x) ;
let __q1 = self . layer1_lut . apply (& __q1) ;
each (1usize , & __q1 , :: typenet :: __private :: quant :: QParams :: TANH) ;
__q1 }
# [doc = r" How the output is stored."] pub fn output_params (& self) -> :: typenet :: __private :: quant :: QParams {
:: typenet :: __private :: quant :: QParams :: TANH }
# [doc = r" A float input on the int8 grid of [`input`](Self::input) (in `f32`; a host-side"] # [doc = r" helper)."] pub fn quantize_input < T : :: typenet :: __private :: Scalar > (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize >) -> [i8 ;
2usize] {
:: core :: array :: from_fn (| i | self . input . quantize (:: typenet :: __private :: Scalar :: to_f64 (x [i]) as f32)) }
# [doc = r" The real values of an int8 output."] pub fn dequantize_output (& self , y : & [i8 ;
2usize]) -> :: typenet :: __private :: nalgebra :: SVector < f32 , 2usize > {
let params = self . output_params () ;
:: typenet :: __private :: nalgebra :: SVector :: < f32 , 2usize > :: from_fn (| i , _ | params . dequantize (y [i])) }
# [doc = r" Writes the network as `pub static NAME: TYPE = TYPE {
… };`, every part a `const fn`"] # [doc = r" call, so it bakes into flash; `type_name` is this type as the file names it."] pub fn write_rust < W : :: core :: fmt :: Write > (& self , out : & mut W , name : & str , type_name : & str ,) -> :: core :: result :: Result < () , :: typenet :: __private :: export :: ExportError > {
:: typenet :: __private :: quant :: write_item_head (out , name , type_name) ? ;
write ! (out , "{type_name} {{\n    input: ") ? ;
self . input . write_rust (out) ? ;
out . write_char (',') ? ;
out . write_str (concat ! ("\n    " , stringify ! (layer1) , ": ")) ? ;
self . layer1 . write_rust (out) ? ;
out . write_char (',') ? ;
out . write_str (concat ! ("\n    " , stringify ! (layer1_lut) , ": ")) ? ;
self . layer1_lut . write_rust (out) ? ;
out . write_char (',') ? ;
out . write_str ("\n};\n") ? ;
:: core :: result :: Result :: Ok (()) }
# [doc = r" Writes the parameters as plain text, one `name values…` line each (read by"] # [doc = r" `tools/reference/int8_reference.py`)."] pub fn write_text < W : :: core :: fmt :: Write > (& self , out : & mut W) -> :: core :: fmt :: Result {
writeln ! (out , "input.scale {:?}" , self . input . scale) ? ;
writeln ! (out , "input.zero_point {}" , self . input . zero_point) ? ;
self . layer1 . write_text (out , "layer1") ? ;
self . layer1_lut . write_text (out , "layer1") ? ;
:: core :: result :: Result :: Ok (()) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: quant :: Quantizable for BadLoss < T > {
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > BadLoss < T > {
# [doc = r" Post-training int8 quantization: runs the float network on every calibration"] # [doc = r" sample, records the range of the input and of every layer's output, and builds"] # [doc = concat ! ("the [`" , "BadLossQuantized" , "`] twin (per-channel symmetric weights, `i32` biases,")] # [doc = r" per-tensor asymmetric activations; see `typenet::quant`)."] # [doc = r""] # [doc = r" Errors: no sample, a sample with NaN or ±∞ (its index), a layer computing a"] # [doc = r" non-finite value, non-finite weights, a bias beyond `i32`."] pub fn quantize < C > (& self , calibration : C) -> :: core :: result :: Result < BadLossQuantized , :: typenet :: __private :: quant :: QuantError > where C : :: core :: iter :: IntoIterator , C :: Item : :: core :: borrow :: Borrow < :: typenet :: __private :: nalgebra :: SVector < T , 2usize >> , {
let mut __r0 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __rz1 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __ra1 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __seen = false ;
for (__index , __x) in calibration . into_iter () . enumerate () {
let __x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > = :: core :: borrow :: Borrow :: borrow (& __x) ;
if ! __r0 . observe (__x . as_slice ()) {
return :: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: NonFiniteSample {
index : __index }) ;
} let __trace = self . forward_trace (__x) ;
if ! __rz1 . observe (__trace . layer1 . z . as_slice ()) || ! __ra1 . observe (__trace . layer1 . a . as_slice ()) {
return :: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: NonFiniteActivation {
index : __index , layer : 1usize }) ;
} __seen = true ;
} if ! __seen {
return :: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: EmptyCalibration) ;
} let __p0 = :: typenet :: __private :: quant :: QParams :: from_range (__r0) ;
let __out = :: typenet :: __private :: quant :: QParams :: from_range (__rz1) ;
let layer1 = :: typenet :: __private :: quant :: QDense :: quantize (& self . layer1 . weight , :: core :: option :: Option :: Some (& self . layer1 . bias) , __p0 , __out , false , 1usize) ? ;
let layer1_lut = :: typenet :: __private :: quant :: QLut :: tanh (__out) ;
let __p1 = :: typenet :: __private :: quant :: QParams :: TANH ;
:: core :: result :: Result :: Ok (BadLossQuantized {
input : __p0 , layer1 , layer1_lut , }) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: second_order :: SecondOrder < T > for BadLoss < T > {
const MSE_LOSS : bool = true ;
fn hvp_into (& self , x : & Self :: Input , target : & Self :: Target , v : & Self , grads : & mut Self :: Gradients , hv : & mut Self :: Gradients ,) -> T {
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
let __rz1 = v . layer1 . affine (x) ;
let __ra1 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __rz1) ;
let __loss = :: typenet :: __private :: loss :: Loss :: < T > :: loss (& :: typenet :: __private :: loss :: MSE , & __a1 , target) ;
let __da1 = :: typenet :: __private :: loss :: Loss :: < T > :: gradient (& :: typenet :: __private :: loss :: MSE , & __a1 , target) ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __da1) ;
let __rda1 = :: typenet :: __private :: second_order :: LossCurvature :: < T > :: output_hvp (& :: typenet :: __private :: loss :: MSE , & __a1 , target , & __ra1) ;
let __rdz1 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __da1 , & __rz1 , & __ra1 , & __rda1 ,) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer1 , x , & __dz1) ;
:: typenet :: __private :: Dense :: accumulate (& mut hv . layer1 , x , & __rdz1) ;
__loss }
fn output_vjp_into (& self , x : & Self :: Input , dy : & [T] , grads : & mut Self :: Gradients , y : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: LengthError > {
for __len in [dy . len () , y . len ()] {
if __len != 2usize {
return :: core :: result :: Result :: Err (:: typenet :: __private :: LengthError {
expected : 2usize , found : __len }) ;
} }
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
let __da1 = :: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_column_slice (dy) ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __da1) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer1 , x , & __dz1) ;
y . copy_from_slice (__a1 . as_slice ()) ;
:: core :: result :: Result :: Ok (()) }
fn target_values (target : & Self :: Target) -> & [T] {
target . as_slice () }
} # [doc = "Gradients of [`BadLoss`]'s loss: the same layers, names and flat order as its parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct BadLossGradients < T = f32 > {
# [doc = "Layer 1: Dense 2 → 2, Tanh (6 parameters)."] pub layer1 : :: typenet :: __private :: Dense < T , 2usize , 2usize > , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for BadLossGradients < T > {
const LEN : usize = 6usize ;
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > BadLoss < T > {
# [doc = r" The loss of one sample."] # [inline] pub fn loss (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize >) -> T {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (__x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = (__x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
:: typenet :: __private :: loss :: Loss :: < T > :: loss (& :: typenet :: __private :: loss :: MSE , & __a1 , target) }
# [doc = r" Adds one sample's gradient to `grads` and returns its loss."] # [inline] pub fn backward_into (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , grads : & mut BadLossGradients < T > ,) -> T {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (__x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = (__x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
let __loss = :: typenet :: __private :: loss :: Loss :: < T > :: loss (& :: typenet :: __private :: loss :: MSE , & __a1 , target) ;
let __da1 = :: typenet :: __private :: loss :: Loss :: < T > :: gradient (& :: typenet :: __private :: loss :: MSE , & __a1 , target) ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __da1) ;
{ let __x = & x . data . 0 [0] ;
let __d = & __dz1 . data . 0 [0] ;
let __gw = & mut grads . layer1 . weight . data . 0 ;
__gw [0usize] [0usize] += __x [0usize] * __d [0usize] ;
__gw [0usize] [1usize] += __x [1usize] * __d [0usize] ;
__gw [1usize] [0usize] += __x [0usize] * __d [1usize] ;
__gw [1usize] [1usize] += __x [1usize] * __d [1usize] ;
let __gb = & mut grads . layer1 . bias . data . 0 [0] ;
__gb [0usize] += __d [0usize] ;
__gb [1usize] += __d [1usize] ;
} __loss }
# [doc = r" One step of gradient descent on one sample, θ ← θ − lr·∇E, without a gradient"] # [doc = r" buffer; returns the loss before the step."] # [doc = r""] # [doc = r" All or nothing: if the loss, a gradient entry or an updated parameter would not"] # [doc = r" be finite, nothing changes and the error names the first such parameter (flat"] # [doc = r" index, `state_dict` order). Bit for bit the same as `backward` then `sgd_step`,"] # [doc = r" except that layers of ≥ 64 inputs and ≥ 256 weights skip the neurons whose ∂E/∂z"] # [doc = r" is 0, so a −0 weight there keeps its sign (see `Dense::apply_step`)."] # [inline] pub fn train_step (& mut self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , lr : T ,) -> :: core :: result :: Result < T , :: typenet :: __private :: NonFiniteError > {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (__x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = (__x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
let __loss = :: typenet :: __private :: loss :: Loss :: < T > :: loss (& :: typenet :: __private :: loss :: MSE , & __a1 , target) ;
let __da1 = :: typenet :: __private :: loss :: Loss :: < T > :: gradient (& :: typenet :: __private :: loss :: MSE , & __a1 , target) ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __da1) ;
if ! :: typenet :: __private :: nalgebra :: ComplexField :: is_finite (& __loss) {
return :: core :: result :: Result :: Err (:: typenet :: __private :: NonFiniteError :: Loss) ;
} let (__next1 , __finite1) = self . layer1 . stepped (x , & __dz1 , lr) ;
let mut __finite = true & __finite1 ;
if ! (true) {
__finite &= true ;
} if ! __finite {
if let :: core :: option :: Option :: Some (e) = self . layer1 . first_non_finite_step (0usize , x , & __dz1 , lr) {
return :: core :: result :: Result :: Err (e) ;
} }
self . layer1 = __next1 ;
:: core :: result :: Result :: Ok (__loss) }
# [doc = r" One sample's loss and its gradient with respect to every parameter."] # [inline] pub fn backward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > ,) -> (T , BadLossGradients < T >) {
let mut grads = < BadLossGradients < T > as :: typenet :: __private :: Flat < T >> :: zeros () ;
let loss = BadLoss :: backward_into (self , x , target , & mut grads) ;
(loss , grads) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Trainable < T > for BadLoss < T > {
type Target = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > ;
type Gradients = BadLossGradients < T > ;
# [inline] fn loss (& self , x : & Self :: Input , target : & Self :: Target) -> T {
BadLoss :: loss (self , x , target) }
# [inline] fn backward_into (& self , x : & Self :: Input , target : & Self :: Target , grads : & mut Self :: Gradients) -> T {
BadLoss :: backward_into (self , x , target , grads) }
# [inline] fn backward (& self , x : & Self :: Input , target : & Self :: Target) -> (T , Self :: Gradients) {
BadLoss :: backward (self , x , target) }
# [inline] fn train_step (& mut self , x : & Self :: Input , target : & Self :: Target , lr : T ,) -> :: core :: result :: Result < T , :: typenet :: __private :: NonFiniteError > {
BadLoss :: train_step (self , x , target , lr) }
}
