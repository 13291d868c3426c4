//! The smallest firmware that evaluates the baked seed network from flash: what it costs in flash and RAM (`BENCHMARKS.md`, against `size-baseline`).
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use cortex_m_semihosting::debug;
use panic_semihosting as _;
use typenet::prelude::*;
use typenet_embedded::weights::SEED;

#[entry]
fn main() -> ! {
    let x = black_box([0.2f32, 0.5]);
    let y = black_box(SEED.forward(&Vector2::from(x)).sum());
    debug::exit(if y.is_finite() {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {
        cortex_m::asm::wfi();
    }
}
