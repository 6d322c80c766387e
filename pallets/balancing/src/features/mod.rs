//! The pallet's logic by concern; `lib.rs` holds its configuration, storage, events, errors
//! and thin calls.

mod actions;
mod automation;
mod expiry;
mod invariants;
