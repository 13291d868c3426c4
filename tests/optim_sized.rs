//! The network sizes its optimizer's state (issue 18): `for_network` (arrays, no heap) and
//! `boxed_for` (the same arrays on the heap) for every optimizer, and a state of the wrong
//! network named as such when it is stepped.

use typenet::optim::*;
use typenet::prelude::*;

network! {
    /// 9 parameters.
    pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
    /// 13 parameters.
    pub struct Wider: 2 => Dense(3, Sigmoid) => Dense(1, Sigmoid); loss = MSE
}

/// Every optimizer, built both ways from the network; the state's type is `[f64; 9]` and
/// `Box<[f64; 9]>`, checked by the annotations, and each steps the network.
#[test]
fn every_optimizer_is_sized_by_the_network() {
    let net = Xor::<f64>::zeros();
    let grads = [0.5; 9];
    macro_rules! both {
        ($($opt:ident),+) => {$({
            let mut a: $opt<f64, [f64; 9]> = $opt::for_network(&net, Default::default()).unwrap();
            let mut b: $opt<f64, Box<[f64; 9]>> = $opt::boxed_for(&net, Default::default()).unwrap();
            let c: $opt<f64, StateOf<Xor<f64>>> = $opt::for_network(&net, Default::default()).unwrap();
            assert_eq!((a.num_params(), b.num_params(), c.num_params()), (9, 9, 9));
            let (mut p, mut q) = (net.clone(), net.clone());
            a.step(p.params_mut(), &grads).unwrap();
            b.step(q.params_mut(), &grads).unwrap();
            assert_eq!(p, q, stringify!($opt));
            assert_ne!(p, net, stringify!($opt));
        })+};
    }
    both!(
        Sgd, Adagrad, RmsProp, Adadelta, Adam, AdamW, Adamax, NAdam, RAdam, Rprop
    );
}

/// Stepping another network with an optimizer sized for `Xor` is an error naming both sizes.
#[test]
fn a_state_for_another_network_names_both_sizes() {
    let xor = Xor::<f32>::zeros();
    let mut opt = Adam::for_network(&xor, AdamConfig::default()).unwrap();
    let mut wider = Wider::<f32>::zeros();
    let grads = WiderGradients::<f32>::zeros();
    let err = opt.step(wider.params_mut(), grads.as_slice()).unwrap_err();
    assert_eq!(
        err,
        StepError::StateLength(StateLengthError {
            state: 9,
            params: 13,
            grads: 13
        })
    );
    assert_eq!(
        err.to_string(),
        "optimizer step refused: the optimizer state holds 9 parameters, the network has 13"
    );
    assert_eq!(opt.steps(), 0);
}

/// An invalid configuration is still refused by the network-sized constructors.
#[test]
fn for_network_checks_the_config() {
    let net = Xor::<f64>::zeros();
    let config = AdamConfig {
        lr: -1.0,
        ..Default::default()
    };
    assert_eq!(Adam::for_network(&net, config).unwrap_err().param, "lr");
    assert_eq!(Adam::boxed_for(&net, config).unwrap_err().param, "lr");
}
