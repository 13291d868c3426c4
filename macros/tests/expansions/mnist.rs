// network! { pub struct Mnist: 784 => Dense(128, ReLU) => Dense(10, Softmax); loss = CrossEntropy }
# [allow (dead_code , clippy :: needless_borrow)] impl < T : :: typenet :: __private :: Scalar > Mnist < T > {
# [doc = r" Scratch values per sample of the batched methods (each stage's Z, A and δ)."] pub const BATCH_SCRATCH_PER_SAMPLE : usize = 414usize ;
# [doc = r" The scratch length (in values of `T`) a batch of `batch` samples needs; a"] # [doc = r" `const fn`, so it can size an array. Saturating: a batch whose scratch cannot be"] # [doc = r" counted in a `usize` gives `usize::MAX`, which no slice reaches, so the batched"] # [doc = r" methods refuse it with `BatchError::Scratch`. Never panics."] pub const fn batch_scratch_len (batch : usize) -> usize {
414usize . saturating_mul (batch) }
# [doc = r" The outputs of a batch: column s of `y` receives the output for column s of `x`"] # [doc = r" (any number of columns). Intermediate blocks live in `scratch`, at least"] # [doc = r" [`batch_scratch_len`](Self::batch_scratch_len)`(b)` values; nothing is allocated."] # [doc = r" A network of fewer than 32,768 parameters runs [`forward`](Self::forward) once"] # [doc = r" per column instead (faster at that size; the same outputs bit for bit)."] pub fn forward_batch < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 784usize > , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 10usize > , __CY , __SY > , scratch : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 784usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , :: typenet :: __private :: nalgebra :: Const < 10usize > , __CY > , {
:: typenet :: __private :: batch :: check_columns (x . ncols () , y . ncols ()) ? ;
let __b = x . ncols () ;
:: typenet :: __private :: batch :: check_scratch (scratch , Self :: batch_scratch_len (__b)) ? ;
let mut __buf : & mut [T] = scratch ;
# [allow (unused_mut)] let mut __bz1 = :: typenet :: __private :: batch :: take_block :: < T , 128usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba1 = :: typenet :: __private :: batch :: take_block :: < T , 128usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd1 = :: typenet :: __private :: batch :: take_block :: < T , 128usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bz2 = :: typenet :: __private :: batch :: take_block :: < T , 10usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba2 = :: typenet :: __private :: batch :: take_block :: < T , 10usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd2 = :: typenet :: __private :: batch :: take_block :: < T , 10usize > (& mut __buf , __b) ;
self . layer1 . affine_batch (x , & mut __bz1) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: ReLU , & __bz1 , & mut __ba1) ;
self . layer2 . affine_batch ((& __ba1) , & mut __bz2) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: Softmax , & __bz2 , & mut __ba2) ;
:: typenet :: __private :: batch :: copy_block (& __ba2 , y) ;
:: core :: result :: Result :: Ok (()) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Batched < T > for Mnist < T > {
type InputDim = :: typenet :: __private :: nalgebra :: Const < 784usize > ;
type OutputDim = :: typenet :: __private :: nalgebra :: Const < 10usize > ;
const BATCH_SCRATCH_PER_SAMPLE : usize = 414usize ;
# [inline] fn forward_batch < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CY , __SY > , scratch : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , Self :: OutputDim , __CY > , {
Mnist :: forward_batch (self , x , y , scratch) }
} # [allow (dead_code , clippy :: needless_borrow)] impl < T : :: typenet :: __private :: Scalar > Mnist < T > {
# [doc = r" Adds the gradient of every column's loss, summed over the batch, to `grads` and"] # [doc = r" returns the summed loss: what `backward_into` once per column does (the sums"] # [doc = r" inside the products are ordered differently, so the last bits may differ)."] # [doc = r" `scratch` as for [`forward_batch`](Self::forward_batch)."] pub fn backward_batch_into < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 784usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 10usize > , __CT , __ST > , grads : & mut MnistGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 784usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 10usize > , __CT > , {
Mnist :: __batch_gradient (self , x , target , grads , scratch , true) }
# [doc = r" Writes the gradient of the batch's summed loss into `grads` (overwriting it) and"] # [doc = r" returns the summed loss; `backward_batch_into` on a zeroed buffer, without the"] # [doc = r" zeroing pass."] pub fn gradient_batch < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 784usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 10usize > , __CT , __ST > , grads : & mut MnistGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 784usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 10usize > , __CT > , {
Mnist :: __batch_gradient (self , x , target , grads , scratch , false) }
# [doc = r" Forward, loss and backward over the batch; the gradient is added to `grads`"] # [doc = r" (`__add`) or written over it."] # [doc (hidden)] fn __batch_gradient < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 784usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 10usize > , __CT , __ST > , grads : & mut MnistGradients < T > , scratch : & mut [T] , __add : bool ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 784usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 10usize > , __CT > , {
:: typenet :: __private :: batch :: check_columns (x . ncols () , target . ncols ()) ? ;
let __b = x . ncols () ;
:: typenet :: __private :: batch :: check_scratch (scratch , Self :: batch_scratch_len (__b)) ? ;
let mut __buf : & mut [T] = scratch ;
# [allow (unused_mut)] let mut __bz1 = :: typenet :: __private :: batch :: take_block :: < T , 128usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba1 = :: typenet :: __private :: batch :: take_block :: < T , 128usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd1 = :: typenet :: __private :: batch :: take_block :: < T , 128usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bz2 = :: typenet :: __private :: batch :: take_block :: < T , 10usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba2 = :: typenet :: __private :: batch :: take_block :: < T , 10usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd2 = :: typenet :: __private :: batch :: take_block :: < T , 10usize > (& mut __buf , __b) ;
self . layer1 . affine_batch (x , & mut __bz1) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: ReLU , & __bz1 , & mut __ba1) ;
self . layer2 . affine_batch ((& __ba1) , & mut __bz2) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: Softmax , & __bz2 , & mut __ba2) ;
let __loss = :: typenet :: __private :: batch :: fused_loss_gradient_batch (& :: typenet :: __private :: loss :: CrossEntropy , & __bz2 , & __ba2 , target , & mut __bd2) ;
:: typenet :: __private :: Dense :: gradient_batch (& mut grads . layer2 , (& __ba1) , & __bd2 , __add) ;
self . layer2 . input_gradient_batch (& __bd2 , & mut __bd1) ;
:: typenet :: __private :: batch :: backprop_batch (& :: typenet :: __private :: activation :: ReLU , & __bz1 , & __ba1 , & mut __bd1) ;
:: typenet :: __private :: Dense :: gradient_batch (& mut grads . layer1 , x , & __bd1 , __add) ;
:: core :: result :: Result :: Ok (__loss) }
# [doc = r" One minibatch SGD step on the mean gradient of the batch's columns,"] # [doc = r" θ ← θ − (lr/b)·Σ ∇L; returns the mean loss before the step. All or nothing, as"] # [doc = r" `train_step`; `grads` is a buffer (on return it holds the summed gradient),"] # [doc = r" `scratch` as for [`forward_batch`](Self::forward_batch)."] pub fn train_step_batch < __C , __SX , __CT , __ST > (& mut self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 784usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 10usize > , __CT , __ST > , lr : T , grads : & mut MnistGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 784usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 10usize > , __CT > , {
< Self as :: typenet :: __private :: BatchTrainable < T >> :: train_step_batch (self , x , target , lr , grads , scratch) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: BatchTrainable < T > for Mnist < T > {
# [inline] fn gradient_batch < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CT , __ST > , grads : & mut Self :: Gradients , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , Self :: OutputDim , __CT > , {
Mnist :: gradient_batch (self , x , target , grads , scratch) }
# [inline] fn backward_batch_into < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CT , __ST > , grads : & mut Self :: Gradients , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , Self :: OutputDim , __CT > , {
Mnist :: backward_batch_into (self , x , target , grads , scratch) }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Mnist < T > {
# [doc = r" Every stage in forward order: kind, name, sizes, activation, parameter count"] # [doc = r" (what `summary()` prints)."] pub const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = & [:: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer1" , inputs : 784usize , outputs : 128usize , activation : "ReLU" , params : 100480usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer2" , inputs : 128usize , outputs : 10usize , activation : "Softmax" , params : 1290usize , }
,] ;
} # [doc = "Network `784 → Dense(128, ReLU) → Dense(10, Softmax)`; loss: cross-entropy of the Softmax output. 101770 parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct Mnist < T = f32 > {
# [doc = "Layer 1: Dense 784 → 128, ReLU (100480 parameters)."] pub layer1 : :: typenet :: __private :: Dense < T , 784usize , 128usize > , # [doc = "Layer 2: Dense 128 → 10, Softmax (1290 parameters)."] pub layer2 : :: typenet :: __private :: Dense < T , 128usize , 10usize > , }
# [doc = concat ! ("Each stage's pre-activation `z` and activation `a` in one forward pass of [`" , stringify ! (Mnist) , "`].")] # [derive (Clone , Debug , PartialEq)] pub struct MnistTrace < T = f32 > {
# [doc = "Layer 1: Dense 784 → 128, ReLU (100480 parameters)."] pub layer1 : :: typenet :: __private :: LayerTrace < T , 128usize > , # [doc = "Layer 2: Dense 128 → 10, Softmax (1290 parameters)."] pub layer2 : :: typenet :: __private :: LayerTrace < T , 10usize > , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for Mnist < T > {
const LEN : usize = 101770usize ;
} # [doc = r" Sizes an optimizer's state by this network (`Adam::for_network(&net, config)`)."] impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: optim :: ParamArray for Mnist < T > {
type Array = [T ;
101770usize] ;
} :: typenet :: __private :: __serde_network ! (Mnist) ;
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Mnist < T > {
# [doc = r" Number of inputs."] pub const INPUTS : usize = 784usize ;
# [doc = r" Number of outputs."] pub const OUTPUTS : usize = 10usize ;
# [doc = r" Number of parameters (weights and biases)."] pub const PARAMS : usize = 101770usize ;
# [doc = r" The type's name."] pub const NAME : & 'static str = "Mnist" ;
# [doc = r" Every parameter tensor in PyTorch `state_dict` order: name, shape (`[out, in]`"] # [doc = r" for a weight, `[out]` for a bias) and offset into the flat parameters."] pub const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = & [:: typenet :: __private :: TensorInfo {
name : "layer1.weight" , shape : & [128usize , 784usize] , offset : 0usize }
, :: typenet :: __private :: TensorInfo {
name : "layer1.bias" , shape : & [128usize] , offset : 100352usize }
, :: typenet :: __private :: TensorInfo {
name : "layer2.weight" , shape : & [10usize , 128usize] , offset : 100480usize }
, :: typenet :: __private :: TensorInfo {
name : "layer2.bias" , shape : & [10usize] , offset : 101760usize }
,] ;
# [doc = r" The network's output for input `x`."] # [inline] pub fn forward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 784usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 10usize > {
# [cfg (target_arch = "x86_64")] if :: typenet :: __private :: forward_avx512 () {
return unsafe {
self . __forward_avx512 (x) }
;
} # [cfg (target_arch = "x86_64")] if :: typenet :: __private :: forward_avx2_fma () {
return unsafe {
self . __forward_avx2_fma (x) }
;
} self . __forward_baseline (x) }
# [doc = r" `forward` for the build's baseline: out of line on x86-64 where the build lacks AVX2"] # [doc = r" and FMA, so that `forward` itself is only the CPU check and a jump (no registers"] # [doc = r" saved for the baseline code on the paths that do not run it), else inlined."] # [cfg_attr (all (target_arch = "x86_64" , not (all (target_feature = "avx2" , target_feature = "fma"))) , inline (never))] # [cfg_attr (not (all (target_arch = "x86_64" , not (all (target_feature = "avx2" , target_feature = "fma")))) , inline (always))] fn __forward_baseline (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 784usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 10usize > {
unsafe {
self . __forward :: < 0 > (x) }
} # [doc = r" `forward`'s body for instruction set `__ISA` (0 the build's baseline, 1 AVX2 + FMA,"] # [doc = r" 2 AVX-512 F), inlined into each of its copies."] # [doc = r""] # [doc = r" # Safety"] # [doc = r" For `__ISA` ≥ 1, the caller is compiled with AVX2 and FMA (AVX-512 F implies them)"] # [doc = r" and so runs on a CPU that has them. `__ISA` 0 asks nothing."] # [inline (always)] unsafe fn __forward < const __ISA : u8 > (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 784usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 10usize > {
let __z1 = unsafe {
self . layer1 . affine_isa :: < __ISA > (x) }
;
let __a1 = :: typenet :: __private :: activation :: apply_isa :: < __ISA , T , _ , 128usize > (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = unsafe {
self . layer2 . affine_isa :: < __ISA > ((& __a1)) }
;
let __a2 = :: typenet :: __private :: activation :: apply_isa :: < __ISA , T , _ , 10usize > (& :: typenet :: __private :: activation :: Softmax , & __z2) ;
__a2 }
# [doc = r" `forward` compiled for AVX2 and FMA, for builds whose baseline lacks them."] # [doc = r""] # [doc = r" # Safety"] # [doc = r" The CPU has AVX2 and FMA."] # [cfg (target_arch = "x86_64")] # [target_feature (enable = "avx2,fma")] unsafe fn __forward_avx2_fma (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 784usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 10usize > {
unsafe {
self . __forward :: < 1 > (x) }
} # [doc = r" `forward` compiled for AVX-512 F, for builds whose baseline lacks it."] # [doc = r""] # [doc = r" # Safety"] # [doc = r" The CPU has AVX-512 F."] # [cfg (target_arch = "x86_64")] # [target_feature (enable = "avx512f")] unsafe fn __forward_avx512 (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 784usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 10usize > {
unsafe {
self . __forward :: < 2 > (x) }
} # [doc = r" One forward pass keeping every layer's pre-activation `z` and activation `a`."] pub fn forward_trace (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 784usize >) -> MnistTrace < T > {
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = self . layer2 . affine ((& __a1)) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z2) ;
MnistTrace {
layer1 : :: typenet :: __private :: LayerTrace {
z : __z1 , a : __a1 }
, layer2 : :: typenet :: __private :: LayerTrace {
z : __z2 , a : __a2 }
, }
} # [doc = r" ∂y/∂x at `x` (outputs × inputs): entry (k, i) is how much output k moves per unit"] # [doc = r" of input i."] pub fn input_jacobian (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 784usize >) -> :: typenet :: __private :: nalgebra :: SMatrix < T , 10usize , 784usize > {
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = self . layer2 . affine ((& __a1)) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z2) ;
let mut __j = :: typenet :: __private :: nalgebra :: SMatrix :: < T , 10usize , 784usize > :: zeros () ;
for __k in 0 .. 10usize {
let mut __da2 = :: typenet :: __private :: nalgebra :: SVector :: < T , 10usize > :: zeros () ;
__da2 [__k] = < T as :: typenet :: __private :: Scalar > :: lit (1.0) ;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Softmax , & __z2 , & __a2 , & __da2) ;
let __da1 = self . layer2 . input_gradient (& __dz2) ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1) ;
let __da0 = self . layer1 . input_gradient (& __dz1) ;
let __dx : :: typenet :: __private :: nalgebra :: SVector < T , 784usize > = __da0 ;
__j . set_row (__k , & __dx . transpose ()) ;
} __j }
# [doc = r" Builds the network from its parameters in PyTorch `state_dict` order."] # [doc = r""] # [doc = r" A `const fn`: `const NET: Name<f32> = Name::from_array([…]);` puts a trained"] # [doc = r" network in flash, with nothing computed at start-up."] pub const fn from_array (values : [T ;
101770usize]) -> Self {
unsafe {
:: typenet :: __private :: network :: flat_from_array :: < T , Self , 101770usize > (values) }
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Parameters < T > for Mnist < T > {
const INPUTS : usize = 784usize ;
const OUTPUTS : usize = 10usize ;
const PARAMS : usize = 101770usize ;
const NAME : & 'static str = "Mnist" ;
const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = Mnist :: < T > :: TENSORS ;
const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = Mnist :: < T > :: LAYERS ;
fn init < R : :: typenet :: __private :: rand_core :: Rng + ? Sized > (& mut self , rng : & mut R) {
self . layer1 . init_uniform (:: typenet :: __private :: init :: he_bound (784usize) , rng) ;
self . layer2 . init_uniform (:: typenet :: __private :: init :: glorot_bound (128usize , 10usize) , rng) ;
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Network < T > for Mnist < T > {
type Input = :: typenet :: __private :: nalgebra :: SVector < T , 784usize > ;
type Output = :: typenet :: __private :: nalgebra :: SVector < T , 10usize > ;
type Trace = MnistTrace < T > ;
type InputJacobian = :: typenet :: __private :: nalgebra :: SMatrix < T , 10usize , 784usize > ;
# [inline] fn forward (& self , x : & Self :: Input) -> Self :: Output {
Mnist :: forward (self , x) }
fn forward_trace (& self , x : & Self :: Input) -> Self :: Trace {
Mnist :: forward_trace (self , x) }
fn input_jacobian (& self , x : & Self :: Input) -> Self :: InputJacobian {
Mnist :: input_jacobian (self , x) }
} # [doc = "The int8 twin of [`Mnist`] (made by [`Mnist::quantize`]): integer-only inference with TensorFlow Lite's scheme (see `typenet::quant`); 784 inputs, 10 outputs."] # [derive (Clone , Debug , PartialEq)] pub struct MnistQuantized {
# [doc = r" How the input is stored."] pub input : :: typenet :: __private :: quant :: QParams , # [doc = "Layer 1, `layer1`: Dense 784 → 128 in int8, ReLU as the output's clamp."] pub layer1 : :: typenet :: __private :: quant :: QDense < 784usize , 128usize > , # [doc = "Layer 2, `layer2`: Dense 128 → 10 in int8, followed by a softmax table."] pub layer2 : :: typenet :: __private :: quant :: QDense < 128usize , 10usize > , # [doc = "Layer 2: the softmax table after `layer2`."] pub layer2_softmax : :: typenet :: __private :: quant :: QSoftmax , }
# [allow (dead_code)] impl MnistQuantized {
# [doc = r" Number of inputs."] pub const INPUTS : usize = 784usize ;
# [doc = r" Number of outputs."] pub const OUTPUTS : usize = 10usize ;
# [doc = r" The type's name."] pub const NAME : & 'static str = "MnistQuantized" ;
# [doc = r" The network's int8 output for int8 input `x`: integers only, no heap, no panic."] # [inline] pub fn forward (& self , x : & [i8 ;
784usize]) -> [i8 ;
10usize] {
let __q1 = self . layer1 . forward (x) ;
let __q2 = self . layer2 . forward (& __q1) ;
let __q2 = self . layer2_softmax . apply (& __q2) ;
__q2 }
# [doc = r" [`forward`](Self::forward), calling `each(layer, output, params)` after every layer"] # [doc = r" (1-based; the output after its activation, and how it is stored)."] pub fn forward_layers (& self , x : & [i8 ;
784usize] , mut each : impl FnMut (usize , & [i8] , :: typenet :: __private :: quant :: QParams) ,) -> [i8 ;
10usize] {
let __q1 = self . layer1 . forward (x) ;
each (1usize , & __q1 , self . layer1 . output ()) ;
let __q2 = self . layer2 . forward (& __q1) ;
let __q2 = self . layer2_softmax . apply (& __q2) ;
each (2usize , & __q2 , :: typenet :: __private :: quant :: QParams :: SOFTMAX) ;
__q2 }
# [doc = r" How the output is stored."] pub fn output_params (& self) -> :: typenet :: __private :: quant :: QParams {
:: typenet :: __private :: quant :: QParams :: SOFTMAX }
# [doc = r" A float input on the int8 grid of [`input`](Self::input) (in `f32`; a host-side"] # [doc = r" helper)."] pub fn quantize_input < T : :: typenet :: __private :: Scalar > (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 784usize >) -> [i8 ;
784usize] {
:: core :: array :: from_fn (| i | self . input . quantize (:: typenet :: __private :: Scalar :: to_f64 (x [i]) as f32)) }
# [doc = r" The real values of an int8 output."] pub fn dequantize_output (& self , y : & [i8 ;
10usize]) -> :: typenet :: __private :: nalgebra :: SVector < f32 , 10usize > {
let params = self . output_params () ;
:: typenet :: __private :: nalgebra :: SVector :: < f32 , 10usize > :: from_fn (| i , _ | params . dequantize (y [i])) }
# [doc = r" Writes the network as `pub static NAME: TYPE = TYPE {
… };`, every part a `const fn`"] # [doc = r" call, so it bakes into flash; `type_name` is this type as the file names it."] pub fn write_rust < W : :: core :: fmt :: Write > (& self , out : & mut W , name : & str , type_name : & str ,) -> :: core :: result :: Result < () , :: typenet :: __private :: export :: ExportError > {
:: typenet :: __private :: quant :: write_item_head (out , name , type_name) ? ;
write ! (out , "{type_name} {{\n    input: ") ? ;
self . input . write_rust (out) ? ;
out . write_char (',') ? ;
out . write_str (concat ! ("\n    " , stringify ! (layer1) , ": ")) ? ;
self . layer1 . write_rust (out) ? ;
out . write_char (',') ? ;
out . write_str (concat ! ("\n    " , stringify ! (layer2) , ": ")) ? ;
self . layer2 . write_rust (out) ? ;
out . write_char (',') ? ;
out . write_str (concat ! ("\n    " , stringify ! (layer2_softmax) , ": ")) ? ;
self . layer2_softmax . write_rust (out) ? ;
out . write_char (',') ? ;
out . write_str ("\n};\n") ? ;
:: core :: result :: Result :: Ok (()) }
# [doc = r" Writes the parameters as plain text, one `name values…` line each (read by"] # [doc = r" `tools/reference/int8_reference.py`)."] pub fn write_text < W : :: core :: fmt :: Write > (& self , out : & mut W) -> :: core :: fmt :: Result {
writeln ! (out , "input.scale {:?}" , self . input . scale) ? ;
writeln ! (out , "input.zero_point {}" , self . input . zero_point) ? ;
self . layer1 . write_text (out , "layer1") ? ;
self . layer2 . write_text (out , "layer2") ? ;
self . layer2_softmax . write_text (out , "layer2") ? ;
:: core :: result :: Result :: Ok (()) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: quant :: Quantizable for Mnist < T > {
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Mnist < T > {
# [doc = r" Post-training int8 quantization: runs the float network on every calibration"] # [doc = r" sample, records the range of the input and of every layer's output, and builds"] # [doc = concat ! ("the [`" , "MnistQuantized" , "`] twin (per-channel symmetric weights, `i32` biases,")] # [doc = r" per-tensor asymmetric activations; see `typenet::quant`)."] # [doc = r""] # [doc = r" Errors: no sample, a sample with NaN or ±∞ (its index), a layer computing a"] # [doc = r" non-finite value, non-finite weights, a bias beyond `i32`."] pub fn quantize < C > (& self , calibration : C) -> :: core :: result :: Result < MnistQuantized , :: typenet :: __private :: quant :: QuantError > where C : :: core :: iter :: IntoIterator , C :: Item : :: core :: borrow :: Borrow < :: typenet :: __private :: nalgebra :: SVector < T , 784usize >> , {
let mut __r0 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __rz1 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __ra1 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __rz2 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __ra2 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __seen = false ;
for (__index , __x) in calibration . into_iter () . enumerate () {
let __x : & :: typenet :: __private :: nalgebra :: SVector < T , 784usize > = :: core :: borrow :: Borrow :: borrow (& __x) ;
if ! __r0 . observe (__x . as_slice ()) {
return :: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: NonFiniteSample {
index : __index }) ;
} let __trace = self . forward_trace (__x) ;
if ! __rz1 . observe (__trace . layer1 . z . as_slice ()) || ! __ra1 . observe (__trace . layer1 . a . as_slice ()) {
return :: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: NonFiniteActivation {
index : __index , layer : 1usize }) ;
} if ! __rz2 . observe (__trace . layer2 . z . as_slice ()) || ! __ra2 . observe (__trace . layer2 . a . as_slice ()) {
return :: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: NonFiniteActivation {
index : __index , layer : 2usize }) ;
} __seen = true ;
} if ! __seen {
return :: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: EmptyCalibration) ;
} let __p0 = :: typenet :: __private :: quant :: QParams :: from_range (__r0) ;
let __out = :: typenet :: __private :: quant :: QParams :: from_range (__ra1) ;
let layer1 = :: typenet :: __private :: quant :: QDense :: quantize (& self . layer1 . weight , :: core :: option :: Option :: Some (& self . layer1 . bias) , __p0 , __out , true , 1usize) ? ;
let __p1 = __out ;
let __out = :: typenet :: __private :: quant :: QParams :: from_range (__rz2) ;
let layer2 = :: typenet :: __private :: quant :: QDense :: quantize (& self . layer2 . weight , :: core :: option :: Option :: Some (& self . layer2 . bias) , __p1 , __out , false , 2usize) ? ;
let layer2_softmax = :: typenet :: __private :: quant :: QSoftmax :: new (__out) ;
let __p2 = :: typenet :: __private :: quant :: QParams :: SOFTMAX ;
:: core :: result :: Result :: Ok (MnistQuantized {
input : __p0 , layer1 , layer2 , layer2_softmax , }) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: second_order :: SecondOrder < T > for Mnist < T > {
const MSE_LOSS : bool = false ;
fn hvp_into (& self , x : & Self :: Input , target : & Self :: Target , v : & Self , grads : & mut Self :: Gradients , hv : & mut Self :: Gradients ,) -> T {
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = self . layer2 . affine ((& __a1)) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z2) ;
let __rz1 = v . layer1 . affine (x) ;
let __ra1 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __rz1) ;
let __rz2 = v . layer2 . affine ((& __a1)) + self . layer2 . weight . tr_mul (& __ra1) ;
let __ra2 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: Softmax , & __z2 , & __a2 , & __rz2) ;
let __loss = :: typenet :: __private :: loss :: FusedLoss :: < T > :: loss_from_logits (& :: typenet :: __private :: loss :: CrossEntropy , & __z2 , target) ;
let __dz2 = :: typenet :: __private :: loss :: FusedLoss :: < T > :: logit_gradient (& :: typenet :: __private :: loss :: CrossEntropy , & __a2 , target) ;
let __rdz2 = :: typenet :: __private :: second_order :: FusedLossCurvature :: < T > :: logit_hvp (& :: typenet :: __private :: loss :: CrossEntropy , & __z2 , & __a2 , target , & __rz2) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer2 , (& __a1) , & __dz2) ;
:: typenet :: __private :: Dense :: accumulate (& mut hv . layer2 , (& __a1) , & __rdz2) ;
:: typenet :: __private :: second_order :: accumulate_weight (& mut hv . layer2 . weight , & __ra1 , & __dz2) ;
let __da1 = self . layer2 . input_gradient (& __dz2) ;
let __rda1 = v . layer2 . input_gradient (& __dz2) + self . layer2 . input_gradient (& __rdz2) ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1) ;
let __rdz1 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1 , & __rz1 , & __ra1 , & __rda1 ,) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer1 , x , & __dz1) ;
:: typenet :: __private :: Dense :: accumulate (& mut hv . layer1 , x , & __rdz1) ;
__loss }
fn output_vjp_into (& self , x : & Self :: Input , dy : & [T] , grads : & mut Self :: Gradients , y : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: LengthError > {
for __len in [dy . len () , y . len ()] {
if __len != 10usize {
return :: core :: result :: Result :: Err (:: typenet :: __private :: LengthError {
expected : 10usize , found : __len }) ;
} }
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = self . layer2 . affine ((& __a1)) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z2) ;
let __da2 = :: typenet :: __private :: nalgebra :: SVector :: < T , 10usize > :: from_column_slice (dy) ;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Softmax , & __z2 , & __a2 , & __da2) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer2 , (& __a1) , & __dz2) ;
let __da1 = self . layer2 . input_gradient (& __dz2) ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer1 , x , & __dz1) ;
y . copy_from_slice (__a2 . as_slice ()) ;
:: core :: result :: Result :: Ok (()) }
fn target_values (target : & Self :: Target) -> & [T] {
target . as_slice () }
} # [doc = "Gradients of [`Mnist`]'s loss: the same layers, names and flat order as its parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct MnistGradients < T = f32 > {
# [doc = "Layer 1: Dense 784 → 128, ReLU (100480 parameters)."] pub layer1 : :: typenet :: __private :: Dense < T , 784usize , 128usize > , # [doc = "Layer 2: Dense 128 → 10, Softmax (1290 parameters)."] pub layer2 : :: typenet :: __private :: Dense < T , 128usize , 10usize > , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for MnistGradients < T > {
const LEN : usize = 101770usize ;
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Mnist < T > {
# [doc = r" The loss of one sample."] # [inline] pub fn loss (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 784usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 10usize >) -> T {
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = self . layer2 . affine ((& __a1)) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z2) ;
:: typenet :: __private :: loss :: FusedLoss :: < T > :: loss_from_logits (& :: typenet :: __private :: loss :: CrossEntropy , & __z2 , target) }
# [doc = r" Adds one sample's gradient to `grads` and returns its loss."] # [inline] pub fn backward_into (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 784usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 10usize > , grads : & mut MnistGradients < T > ,) -> T {
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = self . layer2 . affine ((& __a1)) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z2) ;
let __loss = :: typenet :: __private :: loss :: FusedLoss :: < T > :: loss_from_logits (& :: typenet :: __private :: loss :: CrossEntropy , & __z2 , target) ;
let __dz2 = :: typenet :: __private :: loss :: FusedLoss :: < T > :: logit_gradient (& :: typenet :: __private :: loss :: CrossEntropy , & __a2 , target) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer2 , (& __a1) , & __dz2) ;
let __da1 = self . layer2 . input_gradient (& __dz2) ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer1 , x , & __dz1) ;
__loss }
# [doc = r" One step of gradient descent on one sample, θ ← θ − lr·∇E, without a gradient"] # [doc = r" buffer; returns the loss before the step."] # [doc = r""] # [doc = r" All or nothing: if the loss, a gradient entry or an updated parameter would not"] # [doc = r" be finite, nothing changes and the error names the first such parameter (flat"] # [doc = r" index, `state_dict` order). Bit for bit the same as `backward` then `sgd_step`,"] # [doc = r" except that layers of ≥ 64 inputs and ≥ 256 weights skip the neurons whose ∂E/∂z"] # [doc = r" is 0, so a −0 weight there keeps its sign (see `Dense::apply_step`)."] # [inline] pub fn train_step (& mut self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 784usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 10usize > , lr : T ,) -> :: core :: result :: Result < T , :: typenet :: __private :: NonFiniteError > {
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = self . layer2 . affine ((& __a1)) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z2) ;
let __loss = :: typenet :: __private :: loss :: FusedLoss :: < T > :: loss_from_logits (& :: typenet :: __private :: loss :: CrossEntropy , & __z2 , target) ;
let __dz2 = :: typenet :: __private :: loss :: FusedLoss :: < T > :: logit_gradient (& :: typenet :: __private :: loss :: CrossEntropy , & __a2 , target) ;
if ! :: typenet :: __private :: nalgebra :: ComplexField :: is_finite (& __loss) {
return :: core :: result :: Result :: Err (:: typenet :: __private :: NonFiniteError :: Loss) ;
} let __da1 = self . layer2 . input_gradient (& __dz2) ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1) ;
let mut __finite = true ;
if ! (true & :: typenet :: __private :: network :: step_bound_holds (x , & __z1 , & __dz1 , lr , true) & :: typenet :: __private :: network :: step_bound_holds ((& __a1) , & __z2 , & __dz2 , lr , true)) {
__finite &= true & self . layer1 . step_is_finite (x , & __dz1 , lr) & self . layer2 . step_is_finite ((& __a1) , & __dz2 , lr) ;
} if ! __finite {
if let :: core :: option :: Option :: Some (e) = self . layer1 . first_non_finite_step (0usize , x , & __dz1 , lr) {
return :: core :: result :: Result :: Err (e) ;
} if let :: core :: option :: Option :: Some (e) = self . layer2 . first_non_finite_step (100480usize , (& __a1) , & __dz2 , lr) {
return :: core :: result :: Result :: Err (e) ;
} }
self . layer1 . apply_step (x , & __dz1 , lr) ;
self . layer2 . apply_step ((& __a1) , & __dz2 , lr) ;
:: core :: result :: Result :: Ok (__loss) }
# [doc = r" One sample's loss and its gradient with respect to every parameter."] # [inline] pub fn backward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 784usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 10usize > ,) -> (T , MnistGradients < T >) {
let mut grads = < MnistGradients < T > as :: typenet :: __private :: Flat < T >> :: zeros () ;
let loss = Mnist :: backward_into (self , x , target , & mut grads) ;
(loss , grads) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Trainable < T > for Mnist < T > {
type Target = :: typenet :: __private :: nalgebra :: SVector < T , 10usize > ;
type Gradients = MnistGradients < T > ;
# [inline] fn loss (& self , x : & Self :: Input , target : & Self :: Target) -> T {
Mnist :: loss (self , x , target) }
# [inline] fn backward_into (& self , x : & Self :: Input , target : & Self :: Target , grads : & mut Self :: Gradients) -> T {
Mnist :: backward_into (self , x , target , grads) }
# [inline] fn backward (& self , x : & Self :: Input , target : & Self :: Target) -> (T , Self :: Gradients) {
Mnist :: backward (self , x , target) }
# [inline] fn train_step (& mut self , x : & Self :: Input , target : & Self :: Target , lr : T ,) -> :: core :: result :: Result < T , :: typenet :: __private :: NonFiniteError > {
Mnist :: train_step (self , x , target , lr) }
}
