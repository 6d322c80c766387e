//! Every call's success and each of its errors (state unchanged on error), and the attacks on
//! readings: forged, replayed, foreign-chain, stale, future, unknown and rotated-away keys.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{fungible::InspectHold, Authorize},
};
use grid_primitives::mock::RecordingMeteredLoad;
use grid_primitives::{
	IntervalEnergy, MeterKind, MeterReadings as _, ReadingQuality, METERING_INTERVAL_MS,
};
use sp_runtime::BuildStorage;
use sp_runtime::{
	traits::BadOrigin,
	transaction_validity::{InvalidTransaction, TransactionSource},
};

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Metering(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Metering(HoldReason::MeterDeposit), &who)
}

/// North's operator registers a meter of `kind` with a new key; its id and key.
fn register(kind: MeterKind, rated_kw: u64) -> (MeterId, sp_core::ed25519::Public) {
	let key = new_key();
	let id = NextMeterId::<Test>::get();
	assert_ok!(Metering::register_meter(
		RuntimeOrigin::signed(NORTH_OP),
		key,
		region("North"),
		kind,
		OWNER,
		rated_kw
	));
	(id, key)
}

fn invalid(reason: InvalidTransaction) -> Result<(), TransactionValidityError> {
	Err(TransactionValidityError::Invalid(reason))
}

fn custom(reason: ReadingRejection) -> Result<(), TransactionValidityError> {
	invalid(InvalidTransaction::Custom(reason as u8))
}

/// Whether the pool would take the batch (its authorize), without storing anything.
fn validate(readings: Vec<SignedReading>) -> Result<(), TransactionValidityError> {
	let call = crate::Call::<Test>::submit_readings { readings: batch(readings) };
	call.authorize(TransactionSource::External).expect("submit_readings authorizes").map(|_| ())
}

// --- register_meter ---

#[test]
fn operator_registers_a_meter_and_its_deposit_is_held() {
	test(|| {
		let key = new_key();
		assert_ok!(Metering::register_meter(
			RuntimeOrigin::signed(NORTH_OP),
			key,
			region("North"),
			MeterKind::Consumption,
			OWNER,
			7
		));
		let meter = Meters::<Test>::get(0).unwrap();
		assert_eq!(meter.key, key);
		assert_eq!(meter.owner, OWNER);
		assert_eq!(meter.kind, MeterKind::Consumption);
		assert_eq!(meter.rated_kw, 7);
		assert_eq!(meter.depositor, Some(NORTH_OP));
		assert_eq!(meter.deposit, DEPOSIT);
		assert_eq!(MeterOfKey::<Test>::get(key), Some(0));
		assert_eq!(NextMeterId::<Test>::get(), 1);
		assert_eq!(held(NORTH_OP), DEPOSIT);
		assert_eq!(Metering::deposit_held(&NORTH_OP), DEPOSIT);
		assert_eq!(Feeders::<Test>::get(region("North")), None);
		assert_eq!(
			events(),
			vec![Event::MeterRegistered {
				meter: 0,
				region: region("North"),
				kind: MeterKind::Consumption,
				owner: OWNER,
				rated_kw: 7,
				key,
			}]
		);
	});
}

#[test]
fn a_feeder_adds_its_rated_power_to_its_region() {
	test(|| {
		register(MeterKind::Feeder, 600);
		register(MeterKind::Feeder, 400);
		register(MeterKind::Production, 50);
		assert_eq!(
			Feeders::<Test>::get(region("North")),
			Some(FeederTotals { feeders: 2, capacity_kw: 1_000, demand_kw: 0 })
		);
	});
}

#[test]
fn the_admin_registers_in_any_region_without_a_deposit() {
	test(|| {
		let key = new_key();
		assert_ok!(Metering::register_meter(
			RuntimeOrigin::root(),
			key,
			region("East"),
			MeterKind::Storage,
			OWNER,
			10
		));
		let meter = Meters::<Test>::get(0).unwrap();
		assert_eq!((meter.depositor, meter.deposit), (None, 0));
		assert_eq!(meter.region, region("East"));
	});
}

#[test]
fn register_meter_refuses_who_may_not_manage_meters() {
	test(|| {
		let key = new_key();
		for who in [STRANGER, NO_CAP, SUSPENDED] {
			assert_noop!(
				Metering::register_meter(
					RuntimeOrigin::signed(who),
					key,
					region("North"),
					MeterKind::Consumption,
					OWNER,
					7
				),
				Error::<Test>::NotAuthorized
			);
		}
		assert_noop!(
			Metering::register_meter(
				RuntimeOrigin::none(),
				key,
				region("North"),
				MeterKind::Consumption,
				OWNER,
				7
			),
			BadOrigin
		);
	});
}

#[test]
fn register_meter_errors_leave_state_unchanged() {
	test(|| {
		let (_, used) = register(MeterKind::Consumption, 7);
		let key = new_key();
		let north = region("North");
		let call = |origin, key, region: RegionId, rated_kw| {
			Metering::register_meter(origin, key, region, MeterKind::Feeder, OWNER, rated_kw)
		};
		assert_noop!(
			call(RuntimeOrigin::signed(NORTH_OP), key, region("South"), 7),
			Error::<Test>::WrongRegion
		);
		let bad = grid_primitives::RegionId::decode(&mut &b"\x0cNo rth"[..]).unwrap();
		assert_noop!(call(RuntimeOrigin::signed(NORTH_OP), key, bad, 7), Error::<Test>::BadRegion);
		assert_noop!(
			call(RuntimeOrigin::signed(NORTH_OP), key, north.clone(), 0),
			Error::<Test>::ZeroRatedPower
		);
		assert_noop!(
			call(RuntimeOrigin::signed(NORTH_OP), used, north.clone(), 7),
			Error::<Test>::KeyInUse
		);
		assert_noop!(
			call(RuntimeOrigin::signed(POOR_OP), key, north.clone(), 7),
			sp_runtime::TokenError::FundsUnavailable
		);
		NextMeterId::<Test>::put(MeterId::MAX);
		assert_noop!(
			call(RuntimeOrigin::signed(NORTH_OP), key, north, 7),
			Error::<Test>::NoMeterIdLeft
		);
	});
}

#[test]
fn feeder_capacity_overflow_is_refused() {
	test(|| {
		register(MeterKind::Feeder, u64::MAX);
		assert_noop!(
			Metering::register_meter(
				RuntimeOrigin::signed(NORTH_OP),
				new_key(),
				region("North"),
				MeterKind::Feeder,
				OWNER,
				1
			),
			Error::<Test>::BadFeederTotals
		);
	});
}

// --- rotate_meter_key ---

#[test]
fn rotating_a_key_refuses_readings_of_the_old_one() {
	test(|| {
		let (id, old) = register(MeterKind::Consumption, 7);
		let new = new_key();
		assert_ok!(Metering::rotate_meter_key(RuntimeOrigin::signed(NORTH_OP), id, new));
		assert_eq!(Meters::<Test>::get(id).unwrap().key, new);
		assert_eq!(MeterOfKey::<Test>::get(old), None);
		assert_eq!(MeterOfKey::<Test>::get(new), Some(id));
		assert_eq!(events().last(), Some(&Event::MeterKeyRotated { meter: id, key: new }));

		let interval = NOW_INTERVAL - 1;
		assert_eq!(
			validate(vec![sign(&old, reading(id, interval, 10))]),
			invalid(InvalidTransaction::BadProof)
		);
		assert_ok!(validate(vec![sign(&new, reading(id, interval, 10))]));
		// The root origin may rotate too, and the old key is free again.
		assert_ok!(Metering::rotate_meter_key(RuntimeOrigin::root(), id, old));
	});
}

#[test]
fn rotate_meter_key_errors_leave_state_unchanged() {
	test(|| {
		let (id, key) = register(MeterKind::Consumption, 7);
		let (_, other) = register(MeterKind::Consumption, 7);
		let fresh = new_key();
		assert_noop!(
			Metering::rotate_meter_key(RuntimeOrigin::signed(NORTH_OP), 99, fresh),
			Error::<Test>::UnknownMeter
		);
		assert_noop!(
			Metering::rotate_meter_key(RuntimeOrigin::signed(SOUTH_OP), id, fresh),
			Error::<Test>::WrongRegion
		);
		assert_noop!(
			Metering::rotate_meter_key(RuntimeOrigin::signed(NORTH_OP), id, other),
			Error::<Test>::KeyInUse
		);
		assert_noop!(
			Metering::rotate_meter_key(RuntimeOrigin::signed(NORTH_OP), id, key),
			Error::<Test>::KeyInUse
		);
		assert_noop!(
			Metering::rotate_meter_key(RuntimeOrigin::signed(SUSPENDED), id, fresh),
			Error::<Test>::NotAuthorized
		);
	});
}

// --- decommission_meter ---

#[test]
fn decommissioning_releases_the_deposit_and_forgets_the_meter() {
	test(|| {
		let (id, key) = register(MeterKind::Consumption, 7);
		set_interval(NOW_INTERVAL, 0);
		assert_ok!(submit(batch(vec![sign(&key, reading(id, NOW_INTERVAL - 1, 5))])).unwrap());
		let free_before = Balances::free_balance(NORTH_OP);
		assert_ok!(Metering::decommission_meter(RuntimeOrigin::signed(NORTH_OP), id));
		assert_eq!(held(NORTH_OP), 0);
		assert_eq!(Balances::free_balance(NORTH_OP), free_before + DEPOSIT);
		assert_eq!(Meters::<Test>::get(id), None);
		assert_eq!(MeterOfKey::<Test>::get(key), None);
		assert!(Metering::meter_readings(id).is_empty());
		assert_eq!(events().last(), Some(&Event::MeterDecommissioned { meter: id }));
		// Its readings are refused from now on.
		assert_eq!(
			validate(vec![sign(&key, reading(id, NOW_INTERVAL - 2, 5))]),
			custom(ReadingRejection::UnknownMeter)
		);
	});
}

#[test]
fn the_last_feeder_leaving_unmeters_its_region() {
	test(|| {
		let (a, _) = register(MeterKind::Feeder, 600);
		let (b, _) = register(MeterKind::Feeder, 400);
		assert_ok!(Metering::decommission_meter(RuntimeOrigin::root(), a));
		assert_eq!(
			Feeders::<Test>::get(region("North")),
			Some(FeederTotals { feeders: 1, capacity_kw: 400, demand_kw: 0 })
		);
		assert!(RecordingMeteredLoad::calls().is_empty());
		assert_ok!(Metering::decommission_meter(RuntimeOrigin::signed(NORTH_OP), b));
		assert_eq!(Feeders::<Test>::get(region("North")), None);
		assert_eq!(RecordingMeteredLoad::calls(), vec![(region("North"), None)]);
		// Deposits go back to who paid them, whoever decommissions.
		assert_eq!(held(NORTH_OP), 0);
	});
}

#[test]
fn decommission_meter_errors_leave_state_unchanged() {
	test(|| {
		let (id, _) = register(MeterKind::Consumption, 7);
		assert_noop!(
			Metering::decommission_meter(RuntimeOrigin::signed(NORTH_OP), 99),
			Error::<Test>::UnknownMeter
		);
		assert_noop!(
			Metering::decommission_meter(RuntimeOrigin::signed(SOUTH_OP), id),
			Error::<Test>::WrongRegion
		);
		assert_noop!(
			Metering::decommission_meter(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(Metering::decommission_meter(RuntimeOrigin::none(), id), BadOrigin);
	});
}

#[test]
fn a_meter_measuring_an_unclaimed_reward_is_kept_from_its_operator() {
	test(|| {
		let (id, _) = register(MeterKind::Consumption, 7);
		grid_primitives::mock::MockMeterInUse::set(id);
		assert_noop!(
			Metering::rotate_meter_key(RuntimeOrigin::signed(NORTH_OP), id, new_key()),
			Error::<Test>::MeterInUse
		);
		assert_noop!(
			Metering::decommission_meter(RuntimeOrigin::signed(NORTH_OP), id),
			Error::<Test>::MeterInUse
		);
		// The admin origin still may (a compromised meter).
		assert_ok!(Metering::rotate_meter_key(RuntimeOrigin::root(), id, new_key()));
		assert_ok!(Metering::decommission_meter(RuntimeOrigin::root(), id));
	});
}

#[test]
fn a_batch_that_cannot_fit_the_block_is_refused_before_its_signatures_are_checked() {
	test(|| {
		let (id, key) = register(MeterKind::Consumption, 7);
		let good = sign(&key, reading(id, NOW_INTERVAL - 1, 5));
		// A forged signature, so that a refusal for weight shows it came first.
		let forged =
			SignedReading { signature: ed25519::Signature::from_raw([0; 64]), ..good.clone() };
		let limits: frame_system::limits::BlockWeights =
			<<Test as frame_system::Config>::BlockWeights as Get<_>>::get();
		let full = limits.get(DispatchClass::Operational).max_total.unwrap_or(limits.max_block);
		frame_system::BlockWeight::<Test>::mutate(|w: &mut frame_system::ConsumedWeight| {
			w.set(full, DispatchClass::Operational)
		});
		assert_eq!(validate(vec![forged.clone()]), invalid(InvalidTransaction::ExhaustsResources));
		assert_eq!(validate(vec![good.clone()]), invalid(InvalidTransaction::ExhaustsResources));
		// In an empty block (as in the pool's validation) it is checked as usual.
		frame_system::BlockWeight::<Test>::kill();
		assert_eq!(validate(vec![forged]), invalid(InvalidTransaction::BadProof));
		assert_ok!(validate(vec![good]));
	});
}

// --- submit_readings: what the pool admits ---

#[test]
fn a_valid_batch_provides_one_tag_per_reading_at_the_reading_priority() {
	test(|| {
		let (a, ka) = register(MeterKind::Consumption, 7);
		let (b, kb) = register(MeterKind::Production, 7);
		let readings = batch(vec![
			sign(&ka, reading(a, NOW_INTERVAL - 1, 10)),
			sign(&ka, reading(a, NOW_INTERVAL - 2, 11)),
			sign(&kb, reading(b, NOW_INTERVAL - 1, 12)),
		]);
		let call = crate::Call::<Test>::submit_readings { readings };
		let (validity, refund) = call.authorize(TransactionSource::External).unwrap().unwrap();
		assert_eq!(validity.priority, PRIORITY);
		assert_eq!(refund, Weight::zero());
		assert!(validity.requires.is_empty());
		assert_eq!(
			validity.provides,
			vec![
				(READING_TAG_PREFIX, a, NOW_INTERVAL - 1).encode(),
				(READING_TAG_PREFIX, a, NOW_INTERVAL - 2).encode(),
				(READING_TAG_PREFIX, b, NOW_INTERVAL - 1).encode(),
			]
		);
	});
}

#[test]
fn a_forged_signature_never_enters_the_pool() {
	test(|| {
		let (id, key) = register(MeterKind::Consumption, 7);
		let mut signed = sign(&key, reading(id, NOW_INTERVAL - 1, 10));
		// Another key's signature of the same reading.
		let forger = new_key();
		let forged = sign(&forger, signed.reading);
		assert_eq!(validate(vec![forged]), invalid(InvalidTransaction::BadProof));
		// The meter's signature over other figures.
		signed.reading.imported_wh = 1_500;
		assert_eq!(validate(vec![signed.clone()]), invalid(InvalidTransaction::BadProof));
		assert_eq!(submit(batch(vec![signed])).map(|_| ()), invalid(InvalidTransaction::BadProof));
		assert!(Metering::meter_readings(id).is_empty());
	});
}

#[test]
fn a_reading_signed_for_another_chain_is_refused() {
	test(|| {
		let (id, key) = register(MeterKind::Consumption, 7);
		let signed = sign(&key, reading(id, NOW_INTERVAL - 1, 10));
		frame_system::BlockHash::<Test>::insert(0, sp_core::H256::repeat_byte(8));
		assert_eq!(validate(vec![signed]), invalid(InvalidTransaction::BadProof));
	});
}

#[test]
fn a_replayed_reading_is_stale_and_the_call_refuses_it_too() {
	test(|| {
		let (id, key) = register(MeterKind::Consumption, 7);
		let signed = sign(&key, reading(id, NOW_INTERVAL - 1, 10));
		assert_ok!(submit(batch(vec![signed.clone()])).unwrap());
		assert_eq!(validate(vec![signed.clone()]), invalid(InvalidTransaction::Stale));
		assert_eq!(
			submit(batch(vec![signed.clone()])).map(|_| ()),
			invalid(InvalidTransaction::Stale)
		);
		// Were it to reach the call, the call stores nothing.
		let before = Metering::meter_readings(id);
		assert_ok!(Metering::do_store_readings(batch(vec![signed])));
		assert_eq!(Metering::meter_readings(id), before);
		assert_eq!(events().last(), Some(&Event::ReadingsAccepted { count: 0 }));
	});
}

#[test]
fn intervals_are_accepted_from_their_end_until_the_late_window_closes() {
	test(|| {
		let (id, key) = register(MeterKind::Consumption, 7);
		let at = |interval| vec![sign(&key, reading(id, interval, 10))];
		// The interval in progress has not ended.
		assert_eq!(validate(at(NOW_INTERVAL)), invalid(InvalidTransaction::Future));
		assert_eq!(validate(at(NOW_INTERVAL + 3)), invalid(InvalidTransaction::Future));
		// The last LATE_WINDOW intervals are accepted.
		assert_ok!(validate(at(NOW_INTERVAL - 1)));
		assert_ok!(validate(at(NOW_INTERVAL - LATE_WINDOW)));
		// Older ones are not.
		assert_eq!(
			validate(at(NOW_INTERVAL - LATE_WINDOW - 1)),
			invalid(InvalidTransaction::Stale)
		);
		// At the very first millisecond of an interval the previous one is accepted.
		set_interval(NOW_INTERVAL, 0);
		assert_ok!(validate(at(NOW_INTERVAL - 1)));
		set_interval(NOW_INTERVAL, METERING_INTERVAL_MS - 1);
		assert_eq!(validate(at(NOW_INTERVAL)), invalid(InvalidTransaction::Future));
	});
}

#[test]
fn no_reading_is_accepted_before_the_clock_runs() {
	test(|| {
		let (id, key) = register(MeterKind::Consumption, 7);
		pallet_timestamp::Now::<Test>::put(0);
		assert_eq!(
			validate(vec![sign(&key, reading(id, 0, 10))]),
			custom(ReadingRejection::NoClock)
		);
	});
}

#[test]
fn unknown_meters_duplicates_and_empty_batches_are_refused() {
	test(|| {
		let (id, key) = register(MeterKind::Consumption, 7);
		let unknown = sign(&key, reading(id + 1, NOW_INTERVAL - 1, 10));
		assert_eq!(validate(vec![unknown]), custom(ReadingRejection::UnknownMeter));
		let once = sign(&key, reading(id, NOW_INTERVAL - 1, 10));
		let twice = sign(&key, reading(id, NOW_INTERVAL - 1, 11));
		assert_eq!(validate(vec![once, twice]), custom(ReadingRejection::DuplicateInBatch));
		assert_eq!(validate(vec![]), custom(ReadingRejection::EmptyBatch));
	});
}

#[test]
fn one_bad_reading_refuses_the_whole_batch() {
	test(|| {
		let (a, ka) = register(MeterKind::Consumption, 7);
		let (b, kb) = register(MeterKind::Feeder, 700);
		let good = sign(&ka, reading(a, NOW_INTERVAL - 1, 10));
		let good_feeder = sign(&kb, reading(b, NOW_INTERVAL - 1, 10));
		let mut bad = sign(&kb, reading(b, NOW_INTERVAL - 2, 10));
		bad.reading.exported_wh = 1;
		let readings = batch(vec![good, good_feeder, bad]);
		assert_eq!(submit(readings).map(|_| ()), invalid(InvalidTransaction::BadProof));
		assert!(Metering::meter_readings(a).is_empty());
		assert!(Metering::meter_readings(b).is_empty());
		assert!(RecordingMeteredLoad::calls().is_empty());
		assert!(events().iter().all(|e| !matches!(e, Event::ReadingsAccepted { .. })));
	});
}

#[test]
fn a_signed_account_cannot_submit_readings() {
	test(|| {
		let (id, key) = register(MeterKind::Consumption, 7);
		let readings = batch(vec![sign(&key, reading(id, NOW_INTERVAL - 1, 10))]);
		assert_noop!(
			Metering::submit_readings(RuntimeOrigin::signed(OWNER), readings.clone()),
			BadOrigin
		);
		assert_noop!(Metering::submit_readings(RuntimeOrigin::root(), readings), BadOrigin);
	});
}

// --- submit_readings: what is stored ---

#[test]
fn readings_are_stored_in_order_and_the_window_keeps_the_newest() {
	test(|| {
		let (id, key) = register(MeterKind::Consumption, 7);
		// Readings arrive out of order across batches and within one.
		let base = NOW_INTERVAL - 1;
		assert_ok!(submit(batch(vec![
			sign(&key, reading(id, base - 1, 2)),
			sign(&key, reading(id, base - 3, 4)),
		]))
		.unwrap());
		assert_ok!(submit(batch(vec![sign(&key, reading(id, base, 1))])).unwrap());
		assert_ok!(submit(batch(vec![sign(&key, reading(id, base - 2, 3))])).unwrap());
		let intervals: Vec<_> = Metering::meter_readings(id).iter().map(|r| r.interval).collect();
		assert_eq!(intervals, vec![base - 3, base - 2, base - 1, base]);
		assert_eq!(events().last(), Some(&Event::ReadingsAccepted { count: 1 }));
		assert_eq!(
			Metering::energy(id, base - 2),
			Some(IntervalEnergy {
				imported_wh: 3,
				exported_wh: 0,
				quality: ReadingQuality::Measured
			})
		);
		assert_eq!(Metering::energy(id, base - 4), None);

		// Time moves on: the window keeps the WINDOW newest intervals.
		for step in 1..=4u32 {
			set_interval(NOW_INTERVAL + step, 0);
			let interval = base + step;
			assert_ok!(submit(batch(vec![sign(&key, reading(id, interval, 10))])).unwrap());
		}
		let intervals: Vec<_> = Metering::meter_readings(id).iter().map(|r| r.interval).collect();
		assert_eq!(intervals.len() as u32, WINDOW);
		assert_eq!(intervals, (base - 1..=base + 4).collect::<Vec<_>>());
		assert_eq!(
			<Metering as grid_primitives::MeterReadings<AccountId>>::current_interval(),
			NOW_INTERVAL + 4
		);
	});
}

#[test]
fn feeder_readings_give_the_region_its_measured_demand() {
	test(|| {
		let (a, ka) = register(MeterKind::Feeder, 1_000);
		let (b, kb) = register(MeterKind::Feeder, 400);
		let (c, kc) = register(MeterKind::Consumption, 10);
		let last = NOW_INTERVAL - 1;
		// 125 kWh in 15 minutes is 500 kW; 50 kWh imported less 25 kWh exported is 100 kW.
		assert_ok!(submit(batch(vec![
			sign(&ka, reading(a, last, 125_000)),
			sign(&kb, Reading { exported_wh: 25_000, ..reading(b, last, 50_000) }),
			sign(&kc, reading(c, last, 1_000)),
		]))
		.unwrap());
		assert_eq!(RecordingMeteredLoad::calls(), vec![(region("North"), Some((1_400, 600)))]);
		assert!(events().contains(&Event::FeederLoadMeasured {
			region: region("North"),
			capacity_kw: 1_400,
			demand_kw: 600,
		}));

		// A newer reading replaces the feeder's share.
		set_interval(NOW_INTERVAL + 1, 0);
		assert_ok!(submit(batch(vec![sign(&ka, reading(a, NOW_INTERVAL, 225_000))])).unwrap());
		assert_eq!(
			RecordingMeteredLoad::calls().last(),
			Some(&(region("North"), Some((1_400, 1_000))))
		);

		// A late reading of an older interval, and a missing value, change nothing.
		let calls = RecordingMeteredLoad::calls().len();
		assert_ok!(submit(batch(vec![
			sign(&ka, reading(a, last - 1, 1)),
			sign(&kb, Reading { quality: ReadingQuality::Missing, ..reading(b, NOW_INTERVAL, 0) }),
		]))
		.unwrap());
		assert_eq!(RecordingMeteredLoad::calls().len(), calls);
		assert_eq!(Feeders::<Test>::get(region("North")).unwrap().demand_kw, 1_000);

		// Decommissioning a feeder takes its share away.
		assert_ok!(Metering::decommission_meter(RuntimeOrigin::signed(NORTH_OP), a));
		assert_eq!(
			Feeders::<Test>::get(region("North")),
			Some(FeederTotals { feeders: 1, capacity_kw: 400, demand_kw: 100 })
		);
	});
}

#[test]
fn the_call_is_refunded_to_what_it_did() {
	test(|| {
		let (c, kc) = register(MeterKind::Consumption, 10);
		let (f, kf) = register(MeterKind::Feeder, 10);
		let post =
			submit(batch(vec![sign(&kc, reading(c, NOW_INTERVAL - 1, 1))])).unwrap().unwrap();
		assert_eq!(post.actual_weight, Some(<() as WeightInfo>::submit_readings(1)));
		let post =
			submit(batch(vec![sign(&kf, reading(f, NOW_INTERVAL - 1, 1))])).unwrap().unwrap();
		assert_eq!(
			post.actual_weight,
			Some(
				<() as WeightInfo>::submit_feeder_readings(1)
					.saturating_add(grid_primitives::mock::METERED_LOAD_WEIGHT)
			)
		);
		assert_eq!(
			Metering::readings_worst_weight(2),
			<() as WeightInfo>::submit_feeder_readings(2)
				.saturating_add(grid_primitives::mock::METERED_LOAD_WEIGHT.saturating_mul(2))
		);
	});
}

#[test]
fn meters_are_read_through_the_trait() {
	test(|| {
		let (id, _) = register(MeterKind::Storage, 25);
		let summary = <Metering as grid_primitives::MeterReadings<AccountId>>::meter(id).unwrap();
		assert_eq!(
			summary,
			grid_primitives::MeterSummary {
				region: region("North"),
				kind: MeterKind::Storage,
				owner: OWNER,
				rated_kw: 25,
			}
		);
		assert_eq!(<Metering as grid_primitives::MeterReadings<AccountId>>::meter(id + 1), None);
		assert_eq!(Metering::meter(id).map(|m| m.rated_kw), Some(25));
	});
}

#[test]
fn readings_are_read_through_the_trait() {
	test(|| {
		use grid_primitives::MeterReadings as M;
		let (id, key) = register(MeterKind::Consumption, 25);
		let last = NOW_INTERVAL - 1;
		assert_ok!(submit(batch(vec![
			sign(&key, reading(id, last - 1, 7)),
			sign(&key, reading(id, last, 9)),
		]))
		.unwrap());
		let intervals: Vec<_> = <Metering as M<AccountId>>::readings(id)
			.into_iter()
			.map(|(i, e)| (i, e.imported_wh))
			.collect();
		assert_eq!(intervals, vec![(last - 1, 7), (last, 9)]);
		assert!(<Metering as M<AccountId>>::readings(id + 1).is_empty());
		assert_eq!(<Metering as M<AccountId>>::interval_ms(), METERING_INTERVAL_MS);
		assert_eq!(<Metering as M<AccountId>>::kept_readings(), WINDOW);
		assert_eq!(<Metering as M<AccountId>>::late_window(), LATE_WINDOW);
		// Final once its late window has closed: no reading of it is accepted any more.
		assert!(!<Metering as M<AccountId>>::is_final(last));
		assert!(<Metering as M<AccountId>>::is_final(NOW_INTERVAL - 1 - LATE_WINDOW));
		assert!(!<Metering as M<AccountId>>::is_final(NOW_INTERVAL - LATE_WINDOW));
	});
}

#[test]
fn a_genesis_may_shorten_the_interval_for_development() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	crate::GenesisConfig::<Test> { interval_ms: Some(6_000), ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(Metering::interval_ms(), 6_000);
		// The clock at 60 s is in interval 10 (of 6 s), not 0 (of 15 minutes).
		pallet_timestamp::Now::<Test>::put(60_000);
		assert_eq!(Metering::current_interval(), Some(10));
	});
	new_test_ext().execute_with(|| assert_eq!(Metering::interval_ms(), METERING_INTERVAL_MS));
}

#[test]
#[should_panic(expected = "at most Config::IntervalMillis")]
fn a_genesis_cannot_lengthen_the_interval() {
	let _ = crate::GenesisConfig::<Test> {
		interval_ms: Some(METERING_INTERVAL_MS + 1),
		..Default::default()
	}
	.build_storage();
}

#[test]
fn invariants_catch_a_corrupt_feeder_total() {
	new_test_ext().execute_with(|| {
		register(MeterKind::Feeder, 10);
		assert_ok!(Metering::do_try_state());
		Feeders::<Test>::mutate(region("North"), |t| {
			if let Some(t) = t {
				t.demand_kw = 1;
			}
		});
		assert!(Metering::do_try_state().is_err());
	});
}

#[test]
fn average_power_of_an_interval() {
	assert_eq!(grid_primitives::average_kw(250, METERING_INTERVAL_MS), Some(1));
	assert_eq!(grid_primitives::average_kw(249, METERING_INTERVAL_MS), Some(0));
	assert_eq!(grid_primitives::average_kw(1_000, 3_600_000), Some(1));
	assert_eq!(grid_primitives::average_kw(u64::MAX, METERING_INTERVAL_MS), Some(u64::MAX / 250));
	assert_eq!(grid_primitives::average_kw(u64::MAX, 1), Some(u64::MAX));
	assert_eq!(grid_primitives::average_kw(1, 0), None);
	assert_eq!(
		grid_primitives::interval_at(METERING_INTERVAL_MS * 3 - 1, METERING_INTERVAL_MS),
		Some(2)
	);
	assert_eq!(grid_primitives::interval_at(1, 0), None);
	assert_eq!(grid_primitives::interval_at(u64::MAX, 1), None);
}

#[test]
fn a_reading_beyond_the_meter_s_rating_is_refused() {
	test(|| {
		// 10 kW carry at most 2,500 Wh in 15 minutes.
		let (id, key) = register(MeterKind::Feeder, 10);
		let at_rating = reading(id, NOW_INTERVAL - 1, 2_500);
		assert_ok!(validate(vec![sign(&key, at_rating)]));
		let over = reading(id, NOW_INTERVAL - 1, 2_501);
		assert_eq!(validate(vec![sign(&key, over)]), custom(ReadingRejection::ExceedsRating));
		let exported = Reading { exported_wh: 2_501, ..reading(id, NOW_INTERVAL - 1, 0) };
		assert_eq!(validate(vec![sign(&key, exported)]), custom(ReadingRejection::ExceedsRating));
		// So a region's metered demand never exceeds its feeders' capacity.
		assert_ok!(submit(batch(vec![sign(&key, at_rating)])).unwrap());
		assert_eq!(
			Feeders::<Test>::get(region("North")),
			Some(FeederTotals { feeders: 1, capacity_kw: 10, demand_kw: 10 })
		);
	});
}

#[test]
fn stored_and_expired_readings_are_skipped_and_provide_no_tag() {
	test(|| {
		let (id, key) = register(MeterKind::Consumption, 10);
		let stored = sign(&key, reading(id, NOW_INTERVAL - 1, 1));
		assert_ok!(submit(batch(vec![stored.clone()])).unwrap());
		// Someone bundles the stored reading, one whose window has closed and a new one.
		let expired = sign(&key, reading(id, NOW_INTERVAL - LATE_WINDOW - 1, 2));
		let new = sign(&key, reading(id, NOW_INTERVAL - 2, 3));
		let readings = batch(vec![stored, expired, new]);
		let call = crate::Call::<Test>::submit_readings { readings: readings.clone() };
		let (validity, _) = call.authorize(TransactionSource::External).unwrap().unwrap();
		assert_eq!(validity.provides, vec![(READING_TAG_PREFIX, id, NOW_INTERVAL - 2).encode()]);
		assert_ok!(submit(readings).unwrap());
		let intervals: Vec<_> = Metering::meter_readings(id).iter().map(|r| r.interval).collect();
		assert_eq!(intervals, vec![NOW_INTERVAL - 2, NOW_INTERVAL - 1]);
		assert_eq!(events().last(), Some(&Event::ReadingsAccepted { count: 1 }));
		// A bad signature still refuses the batch, even on a reading that would be skipped.
		let mut forged_old = sign(&key, reading(id, NOW_INTERVAL - 1, 9));
		forged_old.reading.imported_wh = 8;
		let another = sign(&key, reading(id, NOW_INTERVAL - 3, 3));
		assert_eq!(validate(vec![forged_old, another]), invalid(InvalidTransaction::BadProof));
	});
}

#[test]
fn feeders_need_the_report_load_capability_and_admin_meters_the_admin() {
	test(|| {
		// Feeders set their region's load: an operator that may not report load cannot add one.
		assert_noop!(
			Metering::register_meter(
				RuntimeOrigin::signed(METERS_ONLY),
				new_key(),
				region("North"),
				MeterKind::Feeder,
				OWNER,
				10
			),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(Metering::register_meter(
			RuntimeOrigin::signed(METERS_ONLY),
			new_key(),
			region("North"),
			MeterKind::Consumption,
			OWNER,
			10
		));
		let (feeder, _) = register(MeterKind::Feeder, 10);
		assert_noop!(
			Metering::rotate_meter_key(RuntimeOrigin::signed(METERS_ONLY), feeder, new_key()),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Metering::decommission_meter(RuntimeOrigin::signed(METERS_ONLY), feeder),
			Error::<Test>::NotAuthorized
		);
		// A meter the admin registered is the admin's to manage.
		let admin_meter = NextMeterId::<Test>::get();
		assert_ok!(Metering::register_meter(
			RuntimeOrigin::root(),
			new_key(),
			region("North"),
			MeterKind::Consumption,
			OWNER,
			10
		));
		assert_noop!(
			Metering::rotate_meter_key(RuntimeOrigin::signed(NORTH_OP), admin_meter, new_key()),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Metering::decommission_meter(RuntimeOrigin::signed(NORTH_OP), admin_meter),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(Metering::decommission_meter(RuntimeOrigin::root(), admin_meter));
	});
}

#[test]
fn readings_are_operational_and_a_signed_sender_pays() {
	test(|| {
		let call = crate::Call::<Test>::submit_readings { readings: batch(vec![]) };
		let info = call.get_dispatch_info();
		assert_eq!(info.class, frame_support::dispatch::DispatchClass::Operational);
		// Transaction payment charges signed origins only: authorized readings pay nothing,
		// a signed account sending this call pays for its worst case and fails.
		assert_eq!(info.pays_fee, frame_support::dispatch::Pays::Yes);
		assert_eq!(info.call_weight, Metering::readings_worst_weight(0));
	});
}
