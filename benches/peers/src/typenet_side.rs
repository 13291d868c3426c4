//! typenet's side: the `network!` types, the one-sample `forward` / `train_step` for a batch of
//! one, `forward_batch` / `train_step_batch` otherwise (made once: scratch, gradient buffer).

use std::hint::black_box;

use typenet::nalgebra::{Const, Dyn, OMatrix, SVector};
use typenet::prelude::*;

use crate::{Side, Spec};

network! {
    /// N1.
    pub struct N1: 2 => Dense(2, Sigmoid) => Dense(2, Sigmoid); loss = MSE
}
network! {
    /// N2.
    pub struct N2: 2 => Dense(8, Tanh) => Dense(1, Sigmoid); loss = MSE
}
network! {
    /// N3.
    pub struct N3: 16 => Dense(32, Tanh) => Dense(32, Tanh) => Dense(4); loss = MSE
}
network! {
    /// N4.
    pub struct N4: 784 => Dense(128, ReLU) => Dense(10); loss = MSE
}

macro_rules! typenet_side {
    ($side:ident, $net:ident, $grads:ident, $in:literal, $out:literal, [$($layer:ident),+]) => {
        /// typenet's side for this network.
        pub struct $side {
            net: Box<$net<f32>>,
            grads: Box<$grads<f32>>,
            x1: SVector<f32, $in>,
            t1: SVector<f32, $out>,
            y1: SVector<f32, $out>,
            x: OMatrix<f32, Const<$in>, Dyn>,
            t: OMatrix<f32, Const<$out>, Dyn>,
            y: OMatrix<f32, Const<$out>, Dyn>,
            scratch: Vec<f32>,
            lr: f32,
        }

        impl $side {
            fn new(spec: &Spec) -> Self {
                let b = spec.batch;
                let mut net = $net::<f32>::boxed_zeros();
                let mut layers = spec.weights.iter();
                $(
                    let (w, bias) = layers.next().unwrap();
                    // The weight is in × out, column-major: neuron j's weights contiguous, as
                    // PyTorch's out × in row-major.
                    net.$layer.weight.as_mut_slice().copy_from_slice(w);
                    net.$layer.bias.as_mut_slice().copy_from_slice(bias);
                )+
                let x = OMatrix::<f32, Const<$in>, Dyn>::from_column_slice_generic(
                    Const,
                    Dyn(b),
                    &spec.x,
                );
                let t = OMatrix::<f32, Const<$out>, Dyn>::from_column_slice_generic(
                    Const,
                    Dyn(b),
                    &spec.t,
                );
                $side {
                    net,
                    grads: $grads::<f32>::boxed_zeros(),
                    x1: x.column(0).into_owned(),
                    t1: t.column(0).into_owned(),
                    y1: SVector::zeros(),
                    y: OMatrix::<f32, Const<$out>, Dyn>::zeros_generic(Const, Dyn(b)),
                    x,
                    t,
                    scratch: vec![0.0; $net::<f32>::batch_scratch_len(b)],
                    lr: spec.lr,
                }
            }
        }

        impl Side for $side {
            fn name(&self) -> &'static str {
                "typenet"
            }

            fn forward(&mut self) {
                if self.x.ncols() == 1 {
                    self.y1 = self.net.forward(black_box(&self.x1));
                } else {
                    self.net
                        .forward_batch(black_box(&self.x), &mut self.y, &mut self.scratch)
                        .unwrap();
                }
                black_box(&self.y1);
                black_box(&self.y);
            }

            fn output(&mut self) -> Vec<f32> {
                if self.x.ncols() == 1 {
                    self.y1.as_slice().to_vec()
                } else {
                    self.y.as_slice().to_vec()
                }
            }

            fn train(&mut self) -> f32 {
                if self.x.ncols() == 1 {
                    self.net
                        .train_step(black_box(&self.x1), &self.t1, self.lr)
                        .unwrap()
                } else {
                    self.net
                        .train_step_batch(
                            black_box(&self.x),
                            &self.t,
                            self.lr,
                            &mut self.grads,
                            &mut self.scratch,
                        )
                        .unwrap()
                }
            }

            fn params(&mut self) -> Vec<f32> {
                let mut out = Vec::new();
                $(
                    out.extend_from_slice(self.net.$layer.weight.as_slice());
                    out.extend_from_slice(self.net.$layer.bias.as_slice());
                )+
                out
            }
        }
    };
}

typenet_side!(Side1, N1, N1Gradients, 2, 2, [layer1, layer2]);
typenet_side!(Side2, N2, N2Gradients, 2, 1, [layer1, layer2]);
typenet_side!(Side3, N3, N3Gradients, 16, 4, [layer1, layer2, layer3]);
typenet_side!(Side4, N4, N4Gradients, 784, 10, [layer1, layer2]);

/// typenet's side for `spec`'s network.
pub fn make(spec: &Spec) -> Box<dyn Side> {
    match spec.sizes.as_slice() {
        [2, 2, 2] => Box::new(Side1::new(spec)),
        [2, 8, 1] => Box::new(Side2::new(spec)),
        [16, 32, 32, 4] => Box::new(Side3::new(spec)),
        [784, 128, 10] => Box::new(Side4::new(spec)),
        s => panic!("no typenet network of widths {s:?}"),
    }
}
