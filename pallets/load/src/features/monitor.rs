//! What other pallets read of a region's load, and feeders' measured load.

use crate::*;

impl<T: Config> grid_primitives::LoadMonitor for Pallet<T> {
	fn current_demand_kw(region: &RegionId) -> Option<Kilowatts> {
		Self::current_load(region).filter(|r| r.status != LoadStatus::Stale).map(|r| r.demand_kw)
	}

	fn current_load_kw(region: &RegionId) -> Option<(Kilowatts, Kilowatts)> {
		Self::current_load(region)
			.filter(|r| r.status != LoadStatus::Stale)
			.map(|r| (r.capacity_kw, r.demand_kw))
	}

	fn high_threshold() -> Permill {
		Thresholds::<T>::get().high_from
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_load_for_benchmarks(region: &RegionId, capacity_kw: Kilowatts, demand_kw: Kilowatts) {
		let Some(load) = load_share(capacity_kw, demand_kw) else { return };
		let status = Thresholds::<T>::get().classify(load);
		let now = frame_system::Pallet::<T>::block_number();
		let entry = LoadReading { capacity_kw, demand_kw, load, status, reported_at: now };
		Readings::<T>::mutate(region, |readings| {
			let _ = readings.force_insert_keep_right(readings.len(), entry);
		});
	}
}

/// The load that a region's feeder meters measured (pallet-metering): stored and classified as
/// a report is, and from then on the region refuses declared reports until it has no feeders.
impl<T: Config> MeteredLoad for Pallet<T> {
	/// A report that changes its region's status (the benchmark's operator checks included: an
	/// overestimate), and the listener.
	fn max_weight() -> Weight {
		T::WeightInfo::report_load().saturating_add(T::OnLoadStatusChange::max_weight())
	}

	fn metered_load(region: &RegionId, capacity_kw: Kilowatts, demand_kw: Kilowatts) -> Weight {
		Metered::<T>::insert(region, ());
		// Feeders have a rated power above zero; a zero total would be a bug upstream, and
		// reads as fully loaded rather than as nothing.
		let load = load_share(capacity_kw, demand_kw).unwrap_or(Permill::one());
		let status = Thresholds::<T>::get().classify(load);
		Self::deposit_event(Event::LoadMetered {
			region: region.clone(),
			capacity_kw,
			demand_kw,
			load,
			status,
		});
		if Self::record(region, capacity_kw, demand_kw, load, status).notified {
			Self::max_weight()
		} else {
			T::WeightInfo::report_load_quiet()
		}
	}

	fn unmetered(region: &RegionId) {
		Metered::<T>::remove(region);
	}
}
