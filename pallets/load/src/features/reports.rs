//! Load reports: who may report which region, and storing a reading with its status.

use crate::*;
use frame_support::dispatch::PostDispatchInfo;

/// What storing a reading did.
pub(crate) struct Recorded {
	/// The listener (`OnLoadStatusChange`) was called: the region's status changed, or it
	/// stayed critical.
	pub(crate) notified: bool,
	/// No reading of the region was stored before in this block.
	pub(crate) first_in_block: bool,
}

/// What a report pays: nothing for a region's first report in a block, so that telemetry
/// never pays for the congestion others cause; a further report of the region in the block
/// pays as usual.
fn telemetry_fee(first_in_block: bool) -> Pays {
	if first_in_block {
		Pays::No
	} else {
		Pays::Yes
	}
}

impl<T: Config> Pallet<T> {
	/// A single report from `who` (`report_load`, its caller checked).
	pub(crate) fn do_report_load(
		who: &T::AccountId,
		region: RegionId,
		capacity_kw: Kilowatts,
		demand_kw: Kilowatts,
	) -> DispatchResultWithPostInfo {
		let own = T::Operators::region_of(who);
		let recorded = Self::do_report(
			who,
			own.as_ref(),
			None,
			MeterReading { region, capacity_kw, demand_kw },
		)?;
		let actual = if recorded.notified {
			T::WeightInfo::report_load().saturating_add(T::OnLoadStatusChange::max_weight())
		} else {
			T::WeightInfo::report_load_quiet()
		};
		Ok(PostDispatchInfo {
			actual_weight: Some(actual),
			pays_fee: telemetry_fee(recorded.first_in_block),
		})
	}

	/// A batch of reports from `who` (`report_loads`, its caller checked).
	pub(crate) fn do_report_loads(
		who: &T::AccountId,
		readings: BoundedVec<MeterReading, T::MaxBatch>,
	) -> DispatchResultWithPostInfo {
		ensure!(!readings.is_empty(), Error::<T>::EmptyBatch);
		let n = readings.len() as u32;
		let own = T::Operators::region_of(who);
		let aggregated = Aggregators::<T>::get(who).unwrap_or_default();
		let mut notified: u64 = 0;
		let mut all_first = true;
		for reading in readings {
			let recorded = Self::do_report(who, own.as_ref(), Some(&aggregated), reading)?;
			if recorded.notified {
				notified = notified.saturating_add(1);
			}
			all_first &= recorded.first_in_block;
		}
		Ok(PostDispatchInfo {
			actual_weight: Some(Self::batch_weight(n, notified)),
			pays_fee: telemetry_fee(all_first),
		})
	}

	/// What a batch of `n` readings weighs when `notified` of them called the listener
	/// (changed their region's status or found it critical still): the quiet batch, and for
	/// each of those what a change adds to a single report and the listener. Never more than
	/// the batch's worst case.
	pub fn batch_weight(n: u32, notified: u64) -> Weight {
		let per_change = T::WeightInfo::report_load()
			.saturating_sub(T::WeightInfo::report_load_quiet())
			.saturating_add(T::OnLoadStatusChange::max_weight());
		let worst = T::WeightInfo::report_loads(n)
			.saturating_add(T::OnLoadStatusChange::max_weight().saturating_mul(u64::from(n)));
		T::WeightInfo::report_loads_quiet(n)
			.saturating_add(per_change.saturating_mul(notified))
			.min(worst)
	}

	/// A signed verified operator with the report-load capability.
	pub(crate) fn ensure_reporter(origin: OriginFor<T>) -> Result<T::AccountId, DispatchError> {
		let who = ensure_signed(origin)?;
		ensure!(
			T::Operators::has_capability(&who, Capability::ReportLoad),
			Error::<T>::NotAuthorized
		);
		Ok(who)
	}

	/// Whether `who` may report `region`'s load: a verified operator with the report-load
	/// capability, of `region` or its aggregator, and the region not metered by feeders. The
	/// check `report_load` makes of its caller; the runtime's transaction pool makes it too,
	/// to refuse another account's reports before they enter a block.
	pub fn check_reporter(who: &T::AccountId, region: &RegionId) -> Result<(), Error<T>> {
		ensure!(
			T::Operators::has_capability(who, Capability::ReportLoad),
			Error::<T>::NotAuthorized
		);
		Self::check_region(who, T::Operators::region_of(who).as_ref(), None, region)
	}

	/// Whether `who` (operator of `own`, aggregator of `aggregated` when the caller has read
	/// that list already) may report for `region`, which feeders do not meter.
	pub(crate) fn check_region(
		who: &T::AccountId,
		own: Option<&RegionId>,
		aggregated: Option<&[RegionId]>,
		region: &RegionId,
	) -> Result<(), Error<T>> {
		region.validate().map_err(|_| Error::<T>::BadRegion)?;
		let allowed = own == Some(region)
			|| match aggregated {
				Some(regions) => regions.contains(region),
				None => Aggregators::<T>::get(who).is_some_and(|regions| regions.contains(region)),
			};
		ensure!(allowed, Error::<T>::WrongRegion);
		ensure!(!Metered::<T>::contains_key(region), Error::<T>::RegionMetered);
		Ok(())
	}

	/// Check one reading of `who` (operator of `own`) and store it; whether the region's
	/// status changed. `aggregated` is `who`'s aggregator list when the caller has read it
	/// already; otherwise it is read only for a region that is not `who`'s own.
	pub(crate) fn do_report(
		who: &T::AccountId,
		own: Option<&RegionId>,
		aggregated: Option<&[RegionId]>,
		reading: MeterReading,
	) -> Result<Recorded, DispatchError> {
		let MeterReading { region, capacity_kw, demand_kw } = reading;
		Self::check_region(who, own, aggregated, &region)?;
		let load = load_share(capacity_kw, demand_kw).ok_or(Error::<T>::ZeroCapacity)?;
		let status = Thresholds::<T>::get().classify(load);
		Self::deposit_event(Event::LoadReported {
			region: region.clone(),
			reporter: who.clone(),
			capacity_kw,
			demand_kw,
			load,
			status,
		});
		Ok(Self::record(&region, capacity_kw, demand_kw, load, status))
	}

	/// Store a checked reading as `region`'s current load, and tell the listener of a status
	/// change, or that the region is critical still (so that a region critical for long is
	/// answered again once its automatic action closed).
	pub(crate) fn record(
		region: &RegionId,
		capacity_kw: Kilowatts,
		demand_kw: Kilowatts,
		load: Permill,
		status: LoadStatus,
	) -> Recorded {
		let now = frame_system::Pallet::<T>::block_number();
		let entry = LoadReading { capacity_kw, demand_kw, load, status, reported_at: now };
		let (from, first_in_block) = Readings::<T>::mutate(region, |readings| {
			let previous = readings.last();
			let first_in_block = previous.is_none_or(|reading| reading.reported_at < now);
			let from = Self::effective_status(previous, now);
			// Full: the oldest goes. `HistoryDepth` is at least one (`integrity_test`).
			let _ = readings.force_insert_keep_right(readings.len(), entry);
			(from, first_in_block)
		});
		let changed = from != status;
		if changed {
			Self::deposit_event(Event::LoadStatusChanged {
				region: region.clone(),
				from,
				to: status,
			});
			T::OnLoadStatusChange::on_load_status_change(
				region,
				from,
				status,
				capacity_kw,
				demand_kw,
			);
		} else if status == LoadStatus::Critical {
			T::OnLoadStatusChange::on_still_critical(region, capacity_kw, demand_kw);
		}
		Recorded { notified: changed || status == LoadStatus::Critical, first_in_block }
	}

	/// The status a stored reading stands for at block `now`: `Stale` if there is none or it
	/// is older than `StaleAfter`.
	pub(crate) fn effective_status(
		reading: Option<&LoadReading<BlockNumberFor<T>>>,
		now: BlockNumberFor<T>,
	) -> LoadStatus {
		match reading {
			Some(r) if now.saturating_sub(r.reported_at) <= T::StaleAfter::get() => r.status,
			_ => LoadStatus::Stale,
		}
	}
}
