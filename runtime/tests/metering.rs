//! Metered truth in the real runtime, from the `development` genesis (Alice operates "North"
//! with every capability): a feeder registered by the operator sends a signed reading as a
//! general transaction with no signer, through `AuthorizeCall` and the whole extension
//! pipeline; North turns Critical from the measured demand alone and balancing opens its
//! automatic action; the operator can no longer declare North's load; forged, replayed and
//! unauthorized general transactions are refused before dispatch.

use frame_support::assert_ok;
use grid_primitives::{BalancingActionType, MeterKind, ReadingQuality, RegionId, KW_PER_MW};
use grid_runtime::{Balancing, Load, Metering, Runtime, RuntimeCall};
use pallet_metering::{Reading, SignedReading};
use sp_core::{ed25519, Pair};
use sp_keyring::Sr25519Keyring::{Alice, Bob};
use sp_runtime::transaction_validity::{InvalidTransaction, TransactionValidityError};

mod common;
use common::{externalities_of, try_state_all, Chain};

fn north() -> RegionId {
	RegionId::try_from("North").unwrap()
}

fn readings_call(readings: Vec<SignedReading>) -> RuntimeCall {
	RuntimeCall::Metering(pallet_metering::Call::submit_readings {
		readings: readings.try_into().unwrap(),
	})
}

fn sign(pair: &ed25519::Pair, reading: Reading) -> SignedReading {
	let signature = pair.sign(&Metering::signing_payload(&reading));
	SignedReading { reading, signature }
}

#[test]
fn a_feeder_reading_turns_north_critical_and_opens_the_automatic_action() {
	externalities_of("development").execute_with(|| {
		let mut chain = Chain::new();
		let feeder = ed25519::Pair::from_seed(&[7; 32]);
		let forger = ed25519::Pair::from_seed(&[8; 32]);
		chain.open_block();
		assert_ok!(chain
			.apply(
				Alice,
				RuntimeCall::Metering(pallet_metering::Call::register_meter {
					key: feeder.public(),
					region: north(),
					kind: MeterKind::Feeder,
					owner: Alice.to_account_id(),
					rated_kw: 1_000 * KW_PER_MW,
				}),
			)
			.unwrap());
		assert_ok!(chain
			.apply(
				Alice,
				RuntimeCall::Balancing(pallet_balancing::Call::set_region_capacity {
					region: north(),
					max_generation_kw: 1_200_000,
					current_generation_kw: 800_000,
					reserve_kw: 100_000,
				}),
			)
			.unwrap());
		chain.close_block();

		// The clock of these blocks starts at the Unix epoch: run into interval 1, so that
		// interval 0 has ended.
		chain.run_to(151);
		chain.open_block();
		let interval = Metering::current_interval().unwrap() - 1;
		// 240 MWh in 15 minutes: 960 MW of a 1,000 MW feeder, 96 %.
		let reading = Reading {
			meter: 0,
			interval,
			imported_wh: 240_000_000,
			exported_wh: 0,
			quality: ReadingQuality::Measured,
		};

		// A reading signed by another key never reaches dispatch.
		let forged = readings_call(vec![sign(&forger, reading)]);
		assert_eq!(
			chain.apply_general(forged),
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadProof))
		);
		// Nor does any other call sent as a general transaction.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![1] });
		assert_eq!(
			chain.apply_general(remark),
			Err(TransactionValidityError::Invalid(InvalidTransaction::UnknownOrigin))
		);

		let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
		let signed = readings_call(vec![sign(&feeder, reading)]);
		assert_ok!(chain.apply_general(signed.clone()).unwrap());
		// Nobody paid for it, nothing was minted.
		assert_eq!(pallet_balances::TotalIssuance::<Runtime>::get(), issuance);

		let load = Load::current_load(&north()).unwrap();
		assert_eq!((load.capacity_kw, load.demand_kw), (1_000 * KW_PER_MW, 960 * KW_PER_MW));
		assert!(Load::is_critical_load(&north()));
		let actions = Balancing::open_actions(&north());
		assert_eq!(actions.len(), 1);
		assert!(actions[0].1.is_automatic());
		assert_eq!(actions[0].1.action_type, BalancingActionType::IncreaseGeneration);

		// The same reading again is refused as stale.
		assert_eq!(
			chain.apply_general(signed),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);
		chain.close_block();

		// The operator cannot declare North's load over the feeder's measurement.
		chain.open_block();
		// (Refused before dispatch: the transaction pool makes the call's own check.)
		let declared = chain.apply(
			Alice,
			RuntimeCall::Load(pallet_load::Call::report_load {
				region: north(),
				capacity_kw: 1_000 * KW_PER_MW,
				demand_kw: 100 * KW_PER_MW,
			}),
		);
		assert_eq!(declared, Err(TransactionValidityError::Invalid(InvalidTransaction::BadSigner)));
		assert!(matches!(
			pallet_load::Pallet::<Runtime>::check_reporter(&Alice.to_account_id(), &north()),
			Err(pallet_load::Error::<Runtime>::RegionMetered)
		));
		// A stranger cannot register meters.
		let stranger = chain
			.apply(
				Bob,
				RuntimeCall::Metering(pallet_metering::Call::register_meter {
					key: forger.public(),
					region: north(),
					kind: MeterKind::Feeder,
					owner: Bob.to_account_id(),
					rated_kw: 1,
				}),
			)
			.unwrap();
		assert_eq!(stranger, Err(pallet_metering::Error::<Runtime>::NotAuthorized.into()));
		chain.close_block();
		assert!(Load::is_critical_load(&north()));
		try_state_all().expect("grid invariants hold");
	});
}

/// Metered demand response in the real runtime: Alice registers Bob's consumption meter and a
/// metered program (event: intervals 5 and 6); Bob joins with the meter; the meter's readings,
/// sent as general transactions once each interval has ended, show 10 kWh an interval before
/// the event and 5 kWh in each of its two; once they are final Dave claims Bob's reward: 10 kWh
/// below the baseline over half an hour is 20 kW, at 1,000 a kW. The meter cannot be re-keyed
/// by its operator while the reward is unclaimed.
#[test]
fn a_metered_participant_is_paid_from_its_readings() {
	use frame_support::traits::fungible::Inspect;
	use grid_runtime::{Balances, DemandResponse};
	use pallet_demand_response::{Event as DrEvent, ProgramType};
	use sp_keyring::Sr25519Keyring::Dave;

	/// Blocks in a 15-minute interval (6-second blocks).
	const BLOCKS_PER_INTERVAL: u32 = 150;
	const FIRST: u32 = 5;

	externalities_of("development").execute_with(|| {
		let mut chain = Chain::new();
		let key = ed25519::Pair::from_seed(&[11; 32]);
		chain.open_block();
		let register = RuntimeCall::Metering(pallet_metering::Call::register_meter {
			key: key.public(),
			region: north(),
			kind: MeterKind::Consumption,
			owner: Bob.to_account_id(),
			rated_kw: 100,
		});
		assert_ok!(chain.apply(Alice, register).unwrap());
		let create =
			RuntimeCall::DemandResponse(pallet_demand_response::Call::create_metered_program {
				name: b"Evening peak".to_vec().try_into().unwrap(),
				program_type: ProgramType::PeakShaving,
				region: north(),
				target_reduction_kw: 50,
				incentive_rate: 1_000,
				first_interval: FIRST,
				intervals: 2,
			});
		assert_ok!(chain.apply(Alice, create).unwrap());
		let join =
			RuntimeCall::DemandResponse(pallet_demand_response::Call::join_program_metered {
				program_id: 0,
				committed_reduction_kw: 40,
				meter: 0,
			});
		assert_ok!(chain.apply(Bob, join).unwrap());

		// Each interval's reading once it has ended.
		let plan = [(1, 10_000), (2, 10_000), (3, 10_000), (4, 10_000), (5, 5_000), (6, 5_000)];
		for (interval, wh) in plan {
			chain.close_block();
			chain.run_to((interval + 1) * BLOCKS_PER_INTERVAL);
			chain.open_block();
			let reading = Reading {
				meter: 0,
				interval,
				imported_wh: wh,
				exported_wh: 0,
				quality: ReadingQuality::Measured,
			};
			assert_ok!(chain.apply_general(readings_call(vec![sign(&key, reading)])).unwrap());
		}
		// Its operator cannot re-key it while the reward is open.
		let rotate = RuntimeCall::Metering(pallet_metering::Call::rotate_meter_key {
			meter: 0,
			new_key: ed25519::Pair::from_seed(&[12; 32]).public(),
		});
		assert_eq!(
			chain.apply(Alice, rotate).unwrap(),
			Err(pallet_metering::Error::<Runtime>::MeterInUse.into())
		);

		// Final once the last event interval's late window (4 intervals) has closed.
		chain.close_block();
		chain.run_to((FIRST + 1 + 4 + 1) * BLOCKS_PER_INTERVAL);
		chain.open_block();
		let bob = Balances::balance(&Bob.to_account_id());
		let claim = RuntimeCall::DemandResponse(pallet_demand_response::Call::claim_reward {
			program_id: 0,
			participant: Bob.to_account_id(),
		});
		assert_ok!(chain.apply(Dave, claim).unwrap());
		assert!(frame_system::Pallet::<Runtime>::events().iter().any(|r| r.event
			== grid_runtime::RuntimeEvent::DemandResponse(DrEvent::ReductionMetered {
				program_id: 0,
				participant: Bob.to_account_id(),
				baseline_wh: Some(10_000),
				reduced_wh: 10_000,
				delivered_kw: 20,
			})));
		// Paid its reward, and its participation deposit is released.
		let deposit = grid_runtime::configs::DemandParticipationDeposit::get();
		assert_eq!(Balances::balance(&Bob.to_account_id()), bob + 20_000 + deposit);
		assert_eq!(DemandResponse::metered_event(0).map(|e| e.first_interval), Some(FIRST));
		try_state_all().expect("grid invariants hold");
	});
}
