//! Verification by the council's origin: verifying, suspending, reinstating, removing, and
//! capabilities.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Verify `who` (`verify_operator`, its caller checked).
	pub(crate) fn do_verify_operator(who: T::AccountId, region: RegionId) -> DispatchResult {
		let info = Operators::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
		ensure!(info.status == OperatorStatus::Pending, Error::<T>::NotPending);
		ensure!(info.region == region, Error::<T>::RegionMismatch);
		Self::change_status(&who, OperatorStatus::Pending, OperatorStatus::Verified)?;
		Self::deposit_event(Event::OperatorVerified { operator: who });
		Ok(())
	}

	/// Suspend `who` (`suspend_operator`, its caller checked).
	pub(crate) fn do_suspend_operator(who: T::AccountId) -> DispatchResult {
		Self::change_status(&who, OperatorStatus::Verified, OperatorStatus::Suspended)?;
		Self::leave_at_next_boundary(&who);
		Self::deposit_event(Event::OperatorSuspended { operator: who });
		Ok(())
	}

	/// Reinstate `who` (`reinstate_operator`, its caller checked).
	pub(crate) fn do_reinstate_operator(who: T::AccountId) -> DispatchResult {
		Self::change_status(&who, OperatorStatus::Suspended, OperatorStatus::Verified)?;
		Self::deposit_event(Event::OperatorReinstated { operator: who });
		Ok(())
	}

	/// Remove `who` (`remove_operator`, its caller checked).
	pub(crate) fn do_remove_operator(who: T::AccountId, slash: bool) -> DispatchResultWithPostInfo {
		let removed = Self::do_remove(&who, slash)?;
		let (released, slashed) = (removed.released, removed.slashed);
		Self::deposit_event(Event::OperatorRemoved { operator: who, released, slashed });
		Ok(council_refund(removed.council_changed, T::WeightInfo::remove_operator()))
	}

	/// Set `who`'s capabilities (`set_capabilities`, its caller checked).
	pub(crate) fn do_set_capabilities(
		who: T::AccountId,
		capabilities: Capabilities,
	) -> DispatchResult {
		let mut info = Operators::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
		info.capabilities = capabilities;
		Self::store_and_resync(&who, Some(info))?;
		Self::deposit_event(Event::CapabilitiesSet { operator: who, capabilities });
		Ok(())
	}

	/// Move `who` from status `from` to `to`, keeping the council and candidates in sync.
	pub(crate) fn change_status(
		who: &T::AccountId,
		from: OperatorStatus,
		to: OperatorStatus,
	) -> DispatchResult {
		let mut info = Operators::<T>::get(who).ok_or(Error::<T>::NotRegistered)?;
		ensure!(
			info.status == from,
			match from {
				OperatorStatus::Pending => Error::<T>::NotPending,
				OperatorStatus::Verified => Error::<T>::NotVerified,
				OperatorStatus::Suspended => Error::<T>::NotSuspended,
			}
		);
		info.status = to;
		Self::store_and_resync(who, Some(info)).map(|_| ())
	}
}
