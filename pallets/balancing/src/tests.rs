//! Every call's success path and each of its errors (state unchanged, by `assert_noop!`),
//! priority order, expiry at exactly the deadline (many at once, and more than the per-block
//! budget), and the automatic actions for critical load and stability rules. The attacks: an
//! operator filling a region's list before a critical load, a suspended initiator closing
//! its action, a delivery above the target.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use grid_primitives::{
	mock::{MockLoad, MockOperators},
	BalancingActionType::*,
	Capabilities,
};
use sp_runtime::traits::BadOrigin;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn north() -> RegionId {
	region("North")
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Balancing(e) = r.event { Some(e) } else { None })
		.collect()
}

/// North: 1000 MW max, 600 MW running, 100 MW reserve.
fn north_capacity() {
	assert_ok!(Balancing::set_region_capacity(
		signed(NORTH_OP),
		north(),
		1_000_000,
		600_000,
		100_000
	));
}

fn initiate(action: BalancingActionType, target_kw: u64, priority: u8) -> DispatchResult {
	Balancing::initiate_balancing_action(signed(NORTH_OP), north(), action, target_kw, priority)
}

fn initiate_as(
	who: u64,
	action: BalancingActionType,
	target_kw: u64,
	priority: u8,
) -> DispatchResult {
	Balancing::initiate_balancing_action(signed(who), north(), action, target_kw, priority)
}

/// Fill the operators' places with `action`s, North's two coordinators taking turns.
fn fill_operator_places(action: BalancingActionType, target_kw: u64, priority: u8) {
	for i in 0..Balancing::operator_action_limit() {
		let who = if i % 2 == 0 { NORTH_OP } else { NORTH_OP2 };
		assert_ok!(Balancing::initiate_balancing_action(
			signed(who),
			north(),
			action,
			target_kw,
			priority
		));
	}
}

fn open_ids() -> Vec<ActionId> {
	Balancing::open_actions(&north()).into_iter().map(|(id, _)| id).collect()
}

mod set_region_capacity {
	use super::*;

	#[test]
	fn stores_the_figures() {
		test(|| {
			north_capacity();
			let c = Balancing::region_capacity(&north()).unwrap();
			assert_eq!(
				(c.max_generation_kw, c.current_generation_kw, c.reserve_kw),
				(1_000_000, 600_000, 100_000)
			);
			assert_eq!(c.headroom_kw(), 500_000);
			assert_eq!(
				events(),
				vec![Event::RegionCapacitySet {
					region: north(),
					max_generation_kw: 1_000_000,
					current_generation_kw: 600_000,
					reserve_kw: 100_000
				}]
			);
		});
	}

	#[test]
	fn errors() {
		test(|| {
			let set = |who, r: &str, max, current| {
				Balancing::set_region_capacity(signed(who), region(r), max, current, 0)
			};
			assert_noop!(set(NORTH_OP, "North", 100, 101), Error::<Test>::CurrentAboveMax);
			assert_noop!(set(STRANGER, "North", 100, 50), Error::<Test>::NotAuthorized);
			assert_noop!(set(NO_CAP, "North", 100, 50), Error::<Test>::NotAuthorized);
			assert_noop!(set(NORTH_OP, "South", 100, 50), Error::<Test>::WrongRegion);
			let bad: RegionId =
				codec::Decode::decode(&mut &codec::Encode::encode(&b"N/A".to_vec())[..]).unwrap();
			assert_noop!(
				Balancing::set_region_capacity(signed(NORTH_OP), bad, 100, 50, 0),
				Error::<Test>::BadRegion
			);
			assert_noop!(
				Balancing::set_region_capacity(RuntimeOrigin::root(), north(), 100, 50, 0),
				BadOrigin
			);
		});
	}
}

mod initiate_balancing_action {
	use super::*;

	#[test]
	fn opens_an_action_with_a_deadline() {
		test(|| {
			north_capacity();
			assert_ok!(initiate(IncreaseGeneration, 200_000, 5));
			let action = Balancing::action(0).unwrap();
			assert_eq!(action.action_type, IncreaseGeneration);
			assert_eq!(action.initiator, Some(NORTH_OP));
			assert!(!action.is_automatic());
			assert_eq!((action.created_at, action.deadline), (1, 1 + TIMEOUT));
			assert!(ExpiryQueue::<Test>::contains_key(1 + TIMEOUT, 0));
			assert_eq!(
				events().last(),
				Some(&Event::BalancingActionInitiated {
					action_id: 0,
					region: north(),
					action_type: IncreaseGeneration,
					target_kw: 200_000,
					priority: 5,
					automatic: false
				})
			);
		});
	}

	#[test]
	fn open_actions_are_ordered_by_priority_then_age() {
		test(|| {
			north_capacity();
			for (who, priority) in [(NORTH_OP, 3), (NORTH_OP2, 9), (NORTH_OP, 3), (NORTH_OP2, 1)]
				.into_iter()
				.chain([(NORTH_OP, 9)])
			{
				assert_ok!(Balancing::initiate_balancing_action(
					signed(who),
					north(),
					LoadShedding,
					10,
					priority
				));
			}
			assert_eq!(open_ids(), vec![1, 4, 0, 2, 3]);
		});
	}

	/// Each limit holds over the sum of the region's open actions of a kind: many small
	/// actions cannot together claim more than the figures allow.
	#[test]
	fn checks_the_region_constraints_over_the_open_actions() {
		test(|| {
			north_capacity();
			// Headroom: 1000 - 600 + 100 = 500 MW, for every open increase together.
			assert_ok!(initiate(IncreaseGeneration, 300_000, 1));
			assert_noop!(initiate(IncreaseGeneration, 200_001, 1), Error::<Test>::ExceedsHeadroom);
			assert_ok!(initiate(IncreaseGeneration, 200_000, 1));
			// No decrease beside the increases.
			assert_noop!(initiate(DecreaseGeneration, 1, 1), Error::<Test>::ConflictingAction);
			// Storage within the reserve.
			assert_ok!(initiate_as(NORTH_OP2, StorageDispatch, 60_000, 1));
			assert_noop!(
				initiate_as(NORTH_OP2, StorageDispatch, 40_001, 1),
				Error::<Test>::ExceedsReserve
			);
			// Shedding and demand response together within the fresh demand.
			MockLoad::set_demand("North", Some(750_000));
			assert_ok!(initiate_as(NORTH_OP2, LoadShedding, 500_000, 1));
			assert_noop!(
				initiate_as(NORTH_OP2, DemandResponse, 250_001, 1),
				Error::<Test>::ExceedsDemand
			);
			assert_ok!(initiate(DemandResponse, 250_000, 1));
		});
	}

	#[test]
	fn decreases_stay_within_generation_and_shedding_needs_a_fresh_demand() {
		test(|| {
			north_capacity();
			// Generation cannot go below zero, whatever the number of decreases.
			assert_ok!(initiate(DecreaseGeneration, 400_000, 1));
			assert_noop!(
				initiate(DecreaseGeneration, 200_001, 1),
				Error::<Test>::ExceedsGeneration
			);
			assert_ok!(initiate(DecreaseGeneration, 200_000, 1));
			assert_noop!(initiate(IncreaseGeneration, 1, 1), Error::<Test>::ConflictingAction);
			// No fresh load reading (none, or a stale one): nothing bounds shedding, so none.
			MockLoad::set_demand("North", None);
			assert_noop!(initiate(LoadShedding, 1, 1), Error::<Test>::UnknownDemand);
			assert_noop!(initiate(DemandResponse, 1, 1), Error::<Test>::UnknownDemand);
			assert_eq!(
				Balancing::respond(&north(), LoadShedding, 1, 1),
				Err(Error::<Test>::UnknownDemand.into())
			);
		});
	}

	#[test]
	fn generation_actions_need_known_figures() {
		test(|| {
			for action in [IncreaseGeneration, DecreaseGeneration, StorageDispatch] {
				assert_noop!(initiate(action, 1, 1), Error::<Test>::UnknownCapacity);
			}
			assert_ok!(initiate(DemandResponse, 1, 1));
		});
	}

	#[test]
	fn errors() {
		test(|| {
			north_capacity();
			assert_noop!(initiate(LoadShedding, 0, 1), Error::<Test>::ZeroTarget);
			assert_noop!(
				Balancing::initiate_balancing_action(signed(NO_CAP), north(), LoadShedding, 1, 1),
				Error::<Test>::NotAuthorized
			);
			assert_noop!(
				Balancing::initiate_balancing_action(signed(SOUTH_OP), north(), LoadShedding, 1, 1),
				Error::<Test>::WrongRegion
			);
			assert_eq!(Balancing::operator_action_limit(), MAX_OPEN - AUTOMATIC_PLACES);
			for _ in 0..PER_OPERATOR {
				assert_ok!(initiate(LoadShedding, 1, 1));
			}
			assert_noop!(initiate(LoadShedding, 1, 1), Error::<Test>::TooManyActionsOfOperator);
			for id in 0..PER_OPERATOR as u64 {
				assert_ok!(Balancing::cancel_balancing_action(signed(NORTH_OP), id));
			}
			fill_operator_places(LoadShedding, 1, 1);
			assert_noop!(
				initiate_as(NORTH_OP2, LoadShedding, 1, 1),
				Error::<Test>::TooManyOpenActions
			);
		});
	}

	/// The attack: one operator opens every action it may, to leave its peers no place.
	/// It holds at most `MaxActionsPerOperator`; a peer still opens one. (The peer cannot
	/// cancel the hoarder's actions: the admin can.)
	#[test]
	fn one_operator_cannot_take_every_place() {
		test(|| {
			north_capacity();
			assert!(PER_OPERATOR < Balancing::operator_action_limit());
			for _ in 0..PER_OPERATOR {
				assert_ok!(initiate(StorageDispatch, 1, 1));
			}
			assert_noop!(initiate(StorageDispatch, 1, 1), Error::<Test>::TooManyActionsOfOperator);
			assert_ok!(Balancing::initiate_balancing_action(
				signed(NORTH_OP2),
				north(),
				StorageDispatch,
				1,
				1
			));
			assert_noop!(
				Balancing::cancel_balancing_action(signed(NORTH_OP2), 0),
				Error::<Test>::NotInitiator
			);
			assert_ok!(Balancing::cancel_balancing_action(RuntimeOrigin::root(), 0));
			// Freed: the hoarder may open one again, within its bound.
			assert_ok!(initiate(StorageDispatch, 1, 1));
			assert_noop!(initiate(StorageDispatch, 1, 1), Error::<Test>::TooManyActionsOfOperator);
		});
	}
}

mod complete_and_cancel {
	use super::*;

	#[test]
	fn completing_an_increase_raises_generation_up_to_the_maximum() {
		test(|| {
			north_capacity();
			assert_ok!(initiate(IncreaseGeneration, 500_000, 1));
			assert_ok!(Balancing::complete_balancing_action(signed(NORTH_OP), 0, 450_000));
			let c = Balancing::region_capacity(&north()).unwrap();
			assert_eq!(c.current_generation_kw, 1_000_000, "capped at the maximum");
			assert_eq!(Balancing::action(0), None);
			assert!(open_ids().is_empty());
			assert_eq!(ExpiryQueue::<Test>::iter().count(), 0);
			assert_eq!(
				events().last(),
				Some(&Event::BalancingActionCompleted {
					action_id: 0,
					region: north(),
					delivered_kw: 450_000
				})
			);
		});
	}

	#[test]
	fn completing_a_decrease_lowers_generation() {
		test(|| {
			north_capacity();
			assert_ok!(initiate(DecreaseGeneration, 100_000, 1));
			assert_ok!(Balancing::complete_balancing_action(signed(NORTH_OP), 0, 80_000));
			assert_eq!(
				Balancing::region_capacity(&north()).unwrap().current_generation_kw,
				520_000
			);
		});
	}

	#[test]
	fn complete_errors() {
		test(|| {
			north_capacity();
			assert_noop!(
				Balancing::complete_balancing_action(signed(NORTH_OP), 0, 1),
				Error::<Test>::UnknownAction
			);
			assert_ok!(initiate(LoadShedding, 10, 1));
			assert_noop!(
				Balancing::complete_balancing_action(signed(NORTH_OP), 0, 11),
				Error::<Test>::DeliveredAboveTarget
			);
			assert_noop!(
				Balancing::complete_balancing_action(signed(STRANGER), 0, 1),
				Error::<Test>::NotAuthorized
			);
			assert_noop!(
				Balancing::complete_balancing_action(signed(SOUTH_OP), 0, 1),
				Error::<Test>::WrongRegion
			);
			// At the deadline (before the hook ran) it is expired already.
			System::set_block_number(1 + TIMEOUT);
			assert_noop!(
				Balancing::complete_balancing_action(signed(NORTH_OP), 0, 1),
				Error::<Test>::ActionExpired
			);
		});
	}

	#[test]
	fn cancel_by_initiator_or_admin() {
		test(|| {
			north_capacity();
			for _ in 0..2 {
				assert_ok!(initiate(LoadShedding, 10, 1));
			}
			assert_ok!(Balancing::cancel_balancing_action(signed(NORTH_OP), 0));
			assert_ok!(Balancing::cancel_balancing_action(RuntimeOrigin::root(), 1));
			assert!(open_ids().is_empty());
			assert!(events()
				.contains(&Event::BalancingActionCancelled { action_id: 1, region: north() }));
		});
	}

	/// The attack: an operator cancels its peer's actions (or completes them with nothing
	/// delivered) to take their places or their headroom. A peer closes an operator's action
	/// only once its initiator can no longer act itself; automatic actions any coordinator of
	/// the region completes.
	#[test]
	fn a_peer_closes_only_what_its_initiator_no_longer_answers_for() {
		test(|| {
			north_capacity();
			assert_ok!(initiate(IncreaseGeneration, 10_000, 1));
			assert_noop!(
				Balancing::cancel_balancing_action(signed(NORTH_OP2), 0),
				Error::<Test>::NotInitiator
			);
			assert_noop!(
				Balancing::complete_balancing_action(signed(NORTH_OP2), 0, 0),
				Error::<Test>::NotInitiator
			);
			// The initiator loses the capability: its peer takes the action over.
			MockOperators::add(NORTH_OP, "North", Capabilities::default());
			assert_ok!(Balancing::cancel_balancing_action(signed(NORTH_OP2), 0));
			// The initiator moves away: the same.
			let caps = Capabilities::default().with(Capability::CoordinateBalancing);
			MockOperators::add(NORTH_OP, "North", caps);
			assert_ok!(initiate(IncreaseGeneration, 10_000, 1));
			MockOperators::add(NORTH_OP, "South", caps);
			assert_ok!(Balancing::complete_balancing_action(signed(NORTH_OP2), 1, 10_000));
			// An automatic action: any coordinator of the region completes it.
			let automatic = Balancing::respond(&north(), LoadShedding, 10, 1).unwrap();
			assert_ok!(Balancing::complete_balancing_action(signed(NORTH_OP2), automatic, 10));
		});
	}

	/// The attack: an operator opens an action, is suspended, and completes it anyway with
	/// whatever delivery it likes (or cancels it). Having opened it is no power of its own.
	#[test]
	fn a_suspended_initiator_closes_nothing() {
		test(|| {
			north_capacity();
			assert_ok!(initiate(IncreaseGeneration, 10_000, 1));
			MockOperators::suspend(NORTH_OP);
			assert_noop!(
				Balancing::complete_balancing_action(signed(NORTH_OP), 0, 10_000),
				Error::<Test>::NotAuthorized
			);
			assert_noop!(
				Balancing::cancel_balancing_action(signed(NORTH_OP), 0),
				Error::<Test>::NotAuthorized
			);
			// The region's other coordinator still can.
			assert_ok!(Balancing::complete_balancing_action(signed(NORTH_OP2), 0, 10_000));
			assert_eq!(
				Balancing::region_capacity(&north()).unwrap().current_generation_kw,
				610_000
			);
		});
	}

	#[test]
	fn cancel_errors() {
		test(|| {
			assert_noop!(
				Balancing::cancel_balancing_action(RuntimeOrigin::root(), 0),
				Error::<Test>::UnknownAction
			);
			assert_ok!(initiate(LoadShedding, 10, 1));
			assert_noop!(
				Balancing::cancel_balancing_action(signed(STRANGER), 0),
				Error::<Test>::NotAuthorized
			);
			assert_noop!(
				Balancing::cancel_balancing_action(signed(SOUTH_OP), 0),
				Error::<Test>::WrongRegion
			);
			assert_noop!(Balancing::cancel_balancing_action(RuntimeOrigin::none(), 0), BadOrigin);
		});
	}
}

mod expiry {
	use super::*;

	fn expired() -> Vec<ActionId> {
		events()
			.into_iter()
			.filter_map(|e| match e {
				Event::BalancingActionExpired { action_id, .. } => Some(action_id),
				_ => None,
			})
			.collect()
	}

	#[test]
	fn many_actions_due_in_one_block_expire_at_exactly_the_deadline() {
		test(|| {
			assert_eq!(MAX_EXPIRIES, Balancing::operator_action_limit());
			fill_operator_places(LoadShedding, 10, 1);
			run_to_block(TIMEOUT);
			assert!(expired().is_empty(), "open through the block before the deadline");
			assert_eq!(open_ids().len(), MAX_EXPIRIES as usize);
			run_to_block(1 + TIMEOUT);
			let mut all = expired();
			all.sort();
			assert_eq!(all, (0..MAX_EXPIRIES as u64).collect::<Vec<_>>());
			assert!(open_ids().is_empty());
			assert_eq!(Actions::<Test>::iter().count(), 0);
		});
	}

	#[test]
	fn more_than_the_budget_expire_over_the_next_blocks() {
		test(|| {
			fill_operator_places(LoadShedding, 10, 1);
			for _ in Balancing::operator_action_limit()..MAX_OPEN {
				assert_ok!(Balancing::respond(&north(), LoadShedding, 10, 1));
			}
			run_to_block(1 + TIMEOUT);
			assert_eq!(expired().len(), MAX_EXPIRIES as usize);
			run_to_block(2 + TIMEOUT);
			assert_eq!(expired().len(), MAX_OPEN as usize);
			assert!(open_ids().is_empty());
		});
	}

	#[test]
	fn completed_and_cancelled_actions_do_not_expire() {
		test(|| {
			for _ in 0..2 {
				assert_ok!(initiate(LoadShedding, 10, 1));
			}
			assert_ok!(Balancing::complete_balancing_action(signed(NORTH_OP), 0, 10));
			assert_ok!(Balancing::cancel_balancing_action(signed(NORTH_OP), 1));
			run_to_block(2 + TIMEOUT);
			assert!(expired().is_empty());
		});
	}

	#[test]
	fn the_hook_does_bounded_work_on_an_idle_chain() {
		test(|| {
			let weight = Balancing::on_initialize(1);
			assert_eq!(weight, <() as WeightInfo>::on_initialize(0, 1));
			assert_eq!(ExpiryCursor::<Test>::get(), 2);
		});
	}
}

mod automation {
	use super::*;
	use grid_primitives::{LoadStatus, OnLoadStatusChange, StabilityResponder};

	/// Pallet-load telling balancing that North's status went `from` → `to` at this load.
	fn north_status(from: LoadStatus, to: LoadStatus, capacity_kw: u64, demand_kw: u64) {
		Balancing::on_load_status_change(&north(), from, to, capacity_kw, demand_kw)
	}

	#[test]
	fn a_critical_region_with_headroom_gets_more_generation() {
		test(|| {
			north_capacity();
			// 1000 MW load capacity, 960 MW demand: under 80 % means at most 799.999 MW.
			north_status(LoadStatus::High, LoadStatus::Critical, 1_000_000, 960_000);
			let (_, action) = &Balancing::open_actions(&north())[0];
			assert_eq!(action.action_type, IncreaseGeneration);
			assert_eq!(action.target_kw, 160_001);
			assert!(action.is_automatic());
			assert_eq!(action.priority, CRITICAL_LOAD_PRIORITY);
			assert!(events().contains(&Event::BalancingActionInitiated {
				action_id: 0,
				region: north(),
				action_type: IncreaseGeneration,
				target_kw: 160_001,
				priority: CRITICAL_LOAD_PRIORITY,
				automatic: true
			}));
		});
	}

	#[test]
	fn without_headroom_it_sheds_load() {
		test(|| {
			assert_ok!(Balancing::set_region_capacity(
				signed(NORTH_OP),
				north(),
				1_000_000,
				990_000,
				0
			));
			north_status(LoadStatus::Normal, LoadStatus::Critical, 1_000_000, 960_000);
			assert_eq!(Balancing::open_actions(&north())[0].1.action_type, LoadShedding);
		});
	}

	#[test]
	fn without_figures_it_sheds_and_nothing_for_other_statuses() {
		test(|| {
			north_status(LoadStatus::High, LoadStatus::Critical, 1_000, 960);
			// No generation figures: shedding, bounded by the fresh demand, needs none.
			assert_eq!(
				Balancing::open_actions(&north())
					.into_iter()
					.map(|(_, a)| (a.action_type, a.target_kw))
					.collect::<Vec<_>>(),
				vec![(LoadShedding, 161)]
			);
			// Without a fresh demand either, nothing: and not silently.
			MockLoad::set_demand("North", None);
			north_status(LoadStatus::High, LoadStatus::Critical, 1_000, 960);
			assert_eq!(
				events().last(),
				Some(&Event::CriticalLoadUnanswered {
					region: north(),
					excess_kw: 161,
					reason: DispatchError::from(Error::<Test>::UnknownDemand).stripped(),
				})
			);
			MockLoad::set_demand("North", Some(NORTH_DEMAND));
			assert_ok!(Balancing::cancel_balancing_action(RuntimeOrigin::root(), 0));
			north_capacity();
			north_status(LoadStatus::Normal, LoadStatus::High, 1_000, 850);
			north_status(LoadStatus::Critical, LoadStatus::Normal, 1_000, 500);
			assert!(open_ids().is_empty());
		});
	}

	/// The attack: the region's operator fills every place it may, and stability rules fill
	/// the rest with low-priority actions; then the load turns critical. The critical action
	/// still opens (evicting the least urgent automatic one), and when nothing less urgent is
	/// left the refusal is an event, not silence.
	#[test]
	fn operators_and_rules_cannot_crowd_out_a_critical_load() {
		test(|| {
			north_capacity();
			fill_operator_places(LoadShedding, 1, 200);
			assert_noop!(
				initiate_as(NORTH_OP2, LoadShedding, 1, 1),
				Error::<Test>::TooManyOpenActions
			);
			let rules: Vec<_> = (0..AUTOMATIC_PLACES)
				.map(|p| Balancing::respond(&north(), LoadShedding, 1, p as u8).unwrap())
				.collect();
			assert_eq!(open_ids().len() as u32, MAX_OPEN);
			// A rule as urgent as the least urgent automatic action finds no room.
			assert_eq!(
				Balancing::respond(&north(), LoadShedding, 1, 0),
				Err(Error::<Test>::TooManyOpenActions.into())
			);

			let critical = |demand_kw| {
				north_status(LoadStatus::High, LoadStatus::Critical, 1_000_000, demand_kw)
			};
			critical(960_000);
			let evicted = rules[0];
			assert_eq!(Balancing::action(evicted), None);
			assert!(events().contains(&Event::BalancingActionEvicted {
				action_id: evicted,
				region: north(),
				by: evicted + AUTOMATIC_PLACES as u64,
			}));
			assert_eq!(open_ids().len() as u32, MAX_OPEN);
			assert_eq!(Balancing::open_actions(&north())[0].1.priority, CRITICAL_LOAD_PRIORITY);
			assert_eq!(Balancing::open_actions(&north())[0].1.target_kw, 160_001);
			assert_eq!(ExpiryQueue::<Test>::iter().count() as u32, MAX_OPEN);

			// The operators' actions were never touched.
			let by_operators =
				Balancing::open_actions(&north()).iter().filter(|(_, a)| !a.is_automatic()).count();
			assert_eq!(by_operators as u32, Balancing::operator_action_limit());
		});
	}

	/// The attack: a load reporter flaps its region in and out of critical. Each turn
	/// used to open another critical action (priority 255, which nothing evicts) until the
	/// list was full. Now each turn replaces the region's one critical-load action, sized
	/// to the latest excess.
	#[test]
	fn a_flapping_critical_load_holds_one_action() {
		test(|| {
			north_capacity();
			let status = |to, demand_kw| north_status(LoadStatus::Normal, to, 1_000_000, demand_kw);
			for round in 0..(2 * MAX_OPEN as u64) {
				status(LoadStatus::Critical, 900_000 + round);
				status(LoadStatus::Normal, 500_000);
			}
			let open = Balancing::open_actions(&north());
			assert_eq!(open.len(), 1);
			assert_eq!(open[0].1.target_kw, 100_001 + 2 * MAX_OPEN as u64 - 1);
			assert_eq!(CriticalLoadActions::<Test>::get(north()), Some(open[0].0));
			assert_eq!(ExpiryQueue::<Test>::iter().count(), 1);
			// Operators still have every place of theirs.
			fill_operator_places(StorageDispatch, 1, 1);
		});
	}

	/// The attack: an operator completes a critical load's automatic action at once (with
	/// 0 delivered, which closes it as a cancel would) while the load stays critical. The
	/// next reading that finds the region critical opens a new one; while one is open, more
	/// critical readings open nothing more.
	#[test]
	fn a_region_critical_still_is_answered_again_once_its_action_closed() {
		test(|| {
			north_capacity();
			let still = |demand_kw| Balancing::on_still_critical(&north(), 1_000_000, demand_kw);
			north_status(LoadStatus::High, LoadStatus::Critical, 1_000_000, 960_000);
			let first = CriticalLoadActions::<Test>::get(north()).unwrap();
			still(970_000);
			assert_eq!(Balancing::open_actions(&north()).len(), 1, "one is open: no second");
			assert_ok!(Balancing::complete_balancing_action(signed(NORTH_OP), first, 0));
			assert!(Balancing::open_actions(&north()).is_empty());
			still(970_000);
			let open = Balancing::open_actions(&north());
			assert_eq!(open.len(), 1);
			let (second, action) = &open[0];
			assert_ne!(*second, first);
			assert!(action.is_automatic());
			assert_eq!(action.target_kw, 170_001);
			assert_eq!(CriticalLoadActions::<Test>::get(north()), Some(*second));
			// The same once it expires.
			run_to_block(1 + TIMEOUT);
			assert!(Balancing::open_actions(&north()).is_empty());
			still(965_000);
			assert_eq!(Balancing::open_actions(&north()).len(), 1);
			assert_ok!(Balancing::do_try_state());
		});
	}

	/// The attack: an operator opens a small decrease of generation so that no increase may
	/// open beside it. A critical load then sheds load instead.
	#[test]
	fn a_critical_load_sheds_when_an_increase_is_refused() {
		test(|| {
			north_capacity();
			assert_ok!(initiate(DecreaseGeneration, 1, 1));
			north_status(LoadStatus::High, LoadStatus::Critical, 1_000_000, 960_000);
			let automatic: Vec<_> = Balancing::open_actions(&north())
				.into_iter()
				.filter(|(_, a)| a.is_automatic())
				.map(|(_, a)| (a.action_type, a.target_kw))
				.collect();
			assert_eq!(automatic, vec![(LoadShedding, 160_001)]);
		});
	}

	/// Every automatic place taken by actions as urgent as a critical load's: the critical
	/// load finds no place and says so.
	#[test]
	fn a_critical_load_without_a_place_is_refused_loudly() {
		test(|| {
			north_capacity();
			for _ in 0..AUTOMATIC_PLACES {
				assert_ok!(Balancing::respond(
					&north(),
					StorageDispatch,
					1,
					CRITICAL_LOAD_PRIORITY
				));
			}
			north_status(LoadStatus::High, LoadStatus::Critical, 1_000_000, 960_000);
			assert_eq!(
				events().last(),
				Some(&Event::CriticalLoadUnanswered {
					region: north(),
					excess_kw: 160_001,
					reason: DispatchError::from(Error::<Test>::TooManyOpenActions).stripped(),
				})
			);
			assert_eq!(open_ids().len() as u32, AUTOMATIC_PLACES);
		});
	}

	/// The attack: the stability rules (or a flapping region) ask for more actions than
	/// there are automatic places, to leave operators none. Automatic actions take only
	/// their own places: the surplus is refused (loudly, by the caller's event) and the
	/// operators' places stay free.
	#[test]
	fn automation_cannot_crowd_out_operators() {
		test(|| {
			north_capacity();
			for _ in 0..AUTOMATIC_PLACES {
				assert_ok!(Balancing::respond(&north(), StorageDispatch, 1, 7));
			}
			for _ in AUTOMATIC_PLACES..MAX_OPEN {
				assert_eq!(
					Balancing::respond(&north(), StorageDispatch, 1, 7),
					Err(Error::<Test>::TooManyOpenActions.into())
				);
			}
			fill_operator_places(StorageDispatch, 1, 1);
			assert_eq!(open_ids().len() as u32, MAX_OPEN);
		});
	}

	/// What the runtime opened for the grid's safety, an operator cannot call off: only the
	/// admin. (It may still complete it, having carried it out.)
	#[test]
	fn an_operator_cannot_cancel_an_automatic_action() {
		test(|| {
			north_capacity();
			let id = Balancing::respond(&north(), LoadShedding, 10, 1).unwrap();
			assert_noop!(
				Balancing::cancel_balancing_action(signed(NORTH_OP), id),
				Error::<Test>::NotAuthorized
			);
			assert_ok!(Balancing::cancel_balancing_action(RuntimeOrigin::root(), id));
		});
	}

	/// try_state sees each class outside its places, and an operator beyond its bound.
	#[test]
	fn try_state_catches_actions_outside_their_places() {
		let full_list = || {
			north_capacity();
			fill_operator_places(LoadShedding, 1, 1);
			for _ in 0..AUTOMATIC_PLACES {
				assert_ok!(Balancing::respond(&north(), LoadShedding, 1, 1));
			}
			assert_ok!(Balancing::do_try_state());
		};
		let set_initiator = |id: ActionId, who: Option<u64>| {
			Actions::<Test>::mutate(id, |a| a.as_mut().unwrap().initiator = who)
		};
		let automatic = Balancing::operator_action_limit() as ActionId;
		// An operator (holding fewer than its bound) in an automatic place.
		new_test_ext().execute_with(|| {
			full_list();
			set_initiator(automatic, Some(NORTH_OP2));
			assert!(Balancing::do_try_state().is_err());
		});
		// An automatic action in an operator's place.
		new_test_ext().execute_with(|| {
			full_list();
			set_initiator(1, None);
			set_initiator(automatic, Some(NORTH_OP2));
			assert_ok!(Balancing::do_try_state());
			set_initiator(automatic, None);
			assert!(Balancing::do_try_state().is_err());
		});
		// An operator beyond its bound.
		new_test_ext().execute_with(|| {
			full_list();
			set_initiator(1, Some(NORTH_OP));
			assert!(Balancing::do_try_state().is_err());
		});
	}

	#[test]
	fn a_stability_rule_opens_what_it_asks_for() {
		test(|| {
			north_capacity();
			assert_eq!(Balancing::respond(&north(), StorageDispatch, 50_000, 7), Ok(0));
			let action = Balancing::action(0).unwrap();
			assert_eq!(
				(action.action_type, action.target_kw, action.priority),
				(StorageDispatch, 50_000, 7)
			);
			assert!(action.is_automatic());
			assert_eq!(
				Balancing::respond(&north(), StorageDispatch, 200_000, 7),
				Err(Error::<Test>::ExceedsReserve.into())
			);
		});
	}
}

#[test]
fn integrity_test_passes() {
	<Balancing as Hooks<u64>>::integrity_test();
}

#[test]
fn try_state_catches_an_unqueued_action() {
	new_test_ext().execute_with(|| {
		assert_ok!(initiate(LoadShedding, 10, 1));
		assert_ok!(Balancing::do_try_state());
		ExpiryQueue::<Test>::remove(1 + TIMEOUT, 0);
		assert!(Balancing::do_try_state().is_err());
	});
}

/// An operator answers for the actions it opened until they close; another operator's, or
/// the runtime's, are not its own.
#[test]
fn an_initiator_has_commitments_until_its_actions_close() {
	use grid_primitives::OperatorCommitments;
	test(|| {
		north_capacity();
		assert!(!Balancing::has_commitments(&NORTH_OP, &north()));
		assert_ok!(initiate(LoadShedding, 10, 1));
		assert!(Balancing::has_commitments(&NORTH_OP, &north()));
		assert!(!Balancing::has_commitments(&NORTH_OP2, &north()));
		assert!(!Balancing::has_commitments(&NORTH_OP, &RegionId::try_from("South").unwrap()));
		assert_ok!(Balancing::cancel_balancing_action(signed(NORTH_OP), 0));
		assert!(!Balancing::has_commitments(&NORTH_OP, &north()));
	});
}

/// The benchmarks' worst case for `Commitments` is a list the pallet could hold: full, each
/// class within its places and each operator within its bound.
#[cfg(feature = "runtime-benchmarks")]
#[test]
fn the_commitments_worst_case_is_a_reachable_full_list() {
	use grid_primitives::OperatorCommitments;
	test(|| {
		Balancing::worst_case(&NORTH_OP, &north());
		assert_eq!(open_ids().len() as u32, MAX_OPEN);
		assert!(!Balancing::has_commitments(&NORTH_OP, &north()));
	});
}

/// Version 0 let automatic actions take any free place and one operator hold every
/// operators' place. The migration cancels what version 1 would not have let open: the least
/// urgent automatic actions beyond `AutomaticPlaces`, each operator's newest beyond its
/// bound. It runs once.
#[test]
fn the_v1_migration_keeps_each_class_to_its_places() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	test(|| {
		north_capacity();
		fill_operator_places(LoadShedding, 1, 1);
		for _ in 0..AUTOMATIC_PLACES {
			assert_ok!(Balancing::respond(&north(), LoadShedding, 1, 1));
		}
		assert_eq!(open_ids(), (0..MAX_OPEN as u64).collect::<Vec<_>>());
		// As version 0 could have left them: North's first coordinator holds 0, 1, 2 and 4;
		// 3 is automatic, beside 5, 6 and 7.
		let set_initiator = |id: ActionId, who: Option<u64>| {
			Actions::<Test>::mutate(id, |a| a.as_mut().unwrap().initiator = who)
		};
		set_initiator(1, Some(NORTH_OP));
		set_initiator(3, None);
		assert!(Balancing::do_try_state().is_err());
		StorageVersion::new(0).put::<Balancing>();
		System::reset_events();

		crate::migrations::v1::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Balancing::on_chain_storage_version(), StorageVersion::new(1));
		assert_eq!(open_ids(), vec![0, 1, 2, 3, 5, 6]);
		assert_eq!(
			events(),
			vec![
				Event::BalancingActionCancelled { action_id: 4, region: north() },
				Event::BalancingActionCancelled { action_id: 7, region: north() },
			]
		);
		assert_ok!(Balancing::do_try_state());

		// At version 1 it does nothing, whatever is stored.
		set_initiator(3, Some(NORTH_OP));
		crate::migrations::v1::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(open_ids(), vec![0, 1, 2, 3, 5, 6]);
		set_initiator(3, None);
	});
}
