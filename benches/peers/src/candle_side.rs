//! candle's side: `candle_nn::Linear` layers on `Var`s on the CPU device, `Module::forward`,
//! `candle_nn::loss::mse`, and `candle_nn::SGD::backward_step` (which updates the `Var`s in
//! place). The input is a (b × in) tensor, b = 1 for one sample (candle's `Linear` wants a
//! matrix).

use std::hint::black_box;

use candle_core::{Device, Tensor, Var};
use candle_nn::{Linear, Module, Optimizer, SGD};

use crate::{Act, Side, Spec};

/// candle's side.
pub struct CandleSide {
    layers: Vec<(Var, Var, Linear)>,
    acts: Vec<Act>,
    opt: SGD,
    x: Tensor,
    t: Tensor,
    y: Option<Tensor>,
    spec: Spec,
}

impl CandleSide {
    /// The network of `spec` with its weights.
    pub fn new(spec: &Spec) -> Self {
        let dev = Device::Cpu;
        let layers: Vec<(Var, Var, Linear)> = spec
            .sizes
            .windows(2)
            .zip(&spec.weights)
            .map(|(io, (w, b))| {
                let w = Var::from_slice(w.as_slice(), (io[1], io[0]), &dev).unwrap();
                let b = Var::from_slice(b.as_slice(), io[1], &dev).unwrap();
                let l = Linear::new(w.as_tensor().clone(), Some(b.as_tensor().clone()));
                (w, b, l)
            })
            .collect();
        let vars = layers
            .iter()
            .flat_map(|(w, b, _)| [w.clone(), b.clone()])
            .collect();
        let opt = SGD::new(vars, spec.peer_lr() as f64).unwrap();
        let x = Tensor::from_slice(spec.x.as_slice(), (spec.batch, spec.inputs()), &dev).unwrap();
        let t = Tensor::from_slice(spec.t.as_slice(), (spec.batch, spec.outputs()), &dev).unwrap();
        CandleSide {
            layers,
            acts: spec.acts.clone(),
            opt,
            x,
            t,
            y: None,
            spec: spec.clone(),
        }
    }

    fn run(&self, x: &Tensor) -> Tensor {
        let mut a = x.clone();
        for ((_, _, l), act) in self.layers.iter().zip(&self.acts) {
            let z = l.forward(&a).unwrap();
            a = match act {
                Act::Sigmoid => candle_nn::ops::sigmoid(&z).unwrap(),
                Act::Tanh => z.tanh().unwrap(),
                Act::Relu => z.relu().unwrap(),
                Act::Identity => z,
            };
        }
        a
    }
}

impl Side for CandleSide {
    fn name(&self) -> &'static str {
        "candle"
    }

    fn forward(&mut self) {
        self.y = Some(self.run(black_box(&self.x)));
        black_box(&self.y);
    }

    fn output(&mut self) -> Vec<f32> {
        let y = self.y.as_ref().unwrap();
        y.flatten_all().unwrap().to_vec1().unwrap()
    }

    fn train(&mut self) -> f32 {
        let y = self.run(black_box(&self.x));
        let loss = candle_nn::loss::mse(&y, &self.t).unwrap();
        let value: f32 = loss.to_scalar().unwrap();
        self.opt.backward_step(&loss).unwrap();
        self.spec.loss_from_mse(value)
    }

    fn params(&mut self) -> Vec<f32> {
        let mut out = Vec::new();
        for (w, b, _) in &self.layers {
            out.extend(
                w.as_tensor()
                    .flatten_all()
                    .unwrap()
                    .to_vec1::<f32>()
                    .unwrap(),
            );
            out.extend(b.as_tensor().to_vec1::<f32>().unwrap());
        }
        out
    }
}
