//! The training loop (issue 3).
