//! The seed's bilateral trades, escrowed: a trade reserves the seller's energy until it
//! closes, the buyer pays from its prepaid hold at completion, and expired trades are
//! cancelled by the hook in id order (bounded work per block).

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_create_trade(
		seller: T::AccountId,
		buyer: T::AccountId,
		amount: KilowattHours,
		price: BalanceOf<T>,
	) -> DispatchResult {
		let producer = Self::active_producer(&seller)?;
		Self::active_consumer(&buyer)?;
		ensure!(amount > 0 && !price.is_zero(), Error::<T>::InvalidAmount);
		let reserved = Reserved::<T>::get(&seller)
			.checked_add(amount)
			.filter(|r| *r <= producer.current_production)
			.ok_or(Error::<T>::InsufficientEnergy)?;
		let open = OpenTrades::<T>::get(&seller);
		ensure!(open < T::MaxOpenTrades::get(), Error::<T>::TooManyOpenTrades);

		let trade_id = NextTradeId::<T>::get();
		let now = frame_system::Pallet::<T>::block_number();
		let expires_at = now.saturating_add(T::TradeTtl::get());
		Trades::<T>::insert(
			trade_id,
			Trade {
				seller: seller.clone(),
				buyer: buyer.clone(),
				amount,
				price,
				created_at: now,
				expires_at,
				status: TradeStatus::Open,
			},
		);
		Reserved::<T>::insert(&seller, reserved);
		OpenTrades::<T>::insert(&seller, open.saturating_add(1));
		NextTradeId::<T>::put(trade_id.saturating_add(1));
		Self::deposit_event(Event::TradeCreated {
			trade_id,
			seller,
			buyer,
			amount,
			price,
			expires_at,
		});
		Ok(())
	}

	pub(crate) fn do_complete_trade(who: T::AccountId, trade_id: TradeId) -> DispatchResult {
		let mut trade = Trades::<T>::get(trade_id).ok_or(Error::<T>::NotFound)?;
		ensure!(who == trade.buyer, Error::<T>::Unauthorized);
		ensure!(trade.status == TradeStatus::Open, Error::<T>::TradeClosed);
		ensure!(
			frame_system::Pallet::<T>::block_number() < trade.expires_at,
			Error::<T>::TradeExpired
		);
		let mut consumer = Self::active_consumer(&who)?;
		let mut producer = Self::active_producer(&trade.seller)?;
		ensure!(Self::consumer_balance(&who) >= trade.price, Error::<T>::InsufficientBalance);
		consumer.total_consumed = consumer.total_consumed.saturating_add(trade.amount);
		producer.total_produced = producer.total_produced.saturating_add(trade.amount);
		T::Currency::transfer_on_hold(
			&HoldReason::PrepaidBalance.into(),
			&who,
			&trade.seller,
			trade.price,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)
		.map_err(|_| Error::<T>::InsufficientBalance)?;
		Consumers::<T>::insert(&who, consumer);
		Producers::<T>::insert(&trade.seller, producer);
		trade.status = TradeStatus::Completed;
		Self::close_trade(trade_id, &trade);
		Trades::<T>::insert(trade_id, &trade);
		Self::deposit_event(Event::TradeCompleted {
			trade_id,
			seller: trade.seller,
			buyer: trade.buyer,
			price: trade.price,
		});
		Ok(())
	}

	pub(crate) fn do_cancel_trade(who: T::AccountId, trade_id: TradeId) -> DispatchResult {
		let mut trade = Trades::<T>::get(trade_id).ok_or(Error::<T>::NotFound)?;
		ensure!(trade.status == TradeStatus::Open, Error::<T>::TradeClosed);
		let expired = frame_system::Pallet::<T>::block_number() >= trade.expires_at;
		ensure!(who == trade.seller || expired, Error::<T>::Unauthorized);
		trade.status = TradeStatus::Cancelled;
		Self::close_trade(trade_id, &trade);
		Trades::<T>::insert(trade_id, &trade);
		Self::deposit_event(Event::TradeCancelled { trade_id, expired });
		Ok(())
	}

	/// Cancel up to `limit` expired trades from the cursor on, passing closed and pruned
	/// ones; stop at the first open trade that has not expired (every later one expires
	/// later). Returns how many trades it looked at.
	pub(crate) fn expire_trades(now: BlockNumberFor<T>, limit: u32) -> u32 {
		let mut cursor = ExpiryCursor::<T>::get();
		let next = NextTradeId::<T>::get();
		let mut looked = 0;
		while looked < limit && cursor < next {
			looked += 1;
			match Trades::<T>::get(cursor) {
				Some(mut trade) if trade.status == TradeStatus::Open => {
					if trade.expires_at > now {
						break;
					}
					trade.status = TradeStatus::Cancelled;
					Self::close_trade(cursor, &trade);
					Trades::<T>::insert(cursor, &trade);
					Self::deposit_event(Event::TradeCancelled { trade_id: cursor, expired: true });
				},
				_ => {},
			}
			cursor = cursor.saturating_add(1);
		}
		ExpiryCursor::<T>::put(cursor);
		looked
	}

	/// Mark a trade closed: its energy is no longer reserved, its seller has one open trade
	/// less, and it takes the next slot of the history ring, pruning the trade that held the
	/// slot.
	pub(crate) fn close_trade(trade_id: TradeId, trade: &TradeOf<T>) {
		Reserved::<T>::mutate_exists(&trade.seller, |reserved| {
			*reserved = reserved.map(|r| r.saturating_sub(trade.amount)).filter(|r| *r > 0);
		});
		OpenTrades::<T>::mutate_exists(&trade.seller, |open| {
			*open = open.map(|n| n.saturating_sub(1)).filter(|n| *n > 0);
		});
		let count = ClosedCount::<T>::get();
		let slot = (count % u64::from(T::MaxTradeHistory::get().max(1))) as u32;
		if let Some(pruned) = ClosedTrades::<T>::get(slot) {
			Trades::<T>::remove(pruned);
		}
		ClosedTrades::<T>::insert(slot, trade_id);
		ClosedCount::<T>::put(count.saturating_add(1));
	}
}
