//! Coordination meetings beyond storage: the agenda the system drafts from the
//! calendar (the coming quarter's activities by pillar, open overlap flags, gaps,
//! action items still open from earlier meetings, any other business), and the
//! agenda and minutes as Markdown (for `jointcal meeting agenda|minutes`, the API and
//! the PDFs, which typeset the Markdown with `jointcal-pdf`). `mail` sends the
//! invitations (iCalendar REQUEST/CANCEL) and the action items' reminders.

pub mod mail;

use crate::bulletin::{markdown_escape, when};
use crate::services::{ActivityFilter, ActivityView, AttendanceLine, MeetingView, ServiceError, Services};
use crate::web::lang::Tr;
use chrono::{Datelike, Months, NaiveDate};
use jointcal_domain::access::Viewer;
use jointcal_domain::group::Group;
use jointcal_domain::ids::OrgId;
use jointcal_domain::meeting::{slots, ActionItem, AgendaItemInput};
use jointcal_domain::overlap::FlagResolution;
use jointcal_domain::schedule::{day_start_utc, Span};
use jointcal_domain::vocab::{AgendaKind, AttendanceResponse, OrgRole, Pillar, Status, Vocabulary};
use std::collections::{BTreeMap, HashMap};

/// How many activities an item's notes name (the rest are counted).
const NAMED: usize = 12;
/// How many overlap flags get an item of their own.
const FLAG_ITEMS: usize = 6;
/// How many gaps the gaps item names.
const GAPS_NAMED: usize = 8;

/// The period the draft looks at: from the meeting's day for three months.
pub fn coming_quarter(meeting_day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let to = meeting_day.checked_add_months(Months::new(3)).unwrap_or(meeting_day);
    (meeting_day, to)
}

fn lead(v: &ActivityView) -> Option<OrgId> {
    v.activity.fields.organizations.iter().find(|o| o.role == OrgRole::Lead).map(|o| o.org)
}

fn day_words(t: &Tr, d: NaiveDate) -> String {
    crate::i18n::Catalogue::get().day(t.lang, d, true)
}

/// The agenda the system proposes for `meeting`, in the reader's language: every
/// item with an owner organization and a length; a coordinator edits it after.
pub async fn draft_agenda(
    s: &Services,
    group: &Group,
    meeting: &MeetingView,
    t: &Tr,
) -> Result<Vec<AgendaItemInput>, ServiceError> {
    let viewer = Viewer::SYSTEM;
    let tz = group.fields.timezone;
    let start_local = meeting.activity.fields.schedule.start_utc.with_timezone(&tz).date_naive();
    let (from, to) = coming_quarter(start_local);
    let acronyms = s.acronyms().await?;
    let acr = |o: Option<OrgId>| o.and_then(|o| acronyms.get(&o).cloned()).unwrap_or_default();
    let host = lead(&meeting.activity);
    let owner = |o: Option<OrgId>| o.map(|o| o.0.to_string());
    let mut items = Vec::new();
    let item =
        |title: String, kind: AgendaKind, org: Option<OrgId>, minutes: u16, notes: Vec<String>, refs: Vec<String>| {
            AgendaItemInput {
                id: None,
                title,
                kind: Some(kind.code().into()),
                owner: owner(org),
                minutes: Some(minutes),
                notes: Some(notes.join("\n")),
                refs,
            }
        };
    items.push(item(t.t("meeting-agenda-opening"), AgendaKind::Opening, host, 5, vec![], vec![]));

    // The minutes of the last earlier meeting, when they wait for approval.
    let all = s.meetings(&viewer, group).await?;
    let previous = all.iter().rfind(|m| {
        m.activity.fields.schedule.start_utc < meeting.activity.fields.schedule.start_utc
            && m.activity.fields.status != Status::Cancelled
    });
    if let Some(p) = previous {
        if p.meeting.minutes_status != jointcal_domain::vocab::MinutesStatus::Approved {
            let day = p.activity.fields.schedule.start_utc.with_timezone(&tz).date_naive();
            items.push(item(
                t.args("meeting-agenda-previous-minutes", &[("day", day_words(t, day).into())]),
                AgendaKind::PreviousMinutes,
                host,
                5,
                vec![p.activity.fields.title.get(t.code()).to_string()],
                vec![p.activity.id.0.to_string()],
            ));
        }
    }

    // Action items still open from earlier meetings.
    let open = s.open_actions_before(group, meeting).await?;
    for a in &open {
        items.push(item(
            t.args("meeting-agenda-action", &[("what", a.what.clone().into()), ("due", day_words(t, a.due).into())]),
            AgendaKind::ActionItem,
            a.owner_org,
            5,
            vec![],
            vec![a.id.to_string()],
        ));
    }

    // The coming quarter's activities, by pillar.
    let filter =
        ActivityFilter { from: Some(day_start_utc(tz, from)), to: Some(day_start_utc(tz, to)), ..Default::default() };
    let mut list = s.list_activities(&viewer, group, &filter).await?;
    // What starts in the period (programmes under way all year are not news).
    let (from_utc, to_utc) = (day_start_utc(tz, from), day_start_utc(tz, to));
    list.retain(|v| {
        let start = v.activity.fields.schedule.start_utc;
        v.activity.id != meeting.activity.id
            && v.activity.fields.status != Status::Cancelled
            && start >= from_utc
            && start < to_utc
    });
    list.retain(|v| v.activity.fields.kind != jointcal_domain::vocab::ActivityKind::CoordinationMeeting);
    list.sort_by_key(|v| (v.activity.fields.schedule.start_utc, v.activity.id));
    let mut by_pillar: BTreeMap<Pillar, Vec<&ActivityView>> = BTreeMap::new();
    for v in &list {
        if let Some(p) = v.activity.fields.pillars.first() {
            by_pillar.entry(*p).or_default().push(v);
        }
    }
    let period = format!("{} – {}", day_words(t, from), day_words(t, to.pred_opt().unwrap_or(to)));
    for (pillar, acts) in &by_pillar {
        let mut counts: HashMap<OrgId, usize> = HashMap::new();
        for v in acts {
            if let Some(o) = lead(v) {
                *counts.entry(o).or_default() += 1;
            }
        }
        let top = counts.into_iter().max_by_key(|(o, n)| (*n, std::cmp::Reverse(acr(Some(*o))))).map(|(o, _)| o);
        let mut notes: Vec<String> = acts
            .iter()
            .take(NAMED)
            .map(|v| {
                format!("{}: {} ({})", when(t, v, from.year()), v.activity.fields.title.get(t.code()), acr(lead(v)))
            })
            .collect();
        if acts.len() > NAMED {
            notes.push(t.args("meeting-agenda-more", &[("count", (acts.len() - NAMED).into())]));
        }
        let minutes = u16::try_from((10 + 2 * acts.len()).min(30)).unwrap_or(30);
        items.push(item(
            t.args(
                "meeting-agenda-activities",
                &[("pillar", t.vocab(*pillar).into()), ("period", period.clone().into())],
            ),
            AgendaKind::Activities,
            top,
            minutes,
            notes,
            acts.iter().map(|v| v.activity.id.0.to_string()).collect(),
        ));
    }

    // Open overlap flags with an activity not over by the meeting.
    let meeting_start = meeting.activity.fields.schedule.start_utc;
    let mut flags = s.list_flags(&viewer, group, Some(FlagResolution::Open)).await?;
    flags.retain(|f| {
        let ends = f.a.activity.fields.schedule.end_utc.max(f.b.activity.fields.schedule.end_utc);
        ends >= meeting_start && f.a.activity.fields.schedule.start_utc < day_start_utc(tz, to)
    });
    for f in flags.iter().take(FLAG_ITEMS) {
        let side = |v: &ActivityView| {
            format!("{} ({}, {})", v.activity.fields.title.get(t.code()), acr(lead(v)), when(t, v, from.year()))
        };
        items.push(item(
            t.args("meeting-agenda-overlap", &[("a", acr(lead(&f.a)).into()), ("b", acr(lead(&f.b)).into())]),
            AgendaKind::Overlap,
            lead(&f.a),
            10,
            vec![side(&f.a), side(&f.b)],
            vec![f.flag.id.to_string()],
        ));
    }

    // Where nobody works in the period.
    let coverage = s.coverage(&viewer, group, from, to).await?;
    if !coverage.gaps.is_empty() {
        let words = crate::web::pages::gaps::period_words(t, &coverage);
        let mut notes: Vec<String> =
            coverage.gaps.iter().take(GAPS_NAMED).map(|g| crate::web::pages::gaps::gap_words(t, g, &words)).collect();
        if coverage.gaps.len() > GAPS_NAMED {
            notes.push(t.args("meeting-agenda-more", &[("count", (coverage.gaps.len() - GAPS_NAMED).into())]));
        }
        items.push(item(
            t.args("meeting-agenda-gaps", &[("period", words.into())]),
            AgendaKind::Gaps,
            host,
            10,
            notes,
            vec![],
        ));
    }
    items.push(item(t.t("meeting-agenda-aob"), AgendaKind::AnyOtherBusiness, host, 10, vec![], vec![]));
    items.push(item(t.t("meeting-agenda-next"), AgendaKind::NextMeeting, host, 5, vec![], vec![]));
    Ok(items)
}

/// The heading lines of a meeting document: title, when, where, host.
fn head(out: &mut String, t: &Tr, v: &MeetingView, acronyms: &HashMap<OrgId, String>, key: &str) {
    let a = &v.activity.fields;
    let title = a.title.get(t.code());
    out.push_str(&format!("# {}\n\n", markdown_escape(&t.args(key, &[("title", title.to_string().into())]))));
    let day = |d: NaiveDate| day_words(t, d);
    let when = match a.schedule.span {
        Span::AllDay { first, last } if first == last => day(first),
        Span::AllDay { first, last } => format!("{} – {}", day(first), day(last)),
        Span::Timed { start, end } => format!(
            "{}, {}–{} ({})",
            day(start.date()),
            start.format("%H:%M"),
            end.format("%H:%M"),
            a.schedule.tz.name()
        ),
    };
    let mut facts = vec![when];
    let places: Vec<String> = a.locations.iter().map(|l| t.place(l)).filter(|p| !p.is_empty()).collect();
    if !places.is_empty() {
        facts.push(places.join("; "));
    }
    for l in &a.links {
        facts.push(l.url.clone());
    }
    if let Some(h) = lead(&v.activity).and_then(|o| acronyms.get(&o)) {
        facts.push(t.args("meeting-hosted-by", &[("org", h.clone().into())]));
    }
    for f in facts {
        out.push_str(&format!("{}\n\n", markdown_escape(&f)));
    }
}

/// The agenda as Markdown: each item with its time slot, owner and notes.
pub fn agenda_markdown(t: &Tr, v: &MeetingView, acronyms: &HashMap<OrgId, String>) -> String {
    let mut out = String::new();
    head(&mut out, t, v, acronyms, "meeting-agenda-title");
    let s = &v.activity.fields.schedule;
    let start = match s.span {
        Span::Timed { start, .. } => start,
        Span::AllDay { first, .. } => first.and_hms_opt(9, 0, 0).unwrap_or_default(),
    };
    if v.meeting.agenda.is_empty() {
        out.push_str(&format!("{}\n", markdown_escape(&t.t("meeting-agenda-empty"))));
        return out;
    }
    for (i, (item, (from, to))) in v.meeting.agenda.iter().zip(slots(start, &v.meeting.agenda)).enumerate() {
        let owner = item.owner_org.and_then(|o| acronyms.get(&o)).map(|a| format!(" ({})", markdown_escape(a)));
        out.push_str(&format!(
            "## {}. {}–{} {}{}\n\n",
            i + 1,
            from.format("%H:%M"),
            to.format("%H:%M"),
            markdown_escape(&item.title),
            owner.unwrap_or_default()
        ));
        for line in item.notes.lines().filter(|l| !l.trim().is_empty()) {
            out.push_str(&format!("- {}\n", markdown_escape(line)));
        }
        if !item.notes.trim().is_empty() {
            out.push('\n');
        }
    }
    out
}

/// The minutes as Markdown: status, summary, each item's minutes, decisions, action
/// items assigned, and who came by organization. Minutes are Markdown as written
/// (the PDF and the pages render the subset they support; pages escape HTML).
pub fn minutes_markdown(
    t: &Tr,
    v: &MeetingView,
    acronyms: &HashMap<OrgId, String>,
    actions: &[ActionItem],
    attendance: &[AttendanceLine],
) -> String {
    let mut out = String::new();
    head(&mut out, t, v, acronyms, "meeting-minutes-title");
    let m = &v.meeting;
    out.push_str(&format!("**{}**\n\n", markdown_escape(&t.vocab(m.minutes_status))));
    if !m.minutes.summary.trim().is_empty() {
        out.push_str(&format!("{}\n\n", m.minutes.summary.trim()));
    }
    let came: Vec<&AttendanceLine> = attendance
        .iter()
        .filter(|a| a.attended == Some(true) || (a.attended.is_none() && a.response == AttendanceResponse::Attending))
        .collect();
    if !came.is_empty() {
        out.push_str(&format!("## {}\n\n", markdown_escape(&t.t("meeting-participants"))));
        let mut by_org: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for a in came {
            let org = a.org.and_then(|o| acronyms.get(&o).cloned()).unwrap_or_else(|| "—".into());
            by_org.entry(org).or_default().push(a.name.clone());
        }
        for (org, names) in by_org {
            out.push_str(&format!("- **{}**: {}\n", markdown_escape(&org), markdown_escape(&names.join(", "))));
        }
        out.push('\n');
    }
    for (i, item) in m.agenda.iter().enumerate() {
        out.push_str(&format!("## {}. {}\n\n", i + 1, markdown_escape(&item.title)));
        if let Some(text) = m.minutes.items.get(&item.id) {
            out.push_str(&format!("{}\n\n", text.trim()));
        }
        for d in m.minutes.decisions.iter().filter(|d| d.agenda_item.as_deref() == Some(item.id.as_str())) {
            out.push_str(&format!(
                "- **{}:** {}\n",
                markdown_escape(&t.t("meeting-decision")),
                markdown_escape(&d.text)
            ));
        }
        out.push('\n');
    }
    if !m.minutes.decisions.is_empty() {
        out.push_str(&format!("## {}\n\n", markdown_escape(&t.t("meeting-decisions"))));
        for d in &m.minutes.decisions {
            out.push_str(&format!("- {}\n", markdown_escape(&d.text)));
        }
        out.push('\n');
    }
    let mine: Vec<&ActionItem> = actions.iter().filter(|a| a.meeting == m.id).collect();
    if !mine.is_empty() {
        out.push_str(&format!("## {}\n\n", markdown_escape(&t.t("meeting-actions"))));
        for a in mine {
            let owner = a.owner_org.and_then(|o| acronyms.get(&o).cloned()).unwrap_or_else(|| "—".into());
            out.push_str(&format!(
                "- {} — {}, {} ({})\n",
                markdown_escape(&a.what),
                markdown_escape(&owner),
                markdown_escape(&day_words(t, a.due)),
                markdown_escape(&t.vocab(a.status))
            ));
        }
        out.push('\n');
    }
    out
}
