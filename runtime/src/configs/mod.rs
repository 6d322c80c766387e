//! One `Config` implementation per pallet of the runtime.

use crate::fees;
use crate::{
	constants::{
		DAYS, EXISTENTIAL_DEPOSIT, HOURS, MILLI_UNIT, MINUTES, SLOT_DURATION, SS58_PREFIX, UNIT,
	},
	weights, AccountId, Aura, Balance, Balances, Balancing, Block, BlockNumber, Council,
	DemandResponse, EnergyMarket, Hash, Load, Metering, Nonce, Operators, PalletInfo, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask,
	SessionKeys, Stability, System, Timestamp, VERSION,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		fungible::HoldConsideration, ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, Contains,
		EitherOfDiverse, Get, VariantCountOf,
	},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
	PalletId,
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot,
};
use pallet_transaction_payment::FungibleAdapter;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{
	traits::{ConvertInto, OpaqueKeys},
	transaction_validity::{TransactionLongevity, TransactionPriority},
	FixedU128, Perbill,
};
use sp_version::RuntimeVersion;

/// Share of a block's weight and length that normal (user) extrinsics may fill; the rest is
/// kept for operational extrinsics.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Longest block, in bytes (header and extrinsics): 5 MiB. The node's block builder is told
/// the same limit.
pub const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

/// Most validators the grid's consensus keeps track of (Aura and GRANDPA authority lists).
pub const MAX_AUTHORITIES: u32 = 32;

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;

	/// Two seconds of compute per six-second block, as in the solochain template; what an
	/// empty block and an extrinsic cost before any call is measured on this chain
	/// (`grid-node benchmark overhead`: `weights::block_weights`, `weights::extrinsic_weights`).
	pub RuntimeBlockWeights: BlockWeights = block_weights(
		Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND.saturating_mul(2), u64::MAX),
	);
	/// 5 MiB blocks; normal extrinsics may fill 75 % of that.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * *max
		})
		.build();
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

/// `BlockWeights::with_sensible_defaults(max_block, NORMAL_DISPATCH_RATIO)`, with the measured
/// base weights of a block and an extrinsic in place of Substrate's reference constants.
fn block_weights(max_block: Weight) -> BlockWeights {
	let normal = NORMAL_DISPATCH_RATIO * max_block;
	BlockWeights::builder()
		.base_block(weights::block_weights::BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |class| {
			class.base_extrinsic = weights::extrinsic_weights::ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |class| class.max_total = Some(normal))
		.for_class(DispatchClass::Operational, |class| {
			class.max_total = Some(max_block);
			class.reserved = Some(max_block.saturating_sub(normal));
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build()
		// Never taken: the runtime test `blocks_charge_the_measured_base_weights` checks that
		// these weights build.
		.unwrap_or_else(|_| BlockWeights::with_sensible_defaults(max_block, NORMAL_DISPATCH_RATIO))
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	/// The node stores its state in ParityDB; what a read and a write cost is measured on
	/// this chain's state (`grid-node benchmark storage`, doubled), not the generic reference
	/// constants (8 µs a read, 50 µs a write).
	type DbWeight = crate::weights::paritydb_weights::constants::ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SystemWeightInfo = weights::frame_system::WeightInfo<Runtime>;
	type ExtensionsWeightInfo = weights::frame_system_extensions::WeightInfo<Runtime>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// GRANDPA's calls are equivocation reports (impossible here: no key-ownership proofs on
	// this permissioned chain) and Root's `note_stalled`.
	type WeightInfo = weights::GrandpaWeight<Runtime>;
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_timestamp::Config for Runtime {
	/// A timestamp: milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = weights::pallet_timestamp::WeightInfo<Runtime>;
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = weights::pallet_balances::WeightInfo<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

/// Fees and priorities: see [`crate::fees`].
impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Fees are withdrawn from the signer and burnt (a permissioned chain has no block reward
	/// to fund; operators run nodes as part of running the grid).
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = fees::WeightToFeeOf;
	type LengthToFee = fees::CongestedLengthToFee;
	type FeeMultiplierUpdate = fees::CongestionFeeAdjustment;
	type WeightInfo = weights::pallet_transaction_payment::WeightInfo<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = weights::pallet_sudo::WeightInfo<Runtime>;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = crate::OriginCaller;
	type WeightInfo = weights::pallet_utility::WeightInfo<Runtime>;
}

// ---------------------------------------------------------------------------------------
// Governance: the grid council, whose members are the verified operators.
// ---------------------------------------------------------------------------------------

/// The grid council's collective instance.
pub type CouncilCollective = pallet_collective::Instance1;

/// Most operators (and so council members) the chain admits.
pub const MAX_OPERATORS: u32 = 100;

parameter_types! {
	/// A council motion stays open this long.
	pub const CouncilMotionDuration: BlockNumber = 2 * HOURS;
	pub const CouncilMaxProposals: u32 = 50;
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
	/// Council proposals' deposits are held under this reason.
	pub const CouncilProposalHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Council(pallet_collective::HoldReason::ProposalSubmission);
	/// A proposal's deposit when no other is open.
	pub const CouncilProposalDeposit: Balance = UNIT;
	/// Each open proposal raises the next one's deposit by a quarter.
	pub const CouncilProposalDepositRatio: FixedU128 =
		FixedU128::from_inner(1_250_000_000_000_000_000);
}

/// A council proposal holds a deposit from its proposer while it is stored, released by
/// `Council::release_proposal_cost` (anyone) once it is closed or disapproved, burnt if Root
/// kills it (`KillOrigin`): 1 GRID when no other proposal is open, a quarter more with each open
/// one (9.3 GRID with 10 open, 87 with 20), so filling the 50 `MaxProposals` places holds
/// about 280,000 GRID.
#[cfg(not(feature = "runtime-benchmarks"))]
pub type CouncilProposalCost =
	pallet_collective::deposit::Geometric<CouncilProposalDepositRatio, CouncilProposalDeposit>;
/// The collective's benchmarks open `MaxProposals` proposals from one account: a constant
/// deposit lets them (a hold costs the same whatever its amount).
#[cfg(feature = "runtime-benchmarks")]
pub type CouncilProposalCost = pallet_collective::deposit::Constant<CouncilProposalDeposit>;

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = CouncilMaxProposals;
	type MaxMembers = ConstU32<MAX_OPERATORS>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = weights::pallet_collective::WeightInfo<Runtime>;
	/// Membership follows the verified operators (pallet-operators); nobody sets it by hand.
	#[cfg(not(feature = "runtime-benchmarks"))]
	type SetMembersOrigin = frame_system::EnsureNever<()>;
	/// The collective's benchmarks set up their councils as Root.
	#[cfg(feature = "runtime-benchmarks")]
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration =
		HoldConsideration<AccountId, Balances, CouncilProposalHoldReason, CouncilProposalCost, u32>;
}

/// Root, or at least two thirds of the grid council: verifies operators and administers the
/// grid pallets.
pub type GridAdminOrigin = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;

// ---------------------------------------------------------------------------------------
// Operators and the permissioned validator set.
// ---------------------------------------------------------------------------------------

parameter_types! {
	/// Held from every operator while it is registered.
	pub const OperatorDeposit: Balance = 100 * UNIT;
	/// A registration (or a move to another region) the council has not verified within a
	/// week may be expired by anyone, its deposit going back.
	pub const OperatorPendingExpiry: BlockNumber = 7 * DAYS;
	/// The fewest validators a session may have. One, so that a development chain with a
	/// single operator can run; a network raises it through a runtime upgrade.
	pub const MinValidators: u32 = 1;
}

/// The most a change of the council's members weighs: the collective's `set_members` (which
/// rewrites every open proposal's votes) for a council of `MAX_OPERATORS` with all
/// `CouncilMaxProposals` places open. About 0.9 ms of execution and 100 storage reads and
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
	type VerifierOrigin = GridAdminOrigin;
	type SuspendOrigin = GridAdminOrigin;
	type CapabilityOrigin = GridAdminOrigin;
	type MaxNameLen = ConstU32<64>;
	type MaxOperators = ConstU32<MAX_OPERATORS>;
	/// Unverified registrations take at most 16 of the 100 places.
	type MaxPending = ConstU32<16>;
	type PendingExpiry = OperatorPendingExpiry;
	type MaxValidators = ConstU32<MAX_AUTHORITIES>;
	type MinValidators = MinValidators;
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

// ---------------------------------------------------------------------------------------
// The grid pallets.
// ---------------------------------------------------------------------------------------

parameter_types! {
	/// A region silent for ten minutes reads as stale.
	pub const LoadStaleAfter: BlockNumber = 10 * MINUTES;
	/// Balancing actions expire after an hour.
	pub const BalancingActionTimeout: BlockNumber = HOURS;
	/// Trades expire after an hour.
	pub const TradeTtl: BlockNumber = HOURS;
	/// The grid's pot, which consumption is paid into.
	pub const EnergyMarketPalletId: PalletId = PalletId(*b"grid/pot");
	/// Held per market registration (producer, consumer, storage): a record of about 60 bytes.
	pub const ParticipantDeposit: Balance = 10 * MILLI_UNIT;
	/// Held per demand-response program from its creator: a record of up to about 230 bytes
	/// (program, metered event, standby place).
	pub const DemandProgramDeposit: Balance = 100 * MILLI_UNIT;
	/// Held per participation in a demand-response program: up to about 140 bytes
	/// (participation, meter, enrollment). With 128 places a program costs whoever fills it
	/// 12.8 GRID of deposits, and its operator may remove any whose reduction is not yet
	/// measured.
	pub const DemandParticipationDeposit: Balance = 100 * MILLI_UNIT;
}

impl pallet_load::Config for Runtime {
	type Operators = Operators;
	type ThresholdsOrigin = GridAdminOrigin;
	type AggregatorOrigin = GridAdminOrigin;
	/// A region turning critical opens a balancing action.
	type OnLoadStatusChange = Balancing;
	/// A day of readings at one every 15 minutes.
	type HistoryDepth = ConstU32<96>;
	type StaleAfter = LoadStaleAfter;
	type MaxBatch = ConstU32<64>;
	type MaxAggregatorRegions = ConstU32<64>;
	type WeightInfo = pallet_load::weights::SubstrateWeight<Runtime>;
}

impl pallet_balancing::Config for Runtime {
	type Operators = Operators;
	type AdminOrigin = GridAdminOrigin;
	type Load = Load;
	type MaxOpenActions = ConstU32<16>;
	// Half of each region's list is kept for critical load and stability rules, which take
	// no other place.
	type AutomaticPlaces = ConstU32<8>;
	// Half of the operators' places: no operator fills them alone.
	type MaxActionsPerOperator = ConstU32<4>;
	type ActionTimeout = BalancingActionTimeout;
	type MaxExpiriesPerBlock = ConstU32<32>;
	type WeightInfo = pallet_balancing::weights::SubstrateWeight<Runtime>;
}

impl pallet_demand_response::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = Operators;
	type MaxNameLen = ConstU32<64>;
	type MaxParticipants = ConstU32<128>;
	type MaxStandbyPrograms = ConstU32<8>;
	/// Metered programs measure reductions against signed meter readings.
	type Meters = Metering;
	/// The baseline: the hour before the event.
	type BaselineIntervals = ConstU32<4>;
	/// Metered events start at most a week ahead.
	type MaxLeadIntervals = ConstU32<{ 7 * 96 }>;
	/// Metered events last up to an hour.
	type MaxEventIntervals = ConstU32<4>;
	type ProgramDeposit = DemandProgramDeposit;
	type ParticipationDeposit = DemandParticipationDeposit;
	type WeightInfo = pallet_demand_response::weights::SubstrateWeight<Runtime>;
}

impl pallet_stability::Config for Runtime {
	type Operators = Operators;
	type RuleOrigin = GridAdminOrigin;
	type ResolveOrigin = GridAdminOrigin;
	type SettingsOrigin = GridAdminOrigin;
	/// Fired rules open balancing actions.
	type Responder = Balancing;
	/// An emergency starts the region's standby emergency-response programs.
	type OnEmergencyChange = DemandResponse;
	type MaxRules = ConstU32<16>;
	type MaxOpenEvents = ConstU32<16>;
	type WeightInfo = pallet_stability::weights::SubstrateWeight<Runtime>;
}

impl pallet_energy_market::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PricingOrigin = GridAdminOrigin;
	type MetricsOrigin = GridAdminOrigin;
	type ParticipantsOrigin = GridAdminOrigin;
	/// Emergency pricing in a region while it is in emergency mode.
	type Emergency = Stability;
	/// Prices follow each region's latest load (measured by its feeders where it has them).
	type Load = Load;
	type ParticipantDeposit = ParticipantDeposit;
	type PalletId = EnergyMarketPalletId;
	/// The seed's unit is a milli-GRID: 100 of them (0.1 GRID) per kWh.
	type DefaultBasePrice = ConstU128<{ 100 * MILLI_UNIT }>;
	type EmergencyMultiplier = ConstU32<3>;
	/// The seed's 1..=1_000_000, in milli-GRID: 0.001 to 1,000 GRID.
	type MinTopUp = ConstU128<MILLI_UNIT>;
	type MaxTopUp = ConstU128<{ 1_000_000 * MILLI_UNIT }>;
	type TradeTtl = TradeTtl;
	type MaxOpenTrades = ConstU32<64>;
	type MaxTradeHistory = ConstU32<1_024>;
	type MaxMetrics = ConstU32<1_024>;
	/// 32 expired trades cancelled a block at most.
	type MaxExpiriesPerBlock = ConstU32<32>;
	/// The pot is spent by Root or two thirds of the grid council.
	type SpendOrigin = GridAdminOrigin;
	/// Slot auctions are per metering interval, against the meters' readings.
	type Meters = Metering;
	/// 128 bids and 128 offers a region and slot: clearing a full book is benchmarked.
	type MaxBidsPerSlot = ConstU32<128>;
	type MaxOffersPerSlot = ConstU32<128>;
	/// A slot's gate closes at the start of the interval before it (15 minutes, 150 blocks).
	type GateClosureIntervals = ConstU32<1>;
	/// Orders up to a day ahead.
	type MaxSlotsAhead = ConstU32<96>;
	/// A kWh sold and not delivered costs three times the clearing price.
	type ImbalanceMultiplier = ConstU32<3>;
	type WeightInfo = pallet_energy_market::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Held from an operator per meter it registers: about 0.5 KB of state a meter.
	pub const MeterDeposit: Balance = 10 * MILLI_UNIT;
	/// Metering intervals (and market slots) are 15 minutes.
	pub const MeteringIntervalMillis: u64 = grid_primitives::METERING_INTERVAL_MS;
	/// A reading is accepted for an hour after its interval ends.
	pub const MeteringLateWindow: u32 = 4;
	/// A meter keeps its last four hours of readings: a metered demand-response claim needs
	/// the hour before its event, the event (up to an hour) and the hour its readings may be
	/// late, and leaves an hour to claim.
	pub const MeterReadingWindow: u32 = 16;
	/// Readings come before any paid transaction (whose priority is capped below this).
	pub const MeterReadingPriority: TransactionPriority = fees::TELEMETRY_PRIORITY;
	/// A batch waits in the pool for up to one interval; gateways resend after that.
	pub const MeterReadingLongevity: TransactionLongevity = 15 * MINUTES as TransactionLongevity;
}

impl pallet_metering::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = Operators;
	type AdminOrigin = GridAdminOrigin;
	type UnixTime = Timestamp;
	/// Feeder readings set their region's load.
	type MeteredLoad = Load;
	/// A meter measuring an unclaimed demand-response reward keeps its key and readings.
	/// Meters measuring an unclaimed reward or an unsettled market order.
	type MeterInUse = (DemandResponse, EnergyMarket);
	type MeterDeposit = MeterDeposit;
	type IntervalMillis = MeteringIntervalMillis;
	type LateWindow = MeteringLateWindow;
	type ReadingWindow = MeterReadingWindow;
	type MaxReadingsPerBatch = ConstU32<256>;
	type ReadingPriority = MeterReadingPriority;
	type ReadingLongevity = MeterReadingLongevity;
	type WeightInfo = pallet_metering::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TimestampForBenchmarks;
}

/// Sets the chain's clock for pallet-metering's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct TimestampForBenchmarks;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_metering::BenchmarkHelper for TimestampForBenchmarks {
	fn set_unix_time_ms(unix_ms: u64) {
		pallet_timestamp::Now::<Runtime>::put(unix_ms);
	}
}
