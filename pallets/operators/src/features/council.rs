//! What follows an operator's record: the council's members and the validator set.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Store (or with `None` remove) `who`'s record and bring the council and the validator
	/// candidates in line with it. Refuses, with nothing changed, a change that would leave
	/// fewer than `MinValidators` candidates with session keys, or exceed a bound. Whether
	/// the council's members changed (`Council::change_members_sorted` was called).
	pub(crate) fn store_and_resync(
		who: &T::AccountId,
		info: Option<OperatorInfoOf<T>>,
	) -> Result<bool, DispatchError> {
		Self::store_and_resync_checked(who, info, true)
	}

	/// [`Self::store_and_resync`], with the `MinValidators` check only if `keep_minimum`: an
	/// offence takes a validator out even below the minimum, which guards against the
	/// council shrinking the set, not against removing a validator that equivocated.
	pub(crate) fn store_and_resync_checked(
		who: &T::AccountId,
		info: Option<OperatorInfoOf<T>>,
		keep_minimum: bool,
	) -> Result<bool, DispatchError> {
		let mut members = CouncilMembers::<T>::get();
		let mut candidates = ValidatorCandidates::<T>::get();
		let was_member = members.binary_search(who);
		let was_candidate = candidates.binary_search(who);
		let is_member = info.as_ref().is_some_and(|i| i.is_verified());
		let is_candidate = info.as_ref().is_some_and(|i| i.is_validator_candidate());
		let was_pending = Pending::<T>::contains_key(who);
		let is_pending = info.as_ref().is_some_and(|i| i.status == OperatorStatus::Pending);
		if is_pending && !was_pending {
			ensure!(Pending::<T>::count() < T::MaxPending::get(), Error::<T>::TooManyPending);
		}

		match (was_candidate, is_candidate) {
			(Err(pos), true) => candidates
				.try_insert(pos, who.clone())
				.map_err(|_| Error::<T>::TooManyValidators)?,
			(Ok(pos), false) => {
				// Only a candidate with keys would be in the next set.
				if keep_minimum && T::HasSessionKeys::contains(who) {
					let remaining = candidates
						.iter()
						.filter(|c| *c != who && T::HasSessionKeys::contains(c))
						.count();
					ensure!(
						remaining >= MinValidators::<T>::get() as usize,
						Error::<T>::TooFewValidators
					);
				}
				candidates.remove(pos);
			},
			_ => {},
		}
		let (incoming, outgoing): (Vec<T::AccountId>, Vec<T::AccountId>) =
			match (was_member, is_member) {
				(Err(pos), true) => {
					members
						.try_insert(pos, who.clone())
						.map_err(|_| Error::<T>::TooManyOperators)?;
					(alloc::vec![who.clone()], Vec::new())
				},
				(Ok(pos), false) => {
					members.remove(pos);
					(Vec::new(), alloc::vec![who.clone()])
				},
				_ => (Vec::new(), Vec::new()),
			};

		match info {
			Some(info) => Operators::<T>::insert(who, info),
			None => Operators::<T>::remove(who),
		}
		match (was_pending, is_pending) {
			(false, true) => Pending::<T>::insert(who, frame_system::Pallet::<T>::block_number()),
			(true, false) => Pending::<T>::remove(who),
			_ => {},
		}
		ValidatorCandidates::<T>::put(candidates);
		let council_changed = !incoming.is_empty() || !outgoing.is_empty();
		if council_changed {
			T::Council::change_members_sorted(&incoming, &outgoing, &members);
			CouncilMembers::<T>::put(members);
		}
		Ok(council_changed)
	}

	/// Whether `who` validates in the current session or is planned to in the next.
	pub(crate) fn is_validating(who: &T::AccountId) -> bool {
		ActiveValidators::<T>::get().contains(who) || PlannedValidators::<T>::get().contains(who)
	}

	/// Called as a session starts: the set planned at the last rotation becomes active, and
	/// the next session's set is planned from the candidates with session keys. `None` keeps
	/// the active set for the next session too (no change, or fewer than `MinValidators`).
	/// Below the minimum, the current set is kept without those of its members who are no
	/// longer verified operators with keys (an offence removes a validator even below the
	/// minimum; a validator may purge its keys), unless none would be left.
	pub(crate) fn plan_validators() -> Option<Vec<T::AccountId>> {
		let starting = PlannedValidators::<T>::get();
		ActiveValidators::<T>::put(starting.clone());

		let mut next: Vec<T::AccountId> = ValidatorCandidates::<T>::get()
			.into_iter()
			.filter(|v| T::HasSessionKeys::contains(v))
			.collect();
		let min = MinValidators::<T>::get();
		if next.len() < min as usize {
			log::warn!(
				target: LOG_TARGET,
				"only {} validator candidates have keys (minimum {min}): keeping the current set",
				next.len(),
			);
			next = starting
				.iter()
				.filter(|v| Self::is_verified_operator(v) && T::HasSessionKeys::contains(v))
				.cloned()
				.collect();
			if next.is_empty() || next.len() == starting.len() {
				return None;
			}
		}
		let bounded: BoundedVec<_, T::MaxValidators> = next.clone().try_into().ok()?;
		if bounded == starting {
			return None;
		}
		PlannedValidators::<T>::put(bounded);
		Self::deposit_event(Event::ValidatorSetPlanned { validators: next.clone() });
		Some(next)
	}
}

/// The permissioned validator set: verified operators with the validate capability and
/// session keys become the authorities of the next session.
impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		let planned = Self::plan_validators();
		// pallet-session plans `new_index` as the session before it starts.
		Self::on_session_start(new_index.saturating_sub(1));
		EarlyRotations::<T>::mutate(|due| *due = due.saturating_sub(1));
		planned
	}

	fn new_session_genesis(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		let validators = ActiveValidators::<T>::get().into_inner();
		(!validators.is_empty()).then_some(validators)
	}

	fn end_session(_end_index: SessionIndex) {}

	fn start_session(_start_index: SessionIndex) {}
}
