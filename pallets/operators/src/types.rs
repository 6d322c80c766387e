//! Types stored by pallet-operators.

use crate::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::{fungible, tokens::Balance as BalanceT, Get},
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use grid_primitives::{Capabilities, Kilowatts, RegionId};
use scale_info::TypeInfo;

/// The account type of a runtime.
pub type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// The balance type of the pallet's currency.
pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<AccountIdOf<T>>>::Balance;
/// Funds taken from an operator (slashed deposits), handed to `Config::OnSlash`.
pub type CreditOf<T> = fungible::Credit<AccountIdOf<T>, <T as Config>::Currency>;
/// An operator's name.
pub type OperatorName<T> = BoundedVec<u8, <T as Config>::MaxNameLen>;
/// What the pallet stores per operator.
pub type OperatorInfoOf<T> =
	OperatorInfo<BalanceOf<T>, BlockNumberFor<T>, <T as Config>::MaxNameLen>;

/// Where an operator stands with the verifier.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum OperatorStatus {
	/// Registered (or moved to another region) and waiting for the verifier.
	Pending,
	/// Verified: may act with its capabilities, sits on the grid council.
	Verified,
	/// Suspended by the verifier: no capabilities, off the council and the validator set.
	Suspended,
}

/// A registered grid operator.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxNameLen))]
#[codec(mel_bound(Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct OperatorInfo<Balance, BlockNumber, MaxNameLen: Get<u32>>
where
	Balance: BalanceT,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// Display name, for example `PowerCorp`.
	pub name: BoundedVec<u8, MaxNameLen>,
	/// The region it operates.
	pub region: RegionId,
	/// The generation or transmission capacity it brings, in kW.
	pub capacity_kw: Kilowatts,
	/// Pending, verified or suspended.
	pub status: OperatorStatus,
	/// What it may do once verified.
	pub capabilities: Capabilities,
	/// The registration deposit held from it.
	pub deposit: Balance,
	/// The block it registered in.
	pub registered_at: BlockNumber,
}

impl<Balance, BlockNumber, MaxNameLen> OperatorInfo<Balance, BlockNumber, MaxNameLen>
where
	Balance: BalanceT,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxNameLen: Get<u32>,
{
	/// Verified and not suspended.
	pub fn is_verified(&self) -> bool {
		self.status == OperatorStatus::Verified
	}

	/// Verified and allowed to validate: a candidate for the next validator set.
	pub fn is_validator_candidate(&self) -> bool {
		self.is_verified() && self.capabilities.validate_blocks
	}
}
