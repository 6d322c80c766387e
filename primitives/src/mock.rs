//! Test doubles of the cross-pallet traits, for the grid pallets' unit tests (accounts are
//! `u64`, as in FRAME mock runtimes). State is thread-local: each test thread has its own.
//! Compiled with `std` but used by tests only, never by the runtime: a test region that
//! does not parse is a broken test, so it may panic.
#![allow(clippy::expect_used)]

use crate::*;
use std::{cell::RefCell, collections::BTreeMap, vec::Vec};

thread_local! {
	static OPERATORS: RefCell<BTreeMap<u64, (RegionId, Capabilities, bool)>> =
		const { RefCell::new(BTreeMap::new()) };
	static EMERGENCIES: RefCell<Vec<RegionId>> = const { RefCell::new(Vec::new()) };
	static RESPONSES: RefCell<Vec<(RegionId, BalancingActionType, Kilowatts, Priority)>> =
		const { RefCell::new(Vec::new()) };
	static REFUSAL: RefCell<Option<sp_runtime::DispatchError>> = const { RefCell::new(None) };
	static CLOSED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
	static LOAD_CHANGES: RefCell<Vec<(RegionId, LoadStatus, LoadStatus)>> =
		const { RefCell::new(Vec::new()) };
	static EMERGENCY_CALLS: RefCell<Vec<(RegionId, bool)>> = const { RefCell::new(Vec::new()) };
	static DEMAND: RefCell<BTreeMap<RegionId, Kilowatts>> = const { RefCell::new(BTreeMap::new()) };
	static CAPACITY: RefCell<BTreeMap<RegionId, Kilowatts>> = const { RefCell::new(BTreeMap::new()) };
	static METERED: RefCell<Vec<(RegionId, Option<(Kilowatts, Kilowatts)>)>> =
		const { RefCell::new(Vec::new()) };
	static METERS: RefCell<BTreeMap<u64, (MeterSummary<u64>, BTreeMap<IntervalIndex, IntervalEnergy>)>> =
		const { RefCell::new(BTreeMap::new()) };
	static NOW_INTERVAL: RefCell<IntervalIndex> = const { RefCell::new(0) };
	static METERS_IN_USE: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

fn region(name: &str) -> RegionId {
	RegionId::try_from(name).expect("test regions are valid")
}

/// An operator registry with operators added by the test.
pub struct MockOperators;

impl MockOperators {
	/// `who` becomes a verified operator of `region` with `capabilities`.
	pub fn add(who: u64, region_name: &str, capabilities: Capabilities) {
		OPERATORS.with(|o| o.borrow_mut().insert(who, (region(region_name), capabilities, true)));
	}

	/// `who` stays registered but is no longer verified (suspended).
	pub fn suspend(who: u64) {
		OPERATORS.with(|o| {
			if let Some(entry) = o.borrow_mut().get_mut(&who) {
				entry.2 = false;
			}
		});
	}
}

impl OperatorRegistry<u64> for MockOperators {
	fn is_verified(who: &u64) -> bool {
		OPERATORS.with(|o| o.borrow().get(who).is_some_and(|e| e.2))
	}
	fn region_of(who: &u64) -> Option<RegionId> {
		OPERATORS.with(|o| o.borrow().get(who).map(|e| e.0.clone()))
	}
	fn has_capability(who: &u64, capability: Capability) -> bool {
		OPERATORS.with(|o| o.borrow().get(who).is_some_and(|e| e.2 && e.1.contains(capability)))
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn make_operator(who: &u64, region: RegionId, capabilities: Capabilities) {
		OPERATORS.with(|o| o.borrow_mut().insert(*who, (region, capabilities, true)));
	}
}

/// Emergency state set by the test.
pub struct MockEmergency;

impl MockEmergency {
	/// Put `region` in emergency mode (or take it out).
	pub fn set(region_name: &str, on: bool) {
		EMERGENCIES.with(|e| {
			let mut e = e.borrow_mut();
			e.retain(|r| r.as_bytes() != region_name.as_bytes());
			if on {
				e.push(region(region_name));
			}
		});
	}
}

impl EmergencyState for MockEmergency {
	fn is_region_in_emergency(region: &RegionId) -> bool {
		EMERGENCIES.with(|e| e.borrow().contains(region))
	}
	fn is_grid_in_emergency() -> bool {
		EMERGENCIES.with(|e| !e.borrow().is_empty())
	}
}

/// A stability responder that records what it was asked and answers with ids 1, 2, ...
pub struct RecordingResponder;

impl RecordingResponder {
	/// What it was asked, in order.
	pub fn calls() -> Vec<(RegionId, BalancingActionType, Kilowatts, Priority)> {
		RESPONSES.with(|r| r.borrow().clone())
	}

	/// From now on, refuse every request with `error` (still recording it).
	pub fn refuse_with(error: sp_runtime::DispatchError) {
		REFUSAL.with(|r| *r.borrow_mut() = Some(error));
	}

	/// What it opened as `id` is closed (as balancing would complete, cancel or expire it).
	pub fn close(id: u64) {
		CLOSED.with(|c| c.borrow_mut().push(id));
	}
}

impl StabilityResponder for RecordingResponder {
	fn respond(
		region: &RegionId,
		action: BalancingActionType,
		target_kw: Kilowatts,
		priority: Priority,
	) -> Result<u64, sp_runtime::DispatchError> {
		let id = RESPONSES.with(|r| {
			let mut r = r.borrow_mut();
			r.push((region.clone(), action, target_kw, priority));
			r.len() as u64
		});
		REFUSAL.with(|r| r.borrow().map_or(Ok(id), Err))
	}

	/// Ids it handed out (1, 2, …: one per request not refused) and not [`Self::close`]d.
	fn is_open(id: u64) -> bool {
		let handed_out = RESPONSES.with(|r| r.borrow().len() as u64);
		(1..=handed_out).contains(&id) && !CLOSED.with(|c| c.borrow().contains(&id))
	}
}

/// Records load status changes.
pub struct RecordingLoadListener;

impl RecordingLoadListener {
	/// The changes it was told of, in order (a region critical still as `Critical` to
	/// `Critical`).
	pub fn changes() -> Vec<(RegionId, LoadStatus, LoadStatus)> {
		LOAD_CHANGES.with(|c| c.borrow().clone())
	}
}

/// What [`RecordingLoadListener`] says one call may weigh.
pub const LOAD_LISTENER_WEIGHT: frame_support::weights::Weight =
	frame_support::weights::Weight::from_parts(1_000_000, 100);

impl OnLoadStatusChange for RecordingLoadListener {
	fn max_weight() -> frame_support::weights::Weight {
		LOAD_LISTENER_WEIGHT
	}

	fn on_load_status_change(
		region: &RegionId,
		from: LoadStatus,
		to: LoadStatus,
		_: Kilowatts,
		_: Kilowatts,
	) {
		LOAD_CHANGES.with(|c| c.borrow_mut().push((region.clone(), from, to)));
	}

	/// Recorded as `(region, Critical, Critical)`.
	fn on_still_critical(region: &RegionId, _: Kilowatts, _: Kilowatts) {
		LOAD_CHANGES.with(|c| {
			c.borrow_mut().push((region.clone(), LoadStatus::Critical, LoadStatus::Critical))
		});
	}
}

/// Records emergency mode changes: `(region, entered)`.
pub struct RecordingEmergencyListener;

impl RecordingEmergencyListener {
	/// The changes it was told of, in order.
	pub fn calls() -> Vec<(RegionId, bool)> {
		EMERGENCY_CALLS.with(|c| c.borrow().clone())
	}
}

impl OnEmergencyChange for RecordingEmergencyListener {
	fn on_emergency_entered(region: &RegionId) {
		EMERGENCY_CALLS.with(|c| c.borrow_mut().push((region.clone(), true)));
	}
	fn on_emergency_cleared(region: &RegionId) {
		EMERGENCY_CALLS.with(|c| c.borrow_mut().push((region.clone(), false)));
	}
}

/// Regional demand set by the test; the seed's high threshold.
pub struct MockLoad;

impl MockLoad {
	/// `region`'s latest reading says `capacity_kw` and `demand_kw`.
	pub fn set_load(region_name: &str, capacity_kw: Kilowatts, demand_kw: Kilowatts) {
		CAPACITY.with(|c| c.borrow_mut().insert(region(region_name), capacity_kw));
		Self::set_demand(region_name, Some(demand_kw));
	}

	/// `region`'s current demand is `demand_kw` (`None`: unknown).
	pub fn set_demand(region_name: &str, demand_kw: Option<Kilowatts>) {
		DEMAND.with(|d| match demand_kw {
			Some(kw) => d.borrow_mut().insert(region(region_name), kw),
			None => d.borrow_mut().remove(&region(region_name)),
		});
	}
}

impl LoadMonitor for MockLoad {
	fn current_demand_kw(region: &RegionId) -> Option<Kilowatts> {
		DEMAND.with(|d| d.borrow().get(region).copied())
	}
	fn current_load_kw(region: &RegionId) -> Option<(Kilowatts, Kilowatts)> {
		let capacity = CAPACITY.with(|c| c.borrow().get(region).copied())?;
		Some((capacity, Self::current_demand_kw(region)?))
	}
	fn high_threshold() -> sp_runtime::Permill {
		LoadThresholds::default().high_from
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_load_for_benchmarks(region: &RegionId, capacity_kw: Kilowatts, demand_kw: Kilowatts) {
		CAPACITY.with(|c| c.borrow_mut().insert(region.clone(), capacity_kw));
		DEMAND.with(|d| d.borrow_mut().insert(region.clone(), demand_kw));
	}
}

/// Records the metered load it is given: `(region, Some((capacity_kw, demand_kw)))`, and
/// `(region, None)` when a region loses its last feeder.
pub struct RecordingMeteredLoad;

/// What [`RecordingMeteredLoad`] says one call may weigh (and weighs).
pub const METERED_LOAD_WEIGHT: frame_support::weights::Weight =
	frame_support::weights::Weight::from_parts(2_000_000, 200);

impl RecordingMeteredLoad {
	/// What it was told, in order.
	pub fn calls() -> Vec<(RegionId, Option<(Kilowatts, Kilowatts)>)> {
		METERED.with(|m| m.borrow().clone())
	}
}

impl MeteredLoad for RecordingMeteredLoad {
	fn max_weight() -> frame_support::weights::Weight {
		METERED_LOAD_WEIGHT
	}
	fn metered_load(
		region: &RegionId,
		capacity_kw: Kilowatts,
		demand_kw: Kilowatts,
	) -> frame_support::weights::Weight {
		METERED.with(|m| m.borrow_mut().push((region.clone(), Some((capacity_kw, demand_kw)))));
		METERED_LOAD_WEIGHT
	}
	fn unmetered(region: &RegionId) {
		METERED.with(|m| m.borrow_mut().push((region.clone(), None)));
	}
}

/// Meters and readings set by the test; the clock is an interval the test sets. Readings are
/// final [`MockMeters::LATE_WINDOW`] intervals after their end, and a meter keeps the newest
/// [`MockMeters::KEPT`].
pub struct MockMeters;

impl MockMeters {
	/// Intervals after its end that an interval's readings may still arrive.
	pub const LATE_WINDOW: u32 = 4;
	/// Readings kept per meter.
	pub const KEPT: u32 = 16;

	/// Register meter `id` of `owner` in `region_name`, rated 1,000 kW.
	pub fn add(id: u64, owner: u64, region_name: &str, kind: MeterKind) {
		Self::add_rated(id, owner, region_name, kind, 1_000);
	}

	/// Register meter `id` of `owner` in `region_name`, rated `rated_kw`.
	pub fn add_rated(id: u64, owner: u64, region_name: &str, kind: MeterKind, rated_kw: Kilowatts) {
		let summary = MeterSummary { region: region(region_name), kind, owner, rated_kw };
		METERS.with(|m| m.borrow_mut().insert(id, (summary, BTreeMap::new())));
	}

	/// Meter `id` registered `imported_wh` (and nothing exported) in `interval`.
	pub fn read(id: u64, interval: IntervalIndex, imported_wh: WattHours, quality: ReadingQuality) {
		let energy = IntervalEnergy { imported_wh, exported_wh: 0, quality };
		METERS.with(|m| {
			if let Some((_, readings)) = m.borrow_mut().get_mut(&id) {
				readings.insert(interval, energy);
				while readings.len() > Self::KEPT as usize {
					readings.pop_first();
				}
			}
		});
	}

	/// Meter `id` registered `exported_wh` (and nothing imported) in `interval`.
	pub fn export(
		id: u64,
		interval: IntervalIndex,
		exported_wh: WattHours,
		quality: ReadingQuality,
	) {
		let energy = IntervalEnergy { imported_wh: 0, exported_wh, quality };
		METERS.with(|m| {
			if let Some((_, readings)) = m.borrow_mut().get_mut(&id) {
				readings.insert(interval, energy);
			}
		});
	}

	/// Meter `id` registered `imported_wh` and `exported_wh` in `interval`, measured.
	pub fn put_energy(
		id: u64,
		interval: IntervalIndex,
		imported_wh: WattHours,
		exported_wh: WattHours,
	) {
		let energy = IntervalEnergy { imported_wh, exported_wh, quality: ReadingQuality::Measured };
		METERS.with(|m| {
			if let Some((_, readings)) = m.borrow_mut().get_mut(&id) {
				readings.insert(interval, energy);
			}
		});
	}

	/// The clock is now in `interval`.
	pub fn set_interval(interval: IntervalIndex) {
		NOW_INTERVAL.with(|n| *n.borrow_mut() = interval);
	}
}

impl MeterReadings<u64> for MockMeters {
	fn meter(meter: u64) -> Option<MeterSummary<u64>> {
		METERS.with(|m| m.borrow().get(&meter).map(|(s, _)| s.clone()))
	}
	fn energy(meter: u64, interval: IntervalIndex) -> Option<IntervalEnergy> {
		METERS.with(|m| m.borrow().get(&meter).and_then(|(_, r)| r.get(&interval).copied()))
	}
	fn readings(meter: u64) -> Vec<(IntervalIndex, IntervalEnergy)> {
		METERS.with(|m| {
			m.borrow()
				.get(&meter)
				.map(|(_, r)| r.iter().map(|(i, e)| (*i, *e)).collect())
				.unwrap_or_default()
		})
	}
	fn current_interval() -> IntervalIndex {
		NOW_INTERVAL.with(|n| *n.borrow())
	}
	fn interval_ms() -> u64 {
		METERING_INTERVAL_MS
	}
	fn is_final(interval: IntervalIndex) -> bool {
		Self::current_interval() > interval.saturating_add(Self::LATE_WINDOW)
	}
	fn late_window() -> u32 {
		Self::LATE_WINDOW
	}
	fn kept_readings() -> u32 {
		Self::KEPT
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn make_meter(owner: u64, region: RegionId, kind: MeterKind) -> u64 {
		let id = METERS.with(|m| m.borrow().keys().next_back().map_or(0, |last| last + 1));
		let summary = MeterSummary { region, kind, owner, rated_kw: 1_000 };
		METERS.with(|m| m.borrow_mut().insert(id, (summary, BTreeMap::new())));
		id
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn put_reading(meter: u64, interval: IntervalIndex, energy: IntervalEnergy) {
		Self::read(meter, interval, energy.imported_wh, energy.quality);
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_current_interval(interval: IntervalIndex) {
		Self::set_interval(interval);
	}
}

/// Meters the test says are in use.
pub struct MockMeterInUse;

impl MockMeterInUse {
	/// `meter` is in use from now on.
	pub fn set(meter: u64) {
		METERS_IN_USE.with(|m| m.borrow_mut().push(meter));
	}
}

impl MeterInUse for MockMeterInUse {
	fn in_use(meter: u64) -> bool {
		METERS_IN_USE.with(|m| m.borrow().contains(&meter))
	}
}
