//! `grid-meters`: a meter simulator. It derives `--meters` ed25519 meter keys (well known:
//! `grid_bench::meters::meter_key`), has the operator (`--operator`, a
//! verified operator of `--region` with the manage-meters capability) register those not yet
//! registered, then at the end of every interval of the chain's clock (15 minutes; a block on
//! the `dev-demo` chain) sends every
//! meter's signed reading of the interval just ended, in batches, as general transactions (no
//! account, no fee), and reports how many the chain stored.
//!
//! Consumption, feeder and storage meters import what they register; production meters export
//! it. `--wh` replaces the daily load shape with a fixed figure (tests and demos that need
//! to know a meter's reading beforehand); `--owner` gives the meters to another account than
//! the operator's (a market participant's meter).
//!
//! `--backfill` also sends the older intervals whose late window is still open (an hour's
//! worth at once: useful to see readings land without waiting for an interval to end);
//! `--intervals N` stops after N rounds (0: never).

use clap::Parser;
use futures::{stream, StreamExt};
use grid_bench::{
	chain::Result,
	meters::{self, chain_interval_ms, extrinsic, interval_at, meter_key, reading, simulated_wh},
};
use grid_primitives::MeterKind;
use scale_decode::DecodeAsType;
use sp_core::Pair;
use std::{collections::BTreeMap, time::Duration};
use subxt::{
	dynamic::{self, Value},
	tx::TransactionStatus,
	OnlineClient, SubstrateConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

#[derive(Parser, Debug)]
#[command(version, about = "Simulated meters streaming signed readings to a grid-chain node")]
struct Args {
	/// The node's RPC.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// How many meters.
	#[arg(long, default_value_t = 100)]
	meters: u32,
	/// The first meter's key index (meters are `//grid-meters//<first> ..`).
	#[arg(long, default_value_t = 0)]
	first: u32,
	/// Their region.
	#[arg(long, default_value = "North")]
	region: String,
	/// Their kind: feeder, production, consumption or storage.
	#[arg(long, default_value = "consumption")]
	kind: String,
	/// Their rated power, kW.
	#[arg(long, default_value_t = 10)]
	rated_kw: u64,
	/// How loaded they are, percent of their rating, before the daily shape and spread.
	#[arg(long, default_value_t = 60)]
	load_percent: u64,
	/// Instead of the daily load shape, every reading registers exactly this many Wh (at most
	/// what the rating carries in an interval).
	#[arg(long)]
	wh: Option<u64>,
	/// The operator that registers them (a secret URI).
	#[arg(long, default_value = "//Alice")]
	operator: String,
	/// Their owner (a secret URI; its public key is used): the operator unless given.
	#[arg(long)]
	owner: Option<String>,
	/// Rounds of readings to send (0: until stopped).
	#[arg(long, default_value_t = 0)]
	intervals: u32,
	/// On the first round, also send the older intervals whose late window is open.
	#[arg(long)]
	backfill: bool,
	/// Batches in flight at once.
	#[arg(long, default_value_t = 16)]
	concurrency: usize,
}

type Client = OnlineClient<SubstrateConfig>;

#[derive(Debug, DecodeAsType)]
struct MeterRegistered {
	meter: u64,
	key: [u8; 32],
}

#[derive(Debug, DecodeAsType)]
struct ReadingsAccepted {
	count: u32,
}

/// The chain's clock at its latest finalized block, ms.
async fn chain_now(api: &Client) -> Result<u64> {
	let at = api.at_current_block().await?;
	let now = at.storage().fetch(dynamic::storage::<(), u64>("Timestamp", "Now"), ()).await?;
	Ok(now.decode()?)
}

/// Registers the meters whose keys have no meter yet; the id of every key's meter.
async fn register(
	api: &Client,
	args: &Args,
	operator: &Keypair,
	owner: [u8; 32],
	keys: &[sp_core::ed25519::Pair],
) -> Result<Vec<u64>> {
	let at = api.at_current_block().await?;
	let mut ids: BTreeMap<[u8; 32], u64> = BTreeMap::new();
	let mut missing = Vec::new();
	for key in keys {
		let public = key.public().0;
		let address = dynamic::storage::<([u8; 32],), u64>("Metering", "MeterOfKey");
		match at.storage().try_fetch(address, (public,)).await? {
			Some(id) => {
				ids.insert(public, id.decode()?);
			},
			None => missing.push(public),
		}
	}
	// The call's variant is the kind's name: `Production`, …
	let kind = format!("{:?}", meter_kind(&args.kind)?);
	for chunk in missing.chunks(100) {
		let calls = chunk.iter().map(|public| {
			Value::unnamed_variant(
				"Metering",
				[Value::named_variant(
					"register_meter",
					[
						("key", Value::from_bytes(public)),
						("region", Value::from_bytes(args.region.as_bytes())),
						("kind", Value::unnamed_variant(kind.as_str(), [])),
						("owner", Value::from_bytes(owner)),
						("rated_kw", Value::u128(u128::from(args.rated_kw))),
					],
				)],
			)
		});
		let tx = dynamic::tx("Utility", "batch_all", vec![Value::unnamed_composite(calls)]);
		let events = api
			.at_current_block()
			.await?
			.tx()
			.sign_and_submit_then_watch_default(&tx, operator)
			.await?
			.wait_for_finalized_success()
			.await?;
		for event in events.iter() {
			let event = event?;
			if event.pallet_name() == "Metering" && event.event_name() == "MeterRegistered" {
				let registered: MeterRegistered = event.decode_fields_unchecked_as()?;
				ids.insert(registered.key, registered.meter);
			}
		}
		println!("registered {} meters", chunk.len());
	}
	keys.iter()
		.map(|k| ids.get(&k.public().0).copied().ok_or_else(|| "a meter was not registered".into()))
		.collect()
}

/// Sends every meter's reading of `interval`; how many the chain stored.
async fn send_interval(
	api: &Client,
	args: &Args,
	genesis: [u8; 32],
	meters: &[(u64, sp_core::ed25519::Pair)],
	interval: u32,
	interval_ms: u64,
) -> Result<u64> {
	let kind = meter_kind(&args.kind)?;
	let readings: Vec<_> = meters
		.iter()
		.map(|(id, key)| {
			let wh = args.wh.unwrap_or_else(|| {
				simulated_wh(*id, interval, args.rated_kw, args.load_percent, interval_ms)
			});
			meters::sign(key, genesis, reading(*id, kind, interval, wh))
		})
		.collect();
	let batches = readings
		.chunks(meters::max_batch())
		.map(|chunk| extrinsic(chunk.to_vec()))
		.collect::<Result<Vec<_>>>()?;
	let at = api.at_current_block().await?;
	let stored = stream::iter(batches)
		.map(|bytes| {
			let at = &at;
			async move {
				let mut progress = at.tx().from_bytes(bytes).submit_and_watch().await?;
				while let Some(status) = progress.next().await {
					match status? {
						TransactionStatus::InBestBlock(block)
						| TransactionStatus::InFinalizedBlock(block) => {
							let events = block.wait_for_success().await?;
							let mut count = 0u64;
							for event in events.iter() {
								let event = event?;
								if event.pallet_name() == "Metering"
									&& event.event_name() == "ReadingsAccepted"
								{
									let accepted: ReadingsAccepted =
										event.decode_fields_unchecked_as()?;
									count += u64::from(accepted.count);
								}
							}
							return Ok::<u64, grid_bench::chain::BoxError>(count);
						},
						TransactionStatus::Invalid { message }
						| TransactionStatus::Dropped { message }
						| TransactionStatus::Error { message } => return Err(message.into()),
						_ => continue,
					}
				}
				Err("the transaction status stream ended".into())
			}
		})
		.buffer_unordered(args.concurrency.max(1))
		.collect::<Vec<_>>()
		.await;
	let mut total = 0;
	for result in stored {
		match result {
			Ok(count) => total += count,
			Err(e) => eprintln!("interval {interval}: a batch was refused: {e}"),
		}
	}
	Ok(total)
}

#[tokio::main]
async fn main() -> Result<()> {
	let args = Args::parse();
	let operator = Keypair::from_uri(&args.operator.parse::<SecretUri>()?)?;
	let owner = match &args.owner {
		Some(uri) => Keypair::from_uri(&uri.parse::<SecretUri>()?)?.public_key().0,
		None => operator.public_key().0,
	};
	let api = Client::from_insecure_url(&args.url).await?;
	let genesis: [u8; 32] = api.genesis_hash().0;
	let keys: Vec<_> =
		(args.first..args.first.saturating_add(args.meters)).map(meter_key).collect();
	let ids = register(&api, &args, &operator, owner, &keys).await?;
	let meters: Vec<_> = ids.into_iter().zip(keys).collect();
	let ids: Vec<String> = meters.iter().map(|(id, _)| id.to_string()).collect();
	println!("{} {} meters in {} ready: {}", meters.len(), args.kind, args.region, ids.join(" "));

	let interval_ms = chain_interval_ms(&api).await?;
	let late_window = 4;
	let mut next: Option<u32> = None;
	let mut rounds = 0;
	loop {
		let current = interval_at(chain_now(&api).await?, interval_ms)?;
		let from = match next {
			Some(next) => next,
			None if args.backfill => current.saturating_sub(late_window),
			None => current.saturating_sub(1),
		};
		if from < current {
			for interval in from..current {
				let stored =
					send_interval(&api, &args, genesis, &meters, interval, interval_ms).await?;
				println!("interval {interval}: {stored} readings stored");
			}
			next = Some(current);
			rounds += 1;
			if args.intervals > 0 && rounds >= args.intervals {
				return Ok(());
			}
		}
		// Look again a few times an interval (every 6 s at most).
		tokio::time::sleep(Duration::from_millis((interval_ms / 3).clamp(1_000, 6_000))).await;
	}
}

/// The meter kind `--kind` names.
fn meter_kind(name: &str) -> Result<MeterKind> {
	Ok(match name {
		"feeder" => MeterKind::Feeder,
		"production" => MeterKind::Production,
		"consumption" => MeterKind::Consumption,
		"storage" => MeterKind::Storage,
		other => return Err(format!("unknown meter kind {other}").into()),
	})
}
