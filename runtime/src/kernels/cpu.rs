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
        cache::cached(cache::AVX2 | cache::FMA)
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
        cache::cached(cache::AVX2)
    }
}

/// The cached CPU byte: it exists wherever some query is not answered at compile time (a build
/// for AVX-512 F, which implies AVX2 and FMA, answers all three).
#[cfg(all(
    target_arch = "x86_64",
    feature = "std",
    not(all(
        target_feature = "avx2",
        target_feature = "fma",
        target_feature = "avx512f"
    ))
))]
mod cache {
    /// What [`cached`] knows of the CPU: [`KNOWN`] once asked, then [`AVX2`], [`FMA`] and
    /// [`AVX512F`] where it has them.
    pub(super) static CPU: core::sync::atomic::AtomicU8 = core::sync::atomic::AtomicU8::new(0);
    pub(super) const KNOWN: u8 = 1;
    pub(super) const AVX2: u8 = 2;
    pub(super) const FMA: u8 = 4;
    pub(super) const AVX512F: u8 = 8;

    /// Whether the CPU has every extension of `want` ([`AVX2`], [`FMA`], [`AVX512F`]): one load
    /// and one test once known. `is_x86_feature_detected!` costs about five instructions per
    /// extension (its cache word is tested for "not yet asked" each time), and a network's
    /// `forward` in the default build asks once per layer and per activation: 16 → 32 → 32 → 4
    /// spent about 60 of its 829 instructions there.
    #[inline(always)]
    pub(super) fn cached(want: u8) -> bool {
        let mut has = CPU.load(core::sync::atomic::Ordering::Relaxed);
        if has == 0 {
            has = ask();
        }
        has & want == want
    }

    /// Asks the CPU once and stores the answer for [`cached`] (racing threads store the same).
    #[cold]
    #[inline(never)]
    pub(super) fn ask() -> u8 {
        let mut has = KNOWN;
        if std::is_x86_feature_detected!("avx2") {
            has |= AVX2;
        }
        if std::is_x86_feature_detected!("fma") {
            has |= FMA;
        }
        if std::is_x86_feature_detected!("avx512f") {
            has |= AVX512F;
        }
        CPU.store(has, core::sync::atomic::Ordering::Relaxed);
        has
    }
}

/// Whether this CPU has FMA (with `std`, asked once, then the cached byte of [`cache::cached`]).
#[cfg(all(target_arch = "x86_64", feature = "std", not(target_feature = "fma")))]
#[inline]
pub(crate) fn use_fma() -> bool {
    cache::cached(cache::FMA)
}

/// Whether this CPU runs the AVX-512 F instantiation (the batched products' larger tiles):
/// always when the build targets AVX-512 F, else asked of the CPU (with `std`; checked once,
/// then the same cached byte as [`use_avx2_fma`]: one load, where `is_x86_feature_detected!`
/// tested its own cache word on every call of a generated `forward`). AVX-512 F implies AVX2
/// and FMA.
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
        cache::cached(cache::AVX512F)
    }
}

#[cfg(all(test, target_arch = "x86_64", feature = "std"))]
mod tests {
    /// The cached answers are `is_x86_feature_detected!`'s, asked first and once known.
    #[test]
    fn cached_queries_agree_with_std() {
        let avx2 = std::is_x86_feature_detected!("avx2");
        let fma = std::is_x86_feature_detected!("fma");
        for _ in 0..2 {
            assert_eq!(super::use_avx2(), avx2);
            assert_eq!(super::use_avx2_fma(), avx2 && fma);
            assert_eq!(
                super::use_avx512f(),
                std::is_x86_feature_detected!("avx512f")
            );
            #[cfg(not(target_feature = "fma"))]
            assert_eq!(super::use_fma(), fma);
        }
    }

    /// The byte [`ask`](super::cache::ask) stores has one bit per extension, each `is_x86_feature_detected!`'s
    /// answer (on a CPU with all three, the queries above cannot tell the bits apart).
    #[cfg(not(all(
        target_feature = "avx2",
        target_feature = "fma",
        target_feature = "avx512f"
    )))]
    #[test]
    fn the_cached_byte_has_one_bit_per_extension() {
        use super::cache::{AVX2, AVX512F, CPU, FMA, KNOWN, ask};
        let has = ask();
        assert_eq!(CPU.load(core::sync::atomic::Ordering::Relaxed), has);
        for (bit, detected) in [
            (KNOWN, true),
            (AVX2, std::is_x86_feature_detected!("avx2")),
            (FMA, std::is_x86_feature_detected!("fma")),
            (AVX512F, std::is_x86_feature_detected!("avx512f")),
        ] {
            assert_eq!(has & bit != 0, detected, "bit {bit:#04x}");
        }
        assert_eq!(has & !(KNOWN | AVX2 | FMA | AVX512F), 0);
    }
}
