//! The pallet's logic by concern; `lib.rs` holds its configuration, storage, events, errors
//! and thin calls.

mod events;
mod invariants;
mod readings;
mod rules;
mod settings;
