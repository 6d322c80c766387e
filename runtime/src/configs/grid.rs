//! The grid pallets: load, balancing, demand response, stability, the energy market and
//! metering.

use super::*;

parameter_types! {
	/// A region silent for ten minutes reads as stale.
	pub const LoadStaleAfter: BlockNumber = 10 * MINUTES;
	/// Balancing actions expire after an hour.
	pub const BalancingActionTimeout: BlockNumber = HOURS;
	/// Trades expire after an hour.
	pub const TradeTtl: BlockNumber = HOURS;
	/// The grid's pot, which consumption is paid into.
	pub const EnergyMarketPalletId: PalletId = PalletId(*b"grid/pot");
	/// Held per market registration (producer, consumer, storage): a record of about 60 bytes.
	pub const ParticipantDeposit: Balance = 10 * MILLI_UNIT;
	/// Held per demand-response program from its creator: a record of up to about 230 bytes
	/// (program, metered event, standby place).
	pub const DemandProgramDeposit: Balance = 100 * MILLI_UNIT;
	/// Held per participation in a demand-response program: up to about 140 bytes
	/// (participation, meter, enrollment). With 128 places a program costs whoever fills it
	/// 12.8 GRID of deposits, and its operator may remove any whose reduction is not yet
	/// measured.
	pub const DemandParticipationDeposit: Balance = 100 * MILLI_UNIT;
}

impl pallet_load::Config for Runtime {
	type Operators = Operators;
	type ThresholdsOrigin = GridAdminOrigin;
	type AggregatorOrigin = GridAdminOrigin;
	/// A region turning critical opens a balancing action.
	type OnLoadStatusChange = Balancing;
	/// A day of readings at one every 15 minutes.
	type HistoryDepth = ConstU32<96>;
	type StaleAfter = LoadStaleAfter;
	type MaxBatch = ConstU32<64>;
	type MaxAggregatorRegions = ConstU32<64>;
	type WeightInfo = pallet_load::weights::SubstrateWeight<Runtime>;
}

impl pallet_balancing::Config for Runtime {
	type Operators = Operators;
	type AdminOrigin = GridAdminOrigin;
	type Load = Load;
	type MaxOpenActions = ConstU32<16>;
	// Half of each region's list is kept for critical load and stability rules, which take
	// no other place.
	type AutomaticPlaces = ConstU32<8>;
	// Half of the operators' places: no operator fills them alone.
	type MaxActionsPerOperator = ConstU32<4>;
	type ActionTimeout = BalancingActionTimeout;
	type MaxExpiriesPerBlock = ConstU32<32>;
	type WeightInfo = pallet_balancing::weights::SubstrateWeight<Runtime>;
}

impl pallet_demand_response::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = Operators;
	type MaxNameLen = ConstU32<64>;
	type MaxParticipants = ConstU32<128>;
	type MaxStandbyPrograms = ConstU32<8>;
	/// Metered programs measure reductions against signed meter readings.
	type Meters = Metering;
	/// The baseline: the hour before the event.
	type BaselineIntervals = ConstU32<4>;
	/// Metered events start at most a week ahead.
	type MaxLeadIntervals = ConstU32<{ 7 * 96 }>;
	/// Metered events last up to an hour.
	type MaxEventIntervals = ConstU32<4>;
	type ProgramDeposit = DemandProgramDeposit;
	type ParticipationDeposit = DemandParticipationDeposit;
	type WeightInfo = pallet_demand_response::weights::SubstrateWeight<Runtime>;
}

impl pallet_stability::Config for Runtime {
	type Operators = Operators;
	type RuleOrigin = GridAdminOrigin;
	type ResolveOrigin = GridAdminOrigin;
	type SettingsOrigin = GridAdminOrigin;
	/// Fired rules open balancing actions.
	type Responder = Balancing;
	/// An emergency starts the region's standby emergency-response programs.
	type OnEmergencyChange = DemandResponse;
	type MaxRules = ConstU32<16>;
	type MaxOpenEvents = ConstU32<16>;
	type WeightInfo = pallet_stability::weights::SubstrateWeight<Runtime>;
}

impl pallet_energy_market::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PricingOrigin = GridAdminOrigin;
	type MetricsOrigin = GridAdminOrigin;
	type ParticipantsOrigin = GridAdminOrigin;
	/// Emergency pricing in a region while it is in emergency mode.
	type Emergency = Stability;
	/// Prices follow each region's latest load (measured by its feeders where it has them).
	type Load = Load;
	type ParticipantDeposit = ParticipantDeposit;
	type PalletId = EnergyMarketPalletId;
	/// The seed's unit is a milli-GRID: 100 of them (0.1 GRID) per kWh.
	type DefaultBasePrice = ConstU128<{ 100 * MILLI_UNIT }>;
	type EmergencyMultiplier = ConstU32<3>;
	/// The seed's 1..=1_000_000, in milli-GRID: 0.001 to 1,000 GRID.
	type MinTopUp = ConstU128<MILLI_UNIT>;
	type MaxTopUp = ConstU128<{ 1_000_000 * MILLI_UNIT }>;
	type TradeTtl = TradeTtl;
	type MaxOpenTrades = ConstU32<64>;
	type MaxTradeHistory = ConstU32<1_024>;
	type MaxMetrics = ConstU32<1_024>;
	/// 32 expired trades cancelled a block at most.
	type MaxExpiriesPerBlock = ConstU32<32>;
	/// The pot is spent by Root or two thirds of the grid council.
	type SpendOrigin = GridAdminOrigin;
	/// Slot auctions are per metering interval, against the meters' readings.
	type Meters = Metering;
	/// 128 bids and 128 offers a region and slot: clearing a full book is benchmarked.
	type MaxBidsPerSlot = ConstU32<128>;
	type MaxOffersPerSlot = ConstU32<128>;
	/// A slot's gate closes at the start of the interval before it (15 minutes, 150 blocks).
	type GateClosureIntervals = ConstU32<1>;
	/// Orders up to a day ahead.
	type MaxSlotsAhead = ConstU32<96>;
	/// A participant's schedule of 16 orders (eight slots' bids and offers) in one call.
	type MaxOrdersPerCall = ConstU32<16>;
	/// A kWh sold and not delivered costs three times the clearing price.
	type ImbalanceMultiplier = ConstU32<3>;
	type WeightInfo = pallet_energy_market::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Held from an operator per meter it registers: about 0.5 KB of state a meter.
	pub const MeterDeposit: Balance = 10 * MILLI_UNIT;
	/// Metering intervals (and market slots) are 15 minutes.
	pub const MeteringIntervalMillis: u64 = grid_primitives::METERING_INTERVAL_MS;
	/// A reading is accepted for an hour after its interval ends.
	pub const MeteringLateWindow: u32 = 4;
	/// A meter keeps its last four hours of readings: a metered demand-response claim needs
	/// the hour before its event, the event (up to an hour) and the hour its readings may be
	/// late, and leaves an hour to claim.
	pub const MeterReadingWindow: u32 = 16;
	/// Readings come before any paid transaction (whose priority is capped below this).
	pub const MeterReadingPriority: TransactionPriority = fees::TELEMETRY_PRIORITY;
	/// A batch waits in the pool for up to one interval; gateways resend after that.
	pub const MeterReadingLongevity: TransactionLongevity = 15 * MINUTES as TransactionLongevity;
}

impl pallet_metering::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = Operators;
	type AdminOrigin = GridAdminOrigin;
	type UnixTime = Timestamp;
	/// Feeder readings set their region's load.
	type MeteredLoad = Load;
	/// A meter measuring an unclaimed demand-response reward keeps its key and readings.
	/// Meters measuring an unclaimed reward or an unsettled market order.
	type MeterInUse = (DemandResponse, EnergyMarket);
	type MeterDeposit = MeterDeposit;
	type IntervalMillis = MeteringIntervalMillis;
	type LateWindow = MeteringLateWindow;
	type ReadingWindow = MeterReadingWindow;
	type MaxReadingsPerBatch = ConstU32<256>;
	type ReadingPriority = MeterReadingPriority;
	type ReadingLongevity = MeterReadingLongevity;
	type WeightInfo = pallet_metering::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TimestampForBenchmarks;
}

/// Sets the chain's clock for pallet-metering's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct TimestampForBenchmarks;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_metering::BenchmarkHelper for TimestampForBenchmarks {
	fn set_unix_time_ms(unix_ms: u64) {
		pallet_timestamp::Now::<Runtime>::put(unix_ms);
	}
}
