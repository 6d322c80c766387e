//! Types stored and returned by pallet-load.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use grid_primitives::{Kilowatts, LoadStatus, RegionId};
use scale_info::TypeInfo;
use sp_runtime::Permill;

/// A region's load as last reported (seed: `get-current-load`), also one entry of its
/// history.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct LoadReading<BlockNumber> {
	/// Capacity in kW.
	pub capacity_kw: Kilowatts,
	/// Demand in kW (may exceed the capacity).
	pub demand_kw: Kilowatts,
	/// Demand as a share of capacity, at most 100 %.
	pub load: Permill,
	/// The status the thresholds gave it. Reads replace it with `Stale` once the reading is
	/// older than `StaleAfter` blocks.
	pub status: LoadStatus,
	/// The block it was reported in.
	pub reported_at: BlockNumber,
}

/// One reading of a batch (`report_loads`).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct MeterReading {
	/// The region measured.
	pub region: RegionId,
	/// Its capacity in kW.
	pub capacity_kw: Kilowatts,
	/// Its demand in kW.
	pub demand_kw: Kilowatts,
}
