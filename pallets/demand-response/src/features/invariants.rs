//! The pallet's storage invariants (`try_state`).

use crate::*;

impl<T: Config> Pallet<T> {
	/// The invariants: each creator's holds are the sums of its programs' budgets and
	/// deposits, each participant's deposit hold the sum of its participations'; each
	/// program's participants match its count and committed total, within its target; every
	/// participant belongs to a live program, and no refused account is one; a metered program's participants each have a
	/// meter enrolled in it, and only they.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use fungible::hold::Inspect as _;
		// What each account should have on hold for each reason (keyed by the reason's index).
		let mut held: BTreeMap<(u8, T::AccountId), (HoldReason, BalanceOf<T>)> = BTreeMap::new();
		let mut add = |reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>| {
			let entry = held.entry((reason as u8, who.clone())).or_insert((reason, Zero::zero()));
			entry.1 = entry.1.saturating_add(amount);
		};
		let mut programs_of: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for (program_id, program) in Programs::<T>::iter() {
			*programs_of.entry(program.operator.clone()).or_default() += 1;
			add(HoldReason::ProgramBudget, &program.creator, program.budget);
			add(HoldReason::ProgramDeposit, &program.creator, program.deposit);
			let metered = MeteredEvents::<T>::contains_key(program_id);
			let (mut count, mut committed) = (0u32, 0u64);
			for (who, p) in Participants::<T>::iter_prefix(program_id) {
				count += 1;
				committed += p.committed_kw;
				add(HoldReason::ParticipationDeposit, &who, p.deposit);
				let meter = ParticipantMeters::<T>::get(program_id, &who);
				ensure!(
					meter.is_some() == metered,
					"a participant's meter does not fit its program"
				);
				if let Some(meter) = meter {
					ensure!(
						MeterEnrollment::<T>::get(meter) == Some(program_id),
						"an enrolled meter is not recorded"
					);
				}
			}
			ensure!(count == program.participants, "participant count is off");
			ensure!(
				!Participants::<T>::contains_key(program_id, &program.operator),
				"a program's operator takes part in it"
			);
			ensure!(committed == program.committed_kw, "committed total is off");
			ensure!(committed <= program.target_reduction_kw, "commitments above the target");
		}
		ensure!(
			OperatorPrograms::<T>::iter().collect::<BTreeMap<_, _>>() == programs_of,
			"an operator's program count is off"
		);
		for ((_, who), (reason, sum)) in held {
			let on_hold = T::Currency::balance_on_hold(&reason.into(), &who);
			ensure!(on_hold == sum, "a hold differs from the budgets or deposits it backs");
		}
		for (program_id, _, _) in Participants::<T>::iter() {
			ensure!(Programs::<T>::contains_key(program_id), "a participant of no program");
		}
		for (program_id, who, _) in ParticipantMeters::<T>::iter() {
			ensure!(Participants::<T>::contains_key(program_id, &who), "a meter of no participant");
		}
		for (program_id, refused) in Refused::<T>::iter() {
			ensure!(Programs::<T>::contains_key(program_id), "a refused list of no program");
			for who in refused {
				ensure!(
					!Participants::<T>::contains_key(program_id, &who),
					"a refused account takes part"
				);
			}
		}
		for (program_id, _) in MeteredEvents::<T>::iter() {
			ensure!(Programs::<T>::contains_key(program_id), "an event of no program");
		}
		ensure!(
			MeterEnrollment::<T>::iter().count() == ParticipantMeters::<T>::iter().count(),
			"an enrollment of no participant"
		);
		Ok(())
	}
}
