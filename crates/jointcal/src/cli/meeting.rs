//! `jointcal meeting`: a group's coordination meetings: list them, schedule one or a
//! quarterly series, print (or save) the agenda drafted from the calendar, print the
//! agenda and minutes as Markdown or PDF.

use super::open;
use crate::config::Config;
use crate::i18n::Lang;
use crate::meetings::{agenda_markdown, draft_agenda, minutes_markdown};
use crate::services::{IfMatch, MeetingUpdate, MeetingView, ScheduleInput, SeriesInput, Services};
use crate::web::lang::Tr;
use anyhow::{anyhow, Context};
use clap::{Args, Subcommand, ValueEnum};
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use jointcal_domain::group::Group;
use jointcal_domain::vocab::{ActionStatus, Vocabulary};

#[derive(Debug, Subcommand)]
pub enum MeetingCmd {
    /// The group's meetings: date, title, minutes, agenda items, open action items.
    List {
        /// The group's slug.
        #[arg(long)]
        group: String,
    },
    /// Schedule a meeting, or a quarterly series (--count with --weekday).
    Schedule(ScheduleArgs),
    /// Print the agenda; a meeting without one gets the agenda drafted from the
    /// calendar (the coming quarter's activities by pillar, open overlaps, gaps, open
    /// action items), printed and, with --save, kept.
    Agenda(DocArgs),
    /// Print the minutes (Markdown or PDF).
    Minutes(DocArgs),
    /// Invite the group's members by mail: an iCalendar invitation each (REQUEST, or
    /// CANCEL for a cancelled meeting); `serve` sends later changes by itself.
    Invite {
        /// The group's slug.
        #[arg(long)]
        group: String,
        /// The meeting: its id, its day (YYYY-MM-DD, local), or `next`.
        #[arg(long)]
        meeting: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Md,
    /// PDF (A4, fonts embedded); needs --out or a pipe.
    Pdf,
}

#[derive(Debug, Args)]
pub struct DocArgs {
    /// The group's slug.
    #[arg(long)]
    group: String,
    /// The meeting: its id, its day (YYYY-MM-DD, local), or `next`.
    #[arg(long)]
    meeting: String,
    #[arg(long, value_enum, default_value_t = Format::Md)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<std::path::PathBuf>,
    /// Language: en, ru or kk.
    #[arg(long, default_value = "en")]
    lang: String,
    /// (agenda) Draft it again from the calendar even when the meeting has one.
    #[arg(long)]
    draft: bool,
    /// (agenda) Keep the drafted agenda as the meeting's agenda.
    #[arg(long)]
    save: bool,
}

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// The group's slug.
    #[arg(long)]
    group: String,
    /// Local start in the group's time zone, YYYY-MM-DDTHH:MM.
    #[arg(long)]
    start: String,
    /// Length in minutes.
    #[arg(long, default_value_t = 120)]
    minutes: u16,
    #[arg(long)]
    title: Option<String>,
    /// The host organization (acronym).
    #[arg(long)]
    host: Option<String>,
    #[arg(long)]
    place: Option<String>,
    /// ISO 3166-2 region code, e.g. KZ-71.
    #[arg(long)]
    region: Option<String>,
    /// A link to join online.
    #[arg(long)]
    online_url: Option<String>,
    /// A quarterly series of this many meetings (needs --weekday).
    #[arg(long, requires = "weekday")]
    count: Option<u16>,
    /// The series' day of the week, e.g. tuesday.
    #[arg(long, requires = "count")]
    weekday: Option<String>,
    /// Which one of the month: first, second, third, fourth or last.
    #[arg(long, default_value = "first")]
    nth: String,
    /// Which month of the quarter: 1, 2 or 3.
    #[arg(long, default_value_t = 1)]
    month_in_quarter: u32,
}

/// Finds a meeting by id, local day or `next`.
async fn find(s: &Services, group: &Group, reference: &str) -> anyhow::Result<MeetingView> {
    let all = s.meetings(&Viewer::SYSTEM, group).await?;
    let tz = group.fields.timezone;
    let r = reference.trim();
    let found = if r == "next" {
        let now = s.calendar_now();
        all.into_iter().find(|m| m.activity.fields.schedule.end_utc >= now)
    } else if let Ok(day) = chrono::NaiveDate::parse_from_str(r, "%Y-%m-%d") {
        all.into_iter().find(|m| m.activity.fields.schedule.start_utc.with_timezone(&tz).date_naive() == day)
    } else {
        all.into_iter().find(|m| m.activity.id.0.to_string() == r)
    };
    found.ok_or_else(|| {
        anyhow!(
            "the group {} has no meeting '{r}'; see `jointcal meeting list --group {}`",
            group.fields.slug,
            group.fields.slug
        )
    })
}

fn write(out: Option<&std::path::Path>, bytes: &[u8], pdf: bool) -> anyhow::Result<()> {
    match out {
        Some(path) => std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display())),
        None => {
            if pdf && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                return Err(anyhow!("a PDF is not for the terminal: add --out FILE (or pipe it)"));
            }
            std::io::Write::write_all(&mut std::io::stdout(), bytes).context("cannot write to standard output")
        }
    }
}

pub async fn run(cfg: &Config, cmd: MeetingCmd) -> anyhow::Result<()> {
    let s = open::services(cfg).await?;
    match cmd {
        MeetingCmd::List { group } => {
            let g = s.group_by_slug(&group).await?;
            let list = s.meetings(&Viewer::SYSTEM, &g).await?;
            let actions = s.action_items(&Viewer::SYSTEM, &g).await?;
            if list.is_empty() {
                println!("{}: no meetings yet; schedule one with `jointcal meeting schedule`", g.fields.slug);
            }
            for m in &list {
                let local = m.activity.fields.schedule.start_utc.with_timezone(&g.fields.timezone);
                let open =
                    actions.iter().filter(|a| a.meeting == m.meeting.id && a.status == ActionStatus::Open).count();
                println!(
                    "{}  {}  {}  minutes: {}  agenda: {} items  open actions: {open}  {}",
                    local.format("%Y-%m-%d %H:%M"),
                    m.activity.id,
                    m.activity.fields.status.code(),
                    m.meeting.minutes_status.code(),
                    m.meeting.agenda.len(),
                    m.activity.fields.title.original_text()
                );
            }
            Ok(())
        }
        MeetingCmd::Schedule(a) => {
            let g = s.group_by_slug(&a.group).await?;
            let input = ScheduleInput {
                title: a.title,
                start: Some(a.start),
                duration_minutes: Some(a.minutes),
                place: a.place,
                region: a.region,
                online_url: a.online_url,
                host: a.host,
                series: a.count.map(|count| SeriesInput {
                    count,
                    weekday: a.weekday.clone().unwrap_or_default(),
                    nth: Some(a.nth.clone()),
                    month_in_quarter: Some(a.month_in_quarter),
                }),
                ..Default::default()
            };
            let made = s.schedule_meeting(&Viewer::SYSTEM, &Actor::Cli, &g, &input).await?;
            for m in made {
                let local = m.activity.fields.schedule.start_utc.with_timezone(&g.fields.timezone);
                println!(
                    "scheduled {}  {}  {}",
                    local.format("%Y-%m-%d %H:%M"),
                    m.activity.id,
                    m.activity.fields.title.original_text()
                );
            }
            Ok(())
        }
        MeetingCmd::Invite { group, meeting } => {
            let g = s.group_by_slug(&group).await?;
            let m = find(&s, &g, &meeting).await?;
            let done = crate::meetings::mail::send_invitations(&s, &Viewer::SYSTEM, &g, m.meeting.id).await?;
            let delivered = s.deliver_due_mail("cli").await?;
            println!(
                "{} invitation(s) queued for {} member(s) at sequence {}{}; {} sent now, {} to retry, {} failed",
                done.queued,
                done.invitees,
                done.sequence,
                if done.cancel { " (cancelled)" } else { "" },
                delivered.sent,
                delivered.retrying,
                delivered.failed
            );
            Ok(())
        }
        MeetingCmd::Agenda(a) => document(&s, a, false).await,
        MeetingCmd::Minutes(a) => document(&s, a, true).await,
    }
}

async fn document(s: &Services, a: DocArgs, minutes: bool) -> anyhow::Result<()> {
    let lang = Lang::from_tag(&a.lang).ok_or_else(|| anyhow!("--lang '{}' is not one of en, ru, kk", a.lang))?;
    let t = Tr::new(lang);
    let g = s.group_by_slug(&a.group).await?;
    let mut m = find(s, &g, &a.meeting).await?;
    let acronyms = s.acronyms().await?;
    let text = if minutes {
        let actions = s.action_items(&Viewer::SYSTEM, &g).await?;
        let attendance = s.attendance(&Viewer::SYSTEM, &g, m.meeting.id).await?;
        minutes_markdown(&t, &m, &acronyms, &actions, &attendance)
    } else {
        if a.draft || m.meeting.agenda.is_empty() {
            let draft = draft_agenda(s, &g, &m, &t).await?;
            let change = MeetingUpdate { agenda: Some(draft), ..Default::default() };
            if a.save {
                m = s
                    .update_meeting(&Viewer::SYSTEM, &Actor::Cli, &g, m.meeting.id, IfMatch::Unchecked, &change)
                    .await?;
                eprintln!("the drafted agenda is now the meeting's agenda (version {})", m.meeting.version);
            } else {
                // Validate the draft as a save would, without keeping it.
                let orgs = s.org_index().await?;
                let mut n = 0;
                m.meeting.agenda = jointcal_domain::meeting::validate_agenda(
                    change.agenda.as_deref().unwrap_or_default(),
                    &[],
                    &|x| orgs.resolve(x),
                    &mut || {
                        n += 1;
                        format!("draft-{n}")
                    },
                )
                .map_err(|e| anyhow!("the drafted agenda is not valid: {}", e.summary()))?;
                eprintln!("drafted from the calendar, not kept (add --save to keep it)");
            }
        }
        agenda_markdown(&t, &m, &acronyms)
    };
    let bytes = match a.format {
        Format::Md => text.into_bytes(),
        Format::Pdf => {
            let info = jointcal_pdf::Info {
                title: m.activity.fields.title.get(t.code()).to_string(),
                lang: t.code().to_string(),
                footer: format!("{} · jointcal", g.fields.name),
            };
            jointcal_pdf::render(&text, &info)?
        }
    };
    write(a.out.as_deref(), &bytes, matches!(a.format, Format::Pdf))
}
