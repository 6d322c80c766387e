#!/usr/bin/env bash
# Installs what a fresh Debian or Ubuntu machine lacks to build grid-chain, and says what to
# install by hand when it cannot. Called by every make target that builds.
#
# - Rust: rustup must be there. The toolchain that rust-toolchain.toml pins, and every target
#   and component that file names, are added here with rustup. rustup does not always do it by
#   itself: with RUSTUP_AUTO_INSTALL=0 (set on many CI images) it uses whatever is installed
#   and ignores the file's `targets` and `components`, and the wasm runtime then fails to build
#   after half an hour of compiling. The names are read from rust-toolchain.toml, so the two
#   never disagree.
# - protoc (Debian/Ubuntu package protobuf-compiler): needed by the node's networking crates.
# - With --dashboard: Node.js (20 or newer) and npm, which build the dashboard (dashboard/).
# - With --browser: also Debian's chromium, which the dashboard's browser test drives.
# - With --dashboard-only: Node.js and npm alone (serving the dashboard for a remote node
#   needs no Rust).
#
# Debian packages are installed with apt-get when run as root or with password-less sudo.
set -euo pipefail

cd "$(dirname "$0")/.."
dashboard=0
browser=0
rust=1
for arg in "$@"; do
	case "$arg" in
	--dashboard) dashboard=1 ;;
	--browser) dashboard=1 browser=1 ;;
	--dashboard-only) dashboard=1 rust=0 ;;
	*) echo "usage: $0 [--dashboard | --browser | --dashboard-only]" >&2; exit 2 ;;
	esac
done

toolchain_file=rust-toolchain.toml
missing=0

# The values of one key of the [toolchain] table: a string (`channel = "1.95.0"`) or an array
# of strings, on one line or several. One value a line.
toolchain_values() {
	awk -v key="$1" '
		/^[[:space:]]*\[/ { table = $0; gsub(/[[:space:]]/, "", table); next }
		table != "[toolchain]" { next }
		!collecting && $0 ~ "^[[:space:]]*" key "[[:space:]]*=" {
			collecting = 1
			sub(/^[^=]*=/, "")
			array = ($0 ~ /^[[:space:]]*\[/)
		}
		collecting {
			line = $0
			sub(/#.*/, "", line)
			rest = line
			while (match(rest, /"[^"]*"/)) {
				print substr(rest, RSTART + 1, RLENGTH - 2)
				rest = substr(rest, RSTART + RLENGTH)
			}
			if (!array || line ~ /\]/) collecting = 0
		}
	' "$toolchain_file"
}

rust_by_hand() {
	echo "       Install it by hand, then run this command again:" >&2
	echo "         $1" >&2
}

if [ "$rust" -eq 0 ]; then
	: # --dashboard-only: serving the page needs no Rust
elif ! command -v cargo >/dev/null 2>&1 || ! command -v rustup >/dev/null 2>&1; then
	echo "error: rustup and cargo are required. Install them from https://rustup.rs, then run" >&2
	echo "       this command again ($toolchain_file selects the toolchain)." >&2
	missing=1
else
	channel="$(toolchain_values channel | head -n 1)"
	profile="$(toolchain_values profile | head -n 1)"
	mapfile -t targets < <(toolchain_values targets)
	mapfile -t components < <(toolchain_values components)
	if [ -z "$channel" ]; then
		echo "error: $toolchain_file names no channel" >&2
		exit 1
	fi

	if ! rustup run "$channel" rustc --version >/dev/null 2>&1; then
		echo "Installing Rust $channel (pinned by $toolchain_file) with rustup ..."
		if ! rustup toolchain install "$channel" --profile "${profile:-minimal}" --no-self-update; then
			echo "error: could not install the Rust toolchain $channel." >&2
			rust_by_hand "rustup toolchain install $channel --profile ${profile:-minimal}"
			missing=1
		fi
	fi

	if [ "$missing" -eq 0 ]; then
		installed_targets="$(rustup target list --installed --toolchain "$channel")"
		# Components are listed with the host's triple appended (`rustfmt-x86_64-...`), except
		# those that have none (`rust-src`).
		installed_components="$(rustup component list --installed --toolchain "$channel")"
		add_targets=()
		for target in "${targets[@]}"; do
			grep -qxF "$target" <<<"$installed_targets" || add_targets+=("$target")
		done
		add_components=()
		for component in "${components[@]}"; do
			grep -qE "^${component}(-[a-z0-9_]+(-[a-z0-9_]+)+)?\$" <<<"$installed_components" ||
				add_components+=("$component")
		done
		if [ "${#add_targets[@]}" -gt 0 ]; then
			echo "Adding the target(s) ${add_targets[*]} to Rust $channel ($toolchain_file names them) ..."
			if ! rustup target add --toolchain "$channel" "${add_targets[@]}"; then
				echo "error: rustup could not add the target(s) ${add_targets[*]}." >&2
				rust_by_hand "rustup target add --toolchain $channel ${add_targets[*]}"
				missing=1
			fi
		fi
		if [ "${#add_components[@]}" -gt 0 ]; then
			echo "Adding the component(s) ${add_components[*]} to Rust $channel ($toolchain_file names them) ..."
			if ! rustup component add --toolchain "$channel" "${add_components[@]}"; then
				echo "error: rustup could not add the component(s) ${add_components[*]}." >&2
				rust_by_hand "rustup component add --toolchain $channel ${add_components[*]}"
				missing=1
			fi
		fi
	fi
fi

# apt_install PACKAGE...: installs Debian packages when apt-get can be run (as root or with
# password-less sudo); returns non-zero when it cannot.
apt_updated=0
apt_install() {
	command -v apt-get >/dev/null 2>&1 || return 1
	local sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
			sudo="sudo -n"
		else
			return 1
		fi
	fi
	echo "Installing $* with apt-get ..."
	export DEBIAN_FRONTEND=noninteractive
	if [ "$apt_updated" -eq 0 ]; then
		$sudo apt-get update -qq || return 1
		apt_updated=1
	fi
	$sudo apt-get install -y -qq "$@" >/dev/null
}

if [ "$rust" -eq 1 ] && ! command -v protoc >/dev/null 2>&1; then
	apt_install protobuf-compiler || true
	if ! command -v protoc >/dev/null 2>&1; then
		echo "error: protoc is required. Install it by hand:" >&2
		echo "       Debian/Ubuntu: sudo apt-get install protobuf-compiler" >&2
		echo "       Fedora: sudo dnf install protobuf-compiler; macOS: brew install protobuf" >&2
		missing=1
	fi
fi

if [ "$dashboard" -eq 1 ]; then
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		apt_install nodejs npm || true
	fi
	node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
	if ! command -v npm >/dev/null 2>&1 || [ "$node_major" -lt 20 ]; then
		echo "error: the dashboard needs Node.js 20 or newer with npm (found: $(node --version 2>/dev/null || echo none))." >&2
		echo "       Install them by hand (https://nodejs.org), then run this command again." >&2
		missing=1
	fi
fi

if [ "$browser" -eq 1 ] && ! command -v "${CHROMIUM:-/usr/bin/chromium}" >/dev/null 2>&1; then
	apt_install chromium || true
	if ! command -v "${CHROMIUM:-/usr/bin/chromium}" >/dev/null 2>&1; then
		echo "error: the dashboard's browser test needs Chromium. Install it by hand:" >&2
		echo "       Debian: sudo apt-get install chromium (or set CHROMIUM to a Chromium binary)" >&2
		missing=1
	fi
fi

exit "$missing"
