//! Every call's success path and each of its errors (state unchanged, by `assert_noop!`),
//! the seed's thresholds at their edges, staleness, and the history ring.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{ConstU32, Hooks},
};
use grid_primitives::{
	mock::{RecordingLoadListener, LOAD_LISTENER_WEIGHT},
	LoadStatus::*,
	KW_PER_MW,
};
use sp_runtime::{traits::BadOrigin, BoundedVec};

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn north() -> RegionId {
	region("North")
}

fn report(who: u64, region_name: &str, capacity_kw: u64, demand_kw: u64) -> DispatchResult {
	Load::report_load(signed(who), region(region_name), capacity_kw, demand_kw)
		.map(|_| ())
		.map_err(|e| e.error)
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Load(e) = r.event { Some(e) } else { None })
		.collect()
}

fn status_changes() -> Vec<(LoadStatus, LoadStatus)> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			Event::LoadStatusChanged { from, to, .. } => Some((from, to)),
			_ => None,
		})
		.collect()
}

fn batch(readings: Vec<(&str, u64, u64)>) -> BoundedVec<MeterReading, ConstU32<8>> {
	readings
		.into_iter()
		.map(|(r, capacity_kw, demand_kw)| MeterReading {
			region: region(r),
			capacity_kw,
			demand_kw,
		})
		.collect::<Vec<_>>()
		.try_into()
		.unwrap()
}

mod report_load {
	use super::*;

	#[test]
	fn the_seed_example_reads_normal_then_critical() {
		test(|| {
			// 1000 MW capacity, 750 MW demand.
			assert_ok!(report(NORTH_OP, "North", 1_000 * KW_PER_MW, 750 * KW_PER_MW));
			let load = Load::current_load(&north()).unwrap();
			assert_eq!(load.status, Normal);
			assert_eq!(load.load, Permill::from_percent(75));
			assert_eq!((load.capacity_kw, load.demand_kw), (1_000_000, 750_000));
			assert_eq!(load.reported_at, 1);
			assert!(!Load::is_critical_load(&north()));
			assert_eq!(
				events(),
				vec![
					Event::LoadReported {
						region: north(),
						reporter: NORTH_OP,
						capacity_kw: 1_000_000,
						demand_kw: 750_000,
						load: Permill::from_percent(75),
						status: Normal,
					},
					Event::LoadStatusChanged { region: north(), from: Stale, to: Normal },
				]
			);

			// 960 MW: critical, with a status change event and the listener told.
			assert_ok!(report(NORTH_OP, "North", 1_000 * KW_PER_MW, 960 * KW_PER_MW));
			assert!(Load::is_critical_load(&north()));
			assert_eq!(status_changes(), vec![(Stale, Normal), (Normal, Critical)]);
			assert_eq!(
				RecordingLoadListener::changes(),
				vec![(north(), Stale, Normal), (north(), Normal, Critical)]
			);
		});
	}

	#[test]
	fn an_unchanged_status_emits_no_change() {
		test(|| {
			assert_ok!(report(NORTH_OP, "North", 1_000, 500));
			assert_ok!(report(NORTH_OP, "North", 1_000, 600));
			assert_eq!(status_changes(), vec![(Stale, Normal)]);
			assert_eq!(RecordingLoadListener::changes().len(), 1);
		});
	}

	/// A region that stays critical is not a change (no `LoadStatusChanged`), but every
	/// reading that finds it critical tells the listener, so that balancing answers it again
	/// once its automatic action closed (completed, expired or cancelled) while the load
	/// stayed high.
	#[test]
	fn a_region_critical_still_is_told_of_at_every_reading() {
		test(|| {
			assert_ok!(report(NORTH_OP, "North", 1_000, 960));
			assert_ok!(report(NORTH_OP, "North", 1_000, 970));
			assert_ok!(report(NORTH_OP, "North", 1_000, 500));
			assert_ok!(report(NORTH_OP, "North", 1_000, 600));
			assert_eq!(status_changes(), vec![(Stale, Critical), (Critical, Normal)]);
			assert_eq!(
				RecordingLoadListener::changes(),
				vec![
					(north(), Stale, Critical),
					(north(), Critical, Critical),
					(north(), Critical, Normal),
				]
			);
		});
	}

	#[test]
	fn demand_above_capacity_is_critical_at_100_percent() {
		test(|| {
			assert_ok!(report(NORTH_OP, "North", 1_000, 1_500));
			let load = Load::current_load(&north()).unwrap();
			assert_eq!(load.load, Permill::one());
			assert_eq!(load.status, Critical);
			assert_eq!(load.demand_kw, 1_500, "the raw demand is kept");
		});
	}

	#[test]
	fn the_seed_thresholds_hold_at_their_edges() {
		test(|| {
			for (percent, expected) in [
				(0, Low),
				(30, Low),
				(31, Normal),
				(79, Normal),
				(80, High),
				(94, High),
				(95, Critical),
				(100, Critical),
			] {
				assert_ok!(report(NORTH_OP, "North", 100, percent));
				assert_eq!(Load::current_load(&north()).unwrap().status, expected, "{percent} %");
				assert_eq!(
					Load::load_status(percent as u32),
					expected,
					"get_load_status({percent})"
				);
			}
			// Between whole percentages the seed rounds down: 30.9 % is low, 94.9 % high.
			assert_ok!(report(NORTH_OP, "North", 1_000, 309));
			assert_eq!(Load::current_load(&north()).unwrap().status, Low);
			assert_ok!(report(NORTH_OP, "North", 1_000, 949));
			assert_eq!(Load::current_load(&north()).unwrap().status, High);
			assert_eq!(Load::load_status(250), Critical, "over 100 % is critical");
		});
	}

	#[test]
	fn refuses_callers_without_the_capability() {
		test(|| {
			for who in [STRANGER, NO_CAP, SUSPENDED] {
				assert_noop!(report(who, "North", 1_000, 500), Error::<Test>::NotAuthorized);
			}
			assert_noop!(Load::report_load(RuntimeOrigin::root(), north(), 1_000, 500), BadOrigin);
		});
	}

	#[test]
	fn refuses_another_region() {
		test(|| {
			assert_noop!(report(NORTH_OP, "South", 1_000, 500), Error::<Test>::WrongRegion);
		});
	}

	#[test]
	fn refuses_a_bad_region_and_zero_capacity() {
		test(|| {
			let bad: RegionId =
				codec::Decode::decode(&mut &codec::Encode::encode(&b"No rth".to_vec())[..])
					.unwrap();
			assert_noop!(
				Load::report_load(signed(NORTH_OP), bad, 1_000, 500),
				Error::<Test>::BadRegion
			);
			assert_noop!(report(NORTH_OP, "North", 0, 500), Error::<Test>::ZeroCapacity);
		});
	}
}

mod staleness {
	use super::*;

	#[test]
	fn a_silent_region_reads_stale_and_its_next_reading_changes_status() {
		test(|| {
			assert_ok!(report(NORTH_OP, "North", 100, 96));
			System::set_block_number(1 + STALE_AFTER);
			assert_eq!(Load::current_load(&north()).unwrap().status, Critical, "still fresh");
			assert!(Load::is_critical_load(&north()));
			System::set_block_number(2 + STALE_AFTER);
			assert_eq!(Load::current_load(&north()).unwrap().status, Stale);
			assert!(!Load::is_critical_load(&north()), "a stale reading is not trusted");
			// The same critical reading again is a change: from stale.
			assert_ok!(report(NORTH_OP, "North", 100, 96));
			assert_eq!(status_changes(), vec![(Stale, Critical), (Stale, Critical)]);
		});
	}

	/// What the market's prices read: the latest fresh reading's capacity and demand.
	#[test]
	fn the_load_monitor_gives_fresh_capacity_and_demand_only() {
		use grid_primitives::LoadMonitor;
		test(|| {
			assert_eq!(<Load as LoadMonitor>::current_load_kw(&north()), None);
			assert_ok!(report(NORTH_OP, "North", 100, 96));
			assert_ok!(report(NORTH_OP, "North", 200, 50));
			assert_eq!(<Load as LoadMonitor>::current_load_kw(&north()), Some((200, 50)));
			System::set_block_number(2 + STALE_AFTER);
			assert_eq!(<Load as LoadMonitor>::current_load_kw(&north()), None, "stale");
		});
	}

	#[test]
	fn an_unknown_region_has_no_load() {
		test(|| {
			assert_eq!(Load::current_load(&north()), None);
			assert!(!Load::is_critical_load(&north()));
			assert!(Load::load_history(&north()).is_empty());
		});
	}
}

mod history {
	use super::*;

	#[test]
	fn a_single_report_is_refunded_the_listener_when_the_status_stays() {
		test(|| {
			let call = |demand_kw| {
				RuntimeCall::Load(Call::report_load {
					region: north(),
					capacity_kw: 100,
					demand_kw,
				})
			};
			let worst = <() as WeightInfo>::report_load() + LOAD_LISTENER_WEIGHT;
			let quiet = <() as WeightInfo>::report_load_quiet();
			assert_eq!(call(50).get_dispatch_info().call_weight, worst);
			let first = Load::report_load(signed(NORTH_OP), north(), 100, 50).unwrap();
			assert_eq!(first.actual_weight, Some(worst), "Stale to Normal");
			let same = Load::report_load(signed(NORTH_OP), north(), 100, 60).unwrap();
			assert_eq!(same.actual_weight, Some(quiet), "Normal stays Normal");
			let critical = Load::report_load(signed(NORTH_OP), north(), 100, 99).unwrap();
			assert_eq!(critical.actual_weight, Some(worst));
			// Critical still: the listener is told again, and paid for.
			let still = Load::report_load(signed(NORTH_OP), north(), 100, 98).unwrap();
			assert_eq!(still.actual_weight, Some(worst), "Critical stays Critical");
		});
	}

	#[test]
	fn a_region_s_first_report_in_a_block_is_free_and_the_next_pays() {
		use frame_support::dispatch::Pays;
		test(|| {
			let pays = |demand_kw| {
				Load::report_load(signed(NORTH_OP), north(), 100, demand_kw).unwrap().pays_fee
			};
			assert_eq!(pays(50), Pays::No, "North's first report");
			assert_eq!(pays(60), Pays::Yes, "a second in the same block");
			System::set_block_number(System::block_number() + 1);
			assert_eq!(pays(70), Pays::No, "the first of the next block");

			// A batch is free only when every reading is its region's first in the block.
			assert_ok!(Load::set_aggregator(
				RuntimeOrigin::root(),
				NORTH_OP,
				vec![region("South")].try_into().unwrap()
			));
			let batch_pays =
				|readings| Load::report_loads(signed(NORTH_OP), batch(readings)).unwrap().pays_fee;
			assert_eq!(batch_pays(vec![("South", 100, 50)]), Pays::No);
			assert_eq!(batch_pays(vec![("North", 100, 50), ("South", 100, 50)]), Pays::Yes);
			System::set_block_number(System::block_number() + 1);
			assert_eq!(batch_pays(vec![("North", 100, 50), ("South", 100, 50)]), Pays::No);
			assert_eq!(batch_pays(vec![("North", 100, 50)]), Pays::Yes);
		});
	}

	#[test]
	fn the_ring_keeps_the_newest_readings_oldest_first() {
		test(|| {
			for demand in 1..=3u64 {
				assert_ok!(report(NORTH_OP, "North", 100, demand));
			}
			let demands =
				|h: Vec<LoadReading<u64>>| h.iter().map(|r| r.demand_kw).collect::<Vec<_>>();
			assert_eq!(demands(Load::load_history(&north())), vec![1, 2, 3]);
			// Past the depth (4): the oldest are overwritten.
			for demand in 4..=10u64 {
				System::set_block_number(demand);
				assert_ok!(report(NORTH_OP, "North", 100, demand));
			}
			let history = Load::load_history(&north());
			assert_eq!(demands(history.clone()), vec![7, 8, 9, 10]);
			assert_eq!(history.last().map(|r| r.reported_at), Some(10));
			assert_eq!(Readings::<Test>::get(north()).len(), DEPTH as usize);
		});
	}

	#[test]
	fn regions_have_separate_rings() {
		test(|| {
			assert_ok!(report(NORTH_OP, "North", 100, 10));
			assert_ok!(report(SOUTH_OP, "South", 100, 20));
			assert_eq!(Load::load_history(&north()).len(), 1);
			assert_eq!(Load::load_history(&region("South"))[0].demand_kw, 20);
		});
	}
}

mod report_loads {
	use super::*;

	#[test]
	fn an_aggregator_reports_several_regions_in_one_call() {
		test(|| {
			assert_ok!(Load::set_aggregator(
				RuntimeOrigin::root(),
				NORTH_OP,
				vec![region("South"), region("East")].try_into().unwrap()
			));
			assert_ok!(Load::report_loads(
				signed(NORTH_OP),
				batch(vec![("North", 100, 50), ("South", 100, 96), ("East", 100, 10)])
			));
			assert_eq!(Load::current_load(&north()).unwrap().status, Normal);
			assert!(Load::is_critical_load(&region("South")));
			assert_eq!(Load::current_load(&region("East")).unwrap().status, Low);
			let reported = events()
				.iter()
				.filter(|e| matches!(e, Event::LoadReported { reporter: NORTH_OP, .. }))
				.count();
			assert_eq!(reported, 3);
		});
	}

	#[test]
	fn one_bad_reading_fails_the_whole_batch() {
		test(|| {
			assert_noop!(
				Load::report_loads(
					signed(NORTH_OP),
					batch(vec![("North", 100, 50), ("North", 0, 1)])
				),
				Error::<Test>::ZeroCapacity
			);
			assert_noop!(
				Load::report_loads(
					signed(NORTH_OP),
					batch(vec![("North", 100, 50), ("South", 100, 1)])
				),
				Error::<Test>::WrongRegion
			);
		});
	}

	#[test]
	fn refuses_an_empty_batch_and_unauthorized_callers() {
		test(|| {
			assert_noop!(
				Load::report_loads(signed(NORTH_OP), batch(vec![])),
				Error::<Test>::EmptyBatch
			);
			assert_noop!(
				Load::report_loads(signed(NO_CAP), batch(vec![("North", 100, 50)])),
				Error::<Test>::NotAuthorized
			);
		});
	}

	#[test]
	fn the_listener_weight_is_refunded_for_readings_that_keep_their_status() {
		test(|| {
			assert_ok!(Load::set_aggregator(
				RuntimeOrigin::root(),
				NORTH_OP,
				vec![region("South"), region("East")].try_into().unwrap()
			));
			let readings = |v| batch(v);
			let charged = |r: BoundedVec<MeterReading, ConstU32<8>>| {
				RuntimeCall::Load(Call::report_loads { readings: r })
					.get_dispatch_info()
					.call_weight
			};
			let worst = <() as WeightInfo>::report_loads(3) + LOAD_LISTENER_WEIGHT * 3;
			let first = readings(vec![("North", 100, 50), ("South", 100, 50), ("East", 100, 50)]);
			assert_eq!(charged(first.clone()), worst);
			// Three regions leave `Stale`: three changes.
			let post = Load::report_loads(signed(NORTH_OP), first).unwrap();
			assert_eq!(post.actual_weight, Some(Load::batch_weight(3, 3)));
			// Only South changes (to critical): the quiet batch and one change.
			let second = readings(vec![("North", 100, 55), ("South", 100, 99), ("East", 100, 45)]);
			let post = Load::report_loads(signed(NORTH_OP), second).unwrap();
			let one_change = <() as WeightInfo>::report_loads_quiet(3)
				+ <() as WeightInfo>::report_load()
				- <() as WeightInfo>::report_load_quiet()
				+ LOAD_LISTENER_WEIGHT;
			assert_eq!(post.actual_weight, Some(one_change.min(worst)));
			assert!(Load::batch_weight(3, 1).all_lt(worst));
			assert_eq!(Load::batch_weight(3, 0), <() as WeightInfo>::report_loads_quiet(3));
			// Never more than the batch's worst case, however many readings notified.
			assert!(Load::batch_weight(3, 3).all_lte(worst));
			assert_eq!(Load::batch_weight(3, 99), Load::batch_weight(3, 99).min(worst));
			assert_eq!(Load::batch_weight(3, 99).ref_time(), worst.ref_time());
			assert_eq!(status_changes().len(), 4);
		});
	}

	#[test]
	fn weight_grows_with_the_batch() {
		let weight = |n: usize| {
			let readings = batch(vec![("North", 100, 50); n]);
			RuntimeCall::Load(Call::report_loads { readings }).get_dispatch_info().call_weight
		};
		assert!(weight(8).ref_time() > weight(1).ref_time());
		assert!(weight(8).proof_size() >= weight(1).proof_size());
	}
}

mod admin {
	use super::*;

	#[test]
	fn set_thresholds_changes_classification() {
		test(|| {
			let p = Permill::from_percent;
			let t = LoadThresholds { normal_from: p(10), high_from: p(50), critical_from: p(70) };
			assert_ok!(Load::set_thresholds(RuntimeOrigin::root(), t));
			assert_eq!(Thresholds::<Test>::get(), t);
			assert_eq!(events(), vec![Event::ThresholdsSet { thresholds: t }]);
			assert_ok!(report(NORTH_OP, "North", 100, 75));
			assert!(Load::is_critical_load(&north()));
			assert_eq!(Load::load_status(50), High);
		});
	}

	#[test]
	fn set_thresholds_refuses_thresholds_that_do_not_increase() {
		test(|| {
			let p = Permill::from_percent;
			for (n, h, c) in [(50, 50, 90), (10, 95, 80), (0, 50, 90), (60, 50, 90)] {
				let t = LoadThresholds { normal_from: p(n), high_from: p(h), critical_from: p(c) };
				assert_noop!(
					Load::set_thresholds(RuntimeOrigin::root(), t),
					Error::<Test>::InvalidThresholds
				);
			}
			assert_noop!(
				Load::set_thresholds(signed(NORTH_OP), LoadThresholds::default()),
				BadOrigin
			);
		});
	}

	#[test]
	fn set_aggregator_grants_and_revokes_regions() {
		test(|| {
			let regions: BoundedVec<_, _> = vec![region("South")].try_into().unwrap();
			assert_ok!(Load::set_aggregator(RuntimeOrigin::root(), NORTH_OP, regions.clone()));
			assert_eq!(
				events(),
				vec![Event::AggregatorSet { aggregator: NORTH_OP, regions: regions.clone() }]
			);
			assert_ok!(report(NORTH_OP, "South", 100, 50));
			assert_ok!(Load::set_aggregator(RuntimeOrigin::root(), NORTH_OP, Default::default()));
			assert_eq!(Aggregators::<Test>::get(NORTH_OP), None);
			assert_noop!(report(NORTH_OP, "South", 100, 50), Error::<Test>::WrongRegion);
		});
	}

	#[test]
	fn set_aggregator_errors() {
		test(|| {
			let bad: RegionId =
				codec::Decode::decode(&mut &codec::Encode::encode(&b"".to_vec())[..]).unwrap();
			assert_noop!(
				Load::set_aggregator(
					RuntimeOrigin::root(),
					NORTH_OP,
					vec![bad].try_into().unwrap()
				),
				Error::<Test>::BadRegion
			);
			assert_noop!(
				Load::set_aggregator(signed(NORTH_OP), NORTH_OP, Default::default()),
				BadOrigin
			);
		});
	}
}

#[test]
fn integrity_test_passes() {
	<Load as Hooks<u64>>::integrity_test();
}

#[test]
fn try_state_catches_readings_out_of_order_and_empty_records() {
	new_test_ext().execute_with(|| {
		System::set_block_number(5);
		assert_ok!(report(NORTH_OP, "North", 100, 50));
		assert_ok!(report(NORTH_OP, "North", 100, 60));
		assert_ok!(Load::do_try_state());
		Readings::<Test>::mutate(north(), |r| r.get_mut(0).unwrap().reported_at = 6);
		assert!(Load::do_try_state().is_err());
		Readings::<Test>::insert(north(), BoundedVec::new());
		assert!(Load::do_try_state().is_err());
	});
}

// --- Metered load (pallet-metering's feeders) ---

#[test]
fn metered_load_is_stored_classified_and_told_to_balancing() {
	test(|| {
		use grid_primitives::MeteredLoad;
		let weight = <Load as MeteredLoad>::metered_load(&north(), 1_000, 960);
		assert_eq!(weight, <Load as MeteredLoad>::max_weight());
		assert_eq!(
			<Load as MeteredLoad>::max_weight(),
			<() as WeightInfo>::report_load().saturating_add(LOAD_LISTENER_WEIGHT)
		);
		let current = Load::current_load(&north()).unwrap();
		assert_eq!(
			(current.capacity_kw, current.demand_kw, current.status),
			(1_000, 960, Critical)
		);
		assert!(events().contains(&Event::LoadMetered {
			region: north(),
			capacity_kw: 1_000,
			demand_kw: 960,
			load: Permill::from_percent(96),
			status: Critical,
		}));
		assert_eq!(status_changes(), vec![(Stale, Critical)]);
		assert_eq!(RecordingLoadListener::changes(), vec![(north(), Stale, Critical)]);

		// Critical again: the listener is told (and paid for) again.
		let weight = <Load as MeteredLoad>::metered_load(&north(), 1_000, 970);
		assert_eq!(weight, <Load as MeteredLoad>::max_weight());
		assert_eq!(RecordingLoadListener::changes().len(), 2);
		// The same status again is the quiet path.
		<Load as MeteredLoad>::metered_load(&north(), 1_000, 500);
		let weight = <Load as MeteredLoad>::metered_load(&north(), 1_000, 600);
		assert_eq!(weight, <() as WeightInfo>::report_load_quiet());
		assert_eq!(Load::load_history(&north()).len(), 4);
	});
}

#[test]
fn a_metered_region_refuses_declared_reports_until_it_has_no_feeders() {
	test(|| {
		use grid_primitives::MeteredLoad;
		<Load as MeteredLoad>::metered_load(&north(), 1_000, 500);
		// An operator cannot override what the feeders measured.
		assert_noop!(report(NORTH_OP, "North", 1_000, 10), Error::<Test>::RegionMetered);
		assert_noop!(
			Load::report_loads(signed(NORTH_OP), batch(vec![("North", 1_000, 10)])),
			Error::<Test>::RegionMetered
		);
		// Other regions are not affected.
		assert_ok!(report(SOUTH_OP, "South", 1_000, 10));
		<Load as MeteredLoad>::unmetered(&north());
		assert_ok!(report(NORTH_OP, "North", 1_000, 10));
	});
}
