//! The pallet's logic by concern; `lib.rs` holds its configuration, storage, events, errors
//! and thin calls.

mod admin;
mod invariants;
mod monitor;
mod reports;
