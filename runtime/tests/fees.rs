//! Fees and priorities in the real runtime, from the `development` genesis (Alice operates
//! "North" with every capability; Bob is a rich account with no role):
//!
//! - an operator's report outranks any tip, and a paid transaction's priority is capped;
//! - a report its signer may not make is refused before it enters a block (and costs nothing);
//! - fees rise after blocks full by weight or by length, fall back after empty ones, and stay
//!   within their bounds;
//! - what keeping every block full for an hour costs, by really filling 600 blocks, is what
//!   the README says (`make weights-table` rewrites it).

use codec::{Decode, Encode};
use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo},
	traits::fungible::Inspect,
	weights::WeightToFee,
};
use grid_primitives::{LoadThresholds, RegionId};
use grid_runtime::{
	constants::{HOURS, UNIT},
	fees::{
		CongestionFeeAdjustment, MaximumMultiplier, WeightToFeeOf, FEE_PER_BYTE, MAX_PAID_PRIORITY,
		OPERATOR_PRIORITY, TELEMETRY_PRIORITY,
	},
	Balance, Balances, Executive, Runtime, RuntimeCall, RuntimeOrigin, System, TransactionPayment,
	UncheckedExtrinsic,
};
use pallet_load::MeterReading;
use pallet_transaction_payment::{ChargeTransactionPayment, Multiplier, NextFeeMultiplier};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob};
use sp_runtime::{
	traits::Convert,
	transaction_validity::{
		InvalidTransaction, TransactionSource, TransactionValidity, TransactionValidityError,
	},
	FixedPointNumber, Weight,
};

mod common;
use common::{externalities_of, Chain};

fn region(name: &str) -> RegionId {
	RegionId::try_from(name).unwrap()
}

/// A region id no region may have (`RegionId::try_from` refuses it): decoded, as a
/// transaction would carry it.
fn malformed_region() -> RegionId {
	RegionId::decode(&mut &b"no such region!".to_vec().encode()[..]).expect("decodes")
}

fn report_load(name: &str) -> RuntimeCall {
	report_load_for(region(name))
}

fn report_load_for(region: RegionId) -> RuntimeCall {
	RuntimeCall::Load(pallet_load::Call::report_load { region, capacity_kw: 1_000, demand_kw: 500 })
}

fn report_loads(names: &[&str]) -> RuntimeCall {
	let readings = names
		.iter()
		.map(|name| MeterReading { region: region(name), capacity_kw: 1_000, demand_kw: 500 })
		.collect::<Vec<_>>();
	RuntimeCall::Load(pallet_load::Call::report_loads { readings: readings.try_into().unwrap() })
}

fn report_stability(name: &str) -> RuntimeCall {
	RuntimeCall::Stability(pallet_stability::Call::report_stability_metrics {
		region: region(name),
		frequency_mhz: 50_000,
		voltage_permille: 1_000,
		phase_angle_mdeg: 0,
	})
}

fn remark(bytes: usize) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![7; bytes] })
}

/// What the transaction pool is told of `xt` (the state is left as it was, as the node's
/// runtime call leaves it).
fn validate(xt: UncheckedExtrinsic) -> TransactionValidity {
	sp_io::storage::start_transaction();
	let validity =
		Executive::validate_transaction(TransactionSource::External, xt, System::parent_hash());
	sp_io::storage::rollback_transaction();
	validity
}

fn balance(who: Sr25519Keyring) -> Balance {
	Balances::balance(&who.to_account_id())
}

const BAD_SIGNER: TransactionValidityError =
	TransactionValidityError::Invalid(InvalidTransaction::BadSigner);

#[test]
fn an_operator_s_report_outranks_any_tip() {
	externalities_of("development").execute_with(|| {
		let mut chain = Chain::new();
		chain.run_to(1);
		// Bob tips half of all he has on a short remark: without the cap, its priority
		// would be far above half of the range.
		let tip = balance(Bob) / 2;
		let tipped = chain.signed(Bob, remark(100), tip);
		let info = tipped.get_dispatch_info();
		let uncapped = ChargeTransactionPayment::<Runtime>::get_priority(
			&info,
			tipped.encoded_size(),
			tip,
			TransactionPayment::compute_fee(tipped.encoded_size() as u32, &info, tip),
		);
		assert!(uncapped > MAX_PAID_PRIORITY, "the tip alone would buy {uncapped}");
		let paid = validate(tipped).expect("a valid remark").priority;
		assert_eq!(paid, uncapped / 2, "a paid priority is halved");
		assert!(paid <= MAX_PAID_PRIORITY);

		let untipped = validate(chain.signed(Bob, remark(100), 0)).unwrap().priority;
		assert!(untipped < paid, "no tip, lower priority: {untipped}");

		// Alice's other calls come above any paid one: none of them (nor the reports behind
		// them in her nonce order) waits for a tip.
		let operator = validate(chain.signed(Alice, remark(100), 0)).unwrap().priority;
		assert!(operator >= OPERATOR_PRIORITY && OPERATOR_PRIORITY > MAX_PAID_PRIORITY);
		assert!(operator < TELEMETRY_PRIORITY);

		for report in [report_load("North"), report_loads(&["North"]), report_stability("North")] {
			let priority = validate(chain.signed(Alice, report.clone(), 0))
				.unwrap_or_else(|e| panic!("{report:?} refused: {e:?}"))
				.priority;
			assert_eq!(priority, TELEMETRY_PRIORITY, "{report:?}");
			assert!(priority > paid);
		}
	});
}

#[test]
fn a_report_its_signer_may_not_make_never_enters_a_block() {
	externalities_of("development").execute_with(|| {
		let mut chain = Chain::new();
		chain.run_to(1);
		let refused = [
			(Bob, report_load("North"), "not an operator"),
			(Bob, report_stability("North"), "not an operator"),
			(Bob, report_loads(&["North"]), "not an operator"),
			(Alice, report_load("South"), "another region"),
			(Alice, report_stability("South"), "another region"),
			(Alice, report_loads(&["North", "South"]), "one reading of another region"),
			(Alice, report_loads(&[]), "an empty batch"),
			(Alice, report_load_for(malformed_region()), "a malformed region"),
		];
		for (who, call, why) in &refused {
			assert_eq!(validate(chain.signed(*who, call.clone(), 0)), Err(BAD_SIGNER), "{why}");
		}
		// Nor into a block, where it would cost its signer nothing either.
		chain.open_block();
		let before = balance(Bob);
		let xt = chain.signed(Bob, report_load("North"), UNIT);
		assert_eq!(Executive::apply_extrinsic(xt), Err(BAD_SIGNER));
		assert_eq!(balance(Bob), before, "no fee, no tip");
		assert!(pallet_load::Readings::<Runtime>::get(region("North")).is_empty());
		chain.close_block();

		// The same reports are Alice's to make, until the admin takes her reporting
		// capabilities (a suspension too would take them; the development chain's only
		// validator cannot be suspended).
		assert!(validate(chain.signed(Alice, report_load("North"), 0)).is_ok());
		assert!(validate(chain.signed(Alice, report_stability("North"), 0)).is_ok());
		let mut capabilities = pallet_operators::Operators::<Runtime>::get(Alice.to_account_id())
			.unwrap()
			.capabilities;
		capabilities.report_load = false;
		capabilities.report_stability = false;
		frame_support::assert_ok!(grid_runtime::Operators::set_capabilities(
			RuntimeOrigin::root(),
			Alice.to_account_id().into(),
			capabilities,
		));
		assert_eq!(validate(chain.signed(Alice, report_load("North"), 0)), Err(BAD_SIGNER));
		assert_eq!(validate(chain.signed(Alice, report_stability("North"), 0)), Err(BAD_SIGNER));
		// Her other transactions are no reports: they stay valid, at an operator's priority.
		let priority = validate(chain.signed(Alice, remark(10), 0)).unwrap().priority;
		assert!(priority >= OPERATOR_PRIORITY, "a verified operator's priority: {priority}");
		// Set thresholds is no report either: only its own origin check refuses it.
		let thresholds = RuntimeCall::Load(pallet_load::Call::set_thresholds {
			thresholds: LoadThresholds::default(),
		});
		assert!(validate(chain.signed(Bob, thresholds, 0)).is_ok());
	});
}

fn normal_max_weight() -> Weight {
	let weights = <Runtime as frame_system::Config>::BlockWeights::get();
	weights.get(DispatchClass::Normal).max_total.expect("a normal limit")
}

fn normal_max_length() -> u32 {
	*<Runtime as frame_system::Config>::BlockLength::get().max.get(DispatchClass::Normal)
}

/// The multiplier after a block that used `weight` (normal class) and `length` bytes.
fn next_after(previous: Multiplier, weight: Weight, length: u32) -> Multiplier {
	System::set_block_consumed_resources(weight, length as usize);
	CongestionFeeAdjustment::convert(previous)
}

#[test]
fn fees_rise_after_blocks_full_by_weight_or_by_length_and_fall_back() {
	externalities_of("development").execute_with(|| {
		let one = Multiplier::from_u32(1);
		assert_eq!(NextFeeMultiplier::<Runtime>::get(), one, "fees start at their base");

		let by_length = next_after(one, Weight::zero(), normal_max_length());
		let by_weight = next_after(one, normal_max_weight(), 0);
		assert_eq!(by_length, by_weight, "either kind of full block raises fees alike");
		// 1 + v·0.75 + v²·0.75²/2, v = 1/100.
		let expected = Multiplier::saturating_from_rational(1_007_528_125u64, 1_000_000_000u64);
		assert_eq!(by_length, expected);

		// A block at the target leaves fees where they were; an emptier one lowers them, never
		// below the base; a full one never raises them above the maximum.
		let target = normal_max_length() / 4;
		assert_eq!(next_after(by_length, Weight::zero(), target), by_length);
		let two = Multiplier::from_u32(2);
		assert!(next_after(two, Weight::zero(), 0) < two);
		assert_eq!(next_after(one, Weight::zero(), 0), one);
		let max = MaximumMultiplier::get();
		assert_eq!(next_after(max, normal_max_weight(), normal_max_length()), max);

		// The length fee follows the multiplier as the weight fee does.
		NextFeeMultiplier::<Runtime>::put(two);
		assert_eq!(TransactionPayment::length_to_fee(1_000), 2 * 1_000 * FEE_PER_BYTE);
		let weight = Weight::from_parts(1_000_000, 0);
		assert_eq!(
			TransactionPayment::weight_to_fee(weight),
			WeightToFeeOf::weight_to_fee(&weight),
			"(the multiplier is applied to the weight fee by compute_fee)"
		);
		let info = remark(10).get_dispatch_info();
		NextFeeMultiplier::<Runtime>::put(one);
		let base = TransactionPayment::compute_fee(100, &info, 0);
		NextFeeMultiplier::<Runtime>::put(two);
		let doubled = TransactionPayment::compute_fee(100, &info, 0);
		// The base fee (ExtrinsicBaseWeight) is not multiplied: the rest doubles.
		assert!(doubled > base && doubled < 2 * base, "{base} -> {doubled}");
	});
}

/// Milli-GRID, to a tenth.
fn milli_grid(amount: Balance) -> String {
	format!("{:.1} mGRID", amount as f64 / (UNIT / 1_000) as f64)
}

/// GRID, to a tenth.
fn grid(amount: Balance) -> String {
	let tenths = (amount + UNIT / 20) / (UNIT / 10);
	let whole = (tenths / 10).to_string();
	let mut grouped = String::new();
	for (i, digit) in whole.chars().enumerate() {
		if i > 0 && (whole.len() - i) % 3 == 0 {
			grouped.push(',');
		}
		grouped.push(digit);
	}
	format!("{grouped}.{} GRID", tenths % 10)
}

/// Bob fills every block of an hour to its normal length with one remark each (the largest
/// the block admits), in blocks built as the node builds them; what he paid, the multiplier
/// after, and what a transfer cost before and after. Also what filling the normal weight
/// instead would have cost at the same multipliers.
fn an_hour_of_full_blocks() -> String {
	let mut chain = Chain::new();
	chain.run_to(1);
	let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Alice.to_account_id().into(),
		value: UNIT,
	});
	let transfer_fee = |chain: &Chain| {
		let xt = chain.signed(Bob, transfer.clone(), 0);
		TransactionPayment::compute_fee(xt.encoded_size() as u32, &xt.get_dispatch_info(), 0)
	};
	let transfer_before = transfer_fee(&chain);
	let weight_fee_of_block = WeightToFeeOf::weight_to_fee(&normal_max_weight());
	let (mut by_length, mut by_weight, mut rotations) = (0, 0, 0);
	let max_block = <Runtime as frame_system::Config>::BlockWeights::get().max_block;
	for _ in 0..HOURS {
		chain.open_block();
		// A session's last block is full already: pallet-session charges a whole block for
		// the rotation, and no normal transaction fits beside it.
		if System::block_weight().get(DispatchClass::Mandatory).ref_time() >= max_block.ref_time() {
			rotations += 1;
			chain.close_block();
			continue;
		}
		let multiplier = NextFeeMultiplier::<Runtime>::get();
		let room = normal_max_length() - System::block_size();
		// A remark's extrinsic is its payload and at most 200 bytes around it.
		let xt = chain.signed(Bob, remark(room as usize - 200), 0);
		assert!(xt.encoded_size() as u32 <= room);
		let before = balance(Bob);
		frame_support::assert_ok!(Executive::apply_extrinsic(xt).expect("the remark fits"));
		by_length += before - balance(Bob);
		by_weight += multiplier.saturating_mul_int(weight_fee_of_block);
		assert!(
			System::block_size() > normal_max_length() - 200,
			"the block is full: {}",
			System::block_size()
		);
		chain.close_block();
	}
	let after = NextFeeMultiplier::<Runtime>::get();
	assert!(after > Multiplier::from_u32(50), "full blocks raised fees: {after}");
	let transfer_after = transfer_fee(&chain);
	format!(
		"| filling every block's normal share for an hour ({HOURS} blocks) | cost |\n\
		 |---|---|\n\
		 | by length: one remark of the block's normal length (3.75 MiB) each block | {} |\n\
		 | by weight: calls using the block's normal weight (1.5 s) each block | {} |\n\
		 | blocks full already (a session's rotation): no remark fits | {rotations} |\n\
		 | fee multiplier after the hour (at most {}) | {:.1} |\n\
		 | a `Balances::transfer_keep_alive`, before and after | {} and {} |",
		grid(by_length),
		grid(by_weight),
		MaximumMultiplier::get().into_inner() / Multiplier::DIV,
		after.to_float(),
		milli_grid(transfer_before),
		milli_grid(transfer_after),
	)
}

const START: &str = "<!-- stuffing-cost:start -->";
const END: &str = "<!-- stuffing-cost:end -->";

#[test]
fn stuffing_blocks_for_an_hour_costs_what_the_readme_says() {
	let expected = externalities_of("development").execute_with(an_hour_of_full_blocks);
	common::check_readme_section(START, END, &expected, "cost of stuffing");
}

#[test]
fn blocks_charge_the_measured_base_weights() {
	use grid_runtime::weights::{block_weights, extrinsic_weights};
	let weights = <Runtime as frame_system::Config>::BlockWeights::get();
	assert_eq!(weights.base_block, block_weights::BlockExecutionWeight::get());
	for class in DispatchClass::all() {
		assert_eq!(
			weights.get(*class).base_extrinsic,
			extrinsic_weights::ExtrinsicBaseWeight::get(),
			"{class:?}"
		);
	}
	// The normal class may fill three quarters of the two seconds; operational calls the rest.
	let normal = weights.get(DispatchClass::Normal).max_total.unwrap();
	assert_eq!(normal.ref_time(), 1_500_000_000_000);
	assert_eq!(
		weights.get(DispatchClass::Operational).reserved.unwrap().ref_time(),
		500_000_000_000
	);
	assert!(weights.validate().is_ok());
}
