//! A 784 → 128 → 10 network (101,770 parameters): built on the heap, run and trained on a test
//! thread's stack without overflowing it.

use rand_pcg::Pcg64;
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;

network! {
    /// MNIST-sized classifier.
    pub struct Mnist: 784 => Dense(128, ReLU) => Dense(10, Softmax); loss = CrossEntropy
}

fn sample<T: Scalar>(k: usize) -> (Box<SVector<T, 784>>, SVector<T, 10>) {
    let mut x = Box::new(SVector::<T, 784>::zeros());
    for (i, v) in x.iter_mut().enumerate() {
        *v = T::lit(((i * 7 + k * 13) % 17) as f64 / 17.0);
    }
    let mut t = SVector::<T, 10>::zeros();
    t[k % 10] = T::one();
    (x, t)
}

fn train_a_little<T: Scalar>() {
    assert_eq!(Mnist::<T>::PARAMS, 784 * 128 + 128 + 128 * 10 + 10);
    let mut net = Mnist::<T>::boxed_zeros();
    net.init(&mut Pcg64::seed_from_u64(5));
    let mut grads = MnistGradients::<T>::boxed_zeros();
    let (x, t) = sample::<T>(3);
    let before = net.loss(&x, &t);
    for _ in 0..20 {
        grads.as_mut_slice().fill(T::zero());
        let loss = net.backward_into(&x, &t, &mut grads);
        assert!(loss.is_finite());
        net.sgd_step(&grads, T::lit(0.01)).unwrap();
    }
    let after = net.loss(&x, &t);
    assert!(after < before, "loss did not fall: {before:?} → {after:?}");
    let y = net.forward(&x);
    assert!((y.sum() - T::one()).abs() < T::lit(1e-5));
}

#[test]
fn large_network_f32() {
    train_a_little::<f32>();
}

#[test]
fn large_network_f64() {
    train_a_little::<f64>();
}

#[test]
fn boxed_construction_from_a_slice_checks_the_length() {
    let values = vec![0.5f32; Mnist::<f32>::PARAMS];
    let net = Mnist::<f32>::boxed_from_slice(&values).unwrap();
    assert_eq!(net.layer2.bias[9], 0.5);
    let err = Mnist::<f32>::boxed_from_slice(&values[1..]).unwrap_err();
    assert_eq!(err.expected, 101_770);
    assert_eq!(err.found, 101_769);
    assert_eq!(err.to_string(), "expected 101770 parameters, found 101769");
}

/// The bits of a value (through `f64`, which holds every `f32` exactly).
fn bits<T: Scalar>(v: T) -> u64 {
    v.to_f64().to_bits()
}

/// The large layers' rank-one kernels (AVX2 at run time where the CPU has it) compute exactly
/// the scalar expressions: ∂E/∂w_ij = 0 + x_i·∂E/∂z_j (accumulated into zeros; the bias
/// gradient is ∂E/∂z), and `train_step` equals `backward` followed by `sgd_step` bit for bit,
/// the ReLU neurons that are off (whose weights the step skips) included: no weight here is −0.
fn rank_one_kernels_are_exact<T: Scalar>() {
    let mut net = Mnist::<T>::boxed_zeros();
    net.init(&mut Pcg64::seed_from_u64(11));
    let mut twin = Mnist::<T>::boxed_from_slice(net.params()).unwrap();
    let lr = T::lit(0.05);
    let mut inactive = 0;
    for k in 0..6 {
        let (x, t) = sample::<T>(k);
        let mut grads = MnistGradients::<T>::boxed_zeros();
        let loss = net.backward_into(&x, &t, &mut grads);
        inactive += (0..128)
            .filter(|&j| grads.layer1.bias[j] == T::zero())
            .count();
        for j in 0..128 {
            let d = grads.layer1.bias[j];
            for i in 0..784 {
                assert_eq!(
                    bits(grads.layer1.weight[(i, j)]),
                    bits(T::zero() + x[i] * d)
                );
            }
        }
        let h = net.forward_trace(&x).layer1.a;
        for j in 0..10 {
            let d = grads.layer2.bias[j];
            for i in 0..128 {
                assert_eq!(
                    bits(grads.layer2.weight[(i, j)]),
                    bits(T::zero() + h[i] * d)
                );
            }
        }
        net.sgd_step(&grads, lr).unwrap();
        let twin_loss = twin.train_step(&x, &t, lr).unwrap();
        assert_eq!(bits(loss), bits(twin_loss));
        let same = net
            .params()
            .iter()
            .zip(twin.params())
            .all(|(a, b)| bits(*a) == bits(*b));
        assert!(
            same,
            "train_step and backward + sgd_step differ at step {k}"
        );
    }
    // The step skipped neurons (∂E/∂z = 0), so that path was compared too.
    assert!(inactive > 0);
}

#[test]
fn rank_one_kernels_are_exact_f32() {
    rank_one_kernels_are_exact::<f32>();
}

#[test]
fn rank_one_kernels_are_exact_f64() {
    rank_one_kernels_are_exact::<f64>();
}

network! {
    /// Issue 15's large network: 784 → 128 → 10, MSE.
    pub struct MnistMse: 784 => Dense(128, ReLU) => Dense(10); loss = MSE
}

/// A network and its input, both on the heap.
fn mse_setup() -> (Box<MnistMse<f64>>, Box<SVector<f64, 784>>, SVector<f64, 10>) {
    let mut net = MnistMse::<f64>::boxed_zeros();
    net.init(&mut Pcg64::seed_from_u64(21));
    let (x, t) = sample::<f64>(4);
    (net, x, t)
}

/// Writes the network's weight file, loads it back boxed, and takes its gradient boxed: each
/// step in its own function, so a debug build's frames do not add up (a debug frame holds every
/// local of its function at once).
fn load_and_backward_boxed(path: &std::path::Path) {
    let (net, x, t) = mse_setup();
    typenet::export::save_weights(path, &*net).unwrap();
    let loaded: Box<MnistMse<f64>> = typenet::export::load_weights_boxed(path).unwrap();
    assert!(loaded.params() == net.params());
    let (loss, grads) = loaded.backward_boxed(&x, &t);
    let mut again = MnistMseGradients::<f64>::boxed_zeros();
    assert_eq!(loaded.backward_into(&x, &t, &mut again), loss);
    assert!(loss.is_finite() && loss > 0.0);
    assert!(grads.as_slice() == again.as_slice());
    assert!(grads.as_slice().iter().any(|g| *g != 0.0));
}

/// Issue 15: a 784-128-10 network (814 kB in `f64`) is loaded from its weight file and
/// differentiated on a 2 MiB thread in a debug build. Before `read_weights_boxed` and
/// `backward_boxed`, `read_weights` (the network on the stack) and `backward` (the gradients
/// returned by value, copied three times in a debug build: 2.4 MiB) overflowed such a thread.
#[test]
fn a_large_network_loads_and_backpropagates_boxed_on_a_2_mib_thread() {
    let dir = std::env::temp_dir().join(format!("typenet-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("mnist.weights");
    let p = path.clone();
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || load_and_backward_boxed(&p))
        .unwrap()
        .join()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}
