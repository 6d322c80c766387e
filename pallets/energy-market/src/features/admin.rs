//! The admin's calls (seed: the contract owner's) and the pot's spending.

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_set_base_price(new_price: BalanceOf<T>) -> DispatchResult {
		ensure!(!new_price.is_zero(), Error::<T>::InvalidAmount);
		BasePrice::<T>::put(new_price);
		Self::deposit_event(Event::BasePriceSet { price: new_price });
		Ok(())
	}

	pub(crate) fn do_toggle_emergency_mode() -> DispatchResult {
		let enabled = !EmergencyMode::<T>::get();
		EmergencyMode::<T>::put(enabled);
		Self::deposit_event(Event::EmergencyModeToggled { enabled });
		Ok(())
	}

	pub(crate) fn do_record_metrics(
		production: KilowattHours,
		consumption: KilowattHours,
		peak_load: KilowattHours,
		efficiency: Permill,
	) -> DispatchResult {
		let metrics_id = NextMetricsId::<T>::get();
		MetricsLog::<T>::insert(
			metrics_id,
			Metrics {
				production,
				consumption,
				peak_load,
				efficiency,
				recorded_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		if let Some(oldest) = metrics_id.checked_sub(u64::from(T::MaxMetrics::get())) {
			MetricsLog::<T>::remove(oldest);
		}
		NextMetricsId::<T>::put(metrics_id.saturating_add(1));
		Self::deposit_event(Event::MetricsRecorded { metrics_id });
		Ok(())
	}

	pub(crate) fn do_update_producer_reputation(
		producer: T::AccountId,
		new_score: u8,
	) -> DispatchResult {
		ensure!(new_score <= MAX_REPUTATION, Error::<T>::InvalidInput);
		Producers::<T>::try_mutate(&producer, |p| {
			p.as_mut().ok_or(Error::<T>::NotFound)?.reputation_score = new_score;
			Ok::<_, Error<T>>(())
		})?;
		Self::deposit_event(Event::ReputationUpdated { producer, score: new_score });
		Ok(())
	}

	pub(crate) fn do_deactivate_participant(
		who: T::AccountId,
		is_producer: bool,
	) -> DispatchResult {
		let mut released = Zero::zero();
		if is_producer {
			let mut producer = Self::active_producer(&who)?;
			producer.active = false;
			Grid::<T>::mutate(|g| {
				g.total_capacity = g.total_capacity.saturating_sub(producer.capacity);
				g.current_load = g.current_load.saturating_sub(producer.current_production);
			});
			producer.current_production = 0;
			Producers::<T>::insert(&who, producer);
		} else {
			let mut consumer = Self::active_consumer(&who)?;
			consumer.active = false;
			Consumers::<T>::insert(&who, consumer);
			released = T::Currency::release_all(
				&HoldReason::PrepaidBalance.into(),
				&who,
				Precision::BestEffort,
			)
			.unwrap_or_default();
		}
		let deposit = T::Currency::release(
			&HoldReason::ParticipantDeposit.into(),
			&who,
			T::ParticipantDeposit::get(),
			Precision::BestEffort,
		)
		.unwrap_or_default();
		let released = released.saturating_add(deposit);
		Self::deposit_event(Event::ParticipantDeactivated { who, is_producer, released });
		Ok(())
	}

	pub(crate) fn do_spend_pot(to: T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::InvalidAmount);
		T::Currency::transfer(&Self::pot(), &to, amount, Preservation::Preserve)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		Self::deposit_event(Event::PotSpent { to, amount });
		Ok(())
	}
}
