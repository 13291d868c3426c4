//! The shared lists of `support/lists.rs` name every optimizer and scheduler of the runtime:
//! the types that implement `Optimizer` and `Scheduler` in `runtime/src`, read from the source (every file, wherever a type lives)
//! so that a new one (in whatever file) fails this test until it is listed, and the compiler
//! then asks every iterating test for it. Only public types count: a private adapter that
//! implements the trait is nothing a user builds.

use std::collections::BTreeSet;
use std::path::Path;

#[path = "support/lists.rs"]
mod lists;

use lists::{OptimizerKind, SchedulerKind};

/// The types `T` of every `impl<…> {trait}… for T<…>` line in the `.rs` files under `dir`.
fn implementors(dir: &Path, trait_: &str, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            implementors(&path, trait_, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                let Some(rest) = line.strip_prefix("impl") else {
                    continue;
                };
                let Some((before, after)) = rest.split_once(" for ") else {
                    continue;
                };
                let last = before.trim_end().rsplit(' ').next().unwrap_or("");
                let named = last.rsplit("::").next().unwrap_or("");
                if named == trait_ || named.starts_with(&format!("{trait_}<")) {
                    let ty: String = after
                        .trim_start()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    out.insert(ty);
                }
            }
        }
    }
}

/// The names of the `pub struct`s in the `.rs` files under `dir`: the types a user can build.
fn public_structs(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            public_structs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                if let Some(rest) = line.trim_start().strip_prefix("pub struct ") {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    out.insert(name);
                }
            }
        }
    }
}

fn check(trait_: &str, listed: impl Iterator<Item = &'static str>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeSet::new();
    implementors(&src, trait_, &mut found);
    // NOTE: a private type that implements the trait (the Trainer's `LbfgsRate`, which shows
    // L-BFGS to the hooks as an optimizer) is no optimizer a user builds or a test iterates.
    let mut public = BTreeSet::new();
    public_structs(&src, &mut public);
    found.retain(|ty| public.contains(ty));
    let listed: BTreeSet<String> = listed.map(String::from).collect();
    assert!(
        !found.is_empty(),
        "no `impl {trait_} for` found under {}",
        src.display()
    );
    assert_eq!(
        found, listed,
        "runtime/tests/support/lists.rs must list every type implementing {trait_} (left: the \
         source, right: the list)"
    );
}

#[test]
fn every_optimizer_is_listed() {
    check(
        "Optimizer",
        OptimizerKind::ALL.iter().map(|k| k.type_name()),
    );
}

#[test]
fn every_scheduler_is_listed() {
    check(
        "Scheduler",
        SchedulerKind::ALL.iter().map(|k| k.type_name()),
    );
}
