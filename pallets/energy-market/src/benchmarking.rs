//! Benchmarks of every call in its worst case: closing a trade prunes the oldest from a
//! full history; a deactivated consumer has prepaid balance to release.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::{Inspect as _, Mutate as _};
use frame_system::RawOrigin;
use grid_primitives::{IntervalEnergy, MeterKind, ReadingQuality};
use sp_runtime::traits::Bounded;

/// The longest region name and the first slot whose gate is open, the clock at interval 1,000.
fn auction_slot<T: Config>() -> (RegionId, IntervalIndex) {
	T::Meters::set_current_interval(1_000);
	(RegionId::longest_for_benchmarks(0), 1_001 + T::GateClosureIntervals::get())
}

/// A new meter of `who`'s, of `kind`, in the longest-named region.
fn meter_of<T: Config>(who: &T::AccountId, kind: MeterKind) -> u64 {
	T::Meters::make_meter(who.clone(), RegionId::longest_for_benchmarks(0), kind)
}

/// Trader `i` with plenty of tokens, registered as a consumer (bids) or a producer (offers)
/// with its own meter in `region`.
fn trader<T: Config>(i: u32, region: &RegionId, kind: MeterKind) -> (T::AccountId, u64) {
	let who: T::AccountId = account("trader", i, 0);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000_000u32.into());
	let meter = T::Meters::make_meter(who.clone(), region.clone(), kind);
	let origin = RawOrigin::Signed(who.clone());
	match kind {
		MeterKind::Production => {
			Pallet::<T>::register_producer(origin.into(), 1, EnergyType::Solar, meter)
		},
		_ => Pallet::<T>::register_consumer(origin.into(), 1, meter),
	}
	.expect("registers");
	(who, meter)
}

/// A new trader `i` places an order: the trader.
fn order<T: Config>(
	i: u32,
	side: Side,
	region: &RegionId,
	slot: IntervalIndex,
	energy_kwh: KilowattHours,
	price: u32,
) -> T::AccountId {
	let kind = if side == Side::Bid { MeterKind::Consumption } else { MeterKind::Production };
	let (who, meter) = trader::<T>(i, region, kind);
	Pallet::<T>::do_place_order(
		who.clone(),
		side,
		region.clone(),
		slot,
		meter,
		energy_kwh,
		price.into(),
	)
	.expect("the order fits");
	who
}

fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	let amount = T::Currency::minimum_balance()
		.saturating_add(T::MaxTopUp::get())
		.saturating_add(T::ParticipantDeposit::get())
		.saturating_mul(4u32.into());
	T::Currency::set_balance(&who, amount);
	who
}

fn producer<T: Config>() -> T::AccountId {
	let who = funded::<T>("producer");
	let meter = meter_of::<T>(&who, MeterKind::Production);
	Pallet::<T>::register_producer(
		RawOrigin::Signed(who.clone()).into(),
		1_000,
		EnergyType::Solar,
		meter,
	)
	.expect("registers");
	Pallet::<T>::report_production(RawOrigin::Signed(who.clone()).into(), 500).expect("reports");
	who
}

/// A consumer with the largest top-up prepaid.
fn consumer<T: Config>() -> T::AccountId {
	let who = funded::<T>("consumer");
	let meter = meter_of::<T>(&who, MeterKind::Consumption);
	Pallet::<T>::register_consumer(RawOrigin::Signed(who.clone()).into(), 1_000, meter)
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
	let meter = meter_of::<T>(&who, MeterKind::Storage);
	Pallet::<T>::register_storage(
		RawOrigin::Signed(who.clone()).into(),
		10_000,
		1_000,
		1_000,
		meter,
	)
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

/// A successful origin of the admin power `O`.
fn admin<O: EnsureOrigin<T::RuntimeOrigin>, T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError>
{
	O::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_producer() {
		let who = funded::<T>("producer");
		let meter = meter_of::<T>(&who, MeterKind::Production);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1_000, EnergyType::Wind, meter);
		assert!(Producers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn register_consumer() {
		let who = funded::<T>("consumer");
		let meter = meter_of::<T>(&who, MeterKind::Consumption);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1_000, meter);
		assert!(Consumers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn register_storage() {
		let who = funded::<T>("storage");
		let meter = meter_of::<T>(&who, MeterKind::Storage);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 10_000, 1_000, 1_000, meter);
		assert!(Storages::<T>::contains_key(&who));
	}

	#[benchmark]
	fn report_production() {
		let who = producer::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 400);
		assert_eq!(Producers::<T>::get(&who).map(|p| p.current_production), Some(400));
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
		_(RawOrigin::Signed(seller.clone()), buyer, 100, 150u32.into());
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
			100,
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
			100,
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
		let origin = admin::<T::PricingOrigin, T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 42u32.into());
		assert_eq!(Pallet::<T>::base_price(), 42u32.into());
		Ok(())
	}

	#[benchmark]
	fn toggle_emergency_mode() -> Result<(), BenchmarkError> {
		let origin = admin::<T::PricingOrigin, T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin);
		assert!(EmergencyMode::<T>::get());
		Ok(())
	}

	#[benchmark]
	fn record_metrics() -> Result<(), BenchmarkError> {
		// A full log: recording prunes the oldest.
		NextMetricsId::<T>::put(u64::from(T::MaxMetrics::get()));
		let origin = admin::<T::MetricsOrigin, T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1_000, 900, 1_200, Permill::from_percent(90));
		assert!(MetricsLog::<T>::contains_key(u64::from(T::MaxMetrics::get())));
		Ok(())
	}

	#[benchmark]
	fn update_producer_reputation() -> Result<(), BenchmarkError> {
		let who = producer::<T>();
		let origin = admin::<T::ParticipantsOrigin, T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), 50);
		assert_eq!(Producers::<T>::get(&who).map(|p| p.reputation_score), Some(50));
		Ok(())
	}

	#[benchmark]
	fn deactivate_participant() -> Result<(), BenchmarkError> {
		let who = consumer::<T>();
		let origin = admin::<T::ParticipantsOrigin, T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), false);
		assert!(Pallet::<T>::consumer_balance(&who).is_zero());
		Ok(())
	}

	/// `n` trades looked at, every one expired and cancelled (each pruning a full history's
	/// oldest).
	#[benchmark]
	fn expire_trades(n: Linear<1, { T::MaxExpiriesPerBlock::get() }>) {
		let seller = producer::<T>();
		let buyer = consumer::<T>();
		full_history::<T>(&seller, &buyer);
		let first = NextTradeId::<T>::get();
		ExpiryCursor::<T>::put(first);
		let trade = |seller: &T::AccountId| {
			Pallet::<T>::do_create_trade(seller.clone(), buyer.clone(), 1, 1u32.into())
				.expect("trade");
		};
		// Each expiring trade from its own seller, as MaxOpenTrades bounds a seller's.
		for i in 0..n {
			let seller: T::AccountId = account("seller", i, 0);
			T::Currency::set_balance(
				&seller,
				T::Currency::minimum_balance()
					.saturating_add(T::ParticipantDeposit::get())
					.saturating_mul(2u32.into()),
			);
			let meter = meter_of::<T>(&seller, MeterKind::Production);
			Pallet::<T>::register_producer(
				RawOrigin::Signed(seller.clone()).into(),
				10,
				EnergyType::Solar,
				meter,
			)
			.expect("registers");
			Pallet::<T>::report_production(RawOrigin::Signed(seller.clone()).into(), 10)
				.expect("reports");
			trade(&seller);
		}
		let now = frame_system::Pallet::<T>::block_number().saturating_add(T::TradeTtl::get());
		frame_system::Pallet::<T>::set_block_number(now);
		#[block]
		{
			Pallet::<T>::expire_trades(now, n);
		}
		assert_eq!(ExpiryCursor::<T>::get(), first + u64::from(n));
	}

	#[benchmark]
	fn spend_pot() -> Result<(), BenchmarkError> {
		let origin =
			T::SpendOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let pot = Pallet::<T>::pot();
		let amount = T::Currency::minimum_balance();
		T::Currency::set_balance(&pot, amount.saturating_mul(3u32.into()));
		let to: T::AccountId = account("payee", 0, 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, to.clone(), amount);
		assert_eq!(T::Currency::balance(&to), amount);
		Ok(())
	}

	/// `b` bids in the book before; at a full book (`b` = the bound) the new bid, higher than
	/// all, evicts the lowest.
	#[benchmark]
	fn place_bid(b: Linear<0, { T::MaxBidsPerSlot::get() }>) {
		let (region, slot) = auction_slot::<T>();
		for i in 1..=b {
			order::<T>(i, Side::Bid, &region, slot, 10, 2_000 + i);
		}
		let (who, meter) = trader::<T>(0, &region, MeterKind::Consumption);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), region.clone(), slot, meter, 10, 9_000u32.into());
		let bids = Bids::<T>::get((region, slot));
		let max = T::MaxBidsPerSlot::get();
		assert_eq!(bids.len() as u32, (b + 1).min(max));
		if b == max {
			assert!(bids.iter().all(|o| o.limit_price != 2_001u32.into()));
		}
	}

	/// `o` offers in the book before; at a full book the new offer, lower than all, evicts the
	/// highest.
	#[benchmark]
	fn place_offer(o: Linear<0, { T::MaxOffersPerSlot::get() }>) {
		let (region, slot) = auction_slot::<T>();
		for i in 1..=o {
			order::<T>(i, Side::Offer, &region, slot, 10, 1_000 + i);
		}
		let (who, meter) = trader::<T>(0, &region, MeterKind::Production);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), region.clone(), slot, meter, 10, 500u32.into());
		let book = Offers::<T>::get((region, slot));
		let offers = T::MaxOffersPerSlot::get();
		assert_eq!(book.len() as u32, (o + 1).min(offers));
		if o == offers {
			assert!(book.iter().all(|x| x.limit_price != (1_000 + offers).into()));
		}
	}

	/// `n` orders, each into an empty side of its own slot's book, by a caller who is a
	/// consumer, a producer and a storage owner: bids and offers through all three of its
	/// meters in turn (every participant record, meter and both hold reasons touched). What
	/// a longer side adds is `place_bid(b)`'s or `place_offer(o)`'s beyond an empty side.
	#[benchmark]
	fn place_orders(n: Linear<1, { T::MaxOrdersPerCall::get() }>) {
		let (region, first) = auction_slot::<T>();
		let who: T::AccountId = account("scheduler", 0, 0);
		T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000_000u32.into());
		let signed = || RawOrigin::Signed(who.clone());
		let meter = |kind| T::Meters::make_meter(who.clone(), region.clone(), kind);
		let (consumption, production, storage) = (
			meter(MeterKind::Consumption),
			meter(MeterKind::Production),
			meter(MeterKind::Storage),
		);
		Pallet::<T>::register_consumer(signed().into(), 1, consumption).expect("a consumer");
		Pallet::<T>::register_producer(signed().into(), 1, EnergyType::Solar, production)
			.expect("a producer");
		Pallet::<T>::register_storage(signed().into(), 1, 1, 1, storage).expect("a storage owner");
		let turns = [
			(Side::Bid, consumption),
			(Side::Offer, production),
			(Side::Bid, storage),
			(Side::Offer, storage),
		];
		let orders: Vec<_> = (0..n)
			.map(|k| {
				let (side, meter) = turns[(k % 4) as usize];
				OrderRequest {
					side,
					region: region.clone(),
					slot: first + k,
					meter,
					energy_kwh: 1,
					limit_price: 500u32.into(),
				}
			})
			.collect();
		let orders = BoundedVec::try_from(orders).expect("n is within MaxOrdersPerCall");
		#[extrinsic_call]
		_(signed(), orders);
		for k in 0..n {
			let (bids, offers, _) = Pallet::<T>::slot_book(&region, first + k);
			assert_eq!(bids.len() + offers.len(), 1);
		}
	}

	/// Full books; the order cancelled is the last offer, found after every bid.
	#[benchmark]
	fn cancel_order() {
		let (region, slot) = auction_slot::<T>();
		let bids = T::MaxBidsPerSlot::get();
		let offers = T::MaxOffersPerSlot::get();
		for i in 0..bids {
			order::<T>(i, Side::Bid, &region, slot, 10, 2_000 + i);
		}
		let mut last = None;
		for i in 0..offers {
			last = Some(order::<T>(bids + i, Side::Offer, &region, slot, 10, 1_000 + i));
		}
		let who = last.expect("MaxOffersPerSlot is at least 1");
		let order_id = bids + offers - 1;
		#[extrinsic_call]
		_(RawOrigin::Signed(who), region.clone(), slot, order_id);
		assert_eq!(Offers::<T>::get((region, slot)).len() as u32, offers - 1);
	}

	/// Full books at distinct prices (every price a candidate), and every order's hold
	/// partly or wholly released: bids of 1 kWh each clear below their limits, and offers of
	/// 100 kWh each are mostly unmatched.
	#[benchmark]
	fn clear_slot() {
		let (region, slot) = auction_slot::<T>();
		let bids = T::MaxBidsPerSlot::get();
		for i in 0..bids {
			order::<T>(i, Side::Bid, &region, slot, 1, 2_000 + i);
		}
		for i in 0..T::MaxOffersPerSlot::get() {
			order::<T>(bids + i, Side::Offer, &region, slot, 100, 1_000 + i);
		}
		T::Meters::set_current_interval(slot.saturating_sub(T::GateClosureIntervals::get()));
		#[extrinsic_call]
		_(RawOrigin::Signed(account("clearer", 0, 0)), region.clone(), slot);
		assert!(LastClearing::<T>::contains_key(&region));
	}

	/// Full books, every order matched; every seller's meter has a full window of readings
	/// and delivered half: each seller is paid, penalised and released.
	#[benchmark]
	fn settle_slot() {
		let (region, slot) = auction_slot::<T>();
		let bids = T::MaxBidsPerSlot::get();
		let offers = T::MaxOffersPerSlot::get();
		// Equal volumes on both sides: 10 kWh per offer, split over the bids.
		let per_bid = (10 * u64::from(offers)).div_ceil(u64::from(bids.max(1)));
		for i in 0..bids {
			order::<T>(i, Side::Bid, &region, slot, per_bid, 2_000 + i);
		}
		for i in 0..offers {
			order::<T>(bids + i, Side::Offer, &region, slot, 10, 1_000 + i);
		}
		T::Meters::set_current_interval(slot.saturating_sub(T::GateClosureIntervals::get()));
		Pallet::<T>::clear_slot(
			RawOrigin::Signed(account("clearer", 0, 0)).into(),
			region.clone(),
			slot,
		)
		.expect("clears");
		let half = IntervalEnergy {
			imported_wh: 0,
			exported_wh: 5_000,
			quality: ReadingQuality::Measured,
		};
		for offer in Offers::<T>::get((region.clone(), slot)) {
			for interval in slot.saturating_sub(T::Meters::kept_readings())..=slot {
				T::Meters::put_reading(offer.meter, interval, half);
			}
		}
		T::Meters::set_current_interval(
			slot.saturating_add(T::Meters::late_window()).saturating_add(1),
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(account("clearer", 0, 0)), region.clone(), slot);
		assert!(!Slots::<T>::contains_key((region, slot)));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
