//! Governance: the grid council, whose members are the verified operators, and the grid
//! admin origin (Root or two thirds of the council).

use super::*;

/// The grid council's collective instance.
pub type CouncilCollective = pallet_collective::Instance1;

/// Most operators (and so council members) the chain admits.
pub const MAX_OPERATORS: u32 = 100;

parameter_types! {
	/// A council motion stays open this long.
	pub const CouncilMotionDuration: BlockNumber = 2 * HOURS;
	pub const CouncilMaxProposals: u32 = 50;
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
	/// Council proposals' deposits are held under this reason.
	pub const CouncilProposalHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Council(pallet_collective::HoldReason::ProposalSubmission);
	/// A proposal's deposit when no other is open.
	pub const CouncilProposalDeposit: Balance = UNIT;
	/// Each open proposal raises the next one's deposit by a quarter.
	pub const CouncilProposalDepositRatio: FixedU128 =
		FixedU128::from_inner(1_250_000_000_000_000_000);
}

/// A council proposal holds a deposit from its proposer while it is stored, released by
/// `Council::release_proposal_cost` (anyone) once it is closed or disapproved, burnt if Root
/// kills it (`KillOrigin`): 1 GRID when no other proposal is open, a quarter more with each open
/// one (9.3 GRID with 10 open, 87 with 20), so filling the 50 `MaxProposals` places holds
/// about 280,000 GRID.
#[cfg(not(feature = "runtime-benchmarks"))]
pub type CouncilProposalCost =
	pallet_collective::deposit::Geometric<CouncilProposalDepositRatio, CouncilProposalDeposit>;
/// The collective's benchmarks open `MaxProposals` proposals from one account: a constant
/// deposit lets them (a hold costs the same whatever its amount).
#[cfg(feature = "runtime-benchmarks")]
pub type CouncilProposalCost = pallet_collective::deposit::Constant<CouncilProposalDeposit>;

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = CouncilMaxProposals;
	type MaxMembers = ConstU32<MAX_OPERATORS>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = weights::pallet_collective::WeightInfo<Runtime>;
	/// Membership follows the verified operators (pallet-operators); nobody sets it by hand.
	#[cfg(not(feature = "runtime-benchmarks"))]
	type SetMembersOrigin = frame_system::EnsureNever<()>;
	/// The collective's benchmarks set up their councils as Root.
	#[cfg(feature = "runtime-benchmarks")]
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration =
		HoldConsideration<AccountId, Balances, CouncilProposalHoldReason, CouncilProposalCost, u32>;
}

/// Three quarters of the grid council: Root without sudo (3 of 4 operators, 75 of 100).
pub type CouncilSuperMajority =
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 3, 4>;

/// Who changes the council's membership (verifies, reinstates, suspends and removes
/// operators): Root, or three quarters of the council. Membership is the way to Root (a
/// majority that could suspend the others could make itself three quarters), so it takes the
/// same super-majority.
pub type CouncilMembershipOrigin = EitherOfDiverse<EnsureRoot<AccountId>, CouncilSuperMajority>;

/// A council motion of three quarters dispatches any call as Root: runtime upgrades,
/// GRANDPA's `note_stalled`, every Root call, on networks without sudo.
impl pallet_council_root::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RootOrigin = CouncilSuperMajority;
	type WeightInfo = pallet_council_root::weights::SubstrateWeight<Runtime>;
}

/// Root, or at least two thirds of the grid council: verifies operators and administers the
/// grid pallets.
pub type GridAdminOrigin = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;
