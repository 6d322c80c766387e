//! Genesis presets: `development` (one operator, Alice) and `local_testnet` (four operators:
//! Alice, Bob, Charlie and Dave, so GRANDPA keeps finalizing with one of them down).
//!
//! The node builds its chain specs from these (`--dev`, `--chain local`), and
//! `grid-node export-chain-spec` starts a new network's spec from them.

use crate::{
	constants::UNIT, AccountId, AuraConfig, Balance, BalancesConfig, GrandpaConfig,
	RuntimeGenesisConfig, SudoConfig,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// What each endowed development account starts with: one million GRID.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// An operator's consensus keys at genesis.
pub struct GenesisAuthority {
	/// Block authoring key (sr25519).
	pub aura: AuraId,
	/// Finality key (ed25519).
	pub grandpa: GrandpaId,
}

impl GenesisAuthority {
	/// The well-known development keys of one operator: `//Alice` in both key types, ...
	pub fn dev(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> Self {
		Self { aura: aura.public().into(), grandpa: grandpa.public().into() }
	}
}

/// A genesis configuration with the given authorities, endowed accounts and sudo key.
fn grid_genesis(
	authorities: Vec<GenesisAuthority>,
	endowed_accounts: Vec<AccountId>,
	root: AccountId,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed_accounts
				.iter()
				.cloned()
				.map(|account| (account, ENDOWMENT))
				.collect::<Vec<_>>(),
		},
		aura: AuraConfig {
			authorities: authorities.iter().map(|a| a.aura.clone()).collect::<Vec<_>>()
		},
		grandpa: GrandpaConfig {
			authorities: authorities.iter().map(|a| (a.grandpa.clone(), 1)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
	})
}

/// The well-known development accounts that start with [`ENDOWMENT`].
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// `development`: Alice is the one authority and the sudo key.
pub fn development_config_genesis() -> Value {
	grid_genesis(
		vec![GenesisAuthority::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// `local_testnet`: Alice, Bob, Charlie and Dave are the authorities; Alice is sudo.
pub fn local_config_genesis() -> Value {
	grid_genesis(
		vec![
			GenesisAuthority::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			GenesisAuthority::dev(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			GenesisAuthority::dev(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			GenesisAuthority::dev(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The JSON patch of a named preset, or `None` for an unknown name.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(|json| json.into_bytes())
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
