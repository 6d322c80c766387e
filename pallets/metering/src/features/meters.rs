//! Registering, re-keying and decommissioning meters, and who may.

use crate::*;
use frame_support::traits::{
	fungible::hold::{Inspect as _, Mutate as _},
	tokens::Precision,
};
use grid_primitives::{Capability, EnsureOperator};
use sp_runtime::traits::Zero;

frame_support::parameter_types! {
	/// The capability an operator needs to manage its region's meters.
	pub const ManageMeters: Capability = Capability::ManageMeters;
}

/// Who manages a meter in a call.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Manager<AccountId> {
	/// The admin origin: any region, no deposit.
	Admin,
	/// A verified operator with the manage-meters capability: its own region, with deposits.
	Operator {
		/// The operator.
		who: AccountId,
		/// Its region.
		region: RegionId,
	},
}

impl<T: Config> Pallet<T> {
	/// The admin origin, or a verified operator with the manage-meters capability (checked
	/// now, at dispatch: a suspended operator manages nothing).
	pub(crate) fn ensure_manager(
		origin: OriginFor<T>,
	) -> Result<Manager<T::AccountId>, DispatchError> {
		let origin = match T::AdminOrigin::try_origin(origin) {
			Ok(_) => return Ok(Manager::Admin),
			Err(origin) => origin,
		};
		match EnsureOperator::<T::AccountId, T::Operators, ManageMeters>::try_origin(origin) {
			Ok((who, region)) => Ok(Manager::Operator { who, region }),
			Err(origin) => {
				ensure_signed(origin)?;
				Err(Error::<T>::NotAuthorized.into())
			},
		}
	}

	/// Whether `manager` may manage a meter of `kind` in `region` (`admin_only`: the admin
	/// registered it). An operator manages its own region's meters, a feeder only if it may
	/// also report load (feeders set the region's load), and none the admin registered.
	fn ensure_may_manage(
		manager: &Manager<T::AccountId>,
		region: &RegionId,
		kind: MeterKind,
		admin_only: bool,
	) -> DispatchResult {
		let Manager::Operator { who, region: own } = manager else { return Ok(()) };
		ensure!(!admin_only, Error::<T>::NotAuthorized);
		ensure!(own == region, Error::<T>::WrongRegion);
		if kind == MeterKind::Feeder {
			ensure!(
				T::Operators::has_capability(who, Capability::ReportLoad),
				Error::<T>::NotAuthorized
			);
		}
		Ok(())
	}

	pub(crate) fn do_register_meter(
		manager: Manager<T::AccountId>,
		key: ed25519::Public,
		region: RegionId,
		kind: MeterKind,
		owner: T::AccountId,
		rated_kw: Kilowatts,
	) -> DispatchResult {
		region.validate().map_err(|_| Error::<T>::BadRegion)?;
		Self::ensure_may_manage(&manager, &region, kind, false)?;
		ensure!(rated_kw > 0, Error::<T>::ZeroRatedPower);
		ensure!(!MeterOfKey::<T>::contains_key(key), Error::<T>::KeyInUse);
		let id = NextMeterId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::NoMeterIdLeft)?;
		let totals = match kind {
			MeterKind::Feeder => {
				let mut totals = Feeders::<T>::get(&region).unwrap_or_default();
				totals.feeders =
					totals.feeders.checked_add(1).ok_or(Error::<T>::BadFeederTotals)?;
				totals.capacity_kw =
					totals.capacity_kw.checked_add(rated_kw).ok_or(Error::<T>::BadFeederTotals)?;
				Some(totals)
			},
			_ => None,
		};

		let (depositor, deposit) = match manager {
			Manager::Admin => (None, Zero::zero()),
			Manager::Operator { who, .. } => {
				let deposit = T::MeterDeposit::get();
				T::Currency::hold(&HoldReason::MeterDeposit.into(), &who, deposit)?;
				(Some(who), deposit)
			},
		};

		if let Some(totals) = totals {
			Feeders::<T>::insert(&region, totals);
		}
		MeterOfKey::<T>::insert(key, id);
		NextMeterId::<T>::put(next);
		Meters::<T>::insert(
			id,
			Meter {
				key,
				region: region.clone(),
				kind,
				owner: owner.clone(),
				rated_kw,
				depositor,
				deposit,
				counted_kw: 0,
				readings: BoundedVec::new(),
			},
		);
		Self::deposit_event(Event::MeterRegistered {
			meter: id,
			region,
			kind,
			owner,
			rated_kw,
			key,
		});
		Ok(())
	}

	/// An operator may not touch a meter whose readings measure a reward not yet claimed:
	/// re-keyed, it could sign the readings itself; decommissioned, the readings are gone. The
	/// admin origin (two thirds of the council) still may, for a compromised meter.
	fn ensure_not_in_use(manager: &Manager<T::AccountId>, id: MeterId) -> DispatchResult {
		use grid_primitives::MeterInUse as _;
		ensure!(*manager == Manager::Admin || !T::MeterInUse::in_use(id), Error::<T>::MeterInUse);
		Ok(())
	}

	pub(crate) fn do_rotate_meter_key(
		manager: Manager<T::AccountId>,
		id: MeterId,
		new_key: ed25519::Public,
	) -> DispatchResult {
		let mut meter = Meters::<T>::get(id).ok_or(Error::<T>::UnknownMeter)?;
		Self::ensure_may_manage(&manager, &meter.region, meter.kind, meter.depositor.is_none())?;
		Self::ensure_not_in_use(&manager, id)?;
		ensure!(!MeterOfKey::<T>::contains_key(new_key), Error::<T>::KeyInUse);
		MeterOfKey::<T>::remove(meter.key);
		MeterOfKey::<T>::insert(new_key, id);
		meter.key = new_key;
		Meters::<T>::insert(id, meter);
		Self::deposit_event(Event::MeterKeyRotated { meter: id, key: new_key });
		Ok(())
	}

	pub(crate) fn do_decommission_meter(
		manager: Manager<T::AccountId>,
		id: MeterId,
	) -> DispatchResult {
		let meter = Meters::<T>::get(id).ok_or(Error::<T>::UnknownMeter)?;
		Self::ensure_may_manage(&manager, &meter.region, meter.kind, meter.depositor.is_none())?;
		Self::ensure_not_in_use(&manager, id)?;

		if meter.kind == MeterKind::Feeder {
			let mut totals = Feeders::<T>::get(&meter.region).ok_or(Error::<T>::BadFeederTotals)?;
			totals.feeders = totals.feeders.checked_sub(1).ok_or(Error::<T>::BadFeederTotals)?;
			totals.capacity_kw = totals.capacity_kw.saturating_sub(meter.rated_kw);
			totals.demand_kw = totals.demand_kw.saturating_sub(meter.counted_kw);
			if totals.feeders == 0 {
				Feeders::<T>::remove(&meter.region);
				T::MeteredLoad::unmetered(&meter.region);
			} else {
				Feeders::<T>::insert(&meter.region, totals);
			}
		}
		if let Some(depositor) = &meter.depositor {
			let released = T::Currency::release(
				&HoldReason::MeterDeposit.into(),
				depositor,
				meter.deposit,
				Precision::BestEffort,
			)?;
			if released != meter.deposit {
				log::warn!(
					target: LOG_TARGET,
					"meter {id}: released {released:?} of a {:?} deposit",
					meter.deposit
				);
			}
		}
		MeterOfKey::<T>::remove(meter.key);
		Meters::<T>::remove(id);
		Self::deposit_event(Event::MeterDecommissioned { meter: id });
		Ok(())
	}

	/// What `who` has on hold for meter deposits (all its meters together).
	pub fn deposit_held(who: &T::AccountId) -> BalanceOf<T> {
		T::Currency::balance_on_hold(&HoldReason::MeterDeposit.into(), who)
	}
}
