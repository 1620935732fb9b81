//! `jointcal import`: fill a group's calendar from IATI activity files, HXL-tagged 3W
//! sheets (CSV or Excel) or the API's JSON; `jointcal export`: the same formats out.

use super::open;
use crate::config::Config;
use crate::formats::ExportFormat;
use crate::imports::{self, Format, Importing, Input, RunOptions};
use crate::services::{ImportReport, OnError, Outcome};
use anyhow::{anyhow, bail, Context};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use jointcal_domain::vocab::{ActivityKind, Vocabulary};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum InFormat {
    /// IATI activity XML (2.03, 2.01/2.02 and 1.x).
    Iati,
    /// An HXL-tagged 3W/4W sheet saved as CSV (UTF-8 or UTF-16).
    Csv,
    /// The API's JSON (as `jointcal export --format json` writes it).
    Json,
    /// An HXL-tagged 3W/4W sheet in Excel (.xlsx; the first worksheet).
    Xlsx,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ErrorMode {
    /// Write nothing if any record is refused (the files are checked first).
    Abort,
    /// Write every good record; report the others.
    Skip,
}

/// Import activities into a group.
///
/// Re-importing the same file changes nothing; a changed activity is updated in place
/// (matched by IATI identifier, or by the sheet's activity code). Organizations are
/// matched by IATI organisation identifier, acronym or name, and created when unknown.
/// Every refused record is listed with its file, line, field and reason.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The files; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// The group's slug.
    #[arg(long)]
    group: String,
    /// The files' format (default: from each file's name and first bytes).
    #[arg(long, value_enum)]
    format: Option<InFormat>,
    /// IATI: keep only activities for these recipient countries (ISO 3166-1, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    country: Vec<String>,
    /// IATI: keep only activities with a sector code starting so (e.g. 15190,151).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    sector: Vec<String>,
    /// Show what would be created, updated, left alone and refused; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// What a refused record does to the rest.
    #[arg(long, value_enum, default_value_t = ErrorMode::Abort)]
    on_error: ErrorMode,
    /// The kind of activities whose words tell none (an activity kind code).
    #[arg(long, default_value = "legal_policy_support", value_name = "KIND")]
    kind: String,
    /// Sheets without HXL tags: a JSON file mapping headers to tags, e.g.
    /// {"Implementer": "#org+impl+name", "Start": "#date+start"}.
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// Also write the whole report as JSON to this file.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// List every record (created, updated, unchanged …), not only the refused ones.
    #[arg(long)]
    verbose: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutFormat {
    /// IATI 2.03 activity XML (valid against the official schema).
    Iati,
    /// HXL-tagged 3W CSV.
    Csv,
    /// The API's JSON.
    Json,
    /// HXL-tagged 3W sheet in Excel (.xlsx).
    Xlsx,
}

/// Export a group's activities (those matching the filters).
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The group's slug.
    #[arg(long)]
    group: String,
    #[arg(long, value_enum)]
    format: OutFormat,
    /// The file to write (default: standard output; xlsx needs a file).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    from: Option<String>,
    /// Last day, included, YYYY-MM-DD.
    #[arg(long)]
    to: Option<String>,
    /// The language of titles in the CSV (default: each activity's original).
    #[arg(long, default_value = "en")]
    lang: String,
}

fn outcome_word(o: Outcome) -> &'static str {
    match o {
        Outcome::Create => "create",
        Outcome::Update => "update",
        Outcome::Unchanged => "unchanged",
        Outcome::LeftAlone => "left alone",
        Outcome::Filtered => "filtered",
        Outcome::Duplicate => "duplicate",
        Outcome::Rejected => "REFUSED",
    }
}

/// The summary lines of a report.
pub fn summary(r: &ImportReport, seconds: f64) -> String {
    let (would, tail) = if r.dry_run {
        ("would be ", " (a dry run: nothing written)")
    } else if r.rejected > 0 && !r.written {
        ("would be ", " (nothing written)")
    } else {
        ("", "")
    };
    let mut s = format!(
        "{} records: {} created, {} updated, {} unchanged, {} left alone (deleted here), {} filtered out, {} duplicates, {} refused{tail}",
        r.records, r.created, r.updated, r.unchanged, r.left_alone, r.filtered, r.duplicates, r.rejected,
    );
    if !r.orgs_created.is_empty() {
        let shown: Vec<&str> = r.orgs_created.iter().take(20).map(String::as_str).collect();
        let more = r.orgs_created.len().saturating_sub(shown.len());
        let more = if more > 0 { format!(" and {more} more (--report lists them)") } else { String::new() };
        s.push_str(&format!("\n{} organizations {would}created: {}{more}", r.orgs_created.len(), shown.join(", ")));
    }
    s.push_str(&format!("\ntime: {seconds:.1} s"));
    if let Some(b) = r.batch.filter(|_| r.written) {
        s.push_str(&format!("\nimport batch {b} (the audit log names it)"));
    }
    s
}

pub async fn run_import(cfg: &Config, a: ImportArgs) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let default_kind = ActivityKind::from_code(&a.kind).map_err(|e| anyhow!("--kind: {e}"))?;
    let mapping: HashMap<String, String> = match &a.mapping {
        None => HashMap::new(),
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("--mapping {}", p.display()))?;
            serde_json::from_str(&text)
                .with_context(|| format!("--mapping {}: a JSON object of header → HXL tag", p.display()))?
        }
    };
    let countries = a
        .country
        .iter()
        .map(|c| jointcal_domain::geo::parse_country(c).map_err(|p| anyhow!("--country: {}", p.message)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let format = a.format.map(|f| match f {
        InFormat::Iati => Format::Iati,
        InFormat::Csv => Format::Csv,
        InFormat::Json => Format::Json,
        InFormat::Xlsx => Format::Xlsx,
    });
    // Standard input is kept in a temporary file: an import reads its files twice
    // with --on-error abort, and memory stays flat.
    let mut spooled = Vec::new();
    let mut inputs = Vec::new();
    for f in &a.files {
        if f == "-" {
            let tmp = imports::spool(std::io::stdin().lock()).context("reading standard input")?;
            inputs.push(Input { name: "stdin".into(), path: tmp.path().to_path_buf(), format });
            spooled.push(tmp);
        } else {
            let path = PathBuf::from(f);
            if !path.is_file() {
                bail!("{f}: no such file");
            }
            inputs.push(Input { name: f.clone(), path, format });
        }
    }
    let s = open::services(cfg).await?;
    let group = s.group_by_slug(&a.group).await?;
    let opts = RunOptions {
        dry_run: a.dry_run,
        on_error: match a.on_error {
            ErrorMode::Abort => OnError::Abort,
            ErrorMode::Skip => OnError::Skip,
        },
        countries,
        sectors: a.sector.clone(),
        default_kind,
        mapping,
    };
    let total: u64 = inputs.iter().filter_map(|i| std::fs::metadata(&i.path).ok()).map(|m| m.len()).sum();
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {bytes}/{total_bytes} {bytes_per_sec} [{wide_bar}] {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // Files are read one after the other: (file being read, its bytes read, bytes of
    // the files before it).
    let state = Arc::new(std::sync::Mutex::new((String::new(), 0u64, 0u64)));
    let bar2 = bar.clone();
    let progress: imports::Progress = Arc::new(move |name: &str, read: u64| {
        let mut st = state.lock().unwrap_or_else(|p| p.into_inner());
        if st.0 != name {
            st.2 += st.1;
            st.0 = name.to_string();
            bar2.set_message(name.to_string());
        }
        st.1 = read;
        bar2.set_position((st.2 + read).min(bar2.length().unwrap_or(u64::MAX)));
    });
    let job = Importing { services: &s, viewer: &Viewer::SYSTEM, actor: &Actor::Cli, group: &group };
    let report = imports::run(&job, &inputs, &opts, Some(progress)).await;
    bar.finish_and_clear();
    let report = report?;
    drop(spooled);
    let mut out = std::io::stdout().lock();
    for l in &report.lines {
        if a.verbose || l.outcome == Outcome::Rejected {
            let text = match &l.field {
                Some(f) => format!("{f}: {}", l.text),
                None => l.text.clone(),
            };
            writeln!(out, "{}\t{}\t{}\t{text}", l.at, outcome_word(l.outcome), l.key)?;
            if a.verbose {
                for n in &l.notes {
                    writeln!(out, "\t\tnote: {n}")?;
                }
            }
        }
    }
    if !a.verbose {
        // Refused records beyond the listed lines (the report keeps the first ones).
        let listed = report.lines.iter().filter(|l| l.outcome == Outcome::Rejected).count();
        for p in report.problems.iter().skip(listed) {
            writeln!(out, "{p}")?;
        }
    }
    if let Some(path) = &a.report {
        std::fs::write(path, serde_json::to_vec_pretty(&report)?)
            .with_context(|| format!("--report {}", path.display()))?;
    }
    writeln!(out, "{}", summary(&report, started.elapsed().as_secs_f64()))?;
    if report.rejected > 0 && opts.on_error == OnError::Abort && !opts.dry_run {
        bail!(
            "nothing was written: {} refused (listed above); correct the file, or import with --on-error skip",
            report.rejected
        );
    }
    Ok(())
}

pub async fn run_export(cfg: &Config, a: ExportArgs) -> anyhow::Result<()> {
    let s = open::services(cfg).await?;
    let group = s.group_by_slug(&a.group).await?;
    let filter = super::activity::window(group.fields.timezone, a.from.as_deref(), a.to.as_deref())?;
    let (list, orgs) = s.export_activities(&Viewer::SYSTEM, &group, &filter).await?;
    let format = match a.format {
        OutFormat::Iati => ExportFormat::Iati,
        OutFormat::Csv => ExportFormat::Csv,
        OutFormat::Json => ExportFormat::Json,
        OutFormat::Xlsx => ExportFormat::Xlsx,
    };
    if matches!(format, ExportFormat::Xlsx) && a.out.is_none() {
        bail!("--format xlsx writes a workbook: give --out FILE.xlsx");
    }
    let bytes = crate::formats::export(format, &group, &list, &orgs, &a.lang, s.now()).map_err(|e| anyhow!(e))?;
    match &a.out {
        Some(p) => {
            std::fs::write(p, &bytes).with_context(|| format!("--out {}", p.display()))?;
            eprintln!("{} activities written to {}", list.len(), p.display());
        }
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(())
}
