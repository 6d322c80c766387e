//! Readings: classifying a region's figures, its level, and the events a reading opens.

use crate::*;

impl<T: Config> Pallet<T> {
	/// A reading from `who` (`report_stability_metrics`, its caller checked).
	pub(crate) fn do_report(
		who: T::AccountId,
		region: RegionId,
		frequency_mhz: MilliHertz,
		voltage_permille: VoltagePermille,
		phase_angle_mdeg: PhaseMilliDegrees,
	) -> DispatchResultWithPostInfo {
		let settings = Settings::<T>::get(&region).unwrap_or_default();
		let level = settings.bands.classify(
			settings.nominal_frequency,
			frequency_mhz,
			voltage_permille,
			phase_angle_mdeg,
		);
		let now = frame_system::Pallet::<T>::block_number();
		let previous = LatestMetrics::<T>::get(&region);
		let from = previous.as_ref().map_or(StabilityLevel::Normal, |m| m.level);
		// A region's first report in a block is free (see the call's doc).
		let pays_fee =
			if previous.is_none_or(|m| m.reported_at < now) { Pays::No } else { Pays::Yes };
		LatestMetrics::<T>::insert(
			&region,
			StabilityReading {
				frequency_mhz,
				voltage_permille,
				phase_angle_mdeg,
				level,
				reporter: who.clone(),
				reported_at: now,
			},
		);
		Self::deposit_event(Event::StabilityReported {
			region: region.clone(),
			reporter: who.clone(),
			frequency_mhz,
			voltage_permille,
			phase_angle_mdeg,
			level,
		});
		if from != level {
			Self::deposit_event(Event::StabilityLevelChanged {
				region: region.clone(),
				from,
				to: level,
			});
		}
		let emergency = level >= StabilityLevel::Emergency;
		// Only events readings opened count here: a manual event (which its operator
		// may resolve at will) never stands in for the reading's own.
		if emergency && Self::highest_open_severity(&region, true) < Some(level) {
			// Manual events leave `READING_EVENT_PLACES` free and a reading opens at most
			// one emergency and one critical event at a time, so this always fits
			// (`do_try_state` checks both bounds). Were it ever refused, the reading
			// still stands and the refusal is in the event list's bound, not here.
			let _ = Self::open_event(&region, level, frequency_mhz, voltage_permille, &who, false);
		}
		let met = Self::fire_rules(&region, frequency_mhz, voltage_permille, level);
		// The everyday reading (same level, below emergency, no rule met) costs what the
		// quiet benchmark measured; anything else keeps the full charge.
		let actual_weight = (!emergency && from == level && met == 0)
			.then(T::WeightInfo::report_stability_metrics_quiet);
		Ok(PostDispatchInfo { actual_weight, pays_fee })
	}
}
