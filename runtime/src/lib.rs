//! # grid-runtime
//!
//! The runtime of grid-chain, a permissioned chain that runs an electricity grid. It composes
//! the FRAME system pallets (system, timestamp, Aura, GRANDPA, balances, transaction payment,
//! sudo, utility, session with its history, authorship, offences), the grid council (collective) with its way to Root (council-root)
//! and the seven grid pallets:
//! `Operators`, `Load`, `Balancing`, `DemandResponse`, `Stability`, `EnergyMarket`, `Metering`.
//!
//! - `configs`: one `Config` implementation per pallet.
//! - `fees`: what block space costs, and telemetry's priority over paid transactions.
//! - `apis`: the runtime APIs the node and wallets call.
//! - `genesis_config_presets`: the `development`, `demo` and `local_testnet` genesis presets.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`-style macros need a large recursion limit.
#![recursion_limit = "256"]

#[cfg(all(feature = "std", not(feature = "upgrade-test-runtime")))]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));
// The runtime of the network's upgrade test (`build.rs` names its blob apart).
#[cfg(all(feature = "std", feature = "upgrade-test-runtime"))]
include!(concat!(env!("OUT_DIR"), "/upgrade_wasm_binary.rs"));

// Before `apis`: it defines the `list_benchmarks!` and `add_benchmarks!` macros `apis` uses.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
pub mod apis;
pub mod configs;
pub mod fees;
pub mod genesis_config_presets;
#[cfg(feature = "runtime-benchmarks")]
pub mod grandpa_report_benchmarking;
#[cfg(feature = "runtime-benchmarks")]
pub mod session_benchmarking;
#[cfg(feature = "std")]
pub mod signing;
pub mod weights;

extern crate alloc;

use alloc::vec::Vec;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Types the node needs without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;
	use sp_runtime::traits::Hash as HashT;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;
}

impl_opaque_keys! {
	/// The session keys of a validator: Aura for authoring, GRANDPA for finality.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// The runtime's version, with `spec_version` given: `runtime_version` reads it as a literal.
macro_rules! runtime_version {
	($spec_version:tt) => {
		/// The runtime's version. Bump `spec_version` on every change of runtime logic and
		/// `transaction_version` on every change of a call's encoding.
		#[sp_version::runtime_version]
		pub const VERSION: RuntimeVersion = RuntimeVersion {
			spec_name: alloc::borrow::Cow::Borrowed("grid-chain"),
			impl_name: alloc::borrow::Cow::Borrowed("grid-chain"),
			authoring_version: 1,
			spec_version: $spec_version,
			impl_version: 1,
			apis: apis::RUNTIME_API_VERSIONS,
			transaction_version: 4,
			system_version: 1,
		};
	};
}

#[cfg(not(feature = "upgrade-test-runtime"))]
runtime_version!(108);
// The same runtime as the next `spec_version`, for the network's upgrade test only
// (`make upgrade-wasm`): never deploy it.
#[cfg(feature = "upgrade-test-runtime")]
runtime_version!(109);

/// Time and token constants.
pub mod constants {
	use super::{Balance, BlockNumber};

	/// Target block time. Aura slots are this long; every slot has an author.
	pub const MILLI_SECS_PER_BLOCK: u64 = 6_000;
	/// Slot duration, equal to the block time.
	pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

	/// Blocks in one minute.
	pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
	/// Blocks in one hour.
	pub const HOURS: BlockNumber = MINUTES * 60;
	/// Blocks in one day.
	pub const DAYS: BlockNumber = HOURS * 24;

	/// Decimals of the GRID token.
	pub const TOKEN_DECIMALS: u8 = 12;
	/// Symbol of the native token.
	pub const TOKEN_SYMBOL: &str = "GRID";
	/// One GRID in the smallest unit.
	pub const UNIT: Balance = 1_000_000_000_000;
	/// 1/1000 GRID.
	pub const MILLI_UNIT: Balance = 1_000_000_000;
	/// 1/1_000_000 GRID.
	pub const MICRO_UNIT: Balance = 1_000_000;
	/// Minimum balance an account must keep to exist.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;
	/// SS58 address prefix (42: the generic Substrate prefix).
	pub const SS58_PREFIX: u16 = 42;
}

/// Alias to 512-bit hash when used in the context of a transaction signature on the chain.
pub type Signature = MultiSignature;
/// An account on the chain: the public key behind a [`Signature`].
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account.
pub type Balance = u128;
/// Index of a transaction in the chain.
pub type Nonce = u32;
/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;
/// An index to a block.
pub type BlockNumber = u32;
/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A Block signed with a Justification.
pub type SignedBlock = generic::SignedBlock<Block>;
/// BlockId type as expected by this runtime.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions, in the order the signer must encode them.
///
/// `AuthorizeCall` comes first: it gives a general (unsigned, version 5) transaction the
/// `Authorized` origin when its call's `#[pallet::authorize]` accepts it (meter readings,
/// authorized by the meters' signatures); every other extension then sees an origin that is
/// not signed, so no nonce is checked and no fee charged. A general transaction whose call does
/// not authorize it is refused (`UnknownOrigin`). Signed transactions pass it untouched.
///
/// `CheckMetadataHash` lets wallets that sign with a metadata hash (hardware wallets) prove
/// which metadata they showed; it is optional for the signer (mode `Disabled`).
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	fees::ChargeGridTransactionPayment,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// What the runtime's own transactions are made of: GRANDPA's unsigned equivocation reports,
/// submitted by the node's voter through the runtime API.
impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<LocalCall> frame_system::offchain::CreateBare<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_bare(call)
	}
}

/// Storage migrations applied on runtime upgrade, in order. Each runs once: a
/// `VersionedMigration` checks and bumps its pallet's storage version.
///
/// Spec 103 (transaction version 3) also changed `Operators::verify_operator`'s arguments (it
/// names the region): a council motion stored with the old call no longer decodes and cannot
/// be closed. Vote such motions through (or let them lapse and disapprove them) before the
/// upgrade.
///
/// Spec 104 keeps a region's automatic balancing actions to their `AutomaticPlaces` and each
/// operator to `MaxActionsPerOperator` open actions (the balancing migration cancels the
/// excess), and stability rules below the critical load's priority (a rule configured at it
/// before asks for one less).
///
/// Spec 108 (transaction version 4) adds pallet-authorship, pallet-offences and
/// pallet-session's history (indices 18 to 20, empty storage: no migration) and gives
/// GRANDPA's equivocation reports a key-ownership proof (they could not be sent before). The
/// first session rotation after the upgrade stores a validator set (`OperatorsWithHistory`:
/// none is stored yet) and the second changes GRANDPA's set; until then GRANDPA knows only its
/// current set id's session (it kept one before), so equivocations of the first sessions after
/// the upgrade cannot be proven.
type Migrations = (
	// `Capabilities` gained `manage_meters` (pallet-metering).
	pallet_operators::migrations::v1::MigrateV0ToV1<Runtime>,
	// Pending operators are listed (bounded, expiring).
	pallet_operators::migrations::v2::MigrateV1ToV2<Runtime>,
	// The fewest validators is stored (set at genesis) instead of a constant.
	pallet_operators::migrations::v3::MigrateV2ToV3<Runtime>,
	// Programs and participations record their storage deposits (zero for older ones).
	pallet_demand_response::migrations::v1::MigrateV0ToV1<Runtime>,
	// Automatic actions and each operator's keep to their places.
	pallet_balancing::migrations::v1::MigrateV0ToV1<Runtime>,
);

/// Executive: handles dispatch to the various modules.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The runtime. Pallet indices are part of every encoded call and event: never reorder or
/// reuse them.
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
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(7)]
	pub type Utility = pallet_utility;

	// The council before the operators, and both before the session: genesis is built in
	// this order, and each needs the one before.
	#[runtime::pallet_index(8)]
	pub type Council = pallet_collective<Instance1>;

	#[runtime::pallet_index(9)]
	pub type Operators = pallet_operators;

	#[runtime::pallet_index(10)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(11)]
	pub type Load = pallet_load;

	#[runtime::pallet_index(12)]
	pub type Balancing = pallet_balancing;

	#[runtime::pallet_index(13)]
	pub type DemandResponse = pallet_demand_response;

	#[runtime::pallet_index(14)]
	pub type Stability = pallet_stability;

	#[runtime::pallet_index(15)]
	pub type EnergyMarket = pallet_energy_market;

	#[runtime::pallet_index(16)]
	pub type Metering = pallet_metering;

	#[runtime::pallet_index(17)]
	pub type CouncilRoot = pallet_council_root;

	// Accountable validators: the author of each block (the reporter of an equivocation),
	// the offences reported, and the validator sets of past sessions that key-ownership
	// proofs are checked against.
	#[runtime::pallet_index(18)]
	pub type Authorship = pallet_authorship;

	#[runtime::pallet_index(19)]
	pub type Offences = pallet_offences;

	#[runtime::pallet_index(20)]
	pub type Historical = pallet_session::historical;
}
