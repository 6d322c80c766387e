//! End to end, the slot auction on metered truth, on the `dev-demo` chain (a metering
//! interval, and so a market slot, every 6-second block): the meter simulator (`grid-meters`,
//! through Alice, North's operator) registers Bob's and Charlie's production meters and streams
//! their signed readings (Bob's exports 10 kWh an interval, Charlie's 2.5); Alice registers
//! three consumption meters (Dave, Eve, Ferdie); each registers as a market participant with
//! its meter and places one order for the same slot; after the gate closes the slot clears at
//! the hand-computed price; once the slot's readings are final, settlement moves every balance
//! by exactly the hand-computed amount, Charlie's shortfall penalty included.
//!
//! The book (prices in milli-GRID per kWh; the base price is 100, so each offer holds 300 a
//! kWh as collateral):
//!
//! | who | side | kWh | limit |
//! |---|---|---:|---:|
//! | Bob | offer | 10 | 80 |
//! | Charlie | offer | 10 | 100 |
//! | Dave | bid | 8 | 150 |
//! | Eve | bid | 6 | 110 |
//! | Ferdie | bid | 6 | 90 |
//!
//! Volume by price: 80: 10, 90: 10, 100: 14, 110: 14, 150: 8. The largest (14 kWh) spans
//! 100..=110, so the slot clears at 105. Dave and Eve buy 8 and 6; Ferdie's 90 is out. Bob
//! (cheapest) sells 10, Charlie the remaining 4. Bob's meter exports 10 kWh: paid 1,050.
//! Charlie's exports 2.5 kWh, 2 whole: paid 210, 2 kWh short at 3 x 105 = 630 of penalty.
//! Dave pays 840, Eve 630, Ferdie nothing; the pot keeps 840 (Charlie's 2 undelivered kWh
//! that buyers paid for, 210, and the penalty, 630).

use scale_decode::DecodeAsType;
use sp_core::{ed25519, Pair};
use std::{
	io::{BufRead, BufReader},
	process::{Child, Command, Stdio},
};
use subxt::dynamic::{self, Value};
use subxt_signer::sr25519::{dev, Keypair};

use crate::common::{call, event, sibling_binary, Client, Node};
use crate::metering::current_interval;

/// A thousandth of a GRID, the market's unit of money.
const MILLI: u128 = 1_000_000_000;

#[derive(Debug, DecodeAsType)]
struct SlotCleared {
	price: Option<u128>,
	volume_kwh: u64,
}

#[derive(Debug, DecodeAsType)]
struct SlotSettled {
	delivered_kwh: u64,
	paid_in: u128,
	paid_out: u128,
	penalties: u128,
}

#[derive(Debug, DecodeAsType)]
struct AccountData {
	free: u128,
	reserved: u128,
}

#[derive(Debug, DecodeAsType)]
struct AccountInfo {
	data: AccountData,
}

/// An account's free and held balance together.
async fn total(client: &Client, who: &Keypair) -> i128 {
	let info: AccountInfo = client
		.at()
		.await
		.storage()
		.fetch(
			dynamic::storage::<([u8; 32],), AccountInfo>("System", "Account"),
			(who.public_key().0,),
		)
		.await
		.expect("System.Account is readable")
		.decode()
		.expect("an account");
	(info.data.free + info.data.reserved) as i128
}

/// A running `grid-meters`, stopped when dropped.
struct Simulator(Child);

impl Drop for Simulator {
	fn drop(&mut self) {
		let _ = self.0.kill();
		let _ = self.0.wait();
	}
}

/// Starts the meter simulator with one production meter of 10 MW (its key index `first`),
/// owned by `owner` (a dev account's secret URI) and exporting `wh` every interval; returns it
/// once the meter is registered, with the meter's id.
fn simulate(rpc_port: u16, first: u32, owner: &str, wh: u64) -> (Simulator, u64) {
	let mut child = Command::new(sibling_binary("grid-meters"))
		.args(["--url", &format!("ws://127.0.0.1:{rpc_port}")])
		.args(["--meters", "1", "--first", &first.to_string(), "--kind", "production"])
		.args(["--rated-kw", "10000", "--wh", &wh.to_string(), "--owner", owner])
		.stdout(Stdio::piped())
		.spawn()
		.expect("grid-meters is built beside grid-node and runs");
	let stdout = child.stdout.take().expect("piped");
	let simulator = Simulator(child);
	let mut lines = BufReader::new(stdout).lines();
	let meter = loop {
		let line = lines.next().expect("grid-meters says its meters are ready").expect("output");
		if let Some((_, ids)) = line.split_once("ready: ") {
			break ids.trim().parse().expect("one meter id");
		}
	};
	// Keep reading its output (its progress lines), or it blocks on a full pipe.
	std::thread::spawn(move || lines.for_each(drop));
	(simulator, meter)
}

async fn wait_for_interval(client: &Client, interval_ms: u64, interval: u32) {
	while current_interval(client, interval_ms).await < interval {
		tokio::time::sleep(std::time::Duration::from_millis(500)).await;
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slot_clears_at_the_hand_computed_price_and_settles_against_the_meters() {
	let node = Node::start_demo();
	let client = Client::connect(node.rpc_port).await;
	let alice = dev::alice();
	let (bob, charlie, dave, eve, ferdie) =
		(dev::bob(), dev::charlie(), dev::dave(), dev::eve(), dev::ferdie());
	let interval_ms = 6_000;
	let north = || b"North".to_vec();

	// Two production meters of 10 MW (16 kWh in a 6-second slot) from the simulator: it
	// registers each through Alice and then sends its readings at the end of every interval.
	let (_bob_meter, bob_meter) = simulate(node.rpc_port, 9_000, "//Bob", 10_000);
	let (_charlie_meter, charlie_meter) = simulate(node.rpc_port, 9_001, "//Charlie", 2_500);

	// Three consumption meters, registered by Alice in one batch.
	let first: u64 = client
		.at()
		.await
		.storage()
		.fetch(dynamic::storage::<(), u64>("Metering", "NextMeterId"), ())
		.await
		.expect("Metering.NextMeterId is readable")
		.decode()
		.expect("a u64");
	let consumers = [&dave, &eve, &ferdie];
	let meters: Vec<Value> = (0..3u8)
		.map(|i| {
			let key = ed25519::Pair::from_seed(&[40 + i; 32]);
			call(
				"Metering",
				"register_meter",
				vec![
					("key", Value::from_bytes(key.public().0)),
					("region", Value::from_bytes(north())),
					("kind", Value::unnamed_variant("Consumption", [])),
					("owner", Value::from_bytes(consumers[i as usize].public_key().0)),
					("rated_kw", Value::u128(10_000)),
				],
			)
		})
		.collect();
	client
		.ok(&alice, dynamic::tx("Utility", "batch_all", vec![Value::unnamed_composite(meters)]))
		.await;
	let owners = [&bob, &charlie, &dave, &eve, &ferdie];
	let meter = |i: usize| match i {
		0 => bob_meter,
		1 => charlie_meter,
		_ => first + (i - 2) as u64,
	};

	let solar = || Value::unnamed_variant("Solar", []);
	let register = |i: usize| {
		let (kw, meter) = (Value::u128(10_000), Value::u128(u128::from(meter(i))));
		match i {
			0 | 1 => dynamic::tx("EnergyMarket", "register_producer", vec![kw, solar(), meter]),
			_ => dynamic::tx("EnergyMarket", "register_consumer", vec![kw, meter]),
		}
	};
	tokio::join!(
		client.ok(&bob, register(0)),
		client.ok(&charlie, register(1)),
		client.ok(&dave, register(2)),
		client.ok(&eve, register(3)),
		client.ok(&ferdie, register(4)),
	);

	// Room for five orders to land before the gate closes, even on a busy machine.
	let slot = current_interval(&client, interval_ms).await + 8;
	let order = |kind: &str, i: usize, kwh: u64, price: u128| {
		dynamic::tx("EnergyMarket", kind, (north(), slot, meter(i), kwh, price * MILLI))
	};
	tokio::join!(
		client.ok(&bob, order("place_offer", 0, 10, 80)),
		client.ok(&charlie, order("place_offer", 1, 10, 100)),
		client.ok(&dave, order("place_bid", 2, 8, 150)),
		client.ok(&eve, order("place_bid", 3, 6, 110)),
		client.ok(&ferdie, order("place_bid", 4, 6, 90)),
	);
	assert!(current_interval(&client, interval_ms).await + 1 < slot, "the orders came too late");
	let mut before = Vec::new();
	for who in owners {
		before.push(total(&client, who).await);
	}

	// The gate closes an interval before the slot: Alice (anyone) clears it.
	wait_for_interval(&client, interval_ms, slot - 1).await;
	let events =
		client.ok(&alice, dynamic::tx("EnergyMarket", "clear_slot", (north(), slot))).await;
	let cleared: SlotCleared = event(&events, "EnergyMarket", "SlotCleared");
	assert_eq!((cleared.price, cleared.volume_kwh), (Some(105 * MILLI), 14));

	// Settlement once the slot's late window (4 intervals) has closed: the simulator sent the
	// producers' readings of the slot (Bob 10 kWh, Charlie 2.5) as soon as it ended.
	wait_for_interval(&client, interval_ms, slot + 4 + 1).await;
	let events =
		client.ok(&alice, dynamic::tx("EnergyMarket", "settle_slot", (north(), slot))).await;
	let settled: SlotSettled = event(&events, "EnergyMarket", "SlotSettled");
	assert_eq!(settled.delivered_kwh, 12);
	assert_eq!(
		(settled.paid_in, settled.paid_out, settled.penalties),
		(1_470 * MILLI, 1_260 * MILLI, 630 * MILLI)
	);

	let expected = [1_050, 210 - 630, -840, -630, 0];
	for (i, who) in owners.into_iter().enumerate() {
		let change = total(&client, who).await - before[i];
		assert_eq!(
			change,
			expected[i] * MILLI as i128,
			"{}'s balance",
			["Bob", "Charlie", "Dave", "Eve", "Ferdie"][i]
		);
	}
}
