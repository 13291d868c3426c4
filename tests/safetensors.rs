//! `typenet::safetensors` (feature `safetensors`): networks trained in PyTorch
//! (`tools/reference/pytorch_safetensors.py`, files in `tests/data/pytorch/`) reproduce
//! PyTorch's outputs once loaded, a written file reads back bit for bit, and every kind of bad
//! file is refused with the tensor at fault, leaving the network as it was.

use typenet::prelude::*;
use typenet::safetensors::{
    LoadOptions, SafetensorsError, from_bytes, from_bytes_boxed, read_into, to_bytes,
};

network! {
    /// typenet's default names: `layer1.weight` …
    pub struct Plain: 2 => Dense(3, Tanh) => Dense(1); loss = MSE
    /// The user's names.
    pub struct Named: 2 => fc1: Dense(3, Tanh) => fc2: Dense(1); loss = MSE
}

// The PyTorch models of tools/reference/pytorch_safetensors.py.
network! {
    /// nn.Sequential(Linear(4, 8), ReLU, Linear(8, 8), Tanh, Linear(8, 3)): indices [0, 2, 4].
    pub struct SeqMlp: 4 => Dense(8, ReLU) => Dense(8, Tanh) => Dense(3)
    /// A module with `fc1`, Sigmoid, `fc2`.
    pub struct PtNamed: 3 => fc1: Dense(5, Sigmoid) => fc2: Dense(2)
    /// nn.Sequential(Linear(3, 5), ACT, Linear(5, 3), ACT), one per shared activation.
    pub struct ActIdentity: 3 => Dense(5, Identity) => Dense(3, Identity)
    /// Sigmoid.
    pub struct ActSigmoid: 3 => Dense(5, Sigmoid) => Dense(3, Sigmoid)
    /// Tanh.
    pub struct ActTanh: 3 => Dense(5, Tanh) => Dense(3, Tanh)
    /// Softplus.
    pub struct ActSoftplus: 3 => Dense(5, Softplus) => Dense(3, Softplus)
    /// ReLU.
    pub struct ActReLU: 3 => Dense(5, ReLU) => Dense(3, ReLU)
    /// Softsign.
    pub struct ActSoftsign: 3 => Dense(5, Softsign) => Dense(3, Softsign)
    /// nn.ELU(alpha=0.5).
    pub struct ActELU: 3 => Dense(5, ELU(0.5)) => Dense(3, ELU(0.5))
    /// LogSigmoid.
    pub struct ActLogSigmoid: 3 => Dense(5, LogSigmoid) => Dense(3, LogSigmoid)
    /// nn.SiLU.
    pub struct ActSwish: 3 => Dense(5, Swish) => Dense(3, Swish)
    /// nn.LeakyReLU(0.1).
    pub struct ActLeakyReLU: 3 => Dense(5, LeakyReLU(0.1)) => Dense(3, LeakyReLU(0.1))
    /// Mish.
    pub struct ActMish: 3 => Dense(5, Mish) => Dense(3, Mish)
    /// nn.Softmax(dim=-1).
    pub struct ActSoftmax: 3 => Dense(5, Softmax) => Dense(3, Softmax)
}

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pytorch/");

/// The rows of a 2-D F32 or F64 tensor, as `f64`.
fn rows(file: &safetensors::SafeTensors<'_>, name: &str) -> Vec<Vec<f64>> {
    let t = file.tensor(name).unwrap();
    let values: Vec<f64> = match t.dtype() {
        safetensors::Dtype::F32 => t
            .data()
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().unwrap()) as f64)
            .collect(),
        safetensors::Dtype::F64 => t
            .data()
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
            .collect(),
        d => panic!("{name}: {d}"),
    };
    values.chunks(t.shape()[1]).map(<[f64]>::to_vec).collect()
}

/// Loads `NAME.safetensors` into `$net<$t>` and checks its outputs for PyTorch's inputs against
/// PyTorch's outputs: f32 within 1e-5 relative + 1e-6 absolute, f64 within 1e-12 (relative to
/// max(1, |y|)).
macro_rules! reference {
    ($test:ident, $name:literal, $net:ident<$t:ty>, $inputs:literal, $opts:expr) => {
        #[test]
        fn $test() {
            let bytes = std::fs::read(format!("{DATA}{}.safetensors", $name)).unwrap();
            let net: $net<$t> = from_bytes(&bytes, &$opts).unwrap();
            let expected = std::fs::read(format!("{DATA}{}.expected.safetensors", $name)).unwrap();
            let expected = safetensors::SafeTensors::deserialize(&expected).unwrap();
            let (xs, ys) = (rows(&expected, "inputs"), rows(&expected, "outputs"));
            assert_eq!(xs.len(), 8);
            let f32_net = core::mem::size_of::<$t>() == 4;
            for (x, y) in xs.iter().zip(&ys) {
                let input = SVector::<$t, $inputs>::from_iterator(x.iter().map(|&v| v as $t));
                let out = net.forward(&input);
                assert_eq!(out.len(), y.len());
                for (k, (&got, &want)) in out.iter().zip(y).enumerate() {
                    let got = got as f64;
                    let tol = if f32_net {
                        1e-6 + 1e-5 * want.abs()
                    } else {
                        1e-12 * want.abs().max(1.0)
                    };
                    assert!(
                        (got - want).abs() <= tol,
                        "{}: output {k} for {x:?}: typenet {got}, PyTorch {want}",
                        $name
                    );
                }
            }
        }
    };
}

const SEQ2: LoadOptions<'static> = LoadOptions::new().sequential(&[0, 2]);

reference!(
    seq_mlp_f32,
    "seq_mlp_f32",
    SeqMlp<f32>,
    4,
    LoadOptions::new().sequential(&[0, 2, 4])
);
reference!(named_f32, "named_f32", PtNamed<f32>, 3, LoadOptions::new());
reference!(named_f64, "named_f64", PtNamed<f64>, 3, LoadOptions::new());
reference!(f16_into_f32, "seq_f16", ActTanh<f32>, 3, SEQ2);
reference!(bf16_into_f32, "seq_bf16", ActTanh<f32>, 3, SEQ2);
reference!(identity_f32, "act_Identity_f32", ActIdentity<f32>, 3, SEQ2);
reference!(identity_f64, "act_Identity_f64", ActIdentity<f64>, 3, SEQ2);
reference!(sigmoid_f32, "act_Sigmoid_f32", ActSigmoid<f32>, 3, SEQ2);
reference!(sigmoid_f64, "act_Sigmoid_f64", ActSigmoid<f64>, 3, SEQ2);
reference!(tanh_f32, "act_Tanh_f32", ActTanh<f32>, 3, SEQ2);
reference!(tanh_f64, "act_Tanh_f64", ActTanh<f64>, 3, SEQ2);
reference!(softplus_f32, "act_Softplus_f32", ActSoftplus<f32>, 3, SEQ2);
reference!(softplus_f64, "act_Softplus_f64", ActSoftplus<f64>, 3, SEQ2);
reference!(relu_f32, "act_ReLU_f32", ActReLU<f32>, 3, SEQ2);
reference!(relu_f64, "act_ReLU_f64", ActReLU<f64>, 3, SEQ2);
reference!(softsign_f32, "act_Softsign_f32", ActSoftsign<f32>, 3, SEQ2);
reference!(softsign_f64, "act_Softsign_f64", ActSoftsign<f64>, 3, SEQ2);
reference!(elu_f32, "act_ELU_f32", ActELU<f32>, 3, SEQ2);
reference!(elu_f64, "act_ELU_f64", ActELU<f64>, 3, SEQ2);
reference!(
    log_sigmoid_f32,
    "act_LogSigmoid_f32",
    ActLogSigmoid<f32>,
    3,
    SEQ2
);
reference!(
    log_sigmoid_f64,
    "act_LogSigmoid_f64",
    ActLogSigmoid<f64>,
    3,
    SEQ2
);
reference!(swish_f32, "act_Swish_f32", ActSwish<f32>, 3, SEQ2);
reference!(swish_f64, "act_Swish_f64", ActSwish<f64>, 3, SEQ2);
reference!(
    leaky_relu_f32,
    "act_LeakyReLU_f32",
    ActLeakyReLU<f32>,
    3,
    SEQ2
);
reference!(
    leaky_relu_f64,
    "act_LeakyReLU_f64",
    ActLeakyReLU<f64>,
    3,
    SEQ2
);
reference!(mish_f32, "act_Mish_f32", ActMish<f32>, 3, SEQ2);
reference!(mish_f64, "act_Mish_f64", ActMish<f64>, 3, SEQ2);
reference!(softmax_f32, "act_Softmax_f32", ActSoftmax<f32>, 3, SEQ2);
reference!(softmax_f64, "act_Softmax_f64", ActSoftmax<f64>, 3, SEQ2);

/// A file typenet writes is the file PyTorch wrote: same names, shapes, dtypes and bits. The
/// copy in `target/safetensors-check/` is for `.ci/run`, which reads it with Python's
/// `safetensors` package (`tools/reference/pytorch_safetensors.py --check`).
#[test]
fn written_file_is_pytorchs() {
    let opts = LoadOptions::new().sequential(&[0, 2, 4]);
    let reference = std::fs::read(format!("{DATA}seq_mlp_f32.safetensors")).unwrap();
    let net: SeqMlp<f32> = from_bytes(&reference, &opts).unwrap();
    let written = to_bytes(&net, &opts).unwrap();
    let (a, b) = (
        safetensors::SafeTensors::deserialize(&written).unwrap(),
        safetensors::SafeTensors::deserialize(&reference).unwrap(),
    );
    let (mut na, mut nb) = (a.names(), b.names());
    na.sort();
    nb.sort();
    assert_eq!(na, nb);
    for name in na {
        let (x, y) = (a.tensor(name).unwrap(), b.tensor(name).unwrap());
        assert_eq!(
            (x.dtype(), x.shape(), x.data()),
            (y.dtype(), y.shape(), y.data()),
            "{name}"
        );
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/safetensors-check");
    std::fs::create_dir_all(dir).unwrap();
    typenet::safetensors::save(format!("{dir}/seq_mlp_f32.safetensors"), &net, &opts).unwrap();
}

/// One tensor of a crafted file: name, dtype as the format spells it, shape, raw bytes.
type Raw<'a> = (&'a str, &'a str, &'a [usize], Vec<u8>);

/// A safetensors file written by hand, so the tests can make every mistake on purpose.
fn craft(tensors: &[Raw<'_>]) -> Vec<u8> {
    let mut header = String::from("{");
    let mut offset = 0;
    for (k, (name, dtype, shape, bytes)) in tensors.iter().enumerate() {
        if k > 0 {
            header.push(',');
        }
        let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
        header.push_str(&format!(
            "\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":[{}],\"data_offsets\":[{offset},{}]}}",
            dims.join(","),
            offset + bytes.len()
        ));
        offset += bytes.len();
    }
    header.push('}');
    let mut out = (header.len() as u64).to_le_bytes().to_vec();
    out.extend_from_slice(header.as_bytes());
    for (_, _, _, bytes) in tensors {
        out.extend_from_slice(bytes);
    }
    out
}

fn f32s(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// A valid file for `Plain` under `names` (weight, bias, weight, bias), values 1, 2, 3, ….
fn plain_file(names: [&str; 4]) -> Vec<u8> {
    let v: Vec<f32> = (1..=13).map(|i| i as f32).collect();
    craft(&[
        (names[0], "F32", &[3, 2], f32s(&v[0..6])),
        (names[1], "F32", &[3], f32s(&v[6..9])),
        (names[2], "F32", &[1, 3], f32s(&v[9..12])),
        (names[3], "F32", &[1], f32s(&v[12..13])),
    ])
}

const PLAIN: [&str; 4] = [
    "layer1.weight",
    "layer1.bias",
    "layer2.weight",
    "layer2.bias",
];

#[test]
fn reads_typenet_names_in_state_dict_order() {
    let net: Plain<f32> = from_bytes(&plain_file(PLAIN), &LoadOptions::new()).unwrap();
    let expected: Vec<f32> = (1..=13).map(|i| i as f32).collect();
    assert_eq!(net.params(), &expected[..]);
    let boxed: Box<Plain<f32>> = from_bytes_boxed(&plain_file(PLAIN), &LoadOptions::new()).unwrap();
    assert_eq!(boxed.params(), &expected[..]);
}

#[test]
fn sequential_prefix_and_rename_map_the_names() {
    let file = plain_file([
        "model.0.weight",
        "model.0.bias",
        "model.2.weight",
        "model.2.bias",
    ]);
    let opts = LoadOptions::new().prefix("model.").sequential(&[0, 2]);
    let net: Plain<f64> = from_bytes(&file, &opts).unwrap();
    assert_eq!(net.params()[12], 13.0);
    let file = plain_file(["enc.weight", "enc.bias", "fc2.weight", "fc2.bias"]);
    let opts = LoadOptions::new().rename(&[("enc.weight", "fc1.weight"), ("enc.bias", "fc1.bias")]);
    let net: Named<f32> = from_bytes(&file, &opts).unwrap();
    assert_eq!(net.params()[0], 1.0);
    // Too few indices for the layers.
    let err = from_bytes::<f32, Plain<f32>>(&file, &LoadOptions::new().sequential(&[0]));
    assert!(matches!(
        err,
        Err(SafetensorsError::SequentialIndices {
            layers: 2,
            given: 1
        })
    ));
}

#[test]
fn written_file_reads_back_bit_for_bit_with_pytorch_names() {
    let mut net = Plain::<f64>::zeros();
    for (k, p) in net.params_mut().iter_mut().enumerate() {
        *p = (k as f64 + 0.1) / 3.0;
    }
    let opts = LoadOptions::new().sequential(&[0, 2]).prefix("net.");
    let bytes = to_bytes(&net, &opts).unwrap();
    let back: Plain<f64> = from_bytes(&bytes, &opts).unwrap();
    assert_eq!(back.params(), net.params());
    // The names and shapes are PyTorch's.
    let file = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let mut names = file.names();
    names.sort();
    assert_eq!(
        names,
        ["net.0.bias", "net.0.weight", "net.2.bias", "net.2.weight"]
    );
    assert_eq!(file.tensor("net.0.weight").unwrap().shape(), &[3, 2]);
    assert_eq!(
        file.tensor("net.2.bias").unwrap().dtype(),
        safetensors::Dtype::F64
    );
    // A non-finite parameter is not written.
    net.params_mut()[4] = f64::NAN;
    assert!(matches!(
        to_bytes(&net, &LoadOptions::new()),
        Err(SafetensorsError::NonFiniteParameter {
            tensor: "layer1.weight",
            index: 4
        })
    ));
}

#[test]
fn half_precision_converts() {
    let h = |v: f32| half::f16::from_f32(v).to_le_bytes().to_vec();
    let b = |v: f32| half::bf16::from_f32(v).to_le_bytes().to_vec();
    let file = craft(&[
        (
            "layer1.weight",
            "F16",
            &[3, 2],
            [0.5f32, -1.5, 2.0, 0.25, 3.0, -4.0]
                .iter()
                .flat_map(|&v| h(v))
                .collect(),
        ),
        (
            "layer1.bias",
            "BF16",
            &[3],
            [1.0f32, -2.0, 0.125].iter().flat_map(|&v| b(v)).collect(),
        ),
        (
            "layer2.weight",
            "F64",
            &[1, 3],
            [0.1f64, 0.2, 0.3]
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect(),
        ),
        ("layer2.bias", "F32", &[1], f32s(&[7.0])),
    ]);
    let net: Plain<f32> = from_bytes(&file, &LoadOptions::new()).unwrap();
    assert_eq!(
        net.params(),
        &[
            0.5, -1.5, 2.0, 0.25, 3.0, -4.0, 1.0, -2.0, 0.125, 0.1, 0.2, 0.3, 7.0
        ]
    );
}

/// Loads `file` into a network of known values and checks it is refused and left unchanged.
fn refused(file: &[u8], opts: &LoadOptions<'_>) -> SafetensorsError {
    let mut net = Plain::<f32>::filled(0.5);
    let err = read_into(file, opts, &mut net).unwrap_err();
    assert!(
        net.params().iter().all(|&v| v == 0.5),
        "changed by a refused file: {err}"
    );
    err
}

#[test]
fn missing_tensor_is_refused_by_name() {
    let v = f32s(&[0.0; 6]);
    let file = craft(&[
        ("layer1.weight", "F32", &[3, 2], v),
        ("layer1.bias", "F32", &[3], f32s(&[0.0; 3])),
        ("layer2.weight", "F32", &[1, 3], f32s(&[0.0; 3])),
    ]);
    let err = refused(&file, &LoadOptions::new());
    assert!(matches!(
        &err,
        SafetensorsError::Missing {
            tensor: "layer2.bias",
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "tensor `layer2.bias` (the network's `layer2.bias`) is missing from the file"
    );
}

#[test]
fn unexpected_tensor_is_refused_unless_ignored() {
    let mut tensors: Vec<Raw<'_>> = vec![
        ("layer1.weight", "F32", &[3, 2], f32s(&[1.0; 6])),
        ("layer1.bias", "F32", &[3], f32s(&[1.0; 3])),
        ("layer2.weight", "F32", &[1, 3], f32s(&[1.0; 3])),
        ("layer2.bias", "F32", &[1], f32s(&[1.0])),
    ];
    tensors.push((
        "bn.num_batches_tracked",
        "I64",
        &[],
        0i64.to_le_bytes().to_vec(),
    ));
    let file = craft(&tensors);
    let err = refused(&file, &LoadOptions::new());
    assert!(
        matches!(&err, SafetensorsError::Unexpected { file_name } if file_name == "bn.num_batches_tracked"),
        "{err}"
    );
    let net: Plain<f32> =
        from_bytes(&file, &LoadOptions::new().ignore(&["num_batches_tracked"])).unwrap();
    assert_eq!(net.params()[0], 1.0);
}

#[test]
fn wrong_shape_is_refused_with_both_shapes() {
    let file = craft(&[
        ("layer1.weight", "F32", &[2, 3], f32s(&[0.0; 6])),
        ("layer1.bias", "F32", &[3], f32s(&[0.0; 3])),
        ("layer2.weight", "F32", &[1, 3], f32s(&[0.0; 3])),
        ("layer2.bias", "F32", &[1], f32s(&[0.0])),
    ]);
    let err = refused(&file, &LoadOptions::new());
    assert_eq!(
        err.to_string(),
        "tensor `layer1.weight` (the network's `layer1.weight`) has shape [2, 3], but the \
         network's is [3, 2]"
    );
}

#[test]
fn unsupported_dtype_is_refused() {
    let file = craft(&[
        ("layer1.weight", "F32", &[3, 2], f32s(&[0.0; 6])),
        ("layer1.bias", "I32", &[3], vec![0; 12]),
        ("layer2.weight", "F32", &[1, 3], f32s(&[0.0; 3])),
        ("layer2.bias", "F32", &[1], f32s(&[0.0])),
    ]);
    let err = refused(&file, &LoadOptions::new());
    assert!(
        matches!(&err, SafetensorsError::Dtype { tensor: "layer1.bias", dtype, .. } if dtype == "I32"),
        "{err}"
    );
}

#[test]
fn non_finite_values_are_refused() {
    for bad in [f64::NAN, f64::INFINITY, 1e300] {
        let file = craft(&[
            ("layer1.weight", "F32", &[3, 2], f32s(&[0.0; 6])),
            ("layer1.bias", "F32", &[3], f32s(&[0.0; 3])),
            (
                "layer2.weight",
                "F64",
                &[1, 3],
                [1.0, 2.0, bad]
                    .iter()
                    .flat_map(|v: &f64| v.to_le_bytes())
                    .collect(),
            ),
            ("layer2.bias", "F32", &[1], f32s(&[0.0])),
        ]);
        let err = refused(&file, &LoadOptions::new());
        assert!(
            matches!(
                &err,
                SafetensorsError::NonFinite {
                    tensor: "layer2.weight",
                    index: 2,
                    ..
                }
            ),
            "{err}"
        );
    }
}

#[test]
fn malformed_files_are_refused() {
    let good = plain_file(PLAIN);
    // Cut short, an oversized header length, data past the end, garbage.
    let cut = &good[..good.len() - 1];
    let mut huge = good.clone();
    huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
    let mut overlapping = good.clone();
    let text = String::from_utf8_lossy(&overlapping).replace("[24,36]", "[20,32]");
    overlapping = text.into_bytes();
    for file in [cut, &huge[..], &overlapping[..], b"", b"not a file at all"] {
        let err = refused(file, &LoadOptions::new());
        assert!(matches!(err, SafetensorsError::Format { .. }), "{err}");
    }
}

/// Fuzzing, stable counterpart: thousands of mutations of a valid file (bytes flipped, header
/// length and offsets changed, dtypes swapped, cut short, extended) never panic, and every
/// refused one leaves the network unchanged. `cargo test` tries 3,000; the long run before
/// issue 19 was resolved (10⁷, 0 panics) is
///
/// ```text
/// TYPENET_FUZZ_CASES=10000000 cargo test --release --features safetensors --test safetensors \
///     mutated -- --nocapture
/// ```
///
/// and `TYPENET_FUZZ_SEED` picks another sequence.
#[test]
fn mutated_files_never_panic_and_refusals_change_nothing() {
    use rand_pcg::Pcg64;
    use rand_pcg::rand_core::{Rng, SeedableRng};
    let env = |name: &str, default: u64| {
        std::env::var(name).map_or(default, |v| v.parse().expect("a number of cases or a seed"))
    };
    let cases = env("TYPENET_FUZZ_CASES", 3000);
    let good = plain_file(PLAIN);
    let header_len = u64::from_le_bytes(good[..8].try_into().unwrap()) as usize;
    let mut rng = Pcg64::seed_from_u64(env("TYPENET_FUZZ_SEED", 19));
    let opts = LoadOptions::new();
    let mut refused_count = 0u64;
    for case in 0..cases {
        let mut file = good.clone();
        match case % 6 {
            // A random byte anywhere.
            0 => {
                let i = rng.next_u64() as usize % file.len();
                file[i] = rng.next_u64() as u8;
            }
            // The header length: near it, huge, past the end.
            1 => {
                let n = match rng.next_u32() % 3 {
                    0 => header_len as u64 ^ (1 << (rng.next_u32() % 64)),
                    1 => rng.next_u64(),
                    _ => file.len() as u64 + u64::from(rng.next_u32() % 16),
                };
                file[..8].copy_from_slice(&n.to_le_bytes());
            }
            // A digit of the header (shapes, offsets) changed.
            2 => {
                let digits: Vec<usize> = (8..8 + header_len)
                    .filter(|&i| file[i].is_ascii_digit())
                    .collect();
                let i = digits[rng.next_u64() as usize % digits.len()];
                file[i] = b'0' + (rng.next_u32() % 10) as u8;
            }
            // A dtype swapped.
            3 => {
                let text = String::from_utf8_lossy(&file).into_owned();
                let to = ["F16", "BF16", "F64", "I8", "U64", "BOOL", "F8_E4M3"]
                    [rng.next_u32() as usize % 7];
                file = text
                    .replacen("\"F32\"", &format!("\"{to}\""), 1)
                    .into_bytes();
            }
            // Cut short.
            4 => file.truncate(rng.next_u64() as usize % file.len()),
            // Extra bytes at the end.
            _ => file.extend((0..1 + rng.next_u32() % 8).map(|_| rng.next_u32() as u8)),
        }
        let mut net = Plain::<f32>::filled(0.5);
        if read_into(&file, &opts, &mut net).is_err() {
            assert!(net.params().iter().all(|&v| v == 0.5), "case {case}");
            refused_count += 1;
        }
    }
    println!("{cases} mutated files, {refused_count} refused, 0 panics");
}
