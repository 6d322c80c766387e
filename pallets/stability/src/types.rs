//! Types stored and returned by pallet-stability.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use grid_primitives::{
	BalancingActionType, Kilowatts, MilliHertz, NominalFrequency, PhaseMilliDegrees, Priority,
	RegionId, StabilityLevel, VoltagePermille, NOMINAL_VOLTAGE_PERMILLE,
};
use scale_info::TypeInfo;

/// Identifies a stability event.
pub type EventId = u64;
/// Identifies an automated response rule.
pub type RuleId = u32;

/// The limits of one band: a reading inside all of them is at most this band's level.
/// Limits are inclusive.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Band {
	/// Largest deviation from the nominal frequency, in mHz.
	pub max_frequency_deviation_mhz: MilliHertz,
	/// Lowest voltage, per-mille of nominal.
	pub min_voltage_permille: VoltagePermille,
	/// Highest voltage, per-mille of nominal.
	pub max_voltage_permille: VoltagePermille,
	/// Largest phase angle either way, in millidegrees.
	pub max_phase_angle_mdeg: u32,
}

impl Band {
	fn contains(&self, deviation_mhz: u32, voltage: VoltagePermille, phase_mdeg: u32) -> bool {
		deviation_mhz <= self.max_frequency_deviation_mhz
			&& self.min_voltage_permille <= voltage
			&& voltage <= self.max_voltage_permille
			&& phase_mdeg <= self.max_phase_angle_mdeg
	}

	/// Whether `self` lies strictly inside `outer` on every limit.
	fn strictly_inside(&self, outer: &Band) -> bool {
		self.max_frequency_deviation_mhz < outer.max_frequency_deviation_mhz
			&& outer.min_voltage_permille < self.min_voltage_permille
			&& self.max_voltage_permille < outer.max_voltage_permille
			&& self.max_phase_angle_mdeg < outer.max_phase_angle_mdeg
	}
}

/// The normal, alert and emergency bands; outside the emergency band is critical.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct StabilityBands {
	/// Seed: 49.5-50.5 Hz, 95-105 % voltage.
	pub normal: Band,
	/// Outside normal, inside this: alert.
	pub alert: Band,
	/// Outside alert, inside this: emergency (the region enters emergency mode).
	pub emergency: Band,
}

impl Default for StabilityBands {
	/// The seed's normal band (±0.5 Hz, 95-105 %), and wider alert (±0.8 Hz, 93-107 %) and
	/// emergency (±1.5 Hz, 90-110 %) bands; phase angle within 10°, 20° and 30°.
	fn default() -> Self {
		Self {
			normal: Band {
				max_frequency_deviation_mhz: 500,
				min_voltage_permille: 950,
				max_voltage_permille: 1_050,
				max_phase_angle_mdeg: 10_000,
			},
			alert: Band {
				max_frequency_deviation_mhz: 800,
				min_voltage_permille: 930,
				max_voltage_permille: 1_070,
				max_phase_angle_mdeg: 20_000,
			},
			emergency: Band {
				max_frequency_deviation_mhz: 1_500,
				min_voltage_permille: 900,
				max_voltage_permille: 1_100,
				max_phase_angle_mdeg: 30_000,
			},
		}
	}
}

impl StabilityBands {
	/// Whether the bands nest strictly (normal inside alert inside emergency, on every
	/// limit) and the normal band holds the nominal voltage.
	pub fn is_valid(&self) -> bool {
		self.normal.min_voltage_permille <= NOMINAL_VOLTAGE_PERMILLE
			&& NOMINAL_VOLTAGE_PERMILLE <= self.normal.max_voltage_permille
			&& self.normal.strictly_inside(&self.alert)
			&& self.alert.strictly_inside(&self.emergency)
	}

	/// The level of a reading: the worst of its frequency, voltage and phase angle.
	pub fn classify(
		&self,
		nominal: NominalFrequency,
		frequency_mhz: MilliHertz,
		voltage_permille: VoltagePermille,
		phase_angle_mdeg: PhaseMilliDegrees,
	) -> StabilityLevel {
		let deviation = frequency_mhz.abs_diff(nominal.millihertz());
		let phase = phase_angle_mdeg.unsigned_abs();
		if self.normal.contains(deviation, voltage_permille, phase) {
			StabilityLevel::Normal
		} else if self.alert.contains(deviation, voltage_permille, phase) {
			StabilityLevel::Alert
		} else if self.emergency.contains(deviation, voltage_permille, phase) {
			StabilityLevel::Emergency
		} else {
			StabilityLevel::Critical
		}
	}
}

/// A region's stability settings: its nominal frequency and bands.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct RegionSettings {
	/// 50 Hz or 60 Hz.
	pub nominal_frequency: NominalFrequency,
	/// The bands, as deviations from the nominal frequency and per-mille voltages.
	pub bands: StabilityBands,
}

/// A region's latest stability reading.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct StabilityReading<AccountId, BlockNumber> {
	/// Frequency in mHz.
	pub frequency_mhz: MilliHertz,
	/// Voltage, per-mille of nominal.
	pub voltage_permille: VoltagePermille,
	/// Phase angle in millidegrees.
	pub phase_angle_mdeg: PhaseMilliDegrees,
	/// The level the region's bands give it.
	pub level: StabilityLevel,
	/// Who reported it.
	pub reporter: AccountId,
	/// When.
	pub reported_at: BlockNumber,
}

/// An open stability event.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct StabilityEvent<AccountId, BlockNumber> {
	/// The region.
	pub region: RegionId,
	/// How severe.
	pub severity: StabilityLevel,
	/// Frequency when it opened, in mHz.
	pub frequency_mhz: MilliHertz,
	/// Voltage when it opened, per-mille.
	pub voltage_permille: VoltagePermille,
	/// Who opened it: the reporter of the reading, or the operator that triggered it.
	pub opened_by: AccountId,
	/// Opened by hand (`trigger_stability_response`) rather than by a reading.
	pub manual: bool,
	/// When.
	pub opened_at: BlockNumber,
}

/// When an automated response fires.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum TriggerCondition {
	/// Frequency strictly below this many mHz.
	FrequencyBelow(MilliHertz),
	/// Frequency strictly above this many mHz.
	FrequencyAbove(MilliHertz),
	/// Voltage strictly below this per-mille.
	VoltageBelow(VoltagePermille),
	/// Voltage strictly above this per-mille.
	VoltageAbove(VoltagePermille),
	/// The reading's level is at least this.
	LevelAtLeast(StabilityLevel),
}

impl TriggerCondition {
	/// Whether a reading meets the condition.
	pub fn is_met(
		&self,
		frequency_mhz: MilliHertz,
		voltage_permille: VoltagePermille,
		level: StabilityLevel,
	) -> bool {
		match *self {
			Self::FrequencyBelow(limit) => frequency_mhz < limit,
			Self::FrequencyAbove(limit) => frequency_mhz > limit,
			Self::VoltageBelow(limit) => voltage_permille < limit,
			Self::VoltageAbove(limit) => voltage_permille > limit,
			Self::LevelAtLeast(least) => level >= least,
		}
	}
}

/// An automated response: when a reading meets `condition`, ask for `action`.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct AutomatedRule {
	/// When it fires.
	pub condition: TriggerCondition,
	/// What it asks balancing for.
	pub action: BalancingActionType,
	/// How much, in kW.
	pub target_adjustment_kw: Kilowatts,
	/// At which priority.
	pub priority: Priority,
}
