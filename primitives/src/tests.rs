//! Unit tests of the units, domain types and the operator origin.

use super::*;

#[test]
fn region_accepts_names_of_the_allowed_alphabet() {
	for name in ["North", "n", "south-east_2", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"] {
		let region = RegionId::new(name.as_bytes()).expect("valid name");
		assert_eq!(region.as_bytes(), name.as_bytes());
		assert_eq!(region.validate(), Ok(()));
		assert_eq!(RegionId::try_from(name), Ok(region));
	}
}

#[test]
fn region_rejects_empty_long_and_bad_characters() {
	assert_eq!(RegionId::new(b""), Err(RegionError::Empty));
	assert_eq!(RegionId::new(&[b'a'; 33]), Err(RegionError::TooLong));
	for bad in ["North West", "Nord/Est", "é", "a.b", "tab\t", "x\0"] {
		assert_eq!(RegionId::try_from(bad), Err(RegionError::InvalidCharacter), "{bad:?}");
	}
}

#[test]
fn decoded_region_is_bounded_but_validated_separately() {
	// A decoded value may carry bad bytes; `validate` catches them.
	let raw: BoundedVec<u8, ConstU32<MAX_REGION_LEN>> = b"bad name".to_vec().try_into().unwrap();
	let decoded = RegionId::decode(&mut &raw.encode()[..]).unwrap();
	assert_eq!(decoded.validate(), Err(RegionError::InvalidCharacter));
	let empty = RegionId::decode(&mut &Vec::<u8>::new().encode()[..]).unwrap();
	assert_eq!(empty.validate(), Err(RegionError::Empty));
	// More than 32 bytes does not decode at all.
	assert!(RegionId::decode(&mut &vec![b'a'; 33].encode()[..]).is_err());
	// A valid one round-trips.
	let north = RegionId::new(b"North").unwrap();
	assert_eq!(RegionId::decode(&mut &north.encode()[..]).unwrap(), north);
}

#[test]
fn region_reads_and_writes_json_as_its_name() {
	let north = RegionId::new(b"North").unwrap();
	assert_eq!(serde_json::to_string(&north).unwrap(), "\"North\"");
	assert_eq!(serde_json::from_str::<RegionId>("\"North\"").unwrap(), north);
	assert!(serde_json::from_str::<RegionId>("\"North West\"").is_err());
	assert!(serde_json::from_str::<RegionId>("\"\"").is_err());
	assert!(serde_json::from_str::<RegionId>("[78]").is_err());
}

#[test]
fn default_load_thresholds_match_the_seed_at_every_whole_percentage() {
	let t = LoadThresholds::default();
	assert!(t.is_valid());
	for percent in 0..=100u32 {
		let expected = match percent {
			0..=30 => LoadStatus::Low,
			31..=79 => LoadStatus::Normal,
			80..=94 => LoadStatus::High,
			_ => LoadStatus::Critical,
		};
		assert_eq!(t.classify(Permill::from_percent(percent)), expected, "{percent} %");
	}
}

#[test]
fn load_between_whole_percentages_rounds_down_as_in_the_seed() {
	let t = LoadThresholds::default();
	// 30.9 % is 30 % in the seed's integer arithmetic: low.
	assert_eq!(t.classify(Permill::from_parts(309_000)), LoadStatus::Low);
	// 94.99 % is 94 %: high, not critical.
	assert_eq!(t.classify(Permill::from_parts(949_900)), LoadStatus::High);
	assert_eq!(t.classify(Permill::from_parts(950_000)), LoadStatus::Critical);
}

#[test]
fn thresholds_that_do_not_strictly_increase_are_invalid() {
	let p = Permill::from_percent;
	let make = |n, h, c| LoadThresholds { normal_from: p(n), high_from: p(h), critical_from: p(c) };
	assert!(make(1, 2, 3).is_valid());
	assert!(!make(0, 50, 90).is_valid(), "low band would be empty");
	assert!(!make(50, 50, 90).is_valid());
	assert!(!make(50, 90, 90).is_valid());
	assert!(!make(60, 50, 90).is_valid());
	assert!(!make(30, 95, 80).is_valid());
}

#[test]
fn load_share_handles_zero_capacity_and_overload() {
	assert_eq!(load_share(0, 10), None);
	assert_eq!(load_share(1_000_000, 750_000), Some(Permill::from_percent(75)));
	assert_eq!(load_share(1_000_000, 0), Some(Permill::zero()));
	assert_eq!(load_share(1_000, 5_000), Some(Permill::one()));
	assert_eq!(load_share(u64::MAX, u64::MAX), Some(Permill::one()));
	let t = LoadThresholds::default();
	assert_eq!(t.classify(load_share(1_000, 960).unwrap()), LoadStatus::Critical);
	assert_eq!(t.classify(load_share(1_000, 750).unwrap()), LoadStatus::Normal);
}

#[test]
fn megawatts_convert_to_kilowatts_without_overflow() {
	assert_eq!(mw_to_kw(1_000), Some(1_000_000));
	assert_eq!(mw_to_kw(0), Some(0));
	assert_eq!(mw_to_kw(u64::MAX), None);
}

#[test]
fn stability_levels_are_ordered_by_severity() {
	use StabilityLevel::*;
	assert!(Normal < Alert && Alert < Emergency && Emergency < Critical);
	assert_eq!([Alert, Critical, Normal].into_iter().max(), Some(Critical));
}

#[test]
fn capabilities_hold_exactly_what_was_granted() {
	use Capability::*;
	let every = [
		ReportLoad,
		CoordinateBalancing,
		RunDemandResponse,
		ReportStability,
		ValidateBlocks,
		ManageMeters,
	];
	let none = Capabilities::default();
	assert!(every.iter().all(|c| !none.contains(*c)));
	assert!(every.iter().all(|c| Capabilities::all().contains(*c)));
	for granted in every {
		let set = none.with(granted);
		for c in every {
			assert_eq!(set.contains(c), c == granted, "{granted:?} granted, {c:?} asked");
		}
	}
	let folded = every.iter().fold(none, |set, c| set.with(*c));
	assert_eq!(folded, Capabilities::all());
}

#[test]
fn capabilities_json_without_manage_meters_reads_as_off() {
	let json = r#"{"reportLoad":true,"coordinateBalancing":false,"runDemandResponse":false,
		"reportStability":false,"validateBlocks":true}"#;
	let caps: Capabilities = serde_json::from_str(json).unwrap();
	assert!(caps.contains(Capability::ReportLoad) && caps.contains(Capability::ValidateBlocks));
	assert!(!caps.contains(Capability::ManageMeters));
}

mod ensure_operator {
	use super::*;
	use frame_support::{dispatch::RawOrigin, traits::EnsureOrigin};

	/// Account 1: verified in North with ReportLoad. Account 2: registered, not
	/// verified. Account 3: verified without capabilities.
	struct Registry;
	impl OperatorRegistry<u64> for Registry {
		fn is_verified(who: &u64) -> bool {
			matches!(who, 1 | 3)
		}
		fn region_of(who: &u64) -> Option<RegionId> {
			matches!(who, 1..=3).then(|| RegionId::new(b"North").unwrap())
		}
		fn has_capability(who: &u64, capability: Capability) -> bool {
			*who == 1 && capability == Capability::ReportLoad
		}
		#[cfg(feature = "runtime-benchmarks")]
		fn make_operator(_: &u64, _: RegionId, _: Capabilities) {}
	}
	frame_support::parameter_types! {
		pub const Load: Capability = Capability::ReportLoad;
		pub const Stability: Capability = Capability::ReportStability;
	}
	/// The smallest origin type `EnsureOrigin` accepts: a wrapped `RawOrigin`.
	#[derive(Debug, PartialEq)]
	struct Origin(RawOrigin<u64>);
	impl From<RawOrigin<u64>> for Origin {
		fn from(o: RawOrigin<u64>) -> Self {
			Origin(o)
		}
	}
	impl From<Origin> for Result<RawOrigin<u64>, Origin> {
		fn from(o: Origin) -> Self {
			Ok(o.0)
		}
	}
	fn signed(who: u64) -> Origin {
		Origin(RawOrigin::Signed(who))
	}

	#[test]
	fn admits_a_verified_operator_with_the_capability() {
		let ok = EnsureOperator::<u64, Registry, Load>::try_origin(signed(1));
		assert_eq!(ok.map_err(|_| ()), Ok((1, RegionId::new(b"North").unwrap())));
	}

	#[test]
	fn refuses_everyone_else() {
		type ForLoad = EnsureOperator<u64, Registry, Load>;
		assert!(EnsureOperator::<u64, Registry, Stability>::try_origin(signed(1)).is_err());
		for who in [2, 3, 4] {
			assert_eq!(ForLoad::try_origin(signed(who)).err(), Some(signed(who)));
		}
		let root = Origin(RawOrigin::Root);
		assert_eq!(ForLoad::try_origin(root).err(), Some(Origin(RawOrigin::Root)));
		let none = Origin(RawOrigin::None);
		assert_eq!(ForLoad::try_origin(none).err(), Some(Origin(RawOrigin::None)));
	}
}

#[test]
fn nominal_frequencies_in_millihertz() {
	assert_eq!(NominalFrequency::Hz50.millihertz(), 50_000);
	assert_eq!(NominalFrequency::Hz60.millihertz(), 60_000);
	assert_eq!(NominalFrequency::default(), NominalFrequency::Hz50);
}

#[test]
fn printable_names() {
	for good in ["PowerCorp", "Peak Shaving", "Grid Operator 5", "Ünïcode"] {
		assert!(is_printable_name(good.as_bytes()), "{good}");
	}
	for bad in ["", " lead", "trail ", "bad\u{7}name", "new\nline"] {
		assert!(!is_printable_name(bad.as_bytes()), "{bad:?}");
	}
	assert!(!is_printable_name(&[0xff, 0xfe]), "not UTF-8");
}
