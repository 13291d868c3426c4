//! 10 — Multi-class classification end to end: Fisher's Iris flowers, three species, with the
//! output layer the seed names for the task (softmax) and cross-entropy.
//!
//! Reads `examples/data/iris.csv` (150 rows, public domain: Fisher 1936 as scikit-learn bundles
//! it) with `typenet::data::csv` (a malformed field is an error naming its line and column),
//! splits it with a seeded stratified split (`typenet::data::split_stratified`: 20% of each
//! species, 10 flowers, for the test set, 40 for training), standardises the four measurements
//! with the training set's mean and standard deviation (`Standardizer`), one-hot encodes the
//! species (`one_hot`), and trains
//! `4 → Dense(8, Tanh) → Dense(3, Softmax)` with cross-entropy and Adam (lr 0.01, minibatches of
//! 16, reshuffled every epoch) for 200 epochs. Prints the training as it goes, the test accuracy,
//! the confusion matrix and per-species precision, recall and F1 (`typenet::metrics`), draws the training curve (loss and accuracy, training and test
//! set) into `target/10-iris.png` (or the path given as the first argument; a second argument
//! reads another CSV file), and finally repeats the whole run for the splits of seeds 0 to 19.
//!
//! ```text
//! cargo run --release --example 10-iris [-- path/to/picture.png [path/to/iris.csv]]
//! ```
//!
//! With 30 test flowers one mistake costs 3.3 points, so the test accuracy depends on which
//! flowers the split puts in the test set more than on anything else: over the splits of seeds
//! 0 to 19 (the last table), 12 reach 95% or more, all 20 reach 90% or more, and the mean is
//! 96.7%. Seed 3, the one this example uses, classifies all 30 test flowers correctly (with the
//! split of `typenet::data::split_stratified`; the example's own split before it drew other
//! flowers and got 96.7%).

#[path = "support/iris.rs"]
mod iris;

use iris::{Epoch, Pair, SPECIES, accuracy, dataset, evaluate, fit, load, split, train};
use plotters::prelude::*;
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;
use typenet::rand_pcg::Pcg64;

network! {
    /// Four measurements in, three species probabilities out.
    pub struct Iris: 4 => Dense(8, Tanh) => Dense(3, Softmax); loss = CrossEntropy
}

/// The seed of the split, the initial weights and the minibatch order (one generator, in that
/// order).
const SEED: u64 = 3;
const EPOCHS: usize = 200;
const BATCH: usize = 16;
const LR: f64 = 0.01;
/// The fraction of each species held out for the test set (10 of 50).
const TEST: f64 = 0.2;

/// What one run leaves: the trained network, the standardised test set, every epoch's numbers.
struct Run {
    net: Iris<f64>,
    test_set: Vec<Pair>,
    history: Vec<Epoch>,
}

/// One complete run from `seed`: split, standardise, train.
fn run(samples: &[iris::Sample], seed: u64) -> Result<Run, Box<dyn std::error::Error>> {
    let mut rng = Pcg64::seed_from_u64(seed);
    let (train_rows, test_rows) = split(samples, TEST, &mut rng)?;
    let standardizer = fit(&train_rows)?;
    let train_set = dataset(&standardizer, &train_rows)?;
    let test_set = dataset(&standardizer, &test_rows)?;
    let mut net = Iris::<f64>::random(&mut rng);
    let history = train(&mut net, &train_set, &test_set, EPOCHS, BATCH, LR, &mut rng)?;
    Ok(Run {
        net,
        test_set,
        history,
    })
}

fn draw(path: &str, history: &[Epoch]) -> Result<(), Box<dyn std::error::Error>> {
    plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular())
        .map_err(|_| "the embedded font did not load")?;
    let root = BitMapBackend::new(path, (1100, 450)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(
        "Iris: 4 → Dense(8, Tanh) → Dense(3, Softmax), cross-entropy, Adam",
        ("sans-serif", 24),
    )?;
    let (left, right) = root.split_horizontally(550);
    let epochs = history.len() as f64;
    let green = RGBColor(0, 140, 0);
    let series = |f: fn(&Epoch) -> f64| {
        history
            .iter()
            .enumerate()
            .map(move |(e, h)| (e as f64 + 1.0, f(h)))
    };

    let top = history
        .iter()
        .map(|h| h.train_loss.max(h.test_loss))
        .fold(0.0, f64::max);
    let mut chart = ChartBuilder::on(&left)
        .caption("mean cross-entropy per flower", ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(50)
        .build_cartesian_2d(0.0..epochs, 0.0..top * 1.05)?;
    chart
        .configure_mesh()
        .x_desc("epoch")
        .x_label_formatter(&|v| format!("{v:.0}"))
        .light_line_style(TRANSPARENT)
        .label_style(("sans-serif", 14))
        .draw()?;
    chart
        .draw_series(LineSeries::new(
            series(|h| h.train_loss),
            BLUE.stroke_width(2),
        ))?
        .label("training (during the epoch)")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], BLUE.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(
            series(|h| h.test_loss),
            green.stroke_width(2),
        ))?
        .label("test (after the epoch)")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], green.stroke_width(2)));
    chart
        .configure_series_labels()
        .label_font(("sans-serif", 14))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()?;

    let mut chart = ChartBuilder::on(&right)
        .caption("accuracy", ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(50)
        .build_cartesian_2d(0.0..epochs, 0.7..1.01)?;
    chart
        .configure_mesh()
        .x_desc("epoch")
        .x_label_formatter(&|v| format!("{v:.0}"))
        .light_line_style(TRANSPARENT)
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .label_style(("sans-serif", 14))
        .draw()?;
    chart
        .draw_series(LineSeries::new(
            series(|h| h.train_accuracy),
            BLUE.stroke_width(2),
        ))?
        .label("training set")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], BLUE.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(
            series(|h| h.test_accuracy),
            green.stroke_width(2),
        ))?
        .label("test set")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], green.stroke_width(2)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .label_font(("sans-serif", 14))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "target/10-iris.png".to_owned());
    let csv = args.next().unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/iris.csv").to_owned()
    });
    if let Some(dir) = std::path::Path::new(&path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)?;
    }
    let samples = load(&csv)?;
    println!(
        "{} flowers from {csv}; {:.0}% of each species held out for the test set (seed {SEED})",
        samples.len(),
        100.0 * TEST
    );
    println!(
        "{} parameters; Adam lr {LR}, minibatches of {BATCH}, {EPOCHS} epochs\n",
        Iris::<f64>::PARAMS
    );
    let Run {
        net,
        test_set,
        history,
    } = run(&samples, SEED)?;
    println!("epoch | training loss | test loss | training accuracy | test accuracy");
    for (e, h) in history.iter().enumerate() {
        if e == 0 || (e + 1) % 20 == 0 {
            println!(
                "{:>5} | {:>13.4} | {:>9.4} | {:>16.1}% | {:>12.1}%",
                e + 1,
                h.train_loss,
                h.test_loss,
                100.0 * h.train_accuracy,
                100.0 * h.test_accuracy
            );
        }
    }

    let report = evaluate(&net, &test_set);
    let m = report.confusion.counts;
    let test_accuracy = report.accuracy;
    println!("\ntest accuracy {:.1}%", 100.0 * test_accuracy);
    println!("confusion matrix of the test set (rows: true species, columns: predicted)");
    print!("{:>12}", "");
    for s in SPECIES {
        print!("{s:>12}");
    }
    println!();
    for (s, row) in SPECIES.iter().zip(m) {
        print!("{s:>12}");
        for count in row {
            print!("{count:>12}");
        }
        println!();
    }
    println!(
        "\n{:>12}{:>12}{:>12}{:>12}{:>12}",
        "", "precision", "recall", "F1", "flowers"
    );
    for (k, s) in SPECIES.iter().enumerate() {
        let c = report.scores(k).ok_or("three species")?;
        println!(
            "{s:>12}{:>12.3}{:>12.3}{:>12.3}{:>12}",
            c.precision, c.recall, c.f1, c.support
        );
    }
    let avg = report.macro_average().ok_or("three species")?;
    println!(
        "{:>12}{:>12.3}{:>12.3}{:>12.3}{:>12}",
        "macro avg", avg.precision, avg.recall, avg.f1, avg.support
    );
    draw(&path, &history)?;
    println!("\ndrew the training curve into {path}");

    println!(
        "\nthe same run for the splits of seeds 0 to 19 (test accuracy after {EPOCHS} epochs):"
    );
    let mut all = Vec::new();
    for seed in 0..20 {
        let Run { net, test_set, .. } = run(&samples, seed)?;
        let a = accuracy(&net, &test_set);
        let end = if seed % 5 == 4 { "\n" } else { "  " };
        print!("{seed:>2}: {:>5.1}%{end}", 100.0 * a);
        all.push(a);
    }
    let at_least = |p: f64| all.iter().filter(|&&a| a >= p - 1e-12).count();
    println!(
        "mean {:.1}%, worst {:.1}%; ≥ 95% in {} of 20, ≥ 90% in {} of 20",
        100.0 * all.iter().sum::<f64>() / all.len() as f64,
        100.0 * all.iter().copied().fold(1.0, f64::min),
        at_least(0.95),
        at_least(0.90)
    );
    if test_accuracy < 0.95 {
        return Err(format!(
            "seed {SEED}: test accuracy {:.1}% is below 95%",
            100.0 * test_accuracy
        )
        .into());
    }
    Ok(())
}
