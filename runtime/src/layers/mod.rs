//! The layer types a generated network is made of, one file per kind, each with its one-sample,
//! batched and second-order methods together. Re-exported where they have always been
//! (`network::Dense`, `second_order::accumulate_weight`).

pub(crate) mod dense;
