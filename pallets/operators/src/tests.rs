//! Every call's success path and each of its errors (with state unchanged, by
//! `assert_noop!`), the validator set across sessions, and the registry other pallets read.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::Inspect, fungible::InspectHold},
};
use grid_primitives::{Capabilities, Capability, OperatorRegistry};
use pallet_session::SessionManager;
use sp_runtime::{traits::BadOrigin, BoundedVec};

type Ops = Pallet<Test>;

fn name(s: &str) -> OperatorName<Test> {
	BoundedVec::try_from(s.as_bytes().to_vec()).unwrap()
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::OperatorDeposit.into(), &who)
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn register(who: AccountId) {
	assert_ok!(Ops::register_operator(signed(who), name("PowerCorp"), north(), 1_000_000));
}

/// `who` registered and verified, with `capabilities`.
fn operator(who: AccountId, capabilities: Capabilities) {
	register(who);
	assert_ok!(Ops::verify_operator(root(), who, north()));
	assert_ok!(Ops::set_capabilities(root(), who, capabilities));
}

/// `who` a verified validator candidate with session keys.
fn validator(who: AccountId) {
	operator(who, Capabilities::default().with(Capability::ValidateBlocks));
	set_keys(who);
}

fn status(who: AccountId) -> Option<OperatorStatus> {
	Operators::<Test>::get(who).map(|i| i.status)
}

mod register_operator {
	use super::*;

	#[test]
	fn holds_the_deposit_and_waits_for_verification() {
		test(|| {
			register(1);
			let info = Operators::<Test>::get(1).unwrap();
			assert_eq!(info.name.to_vec(), b"PowerCorp".to_vec());
			assert_eq!(info.region, north());
			assert_eq!(info.capacity_kw, 1_000_000);
			assert_eq!(info.status, OperatorStatus::Pending);
			assert_eq!(info.capabilities, Capabilities::default());
			assert_eq!(info.deposit, DEPOSIT);
			assert_eq!(info.registered_at, 1);
			assert_eq!(held(1), DEPOSIT);
			assert_eq!(Balances::balance(&1), INITIAL_BALANCE - DEPOSIT);
			assert_eq!(OperatorCount::<Test>::get(), 3);
			assert!(!Ops::is_verified_operator(&1));
			assert!(!council().contains(&1));
			assert_eq!(
				last_event(),
				Event::OperatorRegistered {
					operator: 1,
					region: north(),
					capacity_kw: 1_000_000,
					deposit: DEPOSIT
				}
				.into()
			);
		});
	}

	#[test]
	fn refuses_a_second_registration() {
		test(|| {
			register(1);
			assert_noop!(
				Ops::register_operator(signed(1), name("Again"), south(), 5),
				Error::<Test>::AlreadyRegistered
			);
		});
	}

	#[test]
	fn refuses_bad_names() {
		test(|| {
			for bad in ["", " PowerCorp", "PowerCorp ", "Power\nCorp"] {
				assert_noop!(
					Ops::register_operator(signed(1), name(bad), north(), 5),
					Error::<Test>::BadName
				);
			}
			let not_utf8 = BoundedVec::try_from(vec![0xff, 0xfe]).unwrap();
			assert_noop!(
				Ops::register_operator(signed(1), not_utf8, north(), 5),
				Error::<Test>::BadName
			);
		});
	}

	#[test]
	fn refuses_bad_regions() {
		test(|| {
			for bad in [&b""[..], b"North West", b"Nord/Est"] {
				// A decoded region may carry any bytes; the pallet validates it.
				let region =
					codec::Decode::decode(&mut &codec::Encode::encode(&bad.to_vec())[..]).unwrap();
				assert_noop!(
					Ops::register_operator(signed(1), name("PowerCorp"), region, 5),
					Error::<Test>::BadRegion
				);
			}
		});
	}

	#[test]
	fn refuses_zero_capacity() {
		test(|| {
			assert_noop!(
				Ops::register_operator(signed(1), name("PowerCorp"), north(), 0),
				Error::<Test>::ZeroCapacity
			);
		});
	}

	#[test]
	fn refuses_an_account_that_cannot_pay_the_deposit() {
		test(|| {
			assert_noop!(
				Ops::register_operator(signed(POOR), name("PowerCorp"), north(), 5),
				Error::<Test>::InsufficientDeposit
			);
		});
	}

	#[test]
	fn refuses_more_than_max_operators() {
		test(|| {
			// Two genesis operators plus six.
			for who in 1..=6 {
				register(who);
			}
			assert_noop!(
				Ops::register_operator(signed(7), name("PowerCorp"), north(), 5),
				Error::<Test>::TooManyOperators
			);
		});
	}

	#[test]
	fn requires_a_signed_origin() {
		test(|| {
			assert_noop!(Ops::register_operator(root(), name("PowerCorp"), north(), 5), BadOrigin);
		});
	}
}

mod verify_operator {
	use super::*;

	#[test]
	fn verifies_and_seats_on_the_council() {
		test(|| {
			register(1);
			assert_ok!(Ops::verify_operator(root(), 1, north()));
			assert_eq!(status(1), Some(OperatorStatus::Verified));
			assert!(Ops::is_verified_operator(&1));
			assert_eq!(council(), vec![1, 10, 11]);
			assert_eq!(CouncilMembers::<Test>::get().into_inner(), vec![1, 10, 11]);
			assert_eq!(last_event(), Event::OperatorVerified { operator: 1 }.into());
		});
	}

	#[test]
	fn only_the_verifier_may_verify() {
		test(|| {
			register(1);
			assert_noop!(Ops::verify_operator(signed(10), 1, north()), BadOrigin);
			assert_noop!(Ops::verify_operator(signed(1), 1, north()), BadOrigin);
		});
	}

	/// The attack: a pending operator moves while the council's motion to verify it (for the
	/// region the council checked) is open. The motion verifies nothing.
	#[test]
	fn a_motion_verifies_only_the_region_it_names() {
		test(|| {
			register(1);
			assert_ok!(Ops::update_operator(signed(1), None, Some(south()), None));
			assert_noop!(Ops::verify_operator(root(), 1, north()), Error::<Test>::RegionMismatch);
			assert_ok!(Ops::verify_operator(root(), 1, south()));
		});
	}

	#[test]
	fn refuses_unknown_and_non_pending_operators() {
		test(|| {
			assert_noop!(Ops::verify_operator(root(), 1, north()), Error::<Test>::NotRegistered);
			assert_noop!(Ops::verify_operator(root(), 10, north()), Error::<Test>::NotPending);
			operator(1, Capabilities::default());
			assert_ok!(Ops::suspend_operator(root(), 1));
			assert_noop!(Ops::verify_operator(root(), 1, north()), Error::<Test>::NotPending);
		});
	}

	#[test]
	fn refuses_a_validator_beyond_max_validators() {
		test(|| {
			validator(1);
			validator(2);
			// 10, 11, 1, 2: full. A fifth pending operator with the capability cannot be
			// verified.
			register(3);
			assert_ok!(Ops::set_capabilities(root(), 3, Capabilities::all()));
			assert_noop!(
				Ops::verify_operator(root(), 3, north()),
				Error::<Test>::TooManyValidators
			);
		});
	}
}

mod suspend_and_reinstate {
	use super::*;

	#[test]
	fn suspension_takes_away_the_capabilities_and_the_council_seat() {
		test(|| {
			operator(1, Capabilities::all());
			assert!(Ops::has_capability(&1, Capability::ReportLoad));
			assert_ok!(Ops::suspend_operator(root(), 1));
			assert_eq!(status(1), Some(OperatorStatus::Suspended));
			assert!(!Ops::has_capability(&1, Capability::ReportLoad));
			assert!(!Ops::is_verified(&1));
			assert_eq!(Ops::region_of(&1), Some(north()), "still registered");
			assert!(!council().contains(&1));
			assert!(!ValidatorCandidates::<Test>::get().contains(&1));
			assert_eq!(held(1), DEPOSIT, "deposit stays held");
			assert_eq!(last_event(), Event::OperatorSuspended { operator: 1 }.into());

			assert_ok!(Ops::reinstate_operator(root(), 1));
			assert_eq!(status(1), Some(OperatorStatus::Verified));
			assert!(Ops::has_capability(&1, Capability::ReportLoad));
			assert!(council().contains(&1));
			assert!(ValidatorCandidates::<Test>::get().contains(&1));
			assert_eq!(last_event(), Event::OperatorReinstated { operator: 1 }.into());
		});
	}

	#[test]
	fn only_the_verifier_may_suspend_or_reinstate() {
		test(|| {
			operator(1, Capabilities::all());
			assert_noop!(Ops::suspend_operator(signed(10), 1), BadOrigin);
			assert_ok!(Ops::suspend_operator(root(), 1));
			assert_noop!(Ops::reinstate_operator(signed(1), 1), BadOrigin);
		});
	}

	#[test]
	fn suspend_refuses_unknown_and_unverified_operators() {
		test(|| {
			assert_noop!(Ops::suspend_operator(root(), 1), Error::<Test>::NotRegistered);
			register(1);
			assert_noop!(Ops::suspend_operator(root(), 1), Error::<Test>::NotVerified);
			assert_ok!(Ops::verify_operator(root(), 1, north()));
			assert_ok!(Ops::suspend_operator(root(), 1));
			assert_noop!(Ops::suspend_operator(root(), 1), Error::<Test>::NotVerified);
		});
	}

	#[test]
	fn reinstate_refuses_unknown_and_unsuspended_operators() {
		test(|| {
			assert_noop!(Ops::reinstate_operator(root(), 1), Error::<Test>::NotRegistered);
			register(1);
			assert_noop!(Ops::reinstate_operator(root(), 1), Error::<Test>::NotSuspended);
			assert_noop!(Ops::reinstate_operator(root(), 10), Error::<Test>::NotSuspended);
		});
	}

	#[test]
	fn reinstate_refuses_a_validator_beyond_max_validators() {
		test(|| {
			validator(1);
			validator(2);
			assert_ok!(Ops::suspend_operator(root(), 2));
			validator(3);
			assert_noop!(Ops::reinstate_operator(root(), 2), Error::<Test>::TooManyValidators);
		});
	}

	#[test]
	fn suspension_may_not_leave_fewer_than_min_validators() {
		test(|| {
			// 10 and 11 are the only validators with keys; the minimum is two.
			assert_noop!(Ops::suspend_operator(root(), 10), Error::<Test>::TooFewValidators);
			validator(1);
			assert_ok!(Ops::suspend_operator(root(), 10));
			assert_noop!(Ops::suspend_operator(root(), 11), Error::<Test>::TooFewValidators);
		});
	}

	#[test]
	fn a_candidate_without_keys_may_be_suspended_even_at_the_minimum() {
		test(|| {
			operator(1, Capabilities::all());
			assert_ok!(Ops::suspend_operator(root(), 1));
		});
	}
}

mod remove_operator {
	use super::*;

	#[test]
	fn releases_the_deposit() {
		test(|| {
			operator(1, Capabilities::all());
			assert_ok!(Ops::remove_operator(root(), 1, false));
			assert_eq!(Operators::<Test>::get(1), None);
			assert_eq!(held(1), 0);
			assert_eq!(Balances::balance(&1), INITIAL_BALANCE);
			assert_eq!(OperatorCount::<Test>::get(), 2);
			assert!(!council().contains(&1));
			assert_eq!(
				last_event(),
				Event::OperatorRemoved { operator: 1, released: DEPOSIT, slashed: 0 }.into()
			);
		});
	}

	#[test]
	fn slashes_the_deposit() {
		test(|| {
			register(1);
			let issuance = Balances::total_issuance();
			assert_ok!(Ops::remove_operator(root(), 1, true));
			assert_eq!(Operators::<Test>::get(1), None);
			assert_eq!(held(1), 0);
			assert_eq!(Balances::balance(&1), INITIAL_BALANCE - DEPOSIT);
			// `OnSlash = ()` burns it.
			assert_eq!(Balances::total_issuance(), issuance - DEPOSIT);
			assert_eq!(
				last_event(),
				Event::OperatorRemoved { operator: 1, released: 0, slashed: DEPOSIT }.into()
			);
		});
	}

	#[test]
	fn errors() {
		test(|| {
			assert_noop!(Ops::remove_operator(root(), 1, false), Error::<Test>::NotRegistered);
			register(1);
			assert_noop!(Ops::remove_operator(signed(10), 1, true), BadOrigin);
			assert_noop!(Ops::remove_operator(root(), 10, false), Error::<Test>::TooFewValidators);
		});
	}
}

mod deregister {
	use super::*;

	#[test]
	fn a_pending_operator_leaves_with_its_deposit() {
		test(|| {
			register(1);
			assert_ok!(Ops::deregister(signed(1)));
			assert_eq!(Operators::<Test>::get(1), None);
			assert_eq!(Balances::balance(&1), INITIAL_BALANCE);
			assert_eq!(
				last_event(),
				Event::OperatorDeregistered { operator: 1, released: DEPOSIT }.into()
			);
		});
	}

	/// The attack: a suspended operator leaves with its deposit before the verifier decides
	/// to remove it with a slash. It cannot leave while suspended.
	#[test]
	fn a_suspended_operator_cannot_leave_with_its_deposit() {
		test(|| {
			operator(1, Capabilities::all());
			assert_ok!(Ops::suspend_operator(root(), 1));
			assert_noop!(Ops::deregister(signed(1)), Error::<Test>::Suspended);
			assert_ok!(Ops::remove_operator(root(), 1, true));
			assert_eq!(Balances::balance(&1), INITIAL_BALANCE - DEPOSIT);
		});
	}

	#[test]
	fn a_validator_must_wait_until_it_is_out_of_the_set() {
		test(|| {
			validator(1);
			validator(2);
			Ops::new_session(1);
			assert!(PlannedValidators::<Test>::get().contains(&1));
			assert_noop!(Ops::deregister(signed(1)), Error::<Test>::StillValidating);
			// It gives up the capability; the set planned next leaves it out, but it is
			// active for one more session.
			assert_ok!(Ops::set_capabilities(root(), 1, Capabilities::default()));
			Ops::new_session(2);
			assert!(ActiveValidators::<Test>::get().contains(&1));
			assert!(!PlannedValidators::<Test>::get().contains(&1));
			assert_noop!(Ops::deregister(signed(1)), Error::<Test>::StillValidating);
			Ops::new_session(3);
			assert!(!ActiveValidators::<Test>::get().contains(&1));
			assert_ok!(Ops::deregister(signed(1)));
		});
	}

	/// The attack: an operator creates a demand-response program (or opens a balancing
	/// action) and leaves with its deposit: the participants it reports for are stranded.
	/// It may not leave while it answers for anything.
	#[test]
	fn an_operator_with_commitments_cannot_leave() {
		test(|| {
			operator(1, Capabilities::all());
			MockCommitments::set(1, true);
			assert_noop!(Ops::deregister(signed(1)), Error::<Test>::HasCommitments);
			// Nor may it move away from them (to leave from its new region).
			assert_noop!(
				Ops::update_operator(signed(1), None, Some(south()), None),
				Error::<Test>::HasCommitments
			);
			assert_ok!(Ops::update_operator(signed(1), Some(name("Renamed")), None, None));
			MockCommitments::set(1, false);
			assert_ok!(Ops::deregister(signed(1)));
		});
	}

	#[test]
	fn refuses_a_non_operator() {
		test(|| {
			assert_noop!(Ops::deregister(signed(1)), Error::<Test>::NotRegistered);
		});
	}

	#[test]
	fn refuses_a_candidate_whose_leaving_would_break_the_minimum() {
		test(|| {
			// 10 and 11 are active; 10 gives up validating but 1 replaces it later.
			validator(1);
			Ops::new_session(1);
			assert_ok!(Ops::set_capabilities(root(), 10, Capabilities::default()));
			Ops::new_session(2);
			assert_eq!(PlannedValidators::<Test>::get().into_inner(), vec![1, 11]);
			Ops::new_session(3);
			assert_eq!(ActiveValidators::<Test>::get().into_inner(), vec![1, 11]);
			// 1 is a validator now: it cannot deregister, 10 can.
			assert_noop!(Ops::deregister(signed(1)), Error::<Test>::StillValidating);
			assert_ok!(Ops::deregister(signed(10)));
			// And 11 cannot lose the capability: 1 alone is below the minimum.
			assert_noop!(
				Ops::set_capabilities(root(), 11, Capabilities::default()),
				Error::<Test>::TooFewValidators
			);
		});
	}
}

mod update_operator {
	use super::*;

	#[test]
	fn changes_name_and_capacity_in_place() {
		test(|| {
			operator(1, Capabilities::all());
			assert_ok!(Ops::update_operator(signed(1), Some(name("GridCo")), None, Some(7)));
			let info = Operators::<Test>::get(1).unwrap();
			assert_eq!(info.name.to_vec(), b"GridCo".to_vec());
			assert_eq!(info.capacity_kw, 7);
			assert_eq!(info.status, OperatorStatus::Verified);
			assert_eq!(
				last_event(),
				Event::OperatorUpdated {
					operator: 1,
					region: north(),
					capacity_kw: 7,
					needs_verification: false
				}
				.into()
			);
		});
	}

	#[test]
	fn a_new_region_needs_verification_again() {
		test(|| {
			operator(1, Capabilities::all());
			assert_ok!(Ops::update_operator(signed(1), None, Some(south()), None));
			assert_eq!(status(1), Some(OperatorStatus::Pending));
			assert_eq!(Ops::region_of(&1), Some(south()));
			assert!(!Ops::has_capability(&1, Capability::ReportLoad));
			assert!(!council().contains(&1));
			assert_eq!(
				last_event(),
				Event::OperatorUpdated {
					operator: 1,
					region: south(),
					capacity_kw: 1_000_000,
					needs_verification: true
				}
				.into()
			);
			assert_ok!(Ops::verify_operator(root(), 1, south()));
			assert!(Ops::has_capability(&1, Capability::ReportLoad));
		});
	}

	/// The attack: a suspended operator moves to another region and asks to be reinstated
	/// there, for a region nobody verified it for. It cannot move while suspended.
	#[test]
	fn a_suspended_operator_cannot_move_region() {
		test(|| {
			operator(1, Capabilities::all());
			assert_ok!(Ops::suspend_operator(root(), 1));
			assert_noop!(
				Ops::update_operator(signed(1), None, Some(south()), None),
				Error::<Test>::Suspended
			);
			// Its name and capacity it may still correct, and its region stays.
			assert_ok!(Ops::update_operator(signed(1), Some(name("GridCo")), Some(north()), None));
			assert_eq!(status(1), Some(OperatorStatus::Suspended));
			assert_ok!(Ops::reinstate_operator(root(), 1));
			assert_eq!(Ops::region_of(&1), Some(north()));
		});
	}

	#[test]
	fn the_same_region_changes_nothing_of_the_status() {
		test(|| {
			operator(1, Capabilities::all());
			assert_ok!(Ops::update_operator(signed(1), None, Some(north()), None));
			assert_eq!(status(1), Some(OperatorStatus::Verified));
		});
	}

	#[test]
	fn errors() {
		test(|| {
			assert_noop!(
				Ops::update_operator(signed(1), None, None, Some(5)),
				Error::<Test>::NotRegistered
			);
			register(1);
			assert_noop!(
				Ops::update_operator(signed(1), None, None, None),
				Error::<Test>::NothingToUpdate
			);
			assert_noop!(
				Ops::update_operator(signed(1), Some(name(" ")), None, None),
				Error::<Test>::BadName
			);
			let bad_region =
				codec::Decode::decode(&mut &codec::Encode::encode(&b"a b".to_vec())[..]).unwrap();
			assert_noop!(
				Ops::update_operator(signed(1), None, Some(bad_region), None),
				Error::<Test>::BadRegion
			);
			assert_noop!(
				Ops::update_operator(signed(1), None, None, Some(0)),
				Error::<Test>::ZeroCapacity
			);
			// A validator at the minimum cannot move away.
			assert_noop!(
				Ops::update_operator(signed(10), None, Some(south()), None),
				Error::<Test>::TooFewValidators
			);
			assert_noop!(Ops::update_operator(root(), None, None, Some(5)), BadOrigin);
		});
	}
}

mod set_capabilities {
	use super::*;

	#[test]
	fn grants_and_revokes() {
		test(|| {
			register(1);
			let caps = Capabilities::default().with(Capability::ReportLoad);
			assert_ok!(Ops::set_capabilities(root(), 1, caps));
			// Pending: stored, not effective.
			assert!(!Ops::has_capability(&1, Capability::ReportLoad));
			assert_ok!(Ops::verify_operator(root(), 1, north()));
			assert!(Ops::has_capability(&1, Capability::ReportLoad));
			assert!(!Ops::has_capability(&1, Capability::ReportStability));
			assert_eq!(
				System::events()
					.iter()
					.filter(|r| r.event
						== Event::CapabilitiesSet { operator: 1, capabilities: caps }.into())
					.count(),
				1
			);
			assert_ok!(Ops::set_capabilities(root(), 1, Capabilities::default()));
			assert!(!Ops::has_capability(&1, Capability::ReportLoad));
		});
	}

	#[test]
	fn the_validate_capability_makes_a_candidate() {
		test(|| {
			operator(1, Capabilities::default());
			assert!(!ValidatorCandidates::<Test>::get().contains(&1));
			assert_ok!(Ops::set_capabilities(root(), 1, Capabilities::all()));
			assert_eq!(ValidatorCandidates::<Test>::get().into_inner(), vec![1, 10, 11]);
		});
	}

	#[test]
	fn errors() {
		test(|| {
			assert_noop!(
				Ops::set_capabilities(root(), 1, Capabilities::all()),
				Error::<Test>::NotRegistered
			);
			register(1);
			assert_noop!(Ops::set_capabilities(signed(10), 1, Capabilities::all()), BadOrigin);
			assert_noop!(
				Ops::set_capabilities(root(), 10, Capabilities::default()),
				Error::<Test>::TooFewValidators
			);
			validator(2);
			validator(3);
			assert_ok!(Ops::verify_operator(root(), 1, north()));
			assert_noop!(
				Ops::set_capabilities(root(), 1, Capabilities::all()),
				Error::<Test>::TooManyValidators
			);
		});
	}
}

mod pending {
	use super::*;

	/// The attack: accounts register and nobody verifies them, until they hold every
	/// operator place. Pending registrations have their own bound, below `MaxOperators`,
	/// so the places of operators the verifier does verify stay free.
	#[test]
	fn pending_registrations_have_their_own_bound() {
		test(|| {
			MaxPending::set(3);
			operator(5, Capabilities::all());
			for who in 1..=3 {
				register(who);
			}
			assert_eq!(Pending::<Test>::count(), 3);
			assert_noop!(
				Ops::register_operator(signed(4), name("PowerCorp"), north(), 5),
				Error::<Test>::TooManyPending
			);
			// A verified operator moving region would be pending too.
			assert_noop!(
				Ops::update_operator(signed(5), None, Some(south()), None),
				Error::<Test>::TooManyPending
			);
			// Verifying one frees a pending place; the operator places were never short.
			assert_ok!(Ops::verify_operator(root(), 1, north()));
			register(4);
			assert!(OperatorCount::<Test>::get() < MaxOperators::get());
		});
	}

	/// The attack: squatters hold every pending place, each deregistering and registering
	/// again before its `PendingExpiry` is out, so that none ever expires and no one else
	/// registers. Each place holds the registration deposit, which the council takes:
	/// `remove_operator` with `slash` frees the place at the squatter's cost (the slash
	/// handed to `OnSlash`), and an honest operator registers.
	#[test]
	fn squatting_the_pending_places_costs_the_deposit() {
		test(|| {
			MaxPending::set(2);
			register(1);
			register(2);
			System::set_block_number(100);
			assert_ok!(Ops::deregister(signed(1)));
			register(1);
			System::set_block_number(101);
			assert_ok!(Ops::expire_registration(signed(9), 2));
			assert_noop!(Ops::expire_registration(signed(9), 1), Error::<Test>::NotExpired);
			register(2);
			assert_noop!(
				Ops::register_operator(signed(4), name("PowerCorp"), north(), 5),
				Error::<Test>::TooManyPending
			);
			let issuance = Balances::total_issuance();
			for squatter in [1, 2] {
				assert_ok!(Ops::remove_operator(root(), squatter, true));
				assert_eq!(held(squatter), 0);
				assert_eq!(Balances::balance(&squatter), INITIAL_BALANCE - DEPOSIT);
			}
			assert_eq!(Balances::total_issuance(), issuance - 2 * DEPOSIT, "`OnSlash` is ()");
			register(4);
			assert_eq!(status(4), Some(OperatorStatus::Pending));
		});
	}

	/// A registration nobody verifies expires after `PendingExpiry` blocks: anyone may end
	/// it, and its deposit goes back to the operator.
	#[test]
	fn an_unverified_registration_expires() {
		test(|| {
			register(1);
			System::set_block_number(100);
			assert_noop!(Ops::expire_registration(signed(9), 1), Error::<Test>::NotExpired);
			System::set_block_number(101);
			assert_ok!(Ops::expire_registration(signed(9), 1));
			assert_eq!(status(1), None);
			assert_eq!((held(1), Balances::balance(&1)), (0, INITIAL_BALANCE));
			assert_eq!(Pending::<Test>::count(), 0);
			assert_eq!(OperatorCount::<Test>::get(), 2);
			assert_eq!(
				last_event(),
				Event::RegistrationExpired { operator: 1, released: DEPOSIT }.into()
			);
		});
	}

	/// A verified operator that moves region is pending from the move, not from its
	/// registration: it cannot be expired at once.
	#[test]
	fn a_moved_operator_is_pending_from_its_move() {
		test(|| {
			operator(1, Capabilities::all());
			System::set_block_number(50);
			assert_ok!(Ops::update_operator(signed(1), None, Some(south()), None));
			assert_eq!(Pending::<Test>::get(1), Some(50));
			System::set_block_number(149);
			assert_noop!(Ops::expire_registration(signed(9), 1), Error::<Test>::NotExpired);
			System::set_block_number(150);
			assert_ok!(Ops::expire_registration(signed(9), 1));
		});
	}

	#[test]
	fn expire_errors() {
		test(|| {
			assert_noop!(Ops::expire_registration(signed(9), 1), Error::<Test>::NotPending);
			operator(1, Capabilities::all());
			System::set_block_number(500);
			assert_noop!(Ops::expire_registration(signed(9), 1), Error::<Test>::NotPending);
			register(2);
			System::set_block_number(700);
			assert_noop!(Ops::expire_registration(root(), 2), BadOrigin);
			// A validator that moved region waits for the sessions to rotate it out.
			validator(3);
			Ops::new_session(1);
			Ops::new_session(2);
			assert!(ActiveValidators::<Test>::get().contains(&3));
			assert_ok!(Ops::update_operator(signed(3), None, Some(south()), None));
			System::set_block_number(900);
			assert_noop!(Ops::expire_registration(signed(9), 3), Error::<Test>::StillValidating);
			Ops::new_session(3);
			Ops::new_session(4);
			// An operator that moved still answers for what it opened before.
			MockCommitments::set(3, true);
			assert_noop!(Ops::expire_registration(signed(9), 3), Error::<Test>::HasCommitments);
			MockCommitments::set(3, false);
			assert_ok!(Ops::expire_registration(signed(9), 3));
		});
	}
}

mod migration_v2 {
	use super::*;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	use migrations::v2::MigrateV1ToV2;

	/// Pending operators stored before the list existed are listed, pending from the
	/// upgrade; a second run does nothing.
	#[test]
	fn lists_pending_operators_once() {
		test(|| {
			register(1);
			register(2);
			let _ = Pending::<Test>::clear(u32::MAX, None);
			StorageVersion::new(1).put::<Ops>();
			System::set_block_number(40);

			MigrateV1ToV2::<Test>::on_runtime_upgrade();
			assert_eq!(Ops::on_chain_storage_version(), StorageVersion::new(2));
			assert_eq!(Pending::<Test>::count(), 2);
			assert_eq!((Pending::<Test>::get(1), Pending::<Test>::get(2)), (Some(40), Some(40)));
			assert_eq!(Pending::<Test>::get(10), None, "a genesis operator is verified");

			System::set_block_number(60);
			MigrateV1ToV2::<Test>::on_runtime_upgrade();
			assert_eq!(Pending::<Test>::get(1), Some(40));
		});
	}
}

mod validator_set {
	use super::*;

	#[test]
	fn genesis_validators_start_the_first_session() {
		test(|| {
			assert_eq!(Ops::new_session_genesis(0), Some(vec![10, 11]));
			assert_eq!(council(), vec![10, 11]);
		});
	}

	#[test]
	fn a_candidate_joins_only_once_it_has_keys() {
		test(|| {
			operator(1, Capabilities::all());
			assert_eq!(Ops::new_session(1), None, "no keys, no change");
			set_keys(1);
			assert_eq!(Ops::new_session(2), Some(vec![1, 10, 11]));
			assert_eq!(
				last_event(),
				Event::ValidatorSetPlanned { validators: vec![1, 10, 11] }.into()
			);
			assert_eq!(Ops::new_session(3), None, "unchanged set is not planned again");
		});
	}

	#[test]
	fn a_suspended_validator_leaves_at_the_next_session() {
		test(|| {
			validator(1);
			assert_eq!(Ops::new_session(1), Some(vec![1, 10, 11]));
			assert_eq!(Ops::new_session(2), None, "1 validates from session 2");
			assert_eq!(ActiveValidators::<Test>::get().into_inner(), vec![1, 10, 11]);
			assert_ok!(Ops::suspend_operator(root(), 1));
			assert_eq!(EarlyRotations::<Test>::get(), 2, "the next two rotations come early");
			assert_eq!(Ops::new_session(3), Some(vec![10, 11]));
			assert_eq!(Ops::new_session(4), None);
			assert_eq!(ActiveValidators::<Test>::get().into_inner(), vec![10, 11]);
		});
	}

	#[test]
	fn a_set_below_the_minimum_keeps_the_current_one() {
		test(|| {
			// 11 loses its keys (Session::purge_keys): only 10 would be left. The set is
			// kept, less the member without keys (pallet-session would drop it anyway).
			clear_keys();
			set_keys(10);
			assert_eq!(Ops::new_session(1), Some(vec![10]));
			assert_eq!(ActiveValidators::<Test>::get().into_inner(), vec![10, 11]);
			assert_eq!(PlannedValidators::<Test>::get().into_inner(), vec![10]);
			// Nobody with keys: the set is kept as it is (a chain without validators stops).
			clear_keys();
			assert_eq!(Ops::new_session(2), None);
			assert_eq!(PlannedValidators::<Test>::get().into_inner(), vec![10]);
		});
	}
}

mod accountability {
	use super::*;
	use pallet_session::ShouldEndSession;
	use sp_runtime::Perbill;
	use sp_staking::offence::{OffenceDetails, OnOffenceHandler};

	/// Sessions that never end by themselves: only early rotations end them.
	struct Never;
	impl ShouldEndSession<u64> for Never {
		fn should_end_session(_: u64) -> bool {
			false
		}
	}
	type Ends = EndSessionEarly<Test, Never>;

	/// 1 a validator of the current session (2) and of the planned one.
	fn validating_1() {
		validator(1);
		assert_eq!(Ops::new_session(1), Some(vec![1, 10, 11]));
		assert_eq!(Ops::new_session(2), None);
		assert_eq!(ActiveValidators::<Test>::get().into_inner(), vec![1, 10, 11]);
		assert_eq!(PlannedValidators::<Test>::get().into_inner(), vec![1, 10, 11]);
	}

	fn report(offender: AccountId, session: u32) -> Weight {
		let details = OffenceDetails { offender: (offender, ()), reporters: vec![] };
		<Ops as OnOffenceHandler<_, _, Weight>>::on_offence(&[details], &[Perbill::one()], session)
	}

	#[test]
	fn a_suspended_validator_is_out_at_the_next_boundary() {
		test(|| {
			validating_1();
			assert!(!Ends::should_end_session(7));
			assert_ok!(Ops::suspend_operator(root(), 1));
			assert_eq!(EarlyRotations::<Test>::get(), 2);
			// The session ends at the next block, and the one after it too.
			assert!(Ends::should_end_session(8));
			assert_eq!(Ops::new_session(3), Some(vec![10, 11]));
			assert!(Ends::should_end_session(9));
			assert_eq!(Ops::new_session(4), None);
			assert_eq!(ActiveValidators::<Test>::get().into_inner(), vec![10, 11]);
			assert!(!Ends::should_end_session(10), "back to the regular sessions");
		});
	}

	#[test]
	fn suspending_an_operator_that_does_not_validate_rotates_nothing() {
		test(|| {
			operator(1, Capabilities::all());
			assert_ok!(Ops::suspend_operator(root(), 1));
			assert_eq!(EarlyRotations::<Test>::get(), 0);
			assert!(!Ends::should_end_session(2));
		});
	}

	#[test]
	fn a_removed_validator_s_deposit_is_held_until_it_has_left() {
		test(|| {
			validating_1();
			assert_ok!(Ops::remove_operator(root(), 1, false));
			assert_eq!(
				last_event(),
				Event::OperatorRemoved { operator: 1, released: 0, slashed: 0 }.into()
			);
			assert_eq!(held(1), DEPOSIT);
			assert_eq!(Leaving::<Test>::get(1), Some(DEPOSIT));
			assert_eq!(EarlyRotations::<Test>::get(), 2);
			assert_noop!(
				Ops::register_operator(signed(1), name("Again"), north(), 1),
				Error::<Test>::StillLeaving
			);
			// The first boundary: 1 validates in the session starting (2, planned before).
			assert_eq!(Ops::new_session(3), Some(vec![10, 11]));
			assert_eq!(LastValidated::<Test>::get(1), Some(2));
			// The second: it is out, but offences of its last sessions can still be
			// reported for `ExitDelay` (2) sessions.
			for session in 4..=5 {
				assert_eq!(Ops::new_session(session), None);
				assert_eq!(held(1), DEPOSIT, "held at session {}", session - 1);
				assert_eq!(LastValidated::<Test>::get(1), Some(2));
			}
			assert_eq!(Ops::new_session(6), None);
			assert_eq!(held(1), 0);
			assert_eq!(Balances::balance(&1), INITIAL_BALANCE);
			assert_eq!(Leaving::<Test>::count(), 0);
			assert_eq!(LastValidated::<Test>::get(1), None);
			assert_eq!(
				last_event(),
				Event::LeavingDepositReleased { operator: 1, released: DEPOSIT }.into()
			);
			register(1);
		});
	}

	#[test]
	fn a_validator_of_the_current_session_only_needs_one_rotation() {
		test(|| {
			validating_1();
			// It gives up validating: planned out at the next regular rotation.
			assert_ok!(Ops::set_capabilities(root(), 1, Capabilities::default()));
			assert_eq!(Ops::new_session(3), Some(vec![10, 11]));
			assert_eq!(EarlyRotations::<Test>::get(), 0);
			assert_ok!(Ops::remove_operator(root(), 1, false));
			assert_eq!(EarlyRotations::<Test>::get(), 1);
			assert_eq!(Ops::new_session(4), None);
			assert_eq!(EarlyRotations::<Test>::get(), 0);
			assert_eq!(held(1), DEPOSIT, "it validated in session 2");
			Ops::new_session(5);
			assert_eq!(held(1), DEPOSIT, "session 4 is within ExitDelay of session 2");
			Ops::new_session(6);
			assert_eq!(held(1), 0);
			assert_eq!(Balances::balance(&1), INITIAL_BALANCE);
		});
	}

	#[test]
	fn a_removed_validator_s_slashed_deposit_goes_at_once() {
		test(|| {
			validating_1();
			let issuance = Balances::total_issuance();
			assert_ok!(Ops::remove_operator(root(), 1, true));
			assert_eq!(held(1), 0);
			assert_eq!(Balances::total_issuance(), issuance - DEPOSIT);
			assert_eq!(EarlyRotations::<Test>::get(), 2);
			// Nothing left to hold; it may not register again while its last sessions can be
			// reported (a report would take the new deposit).
			assert_eq!(Leaving::<Test>::get(1), Some(0));
			assert!(!Ops::is_accountable(&1));
			assert_noop!(
				Ops::register_operator(signed(1), name("Again"), north(), 1),
				Error::<Test>::StillLeaving
			);
			// It validates in the next session still (planned before).
			Ops::new_session(3);
			assert!(ActiveValidators::<Test>::get().contains(&1));
			assert_eq!(LastValidated::<Test>::get(1), Some(2));
			for session in 4..=6 {
				Ops::new_session(session);
			}
			assert_eq!(Leaving::<Test>::get(1), None);
			assert_eq!(LastValidated::<Test>::get(1), None);
			register(1);
		});
	}

	#[test]
	fn an_offence_costs_the_deposit_and_the_place_even_below_the_minimum() {
		test(|| {
			// 10 and 11 are the only validators and the minimum is 2: the council could
			// not remove either, an offence does.
			let issuance = Balances::total_issuance();
			assert!(report(10, 5).all_gte(<() as WeightInfo>::punish_offender()));
			assert_eq!(Operators::<Test>::get(10), None);
			assert_eq!(held(10), 0);
			assert_eq!(Balances::balance(&10), INITIAL_BALANCE - DEPOSIT);
			assert_eq!(Balances::total_issuance(), issuance - DEPOSIT);
			assert!(!council().contains(&10));
			assert_eq!(
				last_event(),
				Event::OffenderSlashed { operator: 10, session: 5, slashed: DEPOSIT }.into()
			);
			assert_eq!(EarlyRotations::<Test>::get(), 2);
			// Fewer candidates than the minimum: the set is kept, without the offender.
			assert_eq!(Ops::new_session(1), Some(vec![11]));
			assert_eq!(Ops::new_session(2), None);
			assert_eq!(ActiveValidators::<Test>::get().into_inner(), vec![11]);
			assert_eq!(EarlyRotations::<Test>::get(), 0);
		});
	}

	#[test]
	fn an_offence_takes_a_deposit_still_held_from_a_removal() {
		test(|| {
			validating_1();
			assert_ok!(Ops::remove_operator(root(), 1, false));
			assert_eq!(held(1), DEPOSIT);
			report(1, 2);
			assert_eq!(held(1), 0);
			assert_eq!(Balances::balance(&1), INITIAL_BALANCE - DEPOSIT);
			assert_eq!(
				last_event(),
				Event::OffenderSlashed { operator: 1, session: 2, slashed: DEPOSIT }.into()
			);
			// It may not register again while its offences can be reported; then it may.
			assert_eq!(Leaving::<Test>::get(1), Some(0));
			assert!(!Ops::is_accountable(&1));
			assert_noop!(
				Ops::register_operator(signed(1), name("Again"), north(), 1),
				Error::<Test>::StillLeaving
			);
			for session in 3..=6 {
				Ops::new_session(session);
			}
			assert_eq!(Leaving::<Test>::get(1), None);
			assert_eq!(LastValidated::<Test>::get(1), None);
			register(1);
		});
	}

	#[test]
	fn a_second_report_takes_nothing_more() {
		test(|| {
			validating_1();
			report(1, 2);
			let events = System::events().len();
			let balance = Balances::balance(&1);
			report(1, 2);
			assert_eq!(System::events().len(), events, "nothing happened");
			assert_eq!(Balances::balance(&1), balance);
		});
	}

	#[test]
	fn a_recent_validator_that_deregisters_waits_for_its_deposit() {
		test(|| {
			validating_1();
			// It stops validating, waits out the sets, and deregisters.
			assert_ok!(Ops::set_capabilities(root(), 1, Capabilities::default()));
			Ops::new_session(3);
			Ops::new_session(4);
			assert_eq!(LastValidated::<Test>::get(1), Some(2));
			assert_ok!(Ops::deregister(signed(1)));
			assert_eq!(
				last_event(),
				Event::OperatorDeregistered { operator: 1, released: 0 }.into()
			);
			assert!(Ops::is_accountable(&1));
			// An equivocation of session 2 reported now still costs it the deposit.
			report(1, 2);
			assert_eq!(Balances::balance(&1), INITIAL_BALANCE - DEPOSIT);
		});
	}

	#[test]
	fn an_operator_that_never_validated_leaves_with_its_deposit_at_once() {
		test(|| {
			operator(1, Capabilities::all());
			assert_ok!(Ops::deregister(signed(1)));
			assert_eq!(held(1), 0);
			assert_eq!(Leaving::<Test>::count(), 0);
		});
	}

	#[test]
	fn a_held_deposit_keeps_its_place() {
		test(|| {
			validating_1();
			assert_ok!(Ops::remove_operator(root(), 1, false));
			// 10, 11 and the leaving deposit of 1 take 3 of the 8 places.
			for who in 2..=6 {
				register(who);
			}
			assert_noop!(
				Ops::register_operator(signed(7), name("Late"), north(), 1),
				Error::<Test>::TooManyOperators
			);
		});
	}

	#[test]
	fn early_rotations_wait_while_told_to() {
		test(|| {
			frame_support::parameter_types! {
				pub static Hold: bool = true;
			}
			type Waiting = EndSessionEarly<Test, Never, Hold>;
			validating_1();
			assert_ok!(Ops::suspend_operator(root(), 1));
			assert!(!Waiting::should_end_session(8), "GRANDPA has a change pending");
			Hold::set(false);
			assert!(Waiting::should_end_session(9));
		});
	}

	#[test]
	fn an_offence_of_an_account_that_is_no_operator_changes_nothing() {
		test(|| {
			let events = System::events().len();
			report(5, 1);
			assert_eq!(System::events().len(), events);
			assert_eq!(Balances::balance(&5), INITIAL_BALANCE);
			assert_eq!(EarlyRotations::<Test>::get(), 0);
		});
	}
}

mod registry {
	use super::*;

	#[test]
	fn answers_for_other_pallets() {
		test(|| {
			assert!(!Ops::is_verified(&1));
			assert_eq!(Ops::region_of(&1), None);
			register(1);
			assert_eq!(Ops::region_of(&1), Some(north()));
			assert!(!Ops::is_verified(&1));
			assert_ok!(Ops::verify_operator(root(), 1, north()));
			assert!(Ops::is_verified(&1));
			assert!(!Ops::has_capability(&1, Capability::ReportLoad));
			assert!(Ops::has_capability(&10, Capability::ReportLoad));
			assert_eq!(Ops::operator(&1).map(|i| i.capacity_kw), Some(1_000_000));
		});
	}
}

#[test]
fn try_state_catches_a_council_out_of_sync() {
	new_test_ext().execute_with(|| {
		assert_ok!(Ops::do_try_state());
		CouncilMembers::<Test>::kill();
		assert!(Ops::do_try_state().is_err());
	});
}

#[test]
fn integrity_test_passes_for_the_mock() {
	use frame_support::traits::Hooks;
	<Ops as Hooks<u64>>::integrity_test();
}

mod migration_v1 {
	use super::*;
	use codec::Encode;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	use migrations::v1::{MigrateV0ToV1, OldCapabilities, OldOperatorInfo};

	/// Rewrite every operator as version 0 stored it.
	fn store_as_v0() {
		for (who, info) in Operators::<Test>::iter().collect::<Vec<_>>() {
			let c = info.capabilities;
			let old = OldOperatorInfo::<Test> {
				name: info.name,
				region: info.region,
				capacity_kw: info.capacity_kw,
				status: info.status,
				capabilities: OldCapabilities {
					report_load: c.report_load,
					coordinate_balancing: c.coordinate_balancing,
					run_demand_response: c.run_demand_response,
					report_stability: c.report_stability,
					validate_blocks: c.validate_blocks,
				},
				deposit: info.deposit,
				registered_at: info.registered_at,
			};
			frame_support::storage::unhashed::put_raw(
				&Operators::<Test>::hashed_key_for(who),
				&old.encode(),
			);
		}
		StorageVersion::new(0).put::<Ops>();
	}

	#[test]
	fn adds_manage_meters_switched_off_and_runs_once() {
		test(|| {
			let before: Vec<_> = Operators::<Test>::iter().collect();
			assert_eq!(before.len(), 2);
			store_as_v0();

			MigrateV0ToV1::<Test>::on_runtime_upgrade();
			assert_eq!(Ops::on_chain_storage_version(), StorageVersion::new(1));
			for (who, info) in &before {
				let migrated = Operators::<Test>::get(who).expect("still stored");
				let mut expected = info.clone();
				expected.capabilities.manage_meters = false;
				assert_eq!(migrated, expected);
			}

			// At version 1 it does nothing (the version guard), whatever is stored.
			let migrated: Vec<_> = Operators::<Test>::iter().collect();
			MigrateV0ToV1::<Test>::on_runtime_upgrade();
			assert_eq!(Operators::<Test>::iter().collect::<Vec<_>>(), migrated);
		});
	}
}

/// A call that can verify an operator or end its verification changes the council's members,
/// which rewrites the votes of every open proposal: its weight counts that work at its most,
/// besides its own. Calls that change no member do not.
#[test]
fn a_change_of_the_council_s_members_is_charged() {
	use frame_support::dispatch::GetDispatchInfo;
	let north = RegionId::try_from("North").unwrap();
	let council = CouncilChangeWeight::get();
	let changing: [(Call<Test>, Weight); 6] = [
		(
			Call::verify_operator { operator: 1, region: north.clone() },
			<() as WeightInfo>::verify_operator(),
		),
		(Call::suspend_operator { operator: 1 }, <() as WeightInfo>::suspend_operator()),
		(Call::reinstate_operator { operator: 1 }, <() as WeightInfo>::reinstate_operator()),
		(Call::remove_operator { operator: 1, slash: true }, <() as WeightInfo>::remove_operator()),
		(Call::deregister {}, <() as WeightInfo>::deregister()),
		(
			Call::update_operator { name: None, region: Some(north.clone()), capacity_kw: None },
			<() as WeightInfo>::update_operator(),
		),
	];
	for (call, own) in changing {
		assert_eq!(call.get_dispatch_info().call_weight, own + council, "{call:?}");
	}
	let unchanging: [(Call<Test>, Weight); 2] = [
		(
			Call::set_capabilities { operator: 1, capabilities: Capabilities::default() },
			<() as WeightInfo>::set_capabilities(),
		),
		(Call::expire_registration { operator: 1 }, <() as WeightInfo>::expire_registration()),
	];
	for (call, own) in unchanging {
		assert_eq!(call.get_dispatch_info().call_weight, own, "{call:?}");
	}
}

/// The council's change is charged up front and refunded when the call changed no member:
/// a pending operator removed or leaving, a verified one changing its name. A verified
/// operator leaving or moving away pays for it.
#[test]
fn the_council_s_change_is_refunded_when_no_member_changed() {
	use frame_support::dispatch::DispatchResultWithPostInfo;
	test(|| {
		let actual = |result: DispatchResultWithPostInfo| result.expect("dispatched").actual_weight;
		register(1);
		assert_eq!(actual(Ops::deregister(signed(1))), Some(<() as WeightInfo>::deregister()));
		register(2);
		assert_eq!(
			actual(Ops::remove_operator(root(), 2, false)),
			Some(<() as WeightInfo>::remove_operator())
		);
		operator(3, Capabilities::default());
		let renamed = Ops::update_operator(signed(3), Some(name("Renamed")), None, None);
		assert_eq!(actual(renamed), Some(<() as WeightInfo>::update_operator()));
		// Moving region: pending again, off the council. Full charge.
		let moved =
			Ops::update_operator(signed(3), None, Some(RegionId::try_from("South").unwrap()), None);
		assert_eq!(actual(moved), None);
		assert!(!council().contains(&3));
		operator(4, Capabilities::default());
		assert!(council().contains(&4));
		assert_eq!(actual(Ops::deregister(signed(4))), None);
		// Removing a suspended operator (off the council already) is refunded; removing a
		// verified one is not.
		operator(5, Capabilities::default());
		assert_ok!(Ops::suspend_operator(root(), 5));
		assert_eq!(
			actual(Ops::remove_operator(root(), 5, false)),
			Some(<() as WeightInfo>::remove_operator())
		);
		operator(6, Capabilities::default());
		assert_eq!(actual(Ops::remove_operator(root(), 6, true)), None);
		assert!(!council().contains(&6));
	});
}

mod min_validators {
	use super::*;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	use migrations::v3::MigrateV2ToV3;

	fn ext_with_min(min: u32) -> sp_io::TestExternalities {
		new_test_ext_with_min(min)
	}

	#[test]
	fn genesis_sets_the_minimum_and_the_council_keeps_to_it() {
		test(|| {
			assert_eq!(MinValidators::<Test>::get(), MIN_VALIDATORS);
			assert_noop!(Ops::suspend_operator(root(), 10), Error::<Test>::TooFewValidators);
		});
		// The same operators with a minimum of one: one of the two may be suspended, not both.
		ext_with_min(1).execute_with(|| {
			assert_eq!(MinValidators::<Test>::get(), 1);
			assert_ok!(Ops::suspend_operator(root(), 10));
			assert_noop!(Ops::suspend_operator(root(), 11), Error::<Test>::TooFewValidators);
			Ops::do_try_state().expect("invariants hold");
		});
	}

	#[test]
	fn a_session_with_fewer_candidates_than_the_minimum_keeps_the_set() {
		// Genesis allows a minimum above the operators it has: the set then never shrinks
		// below what it is, and grows only to the minimum or more.
		ext_with_min(3).execute_with(|| {
			assert_eq!(Ops::new_session(1), None);
			validator(1);
			assert_eq!(Ops::new_session(2), Some(vec![1, 10, 11]));
		});
	}

	#[test]
	#[should_panic(expected = "min_validators must be at least 1 and at most MaxValidators")]
	fn genesis_refuses_a_minimum_of_zero() {
		ext_with_min(0);
	}

	#[test]
	#[should_panic(expected = "min_validators must be at least 1 and at most MaxValidators")]
	fn genesis_refuses_a_minimum_above_max_validators() {
		ext_with_min(MaxValidators::get() + 1);
	}

	#[test]
	fn the_default_genesis_minimum_is_one() {
		assert_eq!(GenesisConfig::<Test>::default().min_validators, 1);
		assert_eq!(DEFAULT_MIN_VALIDATORS, 1);
	}

	/// A chain from before version 3 reads the old constant's value (1) and the migration
	/// stores it; a value already stored is kept; a second run does nothing.
	#[test]
	fn migration_v3_stores_the_minimum_once() {
		test(|| {
			MinValidators::<Test>::kill();
			assert_eq!(MinValidators::<Test>::get(), 1, "before the migration: the old constant");
			StorageVersion::new(2).put::<Ops>();
			MigrateV2ToV3::<Test>::on_runtime_upgrade();
			assert_eq!(Ops::on_chain_storage_version(), StorageVersion::new(3));
			assert!(MinValidators::<Test>::exists());
			assert_eq!(MinValidators::<Test>::get(), 1);

			MinValidators::<Test>::put(4);
			MigrateV2ToV3::<Test>::on_runtime_upgrade();
			assert_eq!(MinValidators::<Test>::get(), 4, "a second run changes nothing");
			MinValidators::<Test>::put(2);
			StorageVersion::new(2).put::<Ops>();
			MigrateV2ToV3::<Test>::on_runtime_upgrade();
			assert_eq!(MinValidators::<Test>::get(), 2, "a stored value is kept");
		});
	}
}
