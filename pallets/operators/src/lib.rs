#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use features::EndSessionEarly;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{
			self,
			hold::{Balanced as _, Inspect as _, Mutate as _},
		},
		tokens::Precision,
		ChangeMembers, Contains, OnUnbalanced,
	},
};
use frame_system::pallet_prelude::*;
use grid_primitives::{
	Capabilities, Capability, Kilowatts, OperatorCommitments, OperatorRegistry, RegionId,
};
use sp_runtime::traits::{Saturating, StaticLookup, Zero};

/// Log target of this pallet.
const LOG_TARGET: &str = "runtime::operators";

type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version. 1: `Capabilities` has `manage_meters`
	/// (`migrations::v1`); 2: pending operators are listed in `Pending` (`v2`); 3:
	/// `MinValidators` is stored, set at genesis (`v3`).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	/// [`MinValidators`] where genesis does not say (and before version 3 stored it).
	pub const DEFAULT_MIN_VALIDATORS: u32 = 1;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The registration deposit of an operator, held until it leaves.
		OperatorDeposit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: registration deposits are held in it.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::hold::Mutate<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::hold::Balanced<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Receives slashed deposits (`()` burns them).
		type OnSlash: OnUnbalanced<CreditOf<Self>>;

		/// The deposit held from an operator while it is registered.
		#[pallet::constant]
		type RegistrationDeposit: Get<BalanceOf<Self>>;

		/// Verifies operators and reinstates suspended ones: in the runtime, Root or two
		/// thirds of the grid council.
		type VerifierOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Suspends and removes operators (with or without their deposit): in the runtime,
		/// Root or two thirds of the grid council.
		type SuspendOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Sets operators' capabilities: in the runtime, Root or two thirds of the grid
		/// council.
		type CapabilityOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The longest operator name, in bytes.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;

		/// Most operators registered at once (in any status). Also the most members of the
		/// grid council, which must allow at least this many.
		#[pallet::constant]
		type MaxOperators: Get<u32>;

		/// Most operators pending verification at once (newly registered or moved to another
		/// region): at most `MaxOperators`, and in a runtime well below it, so that
		/// registrations nobody verifies cannot take the places of operators the verifier
		/// would verify.
		#[pallet::constant]
		type MaxPending: Get<u32>;

		/// How long a registration may wait for verification: after this many blocks
		/// pending, anyone may expire it (`expire_registration`), which releases its deposit
		/// and its place.
		#[pallet::constant]
		type PendingExpiry: Get<BlockNumberFor<Self>>;

		/// Most validators in one session.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// How many sessions after it last validated an operator's deposit stays held when it
		/// leaves (removed without slash, deregistered or expired): an offence of any of those
		/// sessions reported meanwhile takes it. In the runtime, as many sessions as their
		/// validator sets stay provable (`KeptSessions`).
		#[pallet::constant]
		type ExitDelay: Get<SessionIndex>;

		/// Accounts that have set session keys (`Session::set_keys`): only those can be
		/// validators.
		type HasSessionKeys: Contains<Self::AccountId>;

		/// The grid council, whose members are the verified operators.
		type Council: ChangeMembers<Self::AccountId>;

		/// The most a change of the council's members weighs (`Council::change_members_sorted`
		/// rewrites the votes of every open proposal): in the runtime, the collective's
		/// `set_members` with the most members and open proposals. Added to the weight of each
		/// call that can verify an operator or end its verification; this pallet's benchmarks
		/// measure its own work only (their council is empty of proposals).
		type CouncilChangeWeight: Get<Weight>;

		/// What operators still answer for in the grid pallets (demand-response programs,
		/// balancing actions): an operator with any may not deregister or be expired.
		type Commitments: OperatorCommitments<Self::AccountId>;

		/// Weights of this pallet's calls, generated by `grid-node benchmark pallet`.
		type WeightInfo: WeightInfo;

		/// Sets up what the benchmarks cannot reach through this pallet (session keys).
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Every registered operator, in any status.
	#[pallet::storage]
	pub type Operators<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, OperatorInfoOf<T>, OptionQuery>;

	/// How many operators are registered, bounded by `MaxOperators`.
	#[pallet::storage]
	pub type OperatorCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The operators pending verification, each with the block it became pending in (its
	/// registration, or its move to another region). No entry is added beyond `MaxPending`
	/// (the v2 migration lists every operator pending before, however many).
	#[pallet::storage]
	pub type Pending<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>, OptionQuery>;

	/// Verified operators, sorted: the members of the grid council.
	#[pallet::storage]
	pub type CouncilMembers<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxOperators>, ValueQuery>;

	/// Verified operators with the validate capability, sorted: who the next session's
	/// validators are drawn from (those of them with session keys).
	#[pallet::storage]
	pub type ValidatorCandidates<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// The validators of the current session, sorted.
	#[pallet::storage]
	pub type ActiveValidators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// The validators planned for the next session, sorted (equal to the active ones when
	/// nothing changes).
	#[pallet::storage]
	pub type PlannedValidators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// The fewest validators a session may have, set at genesis (`min_validators`): a change
	/// that would leave fewer candidates with session keys is refused (`TooFewValidators`),
	/// and a session that would start with fewer keeps the previous set. Reads 1 until set
	/// (the value every network had before it was stored: migration `v3`).
	#[pallet::storage]
	pub type MinValidators<T: Config> =
		StorageValue<_, u32, ValueQuery, ConstU32<DEFAULT_MIN_VALIDATORS>>;

	/// Deposits of former operators that validated recently: an operator that leaves
	/// (removed without slash, deregistered or expired) while it validates, or within
	/// `ExitDelay` sessions of the last session it validated in ([`LastValidated`]), keeps its
	/// deposit held here; the first session start at which it is in neither the active nor the
	/// planned set and `ExitDelay` sessions have passed releases it
	/// ([`Event::LeavingDepositReleased`]). Meanwhile an offence reported against it takes it
	/// ([`Event::OffenderSlashed`]). A punished offender, or an operator removed with its
	/// deposit slashed while or soon after it validated, keeps an entry of 0 for as long, so
	/// that it cannot register again (and put up a deposit an offence of its last sessions
	/// would take) while its offences can still be reported. An entry keeps
	/// its operator's place: operators and entries together are at most `MaxOperators`, and
	/// an account with an entry may not register (`StillLeaving`).
	#[pallet::storage]
	pub type Leaving<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, OptionQuery>;

	/// The last session each operator (or former operator with a [`Leaving`] entry)
	/// validated in: written at each session start for the session's validators, removed
	/// with the account's last deposit. At most `MaxOperators` entries.
	#[pallet::storage]
	pub type LastValidated<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, SessionIndex, OptionQuery>;

	/// The session that started last (pallet-session's current index).
	#[pallet::storage]
	pub type CurrentSession<T: Config> = StorageValue<_, SessionIndex, ValueQuery>;

	/// Session rotations still to come early: set when a validator is suspended, removed or
	/// punished for an offence, so that it is out of the validator set at the next session
	/// boundary, within two blocks, instead of serving the rest of this session and all of
	/// the next (pallet-session fixes each session's set a session ahead). Read by
	/// [`EndSessionEarly`]; each rotation counts one down.
	#[pallet::storage]
	pub type EarlyRotations<T: Config> = StorageValue<_, u8, ValueQuery>;

	/// An operator at genesis: verified, with its capabilities (and its deposit held).
	#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
	#[serde(rename_all = "camelCase", deny_unknown_fields)]
	pub struct GenesisOperator<AccountId> {
		/// Its account, which must be endowed with at least the registration deposit.
		pub account: AccountId,
		/// Its name (UTF-8).
		pub name: alloc::string::String,
		/// Its region.
		pub region: RegionId,
		/// Its capacity in kW.
		pub capacity_kw: Kilowatts,
		/// What it may do.
		pub capabilities: Capabilities,
	}

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// Operators that exist from block 0, verified. Those with the validate capability
		/// are the first validators (their session keys come from the session pallet's
		/// genesis). The grid council's pallet must come before this one in the runtime, so
		/// that its genesis does not overwrite the members set here.
		pub operators: Vec<GenesisOperator<T::AccountId>>,
		/// The network's [`MinValidators`]: at least 1 and at most `MaxValidators`. A network
		/// of several operators sets it so that no council majority can shrink the validator
		/// set to a few nodes (4 on `local_testnet`, 1 on development chains); 1 if not given.
		pub min_validators: u32,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self { operators: Vec::new(), min_validators: DEFAULT_MIN_VALIDATORS }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(
				(1..=T::MaxValidators::get()).contains(&self.min_validators),
				"min_validators must be at least 1 and at most MaxValidators"
			);
			MinValidators::<T>::put(self.min_validators);
			for op in &self.operators {
				let name: OperatorName<T> = op
					.name
					.as_bytes()
					.to_vec()
					.try_into()
					.unwrap_or_else(|_| panic!("genesis operator name too long: {}", op.name));
				Pallet::<T>::do_register(&op.account, name, op.region.clone(), op.capacity_kw)
					.unwrap_or_else(|e| panic!("genesis operator {:?}: {e:?}", op.account));
				let mut info = Operators::<T>::get(&op.account)
					.unwrap_or_else(|| panic!("genesis operator {:?} just registered", op.account));
				info.status = OperatorStatus::Verified;
				info.capabilities = op.capabilities;
				Pallet::<T>::store_and_resync(&op.account, Some(info))
					.unwrap_or_else(|e| panic!("genesis operator {:?}: {e:?}", op.account));
			}
			// The first sessions' validators: every candidate (their keys come from the
			// session pallet's genesis).
			ActiveValidators::<T>::put(ValidatorCandidates::<T>::get());
			PlannedValidators::<T>::put(ValidatorCandidates::<T>::get());
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account registered as an operator and waits for verification.
		OperatorRegistered {
			/// The operator.
			operator: T::AccountId,
			/// Its region.
			region: RegionId,
			/// Its capacity in kW.
			capacity_kw: Kilowatts,
			/// The deposit held.
			deposit: BalanceOf<T>,
		},
		/// The verifier verified an operator; it joined the grid council.
		OperatorVerified {
			/// The operator.
			operator: T::AccountId,
		},
		/// The verifier suspended an operator; it left the council and, from the next
		/// session, the validator set.
		OperatorSuspended {
			/// The operator.
			operator: T::AccountId,
		},
		/// The verifier lifted a suspension.
		OperatorReinstated {
			/// The operator.
			operator: T::AccountId,
		},
		/// The verifier removed an operator; its deposit was released or slashed.
		OperatorRemoved {
			/// The operator.
			operator: T::AccountId,
			/// The deposit released to it now (0 if it is held in `Leaving`: it validated within
			/// `ExitDelay` sessions; `LeavingDepositReleased` tells when it is released).
			released: BalanceOf<T>,
			/// The deposit slashed from it.
			slashed: BalanceOf<T>,
		},
		/// An operator left by itself; its deposit was released.
		OperatorDeregistered {
			/// The operator.
			operator: T::AccountId,
			/// The deposit released to it now (0 if it is held in `Leaving`: it validated within
			/// `ExitDelay` sessions; `LeavingDepositReleased` tells when it is released).
			released: BalanceOf<T>,
		},
		/// An operator changed its details. A new region makes it pending again.
		OperatorUpdated {
			/// The operator.
			operator: T::AccountId,
			/// Its region now.
			region: RegionId,
			/// Its capacity now, in kW.
			capacity_kw: Kilowatts,
			/// Whether it must be verified again (it moved to another region).
			needs_verification: bool,
		},
		/// The verifier set an operator's capabilities.
		CapabilitiesSet {
			/// The operator.
			operator: T::AccountId,
			/// What it may do now.
			capabilities: Capabilities,
		},
		/// A registration waited `PendingExpiry` blocks unverified and was expired; its deposit
		/// was released.
		RegistrationExpired {
			/// The operator that was pending.
			operator: T::AccountId,
			/// The deposit released to it now (0 if it is held in `Leaving`: it validated within
			/// `ExitDelay` sessions; `LeavingDepositReleased` tells when it is released).
			released: BalanceOf<T>,
		},
		/// A new validator set was handed to the session pallet; it takes effect at the
		/// next session.
		ValidatorSetPlanned {
			/// The validators, sorted.
			validators: Vec<T::AccountId>,
		},
		/// A former operator's deposit, held since it left while it validated or soon after,
		/// was released to it: it is out of the validator set and `ExitDelay` sessions have
		/// passed since it last validated.
		LeavingDepositReleased {
			/// The former operator.
			operator: T::AccountId,
			/// The deposit released.
			released: BalanceOf<T>,
		},
		/// An offence (a GRANDPA equivocation) was reported against a validator: it lost its
		/// deposit (handed to `OnSlash`) and its place (no longer an operator; out of the
		/// validator set at the next session boundary).
		OffenderSlashed {
			/// The offender.
			operator: T::AccountId,
			/// The session of the offence.
			session: SessionIndex,
			/// The deposit taken (its operator deposit and any deposit still held from an
			/// earlier removal).
			slashed: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a registered operator.
		AlreadyRegistered,
		/// The account is not a registered operator.
		NotRegistered,
		/// The name is empty or not printable UTF-8.
		BadName,
		/// The region name is empty or has characters outside `[A-Za-z0-9_-]`.
		BadRegion,
		/// The capacity is zero.
		ZeroCapacity,
		/// The registration deposit cannot be held (not enough free balance).
		InsufficientDeposit,
		/// `MaxOperators` operators are registered already (counting former operators whose
		/// deposits are still held in `Leaving`).
		TooManyOperators,
		/// `MaxPending` operators wait for verification already.
		TooManyPending,
		/// The registration has waited less than `PendingExpiry` blocks.
		NotExpired,
		/// `MaxValidators` validator candidates exist already.
		TooManyValidators,
		/// The operator is not pending verification.
		NotPending,
		/// The operator is not verified (pending or suspended).
		NotVerified,
		/// The operator is not suspended.
		NotSuspended,
		/// The change would leave fewer than `MinValidators` validators for the next
		/// session.
		TooFewValidators,
		/// The operator validates in the current session or is planned to in the next: it
		/// must lose the validate capability and wait for the sessions to rotate.
		StillValidating,
		/// An update that changes nothing.
		NothingToUpdate,
		/// The operator is registered for another region than the one the verifier named
		/// (it moved since the verifier checked it).
		RegionMismatch,
		/// The operator still answers for a demand-response program it has not settled or
		/// cancelled, or a balancing action it opened that is still open.
		HasCommitments,
		/// A suspended operator can neither move to another region (it would come back
		/// pending there, outside its suspension) nor deregister (its deposit would leave
		/// before the verifier decides whether to slash it). Lifting a suspension, or removing
		/// the operator, is the verifier's.
		Suspended,
		/// The account left as an operator while or soon after it validated (or was punished
		/// for an offence): its deposit is still held (`Leaving`) for offences of its last
		/// sessions, and it may not register again until a session start releases it.
		StillLeaving,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::MaxValidators::get() <= T::MaxOperators::get(),
				"every validator is an operator: MaxValidators <= MaxOperators"
			);
			assert!(T::MaxNameLen::get() >= 1, "names need at least one byte");
			assert!(
				(1..=T::MaxOperators::get()).contains(&T::MaxPending::get()),
				"1 <= MaxPending <= MaxOperators"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register the caller as a grid operator of `region`, pending verification.
		///
		/// - Origin: signed, any account that is not an operator yet.
		/// - Holds `RegistrationDeposit` from the caller (`HoldReason::OperatorDeposit`).
		/// - Emits `OperatorRegistered`.
		/// - Errors: `AlreadyRegistered`, `StillLeaving`, `BadName`, `BadRegion`,
		///   `ZeroCapacity`, `TooManyOperators`, `TooManyPending`, `InsufficientDeposit`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_operator())]
		pub fn register_operator(
			origin: OriginFor<T>,
			name: OperatorName<T>,
			region: RegionId,
			capacity_kw: Kilowatts,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_operator(who, name, region, capacity_kw)
		}

		/// Verify a pending operator for `region`: it joins the grid council and may act with
		/// its capabilities (and validate from the next session on, if it may and has keys).
		/// The verifier names the region it checked, so that an operator that moved while
		/// the council's motion was open is not verified for a region nobody checked.
		///
		/// - Origin: `VerifierOrigin`.
		/// - Emits `OperatorVerified`.
		/// - Errors: `NotRegistered`, `NotPending`, `RegionMismatch`, `TooManyValidators`.
		#[pallet::call_index(1)]
		#[pallet::weight(with_council_change::<T>(T::WeightInfo::verify_operator()))]
		pub fn verify_operator(
			origin: OriginFor<T>,
			operator: AccountIdLookupOf<T>,
			region: RegionId,
		) -> DispatchResult {
			T::VerifierOrigin::ensure_origin(origin)?;
			let who = T::Lookup::lookup(operator)?;
			Self::do_verify_operator(who, region)
		}

		/// Suspend a verified operator: it loses its capabilities' effect, leaves the council
		/// at once and the validator set at the next session boundary (if it validates now or
		/// is planned to, the next two sessions end early, at the next two blocks).
		///
		/// - Origin: `SuspendOrigin`.
		/// - Emits `OperatorSuspended`.
		/// - Errors: `NotRegistered`, `NotVerified`, `TooFewValidators`.
		#[pallet::call_index(2)]
		#[pallet::weight(with_council_change::<T>(T::WeightInfo::suspend_operator()))]
		pub fn suspend_operator(
			origin: OriginFor<T>,
			operator: AccountIdLookupOf<T>,
		) -> DispatchResult {
			T::SuspendOrigin::ensure_origin(origin)?;
			let who = T::Lookup::lookup(operator)?;
			Self::do_suspend_operator(who)
		}

		/// Lift a suspension: the operator is verified again.
		///
		/// - Origin: `VerifierOrigin`.
		/// - Emits `OperatorReinstated`.
		/// - Errors: `NotRegistered`, `NotSuspended`, `TooManyValidators`.
		#[pallet::call_index(3)]
		#[pallet::weight(with_council_change::<T>(T::WeightInfo::reinstate_operator()))]
		pub fn reinstate_operator(
			origin: OriginFor<T>,
			operator: AccountIdLookupOf<T>,
		) -> DispatchResult {
			T::VerifierOrigin::ensure_origin(origin)?;
			let who = T::Lookup::lookup(operator)?;
			Self::do_reinstate_operator(who)
		}

		/// Remove an operator in any status. With `slash` its deposit is taken (handed to
		/// `OnSlash`); otherwise released, at once unless it validates now, is planned to, or
		/// validated within `ExitDelay` sessions: then held in `Leaving` until a session start
		/// after that (offences of those sessions can take it). It leaves the council at once
		/// and the validator set at the next session boundary (the next two sessions end
		/// early, at the next two blocks).
		///
		/// - Origin: `SuspendOrigin`.
		/// - Emits `OperatorRemoved` (`released: 0` while held; `LeavingDepositReleased`
		///   later).
		/// - Errors: `NotRegistered`, `TooFewValidators`.
		/// - Weight: the council's change (`CouncilChangeWeight`) is refunded when the
		///   operator was not on the council (pending or suspended).
		#[pallet::call_index(4)]
		#[pallet::weight(with_council_change::<T>(T::WeightInfo::remove_operator()))]
		pub fn remove_operator(
			origin: OriginFor<T>,
			operator: AccountIdLookupOf<T>,
			slash: bool,
		) -> DispatchResultWithPostInfo {
			T::SuspendOrigin::ensure_origin(origin)?;
			let who = T::Lookup::lookup(operator)?;
			Self::do_remove_operator(who, slash)
		}

		/// Leave the grid: the caller stops being an operator and gets its deposit back, at
		/// once, or if it validated within `ExitDelay` sessions at a session start after that
		/// (held in `Leaving` meanwhile, for offences of its last sessions).
		///
		/// - Origin: signed, a registered operator that is not suspended, not a validator of
		///   the current or next session, and answers for no program or action (`Commitments`).
		/// - Emits `OperatorDeregistered` (`released: 0` while held; `LeavingDepositReleased`
		///   later).
		/// - Errors: `NotRegistered`, `Suspended`, `StillValidating`, `HasCommitments`,
		///   `TooFewValidators`.
		/// - Weight: the council's change (`CouncilChangeWeight`) is refunded when the caller
		///   was not on the council (pending).
		#[pallet::call_index(5)]
		#[pallet::weight(with_council_change::<T>(T::WeightInfo::deregister()))]
		pub fn deregister(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_deregister(who)
		}

		/// Change the caller's name, region or capacity (`None` keeps a field). A new region
		/// makes the operator pending again: it must be verified for the new region. A
		/// suspended operator may not move, nor one that answers for a program or an action
		/// in its region (`Commitments`): it would leave them without anyone to run them.
		///
		/// - Origin: signed, a registered operator.
		/// - Emits `OperatorUpdated`.
		/// - Errors: `NotRegistered`, `BadName`, `BadRegion`, `ZeroCapacity`,
		///   `NothingToUpdate`, `Suspended`, `TooFewValidators` (a validator moving
		///   region), `TooManyPending` (a verified operator moving region), `HasCommitments`.
		/// - Weight: the council's change (`CouncilChangeWeight`) is refunded unless a verified
		///   operator moved region (and so left the council).
		#[pallet::call_index(6)]
		#[pallet::weight(with_council_change::<T>(T::WeightInfo::update_operator()))]
		pub fn update_operator(
			origin: OriginFor<T>,
			name: Option<OperatorName<T>>,
			region: Option<RegionId>,
			capacity_kw: Option<Kilowatts>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_update_operator(who, name, region, capacity_kw)
		}

		/// Set what an operator may do. Granting or revoking the validate capability of a
		/// verified operator adds it to or drops it from the next session's validators.
		///
		/// - Origin: `CapabilityOrigin`.
		/// - Emits `CapabilitiesSet`.
		/// - Errors: `NotRegistered`, `TooManyValidators`, `TooFewValidators`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_capabilities())]
		pub fn set_capabilities(
			origin: OriginFor<T>,
			operator: AccountIdLookupOf<T>,
			capabilities: Capabilities,
		) -> DispatchResult {
			T::CapabilityOrigin::ensure_origin(origin)?;
			let who = T::Lookup::lookup(operator)?;
			Self::do_set_capabilities(who, capabilities)
		}

		/// Expire a registration that has waited `PendingExpiry` blocks without being
		/// verified (since it registered or moved region): the operator is removed and its
		/// deposit released to it, freeing its place for others.
		///
		/// - Origin: signed, anyone.
		/// - Releases the operator's deposit (into `Leaving` instead if it validated within
		///   `ExitDelay` sessions, before it moved region).
		/// - Emits `RegistrationExpired`.
		/// - Errors: `NotPending`, `NotExpired`, `StillValidating` (a validator that moved
		///   region waits for the sessions to rotate), `HasCommitments` (an operator that
		///   moved region answers for what it opened before).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::expire_registration())]
		pub fn expire_registration(
			origin: OriginFor<T>,
			operator: AccountIdLookupOf<T>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let who = T::Lookup::lookup(operator)?;
			Self::do_expire_registration(who)
		}
	}
}

/// A call's own weight and the most a change of the council's members it may cause weighs.
fn with_council_change<T: Config>(own: Weight) -> Weight {
	own.saturating_add(T::CouncilChangeWeight::get())
}

/// What a call charged [`with_council_change`] used: all of it when the council changed,
/// its own weight (`own`) when it did not.
fn council_refund(changed: bool, own: Weight) -> frame_support::dispatch::PostDispatchInfo {
	frame_support::dispatch::PostDispatchInfo {
		actual_weight: (!changed).then_some(own),
		pays_fee: Pays::Yes,
	}
}

impl<T: Config> Pallet<T> {
	/// The operator record of `who` (runtime API `get_operator`).
	pub fn operator(who: &T::AccountId) -> Option<OperatorInfoOf<T>> {
		Operators::<T>::get(who)
	}

	/// Whether `who` is a verified, not suspended operator (runtime API
	/// `is_verified_operator`).
	pub fn is_verified_operator(who: &T::AccountId) -> bool {
		Operators::<T>::get(who).is_some_and(|info| info.is_verified())
	}
}

/// What the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Give `who` session keys, so that it counts as a validator.
	fn set_session_keys(who: &AccountId);
}

#[cfg(feature = "runtime-benchmarks")]
impl<AccountId> BenchmarkHelper<AccountId> for () {
	fn set_session_keys(_who: &AccountId) {}
}

/// Index of a session (`sp_staking::SessionIndex`).
type SessionIndex = u32;
