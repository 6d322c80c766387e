#!/usr/bin/env bash
# Regenerates every weight the runtime uses with `grid-node benchmark pallet`, on the
# development chain's runtime: each grid pallet's weights.rs (the project's template, which
# also writes the pallet's WeightInfo trait), and runtime/src/weights/ for the other pallets
# (the CLI's built-in template). Usage: weights.sh GRID_NODE [PALLET...]
# (`overhead` among the PALLETs: the base weights of a block and an extrinsic).
set -euo pipefail
node=${1:?usage: weights.sh path/to/grid-node (built with --features runtime-benchmarks)}
cd "$(dirname "$0")/.."

steps=${STEPS:-50}
repeat=${REPEAT:-20}

only=("${@:2}")

benchmark() { # pallet output [template]
	if ((${#only[@]})) && [[ ! " ${only[*]} " == *" $1 "* ]]; then
		return
	fi
	echo "== $1 -> $2"
	local template=()
	if [[ ${3:-} ]]; then
		template=(--template "$3")
	fi
	"$node" benchmark pallet \
		--chain dev \
		--pallet "$1" \
		--extrinsic '*' \
		--steps "$steps" \
		--repeat "$repeat" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		"${template[@]}" \
		--header .maintain/HEADER-APACHE2 \
		--output "$2"
}

grid=.maintain/frame-weight-template.hbs
benchmark pallet_operators pallets/operators/src/weights.rs $grid
benchmark pallet_load pallets/load/src/weights.rs $grid
benchmark pallet_balancing pallets/balancing/src/weights.rs $grid
benchmark pallet_demand_response pallets/demand-response/src/weights.rs $grid
benchmark pallet_stability pallets/stability/src/weights.rs $grid
benchmark pallet_energy_market pallets/energy-market/src/weights.rs $grid
benchmark pallet_metering pallets/metering/src/weights.rs $grid
benchmark pallet_council_root pallets/council-root/src/weights.rs $grid

mkdir -p runtime/src/weights
for pallet in frame_system frame_system_extensions pallet_balances pallet_timestamp \
	pallet_transaction_payment pallet_sudo pallet_utility pallet_collective pallet_grandpa \
	grandpa_equivocation_report pallet_session; do
	benchmark $pallet runtime/src/weights/$pallet.rs
done

# pallet-grandpa's benchmarks (check_equivocation_proof, note_stalled) are not the functions
# of its WeightInfo (report_equivocation, note_stalled), and the runtime's own benchmark of a
# whole report (grandpa_equivocation_report) is of no pallet's trait: keep the measured
# functions as inherent ones; runtime/src/weights/mod.rs builds pallet_grandpa::WeightInfo
# from them.
for grandpa in runtime/src/weights/pallet_grandpa.rs runtime/src/weights/grandpa_equivocation_report.rs; do
	name=$(basename "$grandpa" .rs)
	if [[ -f $grandpa ]]; then
		sed -i -e "s/^impl<T: frame_system::Config> $name::WeightInfo for WeightInfo<T> {\$/impl<T: frame_system::Config> WeightInfo<T> {/" \
			-e 's/^\tfn /\tpub fn /' "$grandpa"
	fi
done

# The base weights of an empty block and of an extrinsic (`benchmark overhead`: blocks of
# `System::remark`s built natively from the development genesis):
# runtime/src/weights/{block,extrinsic}_weights.rs, which the runtime's BlockWeights use.
if ! ((${#only[@]})) || [[ " ${only[*]} " == *" overhead "* ]]; then
	echo "== overhead -> runtime/src/weights/{block,extrinsic}_weights.rs"
	"$node" benchmark overhead \
		--chain dev \
		--warmup "${OVERHEAD_WARMUP:-10}" \
		--repeat "${OVERHEAD_REPEAT:-100}" \
		--header .maintain/HEADER-APACHE2 \
		--weight-path runtime/src/weights/
fi
