//! The filter form every view of a group's activities shows: the API's filter
//! parameters as pick-lists and a text field, kept in the address.

use crate::services::ActivityFilter;
use crate::web::lang::Tr;
use jointcal_domain::geo::subdivisions_of;
use jointcal_domain::org::Organization;
use jointcal_domain::vocab::{ActivityKind, Pillar, Status, TargetGroup, Vocabulary};

/// What the form shows (templates/filters.html).
pub struct FilterForm {
    pub selects: Vec<Select>,
    pub q: String,
    /// Whether any filter is set (then a "clear" link is shown).
    pub filtered: bool,
    pub clear_href: String,
}

/// One option of a filter's pick-list.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One filter: its parameter name, label and choices.
pub struct Select {
    pub name: &'static str,
    pub label: String,
    pub choices: Vec<Choice>,
}

/// The filters' pick-lists, with the current choice selected.
pub fn selects(t: &Tr, orgs: &[Organization], country: &str, f: &ActivityFilter) -> Vec<Select> {
    /// A vocabulary's choices: by label, or in the vocabulary's own order where it
    /// has one (the four pillars, the life of an activity).
    fn vocab<V: Vocabulary>(t: &Tr, name: &'static str, key: &str, current: Option<V>, by_label: bool) -> Select {
        let mut choices: Vec<Choice> = V::all()
            .iter()
            .map(|v| Choice { value: v.code().to_string(), label: t.vocab(*v), selected: current == Some(*v) })
            .collect();
        if by_label {
            choices.sort_by(|a, b| a.label.cmp(&b.label));
        }
        Select { name, label: t.t(key), choices }
    }
    let mut by_acronym: Vec<_> = orgs.iter().collect();
    by_acronym.sort_by(|a, b| a.fields.acronym.cmp(&b.fields.acronym));
    let org = Select {
        name: "org",
        label: t.t("filter-org"),
        choices: by_acronym
            .iter()
            .map(|o| Choice {
                value: o.fields.acronym.clone(),
                label: format!("{} — {}", o.fields.acronym, o.fields.name),
                selected: f.org == Some(o.id),
            })
            .collect(),
    };
    let region = Select {
        name: "region",
        label: t.t("filter-region"),
        choices: subdivisions_of(country)
            .iter()
            .map(|s| Choice {
                value: s.code.to_string(),
                label: t.region(s),
                selected: f.region.as_deref() == Some(s.code),
            })
            .collect(),
    };
    vec![
        org,
        vocab::<ActivityKind>(t, "kind", "filter-kind", f.kind, true),
        vocab::<Pillar>(t, "pillar", "filter-pillar", f.pillar, false),
        vocab::<TargetGroup>(t, "target_group", "filter-target-group", f.target_group, true),
        region,
        vocab::<Status>(t, "status", "filter-status", f.status, false),
    ]
}
