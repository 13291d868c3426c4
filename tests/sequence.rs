//! Sequence networks (GRU, LSTM, Conv1D with Dense, activation stages and Residual) against
//! PyTorch: forward values, the loss and its gradient by full backpropagation through time, and
//! truncated BPTT in chunks with the state carried and detached; plus finite differences,
//! streaming == whole sequence, reset, errors, and the generated types' contracts.
//!
//! The reference values in `tests/data/sequence/reference.txt` were computed by
//! `tools/reference/pytorch_sequence.py` with PyTorch in float64 (its header gives the
//! networks, the loss and the format). Parameters are loaded as one flat copy of the tensors in
//! `state_dict` order, and each tensor's name and shape is checked against the network's
//! `TENSORS`, so the layout is PyTorch's. Over 64 steps, outputs and the loss agree to 1e-12 and
//! every gradient to 1e-10, relative to max(1, |value|).

use typenet::prelude::*;
use typenet::{Parameters, SequenceError};

network! {
    pub struct GruDense: 1 => GRU(6) => Dense(1); loss = MSE
    pub struct LstmDense: 2 => LSTM(5) => Dense(2); loss = MSE
    pub struct LstmStack: 1 => LSTM(8) => LSTM(8) => Dense(1); loss = MSE
    pub struct GruSoftmax: 3 => GRU(4) => Tanh => Dense(3, Softmax); loss = CrossEntropy
    pub struct ConvStack: 2 => Conv1D(4, Tanh, kernel = 3) => Conv1D(4, Tanh, kernel = 3, dilation = 2)
        => Conv1D(3, kernel = 2, dilation = 4, bias = false) => Dense(1); loss = MSE
    pub struct ResConv: 2 => Conv1D(4, kernel = 1)
        => Residual(Conv1D(4, Tanh, kernel = 3, dilation = 2) => Conv1D(4, kernel = 1))
        => Residual(Conv1D(4, Tanh, kernel = 3, dilation = 4) => Conv1D(4, kernel = 1, bias = false), Tanh)
        => Dense(1); loss = MSE
}

const STEPS: usize = 64;
const CHUNK: usize = 16;

/// One case of the reference file: its tensors in file order.
struct Case {
    name: String,
    tensors: Vec<(String, Vec<usize>, Vec<f64>)>,
}

impl Case {
    fn get(&self, name: &str) -> &[f64] {
        let t = self.tensors.iter().find(|t| t.0 == name);
        &t.unwrap_or_else(|| panic!("{}: no tensor {name}", self.name))
            .2
    }
    /// The parameter tensors (everything before `x`): name, shape, values.
    fn params(&self) -> impl Iterator<Item = &(String, Vec<usize>, Vec<f64>)> {
        self.tensors.iter().take_while(|t| t.0 != "x")
    }
    /// The gradients `prefix.<tensor>` of every parameter tensor, in `state_dict` order.
    fn grads(&self, prefix: &str) -> Vec<f64> {
        self.params()
            .flat_map(|(n, _, _)| self.get(&format!("{prefix}.{n}")).to_vec())
            .collect()
    }
}

fn case(name: &str) -> Case {
    let text = include_str!("data/sequence/reference.txt");
    let mut cases: Vec<Case> = Vec::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        match words.next() {
            Some("#") | Some("end") | None => {}
            Some("case") => cases.push(Case {
                name: words.next().unwrap().to_owned(),
                tensors: Vec::new(),
            }),
            Some(tensor) => {
                let mut dims = Vec::new();
                for w in words.by_ref() {
                    if w == ":" {
                        break;
                    }
                    dims.push(w.parse().unwrap());
                }
                let values: Vec<f64> = words.map(|w| w.parse().unwrap()).collect();
                assert_eq!(values.len(), dims.iter().product::<usize>(), "{tensor}");
                cases
                    .last_mut()
                    .unwrap()
                    .tensors
                    .push((tensor.to_owned(), dims, values));
            }
        }
    }
    cases
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

/// `want` and `got` agree to `tol` relative to max(1, |want|), entry by entry.
fn close(what: &str, got: &[f64], want: &[f64], tol: f64) {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let err = (g - w).abs() / w.abs().max(1.0);
        assert!(
            err <= tol,
            "{what}[{i}]: got {g}, PyTorch {w} (error {err:e})"
        );
    }
}

fn vecs<const N: usize>(flat: &[f64]) -> Vec<SVector<f64, N>> {
    flat.chunks(N).map(SVector::from_column_slice).collect()
}

fn flatten<const N: usize>(v: &[SVector<f64, N>]) -> Vec<f64> {
    v.iter().flat_map(|y| y.iter().copied()).collect()
}

/// The network of `c`, loaded flat; its `TENSORS` must be the file's names and shapes.
fn load<N: Parameters<f64>>(c: &Case) -> N {
    let names: Vec<(&str, &[usize])> = N::TENSORS.iter().map(|t| (t.name, t.shape)).collect();
    let file: Vec<(&str, &[usize])> = c
        .params()
        .map(|(n, d, _)| (n.as_str(), d.as_slice()))
        .collect();
    assert_eq!(names, file, "{}: tensor names and shapes", c.name);
    let flat: Vec<f64> = c.params().flat_map(|t| t.2.clone()).collect();
    N::from_params(&flat).unwrap()
}

/// Everything one case checks, for network `N` with `I` inputs and `O` outputs per step.
macro_rules! against_pytorch {
    ($test:ident, $net:ident, $state:ident, $trace:ident, $i:literal, $o:literal, $case:literal) => {
        #[test]
        fn $test() {
            let c = case($case);
            let net: $net<f64> = load(&c);
            let xs = vecs::<$i>(c.get("x"));
            let ts = vecs::<$o>(c.get("target"));
            assert_eq!(xs.len(), STEPS);

            // Forward, whole sequence and one step at a time.
            let mut state = $state::<f64>::zeros();
            let mut ys = vec![SVector::<f64, $o>::zeros(); STEPS];
            net.forward_sequence(&mut state, &xs, &mut ys).unwrap();
            close("y", &flatten(&ys), c.get("y"), 1e-12);
            let mut state = $state::<f64>::zeros();
            for (x, y) in xs.iter().zip(&ys) {
                assert_eq!(net.step(&mut state, x), *y, "step == forward_sequence, bit for bit");
            }

            // Full BPTT: loss and gradients.
            let mut trace = vec![$trace::<f64>::zeros(); STEPS];
            let mut grads = $net::<f64>::zeros();
            let mut state = $state::<f64>::zeros();
            let loss = net
                .sequence_backward(&mut state, &xs, &ts, &mut trace, &mut grads)
                .unwrap();
            close("loss", &[loss], c.get("loss"), 1e-12);
            close("grad", grads.params(), &c.grads("grad"), 1e-10);
            // The state is left at the end of the sequence, where forward_sequence leaves it.
            let mut end = $state::<f64>::zeros();
            net.forward_sequence(&mut end, &xs, &mut ys).unwrap();
            assert_eq!(state, end);

            // Truncated BPTT in chunks of 16: state carried, carries fresh per chunk,
            // gradients summed over the chunks (PyTorch: detach between chunks).
            let mut grads = $net::<f64>::zeros();
            let mut state = $state::<f64>::zeros();
            let mut trace = vec![$trace::<f64>::zeros(); CHUNK];
            let losses: Vec<f64> = xs
                .chunks(CHUNK)
                .zip(ts.chunks(CHUNK))
                .map(|(x, t)| {
                    net.sequence_backward(&mut state, x, t, &mut trace, &mut grads)
                        .unwrap()
                })
                .collect();
            close("chunk_loss", &losses, c.get("chunk_loss"), 1e-12);
            close("chunk_grad", grads.params(), &c.grads("chunk_grad"), 1e-10);
        }
    };
}

against_pytorch!(
    gru_dense,
    GruDense,
    GruDenseState,
    GruDenseTrace,
    1,
    1,
    "gru_dense"
);
against_pytorch!(
    lstm_dense,
    LstmDense,
    LstmDenseState,
    LstmDenseTrace,
    2,
    2,
    "lstm_dense"
);
against_pytorch!(
    lstm_stack,
    LstmStack,
    LstmStackState,
    LstmStackTrace,
    1,
    1,
    "lstm_stack"
);
against_pytorch!(
    gru_softmax,
    GruSoftmax,
    GruSoftmaxState,
    GruSoftmaxTrace,
    3,
    3,
    "gru_softmax"
);
against_pytorch!(
    conv_stack,
    ConvStack,
    ConvStackState,
    ConvStackTrace,
    2,
    1,
    "conv_stack"
);
against_pytorch!(
    res_conv,
    ResConv,
    ResConvState,
    ResConvTrace,
    2,
    1,
    "res_conv"
);

/// The gradient of every parameter by central differences of the sequence loss, on a short
/// sequence from random weights (f64): independent of PyTorch.
fn finite_differences<N, const I: usize, const O: usize>(seed: u64)
where
    N: RecurrentTrainable<f64, Input = SVector<f64, I>, Target = SVector<f64, O>>,
{
    use typenet::rand_core::{Rng, SeedableRng};
    let mut rng = typenet::rand_pcg::Pcg64::seed_from_u64(seed);
    let net = N::random(&mut rng);
    let mut u = || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0;
    let xs: Vec<SVector<f64, I>> = (0..12).map(|_| SVector::from_fn(|_, _| u())).collect();
    let ts: Vec<SVector<f64, O>> = (0..12)
        .map(|_| SVector::from_fn(|_, _| 0.3 + 0.4 * u().abs()))
        .collect();
    let loss_of = |n: &N| {
        let mut trace = vec![N::Trace::default(); xs.len()];
        let mut g = N::zeros();
        n.sequence_backward(&mut N::State::default(), &xs, &ts, &mut trace, &mut g)
            .unwrap()
    };
    let mut trace = vec![N::Trace::default(); xs.len()];
    let mut grads = N::zeros();
    net.sequence_backward(&mut N::State::default(), &xs, &ts, &mut trace, &mut grads)
        .unwrap();
    let h = 1e-6;
    for i in 0..N::PARAMS {
        let (mut plus, mut minus) = (net.clone(), net.clone());
        plus.params_mut()[i] += h;
        minus.params_mut()[i] -= h;
        let numeric = (loss_of(&plus) - loss_of(&minus)) / (2.0 * h);
        let analytic = grads.params()[i];
        assert!(
            (numeric - analytic).abs() <= 1e-7 * numeric.abs().max(1.0),
            "{} parameter {i}: analytic {analytic}, numeric {numeric}",
            N::NAME
        );
    }
}

#[test]
fn gradients_match_finite_differences() {
    finite_differences::<GruDense<f64>, 1, 1>(1);
    finite_differences::<LstmStack<f64>, 1, 1>(2);
    finite_differences::<GruSoftmax<f64>, 3, 3>(3);
    finite_differences::<ConvStack<f64>, 2, 1>(4);
    finite_differences::<ResConv<f64>, 2, 1>(5);
}

#[test]
fn streaming_in_pieces_equals_the_whole_sequence_and_reset_restarts() {
    let c = case("res_conv");
    let net: ResConv<f64> = load(&c);
    let xs = vecs::<2>(c.get("x"));
    let mut whole = vec![SVector::<f64, 1>::zeros(); STEPS];
    net.forward_sequence(&mut ResConvState::zeros(), &xs, &mut whole)
        .unwrap();
    let mut state = ResConvState::<f64>::zeros();
    let mut pieces = vec![SVector::<f64, 1>::zeros(); STEPS];
    let (a, b) = pieces.split_at_mut(23);
    net.forward_sequence(&mut state, &xs[..23], a).unwrap();
    net.forward_sequence(&mut state, &xs[23..], b).unwrap();
    assert_eq!(pieces, whole);
    state.reset();
    assert_eq!(state, ResConvState::zeros());
    assert_eq!(net.step(&mut state, &xs[0]), whole[0]);
}

#[test]
fn bad_lengths_are_errors_and_change_nothing() {
    let net = LstmDense::<f64>::random(
        &mut <typenet::rand_pcg::Pcg64 as typenet::rand_core::SeedableRng>::seed_from_u64(0),
    );
    let xs = vec![SVector::<f64, 2>::zeros(); 5];
    let mut state = LstmDenseState::<f64>::zeros();
    let mut ys = vec![SVector::<f64, 2>::zeros(); 4];
    assert_eq!(
        net.forward_sequence(&mut state, &xs, &mut ys),
        Err(SequenceError::Length {
            what: "outputs",
            expected: 5,
            found: 4
        })
    );
    let mut trace = vec![LstmDenseTrace::<f64>::zeros(); 4];
    let mut grads = LstmDense::<f64>::zeros();
    let ts = vec![SVector::<f64, 2>::zeros(); 5];
    let e = net.sequence_backward(&mut state, &xs, &ts, &mut trace, &mut grads);
    assert_eq!(
        e,
        Err(SequenceError::Trace {
            needed: 5,
            found: 4
        })
    );
    assert_eq!(
        e.unwrap_err().to_string(),
        "the trace buffer holds 4 steps, fewer than the sequence's 5"
    );
    let e = net.sequence_backward(&mut state, &xs, &ts[..3], &mut trace, &mut grads);
    assert_eq!(
        e,
        Err(SequenceError::Length {
            what: "targets",
            expected: 5,
            found: 3
        })
    );
    let e = net.sequence_backward(&mut state, &[], &[], &mut trace, &mut grads);
    assert_eq!(e, Err(SequenceError::Empty));
    assert_eq!(state, LstmDenseState::zeros());
    assert!(grads.params().iter().all(|g| *g == 0.0));
}

#[test]
fn tensors_layers_and_summary() {
    let names: Vec<_> = LstmDense::<f32>::TENSORS
        .iter()
        .map(|t| (t.name, t.shape))
        .collect();
    assert_eq!(
        names,
        [
            ("layer1.weight_ih", &[20usize, 2][..]),
            ("layer1.weight_hh", &[20, 5]),
            ("layer1.bias_ih", &[20]),
            ("layer1.bias_hh", &[20]),
            ("layer2.weight", &[2, 5]),
            ("layer2.bias", &[2]),
        ]
    );
    assert_eq!(LstmDense::<f32>::PARAMS, 20 * (2 + 5 + 2) + 12);
    assert_eq!(ConvStack::<f32>::TENSORS[4].shape, &[3, 4, 2]);
    let s = ConvStack::<f32>::SUMMARY.to_string();
    assert!(s.contains("Conv1D"), "{s}");
    let s = GruSoftmax::<f32>::SUMMARY.to_string();
    assert!(s.contains("GRU"), "{s}");
}

/// Two short sequences of a delayed, squashed copy of the input: yₜ = tanh(2·xₜ₋₁) (memory
/// needed), of lengths 23 and 17.
type Sequence = (Vec<SVector<f64, 1>>, Vec<SVector<f64, 1>>);

fn delayed_copy() -> Vec<Sequence> {
    [23usize, 17]
        .iter()
        .enumerate()
        .map(|(s, &len)| {
            let xs: Vec<SVector<f64, 1>> = (0..len)
                .map(|t| SVector::from_element(((t * 7 + s * 3) % 11) as f64 / 5.0 - 1.0))
                .collect();
            let ts = (0..len)
                .map(|t| {
                    SVector::from_element(if t == 0 {
                        0.0
                    } else {
                        (2.0 * xs[t - 1][0]).tanh()
                    })
                })
                .collect();
            (xs, ts)
        })
        .collect()
}

#[test]
fn run_sequences_is_chunked_bptt_with_one_step_per_chunk() {
    use typenet::optim::{Adam, AdamConfig, Optimizer};
    use typenet::rand_core::SeedableRng;
    use typenet::train::{Mode, Trainer};
    let data = delayed_copy();
    let start = GruDense::<f64>::random(&mut typenet::rand_pcg::Pcg64::seed_from_u64(7));
    let config = AdamConfig {
        lr: 0.01,
        ..Default::default()
    };
    type Opt = Adam<f64, typenet::optim::StateOf<GruDense<f64>>>;

    // The Trainer: 3 epochs, chunks of 5 steps.
    let mut net = start.clone();
    let mut opt = Opt::new(config).unwrap();
    let mut trace = [
        GruDenseTrace::<f64>::zeros(),
        GruDenseTrace::zeros(),
        GruDenseTrace::zeros(),
        GruDenseTrace::zeros(),
        GruDenseTrace::zeros(),
    ];
    let (mut order, mut history) = ([0usize; 2], [0.0; 3]);
    Trainer::new(Mode::PerSample, 3)
        .unwrap()
        .run_sequences(
            &mut net,
            &mut opt,
            &data,
            5,
            &mut trace,
            &mut [GruDenseState::zeros()],
            &mut order,
            &mut history,
            (),
        )
        .unwrap();

    // By hand: per sequence a zero state, per chunk fresh gradients, BPTT and one step.
    let mut manual = start.clone();
    let mut opt = Opt::new(config).unwrap();
    let mut trace = vec![GruDenseTrace::<f64>::zeros(); 5];
    for (epoch, mean) in history.iter().enumerate() {
        let mut total = 0.0;
        for (xs, ts) in &data {
            let mut state = GruDenseState::zeros();
            let mut sum = 0.0;
            for (x, t) in xs.chunks(5).zip(ts.chunks(5)) {
                let mut grads = GruDense::<f64>::zeros();
                let loss = manual
                    .sequence_backward(&mut state, x, t, &mut trace, &mut grads)
                    .unwrap();
                opt.step(manual.params_mut(), grads.params()).unwrap();
                sum += loss * x.len() as f64;
            }
            total += sum / xs.len() as f64;
        }
        assert_eq!(*mean, total / 2.0, "epoch {epoch}");
    }
    assert_eq!(net, manual);
}

#[test]
fn run_sequences_learns_a_delayed_copy_and_refuses_bad_input() {
    use typenet::optim::{Adam, AdamConfig};
    use typenet::rand_core::SeedableRng;
    use typenet::train::{Mode, TrainError, Trainer};
    let data = delayed_copy();
    let mut net = GruDense::<f64>::random(&mut typenet::rand_pcg::Pcg64::seed_from_u64(3));
    let mut opt = Adam::for_network(
        &net,
        AdamConfig {
            lr: 0.03,
            ..Default::default()
        },
    )
    .unwrap();
    let mut trace = vec![GruDenseTrace::<f64>::zeros(); 8];
    let mut states = [GruDenseState::<f64>::zeros()];
    let (mut order, mut history) = (vec![0; 2], vec![0.0; 300]);
    let mut trainer = Trainer::new(Mode::PerSample, 300).unwrap();
    trainer
        .run_sequences(
            &mut net,
            &mut opt,
            &data,
            8,
            &mut trace,
            &mut states,
            &mut order,
            &mut history,
            (),
        )
        .unwrap();
    assert!(
        history[299] < 0.05 * history[0],
        "loss {} → {}",
        history[0],
        history[299]
    );

    // Refused before training, nothing changed.
    let before = net.clone();
    let bad = [(&data[0].0[..], &data[0].1[..3])];
    let e = trainer.run_sequences(
        &mut net,
        &mut opt,
        &bad,
        8,
        &mut trace,
        &mut states,
        &mut order[..1],
        &mut history,
        (),
    );
    assert_eq!(
        e.unwrap_err().to_string(),
        "sequence 0: expected 23 targets, one per input step, found 3"
    );
    let e = trainer.run_sequences(
        &mut net,
        &mut opt,
        &data,
        9,
        &mut trace,
        &mut states,
        &mut order,
        &mut history,
        (),
    );
    assert!(matches!(e, Err(TrainError::Buffer(_))));
    let e = trainer.run_sequences(
        &mut net,
        &mut opt,
        &data,
        0,
        &mut trace,
        &mut states,
        &mut order,
        &mut history,
        (),
    );
    assert!(matches!(e, Err(TrainError::Config(_))));
    assert_eq!(net, before);
}

/// The parameter-level code serves sequence networks too: a weight file and the Rust export
/// round-trip, and with the `safetensors` feature a safetensors file.
#[test]
fn weight_files_and_safetensors_round_trip() {
    use typenet::rand_core::SeedableRng;
    let net = ResConv::<f64>::random(&mut typenet::rand_pcg::Pcg64::seed_from_u64(9));
    let mut text = String::new();
    typenet::export::write_weights(&mut text, &net).unwrap();
    assert!(text.contains("layer2.weight"), "{text}");
    let back: ResConv<f64> = typenet::export::read_weights(&text).unwrap();
    assert_eq!(back, net);
    let mut rust = String::new();
    typenet::export::write_rust(
        &mut rust,
        typenet::export::Item::Static,
        "NET",
        "ResConv",
        &net,
    )
    .unwrap();
    assert!(rust.contains("ResConv"), "{rust}");
    #[cfg(feature = "safetensors")]
    {
        use typenet::safetensors::{LoadOptions, from_bytes, to_bytes};
        let opts = LoadOptions::new();
        let bytes = to_bytes(&net, &opts).unwrap();
        let back: ResConv<f64> = from_bytes(&bytes, &opts).unwrap();
        assert_eq!(back, net);
    }
}
