//! Fisher's Iris data, the reusable part: loading the CSV with `typenet::data::csv` (errors name
//! the line, the column, the text and what was expected), a seeded stratified train/test split,
//! standardisation from the training statistics and one-hot targets (`typenet::data`), training
//! with Adam through the [`Trainer`], accuracy and the confusion matrix (`typenet::metrics`).
//! Shared by `examples/10-iris.rs` and `tests/iris.rs`.
//!
//! The data (`examples/data/iris.csv`, 150 rows, public domain) is Fisher (1936) as scikit-learn
//! 1.9.1 bundles it (`sklearn/datasets/data/iris.csv`, the same as R's `iris`); the header and the
//! species names were written by `tools/reference/iris_csv.py`.

use typenet::data::csv::{CsvError, load_classes, read_classes};
use typenet::data::{DataError, Fractions, Standardizer, one_hot, split_stratified};
use typenet::metrics::{ClassifierEvaluation, evaluate_classifier};
use typenet::optim::{Adam, AdamConfig, BuildError};
use typenet::prelude::*;
use typenet::rand_core::Rng;
use typenet::train::{Mode, TrainError, Trainer, mean_loss};

/// The feature columns, in order (cm).
pub const FEATURES: [&str; 4] = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

/// The column of the class.
pub const LABEL: &str = "species";

/// The classes, in the order of the network's outputs.
pub const SPECIES: [&str; 3] = ["setosa", "versicolor", "virginica"];

/// One flower: sepal length, sepal width, petal length, petal width (cm), and its species (an
/// index into [`SPECIES`]).
pub type Sample = (Vector4<f64>, usize);

/// One training pair: standardised measurements and the one-hot species.
pub type Pair = (Vector4<f64>, Vector3<f64>);

/// Parses CSV text with the columns [`FEATURES`] and [`LABEL`] (in any order, others ignored).
// NOTE: only tests/iris.rs parses text; the example loads the file.
#[allow(dead_code)]
pub fn parse(text: &str) -> Result<Vec<Sample>, CsvError> {
    read_classes(
        text.as_bytes(),
        FEATURES.map(Into::into),
        LABEL.into(),
        &SPECIES,
    )
}

/// Reads and parses the CSV file at `path`; the error names the file and, for a malformed row,
/// the line and the column.
pub fn load(path: &str) -> Result<Vec<Sample>, String> {
    load_classes(path, FEATURES.map(Into::into), LABEL.into(), &SPECIES)
        .map_err(|e| format!("{path}: {e}"))
}

/// A stratified split: `test` of each class (a fraction, 0.2 = 10 of Iris's 50 per species),
/// chosen by `rng`, go to the test set, the rest to the training set.
pub fn split<R: Rng + ?Sized>(
    samples: &[Sample],
    test: f64,
    rng: &mut R,
) -> Result<(Vec<Sample>, Vec<Sample>), Box<dyn std::error::Error>> {
    let labels: Vec<usize> = samples.iter().map(|s| s.1).collect();
    let mut order = vec![0; samples.len()];
    let s = split_stratified::<3, _>(&labels, &mut order, Fractions::new(0.0, test)?, rng)?;
    Ok((
        s.train_samples(samples).copied().collect(),
        s.test_samples(samples).copied().collect(),
    ))
}

/// Fits a [`Standardizer`] on the training samples' measurements.
pub fn fit(train_rows: &[Sample]) -> Result<Standardizer<4>, DataError> {
    Standardizer::fit(train_rows.iter().map(|s| &s.0))
}

/// (standardised input, one-hot target) pairs, what the network trains on.
pub fn dataset(st: &Standardizer<4>, samples: &[Sample]) -> Result<Vec<Pair>, DataError> {
    samples
        .iter()
        .map(|(x, class)| Ok((st.transform(x), one_hot(*class)?)))
        .collect()
}

/// Loss, accuracy and confusion matrix (rows: true species, columns: predicted) of `net` on
/// `data`.
pub fn evaluate<N>(net: &N, data: &[Pair]) -> ClassifierEvaluation<3>
where
    N: Trainable<f64, Input = Vector4<f64>, Output = Vector3<f64>, Target = Vector3<f64>>,
{
    evaluate_classifier(net, data).expect("the Iris sets are not empty")
}

/// The fraction of `data` classified correctly.
pub fn accuracy<N>(net: &N, data: &[Pair]) -> f64
where
    N: Trainable<f64, Input = Vector4<f64>, Output = Vector3<f64>, Target = Vector3<f64>>,
{
    evaluate(net, data).accuracy
}

/// One epoch's numbers, for the training curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Epoch {
    /// The mean training loss during the epoch (as the [`Trainer`] records it).
    pub train_loss: f64,
    /// The mean loss on the test set after the epoch.
    pub test_loss: f64,
    /// Training-set accuracy after the epoch.
    pub train_accuracy: f64,
    /// Test-set accuracy after the epoch.
    pub test_accuracy: f64,
}

/// Trains `net` for `epochs` epochs of minibatches of `batch` with Adam at learning rate `lr`,
/// reshuffled every epoch by `rng`, and returns every epoch's numbers.
///
/// The [`Trainer`] runs one epoch at a time so that the test set can be scored between epochs
/// (its progress callback cannot see the network it is training).
pub fn train<N, R>(
    net: &mut N,
    train_set: &[Pair],
    test_set: &[Pair],
    epochs: usize,
    batch: usize,
    lr: f64,
    rng: &mut R,
) -> Result<Vec<Epoch>, TrainError>
where
    N: Trainable<f64, Input = Vector4<f64>, Output = Vector3<f64>, Target = Vector3<f64>>,
    R: Rng + ?Sized,
{
    let config = AdamConfig {
        lr,
        ..Default::default()
    };
    let mut opt = Adam::<f64, Vec<f64>>::with_len(config, N::PARAMS).map_err(|e| match e {
        BuildError::Length(e) => TrainError::Buffer(e),
        BuildError::Config(e) => TrainError::Config(e),
    })?;
    let mut order = vec![0; train_set.len()];
    let mut history = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        let mut loss = [0.0];
        Trainer::new(Mode::MiniBatch(batch), 1)?
            .shuffled(&mut *rng)
            .run(net, &mut opt, train_set, &mut order, &mut loss, |_, _| {})?;
        history.push(Epoch {
            train_loss: loss[0],
            test_loss: mean_loss(net, test_set)?,
            train_accuracy: accuracy(net, train_set),
            test_accuracy: accuracy(net, test_set),
        });
    }
    Ok(history)
}
