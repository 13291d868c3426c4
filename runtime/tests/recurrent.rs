//! The sequence layers (GRU, LSTM, causal dilated Conv1d) against PyTorch, by finite
//! differences, and their streaming, reset and trace contracts.
//!
//! The reference values in `tests/data/recurrent/reference.txt` (at the repository root) were
//! computed by `tools/reference/pytorch_recurrent.py` with PyTorch in float64 (see its header
//! for the cases and the format): over 64 steps, every output must agree to 1e-12 and every
//! gradient (of every parameter tensor and every input, for L = Σₜ Σⱼ cⱼ·yₜ[j]²) to 1e-10,
//! relative, absolute below 1. The parameters are loaded as one flat copy of PyTorch's tensors
//! in `state_dict` order, which checks the memory layout too.

// The defining sums index by channel and tap, as the formulas read.
#![allow(clippy::needless_range_loop)]

use typenet_runtime::nalgebra::SVector;
use typenet_runtime::{
    Conv1d, Conv1dCarry, Conv1dNoBias, Conv1dState, Conv1dTrace, Flat, Gru, GruCarry, GruState,
    GruTrace, Lstm, LstmCarry, LstmState, LstmTrace,
};

const STEPS: usize = 64;

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
    /// The parameter tensors (everything before `x`), concatenated in `state_dict` order.
    fn params(&self) -> Vec<f64> {
        let mut out = Vec::new();
        for (name, _, values) in self.tensors.iter().take_while(|t| t.0 != "x") {
            assert!(
                !name.starts_with("grad."),
                "{}: parameters end at x",
                self.name
            );
            out.extend_from_slice(values);
        }
        out
    }
    /// The parameters' gradients, in the same order.
    fn param_grads(&self) -> Vec<f64> {
        let mut out = Vec::new();
        for (name, _, _) in self.tensors.iter().take_while(|t| t.0 != "x") {
            out.extend_from_slice(self.get(&format!("grad.{name}")));
        }
        out
    }
}

fn cases() -> Vec<Case> {
    let text = include_str!("../../tests/data/recurrent/reference.txt");
    let mut cases: Vec<Case> = Vec::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        match words.next() {
            Some("#") | Some("end") | None => {}
            Some("case") => cases.push(Case {
                name: words.next().unwrap().to_owned(),
                tensors: Vec::new(),
            }),
            Some(name) => {
                let mut dims = Vec::new();
                for w in words.by_ref() {
                    if w == ":" {
                        break;
                    }
                    dims.push(w.parse().unwrap());
                }
                let values: Vec<f64> = words.map(|w| w.parse().unwrap()).collect();
                assert_eq!(values.len(), dims.iter().product::<usize>(), "{name}");
                let case = cases.last_mut().unwrap();
                case.tensors.push((name.to_owned(), dims, values));
            }
        }
    }
    cases
}

fn case(name: &str) -> Case {
    cases()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

/// A stack of sequence layers under test: the whole sequence forward (outputs, T × OUT
/// row-major) and backward (parameter gradients in `state_dict` order, input gradients).
trait Model: Clone {
    const IN: usize;
    const OUT: usize;
    fn from_params(p: &[f64]) -> Self;
    fn params(&self) -> Vec<f64>;
    fn forward(&self, xs: &[f64]) -> Vec<f64>;
    fn backward(&self, xs: &[f64], dys: &[f64]) -> (Vec<f64>, Vec<f64>);
}

fn vecs<const N: usize>(flat: &[f64]) -> Vec<SVector<f64, N>> {
    flat.chunks_exact(N)
        .map(SVector::from_column_slice)
        .collect()
}

fn flatten<const N: usize>(v: &[SVector<f64, N>]) -> Vec<f64> {
    v.iter().flat_map(|x| x.iter().copied()).collect()
}

/// Concatenates the flat values of several layers.
fn concat(parts: &[&[f64]]) -> Vec<f64> {
    parts.concat()
}

/// Splits `p` into the flat values of two layers.
fn two<A: Flat<f64>, B: Flat<f64>>(p: &[f64]) -> (A, B) {
    (
        A::from_slice(&p[..A::LEN]).unwrap(),
        B::from_slice(&p[A::LEN..]).unwrap(),
    )
}

#[derive(Clone)]
struct OneGru<const I: usize, const H: usize, const G: usize>(Gru<f64, I, H, G>);

impl<const I: usize, const H: usize, const G: usize> Model for OneGru<I, H, G> {
    const IN: usize = I;
    const OUT: usize = H;
    fn from_params(p: &[f64]) -> Self {
        Self(Gru::from_slice(p).unwrap())
    }
    fn params(&self) -> Vec<f64> {
        self.0.as_slice().to_vec()
    }
    fn forward(&self, xs: &[f64]) -> Vec<f64> {
        let mut s = GruState::zeros();
        flatten(
            &vecs::<I>(xs)
                .iter()
                .map(|x| self.0.step(&mut s, x))
                .collect::<Vec<_>>(),
        )
    }
    fn backward(&self, xs: &[f64], dys: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let xs = vecs::<I>(xs);
        let mut s = GruState::zeros();
        let mut traces = vec![GruTrace::zeros(); xs.len()];
        for (x, tr) in xs.iter().zip(&mut traces) {
            self.0.step_traced(&mut s, x, tr);
        }
        let dys = vecs::<H>(dys);
        let mut g = Gru::zeros();
        let mut carry = GruCarry::zeros();
        let mut dx = vec![SVector::zeros(); xs.len()];
        for t in (0..xs.len()).rev() {
            dx[t] = self
                .0
                .backward_step(&traces[t], &dys[t], &mut carry, &mut g);
        }
        (g.as_slice().to_vec(), flatten(&dx))
    }
}

#[derive(Clone)]
struct OneLstm<const I: usize, const H: usize, const G: usize>(Lstm<f64, I, H, G>);

impl<const I: usize, const H: usize, const G: usize> Model for OneLstm<I, H, G> {
    const IN: usize = I;
    const OUT: usize = H;
    fn from_params(p: &[f64]) -> Self {
        Self(Lstm::from_slice(p).unwrap())
    }
    fn params(&self) -> Vec<f64> {
        self.0.as_slice().to_vec()
    }
    fn forward(&self, xs: &[f64]) -> Vec<f64> {
        let mut s = LstmState::zeros();
        flatten(
            &vecs::<I>(xs)
                .iter()
                .map(|x| self.0.step(&mut s, x))
                .collect::<Vec<_>>(),
        )
    }
    fn backward(&self, xs: &[f64], dys: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let xs = vecs::<I>(xs);
        let mut s = LstmState::zeros();
        let mut traces = vec![LstmTrace::zeros(); xs.len()];
        for (x, tr) in xs.iter().zip(&mut traces) {
            self.0.step_traced(&mut s, x, tr);
        }
        let dys = vecs::<H>(dys);
        let mut g = Lstm::zeros();
        let mut carry = LstmCarry::zeros();
        let mut dx = vec![SVector::zeros(); xs.len()];
        for t in (0..xs.len()).rev() {
            dx[t] = self
                .0
                .backward_step(&traces[t], &dys[t], &mut carry, &mut g);
        }
        (g.as_slice().to_vec(), flatten(&dx))
    }
}

/// Two GRU layers, PyTorch's `num_layers=2`: layer 1 is fed layer 0's hₜ.
#[derive(Clone)]
struct TwoGru<const I: usize, const H: usize, const G: usize>(Gru<f64, I, H, G>, Gru<f64, H, H, G>);

impl<const I: usize, const H: usize, const G: usize> Model for TwoGru<I, H, G> {
    const IN: usize = I;
    const OUT: usize = H;
    fn from_params(p: &[f64]) -> Self {
        let (a, b) = two(p);
        Self(a, b)
    }
    fn params(&self) -> Vec<f64> {
        concat(&[self.0.as_slice(), self.1.as_slice()])
    }
    fn forward(&self, xs: &[f64]) -> Vec<f64> {
        let (mut s0, mut s1) = (GruState::zeros(), GruState::zeros());
        let ys: Vec<_> = vecs::<I>(xs)
            .iter()
            .map(|x| {
                let h = self.0.step(&mut s0, x);
                self.1.step(&mut s1, &h)
            })
            .collect();
        flatten(&ys)
    }
    fn backward(&self, xs: &[f64], dys: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let xs = vecs::<I>(xs);
        let (mut s0, mut s1) = (GruState::zeros(), GruState::zeros());
        let mut tr0 = vec![GruTrace::zeros(); xs.len()];
        let mut tr1 = vec![GruTrace::zeros(); xs.len()];
        for t in 0..xs.len() {
            let h = self.0.step_traced(&mut s0, &xs[t], &mut tr0[t]);
            self.1.step_traced(&mut s1, &h, &mut tr1[t]);
        }
        let dys = vecs::<H>(dys);
        let (mut g0, mut g1) = (Gru::zeros(), Gru::zeros());
        let (mut c0, mut c1) = (GruCarry::zeros(), GruCarry::zeros());
        let mut dx = vec![SVector::zeros(); xs.len()];
        for t in (0..xs.len()).rev() {
            let dh = self.1.backward_step(&tr1[t], &dys[t], &mut c1, &mut g1);
            dx[t] = self.0.backward_step(&tr0[t], &dh, &mut c0, &mut g0);
        }
        (concat(&[g0.as_slice(), g1.as_slice()]), flatten(&dx))
    }
}

/// Two LSTM layers, PyTorch's `num_layers=2`.
#[derive(Clone)]
struct TwoLstm<const I: usize, const H: usize, const G: usize>(
    Lstm<f64, I, H, G>,
    Lstm<f64, H, H, G>,
);

impl<const I: usize, const H: usize, const G: usize> Model for TwoLstm<I, H, G> {
    const IN: usize = I;
    const OUT: usize = H;
    fn from_params(p: &[f64]) -> Self {
        let (a, b) = two(p);
        Self(a, b)
    }
    fn params(&self) -> Vec<f64> {
        concat(&[self.0.as_slice(), self.1.as_slice()])
    }
    fn forward(&self, xs: &[f64]) -> Vec<f64> {
        let (mut s0, mut s1) = (LstmState::zeros(), LstmState::zeros());
        let ys: Vec<_> = vecs::<I>(xs)
            .iter()
            .map(|x| {
                let h = self.0.step(&mut s0, x);
                self.1.step(&mut s1, &h)
            })
            .collect();
        flatten(&ys)
    }
    fn backward(&self, xs: &[f64], dys: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let xs = vecs::<I>(xs);
        let (mut s0, mut s1) = (LstmState::zeros(), LstmState::zeros());
        let mut tr0 = vec![LstmTrace::zeros(); xs.len()];
        let mut tr1 = vec![LstmTrace::zeros(); xs.len()];
        for t in 0..xs.len() {
            let h = self.0.step_traced(&mut s0, &xs[t], &mut tr0[t]);
            self.1.step_traced(&mut s1, &h, &mut tr1[t]);
        }
        let dys = vecs::<H>(dys);
        let (mut g0, mut g1) = (Lstm::zeros(), Lstm::zeros());
        let (mut c0, mut c1) = (LstmCarry::zeros(), LstmCarry::zeros());
        let mut dx = vec![SVector::zeros(); xs.len()];
        for t in (0..xs.len()).rev() {
            let dh = self.1.backward_step(&tr1[t], &dys[t], &mut c1, &mut g1);
            dx[t] = self.0.backward_step(&tr0[t], &dh, &mut c0, &mut g0);
        }
        (concat(&[g0.as_slice(), g1.as_slice()]), flatten(&dx))
    }
}

/// One causal convolution with bias.
#[derive(Clone)]
struct OneConv<
    const CIN: usize,
    const COUT: usize,
    const K: usize,
    const D: usize,
    const CK: usize,
    const R: usize,
>(Conv1d<f64, CIN, COUT, K, D, CK, R>);

impl<
    const CIN: usize,
    const COUT: usize,
    const K: usize,
    const D: usize,
    const CK: usize,
    const R: usize,
> Model for OneConv<CIN, COUT, K, D, CK, R>
{
    const IN: usize = CIN;
    const OUT: usize = COUT;
    fn from_params(p: &[f64]) -> Self {
        Self(Conv1d::from_slice(p).unwrap())
    }
    fn params(&self) -> Vec<f64> {
        self.0.as_slice().to_vec()
    }
    fn forward(&self, xs: &[f64]) -> Vec<f64> {
        let mut s = Conv1dState::zeros();
        flatten(
            &vecs::<CIN>(xs)
                .iter()
                .map(|x| self.0.step(&mut s, x))
                .collect::<Vec<_>>(),
        )
    }
    fn backward(&self, xs: &[f64], dys: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let xs = vecs::<CIN>(xs);
        let mut s = Conv1dState::zeros();
        let mut traces = vec![Conv1dTrace::zeros(); xs.len()];
        for (x, tr) in xs.iter().zip(&mut traces) {
            self.0.step_traced(&mut s, x, tr);
        }
        let dys = vecs::<COUT>(dys);
        let mut g = Conv1d::zeros();
        let mut carry = Conv1dCarry::zeros();
        let mut dx = vec![SVector::zeros(); xs.len()];
        for t in (0..xs.len()).rev() {
            dx[t] = self
                .0
                .backward_step(&traces[t], &dys[t], &mut carry, &mut g);
        }
        (g.as_slice().to_vec(), flatten(&dx))
    }
}

/// One causal convolution without bias.
#[derive(Clone)]
struct OneConvNoBias<
    const CIN: usize,
    const COUT: usize,
    const K: usize,
    const D: usize,
    const CK: usize,
    const R: usize,
>(Conv1dNoBias<f64, CIN, COUT, K, D, CK, R>);

impl<
    const CIN: usize,
    const COUT: usize,
    const K: usize,
    const D: usize,
    const CK: usize,
    const R: usize,
> Model for OneConvNoBias<CIN, COUT, K, D, CK, R>
{
    const IN: usize = CIN;
    const OUT: usize = COUT;
    fn from_params(p: &[f64]) -> Self {
        Self(Conv1dNoBias::from_slice(p).unwrap())
    }
    fn params(&self) -> Vec<f64> {
        self.0.as_slice().to_vec()
    }
    fn forward(&self, xs: &[f64]) -> Vec<f64> {
        let mut s = Conv1dState::zeros();
        flatten(
            &vecs::<CIN>(xs)
                .iter()
                .map(|x| self.0.step(&mut s, x))
                .collect::<Vec<_>>(),
        )
    }
    fn backward(&self, xs: &[f64], dys: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let xs = vecs::<CIN>(xs);
        let mut s = Conv1dState::zeros();
        let mut traces = vec![Conv1dTrace::zeros(); xs.len()];
        for (x, tr) in xs.iter().zip(&mut traces) {
            self.0.step_traced(&mut s, x, tr);
        }
        let dys = vecs::<COUT>(dys);
        let mut g = Conv1dNoBias::zeros();
        let mut carry = Conv1dCarry::zeros();
        let mut dx = vec![SVector::zeros(); xs.len()];
        for t in (0..xs.len()).rev() {
            dx[t] = self
                .0
                .backward_step(&traces[t], &dys[t], &mut carry, &mut g);
        }
        (g.as_slice().to_vec(), flatten(&dx))
    }
}

/// The residual convolution block y = x + conv2(tanh(conv1(x))) on 2 channels, kernel 3,
/// dilations 1 and 2.
#[derive(Clone)]
struct ResConv(Conv1d<f64, 2, 2, 3, 1, 6, 3>, Conv1d<f64, 2, 2, 3, 2, 6, 5>);

impl Model for ResConv {
    const IN: usize = 2;
    const OUT: usize = 2;
    fn from_params(p: &[f64]) -> Self {
        let (a, b) = two(p);
        Self(a, b)
    }
    fn params(&self) -> Vec<f64> {
        concat(&[self.0.as_slice(), self.1.as_slice()])
    }
    fn forward(&self, xs: &[f64]) -> Vec<f64> {
        let (mut s1, mut s2) = (Conv1dState::zeros(), Conv1dState::zeros());
        let ys: Vec<_> = vecs::<2>(xs)
            .iter()
            .map(|x| {
                let a = self.0.step(&mut s1, x).map(f64::tanh);
                x + self.1.step(&mut s2, &a)
            })
            .collect();
        flatten(&ys)
    }
    fn backward(&self, xs: &[f64], dys: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let xs = vecs::<2>(xs);
        let (mut s1, mut s2) = (Conv1dState::zeros(), Conv1dState::zeros());
        let mut tr1 = vec![Conv1dTrace::zeros(); xs.len()];
        let mut tr2 = vec![Conv1dTrace::zeros(); xs.len()];
        let mut act = vec![SVector::<f64, 2>::zeros(); xs.len()];
        for t in 0..xs.len() {
            act[t] = self
                .0
                .step_traced(&mut s1, &xs[t], &mut tr1[t])
                .map(f64::tanh);
            self.1.step_traced(&mut s2, &act[t], &mut tr2[t]);
        }
        let dys = vecs::<2>(dys);
        let (mut g1, mut g2) = (Conv1d::zeros(), Conv1d::zeros());
        let (mut c1, mut c2) = (Conv1dCarry::zeros(), Conv1dCarry::zeros());
        let mut dx = vec![SVector::zeros(); xs.len()];
        for t in (0..xs.len()).rev() {
            let da = self.1.backward_step(&tr2[t], &dys[t], &mut c2, &mut g2);
            let dz = da.zip_map(&act[t], |d, a| d * (1.0 - a * a));
            dx[t] = dys[t] + self.0.backward_step(&tr1[t], &dz, &mut c1, &mut g1);
        }
        (concat(&[g1.as_slice(), g2.as_slice()]), flatten(&dx))
    }
}

/// ∂L/∂y for L = Σₜ Σⱼ cⱼ·yₜ[j]².
fn loss_grad(ys: &[f64], c: &[f64]) -> Vec<f64> {
    ys.iter()
        .enumerate()
        .map(|(k, y)| 2.0 * c[k % c.len()] * y)
        .collect()
}

fn loss(ys: &[f64], c: &[f64]) -> f64 {
    ys.iter()
        .enumerate()
        .map(|(k, y)| c[k % c.len()] * y * y)
        .sum()
}

/// |a − b| ≤ tol·max(1, |b|) for every value.
#[track_caller]
fn close(what: &str, ours: &[f64], reference: &[f64], tol: f64) {
    assert_eq!(ours.len(), reference.len(), "{what}: lengths");
    for (k, (a, b)) in ours.iter().zip(reference).enumerate() {
        assert!(
            (a - b).abs() <= tol * b.abs().max(1.0),
            "{what}[{k}]: {a} against PyTorch's {b} (difference {:e})",
            (a - b).abs()
        );
    }
}

/// Forward to 1e-12 and every gradient to 1e-10 against the case.
fn check_reference<M: Model>(name: &str) {
    let case = case(name);
    let model = M::from_params(&case.params());
    assert_eq!(model.params(), case.params(), "{name}: flat round trip");
    let (xs, c) = (case.get("x"), case.get("c"));
    assert_eq!(xs.len(), STEPS * M::IN);
    let ys = model.forward(xs);
    assert_eq!(ys.len(), STEPS * M::OUT);
    close(&format!("{name} y"), &ys, case.get("y"), 1e-12);
    let (gp, gx) = model.backward(xs, &loss_grad(&ys, c));
    close(&format!("{name} ∂L/∂θ"), &gp, &case.param_grads(), 1e-10);
    close(&format!("{name} ∂L/∂x"), &gx, case.get("grad.x"), 1e-10);
}

/// Central differences of L over the first `steps` steps, for every parameter and input,
/// against the backward pass: agreement to 1e-6 relative (absolute below 1e-3).
fn check_finite_differences<M: Model>(name: &str, steps: usize) {
    let case = case(name);
    let model = M::from_params(&case.params());
    let c = case.get("c");
    let xs = &case.get("x")[..steps * M::IN];
    let (gp, gx) = model.backward(xs, &loss_grad(&model.forward(xs), c));
    let h = 1e-6;
    let params = model.params();
    let fd = |f: &dyn Fn(f64) -> f64| (f(h) - f(-h)) / (2.0 * h);
    let check = |what: String, analytic: f64, numeric: f64| {
        assert!(
            (analytic - numeric).abs() <= 1e-6 * numeric.abs().max(1e-3),
            "{name} {what}: backward {analytic}, finite differences {numeric}"
        );
    };
    for k in 0..params.len() {
        let numeric = fd(&|e| {
            let mut p = params.clone();
            p[k] += e;
            loss(&M::from_params(&p).forward(xs), c)
        });
        check(format!("∂L/∂θ[{k}]"), gp[k], numeric);
    }
    for k in 0..xs.len() {
        let numeric = fd(&|e| {
            let mut x = xs.to_vec();
            x[k] += e;
            loss(&model.forward(&x), c)
        });
        check(format!("∂L/∂x[{k}]"), gx[k], numeric);
    }
}

#[test]
fn gru_matches_pytorch() {
    check_reference::<OneGru<3, 5, 15>>("gru_i3_h5");
    check_reference::<OneGru<1, 8, 24>>("gru_i1_h8");
}

#[test]
fn lstm_matches_pytorch() {
    check_reference::<OneLstm<3, 5, 20>>("lstm_i3_h5");
    check_reference::<OneLstm<1, 8, 32>>("lstm_i1_h8");
}

#[test]
fn stacked_recurrent_layers_match_pytorch() {
    check_reference::<TwoGru<2, 4, 12>>("gru2_i2_h4");
    check_reference::<TwoLstm<2, 4, 16>>("lstm2_i2_h4");
}

#[test]
fn dilated_convolutions_match_pytorch() {
    check_reference::<OneConv<2, 3, 3, 2, 6, 5>>("conv_c2_o3_k3_d2");
    check_reference::<OneConvNoBias<3, 2, 2, 3, 6, 4>>("conv_nobias_c3_o2_k2_d3");
}

#[test]
fn residual_convolution_stack_matches_pytorch() {
    check_reference::<ResConv>("resconv_c2");
}

#[test]
fn gradients_match_finite_differences() {
    check_finite_differences::<OneGru<3, 5, 15>>("gru_i3_h5", 12);
    check_finite_differences::<OneLstm<3, 5, 20>>("lstm_i3_h5", 12);
    check_finite_differences::<TwoLstm<2, 4, 16>>("lstm2_i2_h4", 12);
    check_finite_differences::<OneConv<2, 3, 3, 2, 6, 5>>("conv_c2_o3_k3_d2", 12);
    check_finite_differences::<OneConvNoBias<3, 2, 2, 3, 6, 4>>("conv_nobias_c3_o2_k2_d3", 12);
    check_finite_differences::<ResConv>("resconv_c2", 12);
}

/// f32 layers (`typenet::math`'s σ and tanh, FMA products where the CPU has them) agree with
/// PyTorch's f64 values to single precision over the 64 steps.
#[test]
fn f32_layers_agree_to_single_precision() {
    fn f32s(v: &[f64]) -> Vec<f32> {
        v.iter().map(|&x| x as f32).collect()
    }
    fn check(name: &str, ys: &[f32], reference: &[f64]) {
        for (k, (a, b)) in ys.iter().zip(reference).enumerate() {
            let err = (*a as f64 - b).abs();
            assert!(
                err <= 2e-5 * b.abs().max(1.0),
                "{name} y[{k}]: {a} against {b}"
            );
        }
    }
    let c = case("lstm_i1_h8");
    let lstm = Lstm::<f32, 1, 8, 32>::from_slice(&f32s(&c.params())).unwrap();
    let mut s = LstmState::zeros();
    let ys: Vec<f32> = f32s(c.get("x"))
        .iter()
        .flat_map(|&x| lstm.step(&mut s, &SVector::from([x])).data.0[0])
        .collect();
    check("lstm_i1_h8", &ys, c.get("y"));

    let c = case("gru_i3_h5");
    let gru = Gru::<f32, 3, 5, 15>::from_slice(&f32s(&c.params())).unwrap();
    let mut s = GruState::zeros();
    let ys: Vec<f32> = f32s(c.get("x"))
        .chunks_exact(3)
        .flat_map(|x| gru.step(&mut s, &SVector::from_column_slice(x)).data.0[0])
        .collect();
    check("gru_i3_h5", &ys, c.get("y"));

    let c = case("conv_c2_o3_k3_d2");
    let conv = Conv1d::<f32, 2, 3, 3, 2, 6, 5>::from_slice(&f32s(&c.params())).unwrap();
    let mut s = Conv1dState::zeros();
    let ys: Vec<f32> = f32s(c.get("x"))
        .chunks_exact(2)
        .flat_map(|x| conv.step(&mut s, &SVector::from_column_slice(x)).data.0[0])
        .collect();
    check("conv_c2_o3_k3_d2", &ys, c.get("y"));
}

/// Deterministic values in (−0.5, 0.5) for parameters and inputs.
fn pseudo(k: usize, salt: u64) -> f64 {
    let mut z = (k as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt;
    z = (z ^ (z >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    (z >> 11) as f64 / (1u64 << 53) as f64 - 0.5
}

fn filled<L: Flat<T>, T: typenet_runtime::Scalar>(salt: u64) -> L {
    let mut l = L::zeros();
    for (k, v) in l.as_mut_slice().iter_mut().enumerate() {
        *v = T::lit(pseudo(k, salt));
    }
    l
}

fn input<T: typenet_runtime::Scalar, const N: usize>(t: usize) -> SVector<T, N> {
    SVector::from_fn(|i, _| T::lit(2.0 * pseudo(t * N + i, 77)))
}

/// `step_traced` returns `step`'s values bit for bit and leaves the same state, in f32 and f64,
/// at sizes that take every code path (one input; the dot-product kernel; `gemv` from 256
/// weights; the narrow σ of 2 values; the AVX2 activation maps from 16).
#[test]
fn traced_steps_equal_steps_bit_for_bit() {
    fn gru<T: typenet_runtime::Scalar, const I: usize, const H: usize, const G: usize>() {
        let l: Gru<T, I, H, G> = filled(1);
        let (mut a, mut b) = (GruState::zeros(), GruState::zeros());
        let mut tr = GruTrace::zeros();
        for t in 0..20 {
            let x = input::<T, I>(t);
            assert_eq!(
                l.step(&mut a, &x),
                l.step_traced(&mut b, &x, &mut tr),
                "GRU {I} {H}"
            );
            assert_eq!(a, b);
        }
    }
    fn lstm<T: typenet_runtime::Scalar, const I: usize, const H: usize, const G: usize>() {
        let l: Lstm<T, I, H, G> = filled(2);
        let (mut a, mut b) = (LstmState::zeros(), LstmState::zeros());
        let mut tr = LstmTrace::zeros();
        for t in 0..20 {
            let x = input::<T, I>(t);
            assert_eq!(
                l.step(&mut a, &x),
                l.step_traced(&mut b, &x, &mut tr),
                "LSTM {I} {H}"
            );
            assert_eq!(a, b);
        }
    }
    fn conv<
        T: typenet_runtime::Scalar,
        const CIN: usize,
        const COUT: usize,
        const K: usize,
        const D: usize,
        const CK: usize,
        const R: usize,
    >() {
        let l: Conv1d<T, CIN, COUT, K, D, CK, R> = filled(3);
        let (mut a, mut b) = (Conv1dState::zeros(), Conv1dState::zeros());
        let mut tr = Conv1dTrace::zeros();
        for t in 0..20 {
            let x = input::<T, CIN>(t);
            assert_eq!(
                l.step(&mut a, &x),
                l.step_traced(&mut b, &x, &mut tr),
                "Conv1d"
            );
            assert_eq!(a, b);
        }
    }
    gru::<f32, 1, 2, 6>();
    gru::<f32, 1, 16, 48>();
    gru::<f64, 3, 5, 15>();
    gru::<f64, 16, 32, 96>();
    lstm::<f32, 1, 2, 8>();
    lstm::<f32, 1, 32, 128>();
    lstm::<f64, 4, 8, 32>();
    lstm::<f64, 16, 16, 64>();
    conv::<f32, 16, 16, 3, 4, 48, 9>();
    conv::<f32, 1, 2, 2, 1, 2, 2>();
    conv::<f64, 3, 5, 4, 3, 12, 10>();
}

/// The convolution against its defining sum,
/// yₜ[o] = b[o] + Σᵢ Σₖ w[o, i, k]·x[t − (K − 1 − k)·D][i]
/// with x before the start = 0, for kernel sizes 1, 2 and 4 and dilations 1 and 3.
#[test]
fn convolution_is_the_causal_dilated_sum() {
    fn check<
        const CIN: usize,
        const COUT: usize,
        const K: usize,
        const D: usize,
        const CK: usize,
        const R: usize,
    >() {
        let l: Conv1d<f64, CIN, COUT, K, D, CK, R> = filled(4);
        let xs: Vec<SVector<f64, CIN>> = (0..30).map(input).collect();
        let mut s = Conv1dState::zeros();
        for t in 0..xs.len() {
            let y = l.step(&mut s, &xs[t]);
            for o in 0..COUT {
                let mut sum = l.bias[o];
                for i in 0..CIN {
                    for k in 0..K {
                        if let Some(u) = t.checked_sub((K - 1 - k) * D) {
                            sum += l.weight[(i * K + k, o)] * xs[u][i];
                        }
                    }
                }
                assert!((y[o] - sum).abs() < 1e-14, "K {K} D {D} t {t} o {o}");
            }
        }
    }
    check::<2, 3, 1, 1, 2, 1>();
    check::<2, 3, 2, 1, 4, 2>();
    check::<2, 3, 2, 3, 4, 4>();
    check::<3, 2, 4, 1, 12, 4>();
    check::<3, 2, 4, 3, 12, 10>();
}

/// Streaming in pieces with the state carried equals one pass, and `reset` starts the sequence
/// again: the same outputs as a fresh state, the state and carry equal to `zeros()`.
#[test]
fn streaming_in_pieces_and_reset() {
    let lstm: Lstm<f64, 2, 4, 16> = filled(5);
    let conv: Conv1d<f64, 2, 3, 3, 2, 6, 5> = filled(6);
    let xs: Vec<SVector<f64, 2>> = (0..40).map(input).collect();
    let run =
        |ls: &mut LstmState<f64, 4>, cs: &mut Conv1dState<f64, 2, 5>, xs: &[SVector<f64, 2>]| {
            xs.iter()
                .map(|x| (lstm.step(ls, x), conv.step(cs, x)))
                .collect::<Vec<_>>()
        };
    let (mut ls, mut cs) = (LstmState::zeros(), Conv1dState::zeros());
    let whole = run(&mut ls, &mut cs, &xs);
    let (mut ls2, mut cs2) = (LstmState::default(), Conv1dState::default());
    let mut pieces = Vec::new();
    for piece in [&xs[..1], &xs[1..7], &xs[7..8], &xs[8..23], &xs[23..]] {
        pieces.extend(run(&mut ls2, &mut cs2, piece));
    }
    assert_eq!(whole, pieces);
    assert_eq!((ls, cs), (ls2, cs2));

    ls.reset();
    cs.reset();
    assert_eq!(ls, LstmState::zeros());
    assert_eq!(cs, Conv1dState::zeros());
    assert_eq!(run(&mut ls, &mut cs, &xs), whole);

    let gru: Gru<f64, 2, 4, 12> = filled(7);
    let mut gs = GruState::zeros();
    let first: Vec<_> = xs.iter().map(|x| gru.step(&mut gs, x)).collect();
    gs.reset();
    assert_eq!(gs, GruState::zeros());
    let again: Vec<_> = xs.iter().map(|x| gru.step(&mut gs, x)).collect();
    assert_eq!(first, again);

    let mut carry = Conv1dCarry::<f64, 2, 5>::zeros();
    let mut g = Conv1d::zeros();
    conv.backward_step(
        &Conv1dTrace::zeros(),
        &SVector::from([1.0, 2.0, 3.0]),
        &mut carry,
        &mut g,
    );
    assert_ne!(carry, Conv1dCarry::zeros());
    carry.reset();
    assert_eq!(carry, Conv1dCarry::zeros());
    let mut lc = LstmCarry::<f64, 4> {
        dh: SVector::from_element(1.0),
        dc: SVector::from_element(2.0),
    };
    lc.reset();
    assert_eq!(lc, LstmCarry::zeros());
    let mut gc = GruCarry::<f64, 4> {
        dh: SVector::from_element(1.0),
    };
    gc.reset();
    assert_eq!(gc, GruCarry::zeros());
}

/// Truncated BPTT: the forward state carried through the sequence, the carry reset at the end
/// of each chunk of 16 steps, gives the sum over chunks of each chunk's own full gradient
/// (its loss, from its carried starting state, which counts as a constant).
#[test]
fn truncated_bptt_is_the_sum_of_chunk_gradients() {
    let gru: Gru<f64, 2, 4, 12> = filled(8);
    let conv: Conv1d<f64, 4, 2, 3, 2, 12, 5> = filled(9);
    let xs: Vec<SVector<f64, 2>> = (0..64).map(input).collect();
    let dy = |y: &SVector<f64, 2>| y * 2.0;
    // One pass forward; backward with the carries reset every 16 steps.
    let (mut gs, mut cs) = (GruState::zeros(), Conv1dState::zeros());
    let mut trs = vec![(GruTrace::zeros(), Conv1dTrace::zeros()); 64];
    let mut ys = Vec::new();
    for (x, (tg, tc)) in xs.iter().zip(&mut trs) {
        let h = gru.step_traced(&mut gs, x, tg);
        ys.push(conv.step_traced(&mut cs, &h, tc));
    }
    let (mut gg, mut gc) = (Gru::zeros(), Conv1d::zeros());
    let (mut cg, mut cc) = (GruCarry::zeros(), Conv1dCarry::zeros());
    for t in (0..64).rev() {
        if t % 16 == 15 {
            cg.reset();
            cc.reset();
        }
        let dh = conv.backward_step(&trs[t].1, &dy(&ys[t]), &mut cc, &mut gc);
        gru.backward_step(&trs[t].0, &dh, &mut cg, &mut gg);
    }
    // Each chunk on its own, from the state the whole pass had at its start.
    let (mut eg, mut ec) = (
        Gru::<f64, 2, 4, 12>::zeros(),
        Conv1d::<f64, 4, 2, 3, 2, 12, 5>::zeros(),
    );
    let (mut gs, mut cs) = (GruState::zeros(), Conv1dState::zeros());
    for chunk in xs.chunks(16) {
        let mut trs = Vec::new();
        let mut ys = Vec::new();
        for x in chunk {
            let (mut tg, mut tc) = (GruTrace::zeros(), Conv1dTrace::zeros());
            let h = gru.step_traced(&mut gs, x, &mut tg);
            ys.push(conv.step_traced(&mut cs, &h, &mut tc));
            trs.push((tg, tc));
        }
        let (mut cg, mut cc) = (GruCarry::zeros(), Conv1dCarry::zeros());
        for t in (0..chunk.len()).rev() {
            let dh = conv.backward_step(&trs[t].1, &dy(&ys[t]), &mut cc, &mut ec);
            gru.backward_step(&trs[t].0, &dh, &mut cg, &mut eg);
        }
    }
    // The same terms, summed in another order (chunk by chunk forwards, not backwards).
    close("truncated GRU", gg.as_slice(), eg.as_slice(), 1e-13);
    close("truncated Conv1d", gc.as_slice(), ec.as_slice(), 1e-13);
    // A carry that is never reset gives other gradients (the test can tell them apart).
    let mut full = Gru::zeros();
    let (mut cg, mut cc) = (GruCarry::zeros(), Conv1dCarry::zeros());
    let mut gc2 = Conv1d::zeros();
    for t in (0..64).rev() {
        let dh = conv.backward_step(&trs[t].1, &dy(&ys[t]), &mut cc, &mut gc2);
        gru.backward_step(&trs[t].0, &dh, &mut cg, &mut full);
    }
    assert!(
        full.as_slice()
            .iter()
            .zip(gg.as_slice())
            .any(|(a, b)| (a - b).abs() > 1e-6)
    );
}

/// `init_uniform` draws every value of U(−1/√H, 1/√H) (recurrent) or U(−1/√(CIN·K), …)
/// (convolution), and the tensor tables cover the flat values.
#[test]
fn initialisation_and_tensor_tables() {
    use typenet_runtime::rand_core::SeedableRng;
    let mut rng = typenet_runtime::rand_pcg::Pcg64::seed_from_u64(1);
    fn spread(v: &[f64], bound: f64) {
        assert!(v.iter().all(|x| x.abs() <= bound), "outside ±{bound}");
        let max = v.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        assert!(max > 0.8 * bound, "not spread: max {max}, bound {bound}");
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        assert!(mean.abs() < 0.2 * bound, "mean {mean}");
    }
    let mut gru = Gru::<f64, 3, 16, 48>::zeros();
    gru.init_uniform(&mut rng);
    spread(gru.as_slice(), 0.25);
    let mut lstm = Lstm::<f64, 3, 16, 64>::zeros();
    lstm.init_uniform(&mut rng);
    spread(lstm.as_slice(), 0.25);
    let mut conv = Conv1d::<f64, 4, 8, 4, 2, 16, 7>::zeros();
    conv.init_uniform(&mut rng);
    spread(conv.as_slice(), 0.25);
    let mut conv = Conv1dNoBias::<f64, 4, 8, 4, 2, 16, 7>::zeros();
    conv.init_uniform(&mut rng);
    spread(conv.as_slice(), 0.25);

    fn covers(tensors: &[typenet_runtime::TensorInfo], params: usize, len: usize) {
        let mut offset = 0;
        for t in tensors {
            assert_eq!(t.offset, offset, "{}", t.name);
            offset += t.shape.iter().product::<usize>();
        }
        assert_eq!((offset, params), (len, len));
    }
    type G = Gru<f64, 3, 5, 15>;
    type L = Lstm<f64, 3, 5, 20>;
    type C = Conv1d<f64, 2, 3, 3, 2, 6, 5>;
    type N = Conv1dNoBias<f64, 2, 3, 3, 2, 6, 5>;
    covers(&G::TENSORS, G::PARAMS, <G as Flat<f64>>::LEN);
    covers(&L::TENSORS, L::PARAMS, <L as Flat<f64>>::LEN);
    covers(&C::TENSORS, C::PARAMS, <C as Flat<f64>>::LEN);
    covers(&N::TENSORS, N::PARAMS, <N as Flat<f64>>::LEN);
    assert_eq!(G::TENSORS[0].shape, &[15, 3]);
    assert_eq!(L::TENSORS[1].shape, &[20, 5]);
    assert_eq!(C::TENSORS[0].shape, &[3, 2, 3]);
    let names: Vec<_> = G::TENSORS.iter().map(|t| t.name).collect();
    assert_eq!(names, ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]);
}

/// The gate loop at widths off the multiples of 8 (issue 20: blocks of 8 units, the last one
/// overlapping, and 5–7 units on zero-padded copies) against one unit at a time, bit for bit,
/// in `f32` and `f64`: with zero weights the pre-activations are exactly b_ih + b_hh, so each
/// unit's gates, cell and output are the scalar expressions of the layer's docs on them. From 4
/// units, where the CPU has AVX2 and FMA, the step is the fused one, whose σ and tanh are the
/// fused flavour (`Scalar::act_sigmoid_fused`; the same as the plain one for `f64`).
#[test]
fn gate_loops_of_any_width_are_the_per_unit_expressions_bit_for_bit() {
    use typenet_runtime::Scalar;
    fn fused_cpu() -> bool {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
            return true;
        }
        false
    }
    fn sigmoid<T: Scalar, const H: usize>(x: T) -> T {
        if H >= 4 && fused_cpu() {
            x.act_sigmoid_fused()
        } else {
            x.act_sigmoid()
        }
    }
    fn tanh<T: Scalar, const H: usize>(x: T) -> T {
        if H >= 4 && fused_cpu() {
            x.act_tanh_fused()
        } else {
            x.act_tanh()
        }
    }
    fn lstm<T: Scalar, const H: usize, const G: usize>() {
        let mut l = Lstm::<T, 2, H, G>::zeros();
        for j in 0..G {
            l.bias_ih[j] = T::lit(3.0 * pseudo(j, 11));
            l.bias_hh[j] = T::lit(3.0 * pseudo(j, 12));
        }
        let mut s = LstmState::<T, H>::zeros();
        for j in 0..H {
            s.c[j] = T::lit(2.0 * pseudo(j, 13));
        }
        let c0 = s.c;
        let y = l.step(&mut s, &SVector::from([T::lit(0.3), T::lit(-0.7)]));
        for j in 0..H {
            let a = |k: usize| l.bias_ih[k * H + j] + l.bias_hh[k * H + j];
            let (i, f) = (sigmoid::<T, H>(a(0)), sigmoid::<T, H>(a(1)));
            let (g, o) = (tanh::<T, H>(a(2)), sigmoid::<T, H>(a(3)));
            let c = f * c0[j] + i * g;
            let h = o * tanh::<T, H>(c);
            let bits = |v: T| v.to_f64().to_bits();
            assert_eq!(bits(s.c[j]), bits(c), "LSTM({H}) c[{j}]");
            assert_eq!(bits(s.h[j]), bits(h), "LSTM({H}) h[{j}]");
            assert_eq!(bits(y[j]), bits(h), "LSTM({H}) y[{j}]");
        }
    }
    fn gru<T: Scalar, const H: usize, const G: usize>() {
        let mut l = Gru::<T, 2, H, G>::zeros();
        for j in 0..G {
            l.bias_ih[j] = T::lit(3.0 * pseudo(j, 21));
            l.bias_hh[j] = T::lit(3.0 * pseudo(j, 22));
        }
        let mut s = GruState::<T, H>::zeros();
        for j in 0..H {
            s.h[j] = T::lit(2.0 * pseudo(j, 23));
        }
        let h0 = s.h;
        let y = l.step(&mut s, &SVector::from([T::lit(0.3), T::lit(-0.7)]));
        for j in 0..H {
            let (bi, bh) = (
                |k: usize| l.bias_ih[k * H + j],
                |k: usize| l.bias_hh[k * H + j],
            );
            let r = sigmoid::<T, H>(bi(0) + bh(0));
            let z = sigmoid::<T, H>(bi(1) + bh(1));
            let n = tanh::<T, H>(bi(2) + r * bh(2));
            let h = (T::one() - z) * n + z * h0[j];
            let bits = |v: T| v.to_f64().to_bits();
            assert_eq!(bits(s.h[j]), bits(h), "GRU({H}) h[{j}]");
            assert_eq!(bits(y[j]), bits(h), "GRU({H}) y[{j}]");
        }
    }
    fn both<T: Scalar>() {
        lstm::<T, 3, 12>();
        lstm::<T, 5, 20>();
        lstm::<T, 7, 28>();
        lstm::<T, 8, 32>();
        lstm::<T, 12, 48>();
        lstm::<T, 20, 80>();
        lstm::<T, 33, 132>();
        gru::<T, 3, 9>();
        gru::<T, 5, 15>();
        gru::<T, 7, 21>();
        gru::<T, 8, 24>();
        gru::<T, 12, 36>();
        gru::<T, 20, 60>();
        gru::<T, 33, 99>();
    }
    both::<f32>();
    both::<f64>();
}
