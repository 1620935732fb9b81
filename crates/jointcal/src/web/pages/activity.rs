//! One activity: every field in the reader's language (falling back to the
//! original), organizations with their roles, places (a sensitive place at region
//! level for whom the access rules say), and for coordinators its history from the
//! audit log.

use crate::i18n::Catalogue;
use crate::web::caller::Reader;
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::lang::Tr;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::response::Response;
use chrono::NaiveDate;
use jointcal_domain::audit::{Actor, AuditAction};
use jointcal_domain::ids::{ActivityId, UserId};
use jointcal_domain::vocab::Vocabulary;
use std::collections::HashMap;

/// One line of the facts list: a label and its value.
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// One event of the history.
pub struct Change {
    pub when: String,
    pub who: String,
    pub what: String,
    pub fields: String,
}

#[derive(Template)]
#[template(path = "activity.html")]
pub struct ActivityPage {
    chrome: Chrome,
    group_name: String,
    back_href: String,
    title: String,
    /// The title's other languages, as "ru: …".
    other_titles: Vec<String>,
    status: String,
    status_code: &'static str,
    status_note: Option<String>,
    /// The Cancel form, for who may change the activity while it is not cancelled.
    cancel: Option<(String, i64)>,
    when: String,
    facts: Vec<Fact>,
    /// The description's paragraphs.
    description: Vec<String>,
    links: Vec<(String, String)>,
    region_only: bool,
    history: Option<Vec<Change>>,
    /// Each organization: its page, and "IOM (lead) — International Organization for Migration".
    orgs: Vec<(String, String)>,
    edit_href: Option<String>,
    delete_href: Option<String>,
    /// Its possible overlaps with other activities, for those concerned.
    overlaps: Vec<OverlapLine>,
}

/// One possible overlap on the activity's page: the other activity, what kind, why.
pub struct OverlapLine {
    pub href: String,
    pub title: String,
    pub summary: String,
    pub reasons: String,
    pub flag_href: String,
}

pub async fn activity_page(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, HttpError> {
    let s = &st.services;
    let (group, viewer) = s.group_for(&slug, principal.as_ref()).await?;
    let id: ActivityId = id.parse().map_err(|_| HttpError::not_found("activity"))?;
    let view = s.get_activity(&viewer, &group, id).await?;
    let f = &view.activity.fields;
    let lang = t.lang;
    let cat = Catalogue::get();
    let orgs = s.list_orgs().await?;
    let org_name: HashMap<_, _> =
        orgs.iter().map(|o| (o.id, (o.fields.acronym.clone(), o.fields.name.clone()))).collect();
    let tz = f.schedule.tz;

    let day = |d: NaiveDate| cat.day(lang, d, true);
    // The first occurrence (of a series, the repetition is said after it).
    let (start, end) = f.schedule.span.utc_bounds(tz).unwrap_or((f.schedule.start_utc, f.schedule.end_utc));
    let (ls, le) = (start.with_timezone(&tz), end.with_timezone(&tz));
    let mut when = if f.schedule.is_all_day() {
        let last = (end - chrono::Duration::seconds(1)).with_timezone(&tz).date_naive();
        if last == ls.date_naive() {
            day(last)
        } else {
            t.args("date-range", &[("from", day(ls.date_naive()).into()), ("to", day(last).into())])
        }
    } else {
        let times = t.args(
            "date-day-times",
            &[
                ("day", day(ls.date_naive()).into()),
                ("start", ls.format("%H:%M").to_string().into()),
                ("end", le.format("%H:%M").to_string().into()),
            ],
        );
        format!("{times} ({})", tz.name())
    };
    if f.schedule.rrule.is_some() {
        when = t.args("activity-repeats", &[("when", when.into())]);
    }
    let list = |items: Vec<String>| items.join(", ");
    let mut facts = vec![
        Fact { label: t.t("column-kind"), value: t.vocab(f.kind) },
        Fact { label: t.t("activity-pillars"), value: list(f.pillars.iter().map(|p| t.vocab(*p)).collect()) },
        Fact { label: t.t("column-target-groups"), value: list(f.target_groups.iter().map(|g| t.vocab(*g)).collect()) },
        Fact {
            label: t.t("column-place"),
            value: f.locations.iter().map(|l| t.place(l)).collect::<Vec<_>>().join("; "),
        },
    ];
    if let Some(m) = f.delivery_mode {
        facts.push(Fact { label: t.t("activity-delivery-mode"), value: t.vocab(m) });
    }
    if !f.exploitation_focus.is_empty() {
        facts.push(Fact {
            label: t.t("activity-exploitation-focus"),
            value: list(f.exploitation_focus.iter().map(|e| t.vocab(*e)).collect()),
        });
    }
    if let Some(n) = f.expected_participants {
        facts.push(Fact { label: t.t("activity-participants"), value: n.to_string() });
    }
    if let Some(b) = &f.budget {
        facts.push(Fact { label: t.t("activity-budget"), value: format!("{} {}", b.amount, b.currency) });
    }
    if let Some(c) = &f.contact {
        let parts: Vec<String> = [&c.role, &c.name, &c.email, &c.phone].into_iter().flatten().cloned().collect();
        facts.push(Fact { label: t.t("activity-contact"), value: parts.join(" · ") });
    }
    facts.push(Fact { label: t.t("activity-visibility"), value: t.vocab(f.visibility) });
    for (key, value) in [
        ("activity-iati-identifier", f.iati_identifier.clone()),
        ("activity-ref", f.external_ref.clone()),
        ("activity-dac-sectors", (!f.dac_sectors.is_empty()).then(|| f.dac_sectors.join(", "))),
    ] {
        if let Some(v) = value {
            facts.push(Fact { label: t.t(key), value: v });
        }
    }
    facts.retain(|f| !f.value.is_empty());

    let title = f.title.get(lang.code()).to_string();
    let other_titles = f
        .title
        .versions
        .iter()
        .filter(|(_, text)| **text != title)
        .map(|(l, text)| format!("{}: {text}", l.as_str()))
        .collect();
    let description = f
        .description
        .as_ref()
        .map(|d| d.get(lang.code()).split("\n\n").map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();

    let history = if viewer.is_coordinator() {
        let events = s.activity_history(&viewer, &group, id).await?;
        let members = s.members(&viewer, &group).await?;
        let names: HashMap<UserId, String> = members.into_iter().map(|m| (m.user.id, m.user.display_name)).collect();
        let who = |a: &Actor| match a {
            Actor::User { id } | Actor::Token { user: id, .. } => {
                names.get(id).cloned().unwrap_or_else(|| t.t("history-someone"))
            }
            Actor::Job { name } => t.args("history-job", &[("name", name.clone().into())]),
            Actor::Import { .. } => t.t("history-import"),
            Actor::Cli => t.t("history-cli"),
            Actor::System => t.t("history-system"),
        };
        Some(
            events
                .iter()
                .rev()
                .map(|e| Change {
                    when: e.at.with_timezone(&group.fields.timezone).format("%Y-%m-%d %H:%M").to_string(),
                    who: who(&e.actor),
                    what: t.t(match e.action {
                        AuditAction::Create => "history-created",
                        AuditAction::Update => "history-updated",
                        AuditAction::Delete => "history-deleted",
                    }),
                    fields: changed_fields(e.before.as_ref(), e.after.as_ref()).join(", "),
                })
                .collect(),
        )
    } else {
        None
    };

    let overlaps = if viewer.is_member() {
        let acronyms: HashMap<String, String> =
            orgs.iter().map(|o| (o.id.to_string(), o.fields.acronym.clone())).collect();
        s.flags_of_activity(&viewer, &group, id)
            .await?
            .iter()
            .map(|v| {
                let other = if v.a.activity.id == id { &v.b } else { &v.a };
                let f = &v.flag;
                OverlapLine {
                    href: format!("/groups/{}/activities/{}{}", group.fields.slug, other.activity.id, t.with_lang()),
                    title: other.activity.fields.title.get(lang.code()).to_string(),
                    summary: format!(
                        "{} · {:.0}% · {}",
                        t.t(&format!("overlaps-kind-{}", f.kind.code())),
                        f.score * 100.0,
                        t.vocab(f.resolution)
                    ),
                    reasons: f
                        .reasons
                        .iter()
                        .filter(|e| e.weight > 0.0)
                        .map(|e| crate::web::pages::overlaps::said(&t, &acronyms, &e.reason))
                        .collect::<Vec<_>>()
                        .join("; "),
                    flag_href: format!(
                        "/groups/{}/overlaps?resolution=all{}#flag-{}",
                        group.fields.slug,
                        t.and_lang(),
                        f.id
                    ),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let (may_edit, may_delete) = s.activity_actions(&viewer, &view.activity);
    let own = format!("/groups/{}/activities/{}", group.fields.slug, view.activity.id);
    let orgs_shown = f
        .organizations
        .iter()
        .map(|o| {
            let (acronym, name) = org_name.get(&o.org).cloned().unwrap_or_else(|| ("?".into(), String::new()));
            let text = t.args(
                "activity-org-role",
                &[
                    ("org", acronym.clone().into()),
                    ("name", name.into()),
                    ("role", t.vocab(o.role).to_lowercase().into()),
                ],
            );
            (format!("/groups/{}/orgs/{acronym}{}", group.fields.slug, t.with_lang()), text)
        })
        .collect();
    let page = ActivityPage {
        overlaps,
        orgs: orgs_shown,
        edit_href: may_edit.then(|| format!("{own}/edit{}", t.with_lang())),
        delete_href: may_delete.then(|| format!("{own}/delete{}", t.with_lang())),
        group_name: group.fields.name.clone(),
        back_href: format!("/groups/{}?month={}{}", group.fields.slug, ls.format("%Y-%m"), t.and_lang()),
        title,
        other_titles,
        status: t.vocab(f.status),
        status_code: f.status.code(),
        status_note: f.status_note.clone(),
        cancel: (may_edit && f.status != jointcal_domain::vocab::Status::Cancelled)
            .then(|| (format!("{own}/cancel{}", t.with_lang()), view.activity.version)),
        when,
        facts,
        description,
        links: f.links.iter().map(|l| (l.url.clone(), l.title.clone().unwrap_or_else(|| l.url.clone()))).collect(),
        region_only: !view.exact_place && f.sensitive,
        history,
        chrome: Chrome::new(t, principal.as_ref(), &uri),
    };
    Ok(render(&page))
}

/// The top-level fields that differ between two versions (all of them for a
/// creation or a deletion).
fn changed_fields(before: Option<&serde_json::Value>, after: Option<&serde_json::Value>) -> Vec<String> {
    let keys =
        |v: Option<&serde_json::Value>| v.and_then(|v| v.as_object()).map(|o| o.keys().cloned().collect::<Vec<_>>());
    match (before.and_then(|b| b.as_object()), after.and_then(|a| a.as_object())) {
        (Some(b), Some(a)) => {
            let mut k: Vec<String> = b.keys().chain(a.keys()).filter(|k| b.get(*k) != a.get(*k)).cloned().collect();
            k.sort();
            k.dedup();
            k.retain(|k| !matches!(k.as_str(), "version" | "sequence" | "updated_at" | "fingerprint"));
            k
        }
        _ => keys(after).or_else(|| keys(before)).map(|_| Vec::new()).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_change_names_the_fields_it_touched() {
        let before = json!({"title": {"en": "A"}, "status": "planned", "version": 1});
        let after = json!({"title": {"en": "A"}, "status": "cancelled", "version": 2, "note": "x"});
        assert_eq!(changed_fields(Some(&before), Some(&after)), ["note", "status"]);
        assert!(changed_fields(None, Some(&after)).is_empty());
    }
}
