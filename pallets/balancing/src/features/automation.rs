//! The runtime's own actions: a critical load's, and a fired stability rule's.

use crate::*;

impl<T: Config> Pallet<T> {
	/// The runtime's own action: checked like an operator's, `initiator` `None`.
	pub(crate) fn open_automatic(
		region: &RegionId,
		action_type: BalancingActionType,
		target_kw: Kilowatts,
		priority: Priority,
		replacing: Option<ActionId>,
	) -> Result<ActionId, DispatchError> {
		Self::open_action(region.clone(), action_type, target_kw, priority, None, replacing)
	}
}

/// A region turning critical opens an automatic action sized to bring its load back under
/// the high threshold, in place of the region's previous critical-load action if that is
/// still open: more generation if the region's headroom covers it and the limits allow it,
/// load shedding otherwise. A reading that finds the region critical still opens one only if
/// the region has none open (its action was completed, cancelled or expired while the load
/// stayed high), so closing an automatic action early does not leave a critical region
/// unanswered. When neither can be opened (shedding beyond the fresh demand, a list full of
/// automatic actions at least as urgent), `CriticalLoadUnanswered` says why.
impl<T: Config> OnLoadStatusChange for Pallet<T> {
	/// Two tries: more generation, then shedding.
	fn max_weight() -> Weight {
		T::WeightInfo::automatic_action().saturating_mul(2)
	}

	fn on_load_status_change(
		region: &RegionId,
		_from: LoadStatus,
		to: LoadStatus,
		capacity_kw: Kilowatts,
		demand_kw: Kilowatts,
	) {
		if to == LoadStatus::Critical {
			// The region's previous critical-load action, if still open, is replaced.
			let replacing = CriticalLoadActions::<T>::get(region);
			Self::answer_critical_load(region, capacity_kw, demand_kw, replacing);
		}
	}

	fn on_still_critical(region: &RegionId, capacity_kw: Kilowatts, demand_kw: Kilowatts) {
		let open = CriticalLoadActions::<T>::get(region).is_some_and(Actions::<T>::contains_key);
		if !open {
			Self::answer_critical_load(region, capacity_kw, demand_kw, None);
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Open the automatic action a critical reading (`capacity_kw`, `demand_kw`) of `region`
	/// asks for, in place of `replacing`, or say why none was opened.
	fn answer_critical_load(
		region: &RegionId,
		capacity_kw: Kilowatts,
		demand_kw: Kilowatts,
		replacing: Option<ActionId>,
	) {
		// Demand must fall strictly below `high × capacity`.
		let ceiling = T::Load::high_threshold().mul_floor(capacity_kw).saturating_sub(1);
		let excess = demand_kw.saturating_sub(ceiling);
		if excess == 0 {
			return;
		}
		let open = |action_type| {
			Self::open_automatic(region, action_type, excess, CRITICAL_LOAD_PRIORITY, replacing)
		};
		let headroom = Capacities::<T>::get(region).map(|c| c.headroom_kw());
		// More generation where the figures allow it; where they do not (open increases use
		// the headroom, a decrease is open, no figures), shed load instead.
		let opened = if headroom.is_some_and(|h| h >= excess) {
			open(BalancingActionType::IncreaseGeneration)
				.or_else(|_| open(BalancingActionType::LoadShedding))
		} else {
			open(BalancingActionType::LoadShedding)
		};
		match opened {
			Ok(action_id) => CriticalLoadActions::<T>::insert(region, action_id),
			// Never silent: whoever watches the chain learns that a critical region got no
			// action.
			Err(reason) => Self::deposit_event(Event::CriticalLoadUnanswered {
				region: region.clone(),
				excess_kw: excess,
				reason,
			}),
		}
	}
}

/// A fired stability rule opens the automatic action it asks for.
impl<T: Config> StabilityResponder for Pallet<T> {
	fn max_weight() -> Weight {
		T::WeightInfo::automatic_action()
	}

	fn respond(
		region: &RegionId,
		action: BalancingActionType,
		target_kw: Kilowatts,
		priority: Priority,
	) -> Result<u64, DispatchError> {
		Self::open_automatic(region, action, target_kw, priority, None)
	}

	fn is_open(id: u64) -> bool {
		Actions::<T>::contains_key(id)
	}
}
