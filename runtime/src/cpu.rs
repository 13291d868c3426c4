//! What the CPU can run, for the kernels that pick an instruction set at run time.
//!
//! Each query is `true` at compile time when the build targets the extension
//! (`-C target-cpu=…`), else asked of the CPU with `std` (`is_x86_feature_detected!`: checked
//! once, then a cached load). Without `std` and without the target feature the queries do not
//! exist, and the callers compile only their baseline code.

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
