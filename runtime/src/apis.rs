//! The runtime APIs: what the node, wallets and scripts can ask the runtime through
//! `state_call` (typed in the metadata, so polkadot.js and subxt can call them by name).

use crate::{
	AccountId, Balance, Balancing, Block, BlockNumber, DemandResponse, EnergyMarket, Executive,
	Grandpa, Historical, InherentDataExt, Load, Metering, Nonce, Operators, Runtime, RuntimeCall,
	RuntimeGenesisConfig, SessionKeys, Stability, System, TransactionPayment, VERSION,
};
use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use grid_primitives::{EmergencyState, LoadStatus, RegionId, StabilityLevel};
// The pallets `list_benchmarks!` and `add_benchmarks!` name (the grid pallets are above).
#[cfg(feature = "runtime-benchmarks")]
use crate::{Balances, Council, CouncilRoot, Sudo, Timestamp, Utility};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_session::OpaqueGeneratedSessionKeys;
use sp_version::RuntimeVersion;

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(pallet_aura::Pallet::<Runtime>::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(owner: Vec<u8>, seed: Option<Vec<u8>>) -> OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			pallet_grandpa::Pallet::<Runtime>::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			pallet_grandpa::CurrentSetId::<Runtime>::get()
		}

		/// Called by the node's GRANDPA voter when it sees a validator equivocate: the report
		/// goes into this node's pool as an unsigned transaction (accepted only from the local
		/// node or in a block).
		fn submit_report_equivocation_unsigned_extrinsic(
			equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			let key_owner_proof: sp_session::MembershipProof = key_owner_proof.decode()?;
			Grandpa::submit_unsigned_equivocation_report(equivocation_proof, key_owner_proof)
		}

		/// A proof that `authority_id` is the GRANDPA key of a validator of the current
		/// session (`Historical`). The set id is not needed: proofs are of the current
		/// session, which the report's set must belong to.
		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			use codec::Encode;
			use frame_support::traits::KeyOwnerProofSystem;
			Historical::prove((sp_consensus_grandpa::KEY_TYPE, authority_id))
				.map(|proof| proof.encode())
				.map(sp_consensus_grandpa::OpaqueKeyOwnershipProof::new)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl grid_runtime_api::GridApi<
		Block,
		AccountId,
		Balance,
		BlockNumber,
		pallet_operators::OperatorInfoOf<Runtime>,
		pallet_demand_response::ProgramOf<Runtime>,
		pallet_metering::MeterOf<Runtime>,
	> for Runtime {
		fn get_operator(who: AccountId) -> Option<pallet_operators::OperatorInfoOf<Runtime>> {
			Operators::operator(&who)
		}
		fn is_verified_operator(who: AccountId) -> bool {
			Operators::is_verified_operator(&who)
		}

		fn get_current_load(region: RegionId) -> Option<pallet_load::LoadReading<BlockNumber>> {
			Load::current_load(&region)
		}
		fn is_critical_load(region: RegionId) -> bool {
			Load::is_critical_load(&region)
		}
		fn get_load_status(percent: u32) -> LoadStatus {
			Load::load_status(percent)
		}
		fn get_load_history(region: RegionId) -> Vec<pallet_load::LoadReading<BlockNumber>> {
			Load::load_history(&region)
		}

		fn get_region_capacity(region: RegionId) -> Option<pallet_balancing::RegionCapacity<BlockNumber>> {
			Balancing::region_capacity(&region)
		}
		fn get_open_actions(
			region: RegionId,
		) -> Vec<(pallet_balancing::ActionId, pallet_balancing::BalancingActionOf<Runtime>)> {
			Balancing::open_actions(&region)
		}
		fn get_balancing_action(
			action_id: pallet_balancing::ActionId,
		) -> Option<pallet_balancing::BalancingActionOf<Runtime>> {
			Balancing::action(action_id)
		}

		fn get_program(
			program_id: pallet_demand_response::ProgramId,
		) -> Option<pallet_demand_response::ProgramOf<Runtime>> {
			DemandResponse::program(program_id)
		}
		fn get_program_participants(
			program_id: pallet_demand_response::ProgramId,
		) -> Vec<(AccountId, pallet_demand_response::ParticipationOf<Runtime>)> {
			DemandResponse::participants(program_id)
		}
		fn get_pending_reward(program_id: pallet_demand_response::ProgramId, participant: AccountId) -> Balance {
			DemandResponse::pending_reward(program_id, &participant)
		}

		fn get_stability_metrics(region: RegionId) -> Option<pallet_stability::StabilityReadingOf<Runtime>> {
			Stability::latest_metrics(&region)
		}
		fn get_stability_level(region: RegionId) -> StabilityLevel {
			Stability::level(&region)
		}
		fn get_open_stability_events(
			region: RegionId,
		) -> Vec<(pallet_stability::EventId, pallet_stability::StabilityEventOf<Runtime>)> {
			Stability::open_events(&region)
		}
		fn is_region_in_emergency(region: RegionId) -> bool {
			<Stability as EmergencyState>::is_region_in_emergency(&region)
		}
		fn is_grid_in_emergency() -> bool {
			<Stability as EmergencyState>::is_grid_in_emergency()
		}
		fn get_region_stability_settings(region: RegionId) -> pallet_stability::RegionSettings {
			Stability::region_settings(&region)
		}

		fn get_producer_info(who: AccountId) -> Option<pallet_energy_market::Producer> {
			EnergyMarket::producer_info(&who)
		}
		fn get_consumer_info(who: AccountId) -> Option<(pallet_energy_market::Consumer, Balance)> {
			EnergyMarket::consumer_info(&who)
		}
		fn get_storage_info(who: AccountId) -> Option<pallet_energy_market::StorageFacility> {
			EnergyMarket::storage_info(&who)
		}
		fn get_trade_info(
			trade_id: pallet_energy_market::TradeId,
		) -> Option<pallet_energy_market::TradeOf<Runtime>> {
			EnergyMarket::trade_info(trade_id)
		}
		fn get_grid_status() -> pallet_energy_market::GridStatus {
			EnergyMarket::grid_status()
		}
		fn get_dynamic_price(region: grid_primitives::RegionId) -> Option<Balance> {
			EnergyMarket::dynamic_price(&region)
		}
		fn get_metrics(
			metrics_id: pallet_energy_market::MetricsId,
		) -> Option<pallet_energy_market::Metrics<BlockNumber>> {
			EnergyMarket::metrics(metrics_id)
		}

		fn get_meter(meter: pallet_metering::MeterId) -> Option<pallet_metering::MeterOf<Runtime>> {
			Metering::meter(meter)
		}
		fn get_meter_readings(
			meter: pallet_metering::MeterId,
		) -> Vec<pallet_metering::StoredReading> {
			Metering::meter_readings(meter)
		}

		fn get_slot_book(
			region: grid_primitives::RegionId,
			slot: grid_primitives::IntervalIndex,
		) -> (
			Vec<pallet_energy_market::OrderOf<Runtime>>,
			Vec<pallet_energy_market::OrderOf<Runtime>>,
			Option<pallet_energy_market::SlotState<Balance>>,
		) {
			EnergyMarket::slot_book(&region, slot)
		}
		fn get_last_clearing(
			region: grid_primitives::RegionId,
		) -> Option<pallet_energy_market::Clearing<Balance>> {
			pallet_energy_market::LastClearing::<Runtime>::get(region)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use crate::grandpa_report_benchmarking::Pallet as GrandpaReportBench;
			use crate::session_benchmarking::Pallet as SessionBench;
			use frame_system_benchmarking::{
				extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
			};

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);

			let storage_info = crate::AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::TrackedStorageKey;
			use crate::grandpa_report_benchmarking::Pallet as GrandpaReportBench;
			use crate::session_benchmarking::Pallet as SessionBench;
			use frame_system_benchmarking::{
				extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
			};

			impl frame_system_benchmarking::Config for Runtime {}
			impl pallet_transaction_payment::BenchmarkConfig for Runtime {}

			let whitelist: Vec<TrackedStorageKey> =
				<crate::AllPalletsWithSystem as frame_support::traits::WhitelistedStorageKeys>::whitelisted_storage_keys();

			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);

			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// Only the try-runtime tool calls this API; a failed check must abort it loudly.
			match Executive::try_runtime_upgrade(checks) {
				Ok(weight) => (weight, crate::configs::RuntimeBlockWeights::get().max_block),
				Err(e) => panic!("try_runtime_upgrade failed: {e:?}"),
			}
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			// Only the try-runtime tool calls this API; a failed check must abort it loudly.
			match Executive::try_execute_block(block, state_root_check, signature_check, select) {
				Ok(weight) => weight,
				Err(e) => panic!("try_execute_block failed: {e:?}"),
			}
		}
	}
}
