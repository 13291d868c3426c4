//! `typenet::export`: a network written as Rust source or as a weight file reads back bit for
//! bit, and every kind of bad weight file is refused with the line at fault, leaving the network
//! as it was.

use typenet::TensorInfo;
use typenet::export::{
    ExportError, Item, LoadError, WeightFileError, load_weights, load_weights_boxed, read_weights,
    read_weights_boxed, read_weights_into, save_weights, write_rust, write_weights,
};
use typenet::prelude::*;

network! {
    /// 9 parameters.
    pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
    /// Also 9 parameters, another architecture.
    pub struct Eight: 8 => Dense(1); loss = MSE
    /// Xor's shapes under the user's layer names.
    pub struct Named: 2 => hidden: Dense(2, Sigmoid) => out: Dense(1, Sigmoid); loss = MSE
    /// A residual block (its layers are `layer2`, `layer3`), one without bias, a named block.
    pub struct Skip: 2 => Dense(3, ReLU) => Residual(Dense(3, ReLU) => Dense(3, bias = false))
        => Tanh => inner: Residual(Dense(3) => last: Dense(3, Tanh)) => Dense(1); loss = MSE
    /// No bias anywhere, inference only.
    pub struct NoBias: 3 => Dense(4, Tanh, bias = false) => Dense(2, bias = false)
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
        text.starts_with("typenet-weights 2\nnetwork Xor\nscalar f32\nparams 9\n"),
        "{text}"
    );
    // Header, four tensor lines, nine values, end line.
    assert_eq!(text.lines().count(), 4 + 4 + 9 + 1);
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
        (with_line(1, "typenet-weights 3"), Header { line: 1 }),
        (with_line(1, "typenet-weights 1 2"), Header { line: 1 }),
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

// ---------------------------------------------------------------------------------------------
// Tensor metadata (`Parameters::NAME`, `Parameters::TENSORS`) and weight files of version 2.

/// The tensors' offsets and shapes cover `params()` exactly, in order, without gaps.
fn assert_tiles<N: Network<f32>>() {
    let mut end = 0;
    for t in N::TENSORS {
        assert_eq!(t.offset, end, "{} starts where the previous ends", t.name);
        assert_eq!(t.len(), t.shape.iter().product::<usize>());
        assert!(!t.is_empty());
        end += t.len();
    }
    assert_eq!(
        end,
        N::PARAMS,
        "{}: the tensors cover every parameter",
        N::NAME
    );
    assert!(TensorInfo::tile(N::TENSORS, N::PARAMS));
    assert!(!TensorInfo::tile(N::TENSORS, N::PARAMS + 1));
}

/// `(name, shape)` of every tensor.
fn layout<N: Network<f32>>() -> Vec<(&'static str, Vec<usize>)> {
    N::TENSORS
        .iter()
        .map(|t| (t.name, t.shape.to_vec()))
        .collect()
}

#[test]
fn tensors_tile_the_parameters_in_state_dict_order() {
    assert_tiles::<Xor<f32>>();
    assert_tiles::<Eight<f32>>();
    assert_tiles::<Named<f32>>();
    assert_tiles::<Skip<f32>>();
    assert_tiles::<NoBias<f32>>();
    assert_eq!(<Xor<f32> as Parameters<f32>>::NAME, "Xor");
    assert_eq!(Skip::<f64>::NAME, "Skip");
    assert_eq!(
        Xor::<f32>::TENSORS,
        &[
            TensorInfo {
                name: "layer1.weight",
                shape: &[2, 2],
                offset: 0
            },
            TensorInfo {
                name: "layer1.bias",
                shape: &[2],
                offset: 4
            },
            TensorInfo {
                name: "layer2.weight",
                shape: &[1, 2],
                offset: 6
            },
            TensorInfo {
                name: "layer2.bias",
                shape: &[1],
                offset: 8
            },
        ]
    );
    let v = |name, shape: &[usize]| (name, shape.to_vec());
    assert_eq!(
        layout::<Named<f32>>(),
        [
            v("hidden.weight", &[2, 2]),
            v("hidden.bias", &[2]),
            v("out.weight", &[1, 2]),
            v("out.bias", &[1]),
        ]
    );
    // Layers inside residual blocks are numbered with the others; a block's own name is not a
    // tensor prefix (its layers are fields of the network like any other).
    assert_eq!(
        layout::<Skip<f32>>(),
        [
            v("layer1.weight", &[3, 2]),
            v("layer1.bias", &[3]),
            v("layer2.weight", &[3, 3]),
            v("layer2.bias", &[3]),
            v("layer3.weight", &[3, 3]),
            v("layer4.weight", &[3, 3]),
            v("layer4.bias", &[3]),
            v("last.weight", &[3, 3]),
            v("last.bias", &[3]),
            v("layer6.weight", &[1, 3]),
            v("layer6.bias", &[1]),
        ]
    );
    assert_eq!(
        layout::<NoBias<f32>>(),
        [v("layer1.weight", &[4, 3]), v("layer2.weight", &[2, 4])]
    );
}

/// A tensor's values are the field of that name, in PyTorch's layout: `weight` `[out, in]`
/// row-major, so value `j·in + i` is the seed's w_ij (`weight[(i, j)]`).
#[test]
fn tensor_values_are_the_named_fields() {
    let mut net = Skip::<f32>::zeros();
    net.layer3.weight[(2, 1)] = 1.0; // input 2 → neuron 1
    net.last.bias[2] = 2.0;
    net.layer6.weight[(1, 0)] = 3.0;
    let find = |name| {
        Skip::<f32>::TENSORS
            .iter()
            .find(|t| t.name == name)
            .unwrap()
    };
    let params = net.params();
    assert_eq!(find("layer3.weight").values(params).unwrap()[3 + 2], 1.0);
    assert_eq!(find("last.bias").values(params).unwrap(), &[0.0, 0.0, 2.0]);
    assert_eq!(
        find("layer6.weight").values(params).unwrap(),
        &[0.0, 3.0, 0.0]
    );
    assert_eq!(params.iter().filter(|v| **v != 0.0).count(), 3);
    assert_eq!(find("layer6.bias").values(&params[..5]), None);
}

/// FNV-1a 64 as the module documentation specifies it, written independently of the library.
fn fnv1a64(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

#[test]
fn version_2_files_are_written_as_documented() {
    let net = Xor::<f32>::from_array([0.5, -1.25, 3e-8, 7.0, -0.0, 1e10, 0.1, 0.2, 0.3]);
    let mut text = String::new();
    write_weights(&mut text, &net).unwrap();
    let sum = fnv1a64(net.params().iter().flat_map(|v| v.to_bits().to_le_bytes()));
    let expected = format!(
        "typenet-weights 2\nnetwork Xor\nscalar f32\nparams 9\n\
         tensor layer1.weight 2 2\n0.5\n-1.25\n3e-8\n7.0\n\
         tensor layer1.bias 2\n-0.0\n10000000000.0\n\
         tensor layer2.weight 1 2\n0.1\n0.2\n\
         tensor layer2.bias 1\n0.3\n\
         end 9 fnv1a64 {sum:016x}\n"
    );
    assert_eq!(text, expected);

    let net = NoBias::<f64>::from_array([0.25; 20]);
    let mut text = String::new();
    write_weights(&mut text, &net).unwrap();
    let sum = fnv1a64(net.params().iter().flat_map(|v| v.to_bits().to_le_bytes()));
    assert!(
        text.starts_with(
            "typenet-weights 2\nnetwork NoBias\nscalar f64\nparams 20\ntensor layer1.weight 4 3\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("\n0.25\ntensor layer2.weight 2 4\n0.25\n"),
        "{text}"
    );
    assert!(
        text.ends_with(&format!("\nend 20 fnv1a64 {sum:016x}\n")),
        "{text}"
    );
    let back: NoBias<f64> = read_weights(&text).unwrap();
    assert_eq!(back, net);
}

fn v2_text<N: Network<f32>>(net: &N) -> String {
    let mut text = String::new();
    write_weights(&mut text, net).unwrap();
    text
}

/// Issue 15: XOR's 2-2-1 file has 9 values, as `8 => Dense(1)` has 9 parameters; version 2
/// refuses it, naming the tensor and both shapes.
#[test]
fn a_file_for_another_architecture_is_refused_even_with_the_same_count() {
    let xor = awkward_f32();
    let text = v2_text(&xor);
    let before = Eight::<f32>::from_array([1.0; 9]);
    let mut eight = before.clone();
    let err = read_weights_into(&text, &mut eight).unwrap_err();
    match err {
        WeightFileError::TensorShape {
            line: 5,
            tensor: "layer1.weight",
            expected: &[1, 8],
            found,
        } => assert_eq!(found.as_slice(), &[2, 2]),
        other => panic!("expected a shape error for layer1.weight, got {other:?}"),
    }
    assert_eq!(eight, before, "a refused file leaves the network as it was");
    assert_eq!(
        err.to_string(),
        "line 5: tensor `layer1.weight` has shape [2, 2] in the file, but [1, 8] in the network"
    );

    // Same shapes, other layer names: refused too, naming both tensors when the network has
    // the file's.
    let err = read_weights::<f32, Named<f32>>(&text).unwrap_err();
    assert_eq!(
        err,
        WeightFileError::TensorName {
            line: 5,
            expected: "hidden.weight",
            found: None
        }
    );
    assert_eq!(
        err.to_string(),
        "line 5: expected tensor `hidden.weight`, found a tensor the network does not have (another architecture)"
    );
    // The type name is informational: a network of the same tensors reads the file whatever its
    // name.
    network! { struct Renamed: 2 => Dense(2, Tanh) => Dense(1); loss = MSE }
    let renamed: Renamed<f32> = read_weights(&text).unwrap();
    assert_eq!(renamed.params(), xor.params());

    // Version 1 files still read with version 1's check (the count): this is why version 2
    // exists.
    let v1 = valid_lines().join("\n");
    assert!(read_weights::<f32, Eight<f32>>(&v1).is_ok());
}

/// Issue 15: a file cut inside its last number (`0.123456` → `0.123`) is refused, as is a value
/// changed after writing.
#[test]
fn a_file_cut_short_or_edited_is_refused() {
    let net = Xor::<f32>::from_array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.123456]);
    let text = v2_text(&net);
    let cut = &text[..text.find("0.123456").unwrap() + "0.123".len()];
    assert_eq!(
        read_weights::<f32, Xor<f32>>(cut).unwrap_err(),
        WeightFileError::Truncated { line: 17 }
    );
    // Every prefix of the file is refused (the whole file, and it with its last newline cut,
    // are accepted).
    let mut cuts = 0;
    for end in 0..text.len() - 1 {
        assert!(
            read_weights::<f32, Xor<f32>>(&text[..end]).is_err(),
            "prefix of {end} bytes accepted: {:?}",
            &text[..end]
        );
        cuts += 1;
    }
    assert!(cuts > 100);
    assert!(read_weights::<f32, Xor<f32>>(&text[..text.len() - 1]).is_ok());

    // The same cut inside the file, with the end line kept: the checksum differs.
    let edited = text.replace("0.123456", "0.123");
    let sum = fnv1a64(net.params().iter().flat_map(|v| v.to_bits().to_le_bytes()));
    let mut cut_params = net.params().to_vec();
    cut_params[8] = 0.123;
    let cut_sum = fnv1a64(cut_params.iter().flat_map(|v| v.to_bits().to_le_bytes()));
    assert_eq!(
        read_weights::<f32, Xor<f32>>(&edited).unwrap_err(),
        WeightFileError::Checksum {
            line: 18,
            computed: cut_sum,
            found: sum
        }
    );
    let e = read_weights::<f32, Xor<f32>>(&edited)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("line 18: the values' checksum is "), "{e}");
}

/// A valid v2 file for `Xor`, line by line (18 lines).
fn v2_lines() -> Vec<String> {
    let net = Xor::<f32>::from_array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    v2_text(&net).lines().map(str::to_string).collect()
}

fn v2_with(n: usize, replacement: Option<&str>) -> String {
    let mut lines = v2_lines();
    match replacement {
        Some(r) => lines[n - 1] = r.to_string(),
        None => {
            lines.remove(n - 1);
        }
    }
    lines.join("\n")
}

#[test]
fn every_bad_version_2_file_is_refused_with_the_line_and_tensor_at_fault() {
    use WeightFileError::*;
    let lines = v2_lines();
    assert_eq!(lines.len(), 18);
    assert_eq!(lines[4], "tensor layer1.weight 2 2");
    assert_eq!(lines[12], "tensor layer2.weight 1 2");
    let sum = &lines[17]["end 9 fnv1a64 ".len()..];
    let shape = |line, tensor, expected, dims: &[usize]| (line, tensor, expected, dims.to_vec());
    let cases: Vec<(String, WeightFileError)> = vec![
        (v2_with(2, Some("network")), NetworkLine { line: 2 }),
        (v2_with(2, Some("network Xor f32")), NetworkLine { line: 2 }),
        (v2_with(2, Some("scalar f32")), NetworkLine { line: 2 }),
        (
            v2_with(3, Some("scalar f64")),
            Scalar {
                line: 3,
                expected: "f32",
            },
        ),
        (
            v2_with(4, Some("params 10")),
            ParamCount {
                expected: 9,
                found: 10,
            },
        ),
        (v2_with(5, Some("tensor")), TensorLine { line: 5 }),
        (
            v2_with(5, Some("layer1.weight 2 2")),
            TensorLine { line: 5 },
        ),
        (
            v2_with(5, Some("tensor layer1.weight 2 x")),
            TensorLine { line: 5 },
        ),
        (
            v2_with(5, Some("tensor layer1.weight 2 -2")),
            TensorLine { line: 5 },
        ),
        (
            v2_with(5, Some("tensor layer1.weight 99999999999999999999999")),
            TensorLine { line: 5 },
        ),
        (
            v2_with(5, Some("tensor layer1.weight 1 1 1 1 1 1 1 1 4")),
            TensorLine { line: 5 },
        ),
        (v2_with(5, Some("0.5")), TensorLine { line: 5 }),
        // Tensors given twice or out of order: the file's name is one of the network's.
        (
            v2_with(13, Some("tensor layer1.weight 1 2")),
            TensorName {
                line: 13,
                expected: "layer2.weight",
                found: Some("layer1.weight"),
            },
        ),
        (
            v2_with(5, Some("tensor layer2.weight 2 2")),
            TensorName {
                line: 5,
                expected: "layer1.weight",
                found: Some("layer2.weight"),
            },
        ),
        (
            v2_with(5, Some("tensor Layer1.weight 2 2")),
            TensorName {
                line: 5,
                expected: "layer1.weight",
                found: None,
            },
        ),
        // A value removed: the next tensor line comes too early.
        (
            v2_with(7, None),
            TensorValues {
                line: 9,
                tensor: "layer1.weight",
                expected: 4,
                found: 3,
            },
        ),
        // A value added: it is counted with the rest.
        (
            v2_with(9, Some("0.4\n0.45\n0.46")),
            TensorValues {
                line: 10,
                tensor: "layer1.weight",
                expected: 4,
                found: 6,
            },
        ),
        (
            v2_with(17, Some("0.9\n1.0")),
            TensorValues {
                line: 18,
                tensor: "layer2.bias",
                expected: 1,
                found: 2,
            },
        ),
        // The last tensor gone: its line and its value.
        (
            {
                let mut l = lines.clone();
                l.drain(15..17);
                l.join("\n")
            },
            MissingTensor {
                line: 16,
                tensor: "layer2.bias",
            },
        ),
        (
            v2_with(
                18,
                Some(&format!("tensor layer3.bias 1\n1.0\n{}", lines[17])),
            ),
            ExtraTensor { line: 18 },
        ),
        (v2_with(7, Some("0.3x")), NotANumber { line: 7 }),
        (v2_with(7, Some("NaN")), NonFinite { line: 7, index: 1 }),
        (v2_with(15, Some("1e39")), NonFinite { line: 15, index: 7 }),
        (v2_with(18, None), Truncated { line: 17 }),
        (lines[..4].join("\n"), Truncated { line: 4 }),
        (
            lines[..5].join("\n"),
            TensorValues {
                line: 5,
                tensor: "layer1.weight",
                expected: 4,
                found: 0,
            },
        ),
        (v2_with(18, Some("end 9")), EndLine { line: 18 }),
        (
            v2_with(18, Some(&format!("end 8 fnv1a64 {sum}"))),
            EndLine { line: 18 },
        ),
        (
            v2_with(18, Some(&format!("end 9 crc32 {sum}"))),
            EndLine { line: 18 },
        ),
        (
            v2_with(18, Some(&format!("end 9 fnv1a64 {}", &sum[1..]))),
            EndLine { line: 18 },
        ),
        (
            v2_with(18, Some(&format!("end 9 fnv1a64 +{}", &sum[1..]))),
            EndLine { line: 18 },
        ),
        (
            v2_with(18, Some(&format!("end 9 fnv1a64 {sum} x"))),
            EndLine { line: 18 },
        ),
        (
            v2_with(18, Some("end 9 fnv1a64 0000000000000000")),
            Checksum {
                line: 18,
                computed: u64::from_str_radix(sum, 16).unwrap(),
                found: 0,
            },
        ),
        (v2_lines().join("\n") + "\n0.5\n", AfterEnd { line: 19 }),
        (
            v2_lines().join("\n") + "\n" + &lines[17],
            AfterEnd { line: 19 },
        ),
    ];
    let before: Xor<f32> = Xor::from_array([7.0; 9]);
    for (text, expected) in &cases {
        assert_eq!(
            read_weights::<f32, Xor<f32>>(text).err(),
            Some(*expected),
            "{text}"
        );
        let mut net = before.clone();
        assert_eq!(read_weights_into(text, &mut net), Err(*expected));
        assert_eq!(
            net, before,
            "a refused file must leave the network unchanged"
        );
        assert!(!expected.to_string().is_empty());
    }
    // Shapes of another length or order.
    for (text, (line, tensor, expected, found)) in [
        (
            v2_with(5, Some("tensor layer1.weight 4")),
            shape(5, "layer1.weight", &[2usize, 2][..], &[4]),
        ),
        (
            v2_with(5, Some("tensor layer1.weight")),
            shape(5, "layer1.weight", &[2, 2], &[]),
        ),
        (
            v2_with(13, Some("tensor layer2.weight 2 1")),
            shape(13, "layer2.weight", &[1, 2], &[2, 1]),
        ),
        (
            v2_with(10, Some("tensor layer1.bias 2 1")),
            shape(10, "layer1.bias", &[2], &[2, 1]),
        ),
    ] {
        match read_weights::<f32, Xor<f32>>(&text).unwrap_err() {
            WeightFileError::TensorShape {
                line: l,
                tensor: t,
                expected: e,
                found: f,
            } => {
                assert_eq!(
                    (l, t, e, f.as_slice()),
                    (line, tensor, expected, &found[..])
                );
            }
            other => panic!("expected a shape error, got {other:?}"),
        }
    }
    // Comments, blank lines, spaces and CRLF are accepted anywhere.
    let loose = v2_lines()
        .iter()
        .map(|l| format!("  {l}  \r\n# comment\r\n\r\n"))
        .collect::<String>();
    let net: Xor<f32> = read_weights(&loose).unwrap();
    assert_eq!(net.params()[8], 0.9);
}

/// Issue 15: a UTF-8 byte-order mark at the start is accepted, for both versions; elsewhere it is
/// not a number.
#[test]
fn a_byte_order_mark_is_accepted() {
    let v2 = format!("\u{feff}{}", v2_lines().join("\n"));
    let net: Xor<f32> = read_weights(&v2).unwrap();
    assert_eq!(net.params()[0], 0.1);
    let v1 = format!("\u{feff}{}", valid_lines().join("\r\n"));
    let net: Xor<f32> = read_weights(&v1).unwrap();
    assert_eq!(net.params()[0], 0.1);
    let bytes = [&[0xef, 0xbb, 0xbf][..], v2_lines().join("\n").as_bytes()].concat();
    let net: Xor<f32> = read_weights(std::str::from_utf8(&bytes).unwrap()).unwrap();
    assert_eq!(net.params()[8], 0.9);
    let twice = format!("\u{feff}{v2}");
    assert_eq!(
        read_weights::<f32, Xor<f32>>(&twice).unwrap_err(),
        WeightFileError::Header { line: 1 }
    );
}

#[test]
fn version_2_round_trips_every_architecture_and_loads_boxed() {
    let mut rng = <rand_pcg::Pcg64 as typenet::rand_core::SeedableRng>::seed_from_u64(3);
    let skip = Skip::<f64>::random(&mut rng);
    let mut text = String::new();
    write_weights(&mut text, &skip).unwrap();
    assert!(text.contains("\ntensor layer3.weight 3 3\n"), "{text}");
    assert!(!text.contains("layer3.bias"), "{text}");
    let back: Skip<f64> = read_weights(&text).unwrap();
    assert_eq!(back, skip);
    let boxed: Box<Skip<f64>> = read_weights_boxed(&text).unwrap();
    assert_eq!(*boxed, skip);
    assert_eq!(
        read_weights_boxed::<f32, Skip<f32>>(&text).unwrap_err(),
        WeightFileError::Scalar {
            line: 3,
            expected: "f32"
        }
    );

    let dir = std::env::temp_dir().join(format!("typenet-export-v2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("skip.weights");
    save_weights(&path, &skip).unwrap();
    let back: Box<Skip<f64>> = load_weights_boxed(&path).unwrap();
    assert_eq!(*back, skip);
    match load_weights_boxed::<f64, Xor<f64>>(&path) {
        Err(LoadError::Format(WeightFileError::ParamCount {
            expected: 9,
            found: 58,
        })) => {}
        other => panic!("expected a count error, got {other:?}"),
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The module documentation's example file is the embedded example's XOR weights: it reads, and
/// its checksum is the documented FNV-1a of the values' bits.
#[test]
fn the_documented_example_file_reads() {
    let text = include_str!("../examples/embedded/weights/xor.weights");
    let net: Xor<f32> = read_weights(text).unwrap();
    let sum = fnv1a64(net.params().iter().flat_map(|v| v.to_bits().to_le_bytes()));
    assert!(
        text.ends_with(&format!("end 9 fnv1a64 {sum:016x}\n")),
        "{text}"
    );
    assert_eq!(net.layer1.weight[(1, 0)], -6.084133);
}
