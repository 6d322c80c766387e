//! The pallet's storage invariants (`try_state`).

use crate::*;

impl<T: Config> Pallet<T> {
	/// The invariants: open lists and events agree both ways; a region is in emergency mode
	/// exactly when it has an open emergency or critical event; the counter matches.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut listed = 0usize;
		for (region, open) in OpenEvents::<T>::iter() {
			for id in &open {
				let event = StabilityEvents::<T>::get(id).ok_or("an open id has no event")?;
				ensure!(event.region == region, "an event is listed under another region");
				ensure!(*id < NextEventId::<T>::get(), "an event id from the future");
			}
			listed += open.len();
			let events: Vec<_> = open.iter().filter_map(StabilityEvents::<T>::get).collect();
			let manual = events.iter().filter(|e| e.manual).count();
			ensure!(
				manual <= Self::manual_event_limit() as usize,
				"manual events took a place kept for readings"
			);
			for severity in [StabilityLevel::Emergency, StabilityLevel::Critical] {
				let by_readings =
					events.iter().filter(|e| !e.manual && e.severity == severity).count();
				ensure!(by_readings <= 1, "readings opened two events of one severity");
			}
			ensure!(
				events.iter().all(|e| e.manual || e.severity >= StabilityLevel::Emergency),
				"a reading opened an event below emergency"
			);
			let emergency =
				Self::highest_open_severity(&region, false) >= Some(StabilityLevel::Emergency);
			ensure!(
				emergency == EmergencyRegions::<T>::contains_key(&region),
				"emergency mode out of step with the open events"
			);
		}
		ensure!(
			StabilityEvents::<T>::iter().count() == listed,
			"an event is not in its region's list"
		);
		for region in EmergencyRegions::<T>::iter_keys() {
			ensure!(
				Self::highest_open_severity(&region, false) >= Some(StabilityLevel::Emergency),
				"a region in emergency mode without an emergency event"
			);
		}
		ensure!(
			EmergencyRegions::<T>::count() as usize == EmergencyRegions::<T>::iter().count(),
			"emergency counter is off"
		);
		for (id, _) in Rules::<T>::get() {
			ensure!(id < NextRuleId::<T>::get(), "a rule id from the future");
		}
		Ok(())
	}
}
