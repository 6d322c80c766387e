//! Metered truth on a running dev node: the operator registers a feeder meter from a wallet
//! (subxt), the meter's signed reading is sent as a general transaction with no signer and no
//! fee, and North turns Critical from the measurement alone, opening the automatic balancing
//! action; a reading with a forged signature is refused at submission and never enters the
//! pool; the operator can no longer declare North's load. The meter simulator's readings land.
//! On the `dev-demo` chain, a metered demand-response participant is paid exactly what its
//! meter's readings show.

use codec::Encode;
use grid_primitives::ReadingQuality;
use grid_runtime::{signing, RuntimeCall};
use pallet_metering::{reading_payload, Reading, SignedReading};
use scale_decode::DecodeAsType;
use sp_core::{ed25519, Pair};
use subxt::{dynamic, dynamic::Value, tx::TransactionStatus};
use subxt_signer::sr25519::dev;

use crate::common::{event, Client, Failure, Node};

/// 1 MW in kW.
const MW: u64 = 1_000;
/// Length of a metering interval, ms.
const INTERVAL_MS: u64 = grid_primitives::METERING_INTERVAL_MS;

#[derive(Debug, DecodeAsType, PartialEq, Eq, Clone, Copy)]
enum LoadStatus {
	Low,
	Normal,
	High,
	Critical,
	Stale,
}

#[derive(Debug, DecodeAsType)]
struct LoadReading {
	capacity_kw: u64,
	demand_kw: u64,
	status: LoadStatus,
}

#[derive(Debug, DecodeAsType)]
struct MeterRegistered {
	meter: u64,
}

#[derive(Debug, DecodeAsType)]
struct ReadingsAccepted {
	count: u32,
}

#[derive(Debug, DecodeAsType)]
struct LoadMetered {
	demand_kw: u64,
	status: LoadStatus,
}

fn north() -> Vec<u8> {
	b"North".to_vec()
}

/// The encoded general transaction carrying `readings`.
fn readings_extrinsic(readings: Vec<SignedReading>) -> Vec<u8> {
	let call = RuntimeCall::Metering(pallet_metering::Call::submit_readings {
		readings: readings.try_into().expect("a small batch"),
	});
	signing::general(call).encode()
}

/// `reading` signed by `key` for the chain with `genesis`.
fn sign(key: &ed25519::Pair, genesis: [u8; 32], reading: Reading) -> SignedReading {
	SignedReading { reading, signature: key.sign(&reading_payload(&genesis, &reading)) }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_feeder_s_signed_reading_turns_north_critical_and_forgeries_never_enter_the_pool() {
	let node = Node::start_dev();
	let client = Client::connect(node.rpc_port).await;
	let alice = dev::alice();
	let feeder = ed25519::Pair::from_seed(&[7; 32]);
	let forger = ed25519::Pair::from_seed(&[8; 32]);

	// Alice, North's operator, registers the feeder (its deposit is held from her).
	let events = client
		.ok(
			&alice,
			dynamic::tx(
				"Metering",
				"register_meter",
				(
					feeder.public().0,
					north(),
					Value::unnamed_variant("Feeder", []),
					alice.public_key().0,
					1_000 * MW,
				),
			),
		)
		.await;
	let registered: MeterRegistered = event(&events, "Metering", "MeterRegistered");
	client
		.ok(
			&alice,
			dynamic::tx(
				"Balancing",
				"set_region_capacity",
				(north(), 1_200 * MW, 800 * MW, 100 * MW),
			),
		)
		.await;

	// The interval just ended by the chain's clock.
	let interval = current_interval(&client, INTERVAL_MS).await - 1;
	let at = client.at().await;
	let genesis: [u8; 32] = client.api.genesis_hash().0;
	// 240 MWh in 15 minutes: 960 MW on a 1,000 MW feeder.
	let reading = Reading {
		meter: registered.meter,
		interval,
		imported_wh: 240_000_000,
		exported_wh: 0,
		quality: ReadingQuality::Measured,
	};

	// Forged: another key's signature. The node refuses it at submission.
	let forged = readings_extrinsic(vec![sign(&forger, genesis, reading)]);
	let refused = at.tx().from_bytes(forged).submit().await;
	let message = format!("{:?}", refused.expect_err("a forged reading is refused"));
	assert!(
		message.contains("Invalid") || message.contains("1010"),
		"refused as invalid: {message}"
	);
	// Signed for another chain: refused too.
	let foreign = readings_extrinsic(vec![sign(&feeder, [9; 32], reading)]);
	assert!(at.tx().from_bytes(foreign).submit().await.is_err());

	// The meter's own signature: included, no account and no fee.
	let genuine = readings_extrinsic(vec![sign(&feeder, genesis, reading)]);
	let mut progress = at.tx().from_bytes(genuine).submit_and_watch().await.expect("submitted");
	let (included_at, events) = loop {
		match progress.next().await.expect("a status").expect("no error") {
			TransactionStatus::InBestBlock(block) | TransactionStatus::InFinalizedBlock(block) => {
				let at = block.at().await.expect("the including block");
				break (at, block.wait_for_success().await.expect("the readings are stored"));
			},
			TransactionStatus::Invalid { message }
			| TransactionStatus::Dropped { message }
			| TransactionStatus::Error { message } => panic!("the reading was refused: {message}"),
			_ => continue,
		}
	};
	let accepted: ReadingsAccepted = event(&events, "Metering", "ReadingsAccepted");
	assert_eq!(accepted.count, 1);
	let metered: LoadMetered = event(&events, "Load", "LoadMetered");
	assert_eq!((metered.demand_kw, metered.status), (960 * MW, LoadStatus::Critical));
	event::<Value>(&events, "Balancing", "BalancingActionInitiated");
	assert!(
		events.iter().all(|e| e.expect("decodes").pallet_name() != "TransactionPayment"),
		"nobody paid a fee"
	);

	let load: Option<LoadReading> = included_at
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Option<LoadReading>>(
			"GridApi",
			"get_current_load",
			(north(),),
		))
		.await
		.expect("GridApi.get_current_load");
	let load = load.expect("North has a load");
	assert_eq!(
		(load.capacity_kw, load.demand_kw, load.status),
		(1_000 * MW, 960 * MW, LoadStatus::Critical)
	);

	// Declared load cannot override the measurement: the node refuses the report (the
	// call's own check, `RegionMetered`, made by the transaction pool).
	let declared = client
		.submit(&alice, &dynamic::tx("Load", "report_load", (north(), 1_000 * MW, 100 * MW)))
		.await;
	assert_eq!(
		declared.err(),
		Some(Failure::Other("Invalid transaction: Invalid signing address".into()))
	);
}

/// The meter simulator against a dev node: it registers 300 consumption meters through the
/// operator and streams their signed readings of the intervals still open (an hour's worth);
/// every reading is stored.
#[tokio::test(flavor = "multi_thread")]
async fn the_meter_simulator_s_readings_land() {
	let node = Node::start_dev();
	let client = Client::connect(node.rpc_port).await;
	let simulator = crate::common::sibling_binary("grid-meters");
	let run = std::process::Command::new(&simulator)
		.args(["--url", &format!("ws://127.0.0.1:{}", node.rpc_port)])
		.args(["--meters", "300", "--intervals", "1", "--backfill"])
		.output()
		.expect("grid-meters runs");
	let stdout = String::from_utf8_lossy(&run.stdout);
	assert!(
		run.status.success(),
		"grid-meters failed:\n{stdout}\n{}",
		String::from_utf8_lossy(&run.stderr)
	);
	let stored: Vec<&str> = stdout.lines().filter(|l| l.contains("readings stored")).collect();
	assert_eq!(stored.len(), 4, "the four open intervals:\n{stdout}");
	assert!(stored.iter().all(|l| l.ends_with(": 300 readings stored")), "{stdout}");

	// Read back through the runtime API, at the finalized block (a block or two behind the
	// best, where the simulator saw its readings stored): the last meter holds four readings.
	#[derive(Debug, DecodeAsType)]
	struct StoredReading {
		interval: u32,
	}
	let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
	let readings = loop {
		let readings: Vec<StoredReading> = client
			.at()
			.await
			.runtime_apis()
			.call(dynamic::runtime_api_call::<_, Vec<StoredReading>>(
				"GridApi",
				"get_meter_readings",
				(299u64,),
			))
			.await
			.expect("GridApi.get_meter_readings");
		if readings.len() == 4 || std::time::Instant::now() > deadline {
			break readings;
		}
		tokio::time::sleep(std::time::Duration::from_secs(2)).await;
	};
	assert_eq!(readings.len(), 4, "{readings:?}");
	assert!(readings.windows(2).all(|w| w[0].interval + 1 == w[1].interval));
}

#[derive(Debug, DecodeAsType)]
struct ProgramCreated {
	program_id: u32,
}

#[derive(Debug, DecodeAsType)]
struct ReductionMetered {
	baseline_wh: Option<u64>,
	reduced_wh: u64,
	delivered_kw: u64,
}

#[derive(Debug, DecodeAsType)]
struct RewardPaid {
	participant: [u8; 32],
	amount: u128,
}

#[derive(Debug, DecodeAsType)]
struct ProgramSettled {
	released: u128,
}

#[derive(Debug, DecodeAsType)]
struct AccountData {
	free: u128,
}

#[derive(Debug, DecodeAsType)]
struct AccountInfo {
	data: AccountData,
}

/// The interval in progress at the newest block the client saw, on a chain of `interval_ms`.
pub(crate) async fn current_interval(client: &Client, interval_ms: u64) -> u32 {
	let now: u64 = client
		.at()
		.await
		.storage()
		.fetch(dynamic::storage::<(), u64>("Timestamp", "Now"), ())
		.await
		.expect("Timestamp.Now is readable")
		.decode()
		.expect("a u64");
	u32::try_from(now / interval_ms).expect("an interval index")
}

async fn free_balance(client: &Client, who: [u8; 32]) -> u128 {
	let info: AccountInfo = client
		.at()
		.await
		.storage()
		.fetch(dynamic::storage::<([u8; 32],), AccountInfo>("System", "Account"), (who,))
		.await
		.expect("System.Account is readable")
		.decode()
		.expect("an account");
	info.data.free
}

/// Demand response from readings alone, on the `dev-demo` chain (an interval a block): Alice
/// registers Bob's consumption meter and creates a metered program; Bob joins with it; the
/// meter's signed readings show 120 Wh an interval in the hour's worth of intervals before the
/// event and 60 Wh in its two intervals; once those readings are final, Dave (anyone) claims
/// Bob's reward and Bob is paid exactly the reduction they measure: 120 Wh below the baseline
/// over two 6-second intervals is 36 kW on average, at 1,000 a kW.
#[tokio::test(flavor = "multi_thread")]
async fn a_metered_participant_is_paid_exactly_what_its_readings_show() {
	let node = Node::start_demo();
	let client = Client::connect(node.rpc_port).await;
	let (alice, bob, dave) = (dev::alice(), dev::bob(), dev::dave());
	let key = ed25519::Pair::from_seed(&[11; 32]);
	let genesis: [u8; 32] = client.api.genesis_hash().0;

	let interval_ms: u64 = client
		.at()
		.await
		.storage()
		.fetch(dynamic::storage::<(), u64>("Metering", "IntervalLength"), ())
		.await
		.expect("Metering.IntervalLength is readable")
		.decode()
		.expect("a u64");
	assert_eq!(interval_ms, 6_000, "dev-demo: an interval a block");

	let events = client
		.ok(
			&alice,
			dynamic::tx(
				"Metering",
				"register_meter",
				(
					key.public().0,
					north(),
					Value::unnamed_variant("Consumption", []),
					bob.public_key().0,
					100u64,
				),
			),
		)
		.await;
	let meter = event::<MeterRegistered>(&events, "Metering", "MeterRegistered").meter;

	// Room for the program and the join to land first, even on a busy machine.
	let first = current_interval(&client, interval_ms).await + 10;
	let events = client
		.ok(
			&alice,
			dynamic::tx(
				"DemandResponse",
				"create_metered_program",
				(
					b"Evening peak".to_vec(),
					Value::unnamed_variant("PeakShaving", []),
					north(),
					50u64,
					1_000u128,
					first,
					2u32,
				),
			),
		)
		.await;
	let program = event::<ProgramCreated>(&events, "DemandResponse", "ProgramCreated").program_id;
	client
		.ok(&bob, dynamic::tx("DemandResponse", "join_program_metered", (program, 40u64, meter)))
		.await;
	assert!(
		current_interval(&client, interval_ms).await < first,
		"Bob joined before the event (the test's timing)"
	);

	// The meter sends each interval's reading once it has ended.
	let mut plan: std::collections::BTreeMap<u32, u64> =
		(first - 4..first).map(|i| (i, 120)).chain([(first, 60), (first + 1, 60)]).collect();
	while !plan.is_empty() {
		let current = current_interval(&client, interval_ms).await;
		let ended: Vec<(u32, u64)> = plan.range(..current).map(|(i, wh)| (*i, *wh)).collect();
		for (interval, wh) in ended {
			assert!(interval + 4 >= current, "interval {interval}'s reading came too late");
			let reading = Reading {
				meter,
				interval,
				imported_wh: wh,
				exported_wh: 0,
				quality: ReadingQuality::Measured,
			};
			let bytes = readings_extrinsic(vec![sign(&key, genesis, reading)]);
			client.at().await.tx().from_bytes(bytes).submit().await.expect("the reading is valid");
			plan.remove(&interval);
		}
		tokio::time::sleep(std::time::Duration::from_millis(500)).await;
	}

	// Claims open once the event's readings are final (its last interval's late window shut).
	let final_from = first + 1 + 4 + 1;
	while current_interval(&client, interval_ms).await < final_from {
		tokio::time::sleep(std::time::Duration::from_secs(1)).await;
	}
	let stored: Vec<Value> = client
		.at()
		.await
		.runtime_apis()
		.call(dynamic::runtime_api_call::<_, Vec<Value>>("GridApi", "get_meter_readings", (meter,)))
		.await
		.expect("GridApi.get_meter_readings");
	assert_eq!(stored.len(), 6, "every reading was stored");

	let bob_before = free_balance(&client, bob.public_key().0).await;
	let claim = dynamic::tx("DemandResponse", "claim_reward", (program, bob.public_key().0));
	let events = client.ok(&dave, claim).await;
	let measured: ReductionMetered = event(&events, "DemandResponse", "ReductionMetered");
	assert_eq!(
		(measured.baseline_wh, measured.reduced_wh, measured.delivered_kw),
		(Some(120), 120, 36)
	);
	let paid: RewardPaid = event(&events, "DemandResponse", "RewardPaid");
	assert_eq!((paid.participant, paid.amount), (bob.public_key().0, 36_000));
	// The reward, and the participation deposit released.
	let deposit = grid_runtime::configs::DemandParticipationDeposit::get();
	assert_eq!(free_balance(&client, bob.public_key().0).await, bob_before + 36_000 + deposit);

	let events =
		client.ok(&dave, dynamic::tx("DemandResponse", "settle_program", (program,))).await;
	let settled: ProgramSettled = event(&events, "DemandResponse", "ProgramSettled");
	assert_eq!(settled.released, 50_000 - 36_000, "the rest of the budget back to Alice");
}
