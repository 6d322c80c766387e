//! The permissioned network: the four operators of `local_testnet` as four `grid-node`
//! validators on loopback, each accepting only the others as peers (`--reserved-only`).
//!
//! They produce and finalize blocks and agree on them; one validator is killed (SIGKILL)
//! and finality goes on with three of four; it restarts from its base path and catches up,
//! and no block finalized before the kill is lost or replaced on any node; a node stopped
//! cleanly (SIGTERM) and restarted keeps its best and finalized blocks.
//!
//! A fifth operator registers, is verified, has its node make session keys bound to its
//! account, sets them, and is a validator after the session rotations; suspended, it leaves
//! the set again; the chain finalizes throughout. The test shortens sessions to 2 blocks
//! (`SessionLength`, set by Root). `local_testnet` has no sudo: every Root call is a motion
//! of three of the four operators (`CouncilRoot.dispatch`).

use jsonrpsee::{
	core::client::ClientT,
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::Value as Json;
use std::{
	fs::File,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

use subxt::{
	dynamic::{self, Value},
	utils::AccountId32,
	OnlineClient, SubstrateConfig,
};
use subxt_signer::sr25519::dev;

use crate::common::{call, free_port, raw_spec, Client};

const NAMES: [&str; 4] = ["alice", "bob", "charlie", "dave"];

/// One validator of the network, with its own base path and fixed ports.
struct Validator {
	name: &'static str,
	args: Vec<String>,
	log: PathBuf,
	rpc_port: u16,
	child: Option<Child>,
}

impl Validator {
	fn start(&mut self) {
		let log = File::options().create(true).append(true).open(&self.log).unwrap();
		let child = Command::new(env!("CARGO_BIN_EXE_grid-node"))
			.args(&self.args)
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()
			.expect("grid-node starts");
		self.child = Some(child);
	}

	fn kill(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}

	/// SIGTERM and wait for the exit (SIGKILL after 20 s). Whether it exited by itself.
	fn stop(&mut self) -> bool {
		let Some(mut child) = self.child.take() else { return true };
		let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
		let deadline = Instant::now() + Duration::from_secs(20);
		while Instant::now() < deadline {
			if let Ok(Some(_)) = child.try_wait() {
				return true;
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		let _ = child.kill();
		let _ = child.wait();
		false
	}

	async fn rpc(&self) -> WsClient {
		let deadline = Instant::now() + Duration::from_secs(120);
		loop {
			match WsClientBuilder::default()
				.build(format!("ws://127.0.0.1:{}", self.rpc_port))
				.await
			{
				Ok(client) => return client,
				Err(e) if Instant::now() > deadline => panic!("{}: no RPC: {e}", self.name),
				Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
			}
		}
	}
}

/// The four validators, started; their data is removed when dropped.
struct Network {
	dir: PathBuf,
	validators: Vec<Validator>,
}

impl Drop for Network {
	fn drop(&mut self) {
		for v in &mut self.validators {
			v.kill();
		}
		if std::thread::panicking() {
			for v in &self.validators {
				let log = std::fs::read_to_string(&v.log).unwrap_or_default();
				let tail: Vec<_> = log.lines().rev().take(25).collect();
				eprintln!("--- last lines of {}'s log ---", v.name);
				for line in tail.into_iter().rev() {
					eprintln!("{line}");
				}
			}
		}
		let _ = std::fs::remove_dir_all(&self.dir);
	}
}

fn peer_id(node_key: &Path) -> String {
	let out = Command::new(env!("CARGO_BIN_EXE_grid-node"))
		.args(["key", "inspect-node-key", "--file"])
		.arg(node_key)
		.output()
		.expect("grid-node key inspect-node-key");
	String::from_utf8(out.stdout).unwrap().trim().to_string()
}

impl Network {
	fn start() -> Self {
		let dir = std::env::temp_dir().join(format!("grid-network-{}", free_port()));
		std::fs::create_dir_all(&dir).unwrap();
		let p2p: Vec<u16> = NAMES.iter().map(|_| free_port()).collect();
		let mut reserved = Vec::new();
		for (i, name) in NAMES.iter().enumerate() {
			let key = dir.join(format!("{name}.node-key"));
			std::fs::write(&key, format!("{:064x}", i + 1)).unwrap();
			reserved.push(format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", p2p[i], peer_id(&key)));
		}
		let validators = NAMES
			.iter()
			.enumerate()
			.map(|(i, name)| {
				let rpc_port = free_port();
				let mut args: Vec<String> = vec![
					"--chain".into(),
					raw_spec("local").display().to_string(),
					format!("--{name}"),
					"--base-path".into(),
					dir.join(name).display().to_string(),
					"--node-key-file".into(),
					dir.join(format!("{name}.node-key")).display().to_string(),
					"--listen-addr".into(),
					format!("/ip4/127.0.0.1/tcp/{}", p2p[i]),
					"--rpc-port".into(),
					rpc_port.to_string(),
					"--prometheus-port".into(),
					free_port().to_string(),
					"--no-mdns".into(),
					"--no-telemetry".into(),
					"--reserved-only".into(),
				];
				for (j, address) in reserved.iter().enumerate() {
					if j != i {
						args.extend(["--reserved-nodes".into(), address.clone()]);
					}
				}
				let log = dir.join(format!("{name}.log"));
				Validator { name, args, log, rpc_port, child: None }
			})
			.collect::<Vec<_>>();
		let mut network = Network { dir, validators };
		for v in &mut network.validators {
			v.start();
		}
		network
	}
}

fn number(header: &Json) -> u64 {
	let hex = header["number"].as_str().expect("a header number");
	u64::from_str_radix(hex.trim_start_matches("0x"), 16).expect("hex")
}

async fn finalized(client: &WsClient) -> (u64, String) {
	let hash: String = client.request("chain_getFinalizedHead", rpc_params![]).await.unwrap();
	let header: Json = client.request("chain_getHeader", rpc_params![&hash]).await.unwrap();
	(number(&header), hash)
}

async fn best(client: &WsClient) -> (u64, String) {
	let header: Json = client.request("chain_getHeader", rpc_params![]).await.unwrap();
	let hash: String =
		client.request("chain_getBlockHash", rpc_params![number(&header)]).await.unwrap();
	(number(&header), hash)
}

async fn hash_at(client: &WsClient, n: u64) -> Option<String> {
	client.request("chain_getBlockHash", rpc_params![n]).await.unwrap()
}

/// Waits until `client`'s finalized block is at least `n`.
async fn wait_finalized(name: &str, client: &WsClient, n: u64, timeout: Duration) {
	let deadline = Instant::now() + timeout;
	loop {
		let (at, _) = finalized(client).await;
		if at >= n {
			return;
		}
		assert!(Instant::now() < deadline, "{name}: finalized {at}, not {n}, within {timeout:?}");
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn the_network_finalizes_through_a_killed_validator_and_loses_nothing() {
	let mut net = Network::start();
	let mut clients = Vec::new();
	for v in &net.validators {
		clients.push(v.rpc().await);
	}

	// All four finalize, and agree on what they finalized.
	for (v, client) in net.validators.iter().zip(&clients) {
		wait_finalized(v.name, client, 3, Duration::from_secs(180)).await;
	}
	let (h1, f1) = finalized(&clients[0]).await;
	for (v, client) in net.validators.iter().zip(&clients) {
		wait_finalized(v.name, client, h1, Duration::from_secs(60)).await;
		assert_eq!(hash_at(client, h1).await, Some(f1.clone()), "{} disagrees at {h1}", v.name);
		let peers: Json = client.request("system_health", rpc_params![]).await.unwrap();
		assert_eq!(peers["peers"], 3, "{} sees the three other operators", v.name);
	}

	// Dave is killed: the other three go on finalizing (three of four > two thirds).
	net.validators[3].kill();
	drop(clients.pop());
	for (v, client) in net.validators.iter().zip(&clients) {
		wait_finalized(v.name, client, h1 + 4, Duration::from_secs(120)).await;
	}
	let (h2, f2) = finalized(&clients[0]).await;

	// Dave restarts from its base path and catches up; nothing finalized is replaced.
	net.validators[3].start();
	clients.push(net.validators[3].rpc().await);
	wait_finalized("dave", &clients[3], h2, Duration::from_secs(180)).await;
	for (v, client) in net.validators.iter().zip(&clients) {
		assert_eq!(hash_at(client, h1).await, Some(f1.clone()), "{} lost block {h1}", v.name);
		assert_eq!(hash_at(client, h2).await, Some(f2.clone()), "{} lost block {h2}", v.name);
	}

	// Bob stops cleanly and restarts: its chain is still there.
	let (bob_best, bob_best_hash) = best(&clients[1]).await;
	let (bob_final, bob_final_hash) = finalized(&clients[1]).await;
	drop(clients.remove(1));
	assert!(net.validators[1].stop(), "bob did not exit within 20 s of SIGTERM");
	net.validators[1].start();
	let bob = net.validators[1].rpc().await;
	let (best_now, _) = best(&bob).await;
	let (final_now, _) = finalized(&bob).await;
	assert!(best_now >= bob_best, "bob's best went back from {bob_best} to {best_now}");
	assert!(final_now >= bob_final, "bob's finalized went back from {bob_final} to {final_now}");
	// The best block of then may have lost a fork race since; it is still stored.
	let header: Option<Json> =
		bob.request("chain_getHeader", rpc_params![&bob_best_hash]).await.unwrap();
	assert!(header.is_some(), "bob no longer has its best block {bob_best}");
	assert_eq!(hash_at(&bob, bob_final).await, Some(bob_final_hash));
	// And it keeps following the network.
	wait_finalized("bob", &bob, final_now + 2, Duration::from_secs(120)).await;
}

async fn validators(api: &OnlineClient<SubstrateConfig>) -> Vec<AccountId32> {
	let at = api.at_current_block().await.expect("a finalized block");
	let address = dynamic::storage::<(), Vec<AccountId32>>("Session", "Validators");
	at.storage().fetch(address, ()).await.expect("Session.Validators").decode().expect("decodes")
}

/// Waits until `eve`'s membership of the finalized validator set is `member`.
async fn wait_validator(api: &OnlineClient<SubstrateConfig>, eve: &AccountId32, member: bool) {
	let deadline = Instant::now() + Duration::from_secs(240);
	while validators(api).await.contains(eve) != member {
		assert!(Instant::now() < deadline, "Eve's membership of the validators is not {member}");
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fifth_operator_becomes_a_validator_and_leaves_when_suspended() {
	let mut net = Network::start();
	let alice_rpc = net.validators[0].rpc().await;
	wait_finalized("alice", &alice_rpc, 1, Duration::from_secs(180)).await;
	let client = Client::connect(net.validators[0].rpc_port).await;
	let api = &client.api;
	let eve = dev::eve();
	let eve_id = eve.public_key().to_account_id();
	// Eve's node: a fifth process, its network key added to the others' reserved peers.
	let eve_dir = net.dir.join("eve");
	let eve_key = net.dir.join("eve.node-key");
	std::fs::write(&eve_key, format!("{:064x}", 5)).unwrap();
	let (eve_p2p, eve_rpc_port) = (free_port(), free_port());
	let eve_address = format!("/ip4/127.0.0.1/tcp/{eve_p2p}/p2p/{}", peer_id(&eve_key));
	let mut eve_args: Vec<String> = vec![
		"--chain".into(),
		raw_spec("local").display().to_string(),
		"--validator".into(),
		"--name".into(),
		"eve".into(),
		"--base-path".into(),
		eve_dir.display().to_string(),
		"--node-key-file".into(),
		eve_key.display().to_string(),
		"--listen-addr".into(),
		format!("/ip4/127.0.0.1/tcp/{eve_p2p}"),
		"--rpc-port".into(),
		eve_rpc_port.to_string(),
		"--prometheus-port".into(),
		free_port().to_string(),
		"--no-mdns".into(),
		"--no-telemetry".into(),
		"--reserved-only".into(),
	];
	for v in &net.validators {
		let listen = v.args.iter().skip_while(|a| *a != "--listen-addr").nth(1).unwrap();
		let key = v.args.iter().skip_while(|a| *a != "--node-key-file").nth(1).unwrap();
		eve_args.extend([
			"--reserved-nodes".into(),
			format!("{listen}/p2p/{}", peer_id(Path::new(key))),
		]);
	}
	for v in &net.validators {
		let client = v.rpc().await;
		let _: Json =
			client.request("system_addReservedPeer", rpc_params![&eve_address]).await.unwrap();
	}
	net.validators.push(Validator {
		name: "eve",
		args: eve_args,
		log: net.dir.join("eve.log"),
		rpc_port: eve_rpc_port,
		child: None,
	});
	net.validators[4].start();
	let eve_rpc = net.validators[4].rpc().await;

	// Sessions of 2 blocks instead of 100, so that rotations come within seconds.
	let key = grid_runtime::configs::SessionLength::key();
	let length = Value::from_bytes(2u32.to_le_bytes());
	let set = call(
		"System",
		"set_storage",
		vec![(
			"items",
			Value::unnamed_composite([Value::unnamed_composite([Value::from_bytes(key), length])]),
		)],
	);
	// Eve registers while the admin shortens sessions; then the admin verifies her and lets
	// her validate while she sets the session keys her node made, bound to her account.
	let register = dynamic::tx(
		"Operators",
		"register_operator",
		(b"Eve Grid".to_vec(), b"Central".to_vec(), 1_000u64),
	);
	tokio::join!(client.council_root(set), client.ok(&eve, register));
	let eve_lookup = Value::unnamed_variant("Id", [Value::from_bytes(eve.public_key().0)]);
	let all = Value::named_composite(
		[
			"report_load",
			"coordinate_balancing",
			"run_demand_response",
			"report_stability",
			"validate_blocks",
			"manage_meters",
		]
		.map(|c| (c, Value::bool(true))),
	);
	let admit = Value::unnamed_variant(
		"Utility",
		[Value::named_variant(
			"batch_all",
			[(
				"calls",
				Value::unnamed_composite([
					call(
						"Operators",
						"verify_operator",
						vec![
							("operator", eve_lookup.clone()),
							("region", Value::from_bytes(b"Central")),
						],
					),
					call(
						"Operators",
						"set_capabilities",
						vec![("operator", eve_lookup.clone()), ("capabilities", all)],
					),
				]),
			)],
		)],
	);
	let owner = format!("0x{}", hex::encode(eve.public_key().0));
	let generated: Json =
		eve_rpc.request("author_rotateKeysWithOwner", rpc_params![owner]).await.unwrap();
	let bytes = |field: &str| {
		hex::decode(generated[field].as_str().expect(field).trim_start_matches("0x")).unwrap()
	};
	let (keys, proof) = (bytes("keys"), bytes("proof"));
	assert_eq!(keys.len(), 64, "an Aura and a GRANDPA key");
	let session_keys = Value::named_composite([
		("aura", Value::from_bytes(&keys[..32])),
		("grandpa", Value::from_bytes(&keys[32..])),
	]);
	tokio::join!(
		client.council_root(admit),
		client.ok(&eve, dynamic::tx("Session", "set_keys", (session_keys, proof))),
	);

	// Two rotations later she is a validator, and the chain keeps finalizing.
	wait_validator(api, &eve_id, true).await;
	let (joined_at, _) = finalized(&alice_rpc).await;
	wait_finalized("alice", &alice_rpc, joined_at + 2, Duration::from_secs(120)).await;
	wait_finalized("eve", &eve_rpc, joined_at, Duration::from_secs(120)).await;

	// Suspended by the admin, she leaves the set at the rotations; finality goes on.
	client
		.council_root(call("Operators", "suspend_operator", vec![("operator", eve_lookup)]))
		.await;
	wait_validator(api, &eve_id, false).await;
	let (left_at, _) = finalized(&alice_rpc).await;
	wait_finalized("alice", &alice_rpc, left_at + 2, Duration::from_secs(120)).await;
}

/// The runtime of the upgrade test: this tree's runtime as `spec_version` + 1, built beside
/// the node's by `make upgrade-wasm` (`cargo check -p grid-runtime --features
/// upgrade-test-runtime`) into the same target directory.
fn upgrade_wasm() -> Vec<u8> {
	let node = Path::new(env!("CARGO_BIN_EXE_grid-node"));
	let path = node
		.with_file_name("wbuild")
		.join("grid-runtime")
		.join("upgrade_wasm_binary.rs.compact.compressed.wasm");
	std::fs::read(&path).unwrap_or_else(|e| {
		panic!("{}: {e}; `make upgrade-wasm` builds it (make test does)", path.display())
	})
}

async fn spec_version(client: &WsClient, at: &str) -> u64 {
	let version: Json = client.request("state_getRuntimeVersion", rpc_params![at]).await.unwrap();
	version["specVersion"].as_u64().expect("a spec version")
}

/// What the grid looks like through the runtime API at block `at`: `GridApi` answers, as
/// SCALE bytes (the operators, North's load and its history, the grid's status).
async fn grid_state(client: &WsClient, at: &str) -> Vec<String> {
	use codec::Encode;
	let north = grid_primitives::RegionId::new(b"North").unwrap();
	let mut answers = Vec::new();
	for name in NAMES {
		let who = match name {
			"alice" => dev::alice(),
			"bob" => dev::bob(),
			"charlie" => dev::charlie(),
			_ => dev::dave(),
		};
		answers.push(("GridApi_get_operator", who.public_key().0.encode()));
	}
	answers.push(("GridApi_get_current_load", north.encode()));
	answers.push(("GridApi_get_load_history", north.encode()));
	answers.push(("GridApi_get_grid_status", Vec::new()));
	let mut out = Vec::new();
	for (method, args) in answers {
		let data = format!("0x{}", hex::encode(args));
		let answer: String =
			client.request("state_call", rpc_params![method, data, at]).await.unwrap();
		out.push(format!("{method}: {answer}"));
	}
	out
}

/// Issue 18: the four operators upgrade their running network without sudo. A council
/// motion (three of four, `CouncilRoot.dispatch`) authorizes the hash of this tree's runtime
/// built as the next `spec_version`; anyone then applies it (an unsigned
/// `System.apply_authorized_upgrade`, no fee). Every node runs the new version from the next
/// block, the chain keeps finalizing across it, and the grid state written before the upgrade
/// (a load report) reads the same after it through the runtime API.
#[tokio::test(flavor = "multi_thread")]
async fn the_council_upgrades_the_running_network() {
	use codec::Encode;
	let code = upgrade_wasm();
	let net = Network::start();
	let mut rpcs = Vec::new();
	for v in &net.validators {
		rpcs.push(v.rpc().await);
	}
	for (v, rpc) in net.validators.iter().zip(&rpcs) {
		wait_finalized(v.name, rpc, 1, Duration::from_secs(180)).await;
	}
	let client = Client::connect(net.validators[0].rpc_port).await;

	// Grid state before: Alice, North's operator, reports its load.
	let north = b"North".to_vec();
	client
		.ok(&dev::alice(), dynamic::tx("Load", "report_load", (north, 1_000_000u64, 640_000u64)))
		.await;
	let (reported_at, _) = best(&rpcs[0]).await;
	wait_finalized("alice", &rpcs[0], reported_at, Duration::from_secs(60)).await;
	let (_, before_hash) = finalized(&rpcs[0]).await;
	let before = grid_state(&rpcs[0], &before_hash).await;
	assert!(before[4].len() > "GridApi_get_current_load: 0x00".len(), "North has a load");
	let old_version = spec_version(&rpcs[0], &before_hash).await;

	// The council authorizes the code's hash; anyone applies the code.
	let code_hash = <sp_runtime::traits::BlakeTwo256 as sp_runtime::traits::Hash>::hash(&code).0;
	client
		.council_root(call(
			"System",
			"authorize_upgrade",
			vec![("code_hash", Value::from_bytes(code_hash))],
		))
		.await;
	let apply = grid_runtime::UncheckedExtrinsic::new_bare(grid_runtime::RuntimeCall::System(
		grid_runtime::SystemCall::apply_authorized_upgrade { code },
	));
	// To the node that saw the authorization in its best block (another may not have it yet).
	let _: String = rpcs[0]
		.request(
			"author_submitExtrinsic",
			rpc_params![format!("0x{}", hex::encode(apply.encode()))],
		)
		.await
		.expect("the pool accepts the authorized code");

	// Every node runs the new version; finality goes on across the upgrade.
	let deadline = Instant::now() + Duration::from_secs(180);
	let upgraded_at = loop {
		let (at, hash) = finalized(&rpcs[0]).await;
		if spec_version(&rpcs[0], &hash).await == old_version + 1 {
			break at;
		}
		assert!(Instant::now() < deadline, "the new runtime was not finalized in time");
		tokio::time::sleep(Duration::from_millis(500)).await;
	};
	for (v, rpc) in net.validators.iter().zip(&rpcs) {
		wait_finalized(v.name, rpc, upgraded_at + 3, Duration::from_secs(120)).await;
		let (_, hash) = finalized(rpc).await;
		assert_eq!(spec_version(rpc, &hash).await, old_version + 1, "{} upgraded", v.name);
	}
	let (_, after_hash) = finalized(&rpcs[0]).await;
	assert_eq!(grid_state(&rpcs[0], &after_hash).await, before, "the grid reads the same");
	// And the new runtime takes transactions: another load report, signed for it.
	let client = Client::connect(net.validators[2].rpc_port).await;
	client
		.ok(
			&dev::alice(),
			dynamic::tx("Load", "report_load", (b"North".to_vec(), 1_000_000u64, 650_000u64)),
		)
		.await;
}
