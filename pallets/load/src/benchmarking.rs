//! Benchmarks of every call in its worst case: the reporter is an aggregator reporting for
//! the last of its regions (a batch: for as many different regions as it can), each region
//! has a full history, and every reading changes the region's status (so the listener
//! runs; its own weight is added by the calls when it does).

use super::*;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use grid_primitives::Capabilities;

fn region(name: &[u8]) -> RegionId {
	RegionId::new(name).expect("a valid region name")
}

/// A reporter of "Home" that is an aggregator for the maximum number of regions; returns it
/// and the last region of its list.
fn aggregator<T: Config>() -> (T::AccountId, RegionId) {
	let who: T::AccountId = account("aggregator", 0, 0);
	let caps = Capabilities::default().with(Capability::ReportLoad);
	T::Operators::make_operator(&who, region(b"Home"), caps);
	let regions: Vec<RegionId> =
		(0..T::MaxAggregatorRegions::get()).map(RegionId::longest_for_benchmarks).collect();
	let target = regions.last().cloned().unwrap_or_else(|| region(b"Home"));
	Aggregators::<T>::insert(&who, BoundedVec::truncate_from(regions));
	(who, target)
}

/// Fill `region`'s history, its newest reading at `demand_kw` of 100 kW.
fn fill_history<T: Config>(region: &RegionId, demand_kw: Kilowatts) {
	let load = Permill::from_percent(demand_kw as u32);
	let reading = LoadReading {
		capacity_kw: 100,
		demand_kw,
		load,
		status: Thresholds::<T>::get().classify(load),
		reported_at: frame_system::Pallet::<T>::block_number(),
	};
	let depth = T::HistoryDepth::get() as usize;
	Readings::<T>::insert(region, BoundedVec::truncate_from(alloc::vec![reading; depth]));
}

/// An aggregator and `n` readings of `demand_kw` (of 100 kW) for as many different regions as
/// it may report for, from the last of its list; each region's history is full, at 50 kW.
fn batch<T: Config>(n: u32, demand_kw: Kilowatts) -> (T::AccountId, Vec<MeterReading>) {
	let (who, _) = aggregator::<T>();
	let mut regions = Aggregators::<T>::get(&who).unwrap_or_default().into_inner();
	regions.reverse();
	regions.push(region(b"Home"));
	for region in &regions {
		fill_history::<T>(region, 50);
	}
	let readings = (0..n as usize)
		.filter_map(|i| regions.get(i % regions.len()))
		.map(|region| MeterReading { region: region.clone(), capacity_kw: 100, demand_kw })
		.collect();
	(who, readings)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn report_load() {
		let (who, target) = aggregator::<T>();
		fill_history::<T>(&target, 50);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), target.clone(), 100, 99);

		assert!(Pallet::<T>::is_critical_load(&target));
	}

	#[benchmark]
	fn report_loads(n: Linear<1, { T::MaxBatch::get() }>) {
		let (who, readings) = batch::<T>(n, 99);
		let first = readings.first().map(|r| r.region.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(who), BoundedVec::truncate_from(readings));

		assert!(first.is_some_and(|region| Pallet::<T>::is_critical_load(&region)));
	}

	/// The everyday reading: the region's status stays, the listener is not called.
	#[benchmark]
	fn report_load_quiet() {
		let (who, target) = aggregator::<T>();
		fill_history::<T>(&target, 50);

		#[extrinsic_call]
		report_load(RawOrigin::Signed(who), target.clone(), 100, 55);

		assert_eq!(Pallet::<T>::current_load(&target).map(|r| r.demand_kw), Some(55));
	}

	/// A batch whose readings all leave their regions' status as it was.
	#[benchmark]
	fn report_loads_quiet(n: Linear<1, { T::MaxBatch::get() }>) {
		let (who, readings) = batch::<T>(n, 55);
		let first = readings.first().map(|r| r.region.clone());

		#[extrinsic_call]
		report_loads(RawOrigin::Signed(who), BoundedVec::truncate_from(readings));

		let current = first.and_then(|region| Pallet::<T>::current_load(&region));
		assert_eq!(current.map(|r| r.demand_kw), Some(55));
	}

	#[benchmark]
	fn set_thresholds() -> Result<(), BenchmarkError> {
		let origin =
			T::ThresholdsOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let p = Permill::from_percent;
		let t = LoadThresholds { normal_from: p(20), high_from: p(70), critical_from: p(90) };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, t);

		assert_eq!(Thresholds::<T>::get(), t);
		Ok(())
	}

	#[benchmark]
	fn set_aggregator() -> Result<(), BenchmarkError> {
		let origin =
			T::AggregatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who: T::AccountId = account("aggregator", 0, 0);
		let regions: Vec<RegionId> =
			(0..T::MaxAggregatorRegions::get()).map(RegionId::longest_for_benchmarks).collect();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), BoundedVec::truncate_from(regions));

		assert!(Aggregators::<T>::contains_key(&who));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
