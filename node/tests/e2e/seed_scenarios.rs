//! End to end: every usage example of the two seed documents, run against the built
//! `grid-node --dev --tmp` the way a grid operator's software would run it: subxt with the
//! node's own metadata (pallet and call names, no generated code), extrinsics signed by the
//! dev accounts, events read back from the including block, reads through the `GridApi`
//! runtime API and storage at that block.
//!
//! The `development` genesis: Alice operates "North" with every capability and holds the
//! sudo key (the dev stand-in for two thirds of the grid council); every dev account is
//! endowed. Each test starts its own node, so the tests run side by side.
//!
//! Every failed authorization the seeds mention is tried and must fail with the named error:
//! a non-operator reporting load, a participant reporting its own reduction, a non-buyer
//! completing a trade, a non-admin setting the price.

use scale_decode::DecodeAsType;
use sp_core::Pair as _;
use std::time::{Duration, Instant};
use subxt::{
	dynamic::{self, Value},
	ext::frame_decode::runtime_apis::IntoEncodableValues,
	tx::Payload,
	utils::AccountId32,
};
use subxt_signer::sr25519::{dev, Keypair};

use crate::common::{all_events, call, event, Client, Events, Failure, Node};

/// 1 MW in kW, the chain's unit of power.
const MW: u64 = 1_000;
/// One GRID token in its smallest unit (12 decimals).
const UNIT: u128 = 1_000_000_000_000;
/// A thousandth of a GRID: the seed's unit of money.
const MILLI: u128 = UNIT / 1_000;

// What the client decodes, by field and variant name (fields it does not name are skipped).

#[derive(Debug, DecodeAsType, PartialEq, Eq, Clone, Copy)]
enum LoadStatus {
	Low,
	Normal,
	High,
	Critical,
	Stale,
}

#[derive(Debug, DecodeAsType, PartialEq, Eq, Clone, Copy)]
struct Permill(u32);

#[derive(Debug, DecodeAsType)]
struct LoadReading {
	capacity_kw: u64,
	demand_kw: u64,
	load: Permill,
	status: LoadStatus,
}

#[derive(Debug, DecodeAsType)]
struct LoadStatusChanged {
	from: LoadStatus,
	to: LoadStatus,
}

#[derive(Debug, DecodeAsType, PartialEq, Eq)]
enum OperatorStatus {
	Pending,
	Verified,
	Suspended,
}

#[derive(Debug, DecodeAsType, PartialEq, Eq)]
struct Capabilities {
	report_load: bool,
	coordinate_balancing: bool,
	run_demand_response: bool,
	report_stability: bool,
	validate_blocks: bool,
	manage_meters: bool,
}

#[derive(Debug, DecodeAsType)]
struct OperatorInfo {
	name: Vec<u8>,
	capacity_kw: u64,
	status: OperatorStatus,
	capabilities: Capabilities,
	deposit: u128,
}

#[derive(Debug, DecodeAsType, PartialEq, Eq)]
enum BalancingActionType {
	IncreaseGeneration,
	DecreaseGeneration,
	LoadShedding,
	StorageDispatch,
	DemandResponse,
}

#[derive(Debug, DecodeAsType)]
struct BalancingAction {
	action_type: BalancingActionType,
	target_kw: u64,
	initiator: Option<AccountId32>,
}

#[derive(Debug, DecodeAsType, PartialEq, Eq)]
enum StabilityLevel {
	Normal,
	Alert,
	Emergency,
	Critical,
}

#[derive(Debug, DecodeAsType)]
struct StabilityReading {
	frequency_mhz: u32,
	voltage_permille: u32,
	level: StabilityLevel,
}

#[derive(Debug, DecodeAsType)]
struct Program {
	target_reduction_kw: u64,
	incentive_rate: u128,
	starts_at: u32,
	ends_at: u32,
	budget: u128,
}

#[derive(Debug, DecodeAsType)]
struct RewardPaid {
	participant: AccountId32,
	amount: u128,
}

#[derive(Debug, DecodeAsType)]
struct Consumer {
	consumption_limit: u64,
	total_consumed: u64,
	active: bool,
}

#[derive(Debug, DecodeAsType)]
struct Producer {
	capacity: u64,
	current_production: u64,
	active: bool,
}

#[derive(Debug, DecodeAsType, PartialEq, Eq)]
enum TradeStatus {
	Open,
	Completed,
	Cancelled,
}

#[derive(Debug, DecodeAsType)]
struct Trade {
	seller: AccountId32,
	buyer: AccountId32,
	amount: u64,
	price: u128,
	status: TradeStatus,
}

#[derive(Debug, DecodeAsType)]
struct GridStatus {
	total_capacity: u64,
	current_load: u64,
	utilisation: Permill,
	emergency: bool,
}

#[derive(Debug, DecodeAsType)]
struct EnergyConsumed {
	amount: u64,
	unit_price: u128,
	cost: u128,
}

#[derive(Debug, DecodeAsType)]
struct AccountData {
	free: u128,
	reserved: u128,
}

#[derive(Debug, DecodeAsType)]
struct AccountInfo {
	data: AccountData,
}

#[derive(Debug, DecodeAsType)]
struct Executed {
	result: Result<(), Value>,
}

#[derive(Debug, DecodeAsType)]
struct TransactionFeePaid {
	actual_fee: u128,
}

/// A dev node and a subxt client connected to it.
struct Chain {
	client: Client,
	_node: Node,
}

impl std::ops::Deref for Chain {
	type Target = Client;

	fn deref(&self) -> &Client {
		&self.client
	}
}

impl Chain {
	async fn start() -> Self {
		let node = Node::start_dev();
		Chain { client: Client::connect(node.rpc_port).await, _node: node }
	}

	/// Submits `call` and asserts it fails with `pallet::Error::<error>` while leaving the
	/// grid's state untouched (the block's state root may change only by fees and nonce).
	async fn fails_with(&self, signer: &Keypair, call: impl Payload, pallet: &str, error: &str) {
		let what = format!("{}.{}", call.pallet_name(), call.call_name());
		match self.submit(signer, &call).await {
			Err(Failure::Module(p, e)) if p == pallet && e == error => {},
			other => panic!("{what}: expected {pallet}::{error}, got {other:?}"),
		}
	}

	/// Submits a report `call` its signer may not make and asserts the node refuses it before
	/// it enters a block (the runtime's transaction pool makes the call's own check: the
	/// seed's `ERR-NOT-AUTHORIZED`, `BadSigner` to the pool), so it changes nothing and costs
	/// nothing.
	async fn report_refused(&self, signer: &Keypair, call: impl Payload) {
		let what = format!("{}.{}", call.pallet_name(), call.call_name());
		match self.submit(signer, &call).await {
			Err(Failure::Other(message)) if message.contains("Invalid signing address") => {},
			other => panic!("{what}: expected the pool to refuse it, got {other:?}"),
		}
	}

	/// A `GridApi` read at [`Self::at`].
	async fn read<R: DecodeAsType>(&self, method: &str, args: impl IntoEncodableValues) -> R {
		let call = dynamic::runtime_api_call::<_, R>("GridApi", method, args);
		self.at()
			.await
			.runtime_apis()
			.call(call)
			.await
			.unwrap_or_else(|e| panic!("GridApi.{method} failed: {e}"))
	}

	/// `System.Account` of `who` at [`Self::at`].
	async fn account(&self, who: &Keypair) -> AccountData {
		let address = dynamic::storage::<([u8; 32],), AccountInfo>("System", "Account");
		let at = self.at().await;
		let value = at
			.storage()
			.fetch(address, (who.public_key().0,))
			.await
			.expect("System.Account is readable");
		value.decode().expect("AccountInfo decodes").data
	}

	/// The latest finalized block number.
	async fn block(&self) -> u32 {
		let at = self.api.at_current_block().await.expect("a finalized block");
		u32::try_from(at.block_number()).expect("block numbers are u32")
	}

	/// Waits until block `n` is finalized.
	async fn wait_for_block(&self, n: u32) {
		let deadline = Instant::now() + Duration::from_secs(6 * u64::from(n) + 120);
		while self.block().await < n {
			assert!(Instant::now() < deadline, "block {n} not finalized in time");
			tokio::time::sleep(Duration::from_secs(1)).await;
		}
	}
}

/// The fee the transaction's signer paid.
fn fee(events: &Events) -> u128 {
	event::<TransactionFeePaid>(events, "TransactionPayment", "TransactionFeePaid").actual_fee
}

fn north() -> Vec<u8> {
	b"North".to_vec()
}

fn account_id(who: &Keypair) -> AccountId32 {
	who.public_key().to_account_id()
}

/// `MultiAddress::Id(who)`, for calls that take an account lookup.
fn address(who: &Keypair) -> Value {
	Value::unnamed_variant("Id", [Value::from_bytes(who.public_key().0)])
}

fn all_capabilities() -> Value {
	Value::named_composite([
		("report_load", Value::bool(true)),
		("coordinate_balancing", Value::bool(true)),
		("run_demand_response", Value::bool(true)),
		("report_stability", Value::bool(true)),
		("validate_blocks", Value::bool(true)),
		("manage_meters", Value::bool(true)),
	])
}

/// Seed 1, grid-operator-verification: `register-operator "PowerCorp" "North" u1000`, verified
/// by a council motion, then given its capabilities by the admin; reads `get-operator-info`,
/// `is-verified-operator`.
#[tokio::test(flavor = "multi_thread")]
async fn operator_registration_verification_and_capabilities() {
	let chain = Chain::start().await;
	let power_corp = dev::bob();
	let before = chain.account(&power_corp).await;

	let events = chain
		.ok(
			&power_corp,
			dynamic::tx(
				"Operators",
				"register_operator",
				(b"PowerCorp".to_vec(), north(), 1_000 * MW),
			),
		)
		.await;
	event::<Value>(&events, "Operators", "OperatorRegistered");
	let info: Option<OperatorInfo> = chain.read("get_operator", (account_id(&power_corp),)).await;
	let info = info.expect("PowerCorp is registered");
	assert_eq!(info.name, b"PowerCorp");
	assert_eq!(info.capacity_kw, 1_000_000);
	assert_eq!(info.status, OperatorStatus::Pending);
	assert_eq!(info.deposit, 100 * UNIT);
	let after = chain.account(&power_corp).await;
	assert_eq!(after.reserved, before.reserved + 100 * UNIT, "the deposit is held");
	assert_eq!(after.free, before.free - 100 * UNIT - fee(&events));
	assert!(!chain.read::<bool>("is_verified_operator", (account_id(&power_corp),)).await);

	// Registering twice is refused.
	chain
		.fails_with(
			&power_corp,
			dynamic::tx("Operators", "register_operator", (b"PowerCorp".to_vec(), north(), 1u64)),
			"Operators",
			"AlreadyRegistered",
		)
		.await;

	// A pending operator cannot report load yet.
	chain
		.report_refused(
			&power_corp,
			dynamic::tx("Load", "report_load", (north(), 1_000 * MW, 750 * MW)),
		)
		.await;

	// The grid council verifies it: on the dev chain Alice is the council's only member, so
	// her motion (threshold 1) executes at once with the council's two-thirds origin.
	let verify = call(
		"Operators",
		"verify_operator",
		vec![("operator", address(&power_corp)), ("region", Value::from_bytes(north()))],
	);
	let events =
		chain.ok(&dev::alice(), dynamic::tx("Council", "propose", (1u32, verify, 1_000u32))).await;
	let executed: Executed = event(&events, "Council", "Executed");
	assert!(executed.result.is_ok(), "the council's motion failed: {:?}", executed.result);
	event::<Value>(&events, "Operators", "OperatorVerified");
	assert!(chain.read::<bool>("is_verified_operator", (account_id(&power_corp),)).await);
	// The admin (sudo, on the dev chain) grants it every capability.
	let events = chain
		.sudo(call(
			"Operators",
			"set_capabilities",
			vec![("operator", address(&power_corp)), ("capabilities", all_capabilities())],
		))
		.await;
	event::<Value>(&events, "Operators", "CapabilitiesSet");
	let info: Option<OperatorInfo> = chain.read("get_operator", (account_id(&power_corp),)).await;
	let info = info.expect("still registered");
	assert_eq!(info.status, OperatorStatus::Verified);
	assert_eq!(
		info.capabilities,
		Capabilities {
			report_load: true,
			coordinate_balancing: true,
			run_demand_response: true,
			report_stability: true,
			validate_blocks: true,
			manage_meters: true,
		}
	);

	// Now it reports its region's load.
	let events = chain
		.ok(&power_corp, dynamic::tx("Load", "report_load", (north(), 1_000 * MW, 500 * MW)))
		.await;
	event::<Value>(&events, "Load", "LoadReported");

	// Only the admin verifies: a signed account is refused with BadOrigin.
	let stranger = dev::eve();
	match chain
		.submit(
			&stranger,
			&dynamic::tx("Operators", "verify_operator", (address(&power_corp), north())),
		)
		.await
	{
		Err(Failure::Dispatch(e)) => assert!(e.contains("BadOrigin"), "{e}"),
		other => panic!("expected BadOrigin, got {other:?}"),
	}
}

/// Seed 1, load monitoring: `report-load "North" u1000 u750` reads Normal at 75 %; 960 MW
/// reads Critical with a status-change event and opens an automatic balancing action.
#[tokio::test(flavor = "multi_thread")]
async fn load_reports_classify_and_a_critical_load_opens_a_balancing_action() {
	let chain = Chain::start().await;
	let alice = dev::alice();

	// A non-operator cannot report load (seed: ERR-NOT-AUTHORIZED).
	chain
		.report_refused(
			&dev::charlie(),
			dynamic::tx("Load", "report_load", (north(), 1_000 * MW, 750 * MW)),
		)
		.await;
	assert!(chain.read::<Option<LoadReading>>("get_current_load", (north(),)).await.is_none());

	// North's generation, so that balancing knows its headroom.
	chain
		.ok(
			&alice,
			dynamic::tx(
				"Balancing",
				"set_region_capacity",
				(north(), 1_200 * MW, 800 * MW, 100 * MW),
			),
		)
		.await;

	chain.ok(&alice, dynamic::tx("Load", "report_load", (north(), 1_000 * MW, 750 * MW))).await;
	let reading: Option<LoadReading> = chain.read("get_current_load", (north(),)).await;
	let reading = reading.expect("a reading");
	assert_eq!((reading.capacity_kw, reading.demand_kw), (1_000_000, 750_000));
	assert_eq!(reading.load, Permill(750_000), "75 %");
	assert_eq!(reading.status, LoadStatus::Normal);
	assert_eq!(chain.read::<LoadStatus>("get_load_status", (75u32,)).await, LoadStatus::Normal);
	assert!(!chain.read::<bool>("is_critical_load", (north(),)).await);
	let open: Vec<(u64, BalancingAction)> = chain.read("get_open_actions", (north(),)).await;
	assert!(open.is_empty(), "no action at a normal load");

	let events =
		chain.ok(&alice, dynamic::tx("Load", "report_load", (north(), 1_000 * MW, 960 * MW))).await;
	let change: LoadStatusChanged = event(&events, "Load", "LoadStatusChanged");
	assert_eq!((change.from, change.to), (LoadStatus::Normal, LoadStatus::Critical));
	event::<Value>(&events, "Balancing", "BalancingActionInitiated");
	let reading: Option<LoadReading> = chain.read("get_current_load", (north(),)).await;
	assert_eq!(reading.expect("a reading").status, LoadStatus::Critical);
	assert!(chain.read::<bool>("is_critical_load", (north(),)).await);
	let history: Vec<LoadReading> = chain.read("get_load_history", (north(),)).await;
	assert_eq!(history.len(), 2);

	let open: Vec<(u64, BalancingAction)> = chain.read("get_open_actions", (north(),)).await;
	assert_eq!(open.len(), 1, "one automatic action");
	let action = &open[0].1;
	assert_eq!(action.action_type, BalancingActionType::IncreaseGeneration);
	assert_eq!(action.target_kw, 160_001, "back under the 80 % high threshold");
	assert!(action.initiator.is_none(), "opened by the chain, not by an account");
}

/// Seed 1, stability: `report-stability-metrics "North" 50.00 Hz 100 % 0`, then an
/// out-of-band 49.0 Hz reading: emergency mode, the configured rule fires, and the market
/// price triples (seed 2's emergency pricing).
#[tokio::test(flavor = "multi_thread")]
async fn an_out_of_band_frequency_enters_emergency_fires_a_rule_and_triples_the_price() {
	let chain = Chain::start().await;
	let alice = dev::alice();

	let events = chain
		.sudo(call(
			"Stability",
			"configure_automated_response",
			vec![
				("condition", Value::unnamed_variant("FrequencyBelow", [Value::u128(49_500)])),
				("action", Value::unnamed_variant("LoadShedding", [])),
				("target_adjustment_kw", Value::u128(50 * u128::from(MW))),
				("priority", Value::u128(9)),
			],
		))
		.await;
	event::<Value>(&events, "Stability", "RuleConfigured");

	let base: Option<u128> = chain.read("get_dynamic_price", (north(),)).await;
	let base = base.expect("a price");
	assert_eq!(base, 100 * MILLI, "the default base price (0.1 GRID), no load reading");
	// A fresh load reading of North (50 %, normal): its demand bounds what the rule may shed,
	// and shedding needs one.
	chain.ok(&alice, dynamic::tx("Load", "report_load", (north(), 1_000 * MW, 500 * MW))).await;

	// North at `mhz`, nominal voltage (1,000 per mille), no phase angle.
	let report = |mhz: u32| {
		dynamic::tx("Stability", "report_stability_metrics", (north(), mhz, 1_000u32, 0i32))
	};
	chain.ok(&alice, report(50_000)).await;
	let reading: Option<StabilityReading> = chain.read("get_stability_metrics", (north(),)).await;
	let reading = reading.expect("a reading");
	assert_eq!((reading.frequency_mhz, reading.voltage_permille), (50_000, 1_000));
	assert_eq!(reading.level, StabilityLevel::Normal);
	assert!(!chain.read::<bool>("is_region_in_emergency", (north(),)).await);

	let events = chain.ok(&alice, report(49_000)).await;
	event::<Value>(&events, "Stability", "EmergencyEntered");
	event::<Value>(&events, "Stability", "RuleFired");
	event::<Value>(&events, "Balancing", "BalancingActionInitiated");
	assert!(chain.read::<bool>("is_region_in_emergency", (north(),)).await);
	assert!(chain.read::<bool>("is_grid_in_emergency", ()).await);
	assert_eq!(
		chain.read::<StabilityLevel>("get_stability_level", (north(),)).await,
		StabilityLevel::Emergency,
		"1 Hz off: outside the alert band, inside the emergency band"
	);
	let open: Vec<(u64, BalancingAction)> = chain.read("get_open_actions", (north(),)).await;
	assert_eq!(open.len(), 1);
	assert_eq!(open[0].1.action_type, BalancingActionType::LoadShedding);
	assert_eq!(open[0].1.target_kw, 50_000);
	let price: Option<u128> = chain.read("get_dynamic_price", (north(),)).await;
	assert_eq!(price, Some(3 * base), "emergency pricing in North: three times the base");
	let south = b"South".to_vec();
	let price: Option<u128> = chain.read("get_dynamic_price", (south,)).await;
	assert_eq!(price, Some(base), "not in another region");
	let status: GridStatus = chain.read("get_grid_status", ()).await;
	assert!(status.emergency);

	// A non-operator cannot report stability readings.
	chain.report_refused(&dev::charlie(), report(50_000)).await;
}

/// Seed 1, demand response: `create-demand-program "Peak Shaving" u1 "North" u200 u10 u1000`
/// (200 MW = 200,000 kW, 10 units per kW, 1000 blocks), two accounts join, the operator
/// reports their reductions, and once the program ended anyone settles: each participant's
/// free balance grows by exactly its reward.
///
/// The seed's program runs 1000 blocks (100 minutes of 6 s blocks), so the same program with
/// a 12-block duration is settled beside it.
#[tokio::test(flavor = "multi_thread")]
async fn the_peak_shaving_program_pays_each_participant_exactly_its_reward() {
	let chain = Chain::start().await;
	let (alice, bob, charlie, dave) = (dev::alice(), dev::bob(), dev::charlie(), dev::dave());
	let create = |duration: u32| {
		call(
			"DemandResponse",
			"create_demand_program",
			vec![
				("name", Value::from_bytes("Peak Shaving")),
				("program_type", Value::unnamed_variant("PeakShaving", [])),
				("region", Value::from_bytes("North")),
				("target_reduction_kw", Value::u128(200 * u128::from(MW))),
				("incentive_rate", Value::u128(10)),
				("duration_blocks", Value::u128(u128::from(duration))),
				("starts_at", Value::unnamed_variant("None", [])),
			],
		)
	};
	let alice_before = chain.account(&alice).await;
	let events = chain
		.ok(&alice, dynamic::tx("Utility", "batch_all", (vec![create(1_000), create(12)],)))
		.await;
	assert_eq!(all_events::<Value>(&events, "DemandResponse", "ProgramCreated").len(), 2);
	let (seed_program, short_program) = (0u32, 1u32);
	let program: Option<Program> = chain.read("get_program", (seed_program,)).await;
	let program = program.expect("the seed's program");
	assert_eq!(program.target_reduction_kw, 200_000);
	assert_eq!(program.incentive_rate, 10);
	assert_eq!(program.ends_at - program.starts_at, 1_000);
	assert_eq!(program.budget, 2_000_000, "200,000 kW x 10 held from the operator");
	let alice_after = chain.account(&alice).await;
	// Each program's budget and storage deposit are held from its creator.
	let program_deposit = grid_runtime::configs::DemandProgramDeposit::get();
	assert_eq!(alice_after.reserved, alice_before.reserved + 2 * (2_000_000 + program_deposit));

	// Two accounts join both programs (120 MW + 80 MW = the whole target).
	let join = |program: u32, kw: u64| {
		call(
			"DemandResponse",
			"join_program",
			vec![
				("program_id", Value::u128(u128::from(program))),
				("committed_reduction_kw", Value::u128(u128::from(kw))),
			],
		)
	};
	let joins = |kw: u64| {
		dynamic::tx(
			"Utility",
			"batch_all",
			(vec![join(seed_program, kw), join(short_program, kw)],),
		)
	};
	let (bob_joined, charlie_joined) =
		tokio::join!(chain.ok(&bob, joins(120_000)), chain.ok(&charlie, joins(80_000)));
	assert_eq!(all_events::<Value>(&bob_joined, "DemandResponse", "ParticipantJoined").len(), 2);
	assert_eq!(
		all_events::<Value>(&charlie_joined, "DemandResponse", "ParticipantJoined").len(),
		2
	);
	let participants: Vec<(AccountId32, Value)> =
		chain.read("get_program_participants", (seed_program,)).await;
	assert_eq!(participants.len(), 2);

	// A participant cannot report its own reduction; the operator, as metering authority, does.
	chain
		.fails_with(
			&bob,
			dynamic::tx(
				"DemandResponse",
				"report_reduction",
				(seed_program, account_id(&bob), 120_000u64),
			),
			"DemandResponse",
			"NotProgramOperator",
		)
		.await;
	let report = |program: u32, who: &Keypair, kw: u64| {
		call(
			"DemandResponse",
			"report_reduction",
			vec![
				("program_id", Value::u128(u128::from(program))),
				("participant", Value::from_bytes(who.public_key().0)),
				("actual_reduction_kw", Value::u128(u128::from(kw))),
			],
		)
	};
	let reports = vec![
		report(seed_program, &bob, 150_000),
		report(seed_program, &charlie, 50_000),
		report(short_program, &bob, 150_000),
		report(short_program, &charlie, 50_000),
	];
	let events = chain.ok(&alice, dynamic::tx("Utility", "batch_all", (reports,))).await;
	assert_eq!(all_events::<Value>(&events, "DemandResponse", "ReductionReported").len(), 4);

	// Over-delivery is paid up to the commitment, under-delivery for what was delivered.
	let bob_reward: u128 = chain.read("get_pending_reward", (seed_program, account_id(&bob))).await;
	let charlie_reward: u128 =
		chain.read("get_pending_reward", (seed_program, account_id(&charlie))).await;
	assert_eq!((bob_reward, charlie_reward), (120_000 * 10, 50_000 * 10));

	// The seed's program has 1000 blocks to go.
	chain
		.fails_with(
			&dave,
			dynamic::tx("DemandResponse", "settle_program", (seed_program,)),
			"DemandResponse",
			"ProgramNotEnded",
		)
		.await;

	// The short one ends; Dave (anyone) claims both rewards for them, then settles it.
	let short: Option<Program> = chain.read("get_program", (short_program,)).await;
	chain.wait_for_block(short.expect("the short program").ends_at).await;
	let (bob_before, charlie_before) = (chain.account(&bob).await, chain.account(&charlie).await);
	let alice_before = chain.account(&alice).await;
	let claim = |who: &Keypair| {
		call(
			"DemandResponse",
			"claim_reward",
			vec![
				("program_id", Value::u128(u128::from(short_program))),
				("participant", Value::from_bytes(who.public_key().0)),
			],
		)
	};
	let settle = call(
		"DemandResponse",
		"settle_program",
		vec![("program_id", Value::u128(u128::from(short_program)))],
	);
	let batch = vec![claim(&bob), claim(&charlie), settle];
	let events = chain.ok(&dave, dynamic::tx("Utility", "batch_all", (batch,))).await;
	let paid: Vec<RewardPaid> = all_events(&events, "DemandResponse", "RewardPaid");
	assert_eq!(paid.len(), 2);
	for reward in &paid {
		let expected = if reward.participant == account_id(&bob) { 1_200_000 } else { 500_000 };
		assert_eq!(reward.amount, expected);
	}
	event::<Value>(&events, "DemandResponse", "ProgramSettled");
	let (bob_after, charlie_after) = (chain.account(&bob).await, chain.account(&charlie).await);
	// Each participant gets its reward, exactly, and its participation deposit back.
	let deposit = grid_runtime::configs::DemandParticipationDeposit::get();
	assert_eq!(bob_after.free, bob_before.free + 1_200_000 + deposit, "Bob's reward, exactly");
	assert_eq!(
		charlie_after.free,
		charlie_before.free + 500_000 + deposit,
		"Charlie's reward, exactly"
	);
	let alice_after = chain.account(&alice).await;
	assert_eq!(
		alice_after.reserved,
		alice_before.reserved - 2_000_000 - program_deposit,
		"budget and deposit no longer held"
	);
	assert_eq!(
		alice_after.free,
		alice_before.free + 2_000_000 + program_deposit - 1_200_000 - 500_000,
		"the unpaid rest of the budget and the deposit go back to the operator"
	);
	assert!(chain.read::<Option<Program>>("get_program", (short_program,)).await.is_none());
}

/// Seed 2, the energy market: a solar producer (50,000) and a consumer (10,000 limit), each
/// with a meter North's operator registered, the consumer topped up by a third account,
/// production 5,000, consumption of 100 at North's dynamic price, a trade of
/// 1,000 at 150 created and completed: the seller gains exactly 150, the buyer's prepaid
/// balance loses exactly 150.
#[tokio::test(flavor = "multi_thread")]
async fn the_energy_market_trades_at_the_dynamic_price_with_real_tokens() {
	let chain = Chain::start().await;
	let (producer, consumer, sponsor, stranger) =
		(dev::bob(), dev::charlie(), dev::dave(), dev::eve());

	// Alice, North's operator, registers their meters: 100 MW each.
	let alice = dev::alice();
	let meter = |seed: u8, owner: &Keypair, kind: &str| {
		let key = sp_core::ed25519::Pair::from_seed(&[seed; 32]).public().0;
		let kind = Value::unnamed_variant(kind, []);
		dynamic::tx(
			"Metering",
			"register_meter",
			(key, north(), kind, owner.public_key().0, 100 * MW),
		)
	};
	chain.ok(&alice, meter(1, &producer, "Production")).await;
	chain.ok(&alice, meter(2, &consumer, "Consumption")).await;
	let (production_meter, consumption_meter) = (0u64, 1u64);

	let (registered, _) = tokio::join!(
		chain.ok(
			&producer,
			dynamic::tx(
				"EnergyMarket",
				"register_producer",
				(50_000u64, Value::unnamed_variant("Solar", []), production_meter),
			),
		),
		chain.ok(
			&consumer,
			dynamic::tx("EnergyMarket", "register_consumer", (10_000u64, consumption_meter)),
		),
	);
	event::<Value>(&registered, "EnergyMarket", "ProducerRegistered");
	let producer_info: Option<Producer> =
		chain.read("get_producer_info", (account_id(&producer),)).await;
	let producer_info = producer_info.expect("registered");
	assert_eq!((producer_info.capacity, producer_info.current_production), (50_000, 0));
	assert!(producer_info.active);

	// A third account tops the consumer up with its own tokens; the producer reports.
	let top_up = 100 * UNIT;
	let sponsor_before = chain.account(&sponsor).await;
	let (topped, reported) = tokio::join!(
		chain.ok(
			&sponsor,
			dynamic::tx("EnergyMarket", "add_consumer_balance", (account_id(&consumer), top_up)),
		),
		chain.ok(&producer, dynamic::tx("EnergyMarket", "report_production", (5_000u64,))),
	);
	event::<Value>(&topped, "EnergyMarket", "ConsumerBalanceAdded");
	event::<Value>(&reported, "EnergyMarket", "ProductionReported");
	let sponsor_after = chain.account(&sponsor).await;
	assert_eq!(sponsor_after.free, sponsor_before.free - top_up - fee(&topped));
	let consumer_info: Option<(Consumer, u128)> =
		chain.read("get_consumer_info", (account_id(&consumer),)).await;
	let (consumer_info, prepaid) = consumer_info.expect("registered");
	assert_eq!((consumer_info.consumption_limit, consumer_info.active), (10_000, true));
	assert_eq!(prepaid, top_up);

	let status: GridStatus = chain.read("get_grid_status", ()).await;
	assert_eq!((status.total_capacity, status.current_load), (50_000, 5_000));
	assert_eq!(status.utilisation, Permill(100_000), "10 %");
	assert!(!status.emergency);
	// Declarations move no price: North's own load does (10 % by Alice's report).
	let price: Option<u128> = chain.read("get_dynamic_price", (north(),)).await;
	assert_eq!(price, Some(100 * MILLI), "no load reading in North: the base price");
	chain.ok(&alice, dynamic::tx("Load", "report_load", (north(), 1_000 * MW, 100 * MW))).await;
	let price: Option<u128> = chain.read("get_dynamic_price", (north(),)).await;
	assert_eq!(price, Some(105 * MILLI), "base + base x demand / (2 x capacity)");

	let events =
		chain.ok(&consumer, dynamic::tx("EnergyMarket", "consume_energy", (100u64,))).await;
	let consumed: EnergyConsumed = event(&events, "EnergyMarket", "EnergyConsumed");
	assert_eq!(
		(consumed.amount, consumed.unit_price, consumed.cost),
		(100, 105 * MILLI, 10_500 * MILLI)
	);
	let (consumer_info, prepaid) = chain
		.read::<Option<(Consumer, u128)>>("get_consumer_info", (account_id(&consumer),))
		.await
		.expect("registered");
	assert_eq!(consumer_info.total_consumed, 100);
	assert_eq!(prepaid, top_up - 10_500 * MILLI);

	let events = chain
		.ok(
			&producer,
			dynamic::tx("EnergyMarket", "create_trade", (account_id(&consumer), 1_000u64, 150u128)),
		)
		.await;
	event::<Value>(&events, "EnergyMarket", "TradeCreated");
	let trade_id = 0u64;
	let trade: Option<Trade> = chain.read("get_trade_info", (trade_id,)).await;
	let trade = trade.expect("the trade");
	assert_eq!((trade.amount, trade.price, trade.status), (1_000, 150, TradeStatus::Open));
	assert_eq!((trade.seller, trade.buyer), (account_id(&producer), account_id(&consumer)));

	// Only the buyer completes it (seed: ERR-UNAUTHORIZED).
	chain
		.fails_with(
			&stranger,
			dynamic::tx("EnergyMarket", "complete_trade", (trade_id,)),
			"EnergyMarket",
			"Unauthorized",
		)
		.await;

	let (seller_before, buyer_before) =
		(chain.account(&producer).await, chain.account(&consumer).await);
	let events =
		chain.ok(&consumer, dynamic::tx("EnergyMarket", "complete_trade", (trade_id,))).await;
	event::<Value>(&events, "EnergyMarket", "TradeCompleted");
	let (seller_after, buyer_after) =
		(chain.account(&producer).await, chain.account(&consumer).await);
	assert_eq!(seller_after.free, seller_before.free + 150, "the seller gains exactly 150");
	assert_eq!(buyer_after.reserved, buyer_before.reserved - 150, "paid from the prepaid hold");
	assert_eq!(buyer_after.free, buyer_before.free - fee(&events), "only the fee besides");
	let (_, prepaid) = chain
		.read::<Option<(Consumer, u128)>>("get_consumer_info", (account_id(&consumer),))
		.await
		.expect("registered");
	assert_eq!(prepaid, top_up - 10_500 * MILLI - 150);
	let trade: Option<Trade> = chain.read("get_trade_info", (trade_id,)).await;
	assert_eq!(trade.expect("kept").status, TradeStatus::Completed);

	// Only the admin sets the base price (seed: ERR-OWNER-ONLY); the admin can.
	chain
		.fails_with(
			&stranger,
			dynamic::tx("EnergyMarket", "set_base_price", (200u128,)),
			"EnergyMarket",
			"OwnerOnly",
		)
		.await;
	chain.sudo(call("EnergyMarket", "set_base_price", vec![("new_price", Value::u128(200))])).await;
	let expected = 200 + 200 * 100 / (2 * 1_000);
	assert_eq!(chain.read::<Option<u128>>("get_dynamic_price", (north(),)).await, Some(expected));
}
