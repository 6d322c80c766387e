//! Benchmarks of every call and of the expiry hook, in the worst case: a region's action
//! list one short of full with every action read to place the new one (the caller holding
//! one action short of its bound; for an automatic action, a full list and the least urgent
//! action evicted), generation figures set, and for the hook a full budget of actions over
//! the most deadline buckets.

use super::*;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use grid_primitives::Capabilities;

fn region(i: u32) -> RegionId {
	let mut name = *b"Region-0000000";
	for (k, letter) in name.iter_mut().rev().take(7).enumerate() {
		*letter = b'0' + ((i / 10u32.pow(k as u32)) % 10) as u8;
	}
	RegionId::new(&name).expect("a valid region name")
}

fn coordinator<T: Config>(name: &'static str, region: &RegionId) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	let caps = Capabilities::default().with(Capability::CoordinateBalancing);
	T::Operators::make_operator(&who, region.clone(), caps);
	who
}

/// Generation figures for `region`, and a fresh load reading (900 MW of 1,000 MW): the load
/// shedding the benchmarks open reads both.
fn capacity<T: Config>(region: &RegionId) {
	T::Load::set_load_for_benchmarks(region, 1_000_000, 900_000);
	Capacities::<T>::insert(
		region,
		RegionCapacity {
			max_generation_kw: 1_000_000,
			current_generation_kw: 500_000,
			reserve_kw: 100_000,
			updated_at: frame_system::Pallet::<T>::block_number(),
		},
	);
}

/// `count` open automatic actions of `action_type` and 1 kW in `region`, all at priority 0.
fn fill<T: Config>(region: &RegionId, count: u32, action_type: BalancingActionType) {
	for _ in 0..count {
		Pallet::<T>::open_action(region.clone(), action_type, 1, 0, None, None)
			.expect("room for it");
	}
}

/// `count` open actions of `action_type` and 1 kW in `region` opened by `who`.
fn open_by<T: Config>(
	region: &RegionId,
	who: &T::AccountId,
	count: u32,
	action_type: BalancingActionType,
) {
	for _ in 0..count {
		Pallet::<T>::open_action(region.clone(), action_type, 1, 0, Some(who.clone()), None)
			.expect("room for it");
	}
}

/// `count` open operators' actions of `action_type` and 1 kW in `region`, opened by as
/// many of the region's other coordinators as that takes (each holding as many as it may).
fn fill_by_peers<T: Config>(region: &RegionId, count: u32, action_type: BalancingActionType) {
	let per_operator = T::MaxActionsPerOperator::get();
	let mut left = count;
	let mut i = 0;
	while left > 0 {
		let peer: T::AccountId = account("peer", i, 0);
		let caps = Capabilities::default().with(Capability::CoordinateBalancing);
		T::Operators::make_operator(&peer, region.clone(), caps);
		let n = left.min(per_operator);
		open_by::<T>(region, &peer, n, action_type);
		left -= n;
		i += 1;
	}
}

/// A full list of `action_type`: every automatic place, then the operators' places (the
/// last `by_who` of them opened by `who`, which need not be an operator).
fn fill_list<T: Config>(
	region: &RegionId,
	who: &T::AccountId,
	by_who: u32,
	action_type: BalancingActionType,
) {
	fill::<T>(region, T::AutomaticPlaces::get(), action_type);
	fill_by_peers::<T>(region, Pallet::<T>::operator_action_limit() - by_who, action_type);
	open_by::<T>(region, who, by_who, action_type);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_region_capacity() {
		let north = region(0);
		let who = coordinator::<T>("coordinator", &north);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), north.clone(), 1_000_000, 400_000, 50_000);

		assert!(Capacities::<T>::contains_key(&north));
	}

	#[benchmark]
	fn initiate_balancing_action() {
		let north = region(0);
		let who = coordinator::<T>("coordinator", &north);
		capacity::<T>(&north);
		// Every place but one: the caller one action short of its bound.
		let shedding = BalancingActionType::LoadShedding;
		fill::<T>(&north, T::AutomaticPlaces::get(), shedding);
		let own = T::MaxActionsPerOperator::get() - 1;
		fill_by_peers::<T>(&north, Pallet::<T>::operator_action_limit() - 1 - own, shedding);
		open_by::<T>(&north, &who, own, shedding);

		// Shedding reads the region's load as well as its figures.
		#[extrinsic_call]
		_(RawOrigin::Signed(who), north.clone(), BalancingActionType::LoadShedding, 10, 0);

		assert_eq!(OpenActions::<T>::get(&north).len() as u32, T::MaxOpenActions::get());
	}

	#[benchmark]
	fn complete_balancing_action() {
		let north = region(0);
		let who = coordinator::<T>("coordinator", &north);
		capacity::<T>(&north);
		// An increase: completing it writes the region's generation too. Its initiator is no
		// longer an operator, so that the caller's and the initiator's records are both read.
		let departed: T::AccountId = account("departed", 0, 0);
		fill_list::<T>(&north, &departed, 1, BalancingActionType::IncreaseGeneration);
		let last = NextActionId::<T>::get() - 1;

		#[extrinsic_call]
		_(RawOrigin::Signed(who), last, 1);

		assert!(!Actions::<T>::contains_key(last));
	}

	#[benchmark]
	fn cancel_balancing_action() {
		let north = region(0);
		let who = coordinator::<T>("coordinator", &north);
		capacity::<T>(&north);
		// A full list: the automatic places, then the operators' (an operator cancels only
		// an operator's action). The last one's initiator is no longer an operator, so that
		// the caller's and the initiator's records are both read.
		let departed: T::AccountId = account("departed", 0, 0);
		fill_list::<T>(&north, &departed, 1, BalancingActionType::IncreaseGeneration);
		let last = NextActionId::<T>::get() - 1;

		#[extrinsic_call]
		_(RawOrigin::Signed(who), last);

		assert!(!Actions::<T>::contains_key(last));
	}

	/// `e` actions expiring, found after looking at `b` deadline buckets.
	#[benchmark]
	fn on_initialize(
		e: Linear<0, { T::MaxExpiriesPerBlock::get() }>,
		b: Linear<1, { T::MaxExpiriesPerBlock::get() }>,
	) {
		let start = frame_system::Pallet::<T>::block_number().max(One::one());
		frame_system::Pallet::<T>::set_block_number(start);
		for i in 0..e {
			let r = region(i);
			capacity::<T>(&r);
			fill::<T>(&r, 1, BalancingActionType::IncreaseGeneration);
		}
		// Everything opened now is due `ActionTimeout` blocks later; the hook starts
		// `b - 1` empty buckets before that.
		let due = start.saturating_add(T::ActionTimeout::get());
		ExpiryCursor::<T>::put(due.saturating_sub((b - 1).into()));
		frame_system::Pallet::<T>::set_block_number(due);

		#[block]
		{
			Pallet::<T>::expire_due(due);
		}

		assert_eq!(Actions::<T>::iter().count(), 0);
	}

	/// The runtime opening an action by itself (critical load or a stability rule), into a
	/// full list whose least urgent automatic action it evicts.
	#[benchmark]
	fn automatic_action() {
		let north = region(0);
		capacity::<T>(&north);
		// The automatic places first: the least urgent of them is the last automatic one.
		let who = coordinator::<T>("coordinator", &north);
		fill_list::<T>(&north, &who, 1, BalancingActionType::LoadShedding);

		#[block]
		{
			let _ =
				Pallet::<T>::open_automatic(&north, BalancingActionType::LoadShedding, 10, 1, None);
		}

		assert_eq!(OpenActions::<T>::get(&north).len() as u32, T::MaxOpenActions::get());
		assert!(!Actions::<T>::contains_key(T::AutomaticPlaces::get() as ActionId - 1));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
