//! The size baseline: the same start-up, input, output and exit as `size-xor` and `size-seed`, without a network.
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use cortex_m_semihosting::debug;
use panic_semihosting as _;

#[entry]
fn main() -> ! {
    let x = black_box([0.0f32, 1.0]);
    let y = black_box(x[0] + x[1]);
    debug::exit(if y.is_finite() {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {
        cortex_m::asm::wfi();
    }
}
