//! A region's nominal frequency and bands.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Set a region's settings (`set_region_settings`, its caller checked).
	pub(crate) fn do_set_region_settings(
		region: RegionId,
		nominal_frequency: NominalFrequency,
		bands: StabilityBands,
	) -> DispatchResult {
		region.validate().map_err(|_| Error::<T>::BadRegion)?;
		ensure!(bands.is_valid(), Error::<T>::InvalidBands);
		let settings = RegionSettings { nominal_frequency, bands };
		Settings::<T>::insert(&region, settings);
		Self::deposit_event(Event::RegionSettingsSet { region, settings });
		Ok(())
	}
}
