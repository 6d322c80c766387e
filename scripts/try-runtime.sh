#!/usr/bin/env bash
# The runtime's upgrade checks (try-runtime) against a live chain: starts a development node
# (`grid-node --dev --tmp`, the binary given) on a free port, lets it finalize a few blocks,
# and runs grid-try-runtime (try-runtime/: every migration with its pre/post checks, every
# pallet's try_state, then a second run that must change nothing) against its state.
# Usage: try-runtime.sh path/to/grid-node path/to/grid-try-runtime
set -euo pipefail
node=${1:?usage: try-runtime.sh path/to/grid-node path/to/grid-try-runtime}
check=${2:?usage: try-runtime.sh path/to/grid-node path/to/grid-try-runtime}
blocks=${TRY_RUNTIME_BLOCKS:-3}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
"$node" --dev --tmp --rpc-port "$port" --no-telemetry --no-prometheus 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT

finalized() {
	curl -s -H 'Content-Type: application/json' \
		-d '{"id":1,"jsonrpc":"2.0","method":"chain_getFinalizedHead","params":[]}' \
		"http://127.0.0.1:$port" | python3 -c '
import json, sys, urllib.request
head = json.load(sys.stdin)["result"]
req = urllib.request.Request(sys.argv[1], json.dumps({"id": 1, "jsonrpc": "2.0", "method": "chain_getHeader", "params": [head]}).encode(), {"Content-Type": "application/json"})
print(int(json.load(urllib.request.urlopen(req))["result"]["number"], 16))' "http://127.0.0.1:$port" 2>/dev/null || echo 0
}

deadline=$((SECONDS + 180))
until [ "$(finalized)" -ge "$blocks" ]; do
	if ((SECONDS > deadline)) || ! kill -0 $pid 2>/dev/null; then
		echo "try-runtime: the development node did not finalize block $blocks" >&2
		tail -20 "$log" >&2
		exit 1
	fi
	sleep 1
done
echo "try-runtime: checking the state of a development chain at block $(finalized)"
"$check" "ws://127.0.0.1:$port"
