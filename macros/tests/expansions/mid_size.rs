// network! { pub struct Mid: 16 => Dense(16, Tanh) => Dense(4) => Dense(5, Sigmoid); loss = BCE }
# [allow (dead_code , clippy :: needless_borrow)] impl < T : :: typenet :: __private :: Scalar > Mid < T > {
# [doc = r" `forward_batch`'s loop for instruction set `__ISA` (as `__forward`'s): each"] # [doc = r" column through `__forward::<__ISA>`, inlined into each copy of the loop."] # [doc = r""] # [doc = r" # Safety"] # [doc = r" As `__forward::<__ISA>`'s: for `__ISA` ≥ 1 the caller is compiled with AVX2 and"] # [doc = r" FMA. `__ISA` 0 asks nothing."] # [inline (always)] unsafe fn __forward_columns < const __ISA : u8 , __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 16usize > , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 5usize > , __CY , __SY >) where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 16usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , :: typenet :: __private :: nalgebra :: Const < 5usize > , __CY > , {
let mut __x = :: typenet :: __private :: nalgebra :: SVector :: < T , 16usize > :: zeros () ;
for __s in 0 .. x . ncols () {
__x . copy_from (& x . column (__s)) ;
let __y = unsafe {
self . __forward :: < __ISA > (& __x) }
;
y . column_mut (__s) . copy_from (& __y) ;
} }
# [doc = r" `forward_batch`'s loop compiled for AVX2 and FMA, for builds whose baseline"] # [doc = r" lacks them."] # [doc = r""] # [doc = r" # Safety"] # [doc = r" The CPU has AVX2 and FMA."] # [cfg (target_arch = "x86_64")] # [target_feature (enable = "avx2,fma")] unsafe fn __forward_columns_avx2_fma < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 16usize > , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 5usize > , __CY , __SY >) where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 16usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , :: typenet :: __private :: nalgebra :: Const < 5usize > , __CY > , {
unsafe {
self . __forward_columns :: < 1 , __C , __SX , __CY , __SY > (x , y) }
} # [doc = r" `forward_batch`'s loop compiled for AVX-512 F, for builds whose baseline lacks"] # [doc = r" it."] # [doc = r""] # [doc = r" # Safety"] # [doc = r" The CPU has AVX-512 F."] # [cfg (target_arch = "x86_64")] # [target_feature (enable = "avx512f")] unsafe fn __forward_columns_avx512 < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 16usize > , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 5usize > , __CY , __SY >) where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 16usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , :: typenet :: __private :: nalgebra :: Const < 5usize > , __CY > , {
unsafe {
self . __forward_columns :: < 2 , __C , __SX , __CY , __SY > (x , y) }
} # [doc = r" Scratch values per sample of the batched methods (each stage's Z, A and δ)."] pub const BATCH_SCRATCH_PER_SAMPLE : usize = 75usize ;
# [doc = r" The scratch length (in values of `T`) a batch of `batch` samples needs; a"] # [doc = r" `const fn`, so it can size an array. Saturating: a batch whose scratch cannot be"] # [doc = r" counted in a `usize` gives `usize::MAX`, which no slice reaches, so the batched"] # [doc = r" methods refuse it with `BatchError::Scratch`. Never panics."] pub const fn batch_scratch_len (batch : usize) -> usize {
75usize . saturating_mul (batch) }
# [doc = r" The outputs of a batch: column s of `y` receives the output for column s of `x`"] # [doc = r" (any number of columns). Intermediate blocks live in `scratch`, at least"] # [doc = r" [`batch_scratch_len`](Self::batch_scratch_len)`(b)` values; nothing is allocated."] # [doc = r" A network of fewer than 32,768 parameters runs [`forward`](Self::forward) once"] # [doc = r" per column instead (faster at that size; the same outputs bit for bit)."] pub fn forward_batch < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 16usize > , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 5usize > , __CY , __SY > , scratch : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 16usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , :: typenet :: __private :: nalgebra :: Const < 5usize > , __CY > , {
:: typenet :: __private :: batch :: check_columns (x . ncols () , y . ncols ()) ? ;
:: typenet :: __private :: batch :: check_scratch (scratch , Self :: batch_scratch_len (x . ncols ())) ? ;
# [cfg (target_arch = "x86_64")] if :: typenet :: __private :: forward_avx512 () {
unsafe {
self . __forward_columns_avx512 (x , y) }
;
return :: core :: result :: Result :: Ok (()) ;
} # [cfg (target_arch = "x86_64")] if :: typenet :: __private :: forward_avx2_fma () {
unsafe {
self . __forward_columns_avx2_fma (x , y) }
;
return :: core :: result :: Result :: Ok (()) ;
} unsafe {
self . __forward_columns :: < 0 , __C , __SX , __CY , __SY > (x , y) }
;
:: core :: result :: Result :: Ok (()) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Batched < T > for Mid < T > {
type InputDim = :: typenet :: __private :: nalgebra :: Const < 16usize > ;
type OutputDim = :: typenet :: __private :: nalgebra :: Const < 5usize > ;
const BATCH_SCRATCH_PER_SAMPLE : usize = 75usize ;
# [inline] fn forward_batch < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CY , __SY > , scratch : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , Self :: OutputDim , __CY > , {
Mid :: forward_batch (self , x , y , scratch) }
} # [allow (dead_code , clippy :: needless_borrow)] impl < T : :: typenet :: __private :: Scalar > Mid < T > {
# [doc = r" Adds the gradient of every column's loss, summed over the batch, to `grads` and"] # [doc = r" returns the summed loss: what `backward_into` once per column does (the sums"] # [doc = r" inside the products are ordered differently, so the last bits may differ)."] # [doc = r" `scratch` as for [`forward_batch`](Self::forward_batch)."] pub fn backward_batch_into < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 16usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 5usize > , __CT , __ST > , grads : & mut MidGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 16usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 5usize > , __CT > , {
Mid :: __batch_gradient (self , x , target , grads , scratch , true) }
# [doc = r" Writes the gradient of the batch's summed loss into `grads` (overwriting it) and"] # [doc = r" returns the summed loss; `backward_batch_into` on a zeroed buffer, without the"] # [doc = r" zeroing pass."] pub fn gradient_batch < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 16usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 5usize > , __CT , __ST > , grads : & mut MidGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 16usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 5usize > , __CT > , {
Mid :: __batch_gradient (self , x , target , grads , scratch , false) }
# [doc = r" Forward, loss and backward over the batch; the gradient is added to `grads`"] # [doc = r" (`__add`) or written over it."] # [doc (hidden)] fn __batch_gradient < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 16usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 5usize > , __CT , __ST > , grads : & mut MidGradients < T > , scratch : & mut [T] , __add : bool ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 16usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 5usize > , __CT > , {
:: typenet :: __private :: batch :: check_columns (x . ncols () , target . ncols ()) ? ;
let __b = x . ncols () ;
:: typenet :: __private :: batch :: check_scratch (scratch , Self :: batch_scratch_len (__b)) ? ;
let mut __buf : & mut [T] = scratch ;
# [allow (unused_mut)] let mut __bz1 = :: typenet :: __private :: batch :: take_block :: < T , 16usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba1 = :: typenet :: __private :: batch :: take_block :: < T , 16usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd1 = :: typenet :: __private :: batch :: take_block :: < T , 16usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bz2 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba2 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd2 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bz3 = :: typenet :: __private :: batch :: take_block :: < T , 5usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba3 = :: typenet :: __private :: batch :: take_block :: < T , 5usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd3 = :: typenet :: __private :: batch :: take_block :: < T , 5usize > (& mut __buf , __b) ;
self . layer1 . affine_batch (x , & mut __bz1) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: Tanh , & __bz1 , & mut __ba1) ;
self . layer2 . affine_batch ((& __ba1) , & mut __bz2) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: Identity , & __bz2 , & mut __ba2) ;
self . layer3 . affine_batch ((& __ba2) , & mut __bz3) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: Sigmoid , & __bz3 , & mut __ba3) ;
let __loss = :: typenet :: __private :: batch :: fused_loss_gradient_batch (& :: typenet :: __private :: loss :: BCE , & __bz3 , & __ba3 , target , & mut __bd3) ;
:: typenet :: __private :: Dense :: gradient_batch (& mut grads . layer3 , (& __ba2) , & __bd3 , __add) ;
self . layer3 . input_gradient_batch (& __bd3 , & mut __bd2) ;
:: typenet :: __private :: Dense :: gradient_batch (& mut grads . layer2 , (& __ba1) , & __bd2 , __add) ;
self . layer2 . input_gradient_batch (& __bd2 , & mut __bd1) ;
:: typenet :: __private :: batch :: backprop_batch (& :: typenet :: __private :: activation :: Tanh , & __bz1 , & __ba1 , & mut __bd1) ;
:: typenet :: __private :: Dense :: gradient_batch (& mut grads . layer1 , x , & __bd1 , __add) ;
:: core :: result :: Result :: Ok (__loss) }
# [doc = r" One minibatch SGD step on the mean gradient of the batch's columns,"] # [doc = r" θ ← θ − (lr/b)·Σ ∇L; returns the mean loss before the step. All or nothing, as"] # [doc = r" `train_step`; `grads` is a buffer (on return it holds the summed gradient),"] # [doc = r" `scratch` as for [`forward_batch`](Self::forward_batch)."] pub fn train_step_batch < __C , __SX , __CT , __ST > (& mut self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 16usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 5usize > , __CT , __ST > , lr : T , grads : & mut MidGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 16usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 5usize > , __CT > , {
< Self as :: typenet :: __private :: BatchTrainable < T >> :: train_step_batch (self , x , target , lr , grads , scratch) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: BatchTrainable < T > for Mid < T > {
# [inline] fn gradient_batch < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CT , __ST > , grads : & mut Self :: Gradients , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , Self :: OutputDim , __CT > , {
Mid :: gradient_batch (self , x , target , grads , scratch) }
# [inline] fn backward_batch_into < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CT , __ST > , grads : & mut Self :: Gradients , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , Self :: OutputDim , __CT > , {
Mid :: backward_batch_into (self , x , target , grads , scratch) }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Mid < T > {
# [doc = r" Every stage in forward order: kind, name, sizes, activation, parameter count"] # [doc = r" (what `summary()` prints)."] pub const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = & [:: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer1" , inputs : 16usize , outputs : 16usize , activation : "Tanh" , params : 272usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer2" , inputs : 16usize , outputs : 4usize , activation : "Identity" , params : 68usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer3" , inputs : 4usize , outputs : 5usize , activation : "Sigmoid" , params : 25usize , }
,] ;
} # [doc = "Network `16 → Dense(16, Tanh) → Dense(4, Identity) → Dense(5, Sigmoid)`; loss: binary cross-entropy of the Sigmoid output. 365 parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct Mid < T = f32 > {
# [doc = "Layer 1: Dense 16 → 16, Tanh (272 parameters)."] pub layer1 : :: typenet :: __private :: Dense < T , 16usize , 16usize > , # [doc = "Layer 2: Dense 16 → 4, Identity (68 parameters)."] pub layer2 : :: typenet :: __private :: Dense < T , 16usize , 4usize > , # [doc = "Layer 3: Dense 4 → 5, Sigmoid (25 parameters)."] pub layer3 : :: typenet :: __private :: Dense < T , 4usize , 5usize > , }
# [doc = concat ! ("Each stage's pre-activation `z` and activation `a` in one forward pass of [`" , stringify ! (Mid) , "`].")] # [derive (Clone , Debug , PartialEq)] pub struct MidTrace < T = f32 > {
# [doc = "Layer 1: Dense 16 → 16, Tanh (272 parameters)."] pub layer1 : :: typenet :: __private :: LayerTrace < T , 16usize > , # [doc = "Layer 2: Dense 16 → 4, Identity (68 parameters)."] pub layer2 : :: typenet :: __private :: LayerTrace < T , 4usize > , # [doc = "Layer 3: Dense 4 → 5, Sigmoid (25 parameters)."] pub layer3 : :: typenet :: __private :: LayerTrace < T , 5usize > , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for Mid < T > {
const LEN : usize = 365usize ;
} # [doc = r" Sizes an optimizer's state by this network (`Adam::for_network(&net, config)`)."] impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: optim :: ParamArray for Mid < T > {
type Array = [T ;
365usize] ;
} :: typenet :: __private :: __serde_network ! (Mid) ;
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Mid < T > {
# [doc = r" Number of inputs."] pub const INPUTS : usize = 16usize ;
# [doc = r" Number of outputs."] pub const OUTPUTS : usize = 5usize ;
# [doc = r" Number of parameters (weights and biases)."] pub const PARAMS : usize = 365usize ;
# [doc = r" The type's name."] pub const NAME : & 'static str = "Mid" ;
# [doc = r" Every parameter tensor in PyTorch `state_dict` order: name, shape (`[out, in]`"] # [doc = r" for a weight, `[out]` for a bias) and offset into the flat parameters."] pub const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = & [:: typenet :: __private :: TensorInfo {
name : "layer1.weight" , shape : & [16usize , 16usize] , offset : 0usize }
, :: typenet :: __private :: TensorInfo {
name : "layer1.bias" , shape : & [16usize] , offset : 256usize }
, :: typenet :: __private :: TensorInfo {
name : "layer2.weight" , shape : & [4usize , 16usize] , offset : 272usize }
, :: typenet :: __private :: TensorInfo {
name : "layer2.bias" , shape : & [4usize] , offset : 336usize }
, :: typenet :: __private :: TensorInfo {
name : "layer3.weight" , shape : & [5usize , 4usize] , offset : 340usize }
, :: typenet :: __private :: TensorInfo {
name : "layer3.bias" , shape : & [5usize] , offset : 360usize }
,] ;
# [doc = r" The network's output for input `x`."] # [inline] pub fn forward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 16usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 5usize > {
# [cfg (target_arch = "x86_64")] if :: typenet :: __private :: forward_avx512 () {
return unsafe {
self . __forward_avx512 (x) }
;
} # [cfg (target_arch = "x86_64")] if :: typenet :: __private :: forward_avx2_fma () {
return unsafe {
self . __forward_avx2_fma (x) }
;
} self . __forward_baseline (x) }
# [doc = r" `forward` for the build's baseline: out of line on x86-64 where the build lacks AVX2"] # [doc = r" and FMA, so that `forward` itself is only the CPU check and a jump (no registers"] # [doc = r" saved for the baseline code on the paths that do not run it), else inlined."] # [cfg_attr (all (target_arch = "x86_64" , not (all (target_feature = "avx2" , target_feature = "fma"))) , inline (never))] # [cfg_attr (not (all (target_arch = "x86_64" , not (all (target_feature = "avx2" , target_feature = "fma")))) , inline (always))] fn __forward_baseline (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 16usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 5usize > {
unsafe {
self . __forward :: < 0 > (x) }
} # [doc = r" `forward`'s body for instruction set `__ISA` (0 the build's baseline, 1 AVX2 + FMA,"] # [doc = r" 2 AVX-512 F), inlined into each of its copies."] # [doc = r""] # [doc = r" # Safety"] # [doc = r" For `__ISA` ≥ 1, the caller is compiled with AVX2 and FMA (AVX-512 F implies them)"] # [doc = r" and so runs on a CPU that has them. `__ISA` 0 asks nothing."] # [inline (always)] unsafe fn __forward < const __ISA : u8 > (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 16usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 5usize > {
let __z1 = unsafe {
self . layer1 . affine_isa :: < __ISA > (x) }
;
let __a1 = :: typenet :: __private :: activation :: apply_isa :: < __ISA , T , _ , 16usize > (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
let __z2 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __o0 = __x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize] + __x [2usize] * __w [0usize] [2usize] + __x [3usize] * __w [0usize] [3usize] + __x [4usize] * __w [0usize] [4usize] + __x [5usize] * __w [0usize] [5usize] + __x [6usize] * __w [0usize] [6usize] + __x [7usize] * __w [0usize] [7usize] + __x [8usize] * __w [0usize] [8usize] + __x [9usize] * __w [0usize] [9usize] + __x [10usize] * __w [0usize] [10usize] + __x [11usize] * __w [0usize] [11usize] + __x [12usize] * __w [0usize] [12usize] + __x [13usize] * __w [0usize] [13usize] + __x [14usize] * __w [0usize] [14usize] + __x [15usize] * __w [0usize] [15usize] + __b [0usize] ;
let __o1 = __x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize] + __x [2usize] * __w [1usize] [2usize] + __x [3usize] * __w [1usize] [3usize] + __x [4usize] * __w [1usize] [4usize] + __x [5usize] * __w [1usize] [5usize] + __x [6usize] * __w [1usize] [6usize] + __x [7usize] * __w [1usize] [7usize] + __x [8usize] * __w [1usize] [8usize] + __x [9usize] * __w [1usize] [9usize] + __x [10usize] * __w [1usize] [10usize] + __x [11usize] * __w [1usize] [11usize] + __x [12usize] * __w [1usize] [12usize] + __x [13usize] * __w [1usize] [13usize] + __x [14usize] * __w [1usize] [14usize] + __x [15usize] * __w [1usize] [15usize] + __b [1usize] ;
let __o2 = __x [0usize] * __w [2usize] [0usize] + __x [1usize] * __w [2usize] [1usize] + __x [2usize] * __w [2usize] [2usize] + __x [3usize] * __w [2usize] [3usize] + __x [4usize] * __w [2usize] [4usize] + __x [5usize] * __w [2usize] [5usize] + __x [6usize] * __w [2usize] [6usize] + __x [7usize] * __w [2usize] [7usize] + __x [8usize] * __w [2usize] [8usize] + __x [9usize] * __w [2usize] [9usize] + __x [10usize] * __w [2usize] [10usize] + __x [11usize] * __w [2usize] [11usize] + __x [12usize] * __w [2usize] [12usize] + __x [13usize] * __w [2usize] [13usize] + __x [14usize] * __w [2usize] [14usize] + __x [15usize] * __w [2usize] [15usize] + __b [2usize] ;
let __o3 = __x [0usize] * __w [3usize] [0usize] + __x [1usize] * __w [3usize] [1usize] + __x [2usize] * __w [3usize] [2usize] + __x [3usize] * __w [3usize] [3usize] + __x [4usize] * __w [3usize] [4usize] + __x [5usize] * __w [3usize] [5usize] + __x [6usize] * __w [3usize] [6usize] + __x [7usize] * __w [3usize] [7usize] + __x [8usize] * __w [3usize] [8usize] + __x [9usize] * __w [3usize] [9usize] + __x [10usize] * __w [3usize] [10usize] + __x [11usize] * __w [3usize] [11usize] + __x [12usize] * __w [3usize] [12usize] + __x [13usize] * __w [3usize] [13usize] + __x [14usize] * __w [3usize] [14usize] + __x [15usize] * __w [3usize] [15usize] + __b [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __a2 = :: typenet :: __private :: activation :: apply_isa :: < __ISA , T , _ , 4usize > (& :: typenet :: __private :: activation :: Identity , & __z2) ;
let __z3 = {
let __w = & self . layer3 . weight . data . 0 ;
let __x = & (& __a2) . data . 0 [0] ;
let __b = & self . layer3 . bias . data . 0 [0] ;
let __z = match unsafe {
:: typenet :: __private :: unrolled_affine_isa :: < __ISA , _ , _ , _ > (__w , __x , :: core :: option :: Option :: Some (__b)) }
{
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
let __o4 = ((__x [0usize] * __w [4usize] [0usize] + __x [2usize] * __w [4usize] [2usize]) + (__x [1usize] * __w [4usize] [1usize] + __x [3usize] * __w [4usize] [3usize])) + __b [4usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 5usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a3 = :: typenet :: __private :: activation :: apply_isa :: < __ISA , T , _ , 5usize > (& :: typenet :: __private :: activation :: Sigmoid , & __z3) ;
__a3 }
# [doc = r" `forward` compiled for AVX2 and FMA, for builds whose baseline lacks them."] # [doc = r""] # [doc = r" # Safety"] # [doc = r" The CPU has AVX2 and FMA."] # [cfg (target_arch = "x86_64")] # [target_feature (enable = "avx2,fma")] unsafe fn __forward_avx2_fma (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 16usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 5usize > {
unsafe {
self . __forward :: < 1 > (x) }
} # [doc = r" `forward` compiled for AVX-512 F, for builds whose baseline lacks it."] # [doc = r""] # [doc = r" # Safety"] # [doc = r" The CPU has AVX-512 F."] # [cfg (target_arch = "x86_64")] # [target_feature (enable = "avx512f")] unsafe fn __forward_avx512 (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 16usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 5usize > {
unsafe {
self . __forward :: < 2 > (x) }
} # [doc = r" One forward pass keeping every layer's pre-activation `z` and activation `a`."] pub fn forward_trace (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 16usize >) -> MidTrace < T > {
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
let __z2 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __o0 = __x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize] + __x [2usize] * __w [0usize] [2usize] + __x [3usize] * __w [0usize] [3usize] + __x [4usize] * __w [0usize] [4usize] + __x [5usize] * __w [0usize] [5usize] + __x [6usize] * __w [0usize] [6usize] + __x [7usize] * __w [0usize] [7usize] + __x [8usize] * __w [0usize] [8usize] + __x [9usize] * __w [0usize] [9usize] + __x [10usize] * __w [0usize] [10usize] + __x [11usize] * __w [0usize] [11usize] + __x [12usize] * __w [0usize] [12usize] + __x [13usize] * __w [0usize] [13usize] + __x [14usize] * __w [0usize] [14usize] + __x [15usize] * __w [0usize] [15usize] + __b [0usize] ;
let __o1 = __x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize] + __x [2usize] * __w [1usize] [2usize] + __x [3usize] * __w [1usize] [3usize] + __x [4usize] * __w [1usize] [4usize] + __x [5usize] * __w [1usize] [5usize] + __x [6usize] * __w [1usize] [6usize] + __x [7usize] * __w [1usize] [7usize] + __x [8usize] * __w [1usize] [8usize] + __x [9usize] * __w [1usize] [9usize] + __x [10usize] * __w [1usize] [10usize] + __x [11usize] * __w [1usize] [11usize] + __x [12usize] * __w [1usize] [12usize] + __x [13usize] * __w [1usize] [13usize] + __x [14usize] * __w [1usize] [14usize] + __x [15usize] * __w [1usize] [15usize] + __b [1usize] ;
let __o2 = __x [0usize] * __w [2usize] [0usize] + __x [1usize] * __w [2usize] [1usize] + __x [2usize] * __w [2usize] [2usize] + __x [3usize] * __w [2usize] [3usize] + __x [4usize] * __w [2usize] [4usize] + __x [5usize] * __w [2usize] [5usize] + __x [6usize] * __w [2usize] [6usize] + __x [7usize] * __w [2usize] [7usize] + __x [8usize] * __w [2usize] [8usize] + __x [9usize] * __w [2usize] [9usize] + __x [10usize] * __w [2usize] [10usize] + __x [11usize] * __w [2usize] [11usize] + __x [12usize] * __w [2usize] [12usize] + __x [13usize] * __w [2usize] [13usize] + __x [14usize] * __w [2usize] [14usize] + __x [15usize] * __w [2usize] [15usize] + __b [2usize] ;
let __o3 = __x [0usize] * __w [3usize] [0usize] + __x [1usize] * __w [3usize] [1usize] + __x [2usize] * __w [3usize] [2usize] + __x [3usize] * __w [3usize] [3usize] + __x [4usize] * __w [3usize] [4usize] + __x [5usize] * __w [3usize] [5usize] + __x [6usize] * __w [3usize] [6usize] + __x [7usize] * __w [3usize] [7usize] + __x [8usize] * __w [3usize] [8usize] + __x [9usize] * __w [3usize] [9usize] + __x [10usize] * __w [3usize] [10usize] + __x [11usize] * __w [3usize] [11usize] + __x [12usize] * __w [3usize] [12usize] + __x [13usize] * __w [3usize] [13usize] + __x [14usize] * __w [3usize] [14usize] + __x [15usize] * __w [3usize] [15usize] + __b [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z2) ;
let __z3 = {
let __w = & self . layer3 . weight . data . 0 ;
let __x = & (& __a2) . data . 0 [0] ;
let __b = & self . layer3 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
let __o4 = ((__x [0usize] * __w [4usize] [0usize] + __x [2usize] * __w [4usize] [2usize]) + (__x [1usize] * __w [4usize] [1usize] + __x [3usize] * __w [4usize] [3usize])) + __b [4usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 5usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Sigmoid , & __z3) ;
MidTrace {
layer1 : :: typenet :: __private :: LayerTrace {
z : __z1 , a : __a1 }
, layer2 : :: typenet :: __private :: LayerTrace {
z : __z2 , a : __a2 }
, layer3 : :: typenet :: __private :: LayerTrace {
z : __z3 , a : __a3 }
, }
} # [doc = r" ∂y/∂x at `x` (outputs × inputs): entry (k, i) is how much output k moves per unit"] # [doc = r" of input i."] pub fn input_jacobian (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 16usize >) -> :: typenet :: __private :: nalgebra :: SMatrix < T , 5usize , 16usize > {
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
let __z2 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __o0 = __x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize] + __x [2usize] * __w [0usize] [2usize] + __x [3usize] * __w [0usize] [3usize] + __x [4usize] * __w [0usize] [4usize] + __x [5usize] * __w [0usize] [5usize] + __x [6usize] * __w [0usize] [6usize] + __x [7usize] * __w [0usize] [7usize] + __x [8usize] * __w [0usize] [8usize] + __x [9usize] * __w [0usize] [9usize] + __x [10usize] * __w [0usize] [10usize] + __x [11usize] * __w [0usize] [11usize] + __x [12usize] * __w [0usize] [12usize] + __x [13usize] * __w [0usize] [13usize] + __x [14usize] * __w [0usize] [14usize] + __x [15usize] * __w [0usize] [15usize] + __b [0usize] ;
let __o1 = __x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize] + __x [2usize] * __w [1usize] [2usize] + __x [3usize] * __w [1usize] [3usize] + __x [4usize] * __w [1usize] [4usize] + __x [5usize] * __w [1usize] [5usize] + __x [6usize] * __w [1usize] [6usize] + __x [7usize] * __w [1usize] [7usize] + __x [8usize] * __w [1usize] [8usize] + __x [9usize] * __w [1usize] [9usize] + __x [10usize] * __w [1usize] [10usize] + __x [11usize] * __w [1usize] [11usize] + __x [12usize] * __w [1usize] [12usize] + __x [13usize] * __w [1usize] [13usize] + __x [14usize] * __w [1usize] [14usize] + __x [15usize] * __w [1usize] [15usize] + __b [1usize] ;
let __o2 = __x [0usize] * __w [2usize] [0usize] + __x [1usize] * __w [2usize] [1usize] + __x [2usize] * __w [2usize] [2usize] + __x [3usize] * __w [2usize] [3usize] + __x [4usize] * __w [2usize] [4usize] + __x [5usize] * __w [2usize] [5usize] + __x [6usize] * __w [2usize] [6usize] + __x [7usize] * __w [2usize] [7usize] + __x [8usize] * __w [2usize] [8usize] + __x [9usize] * __w [2usize] [9usize] + __x [10usize] * __w [2usize] [10usize] + __x [11usize] * __w [2usize] [11usize] + __x [12usize] * __w [2usize] [12usize] + __x [13usize] * __w [2usize] [13usize] + __x [14usize] * __w [2usize] [14usize] + __x [15usize] * __w [2usize] [15usize] + __b [2usize] ;
let __o3 = __x [0usize] * __w [3usize] [0usize] + __x [1usize] * __w [3usize] [1usize] + __x [2usize] * __w [3usize] [2usize] + __x [3usize] * __w [3usize] [3usize] + __x [4usize] * __w [3usize] [4usize] + __x [5usize] * __w [3usize] [5usize] + __x [6usize] * __w [3usize] [6usize] + __x [7usize] * __w [3usize] [7usize] + __x [8usize] * __w [3usize] [8usize] + __x [9usize] * __w [3usize] [9usize] + __x [10usize] * __w [3usize] [10usize] + __x [11usize] * __w [3usize] [11usize] + __x [12usize] * __w [3usize] [12usize] + __x [13usize] * __w [3usize] [13usize] + __x [14usize] * __w [3usize] [14usize] + __x [15usize] * __w [3usize] [15usize] + __b [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z2) ;
let __z3 = {
let __w = & self . layer3 . weight . data . 0 ;
let __x = & (& __a2) . data . 0 [0] ;
let __b = & self . layer3 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
let __o4 = ((__x [0usize] * __w [4usize] [0usize] + __x [2usize] * __w [4usize] [2usize]) + (__x [1usize] * __w [4usize] [1usize] + __x [3usize] * __w [4usize] [3usize])) + __b [4usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 5usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Sigmoid , & __z3) ;
let mut __j = :: typenet :: __private :: nalgebra :: SMatrix :: < T , 5usize , 16usize > :: zeros () ;
for __k in 0 .. 5usize {
let mut __da3 = :: typenet :: __private :: nalgebra :: SVector :: < T , 5usize > :: zeros () ;
__da3 [__k] = < T as :: typenet :: __private :: Scalar > :: lit (1.0) ;
let __dz3 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Sigmoid , & __z3 , & __a3 , & __da3) ;
let __da2 = {
let __w = & self . layer3 . weight . data . 0 ;
let __d = & __dz3 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] + __w [4usize] [0usize] * __d [4usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] + __w [4usize] [1usize] * __d [4usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] + __w [4usize] [2usize] * __d [4usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] + __w [4usize] [3usize] * __d [4usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z2 , & __a2 , & __da2) ;
let __da1 = {
let __w = & self . layer2 . weight . data . 0 ;
let __d = & __dz2 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] ;
let __o4 = __w [0usize] [4usize] * __d [0usize] + __w [1usize] [4usize] * __d [1usize] + __w [2usize] [4usize] * __d [2usize] + __w [3usize] [4usize] * __d [3usize] ;
let __o5 = __w [0usize] [5usize] * __d [0usize] + __w [1usize] [5usize] * __d [1usize] + __w [2usize] [5usize] * __d [2usize] + __w [3usize] [5usize] * __d [3usize] ;
let __o6 = __w [0usize] [6usize] * __d [0usize] + __w [1usize] [6usize] * __d [1usize] + __w [2usize] [6usize] * __d [2usize] + __w [3usize] [6usize] * __d [3usize] ;
let __o7 = __w [0usize] [7usize] * __d [0usize] + __w [1usize] [7usize] * __d [1usize] + __w [2usize] [7usize] * __d [2usize] + __w [3usize] [7usize] * __d [3usize] ;
let __o8 = __w [0usize] [8usize] * __d [0usize] + __w [1usize] [8usize] * __d [1usize] + __w [2usize] [8usize] * __d [2usize] + __w [3usize] [8usize] * __d [3usize] ;
let __o9 = __w [0usize] [9usize] * __d [0usize] + __w [1usize] [9usize] * __d [1usize] + __w [2usize] [9usize] * __d [2usize] + __w [3usize] [9usize] * __d [3usize] ;
let __o10 = __w [0usize] [10usize] * __d [0usize] + __w [1usize] [10usize] * __d [1usize] + __w [2usize] [10usize] * __d [2usize] + __w [3usize] [10usize] * __d [3usize] ;
let __o11 = __w [0usize] [11usize] * __d [0usize] + __w [1usize] [11usize] * __d [1usize] + __w [2usize] [11usize] * __d [2usize] + __w [3usize] [11usize] * __d [3usize] ;
let __o12 = __w [0usize] [12usize] * __d [0usize] + __w [1usize] [12usize] * __d [1usize] + __w [2usize] [12usize] * __d [2usize] + __w [3usize] [12usize] * __d [3usize] ;
let __o13 = __w [0usize] [13usize] * __d [0usize] + __w [1usize] [13usize] * __d [1usize] + __w [2usize] [13usize] * __d [2usize] + __w [3usize] [13usize] * __d [3usize] ;
let __o14 = __w [0usize] [14usize] * __d [0usize] + __w [1usize] [14usize] * __d [1usize] + __w [2usize] [14usize] * __d [2usize] + __w [3usize] [14usize] * __d [3usize] ;
let __o15 = __w [0usize] [15usize] * __d [0usize] + __w [1usize] [15usize] * __d [1usize] + __w [2usize] [15usize] * __d [2usize] + __w [3usize] [15usize] * __d [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 16usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7 , __o8 , __o9 , __o10 , __o11 , __o12 , __o13 , __o14 , __o15]])) }
;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __da1) ;
let __da0 = self . layer1 . input_gradient (& __dz1) ;
let __dx : :: typenet :: __private :: nalgebra :: SVector < T , 16usize > = __da0 ;
__j . set_row (__k , & __dx . transpose ()) ;
} __j }
# [doc = r" Builds the network from its parameters in PyTorch `state_dict` order."] # [doc = r""] # [doc = r" A `const fn`: `const NET: Name<f32> = Name::from_array([…]);` puts a trained"] # [doc = r" network in flash, with nothing computed at start-up."] pub const fn from_array (values : [T ;
365usize]) -> Self {
unsafe {
:: typenet :: __private :: network :: flat_from_array :: < T , Self , 365usize > (values) }
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Parameters < T > for Mid < T > {
const INPUTS : usize = 16usize ;
const OUTPUTS : usize = 5usize ;
const PARAMS : usize = 365usize ;
const NAME : & 'static str = "Mid" ;
const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = Mid :: < T > :: TENSORS ;
const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = Mid :: < T > :: LAYERS ;
fn init < R : :: typenet :: __private :: rand_core :: Rng + ? Sized > (& mut self , rng : & mut R) {
self . layer1 . init_uniform (:: typenet :: __private :: init :: glorot_bound (16usize , 16usize) , rng) ;
self . layer2 . init_uniform (:: typenet :: __private :: init :: glorot_bound (16usize , 4usize) , rng) ;
self . layer3 . init_uniform (:: typenet :: __private :: init :: glorot_bound (4usize , 5usize) , rng) ;
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Network < T > for Mid < T > {
type Input = :: typenet :: __private :: nalgebra :: SVector < T , 16usize > ;
type Output = :: typenet :: __private :: nalgebra :: SVector < T , 5usize > ;
type Trace = MidTrace < T > ;
type InputJacobian = :: typenet :: __private :: nalgebra :: SMatrix < T , 5usize , 16usize > ;
# [inline] fn forward (& self , x : & Self :: Input) -> Self :: Output {
Mid :: forward (self , x) }
fn forward_trace (& self , x : & Self :: Input) -> Self :: Trace {
Mid :: forward_trace (self , x) }
fn input_jacobian (& self , x : & Self :: Input) -> Self :: InputJacobian {
Mid :: input_jacobian (self , x) }
} # [doc = "The int8 twin of [`Mid`] (made by [`Mid::quantize`]): integer-only inference with TensorFlow Lite's scheme (see `typenet::quant`); 16 inputs, 5 outputs."] # [derive (Clone , Debug , PartialEq)] pub struct MidQuantized {
# [doc = r" How the input is stored."] pub input : :: typenet :: __private :: quant :: QParams , # [doc = "Layer 1, `layer1`: Dense 16 → 16 in int8, followed by a tanh table."] pub layer1 : :: typenet :: __private :: quant :: QDense < 16usize , 16usize > , # [doc = "Layer 1: the tanh table after `layer1`."] pub layer1_lut : :: typenet :: __private :: quant :: QLut , # [doc = "Layer 2, `layer2`: Dense 16 → 4 in int8, Identity (the output's full range)."] pub layer2 : :: typenet :: __private :: quant :: QDense < 16usize , 4usize > , # [doc = "Layer 3, `layer3`: Dense 4 → 5 in int8, followed by a sigmoid table."] pub layer3 : :: typenet :: __private :: quant :: QDense < 4usize , 5usize > , # [doc = "Layer 3: the sigmoid table after `layer3`."] pub layer3_lut : :: typenet :: __private :: quant :: QLut , }
# [allow (dead_code)] impl MidQuantized {
# [doc = r" Number of inputs."] pub const INPUTS : usize = 16usize ;
# [doc = r" Number of outputs."] pub const OUTPUTS : usize = 5usize ;
# [doc = r" The type's name."] pub const NAME : & 'static str = "MidQuantized" ;
# [doc = r" The network's int8 output for int8 input `x`: integers only, no heap, no panic."] # [inline] pub fn forward (& self , x : & [i8 ;
16usize]) -> [i8 ;
5usize] {
let __q1 = self . layer1 . forward (x) ;
let __q1 = self . layer1_lut . apply (& __q1) ;
let __q2 = self . layer2 . forward (& __q1) ;
let __q3 = self . layer3 . forward (& __q2) ;
let __q3 = self . layer3_lut . apply (& __q3) ;
__q3 }
# [doc = r" [`forward`](Self::forward), calling `each(layer, output, params)` after every layer"] # [doc = r" (1-based; the output after its activation, and how it is stored)."] pub fn forward_layers (& self , x : & [i8 ;
16usize] , mut each : impl FnMut (usize , & [i8] , :: typenet :: __private :: quant :: QParams) ,) -> [i8 ;
5usize] {
let __q1 = self . layer1 . forward (x) ;
let __q1 = self . layer1_lut . apply (& __q1) ;
each (1usize , & __q1 , :: typenet :: __private :: quant :: QParams :: TANH) ;
let __q2 = self . layer2 . forward (& __q1) ;
each (2usize , & __q2 , self . layer2 . output ()) ;
let __q3 = self . layer3 . forward (& __q2) ;
let __q3 = self . layer3_lut . apply (& __q3) ;
each (3usize , & __q3 , :: typenet :: __private :: quant :: QParams :: SIGMOID) ;
__q3 }
# [doc = r" How the output is stored."] pub fn output_params (& self) -> :: typenet :: __private :: quant :: QParams {
:: typenet :: __private :: quant :: QParams :: SIGMOID }
# [doc = r" A float input on the int8 grid of [`input`](Self::input) (in `f32`; a host-side"] # [doc = r" helper)."] pub fn quantize_input < T : :: typenet :: __private :: Scalar > (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 16usize >) -> [i8 ;
16usize] {
:: core :: array :: from_fn (| i | self . input . quantize (:: typenet :: __private :: Scalar :: to_f64 (x [i]) as f32)) }
# [doc = r" The real values of an int8 output."] pub fn dequantize_output (& self , y : & [i8 ;
5usize]) -> :: typenet :: __private :: nalgebra :: SVector < f32 , 5usize > {
let params = self . output_params () ;
:: typenet :: __private :: nalgebra :: SVector :: < f32 , 5usize > :: from_fn (| i , _ | params . dequantize (y [i])) }
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
out . write_str (concat ! ("\n    " , stringify ! (layer2) , ": ")) ? ;
self . layer2 . write_rust (out) ? ;
out . write_char (',') ? ;
out . write_str (concat ! ("\n    " , stringify ! (layer3) , ": ")) ? ;
self . layer3 . write_rust (out) ? ;
out . write_char (',') ? ;
out . write_str (concat ! ("\n    " , stringify ! (layer3_lut) , ": ")) ? ;
self . layer3_lut . write_rust (out) ? ;
out . write_char (',') ? ;
out . write_str ("\n};\n") ? ;
:: core :: result :: Result :: Ok (()) }
# [doc = r" Writes the parameters as plain text, one `name values…` line each (read by"] # [doc = r" `tools/reference/int8_reference.py`)."] pub fn write_text < W : :: core :: fmt :: Write > (& self , out : & mut W) -> :: core :: fmt :: Result {
writeln ! (out , "input.scale {:?}" , self . input . scale) ? ;
writeln ! (out , "input.zero_point {}" , self . input . zero_point) ? ;
self . layer1 . write_text (out , "layer1") ? ;
self . layer1_lut . write_text (out , "layer1") ? ;
self . layer2 . write_text (out , "layer2") ? ;
self . layer3 . write_text (out , "layer3") ? ;
self . layer3_lut . write_text (out , "layer3") ? ;
:: core :: result :: Result :: Ok (()) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: quant :: Quantizable for Mid < T > {
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Mid < T > {
# [doc = r" Post-training int8 quantization: runs the float network on every calibration"] # [doc = r" sample, records the range of the input and of every layer's output, and builds"] # [doc = concat ! ("the [`" , "MidQuantized" , "`] twin (per-channel symmetric weights, `i32` biases,")] # [doc = r" per-tensor asymmetric activations; see `typenet::quant`)."] # [doc = r""] # [doc = r" Errors: no sample, a sample with NaN or ±∞ (its index), a layer computing a"] # [doc = r" non-finite value, non-finite weights, a bias beyond `i32`."] pub fn quantize < C > (& self , calibration : C) -> :: core :: result :: Result < MidQuantized , :: typenet :: __private :: quant :: QuantError > where C : :: core :: iter :: IntoIterator , C :: Item : :: core :: borrow :: Borrow < :: typenet :: __private :: nalgebra :: SVector < T , 16usize >> , {
let mut __r0 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __rz1 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __ra1 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __rz2 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __ra2 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __rz3 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __ra3 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __seen = false ;
for (__index , __x) in calibration . into_iter () . enumerate () {
let __x : & :: typenet :: __private :: nalgebra :: SVector < T , 16usize > = :: core :: borrow :: Borrow :: borrow (& __x) ;
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
} if ! __rz3 . observe (__trace . layer3 . z . as_slice ()) || ! __ra3 . observe (__trace . layer3 . a . as_slice ()) {
return :: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: NonFiniteActivation {
index : __index , layer : 3usize }) ;
} __seen = true ;
} if ! __seen {
return :: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: EmptyCalibration) ;
} let __p0 = :: typenet :: __private :: quant :: QParams :: from_range (__r0) ;
let __out = :: typenet :: __private :: quant :: QParams :: from_range (__rz1) ;
let layer1 = :: typenet :: __private :: quant :: QDense :: quantize (& self . layer1 . weight , :: core :: option :: Option :: Some (& self . layer1 . bias) , __p0 , __out , false , 1usize) ? ;
let layer1_lut = :: typenet :: __private :: quant :: QLut :: tanh (__out) ;
let __p1 = :: typenet :: __private :: quant :: QParams :: TANH ;
let __out = :: typenet :: __private :: quant :: QParams :: from_range (__rz2) ;
let layer2 = :: typenet :: __private :: quant :: QDense :: quantize (& self . layer2 . weight , :: core :: option :: Option :: Some (& self . layer2 . bias) , __p1 , __out , false , 2usize) ? ;
let __p2 = __out ;
let __out = :: typenet :: __private :: quant :: QParams :: from_range (__rz3) ;
let layer3 = :: typenet :: __private :: quant :: QDense :: quantize (& self . layer3 . weight , :: core :: option :: Option :: Some (& self . layer3 . bias) , __p2 , __out , false , 3usize) ? ;
let layer3_lut = :: typenet :: __private :: quant :: QLut :: sigmoid (__out) ;
let __p3 = :: typenet :: __private :: quant :: QParams :: SIGMOID ;
:: core :: result :: Result :: Ok (MidQuantized {
input : __p0 , layer1 , layer1_lut , layer2 , layer3 , layer3_lut , }) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: second_order :: SecondOrder < T > for Mid < T > {
const MSE_LOSS : bool = false ;
fn hvp_into (& self , x : & Self :: Input , target : & Self :: Target , v : & Self , grads : & mut Self :: Gradients , hv : & mut Self :: Gradients ,) -> T {
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
let __z2 = self . layer2 . affine ((& __a1)) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z2) ;
let __z3 = self . layer3 . affine ((& __a2)) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Sigmoid , & __z3) ;
let __rz1 = v . layer1 . affine (x) ;
let __ra1 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __rz1) ;
let __rz2 = v . layer2 . affine ((& __a1)) + self . layer2 . weight . tr_mul (& __ra1) ;
let __ra2 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: Identity , & __z2 , & __a2 , & __rz2) ;
let __rz3 = v . layer3 . affine ((& __a2)) + self . layer3 . weight . tr_mul (& __ra2) ;
let __ra3 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: Sigmoid , & __z3 , & __a3 , & __rz3) ;
let __loss = :: typenet :: __private :: loss :: FusedLoss :: < T > :: loss_from_logits (& :: typenet :: __private :: loss :: BCE , & __z3 , target) ;
let __dz3 = :: typenet :: __private :: loss :: FusedLoss :: < T > :: logit_gradient (& :: typenet :: __private :: loss :: BCE , & __a3 , target) ;
let __rdz3 = :: typenet :: __private :: second_order :: FusedLossCurvature :: < T > :: logit_hvp (& :: typenet :: __private :: loss :: BCE , & __z3 , & __a3 , target , & __rz3) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer3 , (& __a2) , & __dz3) ;
:: typenet :: __private :: Dense :: accumulate (& mut hv . layer3 , (& __a2) , & __rdz3) ;
:: typenet :: __private :: second_order :: accumulate_weight (& mut hv . layer3 . weight , & __ra2 , & __dz3) ;
let __da2 = self . layer3 . input_gradient (& __dz3) ;
let __rda2 = v . layer3 . input_gradient (& __dz3) + self . layer3 . input_gradient (& __rdz3) ;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z2 , & __a2 , & __da2) ;
let __rdz2 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: Identity , & __z2 , & __a2 , & __da2 , & __rz2 , & __ra2 , & __rda2 ,) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer2 , (& __a1) , & __dz2) ;
:: typenet :: __private :: Dense :: accumulate (& mut hv . layer2 , (& __a1) , & __rdz2) ;
:: typenet :: __private :: second_order :: accumulate_weight (& mut hv . layer2 . weight , & __ra1 , & __dz2) ;
let __da1 = self . layer2 . input_gradient (& __dz2) ;
let __rda1 = v . layer2 . input_gradient (& __dz2) + self . layer2 . input_gradient (& __rdz2) ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __da1) ;
let __rdz1 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __da1 , & __rz1 , & __ra1 , & __rda1 ,) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer1 , x , & __dz1) ;
:: typenet :: __private :: Dense :: accumulate (& mut hv . layer1 , x , & __rdz1) ;
__loss }
fn output_vjp_into (& self , x : & Self :: Input , dy : & [T] , grads : & mut Self :: Gradients , y : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: LengthError > {
for __len in [dy . len () , y . len ()] {
if __len != 5usize {
return :: core :: result :: Result :: Err (:: typenet :: __private :: LengthError {
expected : 5usize , found : __len }) ;
} }
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
let __z2 = self . layer2 . affine ((& __a1)) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z2) ;
let __z3 = self . layer3 . affine ((& __a2)) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Sigmoid , & __z3) ;
let __da3 = :: typenet :: __private :: nalgebra :: SVector :: < T , 5usize > :: from_column_slice (dy) ;
let __dz3 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Sigmoid , & __z3 , & __a3 , & __da3) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer3 , (& __a2) , & __dz3) ;
let __da2 = self . layer3 . input_gradient (& __dz3) ;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z2 , & __a2 , & __da2) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer2 , (& __a1) , & __dz2) ;
let __da1 = self . layer2 . input_gradient (& __dz2) ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __da1) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer1 , x , & __dz1) ;
y . copy_from_slice (__a3 . as_slice ()) ;
:: core :: result :: Result :: Ok (()) }
fn target_values (target : & Self :: Target) -> & [T] {
target . as_slice () }
} # [doc = "Gradients of [`Mid`]'s loss: the same layers, names and flat order as its parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct MidGradients < T = f32 > {
# [doc = "Layer 1: Dense 16 → 16, Tanh (272 parameters)."] pub layer1 : :: typenet :: __private :: Dense < T , 16usize , 16usize > , # [doc = "Layer 2: Dense 16 → 4, Identity (68 parameters)."] pub layer2 : :: typenet :: __private :: Dense < T , 16usize , 4usize > , # [doc = "Layer 3: Dense 4 → 5, Sigmoid (25 parameters)."] pub layer3 : :: typenet :: __private :: Dense < T , 4usize , 5usize > , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for MidGradients < T > {
const LEN : usize = 365usize ;
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Mid < T > {
# [doc = r" The loss of one sample."] # [inline] pub fn loss (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 16usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 5usize >) -> T {
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
let __z2 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __o0 = __x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize] + __x [2usize] * __w [0usize] [2usize] + __x [3usize] * __w [0usize] [3usize] + __x [4usize] * __w [0usize] [4usize] + __x [5usize] * __w [0usize] [5usize] + __x [6usize] * __w [0usize] [6usize] + __x [7usize] * __w [0usize] [7usize] + __x [8usize] * __w [0usize] [8usize] + __x [9usize] * __w [0usize] [9usize] + __x [10usize] * __w [0usize] [10usize] + __x [11usize] * __w [0usize] [11usize] + __x [12usize] * __w [0usize] [12usize] + __x [13usize] * __w [0usize] [13usize] + __x [14usize] * __w [0usize] [14usize] + __x [15usize] * __w [0usize] [15usize] + __b [0usize] ;
let __o1 = __x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize] + __x [2usize] * __w [1usize] [2usize] + __x [3usize] * __w [1usize] [3usize] + __x [4usize] * __w [1usize] [4usize] + __x [5usize] * __w [1usize] [5usize] + __x [6usize] * __w [1usize] [6usize] + __x [7usize] * __w [1usize] [7usize] + __x [8usize] * __w [1usize] [8usize] + __x [9usize] * __w [1usize] [9usize] + __x [10usize] * __w [1usize] [10usize] + __x [11usize] * __w [1usize] [11usize] + __x [12usize] * __w [1usize] [12usize] + __x [13usize] * __w [1usize] [13usize] + __x [14usize] * __w [1usize] [14usize] + __x [15usize] * __w [1usize] [15usize] + __b [1usize] ;
let __o2 = __x [0usize] * __w [2usize] [0usize] + __x [1usize] * __w [2usize] [1usize] + __x [2usize] * __w [2usize] [2usize] + __x [3usize] * __w [2usize] [3usize] + __x [4usize] * __w [2usize] [4usize] + __x [5usize] * __w [2usize] [5usize] + __x [6usize] * __w [2usize] [6usize] + __x [7usize] * __w [2usize] [7usize] + __x [8usize] * __w [2usize] [8usize] + __x [9usize] * __w [2usize] [9usize] + __x [10usize] * __w [2usize] [10usize] + __x [11usize] * __w [2usize] [11usize] + __x [12usize] * __w [2usize] [12usize] + __x [13usize] * __w [2usize] [13usize] + __x [14usize] * __w [2usize] [14usize] + __x [15usize] * __w [2usize] [15usize] + __b [2usize] ;
let __o3 = __x [0usize] * __w [3usize] [0usize] + __x [1usize] * __w [3usize] [1usize] + __x [2usize] * __w [3usize] [2usize] + __x [3usize] * __w [3usize] [3usize] + __x [4usize] * __w [3usize] [4usize] + __x [5usize] * __w [3usize] [5usize] + __x [6usize] * __w [3usize] [6usize] + __x [7usize] * __w [3usize] [7usize] + __x [8usize] * __w [3usize] [8usize] + __x [9usize] * __w [3usize] [9usize] + __x [10usize] * __w [3usize] [10usize] + __x [11usize] * __w [3usize] [11usize] + __x [12usize] * __w [3usize] [12usize] + __x [13usize] * __w [3usize] [13usize] + __x [14usize] * __w [3usize] [14usize] + __x [15usize] * __w [3usize] [15usize] + __b [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z2) ;
let __z3 = {
let __w = & self . layer3 . weight . data . 0 ;
let __x = & (& __a2) . data . 0 [0] ;
let __b = & self . layer3 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
let __o4 = ((__x [0usize] * __w [4usize] [0usize] + __x [2usize] * __w [4usize] [2usize]) + (__x [1usize] * __w [4usize] [1usize] + __x [3usize] * __w [4usize] [3usize])) + __b [4usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 5usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Sigmoid , & __z3) ;
:: typenet :: __private :: loss :: FusedLoss :: < T > :: loss_from_logits (& :: typenet :: __private :: loss :: BCE , & __z3 , target) }
# [doc = r" Adds one sample's gradient to `grads` and returns its loss."] # [inline] pub fn backward_into (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 16usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 5usize > , grads : & mut MidGradients < T > ,) -> T {
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
let __z2 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __o0 = __x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize] + __x [2usize] * __w [0usize] [2usize] + __x [3usize] * __w [0usize] [3usize] + __x [4usize] * __w [0usize] [4usize] + __x [5usize] * __w [0usize] [5usize] + __x [6usize] * __w [0usize] [6usize] + __x [7usize] * __w [0usize] [7usize] + __x [8usize] * __w [0usize] [8usize] + __x [9usize] * __w [0usize] [9usize] + __x [10usize] * __w [0usize] [10usize] + __x [11usize] * __w [0usize] [11usize] + __x [12usize] * __w [0usize] [12usize] + __x [13usize] * __w [0usize] [13usize] + __x [14usize] * __w [0usize] [14usize] + __x [15usize] * __w [0usize] [15usize] + __b [0usize] ;
let __o1 = __x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize] + __x [2usize] * __w [1usize] [2usize] + __x [3usize] * __w [1usize] [3usize] + __x [4usize] * __w [1usize] [4usize] + __x [5usize] * __w [1usize] [5usize] + __x [6usize] * __w [1usize] [6usize] + __x [7usize] * __w [1usize] [7usize] + __x [8usize] * __w [1usize] [8usize] + __x [9usize] * __w [1usize] [9usize] + __x [10usize] * __w [1usize] [10usize] + __x [11usize] * __w [1usize] [11usize] + __x [12usize] * __w [1usize] [12usize] + __x [13usize] * __w [1usize] [13usize] + __x [14usize] * __w [1usize] [14usize] + __x [15usize] * __w [1usize] [15usize] + __b [1usize] ;
let __o2 = __x [0usize] * __w [2usize] [0usize] + __x [1usize] * __w [2usize] [1usize] + __x [2usize] * __w [2usize] [2usize] + __x [3usize] * __w [2usize] [3usize] + __x [4usize] * __w [2usize] [4usize] + __x [5usize] * __w [2usize] [5usize] + __x [6usize] * __w [2usize] [6usize] + __x [7usize] * __w [2usize] [7usize] + __x [8usize] * __w [2usize] [8usize] + __x [9usize] * __w [2usize] [9usize] + __x [10usize] * __w [2usize] [10usize] + __x [11usize] * __w [2usize] [11usize] + __x [12usize] * __w [2usize] [12usize] + __x [13usize] * __w [2usize] [13usize] + __x [14usize] * __w [2usize] [14usize] + __x [15usize] * __w [2usize] [15usize] + __b [2usize] ;
let __o3 = __x [0usize] * __w [3usize] [0usize] + __x [1usize] * __w [3usize] [1usize] + __x [2usize] * __w [3usize] [2usize] + __x [3usize] * __w [3usize] [3usize] + __x [4usize] * __w [3usize] [4usize] + __x [5usize] * __w [3usize] [5usize] + __x [6usize] * __w [3usize] [6usize] + __x [7usize] * __w [3usize] [7usize] + __x [8usize] * __w [3usize] [8usize] + __x [9usize] * __w [3usize] [9usize] + __x [10usize] * __w [3usize] [10usize] + __x [11usize] * __w [3usize] [11usize] + __x [12usize] * __w [3usize] [12usize] + __x [13usize] * __w [3usize] [13usize] + __x [14usize] * __w [3usize] [14usize] + __x [15usize] * __w [3usize] [15usize] + __b [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z2) ;
let __z3 = {
let __w = & self . layer3 . weight . data . 0 ;
let __x = & (& __a2) . data . 0 [0] ;
let __b = & self . layer3 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
let __o4 = ((__x [0usize] * __w [4usize] [0usize] + __x [2usize] * __w [4usize] [2usize]) + (__x [1usize] * __w [4usize] [1usize] + __x [3usize] * __w [4usize] [3usize])) + __b [4usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 5usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Sigmoid , & __z3) ;
let __loss = :: typenet :: __private :: loss :: FusedLoss :: < T > :: loss_from_logits (& :: typenet :: __private :: loss :: BCE , & __z3 , target) ;
let __dz3 = :: typenet :: __private :: loss :: FusedLoss :: < T > :: logit_gradient (& :: typenet :: __private :: loss :: BCE , & __a3 , target) ;
{ let __x = & (& __a2) . data . 0 [0] ;
let __d = & __dz3 . data . 0 [0] ;
let __gw = & mut grads . layer3 . weight . data . 0 ;
__gw [0usize] [0usize] += __x [0usize] * __d [0usize] ;
__gw [0usize] [1usize] += __x [1usize] * __d [0usize] ;
__gw [0usize] [2usize] += __x [2usize] * __d [0usize] ;
__gw [0usize] [3usize] += __x [3usize] * __d [0usize] ;
__gw [1usize] [0usize] += __x [0usize] * __d [1usize] ;
__gw [1usize] [1usize] += __x [1usize] * __d [1usize] ;
__gw [1usize] [2usize] += __x [2usize] * __d [1usize] ;
__gw [1usize] [3usize] += __x [3usize] * __d [1usize] ;
__gw [2usize] [0usize] += __x [0usize] * __d [2usize] ;
__gw [2usize] [1usize] += __x [1usize] * __d [2usize] ;
__gw [2usize] [2usize] += __x [2usize] * __d [2usize] ;
__gw [2usize] [3usize] += __x [3usize] * __d [2usize] ;
__gw [3usize] [0usize] += __x [0usize] * __d [3usize] ;
__gw [3usize] [1usize] += __x [1usize] * __d [3usize] ;
__gw [3usize] [2usize] += __x [2usize] * __d [3usize] ;
__gw [3usize] [3usize] += __x [3usize] * __d [3usize] ;
__gw [4usize] [0usize] += __x [0usize] * __d [4usize] ;
__gw [4usize] [1usize] += __x [1usize] * __d [4usize] ;
__gw [4usize] [2usize] += __x [2usize] * __d [4usize] ;
__gw [4usize] [3usize] += __x [3usize] * __d [4usize] ;
let __gb = & mut grads . layer3 . bias . data . 0 [0] ;
__gb [0usize] += __d [0usize] ;
__gb [1usize] += __d [1usize] ;
__gb [2usize] += __d [2usize] ;
__gb [3usize] += __d [3usize] ;
__gb [4usize] += __d [4usize] ;
} let __da2 = {
let __w = & self . layer3 . weight . data . 0 ;
let __d = & __dz3 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] + __w [4usize] [0usize] * __d [4usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] + __w [4usize] [1usize] * __d [4usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] + __w [4usize] [2usize] * __d [4usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] + __w [4usize] [3usize] * __d [4usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z2 , & __a2 , & __da2) ;
{ let __x = & (& __a1) . data . 0 [0] ;
let __d = & __dz2 . data . 0 [0] ;
let __gw = & mut grads . layer2 . weight . data . 0 ;
__gw [0usize] [0usize] += __x [0usize] * __d [0usize] ;
__gw [0usize] [1usize] += __x [1usize] * __d [0usize] ;
__gw [0usize] [2usize] += __x [2usize] * __d [0usize] ;
__gw [0usize] [3usize] += __x [3usize] * __d [0usize] ;
__gw [0usize] [4usize] += __x [4usize] * __d [0usize] ;
__gw [0usize] [5usize] += __x [5usize] * __d [0usize] ;
__gw [0usize] [6usize] += __x [6usize] * __d [0usize] ;
__gw [0usize] [7usize] += __x [7usize] * __d [0usize] ;
__gw [0usize] [8usize] += __x [8usize] * __d [0usize] ;
__gw [0usize] [9usize] += __x [9usize] * __d [0usize] ;
__gw [0usize] [10usize] += __x [10usize] * __d [0usize] ;
__gw [0usize] [11usize] += __x [11usize] * __d [0usize] ;
__gw [0usize] [12usize] += __x [12usize] * __d [0usize] ;
__gw [0usize] [13usize] += __x [13usize] * __d [0usize] ;
__gw [0usize] [14usize] += __x [14usize] * __d [0usize] ;
__gw [0usize] [15usize] += __x [15usize] * __d [0usize] ;
__gw [1usize] [0usize] += __x [0usize] * __d [1usize] ;
__gw [1usize] [1usize] += __x [1usize] * __d [1usize] ;
__gw [1usize] [2usize] += __x [2usize] * __d [1usize] ;
__gw [1usize] [3usize] += __x [3usize] * __d [1usize] ;
__gw [1usize] [4usize] += __x [4usize] * __d [1usize] ;
__gw [1usize] [5usize] += __x [5usize] * __d [1usize] ;
__gw [1usize] [6usize] += __x [6usize] * __d [1usize] ;
__gw [1usize] [7usize] += __x [7usize] * __d [1usize] ;
__gw [1usize] [8usize] += __x [8usize] * __d [1usize] ;
__gw [1usize] [9usize] += __x [9usize] * __d [1usize] ;
__gw [1usize] [10usize] += __x [10usize] * __d [1usize] ;
__gw [1usize] [11usize] += __x [11usize] * __d [1usize] ;
__gw [1usize] [12usize] += __x [12usize] * __d [1usize] ;
__gw [1usize] [13usize] += __x [13usize] * __d [1usize] ;
__gw [1usize] [14usize] += __x [14usize] * __d [1usize] ;
__gw [1usize] [15usize] += __x [15usize] * __d [1usize] ;
__gw [2usize] [0usize] += __x [0usize] * __d [2usize] ;
__gw [2usize] [1usize] += __x [1usize] * __d [2usize] ;
__gw [2usize] [2usize] += __x [2usize] * __d [2usize] ;
__gw [2usize] [3usize] += __x [3usize] * __d [2usize] ;
__gw [2usize] [4usize] += __x [4usize] * __d [2usize] ;
__gw [2usize] [5usize] += __x [5usize] * __d [2usize] ;
__gw [2usize] [6usize] += __x [6usize] * __d [2usize] ;
__gw [2usize] [7usize] += __x [7usize] * __d [2usize] ;
__gw [2usize] [8usize] += __x [8usize] * __d [2usize] ;
__gw [2usize] [9usize] += __x [9usize] * __d [2usize] ;
__gw [2usize] [10usize] += __x [10usize] * __d [2usize] ;
__gw [2usize] [11usize] += __x [11usize] * __d [2usize] ;
__gw [2usize] [12usize] += __x [12usize] * __d [2usize] ;
__gw [2usize] [13usize] += __x [13usize] * __d [2usize] ;
__gw [2usize] [14usize] += __x [14usize] * __d [2usize] ;
__gw [2usize] [15usize] += __x [15usize] * __d [2usize] ;
__gw [3usize] [0usize] += __x [0usize] * __d [3usize] ;
__gw [3usize] [1usize] += __x [1usize] * __d [3usize] ;
__gw [3usize] [2usize] += __x [2usize] * __d [3usize] ;
__gw [3usize] [3usize] += __x [3usize] * __d [3usize] ;
__gw [3usize] [4usize] += __x [4usize] * __d [3usize] ;
__gw [3usize] [5usize] += __x [5usize] * __d [3usize] ;
__gw [3usize] [6usize] += __x [6usize] * __d [3usize] ;
__gw [3usize] [7usize] += __x [7usize] * __d [3usize] ;
__gw [3usize] [8usize] += __x [8usize] * __d [3usize] ;
__gw [3usize] [9usize] += __x [9usize] * __d [3usize] ;
__gw [3usize] [10usize] += __x [10usize] * __d [3usize] ;
__gw [3usize] [11usize] += __x [11usize] * __d [3usize] ;
__gw [3usize] [12usize] += __x [12usize] * __d [3usize] ;
__gw [3usize] [13usize] += __x [13usize] * __d [3usize] ;
__gw [3usize] [14usize] += __x [14usize] * __d [3usize] ;
__gw [3usize] [15usize] += __x [15usize] * __d [3usize] ;
let __gb = & mut grads . layer2 . bias . data . 0 [0] ;
__gb [0usize] += __d [0usize] ;
__gb [1usize] += __d [1usize] ;
__gb [2usize] += __d [2usize] ;
__gb [3usize] += __d [3usize] ;
} let __da1 = {
let __w = & self . layer2 . weight . data . 0 ;
let __d = & __dz2 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] ;
let __o4 = __w [0usize] [4usize] * __d [0usize] + __w [1usize] [4usize] * __d [1usize] + __w [2usize] [4usize] * __d [2usize] + __w [3usize] [4usize] * __d [3usize] ;
let __o5 = __w [0usize] [5usize] * __d [0usize] + __w [1usize] [5usize] * __d [1usize] + __w [2usize] [5usize] * __d [2usize] + __w [3usize] [5usize] * __d [3usize] ;
let __o6 = __w [0usize] [6usize] * __d [0usize] + __w [1usize] [6usize] * __d [1usize] + __w [2usize] [6usize] * __d [2usize] + __w [3usize] [6usize] * __d [3usize] ;
let __o7 = __w [0usize] [7usize] * __d [0usize] + __w [1usize] [7usize] * __d [1usize] + __w [2usize] [7usize] * __d [2usize] + __w [3usize] [7usize] * __d [3usize] ;
let __o8 = __w [0usize] [8usize] * __d [0usize] + __w [1usize] [8usize] * __d [1usize] + __w [2usize] [8usize] * __d [2usize] + __w [3usize] [8usize] * __d [3usize] ;
let __o9 = __w [0usize] [9usize] * __d [0usize] + __w [1usize] [9usize] * __d [1usize] + __w [2usize] [9usize] * __d [2usize] + __w [3usize] [9usize] * __d [3usize] ;
let __o10 = __w [0usize] [10usize] * __d [0usize] + __w [1usize] [10usize] * __d [1usize] + __w [2usize] [10usize] * __d [2usize] + __w [3usize] [10usize] * __d [3usize] ;
let __o11 = __w [0usize] [11usize] * __d [0usize] + __w [1usize] [11usize] * __d [1usize] + __w [2usize] [11usize] * __d [2usize] + __w [3usize] [11usize] * __d [3usize] ;
let __o12 = __w [0usize] [12usize] * __d [0usize] + __w [1usize] [12usize] * __d [1usize] + __w [2usize] [12usize] * __d [2usize] + __w [3usize] [12usize] * __d [3usize] ;
let __o13 = __w [0usize] [13usize] * __d [0usize] + __w [1usize] [13usize] * __d [1usize] + __w [2usize] [13usize] * __d [2usize] + __w [3usize] [13usize] * __d [3usize] ;
let __o14 = __w [0usize] [14usize] * __d [0usize] + __w [1usize] [14usize] * __d [1usize] + __w [2usize] [14usize] * __d [2usize] + __w [3usize] [14usize] * __d [3usize] ;
let __o15 = __w [0usize] [15usize] * __d [0usize] + __w [1usize] [15usize] * __d [1usize] + __w [2usize] [15usize] * __d [2usize] + __w [3usize] [15usize] * __d [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 16usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7 , __o8 , __o9 , __o10 , __o11 , __o12 , __o13 , __o14 , __o15]])) }
;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __da1) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer1 , x , & __dz1) ;
__loss }
# [doc = r" One step of gradient descent on one sample, θ ← θ − lr·∇E, without a gradient"] # [doc = r" buffer; returns the loss before the step."] # [doc = r""] # [doc = r" All or nothing: if the loss, a gradient entry or an updated parameter would not"] # [doc = r" be finite, nothing changes and the error names the first such parameter (flat"] # [doc = r" index, `state_dict` order). Bit for bit the same as `backward` then `sgd_step`,"] # [doc = r" except that layers of ≥ 64 inputs and ≥ 256 weights skip the neurons whose ∂E/∂z"] # [doc = r" is 0, so a −0 weight there keeps its sign (see `Dense::apply_step`)."] # [inline] pub fn train_step (& mut self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 16usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 5usize > , lr : T ,) -> :: core :: result :: Result < T , :: typenet :: __private :: NonFiniteError > {
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z1) ;
let __z2 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __o0 = __x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize] + __x [2usize] * __w [0usize] [2usize] + __x [3usize] * __w [0usize] [3usize] + __x [4usize] * __w [0usize] [4usize] + __x [5usize] * __w [0usize] [5usize] + __x [6usize] * __w [0usize] [6usize] + __x [7usize] * __w [0usize] [7usize] + __x [8usize] * __w [0usize] [8usize] + __x [9usize] * __w [0usize] [9usize] + __x [10usize] * __w [0usize] [10usize] + __x [11usize] * __w [0usize] [11usize] + __x [12usize] * __w [0usize] [12usize] + __x [13usize] * __w [0usize] [13usize] + __x [14usize] * __w [0usize] [14usize] + __x [15usize] * __w [0usize] [15usize] + __b [0usize] ;
let __o1 = __x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize] + __x [2usize] * __w [1usize] [2usize] + __x [3usize] * __w [1usize] [3usize] + __x [4usize] * __w [1usize] [4usize] + __x [5usize] * __w [1usize] [5usize] + __x [6usize] * __w [1usize] [6usize] + __x [7usize] * __w [1usize] [7usize] + __x [8usize] * __w [1usize] [8usize] + __x [9usize] * __w [1usize] [9usize] + __x [10usize] * __w [1usize] [10usize] + __x [11usize] * __w [1usize] [11usize] + __x [12usize] * __w [1usize] [12usize] + __x [13usize] * __w [1usize] [13usize] + __x [14usize] * __w [1usize] [14usize] + __x [15usize] * __w [1usize] [15usize] + __b [1usize] ;
let __o2 = __x [0usize] * __w [2usize] [0usize] + __x [1usize] * __w [2usize] [1usize] + __x [2usize] * __w [2usize] [2usize] + __x [3usize] * __w [2usize] [3usize] + __x [4usize] * __w [2usize] [4usize] + __x [5usize] * __w [2usize] [5usize] + __x [6usize] * __w [2usize] [6usize] + __x [7usize] * __w [2usize] [7usize] + __x [8usize] * __w [2usize] [8usize] + __x [9usize] * __w [2usize] [9usize] + __x [10usize] * __w [2usize] [10usize] + __x [11usize] * __w [2usize] [11usize] + __x [12usize] * __w [2usize] [12usize] + __x [13usize] * __w [2usize] [13usize] + __x [14usize] * __w [2usize] [14usize] + __x [15usize] * __w [2usize] [15usize] + __b [2usize] ;
let __o3 = __x [0usize] * __w [3usize] [0usize] + __x [1usize] * __w [3usize] [1usize] + __x [2usize] * __w [3usize] [2usize] + __x [3usize] * __w [3usize] [3usize] + __x [4usize] * __w [3usize] [4usize] + __x [5usize] * __w [3usize] [5usize] + __x [6usize] * __w [3usize] [6usize] + __x [7usize] * __w [3usize] [7usize] + __x [8usize] * __w [3usize] [8usize] + __x [9usize] * __w [3usize] [9usize] + __x [10usize] * __w [3usize] [10usize] + __x [11usize] * __w [3usize] [11usize] + __x [12usize] * __w [3usize] [12usize] + __x [13usize] * __w [3usize] [13usize] + __x [14usize] * __w [3usize] [14usize] + __x [15usize] * __w [3usize] [15usize] + __b [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z2) ;
let __z3 = {
let __w = & self . layer3 . weight . data . 0 ;
let __x = & (& __a2) . data . 0 [0] ;
let __b = & self . layer3 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
let __o4 = ((__x [0usize] * __w [4usize] [0usize] + __x [2usize] * __w [4usize] [2usize]) + (__x [1usize] * __w [4usize] [1usize] + __x [3usize] * __w [4usize] [3usize])) + __b [4usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 5usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Sigmoid , & __z3) ;
let __loss = :: typenet :: __private :: loss :: FusedLoss :: < T > :: loss_from_logits (& :: typenet :: __private :: loss :: BCE , & __z3 , target) ;
let __dz3 = :: typenet :: __private :: loss :: FusedLoss :: < T > :: logit_gradient (& :: typenet :: __private :: loss :: BCE , & __a3 , target) ;
if ! :: typenet :: __private :: nalgebra :: ComplexField :: is_finite (& __loss) {
return :: core :: result :: Result :: Err (:: typenet :: __private :: NonFiniteError :: Loss) ;
} let __da2 = {
let __w = & self . layer3 . weight . data . 0 ;
let __d = & __dz3 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] + __w [4usize] [0usize] * __d [4usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] + __w [4usize] [1usize] * __d [4usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] + __w [4usize] [2usize] * __d [4usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] + __w [4usize] [3usize] * __d [4usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z2 , & __a2 , & __da2) ;
let __da1 = {
let __w = & self . layer2 . weight . data . 0 ;
let __d = & __dz2 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] ;
let __o4 = __w [0usize] [4usize] * __d [0usize] + __w [1usize] [4usize] * __d [1usize] + __w [2usize] [4usize] * __d [2usize] + __w [3usize] [4usize] * __d [3usize] ;
let __o5 = __w [0usize] [5usize] * __d [0usize] + __w [1usize] [5usize] * __d [1usize] + __w [2usize] [5usize] * __d [2usize] + __w [3usize] [5usize] * __d [3usize] ;
let __o6 = __w [0usize] [6usize] * __d [0usize] + __w [1usize] [6usize] * __d [1usize] + __w [2usize] [6usize] * __d [2usize] + __w [3usize] [6usize] * __d [3usize] ;
let __o7 = __w [0usize] [7usize] * __d [0usize] + __w [1usize] [7usize] * __d [1usize] + __w [2usize] [7usize] * __d [2usize] + __w [3usize] [7usize] * __d [3usize] ;
let __o8 = __w [0usize] [8usize] * __d [0usize] + __w [1usize] [8usize] * __d [1usize] + __w [2usize] [8usize] * __d [2usize] + __w [3usize] [8usize] * __d [3usize] ;
let __o9 = __w [0usize] [9usize] * __d [0usize] + __w [1usize] [9usize] * __d [1usize] + __w [2usize] [9usize] * __d [2usize] + __w [3usize] [9usize] * __d [3usize] ;
let __o10 = __w [0usize] [10usize] * __d [0usize] + __w [1usize] [10usize] * __d [1usize] + __w [2usize] [10usize] * __d [2usize] + __w [3usize] [10usize] * __d [3usize] ;
let __o11 = __w [0usize] [11usize] * __d [0usize] + __w [1usize] [11usize] * __d [1usize] + __w [2usize] [11usize] * __d [2usize] + __w [3usize] [11usize] * __d [3usize] ;
let __o12 = __w [0usize] [12usize] * __d [0usize] + __w [1usize] [12usize] * __d [1usize] + __w [2usize] [12usize] * __d [2usize] + __w [3usize] [12usize] * __d [3usize] ;
let __o13 = __w [0usize] [13usize] * __d [0usize] + __w [1usize] [13usize] * __d [1usize] + __w [2usize] [13usize] * __d [2usize] + __w [3usize] [13usize] * __d [3usize] ;
let __o14 = __w [0usize] [14usize] * __d [0usize] + __w [1usize] [14usize] * __d [1usize] + __w [2usize] [14usize] * __d [2usize] + __w [3usize] [14usize] * __d [3usize] ;
let __o15 = __w [0usize] [15usize] * __d [0usize] + __w [1usize] [15usize] * __d [1usize] + __w [2usize] [15usize] * __d [2usize] + __w [3usize] [15usize] * __d [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 16usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7 , __o8 , __o9 , __o10 , __o11 , __o12 , __o13 , __o14 , __o15]])) }
;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z1 , & __a1 , & __da1) ;
let mut __finite = true ;
if ! (true & :: typenet :: __private :: network :: step_bound_holds (x , & __z1 , & __dz1 , lr , true) & :: typenet :: __private :: network :: step_bound_holds ((& __a1) , & __z2 , & __dz2 , lr , true) & :: typenet :: __private :: network :: step_bound_holds ((& __a2) , & __z3 , & __dz3 , lr , true)) {
__finite &= true & self . layer1 . step_is_finite (x , & __dz1 , lr) & self . layer2 . step_is_finite ((& __a1) , & __dz2 , lr) & self . layer3 . step_is_finite ((& __a2) , & __dz3 , lr) ;
} if ! __finite {
if let :: core :: option :: Option :: Some (e) = self . layer1 . first_non_finite_step (0usize , x , & __dz1 , lr) {
return :: core :: result :: Result :: Err (e) ;
} if let :: core :: option :: Option :: Some (e) = self . layer2 . first_non_finite_step (272usize , (& __a1) , & __dz2 , lr) {
return :: core :: result :: Result :: Err (e) ;
} if let :: core :: option :: Option :: Some (e) = self . layer3 . first_non_finite_step (340usize , (& __a2) , & __dz3 , lr) {
return :: core :: result :: Result :: Err (e) ;
} }
self . layer1 . apply_step (x , & __dz1 , lr) ;
self . layer2 . apply_step ((& __a1) , & __dz2 , lr) ;
self . layer3 . apply_step ((& __a2) , & __dz3 , lr) ;
:: core :: result :: Result :: Ok (__loss) }
# [doc = r" One sample's loss and its gradient with respect to every parameter."] # [inline] pub fn backward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 16usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 5usize > ,) -> (T , MidGradients < T >) {
let mut grads = < MidGradients < T > as :: typenet :: __private :: Flat < T >> :: zeros () ;
let loss = Mid :: backward_into (self , x , target , & mut grads) ;
(loss , grads) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Trainable < T > for Mid < T > {
type Target = :: typenet :: __private :: nalgebra :: SVector < T , 5usize > ;
type Gradients = MidGradients < T > ;
# [inline] fn loss (& self , x : & Self :: Input , target : & Self :: Target) -> T {
Mid :: loss (self , x , target) }
# [inline] fn backward_into (& self , x : & Self :: Input , target : & Self :: Target , grads : & mut Self :: Gradients) -> T {
Mid :: backward_into (self , x , target , grads) }
# [inline] fn backward (& self , x : & Self :: Input , target : & Self :: Target) -> (T , Self :: Gradients) {
Mid :: backward (self , x , target) }
# [inline] fn train_step (& mut self , x : & Self :: Input , target : & Self :: Target , lr : T ,) -> :: core :: result :: Result < T , :: typenet :: __private :: NonFiniteError > {
Mid :: train_step (self , x , target , lr) }
}
