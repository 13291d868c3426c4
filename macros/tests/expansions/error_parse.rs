// network! { pub struct P: => Dense(2) }
:: core :: compile_error ! {
"expected the input size (an integer such as `2`) before the first layer, found `=`" }
