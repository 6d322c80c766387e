//! Root for `RootOrigin` only; the call's effect, error and weight passed on.

use crate::{mock::*, *};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchClass, GetDispatchInfo},
	weights::Weight,
};
use sp_runtime::DispatchError;

fn set_storage(key: &[u8], value: &[u8]) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::set_storage {
		items: vec![(key.to_vec(), value.to_vec())],
	})
}

fn dispatch(who: u64, call: RuntimeCall) -> frame_support::dispatch::DispatchResultWithPostInfo {
	CouncilRoot::dispatch(RuntimeOrigin::signed(who), Box::new(call))
}

#[test]
fn the_root_origin_dispatches_a_root_call() {
	new_test_ext().execute_with(|| {
		assert_ok!(dispatch(COUNCIL, set_storage(b"grid", b"chain")));
		assert_eq!(sp_io::storage::get(b"grid").as_deref(), Some(&b"chain"[..]));
		System::assert_last_event(Event::<Test>::Dispatched.into());
	});
}

#[test]
fn anyone_else_is_refused_and_nothing_runs() {
	new_test_ext().execute_with(|| {
		assert_noop!(dispatch(2, set_storage(b"grid", b"chain")), DispatchError::BadOrigin);
		assert_noop!(
			CouncilRoot::dispatch(RuntimeOrigin::none(), Box::new(set_storage(b"grid", b"x"))),
			DispatchError::BadOrigin
		);
		assert_eq!(sp_io::storage::get(b"grid"), None);
	});
}

/// The call runs as Root: a call that refuses Root fails with its own error, and nothing it
/// or this call wrote stays (no `Dispatched`).
#[test]
fn the_calls_own_error_is_returned() {
	new_test_ext().execute_with(|| {
		// `remark_with_event` needs a signed origin: Root is refused.
		let call = RuntimeCall::System(frame_system::Call::remark_with_event { remark: vec![1] });
		assert_noop!(dispatch(COUNCIL, call), DispatchError::BadOrigin);
		assert!(System::events().is_empty());
	});
}

#[test]
fn the_weight_is_the_overhead_and_the_calls_in_its_class() {
	let inner = RuntimeCall::System(frame_system::Call::set_code { code: vec![] });
	let info = inner.get_dispatch_info();
	let call = crate::Call::<Test>::dispatch { call: Box::new(inner) };
	let outer = call.get_dispatch_info();
	assert_eq!(outer.call_weight, <() as WeightInfo>::dispatch().saturating_add(info.call_weight));
	assert_eq!(outer.class, DispatchClass::Operational);
	assert_eq!(info.class, DispatchClass::Operational);
	assert!(outer.call_weight.all_gte(info.call_weight));
	assert_ne!(info.call_weight, Weight::zero(), "set_code carries a weight of its own");
	// The call's encoding is the proposal a council motion holds.
	assert!(!call.encode().is_empty());
}
