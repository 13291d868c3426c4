//! Compile-fail pages: each file under `tests/ui/` is one mistake a user can make, and the
//! `.stderr` beside it is the error they read. Regenerate with `TRYBUILD=overwrite cargo test
//! --test compiletest` after a deliberate change, and read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/**/*.rs");
}
