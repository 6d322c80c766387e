//! `grid-bench`: how fast grid-chain takes meter readings, stability reports and trades.
//!
//! Starts `grid-node --dev --tmp` (or connects to `--url`), creates and funds `--accounts`
//! dev-derived accounts (`//GridBench//<i>`), registers each as an operator of its own region
//! (verified by sudo, with the report-load and report-stability capabilities, aggregator of
//! the next 63 regions) and as a producer and consumer of the energy market. Then, one kind
//! after the other, it pre-signs `--count` extrinsics, submits them over WebSocket RPC as fast
//! as the node accepts them and follows each to finality. The `readings` kind registers meters
//! (by sudo) and sends their signed readings as general transactions (no signer, no fee). It
//! prints a table, the ratios the throughput targets are stated in, and writes
//! `grid-bench.csv` and `grid-bench.json`.

use clap::Parser;
use grid_bench::{
	chain::{self, Chain, Memory, Node, Result, WaitFor},
	stats::{self, KindResult},
};
use grid_primitives::MeterKind;
use indicatif::{MultiProgress, ProgressBar};
use sp_core::Pair as _;
use std::{path::PathBuf, time::Duration};
use subxt::dynamic::{self, Value};
use subxt_signer::{sr25519::Keypair, SecretUri};

type Payload = subxt::tx::DynamicPayload<Vec<Value>>;

/// One GRID in base units.
const UNIT: u128 = 1_000_000_000_000;
/// What each bench account is given: the operator deposit (100 GRID), fees, transfers.
const FUNDS: u128 = 10_000 * UNIT;
/// A thousandth of a GRID: the market's unit of money.
const MILLI: u128 = UNIT / 1_000;
/// Regions besides its own an account may report for (at most the runtime's
/// `MaxAggregatorRegions`, 64): with 64 accounts, a batch of 64 covers 64 regions.
const AGGREGATED: usize = 63;
/// Open trades a seller may have (the runtime's `MaxOpenTrades`).
const MAX_OPEN_TRADES: usize = 64;

#[derive(Parser, Debug)]
#[command(version, about = "Throughput of grid-chain, per kind of extrinsic, from a wallet's side")]
struct Args {
	/// A running dev node's RPC; without it, grid-bench starts `--node --dev --tmp` itself.
	#[arg(long)]
	url: Option<String>,
	/// The grid-node binary to start (default: next to grid-bench).
	#[arg(long)]
	node: Option<PathBuf>,
	/// Accounts that sign (round robin, each with its own run of nonces).
	#[arg(long, default_value_t = 64)]
	accounts: usize,
	/// Extrinsics per kind (trades: at most 64 per account, the runtime's open-trade limit).
	#[arg(long, default_value_t = 6000)]
	count: usize,
	/// `report_loads` extrinsics: each carries `--batch` readings.
	#[arg(long, default_value_t = 2000)]
	batches: usize,
	/// Meter readings per `report_loads` (the runtime allows 64).
	#[arg(long, default_value_t = 64)]
	batch: usize,
	/// Submissions in flight at once.
	#[arg(long, default_value_t = 128)]
	concurrency: usize,
	/// Kinds to run, comma separated: transfer, report_load, report_loads, stability, trades,
	/// orders, order_batches, readings.
	#[arg(
		long,
		value_delimiter = ',',
		default_value = "transfer,report_load,report_loads,stability,trades,orders,order_batches,readings"
	)]
	kinds: Vec<String>,
	/// Signed meter readings of the `readings` kind, in full batches (the runtime's 256): as
	/// many meters are registered (by sudo) as a third of this, rounded up to whole batches, and
	/// each sends the three newest ended intervals.
	#[arg(long, default_value_t = 24_576)]
	readings: usize,
	/// Where the CSV, the JSON and the node's log go.
	#[arg(long, default_value = "bench-results")]
	out: PathBuf,
	/// Seconds to wait for the node's RPC to answer.
	#[arg(long, default_value_t = 120)]
	connect_timeout: u64,
	/// Give up on a kind's remaining extrinsics when none has moved for this many seconds.
	#[arg(long, default_value_t = 60)]
	stall: u64,
}

const TRANSFER: &str = "Balances::transfer_keep_alive";
const REPORT_LOAD: &str = "Load::report_load";
const REPORT_LOADS: &str = "Load::report_loads";
const STABILITY: &str = "Stability::report_stability_metrics";
const CREATE_TRADE: &str = "EnergyMarket::create_trade";
const COMPLETE_TRADE: &str = "EnergyMarket::complete_trade";
const READINGS: &str = "Metering::submit_readings";
const ORDERS: &str = "EnergyMarket::place_bid/place_offer";
const ORDER_BATCHES: &str = "EnergyMarket::place_orders";
/// Slots each account orders in: the market takes orders 96 intervals ahead; the first two
/// ahead may close during a run.
const ORDER_SLOTS: usize = 92;
/// Intervals each bench meter sends: the newest ended ones, all inside the runtime's late
/// window of four even if an interval ends during the run.
const READING_INTERVALS: u32 = 3;

fn account(i: usize) -> Result<Keypair> {
	let uri: SecretUri = format!("//GridBench//{i}").parse()?;
	Ok(Keypair::from_uri(&uri)?)
}

fn id(k: &Keypair) -> [u8; 32] {
	k.public_key().0
}

fn address(who: [u8; 32]) -> Value {
	Value::unnamed_variant("Id", [Value::from_bytes(who)])
}

fn region(i: usize) -> Value {
	Value::from_bytes(format!("bench-{i}"))
}

fn call(pallet: &str, name: &str, fields: Vec<(&str, Value)>) -> Value {
	Value::unnamed_variant(pallet, [Value::named_variant(name, fields)])
}

fn batch_all(calls: Vec<Value>) -> Payload {
	dynamic::tx("Utility", "batch_all", vec![Value::unnamed_composite(calls)])
}

/// `calls` in one `Utility::batch_all` under `Sudo::sudo` (the dev chain's admin, Alice).
fn sudo_batch(calls: Vec<Value>) -> Payload {
	dynamic::tx(
		"Sudo",
		"sudo",
		vec![call("Utility", "batch_all", vec![("calls", Value::unnamed_composite(calls))])],
	)
}

struct Bench {
	chain: Chain,
	accounts: Vec<Keypair>,
	args: Args,
	progress: MultiProgress,
	memory: Option<Memory>,
	results: Vec<KindResult>,
	/// The first market meter: account `i`'s production meter is this + 2i, its consumption
	/// meter the next.
	market_meters: u64,
}

impl Bench {
	/// Signs each `(account, call)` with the account's next nonces, in order.
	async fn sign_all(&self, calls: Vec<(usize, Payload)>) -> Result<Vec<Vec<u8>>> {
		let signers: Vec<&Keypair> = self.accounts.iter().collect();
		let mut nonces = self.chain.nonces(&signers).await?;
		let mut items = Vec::with_capacity(calls.len());
		for (who, payload) in &calls {
			let signer = self.accounts.get(*who).ok_or("no such account")?;
			let nonce = nonces.get_mut(*who).ok_or("no such account")?;
			items.push((signer, *nonce, payload));
			*nonce += 1;
		}
		self.chain.sign(items).await
	}

	/// One extrinsic of Alice (the dev chain's sudo key).
	async fn sign_alice(&self, call: &Payload) -> Result<Vec<Vec<u8>>> {
		let alice = Keypair::from_uri(&"//Alice".parse()?)?;
		let nonce = self.chain.nonces(&[&alice]).await?.first().copied().unwrap_or_default();
		self.chain.sign([(&alice, nonce, call)]).await
	}

	/// Submits `txs` with a progress bar and follows them until `wait`.
	async fn phase(
		&self,
		label: &str,
		txs: Vec<Vec<u8>>,
		wait: WaitFor,
	) -> Result<chain::PhaseOutcome> {
		let bar = self.progress.add(ProgressBar::new(txs.len() as u64));
		let stall = Duration::from_secs(self.args.stall);
		self.chain.run_phase(label, txs, self.args.concurrency, wait, stall, bar).await
	}

	/// A setup step: every extrinsic must be included and succeed.
	async fn setup(&self, label: &str, txs: Vec<Vec<u8>>) -> Result<()> {
		let n = txs.len();
		let outcome = self.phase(label, txs, WaitFor::Inclusion).await?;
		let ok = outcome.txs.iter().filter(|t| t.included.is_some() && !t.failed).count();
		if ok != n {
			return Err(format!(
				"setup '{label}': {ok} of {n} succeeded (rejected: {:?}, failed: {:?})",
				outcome.rejection, outcome.failure
			)
			.into());
		}
		Ok(())
	}

	/// Funds the accounts, makes each an operator, producer and consumer, and has sudo verify
	/// them.
	async fn prepare(&mut self) -> Result<()> {
		let m = self.accounts.len();
		let fund = self
			.accounts
			.iter()
			.map(|a| {
				call(
					"Balances",
					"transfer_keep_alive",
					vec![("dest", address(id(a))), ("value", Value::u128(FUNDS))],
				)
			})
			.collect();
		self.setup("setup: fund accounts", self.sign_alice(&batch_all(fund)).await?).await?;

		// The runtime keeps at most `MaxPending` registrations waiting for verification:
		// register and verify the accounts that many at a time.
		let max_pending = self
			.chain
			.api
			.at_current_block()
			.await?
			.constants()
			.entry(dynamic::constant::<u32>("Operators", "MaxPending"))?
			.max(1) as usize;
		let indices: Vec<usize> = (0..m).collect();
		for chunk in indices.chunks(max_pending) {
			let join = chunk
				.iter()
				.map(|&i| {
					(
						i,
						batch_all(vec![call(
							"Operators",
							"register_operator",
							vec![
								("name", Value::from_bytes(format!("Bench operator {i}"))),
								("region", region(i)),
								("capacity_kw", Value::u128(1_000_000)),
							],
						)]),
					)
				})
				.collect();
			let txs = self.sign_all(join).await?;
			self.setup("setup: register operators", txs).await?;

			let mut admin = Vec::new();
			for &i in chunk {
				let a = &self.accounts[i];
				admin.push(call(
					"Operators",
					"verify_operator",
					vec![("operator", address(id(a))), ("region", region(i))],
				));
				admin.push(call(
					"Operators",
					"set_capabilities",
					vec![
						("operator", address(id(a))),
						(
							"capabilities",
							Value::named_composite([
								("report_load", Value::bool(true)),
								("coordinate_balancing", Value::bool(false)),
								("run_demand_response", Value::bool(false)),
								("report_stability", Value::bool(true)),
								("validate_blocks", Value::bool(false)),
								("manage_meters", Value::bool(false)),
							]),
						),
					],
				));
				let others = (1..=AGGREGATED.min(m.saturating_sub(1))).map(|k| region((i + k) % m));
				admin.push(call(
					"Load",
					"set_aggregator",
					vec![
						("aggregator", Value::from_bytes(id(a))),
						("regions", Value::unnamed_composite(others)),
					],
				));
			}
			let sudo = sudo_batch(admin);
			self.setup("setup: verify operators (sudo)", self.sign_alice(&sudo).await?).await?;
		}

		// Market participants are metered: sudo registers each account a production and a
		// consumption meter in its region (keys from the top of the simulator's key space,
		// which the readings kind does not reach), then each registers with them.
		let first = self.next_meter_id().await?;
		let mut meters = Vec::new();
		for (i, a) in self.accounts.iter().enumerate() {
			for (k, kind) in ["Production", "Consumption"].into_iter().enumerate() {
				let key = grid_bench::meters::meter_key(u32::MAX - (2 * i + k) as u32);
				meters.push(call(
					"Metering",
					"register_meter",
					vec![
						("key", Value::from_bytes(key.public().0)),
						("region", region(i)),
						("kind", Value::unnamed_variant(kind, [])),
						("owner", Value::from_bytes(id(a))),
						("rated_kw", Value::u128(1_000_000)),
					],
				));
			}
		}
		let sudo = sudo_batch(meters);
		self.setup("setup: register market meters (sudo)", self.sign_alice(&sudo).await?).await?;
		self.market_meters = first;
		let market = (0..m)
			.map(|i| {
				let me = self.accounts.get(i).map(id).unwrap_or_default();
				let production = first + 2 * i as u64;
				(
					i,
					batch_all(vec![
						call(
							"EnergyMarket",
							"register_producer",
							vec![
								("capacity", Value::u128(1_000_000)),
								("energy_type", Value::unnamed_variant("Solar", [])),
								("meter", Value::u128(u128::from(production))),
							],
						),
						call(
							"EnergyMarket",
							"register_consumer",
							vec![
								("consumption_limit", Value::u128(1_000_000)),
								("meter", Value::u128(u128::from(production + 1))),
							],
						),
						call(
							"EnergyMarket",
							"report_production",
							vec![("amount", Value::u128(1_000_000))],
						),
						call(
							"EnergyMarket",
							"add_consumer_balance",
							vec![
								("consumer", Value::from_bytes(me)),
								("amount", Value::u128(1_000 * MILLI)),
							],
						),
					]),
				)
			})
			.collect();
		let txs = self.sign_all(market).await?;
		self.setup("setup: register market participants", txs).await?;
		Ok(())
	}

	/// Runs one kind: pre-signs, submits, follows to finality, and records its row.
	async fn kind(
		&mut self,
		label: &str,
		items: u32,
		signed: Vec<(usize, Payload)>,
	) -> Result<Vec<(u64, [u8; 32])>> {
		let signing = self.progress.add(ProgressBar::new_spinner());
		signing.set_message(format!("signing {} {label} extrinsics", signed.len()));
		let txs = self.sign_all(signed).await?;
		signing.finish_and_clear();
		self.measure(label, items, txs).await
	}

	/// Submits ready extrinsics of one kind, follows them to finality and records its row.
	async fn measure(
		&mut self,
		label: &str,
		items: u32,
		txs: Vec<Vec<u8>>,
	) -> Result<Vec<(u64, [u8; 32])>> {
		if let Some(memory) = &self.memory {
			memory.take_peak_mib();
		}
		let outcome = self.phase(label, txs, WaitFor::Finality).await?;
		let rss = self.memory.as_ref().map(Memory::take_peak_mib);
		let row = stats::summarize(
			label,
			items,
			&outcome.txs,
			&outcome.blocks,
			stats::Span { started: outcome.started, submitted: outcome.submitted },
			stats::BlockLimits {
				max_ref_time: self.chain.max_ref_time,
				max_length: self.chain.max_length,
			},
			rss,
		);
		if self.progress.is_hidden() {
			eprintln!(
				"{label}: {} sent, {} succeeded in {:.1} s, {} failed, {} rejected, {} dropped",
				row.sent, row.succeeded, row.seconds, row.failed, row.rejected, row.dropped
			);
		}
		if row.rejected > 0 {
			self.progress.println(format!("  {label}: rejected, e.g. {:?}", outcome.rejection))?;
		}
		if row.failed > 0 {
			self.progress.println(format!("  {label}: failed, e.g. {:?}", outcome.failure))?;
		}
		self.results.push(row);
		Ok(outcome.trades)
	}

	/// `count` extrinsics, round robin over the accounts.
	fn round_robin(
		&self,
		count: usize,
		make: impl Fn(usize, usize) -> Payload,
	) -> Vec<(usize, Payload)> {
		let m = self.accounts.len();
		(0..count).map(|j| (j % m, make(j, j % m))).collect()
	}

	async fn run(&mut self) -> Result<()> {
		let (m, n) = (self.accounts.len(), self.args.count);
		let kinds = self.args.kinds.clone();
		let has = |k: &str| kinds.iter().any(|x| x == k);
		// Slots ahead the `orders` kind used, after which `order_batches` orders.
		let mut order_slots_used = 0usize;
		if has("transfer") {
			let ids: Vec<[u8; 32]> = self.accounts.iter().map(id).collect();
			let txs = self.round_robin(n, |_, a| {
				let to = ids.get((a + 1) % m).copied().unwrap_or_default();
				dynamic::tx("Balances", "transfer_keep_alive", vec![address(to), Value::u128(UNIT)])
			});
			self.kind(TRANSFER, 1, txs).await?;
		}
		if has("report_load") {
			let txs = self.round_robin(n, |j, a| {
				dynamic::tx(
					"Load",
					"report_load",
					vec![region(a), Value::u128(1_000), Value::u128(500 + (j % 100) as u128)],
				)
			});
			self.kind(REPORT_LOAD, 1, txs).await?;
		}
		if has("report_loads") {
			let batch = self.args.batch;
			let n = self.args.batches;
			// Each aggregator reports its own region and the next ones, each once a batch.
			let span = AGGREGATED.min(m.saturating_sub(1)) + 1;
			let txs = self.round_robin(n, |j, a| {
				let readings = (0..batch).map(|r| {
					Value::named_composite([
						("region", region((a + r % span) % m)),
						("capacity_kw", Value::u128(1_000)),
						("demand_kw", Value::u128(500 + ((j + r) % 100) as u128)),
					])
				});
				dynamic::tx("Load", "report_loads", vec![Value::unnamed_composite(readings)])
			});
			self.kind(REPORT_LOADS, batch as u32, txs).await?;
		}
		if has("stability") {
			let txs = self.round_robin(n, |j, a| {
				dynamic::tx(
					"Stability",
					"report_stability_metrics",
					vec![
						region(a),
						Value::u128(49_900 + (j % 200) as u128),
						Value::u128(1_000),
						Value::i128(0),
					],
				)
			});
			self.kind(STABILITY, 1, txs).await?;
		}
		if has("trades") {
			let trades = n.min(MAX_OPEN_TRADES * m);
			if trades < n {
				self.progress.println(format!(
					"  trades: {trades}, not {n}: each seller may have {MAX_OPEN_TRADES} open"
				))?;
			}
			let ids: Vec<[u8; 32]> = self.accounts.iter().map(id).collect();
			let txs = self.round_robin(trades, |_, a| {
				let buyer = ids.get((a + 1) % m).copied().unwrap_or_default();
				dynamic::tx(
					"EnergyMarket",
					"create_trade",
					vec![Value::from_bytes(buyer), Value::u128(1), Value::u128(100)],
				)
			});
			let created = self.kind(CREATE_TRADE, 1, txs).await?;
			let mut completes = Vec::with_capacity(created.len());
			for (trade_id, buyer) in created {
				let who = ids.iter().position(|i| *i == buyer).ok_or("a trade for a stranger")?;
				let payload = dynamic::tx(
					"EnergyMarket",
					"complete_trade",
					vec![Value::u128(u128::from(trade_id))],
				);
				completes.push((who, payload));
			}
			self.kind(COMPLETE_TRADE, 1, completes).await?;
		}
		if has("orders") {
			// One offer (production meter) and one bid (consumption meter) per account and
			// slot, in the account's own region, 1 kWh at 0.1 GRID: the books stay small, the
			// work per order is the same as in a full one but for the book's length.
			let orders = n.min(2 * ORDER_SLOTS * m);
			if orders < n {
				self.progress.println(format!(
					"  orders: {orders}, not {n}: one per meter, side and slot"
				))?;
			}
			let current = self.current_interval().await?;
			let first = self.market_meters;
			order_slots_used = orders.div_ceil(m).div_ceil(2);
			let txs = self.round_robin(orders, |j, a| {
				let k = j / m;
				let slot = current + 3 + (k / 2) as u32;
				let production = first + 2 * a as u64;
				let (name, meter) = if k % 2 == 0 {
					("place_offer", production)
				} else {
					("place_bid", production + 1)
				};
				dynamic::tx(
					"EnergyMarket",
					name,
					vec![
						region(a),
						Value::u128(u128::from(slot)),
						Value::u128(u128::from(meter)),
						Value::u128(1),
						Value::u128(100 * MILLI),
					],
				)
			});
			self.kind(ORDERS, 1, txs).await?;
		}
		if has("order_batches") {
			// Full `place_orders` batches: each account's offers (production meter) and bids
			// (consumption meter) for consecutive slots after those the `orders` kind used, in
			// its own region, 1 kWh at 0.1 GRID.
			let per_call =
				self.chain.api.at_current_block().await?.constants().entry(dynamic::constant::<
					u32,
				>(
					"EnergyMarket",
					"MaxOrdersPerCall",
				))? as usize;
			let slots_per_call = per_call.div_ceil(2).max(1);
			let calls_per_account = ORDER_SLOTS.saturating_sub(order_slots_used) / slots_per_call;
			let calls = (n.div_ceil(per_call)).min(calls_per_account * m);
			if calls * per_call < n {
				self.progress.println(format!(
					"  order_batches: {} orders, not {n}: one per meter, side and slot",
					calls * per_call
				))?;
			}
			let current = self.current_interval().await?;
			let first = self.market_meters;
			let txs = self.round_robin(calls, |j, a| {
				let call = j / m;
				let orders = (0..per_call).map(|i| {
					let slot =
						current + 3 + (order_slots_used + call * slots_per_call + i / 2) as u32;
					let production = first + 2 * a as u64;
					let (side, meter) =
						if i % 2 == 0 { ("Offer", production) } else { ("Bid", production + 1) };
					Value::named_composite([
						("side", Value::unnamed_variant(side, [])),
						("region", region(a)),
						("slot", Value::u128(u128::from(slot))),
						("meter", Value::u128(u128::from(meter))),
						("energy_kwh", Value::u128(1)),
						("limit_price", Value::u128(100 * MILLI)),
					])
				});
				dynamic::tx("EnergyMarket", "place_orders", vec![Value::unnamed_composite(orders)])
			});
			self.kind(ORDER_BATCHES, per_call as u32, txs).await?;
		}
		if has("readings") {
			let txs = self.readings().await?;
			self.measure(READINGS, grid_bench::meters::max_batch() as u32, txs).await?;
		}
		Ok(())
	}

	/// The id the next meter registered gets.
	async fn next_meter_id(&self) -> Result<u64> {
		let at = self.chain.api.at_current_block().await?;
		Ok(at
			.storage()
			.fetch(dynamic::storage::<(), u64>("Metering", "NextMeterId"), ())
			.await?
			.decode()?)
	}

	/// The metering interval in progress at the newest block.
	async fn current_interval(&self) -> Result<u32> {
		use grid_bench::meters;
		let now: u64 = self
			.chain
			.api
			.at_current_block()
			.await?
			.storage()
			.fetch(dynamic::storage::<(), u64>("Timestamp", "Now"), ())
			.await?
			.decode()?;
		let interval_ms = meters::chain_interval_ms(&self.chain.api).await?;
		Ok(meters::interval_at(now, interval_ms)?)
	}

	/// The `readings` kind's extrinsics: meters registered by sudo (the admin registers without
	/// a deposit), then full batches of their signed readings of the newest ended intervals.
	async fn readings(&self) -> Result<Vec<Vec<u8>>> {
		use grid_bench::meters;
		let batch = meters::max_batch();
		let per_interval = self.args.readings.div_ceil(READING_INTERVALS as usize);
		let count = per_interval.div_ceil(batch).max(1) * batch;
		let first = self.next_meter_id().await?;
		let alice = Keypair::from_uri(&"//Alice".parse()?)?;
		let keys: Vec<_> = (0..count as u32).map(meters::meter_key).collect();
		for chunk in keys.chunks(4_000) {
			let calls: Vec<Value> = chunk
				.iter()
				.map(|key| {
					call(
						"Metering",
						"register_meter",
						vec![
							("key", Value::from_bytes(key.public().0)),
							("region", region(0)),
							("kind", Value::unnamed_variant("Consumption", [])),
							("owner", Value::from_bytes(id(&alice))),
							("rated_kw", Value::u128(10)),
						],
					)
				})
				.collect();
			let sudo = sudo_batch(calls);
			self.setup("setup: register meters (sudo)", self.sign_alice(&sudo).await?).await?;
		}
		let interval_ms = meters::chain_interval_ms(&self.chain.api).await?;
		let current = self.current_interval().await?;
		let genesis = self.chain.api.genesis_hash().0;
		let mut txs = Vec::new();
		for interval in current.saturating_sub(READING_INTERVALS)..current {
			for (chunk, ids) in keys.chunks(batch).zip((first..).step_by(batch)) {
				let readings = chunk
					.iter()
					.zip(ids..)
					.map(|(key, meter)| {
						let wh = meters::simulated_wh(meter, interval, 10, 60, interval_ms);
						let reading = meters::reading(meter, MeterKind::Consumption, interval, wh);
						meters::sign(key, genesis, reading)
					})
					.collect();
				txs.push(meters::extrinsic(readings)?);
			}
		}
		Ok(txs)
	}
}

#[tokio::main]
async fn main() -> Result<()> {
	let args = Args::parse();
	std::fs::create_dir_all(&args.out)?;
	let node = match &args.url {
		Some(_) => None,
		None => {
			let binary = match &args.node {
				Some(path) => path.clone(),
				None => std::env::current_exe()?.with_file_name("grid-node"),
			};
			Some(Node::start(&binary, &args.out.join("node.log"))?)
		},
	};
	let url = match (&args.url, &node) {
		(_, Some(node)) => format!("ws://127.0.0.1:{}", node.rpc_port),
		(Some(url), None) => url.clone(),
		(None, None) => return Err("no node to measure".into()),
	};
	let chain = Chain::connect(&url, Duration::from_secs(args.connect_timeout)).await?;
	let accounts = (0..args.accounts).map(account).collect::<Result<Vec<_>>>()?;
	let memory = node.as_ref().map(|n| Memory::watch(n.pid()));
	println!(
		"grid-bench: {} accounts, {} extrinsics per kind, {} in flight, node {url} ({} cores here)",
		args.accounts,
		args.count,
		args.concurrency,
		std::thread::available_parallelism().map_or(0, |n| n.get())
	);
	let mut bench = Bench {
		chain,
		accounts,
		args,
		progress: MultiProgress::new(),
		memory,
		results: Vec::new(),
		market_meters: 0,
	};
	bench.prepare().await?;
	bench.run().await?;

	let results = &bench.results;
	println!();
	print!("{}", stats::table(results));
	println!();
	for line in stats::ratio_lines(results, TRANSFER, REPORT_LOAD, REPORT_LOADS) {
		println!("{line}");
	}
	let block_seconds = grid_runtime::constants::MILLI_SECS_PER_BLOCK as f64 / 1_000.0;
	let orders = stats::order_lines(results, &[ORDERS, ORDER_BATCHES], 75.0, block_seconds);
	if !orders.is_empty() {
		println!("slot-auction orders (the market's target: 1,000 a second):");
	}
	for line in orders {
		println!("{line}");
	}
	if let Some(hwm) = bench.memory.as_ref().and_then(Memory::high_water_mib) {
		println!("node peak resident memory over the run: {hwm:.0} MiB");
	}
	let out = &bench.args.out;
	std::fs::write(out.join("grid-bench.csv"), stats::csv(results))?;
	std::fs::write(out.join("grid-bench.json"), serde_json::to_string_pretty(results)?)?;
	println!(
		"written: {}, {}",
		out.join("grid-bench.csv").display(),
		out.join("grid-bench.json").display()
	);
	drop(node);
	Ok(())
}
