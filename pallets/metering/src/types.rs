//! Types stored, signed and returned by pallet-metering.

use crate::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::{fungible, Get},
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use grid_primitives::{
	IntervalEnergy, IntervalIndex, Kilowatts, MeterKind, ReadingQuality, RegionId, WattHours,
};
use scale_info::TypeInfo;
use sp_core::ed25519;

/// A meter's id: given by the chain at registration, kept across key rotations.
pub type MeterId = u64;
/// The account type of a runtime.
pub type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// The balance type of the pallet's currency.
pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<AccountIdOf<T>>>::Balance;
/// What the pallet stores per meter.
pub type MeterOf<T> = Meter<AccountIdOf<T>, BalanceOf<T>, <T as Config>::ReadingWindow>;
/// A batch of signed readings (`submit_readings`).
pub type ReadingBatchOf<T> = BoundedVec<SignedReading, <T as Config>::MaxReadingsPerBatch>;

/// Domain separation of a meter's signature: what a meter signs is this tag, the chain's
/// genesis hash and the SCALE encoding of its [`Reading`], concatenated. The tag keeps a
/// meter's key from signing anything else by mistake; the genesis hash keeps a reading of one
/// chain from being replayed on another.
pub const READING_SIGNING_CONTEXT: &[u8] = b"grid-chain/meter-reading/v1";

/// The bytes a meter signs for `reading` on the chain whose genesis hash is `genesis`:
/// [`READING_SIGNING_CONTEXT`], the genesis hash, then the reading's SCALE encoding. The one
/// definition of the format: the pallet checks against it, simulators and gateways sign it.
pub fn reading_payload(genesis: &[u8], reading: &Reading) -> alloc::vec::Vec<u8> {
	let mut payload = alloc::vec::Vec::with_capacity(
		READING_SIGNING_CONTEXT.len() + genesis.len() + Reading::max_encoded_len(),
	);
	payload.extend_from_slice(READING_SIGNING_CONTEXT);
	payload.extend_from_slice(genesis);
	reading.encode_to(&mut payload);
	payload
}

/// One interval's reading of one meter: what a meter signs.
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
pub struct Reading {
	/// The meter.
	pub meter: MeterId,
	/// The interval measured (15-minute intervals since the Unix epoch).
	pub interval: IntervalIndex,
	/// Energy drawn from the grid in the interval, Wh.
	pub imported_wh: WattHours,
	/// Energy fed into the grid in the interval, Wh.
	pub exported_wh: WattHours,
	/// How the figures were obtained.
	pub quality: ReadingQuality,
}

/// A reading with its meter's signature over [`READING_SIGNING_CONTEXT`], the genesis hash
/// and the reading.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct SignedReading {
	/// The reading.
	pub reading: Reading,
	/// The meter key's ed25519 signature.
	pub signature: ed25519::Signature,
}

/// A reading as a meter keeps it on chain.
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
pub struct StoredReading {
	/// The interval measured.
	pub interval: IntervalIndex,
	/// What it measured.
	pub energy: IntervalEnergy,
}

/// A registered meter and its latest readings.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(Window))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen))]
pub struct Meter<AccountId, Balance, Window: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// The key its readings are signed with.
	pub key: ed25519::Public,
	/// The region it is in.
	pub region: RegionId,
	/// What it measures.
	pub kind: MeterKind,
	/// The account it belongs to: the market participant (for a feeder, the grid operator).
	pub owner: AccountId,
	/// The most power it can carry, kW.
	pub rated_kw: Kilowatts,
	/// Who paid its deposit (`None`: registered by the admin origin, no deposit).
	pub depositor: Option<AccountId>,
	/// The deposit held from `depositor`.
	pub deposit: Balance,
	/// For a feeder: the average power of its newest non-missing reading, kW, as counted in
	/// its region's [`FeederTotals`]. Zero for other meters.
	pub counted_kw: Kilowatts,
	/// Its latest readings, sorted by interval (oldest first), at most `Window`: a new one
	/// pushes out the oldest.
	pub readings: BoundedVec<StoredReading, Window>,
}

/// What a region's feeder meters add up to.
#[derive(Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct FeederTotals {
	/// How many feeder meters the region has.
	pub feeders: u32,
	/// The sum of their rated power, kW: the region's metered capacity.
	pub capacity_kw: Kilowatts,
	/// The sum of their newest average powers, kW: the region's metered demand.
	pub demand_kw: Kilowatts,
}

/// Why a batch of readings is refused by the transaction pool (and never enters a block), as
/// `InvalidTransaction::Custom` codes. A bad signature is `BadProof`, an interval that has not
/// ended `Future`, a batch with no reading that is still new (every one already stored, or
/// its late window closed) `Stale`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum ReadingRejection {
	/// The batch holds no reading.
	EmptyBatch = 1,
	/// A reading names a meter that is not registered (or was decommissioned).
	UnknownMeter = 2,
	/// The batch holds two readings of the same meter and interval.
	DuplicateInBatch = 3,
	/// The chain's clock cannot place the interval (no timestamp yet, or out of range).
	NoClock = 4,
	/// A reading claims more energy, imported or exported, than the meter's rated power can
	/// carry in an interval.
	ExceedsRating = 5,
}
