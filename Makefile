# grid-chain: `make run` starts a development chain, `make test` runs everything CI runs.
#
# One cargo target directory outside the clone is shared by every build (and by CI on the
# same machine), so that compiled dependencies are reused: override with CARGO_TARGET_DIR.
# Everything builds once, in the release profile, with one feature set: `make run` builds
# exactly what `make test` builds, so switching between them recompiles nothing.

SHELL := /bin/bash
CARGO ?= cargo
export CARGO_TARGET_DIR ?= $(HOME)/.cache/grid-chain/target
# The wasm runtime is built by a nested cargo; point it at this workspace's Cargo.lock.
export WASM_BUILD_WORKSPACE_HINT := $(CURDIR)

NODE := $(CARGO_TARGET_DIR)/release/grid-node
RPC_PORT ?= 9944
# Pallets whose benchmarks also run as tests (with the runtime-benchmarks feature).
BENCHMARKED := -p pallet-operators -p pallet-load -p pallet-balancing -p pallet-demand-response \
	-p pallet-stability -p pallet-energy-market

.PHONY: help prerequisites build run testnet testnet-stop test fmt lint weights weights-table

help:
	@echo "make run    build grid-node and start a development chain on ws://127.0.0.1:$(RPC_PORT)"
	@echo "make testnet       start the four-operator local_testnet on 127.0.0.1 (scripts/testnet.sh)"
	@echo "make testnet-stop  stop it (its chain data stays in ~/.cache/grid-chain/testnet)"
	@echo "make test   everything CI runs: format check, unit, runtime and end-to-end tests"
	@echo "make build  only build (release profile, the same build make test uses)"
	@echo "make lint   clippy over the workspace (a separate check build)"
	@echo "make weights  regenerate every weights.rs with grid-node benchmark pallet"
	@echo "make weights-table  rewrite the README's weights table from the runtime's weights"

prerequisites:
	@./scripts/prerequisites.sh

# The node and every test binary, in one cargo invocation (release profile, locked).
build: prerequisites
	$(CARGO) test --release --locked --workspace --no-run

run: build
	$(NODE) --dev --tmp --rpc-port $(RPC_PORT)

testnet: build
	./scripts/testnet.sh start $(NODE)

testnet-stop:
	./scripts/testnet.sh stop

# The end-to-end scenarios each start their own dev node and mostly wait for blocks: up to
# eight test threads let them run side by side (unit tests do not mind).
test: prerequisites
	$(CARGO) fmt --all -- --check
	$(CARGO) test --release --locked --workspace -- --test-threads 8
	$(CARGO) test --release --locked $(BENCHMARKED) --features runtime-benchmarks

# Builds grid-node with the benchmarking runtime (replacing the ordinary binary in the
# target directory until the next `make build`), then benchmarks every pallet. The storage
# benchmark's own test runtime is not built: grid-node does not offer `benchmark storage`,
# and its wasm build cannot find itself in this workspace's lock file.
weights: prerequisites
	SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
		$(CARGO) build --release --locked -p grid-node --features runtime-benchmarks
	./scripts/weights.sh $(NODE)
	$(MAKE) weights-table

# The README's table of what each grid call weighs, computed by the runtime's own weights.
weights-table:
	UPDATE_README=1 $(CARGO) test --release --locked -p grid-runtime --test weights_table

fmt:
	$(CARGO) fmt --all

lint: prerequisites
	$(CARGO) clippy --release --locked --workspace --all-targets -- -D warnings
