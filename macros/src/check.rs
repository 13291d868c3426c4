//! The rules a definition must follow. Each `check_*` resolves one part of the syntax tree into the
//! model and records every violation in [`Errors`], so one build reports all of them.
//!
//! Whatever the errors, a complete [`Model`] comes out (a bad activation becomes `Identity`, a bad
//! size becomes 1, a bad loss becomes `MSE`): the expansion still emits a well-typed network beside
//! the errors, so user code that calls it does not pile up follow-on errors.

use proc_macro2::{Ident, Span};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, UnOp};

use crate::ast::{Arg, Clause, Definition, Stage};
use crate::model::{Act, DEFAULT_UNROLL, Layer, LayerKind, LossKind, Model, Op, OpKind};
use crate::names::{ACTIVATION_ALIASES, ACTIVATIONS, ActivationDef, LOSS_ALIASES, LOSSES, Named};

/// Collected errors (serde_derive's `Ctxt`): combined into one `syn::Error` at the end, with
/// their number (so a rule can stay quiet about what an earlier error already explains).
#[derive(Default)]
pub struct Errors(Option<syn::Error>, usize);

impl Errors {
    /// Records an error at `span`.
    pub fn push(&mut self, span: Span, msg: impl std::fmt::Display) {
        self.add(syn::Error::new(span, msg));
    }
    /// Records an error.
    pub fn add(&mut self, err: syn::Error) {
        self.1 += 1;
        match &mut self.0 {
            Some(e) => e.combine(err),
            None => self.0 = Some(err),
        }
    }
    /// How many errors have been recorded.
    pub fn count(&self) -> usize {
        self.1
    }
    /// The combined error, if any was recorded.
    pub fn finish(self) -> Option<syn::Error> {
        self.0
    }
}

const LAYER_KINDS: &[&str] = &["Dense", "GRU", "LSTM", "Conv1D", "Residual"];
/// The kinds of layers with parameters, which [`check_stage`] resolves.
const PARAM_KINDS: &[&str] = &["Dense", "GRU", "LSTM", "Conv1D"];
const DENSE_OPTIONS: &[&str] = &["bias"];
const CONV_OPTIONS: &[&str] = &["kernel", "dilation", "bias"];
const CLAUSES: &[&str] = &["loss", "unroll"];

/// Resolves a whole definition.
pub fn check_definition(def: &Definition, errors: &mut Errors) -> Model {
    let input = check_size(&def.input, "the input size", errors);
    check_arrows(&def.wrong_arrows, errors);
    let mut b = Builder::default();
    let mut architecture = format!("{input}");
    b.chain(&def.stages, input, &mut architecture, errors);
    if b.ops.is_empty() {
        // Only after a reported error (every valid stage adds or extends an operation): an
        // identity keeps the fallback expansion well typed.
        b.ops.push(Op {
            name: Ident::new("__empty", Span::call_site()),
            kind: OpKind::Pass,
            act: Act::IDENTITY,
            width: input,
        });
    }
    let last_act = b.ops.last().map_or(Act::IDENTITY, |op| op.act);
    let (loss, unroll) = check_clauses(&def.clauses, last_act, errors);
    Model {
        input,
        layers: b.layers,
        ops: b.ops,
        architecture,
        loss,
        unroll,
    }
}

/// The model as it is built, stage by stage.
#[derive(Default)]
struct Builder {
    layers: Vec<Layer>,
    ops: Vec<Op>,
    /// Standalone activation operations and residual blocks so far, for default names.
    passes: usize,
    residuals: usize,
}

impl Builder {
    /// Resolves a chain of stages whose input has `width` values; returns the output width.
    ///
    /// An unnamed activation stage is fused into the operation before it when that operation
    /// belongs to the same chain and has no activation of its own: `Dense(4) => ReLU` is exactly
    /// `Dense(4, ReLU)`. (Inside a block, the block's input is never changed by a fusion: the
    /// skip connection must carry it as it was.)
    fn chain(
        &mut self,
        stages: &[Stage],
        mut width: usize,
        architecture: &mut String,
        errors: &mut Errors,
    ) -> usize {
        let chain_start = self.ops.len();
        for (i, stage) in stages.iter().enumerate() {
            if i > 0 || !architecture.ends_with('(') {
                architecture.push_str(" → ");
            }
            let kind = stage.kind.to_string();
            check_arrows(&stage.wrong_arrows, errors);
            if !stage.body.is_empty() && kind != "Residual" {
                let msg = if LAYER_KINDS.contains(&kind.as_str())
                    || lookup(&kind, ACTIVATIONS).is_some()
                {
                    format!("`{kind}` takes no chain of layers; only `Residual(…)` does")
                } else {
                    format!(
                        "unknown block `{kind}`{}",
                        suggest(&kind, ["Residual"].into_iter())
                    )
                };
                errors.push(stage.kind.span(), msg);
                width = self.chain(&stage.body, width, architecture, errors);
                continue;
            }
            if PARAM_KINDS.contains(&kind.as_str()) {
                let mut layer = check_stage(stage, self.layers.len() + 1, width, errors);
                layer.name = self.unique(layer.name, stage, errors);
                architecture.push_str(&describe_layer(&layer));
                width = layer.outputs;
                self.ops.push(Op {
                    name: layer.name.clone(),
                    kind: OpKind::Layer(self.layers.len()),
                    act: layer.act,
                    width,
                });
                self.layers.push(layer);
            } else if kind == "Residual" {
                width = self.residual(stage, width, architecture, errors);
            } else if let Some(entry) = lookup(&kind, ACTIVATIONS) {
                let act = check_activation_stage(stage, entry, errors);
                if act.is("Softmax") {
                    check_softmax_width(width, stage.kind.span(), errors);
                }
                architecture.push_str(&act.describe());
                let fusable = self.ops.len() > chain_start
                    && stage.name.is_none()
                    && self.ops.last().is_some_and(|op| op.act.is("Identity"));
                if fusable {
                    let op = self.ops.last_mut().expect("checked above");
                    op.act = act;
                    if let OpKind::Layer(l) = op.kind {
                        self.layers[l].act = act;
                    }
                } else {
                    self.passes += 1;
                    let name = self.default_name(stage, "activation", self.passes);
                    let name = self.unique(name, stage, errors);
                    self.ops.push(Op {
                        name,
                        kind: OpKind::Pass,
                        act,
                        width,
                    });
                }
            } else {
                let candidates = LAYER_KINDS
                    .iter()
                    .copied()
                    .chain(ACTIVATIONS.iter().map(|a| a.name));
                errors.push(
                    stage.kind.span(),
                    format!("unknown layer `{kind}`{}", suggest(&kind, candidates)),
                );
                architecture.push_str(&kind);
            }
        }
        width
    }

    /// `Residual(chain)` or `Residual(chain, Activation)`: `a = g(x + chain(x))`. The chain must
    /// map `width` values to `width` values.
    fn residual(
        &mut self,
        stage: &Stage,
        width: usize,
        architecture: &mut String,
        errors: &mut Errors,
    ) -> usize {
        let from = self.ops.len();
        architecture.push_str("Residual(");
        let errors_before = errors.count();
        let out = self.chain(&stage.body, width, architecture, errors);
        // A size error inside the block (a nested block, a layer of size 0) already explains a
        // mismatch here: report the block's own only when its chain was clean.
        let inner_errors = errors.count() > errors_before;
        let mut act = Act::IDENTITY;
        let mut positional = stage.args.iter().filter_map(|a| match a {
            Arg::Positional(e) => Some(e),
            Arg::Option { .. } => None,
        });
        if let Some(e) = positional.next() {
            act = check_activation(peel(e), errors);
            if act.is("Softmax") {
                check_softmax_width(width, e.span(), errors);
            }
            architecture.push_str(&format!(", {}", act.describe()));
        }
        for extra in positional {
            errors.push(
                extra.span(),
                "unexpected argument: `Residual` takes its layers and, after a comma, an activation",
            );
        }
        for arg in &stage.args {
            if let Arg::Option { key, .. } = arg {
                errors.push(
                    key.span(),
                    format!("unknown option `{key}` for `Residual`: it takes its layers and an activation"),
                );
            }
        }
        architecture.push(')');
        if out != width && inner_errors {
            return out;
        }
        if out != width {
            // The fix names the block's last layer's own kind (a convolution's channels).
            let last = stage.body.last().map(|s| s.kind.to_string());
            let fix = match last.as_deref() {
                Some(k @ ("GRU" | "LSTM")) => format!("`{k}({width})`"),
                Some("Conv1D") => format!("`Conv1D({width}, …)` ({width} channels)"),
                _ => format!("`Dense({width})`"),
            };
            errors.add(stage.error(format!(
                "a residual block must map n values to n values, but this one maps {width} to {out}: \
                 its input is added to its output; make its last layer {fix}"
            )));
            // The block becomes a plain chain so that the expansion stays well typed.
            return out;
        }
        self.residuals += 1;
        let name = self.default_name(stage, "residual", self.residuals);
        let name = self.unique(name, stage, errors);
        self.ops.push(Op {
            name,
            kind: OpKind::Add { from },
            act,
            width,
        });
        width
    }

    /// The stage's own name, or `{prefix}{n}`.
    fn default_name(&self, stage: &Stage, prefix: &str, n: usize) -> Ident {
        stage
            .name
            .clone()
            .unwrap_or_else(|| Ident::new(&format!("{prefix}{n}"), stage.kind.span()))
    }

    /// Stage names become field names, so they must be distinct. (A duplicate is renamed after
    /// the error is recorded, so the fallback expansion adds no follow-on errors.)
    fn unique(&self, name: Ident, stage: &Stage, errors: &mut Errors) -> Ident {
        let taken = self.ops.iter().any(|op| op.name == name);
        if !taken {
            return name;
        }
        let span = stage.name.as_ref().map_or(stage.span, |n| n.span());
        errors.push(
            span,
            format!(
                "two layers are named `{name}`; layer names become field names and must differ"
            ),
        );
        Ident::new(&format!("__duplicate{}", self.ops.len() + 1), name.span())
    }
}

/// Stages are joined by `=>` (`->`, a function's return arrow, is read as `=>` by the parser so
/// that the rest of the chain is still checked).
fn check_arrows(arrows: &[syn::Token![->]], errors: &mut Errors) {
    for arrow in arrows {
        errors.add(syn::Error::new_spanned(
            arrow,
            "expected `=>` between layers, found `->`; write `=>`",
        ));
    }
}

/// An activation stage: `ReLU`, `ELU`, `ELU(0.5)`; no options.
fn check_activation_stage(
    stage: &Stage,
    entry: &'static ActivationDef,
    errors: &mut Errors,
) -> Act {
    let mut positional = Vec::new();
    for arg in &stage.args {
        match arg {
            Arg::Positional(e) => positional.push(e),
            Arg::Option { key, .. } => errors.push(
                key.span(),
                format!("unknown option `{key}`: an activation stage takes no options"),
            ),
        }
    }
    // `ReLU(bias = false)` is one mistake (the option), not also empty parentheses.
    let only_options = positional.is_empty() && !stage.args.is_empty();
    let args = (stage.parens && !only_options).then_some(positional);
    Act {
        def: entry,
        arg: resolve(&stage.kind, entry, args, errors),
    }
}

/// The softmax of a single value is the constant 1 (its gradient is zero), so a `Softmax` over
/// one value is a mistake, almost always for a `Sigmoid` output.
fn check_softmax_width(width: usize, span: Span, errors: &mut Errors) {
    if width == 1 {
        errors.push(
            span,
            "`Softmax` needs at least 2 values, found 1: the softmax of a single value is the \
             constant 1; use `Sigmoid` for one output",
        );
    }
}

/// A size is a positive integer literal: a layer of zero neurons (or zero inputs) cannot exist.
fn check_size(lit: &syn::LitInt, what: &str, errors: &mut Errors) -> usize {
    match lit.base10_parse::<usize>() {
        Ok(0) => {
            errors.push(lit.span(), format!("{what} must be at least 1, found `0`"));
            1
        }
        Ok(n) => n,
        Err(_) => {
            errors.push(
                lit.span(),
                format!("{what} must be a positive integer, found `{lit}`"),
            );
            1
        }
    }
}

/// How a layer reads in the architecture string: `Dense(4, ReLU)`, `LSTM(16)`,
/// `Conv1D(16, Tanh, kernel = 3, dilation = 2)`.
fn describe_layer(layer: &Layer) -> String {
    let no_bias = |bias: bool| if bias { "" } else { ", no bias" };
    match layer.kind {
        LayerKind::Dense { bias } => format!(
            "Dense({}, {}{})",
            layer.outputs,
            layer.act.describe(),
            no_bias(bias)
        ),
        LayerKind::Gru => format!("GRU({})", layer.outputs),
        LayerKind::Lstm => format!("LSTM({})", layer.outputs),
        LayerKind::Conv1d {
            kernel,
            dilation,
            bias,
        } => format!(
            "Conv1D({}, {}, kernel = {kernel}, dilation = {dilation}{})",
            layer.outputs,
            layer.act.describe(),
            no_bias(bias)
        ),
    }
}

/// What `kind` looks like written correctly, for the message when its size is missing.
fn example(kind: &str) -> &'static str {
    match kind {
        "GRU" => "`GRU(16)`",
        "LSTM" => "`LSTM(16)`",
        "Conv1D" => "`Conv1D(16, kernel = 3)` or `Conv1D(16, Tanh, kernel = 3, dilation = 2)`",
        _ => "`Dense(8)` or `Dense(8, ReLU)`",
    }
}

/// A stage is `Dense(size, activation?, options…)`, `GRU(size)`, `LSTM(size)` or
/// `Conv1D(channels, activation?, kernel = k, dilation = d, bias = …)`. The activation defaults
/// to `Identity`, `bias` to `true`, `dilation` to 1; a convolution's `kernel` is required
/// (PyTorch's `kernel_size` is). A GRU or LSTM takes no activation: its output is its hidden
/// state h, which the next step reads back.
fn check_stage(stage: &Stage, index: usize, fan_in: usize, errors: &mut Errors) -> Layer {
    debug_assert!(PARAM_KINDS.contains(&stage.kind.to_string().as_str()));
    let name = stage
        .name
        .clone()
        .unwrap_or_else(|| Ident::new(&format!("layer{index}"), stage.kind.span()));
    let mut layer = Layer {
        name,
        inputs: fan_in,
        outputs: 1,
        act: Act::IDENTITY,
        kind: LayerKind::Dense { bias: true },
    };
    let kind = stage.kind.to_string();
    layer.kind = match kind.as_str() {
        "GRU" => LayerKind::Gru,
        "LSTM" => LayerKind::Lstm,
        "Conv1D" => LayerKind::Conv1d {
            kernel: 1,
            dilation: 1,
            bias: true,
        },
        _ => LayerKind::Dense { bias: true },
    };
    if !LAYER_KINDS.contains(&kind.as_str()) {
        let msg = if lookup(&kind, ACTIVATIONS).is_some() {
            format!(
                "expected a layer, found the activation `{kind}`; write it inside a layer, as in `Dense(8, {kind})`"
            )
        } else {
            format!(
                "unknown layer `{kind}`{}",
                suggest(&kind, LAYER_KINDS.iter().copied())
            )
        };
        errors.push(stage.kind.span(), msg);
        return layer;
    }
    let mut positional = stage.args.iter().filter_map(|a| match a {
        Arg::Positional(e) => Some(e),
        Arg::Option { .. } => None,
    });
    let errors_before = errors.count();
    match positional.next().map(peel) {
        Some(Expr::Lit(ExprLit {
            lit: Lit::Int(lit), ..
        })) => layer.outputs = check_size(lit, "a layer's size", errors),
        Some(other) => errors.push(
            other.span(),
            format!(
                "expected the layer's size (an integer such as `8`), found `{}`",
                other.to_token_stream()
            ),
        ),
        None => errors.push(
            stage.span,
            format!("`{kind}` needs a size: expected {}", example(&kind)),
        ),
    }
    let size_ok = errors.count() == errors_before;
    let recurrent = matches!(layer.kind, LayerKind::Gru | LayerKind::Lstm);
    let act_arg = positional.next();
    if let Some(act) = act_arg.filter(|_| recurrent) {
        errors.push(
            act.span(),
            format!(
                "`{kind}` takes no activation: its output is its hidden state h, which its next \
                 step reads back; add an activation stage after it, as in `{kind}({}) => {}`",
                layer.outputs,
                act.to_token_stream()
            ),
        );
    } else if let Some(act) = act_arg {
        layer.act = check_activation(peel(act), errors);
        // (A bad size is already reported; the stand-in 1 is not the user's.)
        if layer.act.is("Softmax") && size_ok {
            check_softmax_width(layer.outputs, act.span(), errors);
        }
    }
    for extra in positional {
        let takes = match layer.kind {
            LayerKind::Dense { .. } => "a size, an activation and options such as `bias = false`",
            LayerKind::Conv1d { .. } => {
                "a number of channels, an activation and options such as `kernel = 3`"
            }
            LayerKind::Gru | LayerKind::Lstm => "only its size",
        };
        errors.push(
            extra.span(),
            format!("unexpected argument: `{kind}` takes {takes}"),
        );
    }
    let mut kernel = None;
    let mut seen: Vec<String> = Vec::new();
    for arg in &stage.args {
        if let Arg::Option { key, value } = arg {
            let k = key.to_string();
            // Each option once: a repeat would otherwise silently override the first.
            if seen.contains(&k) {
                errors.push(
                    key.span(),
                    format!("`{k}` is given twice in this layer; remove one"),
                );
                continue;
            }
            seen.push(k.clone());
            match (&mut layer.kind, k.as_str()) {
                (LayerKind::Dense { bias } | LayerKind::Conv1d { bias, .. }, "bias") => {
                    match peel(value) {
                        Expr::Lit(ExprLit {
                            lit: Lit::Bool(b), ..
                        }) => *bias = b.value,
                        other => errors.push(
                            other.span(),
                            format!(
                                "expected `true` or `false` for `bias`, found `{}`",
                                other.to_token_stream()
                            ),
                        ),
                    }
                }
                (LayerKind::Conv1d { kernel: slot, .. }, "kernel") => {
                    kernel = Some(conv_option(value, "kernel", errors));
                    *slot = kernel.flatten().unwrap_or(1);
                }
                (LayerKind::Conv1d { dilation, .. }, "dilation") => {
                    *dilation = conv_option(value, "dilation", errors).unwrap_or(1);
                }
                (LayerKind::Dense { .. }, _) => errors.push(
                    key.span(),
                    format!(
                        "unknown option `{k}` for `Dense`{}",
                        suggest(&k, DENSE_OPTIONS.iter().copied())
                    ),
                ),
                (LayerKind::Conv1d { .. }, _) => errors.push(
                    key.span(),
                    format!(
                        "unknown option `{k}` for `Conv1D`{}; it takes `kernel = k`, \
                         `dilation = d` and `bias = false`",
                        suggest(&k, CONV_OPTIONS.iter().copied())
                    ),
                ),
                (LayerKind::Gru | LayerKind::Lstm, _) => errors.push(
                    key.span(),
                    format!(
                        "unknown option `{k}` for `{kind}`: it takes only its size \
                         (PyTorch's defaults: with biases, one layer, one direction)"
                    ),
                ),
            }
        }
    }
    if matches!(layer.kind, LayerKind::Conv1d { .. }) && kernel.is_none() {
        errors.add(stage.error(format!(
            "`Conv1D` needs a kernel size: write `Conv1D({}, kernel = 3)` (the dilation defaults \
             to 1)",
            layer.outputs
        )));
    }
    layer
}

/// A convolution's `kernel = k` or `dilation = d`: a positive integer literal. `None` (after the
/// error) when it is not.
fn conv_option(value: &Expr, what: &str, errors: &mut Errors) -> Option<usize> {
    match peel(value) {
        Expr::Lit(ExprLit {
            lit: Lit::Int(lit), ..
        }) => match lit.base10_parse::<usize>() {
            Ok(0) => {
                errors.push(
                    lit.span(),
                    format!(
                        "a convolution's `{what}` must be at least 1, found `0`{}",
                        if what == "kernel" {
                            ": a kernel of size 1 maps each step alone"
                        } else {
                            ": dilation 1 reads consecutive steps"
                        }
                    ),
                );
                None
            }
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(
                    lit.span(),
                    format!("`{what}` must be a positive integer, found `{lit}`"),
                );
                None
            }
        },
        other => {
            errors.push(
                other.span(),
                format!(
                    "expected a positive integer for `{what}`, found `{}`",
                    other.to_token_stream()
                ),
            );
            None
        }
    }
}

/// An activation is one of [`ACTIVATIONS`], written `Name` or `Name(argument)` for those that take
/// one.
fn check_activation(expr: &Expr, errors: &mut Errors) -> Act {
    let Some((ident, args)) = name_and_args(expr) else {
        errors.push(
            expr.span(),
            format!(
                "expected an activation such as `ReLU` or `ELU(0.5)`, found `{}`",
                expr.to_token_stream()
            ),
        );
        return Act::IDENTITY;
    };
    let name = ident.to_string();
    let Some(entry) = lookup(&name, ACTIVATIONS) else {
        errors.push(
            ident.span(),
            unknown_name("activation", &name, ACTIVATIONS, ACTIVATION_ALIASES),
        );
        return Act::IDENTITY;
    };
    Act {
        def: entry,
        arg: resolve(&ident, entry, args, errors),
    }
}

/// The argument of `entry` given its arguments as written (checked; the default where there is
/// none or it is wrong, 0 for a name without one).
fn resolve(ident: &Ident, entry: &dyn Named, args: Option<Vec<&Expr>>, errors: &mut Errors) -> f64 {
    let default = entry.param().map(|p| p.default);
    let arg = check_argument(ident, entry.name(), default, args, errors);
    arg.or(default).unwrap_or(0.0)
}

/// A name must be spelt exactly; a different capitalisation is reported with the right one.
fn lookup<D: Named>(name: &str, table: &'static [D]) -> Option<&'static D> {
    table.iter().find(|e| e.name() == name)
}

/// ``unknown loss `MSEE`; did you mean `MSE`? expected one of `MSE`, `MAE`, …``: the closest
/// name (or the one an alias stands for), then every name, so the page needs no manual.
fn unknown_name<D: Named>(
    what: &str,
    found: &str,
    table: &[D],
    aliases: &[(&str, &str)],
) -> String {
    let names = table.iter().map(|e| e.name());
    let fix = alias(found, aliases)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_else(|| suggest(found, names.clone()));
    let all: Vec<String> = names.map(|n| format!("`{n}`")).collect();
    let sep = if fix.is_empty() { ";" } else { "" };
    format!(
        "unknown {what} `{found}`{fix}{sep} expected one of {}",
        all.join(", ")
    )
}

/// The name `found` stands for in `aliases`, compared without case or underscores
/// (`mean_squared_error` is Keras's `MeanSquaredError`).
fn alias<'a>(found: &str, aliases: &[(&str, &'a str)]) -> Option<&'a str> {
    let key = |s: &str| s.replace('_', "").to_lowercase();
    let found = key(found);
    aliases
        .iter()
        .find(|(other, _)| key(other) == found)
        .map(|&(_, name)| name)
}

/// `Name` → no arguments; `Name(a, …)` → the arguments.
fn name_and_args(expr: &Expr) -> Option<(Ident, Option<Vec<&Expr>>)> {
    match peel(expr) {
        Expr::Path(p) => p.path.get_ident().map(|i| (i.clone(), None)),
        Expr::Call(call) => match &*call.func {
            Expr::Path(p) => p
                .path
                .get_ident()
                .map(|i| (i.clone(), Some(call.args.iter().collect()))),
            _ => None,
        },
        _ => None,
    }
}

/// An argument, where the name takes one, is a single number literal; a name without one takes
/// no parentheses.
fn check_argument(
    ident: &Ident,
    canonical: &str,
    default: Option<f64>,
    args: Option<Vec<&Expr>>,
    errors: &mut Errors,
) -> Option<f64> {
    let args = args?;
    match (default, args.as_slice()) {
        (None, []) => {
            errors.push(
                ident.span(),
                format!("`{canonical}` takes no arguments; write `{canonical}`"),
            );
            None
        }
        (None, [first, ..]) => {
            errors.push(
                first.span(),
                format!("`{canonical}` takes no arguments; write `{canonical}`"),
            );
            None
        }
        (Some(d), []) => {
            errors.push(
                ident.span(),
                format!(
                    "`{canonical}()` needs its argument, or no parentheses for the default ({d})"
                ),
            );
            None
        }
        (Some(_), [one]) => match number(one) {
            Some(v) if v.is_finite() => Some(v),
            _ => {
                errors.push(
                    one.span(),
                    format!(
                        "expected a number for `{canonical}`, found `{}`",
                        one.to_token_stream()
                    ),
                );
                None
            }
        },
        (Some(_), [_, second, ..]) => {
            errors.push(second.span(), format!("`{canonical}` takes one argument"));
            None
        }
    }
}

/// A number literal, optionally negated: `0.5`, `1`, `-2.0`.
fn number(expr: &Expr) -> Option<f64> {
    match peel(expr) {
        Expr::Lit(ExprLit {
            lit: Lit::Float(f), ..
        }) => f.base10_parse().ok(),
        Expr::Lit(ExprLit {
            lit: Lit::Int(i), ..
        }) => i.base10_parse::<i64>().ok().map(|v| v as f64),
        Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) => number(&u.expr).map(|v| -v),
        Expr::Paren(p) => number(&p.expr),
        _ => None,
    }
}

/// Looks through the invisible groups that `macro_rules!` wraps around a forwarded `$x:literal`
/// or `$x:expr`, so a definition written inside another macro reads the same.
fn peel(expr: &Expr) -> &Expr {
    match expr {
        Expr::Group(g) => peel(&g.expr),
        other => other,
    }
}

/// Clauses are `loss = …` (at most once) and `unroll = N` (at most once).
fn check_clauses(
    clauses: &[Clause],
    last_act: Act,
    errors: &mut Errors,
) -> (Option<LossKind>, usize) {
    let mut loss = None;
    let mut unroll = DEFAULT_UNROLL;
    let mut seen: Vec<String> = Vec::new();
    for clause in clauses {
        let key = clause.key.to_string();
        if seen.contains(&key) {
            errors.push(clause.key.span(), format!("`{key}` is given twice"));
            continue;
        }
        seen.push(key.clone());
        let value = match (&clause.value, key.as_str()) {
            (Some(value), _) => value,
            // `loss =` and nothing: the error goes on the `=`, with what belongs after it.
            (None, "loss") => {
                let losses: Vec<String> = LOSSES.iter().map(|l| format!("`{}`", l.name)).collect();
                errors.push(
                    clause.eq.span,
                    format!("expected a loss after `=`, one of {}", losses.join(", ")),
                );
                continue;
            }
            (None, "unroll") => {
                errors.push(
                    clause.eq.span,
                    "expected a number of weights after `=`, such as `unroll = 64`",
                );
                continue;
            }
            (None, _) => {
                errors.push(
                    clause.key.span(),
                    format!(
                        "unknown clause `{key}`{}",
                        suggest(&key, CLAUSES.iter().copied())
                    ),
                );
                continue;
            }
        };
        match key.as_str() {
            "loss" => loss = Some(check_loss(value, last_act, errors)),
            "unroll" => match peel(value) {
                Expr::Lit(ExprLit {
                    lit: Lit::Int(i), ..
                }) => match i.base10_parse::<usize>() {
                    Ok(n) => unroll = n,
                    Err(_) => errors.push(i.span(), "expected a non-negative integer for `unroll`"),
                },
                other => errors.push(
                    other.span(),
                    format!(
                        "expected a number of weights for `unroll`, found `{}`",
                        other.to_token_stream()
                    ),
                ),
            },
            _ => errors.push(
                clause.key.span(),
                format!(
                    "unknown clause `{key}`{}",
                    suggest(&key, CLAUSES.iter().copied())
                ),
            ),
        }
    }
    (loss, unroll)
}

/// A loss is one of [`LOSSES`]; `CrossEntropy` needs a `Softmax` output and `BCE` a `Sigmoid`
/// output, because they are computed from that layer's logits.
fn check_loss(expr: &Expr, last: Act, errors: &mut Errors) -> LossKind {
    let Some((ident, args)) = name_and_args(expr) else {
        errors.push(
            expr.span(),
            format!(
                "expected a loss such as `MSE` or `Huber(0.5)`, found `{}`",
                expr.to_token_stream()
            ),
        );
        return LossKind::MSE;
    };
    let name = ident.to_string();
    let Some(entry) = lookup(&name, LOSSES) else {
        errors.push(
            ident.span(),
            unknown_name("loss", &name, LOSSES, LOSS_ALIASES),
        );
        return LossKind::MSE;
    };
    let loss = LossKind {
        def: entry,
        arg: resolve(&ident, entry, args, errors),
    };
    if let Some(param) = entry
        .param
        .as_ref()
        .filter(|p| p.positive && loss.arg <= 0.0)
    {
        errors.push(
            expr.span(),
            format!(
                "`{name}`'s {} must be positive, found {}",
                param.label, loss.arg
            ),
        );
    }
    match entry.fused_with {
        Some(act) if !last.is(act) => {
            errors.push(
                ident.span(),
                format!(
                    "`{name}` expects a `{act}` output layer, but the last layer's activation is `{}`; write `{act}` as the last layer's activation",
                    last.name(),
                ),
            );
            LossKind::MSE
        }
        _ => loss,
    }
}

/// `; did you mean `X`?` for the closest candidate, if one is close enough.
fn suggest<'a>(found: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let lower = found.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = if c.to_lowercase() == lower {
            0
        } else {
            levenshtein(&lower, &c.to_lowercase())
        };
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    match best {
        Some((d, c)) if d <= 2.max(found.chars().count() / 3) => format!("; did you mean `{c}`?"),
        _ => String::new(),
    }
}

/// Edit distance between two strings (insertions, deletions, substitutions).
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            suggest("Sigmod", ACTIVATIONS.iter().map(|a| a.name)),
            "; did you mean `Sigmoid`?"
        );
        assert_eq!(
            suggest("relu", ACTIVATIONS.iter().map(|a| a.name)),
            "; did you mean `ReLU`?"
        );
        assert_eq!(suggest("Gaussian", ACTIVATIONS.iter().map(|a| a.name)), "");
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }

    /// The messages `network!` reports for `src`, in order (parse errors included).
    fn messages(src: &str) -> Vec<String> {
        let input = match syn::parse_str::<crate::ast::Input>(src) {
            Ok(input) => input,
            Err(e) => return e.into_iter().map(|e| e.to_string()).collect(),
        };
        let defs: Vec<&Definition> = match &input {
            crate::ast::Input::Items(items) => items.iter().map(|i| &i.def).collect(),
            crate::ast::Input::Expr(def) => vec![def],
        };
        let mut errors = Errors::default();
        for def in defs {
            check_definition(def, &mut errors);
        }
        errors
            .finish()
            .map_or_else(Vec::new, |e| e.into_iter().map(|e| e.to_string()).collect())
    }

    #[test]
    fn every_name_resolves_to_its_own_value() {
        for e in ACTIVATIONS {
            let src = format!("2 => Dense(2, {})", e.name);
            let def = syn::parse_str::<Definition>(&src).unwrap();
            let mut errors = Errors::default();
            let model = check_definition(&def, &mut errors);
            assert_eq!(errors.count(), 0, "{}", e.name);
            assert_eq!(model.layers[0].act.name(), e.name);
            assert_eq!(
                model.layers[0].act.arg,
                e.param.as_ref().map_or(0.0, |p| p.default)
            );
        }
        for e in LOSSES {
            // Each loss with the output it needs (CrossEntropy: Softmax, BCE: Sigmoid).
            let resolved: Vec<_> = ["Softmax", "Sigmoid"]
                .iter()
                .filter_map(|act| {
                    let src = format!("2 => Dense(2, {act}); loss = {}", e.name);
                    let def = syn::parse_str::<Definition>(&src).unwrap();
                    let mut errors = Errors::default();
                    let model = check_definition(&def, &mut errors);
                    (errors.count() == 0).then_some(model.loss)
                })
                .collect();
            assert!(!resolved.is_empty(), "{}", e.name);
            for loss in resolved {
                assert_eq!(loss.map(LossKind::name), Some(e.name), "{}", e.name);
            }
        }
    }

    #[test]
    fn an_option_given_twice_is_an_error_on_the_second() {
        assert_eq!(
            messages("2 => Dense(4, ReLU, bias = false, bias = true) => Dense(1)"),
            ["`bias` is given twice in this layer; remove one"]
        );
        // Unknown options given twice: the name once, then the repeat.
        let m = messages("2 => Dense(4, biass = false, biass = true)");
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(m[0].starts_with("unknown option `biass`"));
        assert_eq!(m[1], "`biass` is given twice in this layer; remove one");
    }

    #[test]
    fn softmax_needs_two_values() {
        let one = "`Softmax` needs at least 2 values, found 1: the softmax of a single value is \
                   the constant 1; use `Sigmoid` for one output";
        assert_eq!(messages("2 => Dense(1, Softmax)"), [one]);
        assert_eq!(messages("2 => Dense(1) => Softmax"), [one]);
        assert_eq!(messages("2 => Dense(1, ReLU) => Softmax"), [one]);
        assert_eq!(messages("1 => Softmax => Dense(2)"), [one]);
        assert_eq!(
            messages("2 => Dense(1) => Residual(Dense(1), Softmax)"),
            [one]
        );
        assert!(messages("2 => Dense(2, Softmax) => Dense(3) => Softmax").is_empty());
        // A bad size is reported alone: its stand-in 1 is not the user's.
        assert_eq!(
            messages("2 => Dense(0, Softmax)"),
            ["a layer's size must be at least 1, found `0`"]
        );
    }

    #[test]
    fn a_clause_without_a_value_is_an_error_on_the_equals_sign() {
        let loss = "expected a loss after `=`, one of `MSE`, `MAE`, `Huber`, `CrossEntropy`, `BCE`";
        assert_eq!(messages("2 => Dense(1); loss ="), [loss]);
        assert_eq!(messages("2 => Dense(1); loss = ; unroll = 3"), [loss]);
        assert_eq!(
            messages("struct A: 2 => Dense(1); loss = struct B: 2 => Dense(1)"),
            [loss]
        );
        assert_eq!(
            messages("2 => Dense(1); unroll ="),
            ["expected a number of weights after `=`, such as `unroll = 64`"]
        );
        assert_eq!(
            messages("2 => Dense(1); loss"),
            ["expected `=` and a value after `loss`, as in `loss = MSE`"]
        );
    }

    #[test]
    fn a_thin_arrow_is_read_as_a_fat_one_and_reported() {
        let arrow = "expected `=>` between layers, found `->`; write `=>`";
        assert_eq!(messages("2 -> Dense(1)"), [arrow]);
        assert_eq!(messages("2 => Dense(4) -> Dense(1); loss = MSE"), [arrow]);
        assert_eq!(
            messages("2 => Dense(4) => Residual(Dense(4) -> Dense(4)) => Dense(1)"),
            [arrow]
        );
        // The rest of the chain is still checked.
        assert_eq!(
            messages("2 -> Dense(4, Sigmod) -> Dense(1)"),
            [
                arrow,
                arrow,
                "unknown activation `Sigmod`; did you mean `Sigmoid`? expected one of \
                 `Identity`, `Sigmoid`, `Tanh`, `Step`, `Softplus`, `ReLU`, `Softsign`, `ELU`, \
                 `LogSigmoid`, `Swish`, `Sinc`, `LeakyReLU`, `Mish`, `Softmax`"
            ]
        );
        let m = messages("2 => Dense(4) => Resdual(Dense(4) -> Dense(4))");
        assert_eq!(m.len(), 2, "{m:?}");
        assert_eq!(m[0], arrow);
        assert!(m[1].starts_with("unknown block `Resdual`"));
    }

    #[test]
    fn unknown_names_suggest_aliases_and_list_the_names() {
        let losses = "expected one of `MSE`, `MAE`, `Huber`, `CrossEntropy`, `BCE`";
        for (alias, name) in [
            ("MeanSquaredError", "MSE"),
            ("mean_squared_error", "MSE"),
            ("CrossEntropyLoss", "CrossEntropy"),
            ("BCELoss", "BCE"),
            ("binary_crossentropy", "BCE"),
            ("L1Loss", "MAE"),
            ("HuberLoss", "Huber"),
            ("SmoothL1", "Huber"),
            ("MSEE", "MSE"),
        ] {
            assert_eq!(
                messages(&format!("2 => Dense(1); loss = {alias}")),
                [format!(
                    "unknown loss `{alias}`; did you mean `{name}`? {losses}"
                )]
            );
        }
        assert_eq!(
            messages("2 => Dense(1); loss = Hinge"),
            [format!("unknown loss `Hinge`; {losses}")]
        );
        let m = messages("2 => Dense(1, Linear)");
        assert!(
            m[0].starts_with(
                "unknown activation `Linear`; did you mean `Identity`? expected one of `Identity`,"
            ),
            "{m:?}"
        );
        let m = messages("2 => Dense(1, SiLU)");
        assert!(
            m[0].starts_with("unknown activation `SiLU`; did you mean `Swish`?"),
            "{m:?}"
        );
        let m = messages("2 => Dense(1, Gaussian)");
        assert!(
            m[0].starts_with("unknown activation `Gaussian`; expected one of `Identity`,"),
            "{m:?}"
        );
    }

    #[test]
    fn sequence_layers_are_checked_without_panics() {
        assert!(messages("1 => GRU(8) => LSTM(4) => Tanh => Conv1D(2, kernel = 3, dilation = 2, bias = false) => Dense(1); loss = MSE").is_empty());
        assert_eq!(
            messages("1 => GRU()"),
            ["`GRU` needs a size: expected `GRU(16)`"]
        );
        assert_eq!(
            messages("1 => Conv1D(kernel = 2)"),
            [
                "`Conv1D` needs a size: expected `Conv1D(16, kernel = 3)` or `Conv1D(16, Tanh, kernel = 3, dilation = 2)`"
            ]
        );
        assert_eq!(
            messages("1 => Conv1D(4, kernel = x)"),
            ["expected a positive integer for `kernel`, found `x`"]
        );
        assert_eq!(
            messages("1 => Conv1D(4, kernel = 2, kernel = 3)"),
            ["`kernel` is given twice in this layer; remove one"]
        );
        assert_eq!(
            messages("1 => LSTM(4, Tanh, 3)"),
            [
                "`LSTM` takes no activation: its output is its hidden state h, which its next \
                 step reads back; add an activation stage after it, as in `LSTM(4) => Tanh`",
                "unexpected argument: `LSTM` takes only its size"
            ]
        );
        let m = messages("1 => Conv1D(4, kernel = 2, dilatation = 2)");
        assert!(
            m[0].starts_with("unknown option `dilatation` for `Conv1D`; did you mean `dilation`?"),
            "{m:?}"
        );
        let m = messages("1 => Gru(4)");
        assert!(
            m[0].starts_with("unknown layer `Gru`; did you mean `GRU`?"),
            "{m:?}"
        );
    }
}
