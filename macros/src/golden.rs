//! Golden expansions: the generated code (and error output) of a fixed list of definitions,
//! compared token for token with the files under `macros/tests/expansions/`, so that a change to
//! the generators that was meant to keep the output cannot change it unnoticed.
//!
//! `TYPENET_BLESS=1 cargo test -p typenet-macros golden` rewrites the files; review their diff.

use std::path::PathBuf;

/// Name and source of every golden expansion: each activation and loss, `bias = false`, named
/// layers, standalone activation stages, residual blocks, a network without a loss, the
/// expression form, a layer past the unroll thresholds, and erroneous definitions.
const CASES: &[(&str, &str)] = &[
    (
        "xor",
        "pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE",
    ),
    (
        "activations_a",
        "pub struct ActsA: 3 => Dense(3, Identity) => Dense(3, Sigmoid) => Dense(3, Tanh) \
         => Dense(3, Step) => Dense(3, Step(0.5)) => Dense(3, Softplus) => Dense(3, ReLU); loss = MSE",
    ),
    (
        "activations_b",
        "pub struct ActsB: 3 => Dense(3, Softsign) => Dense(3, ELU) => Dense(3, ELU(0.5)) \
         => Dense(3, LogSigmoid) => Dense(3, Swish) => Dense(3, Sinc) => Dense(3, LeakyReLU) \
         => Dense(3, LeakyReLU(0.2)) => Dense(3, Mish) => Dense(3, Softmax); loss = CrossEntropy",
    ),
    (
        "loss_mae",
        "struct LMae: 2 => Dense(3, Tanh) => Dense(2); loss = MAE",
    ),
    (
        "loss_huber",
        "struct LHuber: 2 => Dense(3, Tanh) => Dense(2); loss = Huber(0.5)",
    ),
    (
        "loss_huber_default",
        "struct LHuberD: 2 => Dense(2); loss = Huber",
    ),
    (
        "loss_bce",
        "struct LBce: 2 => Dense(3, ReLU) => Dense(1, Sigmoid); loss = BCE",
    ),
    (
        "no_bias_named",
        "/// A documented network.\n#[derive(Default)]\npub(crate) struct Named: 4 => hidden: Dense(5, ReLU, bias = false) \
         => out: Dense(2, bias = false); loss = MSE; unroll = 8",
    ),
    (
        "activation_stages",
        "pub struct Stages: 3 => Dense(4) => ReLU => act: Tanh => ELU(0.3) => Dense(2) => Softmax; loss = CrossEntropy",
    ),
    (
        "residual",
        "pub struct Res: 4 => Dense(4, ReLU) => Residual(Dense(4, ReLU) => Dense(4)) \
         => block: Residual(Dense(8, Tanh) => Residual(Dense(8, ReLU) => Dense(8), ReLU) => Dense(4), Tanh) \
         => Dense(1); loss = MSE",
    ),
    (
        "residual_first",
        "pub struct ResFirst: 3 => Residual(Dense(3, Tanh)) => Dense(1); loss = MSE",
    ),
    (
        "no_loss",
        "pub struct Infer: 3 => Dense(4, ReLU) => Residual(Dense(4)) => Dense(2, Softmax)",
    ),
    ("no_layers", "pub struct Act: 3 => Tanh; loss = MSE"),
    ("expression", "2 => Dense(4, Tanh) => Dense(1); loss = MSE"),
    ("expression_no_loss", "3 => Dense(2, Sigmoid)"),
    (
        "two_items",
        "struct A: 2 => Dense(1); loss = MSE struct B: 1 => Dense(2, Sigmoid)",
    ),
    (
        "mnist",
        "pub struct Mnist: 784 => Dense(128, ReLU) => Dense(10, Softmax); loss = CrossEntropy",
    ),
    (
        "mid_size",
        "pub struct Mid: 16 => Dense(16, Tanh) => Dense(4) => Dense(5, Sigmoid); loss = BCE",
    ),
    (
        "unroll_zero",
        "pub struct NoUnroll: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE; unroll = 0",
    ),
    (
        "error_several",
        "pub struct Bad: 2 => Dense(3, Sigmod) => Dens(4) => Dense(0) -> Dense(1, ReLU, bias = maybe); loss = MSELoss",
    ),
    (
        "error_residual_size",
        "pub struct BadRes: 2 => Residual(Dense(3)) => Dense(1); loss = MSE",
    ),
    (
        "error_loss",
        "pub struct BadLoss: 2 => Dense(2, Tanh); loss = CrossEntropy; unroll = 4; loss = BCE",
    ),
    (
        "error_duplicate",
        "pub struct Dup: 2 => a: Dense(2) => a: Dense(1, Softmax); lost = MSE",
    ),
    (
        "error_expression",
        "0 => Dense(2, Foo(1)) => Dense(1); loss = Huber(x)",
    ),
    ("error_parse", "pub struct P: => Dense(2)"),
    // Sequence networks (issue 20): state, trace, step and BPTT.
    (
        "sequence_amp",
        "pub struct Amp: 1 => LSTM(4) => Dense(1); loss = MSE",
    ),
    (
        "sequence_tcn",
        "pub struct Tcn: 2 => Conv1D(3, kernel = 1) \
         => Residual(Conv1D(3, Tanh, kernel = 3, dilation = 2) => Conv1D(3, kernel = 1, bias = false)) \
         => GRU(2) => Dense(2, Softmax); loss = CrossEntropy",
    ),
    (
        "sequence_no_loss",
        "pub struct Stream: 1 => GRU(2) => Dense(1)",
    ),
];

/// The pipeline as the macro runs it, on a string.
fn expand(src: &str) -> String {
    let tokens = match syn::parse_str::<crate::ast::Input>(src) {
        Ok(input) => crate::expand::expand(input),
        Err(e) => e.into_compile_error(),
    };
    layout(&tokens.to_string())
}

/// The token string with a line break after each `;`, `{` and `}` token, so that a diff points
/// at a statement (the files are for review, not for compiling). Only a space becomes a line
/// break, so nothing of the token string is lost.
fn layout(tokens: &str) -> String {
    let mut out = tokens
        .replace(" ; ", " ;\n")
        .replace(" { ", " {\n")
        .replace(" } ", " }\n");
    out.push('\n');
    out
}

#[test]
fn golden_expansions() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/expansions");
    let bless = std::env::var_os("TYPENET_BLESS").is_some();
    let mut changed = Vec::new();
    for (name, src) in CASES {
        let path = dir.join(format!("{name}.rs"));
        let got = format!("// network! {{ {src} }}\n{}", expand(src));
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            changed.push(*name);
        }
    }
    assert!(
        changed.is_empty(),
        "expansions differ from macros/tests/expansions/ for {changed:?} \
         (TYPENET_BLESS=1 to rewrite them, then review the diff)"
    );
}
