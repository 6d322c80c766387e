//! The admin's settings: thresholds and aggregators.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Set the thresholds (`set_thresholds`, its caller checked).
	pub(crate) fn do_set_thresholds(thresholds: LoadThresholds) -> DispatchResult {
		ensure!(thresholds.is_valid(), Error::<T>::InvalidThresholds);
		Thresholds::<T>::put(thresholds);
		Self::deposit_event(Event::ThresholdsSet { thresholds });
		Ok(())
	}

	/// Set an aggregator's regions (`set_aggregator`, its caller checked).
	pub(crate) fn do_set_aggregator(
		aggregator: T::AccountId,
		regions: BoundedVec<RegionId, T::MaxAggregatorRegions>,
	) -> DispatchResult {
		for region in &regions {
			region.validate().map_err(|_| Error::<T>::BadRegion)?;
		}
		if regions.is_empty() {
			Aggregators::<T>::remove(&aggregator);
		} else {
			Aggregators::<T>::insert(&aggregator, &regions);
		}
		Self::deposit_event(Event::AggregatorSet { aggregator, regions });
		Ok(())
	}
}
