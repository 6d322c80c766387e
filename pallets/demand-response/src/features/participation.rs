//! Participation: joining, reported and metered reductions, rewards, leaving and removal.

use crate::*;

impl<T: Config> Pallet<T> {
	/// `who` joins a reported program (`join_program`).
	pub(crate) fn do_join_program(
		who: T::AccountId,
		program_id: ProgramId,
		committed_reduction_kw: Kilowatts,
	) -> DispatchResult {
		let program = Programs::<T>::get(program_id).ok_or(Error::<T>::UnknownProgram)?;
		ensure!(!MeteredEvents::<T>::contains_key(program_id), Error::<T>::MeterRequired);
		ensure!(
			frame_system::Pallet::<T>::block_number() < program.ends_at,
			Error::<T>::ProgramEnded
		);
		Self::do_join(program_id, program, who, committed_reduction_kw)
	}

	/// `who` joins a metered program with its meter (`join_program_metered`).
	pub(crate) fn do_join_program_metered(
		who: T::AccountId,
		program_id: ProgramId,
		committed_reduction_kw: Kilowatts,
		meter: u64,
	) -> DispatchResult {
		let program = Programs::<T>::get(program_id).ok_or(Error::<T>::UnknownProgram)?;
		let event = MeteredEvents::<T>::get(program_id).ok_or(Error::<T>::NotMetered)?;
		ensure!(!Self::has_started(&program, Some(&event)), Error::<T>::ProgramStarted);
		ensure!(!Participants::<T>::contains_key(program_id, &who), Error::<T>::AlreadyJoined);
		let summary = T::Meters::meter(meter).ok_or(Error::<T>::UnknownMeter)?;
		ensure!(summary.owner == who, Error::<T>::NotMeterOwner);
		ensure!(summary.region == program.region, Error::<T>::MeterWrongRegion);
		ensure!(
			matches!(summary.kind, MeterKind::Consumption | MeterKind::Storage),
			Error::<T>::NotConsumptionMeter
		);
		ensure!(!MeterEnrollment::<T>::contains_key(meter), Error::<T>::MeterEnrolled);
		Self::do_join(program_id, program, who.clone(), committed_reduction_kw)?;
		ParticipantMeters::<T>::insert(program_id, &who, meter);
		MeterEnrollment::<T>::insert(meter, program_id);
		Self::deposit_event(Event::MeterEnrolled { program_id, participant: who, meter });
		Ok(())
	}

	/// `who` reports a participant's reduction (`report_reduction`).
	pub(crate) fn do_report_reduction(
		who: T::AccountId,
		program_id: ProgramId,
		participant: T::AccountId,
		actual_reduction_kw: Kilowatts,
	) -> DispatchResult {
		let program = Programs::<T>::get(program_id).ok_or(Error::<T>::UnknownProgram)?;
		Self::ensure_program_operator(&who, &program)?;
		ensure!(!MeteredEvents::<T>::contains_key(program_id), Error::<T>::ProgramMetered);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(program.starts_at <= now && now < program.ends_at, Error::<T>::ProgramNotActive);
		Participants::<T>::try_mutate(program_id, &participant, |p| {
			let p = p.as_mut().ok_or(Error::<T>::NotParticipant)?;
			p.delivered_kw = Some(actual_reduction_kw);
			Ok::<_, Error<T>>(())
		})?;
		Self::deposit_event(Event::ReductionReported {
			program_id,
			participant,
			actual_kw: actual_reduction_kw,
		});
		Ok(())
	}

	/// Pay a participant of an ended program (`claim_reward`).
	pub(crate) fn do_claim_reward(
		program_id: ProgramId,
		participant: T::AccountId,
	) -> DispatchResult {
		let mut program = Programs::<T>::get(program_id).ok_or(Error::<T>::UnknownProgram)?;
		let p =
			Participants::<T>::get(program_id, &participant).ok_or(Error::<T>::NotParticipant)?;
		let event = MeteredEvents::<T>::get(program_id);
		ensure!(Self::has_ended(&program, event.as_ref()), Error::<T>::ProgramNotEnded);

		let delivered_kw = match event {
			None => p.delivered_kw.unwrap_or(0),
			Some(event) => {
				let meter = ParticipantMeters::<T>::take(program_id, &participant)
					.ok_or(Error::<T>::NotParticipant)?;
				MeterEnrollment::<T>::remove(meter);
				let measured = Self::measure(meter, &event);
				Self::deposit_event(Event::ReductionMetered {
					program_id,
					participant: participant.clone(),
					baseline_wh: measured.baseline_wh,
					reduced_wh: measured.reduced_wh,
					delivered_kw: measured.delivered_kw,
				});
				measured.delivered_kw
			},
		};
		let reward = Self::reward(&program, &p, delivered_kw);

		Self::end_participation(program_id, &mut program, &participant, &p);
		let paid = reward.is_zero()
			|| T::Currency::transfer_on_hold(
				&HoldReason::ProgramBudget.into(),
				&program.creator,
				&participant,
				reward,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)
			.is_ok();
		if paid {
			program.budget = program.budget.saturating_sub(reward);
			Self::deposit_event(Event::RewardPaid { program_id, participant, amount: reward });
		} else {
			Self::deposit_event(Event::RewardUnpaid { program_id, participant, amount: reward });
		}
		Programs::<T>::insert(program_id, program);
		Ok(())
	}

	/// `who` leaves a program before it starts (`leave_program`).
	pub(crate) fn do_leave_program(who: T::AccountId, program_id: ProgramId) -> DispatchResult {
		let mut program = Programs::<T>::get(program_id).ok_or(Error::<T>::UnknownProgram)?;
		let p = Participants::<T>::get(program_id, &who).ok_or(Error::<T>::NotParticipant)?;
		let event = MeteredEvents::<T>::get(program_id);
		ensure!(!Self::has_started(&program, event.as_ref()), Error::<T>::ProgramStarted);
		let deposit = Self::end_participation(program_id, &mut program, &who, &p);
		Programs::<T>::insert(program_id, program);
		Self::deposit_event(Event::ParticipantLeft { program_id, participant: who, deposit });
		Ok(())
	}

	/// `who`, the program's operator, removes a participant (`remove_participant`).
	pub(crate) fn do_remove_participant(
		who: T::AccountId,
		program_id: ProgramId,
		participant: T::AccountId,
	) -> DispatchResult {
		let mut program = Programs::<T>::get(program_id).ok_or(Error::<T>::UnknownProgram)?;
		Self::ensure_program_operator(&who, &program)?;
		let p =
			Participants::<T>::get(program_id, &participant).ok_or(Error::<T>::NotParticipant)?;
		match MeteredEvents::<T>::get(program_id) {
			Some(event) => {
				ensure!(!Self::has_started(&program, Some(&event)), Error::<T>::ProgramStarted)
			},
			None => {
				ensure!(!Self::has_ended(&program, None), Error::<T>::ProgramEnded);
				ensure!(p.delivered_kw.is_none(), Error::<T>::ReductionAlreadyReported);
			},
		}
		let deposit = Self::end_participation(program_id, &mut program, &participant, &p);
		Programs::<T>::insert(program_id, program);
		// Full (`MaxParticipants` refused already): the removal stands, unrecorded.
		let refused = Refused::<T>::mutate(program_id, |refused| {
			refused.try_push(participant.clone()).is_ok()
		});
		Self::deposit_event(Event::ParticipantRemoved {
			program_id,
			participant,
			deposit,
			refused,
		});
		Ok(())
	}

	/// Add `who` to a program it may join (timing checked by the caller).
	pub(crate) fn do_join(
		program_id: ProgramId,
		mut program: ProgramOf<T>,
		who: T::AccountId,
		committed_reduction_kw: Kilowatts,
	) -> DispatchResult {
		ensure!(committed_reduction_kw > 0, Error::<T>::ZeroCommitment);
		ensure!(who != program.creator && who != program.operator, Error::<T>::CreatorCannotJoin);
		ensure!(!Refused::<T>::get(program_id).contains(&who), Error::<T>::Refused);
		ensure!(!Participants::<T>::contains_key(program_id, &who), Error::<T>::AlreadyJoined);
		ensure!(program.participants < T::MaxParticipants::get(), Error::<T>::ProgramFull);
		let committed = program
			.committed_kw
			.checked_add(committed_reduction_kw)
			.filter(|total| *total <= program.target_reduction_kw)
			.ok_or(Error::<T>::ExceedsTarget)?;
		let deposit =
			Self::hold(HoldReason::ParticipationDeposit, &who, T::ParticipationDeposit::get())?;
		program.committed_kw = committed;
		program.participants = program.participants.saturating_add(1);
		Programs::<T>::insert(program_id, program);
		Participants::<T>::insert(
			program_id,
			&who,
			Participation { committed_kw: committed_reduction_kw, delivered_kw: None, deposit },
		);
		Self::deposit_event(Event::ParticipantJoined {
			program_id,
			participant: who,
			committed_kw: committed_reduction_kw,
		});
		Ok(())
	}

	/// End `who`'s participation `p` in `program` (stored by the caller): its record and
	/// meter enrollment go, its commitment leaves the program's totals and its deposit is
	/// released. The deposit released.
	pub(crate) fn end_participation(
		program_id: ProgramId,
		program: &mut ProgramOf<T>,
		who: &T::AccountId,
		p: &ParticipationOf<T>,
	) -> BalanceOf<T> {
		Participants::<T>::remove(program_id, who);
		if let Some(meter) = ParticipantMeters::<T>::take(program_id, who) {
			MeterEnrollment::<T>::remove(meter);
		}
		program.participants = program.participants.saturating_sub(1);
		program.committed_kw = program.committed_kw.saturating_sub(p.committed_kw);
		Self::release(HoldReason::ParticipationDeposit, who, p.deposit)
	}

	/// What a participant that delivered `delivered_kw` is paid: up to its commitment, at the
	/// program's rate, never more than the program still holds.
	pub(crate) fn reward(
		program: &ProgramOf<T>,
		p: &ParticipationOf<T>,
		delivered_kw: Kilowatts,
	) -> BalanceOf<T> {
		program
			.incentive_rate
			.saturating_mul(delivered_kw.min(p.committed_kw).saturated_into())
			.min(program.budget)
	}
}
