//! Operators and the permissioned validator set: pallet-operators and pallet-session.

use super::*;

parameter_types! {
	/// Held from every operator while it is registered.
	pub const OperatorDeposit: Balance = 100 * UNIT;
	/// A registration (or a move to another region) the council has not verified within a
	/// week may be expired by anyone, its deposit going back.
	pub const OperatorPendingExpiry: BlockNumber = 7 * DAYS;
}

/// The most a change of the council's members weighs: the collective's `set_members` (which
/// rewrites every open proposal's votes) for a council of `MAX_OPERATORS` with all
/// `CouncilMaxProposals` places open. About 0.5 ms of execution (the run of 2026-12-04) and 100 storage reads and
/// writes, added to each call of pallet-operators that can change the council.
pub struct CouncilChangeWeight;
impl Get<Weight> for CouncilChangeWeight {
	fn get() -> Weight {
		<weights::pallet_collective::WeightInfo<Runtime> as pallet_collective::WeightInfo>::set_members(
			MAX_OPERATORS,
			MAX_OPERATORS,
			CouncilMaxProposals::get(),
		)
	}
}

/// Accounts with session keys (`Session::set_keys`): only they can be validators.
pub struct HasSessionKeys;
impl Contains<AccountId> for HasSessionKeys {
	fn contains(who: &AccountId) -> bool {
		pallet_session::NextKeys::<Runtime>::contains_key(who)
	}
}

impl pallet_operators::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	/// Slashed deposits are burnt.
	type OnSlash = ();
	type RegistrationDeposit = OperatorDeposit;
	/// Verifying, reinstating, suspending and removing operators change the council's
	/// membership: three quarters, as Root.
	type VerifierOrigin = CouncilMembershipOrigin;
	type SuspendOrigin = CouncilMembershipOrigin;
	type CapabilityOrigin = GridAdminOrigin;
	type MaxNameLen = ConstU32<64>;
	type MaxOperators = ConstU32<MAX_OPERATORS>;
	/// Unverified registrations take at most 16 of the 100 places.
	type MaxPending = ConstU32<16>;
	type PendingExpiry = OperatorPendingExpiry;
	type MaxValidators = ConstU32<MAX_AUTHORITIES>;
	type HasSessionKeys = HasSessionKeys;
	type Council = Council;
	type CouncilChangeWeight = CouncilChangeWeight;
	/// Programs an operator created and actions it opened keep it from leaving.
	type Commitments = (DemandResponse, Balancing);
	type WeightInfo = pallet_operators::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SessionKeysForBenchmarks;
}

/// Gives benchmark accounts session keys by writing them straight into pallet-session.
#[cfg(feature = "runtime-benchmarks")]
pub struct SessionKeysForBenchmarks;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_operators::BenchmarkHelper<AccountId> for SessionKeysForBenchmarks {
	fn set_session_keys(who: &AccountId) {
		let raw: [u8; 32] = *who.as_ref();
		let keys = SessionKeys {
			aura: sp_core::sr25519::Public::from_raw(raw).into(),
			grandpa: sp_core::ed25519::Public::from_raw(raw).into(),
		};
		pallet_session::NextKeys::<Runtime>::insert(who, keys);
	}
}

parameter_types! {
	/// How many blocks a session (the validator set's lifetime) lasts: ten minutes, unless
	/// Root stored another length under `twox_128(":SessionLength:")` (`System.set_storage`),
	/// as the network tests do to rotate validators within seconds.
	pub storage SessionLength: BlockNumber = 10 * MINUTES;
	pub const SessionOffset: BlockNumber = 0;
	/// Held from an account while it has session keys (`NextKeys` and two `KeyOwner`
	/// entries, about 200 bytes).
	pub const SessionKeyDeposit: Balance = 100 * MILLI_UNIT;
}

/// [`SessionLength`], at least one block (a stored zero would divide by zero).
pub struct SessionPeriod;

impl Get<BlockNumber> for SessionPeriod {
	fn get() -> BlockNumber {
		SessionLength::get().max(1)
	}
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	/// Verified operators with the validate capability and keys (pallet-operators).
	type SessionManager = Operators;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// Misbehaving operators are suspended by the council, not disabled automatically.
	type DisablingStrategy = ();
	/// Measured in this runtime (`session_benchmarking`).
	type WeightInfo = weights::pallet_session::WeightInfo<Runtime>;
	type Currency = Balances;
	/// Anyone may call `set_keys`, and each account's keys are three storage items: they
	/// hold a deposit until `purge_keys`.
	type KeyDeposit = SessionKeyDeposit;
}
