//! Accountable validators: a validator suspended, removed or punished leaves the validator
//! set at the next session boundary; the deposit of an operator that leaves while or soon
//! after it validated stays held for offences of its last sessions; a reported offence costs
//! the validator its deposit and its place.

use crate::*;
use sp_runtime::Perbill;
use sp_staking::offence::{OffenceDetails, OnOffenceHandler};

impl<T: Config> Pallet<T> {
	/// `who` no longer belongs in the validator set: if it validates now or is planned to,
	/// have the sessions rotate early until it is out (one rotation if it is only active,
	/// two if it is planned for the next session).
	pub(crate) fn leave_at_next_boundary(who: &T::AccountId) {
		let due = if PlannedValidators::<T>::get().contains(who) {
			2
		} else if ActiveValidators::<T>::get().contains(who) {
			1
		} else {
			return;
		};
		EarlyRotations::<T>::mutate(|rotations| *rotations = (*rotations).max(due));
	}

	/// Whether `who`'s deposit must stay held if it leaves now: it validates in the current
	/// session or is planned to, or it validated within the last `ExitDelay` sessions (an
	/// offence of those sessions can still be reported).
	pub(crate) fn deposit_must_wait(who: &T::AccountId) -> bool {
		Self::is_validating(who)
			|| LastValidated::<T>::get(who).is_some_and(|last| {
				CurrentSession::<T>::get() <= last.saturating_add(T::ExitDelay::get())
			})
	}

	/// At a session's start (`session`, the one starting): note who validates in it, and
	/// release the deposits that need not wait any longer. Reads the session's validators
	/// (at most `MaxValidators`) and [`Leaving`] (at most `MaxOperators`); a session rotation
	/// is charged the whole block by pallet-session.
	pub(crate) fn on_session_start(session: SessionIndex) {
		CurrentSession::<T>::put(session);
		// A validator removed with its deposit slashed may still be in the set: it has
		// nothing left to hold, and no entry is kept for it.
		for validator in ActiveValidators::<T>::get() {
			if Operators::<T>::contains_key(&validator) || Leaving::<T>::contains_key(&validator) {
				LastValidated::<T>::insert(validator, session);
			}
		}
		if Leaving::<T>::count() == 0 {
			return;
		}
		let done: Vec<(T::AccountId, BalanceOf<T>)> =
			Leaving::<T>::iter().filter(|(who, _)| !Self::deposit_must_wait(who)).collect();
		let reason = HoldReason::OperatorDeposit.into();
		for (who, amount) in done {
			Leaving::<T>::remove(&who);
			LastValidated::<T>::remove(&who);
			if amount.is_zero() {
				continue;
			}
			let released = T::Currency::release(&reason, &who, amount, Precision::BestEffort)
				.unwrap_or_default();
			Self::deposit_event(Event::LeavingDepositReleased { operator: who, released });
		}
	}

	/// Punish `who` for an offence in `session`: its deposit (and any still held in
	/// [`Leaving`]) is slashed, it stops being an operator (even below `MinValidators`) and
	/// leaves the validator set at the next session boundary; an entry of 0 in `Leaving`
	/// keeps it from registering again while its offences can still be reported. An account
	/// already punished (pallet-offences hands the earlier offenders of the same time slot to
	/// every later report) or never an operator is left alone. The weight used.
	pub(crate) fn punish_offender(who: &T::AccountId, session: SessionIndex) -> Weight {
		let mut weight = T::WeightInfo::punish_offender();
		let mut slashed = BalanceOf::<T>::zero();
		let mut punished = false;
		// Kept with the `Leaving` entry below: when it validated last says when it may go.
		let last_validated = LastValidated::<T>::get(who);
		if Operators::<T>::contains_key(who) {
			match Self::do_remove_checked(who, true, false) {
				Ok(removed) => {
					slashed = slashed.saturating_add(removed.slashed);
					if removed.council_changed {
						weight = weight.saturating_add(T::CouncilChangeWeight::get());
					}
					punished = true;
				},
				Err(e) => log::error!(target: LOG_TARGET, "offender {who:?} not removed: {e:?}"),
			}
		}
		if let Some(amount) = Leaving::<T>::get(who).filter(|amount| !amount.is_zero()) {
			slashed = slashed.saturating_add(Self::slash_deposit(who, amount));
			punished = true;
		}
		if punished {
			// An operator removed just now leaves a place for the entry (see `Leaving`).
			Leaving::<T>::insert(who, BalanceOf::<T>::zero());
			if let Some(session) = last_validated {
				LastValidated::<T>::insert(who, session);
			}
			Self::leave_at_next_boundary(who);
			Self::deposit_event(Event::OffenderSlashed { operator: who.clone(), session, slashed });
		}
		weight
	}

	/// Slash up to `amount` of `who`'s held deposit, handing it to `OnSlash`. What was taken.
	pub(crate) fn slash_deposit(who: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		let reason = HoldReason::OperatorDeposit.into();
		let (credit, missing) = T::Currency::slash(&reason, who, amount);
		if !missing.is_zero() {
			log::warn!(target: LOG_TARGET, "slash of {who:?} fell short by {missing:?}");
		}
		T::OnSlash::on_unbalanced(credit);
		amount.saturating_sub(missing)
	}

	/// Whether an offence by `who` can still be punished: it is an operator, or a former one
	/// whose deposit is still held. The runtime refuses reports of anyone else (they would
	/// take nothing, and cost nothing to send).
	pub fn is_accountable(who: &T::AccountId) -> bool {
		Operators::<T>::contains_key(who)
			|| Leaving::<T>::get(who).is_some_and(|amount| !amount.is_zero())
	}
}

/// Offences reported against validators (in the runtime, GRANDPA equivocations through
/// pallet-offences): each offender loses its whole deposit and its place, whatever the
/// fraction the offence suggests. Operators are few and known; an equivocation is a broken
/// or malicious node that must leave the set, not a cost of doing business.
impl<T: Config, FullIdentification>
	OnOffenceHandler<T::AccountId, (T::AccountId, FullIdentification), Weight> for Pallet<T>
{
	fn on_offence(
		offenders: &[OffenceDetails<T::AccountId, (T::AccountId, FullIdentification)>],
		_slash_fraction: &[Perbill],
		session: SessionIndex,
	) -> Weight {
		offenders.iter().fold(Weight::zero(), |weight, details| {
			weight.saturating_add(Self::punish_offender(&details.offender.0, session))
		})
	}
}

/// Ends a session when `Inner` would, or early while [`EarlyRotations`] are due, unless
/// `Wait` says to wait (in the runtime: while GRANDPA has a change pending, such as the forced
/// change after `note_stalled`, which would refuse the early rotations' set change): the
/// runtime's `ShouldEndSession`, so that a validator suspended, removed or punished is out of
/// the set at the next session boundary, within two blocks.
pub struct EndSessionEarly<T, Inner, Wait = ()>(core::marker::PhantomData<(T, Inner, Wait)>);

impl<T: Config, Inner, Wait> pallet_session::ShouldEndSession<BlockNumberFor<T>>
	for EndSessionEarly<T, Inner, Wait>
where
	Inner: pallet_session::ShouldEndSession<BlockNumberFor<T>>,
	Wait: Get<bool>,
{
	fn should_end_session(now: BlockNumberFor<T>) -> bool {
		(EarlyRotations::<T>::get() > 0 && !Wait::get()) || Inner::should_end_session(now)
	}
}
