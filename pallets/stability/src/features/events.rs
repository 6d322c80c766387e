//! Stability events: opened by readings or by hand (bounded separately), resolved, and the
//! region's emergency mode that follows them.

use crate::*;

impl<T: Config> Pallet<T> {
	/// A manual event from `who` (`trigger_stability_response`, its caller checked).
	pub(crate) fn do_trigger(
		who: &T::AccountId,
		region: RegionId,
		frequency_mhz: MilliHertz,
		voltage_permille: VoltagePermille,
		severity: StabilityLevel,
	) -> DispatchResult {
		ensure!(severity > StabilityLevel::Normal, Error::<T>::NormalSeverity);
		ensure!(
			Self::manual_events(&region) < Self::manual_event_limit(),
			Error::<T>::TooManyOpenEvents
		);
		Self::open_event(&region, severity, frequency_mhz, voltage_permille, who, true)?;
		Self::fire_rules(&region, frequency_mhz, voltage_permille, severity);
		Ok(())
	}

	/// Resolve an event (`resolve_critical_event`): by the admin (`resolved_by` `None`), or by
	/// a signed account that must be a verified operator of the event's region with the
	/// capability.
	pub(crate) fn do_resolve(
		resolved_by: Option<T::AccountId>,
		event_id: EventId,
	) -> DispatchResult {
		let event = StabilityEvents::<T>::get(event_id).ok_or(Error::<T>::UnknownEvent)?;
		if let Some(who) = &resolved_by {
			Self::check_operator_of(who, &event.region)?;
		}
		if resolved_by.is_some() && !event.manual {
			ensure!(
				Self::level(&event.region) < StabilityLevel::Emergency,
				Error::<T>::EmergencyPersists
			);
		}
		let region = event.region;
		StabilityEvents::<T>::remove(event_id);
		OpenEvents::<T>::mutate(&region, |open| open.retain(|id| *id != event_id));
		Self::deposit_event(Event::StabilityEventResolved {
			event_id,
			region: region.clone(),
			resolved_by,
		});
		if EmergencyRegions::<T>::contains_key(&region)
			&& Self::highest_open_severity(&region, false) < Some(StabilityLevel::Emergency)
		{
			EmergencyRegions::<T>::remove(&region);
			Self::deposit_event(Event::EmergencyCleared { region: region.clone() });
			T::OnEmergencyChange::on_emergency_cleared(&region);
		}
		Ok(())
	}

	/// How many events manual triggers may hold open in one region: `MaxOpenEvents` less the
	/// [`READING_EVENT_PLACES`] kept for readings.
	pub fn manual_event_limit() -> u32 {
		T::MaxOpenEvents::get().saturating_sub(READING_EVENT_PLACES)
	}

	/// How many of `region`'s open events were opened by hand.
	pub(crate) fn manual_events(region: &RegionId) -> u32 {
		let open = OpenEvents::<T>::get(region);
		let manual = open.iter().filter_map(StabilityEvents::<T>::get).filter(|e| e.manual);
		manual.count().try_into().unwrap_or(u32::MAX)
	}

	/// The most severe open event of `region` (of those readings opened, with
	/// `readings_only`), if any.
	pub(crate) fn highest_open_severity(
		region: &RegionId,
		readings_only: bool,
	) -> Option<StabilityLevel> {
		OpenEvents::<T>::get(region)
			.iter()
			.filter_map(|id| StabilityEvents::<T>::get(id))
			.filter(|e| !(readings_only && e.manual))
			.map(|e| e.severity)
			.max()
	}

	/// Open an event; at `Emergency` or worse, put the region in emergency mode.
	pub(crate) fn open_event(
		region: &RegionId,
		severity: StabilityLevel,
		frequency_mhz: MilliHertz,
		voltage_permille: VoltagePermille,
		by: &T::AccountId,
		manual: bool,
	) -> Result<EventId, DispatchError> {
		let event_id = NextEventId::<T>::get();
		OpenEvents::<T>::try_mutate(region, |open| open.try_push(event_id))
			.map_err(|_| Error::<T>::TooManyOpenEvents)?;
		NextEventId::<T>::put(event_id.saturating_add(1));
		StabilityEvents::<T>::insert(
			event_id,
			StabilityEvent {
				region: region.clone(),
				severity,
				frequency_mhz,
				voltage_permille,
				opened_by: by.clone(),
				manual,
				opened_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::StabilityEventOpened {
			event_id,
			region: region.clone(),
			severity,
			manual,
		});
		if severity >= StabilityLevel::Emergency && !EmergencyRegions::<T>::contains_key(region) {
			EmergencyRegions::<T>::insert(region, ());
			Self::deposit_event(Event::EmergencyEntered { region: region.clone(), event_id });
			T::OnEmergencyChange::on_emergency_entered(region);
		}
		Ok(event_id)
	}
}

impl<T: Config> EmergencyState for Pallet<T> {
	fn is_region_in_emergency(region: &RegionId) -> bool {
		EmergencyRegions::<T>::contains_key(region)
	}

	fn is_grid_in_emergency() -> bool {
		EmergencyRegions::<T>::count() > 0
	}
}
