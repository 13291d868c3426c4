//! Multi-class classification on Fisher's Iris data (issues 8 and 18): the CSV loader
//! (`typenet::data::csv`) names the line and the column of a malformed field and says what it
//! expected, the split is stratified and seeded, and a short training run of
//! `examples/10-iris.rs`'s network and seed reaches 90% test accuracy. Loading, split and
//! training are `examples/support/iris.rs`, shared with the example.

#[path = "../examples/support/iris.rs"]
mod iris;

use iris::{
    FEATURES, LABEL, SPECIES, Sample, accuracy, dataset, evaluate, fit, load, parse, split, train,
};
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;
use typenet::rand_pcg::Pcg64;

network! {
    /// The network of examples/10-iris.rs.
    pub struct Iris: 4 => Dense(8, Tanh) => Dense(3, Softmax); loss = CrossEntropy
}

const CSV: &str = include_str!("../examples/data/iris.csv");

#[test]
fn the_shipped_csv_has_150_flowers_50_of_each_species() {
    let samples = parse(CSV).unwrap();
    assert_eq!(samples.len(), 150);
    for class in 0..3 {
        assert_eq!(samples.iter().filter(|s| s.1 == class).count(), 50);
    }
    // The first and last rows, as in Fisher's table (and R's `iris`).
    assert_eq!(samples[0], (Vector4::new(5.1, 3.5, 1.4, 0.2), 0));
    assert_eq!(samples[149], (Vector4::new(5.9, 3.0, 5.1, 1.8), 2));
}

/// The header, then `rows`, one per line.
fn csv(rows: &[&str]) -> String {
    let header = format!("{},{LABEL}", FEATURES.join(","));
    std::iter::once(header.as_str())
        .chain(rows.iter().copied())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_malformed_field_is_an_error_naming_line_column_text_and_expectation() {
    let good = "5.1,3.5,1.4,0.2,setosa";
    let cases: [(&[&str], &str); 4] = [
        (
            &["4.9,3.o,1.4,0.2,setosa"],
            "line 2, column `sepal_width`: found `3.o`, expected a finite number",
        ),
        (
            &[good, "4.9,3.0,,0.2,setosa"],
            "line 3, column `petal_length`: found ``, expected a finite number",
        ),
        (
            &[good, "4.9,3.0,1.4,NaN,setosa"],
            "line 3, column `petal_width`: found `NaN`, expected a finite number",
        ),
        (
            &[good, "6.3,3.3,6.0,2.5,Iris-virginica"],
            "line 3, column `species`: found `Iris-virginica`, expected one of `setosa`, \
             `versicolor`, `virginica`",
        ),
    ];
    for (rows, message) in cases {
        let e = parse(&csv(rows)).expect_err("malformed input must be refused");
        assert_eq!(e.to_string(), message, "{rows:?}");
    }
    // A row with another number of fields, and a header without the columns.
    let e = parse(&csv(&[good, "4.9,3.0,1.4,setosa"])).unwrap_err();
    assert!(e.to_string().starts_with("line 3: "), "{e}");
    let e = parse("150,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0").unwrap_err();
    assert_eq!(
        e.to_string(),
        "no column `sepal_length`; the header has `150`, `4`, `setosa`, `versicolor`, `virginica`"
    );
}

#[test]
fn loading_a_file_names_the_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/iris.csv");
    assert_eq!(load(path).unwrap(), parse(CSV).unwrap());
    let missing = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/no-such-file.csv"
    );
    assert!(
        load(missing)
            .unwrap_err()
            .starts_with(&format!("{missing}: "))
    );
}

#[test]
fn the_split_is_stratified_seeded_and_a_partition() {
    let samples = parse(CSV).unwrap();
    let (train_a, test_a) = split(&samples, 0.2, &mut Pcg64::seed_from_u64(3)).unwrap();
    let (train_b, test_b) = split(&samples, 0.2, &mut Pcg64::seed_from_u64(3)).unwrap();
    let (_, test_c) = split(&samples, 0.2, &mut Pcg64::seed_from_u64(4)).unwrap();
    assert_eq!((&train_a, &test_a), (&train_b, &test_b));
    assert_ne!(test_a, test_c);
    assert_eq!((train_a.len(), test_a.len()), (120, 30));
    for class in 0..SPECIES.len() {
        assert_eq!(test_a.iter().filter(|s| s.1 == class).count(), 10);
    }
    // Together the two sets are the data set, counted as a multiset (Iris has a few rows that
    // are exactly equal, so each row is counted as often as it occurs).
    let count = |set: &[Sample], s: &Sample| set.iter().filter(|t| *t == s).count();
    for s in &samples {
        assert_eq!(
            count(&train_a, s) + count(&test_a, s),
            count(&samples, s),
            "{s:?}"
        );
    }
}

#[test]
fn standardisation_uses_training_statistics() {
    let samples = parse(CSV).unwrap();
    let (train_rows, _) = split(&samples, 0.2, &mut Pcg64::seed_from_u64(3)).unwrap();
    let st = fit(&train_rows).unwrap();
    let data = dataset(&st, &train_rows).unwrap();
    for k in 0..4 {
        let n = data.len() as f64;
        let mean = data.iter().map(|(x, _)| x[k]).sum::<f64>() / n;
        let var = data.iter().map(|(x, _)| (x[k] - mean).powi(2)).sum::<f64>() / n;
        assert!(
            mean.abs() < 1e-12 && (var - 1.0).abs() < 1e-12,
            "{k}: {mean} {var}"
        );
    }
    for ((_, t), s) in data.iter().zip(&train_rows) {
        assert_eq!(t.argmax().0, s.1);
        assert_eq!(t.sum(), 1.0);
    }
    // The fitted standardiser is one text line that reads back exactly.
    assert_eq!(typenet::data::Standardizer::parse(&st.to_string()), Ok(st));
}

/// The example's seed and network with 30 epochs instead of 200.
#[test]
fn a_short_run_reaches_90_percent_test_accuracy() {
    let samples = parse(CSV).unwrap();
    let mut rng = Pcg64::seed_from_u64(3);
    let (train_rows, test_rows) = split(&samples, 0.2, &mut rng).unwrap();
    let st = fit(&train_rows).unwrap();
    let train_set = dataset(&st, &train_rows).unwrap();
    let test_set = dataset(&st, &test_rows).unwrap();
    let mut net = Iris::<f64>::random(&mut rng);
    let before = accuracy(&net, &test_set);
    let history = train(&mut net, &train_set, &test_set, 30, 16, 0.01, &mut rng).unwrap();
    let report = evaluate(&net, &test_set);
    println!("test accuracy {before} before, after 30 epochs:\n{report}");
    assert_eq!(history.len(), 30);
    assert_eq!(history[29].test_accuracy, report.accuracy);
    assert!(history[29].train_loss < history[0].train_loss / 4.0);
    assert!(report.accuracy >= 0.9, "test accuracy {}", report.accuracy);
    assert_eq!(report.confusion.total(), 30);
    assert!(report.macro_average().unwrap().f1 >= 0.9);
}
