//! The pallet's logic by concern; `lib.rs` keeps config, storage, events, errors and thin
//! calls.

pub mod admin;
pub mod auction;
pub mod energy;
pub mod pricing;
pub mod registration;
pub mod settlement;
pub mod trades;
