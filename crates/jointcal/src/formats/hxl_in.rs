//! HXL-tagged 3W/4W sheets (CSV) as import records.
//!
//! The columns are found by their HXL hashtags (<https://hxlstandard.org>), the row of
//! tags being any of the first 25 rows; attributes count in any order and any case
//! (`#org+impl+name` = `#ORG +name +impl`). A sheet without tags is read through a
//! mapping of its plain headers to tags (`--mapping FILE`: a JSON object such as
//! `{"Implementer": "#org+impl+name"}`).
//!
//! | tag | becomes |
//! | --- | --- |
//! | `#activity+code` | the key (`ref`); without it, a digest of the row |
//! | `#activity` (`+name`), `+i_ru`… | the title (in that language) |
//! | `#activity+desc`, `#description` | the description |
//! | `#activity+type` (`+code`) | the kind (vocabulary codes and aliases) |
//! | `#org+prog`, plain `#org` | lead; `+funder` funder; `+impl` implementer (and lead when no other); `+counterpart`, `+partner` partner — `+acronym`, `+code` (IATI id), `+name`; `;` or `\|` between several |
//! | `#sector+code` | pillars (prevention…) or DAC codes (5 or 3 digits) |
//! | `#beneficiary` | target groups (`\|`, `;` or `,` between several) |
//! | `#modality` | delivery mode |
//! | `#country` | country (alpha-2 or alpha-3) |
//! | `#adm1+code` | ISO 3166-2 subdivision, else kept as a P-code reference |
//! | `#adm1+name` | subdivision by name, else the place |
//! | `#adm2`, `#loc` (`+name`) | the place (the most precise one) |
//! | `#date+start`, `#date+end` | dates (`YYYY-MM-DD`, `DD.MM.YYYY`, `YYYY-MM`) |
//! | `#date+year`, `+month`, `+quarter` | the month, quarter or year as dates |
//! | `#status` | status (codes and aliases: `active`, `complete`) |
//! | `#targeted` | expected participants |
//!
//! Other tags (`#reached`, `#meta`, …) are not read. A coded column (`+code`) with a code
//! that is not in the vocabulary refuses the row; a name column only notes it. The same
//! row twice is reported as a duplicate and imported once.

use crate::formats::record::{Item, Key, OrgMention, Owned, Record, Refused, Source};
use crate::formats::text::{cut, many_lines, one_line};
use crate::formats::words::{acronym_of, audiences_from_words, kind_from_words, org_kind};
use chrono::{Datelike, NaiveDate};
use jointcal_domain::activity::{pillar_from_audience, ActivityInput, OrgRefInput, MAX_TITLE_CHARS};
use jointcal_domain::geo::{country_from_code, parse_subdivision, subdivision_by_name, AreaRef, Location};
use jointcal_domain::org::parse_iati_org_id;
use jointcal_domain::schedule::DatesInput;
use jointcal_domain::text::Lang;
use jointcal_domain::vocab::{ActivityKind, DeliveryMode, OrgRole, Pillar, Status, TargetGroup, Vocabulary};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::io::Read;

/// The rows searched for the tag row.
const TAG_ROW_WITHIN: usize = 25;

/// What a sheet import assumes.
#[derive(Debug, Clone)]
pub struct HxlOptions {
    pub group_country: String,
    /// The language of titles without an `+i_xx` attribute.
    pub default_lang: String,
    /// The kind of an activity whose words tell none.
    pub default_kind: ActivityKind,
    /// Plain header → HXL tag, for a sheet without a tag row.
    pub mapping: HashMap<String, String>,
}

/// Why a sheet cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("{file}: no row of HXL tags (#activity, #org, #date…) in the first {TAG_ROW_WITHIN} rows, and no mapping for its headers ({headers}); give one with --mapping")]
    NoTags { file: String, headers: String },
    #[error("{file}: no column for {what} ({tags})")]
    MissingColumn { file: String, what: &'static str, tags: &'static str },
    #[error("{file}:{line}: {message}")]
    Csv { file: String, line: u64, message: String },
}

/// A parsed hashtag: `#org+impl+name` → ("org", {"impl", "name"}).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tag {
    hashtag: String,
    attrs: Vec<String>,
}

impl Tag {
    fn parse(cell: &str) -> Option<Tag> {
        let t: String = cell.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
        let rest = t.strip_prefix('#')?;
        let mut parts = rest.split('+');
        let hashtag =
            parts.next().filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))?;
        let attrs: Vec<String> = parts.filter(|a| !a.is_empty()).map(str::to_string).collect();
        Some(Tag { hashtag: hashtag.to_string(), attrs })
    }

    fn has(&self, a: &str) -> bool {
        self.attrs.iter().any(|x| x == a)
    }

    fn lang(&self) -> Option<String> {
        self.attrs
            .iter()
            .find_map(|a| a.strip_prefix("i_"))
            .and_then(|l| Lang::parse(l).ok())
            .map(|l| l.as_str().to_string())
    }
}

/// Which part of an organization a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OrgPart {
    Name,
    Acronym,
    Code,
    Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Col {
    Code,
    Title(Option<String>),
    Description(Option<String>),
    Kind { coded: bool },
    Org { role: OrgRole, part: OrgPart, implied_lead: bool },
    Sector { coded: bool },
    Audience { coded: bool },
    Modality { coded: bool },
    Country,
    Adm1Code,
    Adm1Name,
    Place { precision: u8 },
    Start,
    End,
    Year,
    Month,
    Quarter,
    Status { coded: bool },
    Targeted,
}

fn column(tag: &Tag) -> Option<Col> {
    let coded = tag.has("code");
    Some(match tag.hashtag.as_str() {
        "activity" if tag.has("type") => Col::Kind { coded },
        "activity" if tag.has("code") || tag.has("id") => Col::Code,
        "activity" if tag.has("desc") || tag.has("description") => Col::Description(tag.lang()),
        "activity" => Col::Title(tag.lang()),
        "description" => Col::Description(tag.lang()),
        "org" => {
            let part = if tag.has("acronym") {
                OrgPart::Acronym
            } else if tag.has("code") || tag.has("id") {
                OrgPart::Code
            } else if tag.has("type") {
                OrgPart::Kind
            } else {
                OrgPart::Name
            };
            let (role, implied_lead) = if tag.has("funder") || tag.has("donor") {
                (OrgRole::Funder, false)
            } else if tag.has("impl") {
                (OrgRole::Implementer, true)
            } else if tag.has("counterpart") || tag.has("partner") {
                (OrgRole::Partner, false)
            } else {
                (OrgRole::Lead, false)
            };
            Col::Org { role, part, implied_lead }
        }
        "sector" => Col::Sector { coded },
        "beneficiary" => Col::Audience { coded },
        "modality" => Col::Modality { coded },
        "country" => Col::Country,
        "adm1" if coded => Col::Adm1Code,
        "adm1" => Col::Adm1Name,
        "adm2" if !coded => Col::Place { precision: 2 },
        "adm3" | "adm4" if !coded => Col::Place { precision: 3 },
        "loc" if !coded => Col::Place { precision: 4 },
        "date" if tag.has("start") => Col::Start,
        "date" if tag.has("end") => Col::End,
        "date" if tag.has("year") => Col::Year,
        "date" if tag.has("month") => Col::Month,
        "date" if tag.has("quarter") => Col::Quarter,
        "status" => Col::Status { coded },
        "targeted" => Col::Targeted,
        _ => return None,
    })
}

/// A row's organization cells: by (role rank, implementer-leads) the parts given,
/// each a list (several organizations in one cell).
type OrgColumns = BTreeMap<(u8, bool), Vec<(OrgPart, Vec<String>)>>;

/// A sheet being read: the columns found, then one item per row.
pub struct SheetReader<R: Read> {
    rows: csv::StringRecordsIntoIter<R>,
    file: String,
    opts: HxlOptions,
    cols: Vec<(usize, Col, String)>,
    /// Tags of columns not read, as written (for the summary).
    pub unread: Vec<String>,
    seen_rows: HashMap<[u8; 16], u64>,
    seen_keys: HashMap<String, u64>,
    has_lead_column: bool,
}

fn csv_error(file: &str, e: &csv::Error) -> SheetError {
    let line = e.position().map_or(0, |p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the sheet is not UTF-8 text (save it as CSV UTF-8)".to_string(),
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("this row has {len} cells where the header has {expected_len}")
        }
        _ => e.to_string(),
    };
    SheetError::Csv { file: file.to_string(), line, message }
}

/// Opens a sheet: reads rows until the tag row (or the mapped header row).
pub fn open<R: Read>(input: R, file: &str, opts: HxlOptions) -> Result<SheetReader<R>, SheetError> {
    let reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input);
    let mut rows = reader.into_records();
    let mut first: Option<Vec<String>> = None;
    let mut tags: Option<Vec<Option<Tag>>> = None;
    for _ in 0..TAG_ROW_WITHIN {
        let Some(row) = rows.next() else { break };
        let row = row.map_err(|e| csv_error(file, &e))?;
        let cells: Vec<String> = row.iter().map(|c| c.trim_start_matches('\u{feff}').to_string()).collect();
        let parsed: Vec<Option<Tag>> = cells.iter().map(|c| Tag::parse(c)).collect();
        let non_empty = cells.iter().filter(|c| !c.trim().is_empty()).count();
        let tagged = parsed.iter().filter(|t| t.is_some()).count();
        if tagged > 0 && tagged * 2 >= non_empty {
            tags = Some(parsed);
            break;
        }
        if first.is_none() {
            first = Some(cells.clone());
            if !opts.mapping.is_empty() {
                let mapped: Vec<Option<Tag>> =
                    cells.iter().map(|c| opts.mapping.get(c.trim()).and_then(|t| Tag::parse(t))).collect();
                if mapped.iter().any(Option::is_some) {
                    tags = Some(mapped);
                    break;
                }
            }
        }
    }
    let Some(tags) = tags else {
        let headers = first.unwrap_or_default().join(", ");
        return Err(SheetError::NoTags { file: file.to_string(), headers: cut(headers, 300).0 });
    };
    let mut cols = Vec::new();
    let mut unread = Vec::new();
    for (i, t) in tags.iter().enumerate() {
        let Some(t) = t else { continue };
        match column(t) {
            Some(c) => cols.push((
                i,
                c,
                format!("#{}{}", t.hashtag, t.attrs.iter().map(|a| format!("+{a}")).collect::<String>()),
            )),
            None => {
                unread.push(format!("#{}{}", t.hashtag, t.attrs.iter().map(|a| format!("+{a}")).collect::<String>()))
            }
        }
    }
    let any = |f: &dyn Fn(&Col) -> bool| cols.iter().any(|(_, c, _)| f(c));
    if !any(&|c| matches!(c, Col::Title(_))) {
        return Err(SheetError::MissingColumn {
            file: file.into(),
            what: "the title",
            tags: "#activity or #activity+name",
        });
    }
    if !any(&|c| matches!(c, Col::Org { .. })) {
        return Err(SheetError::MissingColumn {
            file: file.into(),
            what: "the organization",
            tags: "#org, #org+prog, #org+impl or #org+funder",
        });
    }
    if !any(&|c| matches!(c, Col::Start | Col::Year)) {
        return Err(SheetError::MissingColumn {
            file: file.into(),
            what: "the dates",
            tags: "#date+start, or #date+year",
        });
    }
    let has_lead_column = any(&|c| matches!(c, Col::Org { role: OrgRole::Lead, .. }));
    Ok(SheetReader {
        rows,
        file: file.to_string(),
        opts,
        cols,
        unread,
        seen_rows: HashMap::new(),
        seen_keys: HashMap::new(),
        has_lead_column,
    })
}

impl<R: Read> Iterator for SheetReader<R> {
    type Item = Result<Item, SheetError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let row = match self.rows.next()? {
                Ok(r) => r,
                Err(e) => return Some(Err(csv_error(&self.file, &e))),
            };
            let line = row.position().map_or(0, |p| p.line());
            if row.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let at = Source { file: self.file.clone(), line: Some(line) };
            let mut digest = Sha256::new();
            for c in row.iter() {
                digest.update(c.trim().as_bytes());
                digest.update([0x1f]);
            }
            let d: [u8; 32] = digest.finalize().into();
            let mut short = [0u8; 16];
            short.copy_from_slice(&d[..16]);
            if let Some(first) = self.seen_rows.get(&short) {
                let first = Source { file: self.file.clone(), line: Some(*first) };
                return Some(Ok(Item::Duplicate { at, first }));
            }
            self.seen_rows.insert(short, line);
            let item = self.row(&row, at, &short);
            if let Item::Record(r) = &item {
                let k = r.key.to_string();
                if let Some(first) = self.seen_keys.get(&k) {
                    return Some(Ok(Item::Refused(Refused {
                        at: r.at.clone(),
                        key: Some(k),
                        field: Some("#activity+code".into()),
                        reason: format!("the activity code is used already on line {first}"),
                    })));
                }
                self.seen_keys.insert(k, line);
            }
            return Some(Ok(item));
        }
    }
}

fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split(['|', ';']).map(str::trim).filter(|x| !x.is_empty())
}

/// A date as sheets write it: `YYYY-MM-DD` (a time part is dropped), `DD.MM.YYYY`,
/// `DD/MM/YYYY`; `YYYY-MM` is the month (its first or last day).
fn sheet_date(s: &str, last: bool) -> Result<NaiveDate, String> {
    let t = s.trim();
    let t = t.split(['T', ' ']).next().unwrap_or(t);
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(d);
    }
    for f in ["%d.%m.%Y", "%d/%m/%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, f) {
            return Ok(d);
        }
    }
    if let Some((y, m)) = t.split_once('-') {
        if let (Ok(y), Ok(m)) = (y.parse::<i32>(), m.parse::<u32>()) {
            if let Some(d) = month_span(y, m).map(|(a, b)| if last { b } else { a }) {
                return Ok(d);
            }
        }
    }
    // Say whether it looks like a date that does not exist (2024-02-30) or not a date.
    let digits: Vec<&str> = t.split(['-', '.', '/']).collect();
    if digits.len() == 3 && digits.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
        Err(format!("'{s}' is not a day of the calendar"))
    } else {
        Err(format!("'{s}' is not a date; write YYYY-MM-DD"))
    }
}

fn month_span(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1)? } else { NaiveDate::from_ymd_opt(y, m + 1, 1)? };
    Some((first, next.pred_opt()?))
}

fn month_number(s: &str) -> Option<u32> {
    let t = s.trim().to_lowercase();
    if let Ok(n) = t.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    const NAMES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    NAMES.iter().position(|n| t.starts_with(n)).map(|i| i as u32 + 1)
}

impl<R: Read> SheetReader<R> {
    fn row(&self, row: &csv::StringRecord, at: Source, digest: &[u8; 16]) -> Item {
        let mut notes = Vec::new();
        let mut problem: Option<(String, String)> = None;
        let mut fail = |col: &str, why: String| {
            if problem.is_none() {
                problem = Some((col.to_string(), why));
            }
        };
        let mut code = None;
        let mut title: BTreeMap<String, String> = BTreeMap::new();
        let mut description: BTreeMap<String, String> = BTreeMap::new();
        let mut kind: Option<ActivityKind> = None;
        let mut org_cols: OrgColumns = BTreeMap::new();
        let mut pillars: Vec<Pillar> = Vec::new();
        let mut dac = Vec::new();
        let mut audiences: Vec<TargetGroup> = Vec::new();
        let mut delivery = None;
        let mut country: Option<String> = None;
        let mut adm1_code: Option<String> = None;
        let mut adm1_name: Option<String> = None;
        let mut place: Option<(u8, String)> = None;
        let (mut start, mut end, mut year, mut month, mut quarter) = (None, None, None, None, None);
        let mut status = None;
        let mut targeted = None;
        let mut owned = Owned::default();
        for (i, col, tag) in &self.cols {
            let v = row.get(*i).unwrap_or("").trim();
            if v.is_empty() {
                continue;
            }
            match col {
                Col::Code => code = Some(one_line(v)),
                Col::Title(lang) => {
                    let lang = lang.clone().unwrap_or_else(|| self.opts.default_lang.clone());
                    let (t, was_cut) = cut(one_line(v), MAX_TITLE_CHARS);
                    if was_cut {
                        notes.push(format!("{tag}: cut to {MAX_TITLE_CHARS} characters"));
                    }
                    title.entry(lang).or_insert(t);
                }
                Col::Description(lang) => {
                    owned.description = true;
                    let lang = lang.clone().unwrap_or_else(|| self.opts.default_lang.clone());
                    description.entry(lang).or_insert_with(|| many_lines(v));
                }
                Col::Kind { coded } => match ActivityKind::from_code(v) {
                    Ok(k) => {
                        kind = Some(k);
                        owned.kind = true;
                    }
                    Err(e) if *coded => fail(tag, e.to_string()),
                    Err(_) => notes.push(format!("{tag}: '{v}' is not an activity kind")),
                },
                Col::Org { role, part, implied_lead } => {
                    let rank = match role {
                        OrgRole::Lead => 0,
                        OrgRole::Implementer => 1,
                        OrgRole::Funder => 2,
                        OrgRole::Partner => 3,
                    };
                    let list: Vec<String> = split_list(v).map(one_line).collect();
                    org_cols.entry((rank, *implied_lead)).or_default().push((*part, list));
                }
                Col::Sector { coded } => {
                    for s in split_list(v) {
                        if let Ok(p) = Pillar::from_code(s) {
                            owned.pillars = true;
                            if !pillars.contains(&p) {
                                pillars.push(p);
                            }
                        } else if (s.len() == 5 || s.len() == 3) && s.chars().all(|c| c.is_ascii_digit()) {
                            owned.dac_sectors = true;
                            dac.push(s.to_string());
                        } else if *coded {
                            fail(tag, format!("'{s}' is neither a pillar (prevention, protection, prosecution, partnership) nor a DAC sector code"));
                        } else {
                            notes.push(format!("{tag}: '{s}' is not a pillar; not kept"));
                        }
                    }
                }
                Col::Audience { coded } => {
                    owned.target_groups = true;
                    for s in v.split(['|', ';', ',']).map(str::trim).filter(|x| !x.is_empty()) {
                        match TargetGroup::from_code(s) {
                            Ok(t) if !audiences.contains(&t) => audiences.push(t),
                            Ok(_) => {}
                            Err(e) if *coded => fail(tag, e.to_string()),
                            Err(_) => notes.push(format!("{tag}: '{s}' is not a target group; not kept")),
                        }
                    }
                }
                Col::Modality { coded } => match DeliveryMode::from_code(v) {
                    Ok(m) => {
                        delivery = Some(m);
                        owned.delivery_mode = true;
                    }
                    Err(e) if *coded => fail(tag, e.to_string()),
                    Err(_) => notes.push(format!("{tag}: '{v}' is not a delivery mode; not kept")),
                },
                Col::Country => match country_from_code(v) {
                    Some(c) => country = Some(c.to_string()),
                    None => fail(tag, format!("'{v}' is not an ISO 3166-1 country code (KZ or KAZ)")),
                },
                Col::Adm1Code => adm1_code = Some(v.to_string()),
                Col::Adm1Name => adm1_name = Some(one_line(v)),
                Col::Place { precision } => {
                    if place.as_ref().is_none_or(|(p, _)| *p < *precision) {
                        place = Some((*precision, one_line(v)));
                    }
                }
                Col::Start => match sheet_date(v, false) {
                    Ok(d) => start = Some(d),
                    Err(m) => fail(tag, m),
                },
                Col::End => match sheet_date(v, true) {
                    Ok(d) => end = Some(d),
                    Err(m) => fail(tag, m),
                },
                Col::Year => match v.parse::<i32>() {
                    Ok(y) if (1900..=2200).contains(&y) => year = Some(y),
                    _ => fail(tag, format!("'{v}' is not a year")),
                },
                Col::Month => match month_number(v) {
                    Some(m) => month = Some(m),
                    None => fail(tag, format!("'{v}' is not a month (1–12 or its name)")),
                },
                Col::Quarter => match v.trim().trim_start_matches(['Q', 'q']).parse::<u32>() {
                    Ok(q) if (1..=4).contains(&q) => quarter = Some(q),
                    _ => fail(tag, format!("'{v}' is not a quarter (Q1–Q4)")),
                },
                Col::Status { coded } => match Status::from_code(v) {
                    Ok(s) => {
                        status = Some(s);
                        owned.status = true;
                    }
                    Err(e) if *coded => fail(tag, e.to_string()),
                    Err(_) => notes.push(format!("{tag}: '{v}' is not a status; planned")),
                },
                Col::Targeted => {
                    let digits: String = v.chars().filter(|c| !matches!(c, ',' | ' ' | '\u{a0}')).collect();
                    match digits.parse::<i64>() {
                        Ok(n) if n >= 0 => {
                            targeted = Some(n);
                            owned.expected_participants = true;
                        }
                        _ => fail(tag, format!("'{v}' is not a number of people")),
                    }
                }
            }
        }
        let key = match &code {
            Some(c) => c.clone(),
            None => format!("row-{}", hex::encode(&digest[..8])),
        };
        if let Some((field, reason)) = problem {
            return Item::Refused(Refused { at, key: Some(key), field: Some(field), reason });
        }
        let refuse = |field: &str, reason: &str| {
            Item::Refused(Refused {
                at: at.clone(),
                key: Some(key.clone()),
                field: Some(field.into()),
                reason: reason.into(),
            })
        };
        if title.is_empty() {
            return refuse("#activity", "no title");
        }

        // Dates.
        let (first, last) = match (start, end, year) {
            (Some(s), e, _) => (s, e.unwrap_or(s)),
            (None, Some(_), _) => return refuse("#date+start", "an end without a start"),
            (None, None, Some(y)) => {
                let span = match (month, quarter) {
                    (Some(m), _) => month_span(y, m),
                    (None, Some(q)) => month_span(y, q * 3 - 2).zip(month_span(y, q * 3)).map(|(a, b)| (a.0, b.1)),
                    (None, None) => NaiveDate::from_ymd_opt(y, 1, 1).zip(NaiveDate::from_ymd_opt(y, 12, 31)),
                };
                match span {
                    Some(s) => s,
                    None => return refuse("#date+year", "not a period of the calendar"),
                }
            }
            (None, None, None) => return refuse("#date+start", "no date"),
        };
        if last < first {
            return refuse("#date+end", &format!("the end ({last}) is before the start ({first})"));
        }
        if first.year() != last.year() && start.is_none() {
            notes.push(format!("the dates {first} to {last} come from the period columns"));
        }

        // Organizations: one per position across the columns of one role.
        let mut orgs: Vec<OrgMention> = Vec::new();
        let mut roles: Vec<OrgRefInput> = Vec::new();
        for ((rank, implied_lead), parts) in &org_cols {
            let role = match rank {
                0 => OrgRole::Lead,
                1 => OrgRole::Implementer,
                2 => OrgRole::Funder,
                _ => OrgRole::Partner,
            };
            let n = parts.iter().map(|(_, l)| l.len()).max().unwrap_or(0);
            for k in 0..n {
                let get = |p: OrgPart| parts.iter().find(|(x, _)| *x == p).and_then(|(_, l)| l.get(k)).cloned();
                let (name, acronym, code, kind_text) =
                    (get(OrgPart::Name), get(OrgPart::Acronym), get(OrgPart::Code), get(OrgPart::Kind));
                let Some(label) = name.clone().or_else(|| acronym.clone()).or_else(|| code.clone()) else { continue };
                if matches!(label.to_lowercase().as_str(), "unspecified" | "unknown" | "n/a" | "-" | "none") {
                    notes.push(format!("an organization '{label}' was left out"));
                    continue;
                }
                let iati_id = code.filter(|c| parse_iati_org_id(c).is_ok());
                let acronym = acronym.or_else(|| acronym_of(&label));
                let name = cut(label, 300).0;
                let kind = org_kind(
                    kind_text.as_deref().filter(|t| t.chars().all(|c| c.is_ascii_digit())),
                    &name,
                    &self.opts.group_country,
                    iati_id.as_deref(),
                );
                let m = OrgMention { iati_id, name, acronym, kind };
                let idx = match orgs
                    .iter()
                    .position(|x| jointcal_domain::text::fold(&x.name) == jointcal_domain::text::fold(&m.name))
                {
                    Some(i) => i,
                    None => {
                        orgs.push(m);
                        orgs.len() - 1
                    }
                };
                let mut add = |role: OrgRole| {
                    let r = OrgRefInput { org: Record::org_placeholder(idx), role: role.code().to_string() };
                    if !roles.contains(&r) {
                        roles.push(r);
                    }
                };
                add(role);
                if *implied_lead && !self.has_lead_column {
                    add(OrgRole::Lead);
                }
            }
        }
        // Leads first, then funders, implementers, partners (as the sheet export
        // writes them), each in the order named.
        let rank = |r: &OrgRefInput| ["lead", "funder", "implementer", "partner"].iter().position(|x| *x == r.role);
        roles.sort_by_key(rank);
        if !roles.iter().any(|r| r.role == OrgRole::Lead.code()) {
            match roles.first().cloned() {
                Some(r) => {
                    notes.push("no organization leads: the first one named does".into());
                    roles.insert(0, OrgRefInput { org: r.org, role: OrgRole::Lead.code().into() });
                }
                None => return refuse("#org", "no organization"),
            }
        }

        // Place.
        let mut loc = Location::default();
        let country = country.or_else(|| {
            adm1_code
                .as_deref()
                .and_then(|c| c.split_once('-'))
                .and_then(|(k, _)| country_from_code(k))
                .map(str::to_string)
        });
        if let Some(c) = &adm1_code {
            let k = country.clone().unwrap_or_else(|| self.opts.group_country.clone());
            match parse_subdivision(&k, c) {
                Ok(sd) => {
                    loc.country = Some(sd.country.to_string());
                    loc.subdivision = Some(sd.code.to_string());
                }
                Err(_) => loc.refs.push(AreaRef { scheme: "pcode".into(), code: c.clone() }),
            }
        }
        if loc.subdivision.is_none() {
            if let Some(n) = &adm1_name {
                let k = country.clone().unwrap_or_else(|| self.opts.group_country.clone());
                match subdivision_by_name(&k, n) {
                    Some(sd) => {
                        loc.country = Some(sd.country.to_string());
                        loc.subdivision = Some(sd.code.to_string());
                    }
                    None if place.is_none() => place = Some((1, n.clone())),
                    None => {}
                }
            }
        }
        if loc.country.is_none() {
            loc.country = country;
        }
        if let Some((_, p)) = place {
            if p.eq_ignore_ascii_case("online") {
                loc.online = true;
            } else if !p.eq_ignore_ascii_case("nationwide") {
                loc.place = Some(cut(p, 300).0);
            }
        }
        let locations = if loc == Location::default() { Vec::new() } else { vec![loc] };
        owned.locations = self
            .cols
            .iter()
            .any(|(_, c, _)| matches!(c, Col::Country | Col::Adm1Code | Col::Adm1Name | Col::Place { .. }));

        // Kind and pillar when the sheet does not tell them.
        let words = title.values().cloned().collect::<Vec<_>>().join(" ");
        let kind = match kind {
            Some(k) => k,
            None => match kind_from_words(&words) {
                Some((k, stem)) => {
                    notes.push(format!("kind {} guessed from the word '{}'", k.code(), stem.trim()));
                    k
                }
                None => {
                    notes.push(format!(
                        "kind {}: the row tells none (the import's default)",
                        self.opts.default_kind.code()
                    ));
                    self.opts.default_kind
                }
            },
        };
        if !owned.target_groups {
            audiences = audiences_from_words(&words);
        }
        if pillars.is_empty() && kind.default_pillar().is_none() && pillar_from_audience(&audiences).is_none() {
            pillars.push(Pillar::Prevention);
            notes.push("pillar prevention: neither the kind nor the audience tells one".into());
        }
        pillars.truncate(2);

        let input = ActivityInput {
            title,
            description,
            kind: kind.code().into(),
            pillars: pillars.iter().map(|p| p.code().to_string()).collect(),
            target_groups: audiences.iter().map(|t| t.code().to_string()).collect(),
            delivery_mode: delivery.map(|d| d.code().to_string()),
            organizations: roles,
            locations,
            dates: DatesInput { start: first.to_string(), end: Some(last.to_string()), tz: None, all_day: None },
            status: Some(status.unwrap_or(Status::Planned).code().to_string()),
            expected_participants: targeted,
            external_ref: Some(key.clone()),
            dac_sectors: dac,
            ..ActivityInput::default()
        };
        Item::Record(Box::new(Record { at, key: Key::Ref(key), input, orgs, owned, notes }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> HxlOptions {
        HxlOptions {
            group_country: "KZ".into(),
            default_lang: "en".into(),
            default_kind: ActivityKind::LegalPolicySupport,
            mapping: HashMap::new(),
        }
    }

    fn items(csv: &str) -> Vec<Item> {
        open(csv.as_bytes(), "t.csv", opts()).unwrap().map(|r| r.unwrap()).collect()
    }

    #[test]
    fn tags_with_attributes_in_any_order() {
        assert_eq!(
            Tag::parse(" #ORG +name +impl"),
            Some(Tag { hashtag: "org".into(), attrs: vec!["name".into(), "impl".into()] })
        );
        assert_eq!(Tag::parse("Implementer"), None);
        assert_eq!(column(&Tag::parse("#org+name+impl").unwrap()), column(&Tag::parse("#org+impl+name").unwrap()));
        assert_eq!(column(&Tag::parse("#activity+i_ru").unwrap()), Some(Col::Title(Some("ru".into()))));
    }

    #[test]
    fn a_row_becomes_a_record() {
        let csv = "Code,Title,Lead,Funder,When,Until,Who,Where\n\
                   #activity+code,#activity+name,#org+impl+name,#org+funder+name,#date+start,#date+end,#beneficiary+code,#adm1+code\n\
                   A-1,Border guard training,IOM,US Embassy (INL),2024-03-05,2024-03-07,border_guards|police,KZ-31\n";
        let items = items(csv);
        let Item::Record(r) = &items[0] else { panic!("{items:?}") };
        assert_eq!(r.key, Key::Ref("A-1".into()));
        assert_eq!(r.at.line, Some(3));
        assert_eq!(r.input.title["en"], "Border guard training");
        assert_eq!(r.input.kind, "training");
        assert_eq!(r.input.target_groups, ["border_guards", "police"]);
        assert_eq!(r.input.locations[0].subdivision.as_deref(), Some("KZ-31"));
        assert_eq!(r.orgs[0].name, "IOM");
        assert_eq!(r.orgs[1].acronym.as_deref(), Some("INL"));
        let roles: Vec<(&str, &str)> =
            r.input.organizations.iter().map(|o| (o.org.as_str(), o.role.as_str())).collect();
        assert_eq!(roles, [("#0", "lead"), ("#1", "funder"), ("#0", "implementer")]);
    }

    #[test]
    fn bad_rows_name_line_and_column() {
        let csv = "#activity+code,#activity,#org,#date+start,#beneficiary+code\n\
                   A,One,IOM,2024-02-30,\n\
                   B,Two,IOM,2024-02-03,astronauts\n\
                   C,Three,IOM,2024-02-03,\n\
                   C,Three,IOM,2024-02-03,\n\
                   C,Four,IOM,2024-02-04,\n";
        let items = items(csv);
        let reasons: Vec<String> = items
            .iter()
            .map(|i| match i {
                Item::Refused(r) => r.to_string(),
                Item::Duplicate { at, first } => format!("{at} duplicate of {first}"),
                Item::Record(r) => format!("{} ok", r.at),
                Item::Filtered { .. } => "filtered".into(),
            })
            .collect();
        assert_eq!(reasons[0], "t.csv:2 (A) #date+start: '2024-02-30' is not a day of the calendar");
        assert!(
            reasons[1].starts_with("t.csv:3 (B) #beneficiary+code: unknown target group code 'astronauts'"),
            "{}",
            reasons[1]
        );
        assert_eq!(reasons[2], "t.csv:4 ok");
        assert_eq!(reasons[3], "t.csv:5 duplicate of t.csv:4");
        assert_eq!(reasons[4], "t.csv:6 (C) #activity+code: the activity code is used already on line 4");
    }

    #[test]
    fn sheets_that_cannot_be_read() {
        let e = open("Title,Org\nA,B\n".as_bytes(), "x.csv", opts()).err().unwrap();
        assert!(e.to_string().contains("no row of HXL tags"), "{e}");
        assert!(e.to_string().contains("Title, Org"), "{e}");
        let e = open("#activity,#date+start\nA,2024-01-01\n".as_bytes(), "x.csv", opts()).err().unwrap();
        assert_eq!(e.to_string(), "x.csv: no column for the organization (#org, #org+prog, #org+impl or #org+funder)");
        let mut o = opts();
        o.mapping.insert("Title".into(), "#activity".into());
        o.mapping.insert("Org".into(), "#org".into());
        o.mapping.insert("Year".into(), "#date+year".into());
        let r = open("Title,Org,Year\nA,IOM,2024\n".as_bytes(), "x.csv", o).unwrap();
        let items: Vec<Item> = r.map(|x| x.unwrap()).collect();
        let Item::Record(rec) = &items[0] else { panic!("{items:?}") };
        assert_eq!(
            (rec.input.dates.start.as_str(), rec.input.dates.end.as_deref()),
            ("2024-01-01", Some("2024-12-31"))
        );
    }

    #[test]
    fn dates_as_sheets_write_them() {
        assert_eq!(sheet_date("2024-03-05", false), Ok(NaiveDate::from_ymd_opt(2024, 3, 5).unwrap()));
        assert_eq!(sheet_date("05.03.2024", false), Ok(NaiveDate::from_ymd_opt(2024, 3, 5).unwrap()));
        assert_eq!(sheet_date("2024-02", true), Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()));
        assert_eq!(sheet_date("2024-03-05T10:00", false), Ok(NaiveDate::from_ymd_opt(2024, 3, 5).unwrap()));
        assert!(sheet_date("soon", false).unwrap_err().contains("not a date"));
    }
}
