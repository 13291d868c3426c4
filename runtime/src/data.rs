//! Preparing data: a seeded train/validation/test split (stratified by class on request),
//! standardisation fitted on the training set ([`Standardizer`]), one-hot targets
//! ([`one_hot`]), and with the `csv` feature a CSV loader into typed samples (`data::csv`).
//!
//! Everything but the CSV loader is `no_std` without a heap: a split permutes sample *indices*
//! in a buffer the caller provides and returns three sub-slices of it, which select the samples
//! ([`Split::train_samples`] …) without copying them.
//!
//! ```
//! use typenet_runtime::data::{Fractions, split};
//! use rand_pcg::Pcg32;
//! use rand_core::SeedableRng;
//!
//! let samples = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
//! let mut order = [0; 10];
//! let fractions = Fractions::new(0.2, 0.2).unwrap();
//! let s = split(&mut order, fractions, &mut Pcg32::seed_from_u64(0)).unwrap();
//! assert_eq!((s.train.len(), s.validation.len(), s.test.len()), (6, 2, 2));
//! let test: Vec<i32> = s.test_samples(&samples).copied().collect();
//! assert_eq!(test.len(), 2);
//! ```

#[cfg(feature = "csv")]
pub mod csv;

use core::fmt;

use nalgebra::SVector;
use rand_core::Rng;

use crate::Scalar;
use crate::error::ConfigError;
use crate::train::shuffle;

/// Why data could not be prepared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataError {
    /// There are no samples.
    Empty,
    /// The index buffer does not have one slot per sample.
    BufferLength {
        /// The number of samples.
        expected: usize,
        /// The buffer's length.
        found: usize,
    },
    /// A class label is not below the number of classes.
    ClassOutOfRange {
        /// The sample's index.
        index: usize,
        /// The label found.
        label: usize,
        /// The number of classes.
        classes: usize,
    },
    /// A feature has a non-finite value (NaN or ±∞), found while fitting a [`Standardizer`].
    NonFinite {
        /// The sample's index.
        index: usize,
        /// The feature (input) index.
        feature: usize,
    },
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DataError::Empty => write!(f, "no samples"),
            DataError::BufferLength { expected, found } => write!(
                f,
                "index buffer of {found} slots, expected one per sample ({expected})"
            ),
            DataError::ClassOutOfRange {
                index,
                label,
                classes,
            } => write!(
                f,
                "sample {index}: class {label}, expected a class below {classes}"
            ),
            DataError::NonFinite { index, feature } => write!(
                f,
                "sample {index}: feature {feature} is not finite, expected a finite number"
            ),
        }
    }
}

impl core::error::Error for DataError {}

/// The fractions of the samples that go to the validation and the test set; the training set
/// gets the rest.
///
/// A set of n samples (per class, when stratified) gets round(fraction · n) of them (halves
/// round up), the test set first, the validation set at most what is left.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fractions {
    validation: f64,
    test: f64,
}

impl Fractions {
    /// `validation` and `test` must each be in [0, 1] and add up to at most 1; otherwise the
    /// error names the offending one (``invalid `test` = 1.5: must be in [0, 1]``).
    pub fn new(validation: f64, test: f64) -> Result<Self, ConfigError> {
        for (name, value) in [("validation", validation), ("test", test)] {
            if !(0.0..=1.0).contains(&value) {
                return Err(ConfigError {
                    param: name,
                    value,
                    rule: "must be in [0, 1]",
                });
            }
        }
        if validation + test > 1.0 {
            return Err(ConfigError {
                param: "validation",
                value: validation,
                rule: "must be ≤ 1 − test (validation + test ≤ 1)",
            });
        }
        Ok(Fractions { validation, test })
    }

    /// The validation fraction.
    pub fn validation(&self) -> f64 {
        self.validation
    }

    /// The test fraction.
    pub fn test(&self) -> f64 {
        self.test
    }

    /// (validation, test) counts for `n` samples.
    fn counts(&self, n: usize) -> (usize, usize) {
        let round = |f: f64| {
            let c = libm_floor(f * n as f64 + 0.5);
            if c >= n as f64 { n } else { c as usize }
        };
        let test = round(self.test);
        let validation = round(self.validation).min(n - test);
        (validation, test)
    }
}

fn libm_floor(x: f64) -> f64 {
    <f64 as nalgebra::ComplexField>::floor(x)
}

/// Three disjoint sets of sample indices that together are `0..n`, sub-slices of the caller's
/// buffer; each in random order.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The training set's indices.
    pub train: &'a [usize],
    /// The validation set's indices.
    pub validation: &'a [usize],
    /// The test set's indices.
    pub test: &'a [usize],
}

impl<'a> Split<'a> {
    /// The training samples, by reference, in the split's order.
    pub fn train_samples<'s, S>(
        &self,
        samples: &'s [S],
    ) -> impl Iterator<Item = &'s S> + use<'a, 's, S> {
        pick(samples, self.train)
    }

    /// The validation samples, by reference.
    pub fn validation_samples<'s, S>(
        &self,
        samples: &'s [S],
    ) -> impl Iterator<Item = &'s S> + use<'a, 's, S> {
        pick(samples, self.validation)
    }

    /// The test samples, by reference.
    pub fn test_samples<'s, S>(
        &self,
        samples: &'s [S],
    ) -> impl Iterator<Item = &'s S> + use<'a, 's, S> {
        pick(samples, self.test)
    }
}

/// `samples[i]` for each `i` of `indices` (indices out of range are skipped: a [`Split`] of as
/// many samples has none).
fn pick<'a, 's, S>(
    samples: &'s [S],
    indices: &'a [usize],
) -> impl Iterator<Item = &'s S> + use<'a, 's, S> {
    indices.iter().filter_map(move |&i| samples.get(i))
}

/// A seeded random split of `order.len()` samples into training, validation and test sets
/// (scikit-learn's `train_test_split`, applied twice). `order` is overwritten with a
/// permutation of `0..n`; the returned sets are its consecutive parts (train, validation,
/// test). The same generator state gives the same split.
pub fn split<'a, R: Rng + ?Sized>(
    order: &'a mut [usize],
    fractions: Fractions,
    rng: &mut R,
) -> Result<Split<'a>, DataError> {
    let n = order.len();
    if n == 0 {
        return Err(DataError::Empty);
    }
    for (i, o) in order.iter_mut().enumerate() {
        *o = i;
    }
    shuffle(order, rng);
    let (validation, test) = fractions.counts(n);
    Ok(parts(order, validation, test))
}

fn parts(order: &mut [usize], validation: usize, test: usize) -> Split<'_> {
    let train = order.len() - validation - test;
    let (train_part, rest) = order.split_at(train);
    let (validation_part, test_part) = rest.split_at(validation);
    Split {
        train: train_part,
        validation: validation_part,
        test: test_part,
    }
}

/// A split that keeps each class's share in every set (scikit-learn's `stratify=y`): each of
/// the `C` classes, with nᶜ samples, gives round(fraction · nᶜ) of them to the test and the
/// validation set (see [`Fractions`]). `labels[i]` is sample i's class; `order` must have one
/// slot per label. Within each set the order is random.
pub fn split_stratified<'a, const C: usize, R: Rng + ?Sized>(
    labels: &[usize],
    order: &'a mut [usize],
    fractions: Fractions,
    rng: &mut R,
) -> Result<Split<'a>, DataError> {
    let n = labels.len();
    if n == 0 {
        return Err(DataError::Empty);
    }
    if order.len() != n {
        return Err(DataError::BufferLength {
            expected: n,
            found: order.len(),
        });
    }
    let mut per_class = [0usize; C];
    for (index, &label) in labels.iter().enumerate() {
        *per_class.get_mut(label).ok_or(DataError::ClassOutOfRange {
            index,
            label,
            classes: C,
        })? += 1;
    }
    let mut want = [(0usize, 0usize); C];
    for (w, &count) in want.iter_mut().zip(&per_class) {
        *w = fractions.counts(count);
    }
    for (i, o) in order.iter_mut().enumerate() {
        *o = i;
    }
    shuffle(order, rng);
    // Walk the shuffled order; a sample's set is decided by how many of its class came before
    // it: the first `test` go to the test set, the next `validation` to the validation set.
    // The three sets are then gathered by one in-place three-way partition (Dijkstra's Dutch
    // national flag), with the set stored as the key `set · n + index` meanwhile.
    let mut seen = [0usize; C];
    let (mut validation, mut test) = (0, 0);
    for o in order.iter_mut() {
        let class = labels[*o];
        let (v, t) = want[class];
        let set = if seen[class] < t {
            test += 1;
            2
        } else if seen[class] < t + v {
            validation += 1;
            1
        } else {
            0
        };
        seen[class] += 1;
        // NOTE: set ≤ 2 and index < n; only absurd sizes (n > usize::MAX / 3) could overflow.
        *o += set * n;
    }
    let (mut low, mut mid, mut high) = (0, 0, n);
    while mid < high {
        match order[mid] / n {
            0 => {
                order.swap(low, mid);
                low += 1;
                mid += 1;
            }
            1 => mid += 1,
            _ => {
                high -= 1;
                order.swap(mid, high);
            }
        }
    }
    for o in order.iter_mut() {
        *o %= n;
    }
    Ok(parts(order, validation, test))
}

/// The one-hot vector of `class`: 1 at `class`, 0 elsewhere (Keras's `to_categorical`,
/// PyTorch's `one_hot`); the target a `Softmax`/`CrossEntropy` network trains on. A class
/// not below `C` is an error.
pub fn one_hot<T: Scalar, const C: usize>(class: usize) -> Result<SVector<T, C>, DataError> {
    if class >= C {
        return Err(DataError::ClassOutOfRange {
            index: 0,
            label: class,
            classes: C,
        });
    }
    Ok(SVector::from_fn(|i, _| {
        if i == class { T::one() } else { T::zero() }
    }))
}

/// Standardisation per input feature, x′ = (x − μ) / σ, with μ and σ of the training set only
/// (scikit-learn's `StandardScaler`; σ is the population standard deviation, ddof = 0).
///
/// A feature with zero variance gets σ = 1, so it is only centred (to 0), never divided by 0
/// (as scikit-learn does). Keep the fitted standardiser with the model: it is part of it. It
/// prints as one line (`mean 5.8 3.05 std 0.82 0.43`, shortest round-trip decimals) that
/// [`Standardizer::parse`] reads back, and the fields are public so a trained one can be a
/// `const`: `Standardizer { mean: [5.8, 3.05], std: [0.82, 0.43] }`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Standardizer<const F: usize> {
    /// μ per feature.
    pub mean: [f64; F],
    /// σ per feature (1 for a zero-variance feature).
    pub std: [f64; F],
}

impl<const F: usize> Standardizer<F> {
    /// Fits μ and σ to `inputs` (Welford's one-pass algorithm, in `f64`). No inputs, or a
    /// non-finite value, is an error naming the sample and the feature.
    pub fn fit<'a, T: Scalar>(
        inputs: impl IntoIterator<Item = &'a SVector<T, F>>,
    ) -> Result<Self, DataError> {
        let mut mean = [0.0f64; F];
        let mut m2 = [0.0f64; F];
        let mut n = 0usize;
        for (index, x) in inputs.into_iter().enumerate() {
            n += 1;
            for feature in 0..F {
                let v = x[feature].to_f64();
                if !v.is_finite() {
                    return Err(DataError::NonFinite { index, feature });
                }
                let d = v - mean[feature];
                mean[feature] += d / n as f64;
                m2[feature] += d * (v - mean[feature]);
            }
        }
        if n == 0 {
            return Err(DataError::Empty);
        }
        let mut std = [1.0f64; F];
        for (s, m) in std.iter_mut().zip(&m2) {
            let var = m / n as f64;
            if var > 0.0 {
                *s = <f64 as nalgebra::ComplexField>::sqrt(var);
            }
        }
        Ok(Standardizer { mean, std })
    }

    /// (x − μ) / σ.
    pub fn transform<T: Scalar>(&self, x: &SVector<T, F>) -> SVector<T, F> {
        SVector::from_fn(|k, _| T::lit((x[k].to_f64() - self.mean[k]) / self.std[k]))
    }

    /// x′ · σ + μ, the inverse of [`transform`](Self::transform).
    pub fn inverse<T: Scalar>(&self, x: &SVector<T, F>) -> SVector<T, F> {
        SVector::from_fn(|k, _| T::lit(x[k].to_f64() * self.std[k] + self.mean[k]))
    }

    /// Transforms the inputs of (input, target) samples in place.
    pub fn transform_samples<T: Scalar, Y>(&self, samples: &mut [(SVector<T, F>, Y)]) {
        for (x, _) in samples {
            *x = self.transform(x);
        }
    }

    /// Reads the line [`Display`](fmt::Display) writes: `mean`, F numbers, `std`, F numbers,
    /// separated by whitespace. Errors name the word and what was expected.
    pub fn parse(line: &str) -> Result<Self, StandardizerParseError> {
        let mut words = line.split_whitespace();
        let mut out = Standardizer {
            mean: [0.0; F],
            std: [1.0; F],
        };
        for (label, values) in [("mean", &mut out.mean), ("std", &mut out.std)] {
            match words.next() {
                Some(w) if w == label => {}
                found => {
                    return Err(StandardizerParseError {
                        position: 0,
                        expected: label,
                        found_end: found.is_none(),
                    });
                }
            }
            for (i, v) in values.iter_mut().enumerate() {
                let parsed = words.next().map(str::parse::<f64>);
                match parsed {
                    Some(Ok(x)) if x.is_finite() && (label == "mean" || x > 0.0) => *v = x,
                    other => {
                        return Err(StandardizerParseError {
                            position: i + 1,
                            expected: if label == "mean" {
                                "a finite mean"
                            } else {
                                "a finite standard deviation > 0"
                            },
                            found_end: other.is_none(),
                        });
                    }
                }
            }
        }
        if words.next().is_some() {
            return Err(StandardizerParseError {
                position: F + 1,
                expected: "the end of the line",
                found_end: false,
            });
        }
        Ok(out)
    }
}

impl<const F: usize> fmt::Display for Standardizer<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "mean")?;
        for m in &self.mean {
            write!(f, " {m:?}")?;
        }
        write!(f, " std")?;
        for s in &self.std {
            write!(f, " {s:?}")?;
        }
        Ok(())
    }
}

/// A [`Standardizer`] line that could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StandardizerParseError {
    /// 0 for a missing `mean`/`std` word, k for the k-th number after it, F + 1 for extra words.
    pub position: usize,
    /// What was expected there.
    pub expected: &'static str,
    /// Whether the line ended there (else a wrong word was found).
    pub found_end: bool,
}

impl fmt::Display for StandardizerParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let found = if self.found_end {
            "the end of the line"
        } else {
            "something else"
        };
        write!(
            f,
            "standardizer line, word {}: expected {}, found {found}",
            self.position, self.expected
        )
    }
}

impl core::error::Error for StandardizerParseError {}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::SeedableRng;
    use rand_pcg::Pcg32;

    #[test]
    fn split_is_a_seeded_partition() {
        let f = Fractions::new(0.1, 0.25).unwrap();
        let mut a = [0; 20];
        let mut b = [0; 20];
        let sa = split(&mut a, f, &mut Pcg32::seed_from_u64(1)).unwrap();
        let sb = split(&mut b, f, &mut Pcg32::seed_from_u64(1)).unwrap();
        assert_eq!(sa, sb);
        // round(0.25·20) = 5 test, round(0.1·20) = 2 validation, 13 training.
        assert_eq!(
            (sa.train.len(), sa.validation.len(), sa.test.len()),
            (13, 2, 5)
        );
        let mut all = [false; 20];
        for &i in sa.train.iter().chain(sa.validation).chain(sa.test) {
            assert!(!all[i]);
            all[i] = true;
        }
        assert!(all.iter().all(|&x| x));
        assert_eq!(
            split(&mut [], f, &mut Pcg32::seed_from_u64(1)),
            Err(DataError::Empty)
        );
    }

    #[test]
    fn stratified_split_keeps_each_class_share() {
        // 10 of class 0, 20 of class 1, 30 of class 2, interleaved.
        let labels: [usize; 60] = core::array::from_fn(|i| {
            if i < 10 {
                0
            } else if i < 30 {
                1
            } else {
                2
            }
        });
        let mut order = [0; 60];
        let f = Fractions::new(0.2, 0.1).unwrap();
        let s =
            split_stratified::<3, _>(&labels, &mut order, f, &mut Pcg32::seed_from_u64(7)).unwrap();
        let count = |set: &[usize], c| set.iter().filter(|&&i| labels[i] == c).count();
        for (c, (v, t)) in [(0, (2, 1)), (1, (4, 2)), (2, (6, 3))] {
            assert_eq!(count(s.validation, c), v);
            assert_eq!(count(s.test, c), t);
        }
        assert_eq!(s.train.len(), 60 - 12 - 6);
        let mut seen = [false; 60];
        for &i in s.train.iter().chain(s.validation).chain(s.test) {
            assert!(!seen[i]);
            seen[i] = true;
        }
        assert_eq!(
            split_stratified::<2, _>(&[0, 2], &mut [0; 2], f, &mut Pcg32::seed_from_u64(7)),
            Err(DataError::ClassOutOfRange {
                index: 1,
                label: 2,
                classes: 2
            })
        );
        assert_eq!(
            split_stratified::<2, _>(&[0, 1], &mut [0; 3], f, &mut Pcg32::seed_from_u64(7)),
            Err(DataError::BufferLength {
                expected: 2,
                found: 3
            })
        );
    }

    #[test]
    fn fractions_are_checked() {
        assert_eq!(Fractions::new(-0.1, 0.2).unwrap_err().param, "validation");
        assert_eq!(Fractions::new(0.1, f64::NAN).unwrap_err().param, "test");
        assert!(Fractions::new(0.6, 0.6).is_err());
        assert_eq!(Fractions::new(0.0, 1.0).unwrap().counts(3), (0, 3));
    }

    #[test]
    fn standardizer_fits_transforms_and_round_trips() {
        let xs = [
            SVector::<f64, 2>::new(1.0, 5.0),
            SVector::<f64, 2>::new(3.0, 5.0),
        ];
        let s = Standardizer::fit(&xs).unwrap();
        // Feature 0: μ 2, σ 1; feature 1 has zero variance: μ 5, σ 1 (only centred).
        assert_eq!(
            s,
            Standardizer {
                mean: [2.0, 5.0],
                std: [1.0, 1.0]
            }
        );
        assert_eq!(s.transform(&xs[0]), SVector::<f64, 2>::new(-1.0, 0.0));
        assert_eq!(s.inverse(&s.transform(&xs[1])), xs[1]);
        let line = s.to_string();
        assert_eq!(line, "mean 2.0 5.0 std 1.0 1.0");
        assert_eq!(Standardizer::<2>::parse(&line), Ok(s));
        let odd = Standardizer {
            mean: [0.1 + 0.2],
            std: [1.0 / 3.0],
        };
        assert_eq!(Standardizer::<1>::parse(&odd.to_string()), Ok(odd));
        let e = Standardizer::<2>::parse("mean 2 5 std 1 0").unwrap_err();
        assert_eq!(
            e.to_string(),
            "standardizer line, word 2: expected a finite standard deviation > 0, found something else"
        );
        assert!(Standardizer::<2>::parse("mean 2").unwrap_err().found_end);
        assert!(Standardizer::<2>::parse("mean 2 5 std 1 1 9").is_err());
        assert_eq!(Standardizer::<2>::fit::<f64>(&[]), Err(DataError::Empty));
        let bad = [SVector::<f32, 2>::new(1.0, f32::NAN)];
        assert_eq!(
            Standardizer::fit(&bad),
            Err(DataError::NonFinite {
                index: 0,
                feature: 1
            })
        );
    }

    #[test]
    fn one_hot_and_its_range() {
        assert_eq!(
            one_hot::<f32, 3>(1),
            Ok(SVector::<f32, 3>::new(0.0, 1.0, 0.0))
        );
        assert_eq!(
            one_hot::<f32, 3>(3),
            Err(DataError::ClassOutOfRange {
                index: 0,
                label: 3,
                classes: 3
            })
        );
    }
}
