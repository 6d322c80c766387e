//! The pallet's storage invariants (`try_state`).

use crate::*;

impl<T: Config> Pallet<T> {
	/// The invariants: every open action is in its region's list and the expiry queue at
	/// its deadline; lists are sorted by priority and hold only open actions; operators'
	/// and automatic actions each stay within their places, and each operator within its
	/// bound; generation never exceeds the maximum.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut listed = 0usize;
		for (region, open) in OpenActions::<T>::iter() {
			let mut last_priority = Priority::MAX;
			for id in &open {
				let action = Actions::<T>::get(id).ok_or("a listed action is not open")?;
				ensure!(action.region == region, "an action is listed under another region");
				ensure!(action.priority <= last_priority, "a list is out of priority order");
				last_priority = action.priority;
				ensure!(
					ExpiryQueue::<T>::contains_key(action.deadline, id),
					"an open action is not queued for expiry"
				);
			}
			listed += open.len();
			let by_operators = open
				.iter()
				.filter(|id| Actions::<T>::get(id).is_some_and(|a| !a.is_automatic()))
				.count();
			ensure!(
				by_operators <= Self::operator_action_limit() as usize,
				"operators' actions took a place kept for automatic ones"
			);
			ensure!(
				open.len().saturating_sub(by_operators) <= T::AutomaticPlaces::get() as usize,
				"automatic actions took a place kept for operators' ones"
			);
			let mut initiators: Vec<&T::AccountId> = Vec::new();
			let actions: Vec<_> = open.iter().filter_map(|id| Actions::<T>::get(id)).collect();
			for who in actions.iter().filter_map(|a| a.initiator.as_ref()) {
				if initiators.contains(&who) {
					continue;
				}
				initiators.push(who);
				let held = actions.iter().filter(|a| a.initiator.as_ref() == Some(who)).count();
				ensure!(
					held <= T::MaxActionsPerOperator::get() as usize,
					"an operator holds more actions than it may"
				);
			}
		}
		ensure!(Actions::<T>::iter().count() == listed, "an open action is in no list");
		ensure!(
			ExpiryQueue::<T>::iter().count() == listed,
			"the expiry queue holds closed actions"
		);
		for (_, c) in Capacities::<T>::iter() {
			ensure!(c.current_generation_kw <= c.max_generation_kw, "generation above maximum");
		}
		Ok(())
	}
}
