//! The kernels against triple loops, over shapes that hit every tile and edge, in every
//! instantiation this CPU runs.
// The tile loops index several arrays by the same (row, column), as the maths reads.
#![allow(clippy::needless_range_loop)]

use super::gemm::*;
use super::gemv::*;
use super::rank1::*;
use super::simd::*;
use crate::Scalar;

fn value(i: usize) -> f64 {
    let h = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11;
    h as f64 / (1u64 << 53) as f64 - 0.5
}

/// [`gemm_tn_avx2`] for `T`'s lanes, called directly (the dispatch prefers AVX-512 F where the
/// CPU has it); `false` where the CPU lacks AVX2 + FMA.
#[allow(clippy::too_many_arguments)]
unsafe fn tn_avx2<T: Scalar>(
    m: usize,
    n: usize,
    k: usize,
    a: *const T,
    lda: usize,
    b: *const T,
    ldb: usize,
    c: *mut T,
    ldc: usize,
) -> bool {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
        use super::avx2::{F32x8, F64x4};
        if super::same::<T, f32>() {
            let (a, b, c) = (a.cast(), b.cast(), c.cast());
            unsafe { gemm_tn_avx2::<F32x8>(m, n, k, a, lda, b, ldb, c, ldc) };
            return true;
        }
        if super::same::<T, f64>() {
            let (a, b, c) = (a.cast(), b.cast(), c.cast());
            unsafe { gemm_tn_avx2::<F64x4>(m, n, k, a, lda, b, ldb, c, ldc) };
            return true;
        }
    }
    false
}

/// [`gemm_nx_avx2`] for `T`'s lanes (B at column stride 1), as [`tn_avx2`].
#[allow(clippy::too_many_arguments)]
unsafe fn nx_avx2<T: Scalar>(
    m: usize,
    n: usize,
    k: usize,
    a: *const T,
    lda: usize,
    b: *const T,
    rsb: usize,
    c: *mut T,
    ldc: usize,
    accumulate: bool,
) -> bool {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
        use super::avx2::{F32x8, F64x4};
        if super::same::<T, f32>() {
            let (a, b, c) = (a.cast(), b.cast(), c.cast());
            unsafe { gemm_nx_avx2::<F32x8>(m, n, k, a, lda, b, rsb, 1, c, ldc, accumulate) };
            return true;
        }
        if super::same::<T, f64>() {
            let (a, b, c) = (a.cast(), b.cast(), c.cast());
            unsafe { gemm_nx_avx2::<F64x4>(m, n, k, a, lda, b, rsb, 1, c, ldc, accumulate) };
            return true;
        }
    }
    false
}

/// Every instantiation of both kernels this CPU runs (portable, AVX2 + FMA, and the dispatch's
/// choice, AVX-512 F where the CPU has it) against a triple loop, over shapes that hit every
/// tile and edge (and the `KC` chunking of the summed dimension), with padded strides.
fn check<T: Scalar>(tol: f64) {
    // NOTE: under Miri (which interprets every instruction) smaller shapes that still cross
    // the tiles' edges, `NC` (48 columns) and `KC` (64 rows).
    let shapes: &[(usize, usize, usize)] = if cfg!(miri) {
        &[(1, 1, 1), (3, 4, 8), (5, 7, 3), (2, 49, 3), (3, 2, 66)]
    } else {
        &[
            (1, 1, 1),
            (3, 4, 8),
            (5, 7, 3),
            (17, 13, 9),
            (33, 50, 65),
            (40, 6, 130),
        ]
    };
    for &(m, n, k) in shapes {
        let (lda, ldb, ldc) = (k + 3, k + 1, m + 2);
        let a: Vec<T> = (0..lda * m).map(|i| T::lit(value(i))).collect();
        let b: Vec<T> = (0..ldb * n).map(|i| T::lit(value(i + 7_777))).collect();
        // C = Aᵀ·B.
        let reference = |r: usize, s: usize| -> f64 {
            (0..k)
                .map(|p| a[r * lda + p].to_f64() * b[s * ldb + p].to_f64())
                .sum()
        };
        // 0: portable, 1: AVX2 + FMA (called directly: the dispatch prefers AVX-512 F where
        // the CPU has it), 2: the dispatch. `None` where the CPU lacks the instantiation.
        let run_tn = |variant: u8| {
            let mut c = vec![T::lit(f64::NAN); ldc * n];
            let (pa, pb, pc) = (a.as_ptr(), b.as_ptr(), c.as_mut_ptr());
            unsafe {
                match variant {
                    0 => gemm_tn_base(m, n, k, pa, lda, pb, ldb, pc, ldc),
                    1 => {
                        if !tn_avx2(m, n, k, pa, lda, pb, ldb, pc, ldc) {
                            return None;
                        }
                    }
                    _ => gemm_tn(m, n, k, pa, lda, pb, ldb, pc, ldc),
                }
            }
            Some(c)
        };
        for variant in 0..3 {
            let Some(c) = run_tn(variant) else { continue };
            for r in 0..m {
                for s in 0..n {
                    let (got, want) = (c[r + s * ldc].to_f64(), reference(r, s));
                    assert!(
                        (got - want).abs() <= tol * k as f64,
                        "tn {m}x{n}x{k} ({r},{s}): {got} vs {want}"
                    );
                }
            }
        }
        // C (+)= A'·B' with A' = the m × k block of `a` at column stride `lda2` and
        // B'[p, j] = b[p·ldb2 + j] (a transposed view, as δᵀ is).
        let (lda2, ldb2) = (m + 1, n + 2);
        let a2: Vec<T> = (0..lda2 * k).map(|i| T::lit(value(i + 99))).collect();
        let b2: Vec<T> = (0..ldb2 * k).map(|i| T::lit(value(i + 5_555))).collect();
        let reference = |i: usize, j: usize| -> f64 {
            (0..k)
                .map(|p| a2[i + p * lda2].to_f64() * b2[p * ldb2 + j].to_f64())
                .sum()
        };
        for variant in 0..4u8 {
            for accumulate in [false, true] {
                let mut c = vec![T::lit(if accumulate { 1.5 } else { f64::NAN }); ldc * n];
                unsafe {
                    let args = (a2.as_ptr(), b2.as_ptr(), c.as_mut_ptr());
                    let (m, n, k, acc) = (m, n, k, accumulate);
                    match variant {
                        0 => gemm_nx_body::<One<T>>(
                            m, n, k, args.0, lda2, args.1, ldb2, 1, args.2, ldc, acc,
                        ),
                        1 => gemm_nx_base(m, n, k, args.0, lda2, args.1, ldb2, 1, args.2, ldc, acc),
                        2 => {
                            let (a, b, c) = args;
                            if !nx_avx2(m, n, k, a, lda2, b, ldb2, c, ldc, acc) {
                                continue;
                            }
                        }
                        _ => gemm_nx(m, n, k, args.0, lda2, args.1, ldb2, 1, args.2, ldc, acc),
                    }
                }
                for i in 0..m {
                    for j in 0..n {
                        let want = reference(i, j) + if accumulate { 1.5 } else { 0.0 };
                        let got = c[i + j * ldc].to_f64();
                        assert!(
                            (got - want).abs() <= tol * k as f64,
                            "nx {m}x{n}x{k} ({i},{j}): {got} vs {want}"
                        );
                    }
                    // The padding between columns is untouched.
                    if accumulate {
                        for j in 0..n {
                            for pad in m..ldc {
                                assert_eq!(c[pad + j * ldc].to_f64(), 1.5);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `gemv_tn` (the AVX2 + FMA eight- and four-neuron groups where the CPU has them) against a
/// plain loop, over neuron counts and lengths around every group size and tail, with a
/// padded stride; y's neighbours are untouched.
fn check_gemv<T: Scalar>(tol: f64) {
    let (ms, ks): (&[usize], &[usize]) = if cfg!(miri) {
        (&[1, 4, 9, 17], &[1, 5, 17, 33])
    } else {
        (
            &[1, 3, 4, 7, 8, 9, 12, 16, 17, 31, 33],
            &[1, 3, 4, 5, 8, 9, 15, 16, 17, 32, 100],
        )
    };
    for &m in ms {
        for &k in ks {
            let lda = k + 2;
            let a: Vec<T> = (0..lda * m).map(|i| T::lit(value(i + 3))).collect();
            let x: Vec<T> = (0..k).map(|i| T::lit(value(i + 4_242))).collect();
            let mut y = vec![T::lit(7.0); m + 2];
            unsafe { gemv_tn(m, k, a.as_ptr(), lda, x.as_ptr(), y[1..].as_mut_ptr()) };
            assert_eq!((y[0].to_f64(), y[m + 1].to_f64()), (7.0, 7.0), "{m}x{k}");
            for j in 0..m {
                let want: f64 = (0..k)
                    .map(|p| a[j * lda + p].to_f64() * x[p].to_f64())
                    .sum();
                let got = y[1 + j].to_f64();
                assert!(
                    (got - want).abs() <= tol * k as f64,
                    "gemv {m}x{k} ({j}): {got} vs {want}"
                );
            }
        }
    }
}

/// The AVX2 column-sum product against a plain loop, for every block and tail size; the
/// rows beyond m stay untouched.
#[test]
fn gemv_n_matches_a_plain_loop() {
    fn check<T: Scalar>(tol: f64) {
        // NOTE: under Miri, fewer shapes that still hit each tail length class.
        let (ms, ks): (Vec<usize>, &[usize]) = if cfg!(miri) {
            (vec![1, 7, 8, 9, 17, 33, 65], &[1, 3, 10])
        } else {
            (
                (1..=41).chain([63, 64, 65, 100]).collect(),
                &[1, 2, 3, 7, 10, 33],
            )
        };
        for &m in &ms {
            for &k in ks {
                let lda = m + 3;
                let a: Vec<T> = (0..lda * k).map(|i| T::lit(value(i + 5))).collect();
                let x: Vec<T> = (0..k).map(|i| T::lit(value(i + 77))).collect();
                let mut y = vec![T::lit(7.0); m + 2];
                let done =
                    unsafe { gemv_n(m, k, a.as_ptr(), lda, x.as_ptr(), y[1..].as_mut_ptr()) };
                if !done {
                    assert!(y.iter().all(|v| v.to_f64() == 7.0), "touched y");
                    continue;
                }
                assert_eq!((y[0].to_f64(), y[m + 1].to_f64()), (7.0, 7.0), "{m}x{k}");
                for i in 0..m {
                    let want: f64 = (0..k)
                        .map(|j| a[i + j * lda].to_f64() * x[j].to_f64())
                        .sum();
                    let got = y[1 + i].to_f64();
                    assert!(
                        (got - want).abs() <= tol * k as f64,
                        "gemv_n {m}x{k} ({i}): {got} vs {want}"
                    );
                }
            }
        }
    }
    check::<f32>(1e-6);
    check::<f64>(1e-15);
}

/// The AVX2 rank-one update gives the scalar expressions' bits, for every tail length.
fn check_rank1<T: Scalar>() {
    check_rank1_k::<T, 1>();
    check_rank1_k::<T, 3>();
    check_rank1_k::<T, 4>();
    check_rank1_k::<T, 5>();
    check_rank1_k::<T, 8>();
    check_rank1_k::<T, 9>();
    check_rank1_k::<T, 15>();
    check_rank1_k::<T, 16>();
    check_rank1_k::<T, 17>();
    check_rank1_k::<T, 33>();
    check_rank1_k::<T, 63>();
    check_rank1_k::<T, SKIP_MIN_INPUTS>();
    check_rank1_k::<T, 71>();
}

fn check_rank1_k<T: Scalar, const K: usize>() {
    {
        let (k, m) = (K, 5);
        let x: [T; K] = core::array::from_fn(|i| T::lit(value(i + 11)));
        // Columns 1 and 3 have d = +0 and −0 (an inactive ReLU neuron), with a −0 weight
        // in each, and x has negative values: w − lr·(x·d) would turn some −0 into +0.
        let mut dz: Vec<T> = (0..m).map(|i| T::lit(value(i + 333))).collect();
        (dz[1], dz[3]) = (T::lit(0.0), T::lit(-0.0));
        let mut w0: Vec<T> = (0..k * m).map(|i| T::lit(value(i + 9_000))).collect();
        let neg = x.iter().position(|v| v.to_f64() < 0.0);
        let pos = x.iter().position(|v| v.to_f64() > 0.0);
        if let (Some(n), Some(p)) = (neg, pos) {
            (w0[k + n], w0[3 * k + p]) = (T::lit(-0.0), T::lit(-0.0));
        }
        // Every offset of the weights from a 32-byte boundary (the copy of x follows it).
        for (portable, lr, at) in [false, true]
            .into_iter()
            .flat_map(|p| [(p, Some(T::lit(0.37))), (p, None)])
            .flat_map(|(p, lr)| (0..8).map(move |at| (p, lr, at)))
        {
            let mut store = vec![T::lit(7.0); k * m + 8];
            store[at..at + k * m].copy_from_slice(&w0);
            let w = &mut store[at..at + k * m];
            let mut sign_kept = 0;
            if portable {
                unsafe { rank1_body::<One<T>, K>(w, &x, &dz, lr) };
            } else {
                rank1(w, &x, &dz, lr);
            }
            for j in 0..m {
                for p in 0..k {
                    let (old, g) = (w0[j * k + p], x[p] * dz[j]);
                    let want = match lr {
                        // The step skips a column with d = ±0: every value keeps its bits.
                        Some(_) if K >= SKIP_MIN_INPUTS && dz[j] == T::lit(0.0) => old,
                        Some(lr) => old - lr * g,
                        None => old + g,
                    };
                    let got = w[j * k + p];
                    assert_eq!(got.to_f64().to_bits(), want.to_f64().to_bits(), "k {k}");
                    if let Some(lr) = lr {
                        let full = old - lr * g;
                        sign_kept += usize::from(full.to_f64().to_bits() != got.to_f64().to_bits());
                    }
                }
            }
            // Exactly the two −0 weights differ from the full expression, where columns
            // are skipped (and x has values of both signs).
            let skips = K >= SKIP_MIN_INPUTS && lr.is_some();
            let want = if skips && neg.is_some() && pos.is_some() {
                2
            } else {
                0
            };
            assert_eq!(sign_kept, want, "k {k}");
            // Nothing outside the weights was written.
            let outside = store[..at].iter().chain(&store[at + k * m..]);
            assert!(outside.into_iter().all(|v| *v == T::lit(7.0)), "k {k}");
        }
    }
}

#[test]
fn rank1_is_the_scalar_expression_bit_for_bit() {
    check_rank1::<f32>();
    check_rank1::<f64>();
}

#[test]
fn gemv_matches_a_plain_loop() {
    check_gemv::<f32>(1e-6);
    check_gemv::<f64>(1e-15);
}

/// The AVX2 `gemv_tn`'s groups of `l` neurons add the k mod `l` tail of their dot products all
/// at once (a gather per q), to the same bits as one neuron at a time: the vector part (the
/// product over the first kv = k − k mod `l` values), then v += a·x for q = kv‥k, a multiply
/// then an add (issue 20; an FMA here, or the tail summed in another order, fails).
fn check_gemv_tail<T: Scalar>(l: usize) {
    #[cfg(target_arch = "x86_64")]
    let avx2_fma = std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma");
    #[cfg(not(target_arch = "x86_64"))]
    let avx2_fma = false;
    if !avx2_fma {
        return;
    }
    for m in [8, 16, 20, 48, 132] {
        for k in [9, 12, 13, 15, 20, 33] {
            let lda = k + 3;
            let a: Vec<T> = (0..lda * m).map(|i| T::lit(value(i + 5))).collect();
            let x: Vec<T> = (0..k).map(|i| T::lit(value(i + 777))).collect();
            let kv = k / l * l;
            let (mut y, mut yv) = (vec![T::lit(0.0); m], vec![T::lit(0.0); m]);
            unsafe { gemv_tn(m, k, a.as_ptr(), lda, x.as_ptr(), y.as_mut_ptr()) };
            unsafe { gemv_tn(m, kv, a.as_ptr(), lda, x.as_ptr(), yv.as_mut_ptr()) };
            for j in 0..m / l * l {
                let mut want = yv[j];
                for q in kv..k {
                    want += a[j * lda + q] * x[q];
                }
                assert_eq!(
                    y[j].to_f64().to_bits(),
                    want.to_f64().to_bits(),
                    "gemv tail {m}x{k} ({j})"
                );
            }
        }
    }
}

#[test]
fn gemv_tails_are_the_one_neuron_sums_bit_for_bit() {
    check_gemv_tail::<f32>(8);
    check_gemv_tail::<f64>(4);
}

#[test]
fn kernels_match_a_triple_loop_f64() {
    check::<f64>(1e-15);
}

#[test]
fn kernels_match_a_triple_loop_f32() {
    check::<f32>(1e-6);
}

/// `sgd_update`: θ − lr·g exactly, for lengths below and above the AVX2 threshold (256), and
/// all or nothing: a non-finite gradient or result leaves θ as it was and names the index.
fn check_sgd_update<T: Scalar>() {
    use super::sgd::sgd_update;
    use crate::error::NonFiniteError;
    for n in [0usize, 1, 7, 255, 256, 300] {
        let p0: Vec<T> = (0..n).map(|i| T::lit(value(i))).collect();
        let g: Vec<T> = (0..n).map(|i| T::lit(value(i + 50))).collect();
        let lr = T::lit(0.3);
        let mut p = p0.clone();
        sgd_update(&mut p, &g, lr).unwrap();
        for i in 0..n {
            assert_eq!(
                p[i].to_f64().to_bits(),
                (p0[i] - lr * g[i]).to_f64().to_bits()
            );
        }
        if n > 0 {
            let mut bad = g.clone();
            bad[n - 1] = T::lit(f64::NAN);
            let mut p = p0.clone();
            assert_eq!(
                sgd_update(&mut p, &bad, lr),
                Err(NonFiniteError::Gradient { index: n - 1 })
            );
            assert!(
                p.iter()
                    .zip(&p0)
                    .all(|(a, b)| a.to_f64().to_bits() == b.to_f64().to_bits())
            );
        }
    }
}

#[test]
fn sgd_update_is_exact_and_all_or_nothing() {
    check_sgd_update::<f32>();
    check_sgd_update::<f64>();
}

/// The AVX-512 instantiations (`gemm_tn_avx512`: 4 × 6 dot products; `gemm_nx_avx512`:
/// (2·L) × 8 outer products) called directly, for both lane types, against a triple loop,
/// where the CPU has AVX-512 F (elsewhere the test says so and passes).
/// The shapes hit the full tiles, the 4-column and 1-column edge tiles, the 1-row edge, the
/// tail of the summed dimension and the `KC` chunks.
#[cfg(all(target_arch = "x86_64", not(miri)))]
mod avx512_tiles {
    use super::super::avx512::{F32x16, F64x8};
    use super::*;

    fn check<V: Simd>(tol: f64) {
        for &(m, n, k) in &[
            (1, 1, 1),
            (3, 4, 8),
            (9, 10, 33),
            (17, 13, 9),
            (33, 50, 65),
            (50, 64, 130),
        ] {
            let (lda, ldb, ldc) = (k + 3, k + 1, m + 2);
            let a: Vec<V::E> = (0..lda * m).map(|i| V::E::lit(value(i))).collect();
            let b: Vec<V::E> = (0..ldb * n).map(|i| V::E::lit(value(i + 7_777))).collect();
            let mut c = vec![V::E::lit(f64::NAN); ldc * n];
            // SAFETY: the CPU has AVX-512 F (checked by the caller); the blocks as allocated.
            unsafe {
                gemm_tn_avx512::<V>(
                    m,
                    n,
                    k,
                    a.as_ptr(),
                    lda,
                    b.as_ptr(),
                    ldb,
                    c.as_mut_ptr(),
                    ldc,
                )
            };
            for r in 0..m {
                for s in 0..n {
                    let want: f64 = (0..k)
                        .map(|p| a[r * lda + p].to_f64() * b[s * ldb + p].to_f64())
                        .sum();
                    let got = c[r + s * ldc].to_f64();
                    assert!(
                        (got - want).abs() <= tol * k as f64,
                        "tn {m}x{n}x{k} ({r},{s}): {got} vs {want}"
                    );
                }
            }
            // C (+)= A·B, A (m × k) at column stride m + 1, B[p, j] = b2[p·(n + 2) + j].
            let (lda2, ldb2) = (m + 1, n + 2);
            let a2: Vec<V::E> = (0..lda2 * k).map(|i| V::E::lit(value(i + 99))).collect();
            let b2: Vec<V::E> = (0..ldb2 * k).map(|i| V::E::lit(value(i + 5_555))).collect();
            for accumulate in [false, true] {
                let start = if accumulate { 1.5 } else { f64::NAN };
                let mut c = vec![V::E::lit(start); ldc * n];
                // SAFETY: as above.
                unsafe {
                    gemm_nx_avx512::<V>(
                        m,
                        n,
                        k,
                        a2.as_ptr(),
                        lda2,
                        b2.as_ptr(),
                        ldb2,
                        1,
                        c.as_mut_ptr(),
                        ldc,
                        accumulate,
                    )
                };
                for i in 0..m {
                    for j in 0..n {
                        let want: f64 = (0..k)
                            .map(|p| a2[i + p * lda2].to_f64() * b2[p * ldb2 + j].to_f64())
                            .sum::<f64>()
                            + if accumulate { 1.5 } else { 0.0 };
                        let got = c[i + j * ldc].to_f64();
                        assert!(
                            (got - want).abs() <= tol * k as f64,
                            "nx {m}x{n}x{k} ({i},{j}): {got} vs {want}"
                        );
                    }
                    for pad in m..ldc {
                        for j in 0..n {
                            let v = c[pad + j * ldc].to_f64();
                            assert!(v.is_nan() || v == 1.5, "padding written at ({pad},{j})");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn avx512_tiles_match_a_triple_loop() {
        if !std::is_x86_feature_detected!("avx512f") {
            eprintln!("no AVX-512 F on this CPU: the AVX-512 tiles are not checked");
            return;
        }
        check::<F32x16>(1e-6);
        check::<F64x8>(1e-14);
    }
}
