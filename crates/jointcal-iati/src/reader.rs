//! The streaming reader: XML events in, one [`Activity`] per `<iati-activity>` out.
//!
//! Only the elements of the activity being read are held (a stack of open elements with
//! their attributes and text), so memory does not grow with the file.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};
use std::ops::ControlFlow;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use serde::Serialize;

use crate::codes::{self, Coded, Era};
use crate::error::{ActivityError, Position, ReadError};
use crate::model::{
    Activity, ActivityDate, AdminCode, Budget, CountryShare, Description, Extension, Links, Location, Narrative, Org,
    OrgRole, OtherIdentifier, Participant, RegionShare, RelatedActivity, Sector, Transaction, TransactionKind,
};
use crate::notice::Notice;
use crate::values::{parse_date, parse_number, DateRead, Number};

/// What a whole file held, once read (or once the callback stopped reading).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct FileSummary {
    /// `version` of `<iati-activities>` as written (e.g. `2.03`).
    pub version: Option<String>,
    /// `<iati-activity>` elements passed to the callback (read and refused).
    pub activities: usize,
    /// Of those, the ones refused with an [`ActivityError`].
    pub errors: usize,
    /// Notices of all read activities together.
    pub notices: usize,
    /// Whether the callback stopped reading before the end of the file.
    pub stopped_early: bool,
}

/// Reads an IATI activity file activity by activity.
///
/// `each` is called once per `<iati-activity>`, in file order, with the activity or, if it
/// cannot be used (no `iati-identifier`), an [`ActivityError`]; reading goes on after an
/// `ActivityError`. Returning [`ControlFlow::Break`] stops reading; the summary then says
/// `stopped_early`.
///
/// Memory holds one activity at a time, so files of any size can be read. The input must
/// be UTF-8 (as IATI requires). Elements and attributes the reader does not know, such as
/// d-portal's `dstore:*` attributes, are skipped.
///
/// # Errors
/// [`ReadError`] if the input is not well-formed XML (with the line of the fault), cannot
/// be read, or is not an activity file. Activities before the fault have been passed to
/// `each`.
pub fn read_activities<R: BufRead>(
    input: R,
    mut each: impl FnMut(Result<Activity, ActivityError>) -> ControlFlow<()>,
) -> Result<FileSummary, ReadError> {
    let mut reader = Reader::from_reader(LineCounter::new(input));
    let mut parser = Parser::default();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event_start = reader.buffer_position();
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(quick_xml::Error::Io(source)) => {
                return Err(ReadError::Io { byte: reader.buffer_position(), source });
            }
            Err(err) => {
                let position = reader.get_ref().position(reader.error_position());
                return Err(ReadError::Xml { position, message: err.to_string() });
            }
        };
        let counter = reader.get_ref();
        let at = || counter.position(event_start);
        let finished = match event {
            Event::Start(e) => {
                parser.start(&e, &at)?;
                None
            }
            Event::Empty(e) => {
                parser.start(&e, &at)?;
                parser.end()
            }
            Event::End(_) => parser.end(),
            Event::Text(t) => {
                parser.text(&t.xml10_content());
                None
            }
            Event::CData(t) => {
                parser.text(&t.xml10_content());
                None
            }
            Event::GeneralRef(r) => {
                parser.reference(&r, &at)?;
                None
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => None,
        };
        if let Some(result) = finished {
            parser.summary.activities += 1;
            match &result {
                Ok(activity) => parser.summary.notices += activity.notices.len(),
                Err(_) => parser.summary.errors += 1,
            }
            if each(result).is_break() {
                parser.summary.stopped_early = true;
                return Ok(parser.summary);
            }
        }
    }
    if let Some(open) = parser.stack.last() {
        let position = reader.get_ref().position(reader.buffer_position());
        return Err(ReadError::Xml { position, message: format!("the file ends inside <{}>", open.name) });
    }
    if !parser.seen_root {
        return Err(ReadError::NotActivityFile { root: None });
    }
    Ok(parser.summary)
}

/// Reads a whole file into memory: the activities, the refused ones and the summary.
///
/// # Errors
/// As [`read_activities`].
pub fn read_all<R: BufRead>(input: R) -> Result<(Vec<Activity>, Vec<ActivityError>, FileSummary), ReadError> {
    let mut activities = Vec::new();
    let mut errors = Vec::new();
    let summary = read_activities(input, |result| {
        match result {
            Ok(activity) => activities.push(activity),
            Err(error) => errors.push(error),
        }
        ControlFlow::Continue(())
    })?;
    Ok((activities, errors, summary))
}

/// How many of the last consumed bytes are kept to find the line of an error.
const TAIL: usize = 64 * 1024;

/// Passes the input through, counting lines and keeping the last [`TAIL`] bytes, so that a
/// byte offset (from the XML reader) can be turned into a line and column.
struct LineCounter<R> {
    inner: R,
    /// Bytes consumed, not counting a byte order mark.
    consumed: u64,
    newlines: u64,
    tail: VecDeque<u8>,
    started: bool,
}

impl<R: BufRead> LineCounter<R> {
    fn new(inner: R) -> Self {
        LineCounter { inner, consumed: 0, newlines: 0, tail: VecDeque::with_capacity(TAIL), started: false }
    }

    /// The line and column of `byte`, if it lies among the kept bytes.
    fn position(&self, byte: u64) -> Position {
        let window_start = self.consumed - self.tail.len() as u64;
        if byte < window_start || byte > self.consumed {
            return Position { byte, line: None, column: None };
        }
        let offset = usize::try_from(byte - window_start).unwrap_or(self.tail.len());
        let after = self.tail.range(offset..).filter(|&&b| b == b'\n').count() as u64;
        let line = self.newlines + 1 - after;
        let last_newline = self.tail.range(..offset).rposition(|&b| b == b'\n');
        let column = match last_newline {
            Some(i) => Some((offset - i) as u64),
            None if window_start == 0 => Some(offset as u64 + 1),
            None => None,
        };
        Position { byte, line: Some(line), column }
    }
}

impl<R: BufRead> Read for LineCounter<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(out.len());
            out[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for LineCounter<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if amount > 0 {
            // The bytes were returned by the last fill_buf, so this does no reading.
            if let Ok(available) = self.inner.fill_buf() {
                let mut taken = &available[..amount.min(available.len())];
                if !self.started {
                    // The XML reader does not count a byte order mark in its offsets.
                    taken = taken.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(taken);
                    self.started = true;
                }
                self.newlines += taken.iter().filter(|&&b| b == b'\n').count() as u64;
                let keep = &taken[taken.len().saturating_sub(TAIL)..];
                let overflow = (self.tail.len() + keep.len()).saturating_sub(TAIL);
                self.tail.drain(..overflow);
                self.tail.extend(keep);
                self.consumed += taken.len() as u64;
            }
        }
        self.inner.consume(amount);
    }
}

/// Attributes by name, unescaped, in document order.
type Attrs = Vec<(String, String)>;

/// An open element.
#[derive(Default)]
struct Frame {
    name: String,
    attrs: Attrs,
    /// `xml:lang` as written, of this element or inherited.
    lang: Option<String>,
    /// Its own text (not that of its children); collected inside activities only.
    text: String,
    /// The narratives of its `<narrative>` children.
    narratives: Vec<Narrative>,
    has_narrative_child: bool,
    /// What an activity-level element is being built into.
    item: Item,
}

impl Frame {
    /// An attribute, trimmed; `None` if missing or blank.
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    fn attr_owned(&self, key: &str) -> Option<String> {
        self.attr(key).map(str::to_owned)
    }
}

#[derive(Default)]
enum Item {
    #[default]
    None,
    Transaction(Box<TransactionDraft>),
    Budget(BudgetDraft),
    Location(Location),
}

#[derive(Default)]
struct TransactionDraft {
    kind: Option<TransactionKind>,
    date: Option<chrono::NaiveDate>,
    value: Option<f64>,
    currency: Option<String>,
    value_date: Option<chrono::NaiveDate>,
    provider: Option<Org>,
    receiver: Option<Org>,
}

#[derive(Default)]
struct BudgetDraft {
    start: Option<chrono::NaiveDate>,
    end: Option<chrono::NaiveDate>,
    value: Option<f64>,
    currency: Option<String>,
    value_date: Option<chrono::NaiveDate>,
}

/// The activity being read.
struct Draft {
    index: usize,
    line: Option<u64>,
    identifier: Option<String>,
    activity: Activity,
    /// The file's version era, to tell which codes are of the "other" version.
    era: Era,
}

impl Draft {
    fn note(&mut self, notice: Notice) {
        if !self.activity.notices.contains(&notice) {
            self.activity.notices.push(notice);
        }
    }

    /// Notes a code of the other version than the file's.
    fn note_era<T>(&mut self, coded: &Coded<T>, field: &'static str, code: &str, read_as: &str) {
        if let Some(era) = coded.era {
            if era != self.era {
                self.note(Notice::CodeOfOtherVersion {
                    field,
                    code: code.to_owned(),
                    code_version: era.label(),
                    read_as: read_as.to_owned(),
                });
            }
        }
    }

    fn lang(&mut self, raw: Option<&str>) -> Option<String> {
        let raw = raw?.trim();
        if raw.is_empty() {
            return None;
        }
        let lower = raw.to_lowercase();
        if lower != raw {
            self.note(Notice::LanguageLowerCased { code: raw.to_owned() });
        }
        Some(lower)
    }

    fn upper(&mut self, field: &'static str, code: &str) -> String {
        let upper = code.to_uppercase();
        if upper != code {
            self.note(Notice::CodeUpperCased { field, code: code.to_owned() });
        }
        upper
    }

    fn number(&mut self, field: &'static str, text: &str) -> Option<f64> {
        match parse_number(text) {
            Some(Number::Plain(v)) => Some(v),
            Some(Number::Cleaned(v)) => {
                self.note(Notice::NumberCleaned { field, value: text.trim().to_owned(), read_as: v });
                Some(v)
            }
            None => {
                self.note(Notice::BadNumber { field, value: text.trim().to_owned() });
                None
            }
        }
    }

    fn opt_number(&mut self, field: &'static str, text: Option<&str>) -> Option<f64> {
        text.and_then(|t| self.number(field, t))
    }

    fn date(&mut self, field: &'static str, text: &str) -> Option<chrono::NaiveDate> {
        match parse_date(text) {
            Some(DateRead::Plain(d)) => Some(d),
            Some(DateRead::Truncated(d)) => {
                self.note(Notice::DateTimeTruncated { field, value: text.trim().to_owned() });
                Some(d)
            }
            None => {
                self.note(Notice::BadDate { field, value: text.trim().to_owned() });
                None
            }
        }
    }

    fn opt_date(&mut self, field: &'static str, text: Option<&str>) -> Option<chrono::NaiveDate> {
        text.and_then(|t| self.date(field, t))
    }

    /// `@iso-date`, else (1.x habit, or a shifted export) the element's text.
    fn iso_date(&mut self, field: &'static str, frame: &Frame) -> Option<chrono::NaiveDate> {
        let iso = frame.attr("iso-date");
        if let Some(read) = iso.and_then(parse_date) {
            if matches!(read, DateRead::Truncated(_)) {
                self.note(Notice::DateTimeTruncated { field, value: iso.unwrap_or_default().to_owned() });
            }
            return Some(read.date());
        }
        let text = frame.text.trim();
        if let Some(read) = parse_date(text) {
            self.note(Notice::DateFromText {
                field,
                iso_date: iso.unwrap_or_default().to_owned(),
                text: text.to_owned(),
            });
            return Some(read.date());
        }
        match iso {
            Some(iso) => self.note(Notice::BadDate { field, value: iso.to_owned() }),
            None if text.is_empty() => self.note(Notice::Missing { field }),
            None => self.note(Notice::BadDate { field, value: text.to_owned() }),
        }
        None
    }

    /// The narratives of a text container; its own text if it has no `<narrative>` (1.x).
    fn narratives(&mut self, frame: &mut Frame, element: &'static str) -> Vec<Narrative> {
        if frame.has_narrative_child {
            return std::mem::take(&mut frame.narratives);
        }
        let text = frame.text.trim();
        if text.is_empty() {
            return Vec::new();
        }
        if self.era == Era::V2 {
            self.note(Notice::OldForm { element });
        }
        let text = text.to_owned();
        let lang = self.lang(frame.lang.as_deref());
        vec![Narrative { lang, text }]
    }

    fn org(&mut self, frame: &mut Frame, element: &'static str) -> Org {
        Org {
            reference: frame.attr_owned("ref"),
            org_type: frame.attr_owned("type"),
            names: self.narratives(frame, element),
        }
    }

    fn currency(&mut self, field: &'static str, frame: &Frame) -> Option<String> {
        match frame.attr("currency") {
            Some(c) => Some(self.upper(field, c)),
            None => self.activity.default_currency.clone(),
        }
    }
}

fn push_unique(list: &mut Vec<String>, value: Option<&str>) {
    if let Some(value) = value {
        if !list.iter().any(|v| v == value) {
            list.push(value.to_owned());
        }
    }
}

/// The element names of an activity that are read; the others are skipped with all they
/// contain.
const ACTIVITY_PARTS: [&str; 15] = [
    "iati-identifier",
    "reporting-org",
    "title",
    "description",
    "participating-org",
    "activity-status",
    "activity-date",
    "recipient-country",
    "recipient-region",
    "location",
    "sector",
    "budget",
    "transaction",
    "related-activity",
    "other-identifier",
];

/// Whether an element inside an activity part is read: narratives, the parts of
/// transactions, budgets and locations, and a location's `point/pos`.
/// The prefix of jointcal's own extension elements (`jointcal:activity` and those
/// inside it), which are read into [`Activity::extensions`].
const EXTENSION_PREFIX: &str = "jointcal:";

fn is_read_inside(parent: &Frame, name: &str) -> bool {
    match &parent.item {
        _ if name == "narrative" => true,
        Item::Transaction(_) => {
            matches!(name, "transaction-type" | "transaction-date" | "value" | "provider-org" | "receiver-org")
        }
        Item::Budget(_) => matches!(name, "period-start" | "period-end" | "value"),
        Item::Location(_) => matches!(name, "name" | "administrative" | "coordinates" | "point"),
        Item::None => parent.name == "point" && name == "pos",
    }
}

type At<'a> = &'a dyn Fn() -> Position;

#[derive(Default)]
struct Parser {
    stack: Vec<Frame>,
    /// How many elements deep the reader is inside a part of an activity it skips.
    skipping: usize,
    /// Index in `stack` of the `<iati-activity>` being read.
    activity_at: Option<usize>,
    draft: Option<Draft>,
    summary: FileSummary,
    seen_root: bool,
}

impl Parser {
    fn start(&mut self, e: &BytesStart<'_>, at: At<'_>) -> Result<(), ReadError> {
        let depth = self.stack.len();
        if let (Some(a), Some(parent)) = (self.activity_at, self.stack.last()) {
            let name = e.name();
            let name = name.as_ref();
            let read = self.skipping == 0
                && if depth == a + 1 {
                    ACTIVITY_PARTS.contains(&name) || name.starts_with(EXTENSION_PREFIX)
                } else {
                    is_read_inside(parent, name)
                        || (parent.name.starts_with(EXTENSION_PREFIX) && name.starts_with(EXTENSION_PREFIX))
                };
            if !read {
                if self.skipping == 0 && name == "iati-activity" {
                    if let Some(draft) = &mut self.draft {
                        draft.note(Notice::NestedActivity);
                    }
                }
                self.skipping += 1;
                // Attributes are still checked for well-formedness.
                for attr in e.attributes() {
                    attr.map_err(|err| ReadError::Xml { position: at(), message: err.to_string() })?;
                }
                return Ok(());
            }
        }
        let name = e.name().as_ref().to_owned();
        if depth == 0 {
            if self.seen_root {
                // A second root: not well-formed, but the XML reader does not check it.
                return Err(ReadError::Xml { position: at(), message: format!("a second root element <{name}>") });
            }
            self.seen_root = true;
            if name != "iati-activities" && name != "iati-activity" {
                return Err(ReadError::NotActivityFile { root: Some(name) });
            }
        }
        let (attrs, unknown_entity) = read_attrs(e, at)?;
        let lang = attrs
            .iter()
            .find(|(k, _)| k == "xml:lang")
            .map(|(_, v)| v.clone())
            .or_else(|| self.stack.last().and_then(|f| f.lang.clone()));
        let mut frame = Frame { name, attrs, lang, ..Frame::default() };
        if depth == 0 && frame.name == "iati-activities" {
            self.summary.version = frame.attr_owned("version");
        }
        if self.activity_at.is_none() && frame.name == "iati-activity" {
            self.activity_at = Some(depth);
            self.draft = Some(self.begin_activity(&frame, at));
        } else if let Some(a) = self.activity_at {
            if depth == a + 1 {
                frame.item = match frame.name.as_str() {
                    "transaction" => Item::Transaction(Box::default()),
                    "budget" => Item::Budget(BudgetDraft::default()),
                    "location" => Item::Location(Location { name: Vec::new(), admin: Vec::new(), point: None }),
                    _ => Item::None,
                };
            }
        }
        if let (Some(entity), Some(draft)) = (unknown_entity, &mut self.draft) {
            draft.note(Notice::UnknownEntity { entity });
        }
        self.stack.push(frame);
        Ok(())
    }

    fn begin_activity(&mut self, frame: &Frame, at: At<'_>) -> Draft {
        let index = self.summary.activities;
        let era = Era::of_version(self.summary.version.as_deref());
        let mut draft = Draft {
            index,
            line: at().line,
            identifier: None,
            era,
            activity: Activity {
                identifier: String::new(),
                line: at().line,
                index,
                default_lang: None,
                default_currency: None,
                hierarchy: None,
                humanitarian: None,
                reporting_org: None,
                titles: Vec::new(),
                descriptions: Vec::new(),
                participating_orgs: Vec::new(),
                status: None,
                dates: Vec::new(),
                recipient_countries: Vec::new(),
                recipient_regions: Vec::new(),
                locations: Vec::new(),
                sectors: Vec::new(),
                budgets: Vec::new(),
                transactions: Vec::new(),
                links: Links::default(),
                extensions: Vec::new(),
                notices: Vec::new(),
            },
        };
        draft.activity.default_lang = draft.lang(frame.lang.as_deref());
        draft.activity.default_currency =
            frame.attr("default-currency").map(|c| draft.upper("iati-activity/@default-currency", c));
        draft.activity.hierarchy = frame.attr("hierarchy").and_then(|h| match h.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                draft.note(Notice::BadNumber { field: "iati-activity/@hierarchy", value: h.to_owned() });
                None
            }
        });
        draft.activity.humanitarian = frame.attr("humanitarian").and_then(|h| match h {
            "1" | "true" => Some(true),
            "0" | "false" => Some(false),
            other => {
                draft.note(Notice::UnknownCode {
                    field: "iati-activity/@humanitarian",
                    code: other.to_owned(),
                    skipped: true,
                });
                None
            }
        });
        draft
    }

    fn text(&mut self, text: &str) {
        if self.activity_at.is_some() && self.skipping == 0 {
            if let Some(frame) = self.stack.last_mut() {
                frame.text.push_str(text);
            }
        }
    }

    fn reference(&mut self, r: &BytesRef<'_>, at: At<'_>) -> Result<(), ReadError> {
        let resolved = match r.resolve_char_ref() {
            Ok(Some(c)) => c.to_string(),
            Ok(None) => match resolve_predefined_entity(r) {
                Some(s) => s.to_owned(),
                None => {
                    let entity = format!("&{};", &**r);
                    if let (Some(draft), 0) = (&mut self.draft, self.skipping) {
                        draft.note(Notice::UnknownEntity { entity: entity.clone() });
                    }
                    entity
                }
            },
            Err(err) => return Err(ReadError::Xml { position: at(), message: err.to_string() }),
        };
        self.text(&resolved);
        Ok(())
    }

    /// Closes the innermost element; returns the activity if it was an `<iati-activity>`.
    fn end(&mut self) -> Option<Result<Activity, ActivityError>> {
        if self.skipping > 0 {
            self.skipping -= 1;
            return None;
        }
        let frame = self.stack.pop()?;
        let depth = self.stack.len();
        let a = self.activity_at?;
        if depth == a {
            self.activity_at = None;
            return self.draft.take().map(finish);
        }
        let draft = self.draft.as_mut()?;
        element_end(draft, &mut self.stack[a..], frame);
        None
    }
}

/// Reads the attributes of an element, unescaped. An attribute with an unknown entity is
/// kept as written and reported as the second value.
fn read_attrs(e: &BytesStart<'_>, at: At<'_>) -> Result<(Attrs, Option<String>), ReadError> {
    let mut attrs = Vec::new();
    let mut unknown = None;
    for attr in e.attributes() {
        let attr = attr.map_err(|err| ReadError::Xml { position: at(), message: err.to_string() })?;
        let value = match attr.normalized_value(XmlVersion::Implicit1_0) {
            Ok(v) => v.into_owned(),
            Err(_) => {
                unknown = Some(attr.value.to_string());
                attr.value.to_string()
            }
        };
        attrs.push((attr.key.as_ref().to_owned(), value));
    }
    Ok((attrs, unknown))
}

/// Turns a finished draft into the activity, or the reason it cannot be used.
fn finish(draft: Draft) -> Result<Activity, ActivityError> {
    let Draft { index, line, identifier, mut activity, .. } = draft;
    match identifier {
        Some(id) => {
            activity.identifier = id;
            Ok(activity)
        }
        None => Err(ActivityError { index, line, identifier: None, message: "no iati-identifier".to_owned() }),
    }
}

/// Handles the end of an element inside an activity. `open` holds the activity's frame
/// and the open elements inside it; `frame` is the element that ends.
fn element_end(draft: &mut Draft, open: &mut [Frame], mut frame: Frame) {
    if let Some(name) = frame.name.strip_prefix(EXTENSION_PREFIX) {
        let text = frame.text.trim().to_owned();
        draft.activity.extensions.push(Extension { name: name.to_owned(), attrs: frame.attrs, text });
        return;
    }
    if frame.name == "narrative" {
        if let Some(parent) = open.last_mut() {
            parent.has_narrative_child = true;
            let text = frame.text.trim();
            if !text.is_empty() {
                let text = text.to_owned();
                let lang = draft.lang(frame.lang.as_deref());
                parent.narratives.push(Narrative { lang, text });
            }
        }
        return;
    }
    match open.len() {
        1 => activity_child_end(draft, frame),
        2 => {
            let parent = &mut open[1];
            match &mut parent.item {
                Item::Transaction(tx) => transaction_child_end(draft, tx, &mut frame),
                Item::Budget(budget) => budget_child_end(draft, budget, &frame),
                Item::Location(location) => location_child_end(draft, location, &mut frame),
                Item::None => {}
            }
        }
        3 if frame.name == "pos" && open[2].name == "point" => {
            if let Item::Location(location) = &mut open[1].item {
                location.point = read_point(draft, frame.text.trim());
            }
        }
        _ => {}
    }
}

fn read_point(draft: &mut Draft, text: &str) -> Option<(f64, f64)> {
    let mut parts = text.split_whitespace();
    let lat = parts.next().and_then(|p| p.parse::<f64>().ok());
    let lon = parts.next().and_then(|p| p.parse::<f64>().ok());
    match (lat, lon, parts.next()) {
        (Some(lat), Some(lon), None) if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => {
            Some((lat, lon))
        }
        _ => {
            draft.note(Notice::BadPoint { value: text.to_owned() });
            None
        }
    }
}

fn activity_child_end(draft: &mut Draft, mut frame: Frame) {
    match frame.name.as_str() {
        "iati-identifier" => {
            let id = frame.text.trim();
            if draft.identifier.is_some() {
                draft.note(Notice::Repeated { element: "iati-identifier" });
            } else if !id.is_empty() {
                draft.identifier = Some(id.to_owned());
            }
        }
        "reporting-org" => {
            if draft.activity.reporting_org.is_some() {
                draft.note(Notice::Repeated { element: "reporting-org" });
            } else {
                let org = draft.org(&mut frame, "reporting-org");
                draft.activity.reporting_org = Some(org);
            }
        }
        "title" => {
            let narratives = draft.narratives(&mut frame, "title");
            draft.activity.titles.extend(narratives);
        }
        "description" => {
            let narratives = draft.narratives(&mut frame, "description");
            if !narratives.is_empty() {
                let kind = frame.attr_owned("type");
                draft.activity.descriptions.push(Description { kind, narratives });
            }
        }
        "participating-org" => participating_org_end(draft, &mut frame),
        "activity-status" => match frame.attr("code") {
            Some(_) if draft.activity.status.is_some() => draft.note(Notice::Repeated { element: "activity-status" }),
            Some(code) => draft.activity.status = Some(code.to_owned()),
            None => draft.note(Notice::Missing { field: "activity-status/@code" }),
        },
        "activity-date" => activity_date_end(draft, &frame),
        "recipient-country" => {
            let Some(code) = frame.attr("code") else {
                return draft.note(Notice::Missing { field: "recipient-country/@code" });
            };
            let code = draft.upper("recipient-country/@code", code);
            let percentage = draft.opt_number("recipient-country/@percentage", frame.attr("percentage"));
            draft.activity.recipient_countries.push(CountryShare { code, percentage });
        }
        "recipient-region" => {
            let Some(code) = frame.attr_owned("code") else {
                return draft.note(Notice::Missing { field: "recipient-region/@code" });
            };
            let vocabulary = frame.attr("vocabulary").unwrap_or("1").to_owned();
            let percentage = draft.opt_number("recipient-region/@percentage", frame.attr("percentage"));
            draft.activity.recipient_regions.push(RegionShare { vocabulary, code, percentage });
        }
        "sector" => {
            let Some(code) = frame.attr_owned("code") else {
                return draft.note(Notice::Missing { field: "sector/@code" });
            };
            let vocabulary = match frame.attr("vocabulary") {
                None => "1".to_owned(),
                Some(written) => {
                    let coded = codes::sector_vocabulary(written);
                    if coded.era.is_none() {
                        draft.note(Notice::UnknownCode {
                            field: "sector/@vocabulary",
                            code: written.to_owned(),
                            skipped: false,
                        });
                    }
                    draft.note_era(&coded, "sector/@vocabulary", written, &coded.value);
                    coded.value
                }
            };
            let percentage = draft.opt_number("sector/@percentage", frame.attr("percentage"));
            draft.activity.sectors.push(Sector { vocabulary, code, percentage });
        }
        "location" => {
            if let Item::Location(location) = std::mem::take(&mut frame.item) {
                draft.activity.locations.push(location);
            }
        }
        "budget" => {
            if let Item::Budget(budget) = std::mem::take(&mut frame.item) {
                if let Some(value) = budget.value {
                    draft.activity.budgets.push(Budget {
                        kind: frame.attr_owned("type"),
                        status: frame.attr_owned("status"),
                        start: budget.start,
                        end: budget.end,
                        value,
                        currency: budget.currency,
                        value_date: budget.value_date,
                    });
                }
            }
        }
        "transaction" => {
            if let Item::Transaction(tx) = std::mem::take(&mut frame.item) {
                transaction_end(draft, &frame, *tx);
            }
        }
        "related-activity" => {
            let Some(reference) = frame.attr_owned("ref") else {
                return draft.note(Notice::Missing { field: "related-activity/@ref" });
            };
            let kind = frame.attr("type").unwrap_or_default().to_owned();
            let links = &mut draft.activity.links.related_activities;
            let related = RelatedActivity { kind, reference };
            if !links.contains(&related) {
                links.push(related);
            }
        }
        "other-identifier" => {
            let reference = match frame.attr_owned("ref") {
                Some(r) => r,
                None => {
                    let text = frame.text.trim();
                    if text.is_empty() {
                        return draft.note(Notice::Missing { field: "other-identifier/@ref" });
                    }
                    if draft.era == Era::V2 {
                        draft.note(Notice::OldForm { element: "other-identifier" });
                    }
                    text.to_owned()
                }
            };
            let other = OtherIdentifier { kind: frame.attr_owned("type"), reference };
            let links = &mut draft.activity.links.other_identifiers;
            if !links.contains(&other) {
                links.push(other);
            }
        }
        _ => {}
    }
}

fn participating_org_end(draft: &mut Draft, frame: &mut Frame) {
    let role = match frame.attr("role") {
        None => {
            draft.note(Notice::Missing { field: "participating-org/@role" });
            OrgRole::Other(String::new())
        }
        Some(written) => {
            let coded = codes::org_role(written);
            if coded.era.is_none() {
                draft.note(Notice::UnknownCode {
                    field: "participating-org/@role",
                    code: written.to_owned(),
                    skipped: false,
                });
            }
            draft.note_era(&coded, "participating-org/@role", written, codes::org_role_code(&coded.value));
            coded.value
        }
    };
    let links = &mut draft.activity.links.participating_activity_ids;
    push_unique(links, frame.attr("activity-id"));
    if let Some(misplaced) = frame.attr("provider-activity-id") {
        push_unique(links, Some(misplaced));
        draft.note(Notice::MisplacedLink { field: "participating-org/@provider-activity-id" });
    }
    let org = draft.org(frame, "participating-org");
    draft.activity.participating_orgs.push(Participant { org, role });
}

fn activity_date_end(draft: &mut Draft, frame: &Frame) {
    let Some(written) = frame.attr("type") else {
        return draft.note(Notice::Missing { field: "activity-date/@type" });
    };
    let Some(coded) = codes::date_kind(written) else {
        return draft.note(Notice::UnknownCode {
            field: "activity-date/@type",
            code: written.to_owned(),
            skipped: true,
        });
    };
    draft.note_era(&coded, "activity-date/@type", written, codes::date_kind_code(coded.value));
    if let Some(date) = draft.iso_date("activity-date/@iso-date", frame) {
        draft.activity.dates.push(ActivityDate { kind: coded.value, date });
    }
}

fn transaction_child_end(draft: &mut Draft, tx: &mut TransactionDraft, frame: &mut Frame) {
    match frame.name.as_str() {
        "transaction-type" => {
            let written = match frame.attr("code") {
                Some(code) => code.to_owned(),
                None => {
                    let text = frame.text.trim();
                    if text.is_empty() {
                        return;
                    }
                    draft.note(Notice::CodeFromText { field: "transaction-type/@code", code: text.to_owned() });
                    text.to_owned()
                }
            };
            let coded = codes::transaction_kind(&written);
            if coded.era.is_none() {
                draft.note(Notice::UnknownCode {
                    field: "transaction-type/@code",
                    code: written.clone(),
                    skipped: false,
                });
            }
            draft.note_era(&coded, "transaction-type/@code", &written, codes::transaction_kind_code(&coded.value));
            tx.kind = Some(coded.value);
        }
        "transaction-date" => tx.date = draft.iso_date("transaction-date/@iso-date", frame),
        "value" => {
            tx.value = draft.number("transaction/value", &frame.text);
            tx.currency = draft.currency("transaction/value/@currency", frame);
            tx.value_date = draft.opt_date("transaction/value/@value-date", frame.attr("value-date"));
        }
        "provider-org" => {
            let links = &mut draft.activity.links.provider_activity_ids;
            push_unique(links, frame.attr("provider-activity-id"));
            tx.provider = Some(draft.org(frame, "provider-org"));
        }
        "receiver-org" => {
            let links = &mut draft.activity.links.receiver_activity_ids;
            push_unique(links, frame.attr("receiver-activity-id"));
            tx.receiver = Some(draft.org(frame, "receiver-org"));
        }
        _ => {}
    }
}

fn transaction_end(draft: &mut Draft, frame: &Frame, tx: TransactionDraft) {
    if let Some(misplaced) = frame.attr("provider-activity-id") {
        push_unique(&mut draft.activity.links.provider_activity_ids, Some(misplaced));
        draft.note(Notice::MisplacedLink { field: "transaction/@provider-activity-id" });
    }
    let kind = tx.kind.unwrap_or_else(|| {
        draft.note(Notice::Missing { field: "transaction-type/@code" });
        TransactionKind::Other(String::new())
    });
    let date = tx.date.or_else(|| {
        let fallback = tx.value_date;
        if fallback.is_some() {
            draft.note(Notice::DateFromValueDate);
        }
        fallback
    });
    let currency = tx.currency.or_else(|| draft.activity.default_currency.clone());
    draft.activity.transactions.push(Transaction {
        kind,
        date,
        value: tx.value,
        currency,
        provider: tx.provider,
        receiver: tx.receiver,
    });
}

fn budget_child_end(draft: &mut Draft, budget: &mut BudgetDraft, frame: &Frame) {
    match frame.name.as_str() {
        "period-start" => budget.start = draft.iso_date("budget/period-start/@iso-date", frame),
        "period-end" => budget.end = draft.iso_date("budget/period-end/@iso-date", frame),
        "value" => {
            budget.value = draft.number("budget/value", &frame.text);
            budget.currency = draft.currency("budget/value/@currency", frame);
            budget.value_date = draft.opt_date("budget/value/@value-date", frame.attr("value-date"));
        }
        _ => {}
    }
}

fn location_child_end(draft: &mut Draft, location: &mut Location, frame: &mut Frame) {
    match frame.name.as_str() {
        "name" => {
            let names = draft.narratives(frame, "location/name");
            location.name.extend(names);
        }
        "administrative" => {
            let vocabulary = frame.attr_owned("vocabulary");
            if let Some(code) = frame.attr_owned("code") {
                let level = frame.attr("level").and_then(|l| match l.parse::<u32>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        draft.note(Notice::BadNumber { field: "administrative/@level", value: l.to_owned() });
                        None
                    }
                });
                location.admin.push(AdminCode { vocabulary, level, code });
            }
            // IATI 1.x: <administrative country="KE" adm1="…" adm2="…">.
            for (key, level) in [("adm1", 1), ("adm2", 2)] {
                if let Some(code) = frame.attr_owned(key) {
                    if draft.era == Era::V2 {
                        draft.note(Notice::OldForm { element: "administrative" });
                    }
                    location.admin.push(AdminCode { vocabulary: None, level: Some(level), code });
                }
            }
        }
        "coordinates" => {
            // IATI 1.x: <coordinates latitude="…" longitude="…"/>.
            if draft.era == Era::V2 {
                draft.note(Notice::OldForm { element: "coordinates" });
            }
            let text = format!("{} {}", frame.attr("latitude").unwrap_or(""), frame.attr("longitude").unwrap_or(""));
            location.point = read_point(draft, text.trim());
        }
        _ => {}
    }
}
