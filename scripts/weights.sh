#!/usr/bin/env bash
# Regenerates weights.rs of every grid pallet with `grid-node benchmark pallet`, on the
# development chain's runtime, with the project's template. Usage: weights.sh GRID_NODE
set -euo pipefail
node=${1:?usage: weights.sh path/to/grid-node (built with --features runtime-benchmarks)}
cd "$(dirname "$0")/.."

steps=${STEPS:-50}
repeat=${REPEAT:-20}

benchmark() { # pallet output
	echo "== $1 -> $2"
	"$node" benchmark pallet \
		--chain dev \
		--pallet "$1" \
		--extrinsic '*' \
		--steps "$steps" \
		--repeat "$repeat" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template .maintain/frame-weight-template.hbs \
		--header .maintain/HEADER-APACHE2 \
		--output "$2"
}

benchmark pallet_operators pallets/operators/src/weights.rs
benchmark pallet_load pallets/load/src/weights.rs
benchmark pallet_balancing pallets/balancing/src/weights.rs
benchmark pallet_demand_response pallets/demand-response/src/weights.rs
benchmark pallet_stability pallets/stability/src/weights.rs
benchmark pallet_energy_market pallets/energy-market/src/weights.rs
