//! Import and export formats: IATI activity XML, HXL-tagged 3W sheets (CSV) and the
//! API's JSON.
//!
//! A reader turns a file into [`Record`]s, one at a time (files of any size stream):
//! the activity as the file tells it, the organizations it names (matched or created
//! by the import service), the fields the file owns, and what was guessed. The import
//! service (`services::imports`) matches records to stored activities, validates and
//! writes them under the access rules. Writers take activities as a reader may see them.

pub mod hxl_in;
pub mod iati_in;
pub mod iati_out;
pub mod json;
pub mod sheet_out;
pub mod words;

use jointcal_domain::activity::ActivityInput;
use jointcal_domain::vocab::OrgKind;
use serde::Serialize;

/// Where a record came from: the file as named to the user, and its line there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Source {
    pub file: String,
    /// Line of the record's start (an IATI activity's start tag, a sheet's row).
    pub line: Option<u64>,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}", self.file),
            None => f.write_str(&self.file),
        }
    }
}

/// An organization as a file names it, to be matched to a stored one (by IATI
/// organisation identifier, else by acronym or name) or created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgMention {
    pub iati_id: Option<String>,
    pub name: String,
    /// The short name the file gives or the name shows ("… (UNODC)").
    pub acronym: Option<String>,
    pub kind: OrgKind,
}

/// How a record finds the stored activity it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Key {
    /// `iati-identifier` (unique in a group).
    Iati(String),
    /// The sheet's activity code, or a digest of a row without one (unique in a group).
    Ref(String),
    /// jointcal's own id (a JSON export of an activity with neither of the above).
    Id(jointcal_domain::ids::ActivityId),
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Iati(s) | Key::Ref(s) => f.write_str(s),
            Key::Id(id) => write!(f, "{id}"),
        }
    }
}

/// The fields a format tells. On a re-import only these replace what is stored, so a
/// coordinator's own additions (the kind of a guessed activity, target groups, who may
/// see it) survive. Title, dates, organizations and the key are always the file's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Owned {
    pub kind: bool,
    pub pillars: bool,
    pub target_groups: bool,
    pub delivery_mode: bool,
    pub description: bool,
    pub locations: bool,
    pub status: bool,
    pub budget: bool,
    pub expected_participants: bool,
    pub dac_sectors: bool,
    /// Who may see it, whether its places are sensitive, forms of exploitation,
    /// links, the status note and the contact (what only our own files tell).
    pub rest: bool,
}

impl Owned {
    /// `stored` with the fields of `new` that the file owns put over it.
    pub fn over(&self, new: &ActivityInput, stored: ActivityInput) -> ActivityInput {
        let o = self;
        let mut m = stored;
        m.title = new.title.clone();
        m.original_lang = new.original_lang.clone();
        m.dates = new.dates.clone();
        m.recurrence = new.recurrence.clone();
        m.organizations = new.organizations.clone();
        m.iati_identifier = new.iati_identifier.clone().or(m.iati_identifier);
        m.external_ref = new.external_ref.clone().or(m.external_ref);
        if o.kind {
            m.kind = new.kind.clone();
        }
        if o.pillars {
            m.pillars = new.pillars.clone();
        }
        if o.target_groups {
            m.target_groups = new.target_groups.clone();
        }
        if o.delivery_mode {
            m.delivery_mode = new.delivery_mode.clone();
        }
        if o.description {
            m.description = new.description.clone();
        }
        if o.locations {
            m.locations = new.locations.clone();
        }
        if o.status {
            m.status = new.status.clone();
        }
        if o.budget {
            m.budget = new.budget.clone();
        }
        if o.expected_participants {
            m.expected_participants = new.expected_participants;
        }
        if o.dac_sectors {
            m.dac_sectors = new.dac_sectors.clone();
        }
        if o.rest {
            m.visibility = new.visibility.clone();
            m.sensitive = new.sensitive;
            m.exploitation_focus = new.exploitation_focus.clone();
            m.links = new.links.clone();
            m.status_note = new.status_note.clone();
            m.contact = new.contact.clone();
        }
        m
    }
}

/// One activity read from a file.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub at: Source,
    pub key: Key,
    /// The activity as the file tells it. `organizations[i].org` is `#N`: the
    /// N-th entry of `orgs` (resolved by the import service).
    pub input: ActivityInput,
    pub orgs: Vec<OrgMention>,
    pub owned: Owned,
    /// What was tolerated or guessed, in words.
    pub notes: Vec<String>,
}

impl Record {
    /// The placeholder that stands for `orgs[n]` in `input.organizations`.
    pub fn org_placeholder(n: usize) -> String {
        format!("#{n}")
    }
}

/// A record a reader could not make: where, which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Refused {
    pub at: Source,
    /// The activity's identifier, when the file gives one.
    pub key: Option<String>,
    /// The field (IATI element, sheet column, or our field name) at fault.
    pub field: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.at)?;
        if let Some(k) = &self.key {
            write!(f, " ({k})")?;
        }
        if let Some(field) = &self.field {
            write!(f, " {field}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// What a reader hands on for each item of a file.
#[derive(Debug, Clone)]
pub enum Item {
    Record(Box<Record>),
    /// Left out by the import's filters (`--country`, `--sector`), with why.
    Filtered {
        at: Source,
        key: String,
        why: String,
    },
    /// The same row again (sheets): reported, not imported twice.
    Duplicate {
        at: Source,
        first: Source,
    },
    Refused(Refused),
}

/// The formats of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// IATI 2.03 activity XML.
    Iati,
    /// HXL-tagged 3W sheet, CSV.
    Csv,
    /// The API's JSON.
    Json,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<ExportFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "iati" | "xml" => Some(ExportFormat::Iati),
            "csv" | "hxl" | "3w" => Some(ExportFormat::Csv),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }

    /// MIME type and file name extension.
    pub fn media(self) -> (&'static str, &'static str) {
        match self {
            ExportFormat::Iati => ("application/xml; charset=utf-8", "xml"),
            ExportFormat::Csv => ("text/csv; charset=utf-8", "csv"),
            ExportFormat::Json => ("application/json", "json"),
        }
    }
}

/// An export of `activities` of `group` as bytes.
pub fn export(
    format: ExportFormat,
    group: &jointcal_domain::group::Group,
    activities: &[crate::services::ActivityView],
    orgs: &std::collections::HashMap<jointcal_domain::ids::OrgId, jointcal_domain::org::Organization>,
    lang: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, String> {
    let out = Vec::with_capacity(4096 + activities.len() * 2048);
    match format {
        ExportFormat::Iati => iati_out::write(out, group, activities, orgs, now).map_err(|e| e.to_string()),
        ExportFormat::Csv => sheet_out::write(out, activities, orgs, lang).map_err(|e| e.to_string()),
        ExportFormat::Json => {
            let mut v = serde_json::to_vec_pretty(&json::export(group, activities, orgs)).map_err(|e| e.to_string())?;
            v.push(b'\n');
            Ok(v)
        }
    }
}

/// Text made fit for one line: runs of white space (line breaks included) become one
/// space, control characters go.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Text of several lines as we store it: CR LF and lone CR become LF, other control
/// characters (and the bidirectional overrides) go, outer white space too.
pub fn many_lines(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    s.chars()
        .filter(|c| {
            (!c.is_control() || matches!(c, '\n' | '\t'))
                && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// `s` cut to at most `max` characters (at a character boundary); whether it was cut.
pub fn cut(s: String, max: usize) -> (String, bool) {
    match s.char_indices().nth(max) {
        None => (s, false),
        Some((at, _)) => (s[..at].trim_end().to_string(), true),
    }
}

/// A spreadsheet cell that a program would run as a formula (`=`, `+`, `-`, `@`,
/// tab or CR first) gets a leading apostrophe, so it stays text (OWASP's CSV
/// injection advice).
pub fn neutralized(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{cell}")),
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_helpers() {
        assert_eq!(one_line("  Border\r\n guards\ttraining \u{7}"), "Border guards training");
        assert_eq!(many_lines(" a\r\nb\rc\u{1}\u{202E}d "), "a\nb\ncd");
        assert_eq!(cut("Жамбыл".into(), 3), ("Жам".into(), true));
        assert_eq!(cut("abc".into(), 3), ("abc".into(), false));
        for bad in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralized(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(neutralized("Astana"), "Astana");
        assert_eq!(neutralized(""), "");
    }
}
