//! The one table of activations and losses: each is declared once here, with its name as
//! written in `network!`, its argument (runtime field, how docs label it, default), its runtime
//! type and, for an activation, the initialisation that suits it. `check.rs` resolves names
//! through these tables and nothing else, so an unknown name is an error, never another's value;
//! the generators read the runtime type from the resolved value.
//!
//! Adding an activation is one line here and its `impl Activation` (and `Curvature`) in the
//! runtime; a loss, one line here and its `impl Loss` (or `FusedLoss`).

/// The argument of a name that takes one: `Step(0.5)`, `Huber(2.0)`.
#[derive(Debug)]
pub struct Param {
    /// The runtime type's field it sets (`threshold`).
    pub field: &'static str,
    /// How docs label it (`ELU(α = 1)`).
    pub label: &'static str,
    /// Its value when the name is written without parentheses.
    pub default: f64,
    /// Whether it must be positive (a rule `check.rs` enforces).
    pub positive: bool,
}

/// How a layer's weights are drawn at initialisation.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Init {
    /// He: uniform in ±√(6 / fan_in), for ReLU-like activations.
    He,
    /// Glorot: uniform in ±√(6 / (fan_in + fan_out)).
    Glorot,
}

/// One activation typenet knows.
#[derive(Debug)]
pub struct ActivationDef {
    /// The name as written in `network!`.
    pub name: &'static str,
    /// The runtime type, under `typenet::__private::activation`.
    pub path: &'static str,
    /// Its argument, if it takes one.
    pub param: Option<Param>,
    /// The initialisation of a layer with this activation.
    pub init: Init,
}

/// One loss typenet knows.
#[derive(Debug)]
pub struct LossDef {
    /// The name as written in `network!`.
    pub name: &'static str,
    /// The runtime type, under `typenet::__private::loss`.
    pub path: &'static str,
    /// Its argument, if it takes one.
    pub param: Option<Param>,
    /// For a loss computed from the logits of an output activation (a `FusedLoss`), that
    /// activation's name: the last layer must have it.
    pub fused_with: Option<&'static str>,
    /// How it reads in docs (a loss with an argument reads `Name(label = value)` instead).
    pub doc: &'static str,
}

const fn act(name: &'static str, init: Init) -> ActivationDef {
    ActivationDef {
        name,
        path: name,
        param: None,
        init,
    }
}

const fn act_with(
    name: &'static str,
    field: &'static str,
    label: &'static str,
    default: f64,
    init: Init,
) -> ActivationDef {
    ActivationDef {
        name,
        path: name,
        param: Some(Param {
            field,
            label,
            default,
            positive: false,
        }),
        init,
    }
}

/// Every activation. (The first is `Identity`, the activation of a layer that names none.)
pub const ACTIVATIONS: &[ActivationDef] = &[
    act("Identity", Init::Glorot),
    act("Sigmoid", Init::Glorot),
    act("Tanh", Init::Glorot),
    act_with("Step", "threshold", "threshold", 0.0, Init::Glorot),
    act("Softplus", Init::Glorot),
    act("ReLU", Init::He),
    act("Softsign", Init::Glorot),
    act_with("ELU", "alpha", "α", 1.0, Init::He),
    act("LogSigmoid", Init::Glorot),
    act("Swish", Init::Glorot),
    act("Sinc", Init::Glorot),
    act_with("LeakyReLU", "slope", "slope", 0.1, Init::He),
    act("Mish", Init::Glorot),
    act("Softmax", Init::Glorot),
];

/// Other names for activations (other libraries', papers'), suggested as typenet spells them.
/// Compared without case or underscores.
pub const ACTIVATION_ALIASES: &[(&str, &str)] = &[
    ("Linear", "Identity"),
    ("Logistic", "Sigmoid"),
    ("SiLU", "Swish"),
    ("Heaviside", "Step"),
];

const fn loss(name: &'static str, fused_with: Option<&'static str>, doc: &'static str) -> LossDef {
    LossDef {
        name,
        path: name,
        param: None,
        fused_with,
        doc,
    }
}

/// Every loss. (The first is `MSE`, the stand-in after an error.)
pub const LOSSES: &[LossDef] = &[
    loss("MSE", None, "MSE, E = ½ Σ (t − y)²"),
    loss("MAE", None, "MAE, E = Σ |t − y|"),
    LossDef {
        name: "Huber",
        path: "Huber",
        param: Some(Param {
            field: "delta",
            label: "δ",
            default: 1.0,
            positive: true,
        }),
        fused_with: None,
        doc: "Huber",
    },
    loss(
        "CrossEntropy",
        Some("Softmax"),
        "cross-entropy of the Softmax output",
    ),
    loss(
        "BCE",
        Some("Sigmoid"),
        "binary cross-entropy of the Sigmoid output",
    ),
];

/// PyTorch's and Keras's names for typenet's losses (`nn.MSELoss`, `keras.losses.MeanSquaredError`,
/// `"binary_crossentropy"`), suggested as typenet spells them. Compared without case or
/// underscores. PyTorch's `SmoothL1Loss(β)` is `Huber(β)` divided by β.
pub const LOSS_ALIASES: &[(&str, &str)] = &[
    ("MeanSquaredError", "MSE"),
    ("MSELoss", "MSE"),
    ("L2", "MSE"),
    ("L2Loss", "MSE"),
    ("MeanAbsoluteError", "MAE"),
    ("L1", "MAE"),
    ("L1Loss", "MAE"),
    ("HuberLoss", "Huber"),
    ("SmoothL1", "Huber"),
    ("SmoothL1Loss", "Huber"),
    ("CrossEntropyLoss", "CrossEntropy"),
    ("CategoricalCrossEntropy", "CrossEntropy"),
    ("BCELoss", "BCE"),
    ("BCEWithLogitsLoss", "BCE"),
    ("BinaryCrossEntropy", "BCE"),
];

/// A table entry `check.rs` can look up, suggest and resolve the argument of.
pub trait Named: 'static {
    /// The name as written in `network!`.
    fn name(&self) -> &'static str;
    /// Its argument, if it takes one.
    fn param(&self) -> Option<&Param>;
}

impl Named for ActivationDef {
    fn name(&self) -> &'static str {
        self.name
    }
    fn param(&self) -> Option<&Param> {
        self.param.as_ref()
    }
}

impl Named for LossDef {
    fn name(&self) -> &'static str {
        self.name
    }
    fn param(&self) -> Option<&Param> {
        self.param.as_ref()
    }
}

/// `Name` or `Name(label = value)`.
fn describe(name: &str, param: Option<&Param>, arg: f64) -> Option<String> {
    param.map(|p| format!("{name}({} = {arg})", p.label))
}

/// A resolved activation with its argument (unused when it takes none).
#[derive(Clone, Copy, Debug)]
pub struct Act {
    /// Its entry in [`ACTIVATIONS`].
    pub def: &'static ActivationDef,
    /// Its argument.
    pub arg: f64,
}

impl Act {
    /// `Identity`, the activation of a layer that names none.
    pub const IDENTITY: Act = Act {
        def: &ACTIVATIONS[0],
        arg: 0.0,
    };

    /// The name as written in the macro.
    pub fn name(self) -> &'static str {
        self.def.name
    }

    /// Whether this is `name`.
    pub fn is(self, name: &str) -> bool {
        self.def.name == name
    }

    /// Whether He initialisation suits this activation (ReLU-like), rather than Glorot.
    pub fn he_init(self) -> bool {
        self.def.init == Init::He
    }

    /// How it reads in docs: `Sigmoid`, `ELU(α = 1)`.
    pub fn describe(self) -> String {
        describe(self.def.name, self.def.param.as_ref(), self.arg)
            .unwrap_or_else(|| self.def.name.to_string())
    }
}

impl PartialEq for Act {
    fn eq(&self, other: &Act) -> bool {
        self.def.name == other.def.name && self.arg == other.arg
    }
}

/// A resolved loss with its argument (unused when it takes none).
#[derive(Clone, Copy, Debug)]
pub struct LossKind {
    /// Its entry in [`LOSSES`].
    pub def: &'static LossDef,
    /// Its argument.
    pub arg: f64,
}

impl LossKind {
    /// `MSE`, the stand-in for a loss in error.
    pub const MSE: LossKind = LossKind {
        def: &LOSSES[0],
        arg: 0.0,
    };

    /// The name as written in the macro.
    pub fn name(self) -> &'static str {
        self.def.name
    }

    /// Whether the loss is computed from the output activation's logits (`FusedLoss`).
    pub fn fused(self) -> bool {
        self.def.fused_with.is_some()
    }

    /// How it reads in docs.
    pub fn describe(self) -> String {
        describe(self.def.name, self.def.param.as_ref(), self.arg)
            .unwrap_or_else(|| self.def.doc.to_string())
    }
}

impl PartialEq for LossKind {
    fn eq(&self, other: &LossKind) -> bool {
        self.def.name == other.def.name && self.arg == other.arg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stand_ins_are_first_and_names_are_unique() {
        assert_eq!(Act::IDENTITY.name(), "Identity");
        assert_eq!(LossKind::MSE.name(), "MSE");
        let mut names: Vec<&str> = ACTIVATIONS.iter().map(|a| a.name).collect();
        names.extend(LOSSES.iter().map(|l| l.name));
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n);
        for (_, target) in ACTIVATION_ALIASES {
            assert!(ACTIVATIONS.iter().any(|a| a.name == *target), "{target}");
        }
        for (_, target) in LOSS_ALIASES {
            assert!(LOSSES.iter().any(|l| l.name == *target), "{target}");
        }
        for l in LOSSES {
            if let Some(act) = l.fused_with {
                assert!(ACTIVATIONS.iter().any(|a| a.name == act), "{act}");
            }
        }
    }
}
