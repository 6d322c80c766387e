//! Automated responses: rules configured by the admin, fired by readings and triggers.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Add a rule (`configure_automated_response`, its caller checked).
	pub(crate) fn do_configure_rule(
		condition: TriggerCondition,
		action: BalancingActionType,
		target_adjustment_kw: Kilowatts,
		priority: Priority,
	) -> DispatchResult {
		ensure!(target_adjustment_kw > 0, Error::<T>::ZeroAdjustment);
		ensure!(priority < CRITICAL_LOAD_PRIORITY, Error::<T>::ReservedPriority);
		let rule = AutomatedRule { condition, action, target_adjustment_kw, priority };
		let rule_id = NextRuleId::<T>::get();
		Rules::<T>::try_mutate(|rules| rules.try_push((rule_id, rule)))
			.map_err(|_| Error::<T>::TooManyRules)?;
		NextRuleId::<T>::put(rule_id.saturating_add(1));
		Self::deposit_event(Event::RuleConfigured { rule_id, rule });
		Ok(())
	}

	/// Remove a rule (`remove_automated_response`, its caller checked).
	pub(crate) fn do_remove_rule(rule_id: RuleId) -> DispatchResult {
		Rules::<T>::try_mutate(|rules| {
			let position =
				rules.iter().position(|(id, _)| *id == rule_id).ok_or(Error::<T>::UnknownRule)?;
			rules.remove(position);
			Ok::<_, Error<T>>(())
		})?;
		Self::deposit_event(Event::RuleRemoved { rule_id });
		Ok(())
	}

	/// Fire every rule the figures meet, in the order they were configured, unless what the
	/// rule's last response opened in `region` is still open: a region holds at most one
	/// action per rule, however many readings (or triggers) meet it, and a rule whose action
	/// ended (done, cancelled, expired, evicted) or was refused asks again. Returns how many
	/// rules the figures met.
	pub(crate) fn fire_rules(
		region: &RegionId,
		frequency_mhz: MilliHertz,
		voltage_permille: VoltagePermille,
		level: StabilityLevel,
	) -> u32 {
		let rules = Rules::<T>::get();
		let met: Vec<_> = rules
			.iter()
			.filter(|(_, rule)| rule.condition.is_met(frequency_mhz, voltage_permille, level))
			.collect();
		if met.is_empty() {
			return 0;
		}
		let mut responses = RuleResponses::<T>::get(region);
		// Forget the responses of removed rules and of actions no longer open.
		responses.retain(|(id, action)| {
			rules.iter().any(|(rule_id, _)| rule_id == id) && T::Responder::is_open(*action)
		});
		for (rule_id, rule) in met.iter().copied() {
			if responses.iter().any(|(id, _)| id == rule_id) {
				continue;
			}
			// Below the critical load's priority even for a rule configured before that was
			// refused (spec 104).
			let priority = rule.priority.min(CRITICAL_LOAD_PRIORITY.saturating_sub(1));
			let response =
				T::Responder::respond(region, rule.action, rule.target_adjustment_kw, priority);
			if let Ok(action) = response {
				// One entry per configured rule at most: `MaxRules` places suffice.
				let _ = responses.try_push((*rule_id, action));
			}
			let rule_id = *rule_id;
			let rule = *rule;
			Self::deposit_event(Event::RuleFired {
				rule_id,
				region: region.clone(),
				action: rule.action,
				target_adjustment_kw: rule.target_adjustment_kw,
				priority,
				response,
			});
		}
		RuleResponses::<T>::insert(region, responses);
		met.len().try_into().unwrap_or(u32::MAX)
	}
}
