//! What the CPU can run, for the kernels that pick an instruction set at run time, and the rule
//! every such instantiation follows. Callers do not ask these queries themselves: they go through
//! [`if_cpu_has!`](super::if_cpu_has), the crate's one run-time choice.
//!
//! Each query is `true` at compile time when the build targets the extension
//! (`-C target-cpu=…`), else asked of the CPU with `std` (`is_x86_feature_detected!`: checked
//! once, then a cached load). Without `std` and without the target feature the queries do not
//! exist, and the callers compile only their baseline code.
//!
//! # The instantiations these choose
//!
//! Every kernel chosen with these queries has one shape: a `#[target_feature]` function whose
//! body calls an `#[inline(always)]` generic body (the kernels' `*_avx2`, `sgd_update_avx2`,
//! the activations' `map_*_avx2`, the optimizers' `go_avx2`, math's `sigmoid_narrow_fma*`). The
//! body is compiled for the extension only where it is inlined into that function, so
//! everything it runs must be inlined too, whatever the build profile:
//! - every function it calls is `#[inline(always)]` (`#[inline]` leaves the choice to LLVM);
//! - no closures: a closure gets the target features of the function that *defines* it, not of
//!   the one it is inlined into, so a closure in the generic body is baseline code wherever LLVM
//!   does not inline it. In gemm that made every `_mm256_fmadd_ps` an out-of-line call under
//!   `codegen-units = 1`, and the batched forward pass 70× slower (issue 17, `BENCHMARKS.md`).
//!   Write the loop out, or use a nested `#[inline(always)]` fn.
//!
//! (`#[inline(always)]` on the `#[target_feature]` function itself is not allowed on Rust 1.95.)
//! `tools/bench/bench_profiles.sh` builds a dependent crate under four profiles and fails if any
//! build calls a SIMD intrinsic out of line.

/// Whether this CPU runs the AVX2 + FMA instantiation: always when the build targets them
/// (`-C target-cpu=…`), else asked of the CPU (with `std`; checked once, then a cached load).
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
#[inline]
pub(crate) fn use_avx2_fma() -> bool {
    #[cfg(all(target_feature = "avx2", target_feature = "fma"))]
    {
        true
    }
    #[cfg(not(all(target_feature = "avx2", target_feature = "fma")))]
    {
        std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
    }
}

/// Whether this CPU runs AVX2 code (without FMA): always when the build targets AVX2, else
/// asked of the CPU (with `std`; checked once, then a cached load).
#[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2")))]
#[inline]
pub(crate) fn use_avx2() -> bool {
    #[cfg(target_feature = "avx2")]
    {
        true
    }
    #[cfg(not(target_feature = "avx2"))]
    {
        std::is_x86_feature_detected!("avx2")
    }
}

/// Whether this CPU has FMA (with `std`, asked once, then a cached load).
#[cfg(all(target_arch = "x86_64", feature = "std", not(target_feature = "fma")))]
#[inline]
pub(crate) fn use_fma() -> bool {
    std::is_x86_feature_detected!("fma")
}

/// Whether this CPU runs the AVX-512 F instantiation (the batched products' larger tiles):
/// always when the build targets AVX-512 F, else asked of the CPU (with `std`; checked once,
/// then a cached load). AVX-512 F implies AVX2 and FMA.
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", target_feature = "avx512f")
))]
#[inline]
pub(crate) fn use_avx512f() -> bool {
    #[cfg(target_feature = "avx512f")]
    {
        true
    }
    #[cfg(not(target_feature = "avx512f"))]
    {
        std::is_x86_feature_detected!("avx512f")
    }
}
