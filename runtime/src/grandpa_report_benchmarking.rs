//! The benchmark of a GRANDPA equivocation report as this runtime handles it, end to end:
//! `Grandpa::report_equivocation_unsigned` with a real equivocation (two prevotes of the same
//! round signed with the offender's key from the benchmark's keystore) and a real
//! key-ownership proof, in its worst case: `MAX_AUTHORITIES` validators in the session (the
//! proof of the current session is checked by rebuilding the session's trie from every
//! validator's keys), every other validator reported for the same round before (each
//! earlier offender is handed to the handler again), the offender a verified operator
//! validating now and next session, so that pallet-offences records the offence and
//! pallet-operators slashes its deposit, removes it from the council and the candidates and
//! has two rotations come early.
//!
//! pallet-grandpa's own benchmarks measure the signature check alone
//! (`check_equivocation_proof`); `weights::GrandpaWeight::report_equivocation` charges this
//! instead. `scripts/weights.sh` writes it to `weights/grandpa_equivocation_report.rs`.

use crate::{
	configs::MAX_AUTHORITIES, AccountId, BlockNumber, Hash, Historical, Runtime, SessionKeys,
};
use alloc::{boxed::Box, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{Get, KeyOwnerProofSystem},
	BoundedVec,
};
use frame_system::RawOrigin;
use grid_primitives::{Capabilities, OperatorRegistry, RegionId};
use sp_consensus_grandpa::{AuthorityId as GrandpaId, EquivocationProof, KEY_TYPE};
use sp_core::sr25519;
use sp_runtime::RuntimeAppPublic;

/// The report, benchmarked.
pub struct Pallet<T: Config>(core::marker::PhantomData<T>);

/// Implemented by this runtime only: the benchmark builds this runtime's session keys.
pub trait Config: frame_system::Config {}

impl Config for Runtime {}

/// A prevote of `offender` for block `target` in `round` of `set_id`, signed in the
/// benchmark's keystore.
fn prevote(
	offender: &GrandpaId,
	set_id: u64,
	round: u64,
	target: u8,
) -> Result<
	(finality_grandpa::Prevote<Hash, BlockNumber>, sp_consensus_grandpa::AuthoritySignature),
	BenchmarkError,
> {
	let vote =
		finality_grandpa::Prevote { target_hash: Hash::repeat_byte(target), target_number: 1 };
	let payload = sp_consensus_grandpa::localized_payload(
		round,
		set_id,
		&finality_grandpa::Message::Prevote(vote.clone()),
	);
	let signature = offender
		.sign(&payload)
		.ok_or(BenchmarkError::Stop("the key is not in the benchmark's keystore"))?;
	Ok((vote, signature))
}

/// An equivocation of `offender` in `round` of `set_id`, signed in the benchmark's keystore.
fn equivocation(
	offender: &GrandpaId,
	set_id: u64,
	round: u64,
) -> Result<EquivocationProof<Hash, BlockNumber>, BenchmarkError> {
	Ok(EquivocationProof::new(
		set_id,
		sp_consensus_grandpa::Equivocation::Prevote(finality_grandpa::Equivocation {
			round_number: round,
			identity: offender.clone(),
			first: prevote(offender, set_id, round, 1)?,
			second: prevote(offender, set_id, round, 2)?,
		}),
	))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `MAX_AUTHORITIES` validators, each an operator with a GRANDPA key in the keystore,
	/// and the operator table one short of full; GRANDPA at set 1 (both set-to-session
	/// entries read), session 2. All but one validator have equivocated in the same round
	/// already: pallet-offences hands every earlier offender of the time slot to the handler
	/// again with the last report, which is the one measured.
	#[benchmark]
	fn report_equivocation() -> Result<(), BenchmarkError> {
		let (set_id, session, round) = (1, 2, 1);
		pallet_session::CurrentIndex::<Runtime>::put(session);
		pallet_grandpa::CurrentSetId::<Runtime>::put(set_id);
		pallet_grandpa::SetIdSession::<Runtime>::insert(0, session - 1);
		pallet_grandpa::SetIdSession::<Runtime>::insert(1, session);

		let north =
			RegionId::new(b"North").map_err(|_| BenchmarkError::Stop("not a region name"))?;
		let mut validators: Vec<(AccountId, GrandpaId)> = Vec::new();
		for i in 0..MAX_AUTHORITIES {
			let who: AccountId = account("validator", i, 0);
			let raw: [u8; 32] = *who.as_ref();
			let grandpa = GrandpaId::generate_pair(None);
			let keys = SessionKeys {
				aura: sr25519::Public::from_raw(raw).into(),
				grandpa: grandpa.clone(),
			};
			pallet_session::NextKeys::<Runtime>::insert(&who, keys);
			<crate::Operators as OperatorRegistry<AccountId>>::make_operator(
				&who,
				north.clone(),
				Capabilities::all(),
			);
			validators.push((who, grandpa));
		}
		let max_operators: u32 = <Runtime as pallet_operators::Config>::MaxOperators::get();
		let mut filler = 0;
		while pallet_operators::OperatorCount::<Runtime>::get() < max_operators - 1 {
			let who: AccountId = account("operator", filler, 0);
			filler += 1;
			<crate::Operators as OperatorRegistry<AccountId>>::make_operator(
				&who,
				north.clone(),
				Capabilities::default(),
			);
		}
		let mut accounts: Vec<AccountId> = validators.iter().map(|(who, _)| who.clone()).collect();
		accounts.sort();
		pallet_session::Validators::<Runtime>::put(accounts.clone());
		let set: BoundedVec<AccountId, _> = BoundedVec::truncate_from(accounts);
		pallet_operators::ActiveValidators::<Runtime>::put(set.clone());
		pallet_operators::PlannedValidators::<Runtime>::put(set);

		let report = |key: &GrandpaId| -> Result<_, BenchmarkError> {
			let key_owner_proof = Historical::prove((KEY_TYPE, key.clone()))
				.ok_or(BenchmarkError::Stop("not a validator's key"))?;
			Ok((Box::new(equivocation(key, set_id, round)?), key_owner_proof))
		};
		let (offender, offender_key) = validators.remove(0);
		for (_, key) in &validators {
			let (proof, ownership) = report(key)?;
			pallet_grandpa::Pallet::<Runtime>::report_equivocation_unsigned(
				RawOrigin::None.into(),
				proof,
				ownership,
			)
			.map_err(|_| BenchmarkError::Stop("an earlier report in the same round failed"))?;
		}
		let (equivocation_proof, key_owner_proof) = report(&offender_key)?;

		#[block]
		{
			pallet_grandpa::Pallet::<Runtime>::report_equivocation_unsigned(
				RawOrigin::None.into(),
				equivocation_proof,
				key_owner_proof,
			)
			.map_err(|_| BenchmarkError::Stop("the report failed"))?;
		}

		assert!(!pallet_operators::Operators::<Runtime>::contains_key(&offender));
		assert_eq!(pallet_operators::Leaving::<Runtime>::count(), MAX_AUTHORITIES);
		Ok(())
	}
}
