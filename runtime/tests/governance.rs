//! Root without sudo, in the real runtime with real blocks: `local_testnet` has no sudo key;
//! a motion of three quarters of the grid council (three of its four operators) dispatches a
//! Root call through `CouncilRoot`; a smaller majority, a lone member or a signed account
//! reach no Root.

use frame_support::assert_ok;
use grid_runtime::{Runtime, RuntimeCall, RuntimeEvent, System};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave};
use sp_runtime::{
	traits::{BlakeTwo256, Hash as _},
	DispatchError,
};

mod common;
use common::{council_motion, externalities_of, Chain};

/// A Root call whose effect is easy to read: authorize a runtime upgrade to `code_hash`.
fn authorize_upgrade(byte: u8) -> (RuntimeCall, grid_runtime::Hash) {
	let code_hash = BlakeTwo256::hash(&[byte]);
	let call = RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
	(
		RuntimeCall::CouncilRoot(pallet_council_root::Call::dispatch { call: Box::new(call) }),
		code_hash,
	)
}

fn authorized() -> Option<grid_runtime::Hash> {
	frame_system::Pallet::<Runtime>::authorized_upgrade().map(|a| *a.code_hash())
}

#[test]
fn local_testnet_has_no_sudo() {
	externalities_of("local_testnet").execute_with(|| {
		let mut chain = Chain::new();
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		let (call, _) = authorize_upgrade(1);
		let RuntimeCall::CouncilRoot(pallet_council_root::Call::dispatch { call }) = call else {
			unreachable!()
		};
		assert_eq!(
			chain.submit(Alice, RuntimeCall::Sudo(pallet_sudo::Call::sudo { call })),
			Err(pallet_sudo::Error::<Runtime>::RequireSudo.into())
		);
		assert_eq!(authorized(), None);
	});
}

#[test]
fn three_quarters_of_the_council_act_as_root() {
	externalities_of("local_testnet").execute_with(|| {
		let mut chain = Chain::new();
		let (call, code_hash) = authorize_upgrade(1);
		assert_eq!(council_motion(&mut chain, &[Alice, Bob, Charlie], call), Some(Ok(())));
		assert_eq!(authorized(), Some(code_hash));
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::CouncilRoot(pallet_council_root::Event::Dispatched)
		)));
	});
}

#[test]
fn fewer_than_three_quarters_reach_no_root() {
	externalities_of("local_testnet").execute_with(|| {
		let mut chain = Chain::new();
		// Two of four: a motion that passes its own threshold of two, refused Root.
		let (call, _) = authorize_upgrade(2);
		assert_eq!(
			council_motion(&mut chain, &[Alice, Dave], call.clone()),
			Some(Err(DispatchError::BadOrigin))
		);
		assert_eq!(authorized(), None);
		// A member alone (a signed account), without a motion.
		assert_eq!(chain.submit(Bob, call), Err(DispatchError::BadOrigin));
		assert_eq!(authorized(), None);
	});
}

/// The attack: two thirds of the council suspend members until they are three quarters of
/// what is left, and then reach Root. Changing the membership takes three quarters itself:
/// with six members, four (two thirds) cannot suspend one; five can.
#[test]
fn two_thirds_cannot_change_the_council_on_the_way_to_root() {
	use grid_primitives::RegionId;
	use sp_keyring::Sr25519Keyring::{Eve, Ferdie};
	externalities_of("local_testnet").execute_with(|| {
		let mut chain = Chain::new();
		let members = || pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get();
		// Eve and Ferdie register; the council verifies each (three of four, then four of
		// five).
		for (who, ayes) in
			[(Eve, vec![Alice, Bob, Charlie]), (Ferdie, vec![Alice, Bob, Charlie, Dave])]
		{
			assert_ok!(chain.submit(
				who,
				RuntimeCall::Operators(pallet_operators::Call::register_operator {
					name: b"New Grid".to_vec().try_into().unwrap(),
					region: RegionId::try_from("Central").unwrap(),
					capacity_kw: 1_000,
				})
			));
			let verify = RuntimeCall::Operators(pallet_operators::Call::verify_operator {
				operator: who.to_account_id().into(),
				region: RegionId::try_from("Central").unwrap(),
			});
			assert_eq!(council_motion(&mut chain, &ayes, verify), Some(Ok(())));
		}
		assert_eq!(members().len(), 6);
		// Eve (who has no session keys, so the fewest validators is not in question).
		let suspend_eve = || {
			RuntimeCall::Operators(pallet_operators::Call::suspend_operator {
				operator: Eve.to_account_id().into(),
			})
		};
		assert_eq!(
			council_motion(&mut chain, &[Alice, Bob, Charlie, Dave], suspend_eve()),
			Some(Err(DispatchError::BadOrigin))
		);
		assert!(members().contains(&Eve.to_account_id()));
		assert_eq!(
			council_motion(&mut chain, &[Alice, Bob, Charlie, Dave, Ferdie], suspend_eve()),
			Some(Ok(()))
		);
		assert!(!members().contains(&Eve.to_account_id()));
	});
}

/// `local_testnet` keeps at least four validators (`MinValidators` from its genesis): even
/// three quarters of the council cannot suspend or remove one of its four, which would leave
/// GRANDPA unable to survive a fault; the development chain's minimum is one.
#[test]
fn the_council_cannot_shrink_local_testnet_below_four_validators() {
	externalities_of("development").execute_with(|| {
		assert_eq!(pallet_operators::MinValidators::<Runtime>::get(), 1);
	});
	externalities_of("local_testnet").execute_with(|| {
		let mut chain = Chain::new();
		assert_eq!(pallet_operators::MinValidators::<Runtime>::get(), 4);
		let members = || pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get();
		let too_few: DispatchError = pallet_operators::Error::<Runtime>::TooFewValidators.into();
		let suspend = RuntimeCall::Operators(pallet_operators::Call::suspend_operator {
			operator: Dave.to_account_id().into(),
		});
		assert_eq!(council_motion(&mut chain, &[Alice, Bob, Charlie], suspend), Some(Err(too_few)));
		let remove = RuntimeCall::Operators(pallet_operators::Call::remove_operator {
			operator: Dave.to_account_id().into(),
			slash: false,
		});
		assert_eq!(council_motion(&mut chain, &[Alice, Bob, Charlie], remove), Some(Err(too_few)));
		assert!(members().contains(&Dave.to_account_id()));
		assert_eq!(pallet_operators::ActiveValidators::<Runtime>::get().len(), 4);
	});
}
