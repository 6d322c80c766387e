//! The pallet's logic by concern; `lib.rs` keeps config, storage, events, errors and thin
//! calls.

pub mod auction;
pub mod pricing;
pub mod registration;
pub mod settlement;
pub mod trades;
