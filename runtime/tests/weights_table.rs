//! The README's weights table is what the runtime charges: each grid call's weight
//! (`get_dispatch_info`, so the generated `weights.rs` plus any hook the call may trigger,
//! at the worst case its arguments allow) beside `Balances::transfer_keep_alive`.
//!
//! Fails when the README's table differs from the runtime's weights; `make weights` (or
//! `UPDATE_README=1 cargo test -p grid-runtime --test weights_table`) rewrites it.

use frame_support::{
	dispatch::GetDispatchInfo,
	traits::{Get, GetCallName},
	BoundedVec,
};
use grid_primitives::{
	BalancingActionType, Capabilities, LoadThresholds, NominalFrequency, RegionId, StabilityLevel,
};
use grid_runtime::{Runtime, RuntimeCall};
use pallet_demand_response::ProgramType;
use pallet_energy_market::EnergyType;
use pallet_load::MeterReading;
use pallet_stability::{StabilityBands, TriggerCondition};
use sp_keyring::Sr25519Keyring::Bob;
use sp_runtime::{MultiAddress, Permill};

mod common;

const START: &str = "<!-- weights-table:start -->";
const END: &str = "<!-- weights-table:end -->";

fn calls() -> Vec<(&'static str, RuntimeCall)> {
	use pallet_balancing::Call as Balancing;
	use pallet_demand_response::Call as DemandResponse;
	use pallet_energy_market::Call as EnergyMarket;
	use pallet_load::Call as Load;
	use pallet_metering::Call as Metering;
	use pallet_operators::Call as Operators;
	use pallet_stability::Call as Stability;

	let region = RegionId::try_from("North").unwrap();
	let who = Bob.to_account_id();
	let lookup = MultiAddress::Id(who.clone());
	let name = || b"PowerCorp".to_vec().try_into().unwrap();
	let max_batch: u32 = <Runtime as pallet_load::Config>::MaxBatch::get();
	let readings: BoundedVec<MeterReading, _> = (0..max_batch)
		.map(|_| MeterReading { region: region.clone(), capacity_kw: 1, demand_kw: 1 })
		.collect::<Vec<_>>()
		.try_into()
		.unwrap();
	let max_regions: u32 = <Runtime as pallet_load::Config>::MaxAggregatorRegions::get();
	let regions: BoundedVec<RegionId, _> =
		(0..max_regions).map(|_| region.clone()).collect::<Vec<_>>().try_into().unwrap();
	let thresholds = LoadThresholds {
		normal_from: Permill::from_percent(31),
		high_from: Permill::from_percent(80),
		critical_from: Permill::from_percent(95),
	};

	let keys = grid_runtime::SessionKeys {
		aura: sp_keyring::Sr25519Keyring::Bob.public().into(),
		grandpa: sp_keyring::Ed25519Keyring::Bob.public().into(),
	};

	vec![
		(
			"Balances::transfer_keep_alive",
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: lookup.clone(),
				value: 1,
			}),
		),
		(
			"Session::set_keys",
			RuntimeCall::Session(pallet_session::Call::set_keys { keys, proof: vec![0; 128] }),
		),
		("Session::purge_keys", RuntimeCall::Session(pallet_session::Call::purge_keys {})),
		(
			"Grandpa::report_equivocation (a whole report: the proofs checked, the offender punished)",
			RuntimeCall::Grandpa(pallet_grandpa::Call::report_equivocation_unsigned {
				equivocation_proof: Box::new(an_equivocation()),
				key_owner_proof: sp_session::MembershipProof {
					session: 0,
					trie_nodes: vec![],
					validator_count: grid_runtime::configs::MAX_AUTHORITIES,
				},
			}),
		),
		(
			"CouncilRoot::dispatch (its own overhead: of an empty System::remark)",
			RuntimeCall::CouncilRoot(pallet_council_root::Call::dispatch {
				call: Box::new(RuntimeCall::System(frame_system::Call::remark { remark: vec![] })),
			}),
		),
		(
			"Operators::register_operator",
			RuntimeCall::Operators(Operators::register_operator {
				name: name(),
				region: region.clone(),
				capacity_kw: 1,
			}),
		),
		(
			"Operators::verify_operator",
			RuntimeCall::Operators(Operators::verify_operator {
				operator: lookup.clone(),
				region: region.clone(),
			}),
		),
		(
			"Operators::suspend_operator",
			RuntimeCall::Operators(Operators::suspend_operator { operator: lookup.clone() }),
		),
		(
			"Operators::reinstate_operator",
			RuntimeCall::Operators(Operators::reinstate_operator { operator: lookup.clone() }),
		),
		(
			"Operators::remove_operator",
			RuntimeCall::Operators(Operators::remove_operator {
				operator: lookup.clone(),
				slash: true,
			}),
		),
		("Operators::deregister", RuntimeCall::Operators(Operators::deregister {})),
		(
			"Operators::update_operator",
			RuntimeCall::Operators(Operators::update_operator {
				name: Some(name()),
				region: Some(region.clone()),
				capacity_kw: Some(1),
			}),
		),
		(
			"Operators::set_capabilities",
			RuntimeCall::Operators(Operators::set_capabilities {
				operator: lookup.clone(),
				capabilities: Capabilities::all(),
			}),
		),
		(
			"Operators::expire_registration",
			RuntimeCall::Operators(Operators::expire_registration { operator: lookup.clone() }),
		),
		(
			"Load::report_load",
			RuntimeCall::Load(Load::report_load {
				region: region.clone(),
				capacity_kw: 1,
				demand_kw: 1,
			}),
		),
		("Load::report_loads (full batch)", RuntimeCall::Load(Load::report_loads { readings })),
		("Load::set_thresholds", RuntimeCall::Load(Load::set_thresholds { thresholds })),
		(
			"Load::set_aggregator",
			RuntimeCall::Load(Load::set_aggregator { aggregator: who.clone(), regions }),
		),
		(
			"Balancing::set_region_capacity",
			RuntimeCall::Balancing(Balancing::set_region_capacity {
				region: region.clone(),
				max_generation_kw: 1,
				current_generation_kw: 1,
				reserve_kw: 1,
			}),
		),
		(
			"Balancing::initiate_balancing_action",
			RuntimeCall::Balancing(Balancing::initiate_balancing_action {
				region: region.clone(),
				action_type: BalancingActionType::LoadShedding,
				target_kw: 1,
				priority: 1,
			}),
		),
		(
			"Balancing::complete_balancing_action",
			RuntimeCall::Balancing(Balancing::complete_balancing_action {
				action_id: 0,
				delivered_kw: 1,
			}),
		),
		(
			"Balancing::cancel_balancing_action",
			RuntimeCall::Balancing(Balancing::cancel_balancing_action { action_id: 0 }),
		),
		(
			"DemandResponse::create_demand_program",
			RuntimeCall::DemandResponse(DemandResponse::create_demand_program {
				name: name(),
				program_type: ProgramType::PeakShaving,
				region: region.clone(),
				target_reduction_kw: 1,
				incentive_rate: 1,
				duration_blocks: 1,
				starts_at: None,
			}),
		),
		(
			"DemandResponse::join_program",
			RuntimeCall::DemandResponse(DemandResponse::join_program {
				program_id: 0,
				committed_reduction_kw: 1,
			}),
		),
		(
			"DemandResponse::report_reduction",
			RuntimeCall::DemandResponse(DemandResponse::report_reduction {
				program_id: 0,
				participant: who.clone(),
				actual_reduction_kw: 1,
			}),
		),
		(
			"DemandResponse::settle_program",
			RuntimeCall::DemandResponse(DemandResponse::settle_program { program_id: 0 }),
		),
		(
			"DemandResponse::cancel_program",
			RuntimeCall::DemandResponse(DemandResponse::cancel_program { program_id: 0 }),
		),
		(
			"DemandResponse::create_metered_program",
			RuntimeCall::DemandResponse(DemandResponse::create_metered_program {
				name: b"Evening peak".to_vec().try_into().unwrap(),
				program_type: ProgramType::EmergencyResponse,
				region: region.clone(),
				target_reduction_kw: 1,
				incentive_rate: 1,
				first_interval: 1,
				intervals: 4,
			}),
		),
		(
			"DemandResponse::join_program_metered",
			RuntimeCall::DemandResponse(DemandResponse::join_program_metered {
				program_id: 0,
				committed_reduction_kw: 1,
				meter: 0,
			}),
		),
		(
			"DemandResponse::claim_reward",
			RuntimeCall::DemandResponse(DemandResponse::claim_reward {
				program_id: 0,
				participant: who.clone(),
			}),
		),
		(
			"DemandResponse::leave_program",
			RuntimeCall::DemandResponse(DemandResponse::leave_program { program_id: 0 }),
		),
		(
			"DemandResponse::take_over_program",
			RuntimeCall::DemandResponse(DemandResponse::take_over_program { program_id: 0 }),
		),
		(
			"DemandResponse::remove_participant",
			RuntimeCall::DemandResponse(DemandResponse::remove_participant {
				program_id: 0,
				participant: who.clone(),
			}),
		),
		(
			"Stability::report_stability_metrics",
			RuntimeCall::Stability(Stability::report_stability_metrics {
				region: region.clone(),
				frequency_mhz: 50_000,
				voltage_permille: 1_000,
				phase_angle_mdeg: 0,
			}),
		),
		(
			"Stability::trigger_stability_response",
			RuntimeCall::Stability(Stability::trigger_stability_response {
				region: region.clone(),
				frequency_mhz: 49_000,
				voltage_permille: 1_000,
				severity: StabilityLevel::Emergency,
			}),
		),
		(
			"Stability::configure_automated_response",
			RuntimeCall::Stability(Stability::configure_automated_response {
				condition: TriggerCondition::FrequencyBelow(49_500),
				action: BalancingActionType::LoadShedding,
				target_adjustment_kw: 1,
				priority: 1,
			}),
		),
		(
			"Stability::remove_automated_response",
			RuntimeCall::Stability(Stability::remove_automated_response { rule_id: 0 }),
		),
		(
			"Stability::resolve_critical_event",
			RuntimeCall::Stability(Stability::resolve_critical_event { event_id: 0 }),
		),
		(
			"Stability::set_region_settings",
			RuntimeCall::Stability(Stability::set_region_settings {
				region: region.clone(),
				nominal_frequency: NominalFrequency::Hz50,
				bands: StabilityBands::default(),
			}),
		),
		(
			"EnergyMarket::register_producer",
			RuntimeCall::EnergyMarket(EnergyMarket::register_producer {
				capacity: 1,
				energy_type: EnergyType::Solar,
				meter: 0,
			}),
		),
		(
			"EnergyMarket::register_consumer",
			RuntimeCall::EnergyMarket(EnergyMarket::register_consumer {
				consumption_limit: 1,
				meter: 0,
			}),
		),
		(
			"EnergyMarket::register_storage",
			RuntimeCall::EnergyMarket(EnergyMarket::register_storage {
				capacity: 1,
				charge_rate: 1,
				discharge_rate: 1,
				meter: 0,
			}),
		),
		(
			"EnergyMarket::report_production",
			RuntimeCall::EnergyMarket(EnergyMarket::report_production { amount: 1 }),
		),
		(
			"EnergyMarket::consume_energy",
			RuntimeCall::EnergyMarket(EnergyMarket::consume_energy { amount: 1 }),
		),
		(
			"EnergyMarket::charge_storage",
			RuntimeCall::EnergyMarket(EnergyMarket::charge_storage { amount: 1 }),
		),
		(
			"EnergyMarket::discharge_storage",
			RuntimeCall::EnergyMarket(EnergyMarket::discharge_storage { amount: 1 }),
		),
		(
			"EnergyMarket::create_trade",
			RuntimeCall::EnergyMarket(EnergyMarket::create_trade {
				buyer: who.clone(),
				amount: 1,
				price: 1,
			}),
		),
		(
			"EnergyMarket::complete_trade",
			RuntimeCall::EnergyMarket(EnergyMarket::complete_trade { trade_id: 0 }),
		),
		(
			"EnergyMarket::cancel_trade",
			RuntimeCall::EnergyMarket(EnergyMarket::cancel_trade { trade_id: 0 }),
		),
		(
			"EnergyMarket::add_consumer_balance",
			RuntimeCall::EnergyMarket(EnergyMarket::add_consumer_balance {
				consumer: who.clone(),
				amount: 1,
			}),
		),
		(
			"EnergyMarket::withdraw_balance",
			RuntimeCall::EnergyMarket(EnergyMarket::withdraw_balance { amount: 1 }),
		),
		(
			"EnergyMarket::set_base_price",
			RuntimeCall::EnergyMarket(EnergyMarket::set_base_price { new_price: 1 }),
		),
		(
			"EnergyMarket::toggle_emergency_mode",
			RuntimeCall::EnergyMarket(EnergyMarket::toggle_emergency_mode {}),
		),
		(
			"EnergyMarket::record_metrics",
			RuntimeCall::EnergyMarket(EnergyMarket::record_metrics {
				production: 1,
				consumption: 1,
				peak_load: 1,
				efficiency: Permill::one(),
			}),
		),
		(
			"EnergyMarket::update_producer_reputation",
			RuntimeCall::EnergyMarket(EnergyMarket::update_producer_reputation {
				producer: who.clone(),
				new_score: 1,
			}),
		),
		(
			"EnergyMarket::deactivate_participant",
			RuntimeCall::EnergyMarket(EnergyMarket::deactivate_participant {
				who,
				is_producer: true,
			}),
		),
		(
			"EnergyMarket::place_bid (charged a full book)",
			RuntimeCall::EnergyMarket(EnergyMarket::place_bid {
				region: region.clone(),
				slot: 0,
				meter: 0,
				energy_kwh: 1,
				max_price: 1,
			}),
		),
		(
			"EnergyMarket::place_offer (charged a full book)",
			RuntimeCall::EnergyMarket(EnergyMarket::place_offer {
				region: region.clone(),
				slot: 0,
				meter: 0,
				energy_kwh: 1,
				min_price: 1,
			}),
		),
		(
			"EnergyMarket::place_orders (a full batch, charged full sides)",
			RuntimeCall::EnergyMarket(EnergyMarket::place_orders {
				orders: BoundedVec::truncate_from(vec![
					pallet_energy_market::OrderRequest {
						side: pallet_energy_market::Side::Bid,
						region: region.clone(),
						slot: 0,
						meter: 0,
						energy_kwh: 1,
						limit_price: 1,
					};
					<<Runtime as pallet_energy_market::Config>::MaxOrdersPerCall as Get<u32>>::get()
						as usize
				]),
			}),
		),
		(
			"EnergyMarket::cancel_order",
			RuntimeCall::EnergyMarket(EnergyMarket::cancel_order {
				region: region.clone(),
				slot: 0,
				order_id: 0,
			}),
		),
		(
			"EnergyMarket::clear_slot (a full book)",
			RuntimeCall::EnergyMarket(EnergyMarket::clear_slot { region: region.clone(), slot: 0 }),
		),
		(
			"EnergyMarket::settle_slot (a full book)",
			RuntimeCall::EnergyMarket(EnergyMarket::settle_slot {
				region: region.clone(),
				slot: 0,
			}),
		),
		(
			"EnergyMarket::spend_pot",
			RuntimeCall::EnergyMarket(EnergyMarket::spend_pot {
				to: Bob.to_account_id(),
				amount: 1,
			}),
		),
		(
			"Metering::register_meter",
			RuntimeCall::Metering(Metering::register_meter {
				key: sp_core::ed25519::Public::from_raw([1; 32]),
				region: region.clone(),
				kind: grid_primitives::MeterKind::Feeder,
				owner: Bob.to_account_id(),
				rated_kw: 1,
			}),
		),
		(
			"Metering::rotate_meter_key",
			RuntimeCall::Metering(Metering::rotate_meter_key {
				meter: 0,
				new_key: sp_core::ed25519::Public::from_raw([1; 32]),
			}),
		),
		(
			"Metering::decommission_meter",
			RuntimeCall::Metering(Metering::decommission_meter { meter: 0 }),
		),
		(
			"Metering::submit_readings (full batch, all feeders of distinct regions)",
			RuntimeCall::Metering(Metering::submit_readings { readings: meter_readings() }),
		),
	]
}

/// A full batch of meter readings (their content does not change the weight).
fn meter_readings() -> pallet_metering::ReadingBatchOf<Runtime> {
	let max: u32 = <Runtime as pallet_metering::Config>::MaxReadingsPerBatch::get();
	let reading = pallet_metering::SignedReading {
		reading: pallet_metering::Reading {
			meter: 0,
			interval: 0,
			imported_wh: 0,
			exported_wh: 0,
			quality: grid_primitives::ReadingQuality::Measured,
		},
		signature: sp_core::ed25519::Signature::from_raw([0; 64]),
	};
	(0..max).map(|_| reading.clone()).collect::<Vec<_>>().try_into().unwrap()
}

/// What the refundable calls cost in the everyday case, once the unused worst case is
/// refunded (the calls return it as their actual weight).
fn refunded() -> Vec<(&'static str, frame_support::weights::Weight)> {
	type LoadWeights = <Runtime as pallet_load::Config>::WeightInfo;
	type StabilityWeights = <Runtime as pallet_stability::Config>::WeightInfo;
	type MeteringWeights = <Runtime as pallet_metering::Config>::WeightInfo;
	type MarketWeights = <Runtime as pallet_energy_market::Config>::WeightInfo;
	let max_batch: u32 = <Runtime as pallet_load::Config>::MaxBatch::get();
	let max_readings: u32 = <Runtime as pallet_metering::Config>::MaxReadingsPerBatch::get();
	vec![
		(
			"Load::report_load, status unchanged",
			<LoadWeights as pallet_load::WeightInfo>::report_load_quiet(),
		),
		(
			"Load::report_loads (full batch), no status changed",
			<LoadWeights as pallet_load::WeightInfo>::report_loads_quiet(max_batch),
		),
		(
			"Stability::report_stability_metrics, quiet",
			<StabilityWeights as pallet_stability::WeightInfo>::report_stability_metrics_quiet(),
		),
		(
			"Metering::submit_readings (full batch), no feeder",
			<MeteringWeights as pallet_metering::WeightInfo>::submit_readings(max_readings),
		),
		(
			"Metering::submit_readings (full batch), its signatures checked (AuthorizeCall)",
			<MeteringWeights as pallet_metering::WeightInfo>::authorize_submit_readings(
				max_readings,
			),
		),
		(
			"EnergyMarket::place_bid, the first bid of a slot",
			<MarketWeights as pallet_energy_market::WeightInfo>::place_bid(0),
		),
		(
			"EnergyMarket::place_offer, the first offer of a slot",
			<MarketWeights as pallet_energy_market::WeightInfo>::place_offer(0),
		),
		(
			"EnergyMarket::place_orders (a full batch), each into an empty side",
			<MarketWeights as pallet_energy_market::WeightInfo>::place_orders(
				<<Runtime as pallet_energy_market::Config>::MaxOrdersPerCall as Get<u32>>::get(),
			),
		),
	]
}

/// A markdown table of `weights`, each beside `transfer`.
fn weights_table(
	weights: impl IntoIterator<Item = (&'static str, frame_support::weights::Weight)>,
	transfer: frame_support::weights::Weight,
) -> Vec<String> {
	let mut rows = vec![
		"| call | ref_time (ps) | proof_size (bytes) | × transfer_keep_alive |".to_string(),
		"|---|---:|---:|---:|".to_string(),
	];
	for (name, weight) in weights {
		let ratio = weight.ref_time() as f64 / transfer.ref_time() as f64;
		rows.push(format!(
			"| `{name}` | {} | {} | {ratio:.2} |",
			thousands(weight.ref_time()),
			thousands(weight.proof_size())
		));
	}
	rows
}

fn table() -> String {
	let calls = calls();
	let transfer = calls[0].1.get_dispatch_info().call_weight;
	let charged = calls.iter().map(|(name, call)| (*name, call.get_dispatch_info().call_weight));
	let mut rows = weights_table(charged, transfer);
	rows.push(String::new());
	rows.push("After the refund, in the everyday case:".to_string());
	rows.push(String::new());
	rows.extend(weights_table(refunded(), transfer));
	rows.join("\n")
}

fn thousands(n: u64) -> String {
	let digits = n.to_string();
	let mut out = String::new();
	for (i, c) in digits.chars().enumerate() {
		if i > 0 && (digits.len() - i) % 3 == 0 {
			out.push(',');
		}
		out.push(c);
	}
	out
}

/// An equivocation of Bob's, for its call's weight (which does not depend on the votes).
fn an_equivocation() -> sp_consensus_grandpa::EquivocationProof<grid_runtime::Hash, u32> {
	let vote = |n: u8| {
		let prevote = finality_grandpa::Prevote {
			target_hash: grid_runtime::Hash::repeat_byte(n),
			target_number: 1,
		};
		(prevote, sp_core::ed25519::Signature::from_raw([n; 64]).into())
	};
	sp_consensus_grandpa::EquivocationProof::new(
		0,
		sp_consensus_grandpa::Equivocation::Prevote(finality_grandpa::Equivocation {
			round_number: 1,
			identity: sp_keyring::Ed25519Keyring::Bob.public().into(),
			first: vote(1),
			second: vote(2),
		}),
	)
}

/// A report is charged the runtime's benchmark of a whole report and the most a change of
/// the council weighs, not GRANDPA's check of the signatures alone.
#[test]
fn an_equivocation_report_is_charged_its_benchmark_and_the_council_s_change() {
	use frame_support::traits::Get;
	use pallet_grandpa::WeightInfo as _;
	type Charged = <Runtime as pallet_grandpa::Config>::WeightInfo;
	let measured =
		grid_runtime::weights::grandpa_equivocation_report::WeightInfo::<Runtime>::report_equivocation();
	let council = grid_runtime::configs::CouncilChangeWeight::get();
	assert_eq!(Charged::report_equivocation(4, 0), measured.saturating_add(council));
	let signatures_only =
		grid_runtime::weights::pallet_grandpa::WeightInfo::<Runtime>::check_equivocation_proof(1);
	assert!(measured.ref_time() > 2 * signatures_only.ref_time());
}

#[test]
fn every_grid_call_is_in_the_table() {
	let listed: Vec<_> = calls().into_iter().map(|(name, _)| name).collect();
	let pallets: [(&str, &[&str]); 8] = [
		("CouncilRoot", pallet_council_root::Call::<Runtime>::get_call_names()),
		("Operators", pallet_operators::Call::<Runtime>::get_call_names()),
		("Load", pallet_load::Call::<Runtime>::get_call_names()),
		("Balancing", pallet_balancing::Call::<Runtime>::get_call_names()),
		("DemandResponse", pallet_demand_response::Call::<Runtime>::get_call_names()),
		("Stability", pallet_stability::Call::<Runtime>::get_call_names()),
		("EnergyMarket", pallet_energy_market::Call::<Runtime>::get_call_names()),
		("Metering", pallet_metering::Call::<Runtime>::get_call_names()),
	];
	for (pallet, calls) in pallets {
		for call in calls {
			let name = format!("{pallet}::{call}");
			assert!(
				listed.iter().any(|l| *l == name || l.starts_with(&format!("{name} "))),
				"{name} is missing from the weights table"
			);
		}
	}
}

/// Session keys are charged this runtime's own benchmarks (`session_benchmarking`), not
/// Substrate's figures from a runtime with staking.
#[test]
fn session_calls_are_charged_their_benchmarks_in_this_runtime() {
	use pallet_session::WeightInfo as _;
	type Charged = <Runtime as pallet_session::Config>::WeightInfo;
	type Measured = grid_runtime::weights::pallet_session::WeightInfo<Runtime>;
	assert_eq!(Charged::set_keys(), Measured::set_keys());
	assert_eq!(Charged::purge_keys(), Measured::purge_keys());
	type Upstream = pallet_session::weights::SubstrateWeight<Runtime>;
	assert_ne!(Charged::set_keys(), Upstream::set_keys());
}

#[test]
fn the_readme_weights_table_matches_the_runtime() {
	common::check_readme_section(START, END, &table(), "weights table");
}

/// A full book (`MaxBidsPerSlot` bids, `MaxOffersPerSlot` offers) clears and settles in at
/// most a quarter of a block each, by their benchmarked weights.
#[test]
fn clearing_and_settling_a_full_slot_take_at_most_a_quarter_of_a_block() {
	let max = <Runtime as frame_system::Config>::BlockWeights::get().max_block;
	for (name, call) in calls() {
		if name.starts_with("EnergyMarket::clear_slot")
			|| name.starts_with("EnergyMarket::settle_slot")
		{
			let weight = call.get_dispatch_info().call_weight;
			assert!(weight.ref_time() > 0, "{name} has no weight");
			assert!(
				weight.ref_time() <= max.ref_time() / 4,
				"{name}: {} of a block's {}",
				weight.ref_time(),
				max.ref_time()
			);
		}
	}
}
