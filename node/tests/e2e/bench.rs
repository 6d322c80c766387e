//! grid-bench against a real dev node, small: every kind runs, every extrinsic it sends
//! succeeds and is final, and the files it writes hold one row per kind. Here rather than in
//! bench/ so that it runs beside the other end-to-end tests.

use crate::common::sibling_binary;
use std::process::Command;

#[test]
fn grid_bench_measures_every_kind() {
	let node = env!("CARGO_BIN_EXE_grid-node");
	let bench = sibling_binary("grid-bench");
	let out = std::env::temp_dir().join(format!("grid-bench-smoke-{}", std::process::id()));
	let run = Command::new(&bench)
		.args(["--node", node])
		.args([
			"--accounts",
			"3",
			"--count",
			"6",
			"--batches",
			"6",
			"--batch",
			"4",
			"--readings",
			"6",
			"--stall",
			"30",
		])
		.arg("--out")
		.arg(&out)
		.output()
		.expect("grid-bench runs");
	let stdout = String::from_utf8_lossy(&run.stdout);
	assert!(
		run.status.success(),
		"grid-bench failed:\n{stdout}\n{}",
		String::from_utf8_lossy(&run.stderr)
	);

	let csv = std::fs::read_to_string(out.join("grid-bench.csv")).expect("the CSV is written");
	let rows: Vec<Vec<&str>> = csv.lines().skip(1).map(|l| l.split(',').collect()).collect();
	let kinds: Vec<&str> = rows.iter().map(|r| r[0]).collect();
	assert_eq!(
		kinds,
		[
			"Balances::transfer_keep_alive",
			"Load::report_load",
			"Load::report_loads",
			"Stability::report_stability_metrics",
			"EnergyMarket::create_trade",
			"EnergyMarket::complete_trade",
			"EnergyMarket::place_bid/place_offer",
			"EnergyMarket::place_orders",
			"Metering::submit_readings",
		]
	);
	// Six readings, two per interval over three intervals, round up to one full batch (256
	// meters) per interval.
	let (readings, rows) = rows.split_last().unwrap();
	assert_eq!(&readings[2..7], ["3", "3", "0", "0", "0"], "{}", readings.join(","));
	let (xt, items): (f64, f64) = (readings[9].parse().unwrap(), readings[10].parse().unwrap());
	// (the CSV rounds both rates to two decimals)
	assert!(xt > 0.0 && (items / xt - 256.0).abs() < 3.0, "{}", readings.join(","));
	// Six orders round up to one full `place_orders` batch of the runtime's 16.
	let (batches, rows) = rows.split_last().unwrap();
	assert_eq!(&batches[1..7], ["16", "1", "1", "0", "0", "0"], "{}", batches.join(","));
	let (xt, items): (f64, f64) = (batches[9].parse().unwrap(), batches[10].parse().unwrap());
	assert!(xt > 0.0 && (items / xt - 16.0).abs() < 0.5, "{}", batches.join(","));
	for row in rows {
		// sent, succeeded, failed, rejected, dropped
		assert_eq!(&row[2..7], ["6", "6", "0", "0", "0"], "{}", row.join(","));
		let per_second: f64 = row[9].parse().unwrap();
		assert!(per_second > 0.0, "{}", row.join(","));
	}
	// A report_loads carries 4 readings here: four times the items of its extrinsics.
	let loads = &rows[2];
	let (xt, items): (f64, f64) = (loads[9].parse().unwrap(), loads[10].parse().unwrap());
	assert!((items - 4.0 * xt).abs() < 0.05, "{}", loads.join(","));
	let json: serde_json::Value =
		serde_json::from_str(&std::fs::read_to_string(out.join("grid-bench.json")).unwrap())
			.unwrap();
	assert_eq!(json.as_array().map(Vec::len), Some(9));
	assert!(stdout.contains("readings/s of single reports"), "{stdout}");
	assert!(stdout.contains("orders/s  (target >= 1000)"), "{stdout}");
	let _ = std::fs::remove_dir_all(&out);
}
