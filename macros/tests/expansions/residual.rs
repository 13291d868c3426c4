// network! { pub struct Res: 4 => Dense(4, ReLU) => Residual(Dense(4, ReLU) => Dense(4)) => block: Residual(Dense(8, Tanh) => Residual(Dense(8, ReLU) => Dense(8), ReLU) => Dense(4), Tanh) => Dense(1); loss = MSE }
# [allow (dead_code , clippy :: needless_borrow)] impl < T : :: typenet :: __private :: Scalar > Res < T > {
# [doc = r" `forward_batch`'s loop for instruction set `__ISA` (as `__forward`'s): each"] # [doc = r" column through `__forward::<__ISA>`, inlined into each copy of the loop."] # [doc = r""] # [doc = r" # Safety"] # [doc = r" As `__forward::<__ISA>`'s: for `__ISA` ≥ 1 the caller is compiled with AVX2 and"] # [doc = r" FMA. `__ISA` 0 asks nothing."] # [inline (always)] unsafe fn __forward_columns < const __ISA : u8 , __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 4usize > , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CY , __SY >) where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 4usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CY > , {
let mut __x = :: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: zeros () ;
for __s in 0 .. x . ncols () {
__x . copy_from (& x . column (__s)) ;
let __y = unsafe {
self . __forward :: < __ISA > (& __x) }
;
y . column_mut (__s) . copy_from (& __y) ;
} }
# [doc = r" `forward_batch`'s loop compiled for AVX2 and FMA, for builds whose baseline"] # [doc = r" lacks them."] # [doc = r""] # [doc = r" # Safety"] # [doc = r" The CPU has AVX2 and FMA."] # [cfg (target_arch = "x86_64")] # [target_feature (enable = "avx2,fma")] unsafe fn __forward_columns_avx2_fma < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 4usize > , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CY , __SY >) where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 4usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CY > , {
unsafe {
self . __forward_columns :: < 1 , __C , __SX , __CY , __SY > (x , y) }
} # [doc = r" `forward_batch`'s loop compiled for AVX-512 F, for builds whose baseline lacks"] # [doc = r" it."] # [doc = r""] # [doc = r" # Safety"] # [doc = r" The CPU has AVX-512 F."] # [cfg (target_arch = "x86_64")] # [target_feature (enable = "avx512f")] unsafe fn __forward_columns_avx512 < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 4usize > , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CY , __SY >) where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 4usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CY > , {
unsafe {
self . __forward_columns :: < 2 , __C , __SX , __CY , __SY > (x , y) }
} # [doc = r" Scratch values per sample of the batched methods (each stage's Z, A and δ)."] pub const BATCH_SCRATCH_PER_SAMPLE : usize = 171usize ;
# [doc = r" The scratch length (in values of `T`) a batch of `batch` samples needs; a"] # [doc = r" `const fn`, so it can size an array. Saturating: a batch whose scratch cannot be"] # [doc = r" counted in a `usize` gives `usize::MAX`, which no slice reaches, so the batched"] # [doc = r" methods refuse it with `BatchError::Scratch`. Never panics."] pub const fn batch_scratch_len (batch : usize) -> usize {
171usize . saturating_mul (batch) }
# [doc = r" The outputs of a batch: column s of `y` receives the output for column s of `x`"] # [doc = r" (any number of columns). Intermediate blocks live in `scratch`, at least"] # [doc = r" [`batch_scratch_len`](Self::batch_scratch_len)`(b)` values; nothing is allocated."] # [doc = r" A network of fewer than 32,768 parameters runs [`forward`](Self::forward) once"] # [doc = r" per column instead (faster at that size; the same outputs bit for bit)."] pub fn forward_batch < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 4usize > , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CY , __SY > , scratch : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 4usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CY > , {
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
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Batched < T > for Res < T > {
type InputDim = :: typenet :: __private :: nalgebra :: Const < 4usize > ;
type OutputDim = :: typenet :: __private :: nalgebra :: Const < 1usize > ;
const BATCH_SCRATCH_PER_SAMPLE : usize = 171usize ;
# [inline] fn forward_batch < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CY , __SY > , scratch : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , Self :: OutputDim , __CY > , {
Res :: forward_batch (self , x , y , scratch) }
} # [allow (dead_code , clippy :: needless_borrow)] impl < T : :: typenet :: __private :: Scalar > Res < T > {
# [doc = r" Adds the gradient of every column's loss, summed over the batch, to `grads` and"] # [doc = r" returns the summed loss: what `backward_into` once per column does (the sums"] # [doc = r" inside the products are ordered differently, so the last bits may differ)."] # [doc = r" `scratch` as for [`forward_batch`](Self::forward_batch)."] pub fn backward_batch_into < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 4usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CT , __ST > , grads : & mut ResGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 4usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CT > , {
Res :: __batch_gradient (self , x , target , grads , scratch , true) }
# [doc = r" Writes the gradient of the batch's summed loss into `grads` (overwriting it) and"] # [doc = r" returns the summed loss; `backward_batch_into` on a zeroed buffer, without the"] # [doc = r" zeroing pass."] pub fn gradient_batch < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 4usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CT , __ST > , grads : & mut ResGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 4usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CT > , {
Res :: __batch_gradient (self , x , target , grads , scratch , false) }
# [doc = r" Forward, loss and backward over the batch; the gradient is added to `grads`"] # [doc = r" (`__add`) or written over it."] # [doc (hidden)] fn __batch_gradient < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 4usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CT , __ST > , grads : & mut ResGradients < T > , scratch : & mut [T] , __add : bool ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 4usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CT > , {
:: typenet :: __private :: batch :: check_columns (x . ncols () , target . ncols ()) ? ;
let __b = x . ncols () ;
:: typenet :: __private :: batch :: check_scratch (scratch , Self :: batch_scratch_len (__b)) ? ;
let mut __buf : & mut [T] = scratch ;
# [allow (unused_mut)] let mut __bz1 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba1 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd1 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bz2 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba2 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd2 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bz3 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba3 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd3 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bz4 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba4 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd4 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bz5 = :: typenet :: __private :: batch :: take_block :: < T , 8usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba5 = :: typenet :: __private :: batch :: take_block :: < T , 8usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd5 = :: typenet :: __private :: batch :: take_block :: < T , 8usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bz6 = :: typenet :: __private :: batch :: take_block :: < T , 8usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba6 = :: typenet :: __private :: batch :: take_block :: < T , 8usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd6 = :: typenet :: __private :: batch :: take_block :: < T , 8usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bz7 = :: typenet :: __private :: batch :: take_block :: < T , 8usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba7 = :: typenet :: __private :: batch :: take_block :: < T , 8usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd7 = :: typenet :: __private :: batch :: take_block :: < T , 8usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bz8 = :: typenet :: __private :: batch :: take_block :: < T , 8usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba8 = :: typenet :: __private :: batch :: take_block :: < T , 8usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd8 = :: typenet :: __private :: batch :: take_block :: < T , 8usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bz9 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba9 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd9 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bz10 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba10 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd10 = :: typenet :: __private :: batch :: take_block :: < T , 4usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bz11 = :: typenet :: __private :: batch :: take_block :: < T , 1usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba11 = :: typenet :: __private :: batch :: take_block :: < T , 1usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd11 = :: typenet :: __private :: batch :: take_block :: < T , 1usize > (& mut __buf , __b) ;
self . layer1 . affine_batch (x , & mut __bz1) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: ReLU , & __bz1 , & mut __ba1) ;
self . layer2 . affine_batch ((& __ba1) , & mut __bz2) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: ReLU , & __bz2 , & mut __ba2) ;
self . layer3 . affine_batch ((& __ba2) , & mut __bz3) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: Identity , & __bz3 , & mut __ba3) ;
:: typenet :: __private :: batch :: copy_block ((& __ba3) , & mut __bz4) ;
:: typenet :: __private :: batch :: add_block ((& __ba1) , & mut __bz4) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: Identity , & __bz4 , & mut __ba4) ;
self . layer4 . affine_batch ((& __ba4) , & mut __bz5) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: Tanh , & __bz5 , & mut __ba5) ;
self . layer5 . affine_batch ((& __ba5) , & mut __bz6) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: ReLU , & __bz6 , & mut __ba6) ;
self . layer6 . affine_batch ((& __ba6) , & mut __bz7) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: Identity , & __bz7 , & mut __ba7) ;
:: typenet :: __private :: batch :: copy_block ((& __ba7) , & mut __bz8) ;
:: typenet :: __private :: batch :: add_block ((& __ba5) , & mut __bz8) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: ReLU , & __bz8 , & mut __ba8) ;
self . layer7 . affine_batch ((& __ba8) , & mut __bz9) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: Identity , & __bz9 , & mut __ba9) ;
:: typenet :: __private :: batch :: copy_block ((& __ba9) , & mut __bz10) ;
:: typenet :: __private :: batch :: add_block ((& __ba4) , & mut __bz10) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: Tanh , & __bz10 , & mut __ba10) ;
self . layer8 . affine_batch ((& __ba10) , & mut __bz11) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: Identity , & __bz11 , & mut __ba11) ;
let __loss = :: typenet :: __private :: batch :: loss_gradient_batch (& :: typenet :: __private :: loss :: MSE , & :: typenet :: __private :: activation :: Identity , & __bz11 , & __ba11 , target , & mut __bd11) ;
:: typenet :: __private :: Dense :: gradient_batch (& mut grads . layer8 , (& __ba10) , & __bd11 , __add) ;
self . layer8 . input_gradient_batch (& __bd11 , & mut __bd10) ;
:: typenet :: __private :: batch :: backprop_batch (& :: typenet :: __private :: activation :: Tanh , & __bz10 , & __ba10 , & mut __bd10) ;
:: typenet :: __private :: batch :: copy_block (& __bd10 , & mut __bd9) ;
:: typenet :: __private :: Dense :: gradient_batch (& mut grads . layer7 , (& __ba8) , & __bd9 , __add) ;
self . layer7 . input_gradient_batch (& __bd9 , & mut __bd8) ;
:: typenet :: __private :: batch :: backprop_batch (& :: typenet :: __private :: activation :: ReLU , & __bz8 , & __ba8 , & mut __bd8) ;
:: typenet :: __private :: batch :: copy_block (& __bd8 , & mut __bd7) ;
:: typenet :: __private :: Dense :: gradient_batch (& mut grads . layer6 , (& __ba6) , & __bd7 , __add) ;
self . layer6 . input_gradient_batch (& __bd7 , & mut __bd6) ;
:: typenet :: __private :: batch :: backprop_batch (& :: typenet :: __private :: activation :: ReLU , & __bz6 , & __ba6 , & mut __bd6) ;
:: typenet :: __private :: Dense :: gradient_batch (& mut grads . layer5 , (& __ba5) , & __bd6 , __add) ;
self . layer5 . input_gradient_batch (& __bd6 , & mut __bd5) ;
:: typenet :: __private :: batch :: add_block (& __bd8 , & mut __bd5) ;
:: typenet :: __private :: batch :: backprop_batch (& :: typenet :: __private :: activation :: Tanh , & __bz5 , & __ba5 , & mut __bd5) ;
:: typenet :: __private :: Dense :: gradient_batch (& mut grads . layer4 , (& __ba4) , & __bd5 , __add) ;
self . layer4 . input_gradient_batch (& __bd5 , & mut __bd4) ;
:: typenet :: __private :: batch :: add_block (& __bd10 , & mut __bd4) ;
:: typenet :: __private :: batch :: copy_block (& __bd4 , & mut __bd3) ;
:: typenet :: __private :: Dense :: gradient_batch (& mut grads . layer3 , (& __ba2) , & __bd3 , __add) ;
self . layer3 . input_gradient_batch (& __bd3 , & mut __bd2) ;
:: typenet :: __private :: batch :: backprop_batch (& :: typenet :: __private :: activation :: ReLU , & __bz2 , & __ba2 , & mut __bd2) ;
:: typenet :: __private :: Dense :: gradient_batch (& mut grads . layer2 , (& __ba1) , & __bd2 , __add) ;
self . layer2 . input_gradient_batch (& __bd2 , & mut __bd1) ;
:: typenet :: __private :: batch :: add_block (& __bd4 , & mut __bd1) ;
:: typenet :: __private :: batch :: backprop_batch (& :: typenet :: __private :: activation :: ReLU , & __bz1 , & __ba1 , & mut __bd1) ;
:: typenet :: __private :: Dense :: gradient_batch (& mut grads . layer1 , x , & __bd1 , __add) ;
:: core :: result :: Result :: Ok (__loss) }
# [doc = r" One minibatch SGD step on the mean gradient of the batch's columns,"] # [doc = r" θ ← θ − (lr/b)·Σ ∇L; returns the mean loss before the step. All or nothing, as"] # [doc = r" `train_step`; `grads` is a buffer (on return it holds the summed gradient),"] # [doc = r" `scratch` as for [`forward_batch`](Self::forward_batch)."] pub fn train_step_batch < __C , __SX , __CT , __ST > (& mut self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 4usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CT , __ST > , lr : T , grads : & mut ResGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 4usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CT > , {
< Self as :: typenet :: __private :: BatchTrainable < T >> :: train_step_batch (self , x , target , lr , grads , scratch) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: BatchTrainable < T > for Res < T > {
# [inline] fn gradient_batch < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CT , __ST > , grads : & mut Self :: Gradients , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , Self :: OutputDim , __CT > , {
Res :: gradient_batch (self , x , target , grads , scratch) }
# [inline] fn backward_batch_into < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CT , __ST > , grads : & mut Self :: Gradients , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , Self :: OutputDim , __CT > , {
Res :: backward_batch_into (self , x , target , grads , scratch) }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Res < T > {
# [doc = r" Every stage in forward order: kind, name, sizes, activation, parameter count"] # [doc = r" (what `summary()` prints)."] pub const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = & [:: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer1" , inputs : 4usize , outputs : 4usize , activation : "ReLU" , params : 20usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer2" , inputs : 4usize , outputs : 4usize , activation : "ReLU" , params : 20usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer3" , inputs : 4usize , outputs : 4usize , activation : "Identity" , params : 20usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Residual , name : "residual1" , inputs : 4usize , outputs : 4usize , activation : "Identity" , params : 0usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer4" , inputs : 4usize , outputs : 8usize , activation : "Tanh" , params : 40usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer5" , inputs : 8usize , outputs : 8usize , activation : "ReLU" , params : 72usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer6" , inputs : 8usize , outputs : 8usize , activation : "Identity" , params : 72usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Residual , name : "residual2" , inputs : 8usize , outputs : 8usize , activation : "ReLU" , params : 0usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer7" , inputs : 8usize , outputs : 4usize , activation : "Identity" , params : 36usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Residual , name : "block" , inputs : 4usize , outputs : 4usize , activation : "Tanh" , params : 0usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer8" , inputs : 4usize , outputs : 1usize , activation : "Identity" , params : 5usize , }
,] ;
} # [doc = "Network `4 → Dense(4, ReLU) → Residual(Dense(4, ReLU) → Dense(4, Identity)) → Residual(Dense(8, Tanh) → Residual(Dense(8, ReLU) → Dense(8, Identity), ReLU) → Dense(4, Identity), Tanh) → Dense(1, Identity)`; loss: MSE, E = ½ Σ (t − y)². 285 parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct Res < T = f32 > {
# [doc = "Layer 1: Dense 4 → 4, ReLU (20 parameters)."] pub layer1 : :: typenet :: __private :: Dense < T , 4usize , 4usize > , # [doc = "Layer 2: Dense 4 → 4, ReLU (20 parameters)."] pub layer2 : :: typenet :: __private :: Dense < T , 4usize , 4usize > , # [doc = "Layer 3: Dense 4 → 4, Identity (20 parameters)."] pub layer3 : :: typenet :: __private :: Dense < T , 4usize , 4usize > , # [doc = "Layer 4: Dense 4 → 8, Tanh (40 parameters)."] pub layer4 : :: typenet :: __private :: Dense < T , 4usize , 8usize > , # [doc = "Layer 5: Dense 8 → 8, ReLU (72 parameters)."] pub layer5 : :: typenet :: __private :: Dense < T , 8usize , 8usize > , # [doc = "Layer 6: Dense 8 → 8, Identity (72 parameters)."] pub layer6 : :: typenet :: __private :: Dense < T , 8usize , 8usize > , # [doc = "Layer 7: Dense 8 → 4, Identity (36 parameters)."] pub layer7 : :: typenet :: __private :: Dense < T , 8usize , 4usize > , # [doc = "Layer 8: Dense 4 → 1, Identity (5 parameters)."] pub layer8 : :: typenet :: __private :: Dense < T , 4usize , 1usize > , }
# [doc = concat ! ("Each stage's pre-activation `z` and activation `a` in one forward pass of [`" , stringify ! (Res) , "`].")] # [derive (Clone , Debug , PartialEq)] pub struct ResTrace < T = f32 > {
# [doc = "Layer 1: Dense 4 → 4, ReLU (20 parameters)."] pub layer1 : :: typenet :: __private :: LayerTrace < T , 4usize > , # [doc = "Layer 2: Dense 4 → 4, ReLU (20 parameters)."] pub layer2 : :: typenet :: __private :: LayerTrace < T , 4usize > , # [doc = "Layer 3: Dense 4 → 4, Identity (20 parameters)."] pub layer3 : :: typenet :: __private :: LayerTrace < T , 4usize > , # [doc = "Residual block: z is the block's output plus its input (value 1 of the chain), a = Identity(z)."] pub residual1 : :: typenet :: __private :: LayerTrace < T , 4usize > , # [doc = "Layer 4: Dense 4 → 8, Tanh (40 parameters)."] pub layer4 : :: typenet :: __private :: LayerTrace < T , 8usize > , # [doc = "Layer 5: Dense 8 → 8, ReLU (72 parameters)."] pub layer5 : :: typenet :: __private :: LayerTrace < T , 8usize > , # [doc = "Layer 6: Dense 8 → 8, Identity (72 parameters)."] pub layer6 : :: typenet :: __private :: LayerTrace < T , 8usize > , # [doc = "Residual block: z is the block's output plus its input (value 5 of the chain), a = ReLU(z)."] pub residual2 : :: typenet :: __private :: LayerTrace < T , 8usize > , # [doc = "Layer 7: Dense 8 → 4, Identity (36 parameters)."] pub layer7 : :: typenet :: __private :: LayerTrace < T , 4usize > , # [doc = "Residual block: z is the block's output plus its input (value 4 of the chain), a = Tanh(z)."] pub block : :: typenet :: __private :: LayerTrace < T , 4usize > , # [doc = "Layer 8: Dense 4 → 1, Identity (5 parameters)."] pub layer8 : :: typenet :: __private :: LayerTrace < T , 1usize > , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for Res < T > {
const LEN : usize = 285usize ;
} # [doc = r" Sizes an optimizer's state by this network (`Adam::for_network(&net, config)`)."] impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: optim :: ParamArray for Res < T > {
type Array = [T ;
285usize] ;
} :: typenet :: __private :: __serde_network ! (Res) ;
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Res < T > {
# [doc = r" Number of inputs."] pub const INPUTS : usize = 4usize ;
# [doc = r" Number of outputs."] pub const OUTPUTS : usize = 1usize ;
# [doc = r" Number of parameters (weights and biases)."] pub const PARAMS : usize = 285usize ;
# [doc = r" The type's name."] pub const NAME : & 'static str = "Res" ;
# [doc = r" Every parameter tensor in PyTorch `state_dict` order: name, shape (`[out, in]`"] # [doc = r" for a weight, `[out]` for a bias) and offset into the flat parameters."] pub const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = & [:: typenet :: __private :: TensorInfo {
name : "layer1.weight" , shape : & [4usize , 4usize] , offset : 0usize }
, :: typenet :: __private :: TensorInfo {
name : "layer1.bias" , shape : & [4usize] , offset : 16usize }
, :: typenet :: __private :: TensorInfo {
name : "layer2.weight" , shape : & [4usize , 4usize] , offset : 20usize }
, :: typenet :: __private :: TensorInfo {
name : "layer2.bias" , shape : & [4usize] , offset : 36usize }
, :: typenet :: __private :: TensorInfo {
name : "layer3.weight" , shape : & [4usize , 4usize] , offset : 40usize }
, :: typenet :: __private :: TensorInfo {
name : "layer3.bias" , shape : & [4usize] , offset : 56usize }
, :: typenet :: __private :: TensorInfo {
name : "layer4.weight" , shape : & [8usize , 4usize] , offset : 60usize }
, :: typenet :: __private :: TensorInfo {
name : "layer4.bias" , shape : & [8usize] , offset : 92usize }
, :: typenet :: __private :: TensorInfo {
name : "layer5.weight" , shape : & [8usize , 8usize] , offset : 100usize }
, :: typenet :: __private :: TensorInfo {
name : "layer5.bias" , shape : & [8usize] , offset : 164usize }
, :: typenet :: __private :: TensorInfo {
name : "layer6.weight" , shape : & [8usize , 8usize] , offset : 172usize }
, :: typenet :: __private :: TensorInfo {
name : "layer6.bias" , shape : & [8usize] , offset : 236usize }
, :: typenet :: __private :: TensorInfo {
name : "layer7.weight" , shape : & [4usize , 8usize] , offset : 244usize }
, :: typenet :: __private :: TensorInfo {
name : "layer7.bias" , shape : & [4usize] , offset : 276usize }
, :: typenet :: __private :: TensorInfo {
name : "layer8.weight" , shape : & [1usize , 4usize] , offset : 280usize }
, :: typenet :: __private :: TensorInfo {
name : "layer8.bias" , shape : & [1usize] , offset : 284usize }
,] ;
# [doc = r" The network's output for input `x`."] # [inline] pub fn forward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 4usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 1usize > {
# [cfg (target_arch = "x86_64")] if :: typenet :: __private :: forward_avx2_fma () {
return unsafe {
self . __forward_avx2_fma (x) }
;
} self . __forward_baseline (x) }
# [doc = r" `forward` for the build's baseline: out of line on x86-64 where the build lacks AVX2"] # [doc = r" and FMA, so that `forward` itself is only the CPU check and a jump (no registers"] # [doc = r" saved for the baseline code on the paths that do not run it), else inlined."] # [cfg_attr (all (target_arch = "x86_64" , not (all (target_feature = "avx2" , target_feature = "fma"))) , inline (never))] # [cfg_attr (not (all (target_arch = "x86_64" , not (all (target_feature = "avx2" , target_feature = "fma")))) , inline (always))] fn __forward_baseline (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 4usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 1usize > {
unsafe {
self . __forward :: < 0 > (x) }
} # [doc = r" `forward`'s body for instruction set `__ISA` (0 the build's baseline, 1 AVX2 + FMA,"] # [doc = r" 2 AVX-512 F), inlined into each of its copies."] # [doc = r""] # [doc = r" # Safety"] # [doc = r" For `__ISA` ≥ 1, the caller is compiled with AVX2 and FMA (AVX-512 F implies them)"] # [doc = r" and so runs on a CPU that has them. `__ISA` 0 asks nothing."] # [inline (always)] unsafe fn __forward < const __ISA : u8 > (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 4usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 1usize > {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __z = match unsafe {
:: typenet :: __private :: unrolled_affine_isa :: < __ISA , _ , _ , _ > (__w , __x , :: core :: option :: Option :: Some (__b)) }
{
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a1 = :: typenet :: __private :: activation :: apply_isa :: < __ISA , T , _ , 4usize > (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __z = match unsafe {
:: typenet :: __private :: unrolled_affine_isa :: < __ISA , _ , _ , _ > (__w , __x , :: core :: option :: Option :: Some (__b)) }
{
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a2 = :: typenet :: __private :: activation :: apply_isa :: < __ISA , T , _ , 4usize > (& :: typenet :: __private :: activation :: ReLU , & __z2) ;
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
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a3 = :: typenet :: __private :: activation :: apply_isa :: < __ISA , T , _ , 4usize > (& :: typenet :: __private :: activation :: Identity , & __z3) ;
let __z4 = (& __a3) + (& __a1) ;
let __a4 = :: typenet :: __private :: activation :: apply_isa :: < __ISA , T , _ , 4usize > (& :: typenet :: __private :: activation :: Identity , & __z4) ;
let __z5 = {
let __w = & self . layer4 . weight . data . 0 ;
let __x = & (& __a4) . data . 0 [0] ;
let __b = & self . layer4 . bias . data . 0 [0] ;
let __z = match unsafe {
:: typenet :: __private :: unrolled_affine_isa :: < __ISA , _ , _ , _ > (__w , __x , :: core :: option :: Option :: Some (__b)) }
{
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
let __o4 = ((__x [0usize] * __w [4usize] [0usize] + __x [2usize] * __w [4usize] [2usize]) + (__x [1usize] * __w [4usize] [1usize] + __x [3usize] * __w [4usize] [3usize])) + __b [4usize] ;
let __o5 = ((__x [0usize] * __w [5usize] [0usize] + __x [2usize] * __w [5usize] [2usize]) + (__x [1usize] * __w [5usize] [1usize] + __x [3usize] * __w [5usize] [3usize])) + __b [5usize] ;
let __o6 = ((__x [0usize] * __w [6usize] [0usize] + __x [2usize] * __w [6usize] [2usize]) + (__x [1usize] * __w [6usize] [1usize] + __x [3usize] * __w [6usize] [3usize])) + __b [6usize] ;
let __o7 = ((__x [0usize] * __w [7usize] [0usize] + __x [2usize] * __w [7usize] [2usize]) + (__x [1usize] * __w [7usize] [1usize] + __x [3usize] * __w [7usize] [3usize])) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a5 = :: typenet :: __private :: activation :: apply_isa :: < __ISA , T , _ , 8usize > (& :: typenet :: __private :: activation :: Tanh , & __z5) ;
let __z6 = {
let __w = & self . layer5 . weight . data . 0 ;
let __x = & (& __a5) . data . 0 [0] ;
let __b = & self . layer5 . bias . data . 0 [0] ;
let __z = match unsafe {
:: typenet :: __private :: unrolled_affine_isa :: < __ISA , _ , _ , _ > (__w , __x , :: core :: option :: Option :: Some (__b)) }
{
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
let __o4 = (((__x [0usize] * __w [4usize] [0usize] + __x [4usize] * __w [4usize] [4usize]) + (__x [2usize] * __w [4usize] [2usize] + __x [6usize] * __w [4usize] [6usize])) + ((__x [1usize] * __w [4usize] [1usize] + __x [5usize] * __w [4usize] [5usize]) + (__x [3usize] * __w [4usize] [3usize] + __x [7usize] * __w [4usize] [7usize]))) + __b [4usize] ;
let __o5 = (((__x [0usize] * __w [5usize] [0usize] + __x [4usize] * __w [5usize] [4usize]) + (__x [2usize] * __w [5usize] [2usize] + __x [6usize] * __w [5usize] [6usize])) + ((__x [1usize] * __w [5usize] [1usize] + __x [5usize] * __w [5usize] [5usize]) + (__x [3usize] * __w [5usize] [3usize] + __x [7usize] * __w [5usize] [7usize]))) + __b [5usize] ;
let __o6 = (((__x [0usize] * __w [6usize] [0usize] + __x [4usize] * __w [6usize] [4usize]) + (__x [2usize] * __w [6usize] [2usize] + __x [6usize] * __w [6usize] [6usize])) + ((__x [1usize] * __w [6usize] [1usize] + __x [5usize] * __w [6usize] [5usize]) + (__x [3usize] * __w [6usize] [3usize] + __x [7usize] * __w [6usize] [7usize]))) + __b [6usize] ;
let __o7 = (((__x [0usize] * __w [7usize] [0usize] + __x [4usize] * __w [7usize] [4usize]) + (__x [2usize] * __w [7usize] [2usize] + __x [6usize] * __w [7usize] [6usize])) + ((__x [1usize] * __w [7usize] [1usize] + __x [5usize] * __w [7usize] [5usize]) + (__x [3usize] * __w [7usize] [3usize] + __x [7usize] * __w [7usize] [7usize]))) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a6 = :: typenet :: __private :: activation :: apply_isa :: < __ISA , T , _ , 8usize > (& :: typenet :: __private :: activation :: ReLU , & __z6) ;
let __z7 = {
let __w = & self . layer6 . weight . data . 0 ;
let __x = & (& __a6) . data . 0 [0] ;
let __b = & self . layer6 . bias . data . 0 [0] ;
let __z = match unsafe {
:: typenet :: __private :: unrolled_affine_isa :: < __ISA , _ , _ , _ > (__w , __x , :: core :: option :: Option :: Some (__b)) }
{
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
let __o4 = (((__x [0usize] * __w [4usize] [0usize] + __x [4usize] * __w [4usize] [4usize]) + (__x [2usize] * __w [4usize] [2usize] + __x [6usize] * __w [4usize] [6usize])) + ((__x [1usize] * __w [4usize] [1usize] + __x [5usize] * __w [4usize] [5usize]) + (__x [3usize] * __w [4usize] [3usize] + __x [7usize] * __w [4usize] [7usize]))) + __b [4usize] ;
let __o5 = (((__x [0usize] * __w [5usize] [0usize] + __x [4usize] * __w [5usize] [4usize]) + (__x [2usize] * __w [5usize] [2usize] + __x [6usize] * __w [5usize] [6usize])) + ((__x [1usize] * __w [5usize] [1usize] + __x [5usize] * __w [5usize] [5usize]) + (__x [3usize] * __w [5usize] [3usize] + __x [7usize] * __w [5usize] [7usize]))) + __b [5usize] ;
let __o6 = (((__x [0usize] * __w [6usize] [0usize] + __x [4usize] * __w [6usize] [4usize]) + (__x [2usize] * __w [6usize] [2usize] + __x [6usize] * __w [6usize] [6usize])) + ((__x [1usize] * __w [6usize] [1usize] + __x [5usize] * __w [6usize] [5usize]) + (__x [3usize] * __w [6usize] [3usize] + __x [7usize] * __w [6usize] [7usize]))) + __b [6usize] ;
let __o7 = (((__x [0usize] * __w [7usize] [0usize] + __x [4usize] * __w [7usize] [4usize]) + (__x [2usize] * __w [7usize] [2usize] + __x [6usize] * __w [7usize] [6usize])) + ((__x [1usize] * __w [7usize] [1usize] + __x [5usize] * __w [7usize] [5usize]) + (__x [3usize] * __w [7usize] [3usize] + __x [7usize] * __w [7usize] [7usize]))) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a7 = :: typenet :: __private :: activation :: apply_isa :: < __ISA , T , _ , 8usize > (& :: typenet :: __private :: activation :: Identity , & __z7) ;
let __z8 = (& __a7) + (& __a5) ;
let __a8 = :: typenet :: __private :: activation :: apply_isa :: < __ISA , T , _ , 8usize > (& :: typenet :: __private :: activation :: ReLU , & __z8) ;
let __z9 = {
let __w = & self . layer7 . weight . data . 0 ;
let __x = & (& __a8) . data . 0 [0] ;
let __b = & self . layer7 . bias . data . 0 [0] ;
let __z = match unsafe {
:: typenet :: __private :: unrolled_affine_isa :: < __ISA , _ , _ , _ > (__w , __x , :: core :: option :: Option :: Some (__b)) }
{
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a9 = :: typenet :: __private :: activation :: apply_isa :: < __ISA , T , _ , 4usize > (& :: typenet :: __private :: activation :: Identity , & __z9) ;
let __z10 = (& __a9) + (& __a4) ;
let __a10 = :: typenet :: __private :: activation :: apply_isa :: < __ISA , T , _ , 4usize > (& :: typenet :: __private :: activation :: Tanh , & __z10) ;
let __z11 = {
let __w = & self . layer8 . weight . data . 0 ;
let __x = & (& __a10) . data . 0 [0] ;
let __b = & self . layer8 . bias . data . 0 [0] ;
let __z = match unsafe {
:: typenet :: __private :: unrolled_affine_isa :: < __ISA , _ , _ , _ > (__w , __x , :: core :: option :: Option :: Some (__b)) }
{
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
[__o0] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 1usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a11 = :: typenet :: __private :: activation :: apply_isa :: < __ISA , T , _ , 1usize > (& :: typenet :: __private :: activation :: Identity , & __z11) ;
__a11 }
# [doc = r" `forward` compiled for AVX2 and FMA, for builds whose baseline lacks them."] # [doc = r""] # [doc = r" # Safety"] # [doc = r" The CPU has AVX2 and FMA."] # [cfg (target_arch = "x86_64")] # [target_feature (enable = "avx2,fma")] unsafe fn __forward_avx2_fma (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 4usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 1usize > {
unsafe {
self . __forward :: < 1 > (x) }
} # [doc = r" One forward pass keeping every layer's pre-activation `z` and activation `a`."] pub fn forward_trace (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 4usize >) -> ResTrace < T > {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z2) ;
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
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z3) ;
let __z4 = (& __a3) + (& __a1) ;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z4) ;
let __z5 = {
let __w = & self . layer4 . weight . data . 0 ;
let __x = & (& __a4) . data . 0 [0] ;
let __b = & self . layer4 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
let __o4 = ((__x [0usize] * __w [4usize] [0usize] + __x [2usize] * __w [4usize] [2usize]) + (__x [1usize] * __w [4usize] [1usize] + __x [3usize] * __w [4usize] [3usize])) + __b [4usize] ;
let __o5 = ((__x [0usize] * __w [5usize] [0usize] + __x [2usize] * __w [5usize] [2usize]) + (__x [1usize] * __w [5usize] [1usize] + __x [3usize] * __w [5usize] [3usize])) + __b [5usize] ;
let __o6 = ((__x [0usize] * __w [6usize] [0usize] + __x [2usize] * __w [6usize] [2usize]) + (__x [1usize] * __w [6usize] [1usize] + __x [3usize] * __w [6usize] [3usize])) + __b [6usize] ;
let __o7 = ((__x [0usize] * __w [7usize] [0usize] + __x [2usize] * __w [7usize] [2usize]) + (__x [1usize] * __w [7usize] [1usize] + __x [3usize] * __w [7usize] [3usize])) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a5 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z5) ;
let __z6 = {
let __w = & self . layer5 . weight . data . 0 ;
let __x = & (& __a5) . data . 0 [0] ;
let __b = & self . layer5 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
let __o4 = (((__x [0usize] * __w [4usize] [0usize] + __x [4usize] * __w [4usize] [4usize]) + (__x [2usize] * __w [4usize] [2usize] + __x [6usize] * __w [4usize] [6usize])) + ((__x [1usize] * __w [4usize] [1usize] + __x [5usize] * __w [4usize] [5usize]) + (__x [3usize] * __w [4usize] [3usize] + __x [7usize] * __w [4usize] [7usize]))) + __b [4usize] ;
let __o5 = (((__x [0usize] * __w [5usize] [0usize] + __x [4usize] * __w [5usize] [4usize]) + (__x [2usize] * __w [5usize] [2usize] + __x [6usize] * __w [5usize] [6usize])) + ((__x [1usize] * __w [5usize] [1usize] + __x [5usize] * __w [5usize] [5usize]) + (__x [3usize] * __w [5usize] [3usize] + __x [7usize] * __w [5usize] [7usize]))) + __b [5usize] ;
let __o6 = (((__x [0usize] * __w [6usize] [0usize] + __x [4usize] * __w [6usize] [4usize]) + (__x [2usize] * __w [6usize] [2usize] + __x [6usize] * __w [6usize] [6usize])) + ((__x [1usize] * __w [6usize] [1usize] + __x [5usize] * __w [6usize] [5usize]) + (__x [3usize] * __w [6usize] [3usize] + __x [7usize] * __w [6usize] [7usize]))) + __b [6usize] ;
let __o7 = (((__x [0usize] * __w [7usize] [0usize] + __x [4usize] * __w [7usize] [4usize]) + (__x [2usize] * __w [7usize] [2usize] + __x [6usize] * __w [7usize] [6usize])) + ((__x [1usize] * __w [7usize] [1usize] + __x [5usize] * __w [7usize] [5usize]) + (__x [3usize] * __w [7usize] [3usize] + __x [7usize] * __w [7usize] [7usize]))) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a6 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z6) ;
let __z7 = {
let __w = & self . layer6 . weight . data . 0 ;
let __x = & (& __a6) . data . 0 [0] ;
let __b = & self . layer6 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
let __o4 = (((__x [0usize] * __w [4usize] [0usize] + __x [4usize] * __w [4usize] [4usize]) + (__x [2usize] * __w [4usize] [2usize] + __x [6usize] * __w [4usize] [6usize])) + ((__x [1usize] * __w [4usize] [1usize] + __x [5usize] * __w [4usize] [5usize]) + (__x [3usize] * __w [4usize] [3usize] + __x [7usize] * __w [4usize] [7usize]))) + __b [4usize] ;
let __o5 = (((__x [0usize] * __w [5usize] [0usize] + __x [4usize] * __w [5usize] [4usize]) + (__x [2usize] * __w [5usize] [2usize] + __x [6usize] * __w [5usize] [6usize])) + ((__x [1usize] * __w [5usize] [1usize] + __x [5usize] * __w [5usize] [5usize]) + (__x [3usize] * __w [5usize] [3usize] + __x [7usize] * __w [5usize] [7usize]))) + __b [5usize] ;
let __o6 = (((__x [0usize] * __w [6usize] [0usize] + __x [4usize] * __w [6usize] [4usize]) + (__x [2usize] * __w [6usize] [2usize] + __x [6usize] * __w [6usize] [6usize])) + ((__x [1usize] * __w [6usize] [1usize] + __x [5usize] * __w [6usize] [5usize]) + (__x [3usize] * __w [6usize] [3usize] + __x [7usize] * __w [6usize] [7usize]))) + __b [6usize] ;
let __o7 = (((__x [0usize] * __w [7usize] [0usize] + __x [4usize] * __w [7usize] [4usize]) + (__x [2usize] * __w [7usize] [2usize] + __x [6usize] * __w [7usize] [6usize])) + ((__x [1usize] * __w [7usize] [1usize] + __x [5usize] * __w [7usize] [5usize]) + (__x [3usize] * __w [7usize] [3usize] + __x [7usize] * __w [7usize] [7usize]))) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a7 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z7) ;
let __z8 = (& __a7) + (& __a5) ;
let __a8 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z8) ;
let __z9 = {
let __w = & self . layer7 . weight . data . 0 ;
let __x = & (& __a8) . data . 0 [0] ;
let __b = & self . layer7 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a9 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z9) ;
let __z10 = (& __a9) + (& __a4) ;
let __a10 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z10) ;
let __z11 = {
let __w = & self . layer8 . weight . data . 0 ;
let __x = & (& __a10) . data . 0 [0] ;
let __b = & self . layer8 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
[__o0] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 1usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a11 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z11) ;
ResTrace {
layer1 : :: typenet :: __private :: LayerTrace {
z : __z1 , a : __a1 }
, layer2 : :: typenet :: __private :: LayerTrace {
z : __z2 , a : __a2 }
, layer3 : :: typenet :: __private :: LayerTrace {
z : __z3 , a : __a3 }
, residual1 : :: typenet :: __private :: LayerTrace {
z : __z4 , a : __a4 }
, layer4 : :: typenet :: __private :: LayerTrace {
z : __z5 , a : __a5 }
, layer5 : :: typenet :: __private :: LayerTrace {
z : __z6 , a : __a6 }
, layer6 : :: typenet :: __private :: LayerTrace {
z : __z7 , a : __a7 }
, residual2 : :: typenet :: __private :: LayerTrace {
z : __z8 , a : __a8 }
, layer7 : :: typenet :: __private :: LayerTrace {
z : __z9 , a : __a9 }
, block : :: typenet :: __private :: LayerTrace {
z : __z10 , a : __a10 }
, layer8 : :: typenet :: __private :: LayerTrace {
z : __z11 , a : __a11 }
, }
} # [doc = r" ∂y/∂x at `x` (outputs × inputs): entry (k, i) is how much output k moves per unit"] # [doc = r" of input i."] pub fn input_jacobian (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 4usize >) -> :: typenet :: __private :: nalgebra :: SMatrix < T , 1usize , 4usize > {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z2) ;
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
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z3) ;
let __z4 = (& __a3) + (& __a1) ;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z4) ;
let __z5 = {
let __w = & self . layer4 . weight . data . 0 ;
let __x = & (& __a4) . data . 0 [0] ;
let __b = & self . layer4 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
let __o4 = ((__x [0usize] * __w [4usize] [0usize] + __x [2usize] * __w [4usize] [2usize]) + (__x [1usize] * __w [4usize] [1usize] + __x [3usize] * __w [4usize] [3usize])) + __b [4usize] ;
let __o5 = ((__x [0usize] * __w [5usize] [0usize] + __x [2usize] * __w [5usize] [2usize]) + (__x [1usize] * __w [5usize] [1usize] + __x [3usize] * __w [5usize] [3usize])) + __b [5usize] ;
let __o6 = ((__x [0usize] * __w [6usize] [0usize] + __x [2usize] * __w [6usize] [2usize]) + (__x [1usize] * __w [6usize] [1usize] + __x [3usize] * __w [6usize] [3usize])) + __b [6usize] ;
let __o7 = ((__x [0usize] * __w [7usize] [0usize] + __x [2usize] * __w [7usize] [2usize]) + (__x [1usize] * __w [7usize] [1usize] + __x [3usize] * __w [7usize] [3usize])) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a5 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z5) ;
let __z6 = {
let __w = & self . layer5 . weight . data . 0 ;
let __x = & (& __a5) . data . 0 [0] ;
let __b = & self . layer5 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
let __o4 = (((__x [0usize] * __w [4usize] [0usize] + __x [4usize] * __w [4usize] [4usize]) + (__x [2usize] * __w [4usize] [2usize] + __x [6usize] * __w [4usize] [6usize])) + ((__x [1usize] * __w [4usize] [1usize] + __x [5usize] * __w [4usize] [5usize]) + (__x [3usize] * __w [4usize] [3usize] + __x [7usize] * __w [4usize] [7usize]))) + __b [4usize] ;
let __o5 = (((__x [0usize] * __w [5usize] [0usize] + __x [4usize] * __w [5usize] [4usize]) + (__x [2usize] * __w [5usize] [2usize] + __x [6usize] * __w [5usize] [6usize])) + ((__x [1usize] * __w [5usize] [1usize] + __x [5usize] * __w [5usize] [5usize]) + (__x [3usize] * __w [5usize] [3usize] + __x [7usize] * __w [5usize] [7usize]))) + __b [5usize] ;
let __o6 = (((__x [0usize] * __w [6usize] [0usize] + __x [4usize] * __w [6usize] [4usize]) + (__x [2usize] * __w [6usize] [2usize] + __x [6usize] * __w [6usize] [6usize])) + ((__x [1usize] * __w [6usize] [1usize] + __x [5usize] * __w [6usize] [5usize]) + (__x [3usize] * __w [6usize] [3usize] + __x [7usize] * __w [6usize] [7usize]))) + __b [6usize] ;
let __o7 = (((__x [0usize] * __w [7usize] [0usize] + __x [4usize] * __w [7usize] [4usize]) + (__x [2usize] * __w [7usize] [2usize] + __x [6usize] * __w [7usize] [6usize])) + ((__x [1usize] * __w [7usize] [1usize] + __x [5usize] * __w [7usize] [5usize]) + (__x [3usize] * __w [7usize] [3usize] + __x [7usize] * __w [7usize] [7usize]))) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a6 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z6) ;
let __z7 = {
let __w = & self . layer6 . weight . data . 0 ;
let __x = & (& __a6) . data . 0 [0] ;
let __b = & self . layer6 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
let __o4 = (((__x [0usize] * __w [4usize] [0usize] + __x [4usize] * __w [4usize] [4usize]) + (__x [2usize] * __w [4usize] [2usize] + __x [6usize] * __w [4usize] [6usize])) + ((__x [1usize] * __w [4usize] [1usize] + __x [5usize] * __w [4usize] [5usize]) + (__x [3usize] * __w [4usize] [3usize] + __x [7usize] * __w [4usize] [7usize]))) + __b [4usize] ;
let __o5 = (((__x [0usize] * __w [5usize] [0usize] + __x [4usize] * __w [5usize] [4usize]) + (__x [2usize] * __w [5usize] [2usize] + __x [6usize] * __w [5usize] [6usize])) + ((__x [1usize] * __w [5usize] [1usize] + __x [5usize] * __w [5usize] [5usize]) + (__x [3usize] * __w [5usize] [3usize] + __x [7usize] * __w [5usize] [7usize]))) + __b [5usize] ;
let __o6 = (((__x [0usize] * __w [6usize] [0usize] + __x [4usize] * __w [6usize] [4usize]) + (__x [2usize] * __w [6usize] [2usize] + __x [6usize] * __w [6usize] [6usize])) + ((__x [1usize] * __w [6usize] [1usize] + __x [5usize] * __w [6usize] [5usize]) + (__x [3usize] * __w [6usize] [3usize] + __x [7usize] * __w [6usize] [7usize]))) + __b [6usize] ;
let __o7 = (((__x [0usize] * __w [7usize] [0usize] + __x [4usize] * __w [7usize] [4usize]) + (__x [2usize] * __w [7usize] [2usize] + __x [6usize] * __w [7usize] [6usize])) + ((__x [1usize] * __w [7usize] [1usize] + __x [5usize] * __w [7usize] [5usize]) + (__x [3usize] * __w [7usize] [3usize] + __x [7usize] * __w [7usize] [7usize]))) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a7 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z7) ;
let __z8 = (& __a7) + (& __a5) ;
let __a8 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z8) ;
let __z9 = {
let __w = & self . layer7 . weight . data . 0 ;
let __x = & (& __a8) . data . 0 [0] ;
let __b = & self . layer7 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a9 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z9) ;
let __z10 = (& __a9) + (& __a4) ;
let __a10 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z10) ;
let __z11 = {
let __w = & self . layer8 . weight . data . 0 ;
let __x = & (& __a10) . data . 0 [0] ;
let __b = & self . layer8 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
[__o0] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 1usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a11 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z11) ;
let mut __j = :: typenet :: __private :: nalgebra :: SMatrix :: < T , 1usize , 4usize > :: zeros () ;
for __k in 0 .. 1usize {
let mut __da11 = :: typenet :: __private :: nalgebra :: SVector :: < T , 1usize > :: zeros () ;
__da11 [__k] = < T as :: typenet :: __private :: Scalar > :: lit (1.0) ;
let __dz11 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z11 , & __a11 , & __da11) ;
let __da10 = {
let __w = & self . layer8 . weight . data . 0 ;
let __d = & __dz11 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __dz10 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z10 , & __a10 , & __da10) ;
let __da9 = __dz10 ;
let __dz9 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z9 , & __a9 , & __da9) ;
let __da8 = {
let __w = & self . layer7 . weight . data . 0 ;
let __d = & __dz9 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] ;
let __o4 = __w [0usize] [4usize] * __d [0usize] + __w [1usize] [4usize] * __d [1usize] + __w [2usize] [4usize] * __d [2usize] + __w [3usize] [4usize] * __d [3usize] ;
let __o5 = __w [0usize] [5usize] * __d [0usize] + __w [1usize] [5usize] * __d [1usize] + __w [2usize] [5usize] * __d [2usize] + __w [3usize] [5usize] * __d [3usize] ;
let __o6 = __w [0usize] [6usize] * __d [0usize] + __w [1usize] [6usize] * __d [1usize] + __w [2usize] [6usize] * __d [2usize] + __w [3usize] [6usize] * __d [3usize] ;
let __o7 = __w [0usize] [7usize] * __d [0usize] + __w [1usize] [7usize] * __d [1usize] + __w [2usize] [7usize] * __d [2usize] + __w [3usize] [7usize] * __d [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7]])) }
;
let __dz8 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z8 , & __a8 , & __da8) ;
let __da7 = __dz8 ;
let __dz7 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z7 , & __a7 , & __da7) ;
let __da6 = {
let __w = & self . layer6 . weight . data . 0 ;
let __d = & __dz7 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] + __w [4usize] [0usize] * __d [4usize] + __w [5usize] [0usize] * __d [5usize] + __w [6usize] [0usize] * __d [6usize] + __w [7usize] [0usize] * __d [7usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] + __w [4usize] [1usize] * __d [4usize] + __w [5usize] [1usize] * __d [5usize] + __w [6usize] [1usize] * __d [6usize] + __w [7usize] [1usize] * __d [7usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] + __w [4usize] [2usize] * __d [4usize] + __w [5usize] [2usize] * __d [5usize] + __w [6usize] [2usize] * __d [6usize] + __w [7usize] [2usize] * __d [7usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] + __w [4usize] [3usize] * __d [4usize] + __w [5usize] [3usize] * __d [5usize] + __w [6usize] [3usize] * __d [6usize] + __w [7usize] [3usize] * __d [7usize] ;
let __o4 = __w [0usize] [4usize] * __d [0usize] + __w [1usize] [4usize] * __d [1usize] + __w [2usize] [4usize] * __d [2usize] + __w [3usize] [4usize] * __d [3usize] + __w [4usize] [4usize] * __d [4usize] + __w [5usize] [4usize] * __d [5usize] + __w [6usize] [4usize] * __d [6usize] + __w [7usize] [4usize] * __d [7usize] ;
let __o5 = __w [0usize] [5usize] * __d [0usize] + __w [1usize] [5usize] * __d [1usize] + __w [2usize] [5usize] * __d [2usize] + __w [3usize] [5usize] * __d [3usize] + __w [4usize] [5usize] * __d [4usize] + __w [5usize] [5usize] * __d [5usize] + __w [6usize] [5usize] * __d [6usize] + __w [7usize] [5usize] * __d [7usize] ;
let __o6 = __w [0usize] [6usize] * __d [0usize] + __w [1usize] [6usize] * __d [1usize] + __w [2usize] [6usize] * __d [2usize] + __w [3usize] [6usize] * __d [3usize] + __w [4usize] [6usize] * __d [4usize] + __w [5usize] [6usize] * __d [5usize] + __w [6usize] [6usize] * __d [6usize] + __w [7usize] [6usize] * __d [7usize] ;
let __o7 = __w [0usize] [7usize] * __d [0usize] + __w [1usize] [7usize] * __d [1usize] + __w [2usize] [7usize] * __d [2usize] + __w [3usize] [7usize] * __d [3usize] + __w [4usize] [7usize] * __d [4usize] + __w [5usize] [7usize] * __d [5usize] + __w [6usize] [7usize] * __d [6usize] + __w [7usize] [7usize] * __d [7usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7]])) }
;
let __dz6 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z6 , & __a6 , & __da6) ;
let __da5 = {
let __w = & self . layer5 . weight . data . 0 ;
let __d = & __dz6 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] + __w [4usize] [0usize] * __d [4usize] + __w [5usize] [0usize] * __d [5usize] + __w [6usize] [0usize] * __d [6usize] + __w [7usize] [0usize] * __d [7usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] + __w [4usize] [1usize] * __d [4usize] + __w [5usize] [1usize] * __d [5usize] + __w [6usize] [1usize] * __d [6usize] + __w [7usize] [1usize] * __d [7usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] + __w [4usize] [2usize] * __d [4usize] + __w [5usize] [2usize] * __d [5usize] + __w [6usize] [2usize] * __d [6usize] + __w [7usize] [2usize] * __d [7usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] + __w [4usize] [3usize] * __d [4usize] + __w [5usize] [3usize] * __d [5usize] + __w [6usize] [3usize] * __d [6usize] + __w [7usize] [3usize] * __d [7usize] ;
let __o4 = __w [0usize] [4usize] * __d [0usize] + __w [1usize] [4usize] * __d [1usize] + __w [2usize] [4usize] * __d [2usize] + __w [3usize] [4usize] * __d [3usize] + __w [4usize] [4usize] * __d [4usize] + __w [5usize] [4usize] * __d [5usize] + __w [6usize] [4usize] * __d [6usize] + __w [7usize] [4usize] * __d [7usize] ;
let __o5 = __w [0usize] [5usize] * __d [0usize] + __w [1usize] [5usize] * __d [1usize] + __w [2usize] [5usize] * __d [2usize] + __w [3usize] [5usize] * __d [3usize] + __w [4usize] [5usize] * __d [4usize] + __w [5usize] [5usize] * __d [5usize] + __w [6usize] [5usize] * __d [6usize] + __w [7usize] [5usize] * __d [7usize] ;
let __o6 = __w [0usize] [6usize] * __d [0usize] + __w [1usize] [6usize] * __d [1usize] + __w [2usize] [6usize] * __d [2usize] + __w [3usize] [6usize] * __d [3usize] + __w [4usize] [6usize] * __d [4usize] + __w [5usize] [6usize] * __d [5usize] + __w [6usize] [6usize] * __d [6usize] + __w [7usize] [6usize] * __d [7usize] ;
let __o7 = __w [0usize] [7usize] * __d [0usize] + __w [1usize] [7usize] * __d [1usize] + __w [2usize] [7usize] * __d [2usize] + __w [3usize] [7usize] * __d [3usize] + __w [4usize] [7usize] * __d [4usize] + __w [5usize] [7usize] * __d [5usize] + __w [6usize] [7usize] * __d [6usize] + __w [7usize] [7usize] * __d [7usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7]])) }
;
let __da5 = __da5 + __dz8 ;
let __dz5 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z5 , & __a5 , & __da5) ;
let __da4 = {
let __w = & self . layer4 . weight . data . 0 ;
let __d = & __dz5 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] + __w [4usize] [0usize] * __d [4usize] + __w [5usize] [0usize] * __d [5usize] + __w [6usize] [0usize] * __d [6usize] + __w [7usize] [0usize] * __d [7usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] + __w [4usize] [1usize] * __d [4usize] + __w [5usize] [1usize] * __d [5usize] + __w [6usize] [1usize] * __d [6usize] + __w [7usize] [1usize] * __d [7usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] + __w [4usize] [2usize] * __d [4usize] + __w [5usize] [2usize] * __d [5usize] + __w [6usize] [2usize] * __d [6usize] + __w [7usize] [2usize] * __d [7usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] + __w [4usize] [3usize] * __d [4usize] + __w [5usize] [3usize] * __d [5usize] + __w [6usize] [3usize] * __d [6usize] + __w [7usize] [3usize] * __d [7usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __da4 = __da4 + __dz10 ;
let __dz4 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z4 , & __a4 , & __da4) ;
let __da3 = __dz4 ;
let __dz3 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z3 , & __a3 , & __da3) ;
let __da2 = {
let __w = & self . layer3 . weight . data . 0 ;
let __d = & __dz3 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z2 , & __a2 , & __da2) ;
let __da1 = {
let __w = & self . layer2 . weight . data . 0 ;
let __d = & __dz2 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __da1 = __da1 + __dz4 ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1) ;
let __da0 = {
let __w = & self . layer1 . weight . data . 0 ;
let __d = & __dz1 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __dx : :: typenet :: __private :: nalgebra :: SVector < T , 4usize > = __da0 ;
__j . set_row (__k , & __dx . transpose ()) ;
} __j }
# [doc = r" Builds the network from its parameters in PyTorch `state_dict` order."] # [doc = r""] # [doc = r" A `const fn`: `const NET: Name<f32> = Name::from_array([…]);` puts a trained"] # [doc = r" network in flash, with nothing computed at start-up."] pub const fn from_array (values : [T ;
285usize]) -> Self {
unsafe {
:: typenet :: __private :: network :: flat_from_array :: < T , Self , 285usize > (values) }
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Parameters < T > for Res < T > {
const INPUTS : usize = 4usize ;
const OUTPUTS : usize = 1usize ;
const PARAMS : usize = 285usize ;
const NAME : & 'static str = "Res" ;
const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = Res :: < T > :: TENSORS ;
const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = Res :: < T > :: LAYERS ;
fn init < R : :: typenet :: __private :: rand_core :: Rng + ? Sized > (& mut self , rng : & mut R) {
self . layer1 . init_uniform (:: typenet :: __private :: init :: he_bound (4usize) , rng) ;
self . layer2 . init_uniform (:: typenet :: __private :: init :: he_bound (4usize) , rng) ;
self . layer3 . init_uniform (:: typenet :: __private :: init :: glorot_bound (4usize , 4usize) , rng) ;
self . layer4 . init_uniform (:: typenet :: __private :: init :: glorot_bound (4usize , 8usize) , rng) ;
self . layer5 . init_uniform (:: typenet :: __private :: init :: he_bound (8usize) , rng) ;
self . layer6 . init_uniform (:: typenet :: __private :: init :: glorot_bound (8usize , 8usize) , rng) ;
self . layer7 . init_uniform (:: typenet :: __private :: init :: glorot_bound (8usize , 4usize) , rng) ;
self . layer8 . init_uniform (:: typenet :: __private :: init :: glorot_bound (4usize , 1usize) , rng) ;
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Network < T > for Res < T > {
type Input = :: typenet :: __private :: nalgebra :: SVector < T , 4usize > ;
type Output = :: typenet :: __private :: nalgebra :: SVector < T , 1usize > ;
type Trace = ResTrace < T > ;
type InputJacobian = :: typenet :: __private :: nalgebra :: SMatrix < T , 1usize , 4usize > ;
# [inline] fn forward (& self , x : & Self :: Input) -> Self :: Output {
Res :: forward (self , x) }
fn forward_trace (& self , x : & Self :: Input) -> Self :: Trace {
Res :: forward_trace (self , x) }
fn input_jacobian (& self , x : & Self :: Input) -> Self :: InputJacobian {
Res :: input_jacobian (self , x) }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Res < T > {
# [doc = "Not available: `Res` has no int8 twin because stage 4 ends a residual block. Calling it does not compile."] pub fn quantize < C > (& self , _calibration : C) -> :: core :: result :: Result < :: core :: convert :: Infallible , :: typenet :: __private :: quant :: QuantError > where Self : :: typenet :: __private :: quant :: Quantizable , {
:: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: EmptyCalibration) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: second_order :: SecondOrder < T > for Res < T > {
const MSE_LOSS : bool = true ;
fn hvp_into (& self , x : & Self :: Input , target : & Self :: Target , v : & Self , grads : & mut Self :: Gradients , hv : & mut Self :: Gradients ,) -> T {
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = self . layer2 . affine ((& __a1)) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z2) ;
let __z3 = self . layer3 . affine ((& __a2)) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z3) ;
let __z4 = (& __a3) + (& __a1) ;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z4) ;
let __z5 = self . layer4 . affine ((& __a4)) ;
let __a5 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z5) ;
let __z6 = self . layer5 . affine ((& __a5)) ;
let __a6 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z6) ;
let __z7 = self . layer6 . affine ((& __a6)) ;
let __a7 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z7) ;
let __z8 = (& __a7) + (& __a5) ;
let __a8 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z8) ;
let __z9 = self . layer7 . affine ((& __a8)) ;
let __a9 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z9) ;
let __z10 = (& __a9) + (& __a4) ;
let __a10 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z10) ;
let __z11 = self . layer8 . affine ((& __a10)) ;
let __a11 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z11) ;
let __rz1 = v . layer1 . affine (x) ;
let __ra1 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __rz1) ;
let __rz2 = v . layer2 . affine ((& __a1)) + self . layer2 . weight . tr_mul (& __ra1) ;
let __ra2 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: ReLU , & __z2 , & __a2 , & __rz2) ;
let __rz3 = v . layer3 . affine ((& __a2)) + self . layer3 . weight . tr_mul (& __ra2) ;
let __ra3 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: Identity , & __z3 , & __a3 , & __rz3) ;
let __rz4 = __ra3 + __ra1 ;
let __ra4 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: Identity , & __z4 , & __a4 , & __rz4) ;
let __rz5 = v . layer4 . affine ((& __a4)) + self . layer4 . weight . tr_mul (& __ra4) ;
let __ra5 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: Tanh , & __z5 , & __a5 , & __rz5) ;
let __rz6 = v . layer5 . affine ((& __a5)) + self . layer5 . weight . tr_mul (& __ra5) ;
let __ra6 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: ReLU , & __z6 , & __a6 , & __rz6) ;
let __rz7 = v . layer6 . affine ((& __a6)) + self . layer6 . weight . tr_mul (& __ra6) ;
let __ra7 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: Identity , & __z7 , & __a7 , & __rz7) ;
let __rz8 = __ra7 + __ra5 ;
let __ra8 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: ReLU , & __z8 , & __a8 , & __rz8) ;
let __rz9 = v . layer7 . affine ((& __a8)) + self . layer7 . weight . tr_mul (& __ra8) ;
let __ra9 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: Identity , & __z9 , & __a9 , & __rz9) ;
let __rz10 = __ra9 + __ra4 ;
let __ra10 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: Tanh , & __z10 , & __a10 , & __rz10) ;
let __rz11 = v . layer8 . affine ((& __a10)) + self . layer8 . weight . tr_mul (& __ra10) ;
let __ra11 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: Identity , & __z11 , & __a11 , & __rz11) ;
let __loss = :: typenet :: __private :: loss :: Loss :: < T > :: loss (& :: typenet :: __private :: loss :: MSE , & __a11 , target) ;
let __da11 = :: typenet :: __private :: loss :: Loss :: < T > :: gradient (& :: typenet :: __private :: loss :: MSE , & __a11 , target) ;
let __dz11 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z11 , & __a11 , & __da11) ;
let __rda11 = :: typenet :: __private :: second_order :: LossCurvature :: < T > :: output_hvp (& :: typenet :: __private :: loss :: MSE , & __a11 , target , & __ra11) ;
let __rdz11 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: Identity , & __z11 , & __a11 , & __da11 , & __rz11 , & __ra11 , & __rda11 ,) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer8 , (& __a10) , & __dz11) ;
:: typenet :: __private :: Dense :: accumulate (& mut hv . layer8 , (& __a10) , & __rdz11) ;
:: typenet :: __private :: second_order :: accumulate_weight (& mut hv . layer8 . weight , & __ra10 , & __dz11) ;
let __da10 = self . layer8 . input_gradient (& __dz11) ;
let __rda10 = v . layer8 . input_gradient (& __dz11) + self . layer8 . input_gradient (& __rdz11) ;
let __dz10 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z10 , & __a10 , & __da10) ;
let __rdz10 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: Tanh , & __z10 , & __a10 , & __da10 , & __rz10 , & __ra10 , & __rda10 ,) ;
let __da9 = __dz10 ;
let __rda9 = __rdz10 ;
let __dz9 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z9 , & __a9 , & __da9) ;
let __rdz9 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: Identity , & __z9 , & __a9 , & __da9 , & __rz9 , & __ra9 , & __rda9 ,) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer7 , (& __a8) , & __dz9) ;
:: typenet :: __private :: Dense :: accumulate (& mut hv . layer7 , (& __a8) , & __rdz9) ;
:: typenet :: __private :: second_order :: accumulate_weight (& mut hv . layer7 . weight , & __ra8 , & __dz9) ;
let __da8 = self . layer7 . input_gradient (& __dz9) ;
let __rda8 = v . layer7 . input_gradient (& __dz9) + self . layer7 . input_gradient (& __rdz9) ;
let __dz8 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z8 , & __a8 , & __da8) ;
let __rdz8 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: ReLU , & __z8 , & __a8 , & __da8 , & __rz8 , & __ra8 , & __rda8 ,) ;
let __da7 = __dz8 ;
let __rda7 = __rdz8 ;
let __dz7 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z7 , & __a7 , & __da7) ;
let __rdz7 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: Identity , & __z7 , & __a7 , & __da7 , & __rz7 , & __ra7 , & __rda7 ,) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer6 , (& __a6) , & __dz7) ;
:: typenet :: __private :: Dense :: accumulate (& mut hv . layer6 , (& __a6) , & __rdz7) ;
:: typenet :: __private :: second_order :: accumulate_weight (& mut hv . layer6 . weight , & __ra6 , & __dz7) ;
let __da6 = self . layer6 . input_gradient (& __dz7) ;
let __rda6 = v . layer6 . input_gradient (& __dz7) + self . layer6 . input_gradient (& __rdz7) ;
let __dz6 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z6 , & __a6 , & __da6) ;
let __rdz6 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: ReLU , & __z6 , & __a6 , & __da6 , & __rz6 , & __ra6 , & __rda6 ,) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer5 , (& __a5) , & __dz6) ;
:: typenet :: __private :: Dense :: accumulate (& mut hv . layer5 , (& __a5) , & __rdz6) ;
:: typenet :: __private :: second_order :: accumulate_weight (& mut hv . layer5 . weight , & __ra5 , & __dz6) ;
let __da5 = self . layer5 . input_gradient (& __dz6) ;
let __rda5 = v . layer5 . input_gradient (& __dz6) + self . layer5 . input_gradient (& __rdz6) ;
let __da5 = __da5 + __dz8 ;
let __rda5 = __rda5 + __rdz8 ;
let __dz5 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z5 , & __a5 , & __da5) ;
let __rdz5 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: Tanh , & __z5 , & __a5 , & __da5 , & __rz5 , & __ra5 , & __rda5 ,) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer4 , (& __a4) , & __dz5) ;
:: typenet :: __private :: Dense :: accumulate (& mut hv . layer4 , (& __a4) , & __rdz5) ;
:: typenet :: __private :: second_order :: accumulate_weight (& mut hv . layer4 . weight , & __ra4 , & __dz5) ;
let __da4 = self . layer4 . input_gradient (& __dz5) ;
let __rda4 = v . layer4 . input_gradient (& __dz5) + self . layer4 . input_gradient (& __rdz5) ;
let __da4 = __da4 + __dz10 ;
let __rda4 = __rda4 + __rdz10 ;
let __dz4 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z4 , & __a4 , & __da4) ;
let __rdz4 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: Identity , & __z4 , & __a4 , & __da4 , & __rz4 , & __ra4 , & __rda4 ,) ;
let __da3 = __dz4 ;
let __rda3 = __rdz4 ;
let __dz3 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z3 , & __a3 , & __da3) ;
let __rdz3 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: Identity , & __z3 , & __a3 , & __da3 , & __rz3 , & __ra3 , & __rda3 ,) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer3 , (& __a2) , & __dz3) ;
:: typenet :: __private :: Dense :: accumulate (& mut hv . layer3 , (& __a2) , & __rdz3) ;
:: typenet :: __private :: second_order :: accumulate_weight (& mut hv . layer3 . weight , & __ra2 , & __dz3) ;
let __da2 = self . layer3 . input_gradient (& __dz3) ;
let __rda2 = v . layer3 . input_gradient (& __dz3) + self . layer3 . input_gradient (& __rdz3) ;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z2 , & __a2 , & __da2) ;
let __rdz2 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: ReLU , & __z2 , & __a2 , & __da2 , & __rz2 , & __ra2 , & __rda2 ,) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer2 , (& __a1) , & __dz2) ;
:: typenet :: __private :: Dense :: accumulate (& mut hv . layer2 , (& __a1) , & __rdz2) ;
:: typenet :: __private :: second_order :: accumulate_weight (& mut hv . layer2 . weight , & __ra1 , & __dz2) ;
let __da1 = self . layer2 . input_gradient (& __dz2) ;
let __rda1 = v . layer2 . input_gradient (& __dz2) + self . layer2 . input_gradient (& __rdz2) ;
let __da1 = __da1 + __dz4 ;
let __rda1 = __rda1 + __rdz4 ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1) ;
let __rdz1 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1 , & __rz1 , & __ra1 , & __rda1 ,) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer1 , x , & __dz1) ;
:: typenet :: __private :: Dense :: accumulate (& mut hv . layer1 , x , & __rdz1) ;
__loss }
fn output_vjp_into (& self , x : & Self :: Input , dy : & [T] , grads : & mut Self :: Gradients , y : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: LengthError > {
for __len in [dy . len () , y . len ()] {
if __len != 1usize {
return :: core :: result :: Result :: Err (:: typenet :: __private :: LengthError {
expected : 1usize , found : __len }) ;
} }
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = self . layer2 . affine ((& __a1)) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z2) ;
let __z3 = self . layer3 . affine ((& __a2)) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z3) ;
let __z4 = (& __a3) + (& __a1) ;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z4) ;
let __z5 = self . layer4 . affine ((& __a4)) ;
let __a5 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z5) ;
let __z6 = self . layer5 . affine ((& __a5)) ;
let __a6 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z6) ;
let __z7 = self . layer6 . affine ((& __a6)) ;
let __a7 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z7) ;
let __z8 = (& __a7) + (& __a5) ;
let __a8 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z8) ;
let __z9 = self . layer7 . affine ((& __a8)) ;
let __a9 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z9) ;
let __z10 = (& __a9) + (& __a4) ;
let __a10 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z10) ;
let __z11 = self . layer8 . affine ((& __a10)) ;
let __a11 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z11) ;
let __da11 = :: typenet :: __private :: nalgebra :: SVector :: < T , 1usize > :: from_column_slice (dy) ;
let __dz11 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z11 , & __a11 , & __da11) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer8 , (& __a10) , & __dz11) ;
let __da10 = self . layer8 . input_gradient (& __dz11) ;
let __dz10 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z10 , & __a10 , & __da10) ;
let __da9 = __dz10 ;
let __dz9 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z9 , & __a9 , & __da9) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer7 , (& __a8) , & __dz9) ;
let __da8 = self . layer7 . input_gradient (& __dz9) ;
let __dz8 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z8 , & __a8 , & __da8) ;
let __da7 = __dz8 ;
let __dz7 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z7 , & __a7 , & __da7) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer6 , (& __a6) , & __dz7) ;
let __da6 = self . layer6 . input_gradient (& __dz7) ;
let __dz6 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z6 , & __a6 , & __da6) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer5 , (& __a5) , & __dz6) ;
let __da5 = self . layer5 . input_gradient (& __dz6) ;
let __da5 = __da5 + __dz8 ;
let __dz5 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z5 , & __a5 , & __da5) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer4 , (& __a4) , & __dz5) ;
let __da4 = self . layer4 . input_gradient (& __dz5) ;
let __da4 = __da4 + __dz10 ;
let __dz4 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z4 , & __a4 , & __da4) ;
let __da3 = __dz4 ;
let __dz3 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z3 , & __a3 , & __da3) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer3 , (& __a2) , & __dz3) ;
let __da2 = self . layer3 . input_gradient (& __dz3) ;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z2 , & __a2 , & __da2) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer2 , (& __a1) , & __dz2) ;
let __da1 = self . layer2 . input_gradient (& __dz2) ;
let __da1 = __da1 + __dz4 ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer1 , x , & __dz1) ;
y . copy_from_slice (__a11 . as_slice ()) ;
:: core :: result :: Result :: Ok (()) }
fn target_values (target : & Self :: Target) -> & [T] {
target . as_slice () }
} # [doc = "Gradients of [`Res`]'s loss: the same layers, names and flat order as its parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct ResGradients < T = f32 > {
# [doc = "Layer 1: Dense 4 → 4, ReLU (20 parameters)."] pub layer1 : :: typenet :: __private :: Dense < T , 4usize , 4usize > , # [doc = "Layer 2: Dense 4 → 4, ReLU (20 parameters)."] pub layer2 : :: typenet :: __private :: Dense < T , 4usize , 4usize > , # [doc = "Layer 3: Dense 4 → 4, Identity (20 parameters)."] pub layer3 : :: typenet :: __private :: Dense < T , 4usize , 4usize > , # [doc = "Layer 4: Dense 4 → 8, Tanh (40 parameters)."] pub layer4 : :: typenet :: __private :: Dense < T , 4usize , 8usize > , # [doc = "Layer 5: Dense 8 → 8, ReLU (72 parameters)."] pub layer5 : :: typenet :: __private :: Dense < T , 8usize , 8usize > , # [doc = "Layer 6: Dense 8 → 8, Identity (72 parameters)."] pub layer6 : :: typenet :: __private :: Dense < T , 8usize , 8usize > , # [doc = "Layer 7: Dense 8 → 4, Identity (36 parameters)."] pub layer7 : :: typenet :: __private :: Dense < T , 8usize , 4usize > , # [doc = "Layer 8: Dense 4 → 1, Identity (5 parameters)."] pub layer8 : :: typenet :: __private :: Dense < T , 4usize , 1usize > , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for ResGradients < T > {
const LEN : usize = 285usize ;
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Res < T > {
# [doc = r" The loss of one sample."] # [inline] pub fn loss (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 4usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize >) -> T {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z2) ;
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
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z3) ;
let __z4 = (& __a3) + (& __a1) ;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z4) ;
let __z5 = {
let __w = & self . layer4 . weight . data . 0 ;
let __x = & (& __a4) . data . 0 [0] ;
let __b = & self . layer4 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
let __o4 = ((__x [0usize] * __w [4usize] [0usize] + __x [2usize] * __w [4usize] [2usize]) + (__x [1usize] * __w [4usize] [1usize] + __x [3usize] * __w [4usize] [3usize])) + __b [4usize] ;
let __o5 = ((__x [0usize] * __w [5usize] [0usize] + __x [2usize] * __w [5usize] [2usize]) + (__x [1usize] * __w [5usize] [1usize] + __x [3usize] * __w [5usize] [3usize])) + __b [5usize] ;
let __o6 = ((__x [0usize] * __w [6usize] [0usize] + __x [2usize] * __w [6usize] [2usize]) + (__x [1usize] * __w [6usize] [1usize] + __x [3usize] * __w [6usize] [3usize])) + __b [6usize] ;
let __o7 = ((__x [0usize] * __w [7usize] [0usize] + __x [2usize] * __w [7usize] [2usize]) + (__x [1usize] * __w [7usize] [1usize] + __x [3usize] * __w [7usize] [3usize])) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a5 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z5) ;
let __z6 = {
let __w = & self . layer5 . weight . data . 0 ;
let __x = & (& __a5) . data . 0 [0] ;
let __b = & self . layer5 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
let __o4 = (((__x [0usize] * __w [4usize] [0usize] + __x [4usize] * __w [4usize] [4usize]) + (__x [2usize] * __w [4usize] [2usize] + __x [6usize] * __w [4usize] [6usize])) + ((__x [1usize] * __w [4usize] [1usize] + __x [5usize] * __w [4usize] [5usize]) + (__x [3usize] * __w [4usize] [3usize] + __x [7usize] * __w [4usize] [7usize]))) + __b [4usize] ;
let __o5 = (((__x [0usize] * __w [5usize] [0usize] + __x [4usize] * __w [5usize] [4usize]) + (__x [2usize] * __w [5usize] [2usize] + __x [6usize] * __w [5usize] [6usize])) + ((__x [1usize] * __w [5usize] [1usize] + __x [5usize] * __w [5usize] [5usize]) + (__x [3usize] * __w [5usize] [3usize] + __x [7usize] * __w [5usize] [7usize]))) + __b [5usize] ;
let __o6 = (((__x [0usize] * __w [6usize] [0usize] + __x [4usize] * __w [6usize] [4usize]) + (__x [2usize] * __w [6usize] [2usize] + __x [6usize] * __w [6usize] [6usize])) + ((__x [1usize] * __w [6usize] [1usize] + __x [5usize] * __w [6usize] [5usize]) + (__x [3usize] * __w [6usize] [3usize] + __x [7usize] * __w [6usize] [7usize]))) + __b [6usize] ;
let __o7 = (((__x [0usize] * __w [7usize] [0usize] + __x [4usize] * __w [7usize] [4usize]) + (__x [2usize] * __w [7usize] [2usize] + __x [6usize] * __w [7usize] [6usize])) + ((__x [1usize] * __w [7usize] [1usize] + __x [5usize] * __w [7usize] [5usize]) + (__x [3usize] * __w [7usize] [3usize] + __x [7usize] * __w [7usize] [7usize]))) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a6 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z6) ;
let __z7 = {
let __w = & self . layer6 . weight . data . 0 ;
let __x = & (& __a6) . data . 0 [0] ;
let __b = & self . layer6 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
let __o4 = (((__x [0usize] * __w [4usize] [0usize] + __x [4usize] * __w [4usize] [4usize]) + (__x [2usize] * __w [4usize] [2usize] + __x [6usize] * __w [4usize] [6usize])) + ((__x [1usize] * __w [4usize] [1usize] + __x [5usize] * __w [4usize] [5usize]) + (__x [3usize] * __w [4usize] [3usize] + __x [7usize] * __w [4usize] [7usize]))) + __b [4usize] ;
let __o5 = (((__x [0usize] * __w [5usize] [0usize] + __x [4usize] * __w [5usize] [4usize]) + (__x [2usize] * __w [5usize] [2usize] + __x [6usize] * __w [5usize] [6usize])) + ((__x [1usize] * __w [5usize] [1usize] + __x [5usize] * __w [5usize] [5usize]) + (__x [3usize] * __w [5usize] [3usize] + __x [7usize] * __w [5usize] [7usize]))) + __b [5usize] ;
let __o6 = (((__x [0usize] * __w [6usize] [0usize] + __x [4usize] * __w [6usize] [4usize]) + (__x [2usize] * __w [6usize] [2usize] + __x [6usize] * __w [6usize] [6usize])) + ((__x [1usize] * __w [6usize] [1usize] + __x [5usize] * __w [6usize] [5usize]) + (__x [3usize] * __w [6usize] [3usize] + __x [7usize] * __w [6usize] [7usize]))) + __b [6usize] ;
let __o7 = (((__x [0usize] * __w [7usize] [0usize] + __x [4usize] * __w [7usize] [4usize]) + (__x [2usize] * __w [7usize] [2usize] + __x [6usize] * __w [7usize] [6usize])) + ((__x [1usize] * __w [7usize] [1usize] + __x [5usize] * __w [7usize] [5usize]) + (__x [3usize] * __w [7usize] [3usize] + __x [7usize] * __w [7usize] [7usize]))) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a7 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z7) ;
let __z8 = (& __a7) + (& __a5) ;
let __a8 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z8) ;
let __z9 = {
let __w = & self . layer7 . weight . data . 0 ;
let __x = & (& __a8) . data . 0 [0] ;
let __b = & self . layer7 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a9 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z9) ;
let __z10 = (& __a9) + (& __a4) ;
let __a10 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z10) ;
let __z11 = {
let __w = & self . layer8 . weight . data . 0 ;
let __x = & (& __a10) . data . 0 [0] ;
let __b = & self . layer8 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
[__o0] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 1usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a11 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z11) ;
:: typenet :: __private :: loss :: Loss :: < T > :: loss (& :: typenet :: __private :: loss :: MSE , & __a11 , target) }
# [doc = r" Adds one sample's gradient to `grads` and returns its loss."] # [inline] pub fn backward_into (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 4usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize > , grads : & mut ResGradients < T > ,) -> T {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z2) ;
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
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z3) ;
let __z4 = (& __a3) + (& __a1) ;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z4) ;
let __z5 = {
let __w = & self . layer4 . weight . data . 0 ;
let __x = & (& __a4) . data . 0 [0] ;
let __b = & self . layer4 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
let __o4 = ((__x [0usize] * __w [4usize] [0usize] + __x [2usize] * __w [4usize] [2usize]) + (__x [1usize] * __w [4usize] [1usize] + __x [3usize] * __w [4usize] [3usize])) + __b [4usize] ;
let __o5 = ((__x [0usize] * __w [5usize] [0usize] + __x [2usize] * __w [5usize] [2usize]) + (__x [1usize] * __w [5usize] [1usize] + __x [3usize] * __w [5usize] [3usize])) + __b [5usize] ;
let __o6 = ((__x [0usize] * __w [6usize] [0usize] + __x [2usize] * __w [6usize] [2usize]) + (__x [1usize] * __w [6usize] [1usize] + __x [3usize] * __w [6usize] [3usize])) + __b [6usize] ;
let __o7 = ((__x [0usize] * __w [7usize] [0usize] + __x [2usize] * __w [7usize] [2usize]) + (__x [1usize] * __w [7usize] [1usize] + __x [3usize] * __w [7usize] [3usize])) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a5 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z5) ;
let __z6 = {
let __w = & self . layer5 . weight . data . 0 ;
let __x = & (& __a5) . data . 0 [0] ;
let __b = & self . layer5 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
let __o4 = (((__x [0usize] * __w [4usize] [0usize] + __x [4usize] * __w [4usize] [4usize]) + (__x [2usize] * __w [4usize] [2usize] + __x [6usize] * __w [4usize] [6usize])) + ((__x [1usize] * __w [4usize] [1usize] + __x [5usize] * __w [4usize] [5usize]) + (__x [3usize] * __w [4usize] [3usize] + __x [7usize] * __w [4usize] [7usize]))) + __b [4usize] ;
let __o5 = (((__x [0usize] * __w [5usize] [0usize] + __x [4usize] * __w [5usize] [4usize]) + (__x [2usize] * __w [5usize] [2usize] + __x [6usize] * __w [5usize] [6usize])) + ((__x [1usize] * __w [5usize] [1usize] + __x [5usize] * __w [5usize] [5usize]) + (__x [3usize] * __w [5usize] [3usize] + __x [7usize] * __w [5usize] [7usize]))) + __b [5usize] ;
let __o6 = (((__x [0usize] * __w [6usize] [0usize] + __x [4usize] * __w [6usize] [4usize]) + (__x [2usize] * __w [6usize] [2usize] + __x [6usize] * __w [6usize] [6usize])) + ((__x [1usize] * __w [6usize] [1usize] + __x [5usize] * __w [6usize] [5usize]) + (__x [3usize] * __w [6usize] [3usize] + __x [7usize] * __w [6usize] [7usize]))) + __b [6usize] ;
let __o7 = (((__x [0usize] * __w [7usize] [0usize] + __x [4usize] * __w [7usize] [4usize]) + (__x [2usize] * __w [7usize] [2usize] + __x [6usize] * __w [7usize] [6usize])) + ((__x [1usize] * __w [7usize] [1usize] + __x [5usize] * __w [7usize] [5usize]) + (__x [3usize] * __w [7usize] [3usize] + __x [7usize] * __w [7usize] [7usize]))) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a6 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z6) ;
let __z7 = {
let __w = & self . layer6 . weight . data . 0 ;
let __x = & (& __a6) . data . 0 [0] ;
let __b = & self . layer6 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
let __o4 = (((__x [0usize] * __w [4usize] [0usize] + __x [4usize] * __w [4usize] [4usize]) + (__x [2usize] * __w [4usize] [2usize] + __x [6usize] * __w [4usize] [6usize])) + ((__x [1usize] * __w [4usize] [1usize] + __x [5usize] * __w [4usize] [5usize]) + (__x [3usize] * __w [4usize] [3usize] + __x [7usize] * __w [4usize] [7usize]))) + __b [4usize] ;
let __o5 = (((__x [0usize] * __w [5usize] [0usize] + __x [4usize] * __w [5usize] [4usize]) + (__x [2usize] * __w [5usize] [2usize] + __x [6usize] * __w [5usize] [6usize])) + ((__x [1usize] * __w [5usize] [1usize] + __x [5usize] * __w [5usize] [5usize]) + (__x [3usize] * __w [5usize] [3usize] + __x [7usize] * __w [5usize] [7usize]))) + __b [5usize] ;
let __o6 = (((__x [0usize] * __w [6usize] [0usize] + __x [4usize] * __w [6usize] [4usize]) + (__x [2usize] * __w [6usize] [2usize] + __x [6usize] * __w [6usize] [6usize])) + ((__x [1usize] * __w [6usize] [1usize] + __x [5usize] * __w [6usize] [5usize]) + (__x [3usize] * __w [6usize] [3usize] + __x [7usize] * __w [6usize] [7usize]))) + __b [6usize] ;
let __o7 = (((__x [0usize] * __w [7usize] [0usize] + __x [4usize] * __w [7usize] [4usize]) + (__x [2usize] * __w [7usize] [2usize] + __x [6usize] * __w [7usize] [6usize])) + ((__x [1usize] * __w [7usize] [1usize] + __x [5usize] * __w [7usize] [5usize]) + (__x [3usize] * __w [7usize] [3usize] + __x [7usize] * __w [7usize] [7usize]))) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a7 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z7) ;
let __z8 = (& __a7) + (& __a5) ;
let __a8 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z8) ;
let __z9 = {
let __w = & self . layer7 . weight . data . 0 ;
let __x = & (& __a8) . data . 0 [0] ;
let __b = & self . layer7 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a9 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z9) ;
let __z10 = (& __a9) + (& __a4) ;
let __a10 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z10) ;
let __z11 = {
let __w = & self . layer8 . weight . data . 0 ;
let __x = & (& __a10) . data . 0 [0] ;
let __b = & self . layer8 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
[__o0] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 1usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a11 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z11) ;
let __loss = :: typenet :: __private :: loss :: Loss :: < T > :: loss (& :: typenet :: __private :: loss :: MSE , & __a11 , target) ;
let __da11 = :: typenet :: __private :: loss :: Loss :: < T > :: gradient (& :: typenet :: __private :: loss :: MSE , & __a11 , target) ;
let __dz11 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z11 , & __a11 , & __da11) ;
{ let __x = & (& __a10) . data . 0 [0] ;
let __d = & __dz11 . data . 0 [0] ;
let __gw = & mut grads . layer8 . weight . data . 0 ;
__gw [0usize] [0usize] += __x [0usize] * __d [0usize] ;
__gw [0usize] [1usize] += __x [1usize] * __d [0usize] ;
__gw [0usize] [2usize] += __x [2usize] * __d [0usize] ;
__gw [0usize] [3usize] += __x [3usize] * __d [0usize] ;
let __gb = & mut grads . layer8 . bias . data . 0 [0] ;
__gb [0usize] += __d [0usize] ;
} let __da10 = {
let __w = & self . layer8 . weight . data . 0 ;
let __d = & __dz11 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __dz10 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z10 , & __a10 , & __da10) ;
let __da9 = __dz10 ;
let __dz9 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z9 , & __a9 , & __da9) ;
{ let __x = & (& __a8) . data . 0 [0] ;
let __d = & __dz9 . data . 0 [0] ;
let __gw = & mut grads . layer7 . weight . data . 0 ;
__gw [0usize] [0usize] += __x [0usize] * __d [0usize] ;
__gw [0usize] [1usize] += __x [1usize] * __d [0usize] ;
__gw [0usize] [2usize] += __x [2usize] * __d [0usize] ;
__gw [0usize] [3usize] += __x [3usize] * __d [0usize] ;
__gw [0usize] [4usize] += __x [4usize] * __d [0usize] ;
__gw [0usize] [5usize] += __x [5usize] * __d [0usize] ;
__gw [0usize] [6usize] += __x [6usize] * __d [0usize] ;
__gw [0usize] [7usize] += __x [7usize] * __d [0usize] ;
__gw [1usize] [0usize] += __x [0usize] * __d [1usize] ;
__gw [1usize] [1usize] += __x [1usize] * __d [1usize] ;
__gw [1usize] [2usize] += __x [2usize] * __d [1usize] ;
__gw [1usize] [3usize] += __x [3usize] * __d [1usize] ;
__gw [1usize] [4usize] += __x [4usize] * __d [1usize] ;
__gw [1usize] [5usize] += __x [5usize] * __d [1usize] ;
__gw [1usize] [6usize] += __x [6usize] * __d [1usize] ;
__gw [1usize] [7usize] += __x [7usize] * __d [1usize] ;
__gw [2usize] [0usize] += __x [0usize] * __d [2usize] ;
__gw [2usize] [1usize] += __x [1usize] * __d [2usize] ;
__gw [2usize] [2usize] += __x [2usize] * __d [2usize] ;
__gw [2usize] [3usize] += __x [3usize] * __d [2usize] ;
__gw [2usize] [4usize] += __x [4usize] * __d [2usize] ;
__gw [2usize] [5usize] += __x [5usize] * __d [2usize] ;
__gw [2usize] [6usize] += __x [6usize] * __d [2usize] ;
__gw [2usize] [7usize] += __x [7usize] * __d [2usize] ;
__gw [3usize] [0usize] += __x [0usize] * __d [3usize] ;
__gw [3usize] [1usize] += __x [1usize] * __d [3usize] ;
__gw [3usize] [2usize] += __x [2usize] * __d [3usize] ;
__gw [3usize] [3usize] += __x [3usize] * __d [3usize] ;
__gw [3usize] [4usize] += __x [4usize] * __d [3usize] ;
__gw [3usize] [5usize] += __x [5usize] * __d [3usize] ;
__gw [3usize] [6usize] += __x [6usize] * __d [3usize] ;
__gw [3usize] [7usize] += __x [7usize] * __d [3usize] ;
let __gb = & mut grads . layer7 . bias . data . 0 [0] ;
__gb [0usize] += __d [0usize] ;
__gb [1usize] += __d [1usize] ;
__gb [2usize] += __d [2usize] ;
__gb [3usize] += __d [3usize] ;
} let __da8 = {
let __w = & self . layer7 . weight . data . 0 ;
let __d = & __dz9 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] ;
let __o4 = __w [0usize] [4usize] * __d [0usize] + __w [1usize] [4usize] * __d [1usize] + __w [2usize] [4usize] * __d [2usize] + __w [3usize] [4usize] * __d [3usize] ;
let __o5 = __w [0usize] [5usize] * __d [0usize] + __w [1usize] [5usize] * __d [1usize] + __w [2usize] [5usize] * __d [2usize] + __w [3usize] [5usize] * __d [3usize] ;
let __o6 = __w [0usize] [6usize] * __d [0usize] + __w [1usize] [6usize] * __d [1usize] + __w [2usize] [6usize] * __d [2usize] + __w [3usize] [6usize] * __d [3usize] ;
let __o7 = __w [0usize] [7usize] * __d [0usize] + __w [1usize] [7usize] * __d [1usize] + __w [2usize] [7usize] * __d [2usize] + __w [3usize] [7usize] * __d [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7]])) }
;
let __dz8 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z8 , & __a8 , & __da8) ;
let __da7 = __dz8 ;
let __dz7 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z7 , & __a7 , & __da7) ;
{ let __x = & (& __a6) . data . 0 [0] ;
let __d = & __dz7 . data . 0 [0] ;
let __gw = & mut grads . layer6 . weight . data . 0 ;
__gw [0usize] [0usize] += __x [0usize] * __d [0usize] ;
__gw [0usize] [1usize] += __x [1usize] * __d [0usize] ;
__gw [0usize] [2usize] += __x [2usize] * __d [0usize] ;
__gw [0usize] [3usize] += __x [3usize] * __d [0usize] ;
__gw [0usize] [4usize] += __x [4usize] * __d [0usize] ;
__gw [0usize] [5usize] += __x [5usize] * __d [0usize] ;
__gw [0usize] [6usize] += __x [6usize] * __d [0usize] ;
__gw [0usize] [7usize] += __x [7usize] * __d [0usize] ;
__gw [1usize] [0usize] += __x [0usize] * __d [1usize] ;
__gw [1usize] [1usize] += __x [1usize] * __d [1usize] ;
__gw [1usize] [2usize] += __x [2usize] * __d [1usize] ;
__gw [1usize] [3usize] += __x [3usize] * __d [1usize] ;
__gw [1usize] [4usize] += __x [4usize] * __d [1usize] ;
__gw [1usize] [5usize] += __x [5usize] * __d [1usize] ;
__gw [1usize] [6usize] += __x [6usize] * __d [1usize] ;
__gw [1usize] [7usize] += __x [7usize] * __d [1usize] ;
__gw [2usize] [0usize] += __x [0usize] * __d [2usize] ;
__gw [2usize] [1usize] += __x [1usize] * __d [2usize] ;
__gw [2usize] [2usize] += __x [2usize] * __d [2usize] ;
__gw [2usize] [3usize] += __x [3usize] * __d [2usize] ;
__gw [2usize] [4usize] += __x [4usize] * __d [2usize] ;
__gw [2usize] [5usize] += __x [5usize] * __d [2usize] ;
__gw [2usize] [6usize] += __x [6usize] * __d [2usize] ;
__gw [2usize] [7usize] += __x [7usize] * __d [2usize] ;
__gw [3usize] [0usize] += __x [0usize] * __d [3usize] ;
__gw [3usize] [1usize] += __x [1usize] * __d [3usize] ;
__gw [3usize] [2usize] += __x [2usize] * __d [3usize] ;
__gw [3usize] [3usize] += __x [3usize] * __d [3usize] ;
__gw [3usize] [4usize] += __x [4usize] * __d [3usize] ;
__gw [3usize] [5usize] += __x [5usize] * __d [3usize] ;
__gw [3usize] [6usize] += __x [6usize] * __d [3usize] ;
__gw [3usize] [7usize] += __x [7usize] * __d [3usize] ;
__gw [4usize] [0usize] += __x [0usize] * __d [4usize] ;
__gw [4usize] [1usize] += __x [1usize] * __d [4usize] ;
__gw [4usize] [2usize] += __x [2usize] * __d [4usize] ;
__gw [4usize] [3usize] += __x [3usize] * __d [4usize] ;
__gw [4usize] [4usize] += __x [4usize] * __d [4usize] ;
__gw [4usize] [5usize] += __x [5usize] * __d [4usize] ;
__gw [4usize] [6usize] += __x [6usize] * __d [4usize] ;
__gw [4usize] [7usize] += __x [7usize] * __d [4usize] ;
__gw [5usize] [0usize] += __x [0usize] * __d [5usize] ;
__gw [5usize] [1usize] += __x [1usize] * __d [5usize] ;
__gw [5usize] [2usize] += __x [2usize] * __d [5usize] ;
__gw [5usize] [3usize] += __x [3usize] * __d [5usize] ;
__gw [5usize] [4usize] += __x [4usize] * __d [5usize] ;
__gw [5usize] [5usize] += __x [5usize] * __d [5usize] ;
__gw [5usize] [6usize] += __x [6usize] * __d [5usize] ;
__gw [5usize] [7usize] += __x [7usize] * __d [5usize] ;
__gw [6usize] [0usize] += __x [0usize] * __d [6usize] ;
__gw [6usize] [1usize] += __x [1usize] * __d [6usize] ;
__gw [6usize] [2usize] += __x [2usize] * __d [6usize] ;
__gw [6usize] [3usize] += __x [3usize] * __d [6usize] ;
__gw [6usize] [4usize] += __x [4usize] * __d [6usize] ;
__gw [6usize] [5usize] += __x [5usize] * __d [6usize] ;
__gw [6usize] [6usize] += __x [6usize] * __d [6usize] ;
__gw [6usize] [7usize] += __x [7usize] * __d [6usize] ;
__gw [7usize] [0usize] += __x [0usize] * __d [7usize] ;
__gw [7usize] [1usize] += __x [1usize] * __d [7usize] ;
__gw [7usize] [2usize] += __x [2usize] * __d [7usize] ;
__gw [7usize] [3usize] += __x [3usize] * __d [7usize] ;
__gw [7usize] [4usize] += __x [4usize] * __d [7usize] ;
__gw [7usize] [5usize] += __x [5usize] * __d [7usize] ;
__gw [7usize] [6usize] += __x [6usize] * __d [7usize] ;
__gw [7usize] [7usize] += __x [7usize] * __d [7usize] ;
let __gb = & mut grads . layer6 . bias . data . 0 [0] ;
__gb [0usize] += __d [0usize] ;
__gb [1usize] += __d [1usize] ;
__gb [2usize] += __d [2usize] ;
__gb [3usize] += __d [3usize] ;
__gb [4usize] += __d [4usize] ;
__gb [5usize] += __d [5usize] ;
__gb [6usize] += __d [6usize] ;
__gb [7usize] += __d [7usize] ;
} let __da6 = {
let __w = & self . layer6 . weight . data . 0 ;
let __d = & __dz7 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] + __w [4usize] [0usize] * __d [4usize] + __w [5usize] [0usize] * __d [5usize] + __w [6usize] [0usize] * __d [6usize] + __w [7usize] [0usize] * __d [7usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] + __w [4usize] [1usize] * __d [4usize] + __w [5usize] [1usize] * __d [5usize] + __w [6usize] [1usize] * __d [6usize] + __w [7usize] [1usize] * __d [7usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] + __w [4usize] [2usize] * __d [4usize] + __w [5usize] [2usize] * __d [5usize] + __w [6usize] [2usize] * __d [6usize] + __w [7usize] [2usize] * __d [7usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] + __w [4usize] [3usize] * __d [4usize] + __w [5usize] [3usize] * __d [5usize] + __w [6usize] [3usize] * __d [6usize] + __w [7usize] [3usize] * __d [7usize] ;
let __o4 = __w [0usize] [4usize] * __d [0usize] + __w [1usize] [4usize] * __d [1usize] + __w [2usize] [4usize] * __d [2usize] + __w [3usize] [4usize] * __d [3usize] + __w [4usize] [4usize] * __d [4usize] + __w [5usize] [4usize] * __d [5usize] + __w [6usize] [4usize] * __d [6usize] + __w [7usize] [4usize] * __d [7usize] ;
let __o5 = __w [0usize] [5usize] * __d [0usize] + __w [1usize] [5usize] * __d [1usize] + __w [2usize] [5usize] * __d [2usize] + __w [3usize] [5usize] * __d [3usize] + __w [4usize] [5usize] * __d [4usize] + __w [5usize] [5usize] * __d [5usize] + __w [6usize] [5usize] * __d [6usize] + __w [7usize] [5usize] * __d [7usize] ;
let __o6 = __w [0usize] [6usize] * __d [0usize] + __w [1usize] [6usize] * __d [1usize] + __w [2usize] [6usize] * __d [2usize] + __w [3usize] [6usize] * __d [3usize] + __w [4usize] [6usize] * __d [4usize] + __w [5usize] [6usize] * __d [5usize] + __w [6usize] [6usize] * __d [6usize] + __w [7usize] [6usize] * __d [7usize] ;
let __o7 = __w [0usize] [7usize] * __d [0usize] + __w [1usize] [7usize] * __d [1usize] + __w [2usize] [7usize] * __d [2usize] + __w [3usize] [7usize] * __d [3usize] + __w [4usize] [7usize] * __d [4usize] + __w [5usize] [7usize] * __d [5usize] + __w [6usize] [7usize] * __d [6usize] + __w [7usize] [7usize] * __d [7usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7]])) }
;
let __dz6 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z6 , & __a6 , & __da6) ;
{ let __x = & (& __a5) . data . 0 [0] ;
let __d = & __dz6 . data . 0 [0] ;
let __gw = & mut grads . layer5 . weight . data . 0 ;
__gw [0usize] [0usize] += __x [0usize] * __d [0usize] ;
__gw [0usize] [1usize] += __x [1usize] * __d [0usize] ;
__gw [0usize] [2usize] += __x [2usize] * __d [0usize] ;
__gw [0usize] [3usize] += __x [3usize] * __d [0usize] ;
__gw [0usize] [4usize] += __x [4usize] * __d [0usize] ;
__gw [0usize] [5usize] += __x [5usize] * __d [0usize] ;
__gw [0usize] [6usize] += __x [6usize] * __d [0usize] ;
__gw [0usize] [7usize] += __x [7usize] * __d [0usize] ;
__gw [1usize] [0usize] += __x [0usize] * __d [1usize] ;
__gw [1usize] [1usize] += __x [1usize] * __d [1usize] ;
__gw [1usize] [2usize] += __x [2usize] * __d [1usize] ;
__gw [1usize] [3usize] += __x [3usize] * __d [1usize] ;
__gw [1usize] [4usize] += __x [4usize] * __d [1usize] ;
__gw [1usize] [5usize] += __x [5usize] * __d [1usize] ;
__gw [1usize] [6usize] += __x [6usize] * __d [1usize] ;
__gw [1usize] [7usize] += __x [7usize] * __d [1usize] ;
__gw [2usize] [0usize] += __x [0usize] * __d [2usize] ;
__gw [2usize] [1usize] += __x [1usize] * __d [2usize] ;
__gw [2usize] [2usize] += __x [2usize] * __d [2usize] ;
__gw [2usize] [3usize] += __x [3usize] * __d [2usize] ;
__gw [2usize] [4usize] += __x [4usize] * __d [2usize] ;
__gw [2usize] [5usize] += __x [5usize] * __d [2usize] ;
__gw [2usize] [6usize] += __x [6usize] * __d [2usize] ;
__gw [2usize] [7usize] += __x [7usize] * __d [2usize] ;
__gw [3usize] [0usize] += __x [0usize] * __d [3usize] ;
__gw [3usize] [1usize] += __x [1usize] * __d [3usize] ;
__gw [3usize] [2usize] += __x [2usize] * __d [3usize] ;
__gw [3usize] [3usize] += __x [3usize] * __d [3usize] ;
__gw [3usize] [4usize] += __x [4usize] * __d [3usize] ;
__gw [3usize] [5usize] += __x [5usize] * __d [3usize] ;
__gw [3usize] [6usize] += __x [6usize] * __d [3usize] ;
__gw [3usize] [7usize] += __x [7usize] * __d [3usize] ;
__gw [4usize] [0usize] += __x [0usize] * __d [4usize] ;
__gw [4usize] [1usize] += __x [1usize] * __d [4usize] ;
__gw [4usize] [2usize] += __x [2usize] * __d [4usize] ;
__gw [4usize] [3usize] += __x [3usize] * __d [4usize] ;
__gw [4usize] [4usize] += __x [4usize] * __d [4usize] ;
__gw [4usize] [5usize] += __x [5usize] * __d [4usize] ;
__gw [4usize] [6usize] += __x [6usize] * __d [4usize] ;
__gw [4usize] [7usize] += __x [7usize] * __d [4usize] ;
__gw [5usize] [0usize] += __x [0usize] * __d [5usize] ;
__gw [5usize] [1usize] += __x [1usize] * __d [5usize] ;
__gw [5usize] [2usize] += __x [2usize] * __d [5usize] ;
__gw [5usize] [3usize] += __x [3usize] * __d [5usize] ;
__gw [5usize] [4usize] += __x [4usize] * __d [5usize] ;
__gw [5usize] [5usize] += __x [5usize] * __d [5usize] ;
__gw [5usize] [6usize] += __x [6usize] * __d [5usize] ;
__gw [5usize] [7usize] += __x [7usize] * __d [5usize] ;
__gw [6usize] [0usize] += __x [0usize] * __d [6usize] ;
__gw [6usize] [1usize] += __x [1usize] * __d [6usize] ;
__gw [6usize] [2usize] += __x [2usize] * __d [6usize] ;
__gw [6usize] [3usize] += __x [3usize] * __d [6usize] ;
__gw [6usize] [4usize] += __x [4usize] * __d [6usize] ;
__gw [6usize] [5usize] += __x [5usize] * __d [6usize] ;
__gw [6usize] [6usize] += __x [6usize] * __d [6usize] ;
__gw [6usize] [7usize] += __x [7usize] * __d [6usize] ;
__gw [7usize] [0usize] += __x [0usize] * __d [7usize] ;
__gw [7usize] [1usize] += __x [1usize] * __d [7usize] ;
__gw [7usize] [2usize] += __x [2usize] * __d [7usize] ;
__gw [7usize] [3usize] += __x [3usize] * __d [7usize] ;
__gw [7usize] [4usize] += __x [4usize] * __d [7usize] ;
__gw [7usize] [5usize] += __x [5usize] * __d [7usize] ;
__gw [7usize] [6usize] += __x [6usize] * __d [7usize] ;
__gw [7usize] [7usize] += __x [7usize] * __d [7usize] ;
let __gb = & mut grads . layer5 . bias . data . 0 [0] ;
__gb [0usize] += __d [0usize] ;
__gb [1usize] += __d [1usize] ;
__gb [2usize] += __d [2usize] ;
__gb [3usize] += __d [3usize] ;
__gb [4usize] += __d [4usize] ;
__gb [5usize] += __d [5usize] ;
__gb [6usize] += __d [6usize] ;
__gb [7usize] += __d [7usize] ;
} let __da5 = {
let __w = & self . layer5 . weight . data . 0 ;
let __d = & __dz6 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] + __w [4usize] [0usize] * __d [4usize] + __w [5usize] [0usize] * __d [5usize] + __w [6usize] [0usize] * __d [6usize] + __w [7usize] [0usize] * __d [7usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] + __w [4usize] [1usize] * __d [4usize] + __w [5usize] [1usize] * __d [5usize] + __w [6usize] [1usize] * __d [6usize] + __w [7usize] [1usize] * __d [7usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] + __w [4usize] [2usize] * __d [4usize] + __w [5usize] [2usize] * __d [5usize] + __w [6usize] [2usize] * __d [6usize] + __w [7usize] [2usize] * __d [7usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] + __w [4usize] [3usize] * __d [4usize] + __w [5usize] [3usize] * __d [5usize] + __w [6usize] [3usize] * __d [6usize] + __w [7usize] [3usize] * __d [7usize] ;
let __o4 = __w [0usize] [4usize] * __d [0usize] + __w [1usize] [4usize] * __d [1usize] + __w [2usize] [4usize] * __d [2usize] + __w [3usize] [4usize] * __d [3usize] + __w [4usize] [4usize] * __d [4usize] + __w [5usize] [4usize] * __d [5usize] + __w [6usize] [4usize] * __d [6usize] + __w [7usize] [4usize] * __d [7usize] ;
let __o5 = __w [0usize] [5usize] * __d [0usize] + __w [1usize] [5usize] * __d [1usize] + __w [2usize] [5usize] * __d [2usize] + __w [3usize] [5usize] * __d [3usize] + __w [4usize] [5usize] * __d [4usize] + __w [5usize] [5usize] * __d [5usize] + __w [6usize] [5usize] * __d [6usize] + __w [7usize] [5usize] * __d [7usize] ;
let __o6 = __w [0usize] [6usize] * __d [0usize] + __w [1usize] [6usize] * __d [1usize] + __w [2usize] [6usize] * __d [2usize] + __w [3usize] [6usize] * __d [3usize] + __w [4usize] [6usize] * __d [4usize] + __w [5usize] [6usize] * __d [5usize] + __w [6usize] [6usize] * __d [6usize] + __w [7usize] [6usize] * __d [7usize] ;
let __o7 = __w [0usize] [7usize] * __d [0usize] + __w [1usize] [7usize] * __d [1usize] + __w [2usize] [7usize] * __d [2usize] + __w [3usize] [7usize] * __d [3usize] + __w [4usize] [7usize] * __d [4usize] + __w [5usize] [7usize] * __d [5usize] + __w [6usize] [7usize] * __d [6usize] + __w [7usize] [7usize] * __d [7usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7]])) }
;
let __da5 = __da5 + __dz8 ;
let __dz5 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z5 , & __a5 , & __da5) ;
{ let __x = & (& __a4) . data . 0 [0] ;
let __d = & __dz5 . data . 0 [0] ;
let __gw = & mut grads . layer4 . weight . data . 0 ;
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
__gw [5usize] [0usize] += __x [0usize] * __d [5usize] ;
__gw [5usize] [1usize] += __x [1usize] * __d [5usize] ;
__gw [5usize] [2usize] += __x [2usize] * __d [5usize] ;
__gw [5usize] [3usize] += __x [3usize] * __d [5usize] ;
__gw [6usize] [0usize] += __x [0usize] * __d [6usize] ;
__gw [6usize] [1usize] += __x [1usize] * __d [6usize] ;
__gw [6usize] [2usize] += __x [2usize] * __d [6usize] ;
__gw [6usize] [3usize] += __x [3usize] * __d [6usize] ;
__gw [7usize] [0usize] += __x [0usize] * __d [7usize] ;
__gw [7usize] [1usize] += __x [1usize] * __d [7usize] ;
__gw [7usize] [2usize] += __x [2usize] * __d [7usize] ;
__gw [7usize] [3usize] += __x [3usize] * __d [7usize] ;
let __gb = & mut grads . layer4 . bias . data . 0 [0] ;
__gb [0usize] += __d [0usize] ;
__gb [1usize] += __d [1usize] ;
__gb [2usize] += __d [2usize] ;
__gb [3usize] += __d [3usize] ;
__gb [4usize] += __d [4usize] ;
__gb [5usize] += __d [5usize] ;
__gb [6usize] += __d [6usize] ;
__gb [7usize] += __d [7usize] ;
} let __da4 = {
let __w = & self . layer4 . weight . data . 0 ;
let __d = & __dz5 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] + __w [4usize] [0usize] * __d [4usize] + __w [5usize] [0usize] * __d [5usize] + __w [6usize] [0usize] * __d [6usize] + __w [7usize] [0usize] * __d [7usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] + __w [4usize] [1usize] * __d [4usize] + __w [5usize] [1usize] * __d [5usize] + __w [6usize] [1usize] * __d [6usize] + __w [7usize] [1usize] * __d [7usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] + __w [4usize] [2usize] * __d [4usize] + __w [5usize] [2usize] * __d [5usize] + __w [6usize] [2usize] * __d [6usize] + __w [7usize] [2usize] * __d [7usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] + __w [4usize] [3usize] * __d [4usize] + __w [5usize] [3usize] * __d [5usize] + __w [6usize] [3usize] * __d [6usize] + __w [7usize] [3usize] * __d [7usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __da4 = __da4 + __dz10 ;
let __dz4 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z4 , & __a4 , & __da4) ;
let __da3 = __dz4 ;
let __dz3 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z3 , & __a3 , & __da3) ;
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
let __gb = & mut grads . layer3 . bias . data . 0 [0] ;
__gb [0usize] += __d [0usize] ;
__gb [1usize] += __d [1usize] ;
__gb [2usize] += __d [2usize] ;
__gb [3usize] += __d [3usize] ;
} let __da2 = {
let __w = & self . layer3 . weight . data . 0 ;
let __d = & __dz3 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z2 , & __a2 , & __da2) ;
{ let __x = & (& __a1) . data . 0 [0] ;
let __d = & __dz2 . data . 0 [0] ;
let __gw = & mut grads . layer2 . weight . data . 0 ;
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
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __da1 = __da1 + __dz4 ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1) ;
{ let __x = & x . data . 0 [0] ;
let __d = & __dz1 . data . 0 [0] ;
let __gw = & mut grads . layer1 . weight . data . 0 ;
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
let __gb = & mut grads . layer1 . bias . data . 0 [0] ;
__gb [0usize] += __d [0usize] ;
__gb [1usize] += __d [1usize] ;
__gb [2usize] += __d [2usize] ;
__gb [3usize] += __d [3usize] ;
} __loss }
# [doc = r" One step of gradient descent on one sample, θ ← θ − lr·∇E, without a gradient"] # [doc = r" buffer; returns the loss before the step."] # [doc = r""] # [doc = r" All or nothing: if the loss, a gradient entry or an updated parameter would not"] # [doc = r" be finite, nothing changes and the error names the first such parameter (flat"] # [doc = r" index, `state_dict` order). Bit for bit the same as `backward` then `sgd_step`,"] # [doc = r" except that layers of ≥ 64 inputs and ≥ 256 weights skip the neurons whose ∂E/∂z"] # [doc = r" is 0, so a −0 weight there keeps its sign (see `Dense::apply_step`)."] # [inline] pub fn train_step (& mut self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 4usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize > , lr : T ,) -> :: core :: result :: Result < T , :: typenet :: __private :: NonFiniteError > {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z2) ;
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
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z3) ;
let __z4 = (& __a3) + (& __a1) ;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z4) ;
let __z5 = {
let __w = & self . layer4 . weight . data . 0 ;
let __x = & (& __a4) . data . 0 [0] ;
let __b = & self . layer4 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + (__x [1usize] * __w [2usize] [1usize] + __x [3usize] * __w [2usize] [3usize])) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + (__x [1usize] * __w [3usize] [1usize] + __x [3usize] * __w [3usize] [3usize])) + __b [3usize] ;
let __o4 = ((__x [0usize] * __w [4usize] [0usize] + __x [2usize] * __w [4usize] [2usize]) + (__x [1usize] * __w [4usize] [1usize] + __x [3usize] * __w [4usize] [3usize])) + __b [4usize] ;
let __o5 = ((__x [0usize] * __w [5usize] [0usize] + __x [2usize] * __w [5usize] [2usize]) + (__x [1usize] * __w [5usize] [1usize] + __x [3usize] * __w [5usize] [3usize])) + __b [5usize] ;
let __o6 = ((__x [0usize] * __w [6usize] [0usize] + __x [2usize] * __w [6usize] [2usize]) + (__x [1usize] * __w [6usize] [1usize] + __x [3usize] * __w [6usize] [3usize])) + __b [6usize] ;
let __o7 = ((__x [0usize] * __w [7usize] [0usize] + __x [2usize] * __w [7usize] [2usize]) + (__x [1usize] * __w [7usize] [1usize] + __x [3usize] * __w [7usize] [3usize])) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a5 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z5) ;
let __z6 = {
let __w = & self . layer5 . weight . data . 0 ;
let __x = & (& __a5) . data . 0 [0] ;
let __b = & self . layer5 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
let __o4 = (((__x [0usize] * __w [4usize] [0usize] + __x [4usize] * __w [4usize] [4usize]) + (__x [2usize] * __w [4usize] [2usize] + __x [6usize] * __w [4usize] [6usize])) + ((__x [1usize] * __w [4usize] [1usize] + __x [5usize] * __w [4usize] [5usize]) + (__x [3usize] * __w [4usize] [3usize] + __x [7usize] * __w [4usize] [7usize]))) + __b [4usize] ;
let __o5 = (((__x [0usize] * __w [5usize] [0usize] + __x [4usize] * __w [5usize] [4usize]) + (__x [2usize] * __w [5usize] [2usize] + __x [6usize] * __w [5usize] [6usize])) + ((__x [1usize] * __w [5usize] [1usize] + __x [5usize] * __w [5usize] [5usize]) + (__x [3usize] * __w [5usize] [3usize] + __x [7usize] * __w [5usize] [7usize]))) + __b [5usize] ;
let __o6 = (((__x [0usize] * __w [6usize] [0usize] + __x [4usize] * __w [6usize] [4usize]) + (__x [2usize] * __w [6usize] [2usize] + __x [6usize] * __w [6usize] [6usize])) + ((__x [1usize] * __w [6usize] [1usize] + __x [5usize] * __w [6usize] [5usize]) + (__x [3usize] * __w [6usize] [3usize] + __x [7usize] * __w [6usize] [7usize]))) + __b [6usize] ;
let __o7 = (((__x [0usize] * __w [7usize] [0usize] + __x [4usize] * __w [7usize] [4usize]) + (__x [2usize] * __w [7usize] [2usize] + __x [6usize] * __w [7usize] [6usize])) + ((__x [1usize] * __w [7usize] [1usize] + __x [5usize] * __w [7usize] [5usize]) + (__x [3usize] * __w [7usize] [3usize] + __x [7usize] * __w [7usize] [7usize]))) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a6 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z6) ;
let __z7 = {
let __w = & self . layer6 . weight . data . 0 ;
let __x = & (& __a6) . data . 0 [0] ;
let __b = & self . layer6 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
let __o4 = (((__x [0usize] * __w [4usize] [0usize] + __x [4usize] * __w [4usize] [4usize]) + (__x [2usize] * __w [4usize] [2usize] + __x [6usize] * __w [4usize] [6usize])) + ((__x [1usize] * __w [4usize] [1usize] + __x [5usize] * __w [4usize] [5usize]) + (__x [3usize] * __w [4usize] [3usize] + __x [7usize] * __w [4usize] [7usize]))) + __b [4usize] ;
let __o5 = (((__x [0usize] * __w [5usize] [0usize] + __x [4usize] * __w [5usize] [4usize]) + (__x [2usize] * __w [5usize] [2usize] + __x [6usize] * __w [5usize] [6usize])) + ((__x [1usize] * __w [5usize] [1usize] + __x [5usize] * __w [5usize] [5usize]) + (__x [3usize] * __w [5usize] [3usize] + __x [7usize] * __w [5usize] [7usize]))) + __b [5usize] ;
let __o6 = (((__x [0usize] * __w [6usize] [0usize] + __x [4usize] * __w [6usize] [4usize]) + (__x [2usize] * __w [6usize] [2usize] + __x [6usize] * __w [6usize] [6usize])) + ((__x [1usize] * __w [6usize] [1usize] + __x [5usize] * __w [6usize] [5usize]) + (__x [3usize] * __w [6usize] [3usize] + __x [7usize] * __w [6usize] [7usize]))) + __b [6usize] ;
let __o7 = (((__x [0usize] * __w [7usize] [0usize] + __x [4usize] * __w [7usize] [4usize]) + (__x [2usize] * __w [7usize] [2usize] + __x [6usize] * __w [7usize] [6usize])) + ((__x [1usize] * __w [7usize] [1usize] + __x [5usize] * __w [7usize] [5usize]) + (__x [3usize] * __w [7usize] [3usize] + __x [7usize] * __w [7usize] [7usize]))) + __b [7usize] ;
[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a7 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z7) ;
let __z8 = (& __a7) + (& __a5) ;
let __a8 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z8) ;
let __z9 = {
let __w = & self . layer7 . weight . data . 0 ;
let __x = & (& __a8) . data . 0 [0] ;
let __b = & self . layer7 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (((__x [0usize] * __w [0usize] [0usize] + __x [4usize] * __w [0usize] [4usize]) + (__x [2usize] * __w [0usize] [2usize] + __x [6usize] * __w [0usize] [6usize])) + ((__x [1usize] * __w [0usize] [1usize] + __x [5usize] * __w [0usize] [5usize]) + (__x [3usize] * __w [0usize] [3usize] + __x [7usize] * __w [0usize] [7usize]))) + __b [0usize] ;
let __o1 = (((__x [0usize] * __w [1usize] [0usize] + __x [4usize] * __w [1usize] [4usize]) + (__x [2usize] * __w [1usize] [2usize] + __x [6usize] * __w [1usize] [6usize])) + ((__x [1usize] * __w [1usize] [1usize] + __x [5usize] * __w [1usize] [5usize]) + (__x [3usize] * __w [1usize] [3usize] + __x [7usize] * __w [1usize] [7usize]))) + __b [1usize] ;
let __o2 = (((__x [0usize] * __w [2usize] [0usize] + __x [4usize] * __w [2usize] [4usize]) + (__x [2usize] * __w [2usize] [2usize] + __x [6usize] * __w [2usize] [6usize])) + ((__x [1usize] * __w [2usize] [1usize] + __x [5usize] * __w [2usize] [5usize]) + (__x [3usize] * __w [2usize] [3usize] + __x [7usize] * __w [2usize] [7usize]))) + __b [2usize] ;
let __o3 = (((__x [0usize] * __w [3usize] [0usize] + __x [4usize] * __w [3usize] [4usize]) + (__x [2usize] * __w [3usize] [2usize] + __x [6usize] * __w [3usize] [6usize])) + ((__x [1usize] * __w [3usize] [1usize] + __x [5usize] * __w [3usize] [5usize]) + (__x [3usize] * __w [3usize] [3usize] + __x [7usize] * __w [3usize] [7usize]))) + __b [3usize] ;
[__o0 , __o1 , __o2 , __o3] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a9 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z9) ;
let __z10 = (& __a9) + (& __a4) ;
let __a10 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z10) ;
let __z11 = {
let __w = & self . layer8 . weight . data . 0 ;
let __x = & (& __a10) . data . 0 [0] ;
let __b = & self . layer8 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
[__o0] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 1usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a11 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z11) ;
let __loss = :: typenet :: __private :: loss :: Loss :: < T > :: loss (& :: typenet :: __private :: loss :: MSE , & __a11 , target) ;
let __da11 = :: typenet :: __private :: loss :: Loss :: < T > :: gradient (& :: typenet :: __private :: loss :: MSE , & __a11 , target) ;
let __dz11 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z11 , & __a11 , & __da11) ;
if ! :: typenet :: __private :: nalgebra :: ComplexField :: is_finite (& __loss) {
return :: core :: result :: Result :: Err (:: typenet :: __private :: NonFiniteError :: Loss) ;
} let __da10 = {
let __w = & self . layer8 . weight . data . 0 ;
let __d = & __dz11 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __dz10 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z10 , & __a10 , & __da10) ;
let __da9 = __dz10 ;
let __dz9 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z9 , & __a9 , & __da9) ;
let __da8 = {
let __w = & self . layer7 . weight . data . 0 ;
let __d = & __dz9 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] ;
let __o4 = __w [0usize] [4usize] * __d [0usize] + __w [1usize] [4usize] * __d [1usize] + __w [2usize] [4usize] * __d [2usize] + __w [3usize] [4usize] * __d [3usize] ;
let __o5 = __w [0usize] [5usize] * __d [0usize] + __w [1usize] [5usize] * __d [1usize] + __w [2usize] [5usize] * __d [2usize] + __w [3usize] [5usize] * __d [3usize] ;
let __o6 = __w [0usize] [6usize] * __d [0usize] + __w [1usize] [6usize] * __d [1usize] + __w [2usize] [6usize] * __d [2usize] + __w [3usize] [6usize] * __d [3usize] ;
let __o7 = __w [0usize] [7usize] * __d [0usize] + __w [1usize] [7usize] * __d [1usize] + __w [2usize] [7usize] * __d [2usize] + __w [3usize] [7usize] * __d [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7]])) }
;
let __dz8 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z8 , & __a8 , & __da8) ;
let __da7 = __dz8 ;
let __dz7 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z7 , & __a7 , & __da7) ;
let __da6 = {
let __w = & self . layer6 . weight . data . 0 ;
let __d = & __dz7 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] + __w [4usize] [0usize] * __d [4usize] + __w [5usize] [0usize] * __d [5usize] + __w [6usize] [0usize] * __d [6usize] + __w [7usize] [0usize] * __d [7usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] + __w [4usize] [1usize] * __d [4usize] + __w [5usize] [1usize] * __d [5usize] + __w [6usize] [1usize] * __d [6usize] + __w [7usize] [1usize] * __d [7usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] + __w [4usize] [2usize] * __d [4usize] + __w [5usize] [2usize] * __d [5usize] + __w [6usize] [2usize] * __d [6usize] + __w [7usize] [2usize] * __d [7usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] + __w [4usize] [3usize] * __d [4usize] + __w [5usize] [3usize] * __d [5usize] + __w [6usize] [3usize] * __d [6usize] + __w [7usize] [3usize] * __d [7usize] ;
let __o4 = __w [0usize] [4usize] * __d [0usize] + __w [1usize] [4usize] * __d [1usize] + __w [2usize] [4usize] * __d [2usize] + __w [3usize] [4usize] * __d [3usize] + __w [4usize] [4usize] * __d [4usize] + __w [5usize] [4usize] * __d [5usize] + __w [6usize] [4usize] * __d [6usize] + __w [7usize] [4usize] * __d [7usize] ;
let __o5 = __w [0usize] [5usize] * __d [0usize] + __w [1usize] [5usize] * __d [1usize] + __w [2usize] [5usize] * __d [2usize] + __w [3usize] [5usize] * __d [3usize] + __w [4usize] [5usize] * __d [4usize] + __w [5usize] [5usize] * __d [5usize] + __w [6usize] [5usize] * __d [6usize] + __w [7usize] [5usize] * __d [7usize] ;
let __o6 = __w [0usize] [6usize] * __d [0usize] + __w [1usize] [6usize] * __d [1usize] + __w [2usize] [6usize] * __d [2usize] + __w [3usize] [6usize] * __d [3usize] + __w [4usize] [6usize] * __d [4usize] + __w [5usize] [6usize] * __d [5usize] + __w [6usize] [6usize] * __d [6usize] + __w [7usize] [6usize] * __d [7usize] ;
let __o7 = __w [0usize] [7usize] * __d [0usize] + __w [1usize] [7usize] * __d [1usize] + __w [2usize] [7usize] * __d [2usize] + __w [3usize] [7usize] * __d [3usize] + __w [4usize] [7usize] * __d [4usize] + __w [5usize] [7usize] * __d [5usize] + __w [6usize] [7usize] * __d [6usize] + __w [7usize] [7usize] * __d [7usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7]])) }
;
let __dz6 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z6 , & __a6 , & __da6) ;
let __da5 = {
let __w = & self . layer5 . weight . data . 0 ;
let __d = & __dz6 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] + __w [4usize] [0usize] * __d [4usize] + __w [5usize] [0usize] * __d [5usize] + __w [6usize] [0usize] * __d [6usize] + __w [7usize] [0usize] * __d [7usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] + __w [4usize] [1usize] * __d [4usize] + __w [5usize] [1usize] * __d [5usize] + __w [6usize] [1usize] * __d [6usize] + __w [7usize] [1usize] * __d [7usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] + __w [4usize] [2usize] * __d [4usize] + __w [5usize] [2usize] * __d [5usize] + __w [6usize] [2usize] * __d [6usize] + __w [7usize] [2usize] * __d [7usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] + __w [4usize] [3usize] * __d [4usize] + __w [5usize] [3usize] * __d [5usize] + __w [6usize] [3usize] * __d [6usize] + __w [7usize] [3usize] * __d [7usize] ;
let __o4 = __w [0usize] [4usize] * __d [0usize] + __w [1usize] [4usize] * __d [1usize] + __w [2usize] [4usize] * __d [2usize] + __w [3usize] [4usize] * __d [3usize] + __w [4usize] [4usize] * __d [4usize] + __w [5usize] [4usize] * __d [5usize] + __w [6usize] [4usize] * __d [6usize] + __w [7usize] [4usize] * __d [7usize] ;
let __o5 = __w [0usize] [5usize] * __d [0usize] + __w [1usize] [5usize] * __d [1usize] + __w [2usize] [5usize] * __d [2usize] + __w [3usize] [5usize] * __d [3usize] + __w [4usize] [5usize] * __d [4usize] + __w [5usize] [5usize] * __d [5usize] + __w [6usize] [5usize] * __d [6usize] + __w [7usize] [5usize] * __d [7usize] ;
let __o6 = __w [0usize] [6usize] * __d [0usize] + __w [1usize] [6usize] * __d [1usize] + __w [2usize] [6usize] * __d [2usize] + __w [3usize] [6usize] * __d [3usize] + __w [4usize] [6usize] * __d [4usize] + __w [5usize] [6usize] * __d [5usize] + __w [6usize] [6usize] * __d [6usize] + __w [7usize] [6usize] * __d [7usize] ;
let __o7 = __w [0usize] [7usize] * __d [0usize] + __w [1usize] [7usize] * __d [1usize] + __w [2usize] [7usize] * __d [2usize] + __w [3usize] [7usize] * __d [3usize] + __w [4usize] [7usize] * __d [4usize] + __w [5usize] [7usize] * __d [5usize] + __w [6usize] [7usize] * __d [6usize] + __w [7usize] [7usize] * __d [7usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 8usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3 , __o4 , __o5 , __o6 , __o7]])) }
;
let __da5 = __da5 + __dz8 ;
let __dz5 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z5 , & __a5 , & __da5) ;
let __da4 = {
let __w = & self . layer4 . weight . data . 0 ;
let __d = & __dz5 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] + __w [4usize] [0usize] * __d [4usize] + __w [5usize] [0usize] * __d [5usize] + __w [6usize] [0usize] * __d [6usize] + __w [7usize] [0usize] * __d [7usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] + __w [4usize] [1usize] * __d [4usize] + __w [5usize] [1usize] * __d [5usize] + __w [6usize] [1usize] * __d [6usize] + __w [7usize] [1usize] * __d [7usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] + __w [4usize] [2usize] * __d [4usize] + __w [5usize] [2usize] * __d [5usize] + __w [6usize] [2usize] * __d [6usize] + __w [7usize] [2usize] * __d [7usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] + __w [4usize] [3usize] * __d [4usize] + __w [5usize] [3usize] * __d [5usize] + __w [6usize] [3usize] * __d [6usize] + __w [7usize] [3usize] * __d [7usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __da4 = __da4 + __dz10 ;
let __dz4 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z4 , & __a4 , & __da4) ;
let __da3 = __dz4 ;
let __dz3 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z3 , & __a3 , & __da3) ;
let __da2 = {
let __w = & self . layer3 . weight . data . 0 ;
let __d = & __dz3 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z2 , & __a2 , & __da2) ;
let __da1 = {
let __w = & self . layer2 . weight . data . 0 ;
let __d = & __dz2 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __da1 = __da1 + __dz4 ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1) ;
let (__next1 , __finite1) = self . layer1 . stepped (x , & __dz1 , lr) ;
let (__next2 , __finite2) = self . layer2 . stepped ((& __a1) , & __dz2 , lr) ;
let (__next3 , __finite3) = self . layer3 . stepped ((& __a2) , & __dz3 , lr) ;
let (__next8 , __finite8) = self . layer8 . stepped ((& __a10) , & __dz11 , lr) ;
let mut __finite = true & __finite1 & __finite2 & __finite3 & __finite8 ;
if ! (true & :: typenet :: __private :: network :: step_bound_holds ((& __a4) , & __z5 , & __dz5 , lr , true) & :: typenet :: __private :: network :: step_bound_holds ((& __a5) , & __z6 , & __dz6 , lr , true) & :: typenet :: __private :: network :: step_bound_holds ((& __a6) , & __z7 , & __dz7 , lr , true) & :: typenet :: __private :: network :: step_bound_holds ((& __a8) , & __z9 , & __dz9 , lr , true)) {
__finite &= true & self . layer4 . step_is_finite ((& __a4) , & __dz5 , lr) & self . layer5 . step_is_finite ((& __a5) , & __dz6 , lr) & self . layer6 . step_is_finite ((& __a6) , & __dz7 , lr) & self . layer7 . step_is_finite ((& __a8) , & __dz9 , lr) ;
} if ! __finite {
if let :: core :: option :: Option :: Some (e) = self . layer1 . first_non_finite_step (0usize , x , & __dz1 , lr) {
return :: core :: result :: Result :: Err (e) ;
} if let :: core :: option :: Option :: Some (e) = self . layer2 . first_non_finite_step (20usize , (& __a1) , & __dz2 , lr) {
return :: core :: result :: Result :: Err (e) ;
} if let :: core :: option :: Option :: Some (e) = self . layer3 . first_non_finite_step (40usize , (& __a2) , & __dz3 , lr) {
return :: core :: result :: Result :: Err (e) ;
} if let :: core :: option :: Option :: Some (e) = self . layer4 . first_non_finite_step (60usize , (& __a4) , & __dz5 , lr) {
return :: core :: result :: Result :: Err (e) ;
} if let :: core :: option :: Option :: Some (e) = self . layer5 . first_non_finite_step (100usize , (& __a5) , & __dz6 , lr) {
return :: core :: result :: Result :: Err (e) ;
} if let :: core :: option :: Option :: Some (e) = self . layer6 . first_non_finite_step (172usize , (& __a6) , & __dz7 , lr) {
return :: core :: result :: Result :: Err (e) ;
} if let :: core :: option :: Option :: Some (e) = self . layer7 . first_non_finite_step (244usize , (& __a8) , & __dz9 , lr) {
return :: core :: result :: Result :: Err (e) ;
} if let :: core :: option :: Option :: Some (e) = self . layer8 . first_non_finite_step (280usize , (& __a10) , & __dz11 , lr) {
return :: core :: result :: Result :: Err (e) ;
} }
self . layer1 = __next1 ;
self . layer2 = __next2 ;
self . layer3 = __next3 ;
self . layer4 . apply_step ((& __a4) , & __dz5 , lr) ;
self . layer5 . apply_step ((& __a5) , & __dz6 , lr) ;
self . layer6 . apply_step ((& __a6) , & __dz7 , lr) ;
self . layer7 . apply_step ((& __a8) , & __dz9 , lr) ;
self . layer8 = __next8 ;
:: core :: result :: Result :: Ok (__loss) }
# [doc = r" One sample's loss and its gradient with respect to every parameter."] # [inline] pub fn backward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 4usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize > ,) -> (T , ResGradients < T >) {
let mut grads = < ResGradients < T > as :: typenet :: __private :: Flat < T >> :: zeros () ;
let loss = Res :: backward_into (self , x , target , & mut grads) ;
(loss , grads) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Trainable < T > for Res < T > {
type Target = :: typenet :: __private :: nalgebra :: SVector < T , 1usize > ;
type Gradients = ResGradients < T > ;
# [inline] fn loss (& self , x : & Self :: Input , target : & Self :: Target) -> T {
Res :: loss (self , x , target) }
# [inline] fn backward_into (& self , x : & Self :: Input , target : & Self :: Target , grads : & mut Self :: Gradients) -> T {
Res :: backward_into (self , x , target , grads) }
# [inline] fn backward (& self , x : & Self :: Input , target : & Self :: Target) -> (T , Self :: Gradients) {
Res :: backward (self , x , target) }
# [inline] fn train_step (& mut self , x : & Self :: Input , target : & Self :: Target , lr : T ,) -> :: core :: result :: Result < T , :: typenet :: __private :: NonFiniteError > {
Res :: train_step (self , x , target , lr) }
}
