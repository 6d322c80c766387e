//! The pallet's storage invariants (`try_state`).

use crate::*;

impl<T: Config> Pallet<T> {
	/// The invariants: the thresholds increase, no region has an empty record, and every
	/// region's readings are in the order they were reported.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		ensure!(Thresholds::<T>::get().is_valid(), "thresholds do not increase");
		for (_region, readings) in Readings::<T>::iter() {
			ensure!(!readings.is_empty(), "a region without readings is stored");
			ensure!(
				readings
					.windows(2)
					.all(|w| w.first().map(|r| r.reported_at) <= w.last().map(|r| r.reported_at)),
				"readings out of order"
			);
		}
		Ok(())
	}
}
