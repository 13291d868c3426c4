//! Unit tests of the int8 building blocks; the whole networks are tested in `tests/int8.rs`.

use nalgebra::{SMatrix, SVector};

use super::*;

#[test]
fn from_range_holds_zero_and_spans_the_range() {
    let p = QParams::from_range(Range {
        min: -1.0,
        max: 3.0,
    });
    assert_eq!(p.scale, (4.0f64 / 255.0) as f32);
    assert_eq!(p.quantize(0.0) as i32, p.zero_point);
    assert_eq!(p.quantize(-1.0), -128);
    assert_eq!(p.quantize(3.0), 127);
    // Only positive values: the range is widened to 0, Z = −128.
    let p = QParams::from_range(Range { min: 2.0, max: 5.1 });
    assert_eq!(p.zero_point, -128);
    assert_eq!(p.dequantize(-128), 0.0);
}

#[test]
fn degenerate_range_gets_scale_one() {
    for r in [Range { min: 0.0, max: 0.0 }, Range::EMPTY] {
        let p = QParams::from_range(r);
        assert_eq!(p, QParams::new(1.0, -128));
        assert_eq!(p.dequantize(p.quantize(0.0)), 0.0);
    }
}

#[test]
fn quantize_saturates_and_survives_nan() {
    let p = QParams::new(0.1, 3);
    assert_eq!(p.quantize(1e30), 127);
    assert_eq!(p.quantize(-1e30), -128);
    assert_eq!(p.quantize(f32::NAN), 3);
    assert_eq!(p.quantize(0.25), 6); // 2.5 rounds away from zero
    assert_eq!(p.quantize(-0.25), 0);
}

#[test]
fn range_refuses_non_finite() {
    let mut r = Range::EMPTY;
    assert!(r.observe(&[1.0f32, -2.0]));
    assert!(!r.observe(&[0.0f32, f32::NAN]));
    assert!(!r.observe(&[f64::INFINITY]));
    assert_eq!(
        r,
        Range {
            min: -2.0,
            max: 1.0
        }
    );
}

/// A 3 → 2 layer, quantized, against the float layer on inputs on the int8 grid.
#[test]
fn dense_is_close_to_float() {
    let w = SMatrix::<f32, 3, 2>::from_column_slice(&[0.5, -0.25, 1.0, -2.0, 0.125, 0.75]);
    let b = SVector::<f32, 2>::new(0.1, -0.3);
    let input = QParams::from_range(Range {
        min: -1.0,
        max: 1.0,
    });
    let output = QParams::from_range(Range {
        min: -4.0,
        max: 3.0,
    });
    let q = QDense::quantize(&w, Some(&b), input, output, false, 1).unwrap();
    for x in [[0.3f32, -0.7, 0.9], [-1.0, 1.0, 0.0], [0.0, 0.0, 0.0]] {
        let xq = x.map(|v| input.quantize(v));
        let xr = SVector::<f32, 3>::from(xq.map(|v| input.dequantize(v)));
        let want = w.transpose() * xr + b;
        let got = q.forward(&xq);
        for j in 0..2 {
            let err = (output.dequantize(got[j]) - want[j]).abs();
            // One output step, plus the weights' rounding (half a step of S_w per weight).
            assert!(err <= output.scale + 0.03, "{x:?} neuron {j}: {err}");
        }
    }
}

#[test]
fn relu_clamps_at_the_zero_point() {
    let w = SMatrix::<f32, 1, 1>::new(1.0);
    let input = QParams::from_range(Range {
        min: -1.0,
        max: 1.0,
    });
    let output = QParams::from_range(Range { min: 0.0, max: 1.0 });
    let q = QDense::quantize(&w, None, input, output, true, 1).unwrap();
    assert_eq!(q.clamp(), (-128, 127));
    assert_eq!(q.forward(&[input.quantize(-0.8)]), [-128]);
    assert_eq!(
        output.dequantize(q.forward(&[input.quantize(0.5)])[0]),
        0.5019608
    );
}

#[test]
fn zero_weights_give_exact_zero() {
    // A layer whose weights and biases are all 0 (a degenerate range everywhere).
    let w = SMatrix::<f32, 4, 3>::zeros();
    let b = SVector::<f32, 3>::zeros();
    let input = QParams::from_range(Range {
        min: -2.0,
        max: 2.0,
    });
    let output = QParams::from_range(Range { min: 0.0, max: 0.0 });
    let q = QDense::quantize(&w, Some(&b), input, output, false, 1).unwrap();
    for x in [[-128i8, 0, 5, 127], [1, 2, 3, 4]] {
        let y = q.forward(&x);
        assert!(y.iter().all(|&v| output.dequantize(v) == 0.0), "{y:?}");
    }
}

#[test]
fn bad_parameters_are_errors() {
    let mut w = SMatrix::<f32, 2, 2>::identity();
    let p = QParams::new(0.01, 0);
    w[(1, 0)] = f32::NAN;
    assert_eq!(
        QDense::quantize(&w, None, p, p, false, 3),
        Err(QuantError::NonFiniteWeight { layer: 3 })
    );
    let w = SMatrix::<f32, 2, 2>::identity();
    let b = SVector::<f32, 2>::new(0.0, 1e30);
    assert_eq!(
        QDense::quantize(&w, Some(&b), p, p, false, 2),
        Err(QuantError::Overflow {
            layer: 2,
            neuron: 1
        })
    );
}

#[test]
fn forward_never_panics_on_any_parameters() {
    // act_min > act_max, extreme multipliers and shifts, overflowing biases: wraps, clamps.
    let q = QDense::<2, 2>::new(
        [[127, -128], [-128, -128]],
        [i32::MAX, i32::MIN],
        [i32::MIN, i32::MAX],
        [31, -31],
        QParams::new(1.0, 127),
        QParams::new(1.0, -128),
        100,
        -100,
    );
    for x in [[-128, -128], [127, 127], [0, 0]] {
        let _ = q.forward(&x);
    }
}

#[test]
fn sigmoid_and_tanh_tables() {
    let input = QParams::new(0.05, 10);
    let s = QLut::sigmoid(input);
    let t = QLut::tanh(input);
    for q in -128i8..=127 {
        let r = input.dequantize(q) as f64;
        let sig = 1.0 / (1.0 + (-r).exp());
        let got = QParams::SIGMOID.dequantize(s.apply(&[q])[0]) as f64;
        assert!(
            (got - sig).abs() <= 0.5 / 256.0 + 1e-9,
            "σ({r}) = {sig}, got {got}"
        );
        let got = QParams::TANH.dequantize(t.apply(&[q])[0]) as f64;
        // tanh(r) = 1 would be 128: clamped to 127.
        assert!(
            (got - r.tanh()).abs() <= 1.0 / 128.0 + 1e-9,
            "tanh({r}), got {got}"
        );
    }
    // Z_in stands for 0: σ(0) = 1/2 is 0, tanh(0) = 0.
    assert_eq!(s.apply(&[10]), [0]);
    assert_eq!(t.apply(&[10]), [0]);
}

#[test]
fn softmax_sums_to_one_and_keeps_the_argmax() {
    let input = QParams::new(0.1, 0);
    let sm = QSoftmax::new(input);
    let x = [10i8, -50, 30, 29, -128];
    let y = sm.apply(&x);
    let z: [f64; 5] = x.map(|v| input.dequantize(v) as f64);
    let total: f64 = z.iter().map(|v| v.exp()).sum();
    for k in 0..5 {
        let p = z[k].exp() / total;
        let got = QParams::SOFTMAX.dequantize(y[k]) as f64;
        assert!((got - p).abs() <= 1.0 / 256.0, "{k}: {p} vs {got}");
    }
    let argmax = |v: &[i8]| {
        (0..v.len())
            .max_by_key(|&k| (v[k], core::cmp::Reverse(k)))
            .unwrap()
    };
    assert_eq!(argmax(&y), 2);
    // One certain class saturates at 127, not 128.
    assert_eq!(sm.apply(&[127, -128]), [127, -128]);
    assert_eq!(sm.apply(&[0i8; 0]), [0i8; 0]);
}

#[test]
fn writers_round_trip_through_the_constructors() {
    let mut s = String::new();
    QParams::new(0.1, -3).write_rust(&mut s).unwrap();
    assert_eq!(s, "::typenet::quant::QParams::new(0.1, -3)");
    let q = QDense::<2, 1>::new(
        [[1, -2]],
        [5],
        [1 << 30],
        [-3],
        QParams::new(0.5, 1),
        QParams::new(0.25, -2),
        -128,
        127,
    );
    let mut s = String::new();
    q.write_text(&mut s, "l").unwrap();
    assert!(s.contains("l.weight 1 -2\n"), "{s}");
    assert!(s.contains("l.shape 1 2\n"), "{s}");
    assert!(s.contains("l.input_scale 0.5\n"), "{s}");
}

#[test]
fn blocked_and_portable_paths_give_the_same_integers() {
    use rand_core::{Rng, SeedableRng};
    let mut rng = rand_pcg::Pcg64::seed_from_u64(21);
    let mut byte = || (rng.next_u32() >> 24) as u8 as i8;
    // 7 neurons: one block of four and three alone; extreme weights and zero points included.
    let mut w = [[0i8; 37]; 7];
    for row in w.iter_mut() {
        for v in row.iter_mut() {
            *v = byte();
        }
    }
    w[0] = [-128; 37];
    let q = dense::QDense::new(
        w,
        [1000, -5, 0, 77, i32::MAX - 5000, -3, 12],
        [
            1 << 30,
            1_500_000_000,
            1 << 30,
            2_000_000_000,
            1 << 30,
            1_234_567_890,
            1 << 30,
        ],
        [-8, -10, 0, -12, -31, 2, -20],
        QParams::new(0.1, -7),
        QParams::new(0.2, 5),
        -128,
        127,
    );
    for _ in 0..500 {
        let mut x = [0i8; 37];
        for v in x.iter_mut() {
            *v = byte();
        }
        assert_eq!(
            dense::forward_blocked(&q, &x),
            dense::forward_portable(&q, &x)
        );
    }
}

#[test]
fn softmax_reciprocal_equals_the_division() {
    // Every sum the table can make for up to 256 outputs, through the reciprocal, against
    // ⌊(256·e + ⌊Σ/2⌋)/Σ⌋, for the extreme e (0, 1, half, Σ itself) and a spread between.
    let mut sum = 1u32;
    while sum <= 256 * 32768 {
        let k = 24 + (32 - (sum - 1).leading_zeros());
        let m = (1u64 << k).div_ceil(sum as u64);
        for e in [0, 1, sum / 3, sum / 2, sum.saturating_sub(1), sum]
            .into_iter()
            .filter(|&e| e <= 32768)
        {
            let n = (e << 8) + sum / 2;
            assert_eq!(((n as u64 * m) >> k) as u32, n / sum, "e {e}, sum {sum}");
        }
        sum += 1 + sum / 97;
    }
}
