//! Chain specifications, all built from the runtime's genesis presets.

use grid_runtime::{
	constants::{SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL},
	WASM_BINARY,
};
use sc_service::ChainType;

/// A chain spec of grid-chain: genesis JSON plus the runtime's wasm.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token symbol, decimals and address format, shown by wallets.
fn properties() -> sc_service::Properties {
	let mut properties = sc_service::Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"The runtime's wasm is not embedded in this binary (built with SKIP_WASM_BUILD?)".into()
	})
}

/// `--dev`: one operator (Alice), from the runtime's `development` preset.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("grid-chain development")
		.with_id("grid_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `--chain dev-demo`: `--dev` with metering intervals of one block (6 s) instead of 15
/// minutes, for demos and end-to-end tests; from the runtime's `demo` preset.
pub fn demo_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("grid-chain demo")
		.with_id("grid_demo")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(grid_runtime::genesis_config_presets::DEMO_PRESET)
		.with_properties(properties())
		.build())
}

/// `--chain local`: four operators (Alice, Bob, Charlie, Dave), from `local_testnet`.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("grid-chain local testnet")
		.with_id("grid_local_testnet")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}
