//! Talking to a node with plain JSON-RPC and the runtime's own types, as a tool without a
//! client library does: sign with chosen nonces and tips (`grid_runtime::signing`), submit,
//! and look inside blocks.

use codec::{Decode, Encode};
use grid_runtime::{signing::ChainContext, AccountId, Balance, Hash, Nonce, UncheckedExtrinsic};
use jsonrpsee::{
	core::client::ClientT,
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::Value;
use std::time::{Duration, Instant};

/// A WebSocket client of the node's RPC on `port`, waiting up to `timeout` for it to come up.
/// Requests and responses of up to 16 MiB: a full block is 5 MiB, twice that in hex.
pub async fn connect(port: u16, timeout: Duration) -> WsClient {
	let deadline = Instant::now() + timeout;
	loop {
		match WsClientBuilder::default()
			.max_request_size(16 << 20)
			.max_response_size(16 << 20)
			.build(format!("ws://127.0.0.1:{port}"))
			.await
		{
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

pub async fn finalized_number(client: &WsClient) -> u64 {
	let head: Value = client.request("chain_getFinalizedHead", rpc_params![]).await.unwrap();
	let header: Value = client.request("chain_getHeader", rpc_params![head]).await.unwrap();
	parse_number(&header)
}

pub async fn best_number(client: &WsClient) -> u64 {
	let header: Value = client.request("chain_getHeader", rpc_params![]).await.unwrap();
	parse_number(&header)
}

/// Waits (up to `timeout`) until the best block is at least `number`.
pub async fn wait_for_block(client: &WsClient, number: u64, timeout: Duration) {
	let deadline = Instant::now() + timeout;
	while best_number(client).await < number {
		assert!(Instant::now() < deadline, "no block {number} within {timeout:?}");
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
}

/// What a signer must know of the chain, read from the node.
pub async fn chain_context(client: &WsClient) -> ChainContext {
	let genesis: Value = client.request("chain_getBlockHash", rpc_params![0]).await.unwrap();
	let version: Value = client.request("state_getRuntimeVersion", rpc_params![]).await.unwrap();
	assert_eq!(version["specName"], "grid-chain");
	ChainContext {
		genesis_hash: parse_hash(&genesis),
		spec_version: version["specVersion"].as_u64().unwrap() as u32,
		transaction_version: version["transactionVersion"].as_u64().unwrap() as u32,
	}
}

/// `who`'s next nonce, counting its transactions in the pool.
pub async fn next_nonce(client: &WsClient, who: &AccountId) -> Nonce {
	client.request("system_accountNextIndex", rpc_params![who.to_string()]).await.unwrap()
}

/// The value at storage `key` at the best block, if any.
pub async fn storage<T: Decode>(client: &WsClient, key: &[u8]) -> Option<T> {
	let raw: Option<String> = client
		.request("state_getStorage", rpc_params![format!("0x{}", hex::encode(key))])
		.await
		.unwrap();
	raw.map(|raw| {
		let bytes = hex::decode(raw.trim_start_matches("0x")).expect("hex storage");
		T::decode(&mut &bytes[..]).expect("the storage value decodes")
	})
}

/// Free balance of `who`, read from `System::Account` storage at the best block.
pub async fn free_balance(client: &WsClient, who: &AccountId) -> Balance {
	let key = frame_system::Account::<grid_runtime::Runtime>::hashed_key_for(who);
	let info: frame_system::AccountInfo<Nonce, pallet_balances::AccountData<Balance>> =
		storage(client, &key).await.expect("account exists");
	info.data.free
}

/// `xt` as the hex string blocks carry it in.
pub fn hex_of(xt: &UncheckedExtrinsic) -> String {
	format!("0x{}", hex::encode(xt.encode()))
}

/// Submits `xt` (`author_submitExtrinsic`): the node's refusal as text.
pub async fn submit(client: &WsClient, xt: &UncheckedExtrinsic) -> Result<(), String> {
	client
		.request::<Value, _>("author_submitExtrinsic", rpc_params![hex_of(xt)])
		.await
		.map(|_| ())
		.map_err(|e| e.to_string())
}

/// The extrinsics of best-chain block `number`, in hex.
pub async fn block_extrinsics(client: &WsClient, number: u64) -> Vec<String> {
	let hash: Value = client.request("chain_getBlockHash", rpc_params![number]).await.unwrap();
	let block: Value = client.request("chain_getBlock", rpc_params![hash]).await.unwrap();
	let extrinsics = block["block"]["extrinsics"].as_array().expect("a block's extrinsics");
	extrinsics.iter().map(|x| x.as_str().expect("hex").to_string()).collect()
}

/// The first block after `from` that includes the extrinsic `xt_hex`, looked for as blocks
/// come for up to `timeout` (the dev chain has one author: its best blocks stay).
pub async fn included_in(client: &WsClient, xt_hex: &str, from: u64, timeout: Duration) -> u64 {
	let deadline = Instant::now() + timeout;
	let mut next = from + 1;
	loop {
		assert!(Instant::now() < deadline, "not included within {timeout:?} of block {from}");
		while next <= best_number(client).await {
			if block_extrinsics(client, next).await.iter().any(|x| x == xt_hex) {
				return next;
			}
			next += 1;
		}
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
}
