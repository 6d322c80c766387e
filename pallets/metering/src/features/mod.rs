//! The pallet's logic, by concern: the calls in `lib.rs` check their origin and hand over to
//! the `do_*` functions here.

pub mod meters;
pub mod readings;
