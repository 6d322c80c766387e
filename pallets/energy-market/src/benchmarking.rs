//! Benchmarks of every call in its worst case: closing a trade prunes the oldest from a
//! full history; a deactivated consumer has prepaid balance to release.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::{Inspect as _, Mutate as _};
use frame_system::RawOrigin;

fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	let amount = T::Currency::minimum_balance()
		.saturating_add(T::MaxTopUp::get())
		.saturating_mul(4u32.into());
	T::Currency::set_balance(&who, amount);
	who
}

fn producer<T: Config>() -> T::AccountId {
	let who = funded::<T>("producer");
	Pallet::<T>::register_producer(
		RawOrigin::Signed(who.clone()).into(),
		50_000,
		EnergyType::Solar,
	)
	.expect("registers");
	Pallet::<T>::report_production(RawOrigin::Signed(who.clone()).into(), 5_000).expect("reports");
	who
}

/// A consumer with the largest top-up prepaid.
fn consumer<T: Config>() -> T::AccountId {
	let who = funded::<T>("consumer");
	Pallet::<T>::register_consumer(RawOrigin::Signed(who.clone()).into(), 10_000)
		.expect("registers");
	Pallet::<T>::add_consumer_balance(
		RawOrigin::Signed(who.clone()).into(),
		who.clone(),
		T::MaxTopUp::get(),
	)
	.expect("tops up");
	who
}

fn storage<T: Config>() -> T::AccountId {
	let who = funded::<T>("storage");
	Pallet::<T>::register_storage(RawOrigin::Signed(who.clone()).into(), 10_000, 1_000, 1_000)
		.expect("registers");
	who
}

/// A full history ring: closing the next trade prunes one.
fn full_history<T: Config>(seller: &T::AccountId, buyer: &T::AccountId) {
	for _ in 0..T::MaxTradeHistory::get() {
		let id = NextTradeId::<T>::get();
		Pallet::<T>::create_trade(
			RawOrigin::Signed(seller.clone()).into(),
			buyer.clone(),
			1,
			1u32.into(),
		)
		.expect("trade");
		Pallet::<T>::cancel_trade(RawOrigin::Signed(seller.clone()).into(), id).expect("cancel");
	}
}

fn admin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_producer() {
		let who = funded::<T>("producer");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 50_000, EnergyType::Wind);
		assert!(Producers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn register_consumer() {
		let who = funded::<T>("consumer");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 10_000);
		assert!(Consumers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn register_storage() {
		let who = funded::<T>("storage");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 10_000, 1_000, 1_000);
		assert!(Storages::<T>::contains_key(&who));
	}

	#[benchmark]
	fn report_production() {
		let who = producer::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 4_000);
		assert_eq!(Producers::<T>::get(&who).map(|p| p.current_production), Some(4_000));
	}

	#[benchmark]
	fn consume_energy() {
		producer::<T>();
		let who = consumer::<T>();
		let before = Pallet::<T>::consumer_balance(&who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1);
		assert!(Pallet::<T>::consumer_balance(&who) < before);
	}

	#[benchmark]
	fn charge_storage() {
		let who = storage::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1_000);
		assert_eq!(Storages::<T>::get(&who).map(|s| s.stored_amount), Some(1_000));
	}

	#[benchmark]
	fn discharge_storage() {
		let who = storage::<T>();
		Pallet::<T>::charge_storage(RawOrigin::Signed(who.clone()).into(), 1_000).expect("charges");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1_000);
		assert_eq!(Storages::<T>::get(&who).map(|s| s.stored_amount), Some(0));
	}

	#[benchmark]
	fn create_trade() {
		let seller = producer::<T>();
		let buyer = consumer::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(seller.clone()), buyer, 1_000, 150u32.into());
		assert_eq!(OpenTrades::<T>::get(&seller), 1);
	}

	#[benchmark]
	fn complete_trade() {
		let seller = producer::<T>();
		let buyer = consumer::<T>();
		full_history::<T>(&seller, &buyer);
		let id = NextTradeId::<T>::get();
		Pallet::<T>::create_trade(
			RawOrigin::Signed(seller.clone()).into(),
			buyer.clone(),
			1_000,
			150u32.into(),
		)
		.expect("trade");
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id);
		assert_eq!(Trades::<T>::get(id).map(|t| t.status), Some(TradeStatus::Completed));
	}

	#[benchmark]
	fn cancel_trade() {
		let seller = producer::<T>();
		let buyer = consumer::<T>();
		full_history::<T>(&seller, &buyer);
		let id = NextTradeId::<T>::get();
		Pallet::<T>::create_trade(
			RawOrigin::Signed(seller.clone()).into(),
			buyer,
			1_000,
			150u32.into(),
		)
		.expect("trade");
		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id);
		assert_eq!(Trades::<T>::get(id).map(|t| t.status), Some(TradeStatus::Cancelled));
	}

	#[benchmark]
	fn add_consumer_balance() {
		let target = consumer::<T>();
		let payer = funded::<T>("payer");
		#[extrinsic_call]
		_(RawOrigin::Signed(payer), target.clone(), T::MaxTopUp::get());
		assert!(Pallet::<T>::consumer_balance(&target) > T::MaxTopUp::get());
	}

	#[benchmark]
	fn withdraw_balance() {
		let who = consumer::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), T::MaxTopUp::get());
		assert!(Pallet::<T>::consumer_balance(&who).is_zero());
	}

	#[benchmark]
	fn set_base_price() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 42u32.into());
		assert_eq!(Pallet::<T>::base_price(), 42u32.into());
		Ok(())
	}

	#[benchmark]
	fn toggle_emergency_mode() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin);
		assert!(EmergencyMode::<T>::get());
		Ok(())
	}

	#[benchmark]
	fn record_metrics() -> Result<(), BenchmarkError> {
		// A full log: recording prunes the oldest.
		NextMetricsId::<T>::put(u64::from(T::MaxMetrics::get()));
		let origin = admin::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1_000, 900, 1_200, Permill::from_percent(90));
		assert!(MetricsLog::<T>::contains_key(u64::from(T::MaxMetrics::get())));
		Ok(())
	}

	#[benchmark]
	fn update_producer_reputation() -> Result<(), BenchmarkError> {
		let who = producer::<T>();
		let origin = admin::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), 50);
		assert_eq!(Producers::<T>::get(&who).map(|p| p.reputation_score), Some(50));
		Ok(())
	}

	#[benchmark]
	fn deactivate_participant() -> Result<(), BenchmarkError> {
		let who = consumer::<T>();
		let origin = admin::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), false);
		assert!(Pallet::<T>::consumer_balance(&who).is_zero());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
