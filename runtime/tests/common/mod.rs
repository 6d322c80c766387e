//! Helpers shared by the runtime's integration tests: genesis from a preset, built the way
//! the node builds it; blocks built the way the node builds them; every grid pallet's
//! `try_state`.

// Each test binary uses only some of these.
#![allow(dead_code)]

use codec::Encode;
use frame_support::assert_ok;
use grid_runtime::{
	constants::SLOT_DURATION,
	genesis_config_presets,
	signing::{self, ChainContext},
	Executive, Hash, Header, Runtime, RuntimeCall, RuntimeEvent, RuntimeGenesisConfig, System,
	UncheckedExtrinsic, VERSION,
};
use serde_json::Value;
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	traits::Header as _, ApplyExtrinsicResult, BuildStorage, Digest, DigestItem, DispatchResult,
};

/// `who`'s key pair, derived once per thread: deriving it from its phrase (2,048 rounds of
/// PBKDF2) took most of a random run's time.
pub fn pair_of(who: Sr25519Keyring) -> sp_core::sr25519::Pair {
	use std::cell::RefCell;
	thread_local! {
		static PAIRS: RefCell<Vec<(Sr25519Keyring, sp_core::sr25519::Pair)>> =
			const { RefCell::new(Vec::new()) };
	}
	PAIRS.with_borrow_mut(|pairs| {
		if let Some((_, pair)) = pairs.iter().find(|(k, _)| *k == who) {
			return pair.clone();
		}
		let pair = who.pair();
		pairs.push((who, pair.clone()));
		pair
	})
}

/// Merges a preset's JSON patch into the full default genesis, as the node does.
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// The runtime's genesis config for `preset` ("development", "local_testnet").
pub fn genesis_of(preset: &str) -> RuntimeGenesisConfig {
	let patch = genesis_config_presets::get_preset(&preset.into()).expect("preset exists");
	let patch: Value = serde_json::from_slice(&patch).expect("preset is JSON");
	let mut full = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut full, patch);
	serde_json::from_value(full).expect("preset patch fits the runtime's genesis config")
}

/// Externalities holding the genesis state of `preset`.
pub fn externalities_of(preset: &str) -> sp_io::TestExternalities {
	genesis_of(preset).build_storage().expect("genesis builds").into()
}

/// Every grid pallet's storage invariants.
pub fn try_state_all() -> Result<(), sp_runtime::TryRuntimeError> {
	pallet_operators::Pallet::<Runtime>::do_try_state()?;
	pallet_load::Pallet::<Runtime>::do_try_state()?;
	pallet_balancing::Pallet::<Runtime>::do_try_state()?;
	pallet_demand_response::Pallet::<Runtime>::do_try_state()?;
	pallet_stability::Pallet::<Runtime>::do_try_state()?;
	pallet_energy_market::Pallet::<Runtime>::do_try_state()?;
	pallet_metering::Pallet::<Runtime>::do_try_state()?;
	Ok(())
}

/// Builds blocks the way the node does: an Aura pre-digest for the slot, the timestamp
/// inherent, then signed extrinsics.
pub struct Chain {
	parent: Hash,
	/// The number of the latest block opened.
	pub number: u32,
	context: ChainContext,
}

impl Chain {
	pub fn new() -> Self {
		let genesis = frame_system::BlockHash::<Runtime>::get(0);
		let context = ChainContext {
			genesis_hash: genesis,
			spec_version: VERSION.spec_version,
			transaction_version: VERSION.transaction_version,
		};
		Chain { parent: genesis, number: 0, context }
	}

	pub fn open_block(&mut self) {
		self.number += 1;
		let slot = Slot::from(u64::from(self.number));
		let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
		let header =
			Header::new(self.number, Default::default(), Default::default(), self.parent, digest);
		Executive::initialize_block(&header);
		let now = u64::from(self.number) * SLOT_DURATION;
		let timestamp =
			UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set {
				now,
			}));
		assert_ok!(Executive::apply_extrinsic(timestamp).unwrap());
	}

	pub fn close_block(&mut self) {
		let header = Executive::finalize_block();
		self.parent = header.hash();
	}

	/// `call` signed by `who` into the open block: `Err` when the transaction is invalid
	/// (its fee cannot be paid, the block is full), else the dispatch result.
	pub fn apply(&mut self, who: Sr25519Keyring, call: RuntimeCall) -> ApplyExtrinsicResult {
		let nonce = System::account_nonce(who.to_account_id());
		Executive::apply_extrinsic(signing::sign(call, &pair_of(who), nonce, &self.context))
	}

	/// `call` signed by `who` with its next nonce, paying `tip` besides the fee.
	pub fn signed(&self, who: Sr25519Keyring, call: RuntimeCall, tip: u128) -> UncheckedExtrinsic {
		let nonce = System::account_nonce(who.to_account_id());
		signing::sign_with_tip(call, &pair_of(who), nonce, tip, &self.context)
	}

	/// `call` as a general transaction (no signer) into the open block: `Err` when it is
	/// invalid (its call does not authorize it), else the dispatch result.
	pub fn apply_general(&mut self, call: RuntimeCall) -> ApplyExtrinsicResult {
		Executive::apply_extrinsic(signing::general(call))
	}

	/// `call` signed by `who`, in a block of its own. The dispatch result.
	pub fn submit(&mut self, who: Sr25519Keyring, call: RuntimeCall) -> DispatchResult {
		self.open_block();
		let result = self.apply(who, call).expect("a valid transaction");
		self.close_block();
		result
	}

	/// Empty blocks up to and including `number`.
	pub fn run_to(&mut self, number: u32) {
		while self.number < number {
			self.open_block();
			self.close_block();
		}
	}
}

/// Checks that the README's section between the `start` and `end` markers holds `expected`
/// (`what` it is, for the message); with `UPDATE_README` set, rewrites it instead.
pub fn check_readme_section(start_marker: &str, end_marker: &str, expected: &str, what: &str) {
	let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
	let readme = std::fs::read_to_string(path).expect("README.md");
	let (Some(start), Some(end)) = (readme.find(start_marker), readme.find(end_marker)) else {
		panic!("README.md has no {start_marker} ... {end_marker} section");
	};
	if readme[start + start_marker.len()..end].trim() == expected {
		return;
	}
	if std::env::var_os("UPDATE_README").is_some() {
		let updated = format!("{}{start_marker}\n{expected}\n{}", &readme[..start], &readme[end..]);
		std::fs::write(path, updated).expect("README.md is writable");
		eprintln!("README.md {what} rewritten");
		return;
	}
	panic!(
		"README.md's {what} is not the runtime's; run `make weights-table`.\nExpected:\n{expected}"
	);
}

/// A grid council motion for `call`, with `ayes.len()` as its threshold: proposed by the
/// first of `ayes`, approved by all of them (proposing casts no vote), closed by the last.
/// The result the proposal executed with; `None` when it did not execute.
pub fn council_motion(
	chain: &mut Chain,
	ayes: &[Sr25519Keyring],
	call: RuntimeCall,
) -> Option<DispatchResult> {
	use frame_support::dispatch::GetDispatchInfo;
	use pallet_collective::Call as Collective;
	use sp_runtime::traits::{BlakeTwo256, Hash as _};
	let (Some(&proposer), Some(&closer)) = (ayes.first(), ayes.last()) else { return None };
	let length_bound = call.encoded_size() as u32;
	let weight_bound = call.get_dispatch_info().call_weight;
	let proposal_hash = BlakeTwo256::hash_of(&call);
	let index = pallet_collective::ProposalCount::<Runtime, pallet_collective::Instance1>::get();
	let threshold = ayes.len() as u32;
	assert_ok!(chain.submit(
		proposer,
		RuntimeCall::Council(Collective::propose {
			threshold,
			proposal: Box::new(call),
			length_bound
		})
	));
	for voter in ayes {
		let vote = Collective::vote { proposal: proposal_hash, index, approve: true };
		assert_ok!(chain.submit(*voter, RuntimeCall::Council(vote)));
	}
	let close = Collective::close {
		proposal_hash,
		index,
		proposal_weight_bound: weight_bound,
		length_bound,
	};
	assert_ok!(chain.submit(closer, RuntimeCall::Council(close)));
	System::events().iter().find_map(|r| match &r.event {
		RuntimeEvent::Council(pallet_collective::Event::Executed { proposal_hash: h, result })
			if *h == proposal_hash =>
		{
			Some(*result)
		},
		_ => None,
	})
}
