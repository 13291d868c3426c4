//! The seed's optimizer chart, side by side: the same XOR network (2-2-1, sigmoid, MSE) from
//! the same start, trained with every optimizer typenet has, through the training loop.
//!
//! Prints the mean loss of every optimizer at a few epochs, side by side, and draws the loss
//! curves (log scale) into `target/03-optimizers.png` (or the path given as the first
//! argument).
//!
//! ```text
//! cargo run --release --example 03-optimizers
//! ```
//!
//! Rprop drives the loss to ~1e-32 (its steps grow to 50 and saturate the sigmoids); the
//! picture clips at 1e-6.
//!
//! Learning rates are chosen per optimizer (the chart's methods differ in what a step means:
//! Adam's steps are ~lr per parameter, SGD's are lr·gradient), as one would tune them; every
//! other hyperparameter is PyTorch's default. The full batch is used except for the two
//! stochastic rows (minibatches of 2, and the seed's per-sample cycle rule) and AdaDelta.

use plotters::prelude::*;
use typenet::ConfigError;
use typenet::optim::*;
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;
use typenet::rand_pcg::Pcg64;
use typenet::train::{Mode, Trainer, mean_loss};

network! {
    /// The seed's XOR network.
    pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
}

type Net = Xor<f64>;
/// Optimizer state sized for this network: no heap.
type State = StateOf<Net>;

const EPOCHS: usize = 3000;

fn data() -> [(Vector2<f64>, Vector1<f64>); 4] {
    [
        (Vector2::new(0.0, 0.0), Vector1::new(0.0)),
        (Vector2::new(0.0, 1.0), Vector1::new(1.0)),
        (Vector2::new(1.0, 0.0), Vector1::new(1.0)),
        (Vector2::new(1.0, 1.0), Vector1::new(0.0)),
    ]
}

/// Every weight and bias from U(−1, 1), seed 2: a start from which all of them solve XOR (two
/// hidden sigmoid units have local minima that other starts fall into).
fn start() -> Net {
    let mut values = [0.0; Net::PARAMS];
    typenet::init::fill_uniform(&mut values, 1.0, &mut Pcg64::seed_from_u64(2));
    Net::from_params(&values).expect("PARAMS values")
}

/// One row of the chart: name, optimizer, batching.
type Row = (&'static str, Box<dyn Optimizer<f64>>, Mode);

/// The chart.
fn chart() -> Result<Vec<Row>, ConfigError> {
    Ok(vec![
        (
            "GD",
            Box::new(Sgd::<f64, State>::new(SgdConfig::plain(2.0))?),
            Mode::FullBatch,
        ),
        (
            "SGD mb=2",
            Box::new(Sgd::<f64, State>::new(SgdConfig::plain(2.0))?),
            Mode::MiniBatch(2),
        ),
        (
            "SGD cycle",
            Box::new(Sgd::<f64, State>::new(SgdConfig::plain(1.0))?),
            Mode::PerSample,
        ),
        (
            "Momentum",
            Box::new(Sgd::<f64, State>::new(SgdConfig::momentum(0.5, 0.9))?),
            Mode::FullBatch,
        ),
        (
            "NAG",
            Box::new(Sgd::<f64, State>::new(SgdConfig::nesterov(0.5, 0.9))?),
            Mode::FullBatch,
        ),
        (
            "Adagrad",
            Box::new(Adagrad::<f64, State>::new(AdagradConfig {
                lr: 0.5,
                ..Default::default()
            })?),
            Mode::FullBatch,
        ),
        (
            "RMSProp",
            Box::new(RmsProp::<f64, State>::new(RmsPropConfig {
                lr: 0.01,
                ..Default::default()
            })?),
            Mode::FullBatch,
        ),
        (
            "AdaDelta",
            Box::new(Adadelta::<f64, State>::new(AdadeltaConfig::default())?),
            Mode::PerSample,
        ),
        (
            "Adam",
            Box::new(Adam::<f64, State>::new(AdamConfig {
                lr: 0.05,
                ..Default::default()
            })?),
            Mode::FullBatch,
        ),
        (
            "AMSGrad",
            Box::new(Adam::<f64, State>::new(AdamConfig {
                lr: 0.05,
                amsgrad: true,
                ..Default::default()
            })?),
            Mode::FullBatch,
        ),
        (
            "AdamW",
            Box::new(AdamW::<f64, State>::new(AdamWConfig {
                lr: 0.05,
                ..Default::default()
            })?),
            Mode::FullBatch,
        ),
        (
            "Adamax",
            Box::new(Adamax::<f64, State>::new(AdamaxConfig {
                lr: 0.05,
                ..Default::default()
            })?),
            Mode::FullBatch,
        ),
        (
            "NAdam",
            Box::new(NAdam::<f64, State>::new(NAdamConfig {
                lr: 0.05,
                ..Default::default()
            })?),
            Mode::FullBatch,
        ),
        (
            "RAdam",
            Box::new(RAdam::<f64, State>::new(RAdamConfig {
                lr: 0.05,
                ..Default::default()
            })?),
            Mode::FullBatch,
        ),
        (
            "Rprop",
            Box::new(Rprop::<f64, State>::new(RpropConfig::default())?),
            Mode::FullBatch,
        ),
    ])
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/03-optimizers.png".to_owned());
    let data = data();
    let mut runs = Vec::new();
    for (name, mut opt, mode) in chart()? {
        let mut net = start();
        let (mut order, mut history) = ([0; 4], vec![0.0; EPOCHS]);
        Trainer::new(mode, EPOCHS)?
            .shuffled(&mut Pcg64::seed_from_u64(11))
            .run(
                &mut net,
                opt.as_mut(),
                &data,
                &mut order,
                &mut history,
                |_, _| {},
            )?;
        runs.push((name, history, mean_loss(&net, &data)?));
    }

    // The table: mean loss of each epoch (as recorded during the epoch), side by side.
    print!("{:>6}", "epoch");
    for (name, _, _) in &runs {
        print!(" {name:>9}");
    }
    println!();
    for epoch in [
        0,
        1,
        2,
        5,
        10,
        20,
        50,
        100,
        200,
        300,
        500,
        1000,
        2000,
        EPOCHS - 1,
    ] {
        print!("{:>6}", epoch + 1);
        for (_, history, _) in &runs {
            print!(" {:>9.2e}", history[epoch]);
        }
        println!();
    }
    print!("{:>6}", "after");
    for (_, _, last) in &runs {
        print!(" {last:>9.2e}");
    }
    println!("\n(mean ½(t − y)² over the four XOR samples)");

    draw(&path, &runs)?;
    println!("loss curves drawn into {path}");
    Ok(())
}

/// Fifteen colours that stay apart on white.
const COLOURS: [RGBColor; 15] = [
    RGBColor(0, 0, 0),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(31, 119, 180),
    RGBColor(23, 190, 207),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(0, 80, 0),
    RGBColor(0, 0, 160),
    RGBColor(160, 0, 100),
    RGBColor(255, 190, 0),
];

fn draw(path: &str, runs: &[(&str, Vec<f64>, f64)]) -> Result<(), Box<dyn std::error::Error>> {
    if let Some(dir) = std::path::Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)?;
    }
    plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular())
        .map_err(|_| "the embedded font did not load")?;
    let root = BitMapBackend::new(path, (1400, 900)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "XOR (2-2-1, sigmoid, MSE): mean loss per epoch, every optimizer, same start",
            ("sans-serif", 26),
        )
        .margin(20)
        .x_label_area_size(45)
        .y_label_area_size(80)
        .build_cartesian_2d(1.0..EPOCHS as f64, (1e-6..0.5f64).log_scale())?;
    chart
        .configure_mesh()
        .x_desc("epoch")
        .y_desc("mean loss (log scale)")
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.0e}"))
        .label_style(("sans-serif", 16))
        .draw()?;
    for (i, (name, history, _)) in runs.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let style = if i < 5 {
            colour.stroke_width(3)
        } else {
            colour.stroke_width(2)
        };
        let points = history
            .iter()
            .enumerate()
            .map(|(e, &l)| ((e + 1) as f64, l.max(1e-6)));
        chart
            .draw_series(LineSeries::new(points, style))?
            .label(*name)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], style));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerLeft)
        .label_font(("sans-serif", 16))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}
