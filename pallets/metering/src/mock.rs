//! A test runtime: system, balances, timestamp and this pallet, with the mock operator
//! registry of grid-primitives and a recorder of the metered load given to pallet-load. Meter
//! keys live in an in-memory keystore.

use crate as pallet_metering;
use crate::{MeterId, Reading, ReadingBatchOf, SignedReading};
use frame_support::{
	derive_impl,
	dispatch::{DispatchInfo, GetDispatchInfo, PostDispatchInfo},
	parameter_types,
	traits::{ConstU128, ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
use grid_primitives::{
	mock::{MockOperators, RecordingMeteredLoad},
	Capabilities, Capability, IntervalIndex, ReadingQuality, RegionId,
};
use sp_core::{crypto::KeyTypeId, ed25519};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{
	traits::DispatchTransaction, transaction_validity::TransactionValidityError, BuildStorage,
	DispatchResultWithInfo,
};

pub type AccountId = u64;
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
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(3)]
	pub type Metering = pallet_metering;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<1>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

/// The deposit per meter.
pub const DEPOSIT: Balance = 100;
/// What every test account starts with.
pub const INITIAL_BALANCE: Balance = 1_000;
/// Intervals after its end that a reading is accepted.
pub const LATE_WINDOW: u32 = 4;
/// Readings kept per meter.
pub const WINDOW: u32 = 6;
/// Most readings in a batch.
pub const MAX_BATCH: u32 = 8;
/// The priority of readings.
pub const PRIORITY: u64 = 1 << 60;
/// Interval length, ms (15 minutes).
pub const INTERVAL_MS: u64 = grid_primitives::METERING_INTERVAL_MS;

parameter_types! {
	pub const MeterDeposit: Balance = DEPOSIT;
	pub const IntervalMillis: u64 = INTERVAL_MS;
	pub const LateWindow: u32 = LATE_WINDOW;
	pub const ReadingWindow: u32 = WINDOW;
	pub const ReadingPriority: u64 = PRIORITY;
	pub const ReadingLongevity: u64 = 16;
}

impl pallet_metering::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = MockOperators;
	type AdminOrigin = EnsureRoot<AccountId>;
	type UnixTime = Timestamp;
	type MeteredLoad = RecordingMeteredLoad;
	type MeterInUse = grid_primitives::mock::MockMeterInUse;
	type MeterDeposit = MeterDeposit;
	type IntervalMillis = IntervalMillis;
	type LateWindow = LateWindow;
	type ReadingWindow = ReadingWindow;
	type MaxReadingsPerBatch = ConstU32<MAX_BATCH>;
	type ReadingPriority = ReadingPriority;
	type ReadingLongevity = ReadingLongevity;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SetTimestamp;
}

/// Sets the mock's clock for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct SetTimestamp;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for SetTimestamp {
	fn set_unix_time_ms(unix_ms: u64) {
		pallet_timestamp::Now::<Test>::put(unix_ms);
	}
}

/// The operator of North that manages meters.
pub const NORTH_OP: AccountId = 1;
/// The operator of South that manages meters.
pub const SOUTH_OP: AccountId = 2;
/// An operator of North without the manage-meters capability.
pub const NO_CAP: AccountId = 3;
/// A North operator with the capability that was suspended.
pub const SUSPENDED: AccountId = 4;
/// A North operator with the capability and less than a deposit.
pub const POOR_OP: AccountId = 5;
/// A North operator that may manage meters but not report load (so no feeders).
pub const METERS_ONLY: AccountId = 6;
/// A market participant who owns meters.
pub const OWNER: AccountId = 7;
/// Not an operator.
pub const STRANGER: AccountId = 9;

/// The interval the tests' clock is in at the start.
pub const NOW_INTERVAL: IntervalIndex = 1_900_000;

/// The key type meter keys are kept under in the test keystore.
pub const METER_KEY: KeyTypeId = KeyTypeId(*b"metr");

pub fn region(name: &str) -> RegionId {
	RegionId::try_from(name).unwrap()
}

/// Set the clock to the start of `interval` plus `offset_ms`.
pub fn set_interval(interval: IntervalIndex, offset_ms: u64) {
	pallet_timestamp::Now::<Test>::put(u64::from(interval) * INTERVAL_MS + offset_ms);
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [NORTH_OP, SOUTH_OP, NO_CAP, SUSPENDED, METERS_ONLY, OWNER, STRANGER]
			.into_iter()
			.map(|who| (who, INITIAL_BALANCE))
			.chain([(POOR_OP, DEPOSIT / 2)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		let meters_only = Capabilities::default().with(Capability::ManageMeters);
		let manage = meters_only.with(Capability::ReportLoad);
		MockOperators::add(NORTH_OP, "North", manage);
		MockOperators::add(SOUTH_OP, "South", manage);
		MockOperators::add(METERS_ONLY, "North", meters_only);
		MockOperators::add(NO_CAP, "North", Capabilities::default().with(Capability::ReportLoad));
		MockOperators::add(SUSPENDED, "North", manage);
		MockOperators::suspend(SUSPENDED);
		MockOperators::add(POOR_OP, "North", manage);
		System::set_block_number(1);
		// A genesis hash that is not all zeros, as on a real chain.
		frame_system::BlockHash::<Test>::insert(0, sp_core::H256::repeat_byte(7));
		set_interval(NOW_INTERVAL, 60_000);
	});
	ext
}

/// Run a test, then check the pallet's invariants.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Metering::do_try_state().expect("invariants hold");
	});
}

/// A new meter key in the test keystore.
pub fn new_key() -> ed25519::Public {
	sp_io::crypto::ed25519_generate(METER_KEY, None)
}

/// `reading` signed by `key` for this chain.
pub fn sign(key: &ed25519::Public, reading: Reading) -> SignedReading {
	let payload = Metering::signing_payload(&reading);
	let signature = sp_io::crypto::ed25519_sign(METER_KEY, key, &payload).unwrap();
	SignedReading { reading, signature }
}

/// A measured reading of `meter` for `interval`.
pub fn reading(meter: MeterId, interval: IntervalIndex, imported_wh: u64) -> Reading {
	Reading { meter, interval, imported_wh, exported_wh: 0, quality: ReadingQuality::Measured }
}

/// A batch of signed readings.
pub fn batch(readings: Vec<SignedReading>) -> ReadingBatchOf<Test> {
	ReadingBatchOf::<Test>::try_from(readings).unwrap()
}

/// Apply `submit_readings(readings)` as a block would: a general transaction through
/// `frame_system::AuthorizeCall` (authorize, then dispatch with the authorized origin).
pub fn submit(
	readings: ReadingBatchOf<Test>,
) -> Result<DispatchResultWithInfo<PostDispatchInfo>, TransactionValidityError> {
	let call = RuntimeCall::Metering(crate::Call::submit_readings { readings });
	let info: DispatchInfo = call.get_dispatch_info();
	frame_system::AuthorizeCall::<Test>::new().dispatch_transaction(
		RuntimeOrigin::none(),
		call,
		&info,
		0,
		0,
	)
}
