//! 08 — XOR, completed: the learned decision boundary of the seed's XOR network beside the
//! single-layer network's, the picture the lecture's closing slide implies.
//!
//! Trains `2 → Dense(2, Sigmoid) → Dense(1, Sigmoid)` (the network of 01) and the single layer
//! `2 → Dense(1, Sigmoid)` the same way: MSE, the seed's per-sample gradient descent (lr 1, through
//! the [`Trainer`] in [`Mode::PerSample`]), 5000 epochs, seeded starts. Prints both truth tables
//! and draws both outputs over [−0.5, 1.5]² into `target/08-xor-boundary.png` (or the path given
//! as the first argument): colour bands of 0.1, blue below 0.5 and red above, so the decision
//! boundary y = 0.5 is where blue meets red; dashed, the lines w₁ⱼx₁ + w₂ⱼx₂ + bⱼ = 0 of the
//! hidden units (left) and of the single unit (right, its decision boundary).
//!
//! ```text
//! cargo run --release --example 08-xor-boundary [-- path/to/picture.png]
//! ```
//!
//! One sigmoid unit's boundary is a straight line, and no line puts (0, 1) and (1, 0) on one
//! side and (0, 0) and (1, 1) on the other, so at least one of the four points is always on the
//! wrong side. Least squares does not even aim for three: the single unit's lowest mean loss,
//! ½·0.5² = 0.125, is w = 0, b = 0, an output of 0.5 everywhere (a stationary point by the
//! symmetry of the four points; a grid search confirms it is the minimum). The cycle rule at a
//! fixed step keeps circling near it (mean loss about 0.14, outputs 0.43 to 0.53), so the single
//! layer's boundary is a line through an almost flat surface with two points on the wrong side.
//! The hidden layer's two units each draw a line, and the output unit keeps the band between
//! them: the XOR region.

use plotters::prelude::*;
use typenet::optim::{Sgd, SgdConfig};
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;
use typenet::rand_pcg::Pcg64;
use typenet::train::{Mode, Trainer};

network! {
    /// The seed's XOR network: one hidden layer of two sigmoid units.
    pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
    /// A single layer: one sigmoid unit, a straight decision boundary.
    pub struct Single: 2 => Dense(1, Sigmoid); loss = MSE
}

const EPOCHS: usize = 5000;
const LR: f64 = 1.0;
/// The drawn square, [−0.5, 1.5]².
const LO: f64 = -0.5;
const HI: f64 = 1.5;

fn data() -> [(Vector2<f64>, Vector1<f64>); 4] {
    [
        (Vector2::new(0.0, 0.0), Vector1::new(0.0)),
        (Vector2::new(0.0, 1.0), Vector1::new(1.0)),
        (Vector2::new(1.0, 0.0), Vector1::new(1.0)),
        (Vector2::new(1.0, 1.0), Vector1::new(0.0)),
    ]
}

/// Trains `net` with per-sample gradient descent; returns the last epoch's mean loss.
fn train<N>(net: &mut N) -> Result<f64, Box<dyn std::error::Error>>
where
    N: Trainable<f64, Input = Vector2<f64>, Target = Vector1<f64>>,
{
    let mut opt = Sgd::<f64, Vec<f64>>::with_len(SgdConfig::plain(LR), N::PARAMS)?;
    let history =
        Trainer::new(Mode::PerSample, EPOCHS)?.run_vec(net, &mut opt, &data(), |_, _| {})?;
    Ok(history[EPOCHS - 1])
}

/// Prints the truth table; returns how many of the four points are on the right side of 0.5.
fn truth_table<N>(name: &str, net: &N, loss: f64) -> usize
where
    N: Network<f64, Input = Vector2<f64>, Output = Vector1<f64>>,
{
    println!("{name}: mean loss E = {loss:.3e} after {EPOCHS} epochs");
    println!(" x1  x2 | target | output");
    let mut correct = 0;
    for (x, t) in &data() {
        let y = net.forward(x)[0];
        correct += usize::from((y >= 0.5) == (t[0] == 1.0));
        println!(" {:>2}  {:>2} | {:>6} | {y:.4}", x[0], x[1], t[0]);
    }
    println!("{correct}/4 on the right side of 0.5\n");
    correct
}

/// The colour of an output y: ten bands, blue (y < 0.5) to red (y ≥ 0.5), paler toward 0.5.
fn band(y: f64) -> RGBColor {
    let k = (y.clamp(0.0, 1.0) * 10.0).floor().min(9.0); // 0..=9
    // 0.2 for the two bands next to 0.5, 1 for the two outermost.
    let t = if k < 5.0 { 5.0 - k } else { k - 4.0 } / 5.0;
    let pale = |full: f64| (255.0 + t * (full - 255.0)).round() as u8;
    if k < 5.0 {
        RGBColor(pale(40.0), pale(100.0), pale(200.0))
    } else {
        RGBColor(pale(210.0), pale(50.0), pale(40.0))
    }
}

/// The ends of the part of the line a·x₁ + b·x₂ + c = 0 inside the drawn square (none if it
/// misses the square).
fn line_in_square(a: f64, b: f64, c: f64) -> Vec<(f64, f64)> {
    let (p, d) = if b.abs() > a.abs() {
        ((0.0, -c / b), (1.0, -a / b)) // x₂ = (−c − a·x₁)/b
    } else {
        ((-c / a, 0.0), (-b / a, 1.0)) // x₁ = (−c − b·x₂)/a
    };
    let inside = |v: f64| (LO..=HI).contains(&v);
    let points: Vec<(f64, f64)> = (0..=4000)
        .map(|i| LO - 2.0 + 4.0 * (HI - LO) * i as f64 / 4000.0)
        .map(|s| (p.0 + s * d.0, p.1 + s * d.1))
        .filter(|&(x, y)| inside(x) && inside(y))
        .collect();
    points
        .first()
        .zip(points.last())
        .map_or(vec![], |(&a, &b)| vec![a, b])
}

fn panel<N>(
    area: &DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>,
    title: &str,
    net: &N,
    lines: &[(f64, f64, f64)],
) -> Result<(), Box<dyn std::error::Error>>
where
    N: Network<f64, Input = Vector2<f64>, Output = Vector1<f64>>,
{
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 19))
        .margin(14)
        .x_label_area_size(34)
        .y_label_area_size(40)
        .build_cartesian_2d(LO..HI, LO..HI)?;
    // NOTE: `+ 0.0` turns the label −0.0 into 0.0.
    let label = |v: &f64| format!("{:.1}", (v * 10.0).round() / 10.0 + 0.0);
    chart
        .configure_mesh()
        .disable_mesh()
        .x_label_formatter(&label)
        .y_label_formatter(&label)
        .x_desc("x1")
        .y_desc("x2")
        .label_style(("sans-serif", 14))
        .draw()?;
    const CELLS: usize = 200;
    let step = (HI - LO) / CELLS as f64;
    chart.draw_series((0..CELLS * CELLS).map(|k| {
        let (x1, x2) = (
            LO + (k % CELLS) as f64 * step,
            LO + (k / CELLS) as f64 * step,
        );
        let y = net.forward(&Vector2::new(x1 + step / 2.0, x2 + step / 2.0))[0];
        Rectangle::new([(x1, x2), (x1 + step, x2 + step)], band(y).filled())
    }))?;
    for &(a, b, c) in lines {
        chart.draw_series(DashedLineSeries::new(
            line_in_square(a, b, c),
            10,
            6,
            BLACK.stroke_width(2),
        ))?;
    }
    for (x, t) in &data() {
        let (x1, x2) = (x[0], x[1]);
        let y = net.forward(x)[0];
        let fill = band(if t[0] == 1.0 { 1.0 } else { 0.0 });
        chart.draw_series([
            Circle::new((x1, x2), 11, fill.filled()),
            Circle::new((x1, x2), 11, BLACK.stroke_width(2)),
        ])?;
        chart.draw_series([Text::new(
            format!("{y:.2}"),
            (x1 + 0.07, x2 + 0.07),
            ("sans-serif", 17).into_font().color(&BLACK),
        )])?;
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/08-xor-boundary.png".to_owned());
    if let Some(dir) = std::path::Path::new(&path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)?;
    }
    // Seed 1: the start of example 01, one from which two hidden units find XOR.
    let mut xor = Xor::<f64>::random(&mut Pcg64::seed_from_u64(1));
    let mut single = Single::<f64>::random(&mut Pcg64::seed_from_u64(1));
    let xor_loss = train(&mut xor)?;
    let single_loss = train(&mut single)?;
    let xor_correct = truth_table("2 → Dense(2, Sigmoid) → Dense(1, Sigmoid)", &xor, xor_loss);
    let single_correct = truth_table("2 → Dense(1, Sigmoid)", &single, single_loss);

    plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular())
        .map_err(|_| "the embedded font did not load")?;
    let root = BitMapBackend::new(&path, (1000, 540)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(
        "XOR: the output over the plane (blue < 0.5 ≤ red, bands of 0.1), circles: targets",
        ("sans-serif", 22),
    )?;
    let (left, right) = root.split_horizontally(500);
    let hidden: Vec<(f64, f64, f64)> = (0..2)
        .map(|j| {
            let w = &xor.layer1.weight;
            (w[(0, j)], w[(1, j)], xor.layer1.bias[j])
        })
        .collect();
    panel(
        &left,
        &format!("one hidden layer: {xor_correct}/4 (dashed: hidden units)"),
        &xor,
        &hidden,
    )?;
    let boundary = [(
        single.layer1.weight[(0, 0)],
        single.layer1.weight[(1, 0)],
        single.layer1.bias[0],
    )];
    panel(
        &right,
        &format!("single layer: {single_correct}/4 (dashed: its line)"),
        &single,
        &boundary,
    )?;
    root.present()?;
    println!("drew both decision boundaries into {path}");
    if xor_correct != 4 || single_correct > 3 {
        return Err("expected 4/4 with the hidden layer and at most 3/4 without".into());
    }
    Ok(())
}
