//! Benchmarks of every call, each in its worst case: the operator table and the validator
//! candidates one short of full (full for `set_capabilities`, which revokes a candidate's
//! validate capability), every candidate with session keys, the longest name.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::{Inspect as _, Mutate as _};
use frame_system::RawOrigin;

fn region(name: &[u8]) -> RegionId {
	RegionId::new(name).expect("a valid region name")
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let deposit = T::RegistrationDeposit::get();
	let amount = T::Currency::minimum_balance().saturating_add(deposit).saturating_add(deposit);
	T::Currency::set_balance(&who, amount);
	who
}

fn longest_name<T: Config>() -> OperatorName<T> {
	BoundedVec::truncate_from(alloc::vec![b'n'; T::MaxNameLen::get() as usize])
}

/// Fill the table up to `operators` operators, `candidates` of them validator candidates
/// with session keys (counting those already there, for example from genesis).
fn fill<T: Config>(operators: u32, candidates: u32) {
	let mut have_candidates = ValidatorCandidates::<T>::get().len() as u32;
	let mut i = 0;
	while OperatorCount::<T>::get() < operators {
		let who = funded::<T>("filler", i);
		i += 1;
		let caps = if have_candidates < candidates {
			have_candidates += 1;
			T::BenchmarkHelper::set_session_keys(&who);
			Capabilities::all()
		} else {
			Capabilities::default().with(Capability::ReportLoad)
		};
		Pallet::<T>::make_operator(&who, region(b"North"), caps);
	}
}

/// A fresh operator in `status`, with every capability (and session keys).
fn operator<T: Config>(status: OperatorStatus) -> T::AccountId {
	let who = funded::<T>("operator", 0);
	T::BenchmarkHelper::set_session_keys(&who);
	Pallet::<T>::make_operator(&who, region(b"North"), Capabilities::all());
	let mut info = Operators::<T>::get(&who).expect("just made");
	info.status = status;
	Pallet::<T>::store_and_resync(&who, Some(info)).expect("within bounds");
	who
}

/// Put `who` in the active and the planned validator sets, both full.
fn validating<T: Config>(who: &T::AccountId) {
	let mut set: Vec<T::AccountId> = ValidatorCandidates::<T>::get().into_inner();
	if !set.contains(who) {
		set.push(who.clone());
	}
	set.sort();
	set.truncate(T::MaxValidators::get() as usize);
	if !set.contains(who) {
		set.pop();
		set.push(who.clone());
		set.sort();
	}
	let set: BoundedVec<_, T::MaxValidators> = BoundedVec::truncate_from(set);
	ActiveValidators::<T>::put(set.clone());
	PlannedValidators::<T>::put(set);
}

fn verifier<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::VerifierOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_operator() {
		fill::<T>(T::MaxOperators::get() - 1, 0);
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), longest_name::<T>(), region(b"North"), 1_000_000);

		assert_eq!(Operators::<T>::get(&caller).map(|i| i.status), Some(OperatorStatus::Pending));
	}

	#[benchmark]
	fn verify_operator() -> Result<(), BenchmarkError> {
		fill::<T>(T::MaxOperators::get() - 1, T::MaxValidators::get() - 1);
		let who = operator::<T>(OperatorStatus::Pending);
		let origin = verifier::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::Lookup::unlookup(who.clone()), region(b"North"));

		assert!(ValidatorCandidates::<T>::get().contains(&who));
		Ok(())
	}

	/// A validator of this session and the next: it is out at the next boundary.
	#[benchmark]
	fn suspend_operator() -> Result<(), BenchmarkError> {
		fill::<T>(T::MaxOperators::get() - 1, T::MaxValidators::get() - 1);
		let who = operator::<T>(OperatorStatus::Verified);
		validating::<T>(&who);
		let origin =
			T::SuspendOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::Lookup::unlookup(who.clone()));

		assert_eq!(Operators::<T>::get(&who).map(|i| i.status), Some(OperatorStatus::Suspended));
		assert_eq!(EarlyRotations::<T>::get(), 2);
		Ok(())
	}

	#[benchmark]
	fn reinstate_operator() -> Result<(), BenchmarkError> {
		fill::<T>(T::MaxOperators::get() - 1, T::MaxValidators::get() - 1);
		let who = operator::<T>(OperatorStatus::Suspended);
		let origin = verifier::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::Lookup::unlookup(who.clone()));

		assert!(ValidatorCandidates::<T>::get().contains(&who));
		Ok(())
	}

	/// An operator validating now and planned for the next session, removed without slash:
	/// it is taken out of both at the next boundary (the early rotations read both sets) and
	/// its deposit waits in `Leaving` (a slash instead writes the balance and the issuance:
	/// about as many writes).
	#[benchmark]
	fn remove_operator() -> Result<(), BenchmarkError> {
		fill::<T>(T::MaxOperators::get() - 1, T::MaxValidators::get() - 1);
		let who = operator::<T>(OperatorStatus::Verified);
		validating::<T>(&who);
		let origin =
			T::SuspendOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::Lookup::unlookup(who.clone()), false);

		assert!(!Operators::<T>::contains_key(&who));
		assert!(Leaving::<T>::contains_key(&who), "its deposit waits in Leaving");
		assert_eq!(EarlyRotations::<T>::get(), 2);
		Ok(())
	}

	/// An offence reported against a verified validator of this session and the next, with
	/// the table one short of full: its deposit slashed, its record, council seat and
	/// candidacy removed, two early rotations due (the council's change is charged apart,
	/// as `CouncilChangeWeight`).
	#[benchmark]
	fn punish_offender() {
		fill::<T>(T::MaxOperators::get() - 1, T::MaxValidators::get() - 1);
		let who = operator::<T>(OperatorStatus::Verified);
		validating::<T>(&who);

		#[block]
		{
			Pallet::<T>::punish_offender(&who, 1);
		}

		assert!(!Operators::<T>::contains_key(&who));
		assert_eq!(EarlyRotations::<T>::get(), 2);
	}

	/// With the most for the `Commitments` check to read (its region's balancing list full
	/// of others' actions), by an operator that validated in this session's predecessor: its
	/// deposit waits in `Leaving`.
	#[benchmark]
	fn deregister() {
		fill::<T>(T::MaxOperators::get() - 1, T::MaxValidators::get() - 1);
		let who = operator::<T>(OperatorStatus::Verified);
		T::Commitments::worst_case(&who, &region(b"North"));
		LastValidated::<T>::insert(&who, CurrentSession::<T>::get());

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!Operators::<T>::contains_key(&who));
		assert!(Leaving::<T>::contains_key(&who));
	}

	/// A move of region, with the most for the `Commitments` check to read.
	#[benchmark]
	fn update_operator() {
		fill::<T>(T::MaxOperators::get() - 1, T::MaxValidators::get() - 1);
		let who = operator::<T>(OperatorStatus::Verified);
		T::Commitments::worst_case(&who, &region(b"North"));

		#[extrinsic_call]
		_(
			RawOrigin::Signed(who.clone()),
			Some(longest_name::<T>()),
			Some(region(b"South")),
			Some(2_000_000),
		);

		assert_eq!(Operators::<T>::get(&who).map(|i| i.status), Some(OperatorStatus::Pending));
	}

	/// Revoking the validate capability of a candidate with keys, the costlier way: the
	/// `MinValidators` check reads the session keys of every other candidate (granting only
	/// inserts into the sorted list).
	#[benchmark]
	fn set_capabilities() -> Result<(), BenchmarkError> {
		fill::<T>(T::MaxOperators::get() - 1, T::MaxValidators::get() - 1);
		let who = operator::<T>(OperatorStatus::Verified);
		assert!(ValidatorCandidates::<T>::get().contains(&who));
		let origin =
			T::CapabilityOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::Lookup::unlookup(who.clone()), Capabilities::default());

		assert!(!ValidatorCandidates::<T>::get().contains(&who));
		Ok(())
	}

	/// A registration that waited out `PendingExpiry`, with the table one short of full and
	/// the most for the `Commitments` check to read.
	#[benchmark]
	fn expire_registration() {
		fill::<T>(T::MaxOperators::get() - 1, T::MaxValidators::get() - 1);
		let who = funded::<T>("operator", 0);
		Pallet::<T>::register_operator(
			RawOrigin::Signed(who.clone()).into(),
			longest_name::<T>(),
			region(b"North"),
			1_000,
		)
		.expect("a place is free");
		let later = frame_system::Pallet::<T>::block_number() + T::PendingExpiry::get();
		frame_system::Pallet::<T>::set_block_number(later);
		T::Commitments::worst_case(&who, &region(b"North"));
		// It validated before it moved region: its deposit waits in `Leaving`.
		LastValidated::<T>::insert(&who, CurrentSession::<T>::get());
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), T::Lookup::unlookup(who.clone()));

		assert!(!Operators::<T>::contains_key(&who));
		assert!(Leaving::<T>::contains_key(&who));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
