//! A 2-2-1 sigmoid network written out by hand (no macro), shared by the training-loop tests.

use typenet_runtime::{
    Flat, LayerInfo, LayerKind, Network, Parameters, TensorInfo, Trainable, init,
};

/// h_j = σ(w_j0·x0 + w_j1·x1 + b_j), y = σ(v_0·h_0 + v_1·h_1 + c), E = ½(t − y)².
/// Flat order: w00 w01 w10 w11 b0 b1 v0 v1 c.
#[repr(C)]
#[derive(Clone, Debug, PartialEq)]
pub struct Tiny {
    pub p: [f64; 9],
}

// SAFETY: `repr(C)` around exactly nine f64s.
unsafe impl Flat<f64> for Tiny {
    const LEN: usize = 9;
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl Tiny {
    fn hidden(&self, x: &[f64; 2]) -> [f64; 2] {
        let p = &self.p;
        [
            sigmoid(p[0] * x[0] + p[1] * x[1] + p[4]),
            sigmoid(p[2] * x[0] + p[3] * x[1] + p[5]),
        ]
    }
}

impl Parameters<f64> for Tiny {
    const INPUTS: usize = 2;
    const OUTPUTS: usize = 1;
    const PARAMS: usize = 9;
    const NAME: &'static str = "Tiny";
    const TENSORS: &'static [TensorInfo] = &[
        TensorInfo {
            name: "layer1.weight",
            shape: &[2, 2],
            offset: 0,
        },
        TensorInfo {
            name: "layer1.bias",
            shape: &[2],
            offset: 4,
        },
        TensorInfo {
            name: "layer2.weight",
            shape: &[1, 2],
            offset: 6,
        },
        TensorInfo {
            name: "layer2.bias",
            shape: &[1],
            offset: 8,
        },
    ];
    const LAYERS: &'static [LayerInfo] = &[
        LayerInfo {
            kind: LayerKind::Dense,
            name: "layer1",
            inputs: 2,
            outputs: 2,
            activation: "Sigmoid",
            params: 6,
        },
        LayerInfo {
            kind: LayerKind::Dense,
            name: "layer2",
            inputs: 2,
            outputs: 1,
            activation: "Sigmoid",
            params: 3,
        },
    ];
    fn init<R: rand_pcg::rand_core::Rng + ?Sized>(&mut self, rng: &mut R) {
        // Every weight and bias from U(−1, 1).
        init::fill_uniform(&mut self.p, 1.0, rng);
    }
}

impl Network<f64> for Tiny {
    type Input = [f64; 2];
    type Output = f64;
    type Trace = ();
    type InputJacobian = ();
    fn forward(&self, x: &[f64; 2]) -> f64 {
        let h = self.hidden(x);
        sigmoid(self.p[6] * h[0] + self.p[7] * h[1] + self.p[8])
    }
    fn forward_trace(&self, _x: &[f64; 2]) {}
    fn input_jacobian(&self, _x: &[f64; 2]) {}
}

impl Trainable<f64> for Tiny {
    type Target = f64;
    type Gradients = Tiny;
    fn loss(&self, x: &[f64; 2], t: &f64) -> f64 {
        0.5 * (t - self.forward(x)).powi(2)
    }
    fn backward_into(&self, x: &[f64; 2], t: &f64, g: &mut Tiny) -> f64 {
        let p = &self.p;
        let h = self.hidden(x);
        let y = sigmoid(p[6] * h[0] + p[7] * h[1] + p[8]);
        let dz = (y - t) * y * (1.0 - y);
        let g = &mut g.p;
        g[6] += dz * h[0];
        g[7] += dz * h[1];
        g[8] += dz;
        for j in 0..2 {
            let dh = dz * p[6 + j] * h[j] * (1.0 - h[j]);
            g[2 * j] += dh * x[0];
            g[2 * j + 1] += dh * x[1];
            g[4 + j] += dh;
        }
        0.5 * (t - y) * (t - y)
    }
}
