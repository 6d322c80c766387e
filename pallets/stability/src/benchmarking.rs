//! Benchmarks of every call in its worst case: every rule slot filled with a rule the
//! reading meets, the longest event list the call can meet (every manual place taken, or one
//! short for a manual trigger), a level change and emergency mode entered (or, for
//! `resolve_critical_event`, cleared).

use super::*;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use grid_primitives::Capabilities;

fn north() -> RegionId {
	RegionId::new(b"North").expect("a valid region name")
}

fn reporter<T: Config>() -> T::AccountId {
	let who: T::AccountId = account("reporter", 0, 0);
	let caps = Capabilities::default().with(Capability::ReportStability);
	T::Operators::make_operator(&who, north(), caps);
	who
}

/// `count` rules that a critical reading meets, each with a response on record in North whose
/// action is no longer open (so firing reads it, forgets it and asks again).
fn rules<T: Config>(count: u32) {
	let stale: Vec<(RuleId, u64)> = (0..count).map(|id| (id, u64::MAX - u64::from(id))).collect();
	RuleResponses::<T>::insert(north(), BoundedVec::truncate_from(stale));
	let rule = AutomatedRule {
		condition: TriggerCondition::LevelAtLeast(StabilityLevel::Alert),
		action: BalancingActionType::LoadShedding,
		target_adjustment_kw: 1_000,
		priority: 1,
	};
	let list: Vec<(RuleId, AutomatedRule)> = (0..count).map(|id| (id, rule)).collect();
	Rules::<T>::put(BoundedVec::truncate_from(list));
	NextRuleId::<T>::put(count);
}

/// Events readings opened in North, one per severity given. North is then taken out of
/// emergency mode again, so that the measured call still enters it (the longest list and
/// the mode's entry together: a state a chain cannot reach, and dearer than any it can).
fn reading_events<T: Config>(who: &T::AccountId, severities: &[StabilityLevel]) {
	for severity in severities {
		Pallet::<T>::open_event(&north(), *severity, 48_000, 850, who, false).expect("room for it");
	}
	EmergencyRegions::<T>::remove(north());
}

/// `count` open alert events in North.
fn alerts<T: Config>(who: &T::AccountId, count: u32) {
	for _ in 0..count {
		Pallet::<T>::open_event(&north(), StabilityLevel::Alert, 49_400, 1_000, who, true)
			.expect("room for it");
	}
}

/// A normal reading of North by `who`.
fn normal_reading<T: Config>(who: &T::AccountId) -> Result<(), BenchmarkError> {
	let origin = RawOrigin::Signed(who.clone()).into();
	Pallet::<T>::report_stability_metrics(origin, north(), 50_000, 1_000, 0)
		.map(drop)
		.map_err(|e| BenchmarkError::Stop(e.error.into()))
}

fn rule_origin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::RuleOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn report_stability_metrics() {
		let who = reporter::<T>();
		rules::<T>(T::MaxRules::get());
		// The longest list a reading can meet: every manual place, and the emergency event a
		// reading opened; the critical reading opens the last one.
		alerts::<T>(&who, Pallet::<T>::manual_event_limit());
		reading_events::<T>(&who, &[StabilityLevel::Emergency]);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), north(), 48_000, 850, 40_000);

		assert!(Pallet::<T>::is_region_in_emergency(&north()));
		assert_eq!(OpenEvents::<T>::get(north()).len() as u32, T::MaxOpenEvents::get());
	}

	/// The everyday report: normal figures after a normal reading, every rule slot filled
	/// with a rule it does not meet.
	#[benchmark]
	fn report_stability_metrics_quiet() -> Result<(), BenchmarkError> {
		let who = reporter::<T>();
		rules::<T>(T::MaxRules::get());
		normal_reading::<T>(&who)?;

		#[extrinsic_call]
		report_stability_metrics(RawOrigin::Signed(who), north(), 50_010, 1_001, 10);

		assert_eq!(Pallet::<T>::level(&north()), StabilityLevel::Normal);
		assert!(Pallet::<T>::open_events(&north()).is_empty());
		Ok(())
	}

	#[benchmark]
	fn trigger_stability_response() {
		let who = reporter::<T>();
		rules::<T>(T::MaxRules::get());
		// The manual events counted: one short of the limit, beside readings' two events.
		alerts::<T>(&who, Pallet::<T>::manual_event_limit() - 1);
		reading_events::<T>(&who, &[StabilityLevel::Emergency, StabilityLevel::Critical]);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), north(), 48_000, 850, StabilityLevel::Critical);

		assert!(Pallet::<T>::is_region_in_emergency(&north()));
	}

	#[benchmark]
	fn configure_automated_response() -> Result<(), BenchmarkError> {
		rules::<T>(T::MaxRules::get() - 1);
		let origin = rule_origin::<T>()?;

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			TriggerCondition::FrequencyBelow(49_000),
			BalancingActionType::IncreaseGeneration,
			5_000,
			3,
		);

		assert_eq!(Rules::<T>::get().len() as u32, T::MaxRules::get());
		Ok(())
	}

	#[benchmark]
	fn remove_automated_response() -> Result<(), BenchmarkError> {
		rules::<T>(T::MaxRules::get());
		let origin = rule_origin::<T>()?;
		let last = T::MaxRules::get() - 1;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, last);

		assert_eq!(Rules::<T>::get().len() as u32, T::MaxRules::get() - 1);
		Ok(())
	}

	#[benchmark]
	fn resolve_critical_event() -> Result<(), BenchmarkError> {
		let who = reporter::<T>();
		alerts::<T>(&who, Pallet::<T>::manual_event_limit());
		let id =
			Pallet::<T>::open_event(&north(), StabilityLevel::Critical, 48_000, 850, &who, false)
				.expect("room for it");
		// A reading opened it: an operator resolves it once a reading says it is over.
		normal_reading::<T>(&who)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who), id);

		assert!(!Pallet::<T>::is_region_in_emergency(&north()));
		Ok(())
	}

	#[benchmark]
	fn set_region_settings() -> Result<(), BenchmarkError> {
		let origin =
			T::SettingsOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, north(), NominalFrequency::Hz60, StabilityBands::default());

		assert!(Settings::<T>::contains_key(north()));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
