//! Registration: joining with a deposit, updating, leaving, and expiry of unverified
//! registrations.

use crate::*;

/// What removing an operator did.
pub(crate) struct Removed<T: Config> {
	/// Deposit released to it (none while it validates: see [`Leaving`]).
	pub(crate) released: BalanceOf<T>,
	/// Deposit slashed.
	pub(crate) slashed: BalanceOf<T>,
	/// Whether it left the council (it was verified).
	pub(crate) council_changed: bool,
}

impl<T: Config> Pallet<T> {
	/// Register `who` (`register_operator`, its caller checked).
	pub(crate) fn do_register_operator(
		who: T::AccountId,
		name: OperatorName<T>,
		region: RegionId,
		capacity_kw: Kilowatts,
	) -> DispatchResult {
		let deposit = Self::do_register(&who, name, region.clone(), capacity_kw)?;
		Self::deposit_event(Event::OperatorRegistered {
			operator: who,
			region,
			capacity_kw,
			deposit,
		});
		Ok(())
	}

	/// Update `who`'s record (`update_operator`).
	pub(crate) fn do_update_operator(
		who: T::AccountId,
		name: Option<OperatorName<T>>,
		region: Option<RegionId>,
		capacity_kw: Option<Kilowatts>,
	) -> DispatchResultWithPostInfo {
		ensure!(
			name.is_some() || region.is_some() || capacity_kw.is_some(),
			Error::<T>::NothingToUpdate
		);
		let council_changed = Self::do_update(&who, name, region, capacity_kw)?;
		Ok(council_refund(council_changed, T::WeightInfo::update_operator()))
	}

	/// `who` leaves (`deregister`).
	pub(crate) fn do_deregister(who: T::AccountId) -> DispatchResultWithPostInfo {
		let info = Operators::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
		ensure!(info.status != OperatorStatus::Suspended, Error::<T>::Suspended);
		ensure!(!Self::is_validating(&who), Error::<T>::StillValidating);
		ensure!(!T::Commitments::has_commitments(&who, &info.region), Error::<T>::HasCommitments);
		let removed = Self::do_remove(&who, false)?;
		let released = removed.released;
		Self::deposit_event(Event::OperatorDeregistered { operator: who, released });
		Ok(council_refund(removed.council_changed, T::WeightInfo::deregister()))
	}

	/// Expire `who`'s registration (`expire_registration`, its caller checked).
	pub(crate) fn do_expire_registration(who: T::AccountId) -> DispatchResult {
		let since = Pending::<T>::get(&who).ok_or(Error::<T>::NotPending)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now >= since.saturating_add(T::PendingExpiry::get()), Error::<T>::NotExpired);
		ensure!(!Self::is_validating(&who), Error::<T>::StillValidating);
		// Every pending operator is registered (`do_try_state`).
		let region = Operators::<T>::get(&who).ok_or(Error::<T>::NotPending)?.region;
		ensure!(!T::Commitments::has_commitments(&who, &region), Error::<T>::HasCommitments);
		let released = Self::do_remove(&who, false)?.released;
		Self::deposit_event(Event::RegistrationExpired { operator: who, released });
		Ok(())
	}

	/// Validate and store a new pending operator, holding its deposit. Returns the deposit.
	pub(crate) fn do_register(
		who: &T::AccountId,
		name: OperatorName<T>,
		region: RegionId,
		capacity_kw: Kilowatts,
	) -> Result<BalanceOf<T>, DispatchError> {
		ensure!(!Operators::<T>::contains_key(who), Error::<T>::AlreadyRegistered);
		ensure!(!Leaving::<T>::contains_key(who), Error::<T>::StillLeaving);
		ensure!(grid_primitives::is_printable_name(&name), Error::<T>::BadName);
		region.validate().map_err(|_| Error::<T>::BadRegion)?;
		ensure!(capacity_kw > 0, Error::<T>::ZeroCapacity);
		let count = OperatorCount::<T>::get();
		// Deposits still held for former operators keep their places.
		ensure!(
			count.saturating_add(Leaving::<T>::count()) < T::MaxOperators::get(),
			Error::<T>::TooManyOperators
		);
		ensure!(Pending::<T>::count() < T::MaxPending::get(), Error::<T>::TooManyPending);

		let deposit = T::RegistrationDeposit::get();
		T::Currency::hold(&HoldReason::OperatorDeposit.into(), who, deposit)
			.map_err(|_| Error::<T>::InsufficientDeposit)?;

		Operators::<T>::insert(
			who,
			OperatorInfo {
				name,
				region,
				capacity_kw,
				status: OperatorStatus::Pending,
				capabilities: Capabilities::default(),
				deposit,
				registered_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		OperatorCount::<T>::put(count.saturating_add(1));
		Pending::<T>::insert(who, frame_system::Pallet::<T>::block_number());
		Ok(deposit)
	}

	/// Remove `who`, slashing its deposit or releasing it: at once, or, if it validates or
	/// did within `ExitDelay` sessions, into [`Leaving`] until a session start releases it.
	/// A validator leaves the set at the next session boundary.
	pub(crate) fn do_remove(who: &T::AccountId, slash: bool) -> Result<Removed<T>, DispatchError> {
		Self::do_remove_checked(who, slash, true)
	}

	/// [`Self::do_remove`], keeping to `MinValidators` only if `keep_minimum`.
	pub(crate) fn do_remove_checked(
		who: &T::AccountId,
		slash: bool,
		keep_minimum: bool,
	) -> Result<Removed<T>, DispatchError> {
		let info = Operators::<T>::get(who).ok_or(Error::<T>::NotRegistered)?;
		// Checks the validator minimum before anything moves.
		let council_changed = Self::store_and_resync_checked(who, None, keep_minimum)?;

		let reason = HoldReason::OperatorDeposit.into();
		let held = T::Currency::balance_on_hold(&reason, who).min(info.deposit);
		let (released, slashed) = if slash {
			let taken = Self::slash_deposit(who, held);
			if Self::deposit_must_wait(who) {
				// Nothing left to hold, but it may not register again (and put up a deposit
				// an offence of its last sessions would take) until a session start lets it.
				Leaving::<T>::insert(who, BalanceOf::<T>::zero());
			} else {
				LastValidated::<T>::remove(who);
			}
			(Zero::zero(), taken)
		} else if Self::deposit_must_wait(who) {
			// An operator never registers while its deposit is leaving (`StillLeaving`).
			Leaving::<T>::insert(who, held);
			(Zero::zero(), Zero::zero())
		} else {
			LastValidated::<T>::remove(who);
			let released =
				T::Currency::release(&reason, who, held, Precision::BestEffort).unwrap_or_default();
			(released, Zero::zero())
		};
		Self::leave_at_next_boundary(who);
		OperatorCount::<T>::mutate(|count| *count = count.saturating_sub(1));
		Ok(Removed { released, slashed, council_changed })
	}

	pub(crate) fn do_update(
		who: &T::AccountId,
		name: Option<OperatorName<T>>,
		region: Option<RegionId>,
		capacity_kw: Option<Kilowatts>,
	) -> Result<bool, DispatchError> {
		let mut info = Operators::<T>::get(who).ok_or(Error::<T>::NotRegistered)?;
		if let Some(name) = name {
			ensure!(grid_primitives::is_printable_name(&name), Error::<T>::BadName);
			info.name = name;
		}
		if let Some(capacity_kw) = capacity_kw {
			ensure!(capacity_kw > 0, Error::<T>::ZeroCapacity);
			info.capacity_kw = capacity_kw;
		}
		let mut needs_verification = false;
		if let Some(region) = region {
			region.validate().map_err(|_| Error::<T>::BadRegion)?;
			if region != info.region {
				// A suspended operator moving would be reinstated for a region nobody
				// verified it for; a pending one stays pending.
				ensure!(info.status != OperatorStatus::Suspended, Error::<T>::Suspended);
				ensure!(
					!T::Commitments::has_commitments(who, &info.region),
					Error::<T>::HasCommitments
				);
				info.region = region;
				// Another region is another grid: the verifier must look again.
				if info.status == OperatorStatus::Verified {
					info.status = OperatorStatus::Pending;
					needs_verification = true;
				}
			}
		}
		let (region, capacity_kw) = (info.region.clone(), info.capacity_kw);
		let council_changed = Self::store_and_resync(who, Some(info))?;
		Self::deposit_event(Event::OperatorUpdated {
			operator: who.clone(),
			region,
			capacity_kw,
			needs_verification,
		});
		Ok(council_changed)
	}
}
