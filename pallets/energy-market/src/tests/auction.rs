//! Slot auctions: the clearing rule on hand-computed books, every auction call's success and
//! errors (state unchanged), settlement against meters (full delivery, shortfall, no
//! readings, the penalty cap), and conservation of tokens.

use crate::{features::auction::clear, mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::fungible::{Inspect, InspectHold},
	weights::Weight,
};
use grid_primitives::{mock::MockMeters, MeterKind, ReadingQuality};

const NOW: IntervalIndex = 100;
const SLOT: IntervalIndex = 105;
const BUYER2: u64 = 4;
const BUYER3: u64 = 7;
const SOUTHERNER: u64 = 8;

/// Meters in North: consumption 11 (CONSUMER), 12 (BUYER2), 13 (BUYER3); production 21
/// (PRODUCER), 22 (PRODUCER2); storage 23 (STORAGE); consumption 31 (SOUTHERNER) in South.
/// Each is rated 1,000 kW: 250 kWh a slot.
fn meters() {
	MockMeters::set_interval(NOW);
	MockMeters::add(11, CONSUMER, "North", MeterKind::Consumption);
	MockMeters::add(12, BUYER2, "North", MeterKind::Consumption);
	MockMeters::add(13, BUYER3, "North", MeterKind::Consumption);
	MockMeters::add(21, PRODUCER, "North", MeterKind::Production);
	MockMeters::add(22, PRODUCER2, "North", MeterKind::Production);
	MockMeters::add(23, STORAGE, "North", MeterKind::Storage);
	MockMeters::add(31, SOUTHERNER, "South", MeterKind::Consumption);
	for (who, meter) in [(CONSUMER, 11), (BUYER2, 12), (BUYER3, 13), (SOUTHERNER, 31)] {
		assert_ok!(Market::register_consumer(signed(who), 100, meter));
	}
	for (who, meter) in [(PRODUCER, 21), (PRODUCER2, 22)] {
		assert_ok!(Market::register_producer(signed(who), 1_000, EnergyType::Solar, meter));
	}
	assert_ok!(Market::register_storage(signed(STORAGE), 1_000, 1_000, 1_000, 23));
}

/// Register `who` as a consumer with a new meter `meter` in North.
fn new_consumer(who: u64, meter: u64) {
	MockMeters::add(meter, who, "North", MeterKind::Consumption);
	assert_ok!(Market::register_consumer(signed(who), 100, meter));
}

fn bid(who: u64, meter: u64, kwh: u64, price: Balance) -> DispatchResult {
	Market::place_bid(signed(who), north(), SLOT, meter, kwh, price).map(drop).map_err(|e| e.error)
}

fn offer(who: u64, meter: u64, kwh: u64, price: Balance) -> DispatchResult {
	Market::place_offer(signed(who), north(), SLOT, meter, kwh, price)
		.map(drop)
		.map_err(|e| e.error)
}

fn bid_hold(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::MarketBid.into(), &who)
}

fn collateral(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::MarketCollateral.into(), &who)
}

fn everyone_and_pot() -> Balance {
	(1..=9).chain([Market::pot()]).map(|a| Balances::total_balance(&a)).sum()
}

/// Three bids (10 kWh at 120, 100, 80) and three offers (10 kWh at 70, 90, 110).
fn book_of_six() {
	assert_ok!(bid(CONSUMER, 11, 10, 120));
	assert_ok!(bid(BUYER2, 12, 10, 100));
	assert_ok!(bid(BUYER3, 13, 10, 80));
	assert_ok!(offer(PRODUCER, 21, 10, 70));
	assert_ok!(offer(PRODUCER2, 22, 10, 90));
	assert_ok!(offer(STORAGE, 23, 10, 110));
}

fn gate_closes() {
	MockMeters::set_interval(SLOT - 1);
}

fn readings_final() {
	MockMeters::set_interval(SLOT + MockMeters::LATE_WINDOW + 1);
}

// The clearing rule on hand-computed books.

#[test]
fn curves_crossing_on_a_range_clear_at_its_middle() {
	// Volume by price: 70:10 80:10 90:20 100:20 110:10 120:10; largest on 90..=100.
	let cleared =
		clear::<u128>(&[(120, 10), (100, 10), (80, 10)], &[(70, 10), (90, 10), (110, 10)])
			.expect("crosses");
	assert_eq!(cleared.price, 95);
	assert_eq!(cleared.volume_kwh, 20);
	assert_eq!(cleared.bids, vec![10, 10, 0]);
	assert_eq!(cleared.offers, vec![10, 10, 0]);
}

#[test]
fn curves_that_do_not_cross_clear_nothing() {
	assert_eq!(clear::<u128>(&[(50, 10)], &[(60, 10)]), None);
}

#[test]
fn a_book_with_one_side_empty_clears_nothing() {
	assert_eq!(clear::<u128>(&[(50, 10), (70, 5)], &[]), None);
	assert_eq!(clear::<u128>(&[], &[(50, 10)]), None);
	assert_eq!(clear::<u128>(&[], &[]), None);
}

#[test]
fn the_marginal_side_is_rationed_in_merit_order() {
	// Volume: 90:15 100:15 120:10 -> 95; the 120 bid first in full, the 100 bid gets 5.
	let cleared = clear::<u128>(&[(100, 10), (120, 10)], &[(90, 15)]).expect("crosses");
	assert_eq!(cleared.price, 95);
	assert_eq!((cleared.bids, cleared.offers), (vec![5, 10], vec![15]));
}

#[test]
fn ties_at_the_margin_share_pro_rata() {
	// 15 kWh for 30 at one price: 10 and 20 get 5 and 10.
	let cleared = clear::<u128>(&[(100, 10), (100, 20)], &[(80, 15)]).expect("crosses");
	assert_eq!(cleared.price, 90);
	assert_eq!((cleared.bids, cleared.offers), (vec![5, 10], vec![15]));
	// 2 kWh for three 1 kWh bids: the rounding's kWh go to the earliest.
	let cleared = clear::<u128>(&[(100, 1), (100, 1), (100, 1)], &[(50, 2)]).expect("crosses");
	assert_eq!(cleared.price, 75);
	assert_eq!(cleared.bids, vec![1, 1, 0]);
	// Offers tie too: 7 kWh of demand over offers of 4 and 10 at 60.
	let cleared = clear::<u128>(&[(90, 7)], &[(60, 4), (60, 10)]).expect("crosses");
	assert_eq!(cleared.price, 75);
	assert_eq!(cleared.offers, vec![2, 5]);
	assert_eq!(cleared.offers.iter().sum::<u64>(), 7);
}

#[test]
fn one_price_both_sides_clears_at_it() {
	let cleared = clear::<u128>(&[(100, 8)], &[(100, 5)]).expect("crosses");
	assert_eq!((cleared.price, cleared.volume_kwh), (100, 5));
	assert_eq!((cleared.bids, cleared.offers), (vec![5], vec![5]));
}

// Orders.

#[test]
fn a_bid_holds_its_cost_at_its_limit() {
	test(|| {
		meters();
		assert_ok!(bid(CONSUMER, 11, 10, 120));
		assert_eq!(bid_hold(CONSUMER), 1_200);
		let bids = Bids::<Test>::get((north(), SLOT));
		assert_eq!(bids.len(), 1);
		assert_eq!((bids[0].id, bids[0].energy_kwh, bids[0].held), (0, 10, 1_200));
		assert_eq!(
			events().last(),
			Some(&Event::OrderPlaced {
				region: north(),
				slot: SLOT,
				order_id: 0,
				who: CONSUMER,
				side: Side::Bid,
				energy_kwh: 10,
				limit_price: 120,
				held: 1_200,
			})
		);
	});
}

#[test]
fn an_order_pays_the_weight_of_the_book_it_joined() {
	new_test_ext().execute_with(|| {
		meters();
		let full_bids = <() as WeightInfo>::place_bid(MAX_BIDS);
		let full_offers = <() as WeightInfo>::place_offer(MAX_OFFERS);
		// A full side weighs more than an empty one (its proof at least: the measured
		// execution may not grow measurably with the orders decoded).
		assert!(<() as WeightInfo>::place_bid(0).all_lte(full_bids));
		assert!(<() as WeightInfo>::place_bid(0).any_lt(full_bids));
		let call = Call::<Test>::place_bid {
			region: north(),
			slot: SLOT,
			meter: 11,
			energy_kwh: 1,
			max_price: 10,
		};
		assert_eq!(call.get_dispatch_info().call_weight, full_bids);

		// The first bid and offer: empty books. The second bid: a book of one.
		let first = Market::place_bid(signed(CONSUMER), north(), SLOT, 11, 1, 10).unwrap();
		assert_eq!(first.actual_weight, Some(<() as WeightInfo>::place_bid(0)));
		let second = Market::place_bid(signed(BUYER2), north(), SLOT, 12, 1, 10).unwrap();
		assert_eq!(second.actual_weight, Some(<() as WeightInfo>::place_bid(1)));
		let offered = Market::place_offer(signed(PRODUCER), north(), SLOT, 21, 1, 10).unwrap();
		assert_eq!(offered.actual_weight, Some(<() as WeightInfo>::place_offer(0)));
		assert!(offered.actual_weight.is_some_and(|w| w.all_lt(full_offers)));
	});
}

#[test]
fn an_offer_holds_collateral_at_the_imbalance_price() {
	test(|| {
		meters();
		// Below the base price (100): collateral at 3 x 100.
		assert_ok!(offer(PRODUCER, 21, 10, 70));
		assert_eq!(collateral(PRODUCER), 3_000);
		// Above it: 3 x its limit.
		assert_ok!(offer(PRODUCER2, 22, 10, 110));
		assert_eq!(collateral(PRODUCER2), 3_300);
		// Storage may offer (and bid).
		assert_ok!(offer(STORAGE, 23, 1, 100));
		assert_ok!(bid(STORAGE, 23, 1, 100));
		assert_eq!(Offers::<Test>::get((north(), SLOT)).len(), 3);
		assert_eq!(Slots::<Test>::get((north(), SLOT)).map(|s| s.next_order_id), Some(4));
	});
}

#[test]
fn orders_are_refused_for_bad_amounts_and_slots() {
	test(|| {
		meters();
		assert_noop!(bid(CONSUMER, 11, 0, 100), Error::<Test>::InvalidAmount);
		assert_noop!(bid(CONSUMER, 11, 10, 0), Error::<Test>::InvalidAmount);
		// The gate closes one interval before the slot.
		for slot in [NOW, NOW + 1] {
			assert_noop!(
				Market::place_bid(signed(CONSUMER), north(), slot, 11, 1, 1),
				Error::<Test>::GateClosed
			);
		}
		assert_ok!(Market::place_bid(signed(CONSUMER), north(), NOW + 2, 11, 1, 1));
		assert_noop!(
			Market::place_offer(signed(PRODUCER), north(), NOW + SLOTS_AHEAD + 1, 21, 1, 1),
			Error::<Test>::SlotTooFar
		);
		assert_ok!(Market::place_offer(signed(PRODUCER), north(), NOW + SLOTS_AHEAD, 21, 1, 1));
	});
}

#[test]
fn orders_need_the_callers_own_meter_of_the_right_kind_in_the_region() {
	test(|| {
		meters();
		// Someone else's meter, no meter, a production meter for a bid, a consumption meter
		// for an offer.
		assert_noop!(bid(BUYER2, 11, 1, 100), Error::<Test>::NotYourMeter);
		assert_noop!(bid(CONSUMER, 99, 1, 100), Error::<Test>::NotYourMeter);
		assert_noop!(bid(PRODUCER, 21, 1, 100), Error::<Test>::NotYourMeter);
		assert_noop!(offer(CONSUMER, 11, 1, 100), Error::<Test>::NotYourMeter);
		assert_noop!(bid(SOUTHERNER, 31, 1, 100), Error::<Test>::WrongRegion);
		// A meter its owner did not register with, and a deactivated participant's.
		MockMeters::add(14, BUYER3, "North", MeterKind::Consumption);
		assert_noop!(bid(BUYER3, 14, 1, 100), Error::<Test>::NotFound);
		assert_ok!(Market::deactivate_participant(RuntimeOrigin::root(), BUYER3, false));
		assert_noop!(bid(BUYER3, 13, 1, 100), Error::<Test>::NotFound);
		assert_ok!(Market::deactivate_participant(RuntimeOrigin::root(), PRODUCER2, true));
		assert_noop!(offer(PRODUCER2, 22, 1, 100), Error::<Test>::NotFound);
		// A 1,000 kW meter carries 250 kWh in a 15-minute slot.
		assert_noop!(offer(PRODUCER, 21, 251, 100), Error::<Test>::AboveMeterRating);
		assert_ok!(offer(PRODUCER, 21, 250, 100));
		assert_noop!(offer(PRODUCER, 21, 1, 100), Error::<Test>::MeterHasOrder);
	});
}

#[test]
fn orders_are_refused_when_unaffordable_overflowing_or_the_book_is_full() {
	test(|| {
		meters();
		assert_noop!(bid(CONSUMER, 11, 10, FUNDS), Error::<Test>::CannotPay);
		assert_noop!(bid(CONSUMER, 11, 2, Balance::MAX), Error::<Test>::InvalidInput);
		assert_noop!(offer(PRODUCER, 21, 2, Balance::MAX), Error::<Test>::InvalidInput);
		for (i, who) in (1..=MAX_BIDS as u64).enumerate() {
			Balances::set_balance(&(10 + who), FUNDS);
			new_consumer(10 + who, 40 + i as u64);
			assert_ok!(bid(10 + who, 40 + i as u64, 1, 1));
		}
		// No better than the lowest bid: refused.
		assert_noop!(bid(CONSUMER, 11, 1, 1), Error::<Test>::BookFull);
		assert_eq!(bid_hold(CONSUMER), 0);
	});
}

/// Squatting a full book with cheap orders does not keep a better order out: it takes the
/// place of the least competitive, whose hold is released.
#[test]
fn a_better_order_evicts_the_least_competitive_from_a_full_book() {
	test(|| {
		meters();
		for (i, who) in (1..=MAX_BIDS as u64).enumerate() {
			Balances::set_balance(&(10 + who), FUNDS);
			new_consumer(10 + who, 40 + i as u64);
			// Limits 5, 1, 1, 3: the second and third tie at the bottom.
			assert_ok!(bid(10 + who, 40 + i as u64, 1, [5, 1, 1, 3][i]));
		}
		assert_ok!(bid(CONSUMER, 11, 1, 2));
		// The newest of the two lowest (order 2, account 13) is evicted and released.
		assert!(events().contains(&Event::OrderEvicted {
			region: north(),
			slot: SLOT,
			order_id: 2,
			who: 13,
			released: 1
		}));
		assert_eq!(bid_hold(13), 0);
		assert!(!<Market as grid_primitives::MeterInUse>::in_use(42));
		let limits: Vec<Balance> =
			Bids::<Test>::get((north(), SLOT)).iter().map(|o| o.limit_price).collect();
		assert_eq!(limits, vec![5, 1, 3, 2]);
		// Offers: a lower one evicts the highest.
		for (who, meter, price) in [(PRODUCER, 21, 100), (PRODUCER2, 22, 90), (STORAGE, 23, 80)] {
			assert_ok!(offer(who, meter, 1, price));
		}
		MockMeters::add(24, 60, "North", MeterKind::Production);
		Balances::set_balance(&60, FUNDS);
		assert_ok!(Market::register_producer(signed(60), 1, EnergyType::Solar, 24));
		assert_noop!(offer(60, 24, 1, 100), Error::<Test>::BookFull);
		assert_ok!(offer(60, 24, 1, 95));
		assert_eq!(collateral(PRODUCER), 0);
	});
}

/// An order of a batch in North.
fn req(
	side: Side,
	slot: IntervalIndex,
	meter: u64,
	kwh: u64,
	price: Balance,
) -> OrderRequest<Balance> {
	OrderRequest { side, region: north(), slot, meter, energy_kwh: kwh, limit_price: price }
}

fn batch(
	who: u64,
	orders: Vec<OrderRequest<Balance>>,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	let orders = BoundedVec::try_from(orders).expect("within MaxOrdersPerCall");
	Market::place_orders(signed(who), orders)
}

/// What the market holds of a book and its orders' accounts, to compare two ways of
/// placing the same orders.
fn market_state(
) -> Vec<(Vec<OrderOf<Test>>, Vec<OrderOf<Test>>, Option<SlotState<Balance>>, Balance, Balance)> {
	[SLOT, SLOT + 1]
		.into_iter()
		.map(|slot| {
			let (bids, offers, state) = Market::slot_book(&north(), slot);
			(bids, offers, state, bid_hold(STORAGE), collateral(STORAGE))
		})
		.collect()
}

#[test]
fn a_batch_places_its_orders_as_single_calls_would() {
	let orders = vec![
		req(Side::Bid, SLOT, 23, 10, 120),
		req(Side::Offer, SLOT, 23, 5, 90),
		req(Side::Offer, SLOT + 1, 23, 7, 150),
	];
	let singly = {
		let mut ext = new_test_ext();
		ext.execute_with(|| {
			meters();
			assert_ok!(Market::place_bid(signed(STORAGE), north(), SLOT, 23, 10, 120));
			assert_ok!(Market::place_offer(signed(STORAGE), north(), SLOT, 23, 5, 90));
			assert_ok!(Market::place_offer(signed(STORAGE), north(), SLOT + 1, 23, 7, 150));
			(market_state(), events())
		})
	};
	test(|| {
		meters();
		assert_ok!(batch(STORAGE, orders));
		assert_eq!((market_state(), events()), singly);
		// A bid's cost at its limit; each offer's collateral at 3 x max(limit, base 100).
		assert_eq!(bid_hold(STORAGE), 1_200);
		assert_eq!(collateral(STORAGE), 5 * 300 + 7 * 450);
		assert_eq!(events().iter().filter(|e| matches!(e, Event::OrderPlaced { .. })).count(), 3);
	});
}

#[test]
fn a_batch_is_placed_whole_or_not_at_all() {
	test(|| {
		meters();
		assert_noop!(batch(STORAGE, vec![]), Error::<Test>::NoOrders);
		// The third order is refused: the two before it are undone, nothing stays held.
		let refused = [
			(req(Side::Bid, SLOT, 23, 1, 100), Error::<Test>::MeterHasOrder),
			(req(Side::Bid, SLOT, 23, 0, 100), Error::<Test>::InvalidAmount),
			(req(Side::Bid, NOW + 1, 23, 1, 100), Error::<Test>::GateClosed),
			(req(Side::Bid, NOW + SLOTS_AHEAD + 1, 23, 1, 100), Error::<Test>::SlotTooFar),
			(req(Side::Bid, SLOT + 1, 11, 1, 100), Error::<Test>::NotYourMeter),
			(req(Side::Offer, SLOT + 1, 23, 251, 100), Error::<Test>::AboveMeterRating),
			(req(Side::Bid, SLOT + 1, 23, 1, FUNDS), Error::<Test>::CannotPay),
			(
				OrderRequest {
					region: grid_primitives::RegionId::new(b"South").expect("valid"),
					..req(Side::Bid, SLOT + 1, 23, 1, 100)
				},
				Error::<Test>::WrongRegion,
			),
		];
		for (third, error) in refused {
			let orders =
				vec![req(Side::Bid, SLOT, 23, 1, 100), req(Side::Offer, SLOT, 23, 1, 100), third];
			assert_noop!(batch(STORAGE, orders), error);
		}
		assert_eq!((bid_hold(STORAGE), collateral(STORAGE)), (0, 0));
		assert_eq!(Market::slot_book(&north(), SLOT), (vec![], vec![], None));
	});
}

#[test]
fn a_batch_longer_than_the_bound_cannot_be_sent() {
	use codec::{Decode, Encode};
	let orders = vec![req(Side::Bid, SLOT, 23, 1, 100); MAX_ORDERS_PER_CALL as usize + 1];
	assert!(BoundedVec::<_, <Test as Config>::MaxOrdersPerCall>::try_from(orders.clone()).is_err());
	// The same bytes a wallet would send for a longer list do not decode as a call.
	let mut encoded = Call::<Test>::place_orders {
		orders: BoundedVec::try_from(orders[..1].to_vec()).expect("one fits"),
	}
	.encode();
	let index = encoded[0];
	encoded = [vec![index], orders.encode()].concat();
	assert!(Call::<Test>::decode(&mut &encoded[..]).is_err());
	encoded = [vec![index], orders[..MAX_ORDERS_PER_CALL as usize].to_vec().encode()].concat();
	assert!(Call::<Test>::decode(&mut &encoded[..]).is_ok());
}

#[test]
fn a_batch_pays_for_the_sides_its_orders_joined() {
	test(|| {
		meters();
		let orders = vec![req(Side::Bid, SLOT, 23, 1, 100), req(Side::Offer, SLOT + 1, 23, 1, 100)];
		let call = Call::<Test>::place_orders {
			orders: BoundedVec::try_from(orders.clone()).expect("fits"),
		};
		let declared = call.get_dispatch_info().call_weight;
		let full = Market::full_side_weight();
		assert_eq!(
			declared,
			<() as WeightInfo>::place_orders(2).saturating_add(full.saturating_mul(2))
		);
		// A full side costs more than an empty one, of bids and of offers.
		assert!(Market::side_weight(Side::Bid, 0) == Weight::zero());
		assert!(Market::side_weight(Side::Bid, MAX_BIDS).all_lte(full));
		assert!(Market::side_weight(Side::Offer, MAX_OFFERS).all_lte(full));
		assert!(full.any_gt(Weight::zero()));
		// Two bids already in SLOT's book, none in the next slot's.
		assert_ok!(bid(CONSUMER, 11, 1, 100));
		assert_ok!(bid(BUYER2, 12, 1, 100));
		let placed = batch(STORAGE, orders).expect("placed");
		let expected = <() as WeightInfo>::place_orders(2)
			.saturating_add(Market::side_weight(Side::Bid, 2))
			.saturating_add(Market::side_weight(Side::Offer, 0));
		assert_eq!(placed.actual_weight, Some(expected));
		assert!(expected.all_lte(declared));
	});
}

/// SLOT's offer side filled (MAX_OFFERS = 3): PRODUCER at 100, PRODUCER2 at 90, and a new
/// producer (account 60, meter 24) at 95.
fn full_offer_side() {
	for (who, meter, price) in [(PRODUCER, 21, 100), (PRODUCER2, 22, 90)] {
		assert_ok!(offer(who, meter, 1, price));
	}
	MockMeters::add(24, 60, "North", MeterKind::Production);
	Balances::set_balance(&60, FUNDS);
	assert_ok!(Market::register_producer(signed(60), 1, EnergyType::Solar, 24));
	assert_ok!(offer(60, 24, 1, 95));
}

/// An order that evicted another trader's from a full book is undone with the batch: the
/// evicted order is back in the book, held as before, and no event stays.
#[test]
fn a_refused_batch_restores_the_orders_it_evicted() {
	test(|| {
		meters();
		full_offer_side();
		assert_eq!(Offers::<Test>::get((north(), SLOT)).len() as u32, MAX_OFFERS);
		let held = collateral(PRODUCER);
		let events_before = events().len();
		// The storage owner's offer at 80 evicts PRODUCER's at 100; its bid cannot be paid.
		let orders =
			vec![req(Side::Offer, SLOT, 23, 1, 80), req(Side::Bid, SLOT + 1, 23, 1, FUNDS)];
		assert_noop!(batch(STORAGE, orders.clone()), Error::<Test>::CannotPay);
		assert_eq!(collateral(PRODUCER), held);
		assert!(Offers::<Test>::get((north(), SLOT)).iter().any(|o| o.who == PRODUCER));
		assert_eq!(events().len(), events_before);
		// Without the unpayable bid, the eviction stands.
		assert_ok!(batch(STORAGE, orders[..1].to_vec()));
		assert_eq!(collateral(PRODUCER), 0);
	});
}

#[test]
fn a_batch_is_refused_at_its_first_order_too() {
	test(|| {
		meters();
		assert_ok!(Market::deactivate_participant(RuntimeOrigin::root(), BUYER3, false));
		let refused = [
			(BUYER3, req(Side::Bid, SLOT, 13, 1, 100), Error::<Test>::NotFound),
			(STORAGE, req(Side::Bid, SLOT, 23, 2, Balance::MAX), Error::<Test>::InvalidInput),
			(STORAGE, req(Side::Offer, SLOT, 23, 2, Balance::MAX), Error::<Test>::InvalidInput),
		];
		for (who, first, error) in refused {
			assert_noop!(batch(who, vec![first, req(Side::Bid, SLOT + 1, 23, 1, 100)]), error);
		}
		// A full side refuses an order no better than its worst: BookFull.
		full_offer_side();
		assert_noop!(
			batch(STORAGE, vec![req(Side::Offer, SLOT, 23, 1, 100)]),
			Error::<Test>::BookFull
		);
	});
}

#[test]
fn an_order_is_cancelled_by_its_owner_before_the_gate() {
	test(|| {
		meters();
		book_of_six();
		assert_noop!(
			Market::cancel_order(signed(BUYER2), north(), SLOT, 0),
			Error::<Test>::Unauthorized
		);
		assert_noop!(
			Market::cancel_order(signed(CONSUMER), north(), SLOT, 42),
			Error::<Test>::NotFound
		);
		assert_ok!(Market::cancel_order(signed(CONSUMER), north(), SLOT, 0));
		assert_eq!(bid_hold(CONSUMER), 0);
		assert_eq!(
			events().last(),
			Some(&Event::OrderCancelled {
				region: north(),
				slot: SLOT,
				order_id: 0,
				released: 1_200
			})
		);
		assert_ok!(Market::cancel_order(signed(PRODUCER), north(), SLOT, 3));
		assert_eq!(collateral(PRODUCER), 0);
		assert_eq!(Bids::<Test>::get((north(), SLOT)).len(), 2);
		gate_closes();
		assert_noop!(
			Market::cancel_order(signed(BUYER2), north(), SLOT, 1),
			Error::<Test>::GateClosed
		);
	});
}

#[test]
fn cancelling_the_last_order_removes_the_book() {
	test(|| {
		meters();
		assert_ok!(bid(CONSUMER, 11, 10, 120));
		assert_ok!(Market::cancel_order(signed(CONSUMER), north(), SLOT, 0));
		assert!(!Slots::<Test>::contains_key((north(), SLOT)));
		assert!(!Bids::<Test>::contains_key((north(), SLOT)));
	});
}

// Clearing.

#[test]
fn a_slot_clears_after_its_gate_at_one_price_and_releases_unused_holds() {
	test(|| {
		meters();
		book_of_six();
		assert_noop!(Market::clear_slot(signed(9), north(), SLOT), Error::<Test>::GateOpen);
		gate_closes();
		assert_noop!(Market::clear_slot(signed(9), north(), SLOT - 1), Error::<Test>::NotFound);
		assert_noop!(bid(BUYER2, 12, 1, 1), Error::<Test>::GateClosed);
		assert_ok!(Market::clear_slot(signed(9), north(), SLOT));
		assert_eq!(
			events().last(),
			Some(&Event::SlotCleared {
				region: north(),
				slot: SLOT,
				price: Some(95),
				volume_kwh: 20
			})
		);
		// Buyers keep 95 x 10 held; the 80 bid is released in full.
		assert_eq!((bid_hold(CONSUMER), bid_hold(BUYER2), bid_hold(BUYER3)), (950, 950, 0));
		// Sellers keep the collateral of what they sold; the 110 offer is released.
		assert_eq!(
			(collateral(PRODUCER), collateral(PRODUCER2), collateral(STORAGE)),
			(3_000, 3_000, 0)
		);
		assert_eq!(Bids::<Test>::get((north(), SLOT)).len(), 2);
		assert_eq!(Offers::<Test>::get((north(), SLOT)).len(), 2);
		let clearing = Clearing { slot: SLOT, price: 95, volume_kwh: 20 };
		assert_eq!(LastClearing::<Test>::get(north()), Some(clearing));
		assert_noop!(Market::clear_slot(signed(9), north(), SLOT), Error::<Test>::AlreadyCleared);
	});
}

#[test]
fn a_slot_where_nothing_crosses_is_removed_and_everything_released() {
	test(|| {
		meters();
		assert_ok!(bid(CONSUMER, 11, 10, 50));
		assert_ok!(offer(PRODUCER, 21, 10, 60));
		gate_closes();
		assert_ok!(Market::clear_slot(signed(9), north(), SLOT));
		assert_eq!(
			events().last(),
			Some(&Event::SlotCleared { region: north(), slot: SLOT, price: None, volume_kwh: 0 })
		);
		assert_eq!((bid_hold(CONSUMER), collateral(PRODUCER)), (0, 0));
		assert!(!Slots::<Test>::contains_key((north(), SLOT)));
		assert_eq!(LastClearing::<Test>::get(north()), None);
	});
}

// Settlement.

#[test]
fn settlement_pays_delivery_and_charges_a_shortfall_by_hand() {
	test(|| {
		meters();
		book_of_six();
		gate_closes();
		assert_ok!(Market::clear_slot(signed(9), north(), SLOT));
		let start: Vec<Balance> = (1..=9).map(|a| Balances::total_balance(&a)).collect();
		let pot = Balances::total_balance(&Market::pot());
		let sum = everyone_and_pot();
		// PRODUCER delivers its 10 kWh (and more); PRODUCER2 6.5 kWh of 10: 6 whole kWh.
		MockMeters::export(21, SLOT, 12_000, ReadingQuality::Measured);
		MockMeters::export(22, SLOT, 6_500, ReadingQuality::Estimated);
		assert_noop!(Market::settle_slot(signed(9), north(), SLOT), Error::<Test>::ReadingsPending);
		readings_final();
		assert_ok!(Market::settle_slot(signed(9), north(), SLOT));

		let change =
			|who: u64| Balances::total_balance(&who) as i128 - start[who as usize - 1] as i128;
		assert_eq!(change(CONSUMER), -950);
		assert_eq!(change(BUYER2), -950);
		assert_eq!(change(BUYER3), 0);
		assert_eq!(change(PRODUCER), 950);
		// 6 x 95 paid; 4 kWh short at 3 x 95 = 1,140 from its 3,000 collateral.
		assert_eq!(change(PRODUCER2), 570 - 1_140);
		assert_eq!(change(STORAGE), 0);
		assert_eq!(Balances::total_balance(&Market::pot()), pot + 1_900 - 950 - 570 + 1_140);
		assert_eq!(everyone_and_pot(), sum);
		for who in 1..=9 {
			assert_eq!((bid_hold(who), collateral(who)), (0, 0), "account {who} still holds");
		}
		assert!(events().contains(&Event::DeliverySettled {
			region: north(),
			slot: SLOT,
			order_id: 4,
			seller: PRODUCER2,
			sold_kwh: 10,
			delivered_kwh: 6,
			paid: 570,
			penalty: 1_140,
		}));
		assert_eq!(
			events().last(),
			Some(&Event::SlotSettled {
				region: north(),
				slot: SLOT,
				price: 95,
				volume_kwh: 20,
				delivered_kwh: 16,
				paid_in: 1_900,
				paid_out: 1_520,
				penalties: 1_140,
			})
		);
		assert!(!Slots::<Test>::contains_key((north(), SLOT)));
		assert_noop!(Market::settle_slot(signed(9), north(), SLOT), Error::<Test>::NotFound);
	});
}

#[test]
fn a_seller_without_readings_delivered_nothing() {
	test(|| {
		meters();
		assert_ok!(bid(CONSUMER, 11, 10, 110));
		assert_ok!(offer(PRODUCER, 21, 10, 110));
		assert_ok!(offer(PRODUCER2, 22, 10, 110));
		gate_closes();
		assert_ok!(Market::clear_slot(signed(9), north(), SLOT));
		// 10 kWh at 110 split 5/5; PRODUCER2's reading says missing, PRODUCER sent none.
		MockMeters::export(22, SLOT, 9_000, ReadingQuality::Missing);
		let before = (Balances::total_balance(&PRODUCER), Balances::total_balance(&PRODUCER2));
		readings_final();
		assert_ok!(Market::settle_slot(signed(9), north(), SLOT));
		// 5 kWh short at 330: 1,650 of a 1,650 collateral (5 x 3 x 110).
		assert_eq!(Balances::total_balance(&PRODUCER), before.0 - 1_650);
		assert_eq!(Balances::total_balance(&PRODUCER2), before.1 - 1_650);
		assert_eq!(collateral(PRODUCER), 0);
	});
}

#[test]
fn a_penalty_is_at_most_the_collateral() {
	test(|| {
		meters();
		// Collateral 3 x max(100, 100) = 300 a kWh; the slot clears at 150: 450 a kWh short.
		assert_ok!(bid(CONSUMER, 11, 10, 200));
		assert_ok!(offer(PRODUCER, 21, 10, 100));
		gate_closes();
		assert_ok!(Market::clear_slot(signed(9), north(), SLOT));
		let before = Balances::total_balance(&PRODUCER);
		readings_final();
		assert_ok!(Market::settle_slot(signed(9), north(), SLOT));
		assert_eq!(Balances::total_balance(&PRODUCER), before - 3_000);
	});
}

/// Operators may not re-key or wipe a meter whose readings will settle an order.
#[test]
fn a_meter_with_an_unsettled_order_is_in_use_until_settlement() {
	use grid_primitives::MeterInUse;
	test(|| {
		meters();
		book_of_six();
		assert!(Market::in_use(21) && Market::in_use(11));
		assert_eq!(MeterOrders::<Test>::get(21), Some(1));
		gate_closes();
		assert_ok!(Market::clear_slot(signed(9), north(), SLOT));
		// Unmatched orders (BUYER3's bid, STORAGE's offer) no longer hold their meters.
		assert!(!Market::in_use(13) && !Market::in_use(23));
		assert!(Market::in_use(21) && Market::in_use(22) && Market::in_use(12));
		readings_final();
		assert_ok!(Market::settle_slot(signed(9), north(), SLOT));
		assert_eq!(MeterOrders::<Test>::iter().count(), 0);
	});
}

#[test]
fn a_storage_seller_is_paid_for_its_net_export_only() {
	test(|| {
		meters();
		assert_ok!(bid(CONSUMER, 11, 10, 100));
		assert_ok!(offer(STORAGE, 23, 10, 100));
		gate_closes();
		assert_ok!(Market::clear_slot(signed(9), north(), SLOT));
		// 10 kWh out and 7 kWh in within the slot: 3 kWh delivered.
		MockMeters::put_energy(23, SLOT, 7_000, 10_000);
		let before = Balances::total_balance(&STORAGE);
		readings_final();
		assert_ok!(Market::settle_slot(signed(9), north(), SLOT));
		// 3 x 100 paid, 7 kWh short at 300.
		assert_eq!(Balances::total_balance(&STORAGE), before + 300 - 2_100);
	});
}

#[test]
fn an_open_book_cannot_be_settled() {
	test(|| {
		meters();
		assert_ok!(bid(CONSUMER, 11, 10, 120));
		readings_final();
		assert_noop!(Market::settle_slot(signed(9), north(), SLOT), Error::<Test>::NotCleared);
	});
}

#[test]
fn the_seller_and_the_buyer_may_be_one_storage_owner() {
	test(|| {
		meters();
		assert_ok!(bid(STORAGE, 23, 10, 100));
		assert_ok!(offer(STORAGE, 23, 10, 100));
		let sum = everyone_and_pot();
		gate_closes();
		assert_ok!(Market::clear_slot(signed(9), north(), SLOT));
		MockMeters::export(23, SLOT, 10_000, ReadingQuality::Measured);
		readings_final();
		assert_ok!(Market::settle_slot(signed(9), north(), SLOT));
		assert_eq!(everyone_and_pot(), sum);
		assert_eq!((bid_hold(STORAGE), collateral(STORAGE)), (0, 0));
	});
}

/// Random auctions (orders by anyone with any meter, cancels, clears and settles at random
/// times, readings of any size and quality): tokens are only ever moved, every hold is what
/// the books say, and once every book is settled nobody holds anything for the market.
#[test]
fn random_auctions_conserve_tokens_and_release_every_hold() {
	let mut rng = 0x2545_f491_4f6c_dd1du64;
	let mut next = move |bound: u64| {
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		rng % bound.max(1)
	};
	let kinds = [MeterKind::Consumption, MeterKind::Production, MeterKind::Storage];
	let mut settled = 0;
	for _case in 0..30 {
		new_test_ext().execute_with(|| {
			MockMeters::set_interval(NOW);
			for who in 1..=9u64 {
				for (k, kind) in kinds.iter().enumerate() {
					let region = if who == SOUTHERNER { "South" } else { "North" };
					MockMeters::add(who * 10 + k as u64, who, region, *kind);
				}
				assert_ok!(Market::register_consumer(signed(who), 100, who * 10));
				assert_ok!(Market::register_producer(
					signed(who),
					100,
					EnergyType::Wind,
					who * 10 + 1
				));
				assert_ok!(Market::register_storage(signed(who), 100, 100, 100, who * 10 + 2));
			}
			let issuance = Balances::total_issuance();
			let sum = everyone_and_pot();
			let slots = NOW + 2..NOW + 6;
			for _ in 0..150 {
				let who = 1 + next(9);
				let meter = who * 10 + next(3);
				let slot = slots.start + next(4) as IntervalIndex;
				let kwh = next(300);
				let price = u128::from(next(400));
				let _ = match next(8) {
					0 | 1 => Market::place_bid(signed(who), north(), slot, meter, kwh, price)
						.map(drop)
						.map_err(|e| e.error),
					2 | 3 => Market::place_offer(signed(who), north(), slot, meter, kwh, price)
						.map(drop)
						.map_err(|e| e.error),
					4 => Market::cancel_order(signed(who), north(), slot, next(8) as u32),
					5 => Market::clear_slot(signed(who), north(), slot),
					6 => Market::settle_slot(signed(who), north(), slot),
					_ => {
						let quality =
							[ReadingQuality::Measured, ReadingQuality::Missing][next(2) as usize];
						MockMeters::export(meter, slot, next(300_000), quality);
						MockMeters::set_interval(
							<MockMeters as grid_primitives::MeterReadings<u64>>::current_interval()
								+ next(2) as u32,
						);
						Ok(())
					},
				};
				assert_eq!(everyone_and_pot(), sum, "tokens appeared or vanished");
				assert_eq!(Balances::total_issuance(), issuance);
				Market::do_try_state().expect("invariants hold");
			}
			// Everything left clears and settles.
			readings_final_after(slots.end);
			for slot in slots {
				let _ = Market::clear_slot(signed(9), north(), slot);
				if Market::settle_slot(signed(9), north(), slot).is_ok() {
					settled += 1;
				}
			}
			for who in 1..=9 {
				assert_eq!((bid_hold(who), collateral(who)), (0, 0), "account {who} still holds");
			}
			assert_eq!(Slots::<Test>::iter().count(), 0);
			assert_eq!(everyone_and_pot(), sum);
		});
	}
	assert!(settled >= 10, "only {settled} slots settled: the test would prove little");
}

fn readings_final_after(slot: IntervalIndex) {
	MockMeters::set_interval(slot + MockMeters::LATE_WINDOW + 1);
}
