//! A test runtime: system, balances and this pallet. Session keys and the council are
//! stand-ins that record what the pallet asks of them.

use crate as pallet_operators;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ChangeMembers, ConstU128, ConstU32, Contains},
	weights::Weight,
};
use frame_system::EnsureRoot;
use grid_primitives::{Capabilities, RegionId};
use sp_runtime::BuildStorage;
use std::cell::RefCell;

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
	pub type GridOperators = pallet_operators;
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

/// The registration deposit.
pub const DEPOSIT: Balance = 100;
/// What every test account starts with.
pub const INITIAL_BALANCE: Balance = 1_000;
/// An account with less than the deposit.
pub const POOR: AccountId = 99;

thread_local! {
	static WITH_KEYS: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
	static COUNCIL: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
}

/// Stand-in for pallet-session's `NextKeys`: accounts given keys with [`set_keys`].
pub struct HasKeys;
impl Contains<AccountId> for HasKeys {
	fn contains(who: &AccountId) -> bool {
		WITH_KEYS.with(|k| k.borrow().contains(who))
	}
}

/// Give `who` session keys.
pub fn set_keys(who: AccountId) {
	WITH_KEYS.with(|k| k.borrow_mut().push(who));
}

/// Take every account's session keys away.
pub fn clear_keys() {
	WITH_KEYS.with(|k| k.borrow_mut().clear());
}

/// Stand-in for pallet-collective: remembers the members it was given.
pub struct Council;
impl ChangeMembers<AccountId> for Council {
	fn change_members_sorted(_: &[AccountId], _: &[AccountId], new: &[AccountId]) {
		COUNCIL.with(|c| *c.borrow_mut() = new.to_vec());
	}
}

/// The council members the pallet last set.
pub fn council() -> Vec<AccountId> {
	COUNCIL.with(|c| c.borrow().clone())
}

/// The fewest validators the tests' genesis allows (`min_validators`).
pub const MIN_VALIDATORS: u32 = 2;

parameter_types! {
	pub const MaxOperators: u32 = 8;
	pub const MaxValidators: u32 = 4;
	/// Sessions a former validator's deposit stays held after it last validated.
	pub const ExitDelay: u32 = 2;
	/// Most pending operators (a test may lower it).
	pub static MaxPending: u32 = 6;
	/// Blocks a registration may wait for verification.
	pub const PendingExpiry: u64 = 100;
	/// What a change of the council's members weighs, in the tests.
	pub const CouncilChangeWeight: Weight = Weight::from_parts(7_000_000, 1_000);
}

impl pallet_operators::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type OnSlash = ();
	type RegistrationDeposit = ConstU128<DEPOSIT>;
	type VerifierOrigin = EnsureRoot<AccountId>;
	type SuspendOrigin = EnsureRoot<AccountId>;
	type CapabilityOrigin = EnsureRoot<AccountId>;
	type MaxNameLen = ConstU32<16>;
	type MaxOperators = MaxOperators;
	type MaxPending = MaxPending;
	type PendingExpiry = PendingExpiry;
	type MaxValidators = MaxValidators;
	type ExitDelay = ExitDelay;
	type HasSessionKeys = HasKeys;
	type Council = Council;
	type CouncilChangeWeight = CouncilChangeWeight;
	type Commitments = MockCommitments;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockKeys;
}

/// Benchmarks give accounts keys through this.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockKeys;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_operators::BenchmarkHelper<AccountId> for MockKeys {
	fn set_session_keys(who: &AccountId) {
		set_keys(*who);
	}
}

/// `North`.
pub fn north() -> RegionId {
	RegionId::new(b"North").unwrap()
}

/// `South`.
pub fn south() -> RegionId {
	RegionId::new(b"South").unwrap()
}

/// Genesis: accounts 1..=20 funded (and [`POOR`] with less than the deposit); operators
/// 10 and 11 verified validators of North with keys; genesis sets [`MIN_VALIDATORS`].
pub fn new_test_ext() -> sp_io::TestExternalities {
	new_test_ext_with_min(MIN_VALIDATORS)
}

/// [`new_test_ext`] with `min` as genesis's `min_validators`.
pub fn new_test_ext_with_min(min: u32) -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut balances: Vec<_> = (1..=20).map(|who| (who, INITIAL_BALANCE)).collect();
	balances.push((POOR, DEPOSIT - 1));
	pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	let validator = |account| pallet_operators::GenesisOperator {
		account,
		name: format!("Genesis {account}"),
		region: north(),
		capacity_kw: 1_000_000,
		capabilities: Capabilities::all(),
	};
	pallet_operators::GenesisConfig::<Test> {
		operators: vec![validator(10), validator(11)],
		min_validators: min,
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		WITH_KEYS.with(|k| *k.borrow_mut() = vec![10, 11]);
		System::set_block_number(1);
	});
	ext
}

/// Run a test in the genesis externalities, then check the pallet's invariants.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		pallet_operators::Pallet::<Test>::do_try_state().expect("invariants hold");
	});
}

thread_local! {
	static COMMITTED: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
}

/// Operators that answer for something elsewhere, as a test says.
pub struct MockCommitments;

impl MockCommitments {
	/// `who` opens (or, with `false`, closes) a commitment.
	pub fn set(who: AccountId, committed: bool) {
		COMMITTED.with(|c| {
			let mut c = c.borrow_mut();
			c.retain(|w| *w != who);
			if committed {
				c.push(who);
			}
		});
	}
}

impl grid_primitives::OperatorCommitments<AccountId> for MockCommitments {
	fn has_commitments(who: &AccountId, _region: &RegionId) -> bool {
		COMMITTED.with(|c| c.borrow().contains(who))
	}
}
