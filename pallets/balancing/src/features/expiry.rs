//! Expiry: actions still open at their deadline close, a bounded number per block.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Expire what is due at `now`, at most `MaxExpiriesPerBlock` actions and as many
	/// deadline buckets looked at. Returns the weight used.
	pub(crate) fn expire_due(now: BlockNumberFor<T>) -> Weight {
		let budget = T::MaxExpiriesPerBlock::get();
		let mut cursor = ExpiryCursor::<T>::get();
		if cursor.is_zero() {
			// First run: nothing can be due before the first block with extrinsics.
			cursor = now;
		}
		let mut expired: u32 = 0;
		let mut buckets: u32 = 0;
		while cursor <= now && expired < budget && buckets < budget {
			buckets = buckets.saturating_add(1);
			let due: Vec<ActionId> = ExpiryQueue::<T>::iter_key_prefix(cursor)
				.take(budget.saturating_sub(expired) as usize)
				.collect();
			for action_id in &due {
				if let Some(action) = Actions::<T>::get(action_id) {
					Self::close(*action_id, &action);
					Self::deposit_event(Event::BalancingActionExpired {
						action_id: *action_id,
						region: action.region,
					});
				} else {
					ExpiryQueue::<T>::remove(cursor, action_id);
				}
				expired = expired.saturating_add(1);
			}
			if ExpiryQueue::<T>::iter_key_prefix(cursor).next().is_some() {
				// The budget ran out inside this bucket: go on from here next block.
				break;
			}
			cursor = cursor.saturating_add(One::one());
		}
		ExpiryCursor::<T>::put(cursor);
		T::WeightInfo::on_initialize(expired, buckets)
	}
}
