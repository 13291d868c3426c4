//! The gated recurrent unit, [`Gru`], with PyTorch's `nn.GRU` equations, gate order and memory
//! layout: its storage, its streaming step, the traced step and one step of backpropagation
//! through time, with its state ([`GruState`]), per-step trace ([`GruTrace`]) and backward carry
//! ([`GruCarry`]).

use nalgebra::{SMatrix, SVector};
use rand_core::Rng;

use super::dense::{accumulate_outer, input_gradient};
use super::sequence::{ReadOrder, affine, cell_block, set_block, sigmoid_back, tanh_back};
use crate::{Flat, Scalar, TensorInfo};

/// A GRU layer of H units on I inputs: PyTorch's `nn.GRU` (one layer, one direction, batch of
/// one), stepped one sample at a time. G = 3H (a const parameter only because stable Rust cannot
/// write `3 * H` in a type; the step and backward methods check it at compile time).
///
/// With gates in PyTorch's order r (reset), z (update), n (new), input xₜ and state h = hₜ₋₁:
///
/// - r = σ(W_ir xₜ + b_ir + W_hr h + b_hr)
/// - z = σ(W_iz xₜ + b_iz + W_hz h + b_hz)
/// - n = tanh(W_in xₜ + b_in + r ⊙ (W_hn h + b_hn))
/// - hₜ = (1 − z) ⊙ n + z ⊙ h, which is also the output yₜ.
///
/// # Storage
/// `#[repr(C)]`, PyTorch's `state_dict` order and memory: `weight_ih` is I × G column-major,
/// that is PyTorch's `weight_ih_l0` (G × I row-major, rows W_ir, W_iz, W_in); likewise
/// `weight_hh` (`weight_hh_l0`, G × H), then `bias_ih` and `bias_hh` (G each). A PyTorch
/// state dict's four tensors, copied one after another, are the layer's [`Flat`] values.
///
/// | tensor | PyTorch name | shape | offset |
/// |---|---|---|---|
/// | `weight_ih` | `weight_ih_l{k}` | `[3H, I]` | 0 |
/// | `weight_hh` | `weight_hh_l{k}` | `[3H, H]` | 3H·I |
/// | `bias_ih` | `bias_ih_l{k}` | `[3H]` | 3H·(I + H) |
/// | `bias_hh` | `bias_hh_l{k}` | `[3H]` | 3H·(I + H + 1) |
#[repr(C)]
#[derive(Clone, Debug, PartialEq)]
pub struct Gru<T, const I: usize, const H: usize, const G: usize> {
    /// W_ih (I × 3H); column j is PyTorch's row j: W_ir, then W_iz, then W_in.
    pub weight_ih: SMatrix<T, I, G>,
    /// W_hh (H × 3H); column j is PyTorch's row j: W_hr, then W_hz, then W_hn.
    pub weight_hh: SMatrix<T, H, G>,
    /// b_ih: b_ir, b_iz, b_in.
    pub bias_ih: SVector<T, G>,
    /// b_hh: b_hr, b_hz, b_hn.
    pub bias_hh: SVector<T, G>,
}

// SAFETY: `#[repr(C)]` of four nalgebra arrays of `T` (each `#[repr(C)]` around `[[T; R]; C]`),
// all with the alignment of `T`, so no padding: exactly I·G + H·G + 2G values.
unsafe impl<T: Scalar, const I: usize, const H: usize, const G: usize> Flat<T> for Gru<T, I, H, G> {
    const LEN: usize = I * G + H * G + 2 * G;
}

/// A [`Gru`]'s state between steps: the hidden state h (zero at the start of a sequence, as
/// PyTorch's default h₀).
///
/// It also remembers which way the next step reads W_hh (see [`Gru::step`]); that changes no
/// value and `==` compares h only.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GruState<T, const H: usize> {
    /// h = hₜ₋₁, the last output.
    pub h: SVector<T, H>,
    /// Which way the next fused step reads W_hh.
    pub(super) backward: ReadOrder,
}

impl<T: Scalar, const H: usize> GruState<T, H> {
    /// h = 0.
    pub fn zeros() -> Self {
        Self {
            h: SVector::zeros(),
            backward: ReadOrder::default(),
        }
    }
    /// Back to the start of a sequence: h = 0.
    pub fn reset(&mut self) {
        self.h.fill(T::zero());
        self.backward = ReadOrder::default();
    }
}

impl<T: Scalar, const H: usize> Default for GruState<T, H> {
    fn default() -> Self {
        Self::zeros()
    }
}

/// What [`Gru::backward_step`] needs of one step, written by [`Gru::step_traced`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GruTrace<T, const I: usize, const H: usize> {
    /// The input xₜ.
    pub x: SVector<T, I>,
    /// The state before the step, hₜ₋₁.
    pub h: SVector<T, H>,
    /// The reset gate r.
    pub r: SVector<T, H>,
    /// The update gate z.
    pub z: SVector<T, H>,
    /// The candidate n.
    pub n: SVector<T, H>,
    /// W_hn hₜ₋₁ + b_hn, which r multiplies.
    pub hn: SVector<T, H>,
}

impl<T: Scalar, const I: usize, const H: usize> GruTrace<T, I, H> {
    /// Every value zero (to fill a caller's trace buffer).
    pub fn zeros() -> Self {
        Self {
            x: SVector::zeros(),
            h: SVector::zeros(),
            r: SVector::zeros(),
            z: SVector::zeros(),
            n: SVector::zeros(),
            hn: SVector::zeros(),
        }
    }
}

impl<T: Scalar, const I: usize, const H: usize> Default for GruTrace<T, I, H> {
    fn default() -> Self {
        Self::zeros()
    }
}

/// What flows back from step t to step t − 1 in [`Gru::backward_step`]: ∂E/∂hₜ₋₁ through the
/// recurrence. Zero before the last step of a sequence (or of a truncated-BPTT chunk).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GruCarry<T, const H: usize> {
    /// ∂E/∂h of the state the next (earlier) step produced.
    pub dh: SVector<T, H>,
}

impl<T: Scalar, const H: usize> GruCarry<T, H> {
    /// Nothing flowing back yet.
    pub fn zeros() -> Self {
        Self {
            dh: SVector::zeros(),
        }
    }
    /// Nothing flowing back (the start of backpropagation, or of a truncated-BPTT chunk).
    pub fn reset(&mut self) {
        self.dh.fill(T::zero());
    }
}

impl<T: Scalar, const H: usize> Default for GruCarry<T, H> {
    fn default() -> Self {
        Self::zeros()
    }
}

/// The values of one step (what the trace keeps), and the new state.
#[derive(Clone, Copy)]
struct Gates<T, const H: usize> {
    r: SVector<T, H>,
    z: SVector<T, H>,
    n: SVector<T, H>,
    hn: SVector<T, H>,
    h: SVector<T, H>,
}

/// The element-wise part of a step for unit j, from W_ih x + b_ih (`gi`), W_hh h + b_hh (`gh`)
/// and h: its gates and output together. `FUSED`: σ and tanh in their fused flavour
/// ([`Scalar::act_sigmoid_fused`], for code compiled with FMA).
#[inline(always)]
fn unit<T: Scalar, const H: usize, const FUSED: bool>(
    gi: &[T],
    gh: &[T],
    h: &[T],
    out: &mut Gates<T, H>,
    j: usize,
) {
    use crate::scalar::{sigmoid_as, tanh_as};
    let r = sigmoid_as::<T, FUSED>(gi[j] + gh[j]);
    let z = sigmoid_as::<T, FUSED>(gi[H + j] + gh[H + j]);
    let hn = gh[2 * H + j];
    let n = tanh_as::<T, FUSED>(gi[2 * H + j] + r * hn);
    out.r[j] = r;
    out.z[j] = z;
    out.n[j] = n;
    out.hn[j] = hn;
    out.h[j] = (T::one() - z) * n + z * h[j];
}

/// The element-wise part of a step, from W_ih x + b_ih (`gi`), W_hh h + b_hh (`gh`) and h: [`unit`]
/// over the H units (the compiler vectorises it across units; separate passes per gate measured
/// slower at H = 8), in blocks of exactly 8 units ([`cell_block`]: 16 in builds for AVX-512 from 16
/// units), the last block overlapping the one before when 8 does not divide H (those units are
/// computed twice, to the same values: the outputs are not inputs); 4 to 7 units as one block on
/// zero-padded copies, under 4 one loop. So no unit is left to scalar code (issue 20).
#[inline(always)]
fn cell<T: Scalar, const H: usize, const G: usize>(
    gi: &SVector<T, G>,
    gh: &SVector<T, G>,
    h: &SVector<T, H>,
    out: &mut Gates<T, H>,
) {
    cell_with::<T, H, G, false>(gi, gh, h, out)
}

/// [`cell`] with σ and tanh in their fused flavour if `FUSED` (for code compiled with FMA).
#[inline(always)]
fn cell_with<T: Scalar, const H: usize, const G: usize, const FUSED: bool>(
    gi: &SVector<T, G>,
    gh: &SVector<T, G>,
    h: &SVector<T, H>,
    out: &mut Gates<T, H>,
) {
    let (gi, gh, h) = (gi.as_slice(), gh.as_slice(), h.as_slice());
    if H < 4 {
        for j in 0..H {
            unit::<T, H, FUSED>(gi, gh, h, out, j);
        }
        return;
    }
    if H < 8 {
        // NOTE: one block of 8 on copies padded with zeros (the padding's values are dropped).
        let (mut gi8, mut gh8, mut h8) = ([T::zero(); 24], [T::zero(); 24], [T::zero(); 8]);
        for k in 0..3 {
            gi8[8 * k..8 * k + H].copy_from_slice(&gi[k * H..(k + 1) * H]);
            gh8[8 * k..8 * k + H].copy_from_slice(&gh[k * H..(k + 1) * H]);
        }
        h8[..H].copy_from_slice(h);
        let mut o8 = Gates::<T, 8>::zeros();
        for j in 0..8 {
            unit::<T, 8, FUSED>(&gi8, &gh8, &h8, &mut o8, j);
        }
        for (to, from) in [
            (&mut out.r, &o8.r),
            (&mut out.z, &o8.z),
            (&mut out.n, &o8.n),
            (&mut out.hn, &o8.hn),
            (&mut out.h, &o8.h),
        ] {
            to.as_mut_slice().copy_from_slice(&from.as_slice()[..H]);
        }
        return;
    }
    let w = const { cell_block(H) };
    let mut s = 0;
    while s < H {
        let b = if s + w <= H { s } else { H - w };
        // NOTE: `0..w`, not `b..b + w`: a trip count LLVM knows, so one vector per value.
        // With `b..b + 8` it could not prove the count (b + 8 may wrap) and built a run-time
        // loop with a 16-lane body, an 8-lane remainder and scalar code in native builds
        // (AVX-512), which made LSTM(16) slower there than in `x86-64-v3` builds (issue 20).
        for k in 0..w {
            unit::<T, H, FUSED>(gi, gh, h, out, b + k);
        }
        s += w;
    }
}

/// [`cell`] compiled for AVX2 (8 `f32` lanes instead of SSE2's 4; no FMA, so the same bits).
///
/// # Safety
/// The CPU has AVX2.
#[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2")))]
#[target_feature(enable = "avx2")]
unsafe fn cell_avx2<T: Scalar, const H: usize, const G: usize>(
    gi: &SVector<T, G>,
    gh: &SVector<T, G>,
    h: &SVector<T, H>,
    out: &mut Gates<T, H>,
) {
    cell(gi, gh, h, out)
}

/// One `f32` step in AVX2 + FMA, fused (issue 20): W_ih xₜ + b_ih and W_hh h + b_hh by the
/// compile-time-sized products of `kernels::fixed` (unrolled dot products, eight gates' sums
/// reduced together, the bias added to the sums), then [`cell`] with σ and tanh in their fused
/// flavour ([`math::f32::fused`](crate::math::f32::fused), issue 20), writing the new state, and the
/// trace only where `TRACE` (the untraced step stores nothing else). The same instructions for
/// both, so [`Gru::step_traced`] is [`Gru::step`] bit for bit.
///
/// # Safety
/// The CPU has AVX2 and FMA; `trace` is valid for writes where `TRACE`.
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
#[target_feature(enable = "avx2,fma")]
unsafe fn step_avx2<const I: usize, const H: usize, const G: usize, const TRACE: bool>(
    l: &Gru<f32, I, H, G>,
    state: &mut GruState<f32, H>,
    x: &SVector<f32, I>,
    trace: *mut GruTrace<f32, I, H>,
) {
    use crate::kernels::fixed::gemv;
    // Every other step reads W_hh backwards where it is larger than half of L1 (`ReadOrder`);
    // the values are the same either way.
    let backward = state.backward.next::<H, G>();
    let mut gi = core::mem::MaybeUninit::<SVector<f32, G>>::uninit();
    let mut gh = core::mem::MaybeUninit::<SVector<f32, G>>::uninit();
    // SAFETY: the CPU has AVX2 and FMA (the caller's contract); the blocks have the sizes
    // `gemv` reads (I × G, H × G, I, H, G) and writes (G), the outputs are distinct locals, and
    // `gemv` writes every one of their G values before `assume_init`.
    let (gi, gh) = unsafe {
        gemv::<I, G>(
            l.weight_ih.as_ptr(),
            x.as_ptr(),
            Some(l.bias_ih.as_ptr()),
            gi.as_mut_ptr().cast(),
        );
        crate::kernels::fixed::gemv_dir::<H, G>(
            l.weight_hh.as_ptr(),
            state.h.as_ptr(),
            Some(l.bias_hh.as_ptr()),
            gh.as_mut_ptr().cast(),
            backward,
        );
        (gi.assume_init(), gh.assume_init())
    };
    let mut out = Gates::zeros();
    // σ and tanh fused: this function is compiled with FMA.
    cell_with::<f32, H, G, true>(&gi, &gh, &state.h, &mut out);
    if TRACE {
        // SAFETY: valid for writes where `TRACE` (the caller's contract).
        unsafe {
            *trace = GruTrace {
                x: *x,
                h: state.h,
                r: out.r,
                z: out.z,
                n: out.n,
                hn: out.hn,
            }
        };
    }
    state.h = out.h;
}

impl<T: Scalar, const H: usize> Gates<T, H> {
    /// Every value zero.
    #[inline(always)]
    fn zeros() -> Self {
        let z = SVector::zeros();
        Self {
            r: z,
            z,
            n: z,
            hn: z,
            h: z,
        }
    }

    /// The step's values: [`cell`] in its AVX2 instantiation from 4 units where the CPU has
    /// AVX2.
    #[inline(always)]
    fn new<const G: usize>(gi: &SVector<T, G>, gh: &SVector<T, G>, h: &SVector<T, H>) -> Self {
        let z = SVector::zeros();
        let mut out = Self {
            r: z,
            z,
            n: z,
            hn: z,
            h: z,
        };
        crate::kernels::if_cpu_has!(avx2 && H >= 4, {
            // SAFETY: the CPU has AVX2 (asked above).
            unsafe { cell_avx2(gi, gh, h, &mut out) };
            return out;
        });
        cell(gi, gh, h, &mut out);
        out
    }
}

impl<T: Scalar, const I: usize, const H: usize, const G: usize> Gru<T, I, H, G> {
    /// The tensors in `state_dict` order: suffix (PyTorch's module adds `_l0`, `_l1`, …),
    /// shape and offset into the layer's [`Flat`] values.
    pub const TENSORS: [TensorInfo; 4] = [
        TensorInfo {
            name: "weight_ih",
            shape: &[G, I],
            offset: 0,
        },
        TensorInfo {
            name: "weight_hh",
            shape: &[G, H],
            offset: G * I,
        },
        TensorInfo {
            name: "bias_ih",
            shape: &[G],
            offset: G * (I + H),
        },
        TensorInfo {
            name: "bias_hh",
            shape: &[G],
            offset: G * (I + H + 1),
        },
    ];

    /// Number of parameters, 3H·(I + H + 2).
    pub const PARAMS: usize = G * (I + H + 2);

    #[inline(always)]
    fn gates(&self, h: &SVector<T, H>, x: &SVector<T, I>) -> Gates<T, H> {
        const { assert!(G == 3 * H, "a GRU's G must be 3·H") };
        let gi = affine(&self.weight_ih, x, Some(&self.bias_ih));
        let gh = affine(&self.weight_hh, h, Some(&self.bias_hh));
        Gates::new(&gi, &gh, h)
    }

    /// One step: hₜ from xₜ and the state's hₜ₋₁, which it replaces; returns hₜ. No allocation.
    /// In `f32` from 4 units, where the CPU has AVX2 and FMA, one fused AVX2 + FMA function on
    /// compile-time-sized products (issue 20; the products' sums in another order and σ and
    /// tanh with fused multiply-adds, so the last bits differ from the portable code). Where
    /// W_hh is larger than 16 KiB (from 37 units), that function reads W_hh's rows from the
    /// first to the last and from the last to the first in turns (the state remembers which),
    /// so each step starts on the rows the step before left in the L1 cache; the values do not
    /// depend on the direction.
    #[inline]
    pub fn step(&self, state: &mut GruState<T, H>, x: &SVector<T, I>) -> SVector<T, H> {
        crate::kernels::if_cpu_has!(
            avx2_fma && H >= 4 && crate::kernels::fixed::is_f32::<T>(),
            {
                // SAFETY: the CPU has AVX2 and FMA (asked above); `T` is `f32` (checked), so the
                // casts change nothing; no trace is written.
                unsafe {
                    step_avx2::<I, H, G, false>(
                        &*(self as *const Self).cast(),
                        &mut *(state as *mut GruState<T, H>).cast(),
                        &*(x as *const SVector<T, I>).cast(),
                        core::ptr::null_mut(),
                    )
                };
                return state.h;
            }
        );
        let g = self.gates(&state.h, x);
        state.h = g.h;
        g.h
    }

    /// [`step`](Gru::step) (the same values, bit for bit) that also writes what
    /// [`backward_step`](Gru::backward_step) needs into `trace`.
    #[inline]
    pub fn step_traced(
        &self,
        state: &mut GruState<T, H>,
        x: &SVector<T, I>,
        trace: &mut GruTrace<T, I, H>,
    ) -> SVector<T, H> {
        crate::kernels::if_cpu_has!(
            avx2_fma && H >= 4 && crate::kernels::fixed::is_f32::<T>(),
            {
                // SAFETY: the CPU has AVX2 and FMA (asked above); `T` is `f32` (checked), so the
                // casts change nothing; `trace` is a `&mut`.
                unsafe {
                    step_avx2::<I, H, G, true>(
                        &*(self as *const Self).cast(),
                        &mut *(state as *mut GruState<T, H>).cast(),
                        &*(x as *const SVector<T, I>).cast(),
                        (trace as *mut GruTrace<T, I, H>).cast(),
                    )
                };
                return state.h;
            }
        );
        let g = self.gates(&state.h, x);
        *trace = GruTrace {
            x: *x,
            h: state.h,
            r: g.r,
            z: g.z,
            n: g.n,
            hn: g.hn,
        };
        state.h = g.h;
        g.h
    }

    /// One step of backpropagation through time, for t = T − 1 down to 0: from the step's
    /// `trace`, ∂E/∂yₜ = `dy` from above and ∂E/∂hₜ through the recurrence in `carry`, adds
    /// this step's parameter gradients into `grads`, leaves ∂E/∂hₜ₋₁ in `carry` and returns
    /// ∂E/∂xₜ. With δh = `dy` + `carry.dh`:
    ///
    /// - δn = δh ⊙ (1 − z), δz = δh ⊙ (hₜ₋₁ − n), ∂E/∂hₜ₋₁ ∋ δh ⊙ z
    /// - δaₙ = δn ⊙ (1 − n²), δr = δaₙ ⊙ (W_hn hₜ₋₁ + b_hn)
    /// - δa_r = δr ⊙ r(1 − r), δa_z = δz ⊙ z(1 − z)
    /// - δgᵢ = (δa_r, δa_z, δaₙ), δgₕ = (δa_r, δa_z, r ⊙ δaₙ)
    /// - ∂E/∂W_ih += xₜ δgᵢᵀ, ∂E/∂b_ih += δgᵢ, ∂E/∂W_hh += hₜ₋₁ δgₕᵀ, ∂E/∂b_hh += δgₕ
    /// - ∂E/∂xₜ = W_ih δgᵢ, ∂E/∂hₜ₋₁ = δh ⊙ z + W_hh δgₕ.
    #[inline]
    pub fn backward_step(
        &self,
        trace: &GruTrace<T, I, H>,
        dy: &SVector<T, H>,
        carry: &mut GruCarry<T, H>,
        grads: &mut Self,
    ) -> SVector<T, I> {
        const { assert!(G == 3 * H, "a GRU's G must be 3·H") };
        let dh = dy + carry.dh;
        let (r, z, n) = (&trace.r, &trace.z, &trace.n);
        let dn = SVector::<T, H>::from_fn(|j, _| dh[j] * (T::one() - z[j]));
        let dz = SVector::<T, H>::from_fn(|j, _| dh[j] * (trace.h[j] - n[j]));
        let dan = tanh_back(n, &dn);
        let dar = sigmoid_back(r, &dan.component_mul(&trace.hn));
        let daz = sigmoid_back(z, &dz);
        let mut dgi = SVector::<T, G>::zeros();
        set_block(&mut dgi, 0, &dar);
        set_block(&mut dgi, 1, &daz);
        let mut dgh = dgi;
        set_block(&mut dgi, 2, &dan);
        set_block(&mut dgh, 2, &dan.component_mul(r));
        accumulate_outer(&mut grads.weight_ih, &trace.x, &dgi);
        grads.bias_ih += dgi;
        accumulate_outer(&mut grads.weight_hh, &trace.h, &dgh);
        grads.bias_hh += dgh;
        carry.dh = dh.component_mul(z) + input_gradient(&self.weight_hh, &dgh);
        input_gradient(&self.weight_ih, &dgi)
    }

    /// PyTorch's initialisation: every weight and bias from U(−1/√H, 1/√H), in `state_dict`
    /// order, from any `rand_core::Rng`.
    pub fn init_uniform<R: Rng + ?Sized>(&mut self, rng: &mut R) {
        let bound = 1.0 / <f64 as nalgebra::ComplexField>::sqrt(H as f64);
        crate::init::fill_uniform(self.as_mut_slice(), bound, rng);
    }
}
