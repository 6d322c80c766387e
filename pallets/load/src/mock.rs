//! A test runtime: system and this pallet, with the mock operator registry of
//! grid-primitives and a listener that records status changes.

use crate as pallet_load;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use grid_primitives::{
	mock::{MockOperators, RecordingLoadListener},
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
	pub type Load = pallet_load;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// Readings kept per region in the tests.
pub const DEPTH: u32 = 4;
/// Blocks after which a reading is stale.
pub const STALE_AFTER: u64 = 10;

parameter_types! {
	pub const HistoryDepth: u32 = DEPTH;
	pub const StaleAfter: u64 = STALE_AFTER;
}

impl pallet_load::Config for Test {
	type Operators = MockOperators;
	type ThresholdsOrigin = EnsureRoot<u64>;
	type AggregatorOrigin = EnsureRoot<u64>;
	type OnLoadStatusChange = RecordingLoadListener;
	type HistoryDepth = HistoryDepth;
	type StaleAfter = StaleAfter;
	type MaxBatch = ConstU32<8>;
	type MaxAggregatorRegions = ConstU32<3>;
	type WeightInfo = ();
}

/// The operator of North that reports load.
pub const NORTH_OP: u64 = 1;
/// The operator of South that reports load.
pub const SOUTH_OP: u64 = 2;
/// An operator of North without the report-load capability.
pub const NO_CAP: u64 = 3;
/// A verified North operator that was suspended.
pub const SUSPENDED: u64 = 4;
/// Not an operator.
pub const STRANGER: u64 = 9;

pub fn region(name: &str) -> RegionId {
	RegionId::try_from(name).unwrap()
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		let report = Capabilities::default().with(Capability::ReportLoad);
		MockOperators::add(NORTH_OP, "North", report);
		MockOperators::add(SOUTH_OP, "South", report);
		MockOperators::add(
			NO_CAP,
			"North",
			Capabilities::default().with(Capability::ReportStability),
		);
		MockOperators::add(SUSPENDED, "North", report);
		MockOperators::suspend(SUSPENDED);
		System::set_block_number(1);
	});
	ext
}

/// Run a test, then check the pallet's invariants.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Load::do_try_state().expect("invariants hold");
	});
}
