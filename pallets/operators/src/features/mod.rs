//! The pallet's logic by concern; `lib.rs` holds its configuration, storage, events, errors
//! and thin calls.

mod council;
mod invariants;
mod registration;
mod registry;
mod verification;
