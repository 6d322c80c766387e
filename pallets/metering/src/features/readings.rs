//! Signed readings: who may send them (the pool's and the block's check), storing them, and
//! what feeder readings tell pallet-load.

use crate::*;
use alloc::{collections::BTreeSet, vec::Vec};
use codec::Encode;
use grid_primitives::{
	average_kw, max_energy_wh, IntervalEnergy, IntervalIndex, MeterReadings, MeterSummary,
	ReadingQuality,
};
use sp_runtime::traits::Zero;

/// The pool tag a reading provides: one per (meter, interval), so that the pool keeps a single
/// transaction carrying a given reading.
pub const READING_TAG_PREFIX: &[u8] = b"grid-meter-reading";

/// What became of one reading of a batch.
enum Stored {
	/// Already stored, or past its late window: nothing written.
	Skipped,
	/// Stored.
	Kept,
	/// A feeder's newest reading, stored and counted in its region's totals.
	FeederOf(RegionId),
}

fn rejection(reason: ReadingRejection) -> TransactionValidityError {
	TransactionValidityError::Invalid(InvalidTransaction::Custom(reason as u8))
}

impl<T: Config> Pallet<T> {
	/// The bytes a meter signs for `reading`: [`READING_SIGNING_CONTEXT`], then this chain's
	/// genesis hash, then the reading's SCALE encoding.
	pub fn signing_payload(reading: &Reading) -> Vec<u8> {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		reading_payload(genesis.as_ref(), reading)
	}

	/// The interval in progress by the chain's clock; `None` before the first timestamp.
	pub fn current_interval() -> Option<IntervalIndex> {
		let now_ms = u64::try_from(T::UnixTime::now().as_millis()).ok()?;
		if now_ms == 0 {
			return None;
		}
		grid_primitives::interval_at(now_ms, Self::interval_ms())
	}

	/// This chain's interval length, ms ([`IntervalLength`]).
	pub fn interval_ms() -> u64 {
		IntervalLength::<T>::get()
	}

	/// The intervals whose readings are accepted now: from the oldest whose late window is
	/// open to the last that has ended (`None` before the first timestamp).
	fn open_intervals() -> Option<core::ops::Range<IntervalIndex>> {
		let current = Self::current_interval()?;
		Some(current.saturating_sub(T::LateWindow::get())..current)
	}

	/// Whether a batch of readings may enter the pool, and a block: the `authorize` of
	/// `submit_readings`, run by `frame_system::AuthorizeCall` when the pool validates the
	/// transaction and again when a block applies it.
	///
	/// Refused whole if any reading is of an interval that has not ended, appears twice, names
	/// an unknown meter, claims more than the meter's rating, or has a bad signature. Readings
	/// already stored or past their late window are let through but skipped by the call; a
	/// batch with no new reading is refused (`Stale`). Only new readings provide pool tags, so
	/// a batch that bundles others' readings with one about to expire cannot block theirs.
	///
	/// The cheap checks come first (the batch's size, intervals, duplicates), then per reading
	/// the meter (one storage read: key, rating and stored intervals) and its signature.
	pub fn authorize_readings(
		_source: TransactionSource,
		readings: &ReadingBatchOf<T>,
	) -> TransactionValidityWithRefund {
		ensure!(!readings.is_empty(), rejection(ReadingRejection::EmptyBatch));
		Self::ensure_fits_block(readings.len() as u32)?;
		let open = Self::open_intervals().ok_or(rejection(ReadingRejection::NoClock))?;

		let mut seen = BTreeSet::new();
		for SignedReading { reading, .. } in readings.iter() {
			ensure!(reading.interval < open.end, InvalidTransaction::Future);
			ensure!(
				seen.insert((reading.meter, reading.interval)),
				rejection(ReadingRejection::DuplicateInBatch)
			);
		}

		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let interval_ms = Self::interval_ms();
		let max_wh_of = |rated_kw| max_energy_wh(rated_kw, interval_ms);
		let mut provides = Vec::with_capacity(readings.len());
		for SignedReading { reading, signature } in readings.iter() {
			let meter =
				Meters::<T>::get(reading.meter).ok_or(rejection(ReadingRejection::UnknownMeter))?;
			let max_wh = max_wh_of(meter.rated_kw);
			ensure!(
				reading.imported_wh <= max_wh && reading.exported_wh <= max_wh,
				rejection(ReadingRejection::ExceedsRating)
			);
			ensure!(
				sp_io::crypto::ed25519_verify(
					signature,
					&reading_payload(genesis.as_ref(), reading),
					&meter.key
				),
				InvalidTransaction::BadProof
			);
			if Self::is_new(&meter, reading.interval, &open) {
				provides.push((READING_TAG_PREFIX, reading.meter, reading.interval).encode());
			}
		}
		ensure!(!provides.is_empty(), InvalidTransaction::Stale);

		let validity = ValidTransaction {
			priority: T::ReadingPriority::get(),
			requires: Vec::new(),
			provides,
			longevity: T::ReadingLongevity::get(),
			propagate: true,
		};
		Ok((validity, Weight::zero()))
	}

	/// Refuse (`ExhaustsResources`) a batch of `n` readings that cannot fit in the block being
	/// built, before its signatures are checked. `CheckWeight` comes later in the transaction
	/// pipeline and would refuse it too, but only after `AuthorizeCall` had verified all its
	/// signatures; a block builder facing a full block tries several more transactions, and
	/// each such try would cost a whole batch's verification outside any block's weight. The
	/// check mirrors `frame_system::calculate_consumed_weight` with less than the batch's full
	/// weight (no other extension's, no length), so it refuses only what `CheckWeight` would. In
	/// the pool's validation the block is empty (`frame_system` resets its weight), so a batch
	/// is never refused there for a full block.
	fn ensure_fits_block(n: u32) -> Result<(), TransactionValidityError> {
		let limits = <T as frame_system::Config>::BlockWeights::get();
		let class = limits.get(DispatchClass::Operational);
		let mut consumed = frame_system::Pallet::<T>::block_weight();
		let batch = Self::readings_worst_weight(n)
			.saturating_add(T::WeightInfo::authorize_submit_readings(n))
			.saturating_add(class.base_extrinsic);
		consumed.accrue(batch, DispatchClass::Operational);
		let operational = *consumed.get(DispatchClass::Operational);
		let over_class = class.max_total.is_some_and(|max| operational.any_gt(max));
		let over_block = consumed.total().any_gt(limits.max_block)
			&& class.reserved.is_some_and(|reserved| operational.any_gt(reserved));
		ensure!(!over_class && !over_block, InvalidTransaction::ExhaustsResources);
		Ok(())
	}

	/// Whether a reading of `interval` would be stored: its late window is open and the meter
	/// has none for it yet.
	fn is_new(
		meter: &MeterOf<T>,
		interval: IntervalIndex,
		open: &core::ops::Range<IntervalIndex>,
	) -> bool {
		open.contains(&interval)
			&& meter.readings.binary_search_by_key(&interval, |r| r.interval).is_err()
	}

	/// What a batch of `n` readings is charged before it runs: every reading a feeder of its
	/// own region, and pallet-load's worst case for each of those regions.
	pub fn readings_worst_weight(n: u32) -> Weight {
		T::WeightInfo::submit_feeder_readings(n)
			.saturating_add(T::MeteredLoad::max_weight().saturating_mul(u64::from(n)))
	}

	/// Store an authorized batch, skipping readings already stored or past their late
	/// window; returns the weight it took.
	pub(crate) fn do_store_readings(readings: ReadingBatchOf<T>) -> Result<Weight, DispatchError> {
		let count = readings.len() as u32;
		let interval_ms = Self::interval_ms();
		// Authorized in this block, so the clock runs; an empty range stores nothing.
		let open = Self::open_intervals().unwrap_or(0..0);
		let mut touched: Vec<RegionId> = Vec::new();
		let mut stored: u32 = 0;
		for SignedReading { reading, .. } in readings {
			match Self::store_reading(reading, interval_ms, &open)? {
				Stored::Skipped => {},
				Stored::Kept => stored = stored.saturating_add(1),
				Stored::FeederOf(region) => {
					stored = stored.saturating_add(1);
					if !touched.contains(&region) {
						touched.push(region);
					}
				},
			}
		}

		let mut load_weight = Weight::zero();
		for region in &touched {
			let totals = Feeders::<T>::get(region).ok_or(Error::<T>::BadFeederTotals)?;
			load_weight = load_weight.saturating_add(T::MeteredLoad::metered_load(
				region,
				totals.capacity_kw,
				totals.demand_kw,
			));
			Self::deposit_event(Event::FeederLoadMeasured {
				region: region.clone(),
				capacity_kw: totals.capacity_kw,
				demand_kw: totals.demand_kw,
			});
		}
		Self::deposit_event(Event::ReadingsAccepted { count: stored });

		let own = if touched.is_empty() {
			T::WeightInfo::submit_readings(count)
		} else {
			T::WeightInfo::submit_feeder_readings(count)
		};
		Ok(own.saturating_add(load_weight).min(Self::readings_worst_weight(count)))
	}

	/// Store one reading in its meter's window, unless it is stored already or past its late
	/// window. A feeder's reading of a newer interval than it had, with a value, updates its
	/// region's totals.
	fn store_reading(
		reading: Reading,
		interval_ms: u64,
		open: &core::ops::Range<IntervalIndex>,
	) -> Result<Stored, DispatchError> {
		Meters::<T>::try_mutate(reading.meter, |maybe| {
			let meter = maybe.as_mut().ok_or(Error::<T>::UnknownMeter)?;
			if !open.contains(&reading.interval) {
				return Ok(Stored::Skipped);
			}
			let position =
				match meter.readings.binary_search_by_key(&reading.interval, |r| r.interval) {
					Ok(_) => return Ok(Stored::Skipped),
					Err(position) => position,
				};
			let newest = position == meter.readings.len();
			let stored = StoredReading {
				interval: reading.interval,
				energy: IntervalEnergy {
					imported_wh: reading.imported_wh,
					exported_wh: reading.exported_wh,
					quality: reading.quality,
				},
			};
			// Full: the oldest goes. A reading older than every kept one cannot have been
			// authorized (`ReadingWindow >= LateWindow`, checked by `integrity_test`); it would
			// be the one dropped.
			let _ = meter.readings.force_insert_keep_right(position, stored);

			if meter.kind != MeterKind::Feeder
				|| !newest || reading.quality == ReadingQuality::Missing
			{
				return Ok(Stored::Kept);
			}
			let net_wh = reading.imported_wh.saturating_sub(reading.exported_wh);
			let kw = average_kw(net_wh, interval_ms).unwrap_or(0);
			Feeders::<T>::try_mutate(&meter.region, |maybe_totals| {
				let totals = maybe_totals.as_mut().ok_or(Error::<T>::BadFeederTotals)?;
				totals.demand_kw = totals
					.demand_kw
					.saturating_sub(meter.counted_kw)
					.checked_add(kw)
					.ok_or(Error::<T>::BadFeederTotals)?;
				Ok::<_, DispatchError>(())
			})?;
			meter.counted_kw = kw;
			Ok(Stored::FeederOf(meter.region.clone()))
		})
	}

	/// A meter and its readings (`GridApi::get_meter`).
	pub fn meter(id: MeterId) -> Option<MeterOf<T>> {
		Meters::<T>::get(id)
	}

	/// A meter's stored readings, oldest first (`GridApi::get_meter_readings`).
	pub fn meter_readings(id: MeterId) -> Vec<StoredReading> {
		Meters::<T>::get(id).map(|m| m.readings.into_inner()).unwrap_or_default()
	}

	/// The invariants: every meter's key maps back to it and no other key is indexed; ids are
	/// below `NextMeterId`; each meter's readings are strictly increasing in interval; only
	/// feeders count power; each region's feeder totals are the sums over its feeders.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		let next = NextMeterId::<T>::get();
		let mut totals: BTreeMap<RegionId, FeederTotals> = BTreeMap::new();
		let mut meters: u64 = 0;
		for (id, meter) in Meters::<T>::iter() {
			meters = meters.saturating_add(1);
			ensure!(id < next, "a meter id at or above NextMeterId");
			ensure!(MeterOfKey::<T>::get(meter.key) == Some(id), "a meter's key is not indexed");
			ensure!(
				meter.readings.windows(2).all(|w| match w {
					[a, b] => a.interval < b.interval,
					_ => true,
				}),
				"readings not strictly increasing"
			);
			if meter.kind == MeterKind::Feeder {
				let t = totals.entry(meter.region.clone()).or_default();
				t.feeders = t.feeders.saturating_add(1);
				t.capacity_kw = t.capacity_kw.saturating_add(meter.rated_kw);
				t.demand_kw = t.demand_kw.saturating_add(meter.counted_kw);
			} else {
				ensure!(meter.counted_kw == 0, "a meter that is not a feeder counts power");
			}
		}
		ensure!(MeterOfKey::<T>::iter().count() as u64 == meters, "a key indexed for no meter");
		let stored: BTreeMap<RegionId, FeederTotals> = Feeders::<T>::iter().collect();
		ensure!(stored == totals, "feeder totals are not the sums over the feeders");
		Ok(())
	}
}

impl<T: Config> MeterReadings<T::AccountId> for Pallet<T> {
	fn meter(meter: MeterId) -> Option<MeterSummary<T::AccountId>> {
		Meters::<T>::get(meter).map(|m| MeterSummary {
			region: m.region,
			kind: m.kind,
			owner: m.owner,
			rated_kw: m.rated_kw,
		})
	}

	fn energy(meter: MeterId, interval: IntervalIndex) -> Option<IntervalEnergy> {
		let readings = Meters::<T>::get(meter)?.readings;
		let position = readings.binary_search_by_key(&interval, |r| r.interval).ok()?;
		readings.get(position).map(|r| r.energy)
	}

	fn readings(meter: MeterId) -> Vec<(IntervalIndex, IntervalEnergy)> {
		Meters::<T>::get(meter)
			.map(|m| m.readings.into_iter().map(|r| (r.interval, r.energy)).collect())
			.unwrap_or_default()
	}

	fn current_interval() -> IntervalIndex {
		Self::current_interval().unwrap_or(0)
	}

	fn interval_ms() -> u64 {
		Self::interval_ms()
	}

	fn is_final(interval: IntervalIndex) -> bool {
		Self::current_interval()
			.is_some_and(|now| now > interval.saturating_add(T::LateWindow::get()))
	}

	fn late_window() -> u32 {
		T::LateWindow::get()
	}

	fn kept_readings() -> u32 {
		T::ReadingWindow::get()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn make_meter(owner: T::AccountId, region: RegionId, kind: MeterKind) -> MeterId {
		let id = NextMeterId::<T>::get();
		NextMeterId::<T>::put(id.saturating_add(1));
		// A key nobody holds: the meter's id, padded.
		let mut key = [0u8; 32];
		key[..8].copy_from_slice(&id.to_le_bytes());
		let key = ed25519::Public::from_raw(key);
		MeterOfKey::<T>::insert(key, id);
		Meters::<T>::insert(
			id,
			Meter {
				key,
				region,
				kind,
				owner,
				rated_kw: 1_000_000,
				depositor: None,
				deposit: Zero::zero(),
				counted_kw: 0,
				readings: BoundedVec::new(),
			},
		);
		id
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn put_reading(meter: MeterId, interval: IntervalIndex, energy: IntervalEnergy) {
		Meters::<T>::mutate(meter, |maybe| {
			if let Some(m) = maybe {
				if let Err(position) = m.readings.binary_search_by_key(&interval, |r| r.interval) {
					let _ = m
						.readings
						.force_insert_keep_right(position, StoredReading { interval, energy });
				}
			}
		});
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_current_interval(interval: IntervalIndex) {
		T::BenchmarkHelper::set_unix_time_ms(
			u64::from(interval).saturating_mul(Self::interval_ms()).saturating_add(1),
		);
	}
}
