//! Types stored and returned by pallet-energy-market.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use grid_primitives::{IntervalIndex, KilowattHours, RegionId};
use scale_info::TypeInfo;
use sp_runtime::Permill;

/// Identifies a trade.
pub type TradeId = u64;
/// Identifies a metrics record.
pub type MetricsId = u64;

/// A producer's energy source (seed: `energy-type`).
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
pub enum EnergyType {
	/// Photovoltaic.
	Solar,
	/// Wind turbines.
	Wind,
	/// Hydroelectric.
	Hydro,
	/// Nuclear fission.
	Nuclear,
	/// Geothermal.
	Geothermal,
	/// Biomass.
	Biomass,
	/// Natural gas.
	NaturalGas,
}

/// A registered producer (seed: energy producers).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Producer {
	/// Most it can produce at once, kWh per report.
	pub capacity: KilowattHours,
	/// Its latest reported production.
	pub current_production: KilowattHours,
	/// Everything it reported producing plus everything it sold in trades.
	pub total_produced: KilowattHours,
	/// Its source.
	pub energy_type: EnergyType,
	/// Deactivated producers cannot report, trade or be traded with.
	pub active: bool,
	/// Reliability, 0-100; 100 at registration.
	pub reputation_score: u8,
	/// Its production meter (pallet-metering).
	pub meter: u64,
}

/// A registered consumer (seed: energy consumers). Its prepaid balance is real tokens held
/// under the pallet's hold reason, read with `consumer_balance`.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Consumer {
	/// Most it may consume in one call, kWh.
	pub consumption_limit: KilowattHours,
	/// Everything it consumed or bought.
	pub total_consumed: KilowattHours,
	/// Its latest consumption.
	pub current_usage: KilowattHours,
	/// Deactivated consumers cannot consume or buy.
	pub active: bool,
	/// Its consumption meter (pallet-metering): its region sets its price.
	pub meter: u64,
}

/// A registered storage facility (seed: energy storage).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct StorageFacility {
	/// Most it can store, kWh.
	pub capacity: KilowattHours,
	/// What it stores now, kWh.
	pub stored_amount: KilowattHours,
	/// Most it can charge in one call, kWh.
	pub charge_rate: KilowattHours,
	/// Most it can discharge in one call, kWh.
	pub discharge_rate: KilowattHours,
	/// Its storage meter (pallet-metering).
	pub meter: u64,
}

/// Where a trade stands.
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
pub enum TradeStatus {
	/// Waiting for the buyer.
	Open,
	/// The buyer paid.
	Completed,
	/// Cancelled by the seller, or by anyone after it expired.
	Cancelled,
}

/// A trade offer from a producer to a named buyer (seed: energy trades).
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Trade<AccountId, Balance, BlockNumber> {
	/// The producer selling.
	pub seller: AccountId,
	/// The consumer that may buy.
	pub buyer: AccountId,
	/// The energy, kWh.
	pub amount: KilowattHours,
	/// The whole price, in the token's smallest unit.
	pub price: Balance,
	/// The block it was created in.
	pub created_at: BlockNumber,
	/// The first block it can no longer be completed in.
	pub expires_at: BlockNumber,
	/// Open, completed or cancelled.
	pub status: TradeStatus,
}

/// The grid as the market sees it (seed: grid state).
#[derive(Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct GridState {
	/// The active producers' capacity added up, kWh.
	pub total_capacity: KilowattHours,
	/// The seed's grid load: production and discharge raise it, charging lowers it,
	/// consumption raises it.
	pub current_load: KilowattHours,
}

/// What `get_grid_status` answers.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct GridStatus {
	/// The active producers' capacity added up, kWh.
	pub total_capacity: KilowattHours,
	/// The grid load, kWh.
	pub current_load: KilowattHours,
	/// Load as a share of capacity, at most 100 % (0 without capacity).
	pub utilisation: Permill,
	/// Whether emergency pricing is on (set by the admin, or a stability emergency).
	pub emergency: bool,
}

/// A metrics record (seed: `record-metrics`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Metrics<BlockNumber> {
	/// Production, kWh.
	pub production: KilowattHours,
	/// Consumption, kWh.
	pub consumption: KilowattHours,
	/// Peak load, kWh.
	pub peak_load: KilowattHours,
	/// Efficiency.
	pub efficiency: Permill,
	/// When it was recorded.
	pub recorded_at: BlockNumber,
}

/// Identifies an order within its slot's book.
pub type OrderId = u32;

/// Which side of a slot's book an order is on.
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
pub enum Side {
	/// To buy: energy at most at a price.
	Bid,
	/// To sell: energy at least at a price.
	Offer,
}

/// One order of a `place_orders` batch: what `place_bid` or `place_offer` takes.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct OrderRequest<Balance> {
	/// A bid or an offer.
	pub side: Side,
	/// The region whose book it enters.
	pub region: RegionId,
	/// The delivery slot (metering interval).
	pub slot: IntervalIndex,
	/// The caller's meter in `region` (as `place_bid` or `place_offer` needs it).
	pub meter: u64,
	/// The energy, kWh.
	pub energy_kwh: KilowattHours,
	/// The limit price per kWh: the most a bid pays, the least an offer takes.
	pub limit_price: Balance,
}

/// An order in a slot auction: a bid (the most a buyer pays per kWh) or an offer (the least a
/// seller takes per kWh).
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Order<AccountId, Balance> {
	/// Its id in the slot's book (ids grow in the order orders were placed).
	pub id: OrderId,
	/// Who placed it.
	pub who: AccountId,
	/// The meter it is measured by: a consumption or storage meter for a bid, a production or
	/// storage meter for an offer.
	pub meter: u64,
	/// The energy, kWh.
	pub energy_kwh: KilowattHours,
	/// The limit price per kWh: the most a bid pays, the least an offer takes.
	pub limit_price: Balance,
	/// What is held for it: a bid's `energy x limit price` (after clearing, what it pays);
	/// an offer's collateral (after clearing, the collateral for the energy it sold).
	pub held: Balance,
	/// The energy it bought or sold when the slot cleared (0 before).
	pub matched_kwh: KilowattHours,
}

/// A slot's clearing result.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Clearing<Balance> {
	/// The slot (metering interval) it is for.
	pub slot: IntervalIndex,
	/// The uniform price per kWh every matched order trades at.
	pub price: Balance,
	/// The energy traded, kWh.
	pub volume_kwh: KilowattHours,
}

/// A slot's book outside its orders.
#[derive(Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct SlotState<Balance> {
	/// The id the next order gets.
	pub next_order_id: OrderId,
	/// Set once the slot cleared with a trade; the book then waits for settlement.
	pub cleared: Option<Clearing<Balance>>,
}
