// Bootstrap: replaced by `grid-node benchmark pallet` output (scripts/weights.sh).
#![allow(missing_docs)]
use core::marker::PhantomData;
use frame_support::weights::Weight;

pub trait WeightInfo {
	fn register_meter() -> Weight;
	fn rotate_meter_key() -> Weight;
	fn decommission_meter() -> Weight;
	fn submit_readings(n: u32) -> Weight;
	fn submit_feeder_readings(n: u32) -> Weight;
	fn authorize_submit_readings(n: u32) -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_meter() -> Weight {
		Weight::zero()
	}
	fn rotate_meter_key() -> Weight {
		Weight::zero()
	}
	fn decommission_meter() -> Weight {
		Weight::zero()
	}
	fn submit_readings(_n: u32) -> Weight {
		Weight::zero()
	}
	fn submit_feeder_readings(_n: u32) -> Weight {
		Weight::zero()
	}
	fn authorize_submit_readings(_n: u32) -> Weight {
		Weight::zero()
	}
}
impl WeightInfo for () {
	fn register_meter() -> Weight {
		Weight::zero()
	}
	fn rotate_meter_key() -> Weight {
		Weight::zero()
	}
	fn decommission_meter() -> Weight {
		Weight::zero()
	}
	fn submit_readings(_n: u32) -> Weight {
		Weight::zero()
	}
	fn submit_feeder_readings(_n: u32) -> Weight {
		Weight::zero()
	}
	fn authorize_submit_readings(_n: u32) -> Weight {
		Weight::zero()
	}
}
