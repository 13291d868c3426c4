// network! { pub struct Dup: 2 => a: Dense(2) => a: Dense(1, Softmax); lost = MSE }
:: core :: compile_error ! {
"`Softmax` needs at least 2 values, found 1: the softmax of a single value is the constant 1; use `Sigmoid` for one output" }
:: core :: compile_error ! {
"two layers are named `a`; layer names become field names and must differ" }
:: core :: compile_error ! {
"unknown clause `lost`; did you mean `loss`?" }
# [allow (dead_code , clippy :: needless_borrow)] impl < T : :: typenet :: __private :: Scalar > Dup < T > {
# [doc = r" Scratch values per sample of the batched methods (each stage's Z, A and δ)."] pub const BATCH_SCRATCH_PER_SAMPLE : usize = 9usize ;
# [doc = r" The scratch length (in values of `T`) a batch of `batch` samples needs; a"] # [doc = r" `const fn`, so it can size an array. Saturating: a batch whose scratch cannot be"] # [doc = r" counted in a `usize` gives `usize::MAX`, which no slice reaches, so the batched"] # [doc = r" methods refuse it with `BatchError::Scratch`. Never panics."] pub const fn batch_scratch_len (batch : usize) -> usize {
9usize . saturating_mul (batch) }
# [doc = r" The outputs of a batch: column s of `y` receives the output for column s of `x`"] # [doc = r" (any number of columns). Intermediate blocks live in `scratch`, at least"] # [doc = r" [`batch_scratch_len`](Self::batch_scratch_len)`(b)` values; nothing is allocated."] # [doc = r" A network of fewer than 32,768 parameters runs [`forward`](Self::forward) once"] # [doc = r" per column instead (faster at that size; the same outputs bit for bit)."] pub fn forward_batch < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CY , __SY > , scratch : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CY > , {
:: typenet :: __private :: batch :: check_columns (x . ncols () , y . ncols ()) ? ;
:: typenet :: __private :: batch :: check_scratch (scratch , Self :: batch_scratch_len (x . ncols ())) ? ;
let mut __x = :: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: zeros () ;
for __s in 0 .. x . ncols () {
__x . copy_from (& x . column (__s)) ;
let __y = Dup :: forward (self , & __x) ;
y . column_mut (__s) . copy_from (& __y) ;
} :: core :: result :: Result :: Ok (()) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Batched < T > for Dup < T > {
type InputDim = :: typenet :: __private :: nalgebra :: Const < 2usize > ;
type OutputDim = :: typenet :: __private :: nalgebra :: Const < 1usize > ;
const BATCH_SCRATCH_PER_SAMPLE : usize = 9usize ;
# [inline] fn forward_batch < __C , __SX , __CY , __SY > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , Self :: InputDim , __C , __SX > , y : & mut :: typenet :: __private :: nalgebra :: Matrix < T , Self :: OutputDim , __CY , __SY > , scratch : & mut [T] ,) -> :: core :: result :: Result < () , :: typenet :: __private :: BatchError > where __C : :: typenet :: __private :: nalgebra :: Dim , __CY : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , Self :: InputDim , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __SY : :: typenet :: __private :: nalgebra :: StorageMut < T , Self :: OutputDim , __CY > , {
Dup :: forward_batch (self , x , y , scratch) }
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Dup < T > {
# [doc = r" Every stage in forward order: kind, name, sizes, activation, parameter count"] # [doc = r" (what `summary()` prints)."] pub const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = & [:: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "a" , inputs : 2usize , outputs : 2usize , activation : "Identity" , params : 6usize , }
, :: typenet :: __private :: summary :: LayerInfo {
kind : :: typenet :: __private :: summary :: LayerKind :: Dense , name : "__duplicate2" , inputs : 2usize , outputs : 1usize , activation : "Softmax" , params : 3usize , }
,] ;
} # [doc = "Network `2 → Dense(2, Identity) → Dense(1, Softmax)`, inference only. 9 parameters."] # [repr (C)] # [derive (Clone , Debug , PartialEq)] pub struct Dup < T = f32 > {
# [doc = "Layer 1: Dense 2 → 2, Identity (6 parameters)."] pub a : :: typenet :: __private :: Dense < T , 2usize , 2usize > , # [doc = "Layer 2: Dense 2 → 1, Softmax (3 parameters)."] pub __duplicate2 : :: typenet :: __private :: Dense < T , 2usize , 1usize > , }
# [doc = concat ! ("Each stage's pre-activation `z` and activation `a` in one forward pass of [`" , stringify ! (Dup) , "`].")] # [derive (Clone , Debug , PartialEq)] pub struct DupTrace < T = f32 > {
# [doc = "Layer 1: Dense 2 → 2, Identity (6 parameters)."] pub a : :: typenet :: __private :: LayerTrace < T , 2usize > , # [doc = "Layer 2: Dense 2 → 1, Softmax (3 parameters)."] pub __duplicate2 : :: typenet :: __private :: LayerTrace < T , 1usize > , }
unsafe impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Flat < T > for Dup < T > {
const LEN : usize = 9usize ;
} # [doc = r" Sizes an optimizer's state by this network (`Adam::for_network(&net, config)`)."] impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: optim :: ParamArray for Dup < T > {
type Array = [T ;
9usize] ;
} :: typenet :: __private :: __serde_network ! (Dup) ;
# [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Dup < T > {
# [doc = r" Number of inputs."] pub const INPUTS : usize = 2usize ;
# [doc = r" Number of outputs."] pub const OUTPUTS : usize = 1usize ;
# [doc = r" Number of parameters (weights and biases)."] pub const PARAMS : usize = 9usize ;
# [doc = r" The type's name."] pub const NAME : & 'static str = "Dup" ;
# [doc = r" Every parameter tensor in PyTorch `state_dict` order: name, shape (`[out, in]`"] # [doc = r" for a weight, `[out]` for a bias) and offset into the flat parameters."] pub const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = & [:: typenet :: __private :: TensorInfo {
name : "a.weight" , shape : & [2usize , 2usize] , offset : 0usize }
, :: typenet :: __private :: TensorInfo {
name : "a.bias" , shape : & [2usize] , offset : 4usize }
, :: typenet :: __private :: TensorInfo {
name : "__duplicate2.weight" , shape : & [1usize , 2usize] , offset : 6usize }
, :: typenet :: __private :: TensorInfo {
name : "__duplicate2.bias" , shape : & [1usize] , offset : 8usize }
,] ;
# [doc = r" The network's output for input `x`."] # [inline] pub fn forward (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize >) -> :: typenet :: __private :: nalgebra :: SVector < T , 1usize > {
let __z1 = {
let __w = & self . a . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . a . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (__x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = (__x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z1) ;
let __z2 = {
let __w = & self . __duplicate2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . __duplicate2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (__x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
[__o0] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 1usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z2) ;
__a2 }
# [doc = r" One forward pass keeping every layer's pre-activation `z` and activation `a`."] pub fn forward_trace (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize >) -> DupTrace < T > {
let __z1 = {
let __w = & self . a . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . a . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (__x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = (__x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z1) ;
let __z2 = {
let __w = & self . __duplicate2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . __duplicate2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (__x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
[__o0] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 1usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z2) ;
DupTrace {
a : :: typenet :: __private :: LayerTrace {
z : __z1 , a : __a1 }
, __duplicate2 : :: typenet :: __private :: LayerTrace {
z : __z2 , a : __a2 }
, }
} # [doc = r" ∂y/∂x at `x` (outputs × inputs): entry (k, i) is how much output k moves per unit"] # [doc = r" of input i."] pub fn input_jacobian (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize >) -> :: typenet :: __private :: nalgebra :: SMatrix < T , 1usize , 2usize > {
let __z1 = {
let __w = & self . a . weight . data . 0 ;
let __x = & x . data . 0 [0] ;
let __b = & self . a . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (__x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
let __o1 = (__x [0usize] * __w [1usize] [0usize] + __x [1usize] * __w [1usize] [1usize]) + __b [1usize] ;
[__o0 , __o1] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a1 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Identity , & __z1) ;
let __z2 = {
let __w = & self . __duplicate2 . weight . data . 0 ;
let __x = & (& __a1) . data . 0 [0] ;
let __b = & self . __duplicate2 . bias . data . 0 [0] ;
let __z = match :: typenet :: __private :: unrolled_affine (__w , __x , :: core :: option :: Option :: Some (__b)) {
:: core :: option :: Option :: Some (__z) => __z , :: core :: option :: Option :: None => {
let __o0 = (__x [0usize] * __w [0usize] [0usize] + __x [1usize] * __w [0usize] [1usize]) + __b [0usize] ;
[__o0] }
} ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 1usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([__z])) }
;
let __a2 = :: typenet :: __private :: activation :: Activation :: < T > :: apply (& :: typenet :: __private :: activation :: Softmax , & __z2) ;
let mut __j = :: typenet :: __private :: nalgebra :: SMatrix :: < T , 1usize , 2usize > :: zeros () ;
for __k in 0 .. 1usize {
let mut __da2 = :: typenet :: __private :: nalgebra :: SVector :: < T , 1usize > :: zeros () ;
__da2 [__k] = < T as :: typenet :: __private :: Scalar > :: lit (1.0) ;
let __dz2 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Softmax , & __z2 , & __a2 , & __da2) ;
let __da1 = {
let __w = & self . __duplicate2 . weight . data . 0 ;
let __d = & __dz2 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1]])) }
;
let __dz1 = :: typenet :: __private :: activation :: Activation :: < T > :: backprop (& :: typenet :: __private :: activation :: Identity , & __z1 , & __a1 , & __da1) ;
let __da0 = {
let __w = & self . a . weight . data . 0 ;
let __d = & __dz1 . data . 0 [0] ;
let __o0 = __w [0usize] [0usize] * __d [0usize] + __w [1usize] [0usize] * __d [1usize] ;
let __o1 = __w [0usize] [1usize] * __d [0usize] + __w [1usize] [1usize] * __d [1usize] ;
:: typenet :: __private :: nalgebra :: SVector :: < T , 2usize > :: from_array_storage (:: typenet :: __private :: nalgebra :: ArrayStorage ([[__o0 , __o1]])) }
;
let __dx : :: typenet :: __private :: nalgebra :: SVector < T , 2usize > = __da0 ;
__j . set_row (__k , & __dx . transpose ()) ;
} __j }
# [doc = r" Builds the network from its parameters in PyTorch `state_dict` order."] # [doc = r""] # [doc = r" A `const fn`: `const NET: Name<f32> = Name::from_array([…]);` puts a trained"] # [doc = r" network in flash, with nothing computed at start-up."] pub const fn from_array (values : [T ;
9usize]) -> Self {
unsafe {
:: typenet :: __private :: network :: flat_from_array :: < T , Self , 9usize > (values) }
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Parameters < T > for Dup < T > {
const INPUTS : usize = 2usize ;
const OUTPUTS : usize = 1usize ;
const PARAMS : usize = 9usize ;
const NAME : & 'static str = "Dup" ;
const TENSORS : & 'static [:: typenet :: __private :: TensorInfo] = Dup :: < T > :: TENSORS ;
const LAYERS : & 'static [:: typenet :: __private :: summary :: LayerInfo] = Dup :: < T > :: LAYERS ;
fn init < R : :: typenet :: __private :: rand_core :: Rng + ? Sized > (& mut self , rng : & mut R) {
self . a . init_uniform (:: typenet :: __private :: init :: glorot_bound (2usize , 2usize) , rng) ;
self . __duplicate2 . init_uniform (:: typenet :: __private :: init :: glorot_bound (2usize , 1usize) , rng) ;
} }
impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: Network < T > for Dup < T > {
type Input = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > ;
type Output = :: typenet :: __private :: nalgebra :: SVector < T , 1usize > ;
type Trace = DupTrace < T > ;
type InputJacobian = :: typenet :: __private :: nalgebra :: SMatrix < T , 1usize , 2usize > ;
# [inline] fn forward (& self , x : & Self :: Input) -> Self :: Output {
Dup :: forward (self , x) }
fn forward_trace (& self , x : & Self :: Input) -> Self :: Trace {
Dup :: forward_trace (self , x) }
fn input_jacobian (& self , x : & Self :: Input) -> Self :: InputJacobian {
Dup :: input_jacobian (self , x) }
} # [doc = "The int8 twin of [`Dup`] (made by [`Dup::quantize`]): integer-only inference with TensorFlow Lite's scheme (see `typenet::quant`); 2 inputs, 1 outputs."] # [derive (Clone , Debug , PartialEq)] pub struct DupQuantized {
# [doc = r" How the input is stored."] pub input : :: typenet :: __private :: quant :: QParams , # [doc = "Layer 1, `a`: Dense 2 → 2 in int8, Identity (the output's full range)."] pub a : :: typenet :: __private :: quant :: QDense < 2usize , 2usize > , # [doc = "Layer 2, `__duplicate2`: Dense 2 → 1 in int8, followed by a softmax table."] pub __duplicate2 : :: typenet :: __private :: quant :: QDense < 2usize , 1usize > , # [doc = "Layer 2: the softmax table after `__duplicate2`."] pub __duplicate2_softmax : :: typenet :: __private :: quant :: QSoftmax , }
# [allow (dead_code)] impl DupQuantized {
# [doc = r" Number of inputs."] pub const INPUTS : usize = 2usize ;
# [doc = r" Number of outputs."] pub const OUTPUTS : usize = 1usize ;
# [doc = r" The type's name."] pub const NAME : & 'static str = "DupQuantized" ;
# [doc = r" The network's int8 output for int8 input `x`: integers only, no heap, no panic."] # [inline] pub fn forward (& self , x : & [i8 ;
2usize]) -> [i8 ;
1usize] {
let __q1 = self . a . forward (x) ;
let __q2 = self . __duplicate2 . forward (& __q1) ;
let __q2 = self . __duplicate2_softmax . apply (& __q2) ;
__q2 }
# [doc = r" [`forward`](Self::forward), calling `each(layer, output, params)` after every layer"] # [doc = r" (1-based; the output after its activation, and how it is stored)."] pub fn forward_layers (& self , x : & [i8 ;
2usize] , mut each : impl FnMut (usize , & [i8] , :: typenet :: __private :: quant :: QParams) ,) -> [i8 ;
1usize] {
let __q1 = self . a . forward (x) ;
each (1usize , & __q1 , self . a . output ()) ;
let __q2 = self . __duplicate2 . forward (& __q1) ;
let __q2 = self . __duplicate2_softmax . apply (& __q2) ;
each (2usize , & __q2 , :: typenet :: __private :: quant :: QParams :: SOFTMAX) ;
__q2 }
# [doc = r" How the output is stored."] pub fn output_params (& self) -> :: typenet :: __private :: quant :: QParams {
:: typenet :: __private :: quant :: QParams :: SOFTMAX }
# [doc = r" A float input on the int8 grid of [`input`](Self::input) (in `f32`; a host-side"] # [doc = r" helper)."] pub fn quantize_input < T : :: typenet :: __private :: Scalar > (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize >) -> [i8 ;
2usize] {
:: core :: array :: from_fn (| i | self . input . quantize (:: typenet :: __private :: Scalar :: to_f64 (x [i]) as f32)) }
# [doc = r" The real values of an int8 output."] pub fn dequantize_output (& self , y : & [i8 ;
1usize]) -> :: typenet :: __private :: nalgebra :: SVector < f32 , 1usize > {
let params = self . output_params () ;
:: typenet :: __private :: nalgebra :: SVector :: < f32 , 1usize > :: from_fn (| i , _ | params . dequantize (y [i])) }
# [doc = r" Writes the network as `pub static NAME: TYPE = TYPE {
… };`, every part a `const fn`"] # [doc = r" call, so it bakes into flash; `type_name` is this type as the file names it."] pub fn write_rust < W : :: core :: fmt :: Write > (& self , out : & mut W , name : & str , type_name : & str ,) -> :: core :: result :: Result < () , :: typenet :: __private :: export :: ExportError > {
:: typenet :: __private :: quant :: write_item_head (out , name , type_name) ? ;
write ! (out , "{type_name} {{\n    input: ") ? ;
self . input . write_rust (out) ? ;
out . write_char (',') ? ;
out . write_str (concat ! ("\n    " , stringify ! (a) , ": ")) ? ;
self . a . write_rust (out) ? ;
out . write_char (',') ? ;
out . write_str (concat ! ("\n    " , stringify ! (__duplicate2) , ": ")) ? ;
self . __duplicate2 . write_rust (out) ? ;
out . write_char (',') ? ;
out . write_str (concat ! ("\n    " , stringify ! (__duplicate2_softmax) , ": ")) ? ;
self . __duplicate2_softmax . write_rust (out) ? ;
out . write_char (',') ? ;
out . write_str ("\n};\n") ? ;
:: core :: result :: Result :: Ok (()) }
# [doc = r" Writes the parameters as plain text, one `name values…` line each (read by"] # [doc = r" `tools/reference/int8_reference.py`)."] pub fn write_text < W : :: core :: fmt :: Write > (& self , out : & mut W) -> :: core :: fmt :: Result {
writeln ! (out , "input.scale {:?}" , self . input . scale) ? ;
writeln ! (out , "input.zero_point {}" , self . input . zero_point) ? ;
self . a . write_text (out , "a") ? ;
self . __duplicate2 . write_text (out , "__duplicate2") ? ;
self . __duplicate2_softmax . write_text (out , "__duplicate2") ? ;
:: core :: result :: Result :: Ok (()) }
} impl < T : :: typenet :: __private :: Scalar > :: typenet :: __private :: quant :: Quantizable for Dup < T > {
} # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Dup < T > {
# [doc = r" Post-training int8 quantization: runs the float network on every calibration"] # [doc = r" sample, records the range of the input and of every layer's output, and builds"] # [doc = concat ! ("the [`" , "DupQuantized" , "`] twin (per-channel symmetric weights, `i32` biases,")] # [doc = r" per-tensor asymmetric activations; see `typenet::quant`)."] # [doc = r""] # [doc = r" Errors: no sample, a sample with NaN or ±∞ (its index), a layer computing a"] # [doc = r" non-finite value, non-finite weights, a bias beyond `i32`."] pub fn quantize < C > (& self , calibration : C) -> :: core :: result :: Result < DupQuantized , :: typenet :: __private :: quant :: QuantError > where C : :: core :: iter :: IntoIterator , C :: Item : :: core :: borrow :: Borrow < :: typenet :: __private :: nalgebra :: SVector < T , 2usize >> , {
let mut __r0 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __rz1 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __ra1 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __rz2 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __ra2 = :: typenet :: __private :: quant :: Range :: EMPTY ;
let mut __seen = false ;
for (__index , __x) in calibration . into_iter () . enumerate () {
let __x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > = :: core :: borrow :: Borrow :: borrow (& __x) ;
if ! __r0 . observe (__x . as_slice ()) {
return :: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: NonFiniteSample {
index : __index }) ;
} let __trace = self . forward_trace (__x) ;
if ! __rz1 . observe (__trace . a . z . as_slice ()) || ! __ra1 . observe (__trace . a . a . as_slice ()) {
return :: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: NonFiniteActivation {
index : __index , layer : 1usize }) ;
} if ! __rz2 . observe (__trace . __duplicate2 . z . as_slice ()) || ! __ra2 . observe (__trace . __duplicate2 . a . as_slice ()) {
return :: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: NonFiniteActivation {
index : __index , layer : 2usize }) ;
} __seen = true ;
} if ! __seen {
return :: core :: result :: Result :: Err (:: typenet :: __private :: quant :: QuantError :: EmptyCalibration) ;
} let __p0 = :: typenet :: __private :: quant :: QParams :: from_range (__r0) ;
let __out = :: typenet :: __private :: quant :: QParams :: from_range (__rz1) ;
let a = :: typenet :: __private :: quant :: QDense :: quantize (& self . a . weight , :: core :: option :: Option :: Some (& self . a . bias) , __p0 , __out , false , 1usize) ? ;
let __p1 = __out ;
let __out = :: typenet :: __private :: quant :: QParams :: from_range (__rz2) ;
let __duplicate2 = :: typenet :: __private :: quant :: QDense :: quantize (& self . __duplicate2 . weight , :: core :: option :: Option :: Some (& self . __duplicate2 . bias) , __p1 , __out , false , 2usize) ? ;
let __duplicate2_softmax = :: typenet :: __private :: quant :: QSoftmax :: new (__out) ;
let __p2 = :: typenet :: __private :: quant :: QParams :: SOFTMAX ;
:: core :: result :: Result :: Ok (DupQuantized {
input : __p0 , a , __duplicate2 , __duplicate2_softmax , }) }
} # [doc = r" Training methods that exist only to fail: this network has no loss. Each call is a"] # [doc = r" compile error that says to add a `loss = …` clause to the definition."] # [doc (hidden)] # [allow (dead_code)] impl < T : :: typenet :: __private :: Scalar > Dup < T > {
# [doc (hidden)] pub fn loss (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize >) -> T where Self : :: typenet :: __private :: Trainable < T , Target = :: typenet :: __private :: nalgebra :: SVector < T , 1usize > > + :: typenet :: __private :: Network < T , Input = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > > , {
< Self as :: typenet :: __private :: Trainable < T >> :: loss (self , x , target) }
# [doc (hidden)] pub fn backward < __G > (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize >) -> (T , __G) where Self : :: typenet :: __private :: Trainable < T , Target = :: typenet :: __private :: nalgebra :: SVector < T , 1usize > , Gradients = __G > + :: typenet :: __private :: Network < T , Input = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > > , {
< Self as :: typenet :: __private :: Trainable < T >> :: backward (self , x , target) }
# [doc (hidden)] pub fn backward_into < __G > (& self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize > , grads : & mut __G) -> T where Self : :: typenet :: __private :: Trainable < T , Target = :: typenet :: __private :: nalgebra :: SVector < T , 1usize > , Gradients = __G > + :: typenet :: __private :: Network < T , Input = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > > , {
< Self as :: typenet :: __private :: Trainable < T >> :: backward_into (self , x , target , grads) }
# [doc (hidden)] pub fn sgd_step < __G > (& mut self , grads : & __G , lr : T ,) -> :: core :: result :: Result < () , :: typenet :: __private :: NonFiniteError > where Self : :: typenet :: __private :: Trainable < T , Gradients = __G > , {
< Self as :: typenet :: __private :: Trainable < T >> :: sgd_step (self , grads , lr) }
# [doc (hidden)] pub fn train_step (& mut self , x : & :: typenet :: __private :: nalgebra :: SVector < T , 2usize > , target : & :: typenet :: __private :: nalgebra :: SVector < T , 1usize > , lr : T ,) -> :: core :: result :: Result < T , :: typenet :: __private :: NonFiniteError > where Self : :: typenet :: __private :: Trainable < T , Target = :: typenet :: __private :: nalgebra :: SVector < T , 1usize > > + :: typenet :: __private :: Network < T , Input = :: typenet :: __private :: nalgebra :: SVector < T , 2usize > > , {
< Self as :: typenet :: __private :: Trainable < T >> :: train_step (self , x , target , lr) }
# [doc (hidden)] pub fn train_step_batch < __C , __SX , __CT , __ST , __G > (& mut self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CT , __ST > , lr : T , grads : & mut __G , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where Self : :: typenet :: __private :: Trainable < T , Gradients = __G > + :: typenet :: __private :: Batched < T , InputDim = :: typenet :: __private :: nalgebra :: Const < 2usize > , OutputDim = :: typenet :: __private :: nalgebra :: Const < 1usize > > + :: typenet :: __private :: BatchTrainable < T > , __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CT > , {
< Self as :: typenet :: __private :: BatchTrainable < T >> :: train_step_batch (self , x , target , lr , grads , scratch) }
# [doc (hidden)] pub fn backward_batch_into < __C , __SX , __CT , __ST , __G > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CT , __ST > , grads : & mut __G , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where Self : :: typenet :: __private :: Trainable < T , Gradients = __G > + :: typenet :: __private :: Batched < T , InputDim = :: typenet :: __private :: nalgebra :: Const < 2usize > , OutputDim = :: typenet :: __private :: nalgebra :: Const < 1usize > > + :: typenet :: __private :: BatchTrainable < T > , __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CT > , {
< Self as :: typenet :: __private :: BatchTrainable < T >> :: backward_batch_into (self , x , target , grads , scratch) }
# [doc (hidden)] pub fn gradient_batch < __C , __SX , __CT , __ST , __G > (& self , x : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , __SX > , target : & :: typenet :: __private :: nalgebra :: Matrix < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CT , __ST > , grads : & mut __G , scratch : & mut [T] ,) -> :: core :: result :: Result < T , :: typenet :: __private :: BatchError > where Self : :: typenet :: __private :: Trainable < T , Gradients = __G > + :: typenet :: __private :: Batched < T , InputDim = :: typenet :: __private :: nalgebra :: Const < 2usize > , OutputDim = :: typenet :: __private :: nalgebra :: Const < 1usize > > + :: typenet :: __private :: BatchTrainable < T > , __C : :: typenet :: __private :: nalgebra :: Dim , __CT : :: typenet :: __private :: nalgebra :: Dim , __SX : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 2usize > , __C , RStride = :: typenet :: __private :: nalgebra :: U1 > , __ST : :: typenet :: __private :: nalgebra :: Storage < T , :: typenet :: __private :: nalgebra :: Const < 1usize > , __CT > , {
< Self as :: typenet :: __private :: BatchTrainable < T >> :: gradient_batch (self , x , target , grads , scratch) }
}
