// network! { pub struct Infer: 3 => Dense(4, ReLU) => Residual(Dense(4)) => Dense(2, Softmax) }
# [allow (dead_code , clippy :: needless_borrow)] impl < T : :: typenet :: __private :: Scalar > Infer < T > {
# [doc = r" Scratch values per sample of the batched methods (each stage's Z, A and δ)."] pub const BATCH_SCRATCH_PER_SAMPLE : usize = 42usize ;
# [doc = r" The scratch length (in values of `T`) a batch of `batch` samples needs; a"] # [doc = r" `const fn`, so it can size an array. Saturating: a batch whose scratch cannot be"] # [doc = r" counted in a `usize` gives `usize::MAX`, which no slice reaches, so the batched"] # [doc = r" methods refuse it with `BatchError::Scratch`. Never panics."] pub const fn batch_scratch_len (batch : usize) -> usize {
42usize . saturating_mul (batch) }
# [doc = r" The outputs of a batch: column s of `y` receives the output for column s of `x`"] # [doc = r" (any number of columns). Intermediate blocks live in `scratch`, at least"] # [doc = r" [`batch_scratch_len`](Self::batch_scratch_len)`(b)` values; nothing is allocated."] # [doc = r" A network of fewer than 32,768 parameters runs [`forward`](Self::forward) once"] # [doc = r" per column instead (faster at that size; the same outputs bit for bit)."] pub fn forward_batch < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CY , __SY > , scratch : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CY > , {
:: typenet :: __private :: batch :: check_columns (x . ncols () , y . ncols ()) ? ;
:: typenet :: __private :: batch :: check_scratch (scratch , Self :: batch_scratch_len (x . ncols ())) ? ;
let mut __x = :: typenet :: __private :: nalgebra :: SVector :: < T , 3usize > :: zeros () ;
for __s in 0 .. x . ncols () {
__x . copy_from (& x . column (__s)) ;
let __y = Infer :: forward (self , & __x) ;
y . column_mut (__s) . copy_from (& __y) ;
} :: core :: result :: Result :: Ok (()) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Batched < T > for Infer < T > {
type InputDim = :: typenet :: __private :: nalgebra :: Const < 3usize > ;
type OutputDim = :: typenet :: __private :: nalgebra :: Const < 2usize > ;
const BATCH_SCRATCH_PER_SAMPLE : usize = 42usize ;
# [inline] fn forward_batch < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CY , __SY > , scratch : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , Self :: OutputDim , __CY > , {
Infer :: forward_batch (self , x , y , scratch) }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Infer < T > {
# [doc = r" Every stage in forward order: kind, name, sizes, activation, parameter count"] # [doc = r" (what `summary()` prints)."] pub const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = & [:: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer1" , inputs : 3usize , outputs : 4usize , activation : "ReLU" , params : 16usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer2" , inputs : 4usize , outputs : 4usize , activation : "Identity" , params : 20usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Residual , name : "residual1" , inputs : 4usize , outputs : 4usize , activation : "Identity" , params : 0usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "layer3" , inputs : 4usize , outputs : 2usize , activation : "Softmax" , params : 10usize , }
,] ;
} # [doc = "Network `3 → Dense(4, ReLU) → Residual(Dense(4, Identity)) → Dense(2, Softmax)`, inference only. 46 parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct Infer < T = f32 > {
# [doc = "Layer 1: Dense 3 → 4, ReLU (16 parameters)."] pub layer1 : :: typenet :: __private :: Dense < T , 3usize , 4usize > , # [doc = "Layer 2: Dense 4 → 4, Identity (20 parameters)."] pub layer2 : :: typenet :: __private :: Dense < T , 4usize , 4usize > , # [doc = "Layer 3: Dense 4 → 2, Softmax (10 parameters)."] pub layer3 : :: typenet :: __private :: Dense < T , 4usize , 2usize > , }
# [doc = concat ! ("Each stage's pre-activation `z` and activation `a` in one forward pass of [`" , stringify ! (Infer) , "`].")] # [derive (Clone , Debug , PartialEq)] pub struct InferTrace < T = f32 > {
# [doc = "Layer 1: Dense 3 → 4, ReLU (16 parameters)."] pub layer1 : :: typenet :: __private :: LayerTrace < T , 4usize > , # [doc = "Layer 2: Dense 4 → 4, Identity (20 parameters)."] pub layer2 : :: typenet :: __private :: LayerTrace < T , 4usize > , # [doc = "Residual block: z is the block's output plus its input (value 1 of the chain), a = Identity(z)."] pub residual1 : :: typenet :: __private :: LayerTrace < T , 4usize > , # [doc = "Layer 3: Dense 4 → 2, Softmax (10 parameters)."] pub layer3 : :: typenet :: __private :: LayerTrace < T , 2usize > , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for Infer < T > {
const LEN : usize = 46usize ;
} # [doc = r" Sizes an optimizer's state by this network (`Adam::for_network(&net, config)`)."] impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: optim :: ParamArray for Infer < T > {
type Array = [T ;
46usize] ;
} :: typenet :: __private :: __serde_network ! (Infer) ;
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Infer < T > {
# [doc = r" Number of inputs."] pub const INPUTS : usize = 3usize ;
# [doc = r" Number of outputs."] pub const OUTPUTS : usize = 2usize ;
# [doc = r" Number of parameters (weights and biases)."] pub const PARAMS : usize = 46usize ;
# [doc = r" The type's name."] pub const NAME : & 'static str = "Infer" ;
# [doc = r" Every parameter tensor in PyTorch `state_dict` order: name, shape (`[out, in]`"] # [doc = r" for a weight, `[out]` for a bias) and offset into the flat parameters."] pub const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = & [:: typenet :: __private :: TensorInfo {
name : "layer1.weight" , shape : & [4usize , 3usize] , offset : 0usize }
, :: typenet :: __private :: TensorInfo {
name : "layer1.bias" , shape : & [4usize] , offset : 12usize }
, :: typenet :: __private :: TensorInfo {
name : "layer2.weight" , shape : & [4usize , 4usize] , offset : 16usize }
, :: typenet :: __private :: TensorInfo {
name : "layer2.bias" , shape : & [4usize] , offset : 32usize }
, :: typenet :: __private :: TensorInfo {
name : "layer3.weight" , shape : & [2usize , 4usize] , offset : 36usize }
, :: typenet :: __private :: TensorInfo {
name : "layer3.bias" , shape : & [2usize] , offset : 44usize }
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
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z2) ;
let __z3 = (& __a2) + (& __a1) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z3) ;
let __z4 = {
let __w = & self . layer3 . weight . data . 0 ;
let __x = & (& __a3) . data . 0 [0] ;
let __b = & self . layer3 . bias . data . 0 [0] ;
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
# [doc = r" One forward pass keeping every layer's pre-activation `z` and activation `a`."] pub fn forward_trace (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize >) -> InferTrace < T > {
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
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z2) ;
let __z3 = (& __a2) + (& __a1) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z3) ;
let __z4 = {
let __w = & self . layer3 . weight . data . 0 ;
let __x = & (& __a3) . data . 0 [0] ;
let __b = & self . layer3 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = ((__x [0usize] * __w [0usize] [0usize] + __x [2usize] * __w [0usize] [2usize]) + (__x [1usize] * __w [0usize] [1usize] + __x [3usize] * __w [0usize] [3usize])) + __b [0usize] ;
let __o1 = ((__x [0usize] * __w [1usize] [0usize] + __x [2usize] * __w [1usize] [2usize]) + (__x [1usize] * __w [1usize] [1usize] + __x [3usize] * __w [1usize] [3usize])) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a4 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z4) ;
InferTrace {
layer1 : :: typenet :: __private :: LayerTrace {
z : __z1 , a : __a1 }
, layer2 : :: typenet :: __private :: LayerTrace {
z : __z2 , a : __a2 }
, residual1 : :: typenet :: __private :: LayerTrace {
z : __z3 , a : __a3 }
, layer3 : :: typenet :: __private :: LayerTrace {
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
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z2) ;
let __z3 = (& __a2) + (& __a1) ;
let __a3 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z3) ;
let __z4 = {
let __w = & self . layer3 . weight . data . 0 ;
let __x = & (& __a3) . data . 0 [0] ;
let __b = & self . layer3 . bias . data . 0 [0] ;
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
let __w = & self . layer3 . weight . data . 0 ;
let __d = & __dz4 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __dz3 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z3 , & __a3 , & __da3) ;
let __da2 = __dz3 ;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z2 , & __a2 , & __da2) ;
let __da1 = {
let __w = & self . layer2 . weight . data . 0 ;
let __d = & __dz2 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] + __w [2usize] [0usize] * __d [2usize] + __w [3usize] [0usize] * __d [3usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] + __w [2usize] [1usize] * __d [2usize] + __w [3usize] [1usize] * __d [3usize] ;
let __o2 = __w [0usize] [2usize] * __d [0usize] + __w [1usize] [2usize] * __d [1usize] + __w [2usize] [2usize] * __d [2usize] + __w [3usize] [2usize] * __d [3usize] ;
let __o3 = __w [0usize] [3usize] * __d [0usize] + __w [1usize] [3usize] * __d [1usize] + __w [2usize] [3usize] * __d [2usize] + __w [3usize] [3usize] * __d [3usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 4usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1 , __o2 , __o3]])) }
;
let __da1 = __da1 + __dz3 ;
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
46usize]) -> Self {
unsafe {
:: typenet :: __private :: network :: flat_from_array :: < T , Self , 46usize > (values) }
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Parameters < T > for Infer < T > {
const INPUTS : usize = 3usize ;
const OUTPUTS : usize = 2usize ;
const PARAMS : usize = 46usize ;
const NAME : & 'static str = "Infer" ;
const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = Infer :: < T > :: TENSORS ;
const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = Infer :: < T > :: LAYERS ;
fn init < R : :: typenet :: __private :: rand_core :: Rng + ? Sized > (& mut self , rng : & mut R) {
self . layer1 . init_uniform (:: typenet :: __private :: init :: he_bound (3usize) , rng) ;
self . layer2 . init_uniform (:: typenet :: __private :: init :: glorot_bound (4usize , 4usize) , rng) ;
self . layer3 . init_uniform (:: typenet :: __private :: init :: glorot_bound (4usize , 2usize) , rng) ;
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Network < T > for Infer < T > {
type Input = :: typenet :: __private :: nalgebra :: SVector < T , 3usize > ;
type Output = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > ;
type Trace = InferTrace < T > ;
type InputJacobian = :: typenet :: __private :: nalgebra :: SMatrix < T , 2usize , 3usize > ;
# [inline] fn forward (& self , x : & Self :: Input) -> Self :: Output {
Infer :: forward (self , x) }
fn forward_trace (& self , x : & Self :: Input) -> Self :: Trace {
Infer :: forward_trace (self , x) }
fn input_jacobian (& self , x : & Self :: Input) -> Self :: InputJacobian {
Infer :: input_jacobian (self , x) }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Infer < T > {
# [doc = "Not available: `Infer` has no int8 twin because stage 3 ends a residual block. Calling it does not compile."] pub fn quantize < C > (& self , _calibration : C) -> :: core :: result :: Result < :: core :: convert :: Infallible , :: typenet :: __private :: quant :: QuantError > where Self : :: typenet :: __private :: quant :: Quantizable , {
:: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: EmptyCalibration) }
} # [doc = r" Training methods that exist only to fail: this network has no loss. Each call is a"] # [doc = r" compile error that says to add a `loss = …` clause to the definition."] # [doc (hidden)] # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Infer < T > {
# [doc (hidden)] pub fn loss (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize >) -> T where Self : :: typenet :: __private :: Trainable < T , Target = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > > + :: typenet :: __private :: Network < T , Input = :: typenet :: __private :: nalgebra :: SVector < T , 3usize > > , {
< Self as :: typenet :: __private :: Trainable < T >> :: loss (self , x , target) }
# [doc (hidden)] pub fn backward < __G > (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize >) -> (T , __G) where Self : :: typenet :: __private :: Trainable < T , Target = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , Gradients = __G > + :: typenet :: __private :: Network < T , Input = :: typenet :: __private :: nalgebra :: SVector < T , 3usize > > , {
< Self as :: typenet :: __private :: Trainable < T >> :: backward (self , x , target) }
# [doc (hidden)] pub fn backward_into < __G > (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , grads : & mut __G) -> T where Self : :: typenet :: __private :: Trainable < T , Target = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , Gradients = __G > + :: typenet :: __private :: Network < T , Input = :: typenet :: __private :: nalgebra :: SVector < T , 3usize > > , {
< Self as :: typenet :: __private :: Trainable < T >> :: backward_into (self , x , target , grads) }
# [doc (hidden)] pub fn sgd_step < __G > (& mut self , grads : & __G , lr : T ,) -> :: core :: result :: Result < () , :: typenet :: __private :: NonFiniteError > where Self : :: typenet :: __private :: Trainable < T , Gradients = __G > , {
< Self as :: typenet :: __private :: Trainable < T >> :: sgd_step (self , grads , lr) }
# [doc (hidden)] pub fn train_step (& mut self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 3usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , lr : T ,) -> :: core :: result :: Result < T , :: typenet :: __private :: NonFiniteError > where Self : :: typenet :: __private :: Trainable < T , Target = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > > + :: typenet :: __private :: Network < T , Input = :: typenet :: __private :: nalgebra :: SVector < T , 3usize > > , {
< Self as :: typenet :: __private :: Trainable < T >> :: train_step (self , x , target , lr) }
# [doc (hidden)] pub fn train_step_batch < __C , __SX , __CT , __ST , __G > (& mut self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT , __ST > , lr : T , grads : & mut __G , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where Self : :: typenet :: __private :: Trainable < T , Gradients = __G > + :: typenet :: __private :: Batched < T , InputDim = :: typenet :: __private :: nalgebra :: Const < 3usize > , OutputDim = :: typenet :: __private :: nalgebra :: Const < 2usize > > + :: typenet :: __private :: BatchTrainable < T > , __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT > , {
< Self as :: typenet :: __private :: BatchTrainable < T >> :: train_step_batch (self , x , target , lr , grads , scratch) }
# [doc (hidden)] pub fn backward_batch_into < __C , __SX , __CT , __ST , __G > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT , __ST > , grads : & mut __G , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where Self : :: typenet :: __private :: Trainable < T , Gradients = __G > + :: typenet :: __private :: Batched < T , InputDim = :: typenet :: __private :: nalgebra :: Const < 3usize > , OutputDim = :: typenet :: __private :: nalgebra :: Const < 2usize > > + :: typenet :: __private :: BatchTrainable < T > , __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT > , {
< Self as :: typenet :: __private :: BatchTrainable < T >> :: backward_batch_into (self , x , target , grads , scratch) }
# [doc (hidden)] pub fn gradient_batch < __C , __SX , __CT , __ST , __G > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT , __ST > , grads : & mut __G , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where Self : :: typenet :: __private :: Trainable < T , Gradients = __G > + :: typenet :: __private :: Batched < T , InputDim = :: typenet :: __private :: nalgebra :: Const < 3usize > , OutputDim = :: typenet :: __private :: nalgebra :: Const < 2usize > > + :: typenet :: __private :: BatchTrainable < T > , __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 3usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __CT > , {
< Self as :: typenet :: __private :: BatchTrainable < T >> :: gradient_batch (self , x , target , grads , scratch) }
}
