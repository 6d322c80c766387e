//! End to end: the built `grid-node`, started on free loopback ports, driven from outside
//! the way operators and wallets use it.
//!
//! - [`dev_node`]: a `--dev` node finalizes blocks and includes a signed transfer.
//! - [`seed_scenarios`]: every usage example of both seeds, from subxt.
//! - [`network`]: the four-operator network through a killed validator, a clean restart, and
//!   a fifth operator joining and leaving the validator set.
//! - [`metering`]: a feeder's signed reading, sent without an account, turns North critical;
//!   forged readings never enter the pool; the meter simulator's readings land; a metered
//!   demand-response participant is paid exactly what its readings show (on `dev-demo`).
//! - [`market`]: a slot auction in North (two producers, three consumers) clears at the
//!   hand-computed price and settles against the producers' readings, sent by the meter
//!   simulator, a shortfall penalty included (on `dev-demo`).
//! - [`stuffing`]: an operator's reports and a meter's reading are included within two
//!   blocks while another account fills every block with tipped remarks.
//! - [`bench`]: `grid-bench` measures every kind of extrinsic on its own dev node (a small
//!   run).
//!
//! One test binary, so that these tests (which mostly wait for blocks) run side by side.

mod bench;
mod common;
mod dev_node;
mod market;
mod metering;
mod network;
mod raw;
mod seed_scenarios;
mod stuffing;
