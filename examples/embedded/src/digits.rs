//! The digits network of issue 21 in flash: the trained `f32` network and its int8 twin, the
//! files `examples/14-int8-digits.rs` wrote into `tests/data/int8/` (where `tests/int8.rs`
//! checks the twin against the numpy reference bit for bit).

use crate::nets::{Digits, DigitsQuantized};

include!("../../../tests/data/int8/digits_f32.rs");
include!("../../../tests/data/int8/digits_q.rs");
