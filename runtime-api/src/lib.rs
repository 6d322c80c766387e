//! # grid-runtime-api
//!
//! `GridApi`: every read-only function of grid-chain's two seeds, and the reads the grid
//! pallets add, as one runtime API. Wallets and scripts call it through `state_call`
//! without a custom RPC; its types are in the runtime metadata, so polkadot.js
//! (`api.call.gridApi.getCurrentLoad("North")`) and subxt call it by name.
//!
//! The API is generic over the runtime's account, balance and block number types, and over
//! the records whose bounds the runtime chooses (an operator, a program, a meter).
//!
//! Version 2 added the meter reads (`get_meter`, `get_meter_readings`). Version 4: programs
//! and participations carry the storage deposit held for them (`Participation` became
//! generic over the balance).

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use grid_primitives::{IntervalIndex, LoadStatus, RegionId, StabilityLevel};
use pallet_balancing::{ActionId, BalancingAction, RegionCapacity};
use pallet_demand_response::{Participation, ProgramId};
use pallet_energy_market::{
	Clearing, Consumer, GridStatus, Metrics, MetricsId, Order, Producer, SlotState,
	StorageFacility, Trade, TradeId,
};
use pallet_load::LoadReading;
use pallet_metering::{MeterId, StoredReading};
use pallet_stability::{EventId, RegionSettings, StabilityEvent, StabilityReading};

sp_api::decl_runtime_apis! {
	/// Read-only queries of the grid.
	#[api_version(4)]
	pub trait GridApi<AccountId, Balance, BlockNumber, OperatorInfo, Program, Meter>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
		OperatorInfo: Codec,
		Program: Codec,
		Meter: Codec,
	{
		// --- Operators (seed: grid-operator-verification) ---

		/// The operator record of `who` (seed: `get-operator`).
		fn get_operator(who: AccountId) -> Option<OperatorInfo>;
		/// Whether `who` is a verified, not suspended operator (seed: `is-verified-operator`).
		fn is_verified_operator(who: AccountId) -> bool;

		// --- Load (seed: load-monitoring) ---

		/// A region's latest reading, `Stale` when old (seed: `get-current-load`).
		fn get_current_load(region: RegionId) -> Option<LoadReading<BlockNumber>>;
		/// Whether a region's current load is critical (seed: `is-critical-load`).
		fn is_critical_load(region: RegionId) -> bool;
		/// The status of a load of `percent` % (seed: `get-load-status`).
		fn get_load_status(percent: u32) -> LoadStatus;
		/// A region's recent readings, oldest first.
		fn get_load_history(region: RegionId) -> Vec<LoadReading<BlockNumber>>;

		// --- Balancing (seed: balancing-coordination) ---

		/// A region's generation figures.
		fn get_region_capacity(region: RegionId) -> Option<RegionCapacity<BlockNumber>>;
		/// A region's open balancing actions, highest priority first.
		fn get_open_actions(region: RegionId) -> Vec<(ActionId, BalancingAction<AccountId, BlockNumber>)>;
		/// One open balancing action.
		fn get_balancing_action(action_id: ActionId) -> Option<BalancingAction<AccountId, BlockNumber>>;

		// --- Demand response (seed: demand-response) ---

		/// A program not yet settled or cancelled.
		fn get_program(program_id: ProgramId) -> Option<Program>;
		/// A program's participants.
		fn get_program_participants(program_id: ProgramId) -> Vec<(AccountId, Participation<Balance>)>;
		/// What a participant would be paid if the program were settled now.
		fn get_pending_reward(program_id: ProgramId, participant: AccountId) -> Balance;

		// --- Stability (seed: stability-maintenance) ---

		/// A region's latest stability reading.
		fn get_stability_metrics(region: RegionId) -> Option<StabilityReading<AccountId, BlockNumber>>;
		/// A region's stability level by its latest reading.
		fn get_stability_level(region: RegionId) -> StabilityLevel;
		/// A region's open stability events.
		fn get_open_stability_events(region: RegionId) -> Vec<(EventId, StabilityEvent<AccountId, BlockNumber>)>;
		/// Whether a region is in emergency mode.
		fn is_region_in_emergency(region: RegionId) -> bool;
		/// Whether any region is in emergency mode.
		fn is_grid_in_emergency() -> bool;
		/// A region's nominal frequency and bands.
		fn get_region_stability_settings(region: RegionId) -> RegionSettings;

		// --- Energy market (seed: smart grid) ---

		/// A producer (seed: `get-producer-info`).
		fn get_producer_info(who: AccountId) -> Option<Producer>;
		/// A consumer and its prepaid balance (seed: `get-consumer-info`).
		fn get_consumer_info(who: AccountId) -> Option<(Consumer, Balance)>;
		/// A storage facility (seed: `get-storage-info`).
		fn get_storage_info(who: AccountId) -> Option<StorageFacility>;
		/// A trade (seed: `get-trade-info`).
		fn get_trade_info(trade_id: TradeId) -> Option<Trade<AccountId, Balance, BlockNumber>>;
		/// Capacity, load, utilisation and emergency (seed: `get-grid-status`).
		fn get_grid_status() -> GridStatus;
		/// The grid-wide price per kWh (before version 3: the seed's declared counters set it).
		#[changed_in(3)]
		fn get_dynamic_price() -> Option<Balance>;
		/// The price per kWh in `region` now (seed: `get-dynamic-price`), from the region's
		/// latest load and its emergency; `None` if it overflows.
		fn get_dynamic_price(region: RegionId) -> Option<Balance>;
		/// A metrics record (seed: `get-metrics`).
		fn get_metrics(metrics_id: MetricsId) -> Option<Metrics<BlockNumber>>;

		// --- Metering (since version 2) ---

		/// A registered meter: key, region, kind, owner, rated power, deposit and its latest
		/// readings.
		fn get_meter(meter: MeterId) -> Option<Meter>;
		/// A meter's stored readings, oldest first (empty for an unknown meter).
		fn get_meter_readings(meter: MeterId) -> Vec<StoredReading>;

		// --- Slot auctions (since version 3) ---

		/// A region's book for a slot: its bids, its offers (each in the order placed) and
		/// its state (`None`: no book).
		fn get_slot_book(
			region: RegionId,
			slot: IntervalIndex,
		) -> (Vec<Order<AccountId, Balance>>, Vec<Order<AccountId, Balance>>, Option<SlotState<Balance>>);
		/// A region's latest clearing with a trade.
		fn get_last_clearing(region: RegionId) -> Option<Clearing<Balance>>;
	}
}
