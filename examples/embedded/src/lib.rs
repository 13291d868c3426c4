//! typenet on a microcontroller: two networks whose trained weights are `static`s in flash
//! (`src/weights.rs`, written by the host program `examples/07-embedded.rs` with
//! `typenet::export::write_rust`), evaluated and trained without `std`, a heap or atomics.
//!
//! - [`nets`]: the network types.
//! - [`weights`]: the baked weights (generated; do not edit).
//! - [`digits`]: the 8×8 digits network in `f32` and as its int8 twin (issue 21; generated).
//! - [`report`]: everything the firmware computes and prints, shared with the host check.
//!
//! The firmware (`src/main.rs`) runs on QEMU's MPS2 AN386 (Cortex-M4F); this library also
//! builds for `thumbv6m-none-eabi` (Cortex-M0+). See `README.md` beside `Cargo.toml`.
#![no_std]
#![deny(missing_docs)]

// Generated (as `write_rust` writes them): not for rustfmt.
#[rustfmt::skip]
pub mod digits;
pub mod nets;
pub mod report;
// Generated (six values a line, as `write_rust` writes them): not for rustfmt.
#[rustfmt::skip]
pub mod weights;
