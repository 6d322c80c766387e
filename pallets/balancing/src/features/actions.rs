//! Operators' actions: who may open and close them, the region's limits over its open
//! actions, and the two classes of places in its list.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Set a region's generation figures (`set_region_capacity`, its caller checked).
	pub(crate) fn do_set_region_capacity(
		region: RegionId,
		max_generation_kw: Kilowatts,
		current_generation_kw: Kilowatts,
		reserve_kw: Kilowatts,
	) -> DispatchResult {
		ensure!(current_generation_kw <= max_generation_kw, Error::<T>::CurrentAboveMax);
		Capacities::<T>::insert(
			&region,
			RegionCapacity {
				max_generation_kw,
				current_generation_kw,
				reserve_kw,
				updated_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::RegionCapacitySet {
			region,
			max_generation_kw,
			current_generation_kw,
			reserve_kw,
		});
		Ok(())
	}

	/// Record `who`'s completion of an action (`complete_balancing_action`).
	pub(crate) fn do_complete(
		who: &T::AccountId,
		action_id: ActionId,
		delivered_kw: Kilowatts,
	) -> DispatchResult {
		let action = Actions::<T>::get(action_id).ok_or(Error::<T>::UnknownAction)?;
		ensure!(
			frame_system::Pallet::<T>::block_number() < action.deadline,
			Error::<T>::ActionExpired
		);
		ensure!(delivered_kw <= action.target_kw, Error::<T>::DeliveredAboveTarget);
		Self::ensure_may_close(who, &action)?;
		Self::close(action_id, &action);
		let now = frame_system::Pallet::<T>::block_number();
		Capacities::<T>::mutate(&action.region, |capacity| {
			if let Some(c) = capacity {
				match action.action_type {
					BalancingActionType::IncreaseGeneration => {
						c.current_generation_kw = c
							.current_generation_kw
							.saturating_add(delivered_kw)
							.min(c.max_generation_kw);
						c.updated_at = now;
					},
					BalancingActionType::DecreaseGeneration => {
						c.current_generation_kw =
							c.current_generation_kw.saturating_sub(delivered_kw);
						c.updated_at = now;
					},
					_ => {},
				}
			}
		});
		Self::deposit_event(Event::BalancingActionCompleted {
			action_id,
			region: action.region,
			delivered_kw,
		});
		Ok(())
	}

	/// Cancel an action (`cancel_balancing_action`): by the admin (`canceller` `None`), or by
	/// a signed operator that may close it; the runtime's own actions only by the admin.
	pub(crate) fn do_cancel(
		canceller: Option<&T::AccountId>,
		action_id: ActionId,
	) -> DispatchResult {
		let action = Actions::<T>::get(action_id).ok_or(Error::<T>::UnknownAction)?;
		if let Some(who) = canceller {
			// What the runtime opened for the grid's safety, only the admin calls off.
			ensure!(!action.is_automatic(), Error::<T>::NotAuthorized);
			Self::ensure_may_close(who, &action)?;
		}
		Self::close(action_id, &action);
		Self::deposit_event(Event::BalancingActionCancelled { action_id, region: action.region });
		Ok(())
	}

	/// A signed verified operator of `region` with the coordinate-balancing capability.
	pub(crate) fn ensure_operator_of(
		origin: OriginFor<T>,
		region: &RegionId,
	) -> Result<T::AccountId, DispatchError> {
		let who = ensure_signed(origin)?;
		region.validate().map_err(|_| Error::<T>::BadRegion)?;
		ensure!(
			T::Operators::has_capability(&who, Capability::CoordinateBalancing),
			Error::<T>::NotAuthorized
		);
		ensure!(T::Operators::region_of(&who).as_ref() == Some(region), Error::<T>::WrongRegion);
		Ok(who)
	}

	/// Who may close (complete or cancel) an action, checked at dispatch: a verified operator
	/// of the action's region with the capability; for an operator's action, its initiator,
	/// or a peer once the initiator can no longer act (suspended, capability lost, moved
	/// region). Having opened an action gives no power of its own (a revoked initiator closes
	/// nothing), and no operator closes an action its peer still answers for.
	pub(crate) fn ensure_may_close(
		who: &T::AccountId,
		action: &BalancingActionOf<T>,
	) -> DispatchResult {
		ensure!(
			T::Operators::has_capability(who, Capability::CoordinateBalancing),
			Error::<T>::NotAuthorized
		);
		ensure!(
			T::Operators::region_of(who).as_ref() == Some(&action.region),
			Error::<T>::WrongRegion
		);
		if let Some(initiator) = action.initiator.as_ref().filter(|i| *i != who) {
			let still_acts =
				T::Operators::has_capability(initiator, Capability::CoordinateBalancing)
					&& T::Operators::region_of(initiator).as_ref() == Some(&action.region);
			ensure!(!still_acts, Error::<T>::NotInitiator);
		}
		Ok(())
	}

	/// Check an action against the region's figures, together with the actions that stay
	/// open beside it (`others`: type and target of each): every limit holds over the sum of
	/// a kind's open actions, not over each alone, and an increase of generation is never
	/// open beside a decrease. Shedding and demand response together stay within the
	/// region's fresh demand, and need one.
	pub(crate) fn check_constraints(
		region: &RegionId,
		action_type: BalancingActionType,
		target_kw: Kilowatts,
		others: impl Iterator<Item = (BalancingActionType, Kilowatts)>,
	) -> DispatchResult {
		use BalancingActionType::*;
		ensure!(target_kw > 0, Error::<T>::ZeroTarget);
		// What one limit covers: shedding and demand response both take from demand.
		let kind = |t: BalancingActionType| match t {
			DemandResponse => LoadShedding,
			t => t,
		};
		let opposite = |t: BalancingActionType| match t {
			IncreaseGeneration => Some(DecreaseGeneration),
			DecreaseGeneration => Some(IncreaseGeneration),
			_ => None,
		};
		let mut total = target_kw;
		for (other, kw) in others {
			ensure!(Some(other) != opposite(action_type), Error::<T>::ConflictingAction);
			if kind(other) == kind(action_type) {
				total = total.saturating_add(kw);
			}
		}
		let capacity = Capacities::<T>::get(region);
		match action_type {
			IncreaseGeneration => {
				let c = capacity.ok_or(Error::<T>::UnknownCapacity)?;
				ensure!(total <= c.headroom_kw(), Error::<T>::ExceedsHeadroom);
			},
			DecreaseGeneration => {
				let c = capacity.ok_or(Error::<T>::UnknownCapacity)?;
				ensure!(total <= c.current_generation_kw, Error::<T>::ExceedsGeneration);
			},
			StorageDispatch => {
				let c = capacity.ok_or(Error::<T>::UnknownCapacity)?;
				ensure!(total <= c.reserve_kw, Error::<T>::ExceedsReserve);
			},
			LoadShedding | DemandResponse => {
				let demand = T::Load::current_demand_kw(region).ok_or(Error::<T>::UnknownDemand)?;
				ensure!(total <= demand, Error::<T>::ExceedsDemand);
			},
		}
		Ok(())
	}

	/// How many of a region's open actions operators may hold: `MaxOpenActions` less the
	/// `AutomaticPlaces` kept for the runtime's own.
	pub fn operator_action_limit() -> u32 {
		T::MaxOpenActions::get().saturating_sub(T::AutomaticPlaces::get())
	}

	/// Check and open an action; `initiator` `None` for the runtime's own. `replacing`: an
	/// open automatic action of the region the new one takes the place of (removed when, and
	/// only when, the new one opens; its kW no longer count against the limits).
	///
	/// An operator's action needs one of the operators' places, and the operator may hold
	/// at most `MaxActionsPerOperator` of them. An automatic action takes one of the
	/// `AutomaticPlaces`; when they are all taken it evicts the least urgent automatic
	/// action of lower priority (`BalancingActionEvicted`), and finds no place only when
	/// every automatic action is at least as urgent. Either may be refused by the region's
	/// limits.
	pub(crate) fn open_action(
		region: RegionId,
		action_type: BalancingActionType,
		target_kw: Kilowatts,
		priority: Priority,
		initiator: Option<T::AccountId>,
		replacing: Option<ActionId>,
	) -> Result<ActionId, DispatchError> {
		let automatic = initiator.is_none();
		let mut open = OpenActions::<T>::get(&region);
		// Each listed action, in list order: read once.
		let listed: Vec<(ActionId, BalancingActionOf<T>)> =
			open.iter().filter_map(|id| Actions::<T>::get(id).map(|a| (*id, a))).collect();
		let mut evicted = replacing
			.filter(|id| listed.iter().any(|(l, a)| l == id && a.is_automatic() && automatic));
		let by_operators = listed.iter().filter(|(_, a)| !a.is_automatic()).count();
		if let Some(who) = initiator.as_ref() {
			let by_this = listed.iter().filter(|(_, a)| a.initiator.as_ref() == Some(who)).count();
			ensure!(
				by_this < T::MaxActionsPerOperator::get() as usize,
				Error::<T>::TooManyActionsOfOperator
			);
			ensure!(
				by_operators < Self::operator_action_limit() as usize,
				Error::<T>::TooManyOpenActions
			);
		} else if listed.len().saturating_sub(by_operators) >= T::AutomaticPlaces::get() as usize
			&& evicted.is_none()
		{
			// The list is highest priority first: the last automatic action below the new
			// one's priority is the least urgent.
			let victim = listed
				.iter()
				.rev()
				.find(|(_, a)| a.is_automatic() && a.priority < priority)
				.map(|(id, _)| *id)
				.ok_or(Error::<T>::TooManyOpenActions)?;
			evicted = Some(victim);
		}
		let staying = listed.iter().filter(|(id, _)| Some(*id) != evicted);
		Self::check_constraints(
			&region,
			action_type,
			target_kw,
			staying.map(|(_, a)| (a.action_type, a.target_kw)),
		)?;
		if let Some(victim) = evicted {
			if let Some(action) = Actions::<T>::take(victim) {
				ExpiryQueue::<T>::remove(action.deadline, victim);
			}
			open.retain(|id| *id != victim);
		}
		let action_id = NextActionId::<T>::get();
		let now = frame_system::Pallet::<T>::block_number();
		let deadline = now.saturating_add(T::ActionTimeout::get());
		// Highest priority first; a new action goes after those of equal priority.
		let lower = |id: &ActionId| listed.iter().any(|(l, a)| l == id && a.priority < priority);
		let position = open.iter().position(lower).unwrap_or(open.len());
		open.try_insert(position, action_id).map_err(|_| Error::<T>::TooManyOpenActions)?;
		OpenActions::<T>::insert(&region, open);
		if let Some(victim) = evicted {
			Self::deposit_event(Event::BalancingActionEvicted {
				action_id: victim,
				region: region.clone(),
				by: action_id,
			});
		}
		Actions::<T>::insert(
			action_id,
			BalancingAction {
				region: region.clone(),
				action_type,
				target_kw,
				priority,
				initiator,
				created_at: now,
				deadline,
			},
		);
		ExpiryQueue::<T>::insert(deadline, action_id, ());
		NextActionId::<T>::put(action_id.saturating_add(1));
		Self::deposit_event(Event::BalancingActionInitiated {
			action_id,
			region,
			action_type,
			target_kw,
			priority,
			automatic,
		});
		Ok(action_id)
	}

	/// Remove an action from every index.
	pub(crate) fn close(action_id: ActionId, action: &BalancingActionOf<T>) {
		Actions::<T>::remove(action_id);
		ExpiryQueue::<T>::remove(action.deadline, action_id);
		OpenActions::<T>::mutate(&action.region, |open| open.retain(|id| *id != action_id));
	}
}

/// An operator answers for the actions it opened in its region until they are completed,
/// cancelled or expire (at most `MaxOpenActions` read: the region's list).
impl<T: Config> grid_primitives::OperatorCommitments<T::AccountId> for Pallet<T> {
	fn has_commitments(who: &T::AccountId, region: &RegionId) -> bool {
		OpenActions::<T>::get(region)
			.iter()
			.filter_map(|id| Actions::<T>::get(id))
			.any(|action| action.initiator.as_ref() == Some(who))
	}

	/// The region's list full: its automatic places, then its operators' places taken by
	/// other operators (each within its bound). Every action is read, none is `who`'s.
	#[cfg(feature = "runtime-benchmarks")]
	fn worst_case(_who: &T::AccountId, region: &RegionId) {
		let per_operator = T::MaxActionsPerOperator::get().max(1);
		if !Capacities::<T>::contains_key(region) {
			let now = frame_system::Pallet::<T>::block_number();
			let capacity = RegionCapacity {
				max_generation_kw: 1_000_000,
				current_generation_kw: 0,
				reserve_kw: 0,
				updated_at: now,
			};
			Capacities::<T>::insert(region, capacity);
		}
		let mut opened: u32 = 0;
		while OpenActions::<T>::get(region).len() < T::MaxOpenActions::get() as usize {
			let initiator = (opened >= T::AutomaticPlaces::get()).then(|| {
				let peer = (opened - T::AutomaticPlaces::get()) / per_operator;
				frame_benchmarking::account::<T::AccountId>("peer", peer, 0)
			});
			if Self::open_action(
				region.clone(),
				BalancingActionType::IncreaseGeneration,
				1,
				1,
				initiator,
				None,
			)
			.is_err()
			{
				break;
			}
			opened = opened.saturating_add(1);
		}
	}
}
