//! The JSON of an action plan (SPEC §9, §10 and §12): `{"matrix", "fingerprint", "as_of",
//! "plan", "review_overdue", "budget", "progress"}`.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::{GapOption, Plan, PlanEntry};

/// One plan entry; with the plan it belongs to, its overdue mark and its options' costs.
pub(super) struct EntryJson<'p, 'a> {
    pub(super) entry: &'p PlanEntry<'a>,
    pub(super) plan: Option<&'p Plan<'a>>,
}

impl Serialize for EntryJson<'_, '_> {
    /// `{"id", "area", "need", "need_band", "grade", "action_due", ["overdue",] "fragile",
    /// "owner", "manager", "options"}`: `overdue` (true, false or null without a date or deadline) when
    /// written as part of a plan, each option's `cost` when the plan has costs.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let o = self.entry.entry.outcome();
        let a = self.entry.entry.assessment();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", o.id())?;
        map.serialize_entry("area", o.area())?;
        map.serialize_entry("need", &o.need())?;
        map.serialize_entry("need_band", o.need_band())?;
        map.serialize_entry("grade", &o.grade())?;
        map.serialize_entry("action_due", &o.action_due().map(|d| d.to_string()))?;
        if let Some(plan) = self.plan {
            map.serialize_entry("overdue", &plan.overdue(self.entry))?;
        }
        // SPEC §13: a high need that one notch of one call would undo.
        map.serialize_entry("fragile", &!self.entry.fragile.is_empty())?;
        map.serialize_entry("owner", &a.owner())?;
        map.serialize_entry("manager", &a.manager())?;
        let options: Vec<OptionJson<'_>> = self
            .entry
            .options
            .iter()
            .map(|option| OptionJson {
                option,
                cost: self
                    .plan
                    .filter(|p| p.costs.is_some())
                    .map(|p| p.cost(self.entry, option)),
            })
            .collect();
        map.serialize_entry("options", &options)?;
        map.end()
    }
}

/// An option, with `"cost"` (a number or null) when costs were given.
struct OptionJson<'o> {
    option: &'o GapOption,
    cost: Option<Option<crate::points::Amount>>,
}

impl Serialize for OptionJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        self.option.serialize_fields(&mut map)?;
        if let Some(cost) = &self.cost {
            map.serialize_entry("cost", cost)?;
        }
        map.end()
    }
}

impl Serialize for Plan<'_> {
    /// The action plan file: `{"matrix", "fingerprint", "as_of", "plan": [entries in priority
    /// order], "review_overdue": [ids] or null, "assessed_after_as_of": [ids] (with an as-of
    /// date only), "budget": {…} or null, "progress": {…} or null}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let m = self.register.matrix();
        let entries: Vec<EntryJson<'_, '_>> = self
            .entries
            .iter()
            .map(|entry| EntryJson {
                entry,
                plan: Some(self),
            })
            .collect();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("matrix", m.label())?;
        map.serialize_entry("fingerprint", m.fingerprint())?;
        map.serialize_entry("as_of", &self.as_of.map(|d| d.to_string()))?;
        map.serialize_entry("plan", &entries)?;
        map.serialize_entry("review_overdue", &self.review_overdue)?;
        // SPEC §12: listed with an as-of date, absent without.
        if let Some(after) = &self.assessed_after_as_of {
            map.serialize_entry("assessed_after_as_of", after)?;
        }
        map.serialize_entry("budget", &self.budget)?;
        map.serialize_entry("progress", &self.progress)?;
        map.end()
    }
}
