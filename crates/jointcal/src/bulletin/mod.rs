//! The monthly Joint Activity Calendar bulletin: its content for a month as a reader
//! may see it (what changed since the last edition, the month's activities by week
//! and by organization, the open overlap flags among them, the contacts), its text in
//! Markdown, plain text or HTML for mail, in the reader's language, and sending it
//! (`send`). `jointcal bulletin` prints or sends it; the `bulletins` job sends it on
//! the group's bulletin day.
//!
//! The PDF typesets the Markdown (`jointcal-pdf`); the page shows `Flavour::Page`.

pub mod send;

use crate::services::{ActivityFilter, ActivityView, FlagView, ServiceError, Services};
use crate::web::lang::Tr;
use crate::web::pages::month::week_start;
use chrono::{DateTime, Utc};
use chrono::{Datelike, Duration, NaiveDate};
use jointcal_domain::access::Viewer;
use jointcal_domain::activity::Activity;
use jointcal_domain::bulletin::{changes_since, weeks_of_month, Changes, Snapshot};
use jointcal_domain::group::Group;
use jointcal_domain::ids::ActivityId;
use jointcal_domain::ids::OrgId;
use jointcal_domain::overlap::FlagResolution;
use jointcal_domain::schedule::{day_start_utc, Span};
use jointcal_domain::vocab::{MemberRole, OrgRole};
use std::collections::HashMap;

/// What a month's bulletin holds.
pub struct Bulletin {
    pub group: Group,
    pub month: NaiveDate,
    /// Activities that began before the month or last more than four weeks: listed
    /// once, not in every week.
    pub under_way: Vec<ActivityView>,
    /// Each week: its first day and the other activities that start in it.
    pub weeks: Vec<(NaiveDate, Vec<ActivityView>)>,
    /// Each lead organization (acronym, name) with its activities of the month.
    pub by_org: Vec<((String, String), Vec<ActivityView>)>,
    /// Open flags with at least one activity in the month.
    pub flags: Vec<FlagView>,
    /// Where nobody works in the month's quarter: the period in words and the first
    /// gaps in words, with how many more there are.
    pub gaps: (String, Vec<String>, usize),
    /// The next coordination meeting from the month's first day on, if one is planned.
    pub next_meeting: Option<ActivityView>,
    /// Acronym of each organization, by id.
    pub acronyms: HashMap<OrgId, String>,
    /// Since the last edition sent (None: this is the first): when it was sent, what
    /// changed, and the activities concerned as they are now.
    pub since: Option<(DateTime<Utc>, Changes, HashMap<ActivityId, ActivityView>)>,
    /// Every activity the reader may see now, as the snapshot an edition keeps.
    pub snapshot: Snapshot,
}

/// How many gaps a bulletin names (the gaps page has them all).
const GAPS_SHOWN: usize = 5;

/// Who a bulletin is written for: a member of the group with the viewer role (no
/// coordinators-only activity, sensitive places at region level).
pub const READER: Viewer = Viewer { user: None, org: None, role: Some(MemberRole::Viewer), admin: false };

/// The bulletin of `month` (its first day) as `viewer` may see it.
pub async fn bulletin(
    s: &Services,
    viewer: &Viewer,
    group: &Group,
    month: NaiveDate,
    t: &Tr,
) -> Result<Bulletin, ServiceError> {
    let tz = group.fields.timezone;
    let first = month.with_day(1).unwrap_or(month);
    let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first + Duration::days(31));
    let filter = ActivityFilter {
        from: Some(day_start_utc(tz, first)),
        to: Some(day_start_utc(tz, next)),
        ..Default::default()
    };
    let mut list = s.list_activities(viewer, group, &filter).await?;
    list.sort_by_key(|v| (v.activity.fields.schedule.start_utc, v.activity.id));
    let orgs = s.list_orgs().await?;
    let acronyms: HashMap<OrgId, String> = orgs.iter().map(|o| (o.id, o.fields.acronym.clone())).collect();
    let names: HashMap<OrgId, String> = orgs.iter().map(|o| (o.id, o.fields.name.clone())).collect();

    let month_start = day_start_utc(tz, first);
    let long = |v: &ActivityView| {
        let s = &v.activity.fields.schedule;
        s.start_utc < month_start || s.end_utc - s.start_utc > Duration::days(28)
    };
    let under_way: Vec<ActivityView> = list.iter().filter(|v| long(v)).cloned().collect();
    let weeks = weeks_of_month(first, week_start(t), tz)
        .into_iter()
        .map(|(week, from, to)| {
            let starting = list
                .iter()
                .filter(|v| !long(v))
                .filter(|v| v.activity.fields.schedule.start_utc >= from && v.activity.fields.schedule.start_utc < to)
                .cloned()
                .collect();
            (week, starting)
        })
        .collect();
    let mut by_org: HashMap<OrgId, Vec<ActivityView>> = HashMap::new();
    for v in &list {
        for o in v.activity.fields.organizations.iter().filter(|o| o.role == OrgRole::Lead) {
            by_org.entry(o.org).or_default().push(v.clone());
        }
    }
    let mut by_org: Vec<((String, String), Vec<ActivityView>)> = by_org
        .into_iter()
        .map(|(id, l)| {
            let key = (acronyms.get(&id).cloned().unwrap_or_default(), names.get(&id).cloned().unwrap_or_default());
            (key, l)
        })
        .collect();
    by_org.sort_by_key(|o| o.0 .0.to_lowercase());

    // The open flags of the month among activities the reader may see (a bulletin
    // names flags to every member, not only to the organizations concerned).
    let visible: HashMap<_, _> = list.iter().map(|v| (v.activity.id, v.clone())).collect();
    let flags = if viewer.is_member() || viewer.admin {
        let mut f = s.list_flags(&Viewer::SYSTEM, group, Some(FlagResolution::Open)).await?;
        f.retain(|f| visible.contains_key(&f.a.activity.id) && visible.contains_key(&f.b.activity.id));
        for fl in &mut f {
            fl.a = visible[&fl.a.activity.id].clone();
            fl.b = visible[&fl.b.activity.id].clone();
        }
        f
    } else {
        Vec::new()
    };
    // What changed since the last edition: every activity the reader may see now,
    // against the snapshot of what that edition showed.
    let everything = s.list_activities(viewer, group, &ActivityFilter::default()).await?;
    let snapshot = Snapshot::of(s.now(), everything.iter().map(|v| &v.activity));
    // Gaps of the quarter the month is in, as the gaps page says them.
    let q0 = NaiveDate::from_ymd_opt(first.year(), (first.month0() / 3) * 3 + 1, 1).unwrap_or(first);
    let q1 = q0.checked_add_months(chrono::Months::new(3)).unwrap_or(next);
    let coverage = s.coverage(viewer, group, q0, q1).await?;
    let period = crate::web::pages::gaps::period_words(t, &coverage);
    let gap_lines: Vec<String> =
        coverage.gaps.iter().take(GAPS_SHOWN).map(|g| crate::web::pages::gaps::gap_words(t, g, &period)).collect();
    let gaps = (period, gap_lines, coverage.gaps.len().saturating_sub(GAPS_SHOWN));
    let meetings = ActivityFilter {
        from: Some(month_start),
        kind: Some(jointcal_domain::vocab::ActivityKind::CoordinationMeeting),
        ..Default::default()
    };
    let next_meeting = s
        .list_activities(viewer, group, &meetings)
        .await?
        .into_iter()
        .filter(|v| v.activity.fields.status != jointcal_domain::vocab::Status::Cancelled)
        .filter(|v| v.activity.fields.schedule.start_utc >= month_start)
        .min_by_key(|v| (v.activity.fields.schedule.start_utc, v.activity.id));
    let since = match s.last_edition_before(group, first).await? {
        None => None,
        Some(last) => {
            let now: Vec<&Activity> = everything.iter().map(|v| &v.activity).collect();
            let changes = changes_since(&last.snapshot, &now, month_start);
            let by_id = everything.iter().map(|v| (v.activity.id, v.clone())).collect();
            Some((last.sent_at, changes, by_id))
        }
    };
    Ok(Bulletin {
        group: group.clone(),
        month: first,
        under_way,
        weeks,
        by_org,
        flags,
        gaps,
        next_meeting,
        acronyms,
        since,
        snapshot,
    })
}

/// How the text is marked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Markdown,
    Plain,
    /// HTML for mail: a fragment with inline styles (mail clients drop style sheets).
    Html,
    /// HTML for a page: the same without styles (the page's style sheet sets them),
    /// headings one level down (the page has its own `h1`).
    Page,
}

/// ` style="…"` in mail, nothing on a page.
fn styled(f: Flavour, style: &str) -> String {
    if f == Flavour::Html {
        format!(" style=\"{style}\"")
    } else {
        String::new()
    }
}

/// Text a user wrote, made safe for the flavour.
fn esc(s: &str, f: Flavour) -> String {
    match f {
        Flavour::Markdown => markdown_escape(s),
        Flavour::Plain => s.to_string(),
        Flavour::Html | Flavour::Page => crate::web::lang::escape(s),
    }
}

/// Already-escaped text, emphasized.
fn strong(s: &str, f: Flavour) -> String {
    match f {
        Flavour::Markdown => format!("**{s}**"),
        Flavour::Plain => s.to_string(),
        Flavour::Html | Flavour::Page => format!("<strong>{s}</strong>"),
    }
}

/// A paragraph of text (escaped here).
fn para(out: &mut String, text: &str, f: Flavour) {
    match f {
        Flavour::Html | Flavour::Page => out.push_str(&format!("<p{}>{}</p>\n", styled(f, P_STYLE), esc(text, f))),
        _ => out.push_str(&format!("{text}\n\n")),
    }
}

/// A list of already-escaped items.
fn list(out: &mut String, items: impl IntoIterator<Item = String>, f: Flavour) {
    match f {
        Flavour::Html | Flavour::Page => {
            out.push_str(&format!("<ul{}>\n", styled(f, "margin:0 0 12px 0;padding-left:20px")));
            for i in items {
                out.push_str(&format!("<li{}>{i}</li>\n", styled(f, &format!("{P_STYLE};margin:4px 0"))));
            }
            out.push_str("</ul>\n");
        }
        _ => {
            for i in items {
                out.push_str(&format!("- {i}\n"));
            }
            out.push('\n');
        }
    }
}

const P_STYLE: &str = "font-size:14px;line-height:1.45;color:#1f2933";

/// "3 Sep": a day and its month's short name in the reader's language.
fn day_month(t: &Tr, d: NaiveDate) -> String {
    format!("{} {}", d.day(), t.t(&format!("date-month-{}", d.month())))
}

/// When, with the year where it is not the bulletin's.
pub(crate) fn when(t: &Tr, v: &ActivityView, year: i32) -> String {
    let s = &v.activity.fields.schedule;
    let day = |d: NaiveDate| {
        let dm = day_month(t, d);
        if d.year() == year {
            dm
        } else {
            format!("{dm} {}", d.year())
        }
    };
    match s.span {
        Span::AllDay { first, last } if first == last => day(first),
        Span::AllDay { first, last } => format!("{}–{}", day(first), day(last)),
        Span::Timed { start, end } => {
            format!("{} {}–{} ({})", day(start.date()), start.format("%H:%M"), end.format("%H:%M"), s.tz.name())
        }
    }
}

fn line(t: &Tr, b: &Bulletin, v: &ActivityView, f: Flavour) -> String {
    let a = &v.activity.fields;
    let orgs: Vec<String> = a
        .organizations
        .iter()
        .map(|o| {
            format!("{} ({})", b.acronyms.get(&o.org).cloned().unwrap_or_default(), t.vocab(o.role).to_lowercase())
        })
        .collect();
    let places: Vec<String> = a.locations.iter().map(|l| t.place(l)).filter(|p| !p.is_empty()).collect();
    let mut parts = vec![when(t, v, b.month.year()), a.title.get(t.code()).to_string(), orgs.join(", ")];
    if !places.is_empty() {
        parts.push(places.join("; "));
    }
    parts.push(t.vocab(a.kind));
    parts.push(t.vocab(a.status));
    for p in &mut parts {
        *p = esc(p, f);
    }
    parts[1] = strong(&parts[1], f);
    parts.join(" · ")
}

/// Markdown's special characters in text a user wrote, escaped.
pub(crate) fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn heading(out: &mut String, level: usize, text: &str, f: Flavour) {
    match f {
        Flavour::Html => {
            let style = match level {
                1 => "font-size:22px;color:#16324f;margin:0 0 12px 0",
                2 => "font-size:18px;color:#16324f;margin:20px 0 8px 0;border-bottom:1px solid #d0d7de;padding-bottom:4px",
                _ => "font-size:15px;color:#334e68;margin:14px 0 6px 0",
            };
            out.push_str(&format!(
                "<h{level} style=\"font-family:Arial,Helvetica,sans-serif;{style}\">{}</h{level}>\n",
                esc(text, f)
            ));
        }
        Flavour::Page => {
            let level = (level + 1).min(6);
            out.push_str(&format!("<h{level}>{}</h{level}>\n", esc(text, f)));
        }
        Flavour::Markdown => out.push_str(&format!("{} {}\n\n", "#".repeat(level), markdown_escape(text))),
        Flavour::Plain => {
            let rule = if level <= 2 { '=' } else { '-' };
            out.push_str(&format!("{text}\n{}\n\n", rule.to_string().repeat(text.chars().count())));
        }
    }
}

/// "Since the last edition": what is new, changed (with how it was), cancelled or
/// removed.
fn since_last(out: &mut String, t: &Tr, b: &Bulletin, f: Flavour) {
    let Some((sent_at, c, now)) = &b.since else {
        para(out, &t.t("bulletin-since-last-none"), f);
        return;
    };
    let sent = sent_at.with_timezone(&b.group.fields.timezone).date_naive();
    let sent = format!("{} {}", day_month(t, sent), sent.year());
    heading(out, 2, &t.args("bulletin-since-last", &[("day", sent.into())]), f);
    if c.new.is_empty() && c.changed.is_empty() && c.cancelled.is_empty() && c.removed.is_empty() {
        para(out, &t.t("bulletin-since-last-nothing"), f);
        return;
    }
    let mut section = |key: &str, lines: Vec<String>| {
        if lines.is_empty() {
            return;
        }
        heading(out, 3, &t.t(key), f);
        list(out, lines, f);
    };
    let shown = |id: &ActivityId| now.get(id).map(|v| line(t, b, v, f));
    section("bulletin-new", c.new.iter().filter_map(shown).collect());
    section(
        "bulletin-changed",
        c.changed
            .iter()
            .filter_map(|(id, was)| {
                let tz = b.group.fields.timezone;
                let (s, e) = (was.start.with_timezone(&tz), was.end.with_timezone(&tz));
                let day = |d: chrono::NaiveDate| day_month(t, d);
                let before = t.args(
                    "bulletin-was",
                    &[(
                        "when",
                        format!("{}–{}", day(s.date_naive()), day((e - Duration::seconds(1)).date_naive())).into(),
                    )],
                );
                shown(id).map(|l| format!("{l} ({})", esc(&before, f)))
            })
            .collect(),
    );
    section("bulletin-cancelled", c.cancelled.iter().filter_map(shown).collect());
    let removed: Vec<String> = c.removed.iter().map(|s| esc(&s.title, f)).collect();
    section("bulletin-removed", removed);
}

/// The bulletin's title: "Joint Activity Calendar of G — September 2007".
pub fn title(t: &Tr, b: &Bulletin) -> String {
    let month = format!("{} {}", t.t(&format!("month-{}", b.month.month())), b.month.year());
    t.args("bulletin-title", &[("group", b.group.fields.name.clone().into()), ("month", month.into())])
}

/// The bulletin as an HTML document for mail: inline styles, no images, no scripts;
/// `footer` (already escaped HTML) goes at the end, e.g. the unsubscribe link.
pub fn html(t: &Tr, b: &Bulletin, footer: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n</head>\n\
         <body style=\"margin:0;padding:0;background:#f4f6f8\">\n\
         <div style=\"max-width:720px;margin:0 auto;padding:20px 24px;background:#ffffff;font-family:Arial,Helvetica,sans-serif\">\n\
         {body}<hr style=\"border:none;border-top:1px solid #d0d7de;margin:24px 0 12px 0\">\n\
         <p style=\"font-size:12px;line-height:1.4;color:#52606d\">{footer}</p>\n</div>\n</body>\n</html>\n",
        lang = t.code(),
        title = crate::web::lang::escape(&title(t, b)),
        body = text(t, b, Flavour::Html),
    )
}

/// The bulletin as a PDF (A4, fonts embedded): the Markdown typeset.
pub fn pdf(t: &Tr, b: &Bulletin) -> Result<Vec<u8>, jointcal_pdf::PdfError> {
    let info = jointcal_pdf::Info {
        title: title(t, b),
        lang: t.code().to_string(),
        footer: format!("{} · jointcal", b.group.fields.name),
    };
    jointcal_pdf::render(&text(t, b, Flavour::Markdown), &info)
}

/// The file name of a month's PDF, e.g. `kz-tip-2007-09.pdf`.
pub fn pdf_name(b: &Bulletin) -> String {
    format!("{}-{}.pdf", b.group.fields.slug, b.month.format("%Y-%m"))
}

/// The bulletin as text.
pub fn text(t: &Tr, b: &Bulletin, f: Flavour) -> String {
    let mut out = String::new();
    heading(&mut out, 1, &title(t, b), f);
    since_last(&mut out, t, b, f);

    if !b.under_way.is_empty() {
        heading(&mut out, 2, &t.t("bulletin-under-way"), f);
        list(&mut out, b.under_way.iter().map(|v| line(t, b, v, f)), f);
    }

    heading(&mut out, 2, &t.t("bulletin-by-week"), f);
    for (week, activities) in &b.weeks {
        let label = t.args("bulletin-week-of", &[("day", day_month(t, *week).into())]);
        heading(&mut out, 3, &label, f);
        if activities.is_empty() {
            para(&mut out, &t.t("bulletin-nothing-new"), f);
            continue;
        }
        list(&mut out, activities.iter().map(|v| line(t, b, v, f)), f);
    }

    heading(&mut out, 2, &t.t("bulletin-by-org"), f);
    for ((acronym, name), activities) in &b.by_org {
        heading(&mut out, 3, &format!("{acronym} — {name}"), f);
        list(&mut out, activities.iter().map(|v| line(t, b, v, f)), f);
    }

    if !b.flags.is_empty() {
        heading(&mut out, 2, &t.t("bulletin-overlaps"), f);
        let acronyms: HashMap<String, String> = b.acronyms.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        let mut flag_lines = Vec::with_capacity(b.flags.len());
        for fl in &b.flags {
            let reasons: Vec<String> = fl
                .flag
                .reasons
                .iter()
                .filter(|e| e.weight > 0.0)
                .map(|e| crate::web::pages::overlaps::said(t, &acronyms, &e.reason))
                .collect();
            let title = |v: &ActivityView| esc(v.activity.fields.title.get(t.code()), f);
            flag_lines.push(format!(
                "{} ↔ {} ({:.0}%): {}",
                title(&fl.a),
                title(&fl.b),
                fl.flag.score * 100.0,
                esc(&reasons.join("; "), f)
            ));
        }
        list(&mut out, flag_lines, f);
    }

    heading(&mut out, 2, &t.t("bulletin-next-meeting"), f);
    match &b.next_meeting {
        Some(v) => list(&mut out, [line(t, b, v, f)], f),
        None => para(&mut out, &t.t("bulletin-no-meeting"), f),
    }

    let (period, gaps, more) = &b.gaps;
    if !gaps.is_empty() {
        heading(&mut out, 2, &t.args("bulletin-gaps", &[("period", period.clone().into())]), f);
        list(&mut out, gaps.iter().map(|g| esc(g, f)), f);
        if *more > 0 {
            para(&mut out, &t.args("bulletin-gaps-more", &[("count", (*more).into())]), f);
        }
    }

    let mut contacts: Vec<String> = Vec::new();
    for acts in b.weeks.iter().map(|w| &w.1).chain([&b.under_way]) {
        for v in acts {
            if let Some(c) = &v.activity.fields.contact {
                let parts: Vec<String> =
                    [&c.role, &c.name, &c.email, &c.phone].into_iter().flatten().cloned().collect();
                let lead = v
                    .activity
                    .fields
                    .organizations
                    .iter()
                    .find(|o| o.role == OrgRole::Lead)
                    .and_then(|o| b.acronyms.get(&o.org).cloned())
                    .unwrap_or_default();
                let entry = format!("{lead}: {}", parts.join(" · "));
                if !parts.is_empty() && !contacts.contains(&entry) {
                    contacts.push(entry);
                }
            }
        }
    }
    if !contacts.is_empty() {
        heading(&mut out, 2, &t.t("bulletin-contacts"), f);
        contacts.sort();
        list(&mut out, contacts.iter().map(|c| esc(c, f)), f);
    }
    out
}
