#!/usr/bin/env bash
# The four-operator compose network (docker/docker-compose.yml), proven on this machine:
# installs docker.io, docker-compose and debootstrap from Debian's packages when missing,
# starts dockerd if none runs, builds a Debian base image locally (debootstrap, then
# `docker import`: no image registry is needed), builds the grid-node image from the binary
# given (docker/Dockerfile.prebuilt), starts the network, checks that all four nodes finalize
# and agree on the finalized blocks, and removes the network, its containers and volumes.
# Usage: docker-test.sh path/to/grid-node
set -euo pipefail
node=${1:?usage: docker-test.sh path/to/grid-node}
cd "$(dirname "$0")/.."
node=$(realpath "$node")
[ -x "$node" ] || { echo "docker-test: no grid-node at $node (make test builds it)" >&2; exit 1; }

base=grid-chain/debian:bookworm
image=grid-node
project=grid-docker-test
compose=(docker-compose -f docker/docker-compose.yml -p "$project")
# The nodes' RPC ports on the host's loopback (docker-compose.yml publishes them): a chain
# already listening there (make run, make testnet) makes the network fail to start.
ports=(9944 9945 9946 9947)
# Blocks every node must finalize, and how long that may take.
final_target=${DOCKER_TEST_BLOCKS:-5}
deadline_s=${DOCKER_TEST_TIMEOUT:-300}

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi
}

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v debootstrap >/dev/null || need+=(debootstrap)
if ((${#need[@]})); then
	echo "docker-test: installing ${need[*]}"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
	echo "docker-test: starting dockerd (log: /tmp/grid-dockerd.log)"
	as_root sh -c 'nohup dockerd >/tmp/grid-dockerd.log 2>&1 &'
	for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
	docker info >/dev/null 2>&1 || { tail -20 /tmp/grid-dockerd.log >&2; exit 1; }
fi

root="" context=""
cleanup() {
	"${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
	[ -z "$context" ] || rm -rf "$context"
	[ -z "$root" ] || as_root rm -rf "$root"
}
trap cleanup EXIT

# The image runs the host's grid-node: the base is Debian bookworm, as this project's
# machines are (a host with a newer C library would need a newer base).
if ! docker image inspect "$base" >/dev/null 2>&1; then
	echo "docker-test: building $base with debootstrap"
	root=$(mktemp -d /tmp/grid-debian.XXXXXX)
	as_root debootstrap --variant=minbase --include=ca-certificates bookworm "$root" \
		http://deb.debian.org/debian >/tmp/grid-debootstrap.log 2>&1 \
		|| { tail -20 /tmp/grid-debootstrap.log >&2; exit 1; }
	as_root rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
	as_root tar -C "$root" -c . | docker import - "$base" >/dev/null
	as_root rm -rf "$root"
	root=""
fi

context=$(mktemp -d /tmp/grid-docker-context.XXXXXX)
cp "$node" "$context/grid-node"
cp docker/grid-network-node "$context/"
echo "docker-test: building the $image image from $node"
docker build -q -f docker/Dockerfile.prebuilt --build-arg "BASE=$base" -t "$image" "$context" >/dev/null

"${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
echo "docker-test: starting the four-operator network"
"${compose[@]}" up -d --no-build

rpc() { # port method [params]
	curl -sf -m 5 -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":${3:-[]}}" \
		"http://127.0.0.1:$1"
}
result() { # python expression on the JSON-RPC answer's `r` (its result), printed
	python3 -c "import json,sys; r = json.load(sys.stdin)['result']; print($1)" 2>/dev/null
}
finalized() { # port: the finalized block's number, or nothing while the node is not up
	local hash
	hash=$(rpc "$1" chain_getFinalizedHead | result r) || return 0
	rpc "$1" chain_getHeader "[\"$hash\"]" | result "int(r['number'], 16)" || true
}

start=$SECONDS
while :; do
	lowest=""
	for port in "${ports[@]}"; do
		n=$(finalized "$port")
		n=${n:-0}
		if [ -z "$lowest" ] || [ "$n" -lt "$lowest" ]; then lowest=$n; fi
	done
	if [ "$lowest" -ge "$final_target" ]; then break; fi
	if ((SECONDS - start > deadline_s)); then
		echo "docker-test: after ${deadline_s} s the slowest node has finalized block $lowest, not $final_target" >&2
		"${compose[@]}" logs --tail 30 >&2 || true
		exit 1
	fi
	sleep 3
done
# Every node has the same block at each finalized height up to the lowest's, and each has
# the other three as peers.
for height in $(seq 1 "$lowest"); do
	first=""
	for port in "${ports[@]}"; do
		hash=$(rpc "$port" chain_getBlockHash "[$height]" | result r) || hash=""
		if [ -z "$hash" ] || [ "$hash" = None ]; then
			echo "docker-test: the node on port $port has no block $height" >&2
			exit 1
		fi
		first=${first:-$hash}
		if [ "$hash" != "$first" ]; then
			echo "docker-test: the nodes disagree on block $height ($first, $hash)" >&2
			exit 1
		fi
	done
done
for port in "${ports[@]}"; do
	peers=$(rpc "$port" system_health | result "r['peers']") || peers=""
	if [ "$peers" != 3 ]; then
		echo "docker-test: the node on port $port has ${peers:-no} peers, not the other three" >&2
		exit 1
	fi
done
echo "docker-test: all four nodes finalized block $lowest, agree on blocks 1-$lowest and have each other as peers, in $((SECONDS - start)) s"
