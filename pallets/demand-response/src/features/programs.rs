//! Programs: created with a schedule in blocks or a metered event, settled, cancelled, taken
//! over; who runs them, and the holds behind them.

use crate::*;

impl<T: Config> Pallet<T> {
	/// A program with a schedule in blocks (`create_demand_program`).
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_create_demand_program(
		who: T::AccountId,
		name: ProgramName<T>,
		program_type: ProgramType,
		region: RegionId,
		target_reduction_kw: Kilowatts,
		incentive_rate: BalanceOf<T>,
		duration_blocks: BlockNumberFor<T>,
		starts_at: Option<BlockNumberFor<T>>,
	) -> DispatchResult {
		ensure!(!duration_blocks.is_zero(), Error::<T>::ZeroDuration);
		let now = frame_system::Pallet::<T>::block_number();
		let starts_at = starts_at.unwrap_or_else(|| now.saturating_add(1u32.into()));
		ensure!(starts_at >= now, Error::<T>::StartInPast);
		let terms = Terms { name, program_type, region, target_reduction_kw, incentive_rate };
		Self::do_create(who, terms, Schedule::Blocks { starts_at, duration_blocks }).map(|_| ())
	}

	/// A program with a metered event (`create_metered_program`).
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_create_metered_program(
		who: T::AccountId,
		name: ProgramName<T>,
		program_type: ProgramType,
		region: RegionId,
		target_reduction_kw: Kilowatts,
		incentive_rate: BalanceOf<T>,
		first_interval: IntervalIndex,
		intervals: u32,
	) -> DispatchResult {
		ensure!((1..=T::MaxEventIntervals::get()).contains(&intervals), Error::<T>::BadEventLength);
		let now = T::Meters::current_interval();
		ensure!(first_interval > now, Error::<T>::StartInPast);
		ensure!(
			first_interval <= now.saturating_add(T::MaxLeadIntervals::get()),
			Error::<T>::StartTooFar
		);
		let terms = Terms { name, program_type, region, target_reduction_kw, incentive_rate };
		let event = MeteredEvent { first_interval, intervals };
		let program_id = Self::do_create(who, terms, Schedule::Metered(event))?;
		Self::deposit_event(Event::MeteredEventScheduled { program_id, first_interval, intervals });
		Ok(())
	}

	/// Settle an ended program (`settle_program`).
	pub(crate) fn do_settle_program(program_id: ProgramId) -> DispatchResult {
		let program = Programs::<T>::get(program_id).ok_or(Error::<T>::UnknownProgram)?;
		let event = MeteredEvents::<T>::get(program_id);
		ensure!(Self::has_ended(&program, event.as_ref()), Error::<T>::ProgramNotEnded);
		ensure!(program.participants == 0, Error::<T>::UnclaimedRewards);
		let released = Self::release(HoldReason::ProgramBudget, &program.creator, program.budget);
		Self::release(HoldReason::ProgramDeposit, &program.creator, program.deposit);
		Self::remove_program(program_id, &program);
		Self::deposit_event(Event::ProgramSettled { program_id, released });
		Ok(())
	}

	/// `who` cancels a program before it starts (`cancel_program`).
	pub(crate) fn do_cancel_program(
		who: T::AccountId,
		program_id: ProgramId,
	) -> DispatchResultWithPostInfo {
		let program = Programs::<T>::get(program_id).ok_or(Error::<T>::UnknownProgram)?;
		Self::ensure_program_operator(&who, &program)?;
		let event = MeteredEvents::<T>::get(program_id);
		ensure!(!Self::has_started(&program, event.as_ref()), Error::<T>::ProgramStarted);
		let participants: Vec<T::AccountId> = Participants::<T>::drain_prefix(program_id)
			.map(|(who, p)| {
				Self::release(HoldReason::ParticipationDeposit, &who, p.deposit);
				who
			})
			.collect();
		for (_, meter) in ParticipantMeters::<T>::drain_prefix(program_id) {
			MeterEnrollment::<T>::remove(meter);
		}
		let count = participants.len() as u32;
		let released = Self::release(HoldReason::ProgramBudget, &program.creator, program.budget);
		Self::release(HoldReason::ProgramDeposit, &program.creator, program.deposit);
		Self::remove_program(program_id, &program);
		Self::deposit_event(Event::ProgramCancelled { program_id, released, participants });
		Ok(Some(T::WeightInfo::cancel_program(count)).into())
	}

	/// `who` takes over a program its operator can no longer run (`take_over_program`).
	pub(crate) fn do_take_over_program(who: T::AccountId, program_id: ProgramId) -> DispatchResult {
		let mut program = Programs::<T>::get(program_id).ok_or(Error::<T>::UnknownProgram)?;
		Self::ensure_may_run(&who, &program.region)?;
		let event = MeteredEvents::<T>::get(program_id);
		ensure!(!Self::has_ended(&program, event.as_ref()), Error::<T>::ProgramEnded);
		let from = program.operator.clone();
		ensure!(
			Self::ensure_program_operator(&from, &program).is_err(),
			Error::<T>::OperatorStillActive
		);
		// A participant running the program would report its own reduction.
		ensure!(
			!Participants::<T>::contains_key(program_id, &who),
			Error::<T>::ParticipantCannotRun
		);
		Self::count_program(&from, false);
		Self::count_program(&who, true);
		program.operator = who.clone();
		Programs::<T>::insert(program_id, program);
		Self::deposit_event(Event::ProgramTakenOver { program_id, from, to: who });
		Ok(())
	}

	/// `who` runs `program` (its operator) and is, now, a verified operator of its region
	/// with the demand-response capability: creating or taking over a program gives no power
	/// that outlives a suspension, a lost capability or a move to another region.
	pub(crate) fn ensure_program_operator(
		who: &T::AccountId,
		program: &ProgramOf<T>,
	) -> DispatchResult {
		ensure!(*who == program.operator, Error::<T>::NotProgramOperator);
		Self::ensure_may_run(who, &program.region)
	}

	/// `who` is, now, a verified operator of `region` with the demand-response capability:
	/// what creating, running and taking over a program need.
	pub(crate) fn ensure_may_run(who: &T::AccountId, region: &RegionId) -> DispatchResult {
		ensure!(
			T::Operators::has_capability(who, Capability::RunDemandResponse),
			Error::<T>::NotAuthorized
		);
		ensure!(T::Operators::region_of(who).as_ref() == Some(region), Error::<T>::WrongRegion);
		Ok(())
	}

	/// Check the terms, hold the budget and store the program; its id.
	pub(crate) fn do_create(
		who: T::AccountId,
		terms: Terms<T>,
		schedule: Schedule<BlockNumberFor<T>>,
	) -> Result<ProgramId, DispatchError> {
		let Terms { name, program_type, region, target_reduction_kw, incentive_rate } = terms;
		region.validate().map_err(|_| Error::<T>::BadRegion)?;
		Self::ensure_may_run(&who, &region)?;
		ensure!(grid_primitives::is_printable_name(&name), Error::<T>::BadName);
		ensure!(target_reduction_kw > 0, Error::<T>::ZeroTarget);
		ensure!(!incentive_rate.is_zero(), Error::<T>::ZeroRate);
		let budget = incentive_rate
			.checked_mul(&target_reduction_kw.saturated_into())
			.ok_or(Error::<T>::BudgetOverflow)?;

		let program_id = NextProgramId::<T>::get();
		if program_type == ProgramType::EmergencyResponse {
			Standby::<T>::try_mutate(&region, |list| list.try_push(program_id))
				.map_err(|_| Error::<T>::TooManyStandbyPrograms)?;
		}
		T::Currency::hold(&HoldReason::ProgramBudget.into(), &who, budget)
			.map_err(|_| Error::<T>::InsufficientFunds)?;
		let deposit = Self::hold(HoldReason::ProgramDeposit, &who, T::ProgramDeposit::get())?;

		let now = frame_system::Pallet::<T>::block_number();
		let (starts_at, duration_blocks) = match schedule {
			Schedule::Blocks { starts_at, duration_blocks } => (starts_at, duration_blocks),
			Schedule::Metered(event) => {
				MeteredEvents::<T>::insert(program_id, event);
				(now, Zero::zero())
			},
		};
		let ends_at = starts_at.saturating_add(duration_blocks);
		Programs::<T>::insert(
			program_id,
			Program {
				name,
				program_type,
				region: region.clone(),
				creator: who.clone(),
				operator: who.clone(),
				target_reduction_kw,
				incentive_rate,
				budget,
				duration_blocks,
				starts_at,
				ends_at,
				committed_kw: 0,
				participants: 0,
				deposit,
			},
		);
		NextProgramId::<T>::put(program_id.saturating_add(1));
		Self::count_program(&who, true);
		Self::deposit_event(Event::ProgramCreated {
			program_id,
			creator: who,
			region,
			program_type,
			target_reduction_kw,
			incentive_rate,
			budget,
			starts_at,
			ends_at,
		});
		Ok(program_id)
	}

	/// Whether the program has started: its start block, or its event's first interval.
	pub(crate) fn has_started(program: &ProgramOf<T>, event: Option<&MeteredEvent>) -> bool {
		match event {
			None => frame_system::Pallet::<T>::block_number() >= program.starts_at,
			Some(event) => T::Meters::current_interval() >= event.first_interval,
		}
	}

	/// Whether rewards may be claimed: after its end block, or once its event's readings
	/// are final.
	pub(crate) fn has_ended(program: &ProgramOf<T>, event: Option<&MeteredEvent>) -> bool {
		match event {
			None => frame_system::Pallet::<T>::block_number() >= program.ends_at,
			Some(event) => T::Meters::is_final(event.last_interval()),
		}
	}

	/// Count one more (`true`) or one fewer program that `operator` runs.
	pub(crate) fn count_program(operator: &T::AccountId, more: bool) {
		OperatorPrograms::<T>::mutate_exists(operator, |n| {
			let count = n.unwrap_or(0);
			let count = if more { count.saturating_add(1) } else { count.saturating_sub(1) };
			*n = (count > 0).then_some(count);
		});
	}

	/// Hold `amount` from `who` for `reason` (nothing for zero); the amount held.
	pub(crate) fn hold(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<BalanceOf<T>, Error<T>> {
		if !amount.is_zero() {
			T::Currency::hold(&reason.into(), who, amount)
				.map_err(|_| Error::<T>::InsufficientFunds)?;
		}
		Ok(amount)
	}

	/// Release up to `amount` of `who`'s hold for `reason`; the amount released.
	pub(crate) fn release(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> BalanceOf<T> {
		grid_primitives::release_held::<T::Currency, _>(&reason.into(), who, amount)
	}

	pub(crate) fn remove_program(program_id: ProgramId, program: &ProgramOf<T>) {
		Programs::<T>::remove(program_id);
		MeteredEvents::<T>::remove(program_id);
		Refused::<T>::remove(program_id);
		Self::count_program(&program.operator, false);
		if program.program_type == ProgramType::EmergencyResponse {
			Standby::<T>::mutate(&program.region, |list| list.retain(|id| *id != program_id));
		}
	}
}
