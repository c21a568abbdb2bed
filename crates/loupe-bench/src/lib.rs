//! Loupe's native benchmark harness.
//!
//! `scripts/bench` drives three binaries built from this crate:
//! - `gen-corpus` writes a deterministic mixed corpus (CUC traces, BroadWorks AS/XSP logs,
//!   tomcat access logs, Webex client logs) of a chosen size, with real failures sprinkled
//!   in so that the detectors do real work;
//! - `signature-literals` prints the literal needles of every rule signature, so ripgrep
//!   can be timed on the same patterns as the core;
//! - `first-finding` streams a corpus through `loupe-core` and reports when the first
//!   finding appears.
//!
//! The corpus is a benchmark input, not a test fixture: it is realistic in shape and rate,
//! not in every detail.
#![deny(missing_docs)]

pub mod corpus;
mod rng;
mod writer;

pub use rng::Rng;
