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
		let declared = chain
			.apply(
				Alice,
				RuntimeCall::Load(pallet_load::Call::report_load {
					region: north(),
					capacity_kw: 1_000 * KW_PER_MW,
					demand_kw: 100 * KW_PER_MW,
				}),
			)
			.unwrap();
		assert_eq!(declared, Err(pallet_load::Error::<Runtime>::RegionMetered.into()));
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
