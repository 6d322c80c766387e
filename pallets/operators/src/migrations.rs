//! Storage migrations of pallet-operators, each a `VersionedMigration` that runs once.

use crate::*;

/// Version 0 to 1: `Capabilities` gained `manage_meters` (pallet-metering). Every stored
/// operator is rewritten with the capability off; nothing else changes.
pub mod v1 {
	use super::*;
	use frame_support::{
		migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade, BoundedVec,
	};
	use frame_system::pallet_prelude::BlockNumberFor;

	/// The capabilities as version 0 stored them.
	#[derive(Clone, Copy, Encode, Decode, MaxEncodedLen, TypeInfo, Debug, PartialEq, Eq)]
	pub struct OldCapabilities {
		/// Report load.
		pub report_load: bool,
		/// Coordinate balancing.
		pub coordinate_balancing: bool,
		/// Run demand response.
		pub run_demand_response: bool,
		/// Report stability.
		pub report_stability: bool,
		/// Validate blocks.
		pub validate_blocks: bool,
	}

	/// An operator as version 0 stored it.
	#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
	#[scale_info(skip_type_params(T))]
	pub struct OldOperatorInfo<T: Config> {
		/// Display name.
		pub name: BoundedVec<u8, T::MaxNameLen>,
		/// Region.
		pub region: RegionId,
		/// Capacity.
		pub capacity_kw: Kilowatts,
		/// Status.
		pub status: OperatorStatus,
		/// Capabilities without `manage_meters`.
		pub capabilities: OldCapabilities,
		/// Deposit.
		pub deposit: BalanceOf<T>,
		/// Registration block.
		pub registered_at: BlockNumberFor<T>,
	}

	/// The migration itself; use [`MigrateV0ToV1`], which runs it only at version 0.
	pub struct InnerMigrateV0ToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count: u64 = 0;
			Operators::<T>::translate::<OldOperatorInfo<T>, _>(|_who, old| {
				count = count.saturating_add(1);
				let c = old.capabilities;
				Some(OperatorInfo {
					name: old.name,
					region: old.region,
					capacity_kw: old.capacity_kw,
					status: old.status,
					capabilities: Capabilities {
						report_load: c.report_load,
						coordinate_balancing: c.coordinate_balancing,
						run_demand_response: c.run_demand_response,
						report_stability: c.report_stability,
						validate_blocks: c.validate_blocks,
						manage_meters: false,
					},
					deposit: old.deposit,
					registered_at: old.registered_at,
				})
			});
			T::DbWeight::get().reads_writes(count, count)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			let count = Operators::<T>::iter_keys().count() as u32;
			Ok(count.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before = u32::decode(&mut &state[..])
				.map_err(|_| sp_runtime::TryRuntimeError::Other("bad pre_upgrade state"))?;
			let after = Operators::<T>::iter_values().count() as u32;
			ensure!(before == after, "operators lost in the migration");
			ensure!(
				Operators::<T>::iter_values().all(|info| !info.capabilities.manage_meters),
				"a migrated operator may manage meters"
			);
			Ok(())
		}
	}

	/// Version 0 to 1, run once (the storage version is set to 1 after it).
	pub type MigrateV0ToV1<T> = VersionedMigration<
		0,
		1,
		InnerMigrateV0ToV1<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 1 to 2: pending operators are listed in `Pending` (bounded by `MaxPending`, and
/// expiring after `PendingExpiry`). Every operator stored as pending is listed, pending
/// from the upgrade's block on (its registration block could make it expire at once, and a
/// moved operator's move was not recorded). At most `MaxOperators` records are read.
pub mod v2 {
	use super::*;
	use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

	/// The migration itself; use [`MigrateV1ToV2`], which runs it only at version 1.
	pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let now = frame_system::Pallet::<T>::block_number();
			let (mut reads, mut listed) = (0u64, 0u64);
			for (who, info) in Operators::<T>::iter() {
				reads = reads.saturating_add(1);
				if info.status == OperatorStatus::Pending && !Pending::<T>::contains_key(&who) {
					Pending::<T>::insert(&who, now);
					listed = listed.saturating_add(1);
				}
			}
			if listed > u64::from(T::MaxPending::get()) {
				// Registered before the bound: they stay pending (the bound only refuses new
				// ones until enough of them are verified, removed or expire).
				log::warn!(
					target: LOG_TARGET,
					"{listed} operators pending, above MaxPending {}",
					T::MaxPending::get()
				);
			}
			// Each listing reads the entry and writes it and the counter.
			T::DbWeight::get().reads_writes(
				reads.saturating_add(listed).saturating_add(1),
				listed.saturating_mul(2),
			)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			let pending = Operators::<T>::iter_values()
				.filter(|info| info.status == OperatorStatus::Pending)
				.count() as u32;
			Ok(pending.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let pending = u32::decode(&mut &state[..])
				.map_err(|_| sp_runtime::TryRuntimeError::Other("bad pre_upgrade state"))?;
			ensure!(Pending::<T>::count() == pending, "pending operators not all listed");
			Ok(())
		}
	}

	/// Version 1 to 2, run once (the storage version is set to 2 after it).
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		InnerMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 2 to 3: the fewest validators a session may have became a storage value set at
/// genesis ([`MinValidators`]) instead of the runtime's constant. The value every chain had
/// (`DEFAULT_MIN_VALIDATORS`, 1) is written, so that the state says it; the council's
/// runtime upgrade that wants more writes its own afterwards.
pub mod v3 {
	use super::*;
	use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

	/// The migration itself; use [`MigrateV2ToV3`], which runs it only at version 2.
	pub struct InnerMigrateV2ToV3<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV2ToV3<T> {
		fn on_runtime_upgrade() -> Weight {
			if !MinValidators::<T>::exists() {
				MinValidators::<T>::put(DEFAULT_MIN_VALIDATORS);
			}
			T::DbWeight::get().reads_writes(1, 1)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok(MinValidators::<T>::get().encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before = u32::decode(&mut &state[..])
				.map_err(|_| sp_runtime::TryRuntimeError::Other("bad pre_upgrade state"))?;
			ensure!(MinValidators::<T>::exists(), "MinValidators not stored");
			ensure!(MinValidators::<T>::get() == before, "MinValidators changed");
			Ok(())
		}
	}

	/// Version 2 to 3, run once (the storage version is set to 3 after it).
	pub type MigrateV2ToV3<T> = VersionedMigration<
		2,
		3,
		InnerMigrateV2ToV3<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
