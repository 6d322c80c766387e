//! Registration of producers, consumers and storage facilities: each names the caller's own
//! meter of the matching kind, declares no more than the meter can carry, and holds a
//! deposit for the record it creates.

use crate::*;
use grid_primitives::{Kilowatts, MeterKind, MeterReadings, MeterSummary};

impl<T: Config> Pallet<T> {
	/// `meter`, if it is `who`'s and of `kind`, else `NotYourMeter`.
	pub(crate) fn own_meter(
		who: &T::AccountId,
		meter: u64,
		kind: MeterKind,
	) -> Result<MeterSummary<T::AccountId>, Error<T>> {
		let summary = T::Meters::meter(meter).ok_or(Error::<T>::NotYourMeter)?;
		ensure!(summary.owner == *who && summary.kind == kind, Error::<T>::NotYourMeter);
		Ok(summary)
	}

	/// Each declared figure is at most what `summary`'s meter is rated for.
	fn within_rating(
		summary: &MeterSummary<T::AccountId>,
		declared: &[Kilowatts],
	) -> Result<(), Error<T>> {
		ensure!(declared.iter().all(|kw| *kw <= summary.rated_kw), Error::<T>::AboveMeterRating);
		Ok(())
	}

	/// Hold the participant deposit from `who`.
	fn hold_deposit(who: &T::AccountId) -> Result<(), Error<T>> {
		T::Currency::hold(&HoldReason::ParticipantDeposit.into(), who, T::ParticipantDeposit::get())
			.map_err(|_| Error::<T>::CannotPay)
	}

	pub(crate) fn do_register_producer(
		who: T::AccountId,
		capacity: KilowattHours,
		energy_type: EnergyType,
		meter: u64,
	) -> DispatchResult {
		ensure!(!Producers::<T>::contains_key(&who), Error::<T>::AlreadyExists);
		ensure!(capacity > 0, Error::<T>::InvalidAmount);
		let summary = Self::own_meter(&who, meter, MeterKind::Production)?;
		Self::within_rating(&summary, &[capacity])?;
		let mut grid = Grid::<T>::get();
		grid.total_capacity =
			grid.total_capacity.checked_add(capacity).ok_or(Error::<T>::InvalidInput)?;
		Self::hold_deposit(&who)?;
		Grid::<T>::put(grid);
		Producers::<T>::insert(
			&who,
			Producer {
				capacity,
				current_production: 0,
				total_produced: 0,
				energy_type,
				active: true,
				reputation_score: MAX_REPUTATION,
				meter,
			},
		);
		Self::deposit_event(Event::ProducerRegistered { producer: who, capacity, energy_type });
		Ok(())
	}

	pub(crate) fn do_register_consumer(
		who: T::AccountId,
		consumption_limit: KilowattHours,
		meter: u64,
	) -> DispatchResult {
		ensure!(!Consumers::<T>::contains_key(&who), Error::<T>::AlreadyExists);
		ensure!(consumption_limit > 0, Error::<T>::InvalidAmount);
		let summary = Self::own_meter(&who, meter, MeterKind::Consumption)?;
		Self::within_rating(&summary, &[consumption_limit])?;
		Self::hold_deposit(&who)?;
		Consumers::<T>::insert(
			&who,
			Consumer {
				consumption_limit,
				total_consumed: 0,
				current_usage: 0,
				active: true,
				meter,
			},
		);
		Self::deposit_event(Event::ConsumerRegistered { consumer: who, consumption_limit });
		Ok(())
	}

	pub(crate) fn do_register_storage(
		who: T::AccountId,
		capacity: KilowattHours,
		charge_rate: KilowattHours,
		discharge_rate: KilowattHours,
		meter: u64,
	) -> DispatchResult {
		ensure!(!Storages::<T>::contains_key(&who), Error::<T>::AlreadyExists);
		ensure!(capacity > 0 && charge_rate > 0 && discharge_rate > 0, Error::<T>::InvalidAmount);
		let summary = Self::own_meter(&who, meter, MeterKind::Storage)?;
		Self::within_rating(&summary, &[charge_rate, discharge_rate])?;
		Self::hold_deposit(&who)?;
		Storages::<T>::insert(
			&who,
			StorageFacility { capacity, stored_amount: 0, charge_rate, discharge_rate, meter },
		);
		Self::deposit_event(Event::StorageRegistered { owner: who, capacity });
		Ok(())
	}
}
