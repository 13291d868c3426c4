//! 12 — Bring a PyTorch model: an `nn.Sequential` MLP trained in PyTorch, loaded from its
//! safetensors file at run time and baked in at compile time, gives PyTorch's outputs.
//!
//! The model is `nn.Sequential(Linear(4, 8), ReLU(), Linear(8, 8), Tanh(), Linear(8, 3))`,
//! trained and saved by `tools/reference/pytorch_safetensors.py` (torch 2.15.0) to
//! `tests/data/pytorch/seq_mlp_f32.safetensors`, with PyTorch's outputs for 8 inputs beside it.
//! In a `nn.Sequential` the activations take indices too, so the three Linear layers are
//! `0`, `2` and `4`: `LoadOptions::new().sequential(&[0, 2, 4])` maps them onto typenet's
//! `layer1`, `layer2`, `layer3`. The program prints typenet's and PyTorch's outputs side by side
//! and exits 1 if any differs by more than 1e-5 relative + 1e-6 absolute. It then writes the
//! network back as `target/12-from-pytorch.safetensors`, with PyTorch's names and shapes.
//!
//! Run with `cargo run --example 12-from-pytorch --features safetensors`.

use typenet::prelude::*;
use typenet::safetensors::{LoadOptions, load, save};

network! {
    /// PyTorch's `nn.Sequential(Linear(4, 8), ReLU(), Linear(8, 8), Tanh(), Linear(8, 3))`.
    pub struct Mlp: 4 => Dense(8, ReLU) => Dense(8, Tanh) => Dense(3)
}

network! {
    /// PyTorch's module `fc1 = Linear(3, 5)`, Sigmoid, `fc2 = Linear(5, 2)`, its trained
    /// weights read by the macro while compiling.
    #[weights = "tests/data/pytorch/named_f32.safetensors"]
    pub struct Named: 3 => fc1: Dense(5, Sigmoid) => fc2: Dense(2)
}

/// The baked network: no file is read and nothing is computed when the program starts.
static BAKED: Named<f32> = Named::<f32>::TRAINED;

const BAKED_EXPECTED: &str = "tests/data/pytorch/named_f32.expected.safetensors";

const MODEL: &str = "tests/data/pytorch/seq_mlp_f32.safetensors";
const EXPECTED: &str = "tests/data/pytorch/seq_mlp_f32.expected.safetensors";

/// The `f32` values of a tensor in a file of the `safetensors` crate.
fn values(file: &safetensors::SafeTensors<'_>, name: &str) -> Vec<f32> {
    let t = file.tensor(name).expect("tensor in the reference file");
    t.data()
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let opts = LoadOptions::new().sequential(&[0, 2, 4]);
    let net: Mlp<f32> = load(MODEL, &opts)?;
    println!("loaded {MODEL}: {} parameters", Mlp::<f32>::PARAMS);

    let bytes = std::fs::read(EXPECTED)?;
    let expected = safetensors::SafeTensors::deserialize(&bytes)?;
    let (xs, ys) = (values(&expected, "inputs"), values(&expected, "outputs"));
    let mut worst = 0.0f32;
    let mut ok = true;
    for (x, y) in xs.chunks(4).zip(ys.chunks(3)) {
        let out = net.forward(&Vector4::from_column_slice(x));
        println!(
            "x = {x:>9.4?}\n  typenet {:>9.5?}\n  PyTorch {y:>9.5?}",
            out.as_slice()
        );
        for (&got, &want) in out.iter().zip(y) {
            worst = worst.max((got - want).abs());
            ok &= (got - want).abs() <= 1e-6 + 1e-5 * want.abs();
        }
    }
    println!("largest difference: {worst:e}");

    let bytes = std::fs::read(BAKED_EXPECTED)?;
    let expected = safetensors::SafeTensors::deserialize(&bytes)?;
    let (xs, ys) = (values(&expected, "inputs"), values(&expected, "outputs"));
    let mut baked_worst = 0.0f32;
    for (x, y) in xs.chunks(3).zip(ys.chunks(2)) {
        let out = BAKED.forward(&Vector3::from_column_slice(x));
        for (&got, &want) in out.iter().zip(y) {
            baked_worst = baked_worst.max((got - want).abs());
            ok &= (got - want).abs() <= 1e-6 + 1e-5 * want.abs();
        }
    }
    println!(
        "baked at compile time ({BAKED_EXPECTED}): {} inputs, largest difference from PyTorch {baked_worst:e}",
        xs.len() / 3
    );

    std::fs::create_dir_all("target")?;
    save("target/12-from-pytorch.safetensors", &net, &opts)?;
    println!("wrote target/12-from-pytorch.safetensors (0.weight … 4.bias, PyTorch's shapes)");
    if !ok {
        eprintln!("FAIL: an output differs from PyTorch's by more than 1e-5 relative + 1e-6");
        std::process::exit(1);
    }
    Ok(())
}
