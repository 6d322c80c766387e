//! Builds the runtime to wasm (`WASM_BINARY`) for the node to embed.

#[cfg(all(feature = "std", feature = "metadata-hash"))]
fn main() {
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash("GRID", 12)
		.build();
}

#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
fn main() {
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

/// Without `std` (inside the wasm build itself) there is nothing to build.
#[cfg(not(feature = "std"))]
fn main() {}
