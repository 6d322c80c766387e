//! What other pallets ask of demand response: an operator's commitments, a meter in use,
//! and the standby programs an emergency starts.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Start `region`'s waiting emergency-response programs now: a reported one runs from
	/// this block, a metered one's event from the next interval. Returns how many.
	pub(crate) fn activate_standby(region: &RegionId) -> u32 {
		let now = frame_system::Pallet::<T>::block_number();
		let mut started = 0u32;
		for program_id in Standby::<T>::take(region) {
			let Some(mut program) = Programs::<T>::get(program_id) else { continue };
			if let Some(mut event) = MeteredEvents::<T>::get(program_id) {
				let next = T::Meters::current_interval().saturating_add(1);
				if event.first_interval <= next {
					continue;
				}
				event.first_interval = next;
				MeteredEvents::<T>::insert(program_id, event);
				started = started.saturating_add(1);
				Self::deposit_event(Event::MeteredEventActivated {
					program_id,
					region: region.clone(),
					first_interval: next,
				});
				continue;
			}
			if program.starts_at <= now {
				continue;
			}
			program.starts_at = now;
			program.ends_at = now.saturating_add(program.duration_blocks);
			let (starts_at, ends_at) = (program.starts_at, program.ends_at);
			Programs::<T>::insert(program_id, program);
			started = started.saturating_add(1);
			Self::deposit_event(Event::EmergencyProgramActivated {
				program_id,
				region: region.clone(),
				starts_at,
				ends_at,
			});
		}
		started
	}
}

/// A program's operator answers for it (it reports its participants' reductions, cancels it)
/// until it is settled or cancelled, or another operator takes it over.
impl<T: Config> grid_primitives::OperatorCommitments<T::AccountId> for Pallet<T> {
	fn has_commitments(who: &T::AccountId, _region: &RegionId) -> bool {
		OperatorPrograms::<T>::get(who) > 0
	}
}

/// A meter enrolled in a metered program measures a reward not yet claimed.
impl<T: Config> grid_primitives::MeterInUse for Pallet<T> {
	fn in_use(meter: u64) -> bool {
		MeterEnrollment::<T>::contains_key(meter)
	}
}

/// A region entering emergency mode starts its waiting emergency-response programs.
impl<T: Config> OnEmergencyChange for Pallet<T> {
	fn max_weight() -> Weight {
		T::WeightInfo::activate_standby(T::MaxStandbyPrograms::get())
	}

	fn on_emergency_entered(region: &RegionId) {
		Self::activate_standby(region);
	}

	fn on_emergency_cleared(_region: &RegionId) {}
}
