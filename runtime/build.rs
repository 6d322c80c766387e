//! Builds the runtime to wasm (`WASM_BINARY`) for the node to embed.

// The upgrade test's runtime has its own blob only without the metadata hash: with both, the
// node's blob would be written as the test's `spec_version`.
#[cfg(all(feature = "metadata-hash", feature = "upgrade-test-runtime"))]
compile_error!("`upgrade-test-runtime` (the upgrade test's runtime) excludes `metadata-hash`");

#[cfg(all(feature = "std", feature = "metadata-hash"))]
fn main() {
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash("GRID", 12)
		.build();
}

#[cfg(all(feature = "std", not(feature = "metadata-hash"), not(feature = "upgrade-test-runtime")))]
fn main() {
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

/// The upgrade test's runtime (`spec_version` + 1): its own blob,
/// `wbuild/grid-runtime/upgrade_wasm_binary.rs.compact.compressed.wasm`, beside the node's
/// (`grid_runtime.compact.compressed.wasm`), which it must not replace.
#[cfg(all(feature = "std", not(feature = "metadata-hash"), feature = "upgrade-test-runtime"))]
fn main() {
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.set_file_name("upgrade_wasm_binary.rs")
		.build();
}

/// Without `std` (inside the wasm build itself) there is nothing to build.
#[cfg(not(feature = "std"))]
fn main() {}
