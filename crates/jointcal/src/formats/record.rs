//! What a reader makes of one item of a file: a record to import, or why not. Kept
//! apart from the writers, so that the import service depends on these types only.

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
