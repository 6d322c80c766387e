#!/usr/bin/env bash
# Installs what a fresh Debian or Ubuntu machine lacks to build grid-chain, and says what to
# install by hand when it cannot. Called by `make run` and `make test`.
#
# - Rust: rustup must be there; it installs the pinned toolchain, the wasm target and
#   rust-src by itself from rust-toolchain.toml on the first cargo call.
# - protoc (Debian/Ubuntu package protobuf-compiler): needed by the node's networking crates.
set -euo pipefail

missing=0

if ! command -v cargo >/dev/null 2>&1 || ! command -v rustup >/dev/null 2>&1; then
	echo "error: rustup and cargo are required. Install them from https://rustup.rs, then run" >&2
	echo "       this command again (rust-toolchain.toml selects the toolchain)." >&2
	missing=1
fi

if ! command -v protoc >/dev/null 2>&1; then
	if command -v apt-get >/dev/null 2>&1; then
		if [ "$(id -u)" -eq 0 ]; then
			sudo=""
		elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
			sudo="sudo -n"
		else
			sudo="unavailable"
		fi
		if [ "$sudo" != "unavailable" ]; then
			echo "Installing protobuf-compiler (protoc) with apt-get ..."
			export DEBIAN_FRONTEND=noninteractive
			$sudo apt-get update -qq
			$sudo apt-get install -y -qq protobuf-compiler >/dev/null
		fi
	fi
	if ! command -v protoc >/dev/null 2>&1; then
		echo "error: protoc is required. Install it by hand:" >&2
		echo "       Debian/Ubuntu: sudo apt-get install protobuf-compiler" >&2
		echo "       Fedora: sudo dnf install protobuf-compiler; macOS: brew install protobuf" >&2
		missing=1
	fi
fi

exit "$missing"
