//! The 8×8 handwritten digits (`tests/data/digits/`, 1,797 samples from scikit-learn's copy of
//! the UCI set), the reusable part of issue 21: loading, a seeded stratified split, the float
//! network and its training with Adam (`f32`, seeded), and the accuracy of the float network and
//! of its int8 twin. Shared by `examples/14-int8-digits.rs`, `tests/int8.rs` and
//! `benches/int8.rs`.

#![allow(dead_code)]

use typenet::data::{Fractions, one_hot, split_stratified};
use typenet::optim::{Adam, AdamConfig};
use typenet::prelude::*;
use typenet::rand_core::Rng;
use typenet::train::{Mode, Trainer};

network! {
    /// 8×8 pixels in, ten digit probabilities out.
    pub struct Digits: 64 => Dense(32, ReLU) => Dense(10, Softmax); loss = CrossEntropy
}

/// The committed data: 65 bytes a sample, 64 pixels (0–16) then the label.
pub const DATA: &[u8] = include_bytes!("../../tests/data/digits/digits.bin");
/// Pixels per image.
pub const PIXELS: usize = 64;

/// An image (pixels / 16, in [0, 1]) and its digit.
pub type Sample = (SVector<f32, PIXELS>, usize);
/// An image and its one-hot target.
pub type Pair = (SVector<f32, PIXELS>, SVector<f32, 10>);

/// Every sample, in the file's order.
pub fn load() -> Vec<Sample> {
    DATA.chunks_exact(PIXELS + 1)
        .map(|r| {
            let x = SVector::<f32, PIXELS>::from_fn(|i, _| r[i] as f32 / 16.0);
            (x, r[PIXELS] as usize)
        })
        .collect()
}

/// A stratified split: `test` of each digit (a fraction) to the test set, chosen by `rng`.
pub fn split<R: Rng + ?Sized>(
    samples: &[Sample],
    test: f64,
    rng: &mut R,
) -> (Vec<Sample>, Vec<Sample>) {
    let labels: Vec<usize> = samples.iter().map(|s| s.1).collect();
    let mut order = vec![0; samples.len()];
    let fractions = Fractions::new(0.0, test).expect("a valid fraction");
    let s = split_stratified::<10, _>(&labels, &mut order, fractions, rng).expect("ten classes");
    (
        s.train_samples(samples).copied().collect(),
        s.test_samples(samples).copied().collect(),
    )
}

/// Trains a fresh network from `rng` with Adam (lr 0.005, minibatches of 32, reshuffled every
/// epoch) for `epochs` epochs.
pub fn train<R: Rng + ?Sized>(train_set: &[Sample], epochs: usize, rng: &mut R) -> Digits<f32> {
    let pairs: Vec<Pair> = train_set
        .iter()
        .map(|(x, c)| (*x, one_hot(*c).expect("a digit")))
        .collect();
    let mut net = Digits::<f32>::random(&mut *rng);
    let config = AdamConfig {
        lr: 0.005,
        ..Default::default()
    };
    let mut opt =
        Adam::<f32, Vec<f32>>::with_len(config, Digits::<f32>::PARAMS).expect("valid Adam");
    let mut order = vec![0; pairs.len()];
    let mut loss = vec![0.0; epochs];
    Trainer::new(Mode::MiniBatch(32), epochs)
        .expect("valid trainer")
        .shuffled(&mut *rng)
        .run(&mut net, &mut opt, &pairs, &mut order, &mut loss, |_, _| {})
        .expect("finite training");
    net
}

/// The index of the largest value, the first of equals.
pub fn argmax<V: PartialOrd + Copy>(v: &[V]) -> usize {
    (0..v.len()).fold(0, |best, k| if v[k] > v[best] { k } else { best })
}

/// The float network's accuracy on `set`, in percent.
pub fn accuracy(net: &Digits<f32>, set: &[Sample]) -> f64 {
    let right = set
        .iter()
        .filter(|(x, c)| argmax(net.forward(x).as_slice()) == *c)
        .count();
    100.0 * right as f64 / set.len() as f64
}

/// The int8 twin's accuracy on `set` (inputs quantized on the host), in percent.
pub fn accuracy_int8(q: &DigitsQuantized, set: &[Sample]) -> f64 {
    let right = set
        .iter()
        .filter(|(x, c)| argmax(&q.forward(&q.quantize_input(x))) == *c)
        .count();
    100.0 * right as f64 / set.len() as f64
}
