//! The real runtime, natively: the `development` genesis builds, a signed balance transfer
//! dispatches through `Executive`, and the metadata lists the pallets.

use codec::Decode;
use frame_support::{assert_ok, traits::fungible::Inspect};
use grid_runtime::{
	genesis_config_presets::{self, ENDOWMENT},
	signing::{self, ChainContext},
	Balances, Executive, Header, Runtime, RuntimeCall, RuntimeEvent, System, VERSION,
};
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring::{Alice, Bob};
use sp_runtime::{traits::Header as _, BuildStorage};

mod common;
use common::{externalities_of, genesis_of};

fn dev_externalities() -> sp_io::TestExternalities {
	externalities_of(DEV_RUNTIME_PRESET)
}

#[test]
fn development_genesis_has_alice_as_authority_and_sudo() {
	dev_externalities().execute_with(|| {
		let aura = pallet_aura::Authorities::<Runtime>::get();
		assert_eq!(aura.len(), 1);
		assert_eq!(aura[0], Alice.public().into());
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Alice.to_account_id()));
		assert_eq!(Balances::balance(&Bob.to_account_id()), ENDOWMENT);
	});
}

#[test]
fn local_testnet_genesis_has_four_authorities() {
	let genesis = genesis_of(LOCAL_TESTNET_RUNTIME_PRESET);
	// Aura and GRANDPA get their authorities from the session keys of the operators.
	assert_eq!(genesis.session.keys.len(), 4);
	assert_eq!(genesis.operators.operators.len(), 4);
	let storage = genesis.build_storage().expect("genesis builds");
	sp_io::TestExternalities::from(storage).execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 4);
		// No sudo key: Root is the council's (runtime/tests/governance.rs).
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
	});
	assert!(genesis_config_presets::get_preset(&"no-such-preset".into()).is_none());
	assert_eq!(
		genesis_config_presets::preset_names(),
		vec![
			PresetId::from(DEV_RUNTIME_PRESET),
			PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
			PresetId::from(genesis_config_presets::DEMO_PRESET),
		]
	);
}

#[test]
fn only_the_demo_genesis_shortens_metering_intervals() {
	dev_externalities().execute_with(|| {
		assert_eq!(
			pallet_metering::Pallet::<Runtime>::interval_ms(),
			grid_primitives::METERING_INTERVAL_MS
		);
	});
	externalities_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(
			pallet_metering::Pallet::<Runtime>::interval_ms(),
			grid_primitives::METERING_INTERVAL_MS
		);
	});
	externalities_of(genesis_config_presets::DEMO_PRESET).execute_with(|| {
		assert_eq!(pallet_metering::Pallet::<Runtime>::interval_ms(), 6_000);
		// Otherwise it is the development chain.
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Alice.to_account_id()));
	});
}

#[test]
fn signed_transfer_dispatches_in_a_block() {
	dev_externalities().execute_with(|| {
		let genesis_hash = frame_system::BlockHash::<Runtime>::get(0);
		let header = Header::new(
			1,
			Default::default(),
			Default::default(),
			genesis_hash,
			Default::default(),
		);
		Executive::initialize_block(&header);

		let (alice, bob) = (Alice.to_account_id(), Bob.to_account_id());
		let amount = 42 * grid_runtime::constants::UNIT;
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: bob.clone().into(),
			value: amount,
		});
		let chain = ChainContext {
			genesis_hash,
			spec_version: VERSION.spec_version,
			transaction_version: VERSION.transaction_version,
		};
		let xt = signing::sign(call, &Alice.pair(), 0, &chain);

		assert_ok!(Executive::apply_extrinsic(xt.clone()).expect("valid transaction"));

		assert_eq!(Balances::balance(&bob), ENDOWMENT + amount);
		let fee = ENDOWMENT - amount - Balances::balance(&alice);
		assert!(fee > 0, "the signer pays a fee");
		assert_eq!(System::account_nonce(&alice), 1);
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Balances(pallet_balances::Event::Transfer {
				from: alice.clone(),
				to: bob.clone(),
				amount,
			})));

		// The same extrinsic again is a stale nonce: refused, nothing moves.
		assert!(Executive::apply_extrinsic(xt).is_err());
		assert_eq!(Balances::balance(&bob), ENDOWMENT + amount);
	});
}

#[test]
fn a_transfer_signed_for_another_chain_is_refused() {
	dev_externalities().execute_with(|| {
		let header = Header::new(
			1,
			Default::default(),
			Default::default(),
			Default::default(),
			Default::default(),
		);
		Executive::initialize_block(&header);
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: Bob.to_account_id().into(),
			value: 1,
		});
		let wrong = ChainContext {
			genesis_hash: [7u8; 32].into(),
			spec_version: VERSION.spec_version,
			transaction_version: VERSION.transaction_version,
		};
		assert!(Executive::apply_extrinsic(signing::sign(call, &Alice.pair(), 0, &wrong)).is_err());
		assert_eq!(Balances::balance(&Bob.to_account_id()), ENDOWMENT);
	});
}

#[test]
fn metadata_v15_and_v16_list_every_pallet() {
	use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};

	let versions = Runtime::metadata_versions();
	assert!(versions.contains(&15) && versions.contains(&16), "{versions:?}");

	let opaque = Runtime::metadata_at_version(15).expect("v15 is offered");
	let prefixed = RuntimeMetadataPrefixed::decode(&mut &opaque[..]).expect("decodes");
	let RuntimeMetadata::V15(metadata) = prefixed.1 else { panic!("not v15") };
	let names: Vec<_> = metadata.pallets.iter().map(|p| p.name.as_str()).collect();
	for expected in [
		"System",
		"Timestamp",
		"Aura",
		"Grandpa",
		"Balances",
		"TransactionPayment",
		"Sudo",
		"Utility",
	] {
		assert!(names.contains(&expected), "{expected} missing from {names:?}");
	}
	let apis: Vec<_> = metadata.apis.iter().map(|a| a.name.as_str()).collect();
	for expected in ["GenesisBuilder", "TransactionPaymentApi", "AccountNonceApi", "Metadata"] {
		assert!(apis.contains(&expected), "runtime API {expected} missing from {apis:?}");
	}
	let extensions: Vec<_> =
		metadata.extrinsic.signed_extensions.iter().map(|e| e.identifier.as_str()).collect();
	assert!(extensions.contains(&"CheckMetadataHash"), "{extensions:?}");
}

#[test]
fn version_names_the_chain() {
	assert_eq!(VERSION.spec_name, "grid-chain");
}

#[test]
fn every_pallets_integrity_test_passes() {
	use frame_support::traits::IntegrityTest;
	sp_io::TestExternalities::default().execute_with(|| {
		grid_runtime::AllPalletsWithSystem::integrity_test();
	});
}
