//! grid-bench's parts: the node and the client that submits and follows extrinsics
//! ([`chain`]), and what a run measured ([`stats`]). The binary (`src/main.rs`) sets up the
//! accounts and runs the kinds; see the README's Performance section.

pub mod chain;
pub mod stats;
