//! Accountable validators in the real runtime, with real blocks: a GRANDPA equivocation,
//! two prevotes signed with a validator's own key, is reported with a key-ownership proof
//! of the session's validator set; the validator loses its deposit and its place, and is out
//! of the Aura and GRANDPA authorities at the next session boundary (two blocks later).
//! Forged or repeated reports are refused with nothing changed.

use frame_support::{
	assert_ok,
	traits::{fungible::InspectHold, Get, KeyOwnerProofSystem},
};
use grid_runtime::{
	configs::{OperatorDeposit, SessionPeriod},
	Balances, Executive, Historical, Runtime, RuntimeCall, RuntimeEvent, RuntimeHoldReason, System,
	UncheckedExtrinsic,
};
use sp_consensus_grandpa::{AuthorityId as GrandpaId, EquivocationProof, SetId, KEY_TYPE};
use sp_core::{Pair, H256};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::transaction_validity::{
	InvalidTransaction, TransactionSource, TransactionValidity, TransactionValidityError,
};
use sp_runtime::RuntimeAppPublic;
use sp_session::MembershipProof;
use std::sync::Arc;

mod common;
use common::{externalities_of, Chain};

type Proof = EquivocationProof<H256, u32>;

type Signature = sp_consensus_grandpa::AuthoritySignature;

/// A prevote for block `target` of round `round` in set `set_id`, signed by `sign`.
fn prevote(
	sign: &dyn Fn(&[u8]) -> Signature,
	set_id: SetId,
	round: u64,
	target: u8,
) -> (finality_grandpa::Prevote<H256, u32>, Signature) {
	let vote =
		finality_grandpa::Prevote { target_hash: H256::repeat_byte(target), target_number: 1 };
	let payload = sp_consensus_grandpa::localized_payload(
		round,
		set_id,
		&finality_grandpa::Message::Prevote(vote.clone()),
	);
	(vote, sign(&payload))
}

fn signer(key: Ed25519Keyring) -> impl Fn(&[u8]) -> Signature {
	move |payload| key.pair().sign(payload).into()
}

/// `offender` prevoting for two different blocks in `round` of the current set: an
/// equivocation, with the first vote signed by `first` and the second by `second` (both the
/// offender's key, for a real one; a second target of 1 repeats the first vote).
fn equivocation_in(
	round: u64,
	offender: GrandpaId,
	first: &dyn Fn(&[u8]) -> Signature,
	second: &dyn Fn(&[u8]) -> Signature,
	second_target: u8,
) -> Proof {
	let set_id = pallet_grandpa::CurrentSetId::<Runtime>::get();
	EquivocationProof::new(
		set_id,
		sp_consensus_grandpa::Equivocation::Prevote(finality_grandpa::Equivocation {
			round_number: round,
			identity: offender,
			first: prevote(first, set_id, round, 1),
			second: prevote(second, set_id, round, second_target),
		}),
	)
}

/// [`equivocation_in`] round 3, with keyring keys: the first vote signed by `first_signer`
/// (the offender itself, for a real equivocation).
fn equivocation(offender: Ed25519Keyring, first_signer: Ed25519Keyring, second: u8) -> Proof {
	equivocation_in(3, offender.public().into(), &signer(first_signer), &signer(offender), second)
}

/// What the node's runtime API gives its voter: a proof that `key` is the GRANDPA key of a
/// validator of the current session.
fn ownership(key: Ed25519Keyring) -> MembershipProof {
	let key: GrandpaId = key.public().into();
	Historical::prove((KEY_TYPE, key)).expect("a validator's key")
}

/// What the transaction pool says of an unsigned `call` from `source` (GRANDPA still
/// validates its unsigned reports through `ValidateUnsigned`).
#[allow(deprecated)]
fn pool_validity(source: TransactionSource, call: &RuntimeCall) -> TransactionValidity {
	<Runtime as sp_runtime::traits::ValidateUnsigned>::validate_unsigned(source, call)
}

fn report(proof: Proof, key_owner_proof: MembershipProof) -> RuntimeCall {
	RuntimeCall::Grandpa(pallet_grandpa::Call::report_equivocation_unsigned {
		equivocation_proof: Box::new(proof),
		key_owner_proof,
	})
}

fn deposit_of(who: Sr25519Keyring) -> u128 {
	Balances::balance_on_hold(
		&RuntimeHoldReason::Operators(pallet_operators::HoldReason::OperatorDeposit),
		&who.to_account_id(),
	)
}

fn validators() -> Vec<grid_runtime::AccountId> {
	pallet_session::Validators::<Runtime>::get()
}

fn grandpa_has(key: Ed25519Keyring) -> bool {
	let key: GrandpaId = key.public().into();
	pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().iter().any(|(k, _)| *k == key)
}

/// The report as the block author's node includes it: valid from the local node, then
/// applied in a block. The dispatch result.
fn include(chain: &mut Chain, call: RuntimeCall) -> sp_runtime::ApplyExtrinsicResult {
	chain.open_block();
	let result = Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(call));
	chain.close_block();
	result
}

/// `call` is refused as stale: by the pool (from the local node) and from a block.
fn assert_stale(chain: &mut Chain, call: RuntimeCall) {
	assert_eq!(
		pool_validity(TransactionSource::Local, &call),
		Err(InvalidTransaction::Stale.into())
	);
	assert_eq!(
		include(chain, call),
		Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
	);
}

#[test]
fn a_grandpa_equivocation_costs_the_validator_its_deposit_and_its_place() {
	externalities_of("local_testnet").execute_with(|| {
		let mut chain = Chain::new();
		chain.run_to(2);
		let dave = Sr25519Keyring::Dave.to_account_id();
		assert!(validators().contains(&dave) && grandpa_has(Ed25519Keyring::Dave));
		assert_eq!(deposit_of(Sr25519Keyring::Dave), OperatorDeposit::get());
		let issuance = Balances::total_issuance();
		let session = pallet_session::CurrentIndex::<Runtime>::get();

		let ownership_proof = ownership(Ed25519Keyring::Dave);
		let call = report(
			equivocation(Ed25519Keyring::Dave, Ed25519Keyring::Dave, 2),
			ownership_proof.clone(),
		);
		// Only the local node (its GRANDPA voter) may submit an unsigned report: a peer
		// may not push one into the pool.
		assert!(pool_validity(TransactionSource::Local, &call).is_ok());
		assert_eq!(
			pool_validity(TransactionSource::External, &call),
			Err(InvalidTransaction::Call.into())
		);
		assert_ok!(include(&mut chain, call.clone()).expect("a valid report"));

		// Dave lost his deposit (burnt: `OnSlash = ()`) and his place.
		assert_eq!(deposit_of(Sr25519Keyring::Dave), 0);
		assert_eq!(Balances::total_issuance(), issuance - OperatorDeposit::get());
		assert!(!pallet_operators::Operators::<Runtime>::contains_key(&dave));
		assert!(!pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get()
			.contains(&dave));
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Operators(pallet_operators::Event::OffenderSlashed {
				operator: dave.clone(),
				session,
				slashed: OperatorDeposit::get(),
			})));
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Offences(pallet_offences::Event::Offence { .. })
		)));

		// Out of the authorities at the next session boundary: two early rotations, in the
		// two blocks after the report, though local_testnet's minimum is four validators.
		chain.run_to(chain.number + 2);
		assert_eq!(pallet_session::CurrentIndex::<Runtime>::get(), session + 2);
		assert!(!validators().contains(&dave));
		assert_eq!(validators().len(), 3);
		assert!(!grandpa_has(Ed25519Keyring::Dave));
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 3);
		// Then the regular sessions again.
		chain.run_to(chain.number + 3);
		assert_eq!(pallet_session::CurrentIndex::<Runtime>::get(), session + 2);

		// The same offence again: stale, in the pool and in a block (its proof is of a past
		// session now, checked against that session's stored root).
		assert_stale(&mut chain, call);
		// Another round's equivocation of his, with his old session's proof: he has nothing
		// left to take, so it is refused too (were it accepted, it would cost the reporter
		// nothing and add to pallet-offences' storage, once for every round).
		let key: GrandpaId = Ed25519Keyring::Dave.public().into();
		let dave_signs = signer(Ed25519Keyring::Dave);
		let another =
			report(equivocation_in(4, key, &dave_signs, &dave_signs, 2), ownership_proof.clone());
		assert_stale(&mut chain, another);
		assert_eq!(pallet_operators::Leaving::<Runtime>::get(&dave), Some(0));
		common::try_state_all().unwrap();
	});
}

/// A validator that rotates its session keys equivocates with its new GRANDPA key; the
/// report arrives after the session passed, with a key-ownership proof made during it: the
/// proof is checked against the root stored for that session, which must commit to the new
/// keys although the validator set (the accounts) did not change.
#[test]
fn an_equivocation_with_rotated_keys_is_provable_after_its_session() {
	let mut ext = externalities_of("local_testnet");
	ext.register_extension(KeystoreExt(Arc::new(MemoryKeystore::new())));
	ext.execute_with(|| {
		use codec::Encode;
		let mut chain = Chain::new();
		let period: u32 = SessionPeriod::get();
		let dave = Sr25519Keyring::Dave.to_account_id();
		let generated = grid_runtime::SessionKeys::generate(&dave.encode(), None);
		let new_key = generated.keys.grandpa.clone();
		assert_ok!(chain.submit(
			Sr25519Keyring::Dave,
			RuntimeCall::Session(pallet_session::Call::set_keys {
				keys: generated.keys,
				proof: generated.proof.encode(),
			})
		));
		// Two rotations: the new key votes in GRANDPA.
		chain.run_to(2 * period);
		assert!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities()
			.iter()
			.any(|(k, _)| *k == new_key));
		let ownership = Historical::prove((KEY_TYPE, new_key.clone())).expect("his key");
		let signs = |payload: &[u8]| new_key.sign(&payload.to_vec()).expect("in the keystore");
		let proof = equivocation_in(3, new_key.clone(), &signs, &signs, 2);
		// The session passes; the report comes late.
		chain.run_to(3 * period);
		assert!(ownership.session < pallet_session::CurrentIndex::<Runtime>::get());
		let call = report(proof, ownership);
		assert!(pool_validity(TransactionSource::Local, &call).is_ok());
		assert_ok!(include(&mut chain, call).expect("a valid report"));
		assert_eq!(deposit_of(Sr25519Keyring::Dave), 0);
		assert!(!pallet_operators::Operators::<Runtime>::contains_key(&dave));
	});
}

#[test]
fn forged_reports_are_refused_and_change_nothing() {
	externalities_of("local_testnet").execute_with(|| {
		let mut chain = Chain::new();
		chain.run_to(2);
		let (dave, alice) = (Ed25519Keyring::Dave, Ed25519Keyring::Alice);
		let forged = [
			// Alice signed the first vote, not Dave: no equivocation of Dave's.
			(report(equivocation(dave, alice, 2), ownership(dave)), false),
			// The same vote twice is no equivocation.
			(report(equivocation(dave, dave, 1), ownership(dave)), false),
			// Dave's equivocation with a proof of Alice's key: the proof does not hold.
			(report(equivocation(dave, dave, 2), ownership(alice)), true),
		];
		for (call, bad_ownership) in forged {
			let validity = pool_validity(TransactionSource::Local, &call);
			if bad_ownership {
				assert_eq!(validity, Err(InvalidTransaction::BadProof.into()));
				assert!(include(&mut chain, call).is_err(), "refused from the block");
			} else {
				// The pool checks the ownership proof only; the block refuses the report.
				let result = include(&mut chain, call).expect("valid as a transaction");
				assert_eq!(
					result,
					Err(pallet_grandpa::Error::<Runtime>::InvalidEquivocationProof.into())
				);
			}
			assert_eq!(deposit_of(Sr25519Keyring::Dave), OperatorDeposit::get());
			assert!(pallet_operators::Operators::<Runtime>::contains_key(
				Sr25519Keyring::Dave.to_account_id()
			));
			assert_eq!(pallet_operators::EarlyRotations::<Runtime>::get(), 0);
		}
		assert_eq!(validators().len(), 4);
		common::try_state_all().unwrap();
	});
}
