//! dfdx's side: a tuple of `Linear`s and activations built on the `Cpu` device, `Module::forward`
//! without a tape for inference, `forward_mut` on a traced input, `mse_loss`, `backward` and
//! `Sgd::update` for a step (gradients allocated once and zeroed after each step, as dfdx's
//! examples do). A batch of one is a rank-1 input, a batch of b a rank-2 (b × in) one.

use std::hint::black_box;

use dfdx::optim::Sgd;
use dfdx::prelude::*;

use crate::{Side, Spec};

type M1 = (Linear<2, 2>, Sigmoid, Linear<2, 2>, Sigmoid);
type M2 = (Linear<2, 8>, Tanh, Linear<8, 1>, Sigmoid);
type M3 = (Linear<16, 32>, Tanh, Linear<32, 32>, Tanh, Linear<32, 4>);
type M4 = (Linear<784, 128>, ReLU, Linear<128, 10>);

macro_rules! dfdx_side {
    ($side:ident, $model:ty, $xs:ty, $ts:ty, [$($i:tt),+]) => {
        /// dfdx's side for this network and input shape.
        pub struct $side {
            model: <$model as BuildOnDevice<Cpu, f32>>::Built,
            opt: Sgd<<$model as BuildOnDevice<Cpu, f32>>::Built, f32, Cpu>,
            grads: Option<Gradients<f32, Cpu>>,
            x: Tensor<$xs, f32, Cpu>,
            t: Tensor<$ts, f32, Cpu>,
            y: Option<Tensor<$ts, f32, Cpu>>,
            spec: Spec,
        }

        impl $side {
            fn new(spec: &Spec) -> Self {
                let dev: Cpu = Default::default();
                let mut model = dev.build_module::<$model, f32>();
                let mut layers = spec.weights.iter();
                $(
                    let (w, b) = layers.next().unwrap();
                    model.$i.weight.copy_from(w);
                    model.$i.bias.copy_from(b);
                )+
                let mut x: Tensor<$xs, f32, Cpu> = dev.zeros();
                x.copy_from(&spec.x);
                let mut t: Tensor<$ts, f32, Cpu> = dev.zeros();
                t.copy_from(&spec.t);
                let opt = Sgd::new(
                    &model,
                    SgdConfig {
                        lr: f64::from(spec.peer_lr()),
                        momentum: None,
                        weight_decay: None,
                    },
                );
                let grads = Some(model.alloc_grads());
                $side { model, opt, grads, x, t, y: None, spec: spec.clone() }
            }
        }

        impl Side for $side {
            fn name(&self) -> &'static str {
                "dfdx"
            }

            fn forward(&mut self) {
                self.y = Some(self.model.forward(black_box(self.x.clone())));
                black_box(&self.y);
            }

            fn output(&mut self) -> Vec<f32> {
                self.y.as_ref().unwrap().as_vec()
            }

            fn train(&mut self) -> f32 {
                let grads = self.grads.take().unwrap();
                let y = self.model.forward_mut(black_box(self.x.trace(grads)));
                let loss = mse_loss(y, self.t.clone());
                let value = loss.array();
                let mut grads = loss.backward();
                self.opt.update(&mut self.model, &grads).unwrap();
                self.model.zero_grads(&mut grads);
                self.grads = Some(grads);
                self.spec.loss_from_mse(value)
            }

            fn params(&mut self) -> Vec<f32> {
                let mut out = Vec::new();
                $(
                    out.extend(self.model.$i.weight.as_vec());
                    out.extend(self.model.$i.bias.as_vec());
                )+
                out
            }
        }
    };
}

dfdx_side!(Side1, M1, Rank1<2>, Rank1<2>, [0, 2]);
dfdx_side!(Side2, M2, Rank1<2>, Rank1<1>, [0, 2]);
dfdx_side!(Side3, M3, Rank1<16>, Rank1<4>, [0, 2, 4]);
dfdx_side!(Side4, M4, Rank1<784>, Rank1<10>, [0, 2]);
dfdx_side!(Side4x64, M4, Rank2<64, 784>, Rank2<64, 10>, [0, 2]);

/// dfdx's side for `spec`'s network and batch.
pub fn make(spec: &Spec) -> Box<dyn Side> {
    match (spec.sizes.as_slice(), spec.batch) {
        ([2, 2, 2], 1) => Box::new(Side1::new(spec)),
        ([2, 8, 1], 1) => Box::new(Side2::new(spec)),
        ([16, 32, 32, 4], 1) => Box::new(Side3::new(spec)),
        ([784, 128, 10], 1) => Box::new(Side4::new(spec)),
        ([784, 128, 10], 64) => Box::new(Side4x64::new(spec)),
        (s, b) => panic!("no dfdx model of widths {s:?} for a batch of {b}"),
    }
}
