#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod features;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
#[cfg(test)]
#[path = "tests/auction.rs"]
mod tests_auction;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{
			self,
			hold::{Inspect as _, Mutate as _},
			Inspect as _, Mutate as _,
		},
		tokens::{Fortitude, Precision, Preservation, Restriction},
	},
	PalletId,
};
use frame_system::pallet_prelude::*;
use grid_primitives::{EmergencyState, IntervalIndex, KilowattHours, MeterReadings, RegionId};
use sp_runtime::{
	traits::{
		AccountIdConversion, CheckedAdd, CheckedDiv, CheckedMul, SaturatedConversion, Saturating,
		Zero,
	},
	Permill,
};

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// A runtime's trade.
pub type TradeOf<T> =
	Trade<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// A runtime's slot-auction order.
pub type OrderOf<T> = Order<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// A slot's bids.
pub type BidsOf<T> = BoundedVec<OrderOf<T>, <T as Config>::MaxBidsPerSlot>;
/// A slot's offers.
pub type OffersOf<T> = BoundedVec<OrderOf<T>, <T as Config>::MaxOffersPerSlot>;

/// Most a producer's reputation can be.
pub const MAX_REPUTATION: u8 = 100;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A consumer's prepaid balance.
		PrepaidBalance,
		/// A producer's, consumer's or storage facility's registration deposit.
		ParticipantDeposit,
		/// A slot-auction bid: `energy x limit price` until the slot clears, then what the
		/// bid pays until settlement.
		MarketBid,
		/// A slot-auction offer's collateral against a shortfall.
		MarketCollateral,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: prepaid balances are held in it, trades paid in it.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::hold::Mutate<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Sets the base price and switches grid-wide emergency pricing (seed: the contract
		/// owner): in the runtime, Root or two thirds of the grid council.
		type PricingOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Records grid metrics (seed: the contract owner): in the runtime, Root or two
		/// thirds of the grid council.
		type MetricsOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Sets producers' reputation and deactivates participants (seed: the contract
		/// owner): in the runtime, Root or two thirds of the grid council.
		type ParticipantsOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Which regions are in emergency (pallet-stability): emergency pricing there.
		type Emergency: EmergencyState;

		/// Each region's latest load (pallet-load: measured by feeder meters where the region
		/// has them): the dynamic price follows it.
		type Load: grid_primitives::LoadMonitor;

		/// Held from each producer, consumer and storage registration, for its record;
		/// released when the admin deactivates the participant.
		#[pallet::constant]
		type ParticipantDeposit: Get<BalanceOf<Self>>;

		/// The grid's pot: consumption is paid into this pallet account.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The base price per kWh until the admin sets one.
		#[pallet::constant]
		type DefaultBasePrice: Get<BalanceOf<Self>>;

		/// The emergency price is the base price times this (seed: 3).
		#[pallet::constant]
		type EmergencyMultiplier: Get<u32>;

		/// Smallest prepaid top-up (seed: 1).
		#[pallet::constant]
		type MinTopUp: Get<BalanceOf<Self>>;

		/// Largest prepaid top-up (seed: 1_000_000).
		#[pallet::constant]
		type MaxTopUp: Get<BalanceOf<Self>>;

		/// A trade not completed within this many blocks expires.
		#[pallet::constant]
		type TradeTtl: Get<BlockNumberFor<Self>>;

		/// Most open trades per seller.
		#[pallet::constant]
		type MaxOpenTrades: Get<u32>;

		/// Closed trades kept readable; the oldest is pruned past this.
		#[pallet::constant]
		type MaxTradeHistory: Get<u32>;

		/// Metrics records kept; the oldest is pruned past this.
		#[pallet::constant]
		type MaxMetrics: Get<u32>;

		/// Most expired trades the hook cancels in one block (the rest in the next blocks).
		#[pallet::constant]
		type MaxExpiriesPerBlock: Get<u32>;

		/// Spends from the grid's pot (what consumption, undelivered slot energy and
		/// shortfall penalties paid into it): in the runtime, the grid council.
		type SpendOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The meters (pallet-metering): who owns which, where, how much it can carry, and
		/// what it measured per interval (a market slot is a metering interval).
		type Meters: MeterReadings<Self::AccountId>;

		/// Most bids in one region's book for one slot.
		#[pallet::constant]
		type MaxBidsPerSlot: Get<u32>;

		/// Most offers in one region's book for one slot.
		#[pallet::constant]
		type MaxOffersPerSlot: Get<u32>;

		/// A slot's gate closes this many intervals before the slot starts: orders for slot
		/// `s` are taken while the current interval is below `s - GateClosureIntervals`.
		#[pallet::constant]
		type GateClosureIntervals: Get<u32>;

		/// Orders are taken for slots at most this many intervals ahead.
		#[pallet::constant]
		type MaxSlotsAhead: Get<u32>;

		/// Most orders in one `place_orders` call.
		#[pallet::constant]
		type MaxOrdersPerCall: Get<u32>;

		/// A seller's shortfall costs the clearing price times this per kWh; an offer holds
		/// this times the higher of its limit and the base price per kWh as collateral.
		#[pallet::constant]
		type ImbalanceMultiplier: Get<u32>;

		/// Weights of this pallet's calls, generated by `grid-node benchmark pallet`.
		type WeightInfo: WeightInfo;
	}

	/// Registered producers.
	#[pallet::storage]
	pub type Producers<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Producer, OptionQuery>;

	/// Registered consumers.
	#[pallet::storage]
	pub type Consumers<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Consumer, OptionQuery>;

	/// Registered storage facilities.
	#[pallet::storage]
	pub type Storages<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, StorageFacility, OptionQuery>;

	/// Open trades, and closed ones until pruned.
	#[pallet::storage]
	pub type Trades<T: Config> = StorageMap<_, Twox64Concat, TradeId, TradeOf<T>, OptionQuery>;

	/// How many open trades each seller has.
	#[pallet::storage]
	pub type OpenTrades<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Closed trades, oldest first, as a ring of `MaxTradeHistory` slots.
	#[pallet::storage]
	pub type ClosedTrades<T: Config> = StorageMap<_, Twox64Concat, u32, TradeId, OptionQuery>;

	/// How many trades have closed (the next ring slot is this modulo the ring size).
	#[pallet::storage]
	pub type ClosedCount<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// The energy each producer's open trades sell, kWh.
	#[pallet::storage]
	pub type Reserved<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, KilowattHours, ValueQuery>;

	/// The oldest trade the expiry sweep has not passed: trades expire in id order (their
	/// time to live is one constant).
	#[pallet::storage]
	pub type ExpiryCursor<T: Config> = StorageValue<_, TradeId, ValueQuery>;

	/// The id the next trade gets.
	#[pallet::storage]
	pub type NextTradeId<T: Config> = StorageValue<_, TradeId, ValueQuery>;

	/// The base price per kWh, if the admin set one (else `DefaultBasePrice`).
	#[pallet::storage]
	pub type BasePrice<T: Config> = StorageValue<_, BalanceOf<T>, OptionQuery>;

	/// Emergency pricing switched on by the admin.
	#[pallet::storage]
	pub type EmergencyMode<T: Config> = StorageValue<_, bool, ValueQuery>;

	/// Capacity and load.
	#[pallet::storage]
	pub type Grid<T: Config> = StorageValue<_, GridState, ValueQuery>;

	/// Metrics records; only the newest `MaxMetrics` are kept.
	#[pallet::storage]
	pub type MetricsLog<T: Config> =
		StorageMap<_, Twox64Concat, MetricsId, Metrics<BlockNumberFor<T>>, OptionQuery>;

	/// The id the next metrics record gets.
	#[pallet::storage]
	pub type NextMetricsId<T: Config> = StorageValue<_, MetricsId, ValueQuery>;

	/// Each slot auction's bids, by region and slot, in the order they were placed.
	#[pallet::storage]
	pub type Bids<T: Config> =
		StorageMap<_, Blake2_128Concat, (RegionId, IntervalIndex), BidsOf<T>, ValueQuery>;

	/// Each slot auction's offers, by region and slot, in the order they were placed.
	#[pallet::storage]
	pub type Offers<T: Config> =
		StorageMap<_, Blake2_128Concat, (RegionId, IntervalIndex), OffersOf<T>, ValueQuery>;

	/// Each slot auction's state: present while the book has orders or awaits settlement.
	#[pallet::storage]
	pub type Slots<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		(RegionId, IntervalIndex),
		SlotState<BalanceOf<T>>,
		OptionQuery,
	>;

	/// How many orders each meter has in books not yet settled: while it has any, no
	/// operator may re-key or decommission it (`MeterInUse`), so nobody can forge or wipe the
	/// readings a settlement is measured from.
	#[pallet::storage]
	pub type MeterOrders<T: Config> = StorageMap<_, Twox64Concat, u64, u32, OptionQuery>;

	/// Each region's latest clearing with a trade.
	#[pallet::storage]
	pub type LastClearing<T: Config> =
		StorageMap<_, Blake2_128Concat, RegionId, Clearing<BalanceOf<T>>, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		#[serde(skip)]
		_config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		/// The pot starts with the existential deposit, so that it can receive payments of
		/// any size from the first one on (as a treasury account does).
		fn build(&self) {
			let pot = Pallet::<T>::pot();
			let minimum = T::Currency::minimum_balance();
			if T::Currency::balance(&pot) < minimum {
				let _ = T::Currency::set_balance(&pot, minimum);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A producer registered.
		ProducerRegistered {
			/// The producer.
			producer: T::AccountId,
			/// Its capacity, kWh.
			capacity: KilowattHours,
			/// Its source.
			energy_type: EnergyType,
		},
		/// A consumer registered.
		ConsumerRegistered {
			/// The consumer.
			consumer: T::AccountId,
			/// Its limit per consumption, kWh.
			consumption_limit: KilowattHours,
		},
		/// A storage facility registered.
		StorageRegistered {
			/// Its owner.
			owner: T::AccountId,
			/// Its capacity, kWh.
			capacity: KilowattHours,
		},
		/// A producer reported its production.
		ProductionReported {
			/// The producer.
			producer: T::AccountId,
			/// The production, kWh.
			amount: KilowattHours,
		},
		/// A consumer consumed energy and paid for it from its prepaid balance.
		EnergyConsumed {
			/// The consumer.
			consumer: T::AccountId,
			/// The energy, kWh.
			amount: KilowattHours,
			/// The price per kWh it paid.
			unit_price: BalanceOf<T>,
			/// What it paid in all, into the grid's pot.
			cost: BalanceOf<T>,
		},
		/// A storage facility charged from the grid.
		StorageCharged {
			/// Its owner.
			owner: T::AccountId,
			/// The energy, kWh.
			amount: KilowattHours,
		},
		/// A storage facility discharged into the grid.
		StorageDischarged {
			/// Its owner.
			owner: T::AccountId,
			/// The energy, kWh.
			amount: KilowattHours,
		},
		/// A producer offered a trade.
		TradeCreated {
			/// Its id.
			trade_id: TradeId,
			/// The producer.
			seller: T::AccountId,
			/// The consumer that may buy.
			buyer: T::AccountId,
			/// The energy, kWh.
			amount: KilowattHours,
			/// The price.
			price: BalanceOf<T>,
			/// The first block it can no longer be completed in.
			expires_at: BlockNumberFor<T>,
		},
		/// The buyer completed a trade: the price moved from buyer to seller.
		TradeCompleted {
			/// The trade.
			trade_id: TradeId,
			/// The producer.
			seller: T::AccountId,
			/// The consumer.
			buyer: T::AccountId,
			/// The price paid.
			price: BalanceOf<T>,
		},
		/// A trade was cancelled.
		TradeCancelled {
			/// The trade.
			trade_id: TradeId,
			/// Whether it had expired.
			expired: bool,
		},
		/// Tokens were moved to a consumer and held as its prepaid balance.
		ConsumerBalanceAdded {
			/// The consumer.
			consumer: T::AccountId,
			/// Who paid.
			payer: T::AccountId,
			/// How much.
			amount: BalanceOf<T>,
		},
		/// A consumer withdrew prepaid balance.
		ConsumerBalanceWithdrawn {
			/// The consumer.
			consumer: T::AccountId,
			/// How much.
			amount: BalanceOf<T>,
		},
		/// The admin set the base price.
		BasePriceSet {
			/// The new base price per kWh.
			price: BalanceOf<T>,
		},
		/// The admin switched emergency pricing.
		EmergencyModeToggled {
			/// On or off now.
			enabled: bool,
		},
		/// The admin recorded metrics.
		MetricsRecorded {
			/// The record's id.
			metrics_id: MetricsId,
		},
		/// The admin set a producer's reputation.
		ReputationUpdated {
			/// The producer.
			producer: T::AccountId,
			/// Its score now.
			score: u8,
		},
		/// The spend origin paid from the grid's pot.
		PotSpent {
			/// Who was paid.
			to: T::AccountId,
			/// How much.
			amount: BalanceOf<T>,
		},
		/// An order entered a slot auction.
		OrderPlaced {
			/// The region.
			region: RegionId,
			/// The slot (metering interval).
			slot: IntervalIndex,
			/// Its id in the slot's book.
			order_id: OrderId,
			/// Who placed it.
			who: T::AccountId,
			/// A bid or an offer.
			side: Side,
			/// The energy, kWh.
			energy_kwh: KilowattHours,
			/// The limit price per kWh.
			limit_price: BalanceOf<T>,
			/// What was held for it (a bid's cost at its limit, an offer's collateral).
			held: BalanceOf<T>,
		},
		/// A full book took a better order in this one's place; its hold was released.
		OrderEvicted {
			/// The region.
			region: RegionId,
			/// The slot.
			slot: IntervalIndex,
			/// The order evicted.
			order_id: OrderId,
			/// Who had placed it.
			who: T::AccountId,
			/// What was released.
			released: BalanceOf<T>,
		},
		/// An order was withdrawn before gate closure; its hold was released.
		OrderCancelled {
			/// The region.
			region: RegionId,
			/// The slot.
			slot: IntervalIndex,
			/// The order.
			order_id: OrderId,
			/// What was released.
			released: BalanceOf<T>,
		},
		/// A slot auction cleared: every matched order trades at `price` (none when nothing
		/// crossed); unused holds were released.
		SlotCleared {
			/// The region.
			region: RegionId,
			/// The slot.
			slot: IntervalIndex,
			/// The uniform price per kWh, if anything traded.
			price: Option<BalanceOf<T>>,
			/// The energy traded, kWh.
			volume_kwh: KilowattHours,
		},
		/// A seller's part of a slot was settled against its meter.
		DeliverySettled {
			/// The region.
			region: RegionId,
			/// The slot.
			slot: IntervalIndex,
			/// The seller's offer.
			order_id: OrderId,
			/// The seller.
			seller: T::AccountId,
			/// What it sold, kWh.
			sold_kwh: KilowattHours,
			/// What its meter exported of that, kWh.
			delivered_kwh: KilowattHours,
			/// What it was paid: the clearing price x the delivered energy.
			paid: BalanceOf<T>,
			/// What its shortfall cost it from its collateral.
			penalty: BalanceOf<T>,
		},
		/// A cleared slot was settled and its book removed.
		SlotSettled {
			/// The region.
			region: RegionId,
			/// The slot.
			slot: IntervalIndex,
			/// The clearing price per kWh.
			price: BalanceOf<T>,
			/// The energy traded, kWh.
			volume_kwh: KilowattHours,
			/// The energy the sellers' meters delivered of it, kWh.
			delivered_kwh: KilowattHours,
			/// What the buyers paid into the pot.
			paid_in: BalanceOf<T>,
			/// What the sellers were paid from the pot.
			paid_out: BalanceOf<T>,
			/// Shortfall penalties taken into the pot.
			penalties: BalanceOf<T>,
		},
		/// The admin deactivated a participant (its deposit, and a consumer's prepaid balance,
		/// are released).
		ParticipantDeactivated {
			/// The participant.
			who: T::AccountId,
			/// A producer (else a consumer).
			is_producer: bool,
			/// Released to it: its deposit, and a consumer's prepaid balance.
			released: BalanceOf<T>,
		},
	}

	/// The seed's error codes u100-u108 are the first nine errors, in order: a module
	/// error's index is the seed code minus 100.
	#[pallet::error]
	pub enum Error<T> {
		/// u100 `err-owner-only`: an admin call by someone else.
		OwnerOnly,
		/// u101 `err-not-found`: no such producer, consumer, storage or trade.
		NotFound,
		/// u102 `err-unauthorized`: the caller may not act on this trade.
		Unauthorized,
		/// u103 `err-insufficient-energy`: not that much energy stored or produced.
		InsufficientEnergy,
		/// u104 `err-invalid-amount`: zero, above a limit or rate, or outside 1..=1_000_000.
		InvalidAmount,
		/// u105 `err-already-exists`: already registered.
		AlreadyExists,
		/// u106 `err-inactive`: the participant is deactivated.
		Inactive,
		/// u107 `err-insufficient-balance`: not enough prepaid balance.
		InsufficientBalance,
		/// u108 `err-invalid-input`: a reputation above 100, or an amount the arithmetic
		/// cannot hold.
		InvalidInput,
		/// The trade passed its expiry block.
		TradeExpired,
		/// The trade is completed or cancelled already.
		TradeClosed,
		/// The seller has `MaxOpenTrades` open trades.
		TooManyOpenTrades,
		/// The payer cannot pay the top-up (or an order's hold) from its free balance.
		CannotPay,
		/// The meter is not the caller's, or not of a kind that can take this side (a bid
		/// needs a consumption or storage meter, an offer a production or storage meter).
		NotYourMeter,
		/// The meter is in another region.
		WrongRegion,
		/// More energy than the meter can carry in a slot at its rated power.
		AboveMeterRating,
		/// The slot's gate closed (or it cleared already): no orders change.
		GateClosed,
		/// The slot is more than `MaxSlotsAhead` intervals ahead.
		SlotTooFar,
		/// The slot's book holds `MaxBidsPerSlot` bids (or `MaxOffersPerSlot` offers) and the
		/// order is no better than the least competitive of them.
		BookFull,
		/// The meter has an order on this side of the slot's book already.
		MeterHasOrder,
		/// The slot's gate is still open: it cannot clear yet.
		GateOpen,
		/// The slot cleared already.
		AlreadyCleared,
		/// The slot has not cleared: nothing to settle.
		NotCleared,
		/// The slot's readings may still arrive (its late window is open).
		ReadingsPending,
		/// A `place_orders` call with no order.
		NoOrders,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(!T::DefaultBasePrice::get().is_zero(), "the base price must be positive");
			assert!(T::EmergencyMultiplier::get() >= 1, "emergency pricing must not lower prices");
			assert!(T::MinTopUp::get() <= T::MaxTopUp::get(), "top-up bounds are inverted");
			assert!(T::MaxTradeHistory::get() >= 1 && T::MaxMetrics::get() >= 1, "keep a record");
			assert!(T::ImbalanceMultiplier::get() >= 1, "a shortfall must cost the price at least");
			assert!(
				T::MaxSlotsAhead::get() > T::GateClosureIntervals::get(),
				"no slot would ever be open"
			);
		}

		/// Cancel expired trades, oldest first, at most `MaxExpiriesPerBlock`.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let expired = Self::expire_trades(now, T::MaxExpiriesPerBlock::get());
			T::WeightInfo::expire_trades(expired)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register the caller as a producer (seed: `register-producer`) measured by `meter`;
		/// reputation starts at 100 and its capacity joins the grid's.
		///
		/// - Origin: signed, not yet a producer, the owner of `meter`, a production meter
		///   rated for at least `capacity` kW.
		/// - Holds `ParticipantDeposit` (`HoldReason::ParticipantDeposit`).
		/// - Emits `ProducerRegistered`.
		/// - Errors: `AlreadyExists`, `InvalidAmount` (zero capacity), `NotYourMeter`,
		///   `AboveMeterRating`, `InvalidInput`, `CannotPay`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_producer())]
		pub fn register_producer(
			origin: OriginFor<T>,
			capacity: KilowattHours,
			energy_type: EnergyType,
			meter: u64,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_producer(who, capacity, energy_type, meter)
		}

		/// Register the caller as a consumer (seed: `register-consumer`) measured by `meter`,
		/// with no prepaid balance yet. Its meter's region sets the price it pays.
		///
		/// - Origin: signed, not yet a consumer, the owner of `meter`, a consumption meter
		///   rated for at least `consumption_limit` kW.
		/// - Holds `ParticipantDeposit`.
		/// - Emits `ConsumerRegistered`.
		/// - Errors: `AlreadyExists`, `InvalidAmount` (zero limit), `NotYourMeter`,
		///   `AboveMeterRating`, `CannotPay`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::register_consumer())]
		pub fn register_consumer(
			origin: OriginFor<T>,
			consumption_limit: KilowattHours,
			meter: u64,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_consumer(who, consumption_limit, meter)
		}

		/// Register the caller's storage facility (seed: `register-storage`) measured by
		/// `meter`.
		///
		/// - Origin: signed, without a storage facility yet, the owner of `meter`, a storage
		///   meter rated for at least the charge and discharge rates in kW.
		/// - Holds `ParticipantDeposit`.
		/// - Emits `StorageRegistered`.
		/// - Errors: `AlreadyExists`, `InvalidAmount` (a zero capacity or rate),
		///   `NotYourMeter`, `AboveMeterRating`, `CannotPay`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::register_storage())]
		pub fn register_storage(
			origin: OriginFor<T>,
			capacity: KilowattHours,
			charge_rate: KilowattHours,
			discharge_rate: KilowattHours,
			meter: u64,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_storage(who, capacity, charge_rate, discharge_rate, meter)
		}

		/// Report the caller's production (seed: `report-production`): at most its capacity.
		/// It replaces the previous report in the grid load and adds to its total.
		///
		/// - Origin: signed, an active producer.
		/// - Emits `ProductionReported`.
		/// - Errors: `NotFound`, `Inactive`, `InvalidAmount` (above capacity), `InvalidInput`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::report_production())]
		pub fn report_production(origin: OriginFor<T>, amount: KilowattHours) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_report_production(who, amount)
		}

		/// Consume energy (seed: `consume-energy`): at most the consumption limit, paid at
		/// the dynamic price of its meter's region from the caller's prepaid balance into
		/// the grid's pot.
		///
		/// - Origin: signed, an active consumer.
		/// - Emits `EnergyConsumed`.
		/// - Errors: `NotFound`, `Inactive`, `InvalidAmount` (zero or above the limit),
		///   `NotYourMeter` (its meter was decommissioned), `InsufficientBalance`,
		///   `InvalidInput` (overflow).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::consume_energy())]
		pub fn consume_energy(origin: OriginFor<T>, amount: KilowattHours) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_consume_energy(who, amount)
		}

		/// Charge the caller's storage from the grid (seed: `charge-storage`): within its
		/// charge rate and free capacity. Lowers the grid load.
		///
		/// - Origin: signed, a storage owner.
		/// - Emits `StorageCharged`.
		/// - Errors: `NotFound`, `InvalidAmount` (zero, above the rate or the free capacity).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::charge_storage())]
		pub fn charge_storage(origin: OriginFor<T>, amount: KilowattHours) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_charge_storage(who, amount)
		}

		/// Discharge the caller's storage into the grid (seed: `discharge-storage`): within
		/// its discharge rate and what it stores. Raises the grid load.
		///
		/// - Origin: signed, a storage owner.
		/// - Emits `StorageDischarged`.
		/// - Errors: `NotFound`, `InvalidAmount` (zero or above the rate),
		///   `InsufficientEnergy` (more than stored), `InvalidInput`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::discharge_storage())]
		pub fn discharge_storage(origin: OriginFor<T>, amount: KilowattHours) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_discharge_storage(who, amount)
		}

		/// Offer `amount` kWh to `buyer` for `price` (seed: `create-trade`); the trade id is
		/// in the event. It expires `TradeTtl` blocks later. The energy is reserved: a
		/// producer's open trades together sell at most its current production (at most its
		/// capacity, at most its meter's rating), so nothing is sold twice. Expired trades are
		/// cancelled by the pallet's hook, at most `MaxExpiriesPerBlock` a block.
		///
		/// - Origin: signed, an active producer whose current production, less what its open
		///   trades reserve, is at least `amount`.
		/// - Emits `TradeCreated`.
		/// - Errors: `NotFound` (not a producer, or the buyer not a consumer), `Inactive`,
		///   `InvalidAmount` (zero amount or price), `InsufficientEnergy`,
		///   `TooManyOpenTrades`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::create_trade())]
		pub fn create_trade(
			origin: OriginFor<T>,
			buyer: T::AccountId,
			amount: KilowattHours,
			price: BalanceOf<T>,
		) -> DispatchResult {
			let seller = ensure_signed(origin)?;
			Self::do_create_trade(seller, buyer, amount, price)
		}

		/// Complete a trade (seed: `complete-trade`): the price moves from the buyer's
		/// prepaid balance to the seller, in tokens; both sides' totals grow by the amount.
		///
		/// - Origin: signed, the trade's buyer, before it expires.
		/// - Emits `TradeCompleted`.
		/// - Errors: `NotFound`, `Unauthorized`, `TradeClosed`, `TradeExpired`, `Inactive`,
		///   `InsufficientBalance`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::complete_trade())]
		pub fn complete_trade(origin: OriginFor<T>, trade_id: TradeId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_complete_trade(who, trade_id)
		}

		/// Cancel an open trade (its energy is no longer reserved).
		///
		/// - Origin: signed, the seller; or anyone once the trade expired (the hook also
		///   cancels expired trades).
		/// - Emits `TradeCancelled`.
		/// - Errors: `NotFound`, `TradeClosed`, `Unauthorized`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::cancel_trade())]
		pub fn cancel_trade(origin: OriginFor<T>, trade_id: TradeId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_trade(who, trade_id)
		}

		/// Move `amount` of the caller's tokens to `consumer` and hold them as its prepaid
		/// balance (seed: `add-consumer-balance`). Nothing is minted.
		///
		/// - Origin: signed, anyone (a payment gateway, a relative, the consumer itself).
		/// - Holds `amount` on the consumer (`HoldReason::PrepaidBalance`).
		/// - Emits `ConsumerBalanceAdded`.
		/// - Errors: `NotFound`, `Inactive`, `InvalidAmount` (outside `MinTopUp..=MaxTopUp`),
		///   `CannotPay`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::add_consumer_balance())]
		pub fn add_consumer_balance(
			origin: OriginFor<T>,
			consumer: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let payer = ensure_signed(origin)?;
			Self::do_add_consumer_balance(payer, consumer, amount)
		}

		/// Take unused prepaid balance back (it becomes free balance again).
		///
		/// - Origin: signed, a consumer.
		/// - Emits `ConsumerBalanceWithdrawn`.
		/// - Errors: `NotFound`, `InvalidAmount` (zero), `InsufficientBalance`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::withdraw_balance())]
		pub fn withdraw_balance(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_balance(who, amount)
		}

		/// Set the base price per kWh (seed: `set-base-price`).
		///
		/// - Origin: `PricingOrigin`.
		/// - Emits `BasePriceSet`.
		/// - Errors: `OwnerOnly`, `InvalidAmount` (zero).
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::set_base_price())]
		pub fn set_base_price(origin: OriginFor<T>, new_price: BalanceOf<T>) -> DispatchResult {
			Self::ensure_power::<T::PricingOrigin>(origin)?;
			Self::do_set_base_price(new_price)
		}

		/// Switch emergency pricing on or off (seed: `toggle-emergency-mode`). A stability
		/// emergency turns it on regardless.
		///
		/// - Origin: `PricingOrigin`.
		/// - Emits `EmergencyModeToggled`.
		/// - Errors: `OwnerOnly`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::toggle_emergency_mode())]
		pub fn toggle_emergency_mode(origin: OriginFor<T>) -> DispatchResult {
			Self::ensure_power::<T::PricingOrigin>(origin)?;
			Self::do_toggle_emergency_mode()
		}

		/// Record grid metrics (seed: `record-metrics`); the id is in the event. Only the
		/// newest `MaxMetrics` records are kept.
		///
		/// - Origin: `MetricsOrigin`.
		/// - Emits `MetricsRecorded`.
		/// - Errors: `OwnerOnly`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::record_metrics())]
		pub fn record_metrics(
			origin: OriginFor<T>,
			production: KilowattHours,
			consumption: KilowattHours,
			peak_load: KilowattHours,
			efficiency: Permill,
		) -> DispatchResult {
			Self::ensure_power::<T::MetricsOrigin>(origin)?;
			Self::do_record_metrics(production, consumption, peak_load, efficiency)
		}

		/// Set a producer's reputation (seed: `update-producer-reputation`).
		///
		/// - Origin: `ParticipantsOrigin`.
		/// - Emits `ReputationUpdated`.
		/// - Errors: `OwnerOnly`, `NotFound`, `InvalidInput` (above 100).
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::update_producer_reputation())]
		pub fn update_producer_reputation(
			origin: OriginFor<T>,
			producer: T::AccountId,
			new_score: u8,
		) -> DispatchResult {
			Self::ensure_power::<T::ParticipantsOrigin>(origin)?;
			Self::do_update_producer_reputation(producer, new_score)
		}

		/// Deactivate a producer (its capacity leaves the grid's and it can no longer report
		/// or trade) or a consumer (its prepaid balance is released to it) (seed:
		/// `deactivate-participant`).
		///
		/// - Origin: `ParticipantsOrigin`.
		/// - Emits `ParticipantDeactivated`.
		/// - Errors: `OwnerOnly`, `NotFound`, `Inactive` (already).
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::deactivate_participant())]
		pub fn deactivate_participant(
			origin: OriginFor<T>,
			who: T::AccountId,
			is_producer: bool,
		) -> DispatchResult {
			Self::ensure_power::<T::ParticipantsOrigin>(origin)?;
			Self::do_deactivate_participant(who, is_producer)
		}

		/// Bid for `energy_kwh` in `region`'s auction for delivery `slot`, paying at most
		/// `max_price` per kWh. `energy_kwh x max_price` is held until the slot clears.
		///
		/// - Origin: signed, the owner of `meter`, a consumption or storage meter in `region`.
		/// - Holds `energy_kwh x max_price` (`HoldReason::MarketBid`). In a full book the bid
		///   replaces the lowest one if it is higher (that bid is released).
		/// - Emits `OrderPlaced` (and `OrderEvicted`).
		/// - Weight: that of a full book (an eviction); what a shorter book leaves unused is
		///   refunded.
		/// - Errors: `InvalidAmount` (zero energy or price), `GateClosed`, `SlotTooFar`,
		///   `NotYourMeter`, `WrongRegion`, `AboveMeterRating` (more than the meter carries in
		///   a slot), `MeterHasOrder`, `BookFull`, `InvalidInput` (overflow), `CannotPay`.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::place_bid(T::MaxBidsPerSlot::get()))]
		pub fn place_bid(
			origin: OriginFor<T>,
			region: RegionId,
			slot: IntervalIndex,
			meter: u64,
			energy_kwh: KilowattHours,
			max_price: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let before =
				Self::do_place_order(who, Side::Bid, region, slot, meter, energy_kwh, max_price)?;
			Ok(Some(T::WeightInfo::place_bid(before)).into())
		}

		/// Offer `energy_kwh` in `region`'s auction for delivery `slot`, for at least
		/// `min_price` per kWh, delivered through `meter`. A collateral of
		/// `energy_kwh x max(min_price, base price) x ImbalanceMultiplier` is held against a
		/// shortfall.
		///
		/// - Origin: signed, the owner of `meter`, a production or storage meter in `region`.
		/// - Holds the collateral (`HoldReason::MarketCollateral`). In a full book the offer
		///   replaces the highest one if it is lower (that offer is released).
		/// - Emits `OrderPlaced` (and `OrderEvicted`).
		/// - Weight: as `place_bid`'s, refunded the same way.
		/// - Errors: as `place_bid`.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::place_offer(T::MaxOffersPerSlot::get()))]
		pub fn place_offer(
			origin: OriginFor<T>,
			region: RegionId,
			slot: IntervalIndex,
			meter: u64,
			energy_kwh: KilowattHours,
			min_price: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let before =
				Self::do_place_order(who, Side::Offer, region, slot, meter, energy_kwh, min_price)?;
			Ok(Some(T::WeightInfo::place_offer(before)).into())
		}

		/// Place up to `MaxOrdersPerCall` bids and offers at once (a participant's schedule
		/// for the slots ahead, or a bid and an offer through a storage meter), each exactly
		/// as `place_bid` or `place_offer` would, in the order given. All of them or none: the
		/// first order refused refuses the call, and nothing is held.
		///
		/// - Origin: signed, the owner of every order's meter.
		/// - Holds what each order holds (`HoldReason::MarketBid` for a bid's cost at its
		///   limit, `HoldReason::MarketCollateral` for an offer's collateral).
		/// - Emits `OrderPlaced` for each order (and `OrderEvicted` for each order a full
		///   side released).
		/// - Weight: `place_orders(n)` (`n` orders, each joining an empty side) plus, for each
		///   order, what joining a full side adds (`place_bid`'s or `place_offer`'s beyond an
		///   empty side, whichever is more); refunded to what each order's side added.
		/// - Errors: `NoOrders` (an empty batch), and any of `place_bid`'s for an order.
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::place_orders(orders.len() as u32).saturating_add(
			Pallet::<T>::full_side_weight().saturating_mul(orders.len() as u64)
		))]
		pub fn place_orders(
			origin: OriginFor<T>,
			orders: BoundedVec<OrderRequest<BalanceOf<T>>, T::MaxOrdersPerCall>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let count = orders.len() as u32;
			let sides = Self::do_place_orders(who, orders.into_inner())?;
			Ok(Some(T::WeightInfo::place_orders(count).saturating_add(sides)).into())
		}

		/// Withdraw an order before its slot's gate closes; its hold is released.
		///
		/// - Origin: signed, who placed the order.
		/// - Emits `OrderCancelled`.
		/// - Errors: `GateClosed`, `SlotTooFar`, `NotFound`, `Unauthorized`.
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::cancel_order())]
		pub fn cancel_order(
			origin: OriginFor<T>,
			region: RegionId,
			slot: IntervalIndex,
			order_id: OrderId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_order(who, region, slot, order_id)
		}

		/// Clear `region`'s auction for `slot` after its gate closed, by the rule in
		/// [`features::auction`]: one price, matched orders keep what they need held, the rest
		/// of every hold is released. A slot where nothing crosses is removed.
		///
		/// - Origin: signed, anyone.
		/// - Emits `SlotCleared`.
		/// - Errors: `GateOpen`, `NotFound` (no book), `AlreadyCleared`.
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::clear_slot())]
		pub fn clear_slot(
			origin: OriginFor<T>,
			region: RegionId,
			slot: IntervalIndex,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_clear_slot(region, slot)
		}

		/// Settle `region`'s cleared auction for `slot` once its readings are final, by the
		/// rule in [`features::settlement`]: buyers pay, sellers are paid for what their
		/// meters delivered, shortfalls cost collateral; the book is removed.
		///
		/// - Origin: signed, anyone.
		/// - Emits `DeliverySettled` per seller, then `SlotSettled`.
		/// - Errors: `NotFound` (no book), `NotCleared`, `ReadingsPending`.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::settle_slot())]
		pub fn settle_slot(
			origin: OriginFor<T>,
			region: RegionId,
			slot: IntervalIndex,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_settle_slot(region, slot)
		}

		/// Pay `amount` from the grid's pot to `to`: the pot collects consumption payments,
		/// buyers' payments for energy their sellers did not deliver, and shortfall
		/// penalties (the grid supplied that energy); this is their way out.
		///
		/// - Origin: `SpendOrigin`.
		/// - Emits `PotSpent`.
		/// - Errors: `BadOrigin`, `InvalidAmount` (zero), `InsufficientBalance` (more than the
		///   pot holds above its existential deposit).
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::spend_pot())]
		pub fn spend_pot(
			origin: OriginFor<T>,
			to: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			T::SpendOrigin::ensure_origin(origin)?;
			Self::do_spend_pot(to, amount)
		}
	}
}

/// A meter with an order in a book not yet settled is in use.
impl<T: Config> grid_primitives::MeterInUse for Pallet<T> {
	fn in_use(meter: u64) -> bool {
		MeterOrders::<T>::contains_key(meter)
	}
}

impl<T: Config> Pallet<T> {
	/// The origin `O` of one admin power, or the seed's `err-owner-only`.
	fn ensure_power<O: EnsureOrigin<OriginFor<T>>>(origin: OriginFor<T>) -> DispatchResult {
		O::ensure_origin(origin).map_err(|_| Error::<T>::OwnerOnly)?;
		Ok(())
	}

	fn active_producer(who: &T::AccountId) -> Result<Producer, Error<T>> {
		let producer = Producers::<T>::get(who).ok_or(Error::<T>::NotFound)?;
		ensure!(producer.active, Error::<T>::Inactive);
		Ok(producer)
	}

	fn active_consumer(who: &T::AccountId) -> Result<Consumer, Error<T>> {
		let consumer = Consumers::<T>::get(who).ok_or(Error::<T>::NotFound)?;
		ensure!(consumer.active, Error::<T>::Inactive);
		Ok(consumer)
	}

	/// The grid's pot account, which consumption is paid into.
	pub fn pot() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Capacity, load and utilisation (seed: `get-grid-status`).
	pub fn grid_status() -> GridStatus {
		let grid = Grid::<T>::get();
		let utilisation = if grid.total_capacity == 0 {
			Permill::zero()
		} else {
			Permill::from_rational(grid.current_load.min(grid.total_capacity), grid.total_capacity)
		};
		GridStatus {
			total_capacity: grid.total_capacity,
			current_load: grid.current_load,
			utilisation,
			emergency: Self::is_emergency(),
		}
	}

	/// A consumer's prepaid balance: the tokens held for it.
	pub fn consumer_balance(who: &T::AccountId) -> BalanceOf<T> {
		T::Currency::balance_on_hold(&HoldReason::PrepaidBalance.into(), who)
	}

	/// A producer (seed: `get-producer-info`).
	pub fn producer_info(who: &T::AccountId) -> Option<Producer> {
		Producers::<T>::get(who)
	}

	/// A consumer and its prepaid balance (seed: `get-consumer-info`).
	pub fn consumer_info(who: &T::AccountId) -> Option<(Consumer, BalanceOf<T>)> {
		Consumers::<T>::get(who).map(|c| (c, Self::consumer_balance(who)))
	}

	/// A storage facility (seed: `get-storage-info`).
	pub fn storage_info(who: &T::AccountId) -> Option<StorageFacility> {
		Storages::<T>::get(who)
	}

	/// A trade, open or recently closed (seed: `get-trade-info`).
	pub fn trade_info(trade_id: TradeId) -> Option<TradeOf<T>> {
		Trades::<T>::get(trade_id)
	}

	/// Count an order on `meter` in (`true`) or out.
	pub(crate) fn count_order(meter: u64, placed: bool) {
		MeterOrders::<T>::mutate_exists(meter, |n| {
			let count = n.unwrap_or(0);
			let count = if placed { count.saturating_add(1) } else { count.saturating_sub(1) };
			*n = Some(count).filter(|c| *c > 0);
		});
	}

	/// `region`'s book for `slot`: bids, offers (each in the order placed) and its state.
	pub fn slot_book(
		region: &RegionId,
		slot: IntervalIndex,
	) -> (alloc::vec::Vec<OrderOf<T>>, alloc::vec::Vec<OrderOf<T>>, Option<SlotState<BalanceOf<T>>>)
	{
		let key = (region.clone(), slot);
		(
			Bids::<T>::get(&key).into_inner(),
			Offers::<T>::get(&key).into_inner(),
			Slots::<T>::get(&key),
		)
	}

	/// A metrics record, while kept (seed: `get-metrics`).
	pub fn metrics(metrics_id: MetricsId) -> Option<Metrics<BlockNumberFor<T>>> {
		MetricsLog::<T>::get(metrics_id)
	}

	/// The auctions' invariants: every account's bid and collateral holds are what its
	/// orders say; every book has a state; a cleared book holds only matched orders.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	fn try_state_auctions() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut held: BTreeMap<(T::AccountId, bool), BalanceOf<T>> = BTreeMap::new();
		let mut add = |key: (RegionId, IntervalIndex), orders: &[OrderOf<T>], bid: bool| {
			let cleared = Slots::<T>::get(&key).ok_or("orders without a slot state")?.cleared;
			for order in orders {
				let entry = held.entry((order.who.clone(), bid)).or_default();
				*entry = entry.saturating_add(order.held);
				ensure!(cleared.is_none() || order.matched_kwh > 0, "an unmatched order kept");
			}
			Ok::<_, sp_runtime::TryRuntimeError>(())
		};
		for (key, bids) in Bids::<T>::iter() {
			add(key, &bids, true)?;
		}
		let mut per_meter: BTreeMap<u64, u32> = BTreeMap::new();
		for (key, offers) in Offers::<T>::iter() {
			add(key, &offers, false)?;
			for order in offers.iter() {
				*per_meter.entry(order.meter).or_default() += 1;
			}
		}
		for (_, bids) in Bids::<T>::iter() {
			for order in bids.iter() {
				*per_meter.entry(order.meter).or_default() += 1;
			}
		}
		for (meter, count) in MeterOrders::<T>::iter() {
			ensure!(per_meter.remove(&meter) == Some(count), "a meter's order count is off");
		}
		ensure!(per_meter.is_empty(), "a meter's orders are not counted");
		for ((who, bid), amount) in held {
			let reason = if bid { HoldReason::MarketBid } else { HoldReason::MarketCollateral };
			ensure!(
				T::Currency::balance_on_hold(&reason.into(), &who) == amount,
				"an account's market hold is not its orders'"
			);
		}
		Ok(())
	}

	/// The invariants: open trade counts match the open trades; every ring slot names a
	/// closed trade; the grid's capacity is the active producers'; reputations are at most
	/// 100; only the newest `MaxMetrics` records are kept.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut open: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		let mut reserved: BTreeMap<T::AccountId, KilowattHours> = BTreeMap::new();
		for (_, trade) in Trades::<T>::iter() {
			if trade.status == TradeStatus::Open {
				*open.entry(trade.seller.clone()).or_default() += 1;
				*reserved.entry(trade.seller).or_default() += trade.amount;
			}
		}
		for (seller, amount) in Reserved::<T>::iter() {
			ensure!(reserved.remove(&seller) == Some(amount), "reserved energy is off");
		}
		ensure!(reserved.is_empty(), "a seller's open trades are not reserved");
		ensure!(ExpiryCursor::<T>::get() <= NextTradeId::<T>::get(), "the sweep ran ahead");
		for (seller, count) in OpenTrades::<T>::iter() {
			ensure!(open.remove(&seller) == Some(count), "open trade count is off");
		}
		ensure!(open.is_empty(), "a seller's open trades are not counted");
		for (_, trade_id) in ClosedTrades::<T>::iter() {
			let trade = Trades::<T>::get(trade_id).ok_or("a ring slot names a pruned trade")?;
			ensure!(trade.status != TradeStatus::Open, "an open trade in the closed ring");
		}
		let mut capacity = 0u64;
		for (_, p) in Producers::<T>::iter() {
			ensure!(p.reputation_score <= MAX_REPUTATION, "reputation above 100");
			if p.active {
				capacity += p.capacity;
			}
		}
		let grid = Grid::<T>::get();
		ensure!(grid.total_capacity == capacity, "grid capacity is not the producers'");
		ensure!(
			MetricsLog::<T>::iter().count() as u32 <= T::MaxMetrics::get(),
			"metrics not pruned"
		);
		Self::try_state_auctions()
	}
}
