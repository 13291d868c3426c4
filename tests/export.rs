//! `typenet::export`: a network written as Rust source or as a weight file reads back bit for
//! bit, and every kind of bad weight file is refused with the line at fault, leaving the network
//! as it was.

use typenet::export::{
    ExportError, Item, LoadError, WeightFileError, load_weights, read_weights, read_weights_into,
    save_weights, write_rust, write_weights,
};
use typenet::prelude::*;

network! {
    /// 9 parameters.
    pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
}

/// Values whose decimal forms are awkward: tiny, huge, subnormal, negative zero, thirds.
fn awkward_f32() -> Xor<f32> {
    Xor::from_array([
        1e-7,
        -0.0,
        f32::MAX,
        f32::MIN_POSITIVE / 3.0,
        1.0 / 3.0,
        -2.5,
        123456.79,
        f32::EPSILON,
        -f32::MIN_POSITIVE,
    ])
}

fn awkward_f64() -> Xor<f64> {
    Xor::from_array([
        0.1,
        -0.0,
        f64::MAX,
        f64::MIN_POSITIVE / 3.0,
        1.0 / 3.0,
        -2.5,
        1e300,
        f64::EPSILON,
        -1e-300,
    ])
}

fn bits32(net: &Xor<f32>) -> Vec<u32> {
    net.params().iter().map(|v| v.to_bits()).collect()
}

fn bits64(net: &Xor<f64>) -> Vec<u64> {
    net.params().iter().map(|v| v.to_bits()).collect()
}

/// The values between `from_array([` and `])` of generated source.
fn array_values(source: &str) -> Vec<&str> {
    let start = source.find("from_array([").unwrap() + "from_array([".len();
    let end = source.rfind("]);").unwrap();
    source[start..end]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn rust_source_names_the_item_and_round_trips_every_value() {
    let net = awkward_f32();
    let mut source = String::new();
    write_rust(&mut source, Item::Static, "XOR", "nets::Xor", &net).unwrap();
    assert!(
        source.starts_with("/// nets::Xor<f32>: 9 parameters"),
        "{source}"
    );
    assert!(
        source.contains("\npub static XOR: nets::Xor<f32> = nets::Xor::from_array([\n"),
        "{source}"
    );
    assert!(source.ends_with("]);\n"), "{source}");
    let parsed: Vec<u32> = array_values(&source)
        .iter()
        .map(|s| s.parse::<f32>().unwrap().to_bits())
        .collect();
    assert_eq!(parsed, bits32(&net));

    let net = awkward_f64();
    let mut source = String::new();
    write_rust(&mut source, Item::Const, "SEED", "Xor", &net).unwrap();
    assert!(
        source.contains("pub const SEED: Xor<f64> = Xor::from_array(["),
        "{source}"
    );
    let parsed: Vec<u64> = array_values(&source)
        .iter()
        .map(|s| s.parse::<f64>().unwrap().to_bits())
        .collect();
    assert_eq!(parsed, bits64(&net));
}

/// The generated form, compiled: this is what `write_rust` writes for these values (checked
/// against the writer below), and the compiler evaluates it as a `static`.
static BAKED: Xor<f32> = Xor::from_array([
    0.5,
    -1.25,
    3e-8,
    7.0,
    -0.0,
    10000000000.0, //
    0.1,
    0.2,
    0.3,
]);

#[test]
fn written_source_compiles_to_the_same_network() {
    let net =
        Xor::<f32>::from_params(&[0.5, -1.25, 3.0e-8, 7.0, -0.0, 1e10, 0.1, 0.2, 0.3]).unwrap();
    let mut source = String::new();
    write_rust(&mut source, Item::Static, "BAKED", "Xor", &net).unwrap();
    assert!(
        source.contains("    0.5, -1.25, 3e-8, 7.0, -0.0, 10000000000.0,\n    0.1, 0.2, 0.3,\n"),
        "{source}"
    );
    assert_eq!(bits32(&BAKED), bits32(&net));
}

#[test]
fn rust_source_refuses_what_it_cannot_write() {
    let mut net = awkward_f32();
    let mut out = String::new();
    for bad in ["", "1X", "a-b", "_", "Xor<f32>"] {
        assert_eq!(
            write_rust(&mut out, Item::Static, bad, "Xor", &net),
            Err(ExportError::InvalidName),
            "{bad:?}"
        );
    }
    for bad in ["", "Xor<f32>", "nets::", "::Xor", "a b"] {
        assert_eq!(
            write_rust(&mut out, Item::Static, "X", bad, &net),
            Err(ExportError::InvalidTypeName),
            "{bad:?}"
        );
    }
    net.params_mut()[4] = f32::NAN;
    assert_eq!(
        write_rust(&mut out, Item::Static, "X", "Xor", &net),
        Err(ExportError::NonFinite { index: 4 })
    );
    net.params_mut()[4] = 0.0;
    net.params_mut()[8] = f32::NEG_INFINITY;
    assert_eq!(
        write_weights(&mut out, &net),
        Err(ExportError::NonFinite { index: 8 })
    );
    assert!(out.is_empty(), "nothing is written before the checks pass");
}

/// A keyword is an identifier by its characters but cannot name an item: `write_rust` with
/// the name `static` wrote `pub static static: …`, which does not compile. Keywords are refused
/// with the keyword named; `crate`, `self` and `super` stay allowed where a path has them.
#[test]
fn rust_source_refuses_keywords() {
    let net = awkward_f32();
    let mut out = String::new();
    for keyword in [
        "static", "const", "fn", "self", "Self", "super", "crate", "async", "dyn", "try", "gen",
        "type", "match", "abstract", "yield",
    ] {
        assert_eq!(
            write_rust(&mut out, Item::Static, keyword, "Xor", &net),
            Err(ExportError::Keyword { keyword }),
            "{keyword:?}"
        );
    }
    for (path, keyword) in [
        ("fn", "fn"),
        ("Self", "Self"),
        ("crate", "crate"),
        ("self", "self"),
        ("super::super", "super"),
        ("nets::mod::Xor", "mod"),
        ("nets::crate::Xor", "crate"),
        ("nets::self::Xor", "self"),
        ("nets::super::Xor", "super"),
        ("crate::super::Xor", "super"),
        ("self::super::Xor", "super"),
        ("nets::static", "static"),
    ] {
        assert_eq!(
            write_rust(&mut out, Item::Static, "X", path, &net),
            Err(ExportError::Keyword { keyword }),
            "{path:?}"
        );
    }
    assert!(out.is_empty(), "nothing is written before the checks pass");
    let message = ExportError::Keyword { keyword: "static" }.to_string();
    assert!(message.contains("`static`"), "{message}");
    // Weak keywords are identifiers; `crate`, `self`, `super` may start a path.
    for (name, path) in [
        ("union", "Xor"),
        ("raw", "Xor"),
        ("X", "crate::nets::Xor"),
        ("X", "self::Xor"),
        ("X", "super::super::nets::Xor"),
    ] {
        out.clear();
        write_rust(&mut out, Item::Static, name, path, &net).unwrap();
        assert!(
            out.contains(&format!("pub static {name}: {path}<f32>")),
            "{out}"
        );
    }
}

#[test]
fn weight_files_round_trip_bit_for_bit() {
    let net = awkward_f32();
    let mut text = String::new();
    write_weights(&mut text, &net).unwrap();
    assert!(
        text.starts_with("typenet-weights 1\nscalar f32\nparams 9\n"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 3 + 9);
    let back: Xor<f32> = read_weights(&text).unwrap();
    assert_eq!(bits32(&back), bits32(&net));

    let net = awkward_f64();
    let mut text = String::new();
    write_weights(&mut text, &net).unwrap();
    let back: Xor<f64> = read_weights(&text).unwrap();
    assert_eq!(bits64(&back), bits64(&net));
}

#[test]
fn comments_blank_lines_and_crlf_are_accepted() {
    let text = "# trained on the host\r\n\r\ntypenet-weights 1\r\nscalar f32\r\nparams 9\r\n\
                # layer1.weight\r\n1\r\n2\r\n  3  \r\n4\r\n# layer1.bias\r\n5\r\n6\r\n\r\n7\r\n8\r\n9\r\n";
    let net: Xor<f32> = read_weights(text).unwrap();
    assert_eq!(net.params(), &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
}

/// A valid f32 file for `Xor`, line by line, to be broken one line at a time.
fn valid_lines() -> Vec<String> {
    let mut lines = vec![
        "typenet-weights 1".to_string(),
        "scalar f32".to_string(),
        "params 9".to_string(),
    ];
    lines.extend((1..=9).map(|i| format!("0.{i}")));
    lines
}

fn with_line(n: usize, replacement: &str) -> String {
    let mut lines = valid_lines();
    lines[n - 1] = replacement.to_string();
    lines.join("\n")
}

#[test]
fn every_bad_weight_file_is_refused_with_the_line_at_fault() {
    use WeightFileError::*;
    let cases: Vec<(String, WeightFileError)> = vec![
        (String::new(), Header { line: 1 }),
        ("# only a comment\n".into(), Header { line: 1 }),
        (with_line(1, "typenet-weights 2"), Header { line: 1 }),
        (with_line(1, "PK\u{3}\u{4} garbage"), Header { line: 1 }),
        (
            with_line(2, "scalar f64"),
            Scalar {
                line: 2,
                expected: "f32",
            },
        ),
        (
            with_line(2, "params 9"),
            Scalar {
                line: 2,
                expected: "f32",
            },
        ),
        (
            "typenet-weights 1\n".into(),
            Scalar {
                line: 1,
                expected: "f32",
            },
        ),
        (with_line(3, "params nine"), ParamsLine { line: 3 }),
        (with_line(3, "params 9 10"), ParamsLine { line: 3 }),
        (with_line(3, "0.5"), ParamsLine { line: 3 }),
        (
            with_line(3, "params 8"),
            ParamCount {
                expected: 9,
                found: 8,
            },
        ),
        (
            valid_lines()[..11].join("\n"),
            TooFewValues {
                expected: 9,
                found: 8,
            },
        ),
        (
            valid_lines().join("\n") + "\n0.5\n",
            TooManyValues {
                expected: 9,
                line: 13,
            },
        ),
        (with_line(7, "0.4x"), NotANumber { line: 7 }),
        (with_line(7, "0,4"), NotANumber { line: 7 }),
        (with_line(7, "0.4 0.5"), NotANumber { line: 7 }),
        (with_line(5, "NaN"), NonFinite { line: 5, index: 1 }),
        (with_line(12, "-inf"), NonFinite { line: 12, index: 8 }),
        // Too large for f32: parses to infinity, refused rather than stored.
        (with_line(4, "1e39"), NonFinite { line: 4, index: 0 }),
    ];
    let before: Xor<f32> = Xor::from_array([7.0; 9]);
    for (text, expected) in cases {
        assert_eq!(
            read_weights::<f32, Xor<f32>>(&text).err(),
            Some(expected),
            "{text:?}"
        );
        let mut net = before.clone();
        assert_eq!(read_weights_into(&text, &mut net), Err(expected));
        assert_eq!(
            net, before,
            "a refused file must leave the network unchanged"
        );
    }
    // The valid file itself is accepted.
    let net: Xor<f32> = read_weights(&valid_lines().join("\n")).unwrap();
    assert_eq!(net.params()[8], 0.9);
}

#[test]
fn an_f32_file_is_not_an_f64_network() {
    let text = valid_lines().join("\n");
    assert_eq!(
        read_weights::<f64, Xor<f64>>(&text).err(),
        Some(WeightFileError::Scalar {
            line: 2,
            expected: "f64"
        })
    );
}

#[test]
fn errors_read_as_sentences_with_the_line() {
    let e = read_weights::<f32, Xor<f32>>(&with_line(7, "zzz")).unwrap_err();
    assert_eq!(e.to_string(), "line 7: not a number");
    let e = read_weights::<f32, Xor<f32>>(&with_line(3, "params 4")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the file holds 4 parameters, but the network has 9"
    );
}

#[test]
fn files_on_disk_load_and_missing_files_say_so() {
    let dir = std::env::temp_dir().join(format!("typenet-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("xor.weights");
    let net = awkward_f32();
    save_weights(&path, &net).unwrap();
    let back: Xor<f32> = load_weights(&path).unwrap();
    assert_eq!(bits32(&back), bits32(&net));

    std::fs::write(&path, with_line(9, "oops")).unwrap();
    match load_weights::<f32, Xor<f32>>(&path) {
        Err(LoadError::Format(WeightFileError::NotANumber { line: 9 })) => {}
        other => panic!("expected a format error at line 9, got {other:?}"),
    }
    match load_weights::<f32, Xor<f32>>(dir.join("missing.weights")) {
        Err(LoadError::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound),
        other => panic!("expected an I/O error, got {other:?}"),
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
