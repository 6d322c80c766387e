//! End to end: the built `grid-node --dev --tmp` on free loopback ports finalizes blocks and
//! includes a balance transfer signed by Alice and submitted over WebSocket RPC.
//!
//! Fails when the node produces or finalizes no blocks, when the transfer is not included,
//! or when Bob's balance does not grow by exactly the amount sent.

use codec::{Decode, Encode};
use grid_runtime::{
	signing::{self, ChainContext},
	AccountId, Balance, Hash, Nonce, RuntimeCall,
};
use jsonrpsee::{
	core::client::ClientT,
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::Value;
use sp_keyring::Sr25519Keyring::{Alice, Bob};
use std::time::{Duration, Instant};

use crate::common::Node;

async fn connect(port: u16, timeout: Duration) -> WsClient {
	let deadline = Instant::now() + timeout;
	loop {
		match WsClientBuilder::default().build(format!("ws://127.0.0.1:{port}")).await {
			Ok(client) => return client,
			Err(e) if Instant::now() > deadline => panic!("RPC never came up: {e}"),
			Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
		}
	}
}

fn parse_number(header: &Value) -> u64 {
	let hex = header["number"].as_str().expect("header has a number");
	u64::from_str_radix(hex.trim_start_matches("0x"), 16).expect("hex block number")
}

fn parse_hash(value: &Value) -> Hash {
	let bytes = hex::decode(value.as_str().expect("a hash").trim_start_matches("0x")).unwrap();
	Hash::from_slice(&bytes)
}

async fn finalized_number(client: &WsClient) -> u64 {
	let head: Value = client.request("chain_getFinalizedHead", rpc_params![]).await.unwrap();
	let header: Value = client.request("chain_getHeader", rpc_params![head]).await.unwrap();
	parse_number(&header)
}

async fn best_number(client: &WsClient) -> u64 {
	let header: Value = client.request("chain_getHeader", rpc_params![]).await.unwrap();
	parse_number(&header)
}

/// Free balance of `who`, read from `System::Account` storage at the best block.
async fn free_balance(client: &WsClient, who: &AccountId) -> Balance {
	let key = frame_system::Account::<grid_runtime::Runtime>::hashed_key_for(who);
	let raw: Option<String> = client
		.request("state_getStorage", rpc_params![format!("0x{}", hex::encode(key))])
		.await
		.unwrap();
	let raw = hex::decode(raw.expect("account exists").trim_start_matches("0x")).unwrap();
	let info = frame_system::AccountInfo::<Nonce, pallet_balances::AccountData<Balance>>::decode(
		&mut &raw[..],
	)
	.expect("AccountInfo decodes");
	info.data.free
}

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

	// What a signer needs to know, read from the node.
	let genesis: Value = client.request("chain_getBlockHash", rpc_params![0]).await.unwrap();
	let version: Value = client.request("state_getRuntimeVersion", rpc_params![]).await.unwrap();
	assert_eq!(version["specName"], "grid-chain");
	let chain = ChainContext {
		genesis_hash: parse_hash(&genesis),
		spec_version: version["specVersion"].as_u64().unwrap() as u32,
		transaction_version: version["transactionVersion"].as_u64().unwrap() as u32,
	};
	let properties: Value = client.request("system_properties", rpc_params![]).await.unwrap();
	assert_eq!(properties["tokenSymbol"], "GRID");
	assert_eq!(properties["tokenDecimals"], 12);

	let alice = Alice.to_account_id();
	let bob = Bob.to_account_id();
	let nonce: Nonce =
		client.request("system_accountNextIndex", rpc_params![alice.to_string()]).await.unwrap();
	let bob_before = free_balance(&client, &bob).await;

	let amount: Balance = 1_234_567_890_000;
	let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: bob.clone().into(),
		value: amount,
	});
	let xt = signing::sign(call, &Alice.pair(), nonce, &chain);
	let xt_hex = format!("0x{}", hex::encode(xt.encode()));
	let _tx_hash: Value =
		client.request("author_submitExtrinsic", rpc_params![xt_hex.clone()]).await.unwrap();

	// Find the block that includes it.
	let from = best_number(&client).await;
	let deadline = Instant::now() + Duration::from_secs(60);
	let mut included_in = None;
	let mut next = from;
	while included_in.is_none() {
		assert!(Instant::now() < deadline, "transfer not included within 60 s");
		while next <= best_number(&client).await {
			let hash: Value =
				client.request("chain_getBlockHash", rpc_params![next]).await.unwrap();
			let block: Value = client.request("chain_getBlock", rpc_params![hash]).await.unwrap();
			let extrinsics = block["block"]["extrinsics"].as_array().unwrap();
			if extrinsics.iter().any(|x| x.as_str() == Some(&xt_hex)) {
				included_in = Some(next);
			}
			next += 1;
		}
		tokio::time::sleep(Duration::from_millis(300)).await;
	}

	assert_eq!(free_balance(&client, &bob).await, bob_before + amount);
	let next_nonce: Nonce =
		client.request("system_accountNextIndex", rpc_params![alice.to_string()]).await.unwrap();
	assert_eq!(next_nonce, nonce + 1);

	// The including block gets finalized too.
	let included_in = included_in.unwrap();
	let deadline = Instant::now() + Duration::from_secs(60);
	while finalized_number(&client).await < included_in {
		assert!(Instant::now() < deadline, "block {included_in} not finalized within 60 s");
		tokio::time::sleep(Duration::from_millis(500)).await;
	}

	drop(client);
	assert!(node.stop().is_some(), "grid-node did not exit within 20 s of SIGTERM");
}
