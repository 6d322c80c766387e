//! grid-node: the node of grid-chain, a permissioned Substrate chain that runs an electricity
//! grid. Aura authoring, GRANDPA finality, ParityDB storage.

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
