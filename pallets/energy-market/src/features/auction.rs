//! Slot auctions: orders for a region's 15-minute delivery slot, and the uniform-price
//! clearing.
//!
//! # The clearing rule (pay-as-clear)
//!
//! Demand at a price `p` is the energy of the bids whose limit is at least `p`; supply at `p`
//! is the energy of the offers whose limit is at most `p`; the volume at `p` is the smaller
//! of the two. Among the order prices, those with the largest volume form one range (volume
//! first grows with the price, then falls); the clearing price is the middle of that range,
//! rounded down (inside it the curves cross, so the volume there is the same largest one).
//! Every matched order trades at that one price.
//!
//! At the clearing price the shorter side is matched in full and the longer side is rationed
//! in merit order (bids from the highest limit down, offers from the lowest up); the orders
//! sharing the limit price at which the volume runs out share what is left pro rata to their
//! energy, in whole kWh rounded down, and the kWh the rounding left go one each to the
//! earliest of them. No volume at any price (one side empty, or the highest bid below the
//! lowest offer): nothing trades.

use crate::*;
use alloc::vec::Vec;
use grid_primitives::{max_energy_wh, IntervalIndex, MeterKind, MeterReadings, RegionId};
use sp_runtime::traits::AtLeast32BitUnsigned;

/// A book's clearing: the price, the volume and each order's matched energy, in the order the
/// orders were given.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Cleared<Balance> {
	/// The uniform price per kWh.
	pub price: Balance,
	/// The energy traded, kWh.
	pub volume_kwh: KilowattHours,
	/// Each bid's matched energy, kWh.
	pub bids: Vec<KilowattHours>,
	/// Each offer's matched energy, kWh.
	pub offers: Vec<KilowattHours>,
}

/// Clear a book of `(limit price, kWh)` bids and offers, each side in the order its orders
/// were placed, by the rule in this module's docs. `None` when nothing trades.
pub fn clear<Balance: AtLeast32BitUnsigned + Copy>(
	bids: &[(Balance, KilowattHours)],
	offers: &[(Balance, KilowattHours)],
) -> Option<Cleared<Balance>> {
	let demand_at =
		|p: Balance| bids.iter().filter(|b| b.0 >= p).map(|b| u128::from(b.1)).sum::<u128>();
	let supply_at =
		|p: Balance| offers.iter().filter(|o| o.0 <= p).map(|o| u128::from(o.1)).sum::<u128>();
	let mut prices: Vec<Balance> = bids.iter().chain(offers).map(|o| o.0).collect();
	prices.sort_unstable();
	prices.dedup();

	let mut best = 0u128;
	let mut range: Option<(Balance, Balance)> = None;
	for p in prices {
		let volume = demand_at(p).min(supply_at(p));
		if volume > best {
			best = volume;
			range = Some((p, p));
		} else if volume == best && volume > 0 {
			range = range.map(|(low, _)| (low, p));
		}
	}
	let (low, high) = range?;
	let price = low.saturating_add(high.saturating_sub(low) / 2u32.into());
	let volume = demand_at(price).min(supply_at(price));
	if volume == 0 {
		return None;
	}
	Some(Cleared {
		price,
		volume_kwh: KilowattHours::try_from(volume).ok()?,
		bids: allocate(bids, volume, |limit| limit >= price, true),
		offers: allocate(offers, volume, |limit| limit <= price, false),
	})
}

/// Share `volume` kWh among the `eligible` orders in merit order (highest limit first when
/// `highest_first`), orders at the same limit pro rata, rounding kWh to the earliest.
fn allocate<Balance: Ord + Copy>(
	orders: &[(Balance, KilowattHours)],
	volume: u128,
	eligible: impl Fn(Balance) -> bool,
	highest_first: bool,
) -> Vec<KilowattHours> {
	let mut matched = alloc::vec![0; orders.len()];
	let mut levels: Vec<Balance> = orders.iter().map(|o| o.0).filter(|p| eligible(*p)).collect();
	levels.sort_unstable();
	levels.dedup();
	if highest_first {
		levels.reverse();
	}
	let mut left = volume;
	for level in levels {
		if left == 0 {
			break;
		}
		let at_level: Vec<usize> = (0..orders.len()).filter(|i| orders[*i].0 == level).collect();
		let total: u128 = at_level.iter().map(|i| u128::from(orders[*i].1)).sum();
		if total <= left {
			for i in &at_level {
				matched[*i] = orders[*i].1;
			}
			left = left.saturating_sub(total);
			continue;
		}
		// Pro rata: each share is below the order's energy (left < total), so the kWh the
		// rounding left (fewer than the orders) fit one each.
		let mut given = 0u128;
		for i in &at_level {
			let share = left.saturating_mul(u128::from(orders[*i].1)) / total;
			matched[*i] = KilowattHours::try_from(share).unwrap_or(KilowattHours::MAX);
			given = given.saturating_add(share);
		}
		let mut rest = left.saturating_sub(given);
		for i in &at_level {
			if rest == 0 {
				break;
			}
			matched[*i] = matched[*i].saturating_add(1);
			rest = rest.saturating_sub(1);
		}
		left = 0;
	}
	matched
}

impl<T: Config> Pallet<T> {
	/// Place a bid or an offer in `region`'s book for `slot`, holding what it needs; the
	/// number of orders the side held before (what the call's weight depends on).
	pub(crate) fn do_place_order(
		who: T::AccountId,
		side: Side,
		region: RegionId,
		slot: IntervalIndex,
		meter: u64,
		energy_kwh: KilowattHours,
		limit_price: BalanceOf<T>,
	) -> Result<u32, DispatchError> {
		ensure!(energy_kwh > 0 && !limit_price.is_zero(), Error::<T>::InvalidAmount);
		Self::ensure_gate_open(slot)?;
		let summary = T::Meters::meter(meter).ok_or(Error::<T>::NotYourMeter)?;
		let kind_fits = match side {
			Side::Bid => matches!(summary.kind, MeterKind::Consumption | MeterKind::Storage),
			Side::Offer => matches!(summary.kind, MeterKind::Production | MeterKind::Storage),
		};
		ensure!(summary.owner == who && kind_fits, Error::<T>::NotYourMeter);
		ensure!(summary.region == region, Error::<T>::WrongRegion);
		// The meter is the one the caller registered with, as an active participant.
		let storage = Storages::<T>::get(&who).is_some_and(|s| s.meter == meter);
		let registered = match side {
			Side::Bid => Consumers::<T>::get(&who).is_some_and(|c| c.active && c.meter == meter),
			Side::Offer => Producers::<T>::get(&who).is_some_and(|p| p.active && p.meter == meter),
		};
		ensure!(registered || storage, Error::<T>::NotFound);
		let slot_kwh = max_energy_wh(summary.rated_kw, T::Meters::interval_ms()) / 1_000;
		ensure!(energy_kwh <= slot_kwh, Error::<T>::AboveMeterRating);

		let per_kwh = match side {
			Side::Bid => limit_price,
			Side::Offer => Self::collateral_per_kwh(limit_price).ok_or(Error::<T>::InvalidInput)?,
		};
		let held =
			per_kwh.checked_mul(&energy_kwh.saturated_into()).ok_or(Error::<T>::InvalidInput)?;
		let key = (region.clone(), slot);
		let mut state = Slots::<T>::get(&key).unwrap_or_default();
		ensure!(state.cleared.is_none(), Error::<T>::GateClosed);
		let order = Order {
			id: state.next_order_id,
			who: who.clone(),
			meter,
			energy_kwh,
			limit_price,
			held,
			matched_kwh: 0,
		};
		let (reason, evicted, before) = match side {
			Side::Bid => {
				let mut bids = Bids::<T>::get(&key);
				let before = bids.len() as u32;
				let evicted = Self::admit(&mut bids, order, side)?;
				Bids::<T>::insert(&key, bids);
				(HoldReason::MarketBid, evicted, before)
			},
			Side::Offer => {
				let mut offers = Offers::<T>::get(&key);
				let before = offers.len() as u32;
				let evicted = Self::admit(&mut offers, order, side)?;
				Offers::<T>::insert(&key, offers);
				(HoldReason::MarketCollateral, evicted, before)
			},
		};
		T::Currency::hold(&reason.into(), &who, held).map_err(|_| Error::<T>::CannotPay)?;
		if let Some(evicted) = evicted {
			let released = Self::release(reason, &evicted.who, evicted.held);
			Self::count_order(evicted.meter, false);
			Self::deposit_event(Event::OrderEvicted {
				region: region.clone(),
				slot,
				order_id: evicted.id,
				who: evicted.who,
				released,
			});
		}
		Self::count_order(meter, true);
		let order_id = state.next_order_id;
		state.next_order_id = state.next_order_id.checked_add(1).ok_or(Error::<T>::BookFull)?;
		Slots::<T>::insert(&key, state);
		Self::deposit_event(Event::OrderPlaced {
			region,
			slot,
			order_id,
			who,
			side,
			energy_kwh,
			limit_price,
			held,
		});
		Ok(before)
	}

	/// Place each of `orders` as `do_place_order` does, in turn: what the sides they joined
	/// add to `place_orders`' weight (see [`Self::side_weight`]). Every call is
	/// transactional in FRAME: an order refused undoes those placed before it.
	pub(crate) fn do_place_orders(
		who: T::AccountId,
		orders: Vec<OrderRequest<BalanceOf<T>>>,
	) -> Result<Weight, DispatchError> {
		ensure!(!orders.is_empty(), Error::<T>::NoOrders);
		let mut sides = Weight::zero();
		for o in orders {
			let before = Self::do_place_order(
				who.clone(),
				o.side,
				o.region,
				o.slot,
				o.meter,
				o.energy_kwh,
				o.limit_price,
			)?;
			sides = sides.saturating_add(Self::side_weight(o.side, before));
		}
		Ok(sides)
	}

	/// What an order joining a side of `before` orders costs beyond one joining an empty
	/// side (the longer book decoded and written, at the bound an eviction): the single
	/// call's benchmark (`place_bid(b)` or `place_offer(o)`) less its empty-side figure.
	pub fn side_weight(side: Side, before: u32) -> Weight {
		let (at, empty) = match side {
			Side::Bid => (T::WeightInfo::place_bid(before), T::WeightInfo::place_bid(0)),
			Side::Offer => (T::WeightInfo::place_offer(before), T::WeightInfo::place_offer(0)),
		};
		at.saturating_sub(empty)
	}

	/// The most [`Self::side_weight`] can be: a full side of bids or of offers, whichever
	/// costs more in each dimension.
	pub fn full_side_weight() -> Weight {
		Self::side_weight(Side::Bid, T::MaxBidsPerSlot::get())
			.max(Self::side_weight(Side::Offer, T::MaxOffersPerSlot::get()))
	}

	/// Add `order` to one side of a book: one order per meter; when the side is full, the new
	/// order takes the place of the least competitive one (the lowest bid or the highest
	/// offer, the newest among equals) if it is strictly better, and that order is returned
	/// to be released. Squatting a full book therefore costs better prices than anyone
	/// else's, held in full.
	fn admit<S: Get<u32>>(
		orders: &mut BoundedVec<OrderOf<T>, S>,
		order: OrderOf<T>,
		side: Side,
	) -> Result<Option<OrderOf<T>>, Error<T>> {
		ensure!(!orders.iter().any(|o| o.meter == order.meter), Error::<T>::MeterHasOrder);
		if (orders.len() as u32) < S::get() {
			orders.try_push(order).map_err(|_| Error::<T>::BookFull)?;
			return Ok(None);
		}
		// The least competitive: lowest bid (highest offer); among equals the newest.
		let worst = orders
			.iter()
			.enumerate()
			.min_by(|(_, a), (_, b)| {
				let by_price = match side {
					Side::Bid => a.limit_price.cmp(&b.limit_price),
					Side::Offer => b.limit_price.cmp(&a.limit_price),
				};
				by_price.then(b.id.cmp(&a.id))
			})
			.map(|(i, o)| (i, o.limit_price))
			.ok_or(Error::<T>::BookFull)?;
		let better = match side {
			Side::Bid => order.limit_price > worst.1,
			Side::Offer => order.limit_price < worst.1,
		};
		ensure!(better, Error::<T>::BookFull);
		let evicted = orders.remove(worst.0);
		orders.try_push(order).map_err(|_| Error::<T>::BookFull)?;
		Ok(Some(evicted))
	}

	/// Withdraw `who`'s order `order_id` from a book whose gate is open, releasing its hold.
	pub(crate) fn do_cancel_order(
		who: T::AccountId,
		region: RegionId,
		slot: IntervalIndex,
		order_id: OrderId,
	) -> DispatchResult {
		Self::ensure_gate_open(slot)?;
		let key = (region.clone(), slot);
		let mut bids = Bids::<T>::get(&key);
		let mut offers = Offers::<T>::get(&key);
		let (order, reason) = if let Some(i) = bids.iter().position(|o| o.id == order_id) {
			(bids.remove(i), HoldReason::MarketBid)
		} else if let Some(i) = offers.iter().position(|o| o.id == order_id) {
			(offers.remove(i), HoldReason::MarketCollateral)
		} else {
			return Err(Error::<T>::NotFound.into());
		};
		ensure!(order.who == who, Error::<T>::Unauthorized);
		let released = Self::release(reason, &who, order.held);
		Self::count_order(order.meter, false);
		Self::store_book(&key, bids, offers);
		Self::deposit_event(Event::OrderCancelled { region, slot, order_id, released });
		Ok(())
	}

	/// Clear `region`'s book for `slot` once its gate closed: every matched order trades at
	/// the one clearing price, and every hold beyond what the matches need is released.
	pub(crate) fn do_clear_slot(region: RegionId, slot: IntervalIndex) -> DispatchResult {
		ensure!(!Self::gate_is_open(slot), Error::<T>::GateOpen);
		let key = (region.clone(), slot);
		let mut state = Slots::<T>::get(&key).ok_or(Error::<T>::NotFound)?;
		ensure!(state.cleared.is_none(), Error::<T>::AlreadyCleared);
		let mut bids = Bids::<T>::get(&key);
		let mut offers = Offers::<T>::get(&key);
		let book = |orders: &[OrderOf<T>]| -> Vec<(BalanceOf<T>, KilowattHours)> {
			orders.iter().map(|o| (o.limit_price, o.energy_kwh)).collect()
		};
		let cleared = clear(&book(&bids), &book(&offers));
		let price = cleared.as_ref().map(|c| c.price);
		let volume_kwh = cleared.as_ref().map_or(0, |c| c.volume_kwh);

		// A bid keeps `price x matched` held (what it pays); an offer keeps the collateral
		// of the energy it sold. The rest of each hold is released.
		for (i, bid) in bids.iter_mut().enumerate() {
			let matched = cleared.as_ref().and_then(|c| c.bids.get(i).copied()).unwrap_or(0);
			let keep =
				price.unwrap_or_default().saturating_mul(matched.saturated_into()).min(bid.held);
			Self::release(HoldReason::MarketBid, &bid.who, bid.held.saturating_sub(keep));
			bid.held = keep;
			bid.matched_kwh = matched;
		}
		for (i, offer) in offers.iter_mut().enumerate() {
			let matched = cleared.as_ref().and_then(|c| c.offers.get(i).copied()).unwrap_or(0);
			let keep = Self::share_of(offer.held, matched, offer.energy_kwh);
			Self::release(
				HoldReason::MarketCollateral,
				&offer.who,
				offer.held.saturating_sub(keep),
			);
			offer.held = keep;
			offer.matched_kwh = matched;
		}
		for order in bids.iter().chain(offers.iter()).filter(|o| o.matched_kwh == 0) {
			Self::count_order(order.meter, false);
		}
		bids.retain(|o| o.matched_kwh > 0);
		offers.retain(|o| o.matched_kwh > 0);

		match price {
			Some(price) => {
				let clearing = Clearing { slot, price, volume_kwh };
				state.cleared = Some(clearing);
				Slots::<T>::insert(&key, state);
				Bids::<T>::insert(&key, bids);
				Offers::<T>::insert(&key, offers);
				LastClearing::<T>::insert(&region, clearing);
			},
			None => Self::remove_book(&key),
		}
		Self::deposit_event(Event::SlotCleared { region, slot, price, volume_kwh });
		Ok(())
	}

	/// Orders for `slot` are taken while it is more than `GateClosureIntervals` intervals
	/// ahead, and at most `MaxSlotsAhead` ahead.
	fn ensure_gate_open(slot: IntervalIndex) -> DispatchResult {
		ensure!(Self::gate_is_open(slot), Error::<T>::GateClosed);
		let horizon = T::Meters::current_interval().saturating_add(T::MaxSlotsAhead::get());
		ensure!(slot <= horizon, Error::<T>::SlotTooFar);
		Ok(())
	}

	/// Whether `slot`'s gate is still open.
	pub fn gate_is_open(slot: IntervalIndex) -> bool {
		T::Meters::current_interval().saturating_add(T::GateClosureIntervals::get()) < slot
	}

	/// The collateral an offer holds per kWh: the imbalance price of a kWh at the higher of
	/// its limit and the base price.
	pub fn collateral_per_kwh(limit_price: BalanceOf<T>) -> Option<BalanceOf<T>> {
		limit_price.max(Self::base_price()).checked_mul(&T::ImbalanceMultiplier::get().into())
	}

	/// `held x part / whole`, rounded down (`held` when `whole` is zero).
	pub(crate) fn share_of(
		held: BalanceOf<T>,
		part: KilowattHours,
		whole: KilowattHours,
	) -> BalanceOf<T> {
		if whole == 0 {
			return held;
		}
		let share = sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
			held.saturated_into(),
			u128::from(part.min(whole)),
			u128::from(whole),
			sp_runtime::Rounding::Down,
		);
		share.map(|s| s.saturated_into()).unwrap_or(held)
	}

	/// Release up to `amount` of `who`'s hold for `reason`: what was released.
	pub(crate) fn release(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> BalanceOf<T> {
		grid_primitives::release_held::<T::Currency, _>(&reason.into(), who, amount)
	}

	/// Store a book's orders, removing the book when it has none left and has not cleared.
	fn store_book(key: &(RegionId, IntervalIndex), bids: BidsOf<T>, offers: OffersOf<T>) {
		if bids.is_empty() && offers.is_empty() {
			Self::remove_book(key);
		} else {
			Bids::<T>::insert(key, bids);
			Offers::<T>::insert(key, offers);
		}
	}

	/// Remove a book: its state and its orders.
	pub(crate) fn remove_book(key: &(RegionId, IntervalIndex)) {
		Slots::<T>::remove(key);
		Bids::<T>::remove(key);
		Offers::<T>::remove(key);
	}
}
