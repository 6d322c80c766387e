//! Every call's success path and each of its errors (state unchanged, by `assert_noop!`),
//! the band edges of a 50 Hz and a 60 Hz region, emergency mode, and rules firing once per
//! open action. The attacks of a region's own operator: manual events filling the list before
//! a real emergency, a manual critical event standing in for a reading's and then resolved,
//! a stream (or a flapping one) of qualifying readings firing a rule over and over.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use grid_primitives::{
	mock::{RecordingEmergencyListener, RecordingResponder},
	BalancingActionType::*,
	EmergencyState,
	StabilityLevel::*,
};
use sp_runtime::traits::BadOrigin;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn north() -> RegionId {
	region("North")
}

fn report(who: u64, region_name: &str, mhz: u32, permille: u32, mdeg: i32) -> DispatchResult {
	Stability::report_stability_metrics(signed(who), region(region_name), mhz, permille, mdeg)
		.map(|_| ())
		.map_err(|e| e.error)
}

/// What North's operator is charged for a reading at `mhz` (nominal voltage, no phase
/// angle): `None` is the full weight charged up front, `Some` a refund.
fn charged(mhz: u32) -> Option<Weight> {
	Stability::report_stability_metrics(signed(NORTH_OP), north(), mhz, 1_000, 0)
		.expect("the reading is taken")
		.actual_weight
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Stability(e) = r.event { Some(e) } else { None })
		.collect()
}

fn rule_firings() -> Vec<RuleId> {
	events()
		.into_iter()
		.filter_map(|e| if let Event::RuleFired { rule_id, .. } = e { Some(rule_id) } else { None })
		.collect()
}

fn add_rule(condition: TriggerCondition) {
	assert_ok!(Stability::configure_automated_response(root(), condition, LoadShedding, 50_000, 7));
}

/// A region whose name is `region_name`, set to 60 Hz with the default bands.
fn sixty_hertz(region_name: &str) {
	assert_ok!(Stability::set_region_settings(
		root(),
		region(region_name),
		NominalFrequency::Hz60,
		StabilityBands::default()
	));
}

mod report_stability_metrics {
	use super::*;

	#[test]
	fn a_region_s_first_report_in_a_block_is_free_and_the_next_pays() {
		use frame_support::dispatch::Pays;
		test(|| {
			let pays = |mhz| {
				Stability::report_stability_metrics(signed(NORTH_OP), north(), mhz, 1_000, 0)
					.expect("the reading is taken")
					.pays_fee
			};
			assert_eq!(pays(50_000), Pays::No, "North's first report");
			assert_eq!(pays(50_000), Pays::Yes, "a second in the same block");
			System::set_block_number(System::block_number() + 1);
			assert_eq!(pays(48_000), Pays::No, "the first of the next block, an emergency too");
		});
	}

	#[test]
	fn a_quiet_reading_is_refunded_and_an_escalating_one_is_not() {
		test(|| {
			add_rule(TriggerCondition::FrequencyBelow(49_500));
			let quiet = <() as WeightInfo>::report_stability_metrics_quiet();
			assert_eq!(charged(50_000), Some(quiet));
			// The rule fires: the weight charged up front stands.
			assert_eq!(charged(49_400), None);
			assert_eq!(rule_firings().len(), 1);
			// The rule is met again but its action is open: it does not fire, yet the reading
			// looked (the responses read): no refund.
			assert_eq!(charged(49_400), None);
			assert_eq!(rule_firings().len(), 1);
			// An emergency opens an event (the rule's action is still open, so it does not
			// fire again): no refund either.
			assert_eq!(charged(48_000), None);
			// The same emergency again opens nothing and fires nothing, but it read the event
			// list to know: it is not the quiet reading and is not refunded as one.
			assert_eq!(charged(48_000), None);
			assert_eq!(rule_firings().len(), 1);
			assert_eq!(Stability::open_events(&north()).len(), 1);
			// Back to normal: a level change is not the everyday reading either.
			assert_eq!(charged(50_000), None);
			assert_eq!(charged(50_000), Some(quiet));
			assert!(quiet.ref_time() < <() as WeightInfo>::report_stability_metrics().ref_time());
		});
	}

	#[test]
	fn the_seed_example_is_normal() {
		test(|| {
			// 50.00 Hz, 100 %, 0°.
			assert_ok!(report(NORTH_OP, "North", 50_000, 1_000, 0));
			let latest = Stability::latest_metrics(&north()).unwrap();
			assert_eq!(latest.level, Normal);
			assert_eq!((latest.frequency_mhz, latest.voltage_permille), (50_000, 1_000));
			assert_eq!(latest.reporter, NORTH_OP);
			assert_eq!(
				events(),
				vec![Event::StabilityReported {
					region: north(),
					reporter: NORTH_OP,
					frequency_mhz: 50_000,
					voltage_permille: 1_000,
					phase_angle_mdeg: 0,
					level: Normal,
				}]
			);
			assert!(!Stability::is_grid_in_emergency());
		});
	}

	#[test]
	fn frequency_band_edges_of_a_50_hz_region() {
		test(|| {
			for (mhz, level) in [
				(49_500, Normal),
				(50_500, Normal),
				(49_499, Alert),
				(50_501, Alert),
				(49_200, Alert),
				(50_800, Alert),
				(49_199, Emergency),
				(50_801, Emergency),
				(48_500, Emergency),
				(51_500, Emergency),
				(48_499, Critical),
				(51_501, Critical),
			] {
				assert_ok!(report(NORTH_OP, "North", mhz, 1_000, 0));
				assert_eq!(Stability::level(&north()), level, "{mhz} mHz");
			}
		});
	}

	#[test]
	fn frequency_band_edges_of_a_60_hz_region() {
		test(|| {
			sixty_hertz("South");
			for (mhz, level) in [
				(60_000, Normal),
				(59_500, Normal),
				(60_500, Normal),
				(59_499, Alert),
				(60_501, Alert),
				(59_199, Emergency),
				(61_500, Emergency),
				(58_499, Critical),
				(50_000, Critical),
			] {
				assert_ok!(report(SOUTH_OP, "South", mhz, 1_000, 0));
				assert_eq!(Stability::level(&region("South")), level, "{mhz} mHz at 60 Hz");
			}
		});
	}

	#[test]
	fn voltage_and_phase_band_edges() {
		test(|| {
			for (permille, level) in [
				(950, Normal),
				(1_050, Normal),
				(949, Alert),
				(1_051, Alert),
				(930, Alert),
				(929, Emergency),
				(1_071, Emergency),
				(900, Emergency),
				(1_100, Emergency),
				(899, Critical),
				(1_101, Critical),
			] {
				assert_ok!(report(NORTH_OP, "North", 50_000, permille, 0));
				assert_eq!(Stability::level(&north()), level, "{permille} ‰");
			}
			for (mdeg, level) in
				[(10_000, Normal), (-10_000, Normal), (-10_001, Alert), (30_001, Critical)]
			{
				assert_ok!(report(NORTH_OP, "North", 50_000, 1_000, mdeg));
				assert_eq!(Stability::level(&north()), level, "{mdeg} m°");
			}
		});
	}

	#[test]
	fn the_worst_dimension_decides() {
		test(|| {
			assert_ok!(report(NORTH_OP, "North", 50_000, 899, 0));
			assert_eq!(Stability::level(&north()), Critical);
			assert_ok!(report(NORTH_OP, "North", 49_300, 1_000, 25_000));
			assert_eq!(Stability::level(&north()), Emergency, "phase is worse than frequency");
		});
	}

	#[test]
	fn a_level_change_is_an_event() {
		test(|| {
			assert_ok!(report(NORTH_OP, "North", 49_400, 1_000, 0));
			assert!(events().contains(&Event::StabilityLevelChanged {
				region: north(),
				from: Normal,
				to: Alert
			}));
		});
	}

	#[test]
	fn forty_nine_hertz_enters_emergency_mode_with_an_event() {
		test(|| {
			assert_ok!(report(NORTH_OP, "North", 49_000, 1_000, 0));
			assert_eq!(Stability::level(&north()), Emergency);
			assert!(Stability::is_region_in_emergency(&north()));
			assert!(Stability::is_grid_in_emergency());
			assert!(!Stability::is_region_in_emergency(&region("South")));
			let open = Stability::open_events(&north());
			assert_eq!(open.len(), 1);
			let (id, event) = &open[0];
			assert_eq!((*id, event.severity, event.manual), (0, Emergency, false));
			assert!(events().contains(&Event::EmergencyEntered { region: north(), event_id: 0 }));
			assert_eq!(RecordingEmergencyListener::calls(), vec![(north(), true)]);
		});
	}

	#[test]
	fn a_worse_reading_opens_another_event_an_equal_one_does_not() {
		test(|| {
			assert_ok!(report(NORTH_OP, "North", 49_000, 1_000, 0));
			assert_ok!(report(NORTH_OP, "North", 49_100, 1_000, 0));
			assert_eq!(Stability::open_events(&north()).len(), 1);
			assert_ok!(report(NORTH_OP, "North", 48_000, 1_000, 0));
			let severities: Vec<_> =
				Stability::open_events(&north()).into_iter().map(|(_, e)| e.severity).collect();
			assert_eq!(severities, vec![Emergency, Critical]);
			assert_eq!(RecordingEmergencyListener::calls().len(), 1, "entered once");
		});
	}

	/// The attack: an operator opens a manual critical event, so a critical reading finds
	/// an event "at least as severe" and opens none; then it resolves its own event and the
	/// region leaves emergency while the frequency is still critical. A reading's event now
	/// stands on its own, and only a reading below emergency lets an operator resolve it.
	#[test]
	fn a_manual_event_cannot_stand_in_for_a_reading_s_and_be_resolved_away() {
		test(|| {
			assert_ok!(Stability::trigger_stability_response(
				signed(NORTH_OP),
				north(),
				48_000,
				1_000,
				Critical
			)); // event 0, manual
			assert_ok!(report(NORTH_OP, "North", 48_000, 1_000, 0)); // event 1, the reading's
			assert_eq!(Stability::open_events(&north()).len(), 2);
			assert_ok!(Stability::resolve_critical_event(signed(NORTH_OP), 0));
			assert!(Stability::is_region_in_emergency(&north()), "the reading's event stands");
			assert_noop!(
				Stability::resolve_critical_event(signed(NORTH_OP), 1),
				Error::<Test>::EmergencyPersists
			);
			// Once a reading says the emergency is over, the operator may close it.
			assert_ok!(report(NORTH_OP, "North", 50_000, 1_000, 0));
			assert_ok!(Stability::resolve_critical_event(signed(NORTH_OP), 1));
			assert!(!Stability::is_region_in_emergency(&north()));
		});
	}

	/// The attack: an operator opens every manual event it may (alerts, which change no
	/// price), then the frequency really falls. The emergency still enters, then the critical
	/// reading still opens its own event, and the manual events stay.
	#[test]
	fn manual_events_cannot_keep_an_emergency_reading_out() {
		test(|| {
			let alert = || {
				Stability::trigger_stability_response(
					signed(NORTH_OP),
					north(),
					49_400,
					1_000,
					Alert,
				)
			};
			while alert().is_ok() {}
			assert_eq!(Stability::open_events(&north()).len() as u32, MAX_OPEN - 2);
			assert!(!Stability::is_region_in_emergency(&north()));

			assert_ok!(report(NORTH_OP, "North", 49_000, 1_000, 0));
			assert!(Stability::is_region_in_emergency(&north()));
			assert_eq!(RecordingEmergencyListener::calls(), vec![(north(), true)]);
			assert!(events().iter().any(|e| matches!(e, Event::EmergencyEntered { .. })));

			assert_ok!(report(NORTH_OP, "North", 48_000, 1_000, 0));
			let open = Stability::open_events(&north());
			assert_eq!(open.len() as u32, MAX_OPEN, "the list is full only now");
			let by_readings: Vec<_> =
				open.iter().filter(|(_, e)| !e.manual).map(|(_, e)| e.severity).collect();
			assert_eq!(by_readings, vec![Emergency, Critical]);
			assert_eq!(Stability::level(&north()), Critical);
		});
	}

	#[test]
	fn errors() {
		test(|| {
			assert_noop!(report(STRANGER, "North", 50_000, 1_000, 0), Error::<Test>::NotAuthorized);
			assert_noop!(report(NO_CAP, "North", 50_000, 1_000, 0), Error::<Test>::NotAuthorized);
			assert_noop!(report(NORTH_OP, "South", 50_000, 1_000, 0), Error::<Test>::WrongRegion);
			let bad: RegionId =
				codec::Decode::decode(&mut &codec::Encode::encode(&b"a b".to_vec())[..]).unwrap();
			assert_noop!(
				Stability::report_stability_metrics(signed(NORTH_OP), bad, 50_000, 1_000, 0),
				Error::<Test>::BadRegion
			);
			assert_noop!(
				Stability::report_stability_metrics(root(), north(), 50_000, 1_000, 0),
				BadOrigin
			);
		});
	}
}

mod rules {
	use super::*;

	#[test]
	fn a_rule_fires_once_per_open_action_and_reaches_the_responder() {
		test(|| {
			add_rule(TriggerCondition::FrequencyBelow(49_500));
			assert_ok!(report(NORTH_OP, "North", 49_600, 1_000, 0));
			assert!(rule_firings().is_empty(), "49.6 Hz does not qualify");
			assert_ok!(report(NORTH_OP, "North", 49_000, 1_000, 0));
			assert_eq!(rule_firings(), vec![0]);
			assert_eq!(RecordingResponder::calls(), vec![(north(), LoadShedding, 50_000, 7)]);
			assert!(events().contains(&Event::RuleFired {
				rule_id: 0,
				region: north(),
				action: LoadShedding,
				target_adjustment_kw: 50_000,
				priority: 7,
				response: Ok(1),
			}));
			assert_ok!(report(NORTH_OP, "North", 49_000, 1_000, 0));
			assert_eq!(rule_firings(), vec![0], "its action is open: not again");
			assert_ok!(report(NORTH_OP, "North", 50_000, 1_000, 0));
			assert_ok!(report(NORTH_OP, "North", 49_000, 1_000, 0));
			assert_eq!(rule_firings(), vec![0], "leaving and re-entering changes nothing");
			// Its action done (or cancelled, expired), the next qualifying reading asks again.
			RecordingResponder::close(1);
			assert_ok!(report(NORTH_OP, "North", 49_000, 1_000, 0));
			assert_eq!(rule_firings(), vec![0, 0]);
			assert_eq!(RuleResponses::<Test>::get(north()).into_inner(), vec![(0, 2)]);
		});
	}

	/// The attack: readings just inside a rule's condition (49.85 Hz under a 49.9 Hz rule),
	/// steady or flapping in and out of it, and manual triggers on top, used to open an
	/// action per reading until the region's action list was full and a critical load's own
	/// action had no room. Now the region holds one action per rule.
	#[test]
	fn qualifying_readings_steady_or_flapping_fire_a_rule_once() {
		test(|| {
			add_rule(TriggerCondition::FrequencyBelow(49_900));
			for i in 0..20 {
				let mhz = if i % 2 == 0 { 49_850 } else { 50_000 };
				assert_ok!(report(NORTH_OP, "North", mhz, 1_000, 0));
				assert_ok!(report(NORTH_OP, "North", 49_850, 1_000, 0));
			}
			assert_ok!(Stability::trigger_stability_response(
				signed(NORTH_OP),
				north(),
				49_850,
				1_000,
				Alert
			));
			assert_eq!(rule_firings(), vec![0]);
			assert_eq!(RecordingResponder::calls().len(), 1);
			// Each rule, each region, one open action.
			add_rule(TriggerCondition::VoltageBelow(1_010));
			assert_ok!(report(NORTH_OP, "North", 49_850, 1_000, 0));
			assert_eq!(rule_firings(), vec![0, 1]);
			assert_ok!(report(SOUTH_OP, "South", 49_850, 1_000, 0));
			assert_eq!(rule_firings(), vec![0, 1, 0, 1]);
			// A removed rule's response is forgotten at the next qualifying reading.
			assert_ok!(Stability::remove_automated_response(root(), 0));
			assert_ok!(report(NORTH_OP, "North", 49_850, 1_000, 0));
			assert_eq!(RuleResponses::<Test>::get(north()).len(), 1);
		});
	}

	#[test]
	fn a_refused_response_is_in_the_event_with_its_reason() {
		test(|| {
			add_rule(TriggerCondition::FrequencyBelow(49_500));
			// Any error the responder gives (an `Other` message would not survive the event
			// record's encoding).
			let refusal = DispatchError::Exhausted;
			RecordingResponder::refuse_with(refusal);
			assert_ok!(report(NORTH_OP, "North", 49_000, 1_000, 0));
			assert!(events().contains(&Event::RuleFired {
				rule_id: 0,
				region: north(),
				action: LoadShedding,
				target_adjustment_kw: 50_000,
				priority: 7,
				response: Err(refusal),
			}));
		});
	}

	/// A rule stored at the critical load's priority before that was refused asks for one
	/// less, so that a critical load can still evict its action.
	#[test]
	fn a_rule_never_asks_for_the_critical_load_s_priority() {
		test(|| {
			add_rule(TriggerCondition::FrequencyBelow(49_500));
			Rules::<Test>::mutate(|rules| rules[0].1.priority = CRITICAL_LOAD_PRIORITY);
			assert_ok!(report(NORTH_OP, "North", 49_000, 1_000, 0));
			assert!(events().iter().any(|e| matches!(
				e,
				Event::RuleFired { priority, .. } if *priority == CRITICAL_LOAD_PRIORITY - 1
			)));
		});
	}

	#[test]
	fn each_condition_kind() {
		test(|| {
			use TriggerCondition::*;
			for condition in [FrequencyAbove(50_500), VoltageBelow(950), VoltageAbove(1_050)] {
				add_rule(condition);
			}
			assert_ok!(report(NORTH_OP, "North", 50_600, 1_000, 0));
			assert_eq!(rule_firings(), vec![0]);
			assert_ok!(report(NORTH_OP, "North", 50_000, 940, 0));
			assert_eq!(rule_firings(), vec![0, 1]);
			assert_ok!(report(NORTH_OP, "North", 50_000, 1_060, 0));
			assert_eq!(rule_firings(), vec![0, 1, 2]);
			assert_ok!(Stability::remove_automated_response(root(), 1));
			add_rule(LevelAtLeast(Emergency));
			assert_ok!(report(NORTH_OP, "North", 49_000, 940, 0));
			assert_eq!(rule_firings(), vec![0, 1, 2, 3], "voltage rule removed: only level fires");
		});
	}

	#[test]
	fn configure_and_remove() {
		test(|| {
			let condition = TriggerCondition::LevelAtLeast(Critical);
			assert_ok!(Stability::configure_automated_response(
				root(),
				condition,
				IncreaseGeneration,
				1_000,
				9
			));
			let rule = AutomatedRule {
				condition,
				action: IncreaseGeneration,
				target_adjustment_kw: 1_000,
				priority: 9,
			};
			assert_eq!(Rules::<Test>::get().into_inner(), vec![(0, rule)]);
			assert_eq!(events(), vec![Event::RuleConfigured { rule_id: 0, rule }]);
			assert_ok!(Stability::remove_automated_response(root(), 0));
			assert!(Rules::<Test>::get().is_empty());
			assert!(events().contains(&Event::RuleRemoved { rule_id: 0 }));
		});
	}

	#[test]
	fn configure_errors() {
		test(|| {
			let condition = TriggerCondition::FrequencyBelow(49_000);
			assert_noop!(
				Stability::configure_automated_response(root(), condition, LoadShedding, 0, 1),
				Error::<Test>::ZeroAdjustment
			);
			// The attack: rules at the critical load's priority, filling the automatic places,
			// would leave a critical load nothing to evict.
			assert_noop!(
				Stability::configure_automated_response(
					root(),
					condition,
					LoadShedding,
					1,
					grid_primitives::CRITICAL_LOAD_PRIORITY
				),
				Error::<Test>::ReservedPriority
			);
			assert_noop!(
				Stability::configure_automated_response(
					signed(NORTH_OP),
					condition,
					LoadShedding,
					1,
					1
				),
				BadOrigin
			);
			for _ in 0..MAX_RULES {
				add_rule(condition);
			}
			assert_noop!(
				Stability::configure_automated_response(root(), condition, LoadShedding, 1, 1),
				Error::<Test>::TooManyRules
			);
		});
	}

	#[test]
	fn remove_errors() {
		test(|| {
			assert_noop!(
				Stability::remove_automated_response(root(), 0),
				Error::<Test>::UnknownRule
			);
			add_rule(TriggerCondition::FrequencyBelow(49_000));
			assert_noop!(Stability::remove_automated_response(signed(NORTH_OP), 0), BadOrigin);
		});
	}
}

mod trigger_stability_response {
	use super::*;

	#[test]
	fn opens_a_manual_event_and_fires_rules() {
		test(|| {
			add_rule(TriggerCondition::LevelAtLeast(Alert));
			assert_ok!(Stability::trigger_stability_response(
				signed(NORTH_OP),
				north(),
				49_400,
				1_000,
				Alert
			));
			let open = Stability::open_events(&north());
			assert_eq!(open.len(), 1);
			assert!(open[0].1.manual);
			assert_eq!(open[0].1.opened_by, NORTH_OP);
			assert!(!Stability::is_region_in_emergency(&north()), "alert is not an emergency");
			assert_eq!(rule_firings(), vec![0]);

			assert_ok!(Stability::trigger_stability_response(
				signed(NORTH_OP),
				north(),
				49_000,
				1_000,
				Emergency
			));
			assert!(Stability::is_region_in_emergency(&north()));
		});
	}

	#[test]
	fn errors() {
		test(|| {
			let trigger = |who, r: &str, severity| {
				Stability::trigger_stability_response(
					signed(who),
					region(r),
					49_000,
					1_000,
					severity,
				)
			};
			assert_noop!(trigger(NORTH_OP, "North", Normal), Error::<Test>::NormalSeverity);
			assert_noop!(trigger(STRANGER, "North", Alert), Error::<Test>::NotAuthorized);
			assert_noop!(trigger(NORTH_OP, "South", Alert), Error::<Test>::WrongRegion);
			assert_eq!(Stability::manual_event_limit(), MAX_OPEN - READING_EVENT_PLACES);
			for _ in 0..Stability::manual_event_limit() {
				assert_ok!(trigger(NORTH_OP, "North", Alert));
			}
			assert_noop!(trigger(NORTH_OP, "North", Alert), Error::<Test>::TooManyOpenEvents);
			// The places kept for readings are not for manual events of any severity.
			assert_noop!(trigger(NORTH_OP, "North", Critical), Error::<Test>::TooManyOpenEvents);
			// Another region has its own places.
			assert_ok!(trigger(SOUTH_OP, "South", Alert));
		});
	}
}

mod resolve_critical_event {
	use super::*;

	#[test]
	fn resolving_the_last_emergency_event_ends_emergency_mode() {
		test(|| {
			assert_ok!(report(NORTH_OP, "North", 49_000, 1_000, 0)); // event 0, emergency
			assert_ok!(Stability::trigger_stability_response(
				signed(NORTH_OP),
				north(),
				49_400,
				1_000,
				Alert
			)); // event 1
			assert_ok!(report(NORTH_OP, "North", 48_000, 1_000, 0)); // event 2, critical
			assert_ok!(report(NORTH_OP, "North", 50_000, 1_000, 0)); // over

			assert_ok!(Stability::resolve_critical_event(signed(NORTH_OP), 2));
			assert!(Stability::is_region_in_emergency(&north()), "event 0 is still open");
			assert_ok!(Stability::resolve_critical_event(root(), 0));
			assert!(!Stability::is_region_in_emergency(&north()), "only an alert is left");
			assert!(!Stability::is_grid_in_emergency());
			assert_eq!(Stability::open_events(&north()).len(), 1);
			assert!(events().contains(&Event::StabilityEventResolved {
				event_id: 2,
				region: north(),
				resolved_by: Some(NORTH_OP)
			}));
			assert!(events().contains(&Event::StabilityEventResolved {
				event_id: 0,
				region: north(),
				resolved_by: None
			}));
			assert!(events().contains(&Event::EmergencyCleared { region: north() }));
			assert_eq!(
				RecordingEmergencyListener::calls(),
				vec![(north(), true), (north(), false)]
			);
		});
	}

	#[test]
	fn errors() {
		test(|| {
			assert_noop!(Stability::resolve_critical_event(root(), 0), Error::<Test>::UnknownEvent);
			assert_ok!(report(NORTH_OP, "North", 49_000, 1_000, 0));
			assert_noop!(
				Stability::resolve_critical_event(signed(STRANGER), 0),
				Error::<Test>::NotAuthorized
			);
			assert_noop!(
				Stability::resolve_critical_event(signed(SOUTH_OP), 0),
				Error::<Test>::WrongRegion
			);
			assert_noop!(
				Stability::resolve_critical_event(signed(NORTH_OP), 0),
				Error::<Test>::EmergencyPersists
			);
			// The admin may, whatever the readings say.
			assert_ok!(Stability::resolve_critical_event(root(), 0));
		});
	}
}

mod set_region_settings {
	use super::*;

	#[test]
	fn sets_nominal_frequency_and_bands() {
		test(|| {
			sixty_hertz("South");
			let settings = Stability::region_settings(&region("South"));
			assert_eq!(settings.nominal_frequency, NominalFrequency::Hz60);
			assert_eq!(Stability::region_settings(&north()), RegionSettings::default());
			assert!(
				events().contains(&Event::RegionSettingsSet { region: region("South"), settings })
			);
		});
	}

	#[test]
	fn refuses_bands_that_do_not_nest_strictly() {
		test(|| {
			let mut touching = StabilityBands::default();
			touching.alert.max_frequency_deviation_mhz =
				touching.normal.max_frequency_deviation_mhz;
			let mut inverted = StabilityBands::default();
			inverted.emergency.min_voltage_permille = 940;
			let mut off_nominal = StabilityBands::default();
			off_nominal.normal.max_voltage_permille = 990;
			for bands in [touching, inverted, off_nominal] {
				assert_noop!(
					Stability::set_region_settings(root(), north(), NominalFrequency::Hz50, bands),
					Error::<Test>::InvalidBands
				);
			}
		});
	}

	#[test]
	fn errors() {
		test(|| {
			let bad: RegionId =
				codec::Decode::decode(&mut &codec::Encode::encode(&b"".to_vec())[..]).unwrap();
			assert_noop!(
				Stability::set_region_settings(
					root(),
					bad,
					NominalFrequency::Hz50,
					StabilityBands::default()
				),
				Error::<Test>::BadRegion
			);
			assert_noop!(
				Stability::set_region_settings(
					signed(NORTH_OP),
					north(),
					NominalFrequency::Hz50,
					StabilityBands::default()
				),
				BadOrigin
			);
		});
	}
}

#[test]
fn integrity_test_passes() {
	<Stability as Hooks<u64>>::integrity_test();
}

#[test]
fn try_state_catches_manual_events_in_the_readings_places() {
	new_test_ext().execute_with(|| {
		for _ in 0..MAX_OPEN {
			assert_ok!(Stability::open_event(&north(), Alert, 49_400, 1_000, &NORTH_OP, true));
		}
		assert!(Stability::do_try_state().is_err());
	});
}

#[test]
fn try_state_catches_emergency_mode_without_an_event() {
	new_test_ext().execute_with(|| {
		assert_ok!(Stability::do_try_state());
		EmergencyRegions::<Test>::insert(north(), ());
		assert!(Stability::do_try_state().is_err());
	});
}
