//! The firmware: evaluates the baked XOR and seed networks from flash, steps the baked GRU
//! network through a sequence, trains on the device,
//! prints every result through semihosting, measures the stack each pass uses by painting it,
//! and exits QEMU with status 0 (or 1 on any failure).
#![no_std]
#![no_main]

use core::fmt::Write;
use core::hint::black_box;
use core::ptr::{addr_of, read_volatile, write_volatile};

use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hio};
use panic_semihosting as _;
use typenet::prelude::*;
use typenet_embedded::nets::GruState;
use typenet_embedded::report;
use typenet_embedded::weights::{GRU, SEED, XOR};

/// How far below the caller's stack pointer the stack is painted before a measured call.
const PAINT_BYTES: usize = 4 * 1024;
/// The paint: a word a computation is unlikely to leave behind.
const PAINT: u32 = 0xA5C3_5A3C;

// Symbols of cortex-m-rt's `link.x`; only their addresses are used.
unsafe extern "C" {
    /// The end of the static RAM (`.data`, `.bss`, `.uninit`): the lowest address the stack may
    /// reach.
    static _stack_end: u32;
    /// Start of `.rodata`, in flash.
    static __srodata: u32;
    /// End of `.rodata`.
    static __erodata: u32;
}

/// The target this firmware was built for (set by `build.rs`).
const TARGET: &str = env!("FIRMWARE_TARGET");

/// The stack `f` uses, in bytes: paints `PAINT_BYTES` below the current stack pointer, calls
/// `f` (through a `dyn` pointer, so it cannot be inlined into this frame), then finds the lowest
/// word that no longer holds the paint. Includes `f`'s own frame and everything it calls.
#[inline(never)]
fn stack_used(f: &mut dyn FnMut()) -> usize {
    let sp: usize;
    // SAFETY: reads the stack pointer, nothing else.
    unsafe { core::arch::asm!("mov {}, sp", out(reg) sp) };
    let bottom = sp - PAINT_BYTES;
    // Only the linker symbol's address is taken (no read): safe.
    assert!(
        bottom >= addr_of!(_stack_end) as usize,
        "paint would reach static RAM"
    );
    let mut p = bottom;
    while p < sp {
        // SAFETY: [bottom, sp) is free stack, above .bss (checked) and below every live frame.
        unsafe { write_volatile(p as *mut u32, PAINT) };
        p += 4;
    }
    f();
    let mut p = bottom;
    // SAFETY: the same region, read back.
    while p < sp && unsafe { read_volatile(p as *const u32) } == PAINT {
        p += 4;
    }
    sp - p
}

fn run(out: &mut impl Write) -> core::fmt::Result {
    writeln!(out, "# typenet on {TARGET}: weights in flash")?;
    report::report(out)?;

    // Where the weights are: the statics lie in `.rodata`, in flash, not in RAM.
    let rodata = addr_of!(__srodata) as usize..addr_of!(__erodata) as usize;
    let xor_at = addr_of!(XOR) as usize;
    let seed_at = addr_of!(SEED) as usize;
    let gru_at = addr_of!(GRU) as usize;
    writeln!(
        out,
        "# XOR weights at {xor_at:#010x}, seed weights at {seed_at:#010x}, GRU weights at {gru_at:#010x}; .rodata (flash) is {:#010x}..{:#010x}",
        rodata.start, rodata.end
    )?;
    if !rodata.contains(&xor_at) || !rodata.contains(&seed_at) || !rodata.contains(&gru_at) {
        writeln!(out, "# FAIL: the weights are not in flash")?;
        return Err(core::fmt::Error);
    }

    // The measurement measures: a call that touches a 1024-byte local must read at least that.
    let probe = stack_used(&mut || {
        let mut buf = [0u8; 1024];
        black_box(&mut buf);
    });
    writeln!(
        out,
        "# stack self-test: a 1024-byte local measured as {probe} bytes"
    )?;
    if !(1024..=1024 + 256).contains(&probe) {
        writeln!(
            out,
            "# FAIL: stack painting does not measure what a call uses"
        )?;
        return Err(core::fmt::Error);
    }

    let x = Vector2::new(1.0f32, 0.0);
    let forward = stack_used(&mut || {
        black_box(report::xor_forward(black_box(&x)));
    });
    writeln!(out, "# stack xor.forward: {forward} bytes")?;
    let xs = Vector2::from(report::SEED_X);
    let ts = Vector2::from(report::SEED_T);
    let forward = stack_used(&mut || {
        black_box(report::seed_forward(black_box(&xs)));
    });
    writeln!(out, "# stack seed.forward: {forward} bytes")?;
    let forward = stack_used(&mut || {
        black_box(report::digits_int8_forward(black_box(&report::DIGITS_X[0])));
    });
    writeln!(out, "# stack digits_int8.forward: {forward} bytes")?;
    let mut state = GruState::<f32>::zeros();
    let step = stack_used(&mut || {
        black_box(report::gru_step(black_box(&mut state), black_box(0.5)));
    });
    writeln!(out, "# stack gru.step: {step} bytes")?;
    let mut seed = SEED.clone();
    let step = stack_used(&mut || {
        let _ = black_box(report::seed_train_step(
            black_box(&mut seed),
            &xs,
            &ts,
            report::SEED_LR,
        ));
    });
    writeln!(out, "# stack seed.train_step: {step} bytes")?;
    let mut xor = XOR.clone();
    let mut adam = report::xor_adam().map_err(|_| core::fmt::Error)?;
    let step = stack_used(&mut || {
        let _ = black_box(report::xor_adam_step(black_box(&mut xor), &mut adam));
    });
    writeln!(
        out,
        "# stack xor.adam_step (backward over 4 samples + Adam): {step} bytes"
    )?;
    Ok(())
}

#[entry]
fn main() -> ! {
    let status = match hio::hstdout() {
        Ok(mut out) => match run(&mut out) {
            Ok(()) => debug::EXIT_SUCCESS,
            Err(_) => debug::EXIT_FAILURE,
        },
        Err(()) => debug::EXIT_FAILURE,
    };
    debug::exit(status);
    loop {
        cortex_m::asm::wfi();
    }
}
