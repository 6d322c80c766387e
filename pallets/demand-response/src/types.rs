//! Types stored and returned by pallet-demand-response.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::{tokens::Balance as BalanceT, Get},
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use grid_primitives::{IntervalIndex, Kilowatts, RegionId};
use scale_info::TypeInfo;

/// Identifies a program.
pub type ProgramId = u32;

/// What a program is for (seed: `program-type` 1, 2, 3).
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
pub enum ProgramType {
	/// 1: cut the daily peak.
	PeakShaving,
	/// 2: move consumption to other hours.
	LoadShifting,
	/// 3: standing by for emergencies; starts early when its region enters emergency mode.
	EmergencyResponse,
}

/// A demand-response program. Its reward budget (`target × rate`) is held from its creator
/// until settlement or cancellation.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxNameLen))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Program<AccountId, Balance, BlockNumber, MaxNameLen: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: BalanceT,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// Its name, for example `Peak Shaving`.
	pub name: BoundedVec<u8, MaxNameLen>,
	/// Its type.
	pub program_type: ProgramType,
	/// The region it runs in.
	pub region: RegionId,
	/// The operator that created it: its budget and deposit are held from it, and what is
	/// left of them goes back to it.
	pub creator: AccountId,
	/// The operator that runs it: reports its participants' reductions, may cancel it before
	/// it starts and remove participants. The creator, unless another operator of the region
	/// took it over after the creator could no longer run it (`take_over_program`).
	pub operator: AccountId,
	/// The reduction it seeks, in kW: participants' commitments add up to at most this.
	pub target_reduction_kw: Kilowatts,
	/// The reward per kW delivered.
	pub incentive_rate: Balance,
	/// What is still held from the creator for it: `target_reduction_kw × incentive_rate`
	/// at creation, less the rewards paid since.
	pub budget: Balance,
	/// How long it runs, in blocks (zero for a metered program: its `MeteredEvent` says
	/// when it runs).
	pub duration_blocks: BlockNumber,
	/// The first block it runs in (a metered program: the block it was created in).
	pub starts_at: BlockNumber,
	/// The first block after it: claims from here on (a metered program: the block it was
	/// created in; claims open when its event's readings are final).
	pub ends_at: BlockNumber,
	/// The commitments of its participants not yet paid, added up, in kW.
	pub committed_kw: Kilowatts,
	/// How many participants have joined and not yet been paid.
	pub participants: u32,
	/// The storage deposit held from the creator for this record (`HoldReason::
	/// ProgramDeposit`) until the program is settled or cancelled. Zero for programs created
	/// before deposits (storage version 0).
	pub deposit: Balance,
}

/// The event of a metered program: the metering intervals in which its participants'
/// meters measure their reductions.
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
pub struct MeteredEvent {
	/// Its first interval (metering intervals since the Unix epoch: 15 minutes each).
	pub first_interval: IntervalIndex,
	/// How many intervals it lasts.
	pub intervals: u32,
}

impl MeteredEvent {
	/// Its last interval.
	pub fn last_interval(&self) -> IntervalIndex {
		self.first_interval.saturating_add(self.intervals.saturating_sub(1))
	}
}

/// One participant's part in a program.
#[derive(Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Participation<Balance> {
	/// The reduction it committed to, in kW.
	pub committed_kw: Kilowatts,
	/// The reduction the program's operator metered, in kW (`None` until reported).
	pub delivered_kw: Option<Kilowatts>,
	/// The storage deposit held from the participant for this record (`HoldReason::
	/// ParticipationDeposit`) until it is paid, leaves, is removed or the program is
	/// cancelled. Zero for participations from before deposits (storage version 0).
	pub deposit: Balance,
}
