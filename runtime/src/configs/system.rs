//! The chain's base: blocks and their limits, accounts and balances, fees, consensus
//! (Aura, GRANDPA), time, sudo and utility.

use super::*;

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

parameter_types! {
	/// How long an unsigned equivocation report stays valid in the transaction pool.
	pub const EquivocationReportLongevity: u64 = DAYS as u64;
	/// GRANDPA's set ids mapped to sessions, kept as long as the sessions' validator sets
	/// are (`KeptSessions`): a set changes at most once a session.
	pub const MaxSetIdSessionEntries: u64 = KeptSessions::get() as u64;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Equivocation reports (weighed with the punishment they cause) and Root's
	/// `note_stalled`.
	type WeightInfo = weights::GrandpaWeight<Runtime>;
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = MaxSetIdSessionEntries;
	/// A validator's GRANDPA key belonged to it in the session of the equivocation
	/// (`Historical`).
	type KeyOwnerProof = sp_session::MembershipProof;
	/// Reports (unsigned from the block author's node, or signed by anyone) are checked and
	/// handed to pallet-offences (only of validators that can still answer for them), whose
	/// handler is pallet-operators.
	type EquivocationReportSystem = pallet_grandpa::EquivocationReportSystem<
		Self,
		AccountableOffences,
		Historical,
		EquivocationReportLongevity,
	>;
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
