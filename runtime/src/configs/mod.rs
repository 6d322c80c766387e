//! One `Config` implementation per pallet of the runtime, by area: [`system`] (blocks,
//! accounts, fees, consensus), [`governance`] (the grid council and the admin origin),
//! [`operators`] (operators and the validator set) and [`grid`] (the grid pallets). Every
//! public item is re-exported here, at the paths it had before the split.

use crate::fees;
use crate::{
	constants::{
		DAYS, EXISTENTIAL_DEPOSIT, HOURS, MILLI_UNIT, MINUTES, SLOT_DURATION, SS58_PREFIX, UNIT,
	},
	weights, AccountId, Aura, Balance, Balances, Balancing, Block, BlockNumber, Council,
	DemandResponse, EnergyMarket, Hash, Historical, Load, Metering, Nonce, Offences, Operators,
	PalletInfo, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason,
	RuntimeOrigin, RuntimeTask, SessionKeys, Stability, System, Timestamp, VERSION,
};
use alloc::vec::Vec;
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

pub mod governance;
pub mod grid;
pub mod operators;
pub mod system;

pub use governance::*;
pub use grid::*;
pub use operators::*;
pub use system::*;
