//! The generated `step` of sequence networks whose Dense layer has more than 8 inputs: the
//! layer's product then runs through the layer's `affine` (the runtime's AVX2 product where the
//! CPU has it) instead of one unrolled left-to-right sum (issue 20). Checked in `f32` against the
//! same head computed in `f64` from the recurrent layer's new state, at every step of a
//! sequence, for heads of 16 and 64 inputs (LSTM(64) also alternates its W_hh product's
//! direction), and the traced step against `step` bit for bit.

use typenet::Parameters;
use typenet::prelude::*;

network! {
    pub struct GruHead: 1 => GRU(16) => Dense(3)
    pub struct LstmHead: 1 => LSTM(64) => Dense(1)
}

/// Deterministic values in (−s, s).
fn values(n: usize, salt: u64, s: f64) -> Vec<f32> {
    (0..n)
        .map(|k| {
            let mut z = (k as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt;
            z = (z ^ (z >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            (((z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0) * s) as f32
        })
        .collect()
}

/// y = W h + b in f64, W (O × H, row-major) and b the last O·H + O flat parameters.
fn head<const O: usize>(params: &[f32], h: &[f32]) -> [f64; O] {
    let n = params.len();
    let (w, b) = (&params[n - O * h.len() - O..n - O], &params[n - O..]);
    core::array::from_fn(|j| {
        b[j] as f64
            + (0..h.len())
                .map(|i| w[j * h.len() + i] as f64 * h[i] as f64)
                .sum::<f64>()
    })
}

#[test]
fn wide_dense_heads_in_the_step_are_the_products() {
    let flat = values(GruHead::<f32>::PARAMS, 1, 0.5);
    let net = GruHead::<f32>::from_params(&flat).unwrap();
    let (mut s, mut st) = (GruHeadState::zeros(), GruHeadState::zeros());
    let mut tr = GruHeadTrace::zeros();
    for t in 0..40 {
        let x = SVector::from([(t as f32 * 0.3).sin()]);
        let y = net.step(&mut s, &x);
        let want = head::<3>(&flat, s.layer1.h.as_slice());
        for j in 0..3 {
            assert!(
                (y[j] as f64 - want[j]).abs() <= 1e-5,
                "GRU(16) → Dense(3) step {t} [{j}]: {} against {}",
                y[j],
                want[j]
            );
        }
        assert_eq!(net.__step_traced(&mut st, &x, &mut tr), y, "step {t}");
    }
    let flat = values(LstmHead::<f32>::PARAMS, 2, 0.2);
    let net = LstmHead::<f32>::from_params(&flat).unwrap();
    let (mut s, mut st) = (LstmHeadState::zeros(), LstmHeadState::zeros());
    let mut tr = LstmHeadTrace::zeros();
    for t in 0..40 {
        let x = SVector::from([(t as f32 * 0.3).sin()]);
        let y = net.step(&mut s, &x);
        let want = head::<1>(&flat, s.layer1.h.as_slice());
        assert!(
            (y[0] as f64 - want[0]).abs() <= 1e-5,
            "LSTM(64) → Dense(1) step {t}: {} against {}",
            y[0],
            want[0]
        );
        assert_eq!(net.__step_traced(&mut st, &x, &mut tr), y, "step {t}");
    }
}
