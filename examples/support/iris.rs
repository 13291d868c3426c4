//! Fisher's Iris data, the reusable part: reading the CSV (with an error naming the line of a
//! malformed row), a seeded stratified train/test split, standardisation from the training
//! statistics, training with Adam through the [`Trainer`], accuracy and the confusion matrix.
//! Shared by `examples/10-iris.rs` and `tests/iris.rs`.
//!
//! The data (`examples/data/iris.csv`, 150 rows, public domain) is Fisher (1936) as scikit-learn
//! 1.9.1 bundles it (`sklearn/datasets/data/iris.csv`, the same as R's `iris`); the header and the
//! species names were written by `tools/reference/iris_csv.py`.

use core::fmt;

use typenet::optim::{Adam, AdamConfig, BuildError};
use typenet::prelude::*;
use typenet::rand_core::Rng;
use typenet::train::{Mode, TrainError, Trainer, mean_loss, shuffle};

/// The header the CSV must start with.
pub const HEADER: &str = "sepal_length,sepal_width,petal_length,petal_width,species";

/// The feature columns, in order (cm).
pub const FEATURES: [&str; 4] = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

/// The classes, in the order of the network's outputs.
pub const SPECIES: [&str; 3] = ["setosa", "versicolor", "virginica"];

/// One flower: four measurements (cm) and its species (an index into [`SPECIES`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    /// Sepal length, sepal width, petal length, petal width.
    pub features: [f64; 4],
    /// The species, an index into [`SPECIES`].
    pub class: usize,
}

/// What is wrong with a line of the CSV.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The input has no header line (it is empty or blank).
    MissingHeader,
    /// The first line is not [`HEADER`].
    WrongHeader {
        /// The line as found.
        found: String,
    },
    /// A row without exactly 5 comma-separated fields.
    FieldCount {
        /// How many fields the row has.
        found: usize,
    },
    /// A measurement that is not a decimal number.
    NotANumber {
        /// The column's name.
        column: &'static str,
        /// The field as found.
        text: String,
    },
    /// A measurement that parses but is NaN or infinite.
    NotFinite {
        /// The column's name.
        column: &'static str,
        /// The field as found.
        text: String,
    },
    /// A species that is not one of [`SPECIES`].
    UnknownSpecies {
        /// The field as found.
        text: String,
    },
}

/// A malformed line: which one (1-based, as an editor counts, the header being line 1) and
/// what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError {
    /// The line number, from 1.
    pub line: usize,
    /// What is wrong.
    pub problem: Problem,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: ", self.line)?;
        match &self.problem {
            Problem::MissingHeader => write!(f, "expected the header `{HEADER}`, found nothing"),
            Problem::WrongHeader { found } => {
                write!(f, "expected the header `{HEADER}`, found `{found}`")
            }
            Problem::FieldCount { found } => write!(
                f,
                "expected 5 comma-separated fields (4 measurements and the species), found {found}"
            ),
            Problem::NotANumber { column, text } if text.is_empty() => {
                write!(f, "`{column}` is empty, expected a number")
            }
            Problem::NotANumber { column, text } => {
                write!(f, "`{column}` is `{text}`, expected a number")
            }
            Problem::NotFinite { column, text } => {
                write!(f, "`{column}` is `{text}`, expected a finite number")
            }
            Problem::UnknownSpecies { text } => write!(
                f,
                "unknown species `{text}`, expected one of `setosa`, `versicolor`, `virginica`"
            ),
        }
    }
}

impl std::error::Error for CsvError {}

/// Parses the CSV text: the [`HEADER`] line, then one row per flower,
/// `5.1,3.5,1.4,0.2,setosa`. Fields are trimmed of spaces; `\r\n` line ends and blank lines
/// (which are skipped) are accepted; quoting is not (the file needs none: a quoted species is an
/// unknown species). The first malformed line is an error naming it.
pub fn parse(text: &str) -> Result<Vec<Sample>, CsvError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    let header = lines.next().ok_or(CsvError {
        line: 1,
        problem: Problem::MissingHeader,
    })?;
    let fields: Vec<&str> = header.1.split(',').map(str::trim).collect();
    if fields.join(",") != HEADER {
        return Err(CsvError {
            line: header.0,
            problem: Problem::WrongHeader {
                found: header.1.to_owned(),
            },
        });
    }
    lines
        .map(|(line, row)| parse_row(row).map_err(|problem| CsvError { line, problem }))
        .collect()
}

fn parse_row(row: &str) -> Result<Sample, Problem> {
    let fields: Vec<&str> = row.split(',').map(str::trim).collect();
    let [a, b, c, d, species] = fields[..] else {
        return Err(Problem::FieldCount {
            found: fields.len(),
        });
    };
    let mut features = [0.0; 4];
    for ((slot, text), column) in features.iter_mut().zip([a, b, c, d]).zip(FEATURES) {
        let value: f64 = text.parse().map_err(|_| Problem::NotANumber {
            column,
            text: text.to_owned(),
        })?;
        *slot = value;
        if !value.is_finite() {
            return Err(Problem::NotFinite {
                column,
                text: text.to_owned(),
            });
        }
    }
    let class =
        SPECIES
            .iter()
            .position(|&s| s == species)
            .ok_or_else(|| Problem::UnknownSpecies {
                text: species.to_owned(),
            })?;
    Ok(Sample { features, class })
}

/// Reads and parses the CSV file at `path`; the error names the file and, for a malformed row,
/// the line.
pub fn load(path: &str) -> Result<Vec<Sample>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    parse(&text).map_err(|e| format!("{path}: {e}"))
}

/// A stratified split: from each class, `test_per_class` samples chosen uniformly at random
/// (Fisher–Yates driven by `rng`) go to the test set, the rest to the training set. Both keep
/// the data set's order.
pub fn split<R: Rng + ?Sized>(
    samples: &[Sample],
    test_per_class: usize,
    rng: &mut R,
) -> (Vec<Sample>, Vec<Sample>) {
    let mut is_test = vec![false; samples.len()];
    for class in 0..SPECIES.len() {
        let mut members: Vec<usize> = (0..samples.len())
            .filter(|&i| samples[i].class == class)
            .collect();
        shuffle(&mut members, rng);
        for &i in members.iter().take(test_per_class) {
            is_test[i] = true;
        }
    }
    let pick = |test: bool| {
        samples
            .iter()
            .zip(&is_test)
            .filter(|&(_, &t)| t == test)
            .map(|(s, _)| *s)
            .collect()
    };
    (pick(false), pick(true))
}

/// Standardisation x' = (x − μ)/σ per feature, with μ and σ (population standard deviation) of
/// the training set only, so nothing of the test set leaks into training.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Standardize {
    /// μ per feature.
    pub mean: [f64; 4],
    /// σ per feature (1 for a constant feature, which then only gets centred).
    pub std: [f64; 4],
}

impl Standardize {
    /// μ and σ of `samples` (not empty).
    pub fn fit(samples: &[Sample]) -> Self {
        let n = samples.len().max(1) as f64;
        let mut mean = [0.0; 4];
        let mut std = [0.0; 4];
        for k in 0..4 {
            mean[k] = samples.iter().map(|s| s.features[k]).sum::<f64>() / n;
            let var = samples
                .iter()
                .map(|s| (s.features[k] - mean[k]).powi(2))
                .sum::<f64>()
                / n;
            std[k] = if var > 0.0 { var.sqrt() } else { 1.0 };
        }
        Standardize { mean, std }
    }

    /// The standardised input of one sample.
    pub fn input(&self, s: &Sample) -> Vector4<f64> {
        Vector4::from_fn(|k, _| (s.features[k] - self.mean[k]) / self.std[k])
    }

    /// (standardised input, one-hot target) pairs, what the network trains on.
    pub fn dataset(&self, samples: &[Sample]) -> Vec<(Vector4<f64>, Vector3<f64>)> {
        samples
            .iter()
            .map(|s| {
                (
                    self.input(s),
                    Vector3::from_fn(|k, _| f64::from(k == s.class)),
                )
            })
            .collect()
    }
}

/// The predicted class: the largest output (the first of equal ones).
pub fn predict<N>(net: &N, x: &Vector4<f64>) -> usize
where
    N: Network<f64, Input = Vector4<f64>, Output = Vector3<f64>>,
{
    net.forward(x).argmax().0
}

/// The class of a one-hot target.
fn class_of(t: &Vector3<f64>) -> usize {
    t.argmax().0
}

/// `m[true][predicted]`: how many samples of each class went to each class.
pub fn confusion<N>(net: &N, data: &[(Vector4<f64>, Vector3<f64>)]) -> [[usize; 3]; 3]
where
    N: Network<f64, Input = Vector4<f64>, Output = Vector3<f64>>,
{
    let mut m = [[0; 3]; 3];
    for (x, t) in data {
        m[class_of(t)][predict(net, x)] += 1;
    }
    m
}

/// The fraction of `data` classified correctly.
pub fn accuracy<N>(net: &N, data: &[(Vector4<f64>, Vector3<f64>)]) -> f64
where
    N: Network<f64, Input = Vector4<f64>, Output = Vector3<f64>>,
{
    let m = confusion(net, data);
    let correct: usize = (0..3).map(|k| m[k][k]).sum();
    correct as f64 / data.len().max(1) as f64
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
    train_set: &[(Vector4<f64>, Vector3<f64>)],
    test_set: &[(Vector4<f64>, Vector3<f64>)],
    epochs: usize,
    batch: usize,
    lr: f64,
    rng: &mut R,
) -> Result<Vec<Epoch>, TrainError>
where
    N: Trainable<f64, Target = Vector3<f64>>
        + Network<f64, Input = Vector4<f64>, Output = Vector3<f64>>,
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
