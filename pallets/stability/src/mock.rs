//! A test runtime: system and this pallet, with grid-primitives' mock operator registry, a
//! responder and an emergency listener that record what they are told.

use crate as pallet_stability;
use frame_support::{derive_impl, traits::ConstU32};
use frame_system::EnsureRoot;
use grid_primitives::{
	mock::{MockOperators, RecordingEmergencyListener, RecordingResponder},
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
	pub type Stability = pallet_stability;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// Most rules in the tests.
pub const MAX_RULES: u32 = 3;
/// Most open events per region in the tests.
pub const MAX_OPEN: u32 = 5;

impl pallet_stability::Config for Test {
	type Operators = MockOperators;
	type RuleOrigin = EnsureRoot<u64>;
	type ResolveOrigin = EnsureRoot<u64>;
	type SettingsOrigin = EnsureRoot<u64>;
	type Responder = RecordingResponder;
	type OnEmergencyChange = RecordingEmergencyListener;
	type MaxRules = ConstU32<MAX_RULES>;
	type MaxOpenEvents = ConstU32<MAX_OPEN>;
	type WeightInfo = ();
}

/// Reports North's stability.
pub const NORTH_OP: u64 = 1;
/// Reports South's stability.
pub const SOUTH_OP: u64 = 2;
/// A North operator without the report-stability capability.
pub const NO_CAP: u64 = 3;
/// Not an operator.
pub const STRANGER: u64 = 9;

pub fn region(name: &str) -> RegionId {
	RegionId::try_from(name).unwrap()
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		let caps = Capabilities::default().with(Capability::ReportStability);
		MockOperators::add(NORTH_OP, "North", caps);
		MockOperators::add(SOUTH_OP, "South", caps);
		MockOperators::add(NO_CAP, "North", Capabilities::default().with(Capability::ReportLoad));
		System::set_block_number(1);
	});
	ext
}

/// Run a test, then check the pallet's invariants.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Stability::do_try_state().expect("invariants hold");
	});
}
