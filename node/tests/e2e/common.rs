//! What the end-to-end tests share: a `grid-node --dev --tmp` process on free loopback ports
//! (stopped when dropped; if the test is failing, the tail of its log is printed), and a
//! subxt client that submits signed transactions and reads at the newest block it saw.

use scale_decode::{DecodeAsFields, DecodeAsType};
use std::{
	fs::File,
	net::TcpListener,
	path::PathBuf,
	process::{Child, Command, Stdio},
	sync::atomic::{AtomicU64, Ordering::SeqCst},
	time::{Duration, Instant},
};
use subxt::{
	client::{ClientAtBlock, OnlineClientAtBlockImpl},
	dynamic::{self, Value},
	error::{DispatchError, TransactionEventsError},
	extrinsics::ExtrinsicEvents,
	tx::{Payload, TransactionStatus},
	utils::AccountId32,
	OnlineClient, SubstrateConfig,
};
use subxt_signer::sr25519::{dev, Keypair};

/// A running `grid-node`, stopped (and its log printed on failure) when dropped.
pub struct Node {
	child: Child,
	log: PathBuf,
	pub rpc_port: u16,
}

/// The raw chain spec of `chain` (`dev`, `dev-demo`, `local`), exported once per build of
/// grid-node into the temporary directory and shared by every test (a file lock lets one
/// process export it while the others wait; the specs of earlier builds are removed then). A node started from a raw spec reads its genesis
/// storage instead of building it in the runtime, which compiles the wasm runtime twice more:
/// with a dozen nodes starting at once on two cores, that alone took over two minutes.
pub fn raw_spec(chain: &str) -> PathBuf {
	let node = std::path::Path::new(env!("CARGO_BIN_EXE_grid-node"));
	let built = std::fs::metadata(node)
		.and_then(|m| m.modified())
		.ok()
		.and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
		.map_or(0, |d| d.as_nanos());
	let dir = std::env::temp_dir().join("grid-node-e2e-specs");
	std::fs::create_dir_all(&dir).expect("the specs' directory");
	let path = dir.join(format!("{chain}-{built}.json"));
	let lock = File::create(dir.join(format!("{chain}.lock"))).expect("the spec's lock file");
	lock.lock().expect("the spec's lock");
	if !path.exists() {
		let out = Command::new(node)
			.args(["export-chain-spec", "--chain", chain, "--raw"])
			.output()
			.expect("grid-node export-chain-spec");
		assert!(
			out.status.success() && !out.stdout.is_empty(),
			"export-chain-spec --chain {chain}: {}",
			String::from_utf8_lossy(&out.stderr)
		);
		let partial = dir.join(format!("{chain}-{built}.{}.partial", std::process::id()));
		std::fs::write(&partial, &out.stdout).expect("the spec is written");
		std::fs::rename(&partial, &path).expect("the spec is moved into place");
		// Specs of earlier builds are of no use any more: one file per chain stays.
		let current = path.file_name().map(|n| n.to_os_string());
		for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
			let name = entry.file_name();
			let text = name.to_string_lossy();
			// `{chain}-{build time}.json` exactly (`dev-…` must not take `dev-demo-…`).
			let build =
				text.strip_prefix(&format!("{chain}-")).and_then(|r| r.strip_suffix(".json"));
			let of_this_chain = build.is_some_and(|b| b.bytes().all(|c| c.is_ascii_digit()));
			if of_this_chain && Some(&name) != current.as_ref() {
				let _ = std::fs::remove_file(entry.path());
			}
		}
	}
	path
}

/// One of the workspace's other binaries (`grid-bench`, `grid-meters`): `cargo test
/// --workspace` builds them beside grid-node, in the same directory.
pub fn sibling_binary(name: &str) -> PathBuf {
	let path = std::path::Path::new(env!("CARGO_BIN_EXE_grid-node")).with_file_name(name);
	assert!(
		path.exists(),
		"{name} is built beside grid-node ({}): cargo test --workspace builds it",
		path.display()
	);
	path
}

/// A loopback TCP port that no other end-to-end test of this run holds.
///
/// Ports are handed out in turn from `FIRST..FIRST + COUNT`, below Linux's ephemeral range
/// (32768-60999), by a counter kept in a file that every test process shares under a lock; a
/// port something already listens on is skipped. Asking the kernel for port 0 and releasing it
/// is not enough: with a dozen test processes starting nodes at once, two of them were given
/// the same port, one node took it, the other's RPC silently fell back to a random port, and a
/// test talked to another test's chain ("Transaction is outdated").
pub fn free_port() -> u16 {
	use std::io::{Read, Seek, Write};
	const FIRST: u16 = 20_000;
	const COUNT: u16 = 12_000;
	let dir = std::env::temp_dir().join("grid-node-e2e-ports");
	std::fs::create_dir_all(&dir).expect("the ports' directory");
	let mut counter = std::fs::OpenOptions::new()
		.read(true)
		.write(true)
		.create(true)
		.truncate(false)
		.open(dir.join("next"))
		.expect("the port counter");
	counter.lock().expect("the port counter's lock");
	let mut text = String::new();
	counter.read_to_string(&mut text).expect("the port counter is readable");
	let mut next = text.trim().parse::<u16>().unwrap_or(0) % COUNT;
	for _ in 0..COUNT {
		let port = FIRST + next;
		next = (next + 1) % COUNT;
		let v4_free = TcpListener::bind(("127.0.0.1", port)).is_ok();
		// A machine without IPv6 cannot bind [::1] at all: only "in use" counts against it.
		let v6_free = !matches!(
			TcpListener::bind(("::1", port)),
			Err(e) if e.kind() == std::io::ErrorKind::AddrInUse
		);
		if v4_free && v6_free {
			counter.set_len(0).expect("the port counter is truncated");
			counter.rewind().expect("the port counter is rewound");
			write!(counter, "{next}").expect("the port counter is written");
			return port;
		}
	}
	panic!("no free loopback port in {FIRST}..{}", FIRST + COUNT);
}

impl Node {
	/// A one-validator node of the development chain (Alice), from its raw spec.
	pub fn start_dev() -> Self {
		Self::start("dev")
	}

	/// A one-validator node of the `dev-demo` chain (Alice), so an interval ends with every
	/// block.
	pub fn start_demo() -> Self {
		Self::start("dev-demo")
	}

	/// `--dev` (Alice validates) with `chain`'s raw spec in place of the one `--dev` names.
	fn start(chain: &str) -> Self {
		let spec = raw_spec(chain);
		let (rpc_port, p2p_port, prometheus_port) = (free_port(), free_port(), free_port());
		let log = std::env::temp_dir().join(format!("grid-node-e2e-{rpc_port}.log"));
		let log_file = File::create(&log).unwrap();
		let child = Command::new(env!("CARGO_BIN_EXE_grid-node"))
			.arg("--dev")
			.arg("--chain")
			.arg(&spec)
			.args(["--tmp", "--no-telemetry", "--no-mdns"])
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--prometheus-port", &prometheus_port.to_string()])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{p2p_port}")])
			.stdout(Stdio::null())
			.stderr(log_file)
			.spawn()
			.expect("grid-node starts");
		Node { child, log, rpc_port }
	}

	/// SIGTERM, then wait up to 20 s for the node to exit (SIGKILL after that).
	pub fn stop(&mut self) -> Option<std::process::ExitStatus> {
		let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
		let deadline = Instant::now() + Duration::from_secs(20);
		while Instant::now() < deadline {
			if let Ok(Some(status)) = self.child.try_wait() {
				return Some(status);
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		let _ = self.child.kill();
		let _ = self.child.wait();
		None
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if self.child.try_wait().ok().flatten().is_none() {
			self.stop();
		}
		if std::thread::panicking() {
			let log = std::fs::read_to_string(&self.log).unwrap_or_default();
			let tail: Vec<_> = log.lines().rev().take(60).collect();
			eprintln!("--- last lines of the node's log ({}) ---", self.log.display());
			for line in tail.into_iter().rev() {
				eprintln!("{line}");
			}
		}
	}
}

// ---------------------------------------------------------------------------------------
// A subxt client, as a wallet script uses one.
// ---------------------------------------------------------------------------------------

/// What a transaction emitted.
pub type Events = ExtrinsicEvents<SubstrateConfig>;

/// Why a transaction did not succeed.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
	/// `pallet::Error` variant, by name.
	Module(String, String),
	/// Any other dispatch error (`BadOrigin`, ...), by its debug name.
	Dispatch(String),
	/// Never dispatched (invalid, dropped, RPC trouble).
	Other(String),
}

#[derive(Debug, DecodeAsType)]
struct Sudid {
	sudo_result: Result<(), Value>,
}

#[derive(Debug, DecodeAsType)]
struct Proposed {
	#[allow(dead_code)]
	account: Value,
	proposal_index: u32,
	proposal_hash: [u8; 32],
	#[allow(dead_code)]
	threshold: u32,
}

#[derive(Debug, DecodeAsType)]
struct Executed {
	#[allow(dead_code)]
	proposal_hash: [u8; 32],
	result: Result<(), Value>,
}

/// A subxt client of one node, remembering the newest block its transactions landed in.
pub struct Client {
	pub api: OnlineClient<SubstrateConfig>,
	/// The highest block a transaction of this client was included in.
	head: AtomicU64,
}

impl Client {
	/// Connects to the node's RPC on `port`, waiting up to two minutes for it to come up.
	pub async fn connect(port: u16) -> Self {
		let url = format!("ws://127.0.0.1:{port}");
		let deadline = Instant::now() + Duration::from_secs(120);
		let api = loop {
			match OnlineClient::<SubstrateConfig>::from_insecure_url(&url).await {
				Ok(api) => break api,
				Err(e) if Instant::now() > deadline => panic!("no RPC at {url}: {e}"),
				Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
			}
		};
		Client { api, head: AtomicU64::new(0) }
	}

	/// The chain as this client last saw it: the block that included its latest transaction,
	/// or the finalized block if that is newer.
	pub async fn at(
		&self,
	) -> ClientAtBlock<SubstrateConfig, OnlineClientAtBlockImpl<SubstrateConfig>> {
		let finalized = self.api.at_current_block().await.expect("a finalized block");
		let head = self.head.load(SeqCst);
		if head > finalized.block_number() {
			self.api.at_block(head).await.expect("the head block")
		} else {
			finalized
		}
	}

	/// Signs with `signer`'s next nonce, submits, and waits until a block includes it (the
	/// dev chain has one author, so included blocks stay). Callers wait for one transaction
	/// of a signer before its next.
	pub async fn submit(&self, signer: &Keypair, call: &impl Payload) -> Result<Events, Failure> {
		let other = |e: &dyn std::fmt::Display| Failure::Other(e.to_string());
		let mut progress = self
			.at()
			.await
			.tx()
			.sign_and_submit_then_watch_default(call, signer)
			.await
			.map_err(|e| other(&e))?;
		while let Some(status) = progress.next().await {
			match status.map_err(|e| other(&e))? {
				TransactionStatus::InBestBlock(block)
				| TransactionStatus::InFinalizedBlock(block) => {
					let number = block.at().await.map_err(|e| other(&e))?.block_number();
					self.head.fetch_max(number, SeqCst);
					return block.wait_for_success().await.map_err(|e| match e {
						TransactionEventsError::ExtrinsicFailed(DispatchError::Module(module)) => {
							match module.details() {
								Ok(details) => Failure::Module(
									details.pallet.name().to_string(),
									details.variant.name.to_string(),
								),
								Err(e) => other(&e),
							}
						},
						TransactionEventsError::ExtrinsicFailed(error) => {
							Failure::Dispatch(format!("{error:?}"))
						},
						e => other(&e),
					});
				},
				TransactionStatus::Error { message }
				| TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message } => return Err(Failure::Other(message)),
				_ => continue,
			}
		}
		Err(Failure::Other("the transaction status stream ended".into()))
	}

	pub async fn ok(&self, signer: &Keypair, call: impl Payload) -> Events {
		let what = format!("{}.{}", call.pallet_name(), call.call_name());
		match self.submit(signer, &call).await {
			Ok(events) => events,
			Err(failure) => panic!("{what} failed: {failure:?}"),
		}
	}

	/// Dispatches `call` as Root the way a network without sudo does (`local_testnet`): a
	/// grid council motion for `CouncilRoot.dispatch(call)` with three quarters of the
	/// council's members as its threshold, proposed by Alice, approved by that many of Alice,
	/// Bob, Charlie, Dave and Eve (those who are members), closed by the last of them. Panics
	/// unless the call succeeded.
	pub async fn council_root(&self, call: Value) -> Events {
		const LENGTH_BOUND: u128 = 100_000;
		let members: Vec<AccountId32> = self
			.at()
			.await
			.storage()
			.fetch(dynamic::storage::<(), Vec<AccountId32>>("Council", "Members"), ())
			.await
			.expect("Council.Members")
			.decode()
			.expect("the members decode");
		let needed = (3 * members.len()).div_ceil(4);
		let voters: Vec<Keypair> =
			[dev::alice(), dev::bob(), dev::charlie(), dev::dave(), dev::eve()]
				.into_iter()
				.filter(|k| members.contains(&k.public_key().to_account_id()))
				.take(needed)
				.collect();
		assert_eq!(voters.len(), needed, "enough development accounts on the council");
		let proposal = Value::unnamed_variant(
			"CouncilRoot",
			[Value::named_variant("dispatch", [("call", call)])],
		);
		let events = self
			.ok(
				&dev::alice(),
				dynamic::tx(
					"Council",
					"propose",
					vec![Value::u128(needed as u128), proposal, Value::u128(LENGTH_BOUND)],
				),
			)
			.await;
		let proposed: Proposed = event(&events, "Council", "Proposed");
		let (hash, index) = (proposed.proposal_hash, proposed.proposal_index);
		let vote = || {
			dynamic::tx(
				"Council",
				"vote",
				vec![Value::from_bytes(hash), Value::u128(index.into()), Value::bool(true)],
			)
		};
		futures::future::join_all(voters.iter().map(|voter| self.ok(voter, vote()))).await;
		let weight_bound = Value::named_composite([
			("ref_time", Value::u128(500_000_000_000)),
			("proof_size", Value::u128(500_000)),
		]);
		let closer = voters.last().expect("at least one voter");
		let events = self
			.ok(
				closer,
				dynamic::tx(
					"Council",
					"close",
					vec![
						Value::from_bytes(hash),
						Value::u128(index.into()),
						weight_bound,
						Value::u128(LENGTH_BOUND),
					],
				),
			)
			.await;
		let executed: Executed = event(&events, "Council", "Executed");
		assert!(executed.result.is_ok(), "the council's Root call failed: {:?}", executed.result);
		events
	}

	/// Wraps `call` in `Sudo.sudo`, signed by Alice (the dev chain's admin).
	pub async fn sudo(&self, call: Value) -> Events {
		let events = self.ok(&dev::alice(), dynamic::tx("Sudo", "sudo", (call,))).await;
		let sudid: Sudid = event(&events, "Sudo", "Sudid");
		assert!(sudid.sudo_result.is_ok(), "the call under sudo failed: {:?}", sudid.sudo_result);
		events
	}
}

/// The first event `pallet.name` among a transaction's events, decoded into `E`.
pub fn event<E: DecodeAsFields>(events: &Events, pallet: &str, name: &str) -> E {
	all_events(events, pallet, name)
		.into_iter()
		.next()
		.unwrap_or_else(|| panic!("no {pallet}.{name} event"))
}

/// Every event `pallet.name` among a transaction's events, decoded into `E`.
pub fn all_events<E: DecodeAsFields>(events: &Events, pallet: &str, name: &str) -> Vec<E> {
	events
		.iter()
		.map(|ev| ev.expect("events decode"))
		.filter(|ev| ev.pallet_name() == pallet && ev.event_name() == name)
		.map(|ev| ev.decode_fields_unchecked_as::<E>().expect("event fields decode"))
		.collect()
}

/// A call of the runtime as a value, to nest under `Sudo.sudo` or `Utility.batch_all`.
pub fn call(pallet: &str, name: &str, fields: Vec<(&str, Value)>) -> Value {
	Value::unnamed_variant(pallet, [Value::named_variant(name, fields)])
}
