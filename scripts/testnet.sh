#!/usr/bin/env bash
# The four-operator `local_testnet` as four grid-node processes on 127.0.0.1.
#
#   testnet.sh start GRID_NODE   keys, node keys, then four validators; prints the endpoints
#   testnet.sh stop              stops exactly the processes `start` started
#   testnet.sh status            which of them run, and their best and finalized blocks
#
# Each node has its own base path under $TESTNET_DIR (default ~/.cache/grid-chain/testnet),
# which keeps its chain data across stop and start. Its Aura (sr25519) and GRANDPA
# (ed25519) keys are put in its keystore with `grid-node key insert` before it starts. The
# nodes accept only each other as peers (--reserved-only): a permissioned network.
set -euo pipefail

dir=${TESTNET_DIR:-$HOME/.cache/grid-chain/testnet}
names=(alice bob charlie dave)
p2p_base=${P2P_BASE:-30333}
rpc_base=${RPC_BASE:-9944}
prometheus_base=${PROMETHEUS_BASE:-9615}

peer_id() { # node name
	"$node" key inspect-node-key --file "$dir/$1/node-key" 2>/dev/null
}

start() {
	mkdir -p "$dir"
	local i name
	for i in "${!names[@]}"; do
		name=${names[$i]}
		mkdir -p "$dir/$name"
		if [[ ! -f $dir/$name/node-key ]]; then
			"$node" key generate-node-key --file "$dir/$name/node-key" 2>/dev/null
		fi
		local suri="//${name^}"
		"$node" key insert --base-path "$dir/$name" --chain local \
			--scheme sr25519 --suri "$suri" --key-type aura
		"$node" key insert --base-path "$dir/$name" --chain local \
			--scheme ed25519 --suri "$suri" --key-type gran
	done

	local reserved=()
	for i in "${!names[@]}"; do
		reserved+=(--reserved-nodes "/ip4/127.0.0.1/tcp/$((p2p_base + i))/p2p/$(peer_id "${names[$i]}")")
	done

	for i in "${!names[@]}"; do
		name=${names[$i]}
		if [[ -f $dir/$name.pid ]] && kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null; then
			echo "$name already runs (pid $(cat "$dir/$name.pid"))"
			continue
		fi
		"$node" --chain local --validator --name "$name" \
			--base-path "$dir/$name" \
			--node-key-file "$dir/$name/node-key" \
			--listen-addr "/ip4/127.0.0.1/tcp/$((p2p_base + i))" \
			--rpc-port "$((rpc_base + i))" \
			--prometheus-port "$((prometheus_base + i))" \
			--reserved-only "${reserved[@]}" \
			--no-mdns --no-telemetry \
			>"$dir/$name.log" 2>&1 &
		echo $! >"$dir/$name.pid"
	done

	echo "grid-chain local_testnet, data in $dir:"
	for i in "${!names[@]}"; do
		printf '  %-8s ws://127.0.0.1:%s  (log %s)\n' "${names[$i]}" "$((rpc_base + i))" \
			"$dir/${names[$i]}.log"
	done
}

stop() {
	local name pid
	for name in "${names[@]}"; do
		[[ -f $dir/$name.pid ]] || continue
		pid=$(cat "$dir/$name.pid")
		# Only a grid-node process of ours: a recycled pid is left alone.
		if [[ $(cat "/proc/$pid/cmdline" 2>/dev/null | tr '\0' ' ') == *"--base-path $dir/$name "* ]]; then
			kill -TERM "$pid"
			for _ in $(seq 100); do
				kill -0 "$pid" 2>/dev/null || break
				sleep 0.1
			done
			kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
			echo "stopped $name (pid $pid)"
		fi
		rm -f "$dir/$name.pid"
	done
}

status() {
	local i name
	for i in "${!names[@]}"; do
		name=${names[$i]}
		if [[ -f $dir/$name.pid ]] && kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null; then
			echo "$name runs (pid $(cat "$dir/$name.pid")), ws://127.0.0.1:$((rpc_base + i))"
		else
			echo "$name is stopped"
		fi
	done
}

case ${1:-} in
start)
	node=${2:?usage: testnet.sh start path/to/grid-node}
	start
	;;
stop) stop ;;
status) status ;;
*)
	echo "usage: testnet.sh start GRID_NODE | stop | status" >&2
	exit 2
	;;
esac
