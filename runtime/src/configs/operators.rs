//! Operators and the permissioned validator set: pallet-operators, pallet-session with its
//! history, and the offences that cost a validator its deposit and its place.

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
	/// A former validator's deposit is held as long as its last sessions stay provable.
	type ExitDelay = KeptSessions;
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

/// Whether GRANDPA has an authority set change pending: a standard change is scheduled and
/// enacted within one block (delay 0), so one pending at a block's start is the forced change
/// after `note_stalled`, which stays pending for its delay. While it is, `schedule_change`
/// refuses another and an early rotation's new set would not reach GRANDPA: the early
/// rotations wait for it.
pub struct GrandpaChangePending;
impl Get<bool> for GrandpaChangePending {
	fn get() -> bool {
		pallet_grandpa::PendingChange::<Runtime>::exists()
	}
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
	/// Every `SessionLength` blocks, and early (at the next two blocks) when a validator was
	/// suspended, removed or punished, so that it is out at the next session boundary; the
	/// early ones wait while GRANDPA has a change pending (it would refuse theirs).
	type ShouldEndSession = pallet_operators::EndSessionEarly<
		Runtime,
		pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>,
		GrandpaChangePending,
	>;
	/// The regular rotations (an early one is not foreseen).
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	/// Verified operators with the validate capability and keys (pallet-operators), each
	/// session's set committed to in `Historical` for key-ownership proofs.
	type SessionManager =
		pallet_session::historical::NoteHistoricalRoot<Runtime, OperatorsWithHistory>;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// A validator that equivocates is not disabled within its session: it loses its place
	/// at the next boundary, within two blocks (pallet-operators' offence handler).
	type DisablingStrategy = ();
	/// Measured in this runtime (`session_benchmarking`).
	type WeightInfo = weights::pallet_session::WeightInfo<Runtime>;
	type Currency = Balances;
	/// Anyone may call `set_keys`, and each account's keys are three storage items: they
	/// hold a deposit until `purge_keys`.
	type KeyDeposit = SessionKeyDeposit;
}

parameter_types! {
	/// How many past sessions' validator sets stay provable (`Historical`): an equivocation
	/// may be reported with a key-ownership proof of any of them. A day of regular sessions.
	pub const KeptSessions: u32 = DAYS / (10 * MINUTES);
}

/// Identifies validators in key-ownership proofs and offences by their account alone: an
/// operator's deposit is read when it is punished, not committed to in the proof.
pub struct OperatorIdentification;
impl sp_runtime::traits::Convert<AccountId, Option<()>> for OperatorIdentification {
	fn convert(_validator: AccountId) -> Option<()> {
		Some(())
	}
}

impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type FullIdentification = ();
	type FullIdentificationOf = OperatorIdentification;
}

/// pallet-operators' validator sets, for `NoteHistoricalRoot`: it commits to each new set
/// (for key-ownership proofs) and keeps the roots of the last [`KeptSessions`] sessions.
pub struct OperatorsWithHistory;

impl pallet_session::SessionManager<AccountId> for OperatorsWithHistory {
	fn new_session(new_index: u32) -> Option<Vec<AccountId>> {
		<Operators as pallet_session::SessionManager<AccountId>>::new_session(new_index)
	}

	fn new_session_genesis(new_index: u32) -> Option<Vec<AccountId>> {
		<Operators as pallet_session::SessionManager<AccountId>>::new_session_genesis(new_index)
	}

	fn end_session(end_index: u32) {
		<Operators as pallet_session::SessionManager<AccountId>>::end_session(end_index)
	}

	fn start_session(start_index: u32) {
		<Operators as pallet_session::SessionManager<AccountId>>::start_session(start_index);
		// The roots are stored from the session being planned (`start_index + 1`) back:
		// keep those of the last `KeptSessions` sessions before this one, and this one's.
		if let Some(first_kept) = start_index.checked_sub(KeptSessions::get()) {
			pallet_session::historical::Pallet::<Runtime>::prune_up_to(first_kept);
		}
	}
}

impl pallet_session::historical::SessionManager<AccountId, ()> for OperatorsWithHistory {
	/// The planned set, as pallet-operators plans it; when it keeps the set, the set all the
	/// same if a validator's keys changed since the last root (or there is none, as after the
	/// upgrade that added `Historical`). `NoteHistoricalRoot` stores a new root for a set
	/// returned and copies the previous one otherwise: a copy would commit to keys no longer
	/// in use, and an equivocation signed with a validator's new key could not be proven once
	/// its session passed. (pallet-session counts changed keys as a changed set anyway.)
	fn new_session(new_index: u32) -> Option<Vec<(AccountId, ())>> {
		<Self as pallet_session::SessionManager<AccountId>>::new_session(new_index)
			.or_else(|| {
				let previous_root =
					pallet_session::historical::HistoricalSessions::<Runtime>::contains_key(
						new_index.saturating_sub(1),
					);
				// The keys of the session starting now, which the previous root commits to.
				let keys_changed =
					pallet_session::QueuedKeys::<Runtime>::get().iter().any(|(validator, keys)| {
						pallet_session::NextKeys::<Runtime>::get(validator).as_ref() != Some(keys)
					});
				(!previous_root || keys_changed).then(pallet_session::Validators::<Runtime>::get)
			})
			.map(|validators| validators.into_iter().map(|v| (v, ())).collect())
	}

	fn new_session_genesis(new_index: u32) -> Option<Vec<(AccountId, ())>> {
		<Self as pallet_session::SessionManager<AccountId>>::new_session_genesis(new_index)
			.map(|validators| validators.into_iter().map(|v| (v, ())).collect())
	}

	fn start_session(start_index: u32) {
		<Self as pallet_session::SessionManager<AccountId>>::start_session(start_index)
	}

	fn end_session(end_index: u32) {
		<Self as pallet_session::SessionManager<AccountId>>::end_session(end_index)
	}
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
	/// An offender loses its deposit and its place (pallet-operators).
	type OnOffenceHandler = Operators;
}

/// Who an offence names: a validator's account (see [`OperatorIdentification`]).
pub type IdentificationTuple = pallet_session::historical::IdentificationTuple<Runtime>;

/// pallet-offences, for offences of validators that can still answer for them: a report
/// whose offenders are neither operators nor former operators with a deposit still held
/// ([`pallet_operators::Pallet::is_accountable`]) is refused as already known. It would take
/// nothing, its unsigned form pays no fee and its signed form none when valid, and each
/// would add to pallet-offences' storage: with the key of a removed validator, anyone could
/// report a new "offence" for every round of its last sessions.
pub struct AccountableOffences;

impl<O> sp_staking::offence::ReportOffence<AccountId, IdentificationTuple, O>
	for AccountableOffences
where
	O: sp_staking::offence::Offence<IdentificationTuple>,
{
	fn report_offence(
		reporters: Vec<AccountId>,
		offence: O,
	) -> Result<(), sp_staking::offence::OffenceError> {
		if !offence.offenders().iter().any(|(who, ())| Operators::is_accountable(who)) {
			return Err(sp_staking::offence::OffenceError::DuplicateReport);
		}
		<Offences as sp_staking::offence::ReportOffence<_, _, O>>::report_offence(
			reporters, offence,
		)
	}

	fn is_known_offence(offenders: &[IdentificationTuple], time_slot: &O::Slot) -> bool {
		!offenders.iter().any(|(who, ())| Operators::is_accountable(who))
			|| <Offences as sp_staking::offence::ReportOffence<_, _, O>>::is_known_offence(
				offenders, time_slot,
			)
	}
}

impl pallet_authorship::Config for Runtime {
	/// The account of the Aura authority that sealed the block: it reports equivocations.
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	type EventHandler = ();
}
