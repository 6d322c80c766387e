//! Genesis presets: `development` (one operator, Alice), `demo` (the same with 6-second
//! metering intervals, for demos and end-to-end tests that must see intervals end) and
//! `local_testnet` (four operators: Alice, Bob, Charlie and Dave, so GRANDPA keeps finalizing
//! with one of them down).
//!
//! The node builds its chain specs from these (`--dev`, `--chain local`), and
//! `grid-node export-chain-spec` starts a new network's spec from them.

use crate::{
	constants::{MILLI_SECS_PER_BLOCK, UNIT},
	AccountId, Balance, BalancesConfig, MeteringConfig, OperatorsConfig, RuntimeGenesisConfig,
	SessionConfig, SessionKeys, SudoConfig,
};
use alloc::{format, vec, vec::Vec};
use frame_support::build_struct_json_patch;
use grid_primitives::{Capabilities, RegionId};
use pallet_operators::GenesisOperator;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// What each endowed development account starts with: one million GRID.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// An operator that validates from genesis: its account, region and consensus keys.
pub struct GenesisAuthority {
	/// The operator's account.
	pub account: AccountId,
	/// The region it operates.
	pub region: RegionId,
	/// Block authoring key (sr25519).
	pub aura: AuraId,
	/// Finality key (ed25519).
	pub grandpa: GrandpaId,
}

impl GenesisAuthority {
	/// A well-known development account as the operator of `region`, with the same
	/// account's development keys (`//Alice` in both key types, ...).
	/// `None` if `region` is not a valid region name.
	pub fn dev(account: Sr25519Keyring, grandpa: Ed25519Keyring, region: &str) -> Option<Self> {
		Some(Self {
			account: account.to_account_id(),
			region: RegionId::try_from(region).ok()?,
			aura: account.public().into(),
			grandpa: grandpa.public().into(),
		})
	}
}

/// Capacity each genesis operator registers with: 1000 MW, the seed's example.
const GENESIS_CAPACITY_KW: u64 = 1_000_000;

/// A genesis configuration with the given authorities, endowed accounts and sudo key (`None`:
/// no sudo; Root is three quarters of the council, through `CouncilRoot`), the fewest
/// validators a session may have, and a metering interval shorter than 15 minutes for
/// development chains (`None` elsewhere).
fn grid_genesis(
	authorities: Vec<GenesisAuthority>,
	endowed_accounts: Vec<AccountId>,
	root: Option<AccountId>,
	min_validators: u32,
	interval_ms: Option<u64>,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed_accounts
				.iter()
				.cloned()
				.map(|account| (account, ENDOWMENT))
				.collect::<Vec<_>>(),
		},
		// Aura and GRANDPA get their authorities from the session pallet.
		session: SessionConfig {
			keys: authorities
				.iter()
				.map(|a| {
					let keys = SessionKeys { aura: a.aura.clone(), grandpa: a.grandpa.clone() };
					(a.account.clone(), a.account.clone(), keys)
				})
				.collect::<Vec<_>>(),
		},
		operators: OperatorsConfig {
			operators: authorities
				.iter()
				.enumerate()
				.map(|(i, a)| GenesisOperator {
					account: a.account.clone(),
					name: format!("Grid Operator {}", i + 1),
					region: a.region.clone(),
					capacity_kw: GENESIS_CAPACITY_KW,
					capabilities: Capabilities::all(),
				})
				.collect::<Vec<_>>(),
			min_validators,
		},
		sudo: SudoConfig { key: root },
		metering: MeteringConfig { interval_ms },
	})
}

/// The well-known development accounts that start with [`ENDOWMENT`].
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// The fewest validators a session may have on a network of operators (`local_testnet`,
/// and the networks made from it): with four, no majority of the council can shrink the set
/// to fewer nodes than GRANDPA needs to survive one fault.
pub const NETWORK_MIN_VALIDATORS: u32 = 4;

/// `development`: Alice operates "North", is the one authority and the sudo key.
pub fn development_config_genesis() -> Option<Value> {
	Some(grid_genesis(
		vec![GenesisAuthority::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice, "North")?],
		dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		1,
		None,
	))
}

/// `local_testnet`: Alice, Bob, Charlie and Dave operate North, South, East and West and
/// are the authorities. No sudo key: Root is a motion of three of the four operators
/// (`CouncilRoot::dispatch`), as on a real network.
pub fn local_config_genesis() -> Option<Value> {
	Some(grid_genesis(
		vec![
			GenesisAuthority::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice, "North")?,
			GenesisAuthority::dev(Sr25519Keyring::Bob, Ed25519Keyring::Bob, "South")?,
			GenesisAuthority::dev(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie, "East")?,
			GenesisAuthority::dev(Sr25519Keyring::Dave, Ed25519Keyring::Dave, "West")?,
		],
		dev_accounts(),
		None,
		NETWORK_MIN_VALIDATORS,
		None,
	))
}

/// The name of the `demo` preset.
pub const DEMO_PRESET: &str = "demo";

/// The metering interval of the `demo` preset, ms: one block, so that an interval ends with
/// every block (real networks: 15 minutes).
pub const DEMO_INTERVAL_MS: u64 = MILLI_SECS_PER_BLOCK;

/// `demo`: `development` with metering intervals of one block instead of 15 minutes. The
/// checks are the same; only the clock's unit is shorter.
pub fn demo_config_genesis() -> Option<Value> {
	Some(grid_genesis(
		vec![GenesisAuthority::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice, "North")?],
		dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		1,
		Some(DEMO_INTERVAL_MS),
	))
}

/// The JSON patch of a named preset, or `None` for an unknown name.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis()?,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis()?,
		DEMO_PRESET => demo_config_genesis()?,
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(|json| json.into_bytes())
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(DEMO_PRESET),
	]
}
