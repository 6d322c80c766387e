//! The pallet's logic by concern; `lib.rs` holds its configuration, storage, events, errors
//! and thin calls.

mod invariants;
mod metered;
mod participation;
mod programs;
mod traits;
