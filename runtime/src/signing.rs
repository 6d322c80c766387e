//! Signing extrinsics with the runtime's own types, for tools and tests that talk to a node
//! without a client library's metadata decoding (the end-to-end test, `grid-bench`).

use crate::{
	Address, Hash, Nonce, Runtime, RuntimeCall, Signature, SignedPayload, TxExtension,
	UncheckedExtrinsic,
};
use codec::Encode;
use sp_core::{sr25519, Pair};
use sp_runtime::generic::Era;

/// What a signer must know about the chain: its genesis hash and the runtime's versions.
#[derive(Clone, Copy, Debug)]
pub struct ChainContext {
	/// Hash of block 0.
	pub genesis_hash: Hash,
	/// `spec_version` of the runtime that will check the extrinsic.
	pub spec_version: u32,
	/// `transaction_version` of that runtime.
	pub transaction_version: u32,
}

/// The transaction extensions of an immortal extrinsic with the given nonce and tip, the
/// metadata hash check disabled.
pub fn tx_extension(nonce: Nonce, tip: crate::Balance) -> TxExtension {
	(
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		crate::fees::ChargeGridTransactionPayment::from(tip),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// `call` signed by `signer` with `nonce`, ready for `author_submitExtrinsic`.
pub fn sign(
	call: RuntimeCall,
	signer: &sr25519::Pair,
	nonce: Nonce,
	chain: &ChainContext,
) -> UncheckedExtrinsic {
	sign_with_tip(call, signer, nonce, 0, chain)
}

/// `call` signed by `signer` with `nonce`, paying `tip` besides the fee.
pub fn sign_with_tip(
	call: RuntimeCall,
	signer: &sr25519::Pair,
	nonce: Nonce,
	tip: crate::Balance,
	chain: &ChainContext,
) -> UncheckedExtrinsic {
	let extension = tx_extension(nonce, tip);
	// What each extension adds to the signed payload without being in the extrinsic.
	let implicit = (
		(),
		(),
		chain.spec_version,
		chain.transaction_version,
		chain.genesis_hash,
		chain.genesis_hash, // an immortal era is anchored at genesis
		(),
		(),
		(),
		None,
		(),
	);
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	let account = crate::AccountId::from(signer.public());
	UncheckedExtrinsic::new_signed(
		call,
		Address::Id(account),
		Signature::Sr25519(signature),
		extension,
	)
}

/// `call` as a general transaction (extrinsic version 5, no signer): for calls that authorize
/// themselves, such as `Metering::submit_readings` (authorized by the meters' signatures).
/// Nothing is signed, so nonce, tip and the chain's versions play no part.
pub fn general(call: RuntimeCall) -> UncheckedExtrinsic {
	UncheckedExtrinsic::new_transaction(call, tx_extension(0, 0))
}
