//! The node under test, and the machinery that submits pre-signed extrinsics as fast as the
//! node accepts them and follows each into a block and into finality.
//!
//! Inclusion is seen by following the node's best blocks (`chain_subscribeNewHeads`, every
//! block fetched by number so none is missed) and hashing their extrinsics; finality by
//! following its finalized heads. The dev chain has one author, so a best block is never
//! retracted: a transaction seen in one stays there.

use crate::stats::{BlockStat, TxTimes};
use futures::{stream, StreamExt};
use indicatif::{ProgressBar, ProgressStyle};
use scale_decode::DecodeAsType;
use std::{
	collections::{BTreeMap, HashMap},
	error::Error,
	fs::File,
	path::Path,
	process::{Child, Command, Stdio},
	sync::{
		atomic::{AtomicBool, AtomicU64, Ordering::Relaxed},
		Arc, Mutex, MutexGuard,
	},
	time::{Duration, Instant},
};
use subxt::{
	config::{substrate::H256, Hasher, RpcConfigFor},
	dynamic::{self, Value},
	events::Phase,
	rpcs::{methods::legacy::NumberOrHex, LegacyRpcMethods, RpcClient},
	tx::Payload,
	OnlineClient, SubstrateConfig,
};
use subxt_signer::sr25519::Keypair;

pub type BoxError = Box<dyn Error + Send + Sync>;
pub type Result<T, E = BoxError> = std::result::Result<T, E>;
type Rpc = LegacyRpcMethods<RpcConfigFor<SubstrateConfig>>;

// ---------------------------------------------------------------------------------------
// The node process
// ---------------------------------------------------------------------------------------

/// A `grid-node --dev --tmp` started for the run, stopped when dropped.
pub struct Node {
	child: Child,
	pub rpc_port: u16,
}

impl Node {
	/// Starts the dev chain with a transaction pool large enough for a whole kind at once
	/// (the default holds 8,192 ready transactions), its log written to `log`, and waits (up to
	/// two minutes) for its RPC server to say where it listens.
	///
	/// The node picks its own ports (`--rpc-port 0`, p2p on port 0) and the address is read
	/// from its log: a port chosen here and released before the node binds it can be taken by
	/// another process in between, and the node would then fall back to a random port silently.
	pub fn start(binary: &Path, log: &Path) -> Result<Self> {
		let child = Command::new(binary)
			.args(["--dev", "--tmp", "--no-telemetry", "--no-mdns", "--no-prometheus"])
			.args(["--rpc-port", "0", "--listen-addr", "/ip4/127.0.0.1/tcp/0"])
			.args(["--pool-limit", "65536", "--pool-kbytes", "262144"])
			.stdout(Stdio::null())
			.stderr(File::create(log)?)
			.spawn()
			.map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
		let mut node = Node { child, rpc_port: 0 };
		let deadline = Instant::now() + Duration::from_secs(120);
		loop {
			let text = std::fs::read_to_string(log).unwrap_or_default();
			if let Some(port) = text.lines().find_map(rpc_port_in) {
				node.rpc_port = port;
				return Ok(node);
			}
			if let Ok(Some(status)) = node.child.try_wait() {
				return Err(format!("the node exited ({status}); see {}", log.display()).into());
			}
			if Instant::now() > deadline {
				return Err(format!("the node's RPC did not start; see {}", log.display()).into());
			}
			std::thread::sleep(Duration::from_millis(200));
		}
	}

	pub fn pid(&self) -> u32 {
		self.child.id()
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
		let deadline = Instant::now() + Duration::from_secs(20);
		while Instant::now() < deadline {
			if let Ok(Some(_)) = self.child.try_wait() {
				return;
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

/// The node's resident memory, sampled every 100 ms while a kind runs: its peak per kind,
/// and the kernel's high-water mark (`VmHWM`) for the whole run.
pub struct Memory {
	pid: u32,
	peak_kib: Arc<AtomicU64>,
}

fn status_kib(pid: u32, field: &str) -> Option<u64> {
	let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
	let line = status.lines().find(|l| l.starts_with(field))?;
	line.split_whitespace().nth(1)?.parse().ok()
}

impl Memory {
	pub fn watch(pid: u32) -> Self {
		let peak_kib = Arc::new(AtomicU64::new(0));
		let peak = peak_kib.clone();
		tokio::spawn(async move {
			while let Some(kib) = status_kib(pid, "VmRSS:") {
				peak.fetch_max(kib, Relaxed);
				tokio::time::sleep(Duration::from_millis(100)).await;
			}
		});
		Memory { pid, peak_kib }
	}

	/// The peak since the last call, in MiB.
	pub fn take_peak_mib(&self) -> f64 {
		let now = status_kib(self.pid, "VmRSS:").unwrap_or(0);
		self.peak_kib.swap(now, Relaxed).max(now) as f64 / 1024.0
	}

	/// The run's peak (`VmHWM`), in MiB.
	pub fn high_water_mib(&self) -> Option<f64> {
		status_kib(self.pid, "VmHWM:").map(|kib| kib as f64 / 1024.0)
	}
}

/// The IPv4 port in the node's `Running JSON-RPC server: addr=127.0.0.1:9944,[::1]:9944` line.
pub fn rpc_port_in(line: &str) -> Option<u16> {
	let addrs = line.split_once("Running JSON-RPC server: addr=")?.1;
	let v4 = addrs.split(',').find(|a| a.starts_with("127.0.0.1:"))?;
	v4.trim_start_matches("127.0.0.1:").trim().parse().ok()
}

// ---------------------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------------------

#[derive(DecodeAsType)]
struct RefTime {
	ref_time: u64,
}

#[derive(DecodeAsType)]
struct PerClass<W> {
	normal: W,
	operational: W,
	mandatory: W,
}

#[derive(DecodeAsType)]
struct BlockWeights {
	max_block: RefTime,
}

#[derive(DecodeAsType)]
struct BlockLength {
	max: PerClass<u32>,
}

#[derive(DecodeAsType)]
struct TradeCreated {
	trade_id: u64,
	buyer: [u8; 32],
}

/// One node's RPC, as subxt (metadata, signing, storage, events) and as raw legacy methods
/// (submission and block following).
#[derive(Clone)]
pub struct Chain {
	pub api: OnlineClient<SubstrateConfig>,
	rpc: Rpc,
	/// The runtime's `max_block` ref_time and normal-class length limit.
	pub max_ref_time: u64,
	pub max_length: u64,
}

impl Chain {
	/// Connects to `url`, waiting up to `timeout` for the node to open its RPC.
	pub async fn connect(url: &str, timeout: Duration) -> Result<Self> {
		let deadline = Instant::now() + timeout;
		let client = loop {
			match RpcClient::from_insecure_url(url).await {
				Ok(client) => break client,
				Err(e) if Instant::now() > deadline => return Err(format!("{url}: {e}").into()),
				Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
			}
		};
		let api = OnlineClient::<SubstrateConfig>::from_rpc_client(client.clone()).await?;
		let rpc = Rpc::new(client);
		let at = api.at_current_block().await?;
		let weights: BlockWeights =
			at.constants().entry(dynamic::constant::<BlockWeights>("System", "BlockWeights"))?;
		let length: BlockLength =
			at.constants().entry(dynamic::constant::<BlockLength>("System", "BlockLength"))?;
		Ok(Chain {
			api,
			rpc,
			max_ref_time: weights.max_block.ref_time,
			max_length: u64::from(length.max.normal),
		})
	}

	/// Waits for the next best block.
	pub async fn next_block(&self) -> Result<()> {
		let mut heads = self.rpc.chain_subscribe_new_heads().await?;
		heads.next().await.ok_or("the new-heads subscription ended")??;
		Ok(())
	}

	pub async fn best_number(&self) -> Result<u64> {
		let header = self.rpc.chain_get_header(None).await?.ok_or("no best block")?;
		Ok(header.number)
	}

	/// Each account's next nonce, counting what the pool holds.
	pub async fn nonces(&self, signers: &[&Keypair]) -> Result<Vec<u64>> {
		let mut nonces = Vec::with_capacity(signers.len());
		for signer in signers {
			nonces.push(self.rpc.system_account_next_index(&signer.public_key().into()).await?);
		}
		Ok(nonces)
	}

	/// Each `(signer, nonce, call)` signed, immortal and without tip: the bytes to submit.
	/// Offline, against the metadata and runtime version of the best block now.
	pub async fn sign<'a, P: Payload + 'a>(
		&self,
		items: impl IntoIterator<Item = (&'a Keypair, u64, &'a P)>,
	) -> Result<Vec<Vec<u8>>> {
		let at = self.api.at_current_block().await?;
		let tx = at.tx();
		let mut signed = Vec::new();
		for (signer, nonce, call) in items {
			let params = subxt::config::DefaultExtrinsicParamsBuilder::<SubstrateConfig>::new()
				.nonce(nonce)
				.build();
			signed.push(tx.create_signable_offline(call, params)?.sign(signer)?.into_encoded());
		}
		Ok(signed)
	}
}

// ---------------------------------------------------------------------------------------
// One phase: submit a set of extrinsics, follow them to finality
// ---------------------------------------------------------------------------------------

/// What a phase saw.
pub struct PhaseOutcome {
	pub txs: Vec<TxTimes>,
	/// The blocks that included at least one of the phase's extrinsics.
	pub blocks: Vec<BlockStat>,
	/// The first submission.
	pub started: Instant,
	/// When the last submission was answered.
	pub submitted: Instant,
	/// Trades opened by the phase's extrinsics: `(trade id, buyer)`.
	pub trades: Vec<(u64, [u8; 32])>,
	/// One rejection message, as an example.
	pub rejection: Option<String>,
	/// One dispatch error, as an example.
	pub failure: Option<String>,
}

#[derive(Default)]
struct Follow {
	by_hash: HashMap<H256, usize>,
	txs: Vec<TxTimes>,
	blocks: Vec<BlockStat>,
	/// Included, not yet final: block number to transactions.
	unfinal: BTreeMap<u64, Vec<usize>>,
	finalized: u64,
	trades: Vec<(u64, [u8; 32])>,
	rejection: Option<String>,
	failure: Option<String>,
	last_progress: Option<Instant>,
	counts: Counts,
}

#[derive(Default, Clone, Copy)]
struct Counts {
	sent: u64,
	included: u64,
	finalized: u64,
	rejected: u64,
}

fn lock(state: &Mutex<Follow>) -> MutexGuard<'_, Follow> {
	state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// How a phase ends.
#[derive(Clone, Copy, PartialEq)]
pub enum WaitFor {
	Inclusion,
	Finality,
}

impl Chain {
	/// Submits `txs` (at most `concurrency` submissions in flight) and follows them until
	/// each is final (or included, for `WaitFor::Inclusion`), rejected, or nothing has moved
	/// for `stall`: those left are dropped.
	pub async fn run_phase(
		&self,
		label: &str,
		txs: Vec<Vec<u8>>,
		concurrency: usize,
		wait: WaitFor,
		stall: Duration,
		bar: ProgressBar,
	) -> Result<PhaseOutcome> {
		let at = self.api.at_current_block().await?;
		let hasher = *at.hasher();
		let mut follow = Follow::default();
		for (i, tx) in txs.iter().enumerate() {
			follow.by_hash.insert(hasher.hash(tx), i);
		}
		follow.txs = vec![TxTimes::default(); txs.len()];
		let state = Arc::new(Mutex::new(follow));
		let stop = Arc::new(AtomicBool::new(false));
		let first = self.best_number().await?.saturating_add(1);
		let follower = tokio::spawn(self.clone().follow(first, state.clone(), stop.clone()));

		bar.set_length(txs.len() as u64);
		bar.set_style(
			ProgressStyle::with_template(
				"{prefix:>36} [{bar:32}] {pos:>6}/{len:6} final {msg} {elapsed}",
			)
			.unwrap_or_else(|_| ProgressStyle::default_bar())
			.progress_chars("=> "),
		);
		bar.set_prefix(label.to_string());
		let ticker = {
			let (bar, state, stop) = (bar.clone(), state.clone(), stop.clone());
			tokio::spawn(async move {
				while !stop.load(Relaxed) {
					let c = lock(&state).counts;
					bar.set_position(c.included);
					bar.set_message(format!(
						"{:>6}, sent {:>6}, rejected {}",
						c.finalized, c.sent, c.rejected
					));
					tokio::time::sleep(Duration::from_millis(100)).await;
				}
			})
		};

		// A measured kind starts right after a block is imported, so that every kind meets
		// the slot at the same phase (a whole slot before the first block that can include
		// it).
		if wait == WaitFor::Finality {
			self.next_block().await?;
		}
		let started = Instant::now();
		lock(&state).last_progress = Some(started);
		stream::iter(txs.iter().enumerate())
			.for_each_concurrent(concurrency, |(i, tx)| {
				let state = state.clone();
				async move {
					let submitted = Instant::now();
					let result = self.rpc.author_submit_extrinsic(tx).await;
					let mut s = lock(&state);
					if let Some(t) = s.txs.get_mut(i) {
						t.submitted = Some(submitted);
					}
					s.counts.sent += 1;
					if let Err(e) = result {
						if let Some(t) = s.txs.get_mut(i) {
							t.rejected = true;
						}
						s.counts.rejected += 1;
						s.rejection.get_or_insert_with(|| e.to_string());
					}
				}
			})
			.await;
		let submitted = Instant::now();

		loop {
			tokio::time::sleep(Duration::from_millis(100)).await;
			let s = lock(&state);
			let c = s.counts;
			let done = match wait {
				WaitFor::Inclusion => c.included,
				WaitFor::Finality => c.finalized,
			};
			if done + c.rejected >= txs.len() as u64 {
				break;
			}
			if s.last_progress.is_some_and(|t| t.elapsed() > stall) {
				break;
			}
			if follower.is_finished() {
				break;
			}
		}
		stop.store(true, Relaxed);
		let _ = ticker.await;
		match follower.await {
			Ok(Ok(())) => {},
			Ok(Err(e)) => return Err(format!("following blocks: {e}").into()),
			Err(e) => return Err(format!("the block follower panicked: {e}").into()),
		}
		let c = lock(&state).counts;
		bar.set_position(c.included);
		bar.finish_with_message(format!(
			"{:>6}, sent {:>6}, rejected {}",
			c.finalized, c.sent, c.rejected
		));

		let mut s = lock(&state);
		Ok(PhaseOutcome {
			txs: std::mem::take(&mut s.txs),
			blocks: std::mem::take(&mut s.blocks),
			started,
			submitted,
			trades: std::mem::take(&mut s.trades),
			rejection: s.rejection.take(),
			failure: s.failure.take(),
		})
	}

	/// Follows best blocks from `next` on, and finalized heads, until `stop`.
	async fn follow(
		self,
		mut next: u64,
		state: Arc<Mutex<Follow>>,
		stop: Arc<AtomicBool>,
	) -> Result<()> {
		let mut heads = self.rpc.chain_subscribe_new_heads().await?;
		let mut finals = self.rpc.chain_subscribe_finalized_heads().await?;
		while !stop.load(Relaxed) {
			tokio::select! {
				head = heads.next() => {
					let best = head.ok_or("the new-heads subscription ended")??.number;
					while next <= best {
						self.block(next, &state).await?;
						next += 1;
					}
				},
				head = finals.next() => {
					let number = head.ok_or("the finalized-heads subscription ended")??.number;
					let mut s = lock(&state);
					s.finalize(number);
				},
				_ = tokio::time::sleep(Duration::from_millis(200)) => {},
			}
		}
		Ok(())
	}

	/// Looks for the phase's extrinsics in block `number`.
	async fn block(&self, number: u64, state: &Mutex<Follow>) -> Result<()> {
		let seen = Instant::now();
		let hash = self
			.rpc
			.chain_get_block_hash(Some(NumberOrHex::Number(number)))
			.await?
			.ok_or_else(|| format!("no block {number}"))?;
		let block = self.rpc.chain_get_block(Some(hash)).await?.ok_or("no block body")?.block;
		let at = self.api.at_block_hash_and_number(hash, number).await?;
		let hasher = *at.hasher();
		let ours: Vec<(usize, usize)> = {
			let s = lock(state);
			block
				.extrinsics
				.iter()
				.enumerate()
				.filter_map(|(index, xt)| s.by_hash.get(&hasher.hash(&xt.0)).map(|&i| (index, i)))
				.collect()
		};
		if ours.is_empty() {
			return Ok(());
		}
		let length: u64 = block.extrinsics.iter().map(|xt| xt.0.len() as u64).sum();
		let weight: PerClass<RefTime> = at
			.storage()
			.fetch(dynamic::storage::<(), PerClass<RefTime>>("System", "BlockWeight"), ())
			.await?
			.decode()?;
		let events = at.events().fetch().await?;
		let mut failed = Vec::new();
		let mut trades = Vec::new();
		let mut failure = None;
		for event in events.iter() {
			let event = event?;
			let Phase::ApplyExtrinsic(index) = event.phase() else { continue };
			match (event.pallet_name(), event.event_name()) {
				("System", "ExtrinsicFailed") => {
					failed.push(index as usize);
					if failure.is_none() {
						let fields: Value = event.decode_as()?;
						failure = Some(fields.to_string());
					}
				},
				("EnergyMarket", "TradeCreated") => {
					let created: TradeCreated = event.decode_fields_unchecked_as()?;
					trades.push((created.trade_id, created.buyer));
				},
				_ => {},
			}
		}

		let mut s = lock(state);
		let already_final = number <= s.finalized;
		for &(index, i) in &ours {
			if let Some(t) = s.txs.get_mut(i) {
				t.included = Some((seen, number));
				t.failed = failed.contains(&index);
				if already_final {
					t.finalized = Some(seen);
				}
			}
		}
		s.counts.included += ours.len() as u64;
		if already_final {
			s.counts.finalized += ours.len() as u64;
		} else {
			s.unfinal.entry(number).or_default().extend(ours.iter().map(|&(_, i)| i));
		}
		s.blocks.push(BlockStat {
			ours: ours.len() as u32,
			ref_time: weight
				.normal
				.ref_time
				.saturating_add(weight.operational.ref_time)
				.saturating_add(weight.mandatory.ref_time),
			length,
		});
		s.trades.extend(trades);
		if s.failure.is_none() {
			s.failure = failure;
		}
		s.last_progress = Some(seen);
		Ok(())
	}
}

impl Follow {
	fn finalize(&mut self, number: u64) {
		let now = Instant::now();
		self.finalized = self.finalized.max(number);
		let later = self.unfinal.split_off(&number.saturating_add(1));
		let done = std::mem::replace(&mut self.unfinal, later);
		for i in done.into_values().flatten() {
			if let Some(t) = self.txs.get_mut(i) {
				t.finalized = Some(now);
				self.counts.finalized += 1;
				self.last_progress = Some(now);
			}
		}
	}
}
