//! The smallest firmware that evaluates the baked XOR network from flash: what XOR costs in flash and RAM (`BENCHMARKS.md`, against `size-baseline`).
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use cortex_m_semihosting::debug;
use panic_semihosting as _;
use typenet::prelude::*;
use typenet_embedded::weights::XOR;

#[entry]
fn main() -> ! {
    let x = black_box([0.0f32, 1.0]);
    let y = black_box(XOR.forward(&Vector2::from(x))[0]);
    debug::exit(if y.is_finite() {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {
        cortex_m::asm::wfi();
    }
}
