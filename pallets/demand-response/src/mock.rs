//! A test runtime: system, balances and this pallet, with grid-primitives' mock operator
//! registry.

use crate as pallet_demand_response;
use frame_support::{
	derive_impl,
	traits::{ConstU128, ConstU32},
};
use grid_primitives::{
	mock::{MockMeters, MockOperators},
	Capabilities, Capability, RegionId,
};
use sp_runtime::BuildStorage;

pub type Balance = u128;
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
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type DemandResponse = pallet_demand_response;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

/// The existential deposit.
pub const ED: Balance = 10;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<ED>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Most participants per program in the tests.
pub const MAX_PARTICIPANTS: u32 = 3;
/// Most waiting emergency programs per region.
pub const MAX_STANDBY: u32 = 2;

impl pallet_demand_response::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = MockOperators;
	type MaxNameLen = ConstU32<32>;
	type MaxParticipants = ConstU32<MAX_PARTICIPANTS>;
	type MaxStandbyPrograms = ConstU32<MAX_STANDBY>;
	type Meters = MockMeters;
	type BaselineIntervals = ConstU32<BASELINE>;
	type MaxLeadIntervals = ConstU32<MAX_LEAD>;
	type MaxEventIntervals = ConstU32<MAX_EVENT>;
	type ProgramDeposit = ProgramDeposit;
	type ParticipationDeposit = ParticipationDeposit;
	type WeightInfo = ();
}

frame_support::parameter_types! {
	/// Held per program from its creator (a test may change it).
	pub static ProgramDeposit: Balance = 50;
	/// Held per participation from the participant (a test may change it: zero stands for
	/// a participation stored before deposits).
	pub static ParticipationDeposit: Balance = 20;
}

/// Intervals a metered baseline is taken over.
pub const BASELINE: u32 = 4;
/// How far ahead a metered event may start, in intervals.
pub const MAX_LEAD: u32 = 100;
/// The longest metered event, in intervals.
pub const MAX_EVENT: u32 = 4;

/// Runs programs in North.
pub const OPERATOR: u64 = 1;
/// Runs programs in South.
pub const SOUTH_OP: u64 = 2;
/// A North operator without the capability.
pub const NO_CAP: u64 = 3;
/// Participants.
pub const ALICE: u64 = 10;
pub const BOB: u64 = 11;
pub const CHARLIE: u64 = 12;
pub const DAVE: u64 = 13;
/// An operator with too little money for a budget.
pub const POOR_OP: u64 = 4;
/// An account that does not exist yet.
pub const NEWCOMER: u64 = 20;

/// What each funded account starts with.
pub const FUNDS: Balance = 1_000_000;

pub fn region(name: &str) -> RegionId {
	RegionId::try_from(name).unwrap()
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut balances: Vec<_> = [OPERATOR, SOUTH_OP, NO_CAP, ALICE, BOB, CHARLIE, DAVE]
		.iter()
		.map(|w| (*w, FUNDS))
		.collect();
	balances.push((POOR_OP, 100));
	pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		let caps = Capabilities::default().with(Capability::RunDemandResponse);
		MockOperators::add(OPERATOR, "North", caps);
		MockOperators::add(SOUTH_OP, "South", caps);
		MockOperators::add(POOR_OP, "North", caps);
		MockOperators::add(NO_CAP, "North", Capabilities::default().with(Capability::ReportLoad));
		System::set_block_number(1);
	});
	ext
}

/// Run a test, then check the pallet's invariants.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		DemandResponse::do_try_state().expect("invariants hold");
	});
}
