//! End to end: telemetry gets through while another account stuffs every block.
//!
//! Bob submits four remarks, each of a block's normal length less 2 KiB and tipped 10 GRID:
//! one fills each block. Right after, Alice submits her load report, her stability report and
//! her consumption meter's signed reading, untipped. Each is included within two blocks, in a
//! block that carries one of Bob's remarks, and ahead of it: telemetry outranks any tip (with
//! priority by tip, the remark goes first and the report after it, in the 2 KiB left). Bob's
//! own load report for North is refused at submission.

use grid_primitives::{MeterKind, ReadingQuality, RegionId, METERING_INTERVAL_MS};
use grid_runtime::{constants::UNIT, signing, Runtime, RuntimeCall, UncheckedExtrinsic};
use pallet_metering::{reading_payload, Reading, SignedReading};
use sp_core::{ed25519, Pair};
use sp_keyring::Sr25519Keyring::{Alice, Bob};
use std::time::Duration;

use crate::{common::Node, raw};

/// Blocks an operator's report may wait, at most, while blocks are stuffed.
const MAX_WAIT: u64 = 2;

fn north() -> RegionId {
	RegionId::try_from("North").unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn telemetry_is_included_within_two_blocks_while_blocks_are_stuffed() {
	let node = Node::start_dev();
	let client = raw::connect(node.rpc_port, Duration::from_secs(120)).await;
	raw::wait_for_block(&client, 1, Duration::from_secs(120)).await;
	let chain = raw::chain_context(&client).await;
	let (alice, bob) = (Alice.to_account_id(), Bob.to_account_id());
	let wait = Duration::from_secs(120);

	// Alice, North's operator, registers a consumption meter of hers.
	let meter_key = ed25519::Pair::from_seed(&[11; 32]);
	let meter: u64 = raw::storage(&client, &pallet_metering::NextMeterId::<Runtime>::hashed_key())
		.await
		.unwrap_or_default();
	let register = RuntimeCall::Metering(pallet_metering::Call::register_meter {
		key: meter_key.public(),
		region: north(),
		kind: MeterKind::Consumption,
		owner: alice.clone(),
		rated_kw: 100,
	});
	let nonce = raw::next_nonce(&client, &alice).await;
	let xt = signing::sign(register, &Alice.pair(), nonce, &chain);
	let from = raw::best_number(&client).await;
	raw::submit(&client, &xt).await.expect("the meter's registration is accepted");
	raw::included_in(&client, &raw::hex_of(&xt), from, wait).await;
	assert!(
		raw::storage::<pallet_metering::MeterOf<Runtime>>(
			&client,
			&pallet_metering::Meters::<Runtime>::hashed_key_for(meter),
		)
		.await
		.is_some(),
		"meter {meter} is registered"
	);

	// Bob stuffs: four remarks, each filling a block's normal length (less 2 KiB, so that a
	// report fits beside one), tipped 10 GRID.
	let normal_length = *<Runtime as frame_system::Config>::BlockLength::get()
		.max
		.get(frame_support::dispatch::DispatchClass::Normal) as usize;
	let bob_nonce = raw::next_nonce(&client, &bob).await;
	let remarks: Vec<UncheckedExtrinsic> = (0..4)
		.map(|i| {
			let call = RuntimeCall::System(frame_system::Call::remark {
				remark: vec![i as u8; normal_length - 2_048 - 200],
			});
			signing::sign_with_tip(call, &Bob.pair(), bob_nonce + i, 10 * UNIT, &chain)
		})
		.collect();
	for remark in &remarks {
		raw::submit(&client, remark).await.expect("a remark is accepted");
	}

	// Alice's telemetry, untipped, submitted right after.
	let nonce = raw::next_nonce(&client, &alice).await;
	let load = RuntimeCall::Load(pallet_load::Call::report_load {
		region: north(),
		capacity_kw: 1_000_000,
		demand_kw: 500_000,
	});
	let stability = RuntimeCall::Stability(pallet_stability::Call::report_stability_metrics {
		region: north(),
		frequency_mhz: 50_000,
		voltage_permille: 1_000,
		phase_angle_mdeg: 0,
	});
	let now: u64 = raw::storage(&client, &pallet_timestamp::Now::<Runtime>::hashed_key())
		.await
		.expect("the chain's clock");
	let reading = Reading {
		meter,
		interval: u32::try_from(now / METERING_INTERVAL_MS - 1).expect("an interval index"),
		imported_wh: 5_000,
		exported_wh: 0,
		quality: ReadingQuality::Measured,
	};
	let signature = meter_key.sign(&reading_payload(chain.genesis_hash.as_ref(), &reading));
	let readings = RuntimeCall::Metering(pallet_metering::Call::submit_readings {
		readings: vec![SignedReading { reading, signature }].try_into().expect("one reading"),
	});
	let telemetry = [
		("load report", signing::sign(load.clone(), &Alice.pair(), nonce, &chain)),
		("stability report", signing::sign(stability, &Alice.pair(), nonce + 1, &chain)),
		("meter reading", signing::general(readings)),
	];
	let submitted_at = raw::best_number(&client).await;
	for (what, xt) in &telemetry {
		raw::submit(&client, xt).await.unwrap_or_else(|e| panic!("the {what} is refused: {e}"));
	}

	// Bob's report for North never enters the pool.
	let forged = signing::sign(load, &Bob.pair(), raw::next_nonce(&client, &bob).await, &chain);
	let refused = raw::submit(&client, &forged).await.expect_err("Bob's report is refused");
	assert!(refused.contains("Invalid signing address"), "refused as a bad signer: {refused}");

	let remarks: Vec<String> = remarks.iter().map(raw::hex_of).collect();
	for (what, xt) in &telemetry {
		let xt = raw::hex_of(xt);
		let block = raw::included_in(&client, &xt, submitted_at, wait).await;
		assert!(
			block <= submitted_at + MAX_WAIT,
			"the {what}, submitted at block {submitted_at}, waited until block {block}"
		);
		let extrinsics = raw::block_extrinsics(&client, block).await;
		let position = |x: &String| extrinsics.iter().position(|e| e == x);
		let remark = remarks.iter().find_map(position);
		let remark = remark.unwrap_or_else(|| panic!("block {block} with the {what} is stuffed"));
		assert!(
			position(&xt) < Some(remark),
			"the {what} comes before Bob's remark in block {block}"
		);
	}
}
