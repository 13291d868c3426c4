//! burn's side: `burn::nn::Linear` layers (a `Vec<Linear>` module) on burn 0.22's run-time
//! dispatched `Device`: `Device::ndarray()` (the ndarray backend: ndarray's gemm, that is
//! `matrixmultiply`, no BLAS) or `Device::flex()` (burn-flex, burn's newer eager CPU backend,
//! gemm through the `gemm` crate), each `.autodiff()` for training. Inference runs on the plain
//! device, as a user's inference does; a step is `MseLoss`, `backward`,
//! `GradientsParams::from_grads` and the SGD optimizer's `step`. The input is a (b × in) tensor.

use std::hint::black_box;

use burn::module::Param;
use burn::nn::Linear;
use burn::nn::loss::{MseLoss, Reduction};
use burn::optim::{GradientsParams, ModuleOptimizer, SgdConfig};
use burn::tensor::{Device, Tensor, TensorData, activation};

use crate::{Act, Side, Spec};

/// Which of burn's CPU backends.
#[derive(Clone, Copy, Debug)]
pub enum Backend {
    /// `burn-ndarray`.
    NdArray,
    /// `burn-flex` (feature `flex`).
    #[cfg(feature = "flex")]
    Flex,
}

/// burn's side.
pub struct BurnSide {
    backend: Backend,
    /// The inference copy, on the plain device.
    infer: Vec<Linear>,
    /// The training copy, on the autodiff device (`None` only inside a step).
    model: Option<Vec<Linear>>,
    opt: ModuleOptimizer,
    x: Tensor<2>,
    x_ad: Tensor<2>,
    t_ad: Tensor<2>,
    y: Option<Tensor<2>>,
    acts: Vec<Act>,
    spec: Spec,
}

fn layers(spec: &Spec, device: &Device) -> Vec<Linear> {
    spec.sizes
        .windows(2)
        .zip(&spec.weights)
        .map(|(io, (w, b))| {
            // burn's weight is in × out: PyTorch's transposed.
            let (n_in, n_out) = (io[0], io[1]);
            let wt: Vec<f32> = (0..n_in * n_out)
                .map(|k| w[(k % n_out) * n_in + k / n_out])
                .collect();
            let weight = Tensor::<2>::from_data(TensorData::new(wt, [n_in, n_out]), device);
            let bias = Tensor::<1>::from_data(TensorData::new(b.clone(), [n_out]), device);
            Linear {
                weight: Param::from_tensor(weight),
                bias: Some(Param::from_tensor(bias)),
            }
        })
        .collect()
}

fn run(model: &[Linear], acts: &[Act], x: Tensor<2>) -> Tensor<2> {
    let mut a = x;
    for (l, act) in model.iter().zip(acts) {
        let z = l.forward(a);
        a = match act {
            Act::Sigmoid => activation::sigmoid(z),
            Act::Tanh => activation::tanh(z),
            Act::Relu => activation::relu(z),
            Act::Identity => z,
        };
    }
    a
}

impl BurnSide {
    /// The network of `spec` with its weights, on `backend`.
    pub fn new(spec: &Spec, backend: Backend) -> Self {
        let plain = match backend {
            Backend::NdArray => Device::ndarray(),
            #[cfg(feature = "flex")]
            Backend::Flex => Device::flex(),
        };
        let ad = plain.clone().autodiff();
        let data = |v: &Vec<f32>, cols: usize| TensorData::new(v.clone(), [spec.batch, cols]);
        BurnSide {
            backend,
            infer: layers(spec, &plain),
            model: Some(layers(spec, &ad)),
            opt: SgdConfig::new().init(),
            x: Tensor::<2>::from_data(data(&spec.x, spec.inputs()), &plain),
            x_ad: Tensor::<2>::from_data(data(&spec.x, spec.inputs()), &ad),
            t_ad: Tensor::<2>::from_data(data(&spec.t, spec.outputs()), &ad),
            y: None,
            acts: spec.acts.clone(),
            spec: spec.clone(),
        }
    }
}

impl Side for BurnSide {
    fn name(&self) -> &'static str {
        match self.backend {
            Backend::NdArray => "burn-ndarray",
            #[cfg(feature = "flex")]
            Backend::Flex => "burn-flex",
        }
    }

    fn forward(&mut self) {
        let y = run(&self.infer, &self.acts, black_box(self.x.clone()));
        // The backends are eager, but make sure the result exists before the clock stops.
        y.device().sync().unwrap();
        self.y = Some(y);
        black_box(&self.y);
    }

    fn output(&mut self) -> Vec<f32> {
        self.y.as_ref().unwrap().to_data().to_vec().unwrap()
    }

    fn train(&mut self) -> f32 {
        let model = self.model.take().unwrap();
        let y = run(&model, &self.acts, black_box(self.x_ad.clone()));
        let loss = MseLoss::new().forward(y, self.t_ad.clone(), Reduction::Mean);
        let value: f32 = loss.to_data().to_vec().unwrap()[0];
        let grads = GradientsParams::from_grads(loss.backward(), &model);
        self.model = Some(self.opt.step(self.spec.peer_lr() as f64, model, grads));
        self.spec.loss_from_mse(value)
    }

    fn params(&mut self) -> Vec<f32> {
        let mut out = Vec::new();
        let (spec, model) = (&self.spec, self.model.as_ref().unwrap());
        for (io, l) in spec.sizes.windows(2).zip(model) {
            let (n_in, n_out) = (io[0], io[1]);
            let w: Vec<f32> = l.weight.val().to_data().to_vec().unwrap();
            out.extend((0..n_in * n_out).map(|k| w[(k % n_in) * n_out + k / n_in]));
            out.extend(
                l.bias
                    .as_ref()
                    .unwrap()
                    .val()
                    .to_data()
                    .to_vec::<f32>()
                    .unwrap(),
            );
        }
        out
    }
}
