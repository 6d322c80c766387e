//! The node process: where its RPC server listens is read from its log.

use grid_bench::chain::rpc_port_in;

#[test]
fn the_rpc_port_is_read_from_the_node_s_log_line() {
	let line = "2026-12-03 05:26:31 Running JSON-RPC server: addr=127.0.0.1:32797,[::1]:33549";
	assert_eq!(rpc_port_in(line), Some(32797));
	let only_v6 = "2026-12-03 05:26:31 Running JSON-RPC server: addr=[::1]:33549,";
	assert_eq!(rpc_port_in(only_v6), None);
	assert_eq!(rpc_port_in("2026-12-03 05:26:31 Idle (0 peers), best: #0"), None);
}
