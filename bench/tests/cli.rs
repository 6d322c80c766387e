//! The command line (the measuring run itself is an end-to-end test of grid-node,
//! `node/tests/e2e/bench.rs`, which needs this binary built).

use std::process::Command;

#[test]
fn help_names_every_kind_and_the_outputs() {
	let out = Command::new(env!("CARGO_BIN_EXE_grid-bench")).arg("--help").output().unwrap();
	assert!(out.status.success());
	let help = String::from_utf8_lossy(&out.stdout);
	for kind in ["transfer", "report_load", "report_loads", "stability", "trades", "readings"] {
		assert!(help.contains(kind), "--help does not name {kind}:\n{help}");
	}
	assert!(help.contains("--url") && help.contains("--out"), "{help}");
}

#[test]
fn an_unreachable_node_is_an_error_not_a_hang() {
	let out = Command::new(env!("CARGO_BIN_EXE_grid-bench"))
		.args(["--url", "ws://127.0.0.1:1", "--connect-timeout", "1"])
		.output()
		.unwrap();
	assert!(!out.status.success());
	assert!(String::from_utf8_lossy(&out.stderr).contains("127.0.0.1:1"));
}
