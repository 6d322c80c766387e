//! A test runtime: system and this pallet, with grid-primitives' mock operator registry
//! and load monitor.

use crate as pallet_balancing;
use frame_support::{derive_impl, traits::ConstU32};
use frame_system::EnsureRoot;
use grid_primitives::{
	mock::{MockLoad, MockOperators},
	Capabilities, Capability, RegionId,
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Balancing = pallet_balancing;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// Most open actions per region in the tests.
pub const MAX_OPEN: u32 = 8;
/// Places only automatic actions may take, in the tests.
pub const AUTOMATIC_PLACES: u32 = 3;
/// Most open actions one operator holds, in the tests (North's two coordinators fill the
/// operators' places between them).
pub const PER_OPERATOR: u32 = 3;
/// Blocks an action stays open.
pub const TIMEOUT: u64 = 10;
/// Most actions expired per block.
pub const MAX_EXPIRIES: u32 = 5;

frame_support::parameter_types! {
	pub const ActionTimeout: u64 = TIMEOUT;
}

impl pallet_balancing::Config for Test {
	type Operators = MockOperators;
	type AdminOrigin = EnsureRoot<u64>;
	type Load = MockLoad;
	type MaxOpenActions = ConstU32<MAX_OPEN>;
	type AutomaticPlaces = ConstU32<AUTOMATIC_PLACES>;
	type MaxActionsPerOperator = ConstU32<PER_OPERATOR>;
	type ActionTimeout = ActionTimeout;
	type MaxExpiriesPerBlock = ConstU32<MAX_EXPIRIES>;
	type WeightInfo = ();
}

/// Coordinates North.
pub const NORTH_OP: u64 = 1;
/// Another North coordinator.
pub const NORTH_OP2: u64 = 5;
/// Coordinates South.
pub const SOUTH_OP: u64 = 2;
/// A North operator without the capability.
pub const NO_CAP: u64 = 3;
/// Not an operator.
pub const STRANGER: u64 = 9;
/// North's demand from its fresh load reading, kW.
pub const NORTH_DEMAND: u64 = 900_000;

pub fn region(name: &str) -> RegionId {
	RegionId::try_from(name).unwrap()
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		let caps = Capabilities::default().with(Capability::CoordinateBalancing);
		MockOperators::add(NORTH_OP, "North", caps);
		MockOperators::add(NORTH_OP2, "North", caps);
		MockOperators::add(SOUTH_OP, "South", caps);
		MockOperators::add(NO_CAP, "North", Capabilities::default().with(Capability::ReportLoad));
		// A fresh load reading: shedding needs one to be bounded.
		MockLoad::set_demand("North", Some(NORTH_DEMAND));
		System::set_block_number(1);
	});
	ext
}

/// Run a test, then check the pallet's invariants.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Balancing::do_try_state().expect("invariants hold");
	});
}

/// Move to block `n`, running the pallet's `on_initialize` for every block on the way.
pub fn run_to_block(n: u64) {
	use frame_support::traits::Hooks;
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Balancing::on_initialize(next);
	}
}
