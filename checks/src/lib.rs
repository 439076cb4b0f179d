//! The benchmarks (`benches/scoring.rs`, criterion) and the JSON Schema checks
//! (`tests/schema.rs`, jsonschema) of needmatrix, in a workspace member of their own so that
//! `cargo run --example …` in the crate never compiles their dependencies. `cargo test
//! --all-features` and `cargo bench` at the workspace root run them.
#![forbid(unsafe_code)]
