//! Types stored and returned by pallet-balancing.

use codec::{Decode, Encode, MaxEncodedLen};
use grid_primitives::{BalancingActionType, Kilowatts, Priority, RegionId};
use scale_info::TypeInfo;

/// Identifies a balancing action.
pub type ActionId = u64;

/// A region's generation figures (seed: `set-region-capacity`).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct RegionCapacity<BlockNumber> {
	/// Most generation the region can run, in kW.
	pub max_generation_kw: Kilowatts,
	/// Generation running now, in kW (at most the maximum).
	pub current_generation_kw: Kilowatts,
	/// Reserve that can be called on top, in kW (storage, spinning reserve).
	pub reserve_kw: Kilowatts,
	/// When the figures were last set or changed by a completed action.
	pub updated_at: BlockNumber,
}

impl<BlockNumber> RegionCapacity<BlockNumber> {
	/// How much more generation the region can bring: unused capacity plus reserve.
	pub fn headroom_kw(&self) -> Kilowatts {
		self.max_generation_kw
			.saturating_sub(self.current_generation_kw)
			.saturating_add(self.reserve_kw)
	}
}

/// An open balancing action (seed: `initiate-balancing-action`). Completed, cancelled and
/// expired actions leave storage; the chain's events keep their outcome.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct BalancingAction<AccountId, BlockNumber> {
	/// The region.
	pub region: RegionId,
	/// What to do.
	pub action_type: BalancingActionType,
	/// How much, in kW.
	pub target_kw: Kilowatts,
	/// Higher runs first.
	pub priority: Priority,
	/// The operator that opened it; `None` when the runtime opened it by itself.
	pub initiator: Option<AccountId>,
	/// When it was opened.
	pub created_at: BlockNumber,
	/// The block at which it expires if still open.
	pub deadline: BlockNumber,
}

impl<AccountId, BlockNumber> BalancingAction<AccountId, BlockNumber> {
	/// Opened by the runtime (a critical load or a stability rule), not by an operator.
	pub fn is_automatic(&self) -> bool {
		self.initiator.is_none()
	}
}
