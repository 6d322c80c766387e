//! Settlement of a cleared slot against the sellers' meters.
//!
//! Once the slot's readings are final (its late window closed, so nothing more can arrive):
//! - every buyer pays `price x matched` from its hold into the pot: it got the energy, from
//!   its seller or, where the seller fell short, from the grid;
//! - every seller is paid `price x min(sold, delivered)` from the pot, where `delivered` is
//!   what its meter exported net in the slot (exported less imported), in whole kWh (no
//!   reading, or a reading marked missing, delivers nothing);
//! - a seller's shortfall (`sold - delivered`) costs it the imbalance price, `price x
//!   ImbalanceMultiplier` per kWh, taken from its collateral into the pot (at most the
//!   collateral); the rest of the collateral is released.
//!
//! What stays in the pot (the buyers' payment for undelivered energy and the penalties) pays
//! for the energy the grid supplied in the sellers' place; the admin origin spends it
//! (`spend_pot`). Money is conserved: buyers' payments = sellers' payments + what the pot
//! kept.

use crate::*;
use grid_primitives::{IntervalIndex, MeterReadings, ReadingQuality, RegionId};

impl<T: Config> Pallet<T> {
	/// Settle `region`'s cleared book for `slot` (see the module docs) and remove it.
	pub(crate) fn do_settle_slot(region: RegionId, slot: IntervalIndex) -> DispatchResult {
		let key = (region.clone(), slot);
		let state = Slots::<T>::get(&key).ok_or(Error::<T>::NotFound)?;
		let clearing = state.cleared.ok_or(Error::<T>::NotCleared)?;
		ensure!(T::Meters::is_final(slot), Error::<T>::ReadingsPending);
		let pot = Self::pot();
		let mut paid_in = BalanceOf::<T>::zero();
		// The holds are this pallet's own: `Force` takes them whatever locks or freezes the
		// account has, so a buyer cannot keep what it owes.
		for bid in Bids::<T>::get(&key) {
			Self::count_order(bid.meter, false);
			let paid = T::Currency::transfer_on_hold(
				&HoldReason::MarketBid.into(),
				&bid.who,
				&pot,
				bid.held,
				Precision::BestEffort,
				Restriction::Free,
				Fortitude::Force,
			)
			.unwrap_or_default();
			paid_in = paid_in.saturating_add(paid);
		}
		let mut delivered_kwh: KilowattHours = 0;
		let mut paid_out = BalanceOf::<T>::zero();
		let mut penalties = BalanceOf::<T>::zero();
		for offer in Offers::<T>::get(&key) {
			Self::count_order(offer.meter, false);
			let delivered = Self::exported_kwh(offer.meter, slot).min(offer.matched_kwh);
			let shortfall = offer.matched_kwh.saturating_sub(delivered);
			let payment = clearing.price.saturating_mul(delivered.saturated_into());
			// The pot received every buyer's payment above, which is at least every seller's.
			let paid = T::Currency::transfer(&pot, &offer.who, payment, Preservation::Preserve)
				.map(|_| payment)
				.unwrap_or_default();
			let penalty = clearing
				.price
				.saturating_mul(T::ImbalanceMultiplier::get().into())
				.saturating_mul(shortfall.saturated_into())
				.min(offer.held);
			let penalty = T::Currency::transfer_on_hold(
				&HoldReason::MarketCollateral.into(),
				&offer.who,
				&pot,
				penalty,
				Precision::BestEffort,
				Restriction::Free,
				Fortitude::Force,
			)
			.unwrap_or_default();
			Self::release(
				HoldReason::MarketCollateral,
				&offer.who,
				offer.held.saturating_sub(penalty),
			);
			delivered_kwh = delivered_kwh.saturating_add(delivered);
			paid_out = paid_out.saturating_add(paid);
			penalties = penalties.saturating_add(penalty);
			Self::deposit_event(Event::DeliverySettled {
				region: region.clone(),
				slot,
				order_id: offer.id,
				seller: offer.who,
				sold_kwh: offer.matched_kwh,
				delivered_kwh: delivered,
				paid,
				penalty,
			});
		}
		Self::remove_book(&key);
		Self::deposit_event(Event::SlotSettled {
			region,
			slot,
			price: clearing.price,
			volume_kwh: clearing.volume_kwh,
			delivered_kwh,
			paid_in,
			paid_out,
			penalties,
		});
		Ok(())
	}

	/// What `meter` exported net in `slot` (exported less imported: a storage facility
	/// cannot sell energy it drew from the grid in the same slot), in whole kWh: nothing
	/// without a reading or with one marked missing.
	fn exported_kwh(meter: u64, slot: IntervalIndex) -> KilowattHours {
		T::Meters::energy(meter, slot)
			.filter(|e| e.quality != ReadingQuality::Missing)
			.map_or(0, |e| e.exported_wh.saturating_sub(e.imported_wh) / 1_000)
	}
}
