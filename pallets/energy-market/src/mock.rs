//! A test runtime: system, balances and this pallet, with grid-primitives' mock emergency
//! state.

use crate as pallet_energy_market;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU64},
	PalletId,
};
use frame_system::EnsureRoot;
use grid_primitives::{
	mock::{MockEmergency, MockLoad, MockMeters},
	MeterKind,
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
	pub type Market = pallet_energy_market;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

/// The existential deposit.
pub const ED: Balance = 5;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<ED>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Held per registration.
pub const DEPOSIT: Balance = 50;

/// The default base price per kWh.
pub const BASE: Balance = 100;
/// Blocks a trade stays open.
pub const TTL: u64 = 20;
/// Closed trades kept.
pub const HISTORY: u32 = 3;
/// Metrics kept.
pub const METRICS: u32 = 2;
/// Most open trades per seller.
pub const MAX_OPEN: u32 = 2;

/// Most expired trades cancelled a block.
pub const EXPIRIES: u32 = 2;

/// Most bids per slot.
pub const MAX_BIDS: u32 = 4;
/// Most offers per slot.
pub const MAX_OFFERS: u32 = 3;
/// Orders are taken this many slots ahead.
pub const SLOTS_AHEAD: u32 = 96;
/// Most orders in one `place_orders` call.
pub const MAX_ORDERS_PER_CALL: u32 = 3;

parameter_types! {
	pub const MarketPalletId: PalletId = PalletId(*b"grid/pot");
}

impl pallet_energy_market::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PricingOrigin = EnsureRoot<u64>;
	type MetricsOrigin = EnsureRoot<u64>;
	type ParticipantsOrigin = EnsureRoot<u64>;
	type Emergency = MockEmergency;
	type Load = MockLoad;
	type ParticipantDeposit = ConstU128<DEPOSIT>;
	type PalletId = MarketPalletId;
	type DefaultBasePrice = ConstU128<BASE>;
	type EmergencyMultiplier = ConstU32<3>;
	type MinTopUp = ConstU128<1>;
	type MaxTopUp = ConstU128<1_000_000>;
	type TradeTtl = ConstU64<TTL>;
	type MaxOpenTrades = ConstU32<MAX_OPEN>;
	type MaxTradeHistory = ConstU32<HISTORY>;
	type MaxMetrics = ConstU32<METRICS>;
	type Meters = MockMeters;
	type MaxExpiriesPerBlock = ConstU32<EXPIRIES>;
	type SpendOrigin = EnsureRoot<u64>;
	type MaxBidsPerSlot = ConstU32<MAX_BIDS>;
	type MaxOffersPerSlot = ConstU32<MAX_OFFERS>;
	type GateClosureIntervals = ConstU32<1>;
	type MaxSlotsAhead = ConstU32<SLOTS_AHEAD>;
	type MaxOrdersPerCall = ConstU32<MAX_ORDERS_PER_CALL>;
	type ImbalanceMultiplier = ConstU32<3>;
	type WeightInfo = ();
}

/// A solar producer.
pub const PRODUCER: u64 = 1;
/// A second producer.
pub const PRODUCER2: u64 = 2;
/// A consumer.
pub const CONSUMER: u64 = 3;
/// Pays top-ups for others.
pub const PAYER: u64 = 5;
/// Owns a storage facility.
pub const STORAGE: u64 = 6;
/// Registered as nothing.
pub const STRANGER: u64 = 9;

/// What every account's meters in North are rated for, kW.
pub const METER_KW: u64 = 100_000;

/// Account `who`'s production meter in North.
pub fn production_meter(who: u64) -> u64 {
	100 + who
}

/// Account `who`'s consumption meter in North.
pub fn consumption_meter(who: u64) -> u64 {
	200 + who
}

/// Account `who`'s storage meter in North.
pub fn storage_meter(who: u64) -> u64 {
	300 + who
}

/// What every account starts with.
pub const FUNDS: Balance = 10_000_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=9).map(|who| (who, FUNDS)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_energy_market::GenesisConfig::<Test>::default()
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	for who in 1..=9 {
		let rated = |id, kind| MockMeters::add_rated(id, who, "North", kind, METER_KW);
		rated(production_meter(who), MeterKind::Production);
		rated(consumption_meter(who), MeterKind::Consumption);
		rated(storage_meter(who), MeterKind::Storage);
	}
	ext
}

/// Run a test, then check the pallet's invariants.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Market::do_try_state().expect("invariants hold");
	});
}

/// The region the tests trade in.
pub fn north() -> grid_primitives::RegionId {
	grid_primitives::RegionId::new(b"North").expect("valid")
}

/// A signed origin.
pub fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// This pallet's events so far.
pub fn events() -> Vec<pallet_energy_market::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Market(e) = r.event { Some(e) } else { None })
		.collect()
}
