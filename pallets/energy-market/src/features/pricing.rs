//! Prices per region, from the region's measured load (seed formula) and its emergency.

use crate::*;
use grid_primitives::{EmergencyState, LoadMonitor, RegionId};

impl<T: Config> Pallet<T> {
	/// The base price per kWh in force.
	pub fn base_price() -> BalanceOf<T> {
		BasePrice::<T>::get().unwrap_or_else(T::DefaultBasePrice::get)
	}

	/// Whether emergency pricing is on somewhere: the admin's switch, or any region's
	/// stability emergency (`get_grid_status`'s flag).
	pub fn is_emergency() -> bool {
		EmergencyMode::<T>::get() || T::Emergency::is_grid_in_emergency()
	}

	/// Whether `region` pays emergency prices: the admin's grid-wide switch, or the region's
	/// own stability emergency.
	pub fn is_region_emergency(region: &RegionId) -> bool {
		EmergencyMode::<T>::get() || T::Emergency::is_region_in_emergency(region)
	}

	/// The price per kWh in `region` now (seed: `get-dynamic-price`): `base x
	/// EmergencyMultiplier` in the region's emergency, else `base + base x demand / (2 x
	/// capacity)` from the region's latest load reading (measured by its feeder meters
	/// where it has them; the base price with no fresh reading or no capacity). `None` if
	/// it does not fit the balance type. Nobody's declarations move it.
	pub fn dynamic_price(region: &RegionId) -> Option<BalanceOf<T>> {
		let base = Self::base_price();
		if Self::is_region_emergency(region) {
			return base.checked_mul(&T::EmergencyMultiplier::get().into());
		}
		let Some((capacity_kw, demand_kw)) = T::Load::current_load_kw(region) else {
			return Some(base);
		};
		if capacity_kw == 0 {
			return Some(base);
		}
		let demand: BalanceOf<T> = demand_kw.saturated_into();
		let twice_capacity: BalanceOf<T> =
			u128::from(capacity_kw).saturating_mul(2).saturated_into();
		base.checked_mul(&demand)?.checked_div(&twice_capacity)?.checked_add(&base)
	}
}
