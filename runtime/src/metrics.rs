//! Evaluation metrics: accuracy, the confusion matrix, per-class precision, recall and F1 (and
//! their macro averages), MSE, RMSE, MAE and R², and [`evaluate`] / [`evaluate_classifier`],
//! which score a network on a data set.
//!
//! Everything here works in `no_std` without a heap: the inputs are slices, a confusion matrix
//! is a `[[usize; C]; C]` ([`ConfusionMatrix`]) or a caller's buffer
//! ([`confusion_matrix_into`]). Sums are accumulated in `f64` whatever the network's scalar.
//!
//! # Edge cases, defined
//! - **No samples**: every metric returns [`MetricError::Empty`] (never the NaN of 0/0).
//! - **Lengths differ** (`y_true` and `y_pred`): [`MetricError::LengthMismatch`] with both.
//! - **A class label ≥ the number of classes**: [`MetricError::ClassOutOfRange`] naming the
//!   sample, the label and whether it was the true or the predicted one.
//! - **A class never predicted** (TP + FP = 0): its precision is 0, as scikit-learn's default
//!   `zero_division="warn"` returns (without the warning). Likewise a class that never occurs
//!   (TP + FN = 0) has recall 0, and F1 = 2TP / (2TP + FP + FN) is 0 when that denominator is 0.
//! - **Constant targets** in R² (Σ(t − t̄)² = 0): R² is 1 if every prediction is exact and 0
//!   otherwise, scikit-learn's `force_finite=True` default. A single sample falls under this
//!   rule too (scikit-learn returns NaN with a warning there).
//!
//! Metrics compare with scikit-learn's of the same name: `accuracy_score`, `confusion_matrix`
//! (rows are true classes, columns predicted), `precision_recall_fscore_support`,
//! `mean_squared_error`, `mean_absolute_error`, `r2_score` (multi-output:
//! `uniform_average`).
//!
//! Note the metric MSE, (1/n) Σ (t − y)², is not the seed's loss `MSE`, ½ Σ (t − y)² per
//! sample: [`Evaluation::loss`] reports the network's own loss, [`Evaluation::mse`] the metric.

use core::fmt;

use nalgebra::SVector;

use crate::{Network, Scalar, Trainable};

/// Why a metric could not be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricError {
    /// There are no samples: the mean over nothing is undefined.
    Empty,
    /// The true and predicted values are not equally many.
    LengthMismatch {
        /// Number of true values.
        y_true: usize,
        /// Number of predicted values.
        y_pred: usize,
    },
    /// A class label is not below the number of classes.
    ClassOutOfRange {
        /// The sample's index.
        index: usize,
        /// The label found.
        label: usize,
        /// The number of classes (labels must be `0..classes`).
        classes: usize,
        /// Whether the label is the predicted one (else the true one).
        predicted: bool,
    },
    /// A caller's confusion-matrix buffer does not have `classes²` slots.
    BufferSize {
        /// `classes * classes`.
        expected: usize,
        /// The buffer's length.
        found: usize,
    },
}

impl fmt::Display for MetricError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            MetricError::Empty => write!(f, "no samples: a metric needs at least one"),
            MetricError::LengthMismatch { y_true, y_pred } => write!(
                f,
                "{y_true} true values but {y_pred} predictions: expected as many of each"
            ),
            MetricError::ClassOutOfRange {
                index,
                label,
                classes,
                predicted,
            } => write!(
                f,
                "sample {index}: {} class {label}, expected a class below {classes}",
                if predicted { "predicted" } else { "true" }
            ),
            MetricError::BufferSize { expected, found } => write!(
                f,
                "confusion-matrix buffer of {found} slots, expected classes² = {expected}"
            ),
        }
    }
}

impl core::error::Error for MetricError {}

fn check_lengths(y_true: usize, y_pred: usize) -> Result<usize, MetricError> {
    if y_true != y_pred {
        return Err(MetricError::LengthMismatch { y_true, y_pred });
    }
    if y_true == 0 {
        return Err(MetricError::Empty);
    }
    Ok(y_true)
}

/// The index of the largest value, the first of equal ones; NaN is never the largest (all NaN,
/// or no values: 0). This is how a classifier's output becomes a class (PyTorch's
/// `argmax(dim=…)` on finite outputs).
pub fn argmax<T: Scalar>(values: &[T]) -> usize {
    let mut best: Option<(usize, T)> = None;
    for (i, &v) in values.iter().enumerate() {
        #[allow(clippy::eq_op)]
        // NOTE: `v != v` is the NaN test (`Scalar` has no `is_nan`).
        if v != v {
            continue;
        }
        match best {
            Some((_, b)) if v <= b => {}
            _ => best = Some((i, v)),
        }
    }
    best.map_or(0, |(i, _)| i)
}

/// The class a network predicts for `x`: the [`argmax`] of its output.
pub fn classify<T: Scalar, N, const I: usize, const C: usize>(net: &N, x: &SVector<T, I>) -> usize
where
    N: Network<T, Input = SVector<T, I>, Output = SVector<T, C>>,
{
    argmax(net.forward(x).as_slice())
}

/// The fraction of samples classified correctly: (1/n) Σ [y_true = y_pred]
/// (scikit-learn's `accuracy_score`).
pub fn accuracy(y_true: &[usize], y_pred: &[usize]) -> Result<f64, MetricError> {
    let n = check_lengths(y_true.len(), y_pred.len())?;
    let correct = y_true.iter().zip(y_pred).filter(|(t, p)| t == p).count();
    Ok(correct as f64 / n as f64)
}

/// Counts into `out`, a `classes × classes` row-major buffer (zeroed first): `out[t * classes +
/// p]` is the number of samples of true class `t` predicted as `p`. For a number of classes
/// known only at run time; [`confusion_matrix`] returns a [`ConfusionMatrix`] when it is a
/// constant.
///
/// On an error `out` is left zeroed.
pub fn confusion_matrix_into(
    y_true: &[usize],
    y_pred: &[usize],
    classes: usize,
    out: &mut [usize],
) -> Result<(), MetricError> {
    let expected = classes.saturating_mul(classes);
    if out.len() != expected {
        return Err(MetricError::BufferSize {
            expected,
            found: out.len(),
        });
    }
    out.fill(0);
    check_lengths(y_true.len(), y_pred.len())?;
    for (index, (&t, &p)) in y_true.iter().zip(y_pred).enumerate() {
        for (label, predicted) in [(t, false), (p, true)] {
            if label >= classes {
                out.fill(0);
                return Err(MetricError::ClassOutOfRange {
                    index,
                    label,
                    classes,
                    predicted,
                });
            }
        }
        out[t * classes + p] += 1;
    }
    Ok(())
}

/// The confusion matrix of `C` classes (scikit-learn's `confusion_matrix` with
/// `labels=range(C)`): rows are true classes, columns predicted ones.
pub fn confusion_matrix<const C: usize>(
    y_true: &[usize],
    y_pred: &[usize],
) -> Result<ConfusionMatrix<C>, MetricError> {
    let mut m = ConfusionMatrix::new();
    confusion_matrix_into(y_true, y_pred, C, m.counts.as_flattened_mut())?;
    Ok(m)
}

/// One class's scores, from a confusion matrix.
///
/// With TP the samples of the class predicted as it, FP the others predicted as it and FN the
/// samples of the class predicted as another:
/// precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2TP / (2TP + FP + FN) (the
/// harmonic mean of precision and recall). A zero denominator gives 0 (see the
/// [module docs](self#edge-cases-defined)).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClassScores {
    /// TP / (TP + FP): of the samples predicted as this class, the fraction that are.
    pub precision: f64,
    /// TP / (TP + FN): of the samples of this class, the fraction found.
    pub recall: f64,
    /// 2TP / (2TP + FP + FN).
    pub f1: f64,
    /// TP + FN: the number of samples of this class.
    pub support: usize,
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// The scores of `class` from a `classes × classes` row-major confusion matrix as
/// [`confusion_matrix_into`] writes it. A class (or a buffer length) out of range is an error.
pub fn class_scores(
    counts: &[usize],
    classes: usize,
    class: usize,
) -> Result<ClassScores, MetricError> {
    let expected = classes.saturating_mul(classes);
    if counts.len() != expected {
        return Err(MetricError::BufferSize {
            expected,
            found: counts.len(),
        });
    }
    if class >= classes {
        return Err(MetricError::ClassOutOfRange {
            index: 0,
            label: class,
            classes,
            predicted: false,
        });
    }
    let tp = counts[class * classes + class];
    let predicted: usize = (0..classes).map(|t| counts[t * classes + class]).sum();
    let support: usize = counts[class * classes..(class + 1) * classes].iter().sum();
    let (fp, fn_) = (predicted - tp, support - tp);
    Ok(ClassScores {
        precision: ratio(tp, tp + fp),
        recall: ratio(tp, tp + fn_),
        f1: ratio(2 * tp, 2 * tp + fp + fn_),
        support,
    })
}

/// A confusion matrix of `C` classes: `counts[t][p]` samples of true class `t` were predicted
/// as `p`. Built by [`confusion_matrix`] or [`evaluate_classifier`], or by hand.
///
/// Prints as a table (rows: true class, columns: predicted).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ConfusionMatrix<const C: usize> {
    /// `counts[true class][predicted class]`.
    pub counts: [[usize; C]; C],
}

impl<const C: usize> Default for ConfusionMatrix<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const C: usize> ConfusionMatrix<C> {
    /// All counts zero.
    pub const fn new() -> Self {
        ConfusionMatrix {
            counts: [[0; C]; C],
        }
    }

    /// Counts one sample of true class `t` predicted as `p`; `None` (and nothing counted) if
    /// either is not below `C`.
    pub fn add(&mut self, t: usize, p: usize) -> Option<()> {
        *self.counts.get_mut(t)?.get_mut(p)? += 1;
        Some(())
    }

    /// The number of samples counted.
    pub fn total(&self) -> usize {
        self.counts.iter().flatten().sum()
    }

    /// The fraction on the diagonal, `Σ counts[k][k] / Σ counts`; an empty matrix is
    /// [`MetricError::Empty`].
    pub fn accuracy(&self) -> Result<f64, MetricError> {
        let n = self.total();
        if n == 0 {
            return Err(MetricError::Empty);
        }
        Ok((0..C).map(|k| self.counts[k][k]).sum::<usize>() as f64 / n as f64)
    }

    /// The scores of `class` ([`ClassScores`]); `None` if `class ≥ C`.
    pub fn scores(&self, class: usize) -> Option<ClassScores> {
        class_scores(self.counts.as_flattened(), C, class).ok()
    }

    /// Precision, recall and F1 averaged over the `C` classes with equal weight (scikit-learn's
    /// `average="macro"` with `labels=range(C)`); the support is the total. `None` if `C = 0`.
    pub fn macro_average(&self) -> Option<ClassScores> {
        if C == 0 {
            return None;
        }
        let mut sum = ClassScores {
            precision: 0.0,
            recall: 0.0,
            f1: 0.0,
            support: 0,
        };
        for k in 0..C {
            let s = self.scores(k)?;
            sum.precision += s.precision;
            sum.recall += s.recall;
            sum.f1 += s.f1;
            sum.support += s.support;
        }
        let c = C as f64;
        sum.precision /= c;
        sum.recall /= c;
        sum.f1 /= c;
        Some(sum)
    }
}

impl<const C: usize> fmt::Display for ConfusionMatrix<C> {
    /// Rows are true classes, columns predicted ones, each count right-aligned; a width
    /// (`{:6}`) sets the column width (default: the widest count plus 2).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let widest = self
            .counts
            .iter()
            .flatten()
            .map(|&c| digits(c))
            .max()
            .unwrap_or(1);
        let w = f.width().unwrap_or(widest + 2);
        for (t, row) in self.counts.iter().enumerate() {
            if t > 0 {
                writeln!(f)?;
            }
            for c in row {
                write!(f, "{c:>w$}")?;
            }
        }
        Ok(())
    }
}

fn digits(mut n: usize) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// Mean squared error, (1/n) Σ (tᵢ − yᵢ)² (scikit-learn's `mean_squared_error`).
pub fn mse<T: Scalar>(y_true: &[T], y_pred: &[T]) -> Result<f64, MetricError> {
    let n = check_lengths(y_true.len(), y_pred.len())?;
    let sum: f64 = y_true
        .iter()
        .zip(y_pred)
        .map(|(t, y)| sq(t.to_f64() - y.to_f64()))
        .sum();
    Ok(sum / n as f64)
}

/// Root mean squared error, √MSE, in the unit of the targets.
pub fn rmse<T: Scalar>(y_true: &[T], y_pred: &[T]) -> Result<f64, MetricError> {
    mse(y_true, y_pred).map(sqrt)
}

/// Mean absolute error, (1/n) Σ |tᵢ − yᵢ| (scikit-learn's `mean_absolute_error`).
pub fn mae<T: Scalar>(y_true: &[T], y_pred: &[T]) -> Result<f64, MetricError> {
    let n = check_lengths(y_true.len(), y_pred.len())?;
    let sum: f64 = y_true
        .iter()
        .zip(y_pred)
        .map(|(t, y)| (t.to_f64() - y.to_f64()).abs())
        .sum();
    Ok(sum / n as f64)
}

/// The coefficient of determination, R² = 1 − Σ (tᵢ − yᵢ)² / Σ (tᵢ − t̄)², t̄ the mean target
/// (scikit-learn's `r2_score`): 1 for exact predictions, 0 for always predicting t̄, negative
/// for worse. Constant targets give 1 if every prediction is exact, else 0.
pub fn r2<T: Scalar>(y_true: &[T], y_pred: &[T]) -> Result<f64, MetricError> {
    let n = check_lengths(y_true.len(), y_pred.len())?;
    let mean = y_true.iter().map(|t| t.to_f64()).sum::<f64>() / n as f64;
    let (mut res, mut tot) = (0.0, 0.0);
    for (t, y) in y_true.iter().zip(y_pred) {
        let t = t.to_f64();
        res += sq(t - y.to_f64());
        tot += sq(t - mean);
    }
    Ok(r2_from(res, tot))
}

fn r2_from(res: f64, tot: f64) -> f64 {
    if tot == 0.0 {
        if res == 0.0 { 1.0 } else { 0.0 }
    } else {
        1.0 - res / tot
    }
}

fn sq(x: f64) -> f64 {
    x * x
}

fn sqrt(x: f64) -> f64 {
    <f64 as nalgebra::ComplexField>::sqrt(x)
}

/// A regression network's scores on a data set, from [`evaluate`].
///
/// With n samples of `O` outputs each, MSE and MAE average over all n·O values; R² is computed
/// per output and averaged (scikit-learn's `multioutput="uniform_average"`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation {
    /// The network's own loss, averaged over the samples (as [`crate::train::mean_loss`]).
    pub loss: f64,
    /// (1/(n·O)) Σ (t − y)².
    pub mse: f64,
    /// √mse.
    pub rmse: f64,
    /// (1/(n·O)) Σ |t − y|.
    pub mae: f64,
    /// The mean over outputs of 1 − Σ (t − y)² / Σ (t − t̄)².
    pub r2: f64,
    /// n.
    pub samples: usize,
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} samples: loss {:.6}, MSE {:.6}, RMSE {:.6}, MAE {:.6}, R² {:.4}",
            self.samples, self.loss, self.mse, self.rmse, self.mae, self.r2
        )
    }
}

/// Scores a regression network on `data`, (input, target) pairs as it trains on: its mean
/// loss, MSE, RMSE, MAE and R² ([`Evaluation`]). Two passes over the targets, one forward pass
/// per sample, no heap. An empty `data` is [`MetricError::Empty`].
pub fn evaluate<T, N, const I: usize, const O: usize>(
    net: &N,
    data: &[(SVector<T, I>, SVector<T, O>)],
) -> Result<Evaluation, MetricError>
where
    T: Scalar,
    N: Trainable<T, Input = SVector<T, I>, Output = SVector<T, O>, Target = SVector<T, O>>,
{
    if data.is_empty() {
        return Err(MetricError::Empty);
    }
    let n = data.len() as f64;
    let mut mean = [0.0f64; O];
    for (_, t) in data {
        for (m, v) in mean.iter_mut().zip(t.iter()) {
            *m += v.to_f64() / n;
        }
    }
    let (mut loss, mut squares, mut abs) = (0.0, 0.0, 0.0);
    let mut res = [0.0f64; O];
    let mut tot = [0.0f64; O];
    for (x, t) in data {
        loss += net.loss(x, t).to_f64();
        let y = net.forward(x);
        for k in 0..O {
            let (tk, yk) = (t[k].to_f64(), y[k].to_f64());
            let e = tk - yk;
            squares += e * e;
            abs += e.abs();
            res[k] += e * e;
            tot[k] += sq(tk - mean[k]);
        }
    }
    let values = n * O as f64;
    let r2 = if O == 0 {
        1.0
    } else {
        (0..O).map(|k| r2_from(res[k], tot[k])).sum::<f64>() / O as f64
    };
    let mse = squares / values;
    Ok(Evaluation {
        loss: loss / n,
        mse,
        rmse: sqrt(mse),
        mae: abs / values,
        r2,
        samples: data.len(),
    })
}

/// A classifier's scores on a data set, from [`evaluate_classifier`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClassifierEvaluation<const C: usize> {
    /// The network's own loss, averaged over the samples.
    pub loss: f64,
    /// The fraction classified correctly.
    pub accuracy: f64,
    /// Rows: true class (the target's [`argmax`]), columns: predicted ([`classify`]).
    pub confusion: ConfusionMatrix<C>,
}

impl<const C: usize> ClassifierEvaluation<C> {
    /// Precision, recall and F1 of `class`; `None` if `class ≥ C`.
    pub fn scores(&self, class: usize) -> Option<ClassScores> {
        self.confusion.scores(class)
    }

    /// The macro averages ([`ConfusionMatrix::macro_average`]).
    pub fn macro_average(&self) -> Option<ClassScores> {
        self.confusion.macro_average()
    }
}

impl<const C: usize> fmt::Display for ClassifierEvaluation<C> {
    /// A scikit-learn-like `classification_report`: per class precision, recall, F1 and
    /// support, then the macro average, the accuracy and the loss.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:>9} {:>9} {:>9} {:>9} {:>9}",
            "class", "precision", "recall", "f1", "support"
        )?;
        for k in 0..C {
            if let Some(s) = self.scores(k) {
                writeln!(
                    f,
                    "{k:>9} {:>9.4} {:>9.4} {:>9.4} {:>9}",
                    s.precision, s.recall, s.f1, s.support
                )?;
            }
        }
        if let Some(s) = self.macro_average() {
            writeln!(
                f,
                "{:>9} {:>9.4} {:>9.4} {:>9.4} {:>9}",
                "macro", s.precision, s.recall, s.f1, s.support
            )?;
        }
        write!(f, "accuracy {:.4}, loss {:.6}", self.accuracy, self.loss)
    }
}

/// Scores a classifier on `data`, (input, one-hot target) pairs as it trains on: its mean
/// loss, the accuracy and the confusion matrix (and through it per-class precision, recall
/// and F1). The true class is the target's [`argmax`], the predicted one the output's. No heap;
/// an empty `data` is [`MetricError::Empty`].
pub fn evaluate_classifier<T, N, const I: usize, const C: usize>(
    net: &N,
    data: &[(SVector<T, I>, SVector<T, C>)],
) -> Result<ClassifierEvaluation<C>, MetricError>
where
    T: Scalar,
    N: Trainable<T, Input = SVector<T, I>, Output = SVector<T, C>, Target = SVector<T, C>>,
{
    if data.is_empty() {
        return Err(MetricError::Empty);
    }
    let mut confusion = ConfusionMatrix::new();
    let mut loss = 0.0;
    for (x, t) in data {
        loss += net.loss(x, t).to_f64();
        // NOTE: both indices come from `argmax` over C values, so they are below C.
        let _ = confusion.add(argmax(t.as_slice()), classify(net, x));
    }
    Ok(ClassifierEvaluation {
        loss: loss / data.len() as f64,
        accuracy: confusion.accuracy()?,
        confusion,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    /// scikit-learn's documentation example of `confusion_matrix` and
    /// `precision_recall_fscore_support`: y_true = [2, 0, 2, 2, 0, 1], y_pred = [0, 0, 2, 2, 0, 2].
    const T: [usize; 6] = [2, 0, 2, 2, 0, 1];
    const P: [usize; 6] = [0, 0, 2, 2, 0, 2];

    #[test]
    fn confusion_matrix_matches_scikit_learn() {
        let m = confusion_matrix::<3>(&T, &P).unwrap();
        assert_eq!(m.counts, [[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
        assert_eq!(m.total(), 6);
        close(m.accuracy().unwrap(), 4.0 / 6.0);
        close(accuracy(&T, &P).unwrap(), 4.0 / 6.0);
        assert_eq!(m.to_string(), "  2  0  0\n  0  0  1\n  1  0  2");
        assert_eq!(format!("{m:4}"), "   2   0   0\n   0   0   1\n   1   0   2");
    }

    #[test]
    fn per_class_scores_match_scikit_learn() {
        // precision_recall_fscore_support(T, P): precision [2/3, 0, 2/3], recall [1, 0, 2/3],
        // f1 [0.8, 0, 2/3], support [2, 1, 3]. Class 1 is never predicted: precision 0.
        let m = confusion_matrix::<3>(&T, &P).unwrap();
        let want = [
            (2.0 / 3.0, 1.0, 0.8, 2),
            (0.0, 0.0, 0.0, 1),
            (2.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0, 3),
        ];
        for (k, (p, r, f1, s)) in want.into_iter().enumerate() {
            let got = m.scores(k).unwrap();
            close(got.precision, p);
            close(got.recall, r);
            close(got.f1, f1);
            assert_eq!(got.support, s);
        }
        assert_eq!(m.scores(3), None);
        // average="macro": precision 4/9, recall 5/9, f1 (0.8 + 2/3)/3 = 0.48888…
        let avg = m.macro_average().unwrap();
        close(avg.precision, 4.0 / 9.0);
        close(avg.recall, 5.0 / 9.0);
        close(avg.f1, (0.8 + 2.0 / 3.0) / 3.0);
        assert_eq!(avg.support, 6);
    }

    #[test]
    fn caller_buffer_and_its_errors() {
        let mut buf = [7usize; 9];
        confusion_matrix_into(&T, &P, 3, &mut buf).unwrap();
        assert_eq!(buf, [2, 0, 0, 0, 0, 1, 1, 0, 2]);
        let s = class_scores(&buf, 3, 0).unwrap();
        close(s.f1, 0.8);
        assert_eq!(
            confusion_matrix_into(&T, &P, 3, &mut [0; 8]),
            Err(MetricError::BufferSize {
                expected: 9,
                found: 8
            })
        );
        let e = confusion_matrix_into(&[0, 1], &[0, 5], 3, &mut buf).unwrap_err();
        assert_eq!(
            e,
            MetricError::ClassOutOfRange {
                index: 1,
                label: 5,
                classes: 3,
                predicted: true
            }
        );
        assert_eq!(
            e.to_string(),
            "sample 1: predicted class 5, expected a class below 3"
        );
        assert_eq!(buf, [0; 9]);
    }

    #[test]
    fn empty_and_mismatched_inputs_are_errors() {
        assert_eq!(accuracy(&[], &[]), Err(MetricError::Empty));
        assert_eq!(
            accuracy(&[1], &[1, 2]),
            Err(MetricError::LengthMismatch {
                y_true: 1,
                y_pred: 2
            })
        );
        assert_eq!(mse::<f64>(&[], &[]), Err(MetricError::Empty));
        assert_eq!(r2::<f32>(&[], &[]), Err(MetricError::Empty));
        assert_eq!(
            ConfusionMatrix::<2>::new().accuracy(),
            Err(MetricError::Empty)
        );
        assert_eq!(ConfusionMatrix::<0>::new().macro_average(), None);
    }

    #[test]
    fn regression_metrics_match_scikit_learn() {
        // scikit-learn's documentation examples: y_true = [3, -0.5, 2, 7],
        // y_pred = [2.5, 0.0, 2, 8]: MSE 0.375, MAE 0.5, R² 0.9486081370449679.
        let t = [3.0, -0.5, 2.0, 7.0];
        let y = [2.5, 0.0, 2.0, 8.0];
        close(mse(&t, &y).unwrap(), 0.375);
        close(rmse(&t, &y).unwrap(), 0.375f64.sqrt());
        close(mae(&t, &y).unwrap(), 0.5);
        close(r2(&t, &y).unwrap(), 0.9486081370449679);
        // Constant targets (force_finite): exact → 1, otherwise 0.
        assert_eq!(r2(&[2.0f32, 2.0], &[2.0, 2.0]), Ok(1.0));
        assert_eq!(r2(&[2.0f32, 2.0], &[2.0, 2.5]), Ok(0.0));
        assert_eq!(r2(&[1.0f64], &[1.0]), Ok(1.0));
        // Predicting the mean scores 0.
        close(r2(&[1.0, 2.0, 3.0], &[2.0, 2.0, 2.0]).unwrap(), 0.0);
    }

    #[test]
    fn argmax_takes_the_first_of_equals_and_skips_nan() {
        assert_eq!(argmax(&[0.1, 0.7, 0.7]), 1);
        assert_eq!(argmax(&[f64::NAN, -1.0, -2.0]), 1);
        assert_eq!(argmax::<f32>(&[f32::NAN, f32::NAN]), 0);
        assert_eq!(argmax::<f32>(&[]), 0);
        assert_eq!(argmax(&[f64::NEG_INFINITY, f64::NEG_INFINITY]), 0);
    }
}
