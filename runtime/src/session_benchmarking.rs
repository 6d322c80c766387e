//! Benchmarks of pallet-session's calls as this runtime dispatches them: `set_keys` (the
//! keys' proof of possession checked, each key's owner recorded, the key deposit held and a
//! consumer added for an account's first keys) and `purge_keys` (all of it undone).
//!
//! pallet-session's own benchmarks live in `pallet-session-benchmarking`, which needs
//! pallet-staking (a bonded controller for every validator); this runtime has no staking, so
//! its session weights were Substrate's figures, measured on another runtime with a staking
//! ledger read and without this runtime's key deposit. `scripts/weights.sh` runs these
//! instead (`--pallet pallet_session`) into `weights/pallet_session.rs`.

use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use pallet_session::Call;
use sp_runtime::traits::Convert;

/// pallet-session, benchmarked.
pub struct Pallet<T: Config>(pallet_session::Pallet<T>);

/// What the benchmarks need of the runtime.
pub trait Config: pallet_session::Config {
	/// New session keys in the benchmark's keystore, and `owner`'s proof that it holds them.
	fn generate_session_keys_and_proof(owner: &Self::AccountId) -> (Self::Keys, Vec<u8>);
	/// Give `who` enough to hold the key deposit and pay for its account.
	fn fund(who: &Self::AccountId);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// An account's first keys: the proof checked, every key's owner read and written, the
	/// deposit held and a consumer added. Setting keys again (rotating them) clears the old
	/// keys' owners as it writes the new ones', but holds nothing and adds no consumer: one
	/// read fewer, as many writes.
	#[benchmark]
	fn set_keys() {
		let who: T::AccountId = account("operator", 0, 0);
		T::fund(&who);
		let (keys, proof) = T::generate_session_keys_and_proof(&who);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), keys, proof);

		let validator = <T as pallet_session::Config>::ValidatorIdOf::convert(who);
		assert!(validator.is_some_and(pallet_session::NextKeys::<T>::contains_key));
	}

	/// An account's keys purged: every key's owner cleared, the deposit released, the
	/// consumer removed.
	#[benchmark]
	fn purge_keys() -> Result<(), BenchmarkError> {
		let who: T::AccountId = account("operator", 0, 0);
		T::fund(&who);
		let (keys, proof) = T::generate_session_keys_and_proof(&who);
		pallet_session::Pallet::<T>::set_keys(RawOrigin::Signed(who.clone()).into(), keys, proof)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		let validator = <T as pallet_session::Config>::ValidatorIdOf::convert(who);
		assert!(!validator.is_some_and(pallet_session::NextKeys::<T>::contains_key));
		Ok(())
	}
}

impl Config for crate::Runtime {
	fn generate_session_keys_and_proof(owner: &crate::AccountId) -> (crate::SessionKeys, Vec<u8>) {
		use codec::Encode;
		let generated = crate::SessionKeys::generate(&owner.encode(), None);
		(generated.keys, generated.proof.encode())
	}

	fn fund(who: &crate::AccountId) {
		use frame_support::traits::fungible::Mutate;
		let _ = crate::Balances::set_balance(who, 1_000 * crate::constants::UNIT);
	}
}
