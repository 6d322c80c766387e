//! The runtime's upgrade checks against a live node's state (issue 18, item 3): what
//! `try-runtime on-runtime-upgrade live` does, with this release's crates (`try-runtime-cli`
//! on crates.io stops at a 2024 release whose executor cannot run this runtime).
//!
//! It downloads the state of the node at `ws://…` (argument 1; the latest finalized block),
//! then, natively, with the runtime built with `try-runtime`:
//! - runs every migration of `Migrations` and every pallet's `on_runtime_upgrade` with their
//!   `pre_upgrade`/`post_upgrade` checks, then every pallet's `try_state`;
//! - runs them all again and checks that the state is unchanged (idempotency);
//! - breaks one invariant and checks that the same run refuses the state.
//!
//! Exits non-zero when a check fails. `make try-runtime` starts a development node, lets it
//! build a few blocks and runs this against it.

use frame_remote_externalities::{Builder, Mode, OnlineConfig};
use frame_try_runtime::UpgradeCheckSelect;
use grid_runtime::{Block, Executive, Runtime};
use sp_runtime::StateVersion;

#[tokio::main]
async fn main() -> Result<(), String> {
	let uri = std::env::args().nth(1).unwrap_or_else(|| "ws://127.0.0.1:9944".into());
	let mut ext = Builder::<Block>::new()
		.mode(Mode::Online(OnlineConfig {
			transport_uris: vec![uri.clone()],
			..Default::default()
		}))
		.build()
		.await
		.map_err(|e| format!("the state of {uri}: {e:?}"))?;

	let weight = ext
		.execute_with(|| Executive::try_runtime_upgrade(UpgradeCheckSelect::All))
		.map_err(|e| format!("the upgrade checks failed: {e:?}"))?;
	println!("migrations, pre/post checks and every pallet's try_state passed ({weight})");

	let root = || sp_io::storage::root(StateVersion::V1);
	let after_first = ext.execute_with(root);
	ext.execute_with(|| Executive::try_runtime_upgrade(UpgradeCheckSelect::None))
		.map_err(|e| format!("the second run failed: {e:?}"))?;
	if ext.execute_with(root) != after_first {
		return Err("the migrations are not idempotent: a second run changed the state".into());
	}
	println!("a second run changed nothing (idempotent)");

	// The checks can fail: with one invariant broken (the operator count off by one), the
	// same run must refuse the state. Guards against a build in which try_state is empty.
	let refused = ext.execute_with(|| {
		pallet_operators::OperatorCount::<Runtime>::mutate(|count| *count += 1);
		Executive::try_runtime_upgrade(UpgradeCheckSelect::All).is_err()
	});
	if !refused {
		return Err("the checks passed a state with a broken invariant".into());
	}
	println!("and they refuse the state with the operator count off by one");
	Ok(())
}
