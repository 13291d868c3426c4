//! A CSV loader into typed samples (feature `csv`, needs `std`): regression samples
//! `(SVector<T, I>, SVector<T, O>)` by [`load_regression`] / [`read_regression`], classification
//! samples `(SVector<T, I>, class)` by [`load_classes`] / [`read_classes`].
//!
//! The first line is the header; columns are chosen by name (`"petal_length"`) or by index
//! (`2usize`), see [`Column`]. Fields are trimmed of surrounding whitespace. Every error names
//! the line (as an editor counts, the header being line 1), the column, the text found and what
//! was expected ([`CsvError`]):
//!
//! ```text
//! line 3, column `sepal_width`: found `3.o`, expected a finite number
//! ```

use std::string::{String, ToString};
use std::vec::Vec;
use std::{fmt, io};

use nalgebra::SVector;

use crate::Scalar;

/// A column, by its header name or its 0-based index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column<'a> {
    /// The column whose header is this name.
    Name(&'a str),
    /// The column at this 0-based index.
    Index(usize),
}

impl<'a> From<&'a str> for Column<'a> {
    fn from(name: &'a str) -> Self {
        Column::Name(name)
    }
}

impl From<usize> for Column<'_> {
    fn from(index: usize) -> Self {
        Column::Index(index)
    }
}

impl fmt::Display for Column<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Column::Name(n) => write!(f, "`{n}`"),
            Column::Index(i) => write!(f, "{i}"),
        }
    }
}

/// Why a CSV file could not be loaded.
#[derive(Debug)]
pub enum CsvError {
    /// The file could not be opened or read.
    Io(io::Error),
    /// The CSV itself is malformed (as the `csv` crate reports it: an unclosed quote, a row with
    /// another number of fields than the header, …).
    Syntax {
        /// The line, if known.
        line: Option<u64>,
        /// The `csv` crate's message.
        message: String,
    },
    /// A chosen column is not in the header.
    MissingColumn {
        /// The column asked for (`` `petal_len` `` or an index).
        column: String,
        /// The header's names.
        header: Vec<String>,
    },
    /// A field is not what its column needs.
    Field {
        /// The line (the header is line 1).
        line: u64,
        /// The column's header name.
        column: String,
        /// The field as found (trimmed).
        found: String,
        /// What was expected (`a finite number`, `one of `setosa`, `versicolor``).
        expected: String,
    },
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvError::Io(e) => write!(f, "{e}"),
            CsvError::Syntax {
                line: Some(line),
                message,
            } => write!(f, "line {line}: {message}"),
            CsvError::Syntax {
                line: None,
                message,
            } => write!(f, "{message}"),
            CsvError::MissingColumn { column, header } => {
                write!(f, "no column {column}; the header has ")?;
                for (i, h) in header.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    write!(f, "{sep}`{h}`")?;
                }
                if header.is_empty() {
                    write!(f, "no columns")?;
                }
                Ok(())
            }
            CsvError::Field {
                line,
                column,
                found,
                expected,
            } => write!(
                f,
                "line {line}, column `{column}`: found `{found}`, expected {expected}"
            ),
        }
    }
}

impl std::error::Error for CsvError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CsvError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<::csv::Error> for CsvError {
    fn from(e: ::csv::Error) -> Self {
        let line = e.position().map(|p| p.line());
        let message = e.to_string();
        match e.into_kind() {
            ::csv::ErrorKind::Io(io) => CsvError::Io(io),
            _ => CsvError::Syntax { line, message },
        }
    }
}

/// Resolves columns against the header: (index, header name) per column.
fn resolve<const N: usize>(
    header: &::csv::StringRecord,
    columns: [Column<'_>; N],
) -> Result<[(usize, String); N], CsvError> {
    let names: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let mut out: [(usize, String); N] = core::array::from_fn(|_| (0, String::new()));
    for (slot, column) in out.iter_mut().zip(columns) {
        let index = match column {
            Column::Name(n) => names.iter().position(|h| h == n.trim()),
            Column::Index(i) => (i < names.len()).then_some(i),
        };
        let index = index.ok_or_else(|| CsvError::MissingColumn {
            column: column.to_string(),
            header: names.clone(),
        })?;
        *slot = (index, names[index].clone());
    }
    Ok(out)
}

fn number<T: Scalar>(
    record: &::csv::StringRecord,
    (index, name): &(usize, String),
) -> Result<T, CsvError> {
    let line = record.position().map_or(0, |p| p.line());
    let text = record.get(*index).unwrap_or("").trim();
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(T::lit(v)),
        _ => Err(CsvError::Field {
            line,
            column: name.clone(),
            found: text.to_string(),
            expected: "a finite number".to_string(),
        }),
    }
}

fn reader<R: io::Read>(input: R) -> ::csv::Reader<R> {
    ::csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(::csv::Trim::All)
        .from_reader(input)
}

/// Regression samples: (input, target) pairs.
pub type Samples<T, const I: usize, const O: usize> = Vec<(SVector<T, I>, SVector<T, O>)>;

/// Classification samples: (input, class index) pairs.
pub type ClassSamples<T, const I: usize> = Vec<(SVector<T, I>, usize)>;

/// Reads `(input, target)` samples: the input vector from the `inputs` columns, the target
/// from the `targets` columns, in the order given.
pub fn read_regression<T: Scalar, const I: usize, const O: usize, R: io::Read>(
    input: R,
    inputs: [Column<'_>; I],
    targets: [Column<'_>; O],
) -> Result<Samples<T, I, O>, CsvError> {
    let mut rdr = reader(input);
    let header = rdr.headers()?.clone();
    let xs = resolve(&header, inputs)?;
    let ys = resolve(&header, targets)?;
    let mut out = Vec::new();
    for record in rdr.records() {
        let record = record?;
        let mut x = SVector::<T, I>::zeros();
        for (v, c) in x.iter_mut().zip(&xs) {
            *v = number(&record, c)?;
        }
        let mut y = SVector::<T, O>::zeros();
        for (v, c) in y.iter_mut().zip(&ys) {
            *v = number(&record, c)?;
        }
        out.push((x, y));
    }
    Ok(out)
}

/// Reads `(input, class)` samples: the input vector from the `inputs` columns, the class from
/// the `label` column, whose text must be one of `classes` (the class is its index there).
/// Turn the class into a training target with [`super::one_hot`].
pub fn read_classes<T: Scalar, const I: usize, R: io::Read>(
    input: R,
    inputs: [Column<'_>; I],
    label: Column<'_>,
    classes: &[&str],
) -> Result<ClassSamples<T, I>, CsvError> {
    let mut rdr = reader(input);
    let header = rdr.headers()?.clone();
    let xs = resolve(&header, inputs)?;
    let [(label_index, label_name)] = resolve(&header, [label])?;
    let mut out = Vec::new();
    for record in rdr.records() {
        let record = record?;
        let mut x = SVector::<T, I>::zeros();
        for (v, c) in x.iter_mut().zip(&xs) {
            *v = number(&record, c)?;
        }
        let text = record.get(label_index).unwrap_or("").trim();
        let class = classes.iter().position(|c| *c == text).ok_or_else(|| {
            let mut expected = String::from("one of ");
            for (i, c) in classes.iter().enumerate() {
                let sep = if i == 0 { "" } else { ", " };
                expected.push_str(&std::format!("{sep}`{c}`"));
            }
            CsvError::Field {
                line: record.position().map_or(0, |p| p.line()),
                column: label_name.clone(),
                found: text.to_string(),
                expected,
            }
        })?;
        out.push((x, class));
    }
    Ok(out)
}

/// [`read_regression`] from the file at `path`.
pub fn load_regression<T: Scalar, const I: usize, const O: usize>(
    path: impl AsRef<std::path::Path>,
    inputs: [Column<'_>; I],
    targets: [Column<'_>; O],
) -> Result<Samples<T, I, O>, CsvError> {
    read_regression(
        std::fs::File::open(path).map_err(CsvError::Io)?,
        inputs,
        targets,
    )
}

/// [`read_classes`] from the file at `path`.
pub fn load_classes<T: Scalar, const I: usize>(
    path: impl AsRef<std::path::Path>,
    inputs: [Column<'_>; I],
    label: Column<'_>,
    classes: &[&str],
) -> Result<ClassSamples<T, I>, CsvError> {
    read_classes(
        std::fs::File::open(path).map_err(CsvError::Io)?,
        inputs,
        label,
        classes,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "x, y ,label\n1.5,2,a\n 3 ,-4e1,b\n";

    #[test]
    fn reads_columns_by_name_and_index() {
        let s = read_regression::<f64, 1, 1, _>(TEXT.as_bytes(), ["x".into()], [1usize.into()])
            .unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!((s[1].0[0], s[1].1[0]), (3.0, -40.0));
        let c = read_classes::<f32, 2, _>(
            TEXT.as_bytes(),
            ["y".into(), "x".into()],
            "label".into(),
            &["a", "b"],
        )
        .unwrap();
        assert_eq!(c[0], (SVector::<f32, 2>::new(2.0, 1.5), 0));
        assert_eq!(c[1].1, 1);
    }

    #[test]
    fn errors_name_line_column_text_and_expectation() {
        let bad = "x,y,label\n1,2,a\n1,2.o,a\n";
        let e = read_regression::<f64, 2, 0, _>(bad.as_bytes(), ["x".into(), "y".into()], [])
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 3, column `y`: found `2.o`, expected a finite number"
        );
        let e = read_classes::<f64, 1, _>(TEXT.as_bytes(), ["x".into()], "label".into(), &["a"])
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 3, column `label`: found `b`, expected one of `a`"
        );
        let e = read_regression::<f64, 1, 0, _>(TEXT.as_bytes(), ["z".into()], []).unwrap_err();
        assert_eq!(
            e.to_string(),
            "no column `z`; the header has `x`, `y`, `label`"
        );
        let e = read_regression::<f64, 1, 0, _>(TEXT.as_bytes(), [7usize.into()], []).unwrap_err();
        assert!(matches!(e, CsvError::MissingColumn { .. }));
        let e = read_regression::<f64, 1, 0, _>("x,y\n1,2\n1\n".as_bytes(), ["x".into()], [])
            .unwrap_err();
        assert!(matches!(e, CsvError::Syntax { line: Some(3), .. }), "{e:?}");
        let nan = "x\nNaN\n";
        let e = read_regression::<f64, 1, 0, _>(nan.as_bytes(), ["x".into()], []).unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 2, column `x`: found `NaN`, expected a finite number"
        );
        assert!(matches!(
            load_classes::<f64, 1>("/no/such/file.csv", ["x".into()], "label".into(), &[]),
            Err(CsvError::Io(_))
        ));
    }
}
