//! Benchmarks of every call in its worst case: meters with full reading windows, batches of
//! distinct meters (each a storage read and write), feeders each in a region of its own (each
//! region's totals read and written, and pallet-load told once per region), and every
//! signature checked.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect as _, Mutate as _},
	Authorize,
};
use frame_system::RawOrigin;
use grid_primitives::{Capabilities, Capability, IntervalEnergy, IntervalIndex, ReadingQuality};
use sp_core::crypto::KeyTypeId;
use sp_runtime::traits::{Saturating, Zero};

/// Where the benchmarks keep meter keys in the keystore.
const BENCH_KEY: KeyTypeId = KeyTypeId(*b"metb");

/// The interval the benchmarks' clock is in.
const NOW: IntervalIndex = 1_900_000;

fn set_clock<T: Config>() {
	T::BenchmarkHelper::set_unix_time_ms(
		u64::from(NOW).saturating_mul(Pallet::<T>::interval_ms()).saturating_add(1),
	);
}

fn region(name: &[u8]) -> RegionId {
	RegionId::new(name).expect("a valid region name")
}

/// A verified operator of `region` that may manage meters, with funds for deposits.
fn operator<T: Config>(region: RegionId) -> T::AccountId {
	let who: T::AccountId = account("operator", 0, 0);
	let capabilities =
		Capabilities::default().with(Capability::ManageMeters).with(Capability::ReportLoad);
	T::Operators::make_operator(&who, region, capabilities);
	let funds = T::MeterDeposit::get()
		.saturating_mul(100u32.into())
		.saturating_add(T::Currency::minimum_balance());
	T::Currency::set_balance(&who, funds);
	who
}

/// A full window of readings, the newest `LateWindow + 1` intervals before `NOW` left free.
fn full_window<T: Config>() -> BoundedVec<StoredReading, T::ReadingWindow> {
	let newest = NOW.saturating_sub(T::LateWindow::get()).saturating_sub(1);
	let window = T::ReadingWindow::get();
	let readings: Vec<StoredReading> = (0..window)
		.map(|i| StoredReading {
			interval: newest.saturating_sub(window).saturating_add(i).saturating_add(1),
			energy: IntervalEnergy {
				imported_wh: 1_000,
				exported_wh: 0,
				quality: ReadingQuality::Measured,
			},
		})
		.collect();
	BoundedVec::truncate_from(readings)
}

/// Store meter `i` of `kind` in `region` with a new key and a full window; a feeder is added to
/// its region's totals. Returns its id and key.
fn insert_meter<T: Config>(
	i: u32,
	kind: MeterKind,
	region: RegionId,
) -> (MeterId, ed25519::Public) {
	let key = sp_io::crypto::ed25519_generate(BENCH_KEY, None);
	let id = NextMeterId::<T>::get();
	NextMeterId::<T>::put(id.saturating_add(1));
	let owner: T::AccountId = account("owner", i, 0);
	let counted_kw = if kind == MeterKind::Feeder { 4 } else { 0 };
	if kind == MeterKind::Feeder {
		Feeders::<T>::mutate(&region, |totals| {
			let totals = totals.get_or_insert_with(Default::default);
			totals.feeders = totals.feeders.saturating_add(1);
			totals.capacity_kw = totals.capacity_kw.saturating_add(1_000);
			totals.demand_kw = totals.demand_kw.saturating_add(counted_kw);
		});
	}
	MeterOfKey::<T>::insert(key, id);
	Meters::<T>::insert(
		id,
		Meter {
			key,
			region,
			kind,
			owner,
			rated_kw: 1_000,
			// Managed by the benchmarks' operator (its deposit is not needed here).
			depositor: Some(account("operator", 0, 0)),
			deposit: Zero::zero(),
			counted_kw,
			readings: full_window::<T>(),
		},
	);
	(id, key)
}

/// `n` signed readings of the interval just ended, of `n` meters of `kind`, each feeder in a
/// region of its own.
fn signed_batch<T: Config>(n: u32, kind: MeterKind) -> ReadingBatchOf<T> {
	let readings: Vec<SignedReading> = (0..n)
		.map(|i| {
			let region = if kind == MeterKind::Feeder {
				RegionId::longest_for_benchmarks(i)
			} else {
				region(b"North")
			};
			let (meter, key) = insert_meter::<T>(i, kind, region);
			let reading = Reading {
				meter,
				interval: NOW.saturating_sub(1),
				imported_wh: 250_000,
				exported_wh: 0,
				quality: ReadingQuality::Measured,
			};
			let payload = Pallet::<T>::signing_payload(&reading);
			let signature = sp_io::crypto::ed25519_sign(BENCH_KEY, &key, &payload)
				.expect("the key is in the keystore");
			SignedReading { reading, signature }
		})
		.collect();
	BoundedVec::truncate_from(readings)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A feeder (its region's totals written) registered by an operator (deposit held).
	#[benchmark]
	fn register_meter() {
		let north = region(b"North");
		let who = operator::<T>(north.clone());
		insert_meter::<T>(0, MeterKind::Feeder, north.clone());
		let key = sp_io::crypto::ed25519_generate(BENCH_KEY, None);
		let owner: T::AccountId = account("owner", 1, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), key, north, MeterKind::Feeder, owner, 1_000);

		assert_eq!(MeterOfKey::<T>::get(key), Some(1));
	}

	/// A meter with a full window re-keyed by its region's operator.
	#[benchmark]
	fn rotate_meter_key() {
		let north = region(b"North");
		let who = operator::<T>(north.clone());
		let (id, _) = insert_meter::<T>(0, MeterKind::Feeder, north);
		let key = sp_io::crypto::ed25519_generate(BENCH_KEY, None);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, key);

		assert_eq!(MeterOfKey::<T>::get(key), Some(id));
	}

	/// The last feeder of its region, with a full window and a deposit: the region's totals
	/// go and pallet-load is told the region is no longer metered.
	#[benchmark]
	fn decommission_meter() -> Result<(), BenchmarkError> {
		let north = region(b"North");
		let who = operator::<T>(north.clone());
		let key = sp_io::crypto::ed25519_generate(BENCH_KEY, None);
		let id = NextMeterId::<T>::get();
		Pallet::<T>::register_meter(
			RawOrigin::Signed(who.clone()).into(),
			key,
			north.clone(),
			MeterKind::Feeder,
			who.clone(),
			1_000,
		)
		.map_err(|_| BenchmarkError::Stop("registering the meter failed"))?;
		Meters::<T>::mutate(id, |m| {
			if let Some(m) = m {
				m.readings = full_window::<T>();
			}
		});

		#[extrinsic_call]
		_(RawOrigin::Signed(who), id);

		assert!(Meters::<T>::get(id).is_none());
		assert!(Feeders::<T>::get(&north).is_none());
		Ok(())
	}

	/// `n` readings of `n` consumption meters with full windows.
	#[benchmark]
	fn submit_readings(n: Linear<1, { T::MaxReadingsPerBatch::get() }>) {
		set_clock::<T>();
		let readings = signed_batch::<T>(n, MeterKind::Consumption);
		let first = readings.first().map(|r| r.reading.meter).unwrap_or_default();

		#[extrinsic_call]
		submit_readings(RawOrigin::Authorized, readings);

		assert_eq!(Pallet::<T>::meter_readings(first).last().map(|r| r.interval), Some(NOW - 1));
	}

	/// `n` readings of `n` feeders with full windows, each in a region of its own: every
	/// region's totals change and pallet-load is told of each.
	#[benchmark]
	fn submit_feeder_readings(n: Linear<1, { T::MaxReadingsPerBatch::get() }>) {
		set_clock::<T>();
		let readings = signed_batch::<T>(n, MeterKind::Feeder);

		#[extrinsic_call]
		submit_readings(RawOrigin::Authorized, readings);

		assert_eq!(
			Feeders::<T>::get(RegionId::longest_for_benchmarks(0)).map(|t| t.demand_kw),
			Some(1_000)
		);
	}

	/// The pool's (and the block's) check of `n` readings of `n` meters with full windows:
	/// every meter read, every signature verified.
	#[benchmark]
	fn authorize_submit_readings(
		n: Linear<1, { T::MaxReadingsPerBatch::get() }>,
	) -> Result<(), BenchmarkError> {
		set_clock::<T>();
		let readings = signed_batch::<T>(n, MeterKind::Consumption);
		let call = Call::<T>::submit_readings { readings };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("submit_readings must authorize")?
				.map_err(|_| "the batch must be valid")?;
		}

		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
