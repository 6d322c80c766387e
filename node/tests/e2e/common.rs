//! A `grid-node --dev --tmp` process on free loopback ports, for the end-to-end tests.
//!
//! The node is stopped when dropped; if the test is failing, the tail of its log is printed.

use std::{
	fs::File,
	net::TcpListener,
	path::PathBuf,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// A running `grid-node`, stopped (and its log printed on failure) when dropped.
pub struct Node {
	child: Child,
	log: PathBuf,
	pub rpc_port: u16,
}

pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Node {
	pub fn start_dev() -> Self {
		let (rpc_port, p2p_port, prometheus_port) = (free_port(), free_port(), free_port());
		let log = std::env::temp_dir().join(format!("grid-node-e2e-{rpc_port}.log"));
		let log_file = File::create(&log).unwrap();
		let child = Command::new(env!("CARGO_BIN_EXE_grid-node"))
			.args(["--dev", "--tmp", "--no-telemetry", "--no-mdns"])
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--prometheus-port", &prometheus_port.to_string()])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{p2p_port}")])
			.stdout(Stdio::null())
			.stderr(log_file)
			.spawn()
			.expect("grid-node starts");
		Node { child, log, rpc_port }
	}

	/// SIGTERM, then wait up to 20 s for the node to exit (SIGKILL after that).
	pub fn stop(&mut self) -> Option<std::process::ExitStatus> {
		let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
		let deadline = Instant::now() + Duration::from_secs(20);
		while Instant::now() < deadline {
			if let Ok(Some(status)) = self.child.try_wait() {
				return Some(status);
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		let _ = self.child.kill();
		let _ = self.child.wait();
		None
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if self.child.try_wait().ok().flatten().is_none() {
			self.stop();
		}
		if std::thread::panicking() {
			let log = std::fs::read_to_string(&self.log).unwrap_or_default();
			let tail: Vec<_> = log.lines().rev().take(60).collect();
			eprintln!("--- last lines of the node's log ({}) ---", self.log.display());
			for line in tail.into_iter().rev() {
				eprintln!("{line}");
			}
		}
	}
}
