// network! { pub struct Stages: 3 => Dense(4) => ReLU => act: Tanh => ELU(0.3) => Dense(2) => Softmax; loss = CrossEntropy }
# [allow (dead_code , clippy :: needless_borrow)] impl < T : :: typenet :: __private :: Scalar > Stages < T > {
# [doc = r" Scratch values per sample of the batched methods (each stage's Z, A and δ)."] pub const BATCH_SCRATCH_PER_SAMPLE : usize = 42usize ;
# [doc = r" The scratch length (in values of `T`) a batch of `batch` samples needs; a"] # [doc = r" `const fn`, so it can size an array. Saturating: a batch whose scratch cannot be"] # [doc = r" counted in a `usize` gives `usize::MAX`, which no slice reaches, so the batched"] # [doc = r" methods refuse it with `BatchError::Scratch`. Never panics."] pub const fn batch_scratch_len (batch : usize) -> usize {
42usize . saturating_mul (batch) }
# [doc = r" The outputs of a batch: column s of `y` receives the output for column s of `x`"] # [doc = r" (any number of columns). Intermediate blocks live in `scratch`, at least"] # [doc = r" [`batch_scratch_len`](Self::batch_scratch_len)`(b)` values; nothing is allocated."] # [doc = r" A network of fewer than 32,768 parameters runs [`forward`](Self::forward) once"] # [doc = r" per column instead (faster at that size; the same outputs bit for bit)."] pub fn forward_batch < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CY , __SY > , scratch : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CY > , {
:: typenet :: __private :: batch :: check_columns (x . ncols () , y . ncols ()) ? ;
:: typenet :: __private :: batch :: check_scratch (scratch , Self :: batch_scratch_len (x . ncols ())) ? ;
let mut __x = :: typenet :: __private :: nalgebra :: SVector :: < T , 3usize > :: zeros () ;
for __s in 0 .. x . ncols () {
__x . copy_from (& x . column (__s)) ;
let __y = Stages :: forward (self , & __x) ;
y . column_mut (__s) . copy_from (& __y) ;
} :: core :: result :: Result :: Ok (()) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Batched < T > for Stages < T > {
type InputDim = :: typenet :: __private :: nalgebra :: Const < 3usize > ;
type OutputDim = :: typenet :: __private :: nalgebra :: Const < 2usize > ;
const BATCH_SCRATCH_PER_SAMPLE : usize = 42usize ;
# [inline] fn forward_batch < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CY , __SY > , scratch : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , Self :: OutputDim , __CY > , {
Stages :: forward_batch (self , x , y , scratch) }
} # [allow (dead_code , clippy :: needless_borrow)] impl < T : :: typenet :: __private :: Scalar > Stages < T > {
# [doc = r" Adds the gradient of every column's loss, summed over the batch, to `grads` and"] # [doc = r" returns the summed loss: what `backward_into` once per column does (the sums"] # [doc = r" inside the products are ordered differently, so the last bits may differ)."] # [doc = r" `scratch` as for [`forward_batch`](Self::forward_batch)."] pub fn backward_batch_into < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT , __ST > , grads : & mut StagesGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT > , {
Stages :: __batch_gradient (self , x , target , grads , scratch , true) }
# [doc = r" Writes the gradient of the batch's summed loss into `grads` (overwriting it) and"] # [doc = r" returns the summed loss; `backward_batch_into` on a zeroed buffer, without the"] # [doc = r" zeroing pass."] pub fn gradient_batch < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT , __ST > , grads : & mut StagesGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT > , {
Stages :: __batch_gradient (self , x , target , grads , scratch , false) }
# [doc = r" Forward, loss and backward over the batch; the gradient is added to `grads`"] # [doc = r" (`__add`) or written over it."] # [doc (hidden)] fn __batch_gradient < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT , __ST > , grads : & mut StagesGradients < T > , scratch : & mut [T] , __add : bool ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT > , {
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
# [allow (unused_mut)] let mut __bz4 = :: typenet :: __private :: batch :: take_block :: < T , 2usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __ba4 = :: typenet :: __private :: batch :: take_block :: < T , 2usize > (& mut __buf , __b) ;
# [allow (unused_mut)] let mut __bd4 = :: typenet :: __private :: batch :: take_block :: < T , 2usize > (& mut __buf , __b) ;
self . layer1 . affine_batch (x , & mut __bz1) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: ReLU , & __bz1 , & mut __ba1) ;
:: typenet :: __private :: batch :: copy_block ((& __ba1) , & mut __bz2) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: Tanh , & __bz2 , & mut __ba2) ;
:: typenet :: __private :: batch :: copy_block ((& __ba2) , & mut __bz3) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __bz3 , & mut __ba3) ;
self . layer2 . affine_batch ((& __ba3) , & mut __bz4) ;
:: typenet :: __private :: batch :: activate_batch (& :: typenet :: __private :: activation :: Softmax , & __bz4 , & mut __ba4) ;
let __loss = :: typenet :: __private :: batch :: fused_loss_gradient_batch (& :: typenet :: __private :: loss :: CrossEntropy , & __bz4 , & __ba4 , target , & mut __bd4) ;
:: typenet :: __private :: Dense :: gradient_batch (& mut grads . layer2 , (& __ba3) , & __bd4 , __add) ;
self . layer2 . input_gradient_batch (& __bd4 , & mut __bd3) ;
:: typenet :: __private :: batch :: backprop_batch (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __bz3 , & __ba3 , & mut __bd3) ;
:: typenet :: __private :: batch :: copy_block (& __bd3 , & mut __bd2) ;
:: typenet :: __private :: batch :: backprop_batch (& :: typenet :: __private :: activation :: Tanh , & __bz2 , & __ba2 , & mut __bd2) ;
:: typenet :: __private :: batch :: copy_block (& __bd2 , & mut __bd1) ;
:: typenet :: __private :: batch :: backprop_batch (& :: typenet :: __private :: activation :: ReLU , & __bz1 , & __ba1 , & mut __bd1) ;
:: typenet :: __private :: Dense :: gradient_batch (& mut grads . layer1 , x , & __bd1 , __add) ;
:: core :: result :: Result :: Ok (__loss) }
# [doc = r" One minibatch SGD step on the mean gradient of the batch's columns,"] # [doc = r" θ ← θ − (lr/b)·Σ ∇L; returns the mean loss before the step. All or nothing, as"] # [doc = r" `train_step`; `grads` is a buffer (on return it holds the summed gradient),"] # [doc = r" `scratch` as for [`forward_batch`](Self::forward_batch)."] pub fn train_step_batch < __C , __SX , __CT , __ST > (& mut self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT , __ST > , lr : T , grads : & mut StagesGradients < T > , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT > , {
< Self as :: typenet :: __private :: BatchTrainable < T >> :: train_step_batch (self , x , target , lr , grads , scratch) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: BatchTrainable < T > for Stages < T > {
# [inline] fn gradient_batch < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CT , __ST > , grads : & mut Self :: Gradients , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , Self :: OutputDim , __CT > , {
Stages :: gradient_batch (self , x , target , grads , scratch) }
# [inline] fn backward_batch_into < __C , __SX , __CT , __ST > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CT , __ST > , grads : & mut Self :: Gradients , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , Self :: OutputDim , __CT > , {
Stages :: backward_batch_into (self , x , target , grads , scratch) }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Stages < T > {
# [doc = r" Every stage in forward order: kind, name, sizes, activation, parameter count"] # [doc = r" (what `summary()` prints)."] pub const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = & [:: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer1" , inputs : 3usize , outputs : 4usize , activation : "ReLU" , params : 16usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Activation , name : "act" , inputs : 4usize , outputs : 4usize , activation : "Tanh" , params : 0usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Activation , name : "activation2" , inputs : 4usize , outputs : 4usize , activation : "ELU(0.3)" , params : 0usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer2" , inputs : 4usize , outputs : 2usize , activation : "Softmax" , params : 10usize , }
,] ;
} # [doc = "Network `3 → Dense(4, Identity) → ReLU → Tanh → ELU(α = 0.3) → Dense(2, Identity) → Softmax`; loss: cross-entropy of the Softmax output. 26 parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct Stages < T = f32 > {
# [doc = "Layer 1: Dense 3 → 4, ReLU (16 parameters)."] pub layer1 : :: typenet :: __private :: Dense < T , 3usize , 4usize > , # [doc = "Layer 2: Dense 4 → 2, Softmax (10 parameters)."] pub layer2 : :: typenet :: __private :: Dense < T , 4usize , 2usize > , }
# [doc = concat ! ("Each stage's pre-activation `z` and activation `a` in one forward pass of [`" , stringify ! (Stages) , "`].")] # [derive (Clone , Debug , PartialEq)] pub struct StagesTrace < T = f32 > {
# [doc = "Layer 1: Dense 3 → 4, ReLU (16 parameters)."] pub layer1 : :: typenet :: __private :: LayerTrace < T , 4usize > , # [doc = "Activation stage: Tanh of the 4 values before it."] pub act : :: typenet :: __private :: LayerTrace < T , 4usize > , # [doc = "Activation stage: ELU(α = 0.3) of the 4 values before it."] pub activation2 : :: typenet :: __private :: LayerTrace < T , 4usize > , # [doc = "Layer 2: Dense 4 → 2, Softmax (10 parameters)."] pub layer2 : :: typenet :: __private :: LayerTrace < T , 2usize > , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for Stages < T > {
const LEN : usize = 26usize ;
} # [doc = r" Sizes an optimizer's state by this network (`Adam::for_network(&net, config)`)."] impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: optim :: ParamArray for Stages < T > {
type Array = [T ;
26usize] ;
} :: typenet :: __private :: __serde_network ! (Stages) ;
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Stages < T > {
# [doc = r" Number of inputs."] pub const INPUTS : usize = 3usize ;
# [doc = r" Number of outputs."] pub const OUTPUTS : usize = 2usize ;
# [doc = r" Number of parameters (weights and biases)."] pub const PARAMS : usize = 26usize ;
# [doc = r" The type's name."] pub const NAME : & 'static str = "Stages" ;
# [doc = r" Every parameter tensor in PyTorch `state_dict` order: name, shape (`[out, in]`"] # [doc = r" for a weight, `[out]` for a bias) and offset into the flat parameters."] pub const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = & [:: typenet :: __private :: TensorInfo {
name : "layer1.weight" , shape : & [4usize , 3usize] , offset : 0usize }
, :: typenet :: __private :: TensorInfo {
name : "layer1.bias" , shape : & [4usize] , offset : 12usize }
, :: typenet :: __private :: TensorInfo {
name : "layer2.weight" , shape : & [2usize , 4usize] , offset : 16usize }
, :: typenet :: __private :: TensorInfo {
name : "layer2.bias" , shape : & [2usize] , offset : 24usize }
,] ;
# [doc = r" The network's output for input `x`."] # [inline] pub fn forward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 2usize > {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + __x [1usize] * __w [2usize] [1usize]) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + __x [1usize] * __w [3usize] [1usize]) + __b [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = * (& __a1) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z2) ;
let __z3 = * (& __a2) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __z3) ;
let __z4 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a3) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z4) ;
__a4 }
# [doc = r" One forward pass keeping every layer's pre-activation `z` and activation `a`."] pub fn forward_trace (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize >) -> StagesTrace < T > {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + __x [1usize] * __w [2usize] [1usize]) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + __x [1usize] * __w [3usize] [1usize]) + __b [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = * (& __a1) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z2) ;
let __z3 = * (& __a2) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __z3) ;
let __z4 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a3) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z4) ;
StagesTrace {
layer1 : :: typenet :: __private :: LayerTrace {
z : __z1 , a : __a1 }
, act : :: typenet :: __private :: LayerTrace {
z : __z2 , a : __a2 }
, activation2 : :: typenet :: __private :: LayerTrace {
z : __z3 , a : __a3 }
, layer2 : :: typenet :: __private :: LayerTrace {
z : __z4 , a : __a4 }
, }
} # [doc = r" ∂y/∂x at `x` (outputs × inputs): entry (k, i) is how much output k moves per unit"] # [doc = r" of input i."] pub fn input_jacobian (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize >) -> :: typenet :: __private :: nalgebra :: SMatrix < T , 2usize , 3usize > {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + __x [1usize] * __w [2usize] [1usize]) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + __x [1usize] * __w [3usize] [1usize]) + __b [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = * (& __a1) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z2) ;
let __z3 = * (& __a2) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __z3) ;
let __z4 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a3) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z4) ;
let mut __j = :: typenet :: __private :: nalgebra :: SMatrix :: < T , 2usize , 3usize > :: zeros () ;
for __k in 0 .. 2usize {
let mut __da4 = :: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: zeros () ;
__da4 [__k] = < T as :: typenet :: __private :: Scalar > :: lit (1.0) ;
let __dz4 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Softmax , & __z4 , & __a4 , & __da4) ;
let __da3 = {
let __w = & self . layer2 . weight . data . 0 ;
let __d = & __dz4 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __dz3 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __z3 , & __a3 , & __da3) ;
let __da2 = __dz3 ;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z2 , & __a2 , & __da2) ;
let __da1 = __dz2 ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1) ;
let __da0 = {
let __w = & self . layer1 . weight . data . 0 ;
let __d = & __dz1 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 3usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2]])) }
;
let __dx : :: typenet :: __private :: nalgebra :: SVector < T , 3usize > = __da0 ;
__j . set_row (__k , & __dx . transpose ()) ;
} __j }
# [doc = r" Builds the network from its parameters in PyTorch `state_dict` order."] # [doc = r""] # [doc = r" A `const fn`: `const NET: Name<f32> = Name::from_array([…]);` puts a trained"] # [doc = r" network in flash, with nothing computed at start-up."] pub const fn from_array (values : [T ;
26usize]) -> Self {
unsafe {
:: typenet :: __private :: network :: flat_from_array :: < T , Self , 26usize > (values) }
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Parameters < T > for Stages < T > {
const INPUTS : usize = 3usize ;
const OUTPUTS : usize = 2usize ;
const PARAMS : usize = 26usize ;
const NAME : & 'static str = "Stages" ;
const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = Stages :: < T > :: TENSORS ;
const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = Stages :: < T > :: LAYERS ;
fn init < R : :: typenet :: __private :: rand_core :: Rng + ? Sized > (& mut self , rng : & mut R) {
self . layer1 . init_uniform (:: typenet :: __private :: init :: he_bound (3usize) , rng) ;
self . layer2 . init_uniform (:: typenet :: __private :: init :: glorot_bound (4usize , 2usize) , rng) ;
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Network < T > for Stages < T > {
type Input = :: typenet :: __private :: nalgebra :: SVector < T , 3usize > ;
type Output = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > ;
type Trace = StagesTrace < T > ;
type InputJacobian = :: typenet :: __private :: nalgebra :: SMatrix < T , 2usize , 3usize > ;
# [inline] fn forward (& self , x : & Self :: Input) -> Self :: Output {
Stages :: forward (self , x) }
fn forward_trace (& self , x : & Self :: Input) -> Self :: Trace {
Stages :: forward_trace (self , x) }
fn input_jacobian (& self , x : & Self :: Input) -> Self :: InputJacobian {
Stages :: input_jacobian (self , x) }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Stages < T > {
# [doc = "Not available: `Stages` has no int8 twin because stage 2 is a standalone activation stage that could not be fused into a dense layer. Calling it does not compile."] pub fn quantize < C > (& self , _calibration : C) -> :: core :: result :: Result < :: core :: convert :: Infallible , :: typenet :: __private :: quant :: QuantError > where Self : :: typenet :: __private :: quant :: Quantizable , {
:: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: EmptyCalibration) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: second_order :: SecondOrder < T > for Stages < T > {
const MSE_LOSS : bool = false ;
fn hvp_into (& self , x : & Self :: Input , target : & Self :: Target , v : & Self , grads : & mut Self :: Gradients , hv : & mut Self :: Gradients ,) -> T {
let __z1 = self . layer1 . affine (x) ;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = * (& __a1) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z2) ;
let __z3 = * (& __a2) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __z3) ;
let __z4 = self . layer2 . affine ((& __a3)) ;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z4) ;
let __rz1 = v . layer1 . affine (x) ;
let __ra1 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __rz1) ;
let __rz2 = __ra1 ;
let __ra2 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: Tanh , & __z2 , & __a2 , & __rz2) ;
let __rz3 = __ra2 ;
let __ra3 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __z3 , & __a3 , & __rz3) ;
let __rz4 = v . layer2 . affine ((& __a3)) + self . layer2 . weight . tr_mul (& __ra3) ;
let __ra4 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_apply (& :: typenet :: __private :: activation :: Softmax , & __z4 , & __a4 , & __rz4) ;
let __loss = :: typenet :: __private :: loss :: FusedLoss :: < T > :: loss_from_logits (& :: typenet :: __private :: loss :: CrossEntropy , & __z4 , target) ;
let __dz4 = :: typenet :: __private :: loss :: FusedLoss :: < T > :: logit_gradient (& :: typenet :: __private :: loss :: CrossEntropy , & __a4 , target) ;
let __rdz4 = :: typenet :: __private :: second_order :: FusedLossCurvature :: < T > :: logit_hvp (& :: typenet :: __private :: loss :: CrossEntropy , & __z4 , & __a4 , target , & __rz4) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer2 , (& __a3) , & __dz4) ;
:: typenet :: __private :: Dense :: accumulate (& mut hv . layer2 , (& __a3) , & __rdz4) ;
:: typenet :: __private :: second_order :: accumulate_weight (& mut hv . layer2 . weight , & __ra3 , & __dz4) ;
let __da3 = self . layer2 . input_gradient (& __dz4) ;
let __rda3 = v . layer2 . input_gradient (& __dz4) + self . layer2 . input_gradient (& __rdz4) ;
let __dz3 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __z3 , & __a3 , & __da3) ;
let __rdz3 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __z3 , & __a3 , & __da3 , & __rz3 , & __ra3 , & __rda3 ,) ;
let __da2 = __dz3 ;
let __rda2 = __rdz3 ;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z2 , & __a2 , & __da2) ;
let __rdz2 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: Tanh , & __z2 , & __a2 , & __da2 , & __rz2 , & __ra2 , & __rda2 ,) ;
let __da1 = __dz2 ;
let __rda1 = __rdz2 ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1) ;
let __rdz1 = :: typenet :: __private :: second_order :: Curvature :: < T > :: r_backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1 , & __rz1 , & __ra1 , & __rda1 ,) ;
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
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = * (& __a1) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z2) ;
let __z3 = * (& __a2) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __z3) ;
let __z4 = self . layer2 . affine ((& __a3)) ;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z4) ;
let __da4 = :: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_column_slice (dy) ;
let __dz4 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Softmax , & __z4 , & __a4 , & __da4) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer2 , (& __a3) , & __dz4) ;
let __da3 = self . layer2 . input_gradient (& __dz4) ;
let __dz3 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __z3 , & __a3 , & __da3) ;
let __da2 = __dz3 ;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z2 , & __a2 , & __da2) ;
let __da1 = __dz2 ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1) ;
:: typenet :: __private :: Dense :: accumulate (& mut grads . layer1 , x , & __dz1) ;
y . copy_from_slice (__a4 . as_slice ()) ;
:: core :: result :: Result :: Ok (()) }
fn target_values (target : & Self :: Target) -> & [T] {
target . as_slice () }
} # [doc = "Gradients of [`Stages`]'s loss: the same layers, names and flat order as its parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct StagesGradients < T = f32 > {
# [doc = "Layer 1: Dense 3 → 4, ReLU (16 parameters)."] pub layer1 : :: typenet :: __private :: Dense < T , 3usize , 4usize > , # [doc = "Layer 2: Dense 4 → 2, Softmax (10 parameters)."] pub layer2 : :: typenet :: __private :: Dense < T , 4usize , 2usize > , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for StagesGradients < T > {
const LEN : usize = 26usize ;
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Stages < T > {
# [doc = r" The loss of one sample."] # [inline] pub fn loss (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize >) -> T {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + __x [1usize] * __w [2usize] [1usize]) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + __x [1usize] * __w [3usize] [1usize]) + __b [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = * (& __a1) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z2) ;
let __z3 = * (& __a2) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __z3) ;
let __z4 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a3) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z4) ;
:: typenet :: __private :: loss :: FusedLoss :: < T > :: loss_from_logits (& :: typenet :: __private :: loss :: CrossEntropy , & __z4 , target) }
# [doc = r" Adds one sample's gradient to `grads` and returns its loss."] # [inline] pub fn backward_into (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , grads : & mut StagesGradients < T > ,) -> T {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + __x [1usize] * __w [2usize] [1usize]) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + __x [1usize] * __w [3usize] [1usize]) + __b [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = * (& __a1) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z2) ;
let __z3 = * (& __a2) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __z3) ;
let __z4 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a3) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z4) ;
let __loss = :: typenet :: __private :: loss :: FusedLoss :: < T > :: loss_from_logits (& :: typenet :: __private :: loss :: CrossEntropy , & __z4 , target) ;
let __dz4 = :: typenet :: __private :: loss :: FusedLoss :: < T > :: logit_gradient (& :: typenet :: __private :: loss :: CrossEntropy , & __a4 , target) ;
{ let __x = & (& __a3) . data . 0 [0] ;
let __d = & __dz4 . data . 0 [0] ;
let __gw = & mut grads . layer2 . weight . data . 0 ;
__gw [0usize] [0usize] += __x [0usize] * __d [0usize] ;
__gw [0usize] [1usize] += __x [1usize] * __d [0usize] ;
__gw [0usize] [2usize] += __x [2usize] * __d [0usize] ;
__gw [0usize] [3usize] += __x [3usize] * __d [0usize] ;
__gw [1usize] [0usize] += __x [0usize] * __d [1usize] ;
__gw [1usize] [1usize] += __x [1usize] * __d [1usize] ;
__gw [1usize] [2usize] += __x [2usize] * __d [1usize] ;
__gw [1usize] [3usize] += __x [3usize] * __d [1usize] ;
let __gb = & mut grads . layer2 . bias . data . 0 [0] ;
__gb [0usize] += __d [0usize] ;
__gb [1usize] += __d [1usize] ;
} let __da3 = {
let __w = & self . layer2 . weight . data . 0 ;
let __d = & __dz4 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __dz3 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __z3 , & __a3 , & __da3) ;
let __da2 = __dz3 ;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z2 , & __a2 , & __da2) ;
let __da1 = __dz2 ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1) ;
{ let __x = & x . data . 0 [0] ;
let __d = & __dz1 . data . 0 [0] ;
let __gw = & mut grads . layer1 . weight . data . 0 ;
__gw [0usize] [0usize] += __x [0usize] * __d [0usize] ;
__gw [0usize] [1usize] += __x [1usize] * __d [0usize] ;
__gw [0usize] [2usize] += __x [2usize] * __d [0usize] ;
__gw [1usize] [0usize] += __x [0usize] * __d [1usize] ;
__gw [1usize] [1usize] += __x [1usize] * __d [1usize] ;
__gw [1usize] [2usize] += __x [2usize] * __d [1usize] ;
__gw [2usize] [0usize] += __x [0usize] * __d [2usize] ;
__gw [2usize] [1usize] += __x [1usize] * __d [2usize] ;
__gw [2usize] [2usize] += __x [2usize] * __d [2usize] ;
__gw [3usize] [0usize] += __x [0usize] * __d [3usize] ;
__gw [3usize] [1usize] += __x [1usize] * __d [3usize] ;
__gw [3usize] [2usize] += __x [2usize] * __d [3usize] ;
let __gb = & mut grads . layer1 . bias . data . 0 [0] ;
__gb [0usize] += __d [0usize] ;
__gb [1usize] += __d [1usize] ;
__gb [2usize] += __d [2usize] ;
__gb [3usize] += __d [3usize] ;
} __loss }
# [doc = r" One step of gradient descent on one sample, θ ← θ − lr·∇E, without a gradient"] # [doc = r" buffer; returns the loss before the step."] # [doc = r""] # [doc = r" All or nothing: if the loss, a gradient entry or an updated parameter would not"] # [doc = r" be finite, nothing changes and the error names the first such parameter (flat"] # [doc = r" index, `state_dict` order). Bit for bit the same as `backward` then `sgd_step`,"] # [doc = r" except that layers of ≥ 64 inputs and ≥ 256 weights skip the neurons whose ∂E/∂z"] # [doc = r" is 0, so a −0 weight there keeps its sign (see `Dense::apply_step`)."] # [inline] pub fn train_step (& mut self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , lr : T ,) -> :: core :: result :: Result < T , :: typenet :: __private :: NonFiniteError > {
let __z1 = {
let __w = & self . layer1 . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . layer1 . bias . data . 0 [0] ;
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
let __o2 = ((__x [0usize] * __w [2usize] [0usize] + __x [2usize] * __w [2usize] [2usize]) + __x [1usize] * __w [2usize] [1usize]) + __b [2usize] ;
let __o3 = ((__x [0usize] * __w [3usize] [0usize] + __x [2usize] * __w [3usize] [2usize]) + __x [1usize] * __w [3usize] [1usize]) + __b [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ReLU , & __z1) ;
let __z2 = * (& __a1) ;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Tanh , & __z2) ;
let __z3 = * (& __a2) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __z3) ;
let __z4 = {
let __w = & self . layer2 . weight . data . 0 ;
let __x = & (& __a3) . data . 0 [0] ;
let __b = & self . layer2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z4) ;
let __loss = :: typenet :: __private :: loss :: FusedLoss :: < T > :: loss_from_logits (& :: typenet :: __private :: loss :: CrossEntropy , & __z4 , target) ;
let __dz4 = :: typenet :: __private :: loss :: FusedLoss :: < T > :: logit_gradient (& :: typenet :: __private :: loss :: CrossEntropy , & __a4 , target) ;
if ! :: typenet :: __private :: nalgebra :: ComplexField :: is_finite (& __loss) {
return :: core :: result :: Result :: Err (:: typenet :: __private :: NonFiniteError :: Loss) ;
} let __da3 = {
let __w = & self . layer2 . weight . data . 0 ;
let __d = & __dz4 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __dz3 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ELU :: < T > {
alpha : < T as :: typenet :: __private :: Scalar > :: lit (0.3f64) }
, & __z3 , & __a3 , & __da3) ;
let __da2 = __dz3 ;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Tanh , & __z2 , & __a2 , & __da2) ;
let __da1 = __dz2 ;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: ReLU , & __z1 , & __a1 , & __da1) ;
let (__next1 , __finite1) = self . layer1 . stepped (x , & __dz1 , lr) ;
let (__next2 , __finite2) = self . layer2 . stepped ((& __a3) , & __dz4 , lr) ;
let mut __finite = true & __finite1 & __finite2 ;
if ! (true) {
__finite &= true ;
} if ! __finite {
if let :: core :: option :: Option :: Some (e) = self . layer1 . first_non_finite_step (0usize , x , & __dz1 , lr) {
return :: core :: result :: Result :: Err (e) ;
} if let :: core :: option :: Option :: Some (e) = self . layer2 . first_non_finite_step (16usize , (& __a3) , & __dz4 , lr) {
return :: core :: result :: Result :: Err (e) ;
} }
self . layer1 = __next1 ;
self . layer2 = __next2 ;
:: core :: result :: Result :: Ok (__loss) }
# [doc = r" One sample's loss and its gradient with respect to every parameter."] # [inline] pub fn backward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > ,) -> (T , StagesGradients < T >) {
let mut grads = < StagesGradients < T > as :: typenet :: __private :: Flat < T >> :: zeros () ;
let loss = Stages :: backward_into (self , x , target , & mut grads) ;
(loss , grads) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Trainable < T > for Stages < T > {
type Target = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > ;
type Gradients = StagesGradients < T > ;
# [inline] fn loss (& self , x : & Self :: Input , target : & Self :: Target) -> T {
Stages :: loss (self , x , target) }
# [inline] fn backward_into (& self , x : & Self :: Input , target : & Self :: Target , grads : & mut Self :: Gradients) -> T {
Stages :: backward_into (self , x , target , grads) }
# [inline] fn backward (& self , x : & Self :: Input , target : & Self :: Target) -> (T , Self :: Gradients) {
Stages :: backward (self , x , target) }
# [inline] fn train_step (& mut self , x : & Self :: Input , target : & Self :: Target , lr : T ,) -> :: core :: result :: Result < T , :: typenet :: __private :: NonFiniteError > {
Stages :: train_step (self , x , target , lr) }
}
