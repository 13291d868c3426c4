//! Batched inference and minibatch training (issue 7): a batch of 64 samples through
//! 784 → 128 ReLU → 10, in one run, against
//! - `plain loops`: straight-loop Rust over the batch, sample by sample, with the loops in the
//!   order the compiler vectorises (along neurons), what one writes without a library;
//! - `per-sample generated`: the `network!` type's one-sample `forward` / `backward_into` called
//!   once per sample (the minibatch path of `Trainer::run`);
//! - `matrixmultiply`: the same forward pass through the `matrixmultiply` crate's `sgemm` /
//!   `dgemm` (the general-purpose kernel nalgebra uses for large dynamic products; it allocates
//!   its packing buffers on every call).
//!
//! The training step is forward + backward + SGD update on the mean gradient of the batch
//! (MSE loss). All implementations start from the same weights and are checked to agree. The
//! training group times the batched forward pass once more, in its own rounds, so that the
//! step / forward ratio compares two numbers measured under the same load and clock.
//!
//! Run: `cargo bench --bench batch` (`TYPENET_ROUNDS=<n>`, default 31). The implementations take
//! turns, round after round, and each keeps its fastest round (and the median is printed): a
//! burst of load from elsewhere slows all of them alike. Results are in `BENCHMARKS.md`.

#![allow(clippy::needless_range_loop)]

use std::hint::black_box;
use std::time::Instant;

use rand_pcg::Pcg64;
use typenet::nalgebra::{Const, Dyn, OMatrix, SVector};
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;

network! {
    /// 784-128-10.
    pub struct Mnist: 784 => Dense(128, ReLU) => Dense(10); loss = MSE
}

const IN: usize = 784;
const HID: usize = 128;
const OUT: usize = 10;
const BATCH: usize = 64;

/// The straight-loop implementation, with the weights stored input-major (row i holds input
/// i's weight to every neuron) so the inner loops run along neurons, contiguous, and the
/// compiler vectorises them (a dot product per neuron instead would be a sequential float
/// reduction, about 20× slower here).
struct Plain<T> {
    w1: Vec<T>, // IN × HID
    b1: Vec<T>,
    w2: Vec<T>, // HID × OUT
    b2: Vec<T>,
    // Buffers, made once.
    a1: Vec<T>, // BATCH × HID
    y: Vec<T>,  // BATCH × OUT
    g_w1: Vec<T>,
    g_b1: Vec<T>,
    g_w2: Vec<T>,
    g_b2: Vec<T>,
}

macro_rules! plain_impl {
    ($t:ty) => {
        impl Plain<$t> {
            fn from_net(net: &Mnist<$t>) -> Self {
                // The generated weight (in × out, column-major) holds neuron j's weights
                // contiguously; transpose to input-major.
                let w1 = (0..IN * HID)
                    .map(|n| net.layer1.weight[(n / HID, n % HID)])
                    .collect();
                let w2 = (0..HID * OUT)
                    .map(|n| net.layer2.weight[(n / OUT, n % OUT)])
                    .collect();
                Plain {
                    w1,
                    b1: net.layer1.bias.as_slice().to_vec(),
                    w2,
                    b2: net.layer2.bias.as_slice().to_vec(),
                    a1: vec![0.0; BATCH * HID],
                    y: vec![0.0; BATCH * OUT],
                    g_w1: vec![0.0; HID * IN],
                    g_b1: vec![0.0; HID],
                    g_w2: vec![0.0; OUT * HID],
                    g_b2: vec![0.0; OUT],
                }
            }

            /// `x`: BATCH samples of IN values each.
            fn forward(&mut self, x: &[$t]) {
                for s in 0..BATCH {
                    let xs = &x[s * IN..(s + 1) * IN];
                    let a1 = &mut self.a1[s * HID..(s + 1) * HID];
                    a1.copy_from_slice(&self.b1);
                    for i in 0..IN {
                        let (xi, w) = (xs[i], &self.w1[i * HID..(i + 1) * HID]);
                        for j in 0..HID {
                            a1[j] += w[j] * xi;
                        }
                    }
                    for v in a1.iter_mut() {
                        *v = v.max(0.0);
                    }
                    let y = &mut self.y[s * OUT..(s + 1) * OUT];
                    y.copy_from_slice(&self.b2);
                    for j in 0..HID {
                        let (aj, w) = (a1[j], &self.w2[j * OUT..(j + 1) * OUT]);
                        for k in 0..OUT {
                            y[k] += w[k] * aj;
                        }
                    }
                }
            }

            /// Forward, backward (MSE), and SGD on the mean gradient; returns the mean loss.
            fn train_step(&mut self, x: &[$t], t: &[$t], lr: $t) -> $t {
                self.forward(x);
                self.g_w1.fill(0.0);
                self.g_b1.fill(0.0);
                self.g_w2.fill(0.0);
                self.g_b2.fill(0.0);
                let mut loss = 0.0;
                let mut d1 = [0.0; HID];
                for s in 0..BATCH {
                    let mut d2 = [0.0; OUT];
                    for k in 0..OUT {
                        let r = self.y[s * OUT + k] - t[s * OUT + k];
                        loss += 0.5 * r * r;
                        d2[k] = r;
                        self.g_b2[k] += r;
                    }
                    let a1 = &self.a1[s * HID..(s + 1) * HID];
                    for j in 0..HID {
                        let (g, w) = (
                            &mut self.g_w2[j * OUT..(j + 1) * OUT],
                            &self.w2[j * OUT..(j + 1) * OUT],
                        );
                        let mut d = 0.0;
                        for k in 0..OUT {
                            g[k] += a1[j] * d2[k];
                            d += w[k] * d2[k];
                        }
                        d1[j] = if a1[j] > 0.0 { d } else { 0.0 };
                        self.g_b1[j] += d1[j];
                    }
                    let xs = &x[s * IN..(s + 1) * IN];
                    for i in 0..IN {
                        let (xi, g) = (xs[i], &mut self.g_w1[i * HID..(i + 1) * HID]);
                        for j in 0..HID {
                            g[j] += xi * d1[j];
                        }
                    }
                }
                let step = lr / BATCH as $t;
                for (p, g) in [
                    (&mut self.w1, &self.g_w1),
                    (&mut self.b1, &self.g_b1),
                    (&mut self.w2, &self.g_w2),
                    (&mut self.b2, &self.g_b2),
                ] {
                    for (p, g) in p.iter_mut().zip(g.iter()) {
                        *p -= step * *g;
                    }
                }
                loss / BATCH as $t
            }
        }
    };
}
plain_impl!(f32);
plain_impl!(f64);

/// The forward pass through `matrixmultiply`'s general gemm: Z = Wᵀ·X, then bias and ReLU.
macro_rules! mm_forward {
    ($name:ident, $t:ty, $gemm:path) => {
        fn $name(net: &Mnist<$t>, x: &[$t], a1: &mut [$t], y: &mut [$t]) {
            // SAFETY: W1 is IN × HID column-major, X is IN × BATCH, A1 is HID × BATCH; the
            // strides below describe exactly those blocks.
            unsafe {
                $gemm(
                    HID,
                    IN,
                    BATCH,
                    1.0,
                    net.layer1.weight.as_ptr(),
                    IN as isize,
                    1,
                    x.as_ptr(),
                    1,
                    IN as isize,
                    0.0,
                    a1.as_mut_ptr(),
                    1,
                    HID as isize,
                );
            }
            for s in 0..BATCH {
                for j in 0..HID {
                    let v = &mut a1[s * HID + j];
                    *v = (*v + net.layer1.bias[j]).max(0.0);
                }
            }
            // SAFETY: as above for W2 (HID × OUT), A1 and Y (OUT × BATCH).
            unsafe {
                $gemm(
                    OUT,
                    HID,
                    BATCH,
                    1.0,
                    net.layer2.weight.as_ptr(),
                    HID as isize,
                    1,
                    a1.as_ptr(),
                    1,
                    HID as isize,
                    0.0,
                    y.as_mut_ptr(),
                    1,
                    OUT as isize,
                );
            }
            for s in 0..BATCH {
                for k in 0..OUT {
                    y[s * OUT + k] += net.layer2.bias[k];
                }
            }
        }
    };
}
mm_forward!(mm_forward_f32, f32, matrixmultiply::sgemm);
mm_forward!(mm_forward_f64, f64, matrixmultiply::dgemm);

/// Times the closures in turns; prints min and median µs per call of each.
fn interleaved(title: &str, rounds: usize, impls: &mut [(&str, &mut dyn FnMut())]) -> Vec<f64> {
    for (_, f) in impls.iter_mut() {
        f(); // warm up
    }
    let mut times = vec![Vec::with_capacity(rounds); impls.len()];
    for _ in 0..rounds {
        for (k, (_, f)) in impls.iter_mut().enumerate() {
            let t = Instant::now();
            for _ in 0..4 {
                f();
            }
            times[k].push(t.elapsed().as_secs_f64() * 1e6 / 4.0);
        }
    }
    println!("\n{title}");
    println!("| implementation | min µs | median µs |");
    println!("|---|---:|---:|");
    let mut mins = Vec::new();
    for ((name, _), t) in impls.iter().zip(&mut times) {
        t.sort_by(f64::total_cmp);
        println!("| {name} | {:.1} | {:.1} |", t[0], t[t.len() / 2]);
        mins.push(t[0]);
    }
    mins
}

macro_rules! suite {
    ($fn_name:ident, $t:ty, $mm:ident) => {
        fn $fn_name(rounds: usize) {
            let mut rng = Pcg64::seed_from_u64(7);
            let mut net: Box<Mnist<$t>> = Mnist::<$t>::boxed_zeros();
            net.init(&mut rng);
            // Inputs in [0, 1) like pixels, one-hot-ish targets.
            let x = OMatrix::<$t, Const<IN>, Dyn>::from_fn_generic(Const, Dyn(BATCH), |i, s| {
                ((i * 31 + s * 17) % 97) as $t / 97.0
            });
            let t = OMatrix::<$t, Const<OUT>, Dyn>::from_fn_generic(Const, Dyn(BATCH), |k, s| {
                if k == s % OUT { 1.0 } else { 0.0 }
            });
            let lr: $t = 1e-3;

            // Agreement first: outputs and one training step.
            let mut scratch = vec![0.0; Mnist::<$t>::batch_scratch_len(BATCH)];
            let mut y = OMatrix::<$t, Const<OUT>, Dyn>::zeros_generic(Const, Dyn(BATCH));
            net.forward_batch(&x, &mut y, &mut scratch).unwrap();
            let mut plain = Plain::<$t>::from_net(&net);
            plain.forward(x.as_slice());
            let (mut a1_mm, mut y_mm) = (vec![0.0; HID * BATCH], vec![0.0; OUT * BATCH]);
            $mm(&net, x.as_slice(), &mut a1_mm, &mut y_mm);
            for s in 0..BATCH {
                let xs: SVector<$t, IN> = x.column(s).into_owned();
                let ys = net.forward(&xs);
                for k in 0..OUT {
                    let r = ys[k];
                    for (what, v) in [("batched", y[(k, s)]), ("plain", plain.y[s * OUT + k]), ("matrixmultiply", y_mm[s * OUT + k])] {
                        assert!((v - r).abs() <= 1e-3 * (1.0 + r.abs()), "{what}: {v} vs {r}");
                    }
                }
            }
            let mut grads: Box<MnistGradients<$t>> = MnistGradients::<$t>::boxed_zeros();
            let mut stepped = net.clone();
            let l_batch = stepped.train_step_batch(&x, &t, lr, &mut grads, &mut scratch).unwrap();
            let l_plain = plain.train_step(x.as_slice(), t.as_slice(), lr);
            assert!((l_batch - l_plain).abs() <= 1e-3 * l_plain.abs(), "{l_batch} vs {l_plain}");
            for (n, b) in plain.w1.iter().enumerate() {
                let a = stepped.layer1.weight[(n / HID, n % HID)];
                assert!((a - b).abs() <= 1e-4, "{a} vs {b}");
            }
            drop(stepped);

            let samples: Vec<(SVector<$t, IN>, SVector<$t, OUT>)> = (0..BATCH)
                .map(|s| (x.column(s).into_owned(), t.column(s).into_owned()))
                .collect();
            let mut net_b = net.clone();
            let mut net_s = net.clone();
            let mut plain_t = Plain::<$t>::from_net(&net);
            let mut grads_s: Box<MnistGradients<$t>> = MnistGradients::<$t>::boxed_zeros();
            let mut grads2: Box<MnistGradients<$t>> = MnistGradients::<$t>::boxed_zeros();
            let mut scratch2 = scratch.clone();
            let mut scratch3 = scratch.clone();
            let mut y3 = y.clone();
            let mut net_u = net.clone();
            let grads3: Box<MnistGradients<$t>> = MnistGradients::<$t>::boxed_zeros();
            let name = stringify!($t);
            let forward = interleaved(
                &format!("forward, {name}, batch of {BATCH}, 784-128-10 ReLU"),
                rounds,
                &mut [
                    ("typenet forward_batch", &mut || {
                        net.forward_batch(black_box(&x), &mut y, &mut scratch).unwrap();
                        black_box(&y);
                    }),
                    ("plain loops", &mut || {
                        plain.forward(black_box(x.as_slice()));
                        black_box(&plain.y);
                    }),
                    ("per-sample generated forward", &mut || {
                        for (xs, _) in &samples {
                            black_box(net.forward(black_box(xs)));
                        }
                    }),
                    ("matrixmultiply gemm", &mut || {
                        $mm(&net, black_box(x.as_slice()), &mut a1_mm, &mut y_mm);
                        black_box(&y_mm);
                    }),
                ],
            );
            let train = interleaved(
                &format!("training step (forward + backward + SGD on the mean), {name}, batch of {BATCH}"),
                rounds,
                &mut [
                    ("typenet train_step_batch", &mut || {
                        black_box(net_b.train_step_batch(black_box(&x), &t, lr, &mut grads, &mut scratch).unwrap());
                    }),
                    ("  of which typenet gradient_batch (forward + backward)", &mut || {
                        black_box(net.gradient_batch(black_box(&x), &t, &mut grads2, &mut scratch2).unwrap());
                    }),
                    ("  of which SGD update (sgd_update on every parameter)", &mut || {
                        black_box(typenet::network::sgd_update(net_u.params_mut(), grads3.as_slice(), 0.0)).unwrap();
                    }),
                    ("plain loops", &mut || {
                        black_box(plain_t.train_step(black_box(x.as_slice()), t.as_slice(), lr));
                    }),
                    // The forward pass again, in the same rounds as the training step: their
                    // ratio is then measured under the same load and clock.
                    ("typenet forward_batch (same rounds)", &mut || {
                        net.forward_batch(black_box(&x), &mut y3, &mut scratch3).unwrap();
                        black_box(&y3);
                    }),
                    ("per-sample generated backward_into", &mut || {
                        grads_s.as_mut_slice().fill(0.0);
                        let mut loss = 0.0;
                        for (xs, ts) in &samples {
                            loss += net_s.backward_into(black_box(xs), ts, &mut grads_s);
                        }
                        for g in grads_s.as_mut_slice() {
                            *g /= BATCH as $t;
                        }
                        net_s.sgd_step(&grads_s, lr).unwrap();
                        black_box(loss);
                    }),
                ],
            );
            println!(
                "\n{name}: batched forward {:.1} µs ({:.2}× plain loops, {:.2}× per-sample, {:.2}× matrixmultiply); \
                 batched train step {:.1} µs = {:.2}× the batched forward of the same rounds ({:.2}× plain loops, {:.2}× per-sample)",
                forward[0],
                forward[0] / forward[1],
                forward[0] / forward[2],
                forward[0] / forward[3],
                train[0],
                train[0] / train[4],
                train[0] / train[3],
                train[0] / train[5],
            );
        }
    };
}
suite!(suite_f32, f32, mm_forward_f32);
suite!(suite_f64, f64, mm_forward_f64);

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing: skip the
    // measurement then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let rounds = std::env::var("TYPENET_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(31);
    suite_f32(rounds);
    suite_f64(rounds);
}
