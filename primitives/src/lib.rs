//! # grid-primitives
//!
//! The units, domain types and (later) cross-pallet traits of grid-chain. Every grid pallet
//! and the runtime depend on this crate; no grid pallet depends on another grid pallet.
//!
//! ## Units
//!
//! No floats anywhere: every quantity is an integer whose unit is part of its name.
//!
//! | quantity    | type                 | unit                                   |
//! |-------------|----------------------|----------------------------------------|
//! | power       | [`Kilowatts`]        | kW (1 MW = [`KW_PER_MW`] kW)           |
//! | energy      | [`KilowattHours`]    | kWh                                    |
//! | frequency   | [`MilliHertz`]       | mHz (50 Hz = 50_000)                   |
//! | voltage     | [`VoltagePermille`]  | per-mille of nominal (1000 = 1.000 pu) |
//! | phase angle | [`PhaseMilliDegrees`]| millidegrees                           |
//! | ratios      | `Permill`, `Perbill` | (from `sp-runtime`)                    |

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::string::String;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use sp_runtime::Permill;

/// Power in kilowatts.
pub type Kilowatts = u64;
/// Energy in kilowatt-hours.
pub type KilowattHours = u64;
/// Frequency in millihertz: 50 Hz is `50_000`.
pub type MilliHertz = u32;
/// Voltage in per-mille of the nominal voltage: `1_000` is 1.000 pu (100 %).
pub type VoltagePermille = u32;
/// Phase angle in millidegrees (signed).
pub type PhaseMilliDegrees = i32;

/// Kilowatts in one megawatt. The seeds count power in MW; grid-chain in kW.
pub const KW_PER_MW: Kilowatts = 1_000;

/// Megawatts to kilowatts, `None` on overflow.
pub fn mw_to_kw(mw: u64) -> Option<Kilowatts> {
	mw.checked_mul(KW_PER_MW)
}

/// Longest region name, in bytes.
pub const MAX_REGION_LEN: u32 = 32;

/// Why a byte string is not a valid [`RegionId`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RegionError {
	/// The name is empty.
	Empty,
	/// The name is longer than [`MAX_REGION_LEN`] bytes.
	TooLong,
	/// The name has a byte outside `[A-Za-z0-9_-]`.
	InvalidCharacter,
}

/// A grid region, such as `North`: 1 to [`MAX_REGION_LEN`] bytes of `[A-Za-z0-9_-]`.
///
/// Decoding only bounds the length (so that a call carrying a region can be decoded and
/// answered with a clear error); pallets call [`RegionId::validate`] on every region they
/// receive before storing it. Values built with [`RegionId::new`] or `TryFrom` are valid.
#[derive(
	Clone,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct RegionId(BoundedVec<u8, ConstU32<MAX_REGION_LEN>>);

impl RegionId {
	/// A validated region name.
	pub fn new(name: &[u8]) -> Result<Self, RegionError> {
		Self::check(name)?;
		let bounded = BoundedVec::try_from(name.to_vec()).map_err(|_| RegionError::TooLong)?;
		Ok(Self(bounded))
	}

	/// Whether this (possibly decoded) value is a valid region name.
	pub fn validate(&self) -> Result<(), RegionError> {
		Self::check(&self.0)
	}

	/// The region's name as bytes.
	pub fn as_bytes(&self) -> &[u8] {
		&self.0
	}

	fn check(name: &[u8]) -> Result<(), RegionError> {
		if name.is_empty() {
			return Err(RegionError::Empty);
		}
		if name.len() > MAX_REGION_LEN as usize {
			return Err(RegionError::TooLong);
		}
		if !name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-') {
			return Err(RegionError::InvalidCharacter);
		}
		Ok(())
	}
}

/// A region is written as its name in JSON (chain specs, genesis presets): `"North"`.
impl serde::Serialize for RegionId {
	fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		match core::str::from_utf8(&self.0) {
			Ok(name) => serializer.serialize_str(name),
			Err(_) => Err(serde::ser::Error::custom("region name is not UTF-8")),
		}
	}
}

impl<'de> serde::Deserialize<'de> for RegionId {
	fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		let name = <String as serde::Deserialize>::deserialize(deserializer)?;
		RegionId::new(name.as_bytes())
			.map_err(|e| serde::de::Error::custom(alloc::format!("bad region {name:?}: {e:?}")))
	}
}

impl TryFrom<&[u8]> for RegionId {
	type Error = RegionError;
	fn try_from(name: &[u8]) -> Result<Self, Self::Error> {
		Self::new(name)
	}
}

impl TryFrom<&str> for RegionId {
	type Error = RegionError;
	fn try_from(name: &str) -> Result<Self, Self::Error> {
		Self::new(name.as_bytes())
	}
}

/// How loaded a region is, from its demand as a share of its capacity.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum LoadStatus {
	/// At most the low band (seed: 30 % or less).
	Low,
	/// Seed: 31 % to 79 %.
	Normal,
	/// Seed: 80 % to 94 %.
	High,
	/// Seed: 95 % and over, including demand above capacity.
	Critical,
	/// The region has not reported within its staleness window: its last status is not
	/// trusted. Never produced by [`LoadThresholds::classify`], only by reads.
	Stale,
}

/// The load percentages at which a region enters each status. Each is the lowest load of its
/// band, so a load equal to `critical_from` is critical; they must strictly increase.
///
/// The seed compares whole percentages of `demand * 100 / capacity` (rounded down); lower
/// bounds in `Permill` give the same answer at every whole percentage and a defined one
/// between them.
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
pub struct LoadThresholds {
	/// Lowest load that is `Normal` (seed: 31 %).
	pub normal_from: Permill,
	/// Lowest load that is `High` (seed: 80 %).
	pub high_from: Permill,
	/// Lowest load that is `Critical` (seed: 95 %).
	pub critical_from: Permill,
}

impl Default for LoadThresholds {
	fn default() -> Self {
		Self {
			normal_from: Permill::from_percent(31),
			high_from: Permill::from_percent(80),
			critical_from: Permill::from_percent(95),
		}
	}
}

impl LoadThresholds {
	/// Whether the thresholds strictly increase and leave every band non-empty
	/// (`0 < normal_from < high_from < critical_from`).
	pub fn is_valid(&self) -> bool {
		Permill::zero() < self.normal_from
			&& self.normal_from < self.high_from
			&& self.high_from < self.critical_from
	}

	/// The status of a region loaded at `load`.
	pub fn classify(&self, load: Permill) -> LoadStatus {
		if load >= self.critical_from {
			LoadStatus::Critical
		} else if load >= self.high_from {
			LoadStatus::High
		} else if load >= self.normal_from {
			LoadStatus::Normal
		} else {
			LoadStatus::Low
		}
	}
}

/// Load as a share of capacity, saturating at 100 % (demand above capacity is 100 %, and
/// critical). `None` when the capacity is zero.
pub fn load_share(capacity_kw: Kilowatts, demand_kw: Kilowatts) -> Option<Permill> {
	if capacity_kw == 0 {
		return None;
	}
	Some(Permill::from_rational(demand_kw.min(capacity_kw), capacity_kw))
}

/// How far a region's frequency, voltage and phase angle are from nominal.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum StabilityLevel {
	/// Inside the normal band (seed: 49.5-50.5 Hz and 95-105 % voltage).
	Normal,
	/// Outside the normal band, inside the alert band.
	Alert,
	/// Outside the alert band, inside the emergency band: the region enters emergency mode.
	Emergency,
	/// Outside the emergency band.
	Critical,
}

/// A grid's nominal frequency.
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
	Default,
)]
pub enum NominalFrequency {
	/// 50 Hz (Europe, most of Asia and Africa).
	#[default]
	Hz50,
	/// 60 Hz (the Americas, parts of Asia).
	Hz60,
}

impl NominalFrequency {
	/// The nominal frequency in millihertz.
	pub const fn millihertz(self) -> MilliHertz {
		match self {
			Self::Hz50 => 50_000,
			Self::Hz60 => 60_000,
		}
	}
}

/// Nominal voltage, per-mille (1.000 pu).
pub const NOMINAL_VOLTAGE_PERMILLE: VoltagePermille = 1_000;

/// What a verified operator may do on the grid. Granted by the verifier
/// (`set_capabilities`), checked by every grid pallet.
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
pub enum Capability {
	/// Report regional load (pallet-load).
	ReportLoad,
	/// Set region capacities and open balancing actions (pallet-balancing).
	CoordinateBalancing,
	/// Create and meter demand-response programs (pallet-demand-response).
	RunDemandResponse,
	/// Report frequency, voltage and phase angle (pallet-stability).
	ReportStability,
	/// Author and finalize blocks, once session keys are set.
	ValidateBlocks,
}

/// The set of [`Capability`]s an operator holds, one flag each (shown as five switches by
/// wallets).
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Capabilities {
	/// [`Capability::ReportLoad`].
	pub report_load: bool,
	/// [`Capability::CoordinateBalancing`].
	pub coordinate_balancing: bool,
	/// [`Capability::RunDemandResponse`].
	pub run_demand_response: bool,
	/// [`Capability::ReportStability`].
	pub report_stability: bool,
	/// [`Capability::ValidateBlocks`].
	pub validate_blocks: bool,
}

impl Capabilities {
	/// Every capability.
	pub const fn all() -> Self {
		Self {
			report_load: true,
			coordinate_balancing: true,
			run_demand_response: true,
			report_stability: true,
			validate_blocks: true,
		}
	}

	/// Whether `capability` is in the set.
	pub const fn contains(&self, capability: Capability) -> bool {
		match capability {
			Capability::ReportLoad => self.report_load,
			Capability::CoordinateBalancing => self.coordinate_balancing,
			Capability::RunDemandResponse => self.run_demand_response,
			Capability::ReportStability => self.report_stability,
			Capability::ValidateBlocks => self.validate_blocks,
		}
	}

	/// This set with `capability` added.
	pub const fn with(mut self, capability: Capability) -> Self {
		match capability {
			Capability::ReportLoad => self.report_load = true,
			Capability::CoordinateBalancing => self.coordinate_balancing = true,
			Capability::RunDemandResponse => self.run_demand_response = true,
			Capability::ReportStability => self.report_stability = true,
			Capability::ValidateBlocks => self.validate_blocks = true,
		}
		self
	}
}

/// What the grid pallets need to know about operators. Implemented by pallet-operators;
/// the grid pallets see only this trait (a mock in their unit tests).
pub trait OperatorRegistry<AccountId> {
	/// Whether `who` is a verified operator that is not suspended.
	fn is_verified(who: &AccountId) -> bool;

	/// The region `who` operates, if it is a registered operator (in any status).
	fn region_of(who: &AccountId) -> Option<RegionId>;

	/// Whether `who` is verified, not suspended, and holds `capability`.
	fn has_capability(who: &AccountId, capability: Capability) -> bool;

	/// Make `who` a verified operator of `region` with `capabilities`, for benchmarks of
	/// the pallets that require one.
	#[cfg(feature = "runtime-benchmarks")]
	fn make_operator(who: &AccountId, region: RegionId, capabilities: Capabilities);
}

/// An `EnsureOrigin` that admits only a signed, verified, not suspended operator holding
/// capability `C`, and gives back its account and region.
pub struct EnsureOperator<AccountId, Registry, C>(
	core::marker::PhantomData<(AccountId, Registry, C)>,
);

impl<O, AccountId, Registry, C> frame_support::traits::EnsureOrigin<O>
	for EnsureOperator<AccountId, Registry, C>
where
	O: Into<Result<frame_support::dispatch::RawOrigin<AccountId>, O>>
		+ From<frame_support::dispatch::RawOrigin<AccountId>>,
	AccountId: Decode,
	Registry: OperatorRegistry<AccountId>,
	C: frame_support::traits::Get<Capability>,
{
	type Success = (AccountId, RegionId);

	fn try_origin(o: O) -> Result<Self::Success, O> {
		use frame_support::dispatch::RawOrigin;
		match o.into()? {
			RawOrigin::Signed(who) => match Registry::region_of(&who) {
				Some(region) if Registry::has_capability(&who, C::get()) => Ok((who, region)),
				_ => Err(O::from(RawOrigin::Signed(who))),
			},
			other => Err(O::from(other)),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		let who = AccountId::decode(&mut sp_runtime::traits::TrailingZeroInput::zeroes())
			.map_err(|_| ())?;
		let region = RegionId::new(b"Benchmark").map_err(|_| ())?;
		Registry::make_operator(&who, region, Capabilities::default().with(C::get()));
		Ok(O::from(frame_support::dispatch::RawOrigin::Signed(who)))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn region_accepts_names_of_the_allowed_alphabet() {
		for name in ["North", "n", "south-east_2", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"] {
			let region = RegionId::new(name.as_bytes()).expect("valid name");
			assert_eq!(region.as_bytes(), name.as_bytes());
			assert_eq!(region.validate(), Ok(()));
			assert_eq!(RegionId::try_from(name), Ok(region));
		}
	}

	#[test]
	fn region_rejects_empty_long_and_bad_characters() {
		assert_eq!(RegionId::new(b""), Err(RegionError::Empty));
		assert_eq!(RegionId::new(&[b'a'; 33]), Err(RegionError::TooLong));
		for bad in ["North West", "Nord/Est", "é", "a.b", "tab\t", "x\0"] {
			assert_eq!(RegionId::try_from(bad), Err(RegionError::InvalidCharacter), "{bad:?}");
		}
	}

	#[test]
	fn decoded_region_is_bounded_but_validated_separately() {
		// A decoded value may carry bad bytes; `validate` catches them.
		let raw: BoundedVec<u8, ConstU32<MAX_REGION_LEN>> =
			b"bad name".to_vec().try_into().unwrap();
		let decoded = RegionId::decode(&mut &raw.encode()[..]).unwrap();
		assert_eq!(decoded.validate(), Err(RegionError::InvalidCharacter));
		let empty = RegionId::decode(&mut &Vec::<u8>::new().encode()[..]).unwrap();
		assert_eq!(empty.validate(), Err(RegionError::Empty));
		// More than 32 bytes does not decode at all.
		assert!(RegionId::decode(&mut &vec![b'a'; 33].encode()[..]).is_err());
		// A valid one round-trips.
		let north = RegionId::new(b"North").unwrap();
		assert_eq!(RegionId::decode(&mut &north.encode()[..]).unwrap(), north);
	}

	#[test]
	fn region_reads_and_writes_json_as_its_name() {
		let north = RegionId::new(b"North").unwrap();
		assert_eq!(serde_json::to_string(&north).unwrap(), "\"North\"");
		assert_eq!(serde_json::from_str::<RegionId>("\"North\"").unwrap(), north);
		assert!(serde_json::from_str::<RegionId>("\"North West\"").is_err());
		assert!(serde_json::from_str::<RegionId>("\"\"").is_err());
		assert!(serde_json::from_str::<RegionId>("[78]").is_err());
	}

	#[test]
	fn default_load_thresholds_match_the_seed_at_every_whole_percentage() {
		let t = LoadThresholds::default();
		assert!(t.is_valid());
		for percent in 0..=100u32 {
			let expected = match percent {
				0..=30 => LoadStatus::Low,
				31..=79 => LoadStatus::Normal,
				80..=94 => LoadStatus::High,
				_ => LoadStatus::Critical,
			};
			assert_eq!(t.classify(Permill::from_percent(percent)), expected, "{percent} %");
		}
	}

	#[test]
	fn load_between_whole_percentages_rounds_down_as_in_the_seed() {
		let t = LoadThresholds::default();
		// 30.9 % is 30 % in the seed's integer arithmetic: low.
		assert_eq!(t.classify(Permill::from_parts(309_000)), LoadStatus::Low);
		// 94.99 % is 94 %: high, not critical.
		assert_eq!(t.classify(Permill::from_parts(949_900)), LoadStatus::High);
		assert_eq!(t.classify(Permill::from_parts(950_000)), LoadStatus::Critical);
	}

	#[test]
	fn thresholds_that_do_not_strictly_increase_are_invalid() {
		let p = Permill::from_percent;
		let make =
			|n, h, c| LoadThresholds { normal_from: p(n), high_from: p(h), critical_from: p(c) };
		assert!(make(1, 2, 3).is_valid());
		assert!(!make(0, 50, 90).is_valid(), "low band would be empty");
		assert!(!make(50, 50, 90).is_valid());
		assert!(!make(50, 90, 90).is_valid());
		assert!(!make(60, 50, 90).is_valid());
		assert!(!make(30, 95, 80).is_valid());
	}

	#[test]
	fn load_share_handles_zero_capacity_and_overload() {
		assert_eq!(load_share(0, 10), None);
		assert_eq!(load_share(1_000_000, 750_000), Some(Permill::from_percent(75)));
		assert_eq!(load_share(1_000_000, 0), Some(Permill::zero()));
		assert_eq!(load_share(1_000, 5_000), Some(Permill::one()));
		assert_eq!(load_share(u64::MAX, u64::MAX), Some(Permill::one()));
		let t = LoadThresholds::default();
		assert_eq!(t.classify(load_share(1_000, 960).unwrap()), LoadStatus::Critical);
		assert_eq!(t.classify(load_share(1_000, 750).unwrap()), LoadStatus::Normal);
	}

	#[test]
	fn megawatts_convert_to_kilowatts_without_overflow() {
		assert_eq!(mw_to_kw(1_000), Some(1_000_000));
		assert_eq!(mw_to_kw(0), Some(0));
		assert_eq!(mw_to_kw(u64::MAX), None);
	}

	#[test]
	fn stability_levels_are_ordered_by_severity() {
		use StabilityLevel::*;
		assert!(Normal < Alert && Alert < Emergency && Emergency < Critical);
		assert_eq!([Alert, Critical, Normal].into_iter().max(), Some(Critical));
	}

	#[test]
	fn capabilities_hold_exactly_what_was_granted() {
		use Capability::*;
		let every =
			[ReportLoad, CoordinateBalancing, RunDemandResponse, ReportStability, ValidateBlocks];
		let none = Capabilities::default();
		assert!(every.iter().all(|c| !none.contains(*c)));
		assert!(every.iter().all(|c| Capabilities::all().contains(*c)));
		for granted in every {
			let set = none.with(granted);
			for c in every {
				assert_eq!(set.contains(c), c == granted, "{granted:?} granted, {c:?} asked");
			}
		}
		let folded = every.iter().fold(none, |set, c| set.with(*c));
		assert_eq!(folded, Capabilities::all());
	}

	mod ensure_operator {
		use super::*;
		use frame_support::{dispatch::RawOrigin, traits::EnsureOrigin};

		/// Account 1: verified in North with ReportLoad. Account 2: registered, not
		/// verified. Account 3: verified without capabilities.
		struct Registry;
		impl OperatorRegistry<u64> for Registry {
			fn is_verified(who: &u64) -> bool {
				matches!(who, 1 | 3)
			}
			fn region_of(who: &u64) -> Option<RegionId> {
				matches!(who, 1..=3).then(|| RegionId::new(b"North").unwrap())
			}
			fn has_capability(who: &u64, capability: Capability) -> bool {
				*who == 1 && capability == Capability::ReportLoad
			}
			#[cfg(feature = "runtime-benchmarks")]
			fn make_operator(_: &u64, _: RegionId, _: Capabilities) {}
		}
		frame_support::parameter_types! {
			pub const Load: Capability = Capability::ReportLoad;
			pub const Stability: Capability = Capability::ReportStability;
		}
		/// The smallest origin type `EnsureOrigin` accepts: a wrapped `RawOrigin`.
		#[derive(Debug, PartialEq)]
		struct Origin(RawOrigin<u64>);
		impl From<RawOrigin<u64>> for Origin {
			fn from(o: RawOrigin<u64>) -> Self {
				Origin(o)
			}
		}
		impl From<Origin> for Result<RawOrigin<u64>, Origin> {
			fn from(o: Origin) -> Self {
				Ok(o.0)
			}
		}
		fn signed(who: u64) -> Origin {
			Origin(RawOrigin::Signed(who))
		}

		#[test]
		fn admits_a_verified_operator_with_the_capability() {
			let ok = EnsureOperator::<u64, Registry, Load>::try_origin(signed(1));
			assert_eq!(ok.map_err(|_| ()), Ok((1, RegionId::new(b"North").unwrap())));
		}

		#[test]
		fn refuses_everyone_else() {
			type ForLoad = EnsureOperator<u64, Registry, Load>;
			assert!(EnsureOperator::<u64, Registry, Stability>::try_origin(signed(1)).is_err());
			for who in [2, 3, 4] {
				assert_eq!(ForLoad::try_origin(signed(who)).err(), Some(signed(who)));
			}
			let root = Origin(RawOrigin::Root);
			assert_eq!(ForLoad::try_origin(root).err(), Some(Origin(RawOrigin::Root)));
			let none = Origin(RawOrigin::None);
			assert_eq!(ForLoad::try_origin(none).err(), Some(Origin(RawOrigin::None)));
		}
	}

	#[test]
	fn nominal_frequencies_in_millihertz() {
		assert_eq!(NominalFrequency::Hz50.millihertz(), 50_000);
		assert_eq!(NominalFrequency::Hz60.millihertz(), 60_000);
		assert_eq!(NominalFrequency::default(), NominalFrequency::Hz50);
	}
}
