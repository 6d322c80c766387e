//! A participant's reduction measured from its meter's signed readings ("meter before"): its
//! baseline is its net consumption over the `BaselineIntervals` intervals before the event,
//! divided by `BaselineIntervals`; each event interval delivers the baseline minus what it
//! consumed then.
//!
//! A baseline interval without a reading (or with a `Missing` one) counts as zero consumption,
//! and an event interval without one delivers nothing: a reading held back, or pushed out of
//! the meter's window by a late claim, can only lower the reward, never raise it.

use crate::*;
use grid_primitives::{average_kw, IntervalEnergy, ReadingQuality};

/// What a meter's readings say a participant delivered in an event.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Measured {
	/// Net consumption per interval before the event, Wh: the baseline intervals' readings
	/// summed and divided by `BaselineIntervals` (`None`: no reading of any baseline interval
	/// was held, so nothing counts as delivered).
	pub baseline_wh: Option<u64>,
	/// Energy below the baseline, summed over the event's intervals, Wh.
	pub reduced_wh: u64,
	/// `reduced_wh` as an average power over the whole event, kW rounded down.
	pub delivered_kw: Kilowatts,
}

/// Net consumption in an interval, Wh: imported minus exported (a storage meter discharging
/// consumes less); `None` for a reading that carries no value.
fn net_wh(energy: &IntervalEnergy) -> Option<u64> {
	(energy.quality != ReadingQuality::Missing)
		.then(|| energy.imported_wh.saturating_sub(energy.exported_wh))
}

impl<T: Config> Pallet<T> {
	/// Measure `meter`'s reduction over `event` from the readings it still keeps (one
	/// storage read). Intervals without a reading (or with a `Missing` one) add nothing: to
	/// the baseline or to the reduction.
	pub fn measure(meter: u64, event: &MeteredEvent) -> Measured {
		let readings = T::Meters::readings(meter);
		let baseline_from = event.first_interval.saturating_sub(T::BaselineIntervals::get());
		let (mut sum, mut held) = (0u128, false);
		for (_, energy) in
			readings.iter().filter(|(i, _)| (baseline_from..event.first_interval).contains(i))
		{
			if let Some(wh) = net_wh(energy) {
				sum = sum.saturating_add(u128::from(wh));
				held = true;
			}
		}
		let intervals = u128::from(T::BaselineIntervals::get());
		let baseline_wh = held
			.then(|| sum.checked_div(intervals))
			.flatten()
			.map(|mean| u64::try_from(mean).unwrap_or(u64::MAX));
		let Some(baseline) = baseline_wh else {
			return Measured { baseline_wh, reduced_wh: 0, delivered_kw: 0 };
		};
		let event_range =
			event.first_interval..event.first_interval.saturating_add(event.intervals);
		let reduced_wh = readings
			.iter()
			.filter(|(i, _)| event_range.contains(i))
			.filter_map(|(_, energy)| net_wh(energy))
			.fold(0u64, |total, wh| total.saturating_add(baseline.saturating_sub(wh)));
		let event_ms = T::Meters::interval_ms().saturating_mul(u64::from(event.intervals));
		let delivered_kw = average_kw(reduced_wh, event_ms).unwrap_or(0);
		Measured { baseline_wh, reduced_wh, delivered_kw }
	}
}
