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

.PHONY: help prerequisites build run test fmt lint weights

help:
	@echo "make run    build grid-node and start a development chain on ws://127.0.0.1:$(RPC_PORT)"
	@echo "make test   everything CI runs: format check, unit, runtime and end-to-end tests"
	@echo "make build  only build (release profile, the same build make test uses)"
	@echo "make lint   clippy over the workspace (a separate check build)"
	@echo "make weights  regenerate every weights.rs with grid-node benchmark pallet"

prerequisites:
	@./scripts/prerequisites.sh

# The node and every test binary, in one cargo invocation (release profile, locked).
build: prerequisites
	$(CARGO) test --release --locked --workspace --no-run

run: build
	$(NODE) --dev --tmp --rpc-port $(RPC_PORT)

test: prerequisites
	$(CARGO) fmt --all -- --check
	$(CARGO) test --release --locked --workspace
	$(CARGO) test --release --locked $(BENCHMARKED) --features runtime-benchmarks

# Builds grid-node with the benchmarking runtime (replacing the ordinary binary in the
# target directory until the next `make build`), then benchmarks every pallet. The storage
# benchmark's own test runtime is not built: grid-node does not offer `benchmark storage`,
# and its wasm build cannot find itself in this workspace's lock file.
weights: prerequisites
	SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
		$(CARGO) build --release --locked -p grid-node --features runtime-benchmarks
	./scripts/weights.sh $(NODE)

fmt:
	$(CARGO) fmt --all

lint: prerequisites
	$(CARGO) clippy --release --locked --workspace --all-targets -- -D warnings
