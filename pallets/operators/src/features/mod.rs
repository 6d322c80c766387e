//! The pallet's logic by concern; `lib.rs` holds its configuration, storage, events, errors,
//! thin calls and the read functions of its runtime API.

mod accountability;
mod council;
mod invariants;
mod registration;
mod registry;
mod verification;

pub use accountability::EndSessionEarly;
