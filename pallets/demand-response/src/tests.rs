//! Every call's success path and each of its errors (state unchanged, by `assert_noop!`),
//! a program's full life with balances that add up to the budget exactly, and emergency
//! programs starting early.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect, InspectHold, Mutate},
		Hooks,
	},
};
use grid_primitives::OnEmergencyChange;
use sp_runtime::{traits::BadOrigin, BoundedVec};

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn name(s: &str) -> ProgramName<Test> {
	BoundedVec::try_from(s.as_bytes().to_vec()).unwrap()
}

fn held(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::ProgramBudget.into(), &who)
}

fn free(who: u64) -> Balance {
	Balances::balance(&who)
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::DemandResponse(e) = r.event { Some(e) } else { None })
		.collect()
}

/// The seed's example in kW: "Peak Shaving", type 1, North, 200 MW, rate 10, 1000 blocks,
/// starting next block. Budget 2_000_000; OPERATOR is given enough for it.
fn peak_shaving() -> ProgramId {
	assert_ok!(Balances::mint_into(&OPERATOR, 2_000_000));
	create(ProgramType::PeakShaving, 200_000, 10, 1_000, None)
}

fn create(
	program_type: ProgramType,
	target_kw: u64,
	rate: Balance,
	duration: u64,
	starts_at: Option<u64>,
) -> ProgramId {
	let id = NextProgramId::<Test>::get();
	assert_ok!(DemandResponse::create_demand_program(
		signed(OPERATOR),
		name("Peak Shaving"),
		program_type,
		region("North"),
		target_kw,
		rate,
		duration,
		starts_at
	));
	id
}

mod create_demand_program {
	use super::*;

	#[test]
	fn holds_the_whole_budget() {
		test(|| {
			let before = free(OPERATOR);
			let id = create(ProgramType::PeakShaving, 1_000, 10, 100, None);
			let program = DemandResponse::program(id).unwrap();
			assert_eq!(program.budget, 10_000);
			assert_eq!((program.starts_at, program.ends_at), (2, 102));
			assert_eq!(held(OPERATOR), 10_000);
			assert_eq!(free(OPERATOR), before - 10_000);
			assert_eq!(
				events(),
				vec![Event::ProgramCreated {
					program_id: 0,
					creator: OPERATOR,
					region: region("North"),
					program_type: ProgramType::PeakShaving,
					target_reduction_kw: 1_000,
					incentive_rate: 10,
					budget: 10_000,
					starts_at: 2,
					ends_at: 102,
				}]
			);
		});
	}

	#[test]
	fn the_seed_example_in_kw() {
		test(|| {
			let id = peak_shaving();
			let program = DemandResponse::program(id).unwrap();
			assert_eq!(program.target_reduction_kw, 200_000);
			assert_eq!(program.budget, 2_000_000);
			assert_eq!(program.ends_at - program.starts_at, 1_000);
		});
	}

	#[test]
	fn errors() {
		test(|| {
			let create = |who, r: &str, n: &str, target, rate, duration, start| {
				DemandResponse::create_demand_program(
					signed(who),
					name(n),
					ProgramType::PeakShaving,
					region(r),
					target,
					rate,
					duration,
					start,
				)
			};
			assert_noop!(create(NO_CAP, "North", "P", 1, 1, 1, None), Error::<Test>::NotAuthorized);
			assert_noop!(create(ALICE, "North", "P", 1, 1, 1, None), Error::<Test>::NotAuthorized);
			assert_noop!(create(OPERATOR, "South", "P", 1, 1, 1, None), Error::<Test>::WrongRegion);
			assert_noop!(create(OPERATOR, "North", "", 1, 1, 1, None), Error::<Test>::BadName);
			assert_noop!(create(OPERATOR, "North", "P", 0, 1, 1, None), Error::<Test>::ZeroTarget);
			assert_noop!(create(OPERATOR, "North", "P", 1, 0, 1, None), Error::<Test>::ZeroRate);
			assert_noop!(
				create(OPERATOR, "North", "P", 1, 1, 0, None),
				Error::<Test>::ZeroDuration
			);
			System::set_block_number(5);
			assert_noop!(
				create(OPERATOR, "North", "P", 1, 1, 1, Some(4)),
				Error::<Test>::StartInPast
			);
			assert_noop!(
				create(OPERATOR, "North", "P", u64::MAX, Balance::MAX, 1, None),
				Error::<Test>::BudgetOverflow
			);
			assert_noop!(
				create(POOR_OP, "North", "P", 1_000, 1, 1, None),
				Error::<Test>::InsufficientFunds
			);
			let bad: RegionId =
				codec::Decode::decode(&mut &codec::Encode::encode(&b"a b".to_vec())[..]).unwrap();
			assert_noop!(
				DemandResponse::create_demand_program(
					signed(OPERATOR),
					name("P"),
					ProgramType::PeakShaving,
					bad,
					1,
					1,
					1,
					None
				),
				Error::<Test>::BadRegion
			);
			assert_noop!(
				DemandResponse::create_demand_program(
					RuntimeOrigin::root(),
					name("P"),
					ProgramType::PeakShaving,
					region("North"),
					1,
					1,
					1,
					None
				),
				BadOrigin
			);
		});
	}

	#[test]
	fn too_many_standby_emergency_programs() {
		test(|| {
			for _ in 0..MAX_STANDBY {
				create(ProgramType::EmergencyResponse, 10, 1, 10, Some(100));
			}
			assert_noop!(
				DemandResponse::create_demand_program(
					signed(OPERATOR),
					name("E"),
					ProgramType::EmergencyResponse,
					region("North"),
					10,
					1,
					10,
					Some(100)
				),
				Error::<Test>::TooManyStandbyPrograms
			);
		});
	}
}

mod join_program {
	use super::*;

	#[test]
	fn records_the_commitment() {
		test(|| {
			let id = create(ProgramType::LoadShifting, 1_000, 1, 10, None);
			assert_ok!(DemandResponse::join_program(signed(ALICE), id, 600));
			let program = DemandResponse::program(id).unwrap();
			assert_eq!((program.participants, program.committed_kw), (1, 600));
			assert_eq!(
				DemandResponse::participants(id),
				vec![(ALICE, Participation { committed_kw: 600, delivered_kw: None })]
			);
			assert_eq!(
				events().last(),
				Some(&Event::ParticipantJoined {
					program_id: id,
					participant: ALICE,
					committed_kw: 600
				})
			);
			// While it runs too.
			System::set_block_number(5);
			assert_ok!(DemandResponse::join_program(signed(BOB), id, 400));
		});
	}

	#[test]
	fn errors() {
		test(|| {
			assert_noop!(
				DemandResponse::join_program(signed(ALICE), 9, 1),
				Error::<Test>::UnknownProgram
			);
			let id = create(ProgramType::PeakShaving, 1_000, 1, 10, None);
			assert_noop!(
				DemandResponse::join_program(signed(ALICE), id, 0),
				Error::<Test>::ZeroCommitment
			);
			assert_noop!(
				DemandResponse::join_program(signed(OPERATOR), id, 1),
				Error::<Test>::CreatorCannotJoin
			);
			assert_noop!(
				DemandResponse::join_program(signed(ALICE), id, 1_001),
				Error::<Test>::ExceedsTarget
			);
			assert_ok!(DemandResponse::join_program(signed(ALICE), id, 1));
			assert_noop!(
				DemandResponse::join_program(signed(ALICE), id, 1),
				Error::<Test>::AlreadyJoined
			);
			assert_ok!(DemandResponse::join_program(signed(BOB), id, 1));
			assert_ok!(DemandResponse::join_program(signed(CHARLIE), id, 1));
			assert_noop!(
				DemandResponse::join_program(signed(DAVE), id, 1),
				Error::<Test>::ProgramFull
			);
			System::set_block_number(12);
			let other = create(ProgramType::PeakShaving, 1_000, 1, 10, Some(12));
			System::set_block_number(22);
			assert_noop!(
				DemandResponse::join_program(signed(DAVE), other, 1),
				Error::<Test>::ProgramEnded
			);
			assert_noop!(DemandResponse::join_program(RuntimeOrigin::none(), other, 1), BadOrigin);
		});
	}
}

mod report_reduction {
	use super::*;

	#[test]
	fn the_operator_meters_while_the_program_runs() {
		test(|| {
			let id = create(ProgramType::PeakShaving, 1_000, 1, 10, None);
			assert_ok!(DemandResponse::join_program(signed(ALICE), id, 500));
			System::set_block_number(2);
			assert_ok!(DemandResponse::report_reduction(signed(OPERATOR), id, ALICE, 300));
			assert_ok!(DemandResponse::report_reduction(signed(OPERATOR), id, ALICE, 450));
			assert_eq!(DemandResponse::participants(id)[0].1.delivered_kw, Some(450));
			assert_eq!(DemandResponse::pending_reward(id, &ALICE), 450);
			assert_eq!(
				events().last(),
				Some(&Event::ReductionReported {
					program_id: id,
					participant: ALICE,
					actual_kw: 450
				})
			);
		});
	}

	#[test]
	fn a_participant_cannot_report_for_itself() {
		test(|| {
			let id = create(ProgramType::PeakShaving, 1_000, 1, 10, None);
			assert_ok!(DemandResponse::join_program(signed(ALICE), id, 500));
			System::set_block_number(2);
			assert_noop!(
				DemandResponse::report_reduction(signed(ALICE), id, ALICE, 500),
				Error::<Test>::NotProgramOperator
			);
			assert_noop!(
				DemandResponse::report_reduction(signed(SOUTH_OP), id, ALICE, 500),
				Error::<Test>::NotProgramOperator
			);
		});
	}

	#[test]
	fn errors() {
		test(|| {
			assert_noop!(
				DemandResponse::report_reduction(signed(OPERATOR), 0, ALICE, 1),
				Error::<Test>::UnknownProgram
			);
			let id = create(ProgramType::PeakShaving, 1_000, 1, 10, None);
			assert_ok!(DemandResponse::join_program(signed(ALICE), id, 500));
			assert_noop!(
				DemandResponse::report_reduction(signed(OPERATOR), id, ALICE, 1),
				Error::<Test>::ProgramNotActive
			);
			System::set_block_number(2);
			assert_noop!(
				DemandResponse::report_reduction(signed(OPERATOR), id, BOB, 1),
				Error::<Test>::NotParticipant
			);
			System::set_block_number(12);
			assert_noop!(
				DemandResponse::report_reduction(signed(OPERATOR), id, ALICE, 1),
				Error::<Test>::ProgramNotActive
			);
		});
	}
}

mod settle_program {
	use super::*;

	#[test]
	fn a_full_life_pays_exactly_the_budget() {
		test(|| {
			// Target 1_000 kW at 7 per kW: budget 7_000.
			let id = create(ProgramType::PeakShaving, 1_000, 7, 10, None);
			let operator_before = free(OPERATOR) + held(OPERATOR);
			assert_ok!(DemandResponse::join_program(signed(ALICE), id, 400));
			assert_ok!(DemandResponse::join_program(signed(BOB), id, 300));
			assert_ok!(DemandResponse::join_program(signed(CHARLIE), id, 200));
			let (alice, bob, charlie) = (free(ALICE), free(BOB), free(CHARLIE));
			System::set_block_number(5);
			// Alice over-delivers (capped at 400), Bob under-delivers (paid for 150),
			// Charlie is never metered.
			assert_ok!(DemandResponse::report_reduction(signed(OPERATOR), id, ALICE, 900));
			assert_ok!(DemandResponse::report_reduction(signed(OPERATOR), id, BOB, 150));
			System::set_block_number(12);
			assert_ok!(DemandResponse::settle_program(signed(DAVE), id));

			assert_eq!(free(ALICE), alice + 400 * 7);
			assert_eq!(free(BOB), bob + 150 * 7);
			assert_eq!(free(CHARLIE), charlie);
			let paid = 400 * 7 + 150 * 7;
			assert_eq!(held(OPERATOR), 0);
			assert_eq!(free(OPERATOR), operator_before - paid, "the rest came back");
			assert!(events().contains(&Event::RewardPaid {
				program_id: id,
				participant: ALICE,
				amount: 2_800
			}));
			assert_eq!(
				events().last(),
				Some(&Event::ProgramSettled { program_id: id, paid, released: 7_000 - paid })
			);
			assert_eq!(DemandResponse::program(id), None);
			assert!(DemandResponse::participants(id).is_empty());
		});
	}

	#[test]
	fn a_reward_that_cannot_be_received_returns_to_the_creator() {
		test(|| {
			// NEWCOMER's reward (5) is below the existential deposit.
			let id = create(ProgramType::PeakShaving, 100, 1, 10, None);
			assert_ok!(DemandResponse::join_program(signed(NEWCOMER), id, 5));
			System::set_block_number(5);
			assert_ok!(DemandResponse::report_reduction(signed(OPERATOR), id, NEWCOMER, 5));
			let operator_before = free(OPERATOR) + held(OPERATOR);
			System::set_block_number(12);
			assert_ok!(DemandResponse::settle_program(signed(ALICE), id));
			assert_eq!(free(NEWCOMER), 0);
			assert_eq!(free(OPERATOR), operator_before);
			assert!(events().contains(&Event::RewardUnpaid {
				program_id: id,
				participant: NEWCOMER,
				amount: 5
			}));
		});
	}

	#[test]
	fn errors() {
		test(|| {
			assert_noop!(
				DemandResponse::settle_program(signed(ALICE), 0),
				Error::<Test>::UnknownProgram
			);
			let id = create(ProgramType::PeakShaving, 100, 1, 10, None);
			System::set_block_number(11);
			assert_noop!(
				DemandResponse::settle_program(signed(ALICE), id),
				Error::<Test>::ProgramNotEnded
			);
			assert_noop!(DemandResponse::settle_program(RuntimeOrigin::root(), id), BadOrigin);
		});
	}
}

mod cancel_program {
	use super::*;

	#[test]
	fn before_it_starts_the_whole_budget_comes_back() {
		test(|| {
			let before = free(OPERATOR);
			let id = create(ProgramType::PeakShaving, 1_000, 3, 10, Some(50));
			assert_ok!(DemandResponse::join_program(signed(ALICE), id, 10));
			assert_ok!(DemandResponse::join_program(signed(BOB), id, 10));
			assert_ok!(DemandResponse::cancel_program(signed(OPERATOR), id));
			assert_eq!(free(OPERATOR), before);
			assert_eq!(held(OPERATOR), 0);
			let Some(Event::ProgramCancelled { program_id, released, mut participants }) =
				events().pop()
			else {
				panic!("cancelled")
			};
			participants.sort();
			assert_eq!((program_id, released, participants), (id, 3_000, vec![ALICE, BOB]));
			assert_eq!(DemandResponse::program(id), None);
		});
	}

	#[test]
	fn errors() {
		test(|| {
			assert_noop!(
				DemandResponse::cancel_program(signed(OPERATOR), 0),
				Error::<Test>::UnknownProgram
			);
			let id = create(ProgramType::PeakShaving, 1_000, 3, 10, None);
			assert_noop!(
				DemandResponse::cancel_program(signed(ALICE), id),
				Error::<Test>::NotProgramOperator
			);
			System::set_block_number(2);
			assert_noop!(
				DemandResponse::cancel_program(signed(OPERATOR), id),
				Error::<Test>::ProgramStarted
			);
		});
	}
}

mod emergency {
	use super::*;

	#[test]
	fn a_regional_emergency_starts_waiting_emergency_programs() {
		test(|| {
			let emergency = create(ProgramType::EmergencyResponse, 100, 1, 20, Some(500));
			let peak = create(ProgramType::PeakShaving, 100, 1, 20, Some(500));
			System::set_block_number(7);
			DemandResponse::on_emergency_entered(&region("South"));
			assert_eq!(
				DemandResponse::program(emergency).unwrap().starts_at,
				500,
				"another region"
			);
			DemandResponse::on_emergency_entered(&region("North"));
			let program = DemandResponse::program(emergency).unwrap();
			assert_eq!((program.starts_at, program.ends_at), (7, 27));
			assert_eq!(
				DemandResponse::program(peak).unwrap().starts_at,
				500,
				"not an emergency program"
			);
			assert!(events().contains(&Event::EmergencyProgramActivated {
				program_id: emergency,
				region: region("North"),
				starts_at: 7,
				ends_at: 27
			}));
			assert!(Standby::<Test>::get(region("North")).is_empty());
			// It runs now: the operator may meter.
			assert_ok!(DemandResponse::join_program(signed(ALICE), emergency, 10));
			assert_ok!(DemandResponse::report_reduction(signed(OPERATOR), emergency, ALICE, 10));
		});
	}
}

#[test]
fn integrity_test_passes() {
	<DemandResponse as Hooks<u64>>::integrity_test();
}

#[test]
fn try_state_catches_a_hold_out_of_step() {
	new_test_ext().execute_with(|| {
		let id = create(ProgramType::PeakShaving, 100, 1, 10, None);
		assert_ok!(DemandResponse::do_try_state());
		Programs::<Test>::mutate(id, |p| p.as_mut().unwrap().budget = 1);
		assert!(DemandResponse::do_try_state().is_err());
	});
}
