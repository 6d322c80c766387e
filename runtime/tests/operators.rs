//! The permissioned validator set, in the real runtime with real blocks (Aura slots,
//! timestamp inherents, signed extrinsics through `Executive`): a new operator registers,
//! the grid council verifies it by a two-thirds motion (not sudo), it sets session keys, and
//! it is a validator after two session rotations; a council suspension takes it out again.

use codec::Encode;
use frame_support::{
	assert_ok,
	traits::{
		fungible::{Inspect, InspectHold},
		Get,
	},
};
use grid_primitives::{Capabilities, RegionId};
use grid_runtime::{
	configs::{CouncilProposalDeposit, OperatorDeposit, SessionKeyDeposit, SessionPeriod},
	Balances, Runtime, RuntimeCall, RuntimeHoldReason, SessionKeys,
};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Eve};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::traits::{BlakeTwo256, Hash as _};
use std::sync::Arc;

mod common;
use common::{externalities_of, Chain};

/// The `local_testnet` genesis (four operators, four council members), with a keystore.
fn local_testnet() -> sp_io::TestExternalities {
	let mut ext = externalities_of("local_testnet");
	ext.register_extension(KeystoreExt(Arc::new(MemoryKeystore::new())));
	ext
}

/// A council motion for `call`, proposed by Alice and approved by just enough of Alice,
/// Bob, Charlie and Dave for three quarters of the council (what changing its membership
/// takes; more than the two thirds of the other admin calls), then closed. Returns whether
/// it executed successfully.
fn council_motion(chain: &mut Chain, call: RuntimeCall) -> bool {
	let members = pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get().len();
	// At least three quarters of the council: ceil(3 × members / 4).
	let needed = (3 * members).div_ceil(4);
	let ayes: Vec<Sr25519Keyring> =
		[Alice, Bob, Charlie, Sr25519Keyring::Dave].into_iter().take(needed).collect();
	common::council_motion(chain, &ayes, call) == Some(Ok(()))
}

/// What `who` holds for its session keys.
fn key_deposit(who: &grid_runtime::AccountId) -> grid_runtime::Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Session(pallet_session::HoldReason::Keys), who)
}

/// The attack: any account may call `Session::set_keys`, writing three storage items. They
/// cost a deposit, held until the keys are purged; an account that cannot hold it writes
/// nothing.
#[test]
fn session_keys_hold_a_deposit_until_purged() {
	local_testnet().execute_with(|| {
		let mut chain = Chain::new();
		let ferdie = Sr25519Keyring::Ferdie.to_account_id();
		let before = Balances::balance(&ferdie);
		let generated = SessionKeys::generate(&ferdie.encode(), None);
		assert_ok!(chain.submit(
			Sr25519Keyring::Ferdie,
			RuntimeCall::Session(pallet_session::Call::set_keys {
				keys: generated.keys,
				proof: generated.proof.encode(),
			})
		));
		assert_eq!(key_deposit(&ferdie), SessionKeyDeposit::get());
		assert_ok!(chain.submit(
			Sr25519Keyring::Ferdie,
			RuntimeCall::Session(pallet_session::Call::purge_keys {})
		));
		assert_eq!(key_deposit(&ferdie), 0);
		assert!(Balances::balance(&ferdie) < before, "only the fees are gone");
		assert!(
			before - Balances::balance(&ferdie) < SessionKeyDeposit::get(),
			"the deposit came back"
		);
		assert!(!pallet_session::NextKeys::<Runtime>::contains_key(&ferdie));
	});
}

/// What `who` holds for its council proposals.
fn proposal_deposit(who: &grid_runtime::AccountId) -> grid_runtime::Balance {
	Balances::balance_on_hold(
		&RuntimeHoldReason::Council(pallet_collective::HoldReason::ProposalSubmission),
		who,
	)
}

/// The attack: a council member fills the `MaxProposals` places with motions nobody votes
/// for. Each stored proposal holds a deposit that grows by a quarter with every open one;
/// it is released (by anyone) once the proposal is closed.
#[test]
fn council_proposals_hold_a_growing_deposit_until_released() {
	local_testnet().execute_with(|| {
		let mut chain = Chain::new();
		let remark = |n: u8| RuntimeCall::System(frame_system::Call::remark { remark: vec![n] });
		let propose = |chain: &mut Chain, who: Sr25519Keyring, call: RuntimeCall| {
			let length_bound = call.encoded_size() as u32;
			assert_ok!(chain.submit(
				who,
				RuntimeCall::Council(pallet_collective::Call::propose {
					threshold: 3,
					proposal: Box::new(call),
					length_bound,
				})
			));
		};
		let (alice, bob) = (Alice.to_account_id(), Bob.to_account_id());
		propose(&mut chain, Alice, remark(1));
		assert_eq!(proposal_deposit(&alice), CouncilProposalDeposit::get());
		propose(&mut chain, Bob, remark(2));
		assert_eq!(proposal_deposit(&bob), CouncilProposalDeposit::get() * 5 / 4, "one open");
		propose(&mut chain, Alice, remark(3));
		assert_eq!(
			proposal_deposit(&alice),
			CouncilProposalDeposit::get() + CouncilProposalDeposit::get() * 25 / 16,
			"two open: 1.25^2"
		);

		// The first motion passes and closes; its deposit is released by whoever asks.
		assert!(council_motion(&mut chain, remark(4)));
		let hash = BlakeTwo256::hash_of(&remark(4));
		let held = proposal_deposit(&alice);
		assert_ok!(chain.submit(
			Charlie,
			RuntimeCall::Council(pallet_collective::Call::release_proposal_cost {
				proposal_hash: hash
			})
		));
		assert!(proposal_deposit(&alice) < held, "the closed motion's deposit came back");
		// An open proposal's deposit stays held.
		let open = BlakeTwo256::hash_of(&remark(1));
		assert!(chain
			.submit(
				Charlie,
				RuntimeCall::Council(pallet_collective::Call::release_proposal_cost {
					proposal_hash: open
				})
			)
			.is_err());
	});
}

fn operator_deposit(who: &grid_runtime::AccountId) -> grid_runtime::Balance {
	Balances::balance_on_hold(
		&RuntimeHoldReason::Operators(pallet_operators::HoldReason::OperatorDeposit),
		who,
	)
}

fn validators() -> Vec<grid_runtime::AccountId> {
	pallet_session::Validators::<Runtime>::get()
}

fn aura_has(key: &sp_consensus_aura::sr25519::AuthorityId) -> bool {
	pallet_aura::Authorities::<Runtime>::get().contains(key)
}

#[test]
fn genesis_operators_are_the_validators_and_the_council() {
	local_testnet().execute_with(|| {
		let four: Vec<_> =
			[Alice, Bob, Charlie, Sr25519Keyring::Dave].iter().map(|k| k.to_account_id()).collect();
		let mut sorted = four.clone();
		sorted.sort();
		assert_eq!(validators(), sorted);
		assert_eq!(pallet_operators::CouncilMembers::<Runtime>::get().into_inner(), sorted);
		assert_eq!(
			pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get(),
			sorted
		);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 4);
		let deposit = Balances::balance_on_hold(
			&RuntimeHoldReason::Operators(pallet_operators::HoldReason::OperatorDeposit),
			&Alice.to_account_id(),
		);
		assert_eq!(deposit, OperatorDeposit::get());
		pallet_operators::Pallet::<Runtime>::do_try_state().unwrap();
	});
}

#[test]
fn a_council_verified_operator_with_keys_validates_after_two_rotations_until_suspended() {
	local_testnet().execute_with(|| {
		let mut chain = Chain::new();
		let eve = Eve.to_account_id();
		let period: u32 = SessionPeriod::get();

		// Eve registers as an operator of "North".
		assert_ok!(chain.submit(
			Eve,
			RuntimeCall::Operators(pallet_operators::Call::register_operator {
				name: b"PowerCorp".to_vec().try_into().unwrap(),
				region: RegionId::try_from("North").unwrap(),
				capacity_kw: 1_000_000,
			})
		));
		assert!(!pallet_operators::Pallet::<Runtime>::is_verified_operator(&eve));

		// Not sudo, and not one council member alone: the verifier origin refuses both.
		assert!(chain
			.submit(
				Alice,
				RuntimeCall::Operators(pallet_operators::Call::verify_operator {
					operator: eve.clone().into(),
					region: RegionId::try_from("North").unwrap(),
				})
			)
			.is_err());

		// Two thirds of the council verify Eve and let her validate.
		let verify = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![
				RuntimeCall::Operators(pallet_operators::Call::verify_operator {
					operator: eve.clone().into(),
					region: RegionId::try_from("North").unwrap(),
				}),
				RuntimeCall::Operators(pallet_operators::Call::set_capabilities {
					operator: eve.clone().into(),
					capabilities: Capabilities::all(),
				}),
			],
		});
		assert!(council_motion(&mut chain, verify), "the council's motion executed");
		assert!(pallet_operators::Pallet::<Runtime>::is_verified_operator(&eve));
		assert!(pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get()
			.contains(&eve));

		// Eve's node generates session keys; Eve registers them with a proof of possession.
		let generated = SessionKeys::generate(&eve.encode(), None);
		let eve_aura = generated.keys.aura.clone();
		assert_ok!(chain.submit(
			Eve,
			RuntimeCall::Session(pallet_session::Call::set_keys {
				keys: generated.keys,
				proof: generated.proof.encode(),
			})
		));
		assert!(!validators().contains(&eve), "not before the session rotates");
		assert_eq!(key_deposit(&eve), SessionKeyDeposit::get(), "her keys hold a deposit");

		// First rotation plans the new set; the second makes it current.
		chain.run_to(period);
		assert!(!validators().contains(&eve));
		chain.run_to(2 * period);
		assert!(validators().contains(&eve), "a validator after two rotations");
		assert!(aura_has(&eve_aura), "Aura authors with Eve's key");
		assert_eq!(validators().len(), 5);

		// The council suspends Eve: she leaves the set at the next session boundary, in
		// the two blocks after the motion closed (two rotations come early).
		let suspend = RuntimeCall::Operators(pallet_operators::Call::suspend_operator {
			operator: eve.clone().into(),
		});
		chain.run_to(2 * period + 5);
		let session = pallet_session::CurrentIndex::<Runtime>::get();
		assert!(council_motion(&mut chain, suspend));
		assert!(!pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get()
			.contains(&eve));
		assert!(validators().contains(&eve), "she validates until the boundary");
		chain.run_to(chain.number + 2);
		assert_eq!(pallet_session::CurrentIndex::<Runtime>::get(), session + 2);
		assert!(!validators().contains(&eve), "suspended: out of the validator set");
		assert!(!aura_has(&eve_aura));
		assert_eq!(validators().len(), 4);

		// The council removes her: she no longer validates, but did in the last sessions,
		// whose offences may still be reported: her deposit stays held meanwhile.
		let remove = RuntimeCall::Operators(pallet_operators::Call::remove_operator {
			operator: eve.clone().into(),
			slash: false,
		});
		assert!(council_motion(&mut chain, remove));
		assert!(!pallet_operators::Operators::<Runtime>::contains_key(&eve));
		assert_eq!(operator_deposit(&eve), OperatorDeposit::get());
		assert_eq!(pallet_operators::Leaving::<Runtime>::get(&eve), Some(OperatorDeposit::get()));
		pallet_operators::Pallet::<Runtime>::do_try_state().unwrap();
	});
}
