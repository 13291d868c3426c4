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
//! [`write_weights`] and [`read_weights`] use a text format a person can read, a diff can show
//! and a script can produce. [`write_weights`] writes version 2, which records the
//! architecture, every tensor's name and shape, and ends with a checksum (this is the trained
//! XOR network of `examples/embedded/weights/xor.weights`):
//!
//! ```text
//! typenet-weights 2
//! network Xor
//! scalar f32
//! params 9
//! tensor layer1.weight 2 2
//! 5.915241
//! -6.084133
//! -5.9267454
//! 5.71522
//! tensor layer1.bias 2
//! -3.2936518
//! -3.179516
//! tensor layer2.weight 1 2
//! 9.171622
//! 9.22428
//! tensor layer2.bias 1
//! -4.546112
//! end 9 fnv1a64 32bc2704d24de6b9
//! ```
//!
//! - `typenet-weights 2`: the format and its version.
//! - `network NAME`: the type's name ([`Parameters::NAME`]), for the reader; it is not checked.
//! - `scalar f32` or `scalar f64`: the values' type.
//! - `params N`: the number of values, [`Parameters::PARAMS`].
//! - For each tensor of [`Parameters::TENSORS`], in PyTorch `state_dict` order: a line
//!   `tensor NAME DIMS…` with the dimensions in PyTorch's order (a weight `out in`, a bias `out`),
//!   then its values, one a line, row-major (a weight neuron by neuron, each neuron's inputs in
//!   order). Every value is printed with Rust's `{:?}`, the shortest decimal that parses back to
//!   the same bits.
//! - `end N fnv1a64 CHECKSUM`: N is the number of values again; CHECKSUM is 16 lower-case
//!   hexadecimal digits of the 64-bit FNV-1a hash of the values in file order, each as its IEEE
//!   754 bits in the scalar's width (4 bytes for `f32`, 8 for `f64`), little-endian: starting
//!   from `h = 0xcbf29ce484222325`, for each byte `h = (h ^ byte) * 0x100000001b3` (wrapping).
//!   In Python: `struct.pack('<f', v)` per value. A file cut short has no `end` line, and a value
//!   cut or changed (`0.123456` read as `0.123`) changes the checksum, so neither is taken for a
//!   valid file.
//!
//! Blank lines and lines starting with `#` are ignored everywhere, surrounding spaces and CRLF
//! line ends too, and a UTF-8 byte-order mark at the start of the file is skipped.
//!
//! Version 1, which typenet wrote before, is still read: `typenet-weights 1`, `scalar`,
//! `params N`, then the N values one a line in `state_dict` order, with no names, no shapes and
//! no end line (a script that cannot compute the checksum can still write it). Its only check of
//! the architecture is the parameter count.
//!
//! ## Which files a network accepts
//! A version 2 file is accepted when its architecture is the network's: the same tensors with
//! the same names, in the same order, with the same shapes. The type's name is not compared: a
//! network renamed, or declared again in another crate with the same layers, reads the files of
//! the original, as a PyTorch `state_dict` loads into any module with the same parameter names.
//! Activations are not recorded (as in a `state_dict`): they have no parameters.
//!
//! Reading refuses, with a [`WeightFileError`] naming the line and, where there is one, the
//! tensor at fault (and both shapes when they differ): a missing or unknown header, a scalar
//! type other than the network's (an `f64` file is not silently rounded into an `f32` network),
//! a parameter count other than the network's, a tensor of another name or shape, missing or
//! extra tensors, too few or too many values for a tensor, anything that is not a number, NaN or
//! infinite values (including a number too large for the scalar type), a missing or wrong `end`
//! line, and anything after it. Nothing is changed in a network when its file is refused.
//!
//! Nothing here needs a heap. With the `alloc` feature [`read_weights_boxed`] parses straight
//! into a network on the heap, for networks too large for the stack; with the `std` feature
//! [`load_weights`], [`load_weights_boxed`] and [`save_weights`] read and write a file.

use core::any::{TypeId, type_name};
use core::fmt::{self, Write};

use crate::{Parameters, Scalar, TensorInfo};

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

/// The name checks of [`write_rust`] (also those of a quantized network's `write_rust`): the
/// item name is an identifier and no keyword, the type name a path of identifiers.
pub(crate) fn check_item_names(name: &str, type_name: &str) -> Result<(), ExportError> {
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
    Ok(())
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
pub fn write_rust<T: Scalar, N: Parameters<T>, W: Write>(
    out: &mut W,
    item: Item,
    name: &str,
    type_name: &str,
    net: &N,
) -> Result<(), ExportError> {
    check_item_names(name, type_name)?;
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

/// The most dimensions a tensor line of a weight file may give (a weight of a 3-D convolution
/// has 5); a line with more is refused as malformed.
pub const MAX_RANK: usize = 8;

/// A tensor shape as a weight file gives it, for error reports: up to [`MAX_RANK`] dimensions,
/// stored inline (errors are `Copy` and need no heap).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shape {
    dims: [usize; MAX_RANK],
    rank: usize,
}

impl Shape {
    /// The dimensions, outermost first (`[out, in]` for a weight).
    pub fn as_slice(&self) -> &[usize] {
        &self.dims[..self.rank]
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_shape(f, self.as_slice())
    }
}

/// `[2, 2]`, `[1]`, `[]`.
fn write_shape(f: &mut fmt::Formatter<'_>, dims: &[usize]) -> fmt::Result {
    f.write_char('[')?;
    for (k, d) in dims.iter().enumerate() {
        if k > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{d}")?;
    }
    f.write_char(']')
}

/// A list of dimensions in an error message.
struct Dims(&'static [usize]);

impl fmt::Display for Dims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_shape(f, self.0)
    }
}

/// Why a weight file was refused. The network is left as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightFileError {
    /// The first line (blank lines and `#` comments aside) is neither `typenet-weights 2` nor
    /// `typenet-weights 1`.
    Header {
        /// The 1-based line number.
        line: usize,
    },
    /// Version 2: the `network NAME` line is missing or malformed. (The name itself is not
    /// checked; see the [module documentation](self#which-files-a-network-accepts).)
    NetworkLine {
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
    /// Version 1: the file ends before all parameters were read.
    TooFewValues {
        /// The network's `PARAMS`.
        expected: usize,
        /// The number of values in the file.
        found: usize,
    },
    /// Version 1: there is a value after the last parameter.
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
    /// Version 2: where a `tensor NAME DIMS…` line should be, there is something else, or the
    /// line is malformed (a dimension that is not a number, more than [`MAX_RANK`] of them).
    TensorLine {
        /// The 1-based line number.
        line: usize,
    },
    /// Version 2: the file names another tensor than the network has at this place (another
    /// architecture, layers renamed or in another order, or a tensor given twice).
    TensorName {
        /// The 1-based line number of the `tensor` line.
        line: usize,
        /// The network's tensor at this place.
        expected: &'static str,
        /// The network's tensor of the name the file gives, if it has one of that name
        /// (`None`: no tensor of the network has that name).
        found: Option<&'static str>,
    },
    /// Version 2: the file gives a tensor another shape than the network's.
    TensorShape {
        /// The 1-based line number of the `tensor` line.
        line: usize,
        /// The tensor's name.
        tensor: &'static str,
        /// The network's shape of it.
        expected: &'static [usize],
        /// The shape in the file.
        found: Shape,
    },
    /// Version 2: a tensor is followed by another number of values than its shape holds.
    TensorValues {
        /// The 1-based line number where the values stop short (the next `tensor` or `end` line,
        /// or the last line) or of the first value too many.
        line: usize,
        /// The tensor's name.
        tensor: &'static str,
        /// The number of values its shape holds.
        expected: usize,
        /// The number of values the file gives it.
        found: usize,
    },
    /// Version 2: the file ends (at `end`) before this tensor of the network.
    MissingTensor {
        /// The 1-based line number of the `end` line.
        line: usize,
        /// The network's tensor that is missing.
        tensor: &'static str,
    },
    /// Version 2: a tensor after the network's last one.
    ExtraTensor {
        /// The 1-based line number of its `tensor` line.
        line: usize,
    },
    /// Version 2: the file ends without its `end` line: it was cut short (perhaps inside its last
    /// value).
    Truncated {
        /// The 1-based number of the file's last line.
        line: usize,
    },
    /// Version 2: the `end` line is not `end N fnv1a64 CHECKSUM` with N the number of values
    /// and CHECKSUM 16 hexadecimal digits.
    EndLine {
        /// The 1-based line number.
        line: usize,
    },
    /// Version 2: the checksum of the values read differs from the `end` line's: a value was
    /// changed or cut after the file was written.
    Checksum {
        /// The 1-based line number of the `end` line.
        line: usize,
        /// The FNV-1a checksum of the values read.
        computed: u64,
        /// The checksum on the `end` line.
        found: u64,
    },
    /// Version 2: something other than blank lines and comments after the `end` line.
    AfterEnd {
        /// The 1-based line number.
        line: usize,
    },
}

impl fmt::Display for WeightFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WeightFileError::Header { line } => write!(
                f,
                "line {line}: expected the header `typenet-weights 2` (or 1); this is not a typenet weight file or not of a version this typenet reads"
            ),
            WeightFileError::NetworkLine { line } => {
                write!(f, "line {line}: expected `network NAME`")
            }
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
            WeightFileError::TensorLine { line } => {
                write!(f, "line {line}: expected `tensor NAME DIMS…`")
            }
            WeightFileError::TensorName {
                line,
                expected,
                found: Some(found),
            } => write!(
                f,
                "line {line}: expected tensor `{expected}`, found `{found}` (another architecture, or tensors out of order)"
            ),
            WeightFileError::TensorName {
                line,
                expected,
                found: None,
            } => write!(
                f,
                "line {line}: expected tensor `{expected}`, found a tensor the network does not have (another architecture)"
            ),
            WeightFileError::TensorShape {
                line,
                tensor,
                expected,
                found,
            } => write!(
                f,
                "line {line}: tensor `{tensor}` has shape {found} in the file, but {} in the network",
                Dims(expected)
            ),
            WeightFileError::TensorValues {
                line,
                tensor,
                expected,
                found,
            } => write!(
                f,
                "line {line}: tensor `{tensor}` has {found} values in the file, but its shape holds {expected}"
            ),
            WeightFileError::MissingTensor { line, tensor } => write!(
                f,
                "line {line}: the file ends before tensor `{tensor}` of the network"
            ),
            WeightFileError::ExtraTensor { line } => {
                write!(f, "line {line}: a tensor after the network's last one")
            }
            WeightFileError::Truncated { line } => write!(
                f,
                "line {line}: the file ends without its `end` line; it was cut short"
            ),
            WeightFileError::EndLine { line } => write!(
                f,
                "line {line}: expected `end N fnv1a64 CHECKSUM` with N the number of values"
            ),
            WeightFileError::Checksum {
                line,
                computed,
                found,
            } => write!(
                f,
                "line {line}: the values' checksum is {computed:016x}, but the file says {found:016x}; a value was changed or cut"
            ),
            WeightFileError::AfterEnd { line } => {
                write!(f, "line {line}: something after the `end` line")
            }
        }
    }
}

impl core::error::Error for WeightFileError {}

/// FNV-1a, 64 bits: the weight file's checksum (see the [module documentation](self)).
#[derive(Clone, Copy)]
struct Fnv1a(u64);

impl Fnv1a {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new() -> Self {
        Fnv1a(Self::OFFSET)
    }

    /// Adds one value: its IEEE 754 bits in the scalar's own width, little-endian.
    fn value<T: Scalar>(&mut self, v: T) {
        if TypeId::of::<T>() == TypeId::of::<f32>() {
            // NOTE: exact both ways: every f32 is an f64.
            self.bytes(&(v.to_f64() as f32).to_bits().to_le_bytes());
        } else {
            self.bytes(&v.to_f64().to_bits().to_le_bytes());
        }
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(Self::PRIME);
        }
    }
}

/// Checked at compile time where a network's [`TENSORS`](Parameters::TENSORS) are relied on: they
/// tile its parameters (always true for generated networks).
const fn tensors_tile<T: Scalar, N: Parameters<T>>() -> bool {
    TensorInfo::tile(N::TENSORS, N::PARAMS)
}

/// Writes `net` as a weight file of version 2 (see the [module documentation](self)). Refuses
/// non-finite parameters, before writing anything.
pub fn write_weights<T: Scalar, N: Parameters<T>, W: Write>(
    out: &mut W,
    net: &N,
) -> Result<(), ExportError> {
    const {
        assert!(
            tensors_tile::<T, N>(),
            "Parameters::TENSORS must tile the parameters"
        )
    };
    let params = net.params();
    if let Some(index) = first_non_finite(params) {
        return Err(ExportError::NonFinite { index });
    }
    writeln!(out, "typenet-weights 2")?;
    writeln!(out, "network {}", N::NAME)?;
    writeln!(out, "scalar {}", scalar_name::<T>())?;
    writeln!(out, "params {}", params.len())?;
    let mut hash = Fnv1a::new();
    for tensor in N::TENSORS {
        write!(out, "tensor {}", tensor.name)?;
        for d in tensor.shape {
            write!(out, " {d}")?;
        }
        out.write_char('\n')?;
        for &v in tensor.values(params).unwrap_or(&[]) {
            hash.value(v);
            writeln!(out, "{v:?}")?;
        }
    }
    writeln!(out, "end {} fnv1a64 {:016x}", params.len(), hash.0)?;
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

/// Where parsed values go: nowhere (the checking pass) or into the parameters.
type Sink<'a, T> = Option<&'a mut [T]>;

fn store<T: Scalar>(sink: &mut Sink<'_, T>, index: usize, v: T) {
    if let Some(p) = sink.as_mut().and_then(|s| s.get_mut(index)) {
        *p = v;
    }
}

/// One value line: a finite number of type `T`.
fn parse_value<T: Scalar>(line: usize, s: &str, index: usize) -> Result<T, WeightFileError> {
    let v: T = parse_scalar(s).ok_or(WeightFileError::NotANumber { line })?;
    if !v.is_finite() {
        return Err(WeightFileError::NonFinite { line, index });
    }
    Ok(v)
}

/// Checks the whole file against `N` and `T`, storing the values into `sink` as they are read
/// (so with a sink, a refused file may have changed part of it: callers that promise
/// all-or-nothing run a checking pass without a sink first).
fn parse_weights<T: Scalar, N: Parameters<T>>(
    text: &str,
    mut sink: Sink<'_, T>,
) -> Result<(), WeightFileError> {
    // A UTF-8 byte-order mark, as some Windows editors write, is not part of the header.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = content_lines(text);
    let last_line = text.lines().count().max(1);
    let (line, header) = lines.next().unwrap_or((last_line, ""));
    let mut words = header.split_whitespace();
    let version = match (words.next(), words.next(), words.next()) {
        (Some("typenet-weights"), Some(v @ ("1" | "2")), None) => v,
        _ => return Err(WeightFileError::Header { line }),
    };
    if version == "2" {
        let (line, network) = lines.next().unwrap_or((last_line, ""));
        let mut words = network.split_whitespace();
        if !matches!(
            (words.next(), words.next(), words.next()),
            (Some("network"), Some(_), None)
        ) {
            return Err(WeightFileError::NetworkLine { line });
        }
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
    let expected = N::PARAMS;
    if found != expected {
        return Err(WeightFileError::ParamCount { expected, found });
    }
    if version == "1" {
        parse_values_v1(lines, expected, &mut sink)
    } else {
        parse_tensors_v2::<T, N>(lines, last_line, &mut sink)
    }
}

/// Version 1: `PARAMS` values, one a line, and nothing after them.
fn parse_values_v1<'a, T: Scalar>(
    lines: impl Iterator<Item = (usize, &'a str)>,
    expected: usize,
    sink: &mut Sink<'_, T>,
) -> Result<(), WeightFileError> {
    let mut count = 0;
    for (line, s) in lines {
        if count == expected {
            return Err(WeightFileError::TooManyValues { expected, line });
        }
        store(sink, count, parse_value::<T>(line, s, count)?);
        count += 1;
    }
    if count != expected {
        return Err(WeightFileError::TooFewValues {
            expected,
            found: count,
        });
    }
    Ok(())
}

/// Whether a content line's first word is this word of the weight-file format (`tensor`, `end`).
fn word_is(s: &str, word: &str) -> bool {
    s.split_whitespace().next() == Some(word)
}

/// Version 2: every tensor of `N` in order, each a `tensor NAME DIMS…` line and its values,
/// then `end N fnv1a64 CHECKSUM`, then nothing.
fn parse_tensors_v2<'a, T: Scalar, N: Parameters<T>>(
    mut lines: impl Iterator<Item = (usize, &'a str)> + Clone,
    last_line: usize,
    sink: &mut Sink<'_, T>,
) -> Result<(), WeightFileError> {
    const {
        assert!(
            tensors_tile::<T, N>(),
            "Parameters::TENSORS must tile the parameters"
        )
    };
    let mut hash = Fnv1a::new();
    let mut index = 0;
    for tensor in N::TENSORS {
        let (line, s) = lines
            .next()
            .ok_or(WeightFileError::Truncated { line: last_line })?;
        if word_is(s, "end") {
            return Err(WeightFileError::MissingTensor {
                line,
                tensor: tensor.name,
            });
        }
        check_tensor_line::<T, N>(line, s, tensor)?;
        let len = tensor.len();
        for k in 0..len {
            let next = lines.next();
            let (line, s) = match next {
                Some((line, s)) if !word_is(s, "tensor") && !word_is(s, "end") => (line, s),
                _ => {
                    return Err(WeightFileError::TensorValues {
                        line: next.map_or(last_line, |(line, _)| line),
                        tensor: tensor.name,
                        expected: len,
                        found: k,
                    });
                }
            };
            let v = parse_value::<T>(line, s, index)?;
            hash.value(v);
            store(sink, index, v);
            index += 1;
        }
        // Values beyond the shape: count them for the report.
        let mut extra = lines
            .clone()
            .take_while(|(_, s)| parse_scalar::<T>(s).is_some());
        if let Some((line, _)) = extra.next() {
            return Err(WeightFileError::TensorValues {
                line,
                tensor: tensor.name,
                expected: len,
                found: len + 1 + extra.count(),
            });
        }
    }
    let (line, s) = lines
        .next()
        .ok_or(WeightFileError::Truncated { line: last_line })?;
    if word_is(s, "tensor") {
        return Err(WeightFileError::ExtraTensor { line });
    }
    let mut words = s.split_whitespace();
    let checksum = match (
        words.next(),
        words.next(),
        words.next(),
        words.next(),
        words.next(),
    ) {
        (Some("end"), Some(n), Some("fnv1a64"), Some(h), None)
            if n.parse::<usize>() == Ok(index)
                && h.len() == 16
                && h.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            u64::from_str_radix(h, 16).map_err(|_| WeightFileError::EndLine { line })?
        }
        _ => return Err(WeightFileError::EndLine { line }),
    };
    if checksum != hash.0 {
        return Err(WeightFileError::Checksum {
            line,
            computed: hash.0,
            found: checksum,
        });
    }
    if let Some((line, _)) = lines.next() {
        return Err(WeightFileError::AfterEnd { line });
    }
    Ok(())
}

/// Checks `tensor NAME DIMS…` against the network's tensor at this place.
fn check_tensor_line<T: Scalar, N: Parameters<T>>(
    line: usize,
    s: &str,
    tensor: &TensorInfo,
) -> Result<(), WeightFileError> {
    let mut words = s.split_whitespace();
    let name = match (words.next(), words.next()) {
        (Some("tensor"), Some(name)) => name,
        _ => return Err(WeightFileError::TensorLine { line }),
    };
    let mut shape = Shape {
        dims: [0; MAX_RANK],
        rank: 0,
    };
    for word in words {
        let d = word
            .parse::<usize>()
            .map_err(|_| WeightFileError::TensorLine { line })?;
        *shape
            .dims
            .get_mut(shape.rank)
            .ok_or(WeightFileError::TensorLine { line })? = d;
        shape.rank += 1;
    }
    if name != tensor.name {
        return Err(WeightFileError::TensorName {
            line,
            expected: tensor.name,
            found: N::TENSORS.iter().find(|t| t.name == name).map(|t| t.name),
        });
    }
    if shape.as_slice() != tensor.shape {
        return Err(WeightFileError::TensorShape {
            line,
            tensor: tensor.name,
            expected: tensor.shape,
            found: shape,
        });
    }
    Ok(())
}

/// Reads a weight file (either version, see the [module documentation](self)) into a new
/// network, built on the stack. For a network too large for the stack, use
/// [`read_weights_boxed`] (feature `alloc`) or [`read_weights_into`] on a boxed one.
pub fn read_weights<T: Scalar, N: Parameters<T>>(text: &str) -> Result<N, WeightFileError> {
    let mut net = N::zeros();
    parse_weights::<T, N>(text, Some(net.params_mut()))?;
    Ok(net)
}

/// Reads a weight file into a new network built on the heap: the values are parsed straight
/// into the box, so no copy of the network is ever on the stack (a 784-128-10 network is
/// 407 kB in `f32`, 814 kB in `f64`). Feature `alloc`.
#[cfg(feature = "alloc")]
pub fn read_weights_boxed<T: Scalar, N: Parameters<T>>(
    text: &str,
) -> Result<alloc::boxed::Box<N>, WeightFileError> {
    let mut net = N::boxed_zeros();
    parse_weights::<T, N>(text, Some(net.params_mut()))?;
    Ok(net)
}

/// Reads a weight file into `net`, all or nothing: the whole file is checked first, and on
/// error `net` is unchanged.
pub fn read_weights_into<T: Scalar, N: Parameters<T>>(
    text: &str,
    net: &mut N,
) -> Result<(), WeightFileError> {
    parse_weights::<T, N>(text, None)?;
    parse_weights::<T, N>(text, Some(net.params_mut()))
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

/// Reads the weight file at `path` into a new network on the stack (host side; feature `std`).
/// For large networks use [`load_weights_boxed`].
#[cfg(feature = "std")]
pub fn load_weights<T: Scalar, N: Parameters<T>>(
    path: impl AsRef<std::path::Path>,
) -> Result<N, LoadError> {
    let text = std::fs::read_to_string(path).map_err(LoadError::Io)?;
    read_weights(&text).map_err(LoadError::Format)
}

/// Reads the weight file at `path` into a new network on the heap, parsed in place (see
/// [`read_weights_boxed`]; feature `std`).
#[cfg(feature = "std")]
pub fn load_weights_boxed<T: Scalar, N: Parameters<T>>(
    path: impl AsRef<std::path::Path>,
) -> Result<std::boxed::Box<N>, LoadError> {
    let text = std::fs::read_to_string(path).map_err(LoadError::Io)?;
    read_weights_boxed(&text).map_err(LoadError::Format)
}

/// Writes `net` to a weight file at `path` (host side; feature `std`).
#[cfg(feature = "std")]
pub fn save_weights<T: Scalar, N: Parameters<T>>(
    path: impl AsRef<std::path::Path>,
    net: &N,
) -> std::io::Result<()> {
    let mut text = std::string::String::new();
    write_weights(&mut text, net).map_err(std::io::Error::other)?;
    std::fs::write(path, text)
}
