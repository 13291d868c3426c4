//! 09 — Universal approximation, shown: deep narrow networks of width d + D + 2 = 4 (one input,
//! one output) fit a continuous function better and better as they get deeper.
//!
//! The seed states the theorem (Kidger and Lyons, 2020): networks of arbitrary depth and width
//! d + D + 2, with any continuous non-affine activation that is differentiable with a non-zero
//! derivative somewhere, are dense in C(X, R^D) for compact X. Here d = D = 1, the activation is
//! tanh and every hidden layer has 4 neurons; only the depth changes, from 1 to 6 hidden layers.
//!
//! The target is the chirp f(x) = sin(4πx²) on [−1, 1] (`examples/support/approx.rs`). Each
//! depth is trained on 256 evenly spaced points by Levenberg–Marquardt from 6 seeded starts,
//! keeping the start with the lowest training loss; the sup-norm error max |net(x) − f(x)| is
//! then measured on 2001 evenly spaced points (the 256 training points are 256 of them only at
//! x = ±1). Prints a table and draws the target, the fits and their errors into
//! `target/09-universal-approximation.png` (or the path given as the first argument).
//!
//! ```text
//! cargo run --release --example 09-universal-approximation [-- path/to/picture.png]
//! ```
//!
//! What to read from it (measured: sup errors 1.16, 2.4e-3, 1.0e-3, 6.2e-4, 4.5e-4, 2.4e-4 for
//! 1 to 6 hidden layers): one hidden layer of 4 tanh neurons cannot follow the chirp at all;
//! each added layer lowers the sup error. The theorem only says that good weights exist: it
//! bounds neither the depth needed nor what an optimiser finds. Which optimiser matters: Adam,
//! with 40 times the iterations, ends 10 to 25 times further off (see `approx::fit`).

#[path = "support/approx.rs"]
mod approx;

use approx::{Budget, Fit, fit, grid, sup_error, target};
use plotters::prelude::*;
use typenet::prelude::*;
use typenet::second_order::{SecondOrder, SecondOrderError};

network! {
    /// One hidden layer of width 4.
    pub struct Depth1: 1 => Dense(4, Tanh) => Dense(1); loss = MSE
    /// Two hidden layers of width 4.
    pub struct Depth2: 1 => Dense(4, Tanh) => Dense(4, Tanh) => Dense(1); loss = MSE
    /// Three hidden layers of width 4.
    pub struct Depth3: 1 => Dense(4, Tanh) => Dense(4, Tanh) => Dense(4, Tanh) => Dense(1); loss = MSE
    /// Four hidden layers of width 4.
    pub struct Depth4: 1
        => Dense(4, Tanh) => Dense(4, Tanh) => Dense(4, Tanh) => Dense(4, Tanh)
        => Dense(1); loss = MSE
    /// Five hidden layers of width 4.
    pub struct Depth5: 1
        => Dense(4, Tanh) => Dense(4, Tanh) => Dense(4, Tanh) => Dense(4, Tanh) => Dense(4, Tanh)
        => Dense(1); loss = MSE
    /// Six hidden layers of width 4.
    pub struct Depth6: 1
        => Dense(4, Tanh) => Dense(4, Tanh) => Dense(4, Tanh) => Dense(4, Tanh) => Dense(4, Tanh)
        => Dense(4, Tanh)
        => Dense(1); loss = MSE
}

const BUDGET: Budget = Budget {
    points: 256,
    iterations: 500,
    starts: 6,
};

/// Points of the fine grid the sup error is measured on (and the curves are drawn from).
const FINE: usize = 2001;

/// What the table and the picture need of one depth.
struct Row {
    depth: usize,
    params: usize,
    train_loss: f64,
    seed: u64,
    sup: f64,
    at: f64,
    /// The fit on the fine grid.
    curve: Vec<f64>,
}

fn row<N>(depth: usize) -> Result<Row, SecondOrderError>
where
    N: SecondOrder<f64, Target = Vector1<f64>>
        + Network<f64, Input = Vector1<f64>, Output = Vector1<f64>>,
{
    let Fit {
        net,
        train_loss,
        seed,
    } = fit::<N>(BUDGET)?;
    let (sup, at) = sup_error(&net, FINE);
    let curve = grid(FINE)
        .map(|x| net.forward(&Vector1::new(x))[0])
        .collect();
    Ok(Row {
        depth,
        params: N::PARAMS,
        train_loss,
        seed,
        sup,
        at,
        curve,
    })
}

fn draw(path: &str, rows: &[Row]) -> Result<(), Box<dyn std::error::Error>> {
    plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular())
        .map_err(|_| "the embedded font did not load")?;
    let root = BitMapBackend::new(path, (1000, 900)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(
        "Width 4 = d + D + 2, deeper and deeper: fits of sin(4πx²)",
        ("sans-serif", 26),
    )?;
    let (top, bottom) = root.split_vertically(470);
    let colours = [
        RGBColor(228, 26, 28),
        RGBColor(255, 127, 0),
        RGBColor(77, 175, 74),
        RGBColor(55, 126, 184),
        RGBColor(152, 78, 163),
        RGBColor(90, 90, 90),
    ];
    let xs: Vec<f64> = grid(FINE).collect();

    let mut chart = ChartBuilder::on(&top)
        .caption(
            "the target (wide grey) and the fits: from 2 hidden layers on they lie on it",
            ("sans-serif", 18),
        )
        .margin(12)
        .x_label_area_size(28)
        .y_label_area_size(50)
        .build_cartesian_2d(-1.0..1.0, -1.35..1.35)?;
    chart
        .configure_mesh()
        .x_labels(9)
        .y_labels(7)
        .light_line_style(TRANSPARENT)
        .label_style(("sans-serif", 14))
        .draw()?;
    chart.draw_series(LineSeries::new(
        xs.iter().map(|&x| (x, target(x))),
        RGBColor(190, 190, 190).stroke_width(9),
    ))?;
    // Deepest first, so that the shallow fits, the ones that differ, are drawn on top.
    for (r, colour) in rows.iter().zip(colours).rev() {
        chart
            .draw_series(LineSeries::new(
                xs.iter().copied().zip(r.curve.iter().copied()),
                colour.stroke_width(2),
            ))?
            .label(format!("{} hidden, sup error {:.1e}", r.depth, r.sup))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(3)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerMiddle)
        .label_font(("sans-serif", 14))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()?;

    let mut chart = ChartBuilder::on(&bottom)
        .caption(
            "local sup error: max |fit − target| over windows of width 0.02 (log scale)",
            ("sans-serif", 18),
        )
        .margin(12)
        .x_label_area_size(28)
        .y_label_area_size(50)
        .build_cartesian_2d(-1.0..1.0, (1e-5..3.0).log_scale())?;
    chart
        .configure_mesh()
        .x_labels(9)
        .y_labels(8)
        .y_label_formatter(&|v| format!("{v:.0e}"))
        .light_line_style(TRANSPARENT)
        .label_style(("sans-serif", 14))
        .draw()?;
    // Windows of 20 grid intervals, each drawn as a step at its maximum: the pointwise error
    // oscillates through zero between the training points, its envelope is what depth changes.
    const WINDOW: usize = 20;
    for (r, colour) in rows.iter().zip(colours).rev() {
        let errors: Vec<f64> = xs
            .iter()
            .zip(&r.curve)
            .map(|(&x, &y)| (y - target(x)).abs())
            .collect();
        let steps = errors
            .windows(WINDOW + 1)
            .step_by(WINDOW)
            .zip(xs.iter().step_by(WINDOW));
        let points = steps.flat_map(|(w, &x0)| {
            let top = w.iter().copied().fold(1e-5, f64::max);
            let x1 = x0 + WINDOW as f64 * (xs[1] - xs[0]);
            [(x0, top), (x1, top)]
        });
        chart.draw_series(LineSeries::new(points, colour.stroke_width(2)))?;
    }
    root.present()?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/09-universal-approximation.png".to_owned());
    if let Some(dir) = std::path::Path::new(&path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)?;
    }
    println!(
        "f(x) = sin(4πx²) on [-1, 1]; tanh layers of width 4; Levenberg–Marquardt, {} iterations, \
         {} points, best of {} starts; sup error on {FINE} points",
        BUDGET.iterations, BUDGET.points, BUDGET.starts
    );
    let rows = [
        row::<Depth1<f64>>(1)?,
        row::<Depth2<f64>>(2)?,
        row::<Depth3<f64>>(3)?,
        row::<Depth4<f64>>(4)?,
        row::<Depth5<f64>>(5)?,
        row::<Depth6<f64>>(6)?,
    ];
    println!();
    println!("hidden layers | parameters | training loss | sup error | at x     | seed");
    for r in &rows {
        println!(
            "{:>13} | {:>10} | {:>13.3e} | {:>9.3e} | {:>+8.4} | {}",
            r.depth, r.params, r.train_loss, r.sup, r.at, r.seed
        );
    }
    draw(&path, &rows)?;
    println!("\ndrew the target, the fits and their errors into {path}");
    Ok(())
}
