//! The smallest firmware that steps the baked GRU network (`1 => GRU(8) => Dense(1)`) from
//! flash: what a streaming GRU costs in flash and RAM (`BENCHMARKS.md`, against
//! `size-baseline`). Two steps, so the state is carried once.
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use cortex_m_semihosting::debug;
use panic_semihosting as _;
use typenet::prelude::*;
use typenet_embedded::nets::GruState;
use typenet_embedded::weights::GRU;

#[entry]
fn main() -> ! {
    let mut state = GruState::<f32>::zeros();
    let a = black_box(GRU.step(&mut state, &Vector1::new(black_box(0.5f32)))[0]);
    let b = black_box(GRU.step(&mut state, &Vector1::new(black_box(-0.25f32)))[0]);
    debug::exit(if a.is_finite() && b.is_finite() {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {
        cortex_m::asm::wfi();
    }
}
