//! What the firmware computes and prints, and the host recomputes to check it: every line is
//! `key = v1 v2 …`, each value an `f32` written with `{:?}` (exact round trip).
//!
//! The host program (`examples/07-embedded.rs` in the main workspace) includes this same file,
//! so both sides run the same code on the same baked weights; only the elementary functions
//! differ (`libm` on the device, the platform's on the host).

use core::fmt::{self, Write};

use typenet::optim::{Adam, AdamConfig, Optimizer, StateOf, StepError};
use typenet::prelude::*;
use typenet::{ConfigError, NonFiniteError};

use crate::digits::DIGITS_Q;
use crate::nets::{GruState, SeedNet, Xor, XorGradients};
use crate::weights::{GRU, SEED, XOR};

/// The XOR truth table: inputs and targets.
pub const XOR_SAMPLES: [([f32; 2], f32); 4] = [
    ([0.0, 0.0], 0.0),
    ([0.0, 1.0], 1.0),
    ([1.0, 0.0], 1.0),
    ([1.0, 1.0], 0.0),
];

/// The seed's input x = (0.2, 0.5) and target t = (0.2, 0.7).
pub const SEED_X: [f32; 2] = [0.2, 0.5];
/// The seed's target.
pub const SEED_T: [f32; 2] = [0.2, 0.7];
/// The seed's learning rate.
pub const SEED_LR: f32 = 0.3;

/// Adam's learning rate for the on-device XOR step.
pub const XOR_ADAM_LR: f32 = 0.01;

/// Four test images of the 8×8 digits, on the int8 twin's input grid: the first four lines of
/// `tests/data/int8/digits.expected.txt` (a 7, a 0, …), as the numpy reference quantized them.
#[rustfmt::skip]
pub const DIGITS_X: [[i8; 64]; 4] = [
    [-128, -128, -96, 79, 127, 79, -64, -128, -128, -128, 15, 47, 15, 127, -16, -128, -128, -96, 111, -96, -96, 111, -96, -128, -128, -80, -80, -128, -1, 79, -96, -128, -128, -128, -112, 79, 127, 127, 31, -128, -128, -128, -128, 47, 79, -48, -112, -128, -128, -128, -128, 47, -32, -128, -128, -128, -128, -128, -80, 111, -96, -128, -128, -128],
    [-128, -128, -48, 95, 31, -16, -128, -128, -128, -128, 127, 127, 127, 127, -80, -128, -128, -80, 127, 31, -96, 127, -16, -128, -128, -16, 127, -80, -128, 63, -1, -128, -128, -1, 127, -112, -128, 63, -1, -128, -128, -16, 127, -48, -96, 127, -64, -128, -128, -96, 127, 111, 95, 79, -128, -128, -128, -128, -16, 111, 79, -96, -128, -128],
    [-128, -128, -16, -16, 79, 127, -64, -128, -128, -128, 79, 79, -32, 63, -16, -128, -128, -128, 31, -64, 31, 47, -112, -128, -128, -128, -1, 127, 31, -128, -128, -128, -128, -80, 95, 127, -128, -128, -128, -128, -128, -1, -1, 47, -48, -128, -128, -128, -128, -64, 31, 15, -1, -128, -128, -128, -128, -112, 47, 127, -32, -128, -128, -128],
    [-128, -64, 111, 127, 111, -64, -128, -128, -128, 47, 127, 95, 111, 127, -128, -128, -128, -80, -80, -128, 127, 95, -96, -128, -128, -128, 15, 127, 127, 127, -1, -128, -128, -128, 111, 127, 47, -112, -128, -128, -128, -128, 47, 79, -112, -128, -128, -128, -128, -64, 127, -48, -128, -128, -128, -128, -128, -64, 111, -128, -128, -128, -128, -128],
];

/// The int8 digits network's output, integers only (no floating point on this path, checked on
/// the Cortex-M0 by `check.sh`). Never inlined.
#[inline(never)]
pub fn digits_int8_forward(x: &[i8; 64]) -> [i8; 10] {
    DIGITS_Q.forward(x)
}

/// Steps of the GRU's input sequence.
pub const GRU_STEPS: usize = 32;

/// Input `n` of the GRU's sequence: a sawtooth of period 13 between −1 and 1 (exact in `f32`,
/// so host and device start from the same bits, no `sin` of either side involved).
pub fn gru_input(n: usize) -> f32 {
    ((n * 7) % 13) as f32 / 6.0 - 1.0
}

/// One streaming step of the baked GRU network, read straight from flash, advancing `state`.
/// Never inlined.
#[inline(never)]
pub fn gru_step(state: &mut GruState<f32>, x: f32) -> f32 {
    GRU.step(state, &Vector1::new(x))[0]
}

/// The baked XOR network's output, read straight from flash. Never inlined, so that its stack
/// use can be measured on its own.
#[inline(never)]
pub fn xor_forward(x: &Vector2<f32>) -> Vector1<f32> {
    XOR.forward(x)
}

/// The baked seed network's output, read straight from flash. Never inlined.
#[inline(never)]
pub fn seed_forward(x: &Vector2<f32>) -> Vector2<f32> {
    SEED.forward(x)
}

/// One plain gradient-descent step on one sample (no gradient buffer). Never inlined.
#[inline(never)]
pub fn seed_train_step(
    net: &mut SeedNet<f32>,
    x: &Vector2<f32>,
    t: &Vector2<f32>,
    lr: f32,
) -> Result<f32, NonFiniteError> {
    net.train_step(x, t, lr)
}

/// One Adam step (statically sized state) on the mean gradient of the whole truth table;
/// returns the mean loss before the step. Never inlined.
#[inline(never)]
pub fn xor_adam_step(
    net: &mut Xor<f32>,
    opt: &mut Adam<f32, StateOf<Xor<f32>>>,
) -> Result<f32, StepError> {
    let mut grads = XorGradients::<f32>::zeros();
    let mut loss = 0.0;
    for (x, t) in XOR_SAMPLES {
        loss += net.backward_into(&Vector2::from(x), &Vector1::new(t), &mut grads);
    }
    let n = XOR_SAMPLES.len() as f32;
    for g in grads.as_mut_slice() {
        *g /= n;
    }
    opt.step(net.params_mut(), grads.as_slice())?;
    Ok(loss / n)
}

/// The mean loss of `net` over the XOR truth table.
pub fn xor_mean_loss(net: &Xor<f32>) -> f32 {
    let total: f32 = XOR_SAMPLES
        .iter()
        .map(|(x, t)| net.loss(&Vector2::from(*x), &Vector1::new(*t)))
        .sum();
    total / XOR_SAMPLES.len() as f32
}

/// A fresh Adam for the XOR network, its state in a fixed-size array (an error only if
/// `XOR_ADAM_LR` were not a valid learning rate).
pub fn xor_adam() -> Result<Adam<f32, StateOf<Xor<f32>>>, ConfigError> {
    Adam::new(AdamConfig {
        lr: XOR_ADAM_LR,
        ..Default::default()
    })
}

fn line<W: Write>(out: &mut W, key: fmt::Arguments<'_>, values: &[f32]) -> fmt::Result {
    out.write_fmt(key)?;
    out.write_str(" =")?;
    for v in values {
        write!(out, " {v:?}")?;
    }
    out.write_char('\n')
}

/// Computes everything and writes one line per result. Allocates nothing.
pub fn report<W: Write>(out: &mut W) -> fmt::Result {
    // Inference from flash: the statics are read in place, never copied to RAM.
    for (x, _) in XOR_SAMPLES {
        let y = xor_forward(&Vector2::from(x));
        line(
            out,
            format_args!("xor.forward({},{})", x[0], x[1]),
            y.as_slice(),
        )?;
    }
    line(out, format_args!("xor.mean_loss"), &[xor_mean_loss(&XOR)])?;

    // Int8 inference (issue 21): each image's ten int8 outputs, exact as `f32`.
    for (k, x) in DIGITS_X.iter().enumerate() {
        let y = digits_int8_forward(x).map(f32::from);
        line(out, format_args!("digits_int8.forward[{k}]"), &y)?;
    }

    let x = Vector2::from(SEED_X);
    let t = Vector2::from(SEED_T);
    line(
        out,
        format_args!("seed.forward"),
        seed_forward(&x).as_slice(),
    )?;
    let (loss, grads) = SEED.backward(&x, &t);
    line(out, format_args!("seed.loss"), &[loss])?;
    line(out, format_args!("seed.gradient"), grads.as_slice())?;

    // Training on the device: a copy in RAM, stepped.
    let mut seed = SEED.clone();
    let before = seed_train_step(&mut seed, &x, &t, SEED_LR).map_err(|_| fmt::Error)?;
    line(out, format_args!("seed.train_step.loss_before"), &[before])?;
    line(out, format_args!("seed.train_step.params"), seed.params())?;
    line(
        out,
        format_args!("seed.train_step.loss_after"),
        &[seed.loss(&x, &t)],
    )?;

    let mut xor = XOR.clone();
    let mut adam = xor_adam().map_err(|_| fmt::Error)?;
    let before = xor_adam_step(&mut xor, &mut adam).map_err(|_| fmt::Error)?;
    line(out, format_args!("xor.adam_step.loss_before"), &[before])?;
    line(out, format_args!("xor.adam_step.params"), xor.params())?;
    line(
        out,
        format_args!("xor.adam_step.loss_after"),
        &[xor_mean_loss(&xor)],
    )?;

    // Streaming: the GRU stepped through the sequence from a zero state, eight outputs a line,
    // then its hidden state at the end; then reset and the first steps again.
    let mut state = GruState::<f32>::zeros();
    let mut ys = [0.0f32; GRU_STEPS];
    for (n, y) in ys.iter_mut().enumerate() {
        *y = gru_step(&mut state, gru_input(n));
    }
    for (k, chunk) in ys.chunks(8).enumerate() {
        line(
            out,
            format_args!("gru.step[{}..{}]", 8 * k, 8 * k + 8),
            chunk,
        )?;
    }
    line(out, format_args!("gru.state.h"), state.layer1.h.as_slice())?;
    state.reset();
    let again = [
        gru_step(&mut state, gru_input(0)),
        gru_step(&mut state, gru_input(1)),
    ];
    line(out, format_args!("gru.after_reset.step[0..2]"), &again)?;
    Ok(())
}
