//! Int8 inference (issue 21): the quantized twins of the digits network and of the Iris network
//! equal the independent numpy reference (`tools/reference/int8_reference.py`) bit for bit, stay
//! within a point of the float networks' accuracy, are rebuilt exactly by `quantize` from the
//! committed float networks, take a quarter of the float weights' bytes, allocate nothing, and
//! refuse bad calibration data with errors naming the sample.
//!
//! The committed files in `tests/data/int8/`: `digits_q.rs`, `digits_f32.rs`,
//! `digits.qparams.txt` and `digits.inputs.txt` are written by
//! `cargo run --release --example 14-int8-digits -- write tests/data/int8`; the `iris_*` ones by
//! `TYPENET_INT8_WRITE=1 cargo test --test int8 write_iris -- --ignored`; every
//! `*.expected.txt` by `python tools/reference/int8_reference.py reference tests/data/int8/NAME`.

mod common;

#[path = "../examples/support/digits.rs"]
mod digits;
#[path = "../examples/support/iris.rs"]
#[allow(dead_code)]
mod iris;

use digits::{Digits, DigitsQuantized};
use typenet::prelude::*;
use typenet::quant::{QParams, QuantError};
use typenet::rand_core::SeedableRng;
use typenet::rand_pcg::Pcg64;

network! {
    /// The network of examples/10-iris.rs (and tests/iris.rs).
    pub struct Iris: 4 => Dense(8, Tanh) => Dense(3, Softmax); loss = CrossEntropy
    /// Every activation with an int8 form, no biases in the middle.
    pub struct Mixed: 3 => Dense(5, Sigmoid) => Dense(4, Identity, bias = false) => Dense(6, ReLU) => Dense(2, Tanh)
}

mod committed {
    use super::digits::{Digits, DigitsQuantized};
    use super::{Iris, IrisQuantized};
    // Generated (as `write_rust` writes them): not for rustfmt.
    #[rustfmt::skip]
    mod generated {
        use super::*;
        include!("data/int8/digits_q.rs");
        include!("data/int8/digits_f32.rs");
        include!("data/int8/iris_q.rs");
        include!("data/int8/iris_f32.rs");
    }
    pub use generated::*;
}
use committed::{DIGITS_F32, DIGITS_Q, IRIS_F32, IRIS_Q};

/// The digits example's seed and test fraction (examples/14-int8-digits.rs).
const DIGITS_SEED: u64 = 21;
/// Iris: examples/10-iris.rs's seed, test fraction and training.
const IRIS_SEED: u64 = 3;

/// `x0 … | y0 …` lines of a reference file.
fn expected(name: &str) -> Vec<(Vec<i8>, Vec<i8>)> {
    let path = format!(
        "{}/tests/data/int8/{name}.expected.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let ints = |s: &str| {
        s.split_whitespace()
            .map(|v| v.parse::<i8>().unwrap())
            .collect::<Vec<_>>()
    };
    text.lines()
        .map(|l| {
            let (x, y) = l.split_once(" | ").unwrap();
            (ints(x), ints(y))
        })
        .collect()
}

/// The float inputs of a reference file, as the test set was written.
fn inputs(name: &str) -> Vec<Vec<f32>> {
    let path = format!(
        "{}/tests/data/int8/{name}.inputs.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().map(|v| v.parse().unwrap()).collect())
        .collect()
}

fn committed_text(name: &str) -> String {
    let path = format!(
        "{}/tests/data/int8/{name}.qparams.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn digits_int8_equals_the_numpy_reference_bit_for_bit() {
    let cases = expected("digits");
    let floats = inputs("digits");
    assert_eq!(cases.len(), floats.len() + 256);
    for (k, (x, y)) in cases.iter().enumerate() {
        let x: [i8; 64] = x.as_slice().try_into().unwrap();
        if let Some(f) = floats.get(k) {
            // The reference quantized the float input itself: the same integers.
            let v = SVector::<f32, 64>::from_column_slice(f);
            assert_eq!(DIGITS_Q.quantize_input(&v), x, "input {k}");
        }
        assert_eq!(DIGITS_Q.forward(&x).as_slice(), y.as_slice(), "sample {k}");
    }
    // The text the reference read is the static's.
    let mut text = String::new();
    DIGITS_Q.write_text(&mut text).unwrap();
    assert_eq!(text, committed_text("digits"));
}

#[test]
fn iris_int8_equals_the_numpy_reference_bit_for_bit() {
    let cases = expected("iris");
    let floats = inputs("iris");
    assert_eq!(cases.len(), floats.len() + 256);
    for (k, (x, y)) in cases.iter().enumerate() {
        let x: [i8; 4] = x.as_slice().try_into().unwrap();
        if let Some(f) = floats.get(k) {
            let v = Vector4::from_column_slice(f);
            assert_eq!(IRIS_Q.quantize_input(&v), x, "input {k}");
        }
        assert_eq!(IRIS_Q.forward(&x).as_slice(), y.as_slice(), "sample {k}");
    }
    let mut text = String::new();
    IRIS_Q.write_text(&mut text).unwrap();
    assert_eq!(text, committed_text("iris"));
}

/// The digits split of the example: the same seeded generator, first used by the split.
fn digits_split() -> (Vec<digits::Sample>, Vec<digits::Sample>) {
    digits::split(&digits::load(), 0.2, &mut Pcg64::seed_from_u64(DIGITS_SEED))
}

#[test]
fn digits_quantize_rebuilds_the_committed_twin_and_keeps_the_accuracy() {
    let (train, test) = digits_split();
    assert_eq!((train.len(), test.len()), (1438, 359));
    let q = DIGITS_F32.quantize(train.iter().map(|s| &s.0)).unwrap();
    assert_eq!(q, DIGITS_Q);
    let f = digits::accuracy(&DIGITS_F32, &test);
    let i = digits::accuracy_int8(&q, &test);
    assert!(i >= f - 1.0, "int8 {i:.2}% vs f32 {f:.2}%");
    assert!(f > 95.0, "{f}");
}

/// Iris as examples/10-iris.rs splits, standardises and trains it (seed 3, 200 epochs).
fn iris_run() -> (Iris<f64>, Vec<iris::Pair>, Vec<iris::Pair>) {
    let samples = iris::parse(include_str!("../examples/data/iris.csv")).unwrap();
    let mut rng = Pcg64::seed_from_u64(IRIS_SEED);
    let (train_rows, test_rows) = iris::split(&samples, 0.2, &mut rng).unwrap();
    let st = iris::fit(&train_rows).unwrap();
    let train_set = iris::dataset(&st, &train_rows).unwrap();
    let test_set = iris::dataset(&st, &test_rows).unwrap();
    let mut net = Iris::<f64>::random(&mut rng);
    iris::train(&mut net, &train_set, &test_set, 200, 16, 0.01, &mut rng).unwrap();
    (net, train_set, test_set)
}

fn iris_accuracy_int8(q: &IrisQuantized, set: &[iris::Pair]) -> f64 {
    let right = set
        .iter()
        .filter(|(x, t)| {
            digits::argmax(&q.forward(&q.quantize_input(x))) == digits::argmax(t.as_slice())
        })
        .count();
    100.0 * right as f64 / set.len() as f64
}

#[test]
fn iris_quantize_rebuilds_the_committed_twin_and_keeps_the_accuracy() {
    let samples = iris::parse(include_str!("../examples/data/iris.csv")).unwrap();
    let mut rng = Pcg64::seed_from_u64(IRIS_SEED);
    let (train_rows, test_rows) = iris::split(&samples, 0.2, &mut rng).unwrap();
    let st = iris::fit(&train_rows).unwrap();
    let train_set = iris::dataset(&st, &train_rows).unwrap();
    let test_set = iris::dataset(&st, &test_rows).unwrap();
    let q = IRIS_F32.quantize(train_set.iter().map(|s| &s.0)).unwrap();
    assert_eq!(q, IRIS_Q);
    let f = iris::accuracy(&IRIS_F32, &test_set);
    let i = iris_accuracy_int8(&q, &test_set);
    assert!(i >= f - 1.0, "int8 {i:.2}% vs f64 {f:.2}%");
}

/// Writes the committed Iris files (the float network trained as example 10 does, its twin, the
/// test inputs). Run with `TYPENET_INT8_WRITE=1 cargo test --test int8 write_iris -- --ignored`,
/// then the Python reference.
#[test]
#[ignore]
fn write_iris() {
    if std::env::var_os("TYPENET_INT8_WRITE").is_none() {
        return;
    }
    let (net, train_set, test_set) = iris_run();
    let q = net.quantize(train_set.iter().map(|s| &s.0)).unwrap();
    let dir = format!("{}/tests/data/int8", env!("CARGO_MANIFEST_DIR"));
    let head = "// Written by `TYPENET_INT8_WRITE=1 cargo test --test int8 write_iris -- --ignored`. Do not edit.\n\n";
    let mut s = String::from(head);
    q.write_rust(&mut s, "IRIS_Q", "IrisQuantized").unwrap();
    std::fs::write(format!("{dir}/iris_q.rs"), s).unwrap();
    let mut s = String::from(head);
    typenet::export::write_rust(
        &mut s,
        typenet::export::Item::Static,
        "IRIS_F32",
        "Iris",
        &net,
    )
    .unwrap();
    std::fs::write(format!("{dir}/iris_f32.rs"), s).unwrap();
    let mut s = String::new();
    q.write_text(&mut s).unwrap();
    std::fs::write(format!("{dir}/iris.qparams.txt"), s).unwrap();
    let mut s = String::new();
    for (x, _) in &test_set {
        let line: Vec<String> = x.iter().map(|v| format!("{:?}", *v as f32)).collect();
        s.push_str(&line.join(" "));
        s.push('\n');
    }
    std::fs::write(format!("{dir}/iris.inputs.txt"), s).unwrap();
}

#[test]
fn int8_weights_take_a_quarter_of_the_f32_bytes() {
    assert_eq!(
        size_of_val(&DIGITS_F32.layer1.weight),
        4 * size_of_val(DIGITS_Q.layer1.weight())
    );
    assert_eq!(
        size_of_val(&DIGITS_F32.layer2.weight),
        4 * size_of_val(DIGITS_Q.layer2.weight())
    );
    let f32_weights = (64 * 32 + 32 * 10) * 4;
    let i8_weights = size_of::<[[i8; 64]; 32]>() + size_of::<[[i8; 32]; 10]>();
    assert_eq!(f32_weights, 4 * i8_weights);
    // The whole twin (biases, multipliers, shifts, the softmax table) under 40% of the float one.
    assert!(size_of::<DigitsQuantized>() * 10 < size_of::<Digits<f32>>() * 4);
}

#[test]
fn bad_calibration_data_names_the_sample() {
    let net = DIGITS_F32.clone();
    let none: [SVector<f32, 64>; 0] = [];
    assert_eq!(net.quantize(none), Err(QuantError::EmptyCalibration));
    let mut xs = vec![SVector::<f32, 64>::from_element(0.5); 5];
    xs[3][17] = f32::NAN;
    assert_eq!(
        net.quantize(&xs),
        Err(QuantError::NonFiniteSample { index: 3 })
    );
    xs[3][17] = 0.0;
    xs[1][0] = f32::NEG_INFINITY;
    assert_eq!(
        net.quantize(&xs),
        Err(QuantError::NonFiniteSample { index: 1 })
    );
    xs[1][0] = 0.0;
    assert!(net.quantize(&xs).is_ok());
    // A weight that overflows the layer: the activation is not finite on sample 0.
    let mut bad = net.clone();
    bad.layer1.weight[(0, 0)] = f32::MAX;
    bad.layer1.weight[(1, 0)] = f32::MAX;
    let ones = [SVector::<f32, 64>::from_element(1.0)];
    assert_eq!(
        bad.quantize(ones),
        Err(QuantError::NonFiniteActivation { index: 0, layer: 1 })
    );
    let msg = QuantError::NonFiniteSample { index: 3 }.to_string();
    assert_eq!(msg, "calibration sample 3 has a NaN or infinite entry");
}

#[test]
fn a_dead_layer_is_quantized_to_exact_zeros() {
    // Layer 1 has only zero weights and biases: its range is degenerate (all 0), scale 1.
    let mut net = DIGITS_F32.clone();
    net.layer1.weight.fill(0.0);
    net.layer1.bias.fill(0.0);
    let (train, test) = digits_split();
    let q = net.quantize(train.iter().map(|s| &s.0)).unwrap();
    assert_eq!(q.layer1.output(), QParams::new(1.0, -128));
    for (x, _) in test.iter().take(20) {
        let mut hidden = Vec::new();
        let y = q.forward_layers(&q.quantize_input(x), |layer, out, params| {
            if layer == 1 {
                hidden = out.iter().map(|&v| params.dequantize(v)).collect();
            }
        });
        assert!(hidden.iter().all(|&v| v == 0.0), "{hidden:?}");
        // The output is the softmax of layer 2's biases alone, the same for every image.
        let float = net.forward(x);
        let deq = q.dequantize_output(&y);
        for k in 0..10 {
            assert!(
                (deq[k] - float[k]).abs() < 0.02,
                "{k}: {} vs {}",
                deq[k],
                float[k]
            );
        }
    }
}

#[test]
fn every_supported_activation_stays_close_to_float() {
    // Sigmoid, Identity without bias, ReLU, Tanh: the dequantized output within a few steps.
    let net = Mixed::<f64>::random(&mut Pcg64::seed_from_u64(5));
    let mut rng = Pcg64::seed_from_u64(6);
    let xs: Vec<SVector<f64, 3>> = (0..200)
        .map(|_| SVector::<f64, 3>::from_fn(|_, _| 4.0 * typenet::init::unit_f64(&mut rng) - 2.0))
        .collect();
    let q = net.quantize(&xs).unwrap();
    assert_eq!(q.output_params(), QParams::TANH);
    for x in &xs {
        let want = net.forward(x);
        let got = q.dequantize_output(&q.forward(&q.quantize_input(x)));
        for k in 0..2 {
            assert!(
                (got[k] as f64 - want[k]).abs() < 0.05,
                "{x:?}: {got} vs {want}"
            );
        }
    }
}

#[test]
fn int8_forward_allocates_nothing() {
    let x = [3i8; 64];
    let (n, y) = common::count(|| {
        let y = DIGITS_Q.forward(&x);
        let z = IRIS_Q.forward(&[1, -2, 3, 127]);
        (y, z)
    });
    assert_eq!(n, 0);
    assert_eq!(y.0.len(), 10);
}
