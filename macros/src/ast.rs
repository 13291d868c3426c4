//! The grammar of `network!`: syntax trees that keep every token's span.
//!
//! Parsing is deliberately loose where a mistake is likely (layer kinds, activation names,
//! options and clause names are parsed as any identifier): `check.rs` then reports every bad
//! name at once with a suggestion, instead of stopping at the first.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, Ident, LitInt, Token, Visibility, braced, parenthesized};

/// The whole input: one or more item definitions, or one expression-form chain.
pub enum Input {
    /// `pub struct A: … ; loss = … pub struct B: …`
    Items(Vec<ItemNet>),
    /// `2 => Dense(4, Tanh) => Dense(1); loss = MSE`
    Expr(Definition),
}

/// A named network:
///
/// ```text
/// /// docs
/// #[attrs]
/// pub struct SeedNet: 2 => Dense(2, Sigmoid) => Dense(2, Sigmoid); loss = MSE
/// ```
pub struct ItemNet {
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    pub name: Ident,
    pub def: Definition,
}

/// `2 => Dense(2, Sigmoid) => Dense(2, Sigmoid); loss = MSE; unroll = 64`
pub struct Definition {
    /// The input size, the integer before the first `=>`.
    pub input: LitInt,
    /// The stages after the input, in order.
    pub stages: Vec<Stage>,
    /// `key = value` clauses after the chain.
    pub clauses: Vec<Clause>,
    /// `->` written between stages where `=>` belongs: read as `=>` so the rest is still
    /// checked, and reported by the checker.
    pub wrong_arrows: Vec<Token![->]>,
}

/// One stage of the chain: a layer `Dense(8, ReLU)`, an activation `ReLU` / `ELU(0.5)`, or a
/// residual block `Residual(Dense(4, ReLU) => Dense(4))`, each optionally named (`hidden: …`).
pub struct Stage {
    /// The optional `name:` prefix.
    pub name: Option<Ident>,
    /// The stage kind (`Dense`, `Residual`, or an activation name), as written.
    pub kind: Ident,
    /// The arguments in parentheses (for `Residual`, those after its chain).
    pub args: Punctuated<Arg, Token![,]>,
    /// Whether the kind was followed by parentheses (`ELU()` against `ELU`).
    pub parens: bool,
    /// The chain inside a `Residual(…)` block; empty for every other kind.
    pub body: Vec<Stage>,
    /// `->` written between the block's stages where `=>` belongs (see
    /// [`Definition::wrong_arrows`]).
    pub wrong_arrows: Vec<Token![->]>,
    /// Span of the whole stage, for errors about the layer as a whole.
    pub span: Span,
    /// Span of the closing parenthesis (or of the kind when there is none): with `span`, an
    /// error can underline the whole stage on stable Rust, where spans cannot be joined.
    pub end: Span,
}

/// One argument of a layer: a size `8`, an activation `ReLU` / `ELU(0.5)`, or an option
/// `bias = false`.
pub enum Arg {
    /// `name = value`
    Option { key: Ident, value: Expr },
    /// Anything else: an integer size or an activation call.
    Positional(Expr),
}

/// `loss = MSE`, `loss = Huber(0.5)`, `unroll = 64`.
pub struct Clause {
    pub key: Ident,
    pub eq: Token![=],
    /// `None` when nothing follows the `=` (`loss =`): the checker reports it on the `=` with
    /// the values the clause takes.
    pub value: Option<Expr>,
}

impl Parse for Input {
    /// Item form when the input starts with attributes, a visibility or `struct`; otherwise the
    /// expression form.
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(LitInt) {
            let def: Definition = input.parse()?;
            return Ok(Input::Expr(def));
        }
        let mut items = Vec::new();
        while !input.is_empty() {
            items.push(input.parse()?);
        }
        if items.is_empty() {
            return Err(syn::Error::new(
                Span::call_site(),
                "expected a network definition such as `pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE`",
            ));
        }
        Ok(Input::Items(items))
    }
}

impl Parse for ItemNet {
    /// `#[attrs] pub struct Name: <definition>`
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        if !input.peek(Token![struct]) {
            return Err(input.error(
                "expected `struct Name: …` (a named network) or an input size (an unnamed network)",
            ));
        }
        input.parse::<Token![struct]>()?;
        let name: Ident = input.parse()?;
        if input.peek(Token![<]) {
            return Err(input.error(
                "a network takes no generic parameters: it is generic over its scalar already (`Name<T = f32>`)",
            ));
        }
        if input.peek(syn::token::Brace) {
            let content;
            braced!(content in input);
            let _ = content;
            return Err(syn::Error::new(
                name.span(),
                "expected `:` and the layers after the name, as in `struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid)`",
            ));
        }
        input.parse::<Token![:]>()?;
        let def = Definition::parse_item(input)?;
        Ok(ItemNet {
            attrs,
            vis,
            name,
            def,
        })
    }
}

impl Parse for Definition {
    /// `2 => Stage => Stage ; key = value ; key = value`, up to the end of the input.
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut def = Definition::parse_chain(input)?;
        while input.peek(Token![;]) {
            input.parse::<Token![;]>()?;
            if input.is_empty() {
                break;
            }
            def.clauses.push(input.parse()?);
        }
        if !input.is_empty() {
            return Err(
                input.error("expected `=>` and a layer, or `;` and a clause such as `loss = MSE`")
            );
        }
        Ok(def)
    }
}

impl Definition {
    /// The chain and clauses of an item, which ends where the next item starts.
    fn parse_item(input: ParseStream) -> syn::Result<Self> {
        let mut def = Definition::parse_chain(input)?;
        while input.peek(Token![;]) {
            input.parse::<Token![;]>()?;
            // A clause is `ident =`; anything else starts the next item.
            if input.peek(Ident) && input.peek2(Token![=]) && !input.peek2(Token![=>]) {
                def.clauses.push(input.parse()?);
            } else {
                break;
            }
        }
        let next_item =
            input.peek(Token![#]) || input.peek(Token![pub]) || input.peek(Token![struct]);
        if !input.is_empty() && !next_item {
            return Err(
                input.error("expected `=>` and a layer, or `;` and a clause such as `loss = MSE`")
            );
        }
        Ok(def)
    }

    /// `2 => Stage => Stage …`
    fn parse_chain(input: ParseStream) -> syn::Result<Self> {
        if !input.peek(LitInt) {
            let what = match input.cursor().token_tree() {
                Some((tt, _)) => format!("`{tt}`"),
                None => "nothing".to_string(),
            };
            return Err(input.error(format!(
                "expected the input size (an integer such as `2`) before the first layer, found {what}"
            )));
        }
        let input_size: LitInt = input.parse()?;
        let mut stages = Vec::new();
        let mut wrong_arrows = Vec::new();
        while parse_arrow(input, &mut wrong_arrows)? {
            stages.push(input.parse()?);
        }
        if stages.is_empty() {
            return Err(syn::Error::new(
                input_size.span(),
                "expected at least one layer after the input size, as in `2 => Dense(1, Sigmoid)`",
            ));
        }
        Ok(Definition {
            input: input_size,
            stages,
            clauses: Vec::new(),
            wrong_arrows,
        })
    }
}

impl Parse for Stage {
    /// `Dense(8, ReLU, bias = false)`, `hidden: Dense(8, ReLU)`, `ReLU`, `ELU(0.5)` or
    /// `Residual(Dense(4, ReLU) => Dense(4))` (with an optional `, Activation` after the chain).
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name = if input.peek(Ident) && input.peek2(Token![:]) && !input.peek2(Token![::]) {
            let n: Ident = input.parse()?;
            input.parse::<Token![:]>()?;
            Some(n)
        } else {
            None
        };
        if !input.peek(Ident) {
            return Err(input.error(
                "expected a layer such as `Dense(8, ReLU)`, an activation such as `ReLU`, or a `Residual(…)` block",
            ));
        }
        let kind: Ident = input.parse()?;
        let start = kind.span();
        if !input.peek(syn::token::Paren) {
            return Ok(Stage {
                name,
                kind,
                args: Punctuated::new(),
                parens: false,
                body: Vec::new(),
                wrong_arrows: Vec::new(),
                span: start,
                end: start,
            });
        }
        let content;
        let paren = parenthesized!(content in input);
        let span = start.join(paren.span.close()).unwrap_or(start);
        let mut body = Vec::new();
        let mut wrong_arrows = Vec::new();
        // A chain in parentheses is a block; a misspelt `Residual` is parsed as one too, so that
        // the checker can suggest the name instead of a parse error at the first `=>`.
        if kind == "Residual" || has_arrow(&content) {
            if content.is_empty() {
                return Err(syn::Error::new(
                    span,
                    "expected the block's layers inside `Residual(…)`, as in `Residual(Dense(4, ReLU) => Dense(4))`",
                ));
            }
            body.push(content.parse()?);
            while parse_arrow(&content, &mut wrong_arrows)? {
                body.push(content.parse()?);
            }
            if !content.is_empty() {
                content.parse::<Token![,]>().map_err(|_| {
                    content.error(
                        "expected `=>` and the next layer of the block, or `,` and an activation",
                    )
                })?;
            }
        }
        let args = content.parse_terminated(Arg::parse, Token![,])?;
        Ok(Stage {
            name,
            kind,
            args,
            parens: true,
            body,
            wrong_arrows,
            span,
            end: paren.span.close(),
        })
    }
}

/// The arrow between two stages: `=>`, or `->` written in its place, which is read as `=>`
/// (so the stages after it are still checked) and recorded in `wrong` for the checker to
/// report. `Ok(false)` when no arrow follows.
fn parse_arrow(input: ParseStream, wrong: &mut Vec<Token![->]>) -> syn::Result<bool> {
    if input.peek(Token![=>]) {
        input.parse::<Token![=>]>()?;
        Ok(true)
    } else if input.peek(Token![->]) {
        wrong.push(input.parse()?);
        Ok(true)
    } else {
        Ok(false)
    }
}

/// Whether `=>` (or `->` written for it) appears at the top level of the stream (outside any
/// nested group).
fn has_arrow(content: ParseStream) -> bool {
    let fork = content.fork();
    let mut cursor = fork.cursor();
    while let Some((tt, next)) = cursor.token_tree() {
        if let (proc_macro2::TokenTree::Punct(p), Some((proc_macro2::TokenTree::Punct(q), _))) =
            (&tt, next.token_tree())
            && (p.as_char() == '=' || p.as_char() == '-')
            && p.spacing() == proc_macro2::Spacing::Joint
            && q.as_char() == '>'
        {
            return true;
        }
        cursor = next;
    }
    false
}

impl Stage {
    /// An error underlining the whole stage, from its kind to its closing parenthesis.
    pub fn error(&self, msg: impl std::fmt::Display) -> syn::Error {
        // Two placeholder tokens carry the first and the last span (`new_spanned` reads only
        // the spans).
        let tokens: proc_macro2::TokenStream = [
            proc_macro2::TokenTree::Ident(Ident::new("stage", self.span)),
            proc_macro2::TokenTree::Ident(Ident::new("end", self.end)),
        ]
        .into_iter()
        .collect();
        syn::Error::new_spanned(tokens, msg)
    }
}

impl Parse for Arg {
    /// `8`, `ReLU`, `ELU(0.5)` or `bias = false`.
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(Ident) && input.peek2(Token![=]) && !input.peek2(Token![==]) {
            let key: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            let value: Expr = input.parse()?;
            return Ok(Arg::Option { key, value });
        }
        Ok(Arg::Positional(input.parse()?))
    }
}

impl Parse for Clause {
    /// `loss = MSE`; also `loss =` with nothing after it (up to the next `;`, the next network
    /// or the end), which the checker reports.
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if !input.peek(Ident) {
            return Err(input.error("expected a clause such as `loss = MSE`"));
        }
        let key: Ident = input.parse()?;
        if !input.peek(Token![=]) {
            return Err(syn::Error::new(
                key.span(),
                format!("expected `=` and a value after `{key}`, as in `loss = MSE`"),
            ));
        }
        let eq: Token![=] = input.parse()?;
        let nothing = input.is_empty()
            || input.peek(Token![;])
            || input.peek(Token![#])
            || input.peek(Token![pub])
            || input.peek(Token![struct]);
        let value = if nothing { None } else { Some(input.parse()?) };
        Ok(Clause { key, eq, value })
    }
}
