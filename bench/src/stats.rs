//! What a kind's run measured, the ratios between kinds, and how they are printed.

use serde::Serialize;
use std::time::{Duration, Instant};

/// One extrinsic's way through the node.
#[derive(Clone, Default, Debug)]
pub struct TxTimes {
	pub submitted: Option<Instant>,
	/// When the block including it was seen, and its number.
	pub included: Option<(Instant, u64)>,
	pub finalized: Option<Instant>,
	/// The pool refused it.
	pub rejected: bool,
	/// Included, but its dispatch failed (`System.ExtrinsicFailed`).
	pub failed: bool,
}

/// A block that included at least one extrinsic of the kind.
#[derive(Clone, Debug)]
pub struct BlockStat {
	/// Extrinsics of the kind in it.
	pub ours: u32,
	/// `System.BlockWeight`, all classes.
	pub ref_time: u64,
	/// Bytes of its extrinsics.
	pub length: u64,
}

/// One kind's figures: a row of the table, the CSV and the JSON.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct KindResult {
	pub kind: String,
	/// Meter readings (or other items) per extrinsic: 64 for a full `report_loads`.
	pub items_per_extrinsic: u32,
	pub sent: usize,
	/// Included and dispatched without error.
	pub succeeded: usize,
	/// Included, dispatch failed.
	pub failed: usize,
	/// Refused by the pool when submitted.
	pub rejected: usize,
	/// Accepted, never seen in a block (or never final) before the run gave up on them.
	pub dropped: usize,
	/// From the first submission to the last inclusion.
	pub seconds: f64,
	/// Extrinsics the node accepted per second while they were being submitted.
	pub accepted_per_second: f64,
	pub extrinsics_per_second: f64,
	pub items_per_second: f64,
	pub blocks: usize,
	pub per_block_mean: f64,
	pub per_block_max: u32,
	/// Mean over those blocks of `BlockWeight` / `max_block` ref_time, in percent.
	pub weight_full_percent: f64,
	/// Mean over those blocks of extrinsic bytes / the normal-class length limit, in percent.
	pub length_full_percent: f64,
	pub inclusion_ms_p50: Option<f64>,
	pub inclusion_ms_p99: Option<f64>,
	pub finality_ms_p50: Option<f64>,
	pub finality_ms_p99: Option<f64>,
	pub node_peak_rss_mib: Option<f64>,
}

/// The nearest-rank percentile `p` (0-100) of `values`, which it sorts.
pub fn percentile(values: &mut [f64], p: f64) -> Option<f64> {
	if values.is_empty() {
		return None;
	}
	values.sort_by(|a, b| a.total_cmp(b));
	let rank = ((p / 100.0) * values.len() as f64).ceil().max(1.0) as usize;
	values.get(rank.min(values.len()) - 1).copied()
}

fn millis(d: Duration) -> f64 {
	d.as_secs_f64() * 1000.0
}

/// When a kind's submissions began and when the last was answered.
#[derive(Clone, Copy, Debug)]
pub struct Span {
	pub started: Instant,
	pub submitted: Instant,
}

/// The runtime's block limits: `max_block` ref_time and the normal class's length.
#[derive(Clone, Copy, Debug)]
pub struct BlockLimits {
	pub max_ref_time: u64,
	pub max_length: u64,
}

/// Sums a kind's extrinsics and blocks up into its row.
pub fn summarize(
	kind: &str,
	items_per_extrinsic: u32,
	txs: &[TxTimes],
	blocks: &[BlockStat],
	Span { started, submitted }: Span,
	BlockLimits { max_ref_time, max_length }: BlockLimits,
	node_peak_rss_mib: Option<f64>,
) -> KindResult {
	let included: Vec<&TxTimes> = txs.iter().filter(|t| t.included.is_some()).collect();
	let succeeded = included.iter().filter(|t| !t.failed).count();
	let failed = included.len() - succeeded;
	let rejected = txs.iter().filter(|t| t.rejected).count();
	let dropped = txs.len() - included.len() - rejected;
	let last = included.iter().filter_map(|t| t.included.map(|(at, _)| at)).max();
	let seconds = last.map_or(0.0, |last| last.saturating_duration_since(started).as_secs_f64());
	let per_second = |n: usize| if seconds > 0.0 { n as f64 / seconds } else { 0.0 };
	let submitting = submitted.saturating_duration_since(started).as_secs_f64();
	let accepted = txs.len() - rejected;

	let mut inclusion: Vec<f64> = included
		.iter()
		.filter_map(|t| Some(millis(t.included?.0.saturating_duration_since(t.submitted?))))
		.collect();
	let mut finality: Vec<f64> = included
		.iter()
		.filter_map(|t| Some(millis(t.finalized?.saturating_duration_since(t.submitted?))))
		.collect();

	let n = blocks.len();
	let mean = |f: &dyn Fn(&BlockStat) -> f64| {
		if n == 0 {
			0.0
		} else {
			blocks.iter().map(f).sum::<f64>() / n as f64
		}
	};
	let share =
		|part: u64, whole: u64| if whole == 0 { 0.0 } else { 100.0 * part as f64 / whole as f64 };
	KindResult {
		kind: kind.to_string(),
		items_per_extrinsic,
		sent: txs.len(),
		succeeded,
		failed,
		rejected,
		dropped,
		seconds,
		accepted_per_second: if submitting > 0.0 { accepted as f64 / submitting } else { 0.0 },
		extrinsics_per_second: per_second(succeeded),
		items_per_second: per_second(succeeded) * f64::from(items_per_extrinsic),
		blocks: n,
		per_block_mean: mean(&|b| f64::from(b.ours)),
		per_block_max: blocks.iter().map(|b| b.ours).max().unwrap_or(0),
		weight_full_percent: mean(&|b| share(b.ref_time, max_ref_time)),
		length_full_percent: mean(&|b| share(b.length, max_length)),
		inclusion_ms_p50: percentile(&mut inclusion, 50.0),
		inclusion_ms_p99: percentile(&mut inclusion, 99.0),
		finality_ms_p50: percentile(&mut finality, 50.0),
		finality_ms_p99: percentile(&mut finality, 99.0),
		node_peak_rss_mib,
	}
}

/// The throughput targets, as lines: each kind's extrinsics per second against transfers,
/// and readings per second through batches against single reports; then the same at block
/// capacity (the fullest block of each kind), which does not depend on how many extrinsics
/// the last block of a kind happened to carry.
pub fn ratio_lines(
	results: &[KindResult],
	transfer: &str,
	single: &str,
	batch: &str,
) -> Vec<String> {
	let find = |name: &str| results.iter().find(|r| r.kind == name);
	let capacity = |r: &KindResult| f64::from(r.per_block_max) * f64::from(r.items_per_extrinsic);
	let mut lines = Vec::new();
	if let Some(t) = find(transfer).filter(|t| t.extrinsics_per_second > 0.0) {
		for r in results.iter().filter(|r| r.kind != transfer) {
			let ratio = r.extrinsics_per_second / t.extrinsics_per_second;
			let target = if r.kind == single { "  (target >= 1.00x)" } else { "" };
			lines.push(format!(
				"{:<40} {:>8.1} extrinsics/s = {:>5.2}x transfers/s{target}",
				r.kind, r.extrinsics_per_second, ratio
			));
		}
	}
	if let (Some(s), Some(b)) = (find(single), find(batch)) {
		if s.items_per_second > 0.0 {
			lines.push(format!(
				"{:<40} {:>8.1} readings/s = {:>5.2}x readings/s of single reports  (target >= 10x)",
				b.kind,
				b.items_per_second,
				b.items_per_second / s.items_per_second
			));
		}
	}
	lines.push("at block capacity (the fullest block of each kind):".into());
	if let (Some(t), Some(s)) = (find(transfer), find(single)) {
		if t.per_block_max > 0 {
			lines.push(format!(
				"{:<40} {:>8} extrinsics/block = {:>5.2}x transfers/block ({})",
				s.kind,
				s.per_block_max,
				f64::from(s.per_block_max) / f64::from(t.per_block_max),
				t.per_block_max
			));
		}
	}
	if let (Some(s), Some(b)) = (find(single), find(batch)) {
		if s.per_block_max > 0 {
			lines.push(format!(
				"{:<40} {:>8} readings/block = {:>5.2}x readings/block of single reports ({})",
				b.kind,
				capacity(b),
				capacity(b) / capacity(s),
				s.per_block_max
			));
		}
	}
	lines
}

fn opt(v: Option<f64>) -> String {
	v.map_or_else(|| "-".into(), |v| format!("{v:.0}"))
}

/// The table printed on stdout.
pub fn table(results: &[KindResult]) -> String {
	let mut out = format!(
		"{:<40} {:>6} {:>6} {:>5} {:>5} {:>5} {:>8} {:>8} {:>9} {:>6} {:>9} {:>7} {:>7} {:>13} {:>13} {:>7}\n",
		"kind",
		"sent",
		"ok",
		"fail",
		"rej",
		"drop",
		"accept/s",
		"xt/s",
		"items/s",
		"blocks",
		"per block",
		"weight%",
		"length%",
		"incl p50/p99",
		"final p50/p99",
		"RSS MiB"
	);
	for r in results {
		out.push_str(&format!(
			"{:<40} {:>6} {:>6} {:>5} {:>5} {:>5} {:>8.1} {:>8.1} {:>9.1} {:>6} {:>9} {:>7.1} {:>7.1} {:>13} {:>13} {:>7}\n",
			r.kind,
			r.sent,
			r.succeeded,
			r.failed,
			r.rejected,
			r.dropped,
			r.accepted_per_second,
			r.extrinsics_per_second,
			r.items_per_second,
			r.blocks,
			format!("{:.0}/{}", r.per_block_mean, r.per_block_max),
			r.weight_full_percent,
			r.length_full_percent,
			format!("{}/{}", opt(r.inclusion_ms_p50), opt(r.inclusion_ms_p99)),
			format!("{}/{}", opt(r.finality_ms_p50), opt(r.finality_ms_p99)),
			opt(r.node_peak_rss_mib),
		));
	}
	out
}

/// The same rows as CSV (latencies in milliseconds).
pub fn csv(results: &[KindResult]) -> String {
	let mut out = String::from(
		"kind,items_per_extrinsic,sent,succeeded,failed,rejected,dropped,seconds,\
		 accepted_per_second,extrinsics_per_second,items_per_second,blocks,per_block_mean,per_block_max,\
		 weight_full_percent,length_full_percent,inclusion_ms_p50,inclusion_ms_p99,\
		 finality_ms_p50,finality_ms_p99,node_peak_rss_mib\n",
	);
	let o = |v: Option<f64>| v.map_or_else(String::new, |v| format!("{v:.1}"));
	for r in results {
		out.push_str(&format!(
			"{},{},{},{},{},{},{},{:.3},{:.2},{:.2},{:.2},{},{:.2},{},{:.2},{:.2},{},{},{},{},{}\n",
			r.kind,
			r.items_per_extrinsic,
			r.sent,
			r.succeeded,
			r.failed,
			r.rejected,
			r.dropped,
			r.seconds,
			r.accepted_per_second,
			r.extrinsics_per_second,
			r.items_per_second,
			r.blocks,
			r.per_block_mean,
			r.per_block_max,
			r.weight_full_percent,
			r.length_full_percent,
			o(r.inclusion_ms_p50),
			o(r.inclusion_ms_p99),
			o(r.finality_ms_p50),
			o(r.finality_ms_p99),
			o(r.node_peak_rss_mib),
		));
	}
	out
}

/// Slot-auction orders against the market's target of 1,000 a second: each order kind's
/// orders per second by the wall clock, and at full blocks: the orders its blocks carried per
/// percent of `max_block` they weighed, times the percent normal extrinsics may use
/// (`normal_percent`), one block every `block_seconds`.
pub fn order_lines(
	results: &[KindResult],
	kinds: &[&str],
	normal_percent: f64,
	block_seconds: f64,
) -> Vec<String> {
	let mut lines = Vec::new();
	for r in results.iter().filter(|r| kinds.contains(&r.kind.as_str())) {
		lines
			.push(format!("{:<40} {:>8.1} orders/s  (target >= 1000)", r.kind, r.items_per_second));
		if r.weight_full_percent > 0.0 && block_seconds > 0.0 {
			let per_block = r.per_block_mean * f64::from(r.items_per_extrinsic);
			let full = per_block / r.weight_full_percent * normal_percent;
			lines.push(format!(
				"{:<40} {:>8.0} orders/block at full blocks = {:.0} orders/s  ({:.0} orders a block at {:.1} % weight)",
				r.kind,
				full,
				full / block_seconds,
				per_block,
				r.weight_full_percent
			));
		}
	}
	lines
}
