//! grid-bench's parts: the node and the client that submits and follows extrinsics
//! ([`chain`]), what a run measured ([`stats`]), and simulated meters ([`meters`]). The
//! binaries: `grid-bench` (`src/main.rs`) sets up the accounts and runs the kinds, see the
//! README's Performance section; `grid-meters` (`src/bin/grid-meters.rs`) is the meter
//! simulator.

pub mod chain;
pub mod meters;
pub mod stats;
