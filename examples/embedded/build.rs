//! Puts the memory layout where the linker (through cortex-m-rt's `link.x`) finds it, as
//! `memory.x`: QEMU's MPS2 AN386 for the Cortex-M4F build, the micro:bit for the Cortex-M0 one.
//! (Neither file is called `memory.x` itself: the linker would find that one in the package
//! directory first, whatever the target.)

use std::{env, fs, path::PathBuf};

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap());
    let target = env::var("TARGET").unwrap();
    println!("cargo:rustc-env=FIRMWARE_TARGET={target}");
    let layout = match target.as_str() {
        "thumbv6m-none-eabi" => "memory-microbit.x",
        _ => "memory-an386.x",
    };
    fs::copy(layout, out.join("memory.x")).unwrap();
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory-an386.x");
    println!("cargo:rerun-if-changed=memory-microbit.x");
    println!("cargo:rerun-if-changed=build.rs");
}
