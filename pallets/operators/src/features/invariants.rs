//! The pallet's storage invariants (`try_state`).

use crate::*;

impl<T: Config> Pallet<T> {
	/// The invariants of this pallet's storage.
	///
	/// - Every operator has its recorded deposit on hold, and the count matches.
	/// - The pending list is exactly the pending operators, and its count matches.
	/// - The council members are exactly the verified operators, sorted.
	/// - The candidates are exactly the verified operators with the validate capability.
	/// - Deposits leaving are of former operators, held, and counted; with the operators they
	///   are at most `MaxOperators`; a last validated session is of an operator or a leaving
	///   account.
	/// - The active and planned validator sets are sorted sets (their members need not be
	///   operators any more: one removed or suspended since leaves at a coming rotation).
	///
	/// Compiled natively (tests of this pallet and of the runtime) and for try-runtime.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut count: u32 = 0;
		let mut members = Vec::new();
		let mut candidates = Vec::new();
		let mut pending: u32 = 0;
		for (who, info) in Operators::<T>::iter() {
			count = count.saturating_add(1);
			ensure!(
				Pending::<T>::contains_key(&who) == (info.status == OperatorStatus::Pending),
				"the pending list differs from the pending operators"
			);
			if info.status == OperatorStatus::Pending {
				pending = pending.saturating_add(1);
			}
			let held = T::Currency::balance_on_hold(&HoldReason::OperatorDeposit.into(), &who);
			ensure!(held >= info.deposit, "operator deposit not held");
			if info.is_verified() {
				members.push(who.clone());
			}
			if info.is_validator_candidate() {
				candidates.push(who);
			}
		}
		members.sort();
		candidates.sort();
		ensure!(count == OperatorCount::<T>::get(), "operator count is off");
		ensure!(
			pending == Pending::<T>::count() && Pending::<T>::iter_keys().count() as u32 == pending,
			"pending count is off"
		);
		ensure!(members == CouncilMembers::<T>::get().into_inner(), "council out of sync");
		ensure!(
			candidates == ValidatorCandidates::<T>::get().into_inner(),
			"candidates out of sync"
		);
		ensure!(
			(1..=T::MaxValidators::get()).contains(&MinValidators::<T>::get()),
			"MinValidators is not within 1..=MaxValidators"
		);
		let mut leaving: u32 = 0;
		for (who, amount) in Leaving::<T>::iter() {
			leaving = leaving.saturating_add(1);
			ensure!(!Operators::<T>::contains_key(&who), "a leaving deposit of an operator");
			let held = T::Currency::balance_on_hold(&HoldReason::OperatorDeposit.into(), &who);
			ensure!(held >= amount, "leaving deposit not held");
		}
		ensure!(leaving == Leaving::<T>::count(), "leaving count is off");
		ensure!(
			count.saturating_add(leaving) <= T::MaxOperators::get(),
			"operators and leaving deposits exceed MaxOperators"
		);
		for who in LastValidated::<T>::iter_keys() {
			ensure!(
				Operators::<T>::contains_key(&who) || Leaving::<T>::contains_key(&who),
				"a last validated session of an account that is gone"
			);
		}
		// A removed or suspended operator stays in the active and planned sets until the
		// session rotations take it out, so these need not be operators; but they are sets.
		for set in [ActiveValidators::<T>::get(), PlannedValidators::<T>::get()] {
			ensure!(set.windows(2).all(|w| w[0] < w[1]), "a validator set is not sorted");
		}
		Ok(())
	}
}
