//! Simulated meters: their keys, the energy they register per interval, their signed
//! readings and the general transactions (no signer, no fee) that carry them to a node. Used
//! by `grid-meters` (the meter simulator) and by grid-bench's `readings` kind.

use codec::Encode;
use grid_primitives::{max_energy_wh, IntervalIndex, MeterKind, ReadingQuality};
use grid_runtime::{signing, Runtime, RuntimeCall};
use pallet_metering::{reading_payload, MeterId, Reading, SignedReading};
use sp_core::{ed25519, Pair};

use crate::chain::Result;

/// Most readings one `submit_readings` carries (the runtime's `MaxReadingsPerBatch`).
pub fn max_batch() -> usize {
	<<Runtime as pallet_metering::Config>::MaxReadingsPerBatch as frame_support::traits::Get<
		u32,
	>>::get() as usize
}

/// The key of simulated meter `i`: its 32-byte seed is `grid-meters/` and `i` (little
/// endian), zero-padded, so every run (and anyone reading this) knows it: for test and demo
/// chains only.
pub fn meter_key(i: u32) -> ed25519::Pair {
	let mut seed = [0u8; 32];
	let (tag, rest) = seed.split_at_mut(12);
	tag.copy_from_slice(b"grid-meters/");
	if let Some(index) = rest.get_mut(..4) {
		index.copy_from_slice(&i.to_le_bytes());
	}
	ed25519::Pair::from_seed(&seed)
}

/// What simulated meter `meter` registers in `interval` (of `interval_ms`), in Wh:
/// `load_percent` of what its rating carries in an interval, shaped over a day of 96 intervals
/// (85 % at 06:00 UTC up to 115 % at 18:00 with 15-minute intervals) with a spread of ±5 % that
/// differs per meter and interval, never above the rating.
pub fn simulated_wh(
	meter: MeterId,
	interval: IntervalIndex,
	rated_kw: u64,
	load_percent: u64,
	interval_ms: u64,
) -> u64 {
	let full = max_energy_wh(rated_kw, interval_ms);
	let of_day = i64::from(interval % 96);
	// Distance, in intervals, from 18:00 (interval 72 of the day), around the clock.
	let from_peak = (of_day - 72).rem_euclid(96).min((72 - of_day).rem_euclid(96));
	let daily = 115 - from_peak * 30 / 48;
	let spread =
		(meter.wrapping_mul(2_654_435_761) ^ u64::from(interval).wrapping_mul(40_503)) % 11;
	let percent = (load_percent as i64 * daily / 100 + spread as i64 - 5).max(0) as u64;
	(full.saturating_mul(percent) / 100).min(full)
}

/// `reading` signed by `key` for the chain whose genesis hash is `genesis`.
pub fn sign(key: &ed25519::Pair, genesis: [u8; 32], reading: Reading) -> SignedReading {
	SignedReading { reading, signature: key.sign(&reading_payload(&genesis, &reading)) }
}

/// A measured reading of `meter` (of `kind`) for `interval`: `wh` exported by a production
/// meter, imported by the others.
pub fn reading(meter: MeterId, kind: MeterKind, interval: IntervalIndex, wh: u64) -> Reading {
	let (imported_wh, exported_wh) = match kind {
		MeterKind::Production => (0, wh),
		MeterKind::Feeder | MeterKind::Consumption | MeterKind::Storage => (wh, 0),
	};
	Reading { meter, interval, imported_wh, exported_wh, quality: ReadingQuality::Measured }
}

/// The encoded general transaction carrying `readings` (at most [`max_batch`]).
pub fn extrinsic(readings: Vec<SignedReading>) -> Result<Vec<u8>> {
	let readings = readings.try_into().map_err(|_| "more readings than a batch holds")?;
	let call = RuntimeCall::Metering(pallet_metering::Call::submit_readings { readings });
	Ok(signing::general(call).encode())
}

/// The interval (of `interval_ms`) that Unix time `now_ms` falls in.
pub fn interval_at(now_ms: u64, interval_ms: u64) -> Result<IntervalIndex> {
	grid_primitives::interval_at(now_ms, interval_ms)
		.ok_or_else(|| "the clock is out of the intervals' range".into())
}

/// The chain's metering interval, ms (`Metering::IntervalLength`: 15 minutes, or a block on
/// the `dev-demo` chain).
pub async fn chain_interval_ms(api: &subxt::OnlineClient<subxt::SubstrateConfig>) -> Result<u64> {
	let at = api.at_current_block().await?;
	let address = subxt::dynamic::storage::<(), u64>("Metering", "IntervalLength");
	Ok(at.storage().fetch(address, ()).await?.decode()?)
}
