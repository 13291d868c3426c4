//! Instructions per 8 lanes of the `f32` activation maths in vector code: `math::f32::{exp,
//! tanh, sigmoid}` mapped over an array of 4096 values, in an instantiation compiled for AVX2
//! (`avx2`: no FMA, so `a * b + c` stays two instructions), the same unfused functions compiled
//! for AVX2 + FMA (`avx2fma`: the same code, since Rust never fuses by itself), and their fused
//! flavour `math::f32::fused::*` compiled for AVX2 + FMA (`fused`: what the recurrent cells'
//! AVX2 + FMA steps and the activation maps' AVX2 + FMA copy run).
//!
//! Counted by callgrind (`tools/accuracy/instructions.sh`, one command): each case runs A and B
//! times and (I_B − I_A) / ((B − A)·4096/8) is the cost per 8-lane vector, setup cancelled.
//!
//! ```text
//! map_cost <exp|tanh|sigmoid> <avx2|avx2fma|fused> <iterations>
//! ```

use std::hint::black_box;

use typenet_runtime::math;

const N: usize = 4096;

macro_rules! maps {
    ($($name:ident, $feat:literal, $f:path;)*) => {$(
        /// The map, compiled for the named features.
        ///
        /// # Safety
        /// The CPU has them.
        #[target_feature(enable = $feat)]
        unsafe fn $name(x: &[f32; N], y: &mut [f32; N]) {
            for (y, x) in y.iter_mut().zip(x) {
                *y = $f(*x);
            }
        }
    )*};
}

maps! {
    exp_avx2, "avx2", math::f32::unfused::exp;
    tanh_avx2, "avx2", math::f32::unfused::tanh;
    sigmoid_avx2, "avx2", math::f32::unfused::sigmoid;
    exp_fma, "avx2,fma", math::f32::unfused::exp;
    tanh_fma, "avx2,fma", math::f32::unfused::tanh;
    sigmoid_fma, "avx2,fma", math::f32::unfused::sigmoid;
    exp_fused, "avx2,fma", math::f32::fused::exp;
    tanh_fused, "avx2,fma", math::f32::fused::tanh;
    sigmoid_fused, "avx2,fma", math::f32::fused::sigmoid;
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    assert!(
        std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma"),
        "this CPU has no AVX2 + FMA"
    );
    let iters: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let map: unsafe fn(&[f32; N], &mut [f32; N]) = match (args[0].as_str(), args[1].as_str()) {
        ("exp", "avx2") => exp_avx2,
        ("tanh", "avx2") => tanh_avx2,
        ("sigmoid", "avx2") => sigmoid_avx2,
        ("exp", "avx2fma") => exp_fma,
        ("tanh", "avx2fma") => tanh_fma,
        ("sigmoid", "avx2fma") => sigmoid_fma,
        ("exp", "fused") => exp_fused,
        ("tanh", "fused") => tanh_fused,
        ("sigmoid", "fused") => sigmoid_fused,
        other => panic!("expected <exp|tanh|sigmoid> <avx2|avx2fma|fused>, found {other:?}"),
    };
    // Inputs over the range where the functions are not saturated, and some beyond.
    let mut x = [0f32; N];
    for (i, v) in x.iter_mut().enumerate() {
        *v = (i as f32 - N as f32 / 2.0) * (24.0 / N as f32);
    }
    let mut y = [0f32; N];
    let mut acc = 0.0f32;
    for _ in 0..iters {
        // SAFETY: the CPU has AVX2 and FMA (asserted above).
        unsafe { map(black_box(&x), &mut y) };
        acc += black_box(&y)[17];
    }
    println!("{acc}");
}
