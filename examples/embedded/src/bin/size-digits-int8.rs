//! The smallest firmware that evaluates the int8 digits network from flash (issue 21): what it
//! costs in flash, and on the Cortex-M0 the proof that its forward pass calls no soft-float
//! routine (`check.sh` lists the symbols of this binary).
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use cortex_m_semihosting::debug;
use panic_semihosting as _;
use typenet_embedded::digits::DIGITS_Q;
use typenet_embedded::report::DIGITS_X;

#[entry]
fn main() -> ! {
    let y = black_box(DIGITS_Q.forward(black_box(&DIGITS_X[0])));
    // The first image is a 7: its output is the largest.
    let seven = (0..10).all(|k| y[7] >= y[k]);
    debug::exit(if seven {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {
        cortex_m::asm::wfi();
    }
}
