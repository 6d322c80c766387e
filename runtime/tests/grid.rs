//! The six grid pallets wired together in the real runtime, natively, from the
//! `development` genesis (Alice operates "North" with every capability): a critical load
//! opens a balancing action, a stability emergency triples the market price and starts
//! standby emergency programs, and the seed's demand-response example pays its rewards.

use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use grid_primitives::{BalancingActionType, MeterKind, RegionId, KW_PER_MW};
use grid_runtime::constants::MILLI_UNIT;
use grid_runtime::{
	Balances, Balancing, DemandResponse, EnergyMarket, Load, Metering, Runtime, RuntimeOrigin,
	Stability, System,
};
use pallet_demand_response::ProgramType;
use pallet_energy_market::EnergyType;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve};

mod common;
use common::{externalities_of, try_state_all};

fn development() -> sp_io::TestExternalities {
	let mut ext = externalities_of("development");
	ext.execute_with(|| System::set_block_number(1));
	ext
}

fn north() -> RegionId {
	RegionId::try_from("North").unwrap()
}

fn alice() -> RuntimeOrigin {
	RuntimeOrigin::signed(Alice.to_account_id())
}

/// Alice registers a meter of `owner`'s in North (rated 100 MW), with a key nobody holds:
/// its id.
fn meter(seed: u8, owner: &grid_runtime::AccountId, kind: MeterKind) -> u64 {
	let id = pallet_metering::NextMeterId::<Runtime>::get();
	assert_ok!(Metering::register_meter(
		alice(),
		sp_core::ed25519::Public::from_raw([seed; 32]),
		north(),
		kind,
		owner.clone(),
		100 * KW_PER_MW,
	));
	id
}

fn try_state() {
	try_state_all().expect("grid invariants hold");
}

#[test]
fn a_critical_load_opens_an_automatic_balancing_action() {
	development().execute_with(|| {
		assert_ok!(Balancing::set_region_capacity(alice(), north(), 1_200_000, 800_000, 100_000));
		assert_ok!(Load::report_load(alice(), north(), 1_000 * KW_PER_MW, 750 * KW_PER_MW));
		assert!(Balancing::open_actions(&north()).is_empty(), "75 % is normal");
		assert_ok!(Load::report_load(alice(), north(), 1_000 * KW_PER_MW, 960 * KW_PER_MW));
		assert!(Load::is_critical_load(&north()));
		let actions = Balancing::open_actions(&north());
		assert_eq!(actions.len(), 1);
		let (_, action) = &actions[0];
		assert!(action.is_automatic());
		assert_eq!(action.action_type, BalancingActionType::IncreaseGeneration);
		assert_eq!(action.target_kw, 160_001, "back under 80 %");
		// Closing it at once (0 delivered) while North stays critical does not leave North
		// unanswered: the next critical report opens another.
		let (first, _) = actions[0];
		assert_ok!(Balancing::complete_balancing_action(alice(), first, 0));
		assert!(Balancing::open_actions(&north()).is_empty());
		assert_ok!(Load::report_load(alice(), north(), 1_000 * KW_PER_MW, 950 * KW_PER_MW));
		let actions = Balancing::open_actions(&north());
		assert_eq!(actions.len(), 1);
		assert!(actions[0].0 != first && actions[0].1.is_automatic());
		assert_eq!(actions[0].1.target_kw, 150_001);
		try_state();
	});
}

#[test]
fn a_stability_emergency_triples_the_price_and_fires_rules() {
	development().execute_with(|| {
		let (producer, consumer) = (Bob.to_account_id(), Charlie.to_account_id());
		let production = meter(1, &producer, MeterKind::Production);
		let consumption = meter(2, &consumer, MeterKind::Consumption);
		assert_ok!(EnergyMarket::register_producer(
			RuntimeOrigin::signed(producer.clone()),
			50_000,
			EnergyType::Solar,
			production,
		));
		assert_ok!(EnergyMarket::report_production(RuntimeOrigin::signed(producer), 5_000));
		assert_ok!(EnergyMarket::register_consumer(
			RuntimeOrigin::signed(consumer),
			10_000,
			consumption
		));
		// Declared production moves no price: North's own load does.
		assert_eq!(EnergyMarket::dynamic_price(&north()), Some(100 * MILLI_UNIT));
		assert_ok!(Load::report_load(alice(), north(), 100_000, 10_000));
		let normal = EnergyMarket::dynamic_price(&north()).unwrap();
		assert_eq!(normal, 105 * MILLI_UNIT, "base 0.1 GRID at 10 % load");

		assert_ok!(Stability::configure_automated_response(
			RuntimeOrigin::root(),
			pallet_stability::TriggerCondition::FrequencyBelow(49_500),
			BalancingActionType::LoadShedding,
			// At most North's measured demand (10 MW): a rule cannot shed more than that.
			5_000,
			9
		));
		assert_ok!(Stability::report_stability_metrics(alice(), north(), 50_000, 1_000, 0));
		assert_eq!(EnergyMarket::dynamic_price(&north()), Some(normal));
		assert_ok!(Stability::report_stability_metrics(alice(), north(), 49_000, 1_000, 0));
		assert!(<Stability as grid_primitives::EmergencyState>::is_region_in_emergency(&north()));
		assert_eq!(
			EnergyMarket::dynamic_price(&north()),
			Some(300 * MILLI_UNIT),
			"three times the base price"
		);
		assert_eq!(
			Balancing::open_actions(&north())[0].1.action_type,
			BalancingActionType::LoadShedding
		);

		// The operator closes the reading's event once a reading says the emergency is over.
		let (event_id, _) = Stability::open_events(&north())[0].clone();
		assert_ok!(Stability::report_stability_metrics(alice(), north(), 50_000, 1_000, 0));
		assert_ok!(Stability::resolve_critical_event(alice(), event_id));
		assert_eq!(EnergyMarket::dynamic_price(&north()), Some(normal));
		try_state();
	});
}

/// `create-demand-program "Peak Shaving" u1 "North" u200 u10 u1000`, in kW.
#[test]
fn the_seed_demand_response_example_pays_each_participant_its_reward() {
	development().execute_with(|| {
		assert_ok!(DemandResponse::create_demand_program(
			alice(),
			b"Peak Shaving".to_vec().try_into().unwrap(),
			ProgramType::PeakShaving,
			north(),
			200 * KW_PER_MW,
			10,
			1_000,
			None
		));
		let (bob, charlie) = (Bob.to_account_id(), Charlie.to_account_id());
		assert_ok!(DemandResponse::join_program(RuntimeOrigin::signed(bob.clone()), 0, 120_000));
		assert_ok!(DemandResponse::join_program(RuntimeOrigin::signed(charlie.clone()), 0, 80_000));
		System::set_block_number(10);
		assert_noop!(
			DemandResponse::report_reduction(
				RuntimeOrigin::signed(bob.clone()),
				0,
				bob.clone(),
				120_000
			),
			pallet_demand_response::Error::<Runtime>::NotProgramOperator
		);
		assert_ok!(DemandResponse::report_reduction(alice(), 0, bob.clone(), 150_000));
		assert_ok!(DemandResponse::report_reduction(alice(), 0, charlie.clone(), 50_000));
		let (bob_before, charlie_before) = (Balances::balance(&bob), Balances::balance(&charlie));
		System::set_block_number(1_002);
		let dave = RuntimeOrigin::signed(Dave.to_account_id());
		assert_ok!(DemandResponse::claim_reward(dave.clone(), 0, bob.clone()));
		assert_ok!(DemandResponse::claim_reward(dave.clone(), 0, charlie.clone()));
		assert_ok!(DemandResponse::settle_program(dave, 0));
		// Each is paid, and its participation deposit is released.
		let deposit = grid_runtime::configs::DemandParticipationDeposit::get();
		assert_eq!(
			Balances::balance(&bob),
			bob_before + 120_000 * 10 + deposit,
			"capped at the commitment"
		);
		assert_eq!(
			Balances::balance(&charlie),
			charlie_before + 50_000 * 10 + deposit,
			"what was delivered"
		);
		try_state();
	});
}

/// A program's creator answers for it until it is settled: the runtime's operator registry
/// sees the commitment (and refuses `deregister` while it lasts).
#[test]
fn a_program_creator_answers_for_its_program() {
	use grid_primitives::OperatorCommitments;
	type Commitments = <Runtime as pallet_operators::Config>::Commitments;
	development().execute_with(|| {
		let who = Alice.to_account_id();
		assert!(!Commitments::has_commitments(&who, &north()));
		assert_ok!(DemandResponse::create_demand_program(
			alice(),
			b"Peak Shaving".to_vec().try_into().unwrap(),
			ProgramType::PeakShaving,
			north(),
			100,
			10,
			1_000,
			Some(50)
		));
		assert!(Commitments::has_commitments(&who, &north()));
		assert_ok!(DemandResponse::cancel_program(alice(), 0));
		assert!(!Commitments::has_commitments(&who, &north()));
		try_state();
	});
}

#[test]
fn an_emergency_starts_standby_emergency_programs() {
	development().execute_with(|| {
		assert_ok!(DemandResponse::create_demand_program(
			alice(),
			b"Emergency".to_vec().try_into().unwrap(),
			ProgramType::EmergencyResponse,
			north(),
			10_000,
			1,
			100,
			Some(5_000)
		));
		System::set_block_number(20);
		assert_ok!(Stability::report_stability_metrics(alice(), north(), 48_000, 1_000, 0));
		let program = DemandResponse::program(0).unwrap();
		assert_eq!((program.starts_at, program.ends_at), (20, 120));
		assert_ok!(DemandResponse::join_program(
			RuntimeOrigin::signed(Eve.to_account_id()),
			0,
			5_000
		));
		assert_ok!(DemandResponse::report_reduction(alice(), 0, Eve.to_account_id(), 5_000));
		try_state();
	});
}
