//! Writing a trained network out, and reading it back: as Rust source that puts its weights in
//! flash, and as a plain text weight file.
//!
//! # Weights in flash
//! [`write_rust`] writes a trained network as one Rust item,
//!
//! ```text
//! /// Xor<f32>: 9 parameters in PyTorch `state_dict` order, written by typenet::export::write_rust.
//! pub static XOR: Xor<f32> = Xor::from_array([
//!     -5.8231354, 6.1220584, ...
//! ]);
//! ```
//!
//! Generated types have a `const fn from_array`, so such a `static` (or `const`) is evaluated by
//! the compiler: in a firmware the weights are `.rodata` in flash and nothing is computed at
//! start-up. Every value is printed with Rust's `{:?}` formatting, the shortest decimal that
//! parses back to the same `f32`/`f64`, so the source round-trips bit for bit.
//!
//! For example, in a host program that trains the network and writes the firmware's source:
//!
//! ```text
//! let mut source = String::new();
//! typenet::export::write_rust(&mut source, Item::Static, "XOR", "Xor", &trained)?;
//! std::fs::write("firmware/src/weights.rs", source)?;
//! ```
//!
//! # Weight files
//! [`write_weights`] and [`read_weights`] use a text format a person can read and a shell script
//! can produce:
//!
//! ```text
//! typenet-weights 1
//! scalar f32
//! params 9
//! -5.8231354
//! 6.1220584
//! …
//! ```
//!
//! one value per line in PyTorch `state_dict` order. Blank lines and lines starting with `#` are
//! ignored. Reading refuses, with the line at fault, a missing or unknown header, a scalar type
//! other than the network's (an `f64` file is not silently rounded into an `f32` network), a
//! parameter count other than the network's, too few or too many values, anything that is not a
//! number, and NaN or infinite values (including a number too large for the scalar type).
//! Nothing here needs a heap; with the `std` feature `load_weights` and `save_weights` read
//! and write a file.

use core::any::{TypeId, type_name};
use core::fmt::{self, Write};

use crate::{Network, Scalar};

/// Which Rust item [`write_rust`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    /// `pub static NAME: Type<T> = …;`: one copy, at a fixed address (in flash on a
    /// microcontroller).
    Static,
    /// `pub const NAME: Type<T> = …;`: inlined where used.
    Const,
}

/// Why a network could not be written out. Nothing written so far should be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportError {
    /// The parameter at this flat index is NaN or infinite, which has no Rust literal and no
    /// place in a weight file.
    NonFinite {
        /// Index into the flat parameters (PyTorch `state_dict` order).
        index: usize,
    },
    /// The item name is not a Rust identifier.
    InvalidName,
    /// The type name is not a Rust path (identifiers joined by `::`, without generics).
    InvalidTypeName,
    /// The item name, or a segment of the type name, is a Rust keyword (`static`, `fn`,
    /// `Self`, …), which the generated code could not use as a name. Keywords are refused
    /// rather than written raw (`r#static`): a raw name is awkward to use, and `self`, `Self`,
    /// `super` and `crate` cannot be raw at all. (`crate`, `self` and `super` may start a type
    /// path, as in `crate::nets::Xor`.)
    Keyword {
        /// The keyword.
        keyword: &'static str,
    },
    /// The writer failed.
    Fmt,
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::NonFinite { index } => {
                write!(
                    f,
                    "parameter {index} is not finite and cannot be written out"
                )
            }
            ExportError::InvalidName => write!(f, "the item name is not a Rust identifier"),
            ExportError::InvalidTypeName => {
                write!(
                    f,
                    "the type name is not a Rust path like `Xor` or `nets::Xor`"
                )
            }
            ExportError::Keyword { keyword } => write!(
                f,
                "`{keyword}` is a Rust keyword and cannot name the item or a type path segment"
            ),
            ExportError::Fmt => write!(f, "the writer failed"),
        }
    }
}

impl core::error::Error for ExportError {}

impl From<fmt::Error> for ExportError {
    fn from(_: fmt::Error) -> Self {
        ExportError::Fmt
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    s != "_" && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Every keyword of Rust 2015–2024 that cannot be an identifier: the strict keywords, the
/// reserved ones, and those of later editions (`async`, `await`, `dyn`, `try`, `gen`), so that
/// the written file compiles in any edition. (Weak keywords such as `union` are identifiers.)
const KEYWORDS: [&str; 52] = [
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// `s` as a keyword of [`KEYWORDS`], if it is one.
fn keyword(s: &str) -> Option<&'static str> {
    KEYWORDS.iter().copied().find(|k| *k == s)
}

/// The first keyword among the type path's segments, except where a path may have one: `crate`
/// or `self` as its first segment, `super` at the start or after another `super`
/// (`super::super::Xor`). The last segment names the type, so it is never a keyword.
fn type_path_keyword(path: &str) -> Option<&'static str> {
    // NOTE: `supers` is true while every segment so far is `super`.
    let mut supers = true;
    let mut segments = path.split("::").enumerate().peekable();
    while let Some((i, segment)) = segments.next() {
        let k = keyword(segment);
        let last = segments.peek().is_none();
        let allowed = match k {
            None => true,
            Some(_) if last => false,
            Some("crate" | "self") => i == 0,
            Some("super") => supers,
            Some(_) => false,
        };
        supers &= k == Some("super");
        if let (Some(k), false) = (k, allowed) {
            return Some(k);
        }
    }
    None
}

fn first_non_finite<T: Scalar>(values: &[T]) -> Option<usize> {
    values.iter().position(|v| !v.is_finite())
}

/// Writes `net` as a Rust item `pub static NAME: TypeName<T> = TypeName::from_array([…]);`
/// (or `pub const`, see [`Item`]), preceded by a doc comment, with six values a line.
///
/// `type_name` is the network type as the generated file will name it (`Xor`, `nets::Xor`),
/// without its scalar parameter, which is `T`'s name (`f32` or `f64`). Every value is written
/// with `{:?}`, which round-trips exactly. Refuses non-finite parameters (they have no literal),
/// names that are not identifiers ([`ExportError::InvalidName`], [`ExportError::InvalidTypeName`])
/// and keywords ([`ExportError::Keyword`]: `static` would write `pub static static: …`, which
/// does not compile); every check comes before the first write.
pub fn write_rust<T: Scalar, N: Network<T>, W: Write>(
    out: &mut W,
    item: Item,
    name: &str,
    type_name: &str,
    net: &N,
) -> Result<(), ExportError> {
    if !is_identifier(name) {
        return Err(ExportError::InvalidName);
    }
    if let Some(keyword) = keyword(name) {
        return Err(ExportError::Keyword { keyword });
    }
    if !type_name.split("::").all(is_identifier) {
        return Err(ExportError::InvalidTypeName);
    }
    if let Some(keyword) = type_path_keyword(type_name) {
        return Err(ExportError::Keyword { keyword });
    }
    let params = net.params();
    if let Some(index) = first_non_finite(params) {
        return Err(ExportError::NonFinite { index });
    }
    let scalar = scalar_name::<T>();
    let keyword = match item {
        Item::Static => "static",
        Item::Const => "const",
    };
    writeln!(
        out,
        "/// {type_name}<{scalar}>: {} parameters in PyTorch `state_dict` order, written by typenet::export::write_rust.",
        params.len()
    )?;
    writeln!(
        out,
        "pub {keyword} {name}: {type_name}<{scalar}> = {type_name}::from_array(["
    )?;
    for line in params.chunks(6) {
        out.write_str("   ")?;
        for v in line {
            write!(out, " {v:?},")?;
        }
        out.write_char('\n')?;
    }
    writeln!(out, "]);")?;
    Ok(())
}

/// `f32` or `f64`: the name of the scalar type as it appears in Rust source and weight files.
fn scalar_name<T: Scalar>() -> &'static str {
    type_name::<T>()
}

/// Why a weight file was refused. The network is left as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightFileError {
    /// The first line (blank lines and `#` comments aside) is not `typenet-weights 1`.
    Header {
        /// The 1-based line number.
        line: usize,
    },
    /// The `scalar` line is missing, malformed or names another scalar type than the network's.
    Scalar {
        /// The 1-based line number.
        line: usize,
        /// The network's scalar type.
        expected: &'static str,
    },
    /// The `params` line is missing or malformed.
    ParamsLine {
        /// The 1-based line number.
        line: usize,
    },
    /// The file declares another number of parameters than the network has.
    ParamCount {
        /// The network's `PARAMS`.
        expected: usize,
        /// The number the file declares.
        found: usize,
    },
    /// The file ends before all parameters were read.
    TooFewValues {
        /// The network's `PARAMS`.
        expected: usize,
        /// The number of values in the file.
        found: usize,
    },
    /// There is a value after the last parameter.
    TooManyValues {
        /// The network's `PARAMS`.
        expected: usize,
        /// The 1-based line number of the first extra value.
        line: usize,
    },
    /// A line is not a number of the scalar type.
    NotANumber {
        /// The 1-based line number.
        line: usize,
    },
    /// A value is NaN or infinite (or too large for the scalar type).
    NonFinite {
        /// The 1-based line number.
        line: usize,
        /// Index of the parameter (PyTorch `state_dict` order).
        index: usize,
    },
}

impl fmt::Display for WeightFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WeightFileError::Header { line } => write!(
                f,
                "line {line}: expected the header `typenet-weights 1`; this is not a typenet weight file or not of this version"
            ),
            WeightFileError::Scalar { line, expected } => write!(
                f,
                "line {line}: expected `scalar {expected}`, the network's scalar type"
            ),
            WeightFileError::ParamsLine { line } => {
                write!(f, "line {line}: expected `params N`")
            }
            WeightFileError::ParamCount { expected, found } => write!(
                f,
                "the file holds {found} parameters, but the network has {expected}"
            ),
            WeightFileError::TooFewValues { expected, found } => write!(
                f,
                "the file ends after {found} values, but the network has {expected} parameters"
            ),
            WeightFileError::TooManyValues { expected, line } => write!(
                f,
                "line {line}: a value after the network's {expected} parameters"
            ),
            WeightFileError::NotANumber { line } => write!(f, "line {line}: not a number"),
            WeightFileError::NonFinite { line, index } => write!(
                f,
                "line {line}: parameter {index} is NaN or infinite (or too large for the scalar type)"
            ),
        }
    }
}

impl core::error::Error for WeightFileError {}

/// Writes `net` as a weight file (see the [module documentation](self)). Refuses non-finite
/// parameters.
pub fn write_weights<T: Scalar, N: Network<T>, W: Write>(
    out: &mut W,
    net: &N,
) -> Result<(), ExportError> {
    let params = net.params();
    if let Some(index) = first_non_finite(params) {
        return Err(ExportError::NonFinite { index });
    }
    writeln!(out, "typenet-weights 1")?;
    writeln!(out, "scalar {}", scalar_name::<T>())?;
    writeln!(out, "params {}", params.len())?;
    for v in params {
        writeln!(out, "{v:?}")?;
    }
    Ok(())
}

/// Parses one value as `T` directly (an `f32` is never parsed through `f64`, which could round
/// twice).
fn parse_scalar<T: Scalar>(s: &str) -> Option<T> {
    if TypeId::of::<T>() == TypeId::of::<f32>() {
        s.parse::<f32>().ok().map(|v| T::lit(f64::from(v)))
    } else {
        s.parse::<f64>().ok().map(T::lit)
    }
}

/// The meaningful lines of a weight file with their 1-based numbers: trimmed, without blank
/// lines and `#` comments.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> + Clone {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

/// Checks the whole file against `params.len()` and `T`, then, only if all of it is valid,
/// writes the values into `params`.
fn parse_weights<T: Scalar>(text: &str, params: &mut [T]) -> Result<(), WeightFileError> {
    let expected = params.len();
    let mut lines = content_lines(text);
    let last_line = text.lines().count().max(1);
    let (line, header) = lines.next().unwrap_or((last_line, ""));
    if header.split_whitespace().ne(["typenet-weights", "1"]) {
        return Err(WeightFileError::Header { line });
    }
    let scalar = scalar_name::<T>();
    let (line, s) = lines.next().unwrap_or((last_line, ""));
    if s.split_whitespace().ne(["scalar", scalar]) {
        return Err(WeightFileError::Scalar {
            line,
            expected: scalar,
        });
    }
    let (line, p) = lines.next().unwrap_or((last_line, ""));
    let mut words = p.split_whitespace();
    let found = match (words.next(), words.next(), words.next()) {
        (Some("params"), Some(n), None) => n
            .parse::<usize>()
            .map_err(|_| WeightFileError::ParamsLine { line })?,
        _ => return Err(WeightFileError::ParamsLine { line }),
    };
    if found != expected {
        return Err(WeightFileError::ParamCount { expected, found });
    }
    let body = lines;
    // First pass: validate everything, write nothing.
    let mut count = 0;
    for (line, s) in body.clone() {
        if count == expected {
            return Err(WeightFileError::TooManyValues { expected, line });
        }
        let v: T = parse_scalar(s).ok_or(WeightFileError::NotANumber { line })?;
        if !v.is_finite() {
            return Err(WeightFileError::NonFinite { line, index: count });
        }
        count += 1;
    }
    if count != expected {
        return Err(WeightFileError::TooFewValues {
            expected,
            found: count,
        });
    }
    // Second pass: every value is known to be valid.
    for (p, (_, s)) in params.iter_mut().zip(body) {
        if let Some(v) = parse_scalar(s) {
            *p = v;
        }
    }
    Ok(())
}

/// Reads a weight file (see the [module documentation](self)) into a new network, built on the
/// stack. For a network too large for the stack, use [`read_weights_into`] on a boxed one.
pub fn read_weights<T: Scalar, N: Network<T>>(text: &str) -> Result<N, WeightFileError> {
    let mut net = N::zeros();
    parse_weights(text, net.params_mut())?;
    Ok(net)
}

/// Reads a weight file into `net`, all or nothing: on error `net` is unchanged.
pub fn read_weights_into<T: Scalar, N: Network<T>>(
    text: &str,
    net: &mut N,
) -> Result<(), WeightFileError> {
    parse_weights(text, net.params_mut())
}

/// Why [`load_weights`] failed.
#[cfg(feature = "std")]
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read (or is not UTF-8).
    Io(std::io::Error),
    /// The file is not a valid weight file for this network.
    Format(WeightFileError),
}

#[cfg(feature = "std")]
impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io(e) => write!(f, "cannot read the weight file: {e}"),
            LoadError::Format(e) => write!(f, "invalid weight file: {e}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Io(e) => Some(e),
            LoadError::Format(e) => Some(e),
        }
    }
}

/// Reads the weight file at `path` into a new network (host side; feature `std`).
#[cfg(feature = "std")]
pub fn load_weights<T: Scalar, N: Network<T>>(
    path: impl AsRef<std::path::Path>,
) -> Result<N, LoadError> {
    let text = std::fs::read_to_string(path).map_err(LoadError::Io)?;
    read_weights(&text).map_err(LoadError::Format)
}

/// Writes `net` to a weight file at `path` (host side; feature `std`).
#[cfg(feature = "std")]
pub fn save_weights<T: Scalar, N: Network<T>>(
    path: impl AsRef<std::path::Path>,
    net: &N,
) -> std::io::Result<()> {
    let mut text = std::string::String::new();
    write_weights(&mut text, net).map_err(std::io::Error::other)?;
    std::fs::write(path, text)
}
