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
	-p pallet-stability -p pallet-energy-market -p pallet-metering -p pallet-council-root

.PHONY: help prerequisites upgrade-wasm try-runtime build run benchmark-tests dashboard dashboard-build dashboard-test demo testnet testnet-stop test docker-test fuzz bench fmt lint weights weights-table db-weights

help:
	@echo "make run    build grid-node, start a development chain on ws://127.0.0.1:$(RPC_PORT) and serve the dashboard"
	@echo "make demo   a dev chain with simulated meters and market participants, and the dashboard"
	@echo "make dashboard WS=ws://host:port  serve the dashboard for any node"
	@echo "make testnet       start the four-operator local_testnet on 127.0.0.1 (scripts/testnet.sh)"
	@echo "make testnet-stop  stop it (its chain data stays in ~/.cache/grid-chain/testnet)"
	@echo "make test   everything CI runs: format check, unit, runtime and end-to-end tests"
	@echo "make docker-test  the four-operator network in Docker, from the grid-node make test built"
	@echo "make try-runtime  the runtime's upgrade checks (try-runtime) against a live development chain"
	@echo "make fuzz   the randomized test's long mode: FUZZ_CALLS (1,000,000) random calls"
	@echo "make build  only build (release profile, the same build make test uses)"
	@echo "make lint   clippy over the workspace (a separate check build)"
	@echo "make weights  regenerate every weights.rs with grid-node benchmark pallet"
	@echo "make weights-table  rewrite the README's weights table and cost of stuffing from the runtime"
	@echo "make db-weights DB_BASE_PATH=dir  measure the database's read/write weights on a chain's state"
	@echo "make bench  grid-bench: throughput per kind of extrinsic on a fresh dev node (BENCH_ARGS=...)"

prerequisites:
	@./scripts/prerequisites.sh

# The node and every test binary, in one cargo invocation (release profile, locked).
build: prerequisites
	$(CARGO) test --release --locked --workspace --no-run

run: build dashboard-build
	@echo
	@echo "grid-chain development chain (grid-node --dev --tmp)"
	@echo "  a wallet connects to ws://127.0.0.1:$(RPC_PORT)"
	@echo "  the dashboard: http://127.0.0.1:$(DASHBOARD_PORT)/?ws=ws://127.0.0.1:$(RPC_PORT)"
	@echo "  stop both with Ctrl-C; the chain's state is in a temporary directory, removed when it stops"
	@echo
	node dashboard/serve.mjs --port $(DASHBOARD_PORT) --ws ws://127.0.0.1:$(RPC_PORT) & server=$$!; \
		trap 'kill $$server 2>/dev/null' EXIT; \
		$(NODE) --dev --tmp --rpc-port $(RPC_PORT)

# The dashboard (dashboard/): a static page bundled from npm packages (exactly those of
# dashboard/package-lock.json, installed again only when the lock file changes) into
# dashboard/dist. It reads the node named by its ?ws= parameter; `make dashboard WS=...` serves
# it for any node.
DASHBOARD_PORT ?= 8080
# The address the page is served on: 0.0.0.0 to reach it from a phone on the same network
# (the node's RPC must then be reachable too: WS=ws://<this machine>:9944 and a node started
# with --rpc-external, on a network you trust).
DASHBOARD_HOST ?= 127.0.0.1
WS ?= ws://127.0.0.1:$(RPC_PORT)
dashboard/node_modules/.package-lock.json: dashboard/package-lock.json
	./scripts/prerequisites.sh --dashboard-only
	cd dashboard && npm ci --no-audit --no-fund --loglevel=error

dashboard-build: dashboard/node_modules/.package-lock.json
	cd dashboard && node build.mjs

dashboard: dashboard-build
	node dashboard/serve.mjs --host $(DASHBOARD_HOST) --port $(DASHBOARD_PORT) --ws $(WS)

# The dashboard's tests: its formatting in Node, the page in Debian's Chromium against a dev
# node, and `make demo`'s script end to end (the grid-node and grid-meters make test built);
# screenshots go to dashboard/test-output.
dashboard-test: dashboard-build
	./scripts/prerequisites.sh --browser
	cd dashboard && GRID_NODE=$(NODE) GRID_METERS=$(CARGO_TARGET_DIR)/release/grid-meters \
		DASHBOARD_TEST_OUTPUT=$(CURDIR)/dashboard/test-output node --test tests/*.test.mjs

# A newcomer's view of the grid: a dev-demo chain (an interval every block), the meter
# simulator's feeders in three regions (a critical hour each simulated day), frequency
# readings with an occasional dip, market participants bidding in every slot, and the
# dashboard (dashboard/demo.mjs). Ctrl-C stops everything.
demo: build dashboard-build
	node dashboard/demo.mjs --node $(NODE) --meters $(CARGO_TARGET_DIR)/release/grid-meters \
		--rpc-port $(RPC_PORT) --port $(DASHBOARD_PORT)

testnet: build
	./scripts/testnet.sh start $(NODE)

testnet-stop:
	./scripts/testnet.sh stop

# The end-to-end scenarios each start their own dev node and mostly wait for blocks: they
# run side by side, and with cargo-nextest (on this project's machines; plain `cargo test`
# otherwise) beside every other test binary too, instead of one binary after the other.
# The crates have no doc tests.
TEST_THREADS := 16
test: prerequisites
	./scripts/prerequisites.sh --browser
	$(CARGO) fmt --all -- --check
	$(MAKE) upgrade-wasm
	if $(CARGO) nextest --version >/dev/null 2>&1; then \
		$(CARGO) nextest run --release --locked --workspace --test-threads $(TEST_THREADS) \
			--no-fail-fast --failure-output final; \
	else \
		$(CARGO) test --release --locked --workspace -- --test-threads $(TEST_THREADS); \
	fi
	$(MAKE) -j2 --output-sync=target benchmark-tests dashboard-test

# The runtime of the network's upgrade test (node/tests/e2e/network.rs): this tree's runtime as
# the next spec_version (feature upgrade-test-runtime), its wasm written beside the node's as
# $(CARGO_TARGET_DIR)/release/wbuild/grid-runtime/upgrade_wasm_binary.rs.compact.compressed.wasm.
# A `cargo check`: only the wasm is compiled; the node's runtime is not touched.
upgrade-wasm: prerequisites
	$(CARGO) check --release --locked -p grid-runtime --features upgrade-test-runtime

# The benchmarks of the grid pallets, run as tests (they compile while the dashboard's browser
# test, which mostly waits for blocks, runs beside them).
# (MAKEFLAGS cleared: under `make -j2` cargo would find a jobserver it cannot open.)
benchmark-tests:
	MAKEFLAGS= $(CARGO) test --release --locked $(BENCHMARKED) --features runtime-benchmarks

# The four-operator compose network in Docker (docker/docker-compose.yml), from the grid-node
# that `make test` built: installs Docker, docker-compose and debootstrap from Debian's
# packages when missing, starts dockerd, builds a local Debian base image, checks that the
# four nodes finalize and agree, then removes the network (scripts/docker-test.sh). CI runs it
# after `make test`.
docker-test: build
	./scripts/docker-test.sh $(NODE)

# The runtime's upgrade checks against a live development chain (try-runtime/, its own cargo
# workspace so that `try-runtime` never reaches the node's runtime): every migration with its
# pre/post checks, every pallet's try_state, then a second run that must change nothing.
# Built natively (SKIP_WASM_BUILD: no wasm, the node's untouched). CI runs it after make test.
TRY_RUNTIME := $(CARGO_TARGET_DIR)/release/grid-try-runtime
try-runtime: build
	SKIP_WASM_BUILD=1 $(CARGO) build --release --locked --manifest-path try-runtime/Cargo.toml
	./scripts/try-runtime.sh $(NODE) $(TRY_RUNTIME)

# The randomized test (runtime/tests/random_calls.rs) in its long mode: runs of up to 1,000
# random steps until FUZZ_CALLS calls have been applied, every invariant checked after every
# block and the honest probes after every run. The README gives its figures.
FUZZ_CALLS ?= 1000000
fuzz: prerequisites
	FUZZ_CALLS=$(FUZZ_CALLS) $(CARGO) test --release --locked --workspace --test random_calls \
		-- --nocapture

# Throughput on a fresh dev node: grid-bench starts `grid-node --dev --tmp`, prints a table and
# writes bench-results/grid-bench.{csv,json}. `make bench BENCH_ARGS="--count 1000"` to change it
# (`grid-bench --help`).
BENCH_ARGS ?=
bench: build
	$(CARGO_TARGET_DIR)/release/grid-bench --node $(NODE) $(BENCH_ARGS)

# Builds grid-node with the benchmarking runtime (replacing the ordinary binary in the
# target directory until the next `make build`), then benchmarks every pallet. The storage
# benchmark's own test runtime is not built: grid-node does not offer `benchmark storage`,
# and its wasm build cannot find itself in this workspace's lock file.
weights: prerequisites
	SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
		$(CARGO) build --release --locked -p grid-node --features runtime-benchmarks
	./scripts/weights.sh $(NODE)
	$(MAKE) weights-table

# The database's read and write weights (runtime/src/weights/paritydb_weights.rs), measured on
# the state of a stopped node's database at DB_BASE_PATH (the node's --base-path), with 10 % for
# headroom. Builds the benchmarking grid-node, as `make weights` does.
db-weights: prerequisites
	@test -n "$(DB_BASE_PATH)" || { echo "usage: make db-weights DB_BASE_PATH=<a node's --base-path>"; exit 2; }
	SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
		$(CARGO) build --release --locked -p grid-node --features runtime-benchmarks
	$(NODE) benchmark storage --dev --base-path $(DB_BASE_PATH) --state-version 1 \
		--batch-size 1000 --mul 1.1 --weight-path runtime/src/weights/ \
		--header .maintain/HEADER-APACHE2
	$(MAKE) weights-table

# The README's table of what each grid call weighs, computed by the runtime's own weights,
# and what stuffing blocks for an hour costs, by the runtime's own fees. (`--workspace`, as
# `make test` builds: one package alone would be built again with other features.)
weights-table:
	UPDATE_README=1 $(CARGO) test --release --locked --workspace --test weights_table --test fees

fmt:
	$(CARGO) fmt --all

lint: prerequisites
	$(CARGO) clippy --release --locked --workspace --all-targets -- -D warnings
