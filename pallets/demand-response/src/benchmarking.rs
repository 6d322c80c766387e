//! Benchmarks of every call in its worst case (an emergency program joining a region's
//! standby list one short of full, a program one participant short of full, a metered claim
//! over a meter's full window of readings, cancellation with `p` metered participants, a
//! metered participant leaving or removed from a full program, a join or removal scanning a
//! full list of refused accounts), and of starting `n` metered
//! standby programs.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::{Inspect as _, Mutate as _};
use frame_system::RawOrigin;
use grid_primitives::{Capabilities, IntervalEnergy, ReadingQuality};

/// The interval the benchmarks' clock is in.
const NOW: IntervalIndex = 1_900_000;

fn north() -> RegionId {
	RegionId::new(b"North").expect("a valid region name")
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = T::Currency::minimum_balance().saturating_mul(1_000_000u32.into());
	T::Currency::set_balance(&who, amount);
	who
}

fn operator<T: Config>() -> T::AccountId {
	let who = funded::<T>("operator", 0);
	let caps = Capabilities::default().with(Capability::RunDemandResponse);
	T::Operators::make_operator(&who, north(), caps);
	who
}

fn longest_name<T: Config>() -> ProgramName<T> {
	BoundedVec::truncate_from(alloc::vec![b'p'; T::MaxNameLen::get() as usize])
}

/// A program of `who`'s in North starting at `starts_at`, rate 1 per kW, target
/// `MaxParticipants` kW.
fn program<T: Config>(
	who: &T::AccountId,
	program_type: ProgramType,
	starts_at: BlockNumberFor<T>,
) -> ProgramId {
	let id = NextProgramId::<T>::get();
	Pallet::<T>::create_demand_program(
		RawOrigin::Signed(who.clone()).into(),
		longest_name::<T>(),
		program_type,
		north(),
		u64::from(T::MaxParticipants::get()),
		T::Currency::minimum_balance(),
		10u32.into(),
		Some(starts_at),
	)
	.expect("valid program");
	id
}

/// A metered emergency-response program of `who`'s in North, its event `MaxEventIntervals`
/// long starting `BaselineIntervals` intervals after `NOW`, target `MaxParticipants` kW.
fn metered_program<T: Config>(who: &T::AccountId) -> ProgramId {
	T::Meters::set_current_interval(NOW);
	let id = NextProgramId::<T>::get();
	Pallet::<T>::create_metered_program(
		RawOrigin::Signed(who.clone()).into(),
		longest_name::<T>(),
		ProgramType::EmergencyResponse,
		north(),
		u64::from(T::MaxParticipants::get()),
		T::Currency::minimum_balance(),
		NOW + T::BaselineIntervals::get() + 1,
		T::MaxEventIntervals::get(),
	)
	.expect("valid program");
	id
}

/// `count` participants committing 1 kW each, each measured by a consumption meter of its own.
fn join_metered<T: Config>(id: ProgramId, count: u32) -> Vec<(T::AccountId, u64)> {
	(0..count)
		.map(|i| {
			let who = funded::<T>("participant", i);
			let meter = T::Meters::make_meter(who.clone(), north(), MeterKind::Consumption);
			Pallet::<T>::join_program_metered(RawOrigin::Signed(who.clone()).into(), id, 1, meter)
				.expect("room for it");
			(who, meter)
		})
		.collect()
}

/// A metered program of a new operator's, full of participants: (the operator, the program,
/// its last participant, that participant's meter).
fn full_metered_program<T: Config>() -> (T::AccountId, ProgramId, T::AccountId, u64) {
	let who = operator::<T>();
	let id = metered_program::<T>(&who);
	let (participant, meter) =
		join_metered::<T>(id, T::MaxParticipants::get()).pop().expect("one participant");
	(who, id, participant, meter)
}

/// `count` accounts the operator of program `id` refused (a join scans the list).
fn refuse<T: Config>(id: ProgramId, count: u32) {
	let refused = (0..count).map(|i| account::<T::AccountId>("refused", i, 0)).collect::<Vec<_>>();
	Refused::<T>::insert(id, BoundedVec::truncate_from(refused));
}

/// `count` participants committing 1 kW each.
fn join<T: Config>(id: ProgramId, count: u32) -> Vec<T::AccountId> {
	(0..count)
		.map(|i| {
			let who = funded::<T>("participant", i);
			Pallet::<T>::join_program(RawOrigin::Signed(who.clone()).into(), id, 1)
				.expect("room for it");
			who
		})
		.collect()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_demand_program() {
		let who = operator::<T>();
		let later = frame_system::Pallet::<T>::block_number() + 100u32.into();
		for _ in 1..T::MaxStandbyPrograms::get() {
			program::<T>(&who, ProgramType::EmergencyResponse, later);
		}

		#[extrinsic_call]
		_(
			RawOrigin::Signed(who),
			longest_name::<T>(),
			ProgramType::EmergencyResponse,
			north(),
			1_000,
			T::Currency::minimum_balance(),
			10u32.into(),
			Some(later),
		);

		assert_eq!(Standby::<T>::get(north()).len() as u32, T::MaxStandbyPrograms::get());
	}

	#[benchmark]
	fn join_program() {
		let who = operator::<T>();
		let now = frame_system::Pallet::<T>::block_number();
		let id = program::<T>(&who, ProgramType::PeakShaving, now);
		join::<T>(id, T::MaxParticipants::get() - 1);
		refuse::<T>(id, T::MaxParticipants::get());
		let last = funded::<T>("last", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), id, 1);

		assert!(Participants::<T>::contains_key(id, &last));
	}

	#[benchmark]
	fn report_reduction() {
		let who = operator::<T>();
		let now = frame_system::Pallet::<T>::block_number();
		let id = program::<T>(&who, ProgramType::PeakShaving, now);
		let participants = join::<T>(id, T::MaxParticipants::get());
		let participant = participants.last().cloned().expect("at least one");

		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, participant.clone(), 1);

		assert_eq!(Participants::<T>::get(id, &participant).and_then(|p| p.delivered_kw), Some(1));
	}

	/// A settled emergency program leaves the standby list and its metered event.
	#[benchmark]
	fn settle_program() {
		let who = operator::<T>();
		let id = metered_program::<T>(&who);
		let event = MeteredEvents::<T>::get(id).expect("metered");
		T::Meters::set_current_interval(event.last_interval() + T::Meters::late_window() + 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), id);

		assert!(!Programs::<T>::contains_key(id));
	}

	#[benchmark]
	fn cancel_program(p: Linear<0, { T::MaxParticipants::get() }>) {
		let who = operator::<T>();
		let id = metered_program::<T>(&who);
		join_metered::<T>(id, p);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), id);

		assert!(!Programs::<T>::contains_key(id));
		assert_eq!(ParticipantMeters::<T>::iter_prefix(id).count(), 0);
	}

	/// A region entering emergency mode with `n` metered emergency programs waiting.
	#[benchmark]
	fn activate_standby(n: Linear<0, { T::MaxStandbyPrograms::get() }>) {
		let who = operator::<T>();
		for _ in 0..n {
			metered_program::<T>(&who);
		}

		#[block]
		{
			Pallet::<T>::activate_standby(&north());
		}

		assert!(Standby::<T>::get(north()).is_empty());
	}

	#[benchmark]
	fn create_metered_program() {
		let who = operator::<T>();
		for _ in 1..T::MaxStandbyPrograms::get() {
			metered_program::<T>(&who);
		}

		#[extrinsic_call]
		_(
			RawOrigin::Signed(who),
			longest_name::<T>(),
			ProgramType::EmergencyResponse,
			north(),
			1_000,
			T::Currency::minimum_balance(),
			NOW + 1,
			T::MaxEventIntervals::get(),
		);

		assert_eq!(Standby::<T>::get(north()).len() as u32, T::MaxStandbyPrograms::get());
	}

	#[benchmark]
	fn join_program_metered() {
		let who = operator::<T>();
		let id = metered_program::<T>(&who);
		join_metered::<T>(id, T::MaxParticipants::get() - 1);
		refuse::<T>(id, T::MaxParticipants::get());
		let last = funded::<T>("last", 0);
		let meter = T::Meters::make_meter(last.clone(), north(), MeterKind::Consumption);
		// Its record is as long as it gets: a full window of readings.
		for interval in NOW.saturating_sub(T::Meters::kept_readings())..NOW {
			let energy = IntervalEnergy {
				imported_wh: 1_000,
				exported_wh: 0,
				quality: ReadingQuality::Measured,
			};
			T::Meters::put_reading(meter, interval, energy);
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), id, 1, meter);

		assert_eq!(ParticipantMeters::<T>::get(id, &last), Some(meter));
	}

	/// A metered claim: the meter keeps a full window (the baseline and the event among
	/// it), the participant delivered, is paid and gets its deposit back.
	#[benchmark]
	fn claim_reward() {
		let who = operator::<T>();
		let id = metered_program::<T>(&who);
		let event = MeteredEvents::<T>::get(id).expect("metered");
		let (participant, meter) = join_metered::<T>(id, 1).pop().expect("one participant");
		let claim_at = event.last_interval() + T::Meters::late_window() + 1;
		let oldest = claim_at.saturating_sub(T::Meters::kept_readings());
		for interval in oldest..claim_at {
			let imported_wh = if interval >= event.first_interval { 0 } else { 1_000 };
			let energy =
				IntervalEnergy { imported_wh, exported_wh: 0, quality: ReadingQuality::Measured };
			T::Meters::put_reading(meter, interval, energy);
		}
		T::Meters::set_current_interval(claim_at);
		let before = T::Currency::balance(&participant);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, participant.clone());

		assert!(!Participants::<T>::contains_key(id, &participant));
		assert!(T::Currency::balance(&participant) > before);
	}

	/// The last of a full metered program's participants leaves: its meter is let go.
	#[benchmark]
	fn leave_program() {
		let (_, id, participant, meter) = full_metered_program::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(participant.clone()), id);

		assert!(!Participants::<T>::contains_key(id, &participant));
		assert!(!MeterEnrollment::<T>::contains_key(meter));
	}

	/// The operator removes the last of a full metered program's participants.
	#[benchmark]
	fn remove_participant() {
		let (who, id, participant, meter) = full_metered_program::<T>();
		refuse::<T>(id, T::MaxParticipants::get() - 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, participant.clone());

		assert!(!Participants::<T>::contains_key(id, &participant));
		assert!(!MeterEnrollment::<T>::contains_key(meter));
		assert!(Refused::<T>::get(id).contains(&participant));
	}

	/// A metered program whose operator left the grid, taken over by another operator of its
	/// region.
	#[benchmark]
	fn take_over_program() {
		let who = operator::<T>();
		let id = metered_program::<T>(&who);
		let gone: T::AccountId = account("gone", 0, 0);
		Programs::<T>::mutate(id, |p| {
			if let Some(p) = p {
				p.operator = gone.clone();
			}
		});
		let taker = funded::<T>("taker", 0);
		let caps = Capabilities::default().with(Capability::RunDemandResponse);
		T::Operators::make_operator(&taker, north(), caps);

		#[extrinsic_call]
		_(RawOrigin::Signed(taker.clone()), id);

		assert_eq!(Programs::<T>::get(id).map(|p| p.operator), Some(taker));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
