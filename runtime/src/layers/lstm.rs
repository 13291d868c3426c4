//! The long short-term memory layer, [`Lstm`], with PyTorch's `nn.LSTM` equations, gate order
//! and memory layout: its storage, its streaming step, the traced step and one step of
//! backpropagation through time, with its state ([`LstmState`]), per-step trace
//! ([`LstmTrace`]) and backward carry ([`LstmCarry`]).

use nalgebra::{SMatrix, SVector};
use rand_core::Rng;

use super::dense::{accumulate_outer, input_gradient};
use super::sequence::{ReadOrder, affine, cell_block, set_block, sigmoid_back, tanh_back};
use crate::{Flat, Scalar, TensorInfo};

/// An LSTM layer of H units on I inputs: PyTorch's `nn.LSTM` (one layer, one direction, no
/// projection, batch of one), stepped one sample at a time. G = 4H (a const parameter only
/// because stable Rust cannot write `4 * H` in a type; the step and backward methods check it
/// at compile time).
///
/// With gates in PyTorch's order i (input), f (forget), g (cell), o (output), input xₜ and state
/// (h, c) = (hₜ₋₁, cₜ₋₁), and a = W_ih xₜ + b_ih + W_hh h + b_hh split into four blocks of H:
///
/// - i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o)
/// - cₜ = f ⊙ c + i ⊙ g
/// - hₜ = o ⊙ tanh(cₜ), which is also the output yₜ.
///
/// # Storage
/// `#[repr(C)]`, PyTorch's `state_dict` order and memory: `weight_ih` is I × G column-major,
/// that is PyTorch's `weight_ih_l0` (G × I row-major, rows W_ii, W_if, W_ig, W_io); likewise
/// `weight_hh` (`weight_hh_l0`, G × H), then `bias_ih` and `bias_hh` (G each).
///
/// | tensor | PyTorch name | shape | offset |
/// |---|---|---|---|
/// | `weight_ih` | `weight_ih_l{k}` | `[4H, I]` | 0 |
/// | `weight_hh` | `weight_hh_l{k}` | `[4H, H]` | 4H·I |
/// | `bias_ih` | `bias_ih_l{k}` | `[4H]` | 4H·(I + H) |
/// | `bias_hh` | `bias_hh_l{k}` | `[4H]` | 4H·(I + H + 1) |
#[repr(C)]
#[derive(Clone, Debug, PartialEq)]
pub struct Lstm<T, const I: usize, const H: usize, const G: usize> {
    /// W_ih (I × 4H); column j is PyTorch's row j: W_ii, W_if, W_ig, W_io.
    pub weight_ih: SMatrix<T, I, G>,
    /// W_hh (H × 4H); column j is PyTorch's row j: W_hi, W_hf, W_hg, W_ho.
    pub weight_hh: SMatrix<T, H, G>,
    /// b_ih: b_ii, b_if, b_ig, b_io.
    pub bias_ih: SVector<T, G>,
    /// b_hh: b_hi, b_hf, b_hg, b_ho.
    pub bias_hh: SVector<T, G>,
}

// SAFETY: `#[repr(C)]` of four nalgebra arrays of `T`, all with the alignment of `T`, so no
// padding: exactly I·G + H·G + 2G values.
unsafe impl<T: Scalar, const I: usize, const H: usize, const G: usize> Flat<T>
    for Lstm<T, I, H, G>
{
    const LEN: usize = I * G + H * G + 2 * G;
}

/// An [`Lstm`]'s state between steps: hidden state h and cell state c (zero at the start of a
/// sequence, as PyTorch's default (h₀, c₀)).
///
/// It also remembers which way the next step reads W_hh (see [`Lstm::step`]); that changes no
/// value and `==` compares h and c only.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LstmState<T, const H: usize> {
    /// h = hₜ₋₁, the last output.
    pub h: SVector<T, H>,
    /// c = cₜ₋₁, the cell.
    pub c: SVector<T, H>,
    /// Which way the next fused step reads W_hh.
    pub(super) backward: ReadOrder,
}

impl<T: Scalar, const H: usize> LstmState<T, H> {
    /// h = c = 0.
    pub fn zeros() -> Self {
        Self {
            h: SVector::zeros(),
            c: SVector::zeros(),
            backward: ReadOrder::default(),
        }
    }
    /// Back to the start of a sequence: h = c = 0.
    pub fn reset(&mut self) {
        self.h.fill(T::zero());
        self.c.fill(T::zero());
        self.backward = ReadOrder::default();
    }
}

impl<T: Scalar, const H: usize> Default for LstmState<T, H> {
    fn default() -> Self {
        Self::zeros()
    }
}

/// What [`Lstm::backward_step`] needs of one step, written by [`Lstm::step_traced`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LstmTrace<T, const I: usize, const H: usize> {
    /// The input xₜ.
    pub x: SVector<T, I>,
    /// The hidden state before the step, hₜ₋₁.
    pub h: SVector<T, H>,
    /// The cell before the step, cₜ₋₁.
    pub c: SVector<T, H>,
    /// The input gate i.
    pub i: SVector<T, H>,
    /// The forget gate f.
    pub f: SVector<T, H>,
    /// The cell candidate g.
    pub g: SVector<T, H>,
    /// The output gate o.
    pub o: SVector<T, H>,
    /// tanh cₜ.
    pub tc: SVector<T, H>,
}

impl<T: Scalar, const I: usize, const H: usize> LstmTrace<T, I, H> {
    /// Every value zero (to fill a caller's trace buffer).
    pub fn zeros() -> Self {
        let z = SVector::zeros();
        Self {
            x: SVector::zeros(),
            h: z,
            c: z,
            i: z,
            f: z,
            g: z,
            o: z,
            tc: z,
        }
    }
}

impl<T: Scalar, const I: usize, const H: usize> Default for LstmTrace<T, I, H> {
    fn default() -> Self {
        Self::zeros()
    }
}

/// What flows back from step t to step t − 1 in [`Lstm::backward_step`]: ∂E/∂hₜ₋₁ and
/// ∂E/∂cₜ₋₁ through the recurrence. Zero before the last step of a sequence (or of a
/// truncated-BPTT chunk).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LstmCarry<T, const H: usize> {
    /// ∂E/∂h of the state the earlier step produced.
    pub dh: SVector<T, H>,
    /// ∂E/∂c of the cell the earlier step produced.
    pub dc: SVector<T, H>,
}

impl<T: Scalar, const H: usize> LstmCarry<T, H> {
    /// Nothing flowing back yet.
    pub fn zeros() -> Self {
        Self {
            dh: SVector::zeros(),
            dc: SVector::zeros(),
        }
    }
    /// Nothing flowing back (the start of backpropagation, or of a truncated-BPTT chunk).
    pub fn reset(&mut self) {
        self.dh.fill(T::zero());
        self.dc.fill(T::zero());
    }
}

impl<T: Scalar, const H: usize> Default for LstmCarry<T, H> {
    fn default() -> Self {
        Self::zeros()
    }
}

/// The values of one step (what the trace keeps), and the new state.
#[derive(Clone, Copy)]
struct Gates<T, const H: usize> {
    i: SVector<T, H>,
    f: SVector<T, H>,
    g: SVector<T, H>,
    o: SVector<T, H>,
    tc: SVector<T, H>,
    h: SVector<T, H>,
    c: SVector<T, H>,
}

/// The element-wise part of a step for unit j, from the gates' pre-activations `a` and the cell
/// `c`: its four gates, cell and output together. `FUSED`: σ and tanh in their fused flavour
/// ([`Scalar::act_sigmoid_fused`], for code compiled with FMA).
#[inline(always)]
fn unit<T: Scalar, const H: usize, const FUSED: bool>(
    a: &[T],
    c: &[T],
    out: &mut Gates<T, H>,
    j: usize,
) {
    use crate::scalar::{sigmoid_as, tanh_as};
    let i = sigmoid_as::<T, FUSED>(a[j]);
    let f = sigmoid_as::<T, FUSED>(a[H + j]);
    let g = tanh_as::<T, FUSED>(a[2 * H + j]);
    let o = sigmoid_as::<T, FUSED>(a[3 * H + j]);
    let cn = f * c[j] + i * g;
    let tc = tanh_as::<T, FUSED>(cn);
    out.i[j] = i;
    out.f[j] = f;
    out.g[j] = g;
    out.o[j] = o;
    out.c[j] = cn;
    out.tc[j] = tc;
    out.h[j] = o * tc;
}

/// The element-wise part of a step, from the gates' pre-activations `a` and the cell `c`: [`unit`]
/// over the H units (the compiler vectorises it across units; separate passes per gate measured
/// slower at H = 8), in blocks of exactly 8 units ([`cell_block`]: 16 in builds for AVX-512 from 16
/// units), the last block overlapping the one before when 8 does not divide H (those units are
/// computed twice, to the same values: the outputs are not inputs); 4 to 7 units as one block on
/// zero-padded copies, under 4 one loop. One loop over the H units left H mod 8 units to scalar
/// code (all of them at H = 5): LSTM(12)'s cell cost more than LSTM(16)'s (issue 20).
#[inline(always)]
fn cell<T: Scalar, const H: usize, const G: usize>(
    a: &SVector<T, G>,
    c: &SVector<T, H>,
    out: &mut Gates<T, H>,
) {
    cell_with::<T, H, G, false>(a, c, out)
}

/// [`cell`] with σ and tanh in their fused flavour if `FUSED` (for code compiled with FMA).
#[inline(always)]
fn cell_with<T: Scalar, const H: usize, const G: usize, const FUSED: bool>(
    a: &SVector<T, G>,
    c: &SVector<T, H>,
    out: &mut Gates<T, H>,
) {
    let (a, c) = (a.as_slice(), c.as_slice());
    if H < 4 {
        for j in 0..H {
            unit::<T, H, FUSED>(a, c, out, j);
        }
        return;
    }
    if H < 8 {
        // NOTE: one block of 8 on copies padded with zeros (the padding's values are dropped).
        let mut a8 = [T::zero(); 32];
        let mut c8 = [T::zero(); 8];
        for k in 0..4 {
            a8[8 * k..8 * k + H].copy_from_slice(&a[k * H..(k + 1) * H]);
        }
        c8[..H].copy_from_slice(c);
        let mut o8 = Gates::<T, 8>::zeros();
        for j in 0..8 {
            unit::<T, 8, FUSED>(&a8, &c8, &mut o8, j);
        }
        for (to, from) in [
            (&mut out.i, &o8.i),
            (&mut out.f, &o8.f),
            (&mut out.g, &o8.g),
            (&mut out.o, &o8.o),
            (&mut out.tc, &o8.tc),
            (&mut out.h, &o8.h),
            (&mut out.c, &o8.c),
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
            unit::<T, H, FUSED>(a, c, out, b + k);
        }
        s += w;
    }
}

/// The untraced step's element-wise part where the blocks of [`cell_with`] tile the H units
/// (H a multiple of the block; the fused step uses it from 32 units): the same operations on the
/// same values, so the same h and c bit for bit, written over the state's `h` and `c` in place
/// (c read before it is written, unit by unit), and nothing else stored. [`cell_with`] stores
/// all seven arrays of a [`Gates`] on the stack, which LLVM did not drop where they are dead,
/// and the step copied h and c from there into the state: at LSTM(32), 28 stores of dead or
/// copied vectors, 8 of zeros and 8 loads a step (issue 20). The unit's operations are written
/// in the order i, g, i·g, f, c, tanh c, o (fewer values live at once: 16 fewer spills a step
/// at LSTM(32)); at 8 and 16 units this function (either order) measured 4–6 % slower than
/// [`cell_with`], so the step keeps that there. Blocks of 16 units where 16 divides H, also in
/// AVX2 builds (two 8-lane vectors per value): LLVM keeps a loop over the blocks, and two
/// blocks' independent chains in one iteration overlapped better than one: LSTM(32) 0.95 of
/// the time with blocks of 8 (despite 22 more instructions, spills), LSTM(64) unchanged;
/// blocks of 32 compiled to the loop of blocks of 8 again.
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
#[inline(always)]
fn cell_in_place<T: Scalar, const H: usize, const G: usize, const FUSED: bool>(
    a: &SVector<T, G>,
    h: &mut SVector<T, H>,
    c: &mut SVector<T, H>,
) {
    use crate::scalar::{sigmoid_as, tanh_as};
    let w = const {
        if H.is_multiple_of(16) {
            16
        } else {
            cell_block(H)
        }
    };
    let (a, h, c) = (a.as_slice(), h.as_mut_slice(), c.as_mut_slice());
    let mut b = 0;
    while b < H {
        // NOTE: `0..w` for a trip count LLVM knows (see `cell_with`).
        for k in 0..w {
            let j = b + k;
            let i = sigmoid_as::<T, FUSED>(a[j]);
            let g = tanh_as::<T, FUSED>(a[2 * H + j]);
            let ig = i * g;
            let f = sigmoid_as::<T, FUSED>(a[H + j]);
            let cn = f * c[j] + ig;
            c[j] = cn;
            let tc = tanh_as::<T, FUSED>(cn);
            let o = sigmoid_as::<T, FUSED>(a[3 * H + j]);
            h[j] = o * tc;
        }
        b += w;
    }
}

/// [`cell`] compiled for AVX2 (8 `f32` lanes instead of SSE2's 4; no FMA, so the same bits).
///
/// # Safety
/// The CPU has AVX2.
#[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2")))]
#[target_feature(enable = "avx2")]
unsafe fn cell_avx2<T: Scalar, const H: usize, const G: usize>(
    a: &SVector<T, G>,
    c: &SVector<T, H>,
    out: &mut Gates<T, H>,
) {
    cell(a, c, out)
}

/// One `f32` step in AVX2 + FMA, fused (issue 20): a = (b_ih + b_hh) + W_ih xₜ + W_hh h by the
/// compile-time-sized products of `kernels::fixed` (unrolled dot products, eight gates' sums
/// reduced together, the biases added to the sums), then [`cell`] on a with σ and tanh in their
/// fused flavour ([`math::f32::fused`](crate::math::f32::fused): about 20 % fewer instructions
/// per 8 lanes, issue 20), writing the new state,
/// and the trace only where `TRACE` (the untraced step stores nothing else). The same
/// instructions for both, so [`Lstm::step_traced`] is [`Lstm::step`] bit for bit.
///
/// # Safety
/// The CPU has AVX2 and FMA; `trace` is valid for writes where `TRACE`.
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
#[target_feature(enable = "avx2,fma")]
unsafe fn step_avx2<const I: usize, const H: usize, const G: usize, const TRACE: bool>(
    l: &Lstm<f32, I, H, G>,
    state: &mut LstmState<f32, H>,
    x: &SVector<f32, I>,
    trace: *mut LstmTrace<f32, I, H>,
) {
    use crate::kernels::fixed::gemv;
    // Every other step reads W_hh backwards where it is larger than half of L1 (`ReadOrder`);
    // the values are the same either way.
    let backward = state.backward.next::<H, G>();
    let mut a = core::mem::MaybeUninit::<SVector<f32, G>>::uninit();
    if const { I == 1 && G.is_multiple_of(8) && H >= 16 && !cfg!(target_feature = "avx512f") } {
        // One input: the biases, W_ih x and W_hh h in one pass (the same operations and bits
        // as the three below, without their two stored arrays), the rows in the order of
        // `cell_in_place`'s blocks of 16 at 32 units (LSTM(64): no faster, 158 more
        // instructions; in order there). From 16 units: LSTM(8) measured
        // 2 % slower with it; not in builds for AVX-512 (LSTM(32) 156 -> 163 ns there, and
        // 172 in the gates' order).
        // SAFETY: the CPU has AVX2 and FMA (the caller's contract); G is a multiple of 8; the
        // blocks have the sizes `gates_x1` reads (H × G, H, G, G, G) and writes (G), the
        // output is a distinct local, and `gates_x1` writes all of its G values.
        let a = unsafe {
            crate::kernels::fixed::gates_x1::<H, G>(
                l.weight_hh.as_ptr(),
                state.h.as_ptr(),
                l.weight_ih.as_ptr(),
                x[0],
                l.bias_ih.as_ptr(),
                l.bias_hh.as_ptr(),
                a.as_mut_ptr().cast(),
                backward,
                const { if H == 32 { 16 } else { 0 } },
            );
            a.assume_init()
        };
        // SAFETY: the caller's contract.
        return unsafe { finish::<I, H, G, TRACE>(state, x, &a, trace) };
    }
    // NOTE: on the arrays: nalgebra's matrix iterators compiled to a scalar loop here.
    let (bi, bh) = (&l.bias_ih.data.0[0], &l.bias_hh.data.0[0]);
    let mut b = [0f32; G];
    for ((b, bi), bh) in b.iter_mut().zip(bi).zip(bh) {
        *b = *bi + *bh;
    }
    let mut wx = core::mem::MaybeUninit::<SVector<f32, G>>::uninit();
    // SAFETY: the CPU has AVX2 and FMA (the caller's contract); the blocks have the sizes
    // `gemv` reads (I × G, H × G, I, H, G) and writes (G), the outputs are distinct locals, and
    // `gemv` writes every one of their G values before `assume_init`.
    let a = unsafe {
        gemv::<I, G>(
            l.weight_ih.as_ptr(),
            x.as_ptr(),
            Some(b.as_ptr()),
            wx.as_mut_ptr().cast(),
        );
        crate::kernels::fixed::gemv_dir::<H, G>(
            l.weight_hh.as_ptr(),
            state.h.as_ptr(),
            Some(wx.as_ptr().cast()),
            a.as_mut_ptr().cast(),
            backward,
        );
        a.assume_init()
    };
    // SAFETY: the caller's contract.
    unsafe { finish::<I, H, G, TRACE>(state, x, &a, trace) }
}

/// The element-wise part of [`step_avx2`] from the pre-activations `a`.
///
/// # Safety
/// The CPU has AVX2 and FMA; `trace` is valid for writes where `TRACE`.
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
#[inline(always)]
unsafe fn finish<const I: usize, const H: usize, const G: usize, const TRACE: bool>(
    state: &mut LstmState<f32, H>,
    x: &SVector<f32, I>,
    a: &SVector<f32, G>,
    trace: *mut LstmTrace<f32, I, H>,
) {
    let a = *a;
    if !TRACE && const { H >= 32 && H.is_multiple_of(cell_block(H)) } {
        // σ and tanh fused: this function is compiled with FMA. From 32 units only (see
        // `cell_in_place`).
        cell_in_place::<f32, H, G, true>(&a, &mut state.h, &mut state.c);
        return;
    }
    let mut out = Gates::zeros();
    // σ and tanh fused: this function is compiled with FMA.
    cell_with::<f32, H, G, true>(&a, &state.c, &mut out);
    if TRACE {
        // SAFETY: valid for writes where `TRACE` (the caller's contract).
        unsafe {
            *trace = LstmTrace {
                x: *x,
                h: state.h,
                c: state.c,
                i: out.i,
                f: out.f,
                g: out.g,
                o: out.o,
                tc: out.tc,
            }
        };
    }
    state.h = out.h;
    state.c = out.c;
}

impl<T: Scalar, const H: usize> Gates<T, H> {
    /// Every value zero.
    #[inline(always)]
    fn zeros() -> Self {
        let z = SVector::zeros();
        Self {
            i: z,
            f: z,
            g: z,
            o: z,
            tc: z,
            h: z,
            c: z,
        }
    }

    /// The step's values from the pre-activations: [`cell`] in its AVX2 instantiation from 4
    /// units where the CPU has AVX2.
    #[inline(always)]
    fn new<const G: usize>(a: &SVector<T, G>, c: &SVector<T, H>) -> Self {
        let z = SVector::zeros();
        let mut out = Self {
            i: z,
            f: z,
            g: z,
            o: z,
            tc: z,
            h: z,
            c: z,
        };
        crate::kernels::if_cpu_has!(avx2 && H >= 4, {
            // SAFETY: the CPU has AVX2 (asked above).
            unsafe { cell_avx2(a, c, &mut out) };
            return out;
        });
        cell(a, c, &mut out);
        out
    }
}

impl<T: Scalar, const I: usize, const H: usize, const G: usize> Lstm<T, I, H, G> {
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

    /// Number of parameters, 4H·(I + H + 2).
    pub const PARAMS: usize = G * (I + H + 2);

    #[inline(always)]
    fn gates(&self, h: &SVector<T, H>, c: &SVector<T, H>, x: &SVector<T, I>) -> Gates<T, H> {
        const { assert!(G == 4 * H, "an LSTM's G must be 4·H") };
        let a = affine(&self.weight_ih, x, Some(&self.bias_ih))
            + affine(&self.weight_hh, h, Some(&self.bias_hh));
        Gates::new(&a, c)
    }

    /// One step: (hₜ, cₜ) from xₜ and the state's (hₜ₋₁, cₜ₋₁), which they replace; returns
    /// hₜ. No allocation. In `f32` from 4 units, where the CPU has AVX2 and FMA, one fused
    /// AVX2 + FMA function on compile-time-sized products (issue 20; the products' sums in
    /// another order and σ and tanh with fused multiply-adds, so the last bits differ from the
    /// portable code). Where W_hh is larger than 16 KiB (from 33 units), that function reads
    /// W_hh's rows from the first to the last and from the last to the first in turns (the
    /// state remembers which), so each step starts on the rows the step before left in the L1
    /// cache; the values do not depend on the direction.
    #[inline]
    pub fn step(&self, state: &mut LstmState<T, H>, x: &SVector<T, I>) -> SVector<T, H> {
        crate::kernels::if_cpu_has!(
            avx2_fma && H >= 4 && crate::kernels::fixed::is_f32::<T>(),
            {
                // SAFETY: the CPU has AVX2 and FMA (asked above); `T` is `f32` (checked), so the
                // casts change nothing; no trace is written.
                unsafe {
                    step_avx2::<I, H, G, false>(
                        &*(self as *const Self).cast(),
                        &mut *(state as *mut LstmState<T, H>).cast(),
                        &*(x as *const SVector<T, I>).cast(),
                        core::ptr::null_mut(),
                    )
                };
                return state.h;
            }
        );
        let g = self.gates(&state.h, &state.c, x);
        state.h = g.h;
        state.c = g.c;
        g.h
    }

    /// [`step`](Lstm::step) (the same values, bit for bit) that also writes what
    /// [`backward_step`](Lstm::backward_step) needs into `trace`.
    #[inline]
    pub fn step_traced(
        &self,
        state: &mut LstmState<T, H>,
        x: &SVector<T, I>,
        trace: &mut LstmTrace<T, I, H>,
    ) -> SVector<T, H> {
        crate::kernels::if_cpu_has!(
            avx2_fma && H >= 4 && crate::kernels::fixed::is_f32::<T>(),
            {
                // SAFETY: the CPU has AVX2 and FMA (asked above); `T` is `f32` (checked), so the
                // casts change nothing; `trace` is a `&mut`.
                unsafe {
                    step_avx2::<I, H, G, true>(
                        &*(self as *const Self).cast(),
                        &mut *(state as *mut LstmState<T, H>).cast(),
                        &*(x as *const SVector<T, I>).cast(),
                        (trace as *mut LstmTrace<T, I, H>).cast(),
                    )
                };
                return state.h;
            }
        );
        let g = self.gates(&state.h, &state.c, x);
        *trace = LstmTrace {
            x: *x,
            h: state.h,
            c: state.c,
            i: g.i,
            f: g.f,
            g: g.g,
            o: g.o,
            tc: g.tc,
        };
        state.h = g.h;
        state.c = g.c;
        g.h
    }

    /// One step of backpropagation through time, for t = T − 1 down to 0: from the step's
    /// `trace`, ∂E/∂yₜ = `dy` from above and (∂E/∂hₜ, ∂E/∂cₜ) through the recurrence in
    /// `carry`, adds this step's parameter gradients into `grads`, leaves (∂E/∂hₜ₋₁,
    /// ∂E/∂cₜ₋₁) in `carry` and returns ∂E/∂xₜ. With δh = `dy` + `carry.dh`:
    ///
    /// - δo = δh ⊙ tanh cₜ, δc = `carry.dc` + δh ⊙ o ⊙ (1 − tanh² cₜ)
    /// - δi = δc ⊙ g, δf = δc ⊙ cₜ₋₁, δg = δc ⊙ i, ∂E/∂cₜ₋₁ = δc ⊙ f
    /// - δa = (δi ⊙ i(1 − i), δf ⊙ f(1 − f), δg ⊙ (1 − g²), δo ⊙ o(1 − o))
    /// - ∂E/∂W_ih += xₜ δaᵀ, ∂E/∂b_ih += δa, ∂E/∂W_hh += hₜ₋₁ δaᵀ, ∂E/∂b_hh += δa
    /// - ∂E/∂xₜ = W_ih δa, ∂E/∂hₜ₋₁ = W_hh δa.
    #[inline]
    pub fn backward_step(
        &self,
        trace: &LstmTrace<T, I, H>,
        dy: &SVector<T, H>,
        carry: &mut LstmCarry<T, H>,
        grads: &mut Self,
    ) -> SVector<T, I> {
        const { assert!(G == 4 * H, "an LSTM's G must be 4·H") };
        let t = trace;
        let dh = dy + carry.dh;
        let dc = carry.dc + tanh_back(&t.tc, &dh.component_mul(&t.o));
        let mut da = SVector::<T, G>::zeros();
        set_block(&mut da, 0, &sigmoid_back(&t.i, &dc.component_mul(&t.g)));
        set_block(&mut da, 1, &sigmoid_back(&t.f, &dc.component_mul(&t.c)));
        set_block(&mut da, 2, &tanh_back(&t.g, &dc.component_mul(&t.i)));
        set_block(&mut da, 3, &sigmoid_back(&t.o, &dh.component_mul(&t.tc)));
        accumulate_outer(&mut grads.weight_ih, &t.x, &da);
        grads.bias_ih += da;
        accumulate_outer(&mut grads.weight_hh, &t.h, &da);
        grads.bias_hh += da;
        carry.dc = dc.component_mul(&t.f);
        carry.dh = input_gradient(&self.weight_hh, &da);
        input_gradient(&self.weight_ih, &da)
    }

    /// PyTorch's initialisation: every weight and bias from U(−1/√H, 1/√H), in `state_dict`
    /// order, from any `rand_core::Rng`.
    pub fn init_uniform<R: Rng + ?Sized>(&mut self, rng: &mut R) {
        let bound = 1.0 / <f64 as nalgebra::ComplexField>::sqrt(H as f64);
        crate::init::fill_uniform(self.as_mut_slice(), bound, rng);
    }
}
