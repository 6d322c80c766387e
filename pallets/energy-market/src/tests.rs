//! Every call's success path and each of its errors (state unchanged, by `assert_noop!`),
//! the seed's scenario with token balances, the price formula, the seed's error codes, and
//! a randomized property: no sequence of market calls creates or destroys tokens.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect, InspectHold},
		Hooks,
	},
};
use grid_primitives::{
	mock::{MockEmergency, MockLoad, MockMeters},
	MeterKind,
};
use sp_runtime::{DispatchError, ModuleError};

fn south() -> grid_primitives::RegionId {
	grid_primitives::RegionId::new(b"South").expect("valid")
}

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn free(who: u64) -> Balance {
	Balances::balance(&who)
}

fn deposit(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::ParticipantDeposit.into(), &who)
}

fn prepaid(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::PrepaidBalance.into(), &who)
}

/// A solar producer of 50,000 that reported 5,000, and a consumer with a 10,000 limit and
/// `balance` prepaid by PAYER.
fn market(balance: Balance) {
	// North's latest reading: 5,000 kW of 50,000.
	MockLoad::set_load("North", 50_000, 5_000);
	assert_ok!(Market::register_producer(
		signed(PRODUCER),
		50_000,
		EnergyType::Solar,
		production_meter(PRODUCER)
	));
	assert_ok!(Market::register_consumer(signed(CONSUMER), 10_000, consumption_meter(CONSUMER)));
	assert_ok!(Market::add_consumer_balance(signed(PAYER), CONSUMER, balance));
	assert_ok!(Market::report_production(signed(PRODUCER), 5_000));
}

fn trade(amount: u64, price: Balance) -> TradeId {
	let id = NextTradeId::<Test>::get();
	assert_ok!(Market::create_trade(signed(PRODUCER), CONSUMER, amount, price));
	id
}

#[test]
fn the_seed_scenario_moves_exactly_the_trade_price() {
	test(|| {
		market(1_000_000);
		assert_eq!(Market::grid_status().total_capacity, 50_000);

		// Consume 100 at the dynamic price: load 5,000 of 50,000 capacity.
		let price = Market::dynamic_price(&north()).unwrap();
		assert_eq!(price, BASE + BASE * 5_000 / 100_000);
		assert_ok!(Market::consume_energy(signed(CONSUMER), 100));
		assert_eq!(prepaid(CONSUMER), 1_000_000 - 100 * price);
		assert_eq!(free(Market::pot()), ED + 100 * price, "the pot started with the deposit");

		// A trade of 1,000 at 150.
		let (buyer_total, seller_free) = (free(CONSUMER) + prepaid(CONSUMER), free(PRODUCER));
		let id = trade(1_000, 150);
		assert_ok!(Market::complete_trade(signed(CONSUMER), id));
		assert_eq!(free(CONSUMER) + prepaid(CONSUMER), buyer_total - 150);
		assert_eq!(free(PRODUCER), seller_free + 150);
		assert_eq!(Market::trade_info(id).unwrap().status, TradeStatus::Completed);
		assert_eq!(Market::consumer_info(&CONSUMER).unwrap().0.total_consumed, 1_100);
		assert_eq!(Market::producer_info(&PRODUCER).unwrap().total_produced, 6_000);
	});
}

mod registration {
	use super::*;

	#[test]
	fn each_registration_holds_a_deposit() {
		test(|| {
			let before = free(STORAGE);
			assert_ok!(Market::register_storage(signed(STORAGE), 1, 1, 1, storage_meter(STORAGE)));
			assert_ok!(Market::register_producer(
				signed(STORAGE),
				1,
				EnergyType::Solar,
				production_meter(STORAGE)
			));
			assert_eq!(deposit(STORAGE), 2 * DEPOSIT);
			assert_eq!(free(STORAGE), before - 2 * DEPOSIT);
			// An account that cannot hold the deposit cannot register.
			Balances::set_balance(&STRANGER, ED + DEPOSIT - 1);
			assert_noop!(
				Market::register_consumer(signed(STRANGER), 1, consumption_meter(STRANGER)),
				Error::<Test>::CannotPay
			);
		});
	}

	#[test]
	fn registration_needs_the_callers_own_meter_of_the_matching_kind() {
		test(|| {
			// Someone else's meter, no meter, a meter of another kind.
			assert_noop!(
				Market::register_producer(
					signed(PRODUCER),
					1,
					EnergyType::Solar,
					production_meter(PRODUCER2)
				),
				Error::<Test>::NotYourMeter
			);
			assert_noop!(
				Market::register_producer(signed(PRODUCER), 1, EnergyType::Solar, 7_777),
				Error::<Test>::NotYourMeter
			);
			assert_noop!(
				Market::register_consumer(signed(CONSUMER), 1, production_meter(CONSUMER)),
				Error::<Test>::NotYourMeter
			);
			assert_noop!(
				Market::register_storage(signed(STORAGE), 1, 1, 1, consumption_meter(STORAGE)),
				Error::<Test>::NotYourMeter
			);
		});
	}

	/// The seed's attack: a fresh account declaring 18e18 kW. Declarations are bounded by
	/// the meter an operator registered.
	#[test]
	fn declared_figures_are_bounded_by_the_meters_rating() {
		test(|| {
			assert_noop!(
				Market::register_producer(
					signed(PRODUCER),
					METER_KW + 1,
					EnergyType::Solar,
					production_meter(PRODUCER)
				),
				Error::<Test>::AboveMeterRating
			);
			assert_noop!(
				Market::register_producer(
					signed(PRODUCER),
					18_000_000_000_000_000_000,
					EnergyType::Solar,
					production_meter(PRODUCER)
				),
				Error::<Test>::AboveMeterRating
			);
			assert_noop!(
				Market::register_consumer(
					signed(CONSUMER),
					METER_KW + 1,
					consumption_meter(CONSUMER)
				),
				Error::<Test>::AboveMeterRating
			);
			for (r, d) in [(METER_KW + 1, 1), (1, METER_KW + 1)] {
				assert_noop!(
					Market::register_storage(
						signed(STORAGE),
						u64::MAX,
						r,
						d,
						storage_meter(STORAGE)
					),
					Error::<Test>::AboveMeterRating
				);
			}
			assert_ok!(Market::register_producer(
				signed(PRODUCER),
				METER_KW,
				EnergyType::Solar,
				production_meter(PRODUCER)
			));
			assert_ok!(Market::register_storage(
				signed(STORAGE),
				u64::MAX,
				METER_KW,
				METER_KW,
				storage_meter(STORAGE)
			));
		});
	}

	#[test]
	fn producers_consumers_and_storage_register_once() {
		test(|| {
			assert_ok!(Market::register_producer(
				signed(PRODUCER),
				50_000,
				EnergyType::Wind,
				production_meter(PRODUCER)
			));
			let p = Market::producer_info(&PRODUCER).unwrap();
			assert_eq!((p.capacity, p.reputation_score, p.active), (50_000, 100, true));
			assert_ok!(Market::register_consumer(
				signed(CONSUMER),
				10_000,
				consumption_meter(CONSUMER)
			));
			assert_eq!(
				Market::consumer_info(&CONSUMER),
				Some((
					Consumer {
						consumption_limit: 10_000,
						total_consumed: 0,
						current_usage: 0,
						active: true,
						meter: consumption_meter(CONSUMER),
					},
					0
				))
			);
			assert_ok!(Market::register_storage(
				signed(STORAGE),
				1_000,
				100,
				200,
				storage_meter(STORAGE)
			));
			assert_eq!(Market::storage_info(&STORAGE).unwrap().discharge_rate, 200);
			assert_eq!(
				events(),
				vec![
					Event::ProducerRegistered {
						producer: PRODUCER,
						capacity: 50_000,
						energy_type: EnergyType::Wind
					},
					Event::ConsumerRegistered { consumer: CONSUMER, consumption_limit: 10_000 },
					Event::StorageRegistered { owner: STORAGE, capacity: 1_000 },
				]
			);
			assert_noop!(
				Market::register_producer(
					signed(PRODUCER),
					1,
					EnergyType::Hydro,
					production_meter(PRODUCER)
				),
				Error::<Test>::AlreadyExists
			);
			assert_noop!(
				Market::register_consumer(signed(CONSUMER), 1, consumption_meter(CONSUMER)),
				Error::<Test>::AlreadyExists
			);
			assert_noop!(
				Market::register_storage(signed(STORAGE), 1, 1, 1, storage_meter(STORAGE)),
				Error::<Test>::AlreadyExists
			);
		});
	}

	#[test]
	fn zero_amounts_are_invalid() {
		test(|| {
			assert_noop!(
				Market::register_producer(
					signed(PRODUCER),
					0,
					EnergyType::Nuclear,
					production_meter(PRODUCER)
				),
				Error::<Test>::InvalidAmount
			);
			assert_noop!(
				Market::register_consumer(signed(CONSUMER), 0, consumption_meter(CONSUMER)),
				Error::<Test>::InvalidAmount
			);
			for (c, r, d) in [(0, 1, 1), (1, 0, 1), (1, 1, 0)] {
				assert_noop!(
					Market::register_storage(signed(STORAGE), c, r, d, storage_meter(STORAGE)),
					Error::<Test>::InvalidAmount
				);
			}
			// A meter rated for anything: the grid's capacity overflows.
			MockMeters::add_rated(999, PRODUCER, "North", MeterKind::Production, u64::MAX);
			assert_ok!(Market::register_producer(
				signed(PRODUCER),
				u64::MAX,
				EnergyType::Geothermal,
				999
			));
			assert_noop!(
				Market::register_producer(
					signed(PRODUCER2),
					1,
					EnergyType::Biomass,
					production_meter(PRODUCER2)
				),
				Error::<Test>::InvalidInput
			);
		});
	}
}

mod energy_operations {
	use super::*;

	#[test]
	fn production_replaces_the_previous_report_in_the_load() {
		test(|| {
			market(1);
			assert_eq!(Market::grid_status().current_load, 5_000);
			assert_ok!(Market::report_production(signed(PRODUCER), 3_000));
			assert_eq!(Market::grid_status().current_load, 3_000);
			assert_eq!(Market::producer_info(&PRODUCER).unwrap().total_produced, 8_000);
			assert_noop!(
				Market::report_production(signed(PRODUCER), 50_001),
				Error::<Test>::InvalidAmount
			);
			assert_noop!(Market::report_production(signed(STRANGER), 1), Error::<Test>::NotFound);
			assert_ok!(Market::deactivate_participant(root(), PRODUCER, true));
			assert_noop!(Market::report_production(signed(PRODUCER), 1), Error::<Test>::Inactive);
		});
	}

	#[test]
	fn consumption_is_paid_from_the_prepaid_balance_into_the_pot() {
		test(|| {
			market(100_000);
			let price = Market::dynamic_price(&north()).unwrap();
			assert_ok!(Market::consume_energy(signed(CONSUMER), 10));
			assert_eq!(
				events().last(),
				Some(&Event::EnergyConsumed {
					consumer: CONSUMER,
					amount: 10,
					unit_price: price,
					cost: 10 * price
				})
			);
			assert_eq!(Market::grid_status().current_load, 5_010);
			let c = Market::consumer_info(&CONSUMER).unwrap().0;
			assert_eq!((c.current_usage, c.total_consumed), (10, 10));
		});
	}

	#[test]
	fn consumption_errors() {
		test(|| {
			market(1_000);
			assert_noop!(Market::consume_energy(signed(CONSUMER), 0), Error::<Test>::InvalidAmount);
			assert_noop!(
				Market::consume_energy(signed(CONSUMER), 10_001),
				Error::<Test>::InvalidAmount
			);
			assert_noop!(
				Market::consume_energy(signed(CONSUMER), 100),
				Error::<Test>::InsufficientBalance
			);
			assert_noop!(Market::consume_energy(signed(STRANGER), 1), Error::<Test>::NotFound);
			assert_ok!(Market::deactivate_participant(root(), CONSUMER, false));
			assert_noop!(Market::consume_energy(signed(CONSUMER), 1), Error::<Test>::Inactive);
		});
	}

	#[test]
	fn storage_charges_and_discharges_within_its_limits() {
		test(|| {
			market(1);
			assert_ok!(Market::register_storage(
				signed(STORAGE),
				1_000,
				400,
				300,
				storage_meter(STORAGE)
			));
			assert_ok!(Market::charge_storage(signed(STORAGE), 400));
			assert_eq!(Market::grid_status().current_load, 4_600, "charging lowers the load");
			assert_ok!(Market::charge_storage(signed(STORAGE), 400));
			assert_noop!(
				Market::charge_storage(signed(STORAGE), 201),
				Error::<Test>::InvalidAmount
			);
			assert_noop!(
				Market::charge_storage(signed(STORAGE), 401),
				Error::<Test>::InvalidAmount
			);
			assert_noop!(Market::charge_storage(signed(STORAGE), 0), Error::<Test>::InvalidAmount);
			assert_ok!(Market::discharge_storage(signed(STORAGE), 300));
			assert_eq!(Market::grid_status().current_load, 4_500, "discharging raises it");
			assert_eq!(Market::storage_info(&STORAGE).unwrap().stored_amount, 500);
			assert_noop!(
				Market::discharge_storage(signed(STORAGE), 301),
				Error::<Test>::InvalidAmount
			);
			assert_ok!(Market::discharge_storage(signed(STORAGE), 300));
			assert_noop!(
				Market::discharge_storage(signed(STORAGE), 201),
				Error::<Test>::InsufficientEnergy
			);
			assert_noop!(Market::charge_storage(signed(STRANGER), 1), Error::<Test>::NotFound);
			assert_noop!(Market::discharge_storage(signed(STRANGER), 1), Error::<Test>::NotFound);
			assert!(events().contains(&Event::StorageCharged { owner: STORAGE, amount: 400 }));
			assert!(events().contains(&Event::StorageDischarged { owner: STORAGE, amount: 300 }));
		});
	}
}

mod trading {
	use super::*;

	/// The seed let one production be sold 64 times: open trades now reserve it.
	#[test]
	fn the_same_production_cannot_be_sold_twice() {
		test(|| {
			market(1_000);
			// 5,000 produced: 3,000 then 2,000 fit, one more kWh does not.
			let first = trade(3_000, 1);
			trade(2_000, 1);
			assert_eq!(Reserved::<Test>::get(PRODUCER), 5_000);
			assert_noop!(
				Market::create_trade(signed(PRODUCER), CONSUMER, 1, 1),
				Error::<Test>::InsufficientEnergy
			);
			// Closing a trade frees its energy.
			assert_ok!(Market::cancel_trade(signed(PRODUCER), first));
			assert_eq!(Reserved::<Test>::get(PRODUCER), 2_000);
			trade(3_000, 1);
		});
	}

	#[test]
	fn expired_trades_are_cancelled_by_the_hook_a_few_a_block() {
		test(|| {
			market(1_000);
			let ids: Vec<_> = (0..MAX_OPEN).map(|_| trade(1, 1)).collect();
			assert_ok!(Market::register_producer(
				signed(PRODUCER2),
				10,
				EnergyType::Hydro,
				production_meter(PRODUCER2)
			));
			assert_ok!(Market::report_production(signed(PRODUCER2), 10));
			assert_ok!(Market::create_trade(signed(PRODUCER2), CONSUMER, 1, 1));
			let later = NextTradeId::<Test>::get() - 1;
			// Nothing has expired yet: the sweep stops at the first open trade.
			<Market as Hooks<u64>>::on_initialize(TTL);
			assert_eq!(ExpiryCursor::<Test>::get(), 0);
			// All expired: at most EXPIRIES (2) a block, oldest first.
			System::set_block_number(1 + TTL);
			<Market as Hooks<u64>>::on_initialize(1 + TTL);
			for id in &ids {
				assert_eq!(Trades::<Test>::get(id).map(|t| t.status), Some(TradeStatus::Cancelled));
			}
			assert_eq!(Trades::<Test>::get(later).map(|t| t.status), Some(TradeStatus::Open));
			assert!(events().contains(&Event::TradeCancelled { trade_id: ids[0], expired: true }));
			assert_eq!(Reserved::<Test>::get(PRODUCER), 0);
			<Market as Hooks<u64>>::on_initialize(1 + TTL);
			assert_eq!(Trades::<Test>::get(later).map(|t| t.status), Some(TradeStatus::Cancelled));
			assert_eq!(ExpiryCursor::<Test>::get(), NextTradeId::<Test>::get());
			// A closed trade on the way is passed over.
			let id = trade(1, 1);
			assert_ok!(Market::cancel_trade(signed(PRODUCER), id));
			<Market as Hooks<u64>>::on_initialize(1 + TTL);
			assert_eq!(ExpiryCursor::<Test>::get(), id + 1);
		});
	}

	#[test]
	fn create_trade_errors() {
		test(|| {
			market(1_000);
			let create =
				|who, buyer, amount, price| Market::create_trade(signed(who), buyer, amount, price);
			assert_noop!(create(STRANGER, CONSUMER, 1, 1), Error::<Test>::NotFound);
			assert_noop!(create(PRODUCER, STRANGER, 1, 1), Error::<Test>::NotFound);
			assert_noop!(create(PRODUCER, CONSUMER, 0, 1), Error::<Test>::InvalidAmount);
			assert_noop!(create(PRODUCER, CONSUMER, 1, 0), Error::<Test>::InvalidAmount);
			assert_noop!(create(PRODUCER, CONSUMER, 5_001, 1), Error::<Test>::InsufficientEnergy);
			for _ in 0..MAX_OPEN {
				assert_ok!(create(PRODUCER, CONSUMER, 1, 1));
			}
			assert_noop!(create(PRODUCER, CONSUMER, 1, 1), Error::<Test>::TooManyOpenTrades);
			assert_ok!(Market::deactivate_participant(root(), CONSUMER, false));
			assert_ok!(Market::register_producer(
				signed(PRODUCER2),
				10,
				EnergyType::Hydro,
				production_meter(PRODUCER2)
			));
			assert_ok!(Market::report_production(signed(PRODUCER2), 10));
			assert_noop!(create(PRODUCER2, CONSUMER, 1, 1), Error::<Test>::Inactive);
		});
	}

	#[test]
	fn the_trade_id_is_in_the_event() {
		test(|| {
			market(1_000);
			let id = trade(10, 5);
			assert_eq!(
				events().last(),
				Some(&Event::TradeCreated {
					trade_id: id,
					seller: PRODUCER,
					buyer: CONSUMER,
					amount: 10,
					price: 5,
					expires_at: 1 + TTL
				})
			);
		});
	}

	#[test]
	fn only_the_buyer_completes_and_only_once() {
		test(|| {
			market(1_000);
			let id = trade(10, 5);
			assert_noop!(Market::complete_trade(signed(PRODUCER), id), Error::<Test>::Unauthorized);
			assert_noop!(Market::complete_trade(signed(STRANGER), id), Error::<Test>::Unauthorized);
			assert_ok!(Market::complete_trade(signed(CONSUMER), id));
			assert_noop!(Market::complete_trade(signed(CONSUMER), id), Error::<Test>::TradeClosed);
			assert_noop!(Market::complete_trade(signed(CONSUMER), 99), Error::<Test>::NotFound);
			assert!(events().contains(&Event::TradeCompleted {
				trade_id: id,
				seller: PRODUCER,
				buyer: CONSUMER,
				price: 5
			}));
		});
	}

	#[test]
	fn complete_errors_for_expiry_and_balance() {
		test(|| {
			market(100);
			let dear = trade(10, 101);
			assert_noop!(
				Market::complete_trade(signed(CONSUMER), dear),
				Error::<Test>::InsufficientBalance
			);
			System::set_block_number(1 + TTL);
			assert_noop!(
				Market::complete_trade(signed(CONSUMER), dear),
				Error::<Test>::TradeExpired
			);
		});
	}

	#[test]
	fn cancel_by_the_seller_or_anyone_after_expiry() {
		test(|| {
			market(1_000);
			let first = trade(10, 5);
			let second = trade(10, 5);
			assert_noop!(
				Market::cancel_trade(signed(STRANGER), first),
				Error::<Test>::Unauthorized
			);
			assert_ok!(Market::cancel_trade(signed(PRODUCER), first));
			assert_noop!(Market::cancel_trade(signed(PRODUCER), first), Error::<Test>::TradeClosed);
			System::set_block_number(1 + TTL);
			assert_ok!(Market::cancel_trade(signed(STRANGER), second));
			assert_eq!(
				events().last(),
				Some(&Event::TradeCancelled { trade_id: second, expired: true })
			);
			assert_noop!(Market::cancel_trade(signed(PRODUCER), 99), Error::<Test>::NotFound);
			assert_eq!(OpenTrades::<Test>::get(PRODUCER), 0);
		});
	}

	#[test]
	fn closed_trades_stay_readable_until_the_history_is_full() {
		test(|| {
			market(1_000);
			let ids: Vec<_> = (0..=HISTORY)
				.map(|_| {
					let id = trade(1, 1);
					assert_ok!(Market::cancel_trade(signed(PRODUCER), id));
					id
				})
				.collect();
			assert_eq!(Market::trade_info(ids[0]), None, "the oldest closed trade was pruned");
			for id in &ids[1..] {
				assert!(Market::trade_info(*id).is_some());
			}
			let open = trade(1, 1);
			for _ in 0..HISTORY {
				let id = trade(1, 1);
				assert_ok!(Market::cancel_trade(signed(PRODUCER), id));
			}
			assert!(Market::trade_info(open).is_some(), "open trades are never pruned");
		});
	}
}

mod money {
	use super::*;

	#[test]
	fn a_top_up_moves_the_payers_tokens_and_holds_them() {
		test(|| {
			market(1);
			let issuance = Balances::total_issuance();
			let payer = free(PAYER);
			assert_ok!(Market::add_consumer_balance(signed(PAYER), CONSUMER, 1_000_000));
			assert_eq!(free(PAYER), payer - 1_000_000);
			assert_eq!(prepaid(CONSUMER), 1_000_001);
			assert_eq!(Balances::total_issuance(), issuance, "nothing minted");
			assert_eq!(
				events().last(),
				Some(&Event::ConsumerBalanceAdded {
					consumer: CONSUMER,
					payer: PAYER,
					amount: 1_000_000
				})
			);
			// A consumer may top itself up.
			assert_ok!(Market::add_consumer_balance(signed(CONSUMER), CONSUMER, 10));
			assert_eq!(prepaid(CONSUMER), 1_000_011);
		});
	}

	#[test]
	fn top_up_errors() {
		test(|| {
			market(1);
			let top_up = |payer, consumer, amount| {
				Market::add_consumer_balance(signed(payer), consumer, amount)
			};
			assert_noop!(top_up(PAYER, CONSUMER, 0), Error::<Test>::InvalidAmount);
			assert_noop!(top_up(PAYER, CONSUMER, 1_000_001), Error::<Test>::InvalidAmount);
			assert_noop!(top_up(PAYER, STRANGER, 1), Error::<Test>::NotFound);
			assert_noop!(top_up(10, CONSUMER, 1), Error::<Test>::CannotPay);
			assert_ok!(Market::deactivate_participant(root(), CONSUMER, false));
			assert_noop!(top_up(PAYER, CONSUMER, 1), Error::<Test>::Inactive);
		});
	}

	#[test]
	fn withdraw_returns_unused_prepaid_balance() {
		test(|| {
			market(500);
			let before = free(CONSUMER);
			assert_ok!(Market::withdraw_balance(signed(CONSUMER), 200));
			assert_eq!((prepaid(CONSUMER), free(CONSUMER)), (300, before + 200));
			assert_noop!(
				Market::withdraw_balance(signed(CONSUMER), 301),
				Error::<Test>::InsufficientBalance
			);
			assert_noop!(
				Market::withdraw_balance(signed(CONSUMER), 0),
				Error::<Test>::InvalidAmount
			);
			assert_noop!(Market::withdraw_balance(signed(STRANGER), 1), Error::<Test>::NotFound);
			assert!(events()
				.contains(&Event::ConsumerBalanceWithdrawn { consumer: CONSUMER, amount: 200 }));
		});
	}
}

mod admin {
	use super::*;

	#[test]
	fn non_admins_get_the_seeds_owner_only_error() {
		test(|| {
			market(1);
			assert_noop!(Market::set_base_price(signed(PRODUCER), 1), Error::<Test>::OwnerOnly);
			assert_noop!(Market::toggle_emergency_mode(signed(PRODUCER)), Error::<Test>::OwnerOnly);
			assert_noop!(
				Market::record_metrics(signed(PRODUCER), 1, 1, 1, Permill::one()),
				Error::<Test>::OwnerOnly
			);
			assert_noop!(
				Market::update_producer_reputation(signed(CONSUMER), PRODUCER, 1),
				Error::<Test>::OwnerOnly
			);
			assert_noop!(
				Market::deactivate_participant(signed(CONSUMER), PRODUCER, true),
				Error::<Test>::OwnerOnly
			);
		});
	}

	#[test]
	fn set_base_price() {
		test(|| {
			assert_ok!(Market::set_base_price(root(), 7));
			assert_eq!(Market::base_price(), 7);
			assert_eq!(events(), vec![Event::BasePriceSet { price: 7 }]);
			assert_noop!(Market::set_base_price(root(), 0), Error::<Test>::InvalidAmount);
		});
	}

	#[test]
	fn record_metrics_keeps_the_newest() {
		test(|| {
			for i in 0..=METRICS as u64 {
				assert_ok!(Market::record_metrics(root(), i, 2, 3, Permill::from_percent(90)));
				assert_eq!(events().last(), Some(&Event::MetricsRecorded { metrics_id: i }));
			}
			assert_eq!(Market::metrics(0), None);
			assert_eq!(Market::metrics(METRICS as u64).unwrap().production, METRICS as u64);
			assert_eq!(Market::metrics(1).unwrap().efficiency, Permill::from_percent(90));
		});
	}

	#[test]
	fn update_producer_reputation() {
		test(|| {
			assert_noop!(
				Market::update_producer_reputation(root(), PRODUCER, 50),
				Error::<Test>::NotFound
			);
			assert_ok!(Market::register_producer(
				signed(PRODUCER),
				10,
				EnergyType::Solar,
				production_meter(PRODUCER)
			));
			assert_ok!(Market::update_producer_reputation(root(), PRODUCER, 0));
			assert_ok!(Market::update_producer_reputation(root(), PRODUCER, 100));
			assert_eq!(Market::producer_info(&PRODUCER).unwrap().reputation_score, 100);
			assert_noop!(
				Market::update_producer_reputation(root(), PRODUCER, 101),
				Error::<Test>::InvalidInput
			);
			assert!(events().contains(&Event::ReputationUpdated { producer: PRODUCER, score: 0 }));
		});
	}

	#[test]
	fn deactivation_removes_capacity_or_releases_prepaid_balance() {
		test(|| {
			market(700);
			let before = free(CONSUMER);
			assert_ok!(Market::deactivate_participant(root(), CONSUMER, false));
			assert_eq!((prepaid(CONSUMER), free(CONSUMER)), (0, before + 700 + DEPOSIT));
			assert_eq!(deposit(CONSUMER), 0);
			assert!(events().contains(&Event::ParticipantDeactivated {
				who: CONSUMER,
				is_producer: false,
				released: 700 + DEPOSIT
			}));
			assert_ok!(Market::deactivate_participant(root(), PRODUCER, true));
			assert_eq!(deposit(PRODUCER), 0);
			let status = Market::grid_status();
			assert_eq!((status.total_capacity, status.current_load), (0, 0));
			assert_noop!(
				Market::deactivate_participant(root(), PRODUCER, true),
				Error::<Test>::Inactive
			);
			assert_noop!(
				Market::deactivate_participant(root(), STRANGER, false),
				Error::<Test>::NotFound
			);
		});
	}
}

mod pot {
	use super::*;

	#[test]
	fn the_spend_origin_pays_from_the_pot() {
		test(|| {
			market(100_000);
			assert_ok!(Market::consume_energy(signed(CONSUMER), 100));
			let collected = free(Market::pot()) - ED;
			assert!(collected > 0);
			let before = free(STRANGER);
			assert_noop!(
				Market::spend_pot(signed(CONSUMER), STRANGER, 1),
				DispatchError::BadOrigin
			);
			assert_noop!(Market::spend_pot(root(), STRANGER, 0), Error::<Test>::InvalidAmount);
			assert_noop!(
				Market::spend_pot(root(), STRANGER, collected + 1),
				Error::<Test>::InsufficientBalance
			);
			assert_ok!(Market::spend_pot(root(), STRANGER, collected));
			assert_eq!(free(STRANGER), before + collected);
			assert_eq!(free(Market::pot()), ED);
			assert_eq!(events().last(), Some(&Event::PotSpent { to: STRANGER, amount: collected }));
		});
	}
}

mod pricing {
	use super::*;

	fn load(kw: u64) {
		MockLoad::set_load("North", 1_000, kw);
	}

	#[test]
	fn the_price_follows_utilisation() {
		test(|| {
			assert_eq!(Market::dynamic_price(&north()), Some(BASE), "no reading: the base price");
			MockLoad::set_load("North", 0, 10);
			assert_eq!(Market::dynamic_price(&north()), Some(BASE), "no capacity: the base price");
			load(0);
			assert_eq!(Market::dynamic_price(&north()), Some(BASE));
			load(500);
			assert_eq!(
				Market::dynamic_price(&north()),
				Some(BASE + BASE / 4),
				"50 %: base + base/4"
			);
			load(1_000);
			assert_eq!(
				Market::dynamic_price(&north()),
				Some(BASE + BASE / 2),
				"100 %: base + base/2"
			);
			// Another region's load is not North's.
			MockLoad::set_load("South", 1_000, 0);
			assert_eq!(Market::dynamic_price(&south()), Some(BASE));
			assert_eq!(Market::dynamic_price(&north()), Some(BASE + BASE / 2));
			// Declared production moves the seed's grid counters, never a price.
			assert_ok!(Market::register_producer(
				signed(PRODUCER),
				1_000,
				EnergyType::Solar,
				production_meter(PRODUCER)
			));
			Grid::<Test>::mutate(|g| g.current_load = 500);
			assert_eq!(Market::grid_status().utilisation, Permill::from_percent(50));
			assert_ok!(Market::report_production(signed(PRODUCER), 1_000));
			assert_eq!(Market::grid_status().utilisation, Permill::one());
			assert_eq!(Market::dynamic_price(&north()), Some(BASE + BASE / 2));
			assert_eq!(Market::dynamic_price(&south()), Some(BASE));
		});
	}

	#[test]
	fn emergency_triples_the_base_price() {
		test(|| {
			assert_ok!(Market::register_producer(
				signed(PRODUCER),
				1_000,
				EnergyType::Solar,
				production_meter(PRODUCER)
			));
			load(500);
			assert_ok!(Market::toggle_emergency_mode(root()));
			assert_eq!(events().last(), Some(&Event::EmergencyModeToggled { enabled: true }));
			assert_eq!(Market::dynamic_price(&north()), Some(3 * BASE));
			assert!(Market::grid_status().emergency);
			assert_ok!(Market::toggle_emergency_mode(root()));
			assert_eq!(Market::dynamic_price(&north()), Some(BASE + BASE / 4));
			// A region's stability emergency turns it on there, not elsewhere.
			MockEmergency::set("North", true);
			assert_eq!(Market::dynamic_price(&north()), Some(3 * BASE));
			assert_eq!(Market::dynamic_price(&south()), Some(BASE));
			assert!(Market::grid_status().emergency);
			MockEmergency::set("North", false);
		});
	}

	#[test]
	fn overflowing_prices_are_refused_not_wrapped() {
		test(|| {
			market(1_000);
			assert_ok!(Market::set_base_price(root(), Balance::MAX));
			assert_eq!(Market::dynamic_price(&north()), None);
			assert_noop!(Market::consume_energy(signed(CONSUMER), 1), Error::<Test>::InvalidInput);
		});
	}
}

#[test]
fn errors_carry_the_seeds_codes_in_order() {
	let code = |e: Error<Test>| match DispatchError::from(e) {
		DispatchError::Module(ModuleError { error, .. }) => 100 + u32::from(error[0]),
		other => panic!("{other:?}"),
	};
	assert_eq!(code(Error::OwnerOnly), 100);
	assert_eq!(code(Error::NotFound), 101);
	assert_eq!(code(Error::Unauthorized), 102);
	assert_eq!(code(Error::InsufficientEnergy), 103);
	assert_eq!(code(Error::InvalidAmount), 104);
	assert_eq!(code(Error::AlreadyExists), 105);
	assert_eq!(code(Error::Inactive), 106);
	assert_eq!(code(Error::InsufficientBalance), 107);
	assert_eq!(code(Error::InvalidInput), 108);
}

/// No sequence of market calls, whatever the arguments and callers, changes the tokens
/// in existence: everything is moved, held or released, never minted or burnt.
#[test]
fn random_call_sequences_conserve_tokens() {
	let accounts: Vec<u64> = (1..=9).collect();
	let mut rng = 0x9e37_79b9_7f4a_7c15u64;
	let mut next = move |bound: u64| {
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		rng % bound.max(1)
	};
	let mut executed = 0;
	for _case in 0..40 {
		new_test_ext().execute_with(|| {
			let total = |accounts: &[u64]| -> Balance {
				accounts
					.iter()
					.chain([Market::pot()].iter())
					.map(|a| Balances::total_balance(a))
					.sum()
			};
			let issuance = Balances::total_issuance();
			let before = total(&accounts);
			for step in 0..120 {
				let who = accounts[next(accounts.len() as u64) as usize];
				let other = accounts[next(accounts.len() as u64) as usize];
				let amount = next(20_000);
				let origin = if next(10) == 0 { root() } else { signed(who) };
				let _ = match next(17) {
					0 => Market::register_producer(
						origin,
						amount,
						EnergyType::Solar,
						production_meter(who),
					),
					1 => Market::register_consumer(origin, amount, consumption_meter(who)),
					2 => Market::register_storage(
						origin,
						amount,
						next(500),
						next(500),
						storage_meter(who),
					),
					3 => Market::report_production(origin, amount),
					4 => Market::consume_energy(origin, next(200)),
					5 => Market::charge_storage(origin, next(500)),
					6 => Market::discharge_storage(origin, next(500)),
					7 => Market::create_trade(origin, other, next(2_000), u128::from(next(5_000))),
					8 => Market::complete_trade(origin, next(NextTradeId::<Test>::get() + 1)),
					9 => Market::cancel_trade(origin, next(NextTradeId::<Test>::get() + 1)),
					10 => Market::add_consumer_balance(origin, other, u128::from(next(1_200_000))),
					11 => Market::withdraw_balance(origin, u128::from(next(100_000))),
					12 => Market::set_base_price(origin, u128::from(next(300))),
					13 => Market::toggle_emergency_mode(origin),
					14 => Market::update_producer_reputation(origin, other, next(120) as u8),
					15 => Market::deactivate_participant(origin, other, next(2) == 0),
					_ => Market::record_metrics(origin, amount, amount, amount, Permill::zero()),
				};
				executed += 1;
				if step % 30 == 0 {
					System::set_block_number(System::block_number() + next(30));
				}
				assert_eq!(total(&accounts), before, "tokens appeared or vanished");
				assert_eq!(Balances::total_issuance(), issuance);
			}
			Market::do_try_state().expect("invariants hold");
		});
	}
	assert_eq!(executed, 40 * 120);
}

#[test]
fn integrity_test_passes() {
	<Market as Hooks<u64>>::integrity_test();
}

#[test]
fn try_state_catches_a_wrong_open_count() {
	new_test_ext().execute_with(|| {
		market(1_000);
		trade(1, 1);
		assert_ok!(Market::do_try_state());
		OpenTrades::<Test>::insert(PRODUCER, 5);
		assert!(Market::do_try_state().is_err());
	});
}
