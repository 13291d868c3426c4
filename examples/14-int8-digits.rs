//! 14 — Int8 inference for microcontrollers without an FPU (issue 21): trains the 8×8 digits
//! network in `f32` (seeded), quantizes it post-training with the training images as
//! calibration (`Digits::quantize`: TensorFlow Lite's scheme, `typenet::quant`), compares the
//! test accuracy of the float network and of its integer-only twin, reports each layer's
//! quantization error, and writes the twin as a `static` in flash.
//!
//! ```sh
//! cargo run --release --example 14-int8-digits                 # train, quantize, compare
//! cargo run --release --example 14-int8-digits -- write DIR    # also write DIR/digits_q.rs, …
//! ```
//!
//! `write` puts into DIR the int8 twin as Rust source (`digits_q.rs`, `write_rust`), the float
//! network too (`digits_f32.rs`), the twin's parameters as text (`digits.qparams.txt`,
//! `write_text`) and the test images as `f32` text (`digits.inputs.txt`), which
//! `tools/reference/int8_reference.py` reads to compute the expected int8 outputs.
//! The committed copies are in `tests/data/int8/` and (the statics) `examples/embedded/src/`.
//! Exits 1 if the int8 accuracy falls more than 1 point below the float one.

#[path = "support/digits.rs"]
mod digits;

use std::process::ExitCode;

use digits::{Digits, accuracy, accuracy_int8, load, split, train};
use typenet::export::{Item, write_rust};
use typenet::quant::dequantization_error;
use typenet::rand_core::SeedableRng;
use typenet::rand_pcg::Pcg64;

/// The seed of the split, the initial weights and the minibatch order.
const SEED: u64 = 21;
/// Epochs of Adam.
const EPOCHS: usize = 30;
/// The fraction of each digit held out for testing (360 of 1,797).
const TEST: f64 = 0.2;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let samples = load();
    let mut rng = Pcg64::seed_from_u64(SEED);
    let (train_set, test_set) = split(&samples, TEST, &mut rng);
    let net = train(&train_set, EPOCHS, &mut rng);

    // Calibration: the training images (never the test set).
    let q = match net.quantize(train_set.iter().map(|s| &s.0)) {
        Ok(q) => q,
        Err(e) => {
            eprintln!("quantization failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (f, i) = (accuracy(&net, &test_set), accuracy_int8(&q, &test_set));
    println!(
        "{} training, {} test images; 64 → Dense(32, ReLU) → Dense(10, Softmax), Adam, {EPOCHS} epochs",
        train_set.len(),
        test_set.len()
    );
    println!(
        "test accuracy: f32 {f:.2}%, int8 {i:.2}% ({:+.2} points)",
        i - f
    );

    // Each layer's error: the int8 activation dequantized against the float one.
    let mut worst = [(0.0f64, 0.0f64); 2];
    for (x, _) in &test_set {
        let trace = net.forward_trace(x);
        let floats = [
            trace.layer1.a.as_slice().to_vec(),
            trace.layer2.a.as_slice().to_vec(),
        ];
        q.forward_layers(&q.quantize_input(x), |layer, out, params| {
            let (max, mean) = dequantization_error(&floats[layer - 1], out, params);
            let w = &mut worst[layer - 1];
            w.0 = w.0.max(max);
            w.1 += mean / test_set.len() as f64;
        });
    }
    for (k, (max, mean)) in worst.iter().enumerate() {
        println!(
            "layer {}: |int8 − f32| max {max:.5}, mean {mean:.5} (over the test set)",
            k + 1
        );
    }
    let f32_bytes = size_of_val(&net.layer1.weight) + size_of_val(&net.layer2.weight);
    let i8_bytes = size_of_val(q.layer1.weight()) + size_of_val(q.layer2.weight());
    println!(
        "weights: {f32_bytes} bytes in f32, {i8_bytes} in int8; the whole twin {} bytes, the float network {}",
        size_of_val(&q),
        size_of_val(&net)
    );

    if let [cmd, dir] = args.as_slice() {
        if cmd != "write" {
            eprintln!("usage: 14-int8-digits [write DIR]");
            return ExitCode::FAILURE;
        }
        if let Err(e) = write(std::path::Path::new(dir), &net, &q, &test_set) {
            eprintln!("writing failed: {e}");
            return ExitCode::FAILURE;
        }
    }
    if i < f - 1.0 {
        println!("FAIL: int8 more than 1 point below f32");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn write(
    dir: &std::path::Path,
    net: &Digits<f32>,
    q: &digits::DigitsQuantized,
    test_set: &[digits::Sample],
) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    let head = "// Written by `cargo run --release --example 14-int8-digits -- write DIR`. Do not edit.\n\n";
    let mut s = String::from(head);
    q.write_rust(&mut s, "DIGITS_Q", "DigitsQuantized")?;
    std::fs::write(dir.join("digits_q.rs"), s)?;
    let mut s = String::from(head);
    write_rust(&mut s, Item::Static, "DIGITS_F32", "Digits", net)?;
    std::fs::write(dir.join("digits_f32.rs"), s)?;
    let mut s = String::new();
    q.write_text(&mut s)?;
    std::fs::write(dir.join("digits.qparams.txt"), s)?;
    let mut s = String::new();
    for (x, _) in test_set {
        let line: Vec<String> = x.iter().map(|v| format!("{v:?}")).collect();
        s.push_str(&line.join(" "));
        s.push('\n');
    }
    std::fs::write(dir.join("digits.inputs.txt"), s)?;
    println!(
        "wrote {}/digits_q.rs, digits_f32.rs, digits.qparams.txt, digits.inputs.txt",
        dir.display()
    );
    Ok(())
}
