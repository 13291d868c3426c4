//! Instruction counting (`count-instructions.sh`, `BENCHMARKS.md`): runs the baked XOR network's
//! forward pass `TYPENET_INSN_XOR` times, the seed network's `TYPENET_INSN_SEED` times, the
//! digits network's in `f32` `TYPENET_INSN_DIGITS` times and in int8 `TYPENET_INSN_DIGITS_Q`
//! times, and the GRU network's `step` `TYPENET_INSN_GRU` times (all read when this is
//! compiled, 0 when unset), then exits. The loop counts pass through
//! `black_box`, so the code is the same whatever the counts: the instructions of N forward passes
//! are the count of a run with N minus the count of a run with 0.
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use cortex_m_semihosting::debug;
use panic_semihosting as _;
use typenet::prelude::*;
use typenet_embedded::digits::{DIGITS_F32, DIGITS_Q};
use typenet_embedded::nets::GruState;
use typenet_embedded::report::{DIGITS_X, SEED_X};
use typenet_embedded::weights::{GRU, SEED, XOR};

/// A decimal count from the build environment (0 when unset); not a number fails the build.
const fn count(var: Option<&str>) -> u32 {
    let Some(s) = var else { return 0 };
    let b = s.as_bytes();
    let mut n = 0u32;
    let mut i = 0;
    while i < b.len() {
        assert!(
            b[i].is_ascii_digit(),
            "TYPENET_INSN_* must be a decimal count"
        );
        n = n * 10 + (b[i] - b'0') as u32;
        i += 1;
    }
    n
}

/// How many XOR forward passes to run.
const XOR_N: u32 = count(option_env!("TYPENET_INSN_XOR"));
/// How many seed forward passes to run.
const SEED_N: u32 = count(option_env!("TYPENET_INSN_SEED"));
/// How many `f32` digits forward passes to run.
const DIGITS_N: u32 = count(option_env!("TYPENET_INSN_DIGITS"));
/// How many int8 digits forward passes to run.
const DIGITS_Q_N: u32 = count(option_env!("TYPENET_INSN_DIGITS_Q"));
/// How many GRU steps to run.
const GRU_N: u32 = count(option_env!("TYPENET_INSN_GRU"));

#[entry]
fn main() -> ! {
    for _ in 0..black_box(XOR_N) {
        // The same input as size-xor; `black_box` so that no pass is folded or hoisted.
        black_box(XOR.forward(&Vector2::from(black_box([0.0f32, 1.0]))));
    }
    for _ in 0..black_box(SEED_N) {
        black_box(SEED.forward(&Vector2::from(black_box(SEED_X))));
    }
    // The same image in both: its pixels (0–16) / 16 in `f32`, its int8 form for the twin.
    let image = DIGITS_Q.input;
    let x = SVector::<f32, 64>::from_fn(|i, _| image.dequantize(DIGITS_X[0][i]));
    for _ in 0..black_box(DIGITS_N) {
        black_box(DIGITS_F32.forward(black_box(&x)));
    }
    for _ in 0..black_box(DIGITS_Q_N) {
        black_box(DIGITS_Q.forward(black_box(&DIGITS_X[0])));
    }
    let mut state = GruState::<f32>::zeros();
    for _ in 0..black_box(GRU_N) {
        // One streaming step, the state carried (in memory: `black_box` of its address).
        black_box(GRU.step(black_box(&mut state), &Vector1::new(black_box(0.5f32))));
    }
    debug::exit(debug::EXIT_SUCCESS);
    loop {
        cortex_m::asm::wfi();
    }
}
