//! The sequence layers (GRU, LSTM, causal dilated Conv1d) against PyTorch, by finite
//! differences, and their streaming, reset and trace contracts.
//!
//! The reference values in `tests/data/recurrent/reference.txt` (at the repository root) were
//! computed by `tools/reference/pytorch_recurrent.py` with PyTorch in float64 (see its header
//! for the cases and the format): over 64 steps, every output must agree to 1e-12 and every
//! gradient (of every parameter tensor and every input, for L = Σₜ Σⱼ cⱼ·yₜ[j]²) to 1e-10,
//! relative, absolute below 1. The parameters are loaded as one flat copy of PyTorch's tensors
//! in `state_dict` order, which checks the memory layout too.

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
        &t.unwrap_or_else(|| panic!("{}: no tensor {name}", self.name)).2
    }
    /// The parameter tensors (everything before `x`), concatenated in `state_dict` order.
    fn params(&self) -> Vec<f64> {
        let mut out = Vec::new();
        for (name, _, values) in self.tensors.iter().take_while(|t| t.0 != "x") {
            assert!(!name.starts_with("grad."), "{}: parameters end at x", self.name);
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
        flatten(&vecs::<I>(xs).iter().map(|x| self.0.step(&mut s, x)).collect::<Vec<_>>())
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
            dx[t] = self.0.backward_step(&traces[t], &dys[t], &mut carry, &mut g);
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
        flatten(&vecs::<I>(xs).iter().map(|x| self.0.step(&mut s, x)).collect::<Vec<_>>())
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
            dx[t] = self.0.backward_step(&traces[t], &dys[t], &mut carry, &mut g);
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
        flatten(&vecs::<CIN>(xs).iter().map(|x| self.0.step(&mut s, x)).collect::<Vec<_>>())
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
            dx[t] = self.0.backward_step(&traces[t], &dys[t], &mut carry, &mut g);
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
        flatten(&vecs::<CIN>(xs).iter().map(|x| self.0.step(&mut s, x)).collect::<Vec<_>>())
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
            dx[t] = self.0.backward_step(&traces[t], &dys[t], &mut carry, &mut g);
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
            act[t] = self.0.step_traced(&mut s1, &xs[t], &mut tr1[t]).map(f64::tanh);
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
