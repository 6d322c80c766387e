//! End to end, the slot auction on metered truth, on the `dev-demo` chain (a metering
//! interval, and so a market slot, every 6-second block): Alice, North's operator, registers
//! two production meters (Bob, Charlie) and three consumption meters (Dave, Eve, Ferdie); each
//! registers as a market participant with its meter and places one order for the same slot;
//! after the gate closes the slot clears at the hand-computed price; the producers' meters
//! send signed readings for the slot (Charlie's shows half of what it sold); once the
//! readings are final, settlement moves every balance by exactly the hand-computed amount,
//! Charlie's shortfall penalty included.
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

use grid_primitives::ReadingQuality;
use pallet_metering::Reading;
use scale_decode::DecodeAsType;
use sp_core::{ed25519, Pair};
use subxt::dynamic::{self, Value};
use subxt_signer::sr25519::{dev, Keypair};

use crate::common::{call, event, Client, Node};
use crate::metering::{current_interval, readings_extrinsic, sign};

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

async fn wait_for_interval(client: &Client, interval_ms: u64, interval: u32) {
	while current_interval(client, interval_ms).await < interval {
		tokio::time::sleep(std::time::Duration::from_millis(500)).await;
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slot_clears_at_the_hand_computed_price_and_settles_against_the_meters() {
	let node = Node::start_demo();
	let client = Client::connect(node.rpc_port).await;
	let genesis: [u8; 32] = client.api.genesis_hash().0;
	let alice = dev::alice();
	let (bob, charlie, dave, eve, ferdie) =
		(dev::bob(), dev::charlie(), dev::dave(), dev::eve(), dev::ferdie());
	let interval_ms = 6_000;
	let north = || b"North".to_vec();

	// Five meters of 10 MW (16 kWh in a 6-second slot), registered in one batch by Alice.
	let first: u64 = client
		.at()
		.await
		.storage()
		.fetch(dynamic::storage::<(), u64>("Metering", "NextMeterId"), ())
		.await
		.expect("Metering.NextMeterId is readable")
		.decode()
		.expect("a u64");
	let keys: Vec<ed25519::Pair> =
		(0..5u8).map(|i| ed25519::Pair::from_seed(&[40 + i; 32])).collect();
	let owners = [&bob, &charlie, &dave, &eve, &ferdie];
	let kinds = ["Production", "Production", "Consumption", "Consumption", "Consumption"];
	let meters: Vec<Value> = (0..5)
		.map(|i| {
			call(
				"Metering",
				"register_meter",
				vec![
					("key", Value::from_bytes(keys[i].public().0)),
					("region", Value::from_bytes(north())),
					("kind", Value::unnamed_variant(kinds[i], [])),
					("owner", Value::from_bytes(owners[i].public_key().0)),
					("rated_kw", Value::u128(10_000)),
				],
			)
		})
		.collect();
	client
		.ok(&alice, dynamic::tx("Utility", "batch_all", vec![Value::unnamed_composite(meters)]))
		.await;
	let meter = |i: usize| first + i as u64;

	let solar = || Value::unnamed_variant("Solar", []);
	let register = |i: usize| match i {
		0 | 1 => dynamic::tx("EnergyMarket", "register_producer", (10_000u64, solar(), meter(i))),
		_ => dynamic::tx("EnergyMarket", "register_consumer", (10_000u64, meter(i))),
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

	// After the slot, the producers' meters send what they exported: Bob 10 kWh, Charlie 2.5.
	wait_for_interval(&client, interval_ms, slot + 1).await;
	for (i, wh) in [(0usize, 10_000u64), (1, 2_500)] {
		let reading = Reading {
			meter: meter(i),
			interval: slot,
			imported_wh: 0,
			exported_wh: wh,
			quality: ReadingQuality::Measured,
		};
		let bytes = readings_extrinsic(vec![sign(&keys[i], genesis, reading)]);
		client.at().await.tx().from_bytes(bytes).submit().await.expect("the reading is valid");
	}

	// Settlement once the slot's late window (4 intervals) has closed.
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
