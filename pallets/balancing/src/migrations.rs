//! Storage migrations of pallet-balancing, each a `VersionedMigration` that runs once.

use crate::*;

/// Version 0 to 1: each class of action keeps to its places. Version 0 let automatic actions
/// take any free place and one operator hold every operators' place; version 1 keeps
/// automatic actions to `AutomaticPlaces` and each operator to `MaxActionsPerOperator`.
/// In each region's list the most urgent automatic actions stay (list order) and each
/// operator's oldest ones; the others are cancelled (`BalancingActionCancelled`), as the
/// admin would. Nothing else changes.
pub mod v1 {
	use super::*;
	use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

	/// The migration itself; use [`MigrateV0ToV1`], which runs it only at version 0.
	pub struct InnerMigrateV0ToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut reads, mut writes): (u64, u64) = (0, 0);
			let lists: Vec<(RegionId, Vec<ActionId>)> =
				OpenActions::<T>::iter().map(|(r, open)| (r, open.into_inner())).collect();
			for (region, open) in lists {
				reads = reads.saturating_add(1);
				let mut automatic: u32 = 0;
				let mut held: Vec<(T::AccountId, u32)> = Vec::new();
				// Oldest (lowest id) first, so that each operator keeps its oldest actions;
				// automatic ones are counted in list order (most urgent first) below.
				let mut by_age: Vec<(ActionId, BalancingActionOf<T>)> =
					open.iter().filter_map(|id| Actions::<T>::get(id).map(|a| (*id, a))).collect();
				reads = reads.saturating_add(by_age.len() as u64);
				by_age.sort_by_key(|(id, _)| *id);
				let mut excess: Vec<ActionId> = Vec::new();
				for (id, action) in &by_age {
					if let Some(who) = &action.initiator {
						match held.iter_mut().find(|(h, _)| h == who) {
							Some((_, n)) if *n >= T::MaxActionsPerOperator::get() => {
								excess.push(*id)
							},
							Some((_, n)) => *n = n.saturating_add(1),
							None => held.push((who.clone(), 1)),
						}
					}
				}
				for id in &open {
					let Some((_, action)) = by_age.iter().find(|(a, _)| a == id) else {
						continue;
					};
					if action.is_automatic() {
						if automatic >= T::AutomaticPlaces::get() {
							excess.push(*id);
						} else {
							automatic = automatic.saturating_add(1);
						}
					}
				}
				for id in excess {
					if let Some((_, action)) = by_age.iter().find(|(a, _)| *a == id) {
						Pallet::<T>::close(id, action);
						Pallet::<T>::deposit_event(Event::BalancingActionCancelled {
							action_id: id,
							region: region.clone(),
						});
						writes = writes.saturating_add(3);
					}
				}
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok(alloc::vec::Vec::new())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Pallet::<T>::do_try_state()
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
