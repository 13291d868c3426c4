//! The matrix products of batched training, as register-blocked kernels on column-major blocks.
//!
//! Two shapes cover every product a dense layer needs over a batch (one sample per column):
//! - [`gemm_tn`], C = Aᵀ·B with A and B both contiguous along the summed dimension: the forward
//!   pass Z = Wᵀ·X (W is stored in × out, so each neuron's weights are one contiguous column, and
//!   so is each sample). A tile of MR × NR dot products is accumulated in SIMD lanes along the
//!   summed dimension and reduced at the end; nothing is packed.
//! - [`gemm_nx`], C (+)= A·B with A contiguous along the rows of C and B read one scalar at a
//!   time at any strides: the input gradient W·δ (B = δ) and the weight gradient X·δᵀ (B = δᵀ,
//!   a strided view of δ). A tile of (MV·L) × NR outer products; nothing is packed either.
//!
//! Neither kernel allocates: the operands are used in the layout the layers already have, which
//! is what lets the batched methods run without a heap.
//!
//! # Instruction sets
//! The kernels are written once, on a small SIMD trait (load, broadcast, multiply-add, lane
//! sum), and instantiated for the build's baseline (SSE2 registers on x86-64, one lane elsewhere,
//! e.g. on a Cortex-M) and, on x86-64, for AVX2 with FMA: chosen at run time by
//! `is_x86_feature_detected!` with `std`, or always when the build targets AVX2 and FMA
//! (`-C target-cpu=…`, also without `std`). Only the FMA code fuses multiply and add, so results
//! differ between the two in the last bits; both sum each dot product lane by lane, then across
//! the lanes, then the tail (not in the one-sample code's order), which the tests bound.
//!
//! # Files
//! - `simd.rs`: the SIMD trait the kernels are written on, and its one-lane implementation;
//!   `sse2.rs` and `avx2.rs`: the registers of those instruction sets.
//! - `gemm.rs`: the matrix-matrix products of the batched methods ([`gemm_tn`], [`gemm_nx`]).
//! - `gemv.rs`: the matrix-vector products of one sample (`gemv_tn`, [`gemv_n`]).
//! - `fixed.rs`: compile-time-sized one-sample products in AVX2 + FMA, for the dense layers
//!   (through [`affine_fixed`]) and the sequence layers' fused steps.
//! - `affine.rs`: a dense layer's one-sample z = Wᵀx (+ b) ([`affine_fixed`],
//!   [`affine_kernel`], [`gemv`]).
//! - `rank1.rs`: the rank-one weight update of the one-sample step and gradient ([`rank1`]).
//! - `sgd.rs`: the all-or-nothing plain gradient step ([`sgd_update`]).
//! - `cpu.rs`: what the CPU can run, and the rule every run-time instantiation follows.
//! - this file: [`if_cpu_has!`], the one run-time choice of an instruction set (for the whole
//!   crate), and [`dispatch_avx2!`], its form for the kernels written on [`simd::Simd`].

/// Whether `T` is `U` (then a pointer cast between them changes nothing).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn same<T: 'static, U: 'static>() -> bool {
    core::any::TypeId::of::<T>() == core::any::TypeId::of::<U>()
}

/// The one run-time choice of an instruction-set instantiation, used by every kernel, the
/// activations' maps, the optimizers' step engine and `math`'s FMA sigmoid:
/// `if_cpu_has!(isa [&& cond], { … })` runs the block (which returns the instantiation's result
/// from the enclosing function, with its own `SAFETY` comment) where `cond` holds and the CPU
/// has `isa`, and otherwise falls through to the caller's portable code. `cond` is evaluated
/// first, so a constant or a length test decides before the CPU is asked. `isa` is one of
/// - `avx2`: AVX2 (the optimizers, the SGD step, the activations' maps, the rank-one update);
/// - `avx2_fma`: AVX2 and FMA (the matrix products);
/// - `fma`: FMA, in a build whose baseline lacks it (`math`'s sigmoid table);
/// - `avx512f`: AVX-512 F (the batched products' larger tiles).
///
/// Expands to nothing where that instantiation does not exist: not x86-64, or no `std` (to ask
/// the CPU) and no build for the extension (where [`cpu`]'s query is `true` at compile time;
/// for `fma`, a build for FMA uses its baseline code, which then has FMA). The
/// `#[target_feature]` functions it calls carry the same `cfg`, and every body they reach
/// must be inlined (no closures; see [`cpu`]).
macro_rules! if_cpu_has {
    (avx2 $(&& $cond:expr)?, $then:block) => {
        #[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2")))]
        if $($cond &&)? $crate::kernels::cpu::use_avx2() $then
    };
    (avx2_fma $(&& $cond:expr)?, $then:block) => {
        #[cfg(all(
            target_arch = "x86_64",
            any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
        ))]
        if $($cond &&)? $crate::kernels::cpu::use_avx2_fma() $then
    };
    (fma $(&& $cond:expr)?, $then:block) => {
        #[cfg(all(target_arch = "x86_64", feature = "std", not(target_feature = "fma")))]
        if $($cond &&)? $crate::kernels::cpu::use_fma() $then
    };
    (avx512f $(&& $cond:expr)?, $then:block) => {
        #[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx512f")))]
        if $($cond &&)? $crate::kernels::cpu::use_avx512f() $then
    };
}
pub(crate) use if_cpu_has;

/// [`if_cpu_has!`] for the kernels written on [`simd::Simd`]: where the CPU has `$isa` (`avx2`
/// or `avx2_fma`) and `$t` is `f32` or `f64`, runs `$run` with `$v` naming the AVX2 register
/// of `$t`'s lanes ([`avx2::F32x8`] or [`avx2::F64x4`]), then returns `$ret` (or nothing) from
/// the enclosing function; otherwise does nothing, and the caller goes on to its portable code.
/// Expands to nothing where the AVX2 registers do not exist (not x86-64, or neither `std` nor
/// AVX2 + FMA at compile time).
macro_rules! dispatch_avx2 {
    ($isa:ident, $t:ty, |$v:ident| $run:block $(, $ret:expr)?) => {
        #[cfg(all(
            target_arch = "x86_64",
            any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
        ))]
        {
            $crate::kernels::if_cpu_has!($isa, {
                if same::<$t, f32>() {
                    type $v = avx2::F32x8;
                    $run;
                    return $($ret)?;
                }
                if same::<$t, f64>() {
                    type $v = avx2::F64x4;
                    $run;
                    return $($ret)?;
                }
            });
        }
    };
}

/// [`dispatch_avx2!`] for AVX-512 F: where the CPU has it (asked once with `std`, or known at
/// compile time in a build for it) and `$t` is `f32` or `f64`, runs `$run` with `$v` naming
/// the AVX-512 register of `$t`'s lanes ([`avx512::F32x16`] or [`avx512::F64x8`]) and returns
/// its value from the enclosing function; otherwise does nothing, and the caller goes on to its
/// AVX2 and portable code.
macro_rules! dispatch_avx512 {
    ($t:ty, |$v:ident| $run:block) => {
        #[cfg(all(
            target_arch = "x86_64",
            any(feature = "std", target_feature = "avx512f")
        ))]
        {
            $crate::kernels::if_cpu_has!(avx512f, {
                if same::<$t, f32>() {
                    type $v = avx512::F32x16;
                    return $run;
                }
                if same::<$t, f64>() {
                    type $v = avx512::F64x8;
                    return $run;
                }
            });
        }
    };
}

mod affine;
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
mod avx2;
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", target_feature = "avx512f")
))]
mod avx512;
pub(crate) mod cpu;
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
pub(crate) mod fixed;
mod gemm;
mod gemv;
mod rank1;
mod sgd;
mod simd;
#[cfg(target_arch = "x86_64")]
mod sse2;
#[cfg(test)]
mod tests;

#[cfg(target_arch = "x86_64")]
pub(crate) use affine::affine_unrolled_avx2;
pub(crate) use affine::{
    GEMV_MIN_WEIGHTS, LANES, affine_fixed, affine_fixed_isa, affine_kernel, affine_unrolled, gemv,
    mul_add, sum_lanes,
};
pub(crate) use gemm::{gemm_nx, gemm_tn};
pub(crate) use gemv::gemv_n;
pub(crate) use rank1::rank1;
pub use sgd::sgd_update;
