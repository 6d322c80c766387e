//! grid-bench's statistics: percentiles, a kind's sums, the ratio lines and the CSV.

use grid_bench::stats::*;
use std::time::{Duration, Instant};

fn span(started: Instant, submitted: Instant) -> Span {
	Span { started, submitted }
}

fn limits(both: u64) -> BlockLimits {
	BlockLimits { max_ref_time: both, max_length: both }
}

#[test]
fn nearest_rank_percentiles() {
	let mut v: Vec<f64> = (1..=100).rev().map(f64::from).collect();
	assert_eq!(percentile(&mut v, 50.0), Some(50.0));
	assert_eq!(percentile(&mut v, 99.0), Some(99.0));
	assert_eq!(percentile(&mut v, 100.0), Some(100.0));
	assert_eq!(percentile(&mut [7.0], 99.0), Some(7.0));
	assert_eq!(percentile(&mut [], 50.0), None);
	// Two values: the median is the lower, p99 the higher.
	assert_eq!(percentile(&mut [3.0, 1.0], 50.0), Some(1.0));
	assert_eq!(percentile(&mut [3.0, 1.0], 99.0), Some(3.0));
}

fn at(start: Instant, ms: u64) -> Instant {
	start + Duration::from_millis(ms)
}

#[test]
fn a_kind_sums_up() {
	let s = Instant::now();
	let ok = |sub: u64, inc: u64, fin: u64, block: u64| TxTimes {
		submitted: Some(at(s, sub)),
		included: Some((at(s, inc), block)),
		finalized: Some(at(s, fin)),
		..Default::default()
	};
	let txs = vec![
		ok(0, 1_000, 3_000, 5),
		ok(0, 1_000, 3_000, 5),
		ok(10, 2_000, 4_000, 6),
		TxTimes { failed: true, ..ok(20, 2_000, 4_000, 6) },
		TxTimes { submitted: Some(at(s, 30)), rejected: true, ..Default::default() },
		TxTimes { submitted: Some(at(s, 40)), ..Default::default() },
	];
	let blocks = vec![
		BlockStat { ours: 2, ref_time: 500, length: 100 },
		BlockStat { ours: 2, ref_time: 300, length: 300 },
	];
	let r = summarize("k", 4, &txs, &blocks, span(s, at(s, 50)), limits(1_000), Some(12.0));
	assert_eq!((r.sent, r.succeeded, r.failed, r.rejected, r.dropped), (6, 3, 1, 1, 1));
	assert_eq!(r.seconds, 2.0);
	// Five of six accepted in 50 ms.
	assert_eq!(r.accepted_per_second, 100.0);
	assert_eq!(r.extrinsics_per_second, 1.5);
	assert_eq!(r.items_per_second, 6.0);
	assert_eq!((r.blocks, r.per_block_mean, r.per_block_max), (2, 2.0, 2));
	assert_eq!(r.weight_full_percent, 40.0);
	assert_eq!(r.length_full_percent, 20.0);
	assert_eq!(r.inclusion_ms_p50, Some(1_000.0));
	assert_eq!(r.inclusion_ms_p99, Some(1_990.0));
	assert_eq!(r.finality_ms_p50, Some(3_000.0));
	assert_eq!(r.finality_ms_p99, Some(3_990.0));
	assert_eq!(r.node_peak_rss_mib, Some(12.0));
}

#[test]
fn nothing_included_is_zero_throughput() {
	let s = Instant::now();
	let txs = vec![TxTimes { submitted: Some(s), ..Default::default() }];
	let r = summarize("k", 1, &txs, &[], span(s, s), limits(1), None);
	assert_eq!((r.succeeded, r.dropped, r.extrinsics_per_second), (0, 1, 0.0));
	assert_eq!(r.inclusion_ms_p50, None);
}

#[test]
fn ratios_compare_with_transfers_and_single_reports() {
	let row = |kind: &str, xt: f64, items: u32| KindResult {
		kind: kind.into(),
		items_per_extrinsic: items,
		extrinsics_per_second: xt,
		items_per_second: xt * f64::from(items),
		..summarize(kind, items, &[], &[], span(Instant::now(), Instant::now()), limits(1), None)
	};
	let full = |mut r: KindResult, max: u32| {
		r.per_block_max = max;
		r
	};
	let results = vec![
		full(row("t", 200.0, 1), 5_000),
		full(row("s", 100.0, 1), 4_000),
		full(row("b", 50.0, 64), 600),
	];
	let lines = ratio_lines(&results, "t", "s", "b");
	assert_eq!(lines.len(), 6, "{lines:#?}");
	assert!(
		lines[4].contains("4000 extrinsics/block =  0.80x transfers/block (5000)"),
		"{}",
		lines[4]
	);
	assert!(lines[5].contains("38400 readings/block =  9.60x"), "{}", lines[5]);
	assert!(lines[0].contains(" 0.50x transfers/s  (target >= 1.00x)"), "{}", lines[0]);
	assert!(lines[1].contains(" 0.25x transfers/s"), "{}", lines[1]);
	assert!(lines[2].contains("3200.0 readings/s = 32.00x"), "{}", lines[2]);
}

#[test]
fn orders_are_counted_per_second_and_at_full_blocks() {
	let mut batches =
		summarize("o", 16, &[], &[], span(Instant::now(), Instant::now()), limits(1), None);
	batches.items_per_second = 1_500.0;
	batches.per_block_mean = 400.0;
	batches.weight_full_percent = 25.0;
	let mut singles = batches.clone();
	singles.kind = "x".into();
	// A kind with no blocks has no full-block estimate.
	let mut none = batches.clone();
	none.kind = "n".into();
	none.weight_full_percent = 0.0;
	let lines = order_lines(&[singles, batches, none], &["o", "n"], 75.0, 6.0);
	assert_eq!(lines.len(), 3, "{lines:#?}");
	assert!(lines[0].contains("1500.0 orders/s  (target >= 1000)"), "{}", lines[0]);
	// 6,400 orders at 25 %: 19,200 at 75 %, 3,200 a second at 6 s blocks.
	assert!(lines[1].contains("19200 orders/block at full blocks = 3200 orders/s"), "{}", lines[1]);
	assert!(lines[1].contains("(6400 orders a block at 25.0 % weight)"), "{}", lines[1]);
	assert!(lines[2].starts_with("n "), "{}", lines[2]);
}

#[test]
fn csv_has_a_header_and_a_row_per_kind() {
	let now = Instant::now();
	let r = summarize("Load::report_load", 1, &[], &[], span(now, now), limits(1), None);
	let text = csv(&[r.clone(), r]);
	let lines: Vec<&str> = text.lines().collect();
	assert_eq!(lines.len(), 3);
	assert_eq!(lines[0].split(',').count(), lines[1].split(',').count());
	assert!(lines[1].starts_with("Load::report_load,1,0,"));
}
