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

#[cfg(feature = "std")]
pub mod mock;

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

	/// A region name of the maximum length, distinct for each `i` below 26^7: the worst case
	/// of a stored region, for benchmarks. Valid by construction (lowercase letters only).
	#[cfg(feature = "runtime-benchmarks")]
	pub fn longest_for_benchmarks(i: u32) -> Self {
		let mut name = alloc::vec![b'r'; MAX_REGION_LEN as usize];
		let mut rest = i;
		for letter in name.iter_mut().take(7) {
			*letter = b'a' + (rest % 26) as u8;
			rest /= 26;
		}
		Self(BoundedVec::truncate_from(name))
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

/// Release up to `amount` of `who`'s hold for `reason` (as much as is held: best effort);
/// the amount released. Nothing to release is no call.
pub fn release_held<C, A>(reason: &C::Reason, who: &A, amount: C::Balance) -> C::Balance
where
	C: frame_support::traits::fungible::MutateHold<A>,
{
	use sp_runtime::traits::Zero;
	if amount.is_zero() {
		return amount;
	}
	C::release(reason, who, amount, frame_support::traits::tokens::Precision::BestEffort)
		.unwrap_or_default()
}

/// Whether `name` can be shown as an operator's or a program's name: UTF-8, at least one
/// byte, no leading or trailing whitespace, no control characters.
pub fn is_printable_name(name: &[u8]) -> bool {
	match core::str::from_utf8(name) {
		Ok(s) => !s.is_empty() && s.trim() == s && s.chars().all(|c| !c.is_control()),
		Err(_) => false,
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
	/// Register, re-key and decommission the meters of its region (pallet-metering).
	ManageMeters,
}

/// The set of [`Capability`]s an operator holds, one flag each (shown as switches by
/// wallets). `manageMeters` may be left out of JSON (genesis presets written before it
/// existed): it is then off.
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
	/// [`Capability::ManageMeters`].
	#[serde(default)]
	pub manage_meters: bool,
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
			manage_meters: true,
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
			Capability::ManageMeters => self.manage_meters,
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
			Capability::ManageMeters => self.manage_meters = true,
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

/// Called by pallet-load whenever a region's load status changes, and for every reading
/// that finds a region critical as it was (balancing reacts to `Critical`). `()` does nothing.
pub trait OnLoadStatusChange {
	/// The most weight one call of [`Self::on_load_status_change`] or
	/// [`Self::on_still_critical`] can take; callers add it to their own weight.
	fn max_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}

	/// `region` went from `from` to `to`; `capacity_kw` and `demand_kw` are the reading that
	/// caused it.
	fn on_load_status_change(
		region: &RegionId,
		from: LoadStatus,
		to: LoadStatus,
		capacity_kw: Kilowatts,
		demand_kw: Kilowatts,
	);

	/// `region` was critical and this reading (`capacity_kw`, `demand_kw`) finds it critical
	/// still. No default: a listener that wraps another must pass it on.
	fn on_still_critical(region: &RegionId, capacity_kw: Kilowatts, demand_kw: Kilowatts);
}

impl OnLoadStatusChange for () {
	fn on_load_status_change(
		_: &RegionId,
		_: LoadStatus,
		_: LoadStatus,
		_: Kilowatts,
		_: Kilowatts,
	) {
	}

	fn on_still_critical(_: &RegionId, _: Kilowatts, _: Kilowatts) {}
}

/// What balancing may read of a region's load (pallet-load implements it). `()` knows
/// nothing and uses the seed's high threshold.
pub trait LoadMonitor {
	/// The region's demand from its latest, not stale, reading.
	fn current_demand_kw(region: &RegionId) -> Option<Kilowatts>;
	/// The region's capacity and demand from its latest, not stale, reading (measured by its
	/// feeder meters where it has them): `(capacity_kw, demand_kw)`.
	fn current_load_kw(region: &RegionId) -> Option<(Kilowatts, Kilowatts)>;
	/// The lowest load that is `High` under the thresholds in force.
	fn high_threshold() -> Permill;

	/// Give `region` a fresh reading of `capacity_kw` and `demand_kw`, stored as a report
	/// would store it but telling no listener: for the benchmarks of the pallets that read it.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_load_for_benchmarks(_region: &RegionId, _capacity_kw: Kilowatts, _demand_kw: Kilowatts) {
	}
}

impl LoadMonitor for () {
	fn current_demand_kw(_: &RegionId) -> Option<Kilowatts> {
		None
	}
	fn current_load_kw(_: &RegionId) -> Option<(Kilowatts, Kilowatts)> {
		None
	}
	fn high_threshold() -> Permill {
		LoadThresholds::default().high_from
	}
}

/// What a balancing action does (seed: `action-type`).
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
pub enum BalancingActionType {
	/// Raise generation in the region.
	IncreaseGeneration,
	/// Lower generation in the region.
	DecreaseGeneration,
	/// Disconnect load in the region.
	LoadShedding,
	/// Discharge storage into the region.
	StorageDispatch,
	/// Call on demand-response participants to reduce load.
	DemandResponse,
}

/// Priority of a balancing action: higher runs first.
pub type Priority = u8;

/// The priority of the action the runtime opens when a region's load turns critical. No
/// stability rule may ask for it, so that a critical load always finds an automatic action
/// less urgent than itself to evict when the automatic places are full.
pub const CRITICAL_LOAD_PRIORITY: Priority = Priority::MAX;

/// Receives what a fired stability rule asks for (pallet-balancing implements it by opening
/// an automatic balancing action). `()` accepts nothing.
pub trait StabilityResponder {
	/// The most weight one call of [`Self::respond`] can take; callers add it to their own
	/// weight for every rule that may fire.
	fn max_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}

	/// Open `action` for `target_kw` in `region` at `priority`. Returns the id of what was
	/// opened, or the reason it could not be.
	fn respond(
		region: &RegionId,
		action: BalancingActionType,
		target_kw: Kilowatts,
		priority: Priority,
	) -> Result<u64, sp_runtime::DispatchError>;

	/// Whether what [`Self::respond`] opened as `id` is still open (not completed,
	/// cancelled, expired or evicted). Within [`Self::max_weight`].
	fn is_open(_id: u64) -> bool {
		false
	}
}

impl StabilityResponder for () {
	fn respond(
		_: &RegionId,
		_: BalancingActionType,
		_: Kilowatts,
		_: Priority,
	) -> Result<u64, sp_runtime::DispatchError> {
		Err(sp_runtime::DispatchError::Other("no stability responder configured"))
	}
}

/// Whether a region, or the grid, is in emergency mode (pallet-stability implements it; the
/// energy market and demand response read it). `()` never is.
pub trait EmergencyState {
	/// Whether `region` is in emergency mode.
	fn is_region_in_emergency(region: &RegionId) -> bool;
	/// Whether any region is in emergency mode.
	fn is_grid_in_emergency() -> bool;
}

impl EmergencyState for () {
	fn is_region_in_emergency(_: &RegionId) -> bool {
		false
	}
	fn is_grid_in_emergency() -> bool {
		false
	}
}

/// Told when a region enters or leaves emergency mode (demand response activates its
/// emergency programs). `()` does nothing.
pub trait OnEmergencyChange {
	/// The most weight one call of either method can take.
	fn max_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}

	/// `region` entered emergency mode.
	fn on_emergency_entered(region: &RegionId);
	/// `region` left emergency mode.
	fn on_emergency_cleared(region: &RegionId);
}

impl OnEmergencyChange for () {
	fn on_emergency_entered(_: &RegionId) {}
	fn on_emergency_cleared(_: &RegionId) {}
}

/// The index of a metering interval: [`METERING_INTERVAL_MS`]-long intervals counted from the
/// Unix epoch (interval `i` covers `[i * length, (i + 1) * length)` milliseconds of Unix time).
pub type IntervalIndex = u32;

/// Energy in watt-hours (meter readings count in Wh, the unit meters register).
pub type WattHours = u64;

/// Length of a metering interval and a market slot: 15 minutes, the EU imbalance settlement
/// period, in milliseconds.
pub const METERING_INTERVAL_MS: u64 = 15 * 60 * 1_000;

/// Milliseconds in an hour: an average power over an interval is its energy per hour.
const MS_PER_HOUR: u128 = 3_600_000;

/// The interval that Unix time `now_ms` falls in, for intervals of `interval_ms` (`None` if
/// `interval_ms` is zero or the index does not fit).
pub fn interval_at(now_ms: u64, interval_ms: u64) -> Option<IntervalIndex> {
	now_ms.checked_div(interval_ms).and_then(|i| IntervalIndex::try_from(i).ok())
}

/// The average power, in kW rounded down, of `energy_wh` delivered evenly over an interval of
/// `interval_ms` (15 minutes: kW = Wh / 250). `None` if `interval_ms` is zero; saturates at
/// `u64::MAX` kW.
pub fn average_kw(energy_wh: WattHours, interval_ms: u64) -> Option<Kilowatts> {
	let per_hour = u128::from(energy_wh).checked_mul(MS_PER_HOUR)?;
	// Wh per hour is W; kW is a thousandth of it.
	let watts = per_hour.checked_div(u128::from(interval_ms))?;
	Some(Kilowatts::try_from(watts / 1_000).unwrap_or(Kilowatts::MAX))
}

/// The most energy, in Wh rounded down, that `rated_kw` can carry over an interval of
/// `interval_ms` (15 minutes: Wh = kW x 250). Saturates at `u64::MAX`.
pub fn max_energy_wh(rated_kw: Kilowatts, interval_ms: u64) -> WattHours {
	let kw_ms = u128::from(rated_kw).saturating_mul(u128::from(interval_ms));
	// kW x ms / 3_600_000 is kWh; x 1_000 is Wh.
	WattHours::try_from(kw_ms / (MS_PER_HOUR / 1_000)).unwrap_or(WattHours::MAX)
}

/// What a meter measures (pallet-metering).
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
pub enum MeterKind {
	/// A substation or feeder meter: what it imports is the region's demand.
	Feeder,
	/// A producer's generation meter: it exports.
	Production,
	/// A consumer's meter: it imports.
	Consumption,
	/// A storage facility's meter: it imports (charging) and exports (discharging).
	Storage,
}

/// How a reading was obtained (after OpenADR 3's data quality).
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
pub enum ReadingQuality {
	/// Measured by the meter.
	Measured,
	/// Estimated by the meter or its gateway (for example after a gap).
	Estimated,
	/// The meter has no value for the interval: its energy figures carry no information.
	Missing,
}

/// A meter as the other pallets see it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct MeterSummary<AccountId> {
	/// The region it is in.
	pub region: RegionId,
	/// What it measures.
	pub kind: MeterKind,
	/// The account it belongs to (the market participant; for a feeder, its operator).
	pub owner: AccountId,
	/// The most power it can carry, in kW.
	pub rated_kw: Kilowatts,
}

/// The energy a meter registered in one interval.
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
pub struct IntervalEnergy {
	/// Energy drawn from the grid, in Wh.
	pub imported_wh: WattHours,
	/// Energy fed into the grid, in Wh.
	pub exported_wh: WattHours,
	/// How it was obtained.
	pub quality: ReadingQuality,
}

/// What the market and demand response may read of meters (pallet-metering implements it).
/// `()` knows no meter.
pub trait MeterReadings<AccountId> {
	/// The meter with id `meter`, if it is registered.
	fn meter(meter: u64) -> Option<MeterSummary<AccountId>>;
	/// What `meter` registered in `interval`, if its reading is still held on chain.
	fn energy(meter: u64, interval: IntervalIndex) -> Option<IntervalEnergy>;
	/// Every reading of `meter` still held on chain, oldest first (at most
	/// [`Self::kept_readings`] of them): one storage read.
	fn readings(meter: u64) -> alloc::vec::Vec<(IntervalIndex, IntervalEnergy)>;
	/// The interval in progress by the chain's clock.
	fn current_interval() -> IntervalIndex;
	/// The length of an interval, ms.
	fn interval_ms() -> u64;
	/// Whether no reading of `interval` can be accepted any more (its late window closed):
	/// what is held for it is final.
	fn is_final(interval: IntervalIndex) -> bool;
	/// How many intervals after its end an interval's readings are still accepted.
	fn late_window() -> u32;
	/// How many intervals' readings a meter keeps: the newest this many it reported.
	fn kept_readings() -> u32;

	/// Register a meter with no key anyone holds, for benchmarks: its id.
	#[cfg(feature = "runtime-benchmarks")]
	fn make_meter(owner: AccountId, region: RegionId, kind: MeterKind) -> u64;
	/// Store a reading for benchmarks, as if its meter had sent it (the oldest kept goes when
	/// the meter's window is full).
	#[cfg(feature = "runtime-benchmarks")]
	fn put_reading(meter: u64, interval: IntervalIndex, energy: IntervalEnergy);
	/// Set the chain's clock to the start of `interval`, for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_current_interval(interval: IntervalIndex);
}

impl<AccountId> MeterReadings<AccountId> for () {
	fn meter(_: u64) -> Option<MeterSummary<AccountId>> {
		None
	}
	fn energy(_: u64, _: IntervalIndex) -> Option<IntervalEnergy> {
		None
	}
	fn readings(_: u64) -> alloc::vec::Vec<(IntervalIndex, IntervalEnergy)> {
		alloc::vec::Vec::new()
	}
	fn current_interval() -> IntervalIndex {
		0
	}
	fn interval_ms() -> u64 {
		METERING_INTERVAL_MS
	}
	fn is_final(_: IntervalIndex) -> bool {
		false
	}
	fn late_window() -> u32 {
		0
	}
	fn kept_readings() -> u32 {
		0
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn make_meter(_: AccountId, _: RegionId, _: MeterKind) -> u64 {
		0
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn put_reading(_: u64, _: IntervalIndex, _: IntervalEnergy) {}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_current_interval(_: IntervalIndex) {}
}

/// Whether a meter's readings are about to pay someone (pallet-demand-response: a metered
/// program's participant that has not claimed yet). pallet-metering lets no operator re-key or
/// decommission such a meter, so that nobody can spoil or wipe the readings a reward is
/// measured from. `()`: no meter ever is.
pub trait MeterInUse {
	/// Whether `meter` is in use.
	fn in_use(meter: u64) -> bool;
}

impl MeterInUse for () {
	fn in_use(_: u64) -> bool {
		false
	}
}

/// A meter is in use when either user says so.
impl<A: MeterInUse, B: MeterInUse> MeterInUse for (A, B) {
	fn in_use(meter: u64) -> bool {
		A::in_use(meter) || B::in_use(meter)
	}
}

/// What an operator still answers for in another pallet: pallet-operators lets no operator
/// deregister (or expire) while it has any, so that nobody it owes is left without it
/// (pallet-demand-response: programs it created and has not settled or cancelled, whose
/// participants it reports for; pallet-balancing: actions it opened and has not completed).
/// `()`: none ever.
pub trait OperatorCommitments<AccountId> {
	/// Whether `who`, an operator of `region`, has open commitments.
	fn has_commitments(who: &AccountId, region: &RegionId) -> bool;

	/// Put the most work [`Self::has_commitments`] can do for an operator of `region` in
	/// place, without giving `who` a commitment (benchmarks of the calls that check it).
	#[cfg(feature = "runtime-benchmarks")]
	fn worst_case(_who: &AccountId, _region: &RegionId) {}
}

impl<AccountId> OperatorCommitments<AccountId> for () {
	fn has_commitments(_: &AccountId, _: &RegionId) -> bool {
		false
	}
}

/// An operator has commitments when either pallet says so.
impl<AccountId, A: OperatorCommitments<AccountId>, B: OperatorCommitments<AccountId>>
	OperatorCommitments<AccountId> for (A, B)
{
	fn has_commitments(who: &AccountId, region: &RegionId) -> bool {
		A::has_commitments(who, region) || B::has_commitments(who, region)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn worst_case(who: &AccountId, region: &RegionId) {
		A::worst_case(who, region);
		B::worst_case(who, region);
	}
}

/// Receives the demand that a region's feeder meters measured (pallet-load implements it: the
/// region's load status then follows measured data). `()` ignores it.
pub trait MeteredLoad {
	/// The most weight one call of [`Self::metered_load`] can take, listeners included.
	fn max_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}

	/// `region`'s feeders can carry `capacity_kw` in all and carry `demand_kw` by their latest
	/// readings. Returns the weight it took (at most [`Self::max_weight`]).
	fn metered_load(
		region: &RegionId,
		capacity_kw: Kilowatts,
		demand_kw: Kilowatts,
	) -> frame_support::weights::Weight;

	/// `region` no longer has feeder meters: declared load reports are accepted again.
	fn unmetered(region: &RegionId);
}

impl MeteredLoad for () {
	fn metered_load(_: &RegionId, _: Kilowatts, _: Kilowatts) -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
	fn unmetered(_: &RegionId) {}
}

#[cfg(test)]
mod tests;
