//! Storage migrations of pallet-demand-response, each a `VersionedMigration` that runs once.

use crate::*;

/// Version 0 to 1: programs and participations record the storage deposit held for them
/// (`Program::deposit`, `Participation::deposit`). Records stored before deposits existed
/// held none: each is rewritten with a deposit of zero, and nothing else changes. Each
/// program's operator (who runs it) is its creator, and each creator's programs are counted
/// into `OperatorPrograms`.
pub mod v1 {
	use super::*;
	use frame_support::{
		migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade, BoundedVec,
	};

	/// A program as version 0 stored it.
	#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
	#[scale_info(skip_type_params(T))]
	pub struct OldProgram<T: Config> {
		/// Name.
		pub name: BoundedVec<u8, T::MaxNameLen>,
		/// Type.
		pub program_type: ProgramType,
		/// Region.
		pub region: RegionId,
		/// Creator.
		pub creator: T::AccountId,
		/// Target, kW.
		pub target_reduction_kw: Kilowatts,
		/// Rate.
		pub incentive_rate: BalanceOf<T>,
		/// Budget still held.
		pub budget: BalanceOf<T>,
		/// Duration.
		pub duration_blocks: BlockNumberFor<T>,
		/// Start.
		pub starts_at: BlockNumberFor<T>,
		/// End.
		pub ends_at: BlockNumberFor<T>,
		/// Committed, kW.
		pub committed_kw: Kilowatts,
		/// Participants.
		pub participants: u32,
	}

	/// A participation as version 0 stored it.
	#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
	pub struct OldParticipation {
		/// Committed, kW.
		pub committed_kw: Kilowatts,
		/// Reported, kW.
		pub delivered_kw: Option<Kilowatts>,
	}

	/// The migration itself; use [`MigrateV0ToV1`], which runs it only at version 0.
	pub struct InnerMigrateV0ToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut count, mut programs): (u64, u64) = (0, 0);
			Programs::<T>::translate::<OldProgram<T>, _>(|_id, old| {
				count = count.saturating_add(1);
				programs = programs.saturating_add(1);
				OperatorPrograms::<T>::mutate(&old.creator, |n| *n = n.saturating_add(1));
				Some(Program {
					name: old.name,
					program_type: old.program_type,
					region: old.region,
					operator: old.creator.clone(),
					creator: old.creator,
					target_reduction_kw: old.target_reduction_kw,
					incentive_rate: old.incentive_rate,
					budget: old.budget,
					duration_blocks: old.duration_blocks,
					starts_at: old.starts_at,
					ends_at: old.ends_at,
					committed_kw: old.committed_kw,
					participants: old.participants,
					deposit: Zero::zero(),
				})
			});
			Participants::<T>::translate::<OldParticipation, _>(|_id, _who, old| {
				count = count.saturating_add(1);
				Some(Participation {
					committed_kw: old.committed_kw,
					delivered_kw: old.delivered_kw,
					deposit: Zero::zero(),
				})
			});
			// Each program also reads and writes its creator's count.
			T::DbWeight::get().reads_writes(
				count.saturating_add(programs.saturating_mul(2)),
				count.saturating_add(programs),
			)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			let programs = Programs::<T>::iter_keys().count() as u32;
			let participants = Participants::<T>::iter_keys().count() as u32;
			Ok((programs, participants).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (programs, participants) = <(u32, u32)>::decode(&mut &state[..])
				.map_err(|_| sp_runtime::TryRuntimeError::Other("bad pre_upgrade state"))?;
			ensure!(
				Programs::<T>::iter_values().count() as u32 == programs,
				"programs lost in the migration"
			);
			ensure!(
				Participants::<T>::iter_values().count() as u32 == participants,
				"participations lost in the migration"
			);
			ensure!(
				Programs::<T>::iter_values().all(|p| p.deposit.is_zero())
					&& Participants::<T>::iter_values().all(|p| p.deposit.is_zero()),
				"a migrated record claims a deposit that was never held"
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
