//! What the other pallets ask of operators.

use crate::*;

impl<T: Config> OperatorRegistry<T::AccountId> for Pallet<T> {
	fn is_verified(who: &T::AccountId) -> bool {
		Self::is_verified_operator(who)
	}

	fn region_of(who: &T::AccountId) -> Option<RegionId> {
		Operators::<T>::get(who).map(|info| info.region)
	}

	fn has_capability(who: &T::AccountId, capability: Capability) -> bool {
		Operators::<T>::get(who)
			.is_some_and(|info| info.is_verified() && info.capabilities.contains(capability))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn make_operator(who: &T::AccountId, region: RegionId, capabilities: Capabilities) {
		use fungible::{Inspect as _, Mutate as _};
		let deposit = T::RegistrationDeposit::get();
		let _ = T::Currency::set_balance(
			who,
			T::Currency::minimum_balance().saturating_add(deposit).saturating_add(deposit),
		);
		let name: OperatorName<T> = BoundedVec::truncate_from(b"benchmark operator".to_vec());
		if Self::do_register(who, name, region, 1_000).is_ok() {
			if let Some(mut info) = Operators::<T>::get(who) {
				info.status = OperatorStatus::Verified;
				info.capabilities = capabilities;
				let _ = Self::store_and_resync(who, Some(info));
			}
		}
	}
}
