//! The pallets `grid-node benchmark pallet` can measure in this runtime.

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_grandpa, Grandpa]
	[grandpa_equivocation_report, GrandpaReportBench::<Runtime>]
	[pallet_session, SessionBench::<Runtime>]
	[pallet_timestamp, Timestamp]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_collective, Council]
	[pallet_operators, Operators]
	[pallet_load, Load]
	[pallet_balancing, Balancing]
	[pallet_demand_response, DemandResponse]
	[pallet_stability, Stability]
	[pallet_energy_market, EnergyMarket]
	[pallet_metering, Metering]
	[pallet_council_root, CouncilRoot]
);
