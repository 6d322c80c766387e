//! What block space costs, and who goes first when blocks are full.
//!
//! A grid chain must carry its telemetry whatever else is submitted. Two things hold that:
//!
//! - **Telemetry goes first.** Operators' load and stability reports and meters' signed
//!   readings have [`TELEMETRY_PRIORITY`]; a verified operator's other transactions come
//!   next ([`OPERATOR_PRIORITY`] and above, so that no tip keeps an operator's call, and the
//!   reports behind it in its nonce order, waiting); every other paid transaction's priority
//!   (the tip's) is halved into `0..=`[`MAX_PAID_PRIORITY`], below both, so no tip can buy a
//!   place ahead of them. A report whose signer may not make it (not a verified operator of
//!   the region with the capability, suspended, a malformed or metered region) is refused by
//!   the pool (`InvalidTransaction::BadSigner`): it never enters a block, let alone ahead of
//!   others. This is [`ChargeGridTransactionPayment`], the transaction-payment extension with
//!   the grid's priorities; it keeps `ChargeTransactionPayment`'s name and encoding (a
//!   compact tip), so wallets sign as for any Substrate chain. A report nested in another
//!   call (`Utility::batch`, `Sudo::sudo`) is no report here: it gets a paid priority.
//! - **Telemetry does not pay for congestion.** A region's first load report and first
//!   stability report in a block are free (`Pays::No` after dispatch: the fee withdrawn up
//!   front is refunded; an operator needs the worst-case fee in its free balance for the
//!   moment); a further report of the region in the block pays. Meters' readings are free.
//! - **Filling blocks costs more the longer it lasts.** Weight costs [`FEE_PER_PICOSECOND`]
//!   (20 GRID per second of execution) and length [`FEE_PER_BYTE`] (8 µGRID a byte), so
//!   filling a block's normal share costs about 30 GRID by either; both are multiplied by
//!   the congestion multiplier, which [`CongestionFeeAdjustment`] raises after every block
//!   fuller than [`TargetBlockFullness`] (by weight or by length, whichever is fuller) and
//!   lowers after every emptier one, between 1 and [`MaximumMultiplier`]. What keeping every
//!   block full for an hour costs is in the README, computed by the runtime test
//!   `stuffing_blocks_for_an_hour_costs_what_the_readme_says`.

use crate::{AccountId, Balance, Runtime, RuntimeCall};
use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::{
	dispatch::{DispatchClass, DispatchInfo},
	parameter_types,
	weights::{Weight, WeightToFee},
};
use pallet_transaction_payment::{ChargeTransactionPayment, Multiplier, MultiplierUpdate};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{
		Convert, DispatchInfoOf, DispatchOriginOf, Implication, PostDispatchInfoOf,
		TransactionExtension, ValidateResult,
	},
	transaction_validity::{
		InvalidTransaction, TransactionPriority, TransactionSource, TransactionValidityError,
	},
	DispatchResult, FixedPointNumber, PerThing, Perquintill, Saturating,
};

/// The priority of telemetry: operators' load and stability reports, meters' readings.
pub const TELEMETRY_PRIORITY: TransactionPriority = TransactionPriority::MAX;

/// The highest priority a paid transaction of an account that is no verified operator
/// reaches, whatever its tip: half of [`TELEMETRY_PRIORITY`]. Paid priorities (the tip's, as
/// pallet-transaction-payment computes them) are halved into `0..=MAX_PAID_PRIORITY`, which
/// keeps their order.
pub const MAX_PAID_PRIORITY: TransactionPriority = TransactionPriority::MAX / 2;

/// The lowest priority of a verified operator's transactions other than reports: above any
/// paid priority, so that no tip keeps an operator's call (and the reports behind it in its
/// nonce order) out of blocks. Their tip's priority, quartered, is added.
pub const OPERATOR_PRIORITY: TransactionPriority = MAX_PAID_PRIORITY + 1;

/// What a picosecond of execution costs at multiplier 1, in the smallest unit: 20 GRID a
/// second. A transfer costs about 0.01 GRID with its length.
pub const FEE_PER_PICOSECOND: Balance = 20;

/// What a byte of a transaction costs at multiplier 1: 8 µGRID, so that filling a block's
/// normal length (3.75 MiB, 31.5 GRID) costs about what filling its normal weight (1.5 s,
/// 30 GRID) does.
pub const FEE_PER_BYTE: Balance = 8 * crate::constants::MICRO_UNIT;

parameter_types! {
	/// The block fullness the congestion multiplier aims at: above it fees rise.
	pub TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the multiplier follows: a block full to its normal share raises it by about
	/// 0.75 %, so full blocks double fees in 93 blocks (9 minutes) and multiply them by 90 in
	/// an hour; an empty block lowers it by 0.25 %.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(1, 100);
	/// Fees never fall below their base.
	pub MinimumMultiplier: Multiplier = Multiplier::from_u32(1);
	/// Fees rise at most a thousandfold (reached after about 1.5 hours of full blocks; a
	/// transfer then costs about 10 GRID). Empty blocks bring them back in about 5 hours.
	pub MaximumMultiplier: Multiplier = Multiplier::from_u32(1_000);
}

/// The weight fee: [`FEE_PER_PICOSECOND`] per picosecond of `ref_time` (the proof size is
/// not charged: a solochain has no proof to ship). Multiplied by the congestion multiplier
/// by pallet-transaction-payment.
pub type WeightToFeeOf = frame_support::weights::ConstantMultiplier<
	Balance,
	frame_support::traits::ConstU128<FEE_PER_PICOSECOND>,
>;

/// The length fee: [`FEE_PER_BYTE`] per byte, multiplied by the same congestion multiplier as
/// the weight fee (pallet-transaction-payment multiplies only the weight fee itself), so
/// stuffing blocks with long remarks gets dearer just as stuffing them with heavy calls does.
pub struct CongestedLengthToFee;

impl WeightToFee for CongestedLengthToFee {
	type Balance = Balance;

	fn weight_to_fee(length: &Weight) -> Balance {
		let base = Balance::from(length.ref_time()).saturating_mul(FEE_PER_BYTE);
		pallet_transaction_payment::NextFeeMultiplier::<Runtime>::get().saturating_mul_int(base)
	}
}

/// The congestion multiplier's update after each block: pallet-transaction-payment's
/// `TargetedFeeAdjustment` rule (`next = previous × (1 + v·d + v²·d²/2)`, `d` the block's
/// fullness less the target, lowered the same way below it), with the fullness taken as the
/// fullest of the block's normal `ref_time`, proof size and length (the original looks at
/// weight only, so blocks stuffed by length left fees where they were).
pub struct CongestionFeeAdjustment;

impl CongestionFeeAdjustment {
	/// How full the current block is: the fullest of normal `ref_time`, normal proof size
	/// and the block's length, each against the normal class's maximum.
	pub fn fullness() -> Perquintill {
		let weights = <Runtime as frame_system::Config>::BlockWeights::get();
		let max_weight = weights.get(DispatchClass::Normal).max_total.unwrap_or(weights.max_block);
		let used = *frame_system::Pallet::<Runtime>::block_weight().get(DispatchClass::Normal);
		let max_length =
			*<Runtime as frame_system::Config>::BlockLength::get().max.get(DispatchClass::Normal);
		let length = frame_system::Pallet::<Runtime>::block_size();
		let ratio = |used: u64, max: u64| Perquintill::from_rational(used.min(max), max.max(1));
		ratio(used.ref_time(), max_weight.ref_time())
			.max(ratio(used.proof_size(), max_weight.proof_size()))
			.max(ratio(u64::from(length), u64::from(max_length)))
	}
}

impl MultiplierUpdate for CongestionFeeAdjustment {
	fn min() -> Multiplier {
		MinimumMultiplier::get()
	}
	fn max() -> Multiplier {
		MaximumMultiplier::get()
	}
	fn target() -> Perquintill {
		TargetBlockFullness::get()
	}
	fn variability() -> Multiplier {
		AdjustmentVariable::get()
	}
}

impl Convert<Multiplier, Multiplier> for CongestionFeeAdjustment {
	fn convert(previous: Multiplier) -> Multiplier {
		let (min, max) = (Self::min(), Self::max());
		let previous = previous.max(min);
		let fullness = Self::fullness();
		let target = Self::target();
		let rising = fullness >= target;
		let diff =
			if rising { fullness.saturating_sub(target) } else { target.saturating_sub(fullness) };
		let diff = Multiplier::saturating_from_rational(diff.deconstruct(), Perquintill::ACCURACY);
		let v = Self::variability();
		let first = v.saturating_mul(diff);
		let second = v
			.saturating_mul(v)
			.saturating_mul(diff)
			.saturating_mul(diff)
			.saturating_mul(Multiplier::saturating_from_rational(1, 2));
		let next = if rising {
			previous.saturating_add(first.saturating_add(second).saturating_mul(previous))
		} else {
			previous.saturating_sub(first.saturating_sub(second).saturating_mul(previous))
		};
		next.clamp(min, max)
	}
}

/// Whether `call` is telemetry an account signs: an operator's load or stability report.
pub fn is_signed_report(call: &RuntimeCall) -> bool {
	matches!(
		call,
		RuntimeCall::Load(
			pallet_load::Call::report_load { .. } | pallet_load::Call::report_loads { .. }
		) | RuntimeCall::Stability(pallet_stability::Call::report_stability_metrics { .. })
	)
}

/// Whether `who` may make the report `call`: the check the report makes of its caller at
/// dispatch (for a batch, of every reading's region). `false` for a call that is no report.
pub fn may_report(who: &AccountId, call: &RuntimeCall) -> bool {
	match call {
		RuntimeCall::Load(pallet_load::Call::report_load { region, .. }) => {
			pallet_load::Pallet::<Runtime>::check_reporter(who, region).is_ok()
		},
		RuntimeCall::Load(pallet_load::Call::report_loads { readings }) => {
			!readings.is_empty()
				&& readings.iter().all(|reading| {
					pallet_load::Pallet::<Runtime>::check_reporter(who, &reading.region).is_ok()
				})
		},
		RuntimeCall::Stability(pallet_stability::Call::report_stability_metrics {
			region, ..
		}) => pallet_stability::Pallet::<Runtime>::check_operator_of(who, region).is_ok(),
		_ => false,
	}
}

/// `ChargeTransactionPayment` with the grid's priorities (see the [module](self) docs): an
/// operator's report gets [`TELEMETRY_PRIORITY`] and is refused unless its signer may make
/// it; a verified operator's other transactions come above every paid one
/// ([`OPERATOR_PRIORITY`]); every other paid transaction's priority is halved into
/// `0..=`[`MAX_PAID_PRIORITY`]. Fees and refunds are `ChargeTransactionPayment`'s; so are its
/// name, encoding and type in the metadata.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Eq, PartialEq, Debug)]
pub struct ChargeGridTransactionPayment(pub ChargeTransactionPayment<Runtime>);

impl ChargeGridTransactionPayment {
	/// The extension paying `tip` besides the fee.
	pub fn from(tip: Balance) -> Self {
		Self(ChargeTransactionPayment::from(tip))
	}
}

impl TypeInfo for ChargeGridTransactionPayment {
	type Identity = ChargeTransactionPayment<Runtime>;

	fn type_info() -> scale_info::Type {
		ChargeTransactionPayment::<Runtime>::type_info()
	}
}

impl TransactionExtension<RuntimeCall> for ChargeGridTransactionPayment {
	const IDENTIFIER: &'static str =
		<ChargeTransactionPayment<Runtime> as TransactionExtension<RuntimeCall>>::IDENTIFIER;
	type Implicit = ();
	type Val = <ChargeTransactionPayment<Runtime> as TransactionExtension<RuntimeCall>>::Val;
	type Pre = <ChargeTransactionPayment<Runtime> as TransactionExtension<RuntimeCall>>::Pre;

	/// `ChargeTransactionPayment`'s weight, and for any other call than a report one read of
	/// the signer's operator record. A report's check reads what the report's own
	/// benchmarked weight counts (the operator's record, the region's metered flag and
	/// aggregator list): validation reads them from the database, dispatch again from the
	/// block's overlay.
	fn weight(&self, call: &RuntimeCall) -> Weight {
		let operator_check = if is_signed_report(call) {
			Weight::zero()
		} else {
			<Runtime as frame_system::Config>::DbWeight::get().reads(1)
		};
		self.0.weight(call).saturating_add(operator_check)
	}

	fn validate(
		&self,
		origin: DispatchOriginOf<RuntimeCall>,
		call: &RuntimeCall,
		info: &DispatchInfoOf<RuntimeCall>,
		len: usize,
		implicit: (),
		implication: &impl Implication,
		source: TransactionSource,
	) -> ValidateResult<Self::Val, RuntimeCall> {
		let signer = frame_system::ensure_signed(origin.clone()).ok();
		let report = is_signed_report(call);
		if report && !signer.as_ref().is_some_and(|who| may_report(who, call)) {
			return Err(InvalidTransaction::BadSigner.into());
		}
		let (mut valid, val, origin) =
			self.0.validate(origin, call, info, len, implicit, implication, source)?;
		valid.priority = if report {
			TELEMETRY_PRIORITY
		} else if signer
			.as_ref()
			.is_some_and(pallet_operators::Pallet::<Runtime>::is_verified_operator)
		{
			OPERATOR_PRIORITY.saturating_add(valid.priority / 4)
		} else {
			valid.priority / 2
		};
		Ok((valid, val, origin))
	}

	fn prepare(
		self,
		val: Self::Val,
		origin: &DispatchOriginOf<RuntimeCall>,
		call: &RuntimeCall,
		info: &DispatchInfoOf<RuntimeCall>,
		len: usize,
	) -> Result<Self::Pre, TransactionValidityError> {
		self.0.prepare(val, origin, call, info, len)
	}

	fn post_dispatch_details(
		pre: Self::Pre,
		info: &DispatchInfo,
		post_info: &PostDispatchInfoOf<RuntimeCall>,
		len: usize,
		result: &DispatchResult,
	) -> Result<Weight, TransactionValidityError> {
		<ChargeTransactionPayment<Runtime> as TransactionExtension<RuntimeCall>>::post_dispatch_details(
			pre, info, post_info, len, result,
		)
	}
}
