//! The layer types a generated network is made of, one file per kind, each with its one-sample,
//! batched and second-order methods together. Re-exported where they have always been
//! (`network::Dense`, `second_order::accumulate_weight`); the sequence layers (GRU, LSTM,
//! causal Conv1d, issue 20) from the crate root.
//!
//! - `dense.rs`: [`Dense`](crate::Dense), [`DenseNoBias`](crate::DenseNoBias).
//! - `gru.rs`, `lstm.rs`, `conv1d.rs`: [`Gru`](crate::Gru), [`Lstm`](crate::Lstm),
//!   [`Conv1d`](crate::Conv1d) with their state, trace and backward-carry types.
//! - `sequence.rs`: what those three share (the affine map of a weight block, gate maps).

pub(crate) mod conv1d;
pub(crate) mod dense;
pub(crate) mod gru;
pub(crate) mod lstm;
mod sequence;
