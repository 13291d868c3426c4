//! `evaluate` and `evaluate_classifier` on networks with hand-set weights, against values
//! computed by hand (issue 18).

use typenet::metrics::{MetricError, evaluate, evaluate_classifier};
use typenet::prelude::*;
use typenet::train::mean_loss;

network! {
    /// y = w·x + b.
    pub struct Line: 1 => Dense(1); loss = MSE
    /// Softmax over the inputs themselves (identity weights, zero biases).
    pub struct Pick: 2 => Dense(2, Softmax); loss = CrossEntropy
}

#[test]
fn evaluate_reports_loss_and_regression_metrics() {
    // y = 2x + 1 on x = 0, 1, 2 with targets 1, 2, 5: predictions 1, 3, 5, errors 0, −1, 0.
    let net = Line::<f64>::from_array([2.0, 1.0]);
    let data = [0.0, 1.0, 2.0].map(|x| (Vector1::new(x), Vector1::new(0.0)));
    let data: Vec<_> = data
        .iter()
        .zip([1.0, 2.0, 5.0])
        .map(|((x, _), t)| (*x, Vector1::new(t)))
        .collect();
    let e = evaluate(&net, &data).unwrap();
    let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-12, "{a} != {b}");
    // The seed's loss ½(t − y)² per sample: (0 + ½ + 0)/3.
    close(e.loss, 1.0 / 6.0);
    close(e.loss, mean_loss(&net, &data).unwrap());
    close(e.mse, 1.0 / 3.0);
    close(e.rmse, (1.0f64 / 3.0).sqrt());
    close(e.mae, 1.0 / 3.0);
    // t̄ = 8/3, Σ(t − t̄)² = 78/9, Σ(t − y)² = 1.
    close(e.r2, 1.0 - 9.0 / 78.0);
    assert_eq!(e.samples, 3);
    assert_eq!(
        e.to_string(),
        "3 samples: loss 0.166667, MSE 0.333333, RMSE 0.577350, MAE 0.333333, R² 0.8846"
    );
    assert_eq!(evaluate(&net, &[]), Err(MetricError::Empty));
}

#[test]
fn evaluate_classifier_counts_argmax_classes() {
    let net = Pick::<f64>::from_array([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
    let one_hot = |k: usize| Vector2::from_fn(|i, _| f64::from(i == k));
    // Predicted: argmax of the input. Three of class 0 (one predicted 1), one of class 1.
    let data = [
        (Vector2::new(1.0, 0.0), one_hot(0)),
        (Vector2::new(2.0, 0.0), one_hot(0)),
        (Vector2::new(0.0, 1.0), one_hot(0)),
        (Vector2::new(0.0, 3.0), one_hot(1)),
    ];
    let e = evaluate_classifier(&net, &data).unwrap();
    assert_eq!(e.confusion.counts, [[2, 1], [0, 1]]);
    assert_eq!(e.accuracy, 0.75);
    assert!((e.loss - mean_loss(&net, &data).unwrap()).abs() < 1e-12);
    let class0 = e.scores(0).unwrap();
    assert_eq!(
        (class0.precision, class0.recall, class0.support),
        (1.0, 2.0 / 3.0, 3)
    );
    assert!((class0.f1 - 0.8).abs() < 1e-12);
    let class1 = e.scores(1).unwrap();
    assert_eq!(
        (class1.precision, class1.recall, class1.f1),
        (0.5, 1.0, 2.0 / 3.0)
    );
    let text = e.to_string();
    assert!(text.starts_with("    class precision    recall        f1   support\n        0    1.0000    0.6667    0.8000         3\n"), "{text}");
    assert!(text.contains("accuracy 0.7500"), "{text}");
    assert_eq!(evaluate_classifier(&net, &[]), Err(MetricError::Empty));
}
