//! Every call's success path and each of its errors (state unchanged, by `assert_noop!`),
//! a program's full life with balances that add up to the budget exactly, metered programs
//! paid from readings alone, and emergency programs starting early.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect, InspectHold, Mutate},
		Hooks,
	},
};
use grid_primitives::{mock::MockOperators, OnEmergencyChange};
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

/// The deposit held per participation.
fn pd() -> Balance {
	ParticipationDeposit::get()
}

/// What `who` has on hold as storage deposits: its programs' and its participations'.
fn deposits(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::ProgramDeposit.into(), &who)
		+ Balances::balance_on_hold(&HoldReason::ParticipationDeposit.into(), &who)
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
			assert_eq!(deposits(OPERATOR), ProgramDeposit::get());
			assert_eq!(program.deposit, ProgramDeposit::get());
			assert_eq!(free(OPERATOR), before - 10_000 - ProgramDeposit::get());
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
				vec![(ALICE, Participation { committed_kw: 600, delivered_kw: None, deposit: 20 })]
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

	/// The attack: the program's creator is suspended, or moves to another region, and goes
	/// on metering whatever reductions it likes. Having created the program is no power of
	/// its own: it meters nothing until it is a verified operator of the region again.
	#[test]
	fn a_suspended_or_moved_creator_meters_nothing() {
		test(|| {
			let id = create(ProgramType::PeakShaving, 1_000, 1, 10, None);
			assert_ok!(DemandResponse::join_program(signed(ALICE), id, 500));
			System::set_block_number(2);
			let caps = grid_primitives::Capabilities::default().with(Capability::RunDemandResponse);
			MockOperators::add(OPERATOR, "South", caps);
			assert_noop!(
				DemandResponse::report_reduction(signed(OPERATOR), id, ALICE, 500),
				Error::<Test>::WrongRegion
			);
			MockOperators::add(OPERATOR, "North", caps);
			MockOperators::suspend(OPERATOR);
			assert_noop!(
				DemandResponse::report_reduction(signed(OPERATOR), id, ALICE, 500),
				Error::<Test>::NotAuthorized
			);
			assert_eq!(DemandResponse::participants(id)[0].1.delivered_kw, None);
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

mod claim_and_settle {
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
			// Anyone claims for anyone; the participant is paid.
			for who in [ALICE, BOB, CHARLIE] {
				assert_ok!(DemandResponse::claim_reward(signed(DAVE), id, who));
			}
			// Each is paid, and gets its deposit back.
			assert_eq!(free(ALICE), alice + 400 * 7 + pd());
			assert_eq!(free(BOB), bob + 150 * 7 + pd());
			assert_eq!(free(CHARLIE), charlie + pd());
			assert_eq!(deposits(ALICE) + deposits(BOB) + deposits(CHARLIE), 0);
			let paid = 400 * 7 + 150 * 7;
			assert_eq!(held(OPERATOR), 7_000 - paid, "the rest stays held until settlement");
			assert!(events().contains(&Event::RewardPaid {
				program_id: id,
				participant: ALICE,
				amount: 2_800
			}));
			assert!(events().contains(&Event::RewardPaid {
				program_id: id,
				participant: CHARLIE,
				amount: 0
			}));

			assert_ok!(DemandResponse::settle_program(signed(DAVE), id));
			assert_eq!(held(OPERATOR), 0);
			assert_eq!(deposits(OPERATOR), 0);
			assert_eq!(
				free(OPERATOR),
				operator_before - paid + ProgramDeposit::get(),
				"the rest and the deposit came back"
			);
			assert_eq!(
				events().last(),
				Some(&Event::ProgramSettled { program_id: id, released: 7_000 - paid })
			);
			assert_eq!(DemandResponse::program(id), None);
			assert!(DemandResponse::participants(id).is_empty());
		});
	}

	#[test]
	fn a_reward_that_cannot_be_received_stays_in_the_budget() {
		test(|| {
			// A participation stored before deposits (none held): NEWCOMER's account does
			// not exist and its reward (5) is below the existential deposit.
			ParticipationDeposit::set(0);
			let id = create(ProgramType::PeakShaving, 100, 1, 10, None);
			assert_ok!(DemandResponse::join_program(signed(NEWCOMER), id, 5));
			System::set_block_number(5);
			assert_ok!(DemandResponse::report_reduction(signed(OPERATOR), id, NEWCOMER, 5));
			let operator_before = free(OPERATOR) + held(OPERATOR);
			System::set_block_number(12);
			assert_ok!(DemandResponse::claim_reward(signed(ALICE), id, NEWCOMER));
			assert_eq!(free(NEWCOMER), 0);
			assert!(events().contains(&Event::RewardUnpaid {
				program_id: id,
				participant: NEWCOMER,
				amount: 5
			}));
			assert_ok!(DemandResponse::settle_program(signed(ALICE), id));
			assert_eq!(free(OPERATOR), operator_before + ProgramDeposit::get());
		});
	}

	#[test]
	fn claim_errors() {
		test(|| {
			assert_noop!(
				DemandResponse::claim_reward(signed(ALICE), 0, ALICE),
				Error::<Test>::UnknownProgram
			);
			let id = create(ProgramType::PeakShaving, 100, 1, 10, None);
			assert_ok!(DemandResponse::join_program(signed(ALICE), id, 5));
			assert_noop!(
				DemandResponse::claim_reward(signed(ALICE), id, BOB),
				Error::<Test>::NotParticipant
			);
			System::set_block_number(11);
			assert_noop!(
				DemandResponse::claim_reward(signed(ALICE), id, ALICE),
				Error::<Test>::ProgramNotEnded
			);
			assert_noop!(DemandResponse::claim_reward(RuntimeOrigin::root(), id, ALICE), BadOrigin);
			System::set_block_number(12);
			assert_ok!(DemandResponse::claim_reward(signed(ALICE), id, ALICE));
			assert_noop!(
				DemandResponse::claim_reward(signed(ALICE), id, ALICE),
				Error::<Test>::NotParticipant,
			);
		});
	}

	#[test]
	fn settle_errors() {
		test(|| {
			assert_noop!(
				DemandResponse::settle_program(signed(ALICE), 0),
				Error::<Test>::UnknownProgram
			);
			let id = create(ProgramType::PeakShaving, 100, 1, 10, None);
			assert_ok!(DemandResponse::join_program(signed(ALICE), id, 5));
			System::set_block_number(11);
			assert_noop!(
				DemandResponse::settle_program(signed(ALICE), id),
				Error::<Test>::ProgramNotEnded
			);
			System::set_block_number(12);
			assert_noop!(
				DemandResponse::settle_program(signed(ALICE), id),
				Error::<Test>::UnclaimedRewards
			);
			assert_noop!(DemandResponse::settle_program(RuntimeOrigin::root(), id), BadOrigin);
		});
	}
}

mod metered {
	use super::*;
	use grid_primitives::{mock::MockMeters, MeterKind, ReadingQuality};

	/// The clock's interval when a test starts.
	const NOW: u32 = 1_000;
	/// The event: two intervals, from `NOW + 5`.
	const FIRST: u32 = NOW + 5;
	/// Meters: Alice's, Bob's and Charlie's consumption meters in North, Dave's in South, a
	/// production meter of Alice's.
	const ALICE_METER: u64 = 100;
	const BOB_METER: u64 = 101;
	const CHARLIE_METER: u64 = 102;
	const DAVE_SOUTH_METER: u64 = 103;
	const ALICE_PRODUCTION: u64 = 104;
	const OPERATOR_METER: u64 = 105;
	const NEWCOMER_METER: u64 = 106;

	fn setup() {
		MockMeters::add(OPERATOR_METER, OPERATOR, "North", MeterKind::Consumption);
		MockMeters::add(NEWCOMER_METER, NEWCOMER, "North", MeterKind::Consumption);
		MockMeters::set_interval(NOW);
		MockMeters::add(ALICE_METER, ALICE, "North", MeterKind::Consumption);
		MockMeters::add(BOB_METER, BOB, "North", MeterKind::Storage);
		MockMeters::add(CHARLIE_METER, CHARLIE, "North", MeterKind::Consumption);
		MockMeters::add(DAVE_SOUTH_METER, DAVE, "South", MeterKind::Consumption);
		MockMeters::add(ALICE_PRODUCTION, ALICE, "North", MeterKind::Production);
	}

	/// A metered peak-shaving program in North: target 100 kW at rate 3, event `FIRST`, 2
	/// intervals.
	fn metered(program_type: ProgramType) -> ProgramId {
		let id = NextProgramId::<Test>::get();
		assert_ok!(DemandResponse::create_metered_program(
			signed(OPERATOR),
			name("Evening peak"),
			program_type,
			region("North"),
			100,
			3,
			FIRST,
			2
		));
		id
	}

	/// Meter `id` read `wh` in each of `intervals`.
	fn read(id: u64, intervals: core::ops::Range<u32>, wh: u64) {
		for i in intervals {
			MockMeters::read(id, i, wh, ReadingQuality::Measured);
		}
	}

	/// The clock where the event's readings are final.
	fn readings_final() {
		MockMeters::set_interval(FIRST + 1 + MockMeters::LATE_WINDOW + 1);
	}

	#[test]
	fn creation_holds_the_budget_and_schedules_the_event() {
		test(|| {
			setup();
			let id = metered(ProgramType::PeakShaving);
			assert_eq!(held(OPERATOR), 300);
			assert_eq!(
				DemandResponse::metered_event(id),
				Some(MeteredEvent { first_interval: FIRST, intervals: 2 })
			);
			assert_eq!(
				events().last(),
				Some(&Event::MeteredEventScheduled {
					program_id: id,
					first_interval: FIRST,
					intervals: 2
				})
			);
		});
	}

	#[test]
	fn creation_errors() {
		test(|| {
			setup();
			let create = |who, first, intervals| {
				DemandResponse::create_metered_program(
					signed(who),
					name("Evening peak"),
					ProgramType::PeakShaving,
					region("North"),
					100,
					3,
					first,
					intervals,
				)
			};
			assert_noop!(create(OPERATOR, FIRST, 0), Error::<Test>::BadEventLength);
			assert_noop!(create(OPERATOR, FIRST, MAX_EVENT + 1), Error::<Test>::BadEventLength);
			assert_noop!(create(OPERATOR, NOW, 1), Error::<Test>::StartInPast);
			assert_noop!(create(OPERATOR, NOW + MAX_LEAD + 1, 1), Error::<Test>::StartTooFar);
			assert_ok!(create(OPERATOR, NOW + MAX_LEAD, 1));
			assert_noop!(create(NO_CAP, FIRST, 1), Error::<Test>::NotAuthorized);
			assert_noop!(create(SOUTH_OP, FIRST, 1), Error::<Test>::WrongRegion);
			assert_noop!(create(POOR_OP, FIRST, 1), Error::<Test>::InsufficientFunds);
		});
	}

	#[test]
	fn joining_enrolls_the_meter() {
		test(|| {
			setup();
			let id = metered(ProgramType::PeakShaving);
			assert_ok!(DemandResponse::join_program_metered(signed(ALICE), id, 10, ALICE_METER));
			assert_eq!(ParticipantMeters::<Test>::get(id, ALICE), Some(ALICE_METER));
			assert_eq!(MeterEnrollment::<Test>::get(ALICE_METER), Some(id));
			assert_eq!(
				events().last(),
				Some(&Event::MeterEnrolled {
					program_id: id,
					participant: ALICE,
					meter: ALICE_METER
				})
			);
			// A storage meter measures too.
			assert_ok!(DemandResponse::join_program_metered(signed(BOB), id, 10, BOB_METER));
		});
	}

	#[test]
	fn join_errors() {
		test(|| {
			setup();
			let id = metered(ProgramType::PeakShaving);
			let reported = create(ProgramType::PeakShaving, 100, 1, 10, None);
			let join = |who, program, meter| {
				DemandResponse::join_program_metered(signed(who), program, 10, meter)
			};
			assert_noop!(join(ALICE, 99, ALICE_METER), Error::<Test>::UnknownProgram);
			assert_noop!(join(ALICE, reported, ALICE_METER), Error::<Test>::NotMetered);
			assert_noop!(join(ALICE, id, 999), Error::<Test>::UnknownMeter);
			assert_noop!(join(ALICE, id, BOB_METER), Error::<Test>::NotMeterOwner);
			assert_noop!(join(DAVE, id, DAVE_SOUTH_METER), Error::<Test>::MeterWrongRegion);
			assert_noop!(join(ALICE, id, ALICE_PRODUCTION), Error::<Test>::NotConsumptionMeter);
			assert_noop!(
				DemandResponse::join_program_metered(signed(ALICE), id, 0, ALICE_METER),
				Error::<Test>::ZeroCommitment
			);
			assert_noop!(
				DemandResponse::join_program_metered(signed(ALICE), id, 101, ALICE_METER),
				Error::<Test>::ExceedsTarget
			);
			assert_noop!(
				DemandResponse::join_program(signed(ALICE), id, 10),
				Error::<Test>::MeterRequired
			);
			assert_noop!(join(OPERATOR, id, OPERATOR_METER), Error::<Test>::CreatorCannotJoin);
			// One program at a time per meter: no reduction is paid twice.
			let other = metered(ProgramType::LoadShifting);
			assert_ok!(join(ALICE, other, ALICE_METER));
			assert_noop!(join(ALICE, id, ALICE_METER), Error::<Test>::MeterEnrolled);
			assert_noop!(join(ALICE, other, ALICE_METER), Error::<Test>::AlreadyJoined);
			// Joining closes when the event starts.
			MockMeters::set_interval(FIRST);
			assert_noop!(join(CHARLIE, id, CHARLIE_METER), Error::<Test>::ProgramStarted);
		});
	}

	#[test]
	fn reductions_are_measured_not_reported() {
		test(|| {
			setup();
			let id = metered(ProgramType::PeakShaving);
			assert_ok!(DemandResponse::join_program_metered(signed(ALICE), id, 10, ALICE_METER));
			MockMeters::set_interval(FIRST);
			assert_noop!(
				DemandResponse::report_reduction(signed(OPERATOR), id, ALICE, 10),
				Error::<Test>::ProgramMetered
			);
		});
	}

	#[test]
	fn rewards_follow_the_readings_exactly() {
		test(|| {
			setup();
			let id = metered(ProgramType::PeakShaving);
			let operator_before = free(OPERATOR) + held(OPERATOR);
			assert_ok!(DemandResponse::join_program_metered(signed(ALICE), id, 5, ALICE_METER));
			assert_ok!(DemandResponse::join_program_metered(signed(BOB), id, 1, BOB_METER));
			assert_ok!(DemandResponse::join_program_metered(signed(CHARLIE), id, 5, CHARLIE_METER));
			// Alice: baseline (1_000 + 1_200 + 800 + 1_000) / 4 = 1_000 Wh an interval (4 kW);
			// in the event 500 and 500 Wh: 1_000 Wh below it over half an hour, 2 kW.
			for (i, wh) in [1_000, 1_200, 800, 1_000].into_iter().enumerate() {
				MockMeters::read(ALICE_METER, FIRST - 4 + i as u32, wh, ReadingQuality::Measured);
			}
			// Older readings are not part of the baseline.
			read(ALICE_METER, FIRST - 8..FIRST - 4, 10_000);
			MockMeters::read(ALICE_METER, FIRST, 500, ReadingQuality::Measured);
			MockMeters::read(ALICE_METER, FIRST + 1, 500, ReadingQuality::Estimated);
			// Bob over-delivers (2_000 Wh baseline, nothing in the event: 8 kW), capped at 1.
			read(BOB_METER, FIRST - 4..FIRST, 2_000);
			read(BOB_METER, FIRST..FIRST + 2, 0);
			// Charlie consumes more during the event: nothing delivered.
			read(CHARLIE_METER, FIRST - 4..FIRST, 1_000);
			read(CHARLIE_METER, FIRST..FIRST + 2, 1_500);

			// Not before the event's readings are final.
			MockMeters::set_interval(FIRST + 1 + MockMeters::LATE_WINDOW);
			assert_noop!(
				DemandResponse::claim_reward(signed(DAVE), id, ALICE),
				Error::<Test>::ProgramNotEnded
			);
			readings_final();
			assert_eq!(DemandResponse::pending_reward(id, &ALICE), 2 * 3);
			let (alice, bob, charlie) = (free(ALICE), free(BOB), free(CHARLIE));
			for who in [ALICE, BOB, CHARLIE] {
				assert_ok!(DemandResponse::claim_reward(signed(DAVE), id, who));
			}
			assert_eq!(free(ALICE), alice + 2 * 3 + pd());
			assert_eq!(free(BOB), bob + 3 + pd());
			assert_eq!(free(CHARLIE), charlie + pd());
			assert!(events().contains(&Event::ReductionMetered {
				program_id: id,
				participant: ALICE,
				baseline_wh: Some(1_000),
				reduced_wh: 1_000,
				delivered_kw: 2
			}));
			assert!(events().contains(&Event::ReductionMetered {
				program_id: id,
				participant: CHARLIE,
				baseline_wh: Some(1_000),
				reduced_wh: 0,
				delivered_kw: 0
			}));
			// Meters are free for the next program.
			assert_eq!(MeterEnrollment::<Test>::get(ALICE_METER), None);

			assert_ok!(DemandResponse::settle_program(signed(DAVE), id));
			assert_eq!(free(OPERATOR), operator_before - 9 + ProgramDeposit::get());
			assert_eq!(held(OPERATOR), 0);
		});
	}

	#[test]
	fn a_program_is_full_at_max_participants() {
		test(|| {
			setup();
			let id = metered(ProgramType::PeakShaving);
			assert_ok!(DemandResponse::join_program_metered(signed(ALICE), id, 1, ALICE_METER));
			assert_ok!(DemandResponse::join_program_metered(signed(BOB), id, 1, BOB_METER));
			assert_ok!(DemandResponse::join_program_metered(signed(CHARLIE), id, 1, CHARLIE_METER));
			assert_noop!(
				DemandResponse::join_program_metered(signed(NEWCOMER), id, 1, NEWCOMER_METER),
				Error::<Test>::ProgramFull
			);
		});
	}

	#[test]
	fn a_missing_baseline_reading_counts_as_nothing_consumed() {
		test(|| {
			setup();
			let id = metered(ProgramType::PeakShaving);
			assert_ok!(DemandResponse::join_program_metered(signed(ALICE), id, 50, ALICE_METER));
			// Only two of the four baseline intervals held (say the gateway kept back the
			// low ones): the baseline is (2_000 + 2_000) / 4, not the mean of what was sent.
			read(ALICE_METER, FIRST - 2..FIRST, 2_000);
			read(ALICE_METER, FIRST..FIRST + 2, 500);
			readings_final();
			assert_ok!(DemandResponse::claim_reward(signed(DAVE), id, ALICE));
			assert!(events().contains(&Event::ReductionMetered {
				program_id: id,
				participant: ALICE,
				baseline_wh: Some(1_000),
				reduced_wh: 1_000,
				delivered_kw: 2
			}));
			assert_noop!(
				DemandResponse::claim_reward(signed(DAVE), id, ALICE),
				Error::<Test>::NotParticipant
			);
		});
	}

	#[test]
	fn an_enrolled_meter_is_in_use_until_claimed() {
		use grid_primitives::MeterInUse;
		test(|| {
			setup();
			let id = metered(ProgramType::PeakShaving);
			assert!(!DemandResponse::in_use(ALICE_METER));
			assert_ok!(DemandResponse::join_program_metered(signed(ALICE), id, 5, ALICE_METER));
			assert!(DemandResponse::in_use(ALICE_METER));
			readings_final();
			assert_ok!(DemandResponse::claim_reward(signed(DAVE), id, ALICE));
			assert!(!DemandResponse::in_use(ALICE_METER));
		});
	}

	#[test]
	fn no_baseline_no_reward() {
		test(|| {
			setup();
			let id = metered(ProgramType::PeakShaving);
			assert_ok!(DemandResponse::join_program_metered(signed(ALICE), id, 5, ALICE_METER));
			// Only `Missing` readings before the event: no baseline to measure against.
			for i in FIRST - 4..FIRST {
				MockMeters::read(ALICE_METER, i, 5_000, ReadingQuality::Missing);
			}
			read(ALICE_METER, FIRST..FIRST + 2, 0);
			readings_final();
			let alice = free(ALICE);
			assert_ok!(DemandResponse::claim_reward(signed(ALICE), id, ALICE));
			assert_eq!(free(ALICE), alice + pd(), "no reward, the deposit back");
			assert!(events().contains(&Event::ReductionMetered {
				program_id: id,
				participant: ALICE,
				baseline_wh: None,
				reduced_wh: 0,
				delivered_kw: 0
			}));
		});
	}

	#[test]
	fn settlement_waits_for_every_claim() {
		test(|| {
			setup();
			let id = metered(ProgramType::PeakShaving);
			assert_ok!(DemandResponse::join_program_metered(signed(ALICE), id, 5, ALICE_METER));
			MockMeters::set_interval(FIRST + 2);
			assert_noop!(
				DemandResponse::settle_program(signed(DAVE), id),
				Error::<Test>::ProgramNotEnded
			);
			readings_final();
			assert_noop!(
				DemandResponse::settle_program(signed(DAVE), id),
				Error::<Test>::UnclaimedRewards
			);
			assert_ok!(DemandResponse::claim_reward(signed(DAVE), id, ALICE));
			assert_ok!(DemandResponse::settle_program(signed(DAVE), id));
			assert_eq!(DemandResponse::metered_event(id), None);
		});
	}

	#[test]
	fn cancelling_frees_the_meters() {
		test(|| {
			setup();
			let id = metered(ProgramType::PeakShaving);
			assert_ok!(DemandResponse::join_program_metered(signed(ALICE), id, 5, ALICE_METER));
			assert_ok!(DemandResponse::cancel_program(signed(OPERATOR), id));
			assert_eq!(MeterEnrollment::<Test>::get(ALICE_METER), None);
			assert_eq!(ParticipantMeters::<Test>::get(id, ALICE), None);
			assert_eq!(held(OPERATOR), 0);
			let next = metered(ProgramType::PeakShaving);
			MockMeters::set_interval(FIRST);
			assert_noop!(
				DemandResponse::cancel_program(signed(OPERATOR), next),
				Error::<Test>::ProgramStarted
			);
		});
	}

	/// A metered program's refused participant may not come back with its meter either.
	#[test]
	fn a_removed_metered_participant_may_not_join_again() {
		test(|| {
			setup();
			let id = metered(ProgramType::PeakShaving);
			assert_ok!(DemandResponse::join_program_metered(signed(ALICE), id, 60, ALICE_METER));
			assert_ok!(DemandResponse::remove_participant(signed(OPERATOR), id, ALICE));
			assert_noop!(
				DemandResponse::join_program_metered(signed(ALICE), id, 60, ALICE_METER),
				Error::<Test>::Refused
			);
		});
	}

	/// Before the event a participant may leave and the operator may remove one: the meter
	/// is free for another program and the deposit comes back. From the event's first
	/// interval on, neither: the reduction is being measured.
	#[test]
	fn leaving_and_removal_free_the_meter_until_the_event() {
		test(|| {
			setup();
			let id = metered(ProgramType::PeakShaving);
			assert_ok!(DemandResponse::join_program_metered(signed(ALICE), id, 60, ALICE_METER));
			assert_ok!(DemandResponse::join_program_metered(signed(BOB), id, 40, BOB_METER));
			assert_ok!(DemandResponse::leave_program(signed(ALICE), id));
			assert_eq!(MeterEnrollment::<Test>::get(ALICE_METER), None);
			assert!(!<DemandResponse as grid_primitives::MeterInUse>::in_use(ALICE_METER));
			assert_eq!((deposits(ALICE), free(ALICE)), (0, FUNDS));
			assert_eq!(
				events().last(),
				Some(&Event::ParticipantLeft { program_id: id, participant: ALICE, deposit: pd() })
			);
			assert_ok!(DemandResponse::remove_participant(signed(OPERATOR), id, BOB));
			assert_eq!(MeterEnrollment::<Test>::get(BOB_METER), None);
			assert_eq!((deposits(BOB), free(BOB)), (0, FUNDS));
			assert_eq!(
				events().last(),
				Some(&Event::ParticipantRemoved {
					program_id: id,
					participant: BOB,
					deposit: pd(),
					refused: true,
				})
			);
			let program = DemandResponse::program(id).unwrap();
			assert_eq!((program.participants, program.committed_kw), (0, 0));

			assert_ok!(DemandResponse::join_program_metered(
				signed(CHARLIE),
				id,
				100,
				CHARLIE_METER
			));
			MockMeters::set_interval(FIRST);
			assert_noop!(
				DemandResponse::leave_program(signed(CHARLIE), id),
				Error::<Test>::ProgramStarted
			);
			assert_noop!(
				DemandResponse::remove_participant(signed(OPERATOR), id, CHARLIE),
				Error::<Test>::ProgramStarted
			);
		});
	}

	#[test]
	fn an_emergency_brings_the_event_forward() {
		test(|| {
			setup();
			let id = metered(ProgramType::EmergencyResponse);
			DemandResponse::on_emergency_entered(&region("North"));
			assert_eq!(DemandResponse::metered_event(id).unwrap().first_interval, NOW + 1);
			assert!(events().contains(&Event::MeteredEventActivated {
				program_id: id,
				region: region("North"),
				first_interval: NOW + 1
			}));
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
			// Every deposit is back: the program's and each participant's.
			assert_eq!(deposits(OPERATOR) + deposits(ALICE) + deposits(BOB), 0);
			assert_eq!((free(ALICE), free(BOB)), (FUNDS, FUNDS));
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
			// A suspended creator cancels nothing (its budget waits for settlement).
			MockOperators::suspend(OPERATOR);
			assert_noop!(
				DemandResponse::cancel_program(signed(OPERATOR), id),
				Error::<Test>::NotAuthorized
			);
			let caps = grid_primitives::Capabilities::default().with(Capability::RunDemandResponse);
			MockOperators::add(OPERATOR, "South", caps);
			assert_noop!(
				DemandResponse::cancel_program(signed(OPERATOR), id),
				Error::<Test>::WrongRegion
			);
			MockOperators::add(OPERATOR, "North", caps);
			System::set_block_number(2);
			assert_noop!(
				DemandResponse::cancel_program(signed(OPERATOR), id),
				Error::<Test>::ProgramStarted
			);
		});
	}
}

mod deposits_and_leaving {
	use super::*;

	/// The attack: one account squats a program by committing its whole target, or empty
	/// accounts fill its places. Each place now costs a deposit an empty account cannot
	/// hold, and the operator removes a squatter so that an honest participant joins.
	#[test]
	fn a_squatter_pays_a_deposit_and_is_removed() {
		test(|| {
			let id = create(ProgramType::PeakShaving, 1_000, 3, 10, Some(50));
			assert_noop!(
				DemandResponse::join_program(signed(NEWCOMER), id, 1),
				Error::<Test>::InsufficientFunds
			);
			assert_ok!(DemandResponse::join_program(signed(DAVE), id, 1_000));
			assert_eq!(deposits(DAVE), pd());
			assert_eq!(DemandResponse::participants(id)[0].1.deposit, pd());
			assert_noop!(
				DemandResponse::join_program(signed(ALICE), id, 1),
				Error::<Test>::ExceedsTarget
			);
			assert_ok!(DemandResponse::remove_participant(signed(OPERATOR), id, DAVE));
			assert_eq!((deposits(DAVE), free(DAVE)), (0, FUNDS));
			assert_ok!(DemandResponse::join_program(signed(ALICE), id, 600));
			// The squatter may not come back, for the fee or with a smaller commitment.
			assert_noop!(DemandResponse::join_program(signed(DAVE), id, 1), Error::<Test>::Refused);
			// A reported program's participant may be removed while it runs, until its
			// reduction is reported.
			System::set_block_number(50);
			assert_ok!(DemandResponse::join_program(signed(CHARLIE), id, 400));
			assert_ok!(DemandResponse::remove_participant(signed(OPERATOR), id, CHARLIE));
			assert_ok!(DemandResponse::report_reduction(signed(OPERATOR), id, ALICE, 600));
			assert_noop!(
				DemandResponse::remove_participant(signed(OPERATOR), id, ALICE),
				Error::<Test>::ReductionAlreadyReported
			);
			let program = DemandResponse::program(id).unwrap();
			assert_eq!((program.participants, program.committed_kw), (1, 600));
		});
	}

	/// The attack: a removed participant joins again, as often as it is removed. The
	/// operator's removal refuses the account for that program (up to `MaxParticipants`
	/// refusals; a removal beyond them still removes, and says it refused no one); the list
	/// goes with the program, and the account may join the operator's next program.
	#[test]
	fn a_removed_participant_may_not_join_again() {
		test(|| {
			let id = create(ProgramType::PeakShaving, 1_000, 3, 10, Some(50));
			for (i, who) in [ALICE, BOB, CHARLIE, DAVE].into_iter().enumerate() {
				assert_ok!(DemandResponse::join_program(signed(who), id, 10));
				assert_ok!(DemandResponse::remove_participant(signed(OPERATOR), id, who));
				let refused = i < MAX_PARTICIPANTS as usize;
				assert_eq!(
					events().last(),
					Some(&Event::ParticipantRemoved {
						program_id: id,
						participant: who,
						deposit: pd(),
						refused,
					})
				);
				if refused {
					assert_noop!(
						DemandResponse::join_program(signed(who), id, 10),
						Error::<Test>::Refused
					);
				}
			}
			assert_eq!(Refused::<Test>::get(id).into_inner(), vec![ALICE, BOB, CHARLIE]);
			// The list is full: the fourth removal stood, unrecorded.
			assert_ok!(DemandResponse::join_program(signed(DAVE), id, 10));
			assert_ok!(DemandResponse::do_try_state());
			// Cancelling the program drops its list; the operator's next program is open to all.
			assert_ok!(DemandResponse::cancel_program(signed(OPERATOR), id));
			assert!(!Refused::<Test>::contains_key(id));
			let next = create(ProgramType::PeakShaving, 1_000, 3, 10, Some(50));
			assert_ok!(DemandResponse::join_program(signed(ALICE), next, 10));
		});
	}

	/// A participant that holds its deposit keeps its account, so its reward (even one
	/// below the existential deposit) is always paid.
	#[test]
	fn a_participant_s_deposit_keeps_its_account_for_the_reward() {
		test(|| {
			assert_ok!(Balances::mint_into(&NEWCOMER, pd() + ED));
			let id = create(ProgramType::PeakShaving, 100, 1, 10, None);
			assert_ok!(DemandResponse::join_program(signed(NEWCOMER), id, 5));
			System::set_block_number(5);
			assert_ok!(DemandResponse::report_reduction(signed(OPERATOR), id, NEWCOMER, 5));
			System::set_block_number(12);
			assert_ok!(DemandResponse::claim_reward(signed(ALICE), id, NEWCOMER));
			assert!(events().contains(&Event::RewardPaid {
				program_id: id,
				participant: NEWCOMER,
				amount: 5
			}));
			assert_eq!(free(NEWCOMER), ED + pd() + 5);
		});
	}

	#[test]
	fn leave_before_the_start() {
		test(|| {
			let id = create(ProgramType::PeakShaving, 1_000, 3, 10, Some(50));
			assert_ok!(DemandResponse::join_program(signed(ALICE), id, 1_000));
			assert_ok!(DemandResponse::leave_program(signed(ALICE), id));
			assert_eq!((deposits(ALICE), free(ALICE)), (0, FUNDS));
			assert!(DemandResponse::participants(id).is_empty());
			// Its place and commitment are free again.
			assert_ok!(DemandResponse::join_program(signed(BOB), id, 1_000));
		});
	}

	#[test]
	fn leave_errors() {
		test(|| {
			assert_noop!(
				DemandResponse::leave_program(signed(ALICE), 0),
				Error::<Test>::UnknownProgram
			);
			let id = create(ProgramType::PeakShaving, 1_000, 3, 10, Some(50));
			assert_noop!(
				DemandResponse::leave_program(signed(ALICE), id),
				Error::<Test>::NotParticipant
			);
			assert_ok!(DemandResponse::join_program(signed(ALICE), id, 10));
			assert_noop!(DemandResponse::leave_program(RuntimeOrigin::root(), id), BadOrigin);
			System::set_block_number(50);
			assert_noop!(
				DemandResponse::leave_program(signed(ALICE), id),
				Error::<Test>::ProgramStarted
			);
		});
	}

	#[test]
	fn remove_errors() {
		test(|| {
			assert_noop!(
				DemandResponse::remove_participant(signed(OPERATOR), 0, ALICE),
				Error::<Test>::UnknownProgram
			);
			let id = create(ProgramType::PeakShaving, 1_000, 3, 10, Some(50));
			assert_ok!(DemandResponse::join_program(signed(ALICE), id, 10));
			assert_noop!(
				DemandResponse::remove_participant(signed(BOB), id, ALICE),
				Error::<Test>::NotProgramOperator
			);
			assert_noop!(
				DemandResponse::remove_participant(RuntimeOrigin::root(), id, ALICE),
				BadOrigin
			);
			assert_noop!(
				DemandResponse::remove_participant(signed(OPERATOR), id, BOB),
				Error::<Test>::NotParticipant
			);
			// A suspended or moved creator removes no one.
			MockOperators::suspend(OPERATOR);
			assert_noop!(
				DemandResponse::remove_participant(signed(OPERATOR), id, ALICE),
				Error::<Test>::NotAuthorized
			);
			let caps = grid_primitives::Capabilities::default().with(Capability::RunDemandResponse);
			MockOperators::add(OPERATOR, "South", caps);
			assert_noop!(
				DemandResponse::remove_participant(signed(OPERATOR), id, ALICE),
				Error::<Test>::WrongRegion
			);
			MockOperators::add(OPERATOR, "North", caps);
			System::set_block_number(60);
			assert_noop!(
				DemandResponse::remove_participant(signed(OPERATOR), id, ALICE),
				Error::<Test>::ProgramEnded
			);
		});
	}
}

mod take_over_program {
	use super::*;

	/// The attack (or accident): a program's creator is suspended while the program runs;
	/// nobody may report for its participants, who would go unpaid. Another operator of the
	/// region takes it over and reports; the budget still comes from, and goes back to, the
	/// creator.
	#[test]
	fn another_operator_of_the_region_runs_an_orphaned_program() {
		test(|| {
			let id = create(ProgramType::PeakShaving, 1_000, 2, 10, None);
			assert_ok!(DemandResponse::join_program(signed(ALICE), id, 400));
			System::set_block_number(3);
			MockOperators::suspend(OPERATOR);
			assert_noop!(
				DemandResponse::report_reduction(signed(OPERATOR), id, ALICE, 400),
				Error::<Test>::NotAuthorized
			);
			assert_ok!(DemandResponse::take_over_program(signed(POOR_OP), id));
			// The new operator answers for it now; the creator, which no longer runs it, not.
			use grid_primitives::OperatorCommitments;
			assert!(DemandResponse::has_commitments(&POOR_OP, &region("North")));
			assert!(!DemandResponse::has_commitments(&OPERATOR, &region("North")));
			assert_eq!(
				events().last(),
				Some(&Event::ProgramTakenOver { program_id: id, from: OPERATOR, to: POOR_OP })
			);
			let program = DemandResponse::program(id).unwrap();
			assert_eq!((program.creator, program.operator), (OPERATOR, POOR_OP));
			assert_noop!(
				DemandResponse::join_program(signed(POOR_OP), id, 1),
				Error::<Test>::CreatorCannotJoin
			);
			assert_ok!(DemandResponse::report_reduction(signed(POOR_OP), id, ALICE, 400));
			// Reinstated, the creator does not run it again behind the new operator's back.
			MockOperators::add(
				OPERATOR,
				"North",
				grid_primitives::Capabilities::default().with(Capability::RunDemandResponse),
			);
			assert_noop!(
				DemandResponse::report_reduction(signed(OPERATOR), id, ALICE, 0),
				Error::<Test>::NotProgramOperator
			);
			System::set_block_number(12);
			let alice = free(ALICE);
			assert_ok!(DemandResponse::claim_reward(signed(DAVE), id, ALICE));
			assert_eq!(free(ALICE), alice + 800 + pd());
			let before = free(OPERATOR);
			assert_ok!(DemandResponse::settle_program(signed(DAVE), id));
			assert_eq!(free(OPERATOR), before + 2_000 - 800 + ProgramDeposit::get());
			assert_eq!(free(POOR_OP), 100, "nothing is taken from the new operator");
		});
	}

	#[test]
	fn errors() {
		test(|| {
			assert_noop!(
				DemandResponse::take_over_program(signed(POOR_OP), 0),
				Error::<Test>::UnknownProgram
			);
			let id = create(ProgramType::PeakShaving, 1_000, 2, 10, None);
			assert_noop!(DemandResponse::take_over_program(RuntimeOrigin::root(), id), BadOrigin);
			assert_noop!(
				DemandResponse::take_over_program(signed(POOR_OP), id),
				Error::<Test>::OperatorStillActive
			);
			MockOperators::suspend(OPERATOR);
			assert_noop!(
				DemandResponse::take_over_program(signed(NO_CAP), id),
				Error::<Test>::NotAuthorized
			);
			assert_noop!(
				DemandResponse::take_over_program(signed(SOUTH_OP), id),
				Error::<Test>::WrongRegion
			);
			// The attack: an operator of the region joins, waits for the program's operator to
			// be suspended, takes it over and reports its own reduction. It may not run a
			// program it takes part in.
			assert_ok!(DemandResponse::join_program(signed(POOR_OP), id, 1_000));
			assert_noop!(
				DemandResponse::take_over_program(signed(POOR_OP), id),
				Error::<Test>::ParticipantCannotRun
			);
			System::set_block_number(12);
			assert_noop!(
				DemandResponse::take_over_program(signed(POOR_OP), id),
				Error::<Test>::ProgramEnded
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

/// An operator answers for the programs it runs until each is settled or cancelled.
#[test]
fn a_creator_has_commitments_until_its_programs_are_gone() {
	use grid_primitives::OperatorCommitments;
	test(|| {
		let north = region("North");
		assert!(!DemandResponse::has_commitments(&OPERATOR, &north));
		let first = create(ProgramType::PeakShaving, 100, 1, 10, Some(50));
		let second = create(ProgramType::PeakShaving, 100, 1, 10, None);
		assert_eq!(OperatorPrograms::<Test>::get(OPERATOR), 2);
		assert!(DemandResponse::has_commitments(&OPERATOR, &north));
		assert!(!DemandResponse::has_commitments(&ALICE, &north));
		assert_ok!(DemandResponse::cancel_program(signed(OPERATOR), first));
		assert!(DemandResponse::has_commitments(&OPERATOR, &north), "one left");
		System::set_block_number(12);
		assert_ok!(DemandResponse::settle_program(signed(ALICE), second));
		assert!(!DemandResponse::has_commitments(&OPERATOR, &north));
		assert_eq!(OperatorPrograms::<Test>::iter().count(), 0, "no zero entries left");
	});
}

#[test]
fn try_state_catches_a_deposit_out_of_step() {
	new_test_ext().execute_with(|| {
		let id = create(ProgramType::PeakShaving, 100, 1, 10, None);
		assert_ok!(DemandResponse::join_program(signed(ALICE), id, 10));
		assert_ok!(DemandResponse::do_try_state());
		Participants::<Test>::mutate(id, ALICE, |p| p.as_mut().unwrap().deposit = 0);
		assert!(DemandResponse::do_try_state().is_err());
	});
}

/// Version 0 records (no deposit) read back with a zero deposit after the migration, which
/// runs once: a second run changes nothing.
#[test]
fn the_v1_migration_gives_old_records_a_zero_deposit() {
	use crate::migrations::v1::{MigrateV0ToV1, OldParticipation, OldProgram};
	use frame_support::{
		storage::unhashed,
		traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	};
	new_test_ext().execute_with(|| {
		let old = OldProgram::<Test> {
			name: name("Old"),
			program_type: ProgramType::LoadShifting,
			region: region("North"),
			creator: OPERATOR,
			target_reduction_kw: 100,
			incentive_rate: 2,
			budget: 200,
			duration_blocks: 10,
			starts_at: 5,
			ends_at: 15,
			committed_kw: 30,
			participants: 1,
		};
		unhashed::put(&Programs::<Test>::hashed_key_for(7), &old);
		let part = OldParticipation { committed_kw: 30, delivered_kw: Some(20) };
		unhashed::put(&Participants::<Test>::hashed_key_for(7, ALICE), &part);
		StorageVersion::new(0).put::<DemandResponse>();

		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(DemandResponse::on_chain_storage_version(), 1);
		let program = DemandResponse::program(7).expect("migrated");
		assert_eq!(
			(program.creator, program.budget, program.committed_kw, program.ends_at),
			(OPERATOR, 200, 30, 15)
		);
		assert_eq!(program.deposit, 0);
		assert_eq!(program.operator, OPERATOR, "its creator runs it");
		assert_eq!(OperatorPrograms::<Test>::get(OPERATOR), 1, "its creator's programs counted");
		assert_eq!(
			DemandResponse::participants(7),
			vec![(ALICE, Participation { committed_kw: 30, delivered_kw: Some(20), deposit: 0 })]
		);
		let weight = MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(DemandResponse::program(7).map(|p| p.deposit), Some(0));
		let db = <<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<
			frame_support::weights::RuntimeDbWeight,
		>>::get();
		assert_eq!(weight, db.reads(1), "the second run only reads the version");
	});
}
