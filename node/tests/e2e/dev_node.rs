//! End to end: the built `grid-node --dev --tmp` on free loopback ports finalizes blocks and
//! includes a balance transfer signed by Alice and submitted over WebSocket RPC.
//!
//! Fails when the node produces or finalizes no blocks, when the transfer is not included,
//! or when Bob's balance does not grow by exactly the amount sent.

use grid_runtime::{signing, Balance, RuntimeCall};
use jsonrpsee::core::client::ClientT;
use sp_keyring::Sr25519Keyring::{Alice, Bob};
use std::time::{Duration, Instant};

use crate::{
	common::Node,
	raw::{self, best_number, connect, finalized_number, free_balance},
};

#[tokio::test(flavor = "multi_thread")]
async fn dev_node_finalizes_blocks_and_includes_a_signed_transfer() {
	let mut node = Node::start_dev();
	let client = connect(node.rpc_port, Duration::from_secs(120)).await;

	// Blocks are authored every 6 s and finalized by GRANDPA right after: block 3 must be
	// final within a minute of start-up (two minutes allowed for a loaded CI machine).
	let deadline = Instant::now() + Duration::from_secs(120);
	while finalized_number(&client).await < 3 {
		assert!(
			Instant::now() < deadline,
			"block 3 not finalized in 120 s (best block: {})",
			best_number(&client).await
		);
		tokio::time::sleep(Duration::from_millis(500)).await;
	}

	let chain = raw::chain_context(&client).await;
	let properties: serde_json::Value =
		client.request("system_properties", jsonrpsee::rpc_params![]).await.unwrap();
	assert_eq!(properties["tokenSymbol"], "GRID");
	assert_eq!(properties["tokenDecimals"], 12);

	let alice = Alice.to_account_id();
	let bob = Bob.to_account_id();
	let nonce = raw::next_nonce(&client, &alice).await;
	let bob_before = free_balance(&client, &bob).await;

	let amount: Balance = 1_234_567_890_000;
	let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: bob.clone().into(),
		value: amount,
	});
	let xt = signing::sign(call, &Alice.pair(), nonce, &chain);
	let from = best_number(&client).await;
	raw::submit(&client, &xt).await.expect("the transfer is accepted");
	let included_in =
		raw::included_in(&client, &raw::hex_of(&xt), from, Duration::from_secs(60)).await;

	assert_eq!(free_balance(&client, &bob).await, bob_before + amount);
	assert_eq!(raw::next_nonce(&client, &alice).await, nonce + 1);

	// The including block gets finalized too.
	let deadline = Instant::now() + Duration::from_secs(60);
	while finalized_number(&client).await < included_in {
		assert!(Instant::now() < deadline, "block {included_in} not finalized within 60 s");
		tokio::time::sleep(Duration::from_millis(500)).await;
	}

	drop(client);
	assert!(node.stop().is_some(), "grid-node did not exit within 20 s of SIGTERM");
}
