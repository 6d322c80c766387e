//! Energy operations of the seed: production reports, consumption paid from prepaid
//! balances at the region's price, storage charge and discharge, prepaid top-ups and
//! withdrawals.

use crate::*;
use grid_primitives::MeterReadings;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_report_production(who: T::AccountId, amount: KilowattHours) -> DispatchResult {
		let mut producer = Self::active_producer(&who)?;
		ensure!(amount <= producer.capacity, Error::<T>::InvalidAmount);
		let mut grid = Grid::<T>::get();
		grid.current_load = grid
			.current_load
			.saturating_sub(producer.current_production)
			.checked_add(amount)
			.ok_or(Error::<T>::InvalidInput)?;
		producer.total_produced =
			producer.total_produced.checked_add(amount).ok_or(Error::<T>::InvalidInput)?;
		producer.current_production = amount;
		Grid::<T>::put(grid);
		Producers::<T>::insert(&who, producer);
		Self::deposit_event(Event::ProductionReported { producer: who, amount });
		Ok(())
	}

	pub(crate) fn do_consume_energy(who: T::AccountId, amount: KilowattHours) -> DispatchResult {
		let mut consumer = Self::active_consumer(&who)?;
		ensure!(amount > 0 && amount <= consumer.consumption_limit, Error::<T>::InvalidAmount);
		let region = T::Meters::meter(consumer.meter).ok_or(Error::<T>::NotYourMeter)?.region;
		let unit_price = Self::dynamic_price(&region).ok_or(Error::<T>::InvalidInput)?;
		let cost =
			unit_price.checked_mul(&amount.saturated_into()).ok_or(Error::<T>::InvalidInput)?;
		ensure!(Self::consumer_balance(&who) >= cost, Error::<T>::InsufficientBalance);
		let mut grid = Grid::<T>::get();
		grid.current_load =
			grid.current_load.checked_add(amount).ok_or(Error::<T>::InvalidInput)?;
		consumer.total_consumed =
			consumer.total_consumed.checked_add(amount).ok_or(Error::<T>::InvalidInput)?;
		consumer.current_usage = amount;

		T::Currency::transfer_on_hold(
			&HoldReason::PrepaidBalance.into(),
			&who,
			&Self::pot(),
			cost,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)
		.map_err(|_| Error::<T>::InsufficientBalance)?;
		Grid::<T>::put(grid);
		Consumers::<T>::insert(&who, consumer);
		Self::deposit_event(Event::EnergyConsumed { consumer: who, amount, unit_price, cost });
		Ok(())
	}

	pub(crate) fn do_charge_storage(who: T::AccountId, amount: KilowattHours) -> DispatchResult {
		let mut storage = Storages::<T>::get(&who).ok_or(Error::<T>::NotFound)?;
		ensure!(amount > 0 && amount <= storage.charge_rate, Error::<T>::InvalidAmount);
		let stored = storage
			.stored_amount
			.checked_add(amount)
			.filter(|s| *s <= storage.capacity)
			.ok_or(Error::<T>::InvalidAmount)?;
		storage.stored_amount = stored;
		Storages::<T>::insert(&who, storage);
		Grid::<T>::mutate(|g| g.current_load = g.current_load.saturating_sub(amount));
		Self::deposit_event(Event::StorageCharged { owner: who, amount });
		Ok(())
	}

	pub(crate) fn do_discharge_storage(who: T::AccountId, amount: KilowattHours) -> DispatchResult {
		let mut storage = Storages::<T>::get(&who).ok_or(Error::<T>::NotFound)?;
		ensure!(amount > 0 && amount <= storage.discharge_rate, Error::<T>::InvalidAmount);
		ensure!(amount <= storage.stored_amount, Error::<T>::InsufficientEnergy);
		let mut grid = Grid::<T>::get();
		grid.current_load =
			grid.current_load.checked_add(amount).ok_or(Error::<T>::InvalidInput)?;
		storage.stored_amount = storage.stored_amount.saturating_sub(amount);
		Storages::<T>::insert(&who, storage);
		Grid::<T>::put(grid);
		Self::deposit_event(Event::StorageDischarged { owner: who, amount });
		Ok(())
	}

	pub(crate) fn do_withdraw_balance(who: T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(Consumers::<T>::contains_key(&who), Error::<T>::NotFound);
		ensure!(!amount.is_zero(), Error::<T>::InvalidAmount);
		ensure!(Self::consumer_balance(&who) >= amount, Error::<T>::InsufficientBalance);
		T::Currency::release(&HoldReason::PrepaidBalance.into(), &who, amount, Precision::Exact)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		Self::deposit_event(Event::ConsumerBalanceWithdrawn { consumer: who, amount });
		Ok(())
	}

	pub(crate) fn do_add_consumer_balance(
		payer: T::AccountId,
		consumer: T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		Self::active_consumer(&consumer)?;
		ensure!(
			T::MinTopUp::get() <= amount && amount <= T::MaxTopUp::get(),
			Error::<T>::InvalidAmount
		);
		if payer != consumer {
			T::Currency::transfer(&payer, &consumer, amount, Preservation::Preserve)
				.map_err(|_| Error::<T>::CannotPay)?;
		}
		T::Currency::hold(&HoldReason::PrepaidBalance.into(), &consumer, amount)
			.map_err(|_| Error::<T>::CannotPay)?;
		Self::deposit_event(Event::ConsumerBalanceAdded { consumer, payer, amount });
		Ok(())
	}
}
