//! Robustness: long random sequences of grid calls, with random arguments and random
//! origins, applied to the real runtime natively in blocks built the way the node builds
//! them (`Executive`, Aura pre-digest, timestamp inherent, signed extrinsics paying fees,
//! session rotations every ten minutes of blocks).
//!
//! After every block, every grid pallet's `try_state` must hold, and the total issuance may
//! never have grown (nothing is minted). A panic anywhere fails the test. Proptest shrinks a
//! failing sequence to a short one and prints it.
//!
//! Besides signed calls, a run passes council motions: a member proposes a random call with a
//! random threshold, random members vote, and the motion is closed (so the grid pallets' admin
//! calls meet council origins of every proportion, not only Root through sudo).
//!
//! After each sequence, honest probes must still succeed (see [`honest_probes`]).
//!
//! The number of cases is `PROPTEST_CASES` (default 128); the test prints how many calls it
//! applied and how many of them dispatched successfully. With `FUZZ_CALLS=n` (`make fuzz`)
//! it runs longer sequences until it has applied at least `n` calls.

use frame_support::{traits::Get, BoundedVec};
use grid_primitives::{
	BalancingActionType, Capabilities, LoadThresholds, NominalFrequency, RegionId, StabilityLevel,
};
use grid_runtime::{AccountId, Balances, Runtime, RuntimeCall, RuntimeEvent, System};
use pallet_demand_response::ProgramType;
use pallet_energy_market::EnergyType;
use pallet_stability::{StabilityBands, TriggerCondition};
use proptest::prelude::*;
use sp_keyring::Sr25519Keyring::{
	self, Alice, Bob, BobStash, Charlie, CharlieStash, Dave, DaveStash, Eve, EveStash, Ferdie,
	FerdieStash,
};
use sp_runtime::{
	traits::{BlakeTwo256, Hash},
	transaction_validity::InvalidTransaction,
	ApplyExtrinsicResult, MultiAddress, Permill,
};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

mod common;
use common::{externalities_of, try_state_all, Chain};

/// The `local_testnet` operators (Alice North, Bob South, Charlie East, Dave West), and
/// seven plain accounts (each may register, be verified by a motion or sudo, and so join
/// the council). Alice holds the sudo key. Alice's stash signs no random call: it is the
/// honest participant of the probes.
const SIGNERS: [Sr25519Keyring; 11] = [
	Alice,
	Bob,
	Charlie,
	Dave,
	Eve,
	Ferdie,
	BobStash,
	CharlieStash,
	DaveStash,
	EveStash,
	FerdieStash,
];
/// The four operated regions, one nobody operates, and an invalid name; half the time North.
const REGIONS: [&str; 6] = ["North", "South", "East", "West", "Central", "no\nregion"];

/// One step of a random run.
#[derive(Clone, Debug)]
enum Step {
	/// `call`, signed by `SIGNERS[signer]`; with `root`, wrapped in `Sudo.sudo` by Alice.
	Call { signer: usize, root: bool, call: RuntimeCall },
	/// A council motion for `call`: proposed by the first member with `threshold` (at least
	/// 2, at most the council), voted aye by the first `ayes` members (the proposer among
	/// them) and nay by the others, closed, and its deposit released.
	Motion { threshold: u32, ayes: u32, call: RuntimeCall },
	/// Close the block and open `n` more (the last one stays open).
	Blocks(u32),
}

static APPLIED: AtomicU64 = AtomicU64::new(0);
static SUCCEEDED: AtomicU64 = AtomicU64::new(0);
static BLOCKS: AtomicU64 = AtomicU64::new(0);
/// Honest probes that ran (and passed) after the random sequences, by kind.
static PROBES: [AtomicU64; 5] = [const { AtomicU64::new(0) }; 5];
const PROBE_NAMES: [&str; 5] =
	["load report", "critical load answered", "emergency reading", "own action", "honest join"];
const LOAD: usize = 0;
const CRITICAL: usize = 1;
const EMERGENCY: usize = 2;
const ACTION: usize = 3;
const PARTICIPANT: usize = 4;

fn probe_passed(kind: usize) {
	PROBES[kind].fetch_add(1, Relaxed);
}
/// Council motions closed, and those whose call then dispatched successfully.
static MOTIONS: AtomicU64 = AtomicU64::new(0);
static MOTIONS_EXECUTED: AtomicU64 = AtomicU64::new(0);
/// Meters enrolled in metered programs (successful `join_program_metered`).
static METERED_JOINS: AtomicU64 = AtomicU64::new(0);

/// Half the time Alice (North's operator, so that calls often get past authorization).
fn signer() -> impl Strategy<Value = usize> {
	prop_oneof![Just(0usize), 0..SIGNERS.len()]
}

fn account() -> impl Strategy<Value = AccountId> {
	(0..SIGNERS.len()).prop_map(|i| SIGNERS[i].to_account_id())
}

fn lookup() -> impl Strategy<Value = MultiAddress<AccountId, ()>> {
	account().prop_map(MultiAddress::Id)
}

fn region() -> impl Strategy<Value = RegionId> {
	// Invalid names cannot be built as `RegionId`; decode the raw bytes, as a wallet would
	// submit them.
	prop_oneof![Just(REGIONS[0]), prop::sample::select(REGIONS.to_vec())].prop_map(|name| {
		let encoded = codec::Encode::encode(name.as_bytes());
		codec::Decode::decode(&mut &encoded[..]).unwrap()
	})
}

fn name<S: Get<u32>>() -> impl Strategy<Value = BoundedVec<u8, S>> {
	prop::sample::select(vec!["PowerCorp", "Peak Shaving", "", "bad\u{7}name", "Grid Operator 5"])
		.prop_map(|n| n.as_bytes().to_vec().try_into().unwrap())
}

/// Mostly sensible power and energy figures, sometimes the edges.
fn kw() -> impl Strategy<Value = u64> {
	prop_oneof![
		8 => 0..2_000_000u64,
		1 => Just(0u64),
		1 => Just(u64::MAX),
	]
}

fn balance() -> impl Strategy<Value = u128> {
	prop_oneof![
		8 => 0..10_000_000u128,
		1 => Just(0u128),
		1 => Just(u128::MAX),
	]
}

fn permill() -> impl Strategy<Value = Permill> {
	(0..=1_000_000u32).prop_map(Permill::from_parts)
}

fn action_type() -> impl Strategy<Value = BalancingActionType> {
	prop::sample::select(vec![
		BalancingActionType::IncreaseGeneration,
		BalancingActionType::DecreaseGeneration,
		BalancingActionType::LoadShedding,
		BalancingActionType::StorageDispatch,
		BalancingActionType::DemandResponse,
	])
}

fn level() -> impl Strategy<Value = StabilityLevel> {
	prop::sample::select(vec![
		StabilityLevel::Normal,
		StabilityLevel::Alert,
		StabilityLevel::Emergency,
		StabilityLevel::Critical,
	])
}

/// Ids of things a run creates: mostly small, so that they often exist; sometimes as far as
/// a long run's ids reach.
fn id() -> impl Strategy<Value = u32> {
	prop_oneof![8 => 0..6u32, 1 => 0..64u32, 1 => Just(u32::MAX)]
}

fn operators_call() -> impl Strategy<Value = RuntimeCall> {
	use pallet_operators::Call;
	prop_oneof![
		(name(), region(), kw()).prop_map(|(name, region, capacity_kw)| Call::register_operator {
			name,
			region,
			capacity_kw
		}),
		(lookup(), region())
			.prop_map(|(operator, region)| Call::verify_operator { operator, region }),
		lookup().prop_map(|operator| Call::suspend_operator { operator }),
		lookup().prop_map(|operator| Call::reinstate_operator { operator }),
		(lookup(), any::<bool>())
			.prop_map(|(operator, slash)| Call::remove_operator { operator, slash }),
		Just(Call::deregister {}),
		(prop::option::of(name()), prop::option::of(region()), prop::option::of(kw())).prop_map(
			|(name, region, capacity_kw)| Call::update_operator { name, region, capacity_kw }
		),
		(lookup(), any::<[bool; 6]>()).prop_map(|(operator, c)| Call::set_capabilities {
			operator,
			capabilities: Capabilities {
				report_load: c[0],
				coordinate_balancing: c[1],
				run_demand_response: c[2],
				report_stability: c[3],
				validate_blocks: c[4],
				manage_meters: c[5],
			},
		}),
		lookup().prop_map(|operator| Call::expire_registration { operator }),
	]
	.prop_map(RuntimeCall::Operators)
}

fn load_call() -> impl Strategy<Value = RuntimeCall> {
	use pallet_load::{Call, MeterReading};
	let reading = (region(), kw(), kw()).prop_map(|(region, capacity_kw, demand_kw)| {
		MeterReading { region, capacity_kw, demand_kw }
	});
	prop_oneof![
		6 => (region(), kw(), kw()).prop_map(|(region, capacity_kw, demand_kw)| {
			Call::report_load { region, capacity_kw, demand_kw }
		}),
		2 => prop::collection::vec(reading, 0..4)
			.prop_map(|r| Call::report_loads { readings: r.try_into().unwrap() }),
		1 => (permill(), permill(), permill()).prop_map(|(normal_from, high_from, critical_from)| {
			Call::set_thresholds {
				thresholds: LoadThresholds { normal_from, high_from, critical_from },
			}
		}),
		1 => (account(), prop::collection::vec(region(), 0..3)).prop_map(|(aggregator, r)| {
			Call::set_aggregator { aggregator, regions: r.try_into().unwrap() }
		}),
	]
	.prop_map(RuntimeCall::Load)
}

fn stability_call() -> impl Strategy<Value = RuntimeCall> {
	use pallet_stability::Call;
	let frequency = 47_000..53_000u32;
	let voltage = 850..1_150u32;
	let condition = prop_oneof![
		(47_000..53_000u32).prop_map(TriggerCondition::FrequencyBelow),
		(47_000..53_000u32).prop_map(TriggerCondition::FrequencyAbove),
		(850..1_150u32).prop_map(TriggerCondition::VoltageBelow),
		(850..1_150u32).prop_map(TriggerCondition::VoltageAbove),
		level().prop_map(TriggerCondition::LevelAtLeast),
	];
	prop_oneof![
		6 => (region(), frequency.clone(), voltage.clone(), -40_000..40_000i32).prop_map(
			|(region, frequency_mhz, voltage_permille, phase_angle_mdeg)| {
				Call::report_stability_metrics {
					region,
					frequency_mhz,
					voltage_permille,
					phase_angle_mdeg,
				}
			}
		),
		1 => (region(), frequency, voltage, level()).prop_map(
			|(region, frequency_mhz, voltage_permille, severity)| {
				Call::trigger_stability_response { region, frequency_mhz, voltage_permille, severity }
			}
		),
		2 => (condition, action_type(), kw(), any::<u8>()).prop_map(
			|(condition, action, target_adjustment_kw, priority)| {
				Call::configure_automated_response {
					condition,
					action,
					target_adjustment_kw,
					priority,
				}
			}
		),
		1 => id().prop_map(|rule_id| Call::remove_automated_response { rule_id }),
		2 => id().prop_map(|id| Call::resolve_critical_event { event_id: id.into() }),
		1 => (region(), any::<bool>(), 0..2_000u32).prop_map(|(region, sixty, widen)| {
			let mut bands = StabilityBands::default();
			bands.emergency.max_frequency_deviation_mhz =
				bands.emergency.max_frequency_deviation_mhz.saturating_add(widen);
			Call::set_region_settings {
				region,
				nominal_frequency: if sixty { NominalFrequency::Hz60 } else { NominalFrequency::Hz50 },
				bands,
			}
		}),
	]
	.prop_map(RuntimeCall::Stability)
}

fn balancing_call() -> impl Strategy<Value = RuntimeCall> {
	use pallet_balancing::Call;
	prop_oneof![
		(region(), kw(), kw(), kw()).prop_map(
			|(region, max_generation_kw, current_generation_kw, reserve_kw)| {
				Call::set_region_capacity {
					region,
					max_generation_kw,
					current_generation_kw,
					reserve_kw,
				}
			}
		),
		(region(), action_type(), kw(), any::<u8>()).prop_map(
			|(region, action_type, target_kw, priority)| Call::initiate_balancing_action {
				region,
				action_type,
				target_kw,
				priority,
			}
		),
		(id(), kw()).prop_map(|(id, delivered_kw)| Call::complete_balancing_action {
			action_id: id.into(),
			delivered_kw,
		}),
		id().prop_map(|id| Call::cancel_balancing_action { action_id: id.into() }),
	]
	.prop_map(RuntimeCall::Balancing)
}

fn demand_response_call() -> impl Strategy<Value = RuntimeCall> {
	use pallet_demand_response::Call;
	let program_type = prop::sample::select(vec![
		ProgramType::PeakShaving,
		ProgramType::LoadShifting,
		ProgramType::EmergencyResponse,
	]);
	prop_oneof![
		2 => (
			name(),
			program_type,
			region(),
			kw(),
			prop_oneof![0..100u128, Just(u128::MAX)],
			prop_oneof![0..200u32, Just(u32::MAX)],
			prop::option::of(0..400u32),
		)
			.prop_map(
				|(name, program_type, region, target, rate, duration, starts_at)| {
					Call::create_demand_program {
						name,
						program_type,
						region,
						target_reduction_kw: target,
						incentive_rate: rate,
						duration_blocks: duration,
						starts_at,
					}
				}
			),
		3 => (id(), kw()).prop_map(|(program_id, committed_reduction_kw)| Call::join_program {
			program_id,
			committed_reduction_kw,
		}),
		3 => (id(), account(), kw()).prop_map(|(program_id, participant, actual_reduction_kw)| {
			Call::report_reduction { program_id, participant, actual_reduction_kw }
		}),
		1 => id().prop_map(|program_id| Call::settle_program { program_id }),
		2 => (id(), account()).prop_map(|(program_id, participant)| Call::claim_reward {
			program_id,
			participant
		}),
		1 => id().prop_map(|program_id| Call::cancel_program { program_id }),
		// Metered programs: the clock is in interval 0 for the first 150 blocks, so small
		// first intervals are often ahead of it.
		4 => (
			name(),
			prop::sample::select(vec![ProgramType::PeakShaving, ProgramType::EmergencyResponse]),
			region(),
			kw(),
			prop_oneof![9 => 1..100u128, 1 => Just(0), 1 => Just(u128::MAX)],
			prop_oneof![8 => 0..12u32, 1 => Just(u32::MAX)],
			prop_oneof![4 => 1..5u32, 1 => 0..6u32],
		)
			.prop_map(
				|(name, program_type, region, target, rate, first_interval, intervals)| {
					Call::create_metered_program {
						name,
						program_type,
						region,
						target_reduction_kw: target,
						incentive_rate: rate,
						first_interval,
						intervals,
					}
				}
			),
		4 => (id(), kw(), meter()).prop_map(|(program_id, committed_reduction_kw, meter)| {
			Call::join_program_metered { program_id, committed_reduction_kw, meter }
		}),
		1 => id().prop_map(|program_id| Call::leave_program { program_id }),
		1 => id().prop_map(|program_id| Call::take_over_program { program_id }),
		1 => (id(), account()).prop_map(|(program_id, participant)| {
			Call::remove_participant { program_id, participant }
		}),
	]
	.prop_map(RuntimeCall::DemandResponse)
}

/// Meter ids: small, so that they often exist.
fn meter() -> impl Strategy<Value = u64> {
	prop_oneof![9 => 0..3u64, 1 => Just(u64::MAX)]
}

fn metering_call() -> impl Strategy<Value = RuntimeCall> {
	use pallet_metering::Call;
	// A few keys, so that some are taken.
	let key = || (0u8..4).prop_map(|i| sp_core::ed25519::Public::from_raw([i; 32]));
	let kind = prop::sample::select(vec![
		grid_primitives::MeterKind::Feeder,
		grid_primitives::MeterKind::Production,
		grid_primitives::MeterKind::Consumption,
		grid_primitives::MeterKind::Storage,
	]);
	prop_oneof![
		3 => (key(), region(), kind, prop_oneof![Just(Alice.to_account_id()), account()], kw()).prop_map(
			|(key, region, kind, owner, rated_kw)| Call::register_meter {
				key,
				region,
				kind,
				owner,
				rated_kw
			}
		),
		1 => (meter(), key()).prop_map(|(meter, new_key)| Call::rotate_meter_key { meter, new_key }),
		1 => meter().prop_map(|meter| Call::decommission_meter { meter }),
	]
	.prop_map(RuntimeCall::Metering)
}

fn energy_market_call() -> impl Strategy<Value = RuntimeCall> {
	use pallet_energy_market::Call;
	let energy_type = prop::sample::select(vec![
		EnergyType::Solar,
		EnergyType::Wind,
		EnergyType::Hydro,
		EnergyType::Nuclear,
		EnergyType::Geothermal,
		EnergyType::Biomass,
		EnergyType::NaturalGas,
	]);
	let participants = prop_oneof![
		(kw(), energy_type, meter()).prop_map(|(capacity, energy_type, meter)| {
			Call::register_producer { capacity, energy_type, meter }
		}),
		(kw(), meter()).prop_map(|(consumption_limit, meter)| Call::register_consumer {
			consumption_limit,
			meter
		}),
		(kw(), kw(), kw(), meter()).prop_map(|(capacity, charge_rate, discharge_rate, meter)| {
			Call::register_storage { capacity, charge_rate, discharge_rate, meter }
		}),
		(account(), balance())
			.prop_map(|(consumer, amount)| Call::add_consumer_balance { consumer, amount }),
		balance().prop_map(|amount| Call::withdraw_balance { amount }),
	];
	let energy = prop_oneof![
		kw().prop_map(|amount| Call::report_production { amount }),
		kw().prop_map(|amount| Call::consume_energy { amount }),
		kw().prop_map(|amount| Call::charge_storage { amount }),
		kw().prop_map(|amount| Call::discharge_storage { amount }),
	];
	let trades = prop_oneof![
		(account(), kw(), balance()).prop_map(|(buyer, amount, price)| Call::create_trade {
			buyer,
			amount,
			price
		}),
		id().prop_map(|id| Call::complete_trade { trade_id: id.into() }),
		id().prop_map(|id| Call::cancel_trade { trade_id: id.into() }),
	];
	let admin = prop_oneof![
		balance().prop_map(|new_price| Call::set_base_price { new_price }),
		Just(Call::toggle_emergency_mode {}),
		(kw(), kw(), kw(), permill()).prop_map(
			|(production, consumption, peak_load, efficiency)| {
				Call::record_metrics { production, consumption, peak_load, efficiency }
			}
		),
		(account(), any::<u8>()).prop_map(|(producer, new_score)| {
			Call::update_producer_reputation { producer, new_score }
		}),
		(account(), any::<bool>())
			.prop_map(|(who, is_producer)| Call::deactivate_participant { who, is_producer }),
	];
	// Slot auctions: the clock is in interval 0 for the first 150 blocks, so small slots
	// are often open.
	let slot = || prop_oneof![8 => 0..12u32, 1 => Just(u32::MAX)];
	let auctions = prop_oneof![
		(region(), slot(), meter(), kw(), balance()).prop_map(
			|(region, slot, meter, energy_kwh, max_price)| Call::place_bid {
				region,
				slot,
				meter,
				energy_kwh,
				max_price
			}
		),
		(region(), slot(), meter(), kw(), balance()).prop_map(
			|(region, slot, meter, energy_kwh, min_price)| Call::place_offer {
				region,
				slot,
				meter,
				energy_kwh,
				min_price
			}
		),
		proptest::collection::vec(
			(any::<bool>(), region(), slot(), meter(), kw(), balance()),
			0..4
		)
		.prop_map(|orders| Call::place_orders {
			orders: BoundedVec::truncate_from(
				orders
					.into_iter()
					.map(|(bid, region, slot, meter, energy_kwh, limit_price)| {
						pallet_energy_market::OrderRequest {
							side: if bid {
								pallet_energy_market::Side::Bid
							} else {
								pallet_energy_market::Side::Offer
							},
							region,
							slot,
							meter,
							energy_kwh,
							limit_price,
						}
					})
					.collect::<Vec<_>>()
			),
		}),
		(region(), slot(), 0..4u32).prop_map(|(region, slot, order_id)| Call::cancel_order {
			region,
			slot,
			order_id
		}),
		(region(), slot()).prop_map(|(region, slot)| Call::clear_slot { region, slot }),
		(region(), slot()).prop_map(|(region, slot)| Call::settle_slot { region, slot }),
	];
	prop_oneof![3 => participants, 3 => energy, 3 => trades, 1 => admin, 3 => auctions]
		.prop_map(RuntimeCall::EnergyMarket)
}

fn step() -> impl Strategy<Value = Step> {
	let call = prop_oneof![
		operators_call(),
		load_call(),
		stability_call(),
		balancing_call(),
		demand_response_call(),
		energy_market_call(),
		metering_call(),
	];
	// A motion carries an admin call (or any other: the collective passes what it is given).
	let motion_call = prop_oneof![
		operators_call(),
		stability_call(),
		balancing_call(),
		energy_market_call(),
		metering_call(),
		// Root through the council (three quarters of it): a grid call dispatched as Root.
		prop_oneof![operators_call(), stability_call(), energy_market_call()].prop_map(|call| {
			RuntimeCall::CouncilRoot(pallet_council_root::Call::dispatch { call: Box::new(call) })
		}),
	];
	prop_oneof![
		20 => (signer(), prop::bool::weighted(0.2), call)
			.prop_map(|(signer, root, call)| Step::Call { signer, root, call }),
		1 => (2..6u32, 0..6u32, motion_call)
			.prop_map(|(threshold, ayes, call)| Step::Motion { threshold, ayes, call }),
		2 => prop_oneof![3 => 1..5u32, 1 => 20..120u32].prop_map(Step::Blocks),
	]
}

/// The keyring of a council member (every member is one of the signers).
fn keyring_of(who: &AccountId) -> Option<Sr25519Keyring> {
	SIGNERS.iter().copied().find(|k| k.to_account_id() == *who)
}

/// A council motion, as [`Step::Motion`] says, in the open block. Whatever fails (a full
/// block, a member without funds, too few members) leaves the motion where it got to.
fn council_motion(chain: &mut Chain, threshold: u32, ayes: u32, call: RuntimeCall) {
	use codec::Encode;
	use frame_support::dispatch::GetDispatchInfo;
	use pallet_collective::Call as Collective;
	type Council = pallet_collective::Instance1;
	let members: Vec<Sr25519Keyring> = pallet_collective::Members::<Runtime, Council>::get()
		.iter()
		.filter_map(keyring_of)
		.collect();
	let Some(&proposer) = members.first() else { return };
	let threshold = threshold.min(members.len() as u32).max(2);
	let length_bound = call.encoded_size() as u32;
	let weight_bound = call.get_dispatch_info().call_weight;
	let proposal_hash = BlakeTwo256::hash_of(&call);
	let index = pallet_collective::ProposalCount::<Runtime, Council>::get();
	let propose = Collective::propose { threshold, proposal: Box::new(call), length_bound };
	if !matches!(chain.apply(proposer, RuntimeCall::Council(propose)), Ok(Ok(_))) {
		return;
	}
	// Proposing casts no vote: the first `ayes` members (the proposer first) vote aye.
	for (i, voter) in members.iter().enumerate() {
		let approve = (i as u32) < ayes;
		let vote = Collective::vote { proposal: proposal_hash, index, approve };
		let _ = chain.apply(*voter, RuntimeCall::Council(vote));
	}
	let close = Collective::close {
		proposal_hash,
		index,
		proposal_weight_bound: weight_bound,
		length_bound,
	};
	if matches!(chain.apply(proposer, RuntimeCall::Council(close)), Ok(Ok(_))) {
		MOTIONS.fetch_add(1, Relaxed);
		let executed = System::events().iter().any(|r| {
			matches!(
				&r.event,
				RuntimeEvent::Council(pallet_collective::Event::Executed { proposal_hash: h, result: Ok(()) })
					if *h == proposal_hash
			)
		});
		if executed {
			MOTIONS_EXECUTED.fetch_add(1, Relaxed);
		}
		let release = Collective::release_proposal_cost { proposal_hash };
		let _ = chain.apply(proposer, RuntimeCall::Council(release));
	}
}

/// Whether the call under the sudo extrinsic applied last dispatched successfully.
fn last_sudo_call_succeeded() -> bool {
	System::events().iter().rev().find_map(|record| match &record.event {
		RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result }) => Some(sudo_result.is_ok()),
		_ => None,
	}) == Some(true)
}

fn check_block(issuance: u128) -> Result<(), TestCaseError> {
	BLOCKS.fetch_add(1, Relaxed);
	try_state_all().map_err(|e| TestCaseError::fail(format!("try_state: {e:?}")))?;
	prop_assert!(Balances::total_issuance() <= issuance, "the total issuance grew");
	Ok(())
}

fn run(steps: Vec<Step>) -> Result<(), TestCaseError> {
	let mut ext = externalities_of("local_testnet");
	let (issuance, mut chain) = ext.execute_with(|| {
		// `local_testnet` has no sudo key: the randomized Root steps get a test-only one.
		pallet_sudo::Key::<Runtime>::put(Alice.to_account_id());
		let mut chain = Chain::new();
		chain.open_block();
		(Balances::total_issuance(), chain)
	});
	for step in steps {
		match step {
			Step::Call { signer, root, call } => ext.execute_with(|| {
				let (who, call) = if root {
					let call = Box::new(call);
					(Alice, RuntimeCall::Sudo(pallet_sudo::Call::sudo { call }))
				} else {
					(SIGNERS[signer], call)
				};
				apply_random(&mut chain, who, root, call)
			}),
			Step::Motion { threshold, ayes, call } => {
				ext.execute_with(|| council_motion(&mut chain, threshold, ayes, call))
			},
			Step::Blocks(n) => {
				for _ in 0..n {
					ext.execute_with(|| {
						chain.close_block();
						check_block(issuance)?;
						chain.open_block();
						Ok::<_, TestCaseError>(())
					})?;
					// Into the backend: the storage root each block computes then covers
					// this block's changes, not every change since genesis.
					ext.commit_all().map_err(TestCaseError::fail)?;
				}
			},
		}
	}
	ext.execute_with(|| {
		chain.close_block();
		check_block(issuance)?;
		honest_probes(&mut chain, issuance)
	})
}

/// A random signed call (or, with `root`, Alice's sudo) into the open block.
fn apply_random(chain: &mut Chain, who: Sr25519Keyring, root: bool, call: RuntimeCall) {
	let events_before = System::event_count() as usize;
	let Ok(dispatched) = chain.apply(who, call) else {
		// Invalid (fee, full block): nothing happened.
		return;
	};
	APPLIED.fetch_add(1, Relaxed);
	if dispatched.is_ok() && (!root || last_sudo_call_succeeded()) {
		SUCCEEDED.fetch_add(1, Relaxed);
	}
	let enrolled = System::events()
		.iter()
		.skip(events_before)
		.filter(|r| {
			matches!(
				r.event,
				RuntimeEvent::DemandResponse(pallet_demand_response::Event::MeterEnrolled { .. })
			)
		})
		.count();
	METERED_JOINS.fetch_add(enrolled as u64, Relaxed);
}

/// Applies Alice's `call` in a new block, or the one after if that block has no room for it
/// (a session's last block is full: pallet-session charges a whole block for the rotation).
/// The block stays open.
fn apply_within_two_blocks(chain: &mut Chain, call: RuntimeCall) -> ApplyExtrinsicResult {
	apply_as_within_two_blocks(chain, Alice, call)
}

/// As [`apply_within_two_blocks`], signed by `who`.
fn apply_as_within_two_blocks(
	chain: &mut Chain,
	who: Sr25519Keyring,
	call: RuntimeCall,
) -> ApplyExtrinsicResult {
	chain.open_block();
	let applied = chain.apply(who, call.clone());
	if applied != Err(InvalidTransaction::ExhaustsResources.into()) {
		return applied;
	}
	chain.close_block();
	chain.open_block();
	chain.apply(who, call)
}

/// Whatever the random calls left behind, an honest operator's telemetry still acts: once
/// the sequence is over, Alice (North's operator, the most frequent random signer, so the
/// one who most often spammed North's lists) sends a load report and a reading at emergency
/// or worse, each of which must land within two blocks; a critical load (from a status
/// below critical) must open an automatic action or say why it could not. Each probe runs while Alice may still make it by the
/// calls' own checks (the random admin calls may have suspended her, taken her capabilities
/// or metered North, which honestly ends her right to report); then the report must land
/// and act.
fn honest_probes(chain: &mut Chain, issuance: u128) -> Result<(), TestCaseError> {
	let north = RegionId::try_from("North").expect("a valid region");
	let alice = Alice.to_account_id();
	let report_north = |demand_kw| {
		RuntimeCall::Load(pallet_load::Call::report_load {
			region: north.clone(),
			capacity_kw: 1_000_000,
			demand_kw,
		})
	};
	if pallet_load::Pallet::<Runtime>::check_reporter(&alice, &north).is_ok() {
		let applied = apply_within_two_blocks(chain, report_north(500_000));
		prop_assert!(matches!(applied, Ok(Ok(_))), "Alice's load report: {applied:?}");
		let now = System::block_number();
		let newest = pallet_load::Readings::<Runtime>::get(&north).last().map(|r| r.reported_at);
		prop_assert_eq!(newest, Some(now), "the report is North's newest reading");
		chain.close_block();
		probe_passed(LOAD);

		// From a status below critical, a critical load opens an automatic action, or says
		// why it could not: never dropped silently.
		let thresholds = pallet_load::Thresholds::<Runtime>::get();
		if thresholds.classify(Permill::from_percent(50)) != grid_primitives::LoadStatus::Critical {
			let applied = apply_within_two_blocks(chain, report_north(1_200_000));
			prop_assert!(matches!(applied, Ok(Ok(_))), "Alice's critical report: {applied:?}");
			let answered = System::events().iter().any(|record| match &record.event {
				RuntimeEvent::Balancing(pallet_balancing::Event::BalancingActionInitiated {
					region,
					automatic: true,
					..
				})
				| RuntimeEvent::Balancing(pallet_balancing::Event::CriticalLoadUnanswered {
					region,
					..
				}) => *region == north,
				_ => false,
			});
			prop_assert!(answered, "North's critical load is answered or refused loudly");
			chain.close_block();
			probe_passed(CRITICAL);
		}
	}
	if pallet_stability::Pallet::<Runtime>::check_operator_of(&alice, &north).is_ok() {
		let settings = pallet_stability::Settings::<Runtime>::get(&north).unwrap_or_default();
		// The farthest from nominal a reading can be: emergency or worse in any valid bands.
		let (frequency_mhz, voltage_permille, phase_angle_mdeg) = (1, 0, 180_000);
		let level = settings.bands.classify(
			settings.nominal_frequency,
			frequency_mhz,
			voltage_permille,
			phase_angle_mdeg,
		);
		prop_assert!(level >= StabilityLevel::Emergency, "classified {level:?}");
		let reading = RuntimeCall::Stability(pallet_stability::Call::report_stability_metrics {
			region: north.clone(),
			frequency_mhz,
			voltage_permille,
			phase_angle_mdeg,
		});
		let applied = apply_within_two_blocks(chain, reading);
		prop_assert!(matches!(applied, Ok(Ok(_))), "Alice's reading: {applied:?}");
		prop_assert!(
			pallet_stability::EmergencyRegions::<Runtime>::contains_key(&north),
			"North is in emergency mode"
		);
		chain.close_block();
		probe_passed(EMERGENCY);
	}
	balancing_probe(chain, &north)?;
	participant_probe(chain, &north)?;
	check_block(issuance)
}

/// An operator opens an action of its own, whatever other operators opened: while Alice may
/// coordinate balancing in North, she cancels her own open actions there (the hook may expire
/// one first), states North's figures if none are known,
/// and opens 1 kW of the first kind that the other actions leave room for. She may be
/// refused for want of a place only when other operators hold every operators' place, each
/// within its bound (then no probe counts); never for her own bound, and never because
/// automatic actions took operators' places.
fn balancing_probe(chain: &mut Chain, north: &RegionId) -> Result<(), TestCaseError> {
	use grid_primitives::{Capability, OperatorRegistry};
	use pallet_balancing::{Call as B, Error};
	type Registry = grid_runtime::Operators;
	type Balancing = pallet_balancing::Pallet<Runtime>;
	let alice = Alice.to_account_id();
	if !(<Registry as OperatorRegistry<AccountId>>::has_capability(
		&alice,
		Capability::CoordinateBalancing,
	) && <Registry as OperatorRegistry<AccountId>>::region_of(&alice).as_ref() == Some(north))
	{
		return Ok(());
	}
	let hers: Vec<u64> = Balancing::open_actions(north)
		.into_iter()
		.filter(|(_, a)| a.initiator.as_ref() == Some(&alice))
		.map(|(id, _)| id)
		.collect();
	let unknown = sp_runtime::DispatchError::from(Error::<Runtime>::UnknownAction).stripped();
	for action_id in hers {
		let cancel = RuntimeCall::Balancing(B::cancel_balancing_action { action_id });
		let applied = apply_within_two_blocks(chain, cancel);
		// The new block's hook may have expired it first.
		prop_assert!(
			matches!(&applied, Ok(Ok(_)))
				|| matches!(&applied, Ok(Err(e)) if e.stripped() == unknown),
			"Alice cancels her {action_id}: {applied:?}"
		);
		chain.close_block();
	}
	if Balancing::region_capacity(north).is_none() {
		let figures = RuntimeCall::Balancing(B::set_region_capacity {
			region: north.clone(),
			max_generation_kw: 1_000_000,
			current_generation_kw: 500_000,
			reserve_kw: 100_000,
		});
		let applied = apply_within_two_blocks(chain, figures);
		prop_assert!(matches!(applied, Ok(Ok(_))), "Alice states North's figures: {applied:?}");
		chain.close_block();
	}
	let error = |e: Error<Runtime>| sp_runtime::DispatchError::from(e).stripped();
	let never =
		[Error::TooManyActionsOfOperator, Error::NotAuthorized, Error::WrongRegion].map(error);
	let peers_hold_every_place = || {
		let open = Balancing::open_actions(north);
		let by_peers = open.iter().filter(|(_, a)| a.initiator.is_some()).count() as u32;
		by_peers >= Balancing::operator_action_limit()
	};
	use BalancingActionType::*;
	for action_type in [StorageDispatch, IncreaseGeneration, DecreaseGeneration, LoadShedding] {
		let open = RuntimeCall::Balancing(B::initiate_balancing_action {
			region: north.clone(),
			action_type,
			target_kw: 1,
			priority: 1,
		});
		let applied = apply_within_two_blocks(chain, open);
		chain.close_block();
		match applied {
			Ok(Ok(())) => {
				probe_passed(ACTION);
				return Ok(());
			},
			Ok(Err(refused)) => {
				let refused = refused.stripped();
				prop_assert!(!never.contains(&refused), "Alice's {action_type:?}: {refused:?}");
				if refused == error(Error::TooManyOpenActions) {
					prop_assert!(peers_hold_every_place(), "no place, yet peers do not hold all");
					return Ok(());
				}
			},
			Err(invalid) => prop_assert!(false, "Alice's {action_type:?}: {invalid:?}"),
		}
	}
	Ok(())
}

/// An honest participant joins a program, even one a squatter took whole: while Alice may
/// run demand response in North, she opens a program, Bob (a random signer) commits its
/// whole target, Alice removes him, and an honest account no random call signs for
/// (Alice's stash) joins.
fn participant_probe(chain: &mut Chain, north: &RegionId) -> Result<(), TestCaseError> {
	use grid_primitives::{Capability, OperatorRegistry};
	use pallet_demand_response::Call as Dr;
	let alice = Alice.to_account_id();
	type Registry = grid_runtime::Operators;
	if !(<Registry as OperatorRegistry<AccountId>>::has_capability(
		&alice,
		Capability::RunDemandResponse,
	) && <Registry as OperatorRegistry<AccountId>>::region_of(&alice).as_ref() == Some(north))
	{
		return Ok(());
	}
	let program_id = pallet_demand_response::NextProgramId::<Runtime>::get();
	let create = RuntimeCall::DemandResponse(Dr::create_demand_program {
		name: b"Probe".to_vec().try_into().expect("a short name"),
		program_type: ProgramType::PeakShaving,
		region: north.clone(),
		target_reduction_kw: 100,
		incentive_rate: 1,
		duration_blocks: 100,
		starts_at: Some(System::block_number() + 50),
	});
	let applied = apply_within_two_blocks(chain, create);
	prop_assert!(matches!(applied, Ok(Ok(_))), "Alice's program: {applied:?}");
	chain.close_block();
	let squat =
		RuntimeCall::DemandResponse(Dr::join_program { program_id, committed_reduction_kw: 100 });
	let squatted = apply_as_within_two_blocks(chain, Bob, squat);
	chain.close_block();
	if matches!(squatted, Ok(Ok(_))) {
		let remove = RuntimeCall::DemandResponse(Dr::remove_participant {
			program_id,
			participant: Bob.to_account_id(),
		});
		let applied = apply_within_two_blocks(chain, remove);
		prop_assert!(matches!(applied, Ok(Ok(_))), "Alice removes the squatter: {applied:?}");
		chain.close_block();
	}
	let join =
		RuntimeCall::DemandResponse(Dr::join_program { program_id, committed_reduction_kw: 100 });
	let applied = apply_as_within_two_blocks(chain, Sr25519Keyring::AliceStash, join);
	prop_assert!(matches!(applied, Ok(Ok(_))), "the honest participant joins: {applied:?}");
	chain.close_block();
	probe_passed(PARTICIPANT);
	Ok(())
}

#[test]
fn random_grid_calls_keep_every_invariant() {
	// The strategies nest deeply: an unoptimised build needs more than the 2 MiB a test
	// thread gets.
	std::thread::Builder::new()
		.stack_size(64 * 1024 * 1024)
		.spawn(random_calls)
		.expect("a test thread")
		.join()
		.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
}

fn random_calls() {
	// `make fuzz`: runs of up to 1,000 steps until `FUZZ_CALLS` calls have been applied.
	let fuzz_calls: Option<u64> = std::env::var("FUZZ_CALLS")
		.ok()
		.map(|c| c.parse().unwrap_or_else(|_| panic!("FUZZ_CALLS is a number of calls: {c}")));
	let cases: u32 =
		std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(128).max(1);
	let max_steps = if fuzz_calls.is_some() { 1_000 } else { 200 };
	let started = std::time::Instant::now();
	let mut runs: u64 = 0;
	loop {
		// Shrinking a long run is slow: at most ten minutes of it.
		let config = ProptestConfig {
			cases,
			max_shrink_iters: 2_000,
			max_shrink_time: 600_000,
			..ProptestConfig::default()
		};
		let mut runner = proptest::test_runner::TestRunner::new(config);
		let before = APPLIED.load(Relaxed);
		if let Err(failure) = runner.run(&prop::collection::vec(step(), 1..max_steps), run) {
			panic!("{failure}");
		}
		runs += u64::from(cases);
		let applied = APPLIED.load(Relaxed);
		assert!(applied > before, "{cases} runs applied no call: the generator is broken");
		match fuzz_calls {
			Some(target) if applied < target => eprintln!(
				"random_calls: {runs} runs, {applied} of {target} calls, {:.0?}",
				started.elapsed()
			),
			_ => break,
		}
	}
	let (applied, succeeded) = (APPLIED.load(Relaxed), SUCCEEDED.load(Relaxed));
	eprintln!(
		"random_calls: {runs} runs, {applied} calls applied, {succeeded} dispatched \
		 successfully, {} blocks checked, in {:.1?}",
		BLOCKS.load(Relaxed),
		started.elapsed()
	);
	// The generator must reach the pallets' logic, not only their first checks.
	assert!(succeeded * 20 >= applied, "fewer than 5 % of the calls succeeded");
	// Rare with independent random calls (a metered program, a consumption meter of the
	// signer's and a join naming both); `tests/metering.rs` walks that path on purpose.
	eprintln!("random_calls: {} meters enrolled in metered programs", METERED_JOINS.load(Relaxed));
	let (motions, executed) = (MOTIONS.load(Relaxed), MOTIONS_EXECUTED.load(Relaxed));
	eprintln!("random_calls: {motions} council motions closed, {executed} executed successfully");
	assert!(executed > 0, "no council motion's call dispatched successfully");
	// Alice mostly keeps her standing: most runs must have probed.
	let by_kind: Vec<String> =
		PROBE_NAMES.iter().zip(&PROBES).map(|(n, p)| format!("{n} {}", p.load(Relaxed))).collect();
	let probes: u64 = PROBES.iter().map(|p| p.load(Relaxed)).sum();
	eprintln!("random_calls: {probes} honest probes passed ({})", by_kind.join(", "));
	if runs >= 64 {
		for (name, passed) in PROBE_NAMES.iter().zip(&PROBES) {
			assert!(passed.load(Relaxed) > 0, "no {name} probe passed in {runs} runs");
		}
	}
	assert!(probes >= runs, "too few honest probes ran: {probes} in {runs} runs");
}
