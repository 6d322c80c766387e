//! Benchmarks of every call in its worst case (an emergency program joining a region's
//! standby list one short of full, a program one participant short of full, settlement and
//! cancellation with `p` participants all paid), and of starting `n` standby programs.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::{Inspect as _, Mutate as _};
use frame_system::RawOrigin;
use grid_primitives::Capabilities;

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

	#[benchmark]
	fn settle_program(p: Linear<0, { T::MaxParticipants::get() }>) {
		let who = operator::<T>();
		let now = frame_system::Pallet::<T>::block_number();
		let id = program::<T>(&who, ProgramType::EmergencyResponse, now);
		for participant in join::<T>(id, p) {
			Participants::<T>::mutate(id, &participant, |x| {
				if let Some(x) = x {
					x.delivered_kw = Some(1);
				}
			});
		}
		frame_system::Pallet::<T>::set_block_number(now + 10u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(who), id);

		assert!(!Programs::<T>::contains_key(id));
	}

	#[benchmark]
	fn cancel_program(p: Linear<0, { T::MaxParticipants::get() }>) {
		let who = operator::<T>();
		let later = frame_system::Pallet::<T>::block_number() + 100u32.into();
		let id = program::<T>(&who, ProgramType::EmergencyResponse, later);
		join::<T>(id, p);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), id);

		assert!(!Programs::<T>::contains_key(id));
	}

	/// A region entering emergency mode with `n` emergency programs waiting.
	#[benchmark]
	fn activate_standby(n: Linear<0, { T::MaxStandbyPrograms::get() }>) {
		let who = operator::<T>();
		let later = frame_system::Pallet::<T>::block_number() + 100u32.into();
		for _ in 0..n {
			program::<T>(&who, ProgramType::EmergencyResponse, later);
		}

		#[block]
		{
			Pallet::<T>::activate_standby(&north());
		}

		assert!(Standby::<T>::get(north()).is_empty());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
