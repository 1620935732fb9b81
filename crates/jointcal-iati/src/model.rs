//! What one `<iati-activity>` holds once read: plain data, no references to the XML.

use chrono::NaiveDate;
use serde::Serialize;

use crate::notice::Notice;

/// One activity of an IATI activity file.
///
/// Only the parts jointcal uses are kept; every other element is skipped. Codes are kept as
/// the 2.x code lists spell them (1.x codes are translated, see [`Notice`]). Lists keep the
/// document order.
///
/// The fields that point at *other* activities are not here but in [`Activity::links`], so
/// that code which must not see them (the overlap evaluation) can leave them alone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    /// `iati-identifier`, trimmed. Never empty: an activity without one is an
    /// [`ActivityError`](crate::ActivityError).
    pub identifier: String,
    /// Line of the `<iati-activity>` start tag, if known (for messages that name it).
    pub line: Option<u64>,
    /// Position among the file's activities, counting from 0.
    pub index: usize,
    /// `xml:lang` of the activity (or inherited from `<iati-activities>`), lower-cased.
    pub default_lang: Option<String>,
    /// `default-currency`, upper-cased.
    pub default_currency: Option<String>,
    /// `hierarchy` (1 is the top level).
    pub hierarchy: Option<u32>,
    /// `humanitarian` (`1`/`true` or `0`/`false`).
    pub humanitarian: Option<bool>,
    /// `reporting-org`.
    pub reporting_org: Option<Org>,
    /// The narratives of `title` (all languages).
    pub titles: Vec<Narrative>,
    /// Each `description` with its `type`.
    pub descriptions: Vec<Description>,
    /// `participating-org`s with their roles.
    pub participating_orgs: Vec<Participant>,
    /// `activity-status/@code` (1 pipeline … 6 suspended).
    pub status: Option<String>,
    /// `activity-date`s whose type and date could be read.
    pub dates: Vec<ActivityDate>,
    /// `recipient-country`s.
    pub recipient_countries: Vec<CountryShare>,
    /// `recipient-region`s.
    pub recipient_regions: Vec<RegionShare>,
    /// `location`s.
    pub locations: Vec<Location>,
    /// Activity-level `sector`s (not those of transactions).
    pub sectors: Vec<Sector>,
    /// `budget`s with a readable value.
    pub budgets: Vec<Budget>,
    /// `transaction`s.
    pub transactions: Vec<Transaction>,
    /// Link fields; an overlap evaluation must never read them.
    pub links: Links,
    /// jointcal's own extension elements (prefix `jointcal:`, at activity level and
    /// inside those), in the order they end: children before their parent.
    pub extensions: Vec<Extension>,
    /// What was tolerated or guessed while reading this activity, each once.
    pub notices: Vec<Notice>,
}

/// One extension element of jointcal's namespace, as written (prefix dropped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extension {
    /// The local name, e.g. `activity`, `target-group`.
    pub name: String,
    /// Its attributes as written.
    pub attrs: Vec<(String, String)>,
    /// Its own text, trimmed.
    pub text: String,
}

impl Extension {
    /// An attribute's value, if present.
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Which kind of date [`Activity::start`] or [`Activity::end`] used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DateSource {
    /// An actual date (activity-date type 2 or 4) was there.
    Actual,
    /// No actual date; the planned one (type 1 or 3) was used.
    Planned,
}

impl Activity {
    /// The start of the activity: the first actual start date (type 2) if there is one,
    /// else the first planned start date (type 1), else `None`. The [`DateSource`] says which.
    ///
    /// An end date is never used as a start.
    pub fn start(&self) -> Option<(NaiveDate, DateSource)> {
        self.pick(DateKind::ActualStart, DateKind::PlannedStart)
    }

    /// The end of the activity: the first actual end date (type 4) if there is one, else the
    /// first planned end date (type 3), else `None`. The [`DateSource`] says which.
    ///
    /// An actual end is preferred even when a planned end lies later: for a running activity
    /// IATI has no actual end, so an actual end means it is over.
    pub fn end(&self) -> Option<(NaiveDate, DateSource)> {
        self.pick(DateKind::ActualEnd, DateKind::PlannedEnd)
    }

    /// The title in `lang` (lower-case), else the first title.
    pub fn title(&self, lang: &str) -> Option<&str> {
        pick_narrative(&self.titles, lang)
    }

    fn pick(&self, actual: DateKind, planned: DateKind) -> Option<(NaiveDate, DateSource)> {
        let first = |kind: DateKind| self.dates.iter().find(|d| d.kind == kind).map(|d| d.date);
        first(actual).map(|d| (d, DateSource::Actual)).or_else(|| first(planned).map(|d| (d, DateSource::Planned)))
    }
}

/// The narrative in `lang` (lower-case), else the first one.
pub fn pick_narrative<'a>(narratives: &'a [Narrative], lang: &str) -> Option<&'a str> {
    narratives.iter().find(|n| n.lang.as_deref() == Some(lang)).or_else(|| narratives.first()).map(|n| n.text.as_str())
}

/// A text in one language: a `<narrative>`, or in IATI 1.x the text of the element itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Narrative {
    /// `xml:lang` of the narrative or, as XML inherits it, of an enclosing element (in the
    /// end the activity's default language); lower-cased. `None` if nothing says.
    pub lang: Option<String>,
    /// The text, trimmed. Never empty (empty narratives are skipped).
    pub text: String,
}

/// An organisation as an activity names it (reporting, participating, provider, receiver).
///
/// The `…activity-id` attributes of these elements are not here but in [`Links`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Org {
    /// `ref`, trimmed; `None` if missing or empty. The same organisation is often spelled
    /// differently by different publishers (`XM-DAC-41122` and `41122`).
    pub reference: Option<String>,
    /// `type` (OrganisationType code, e.g. `10` government, `40` multilateral).
    pub org_type: Option<String>,
    /// The names.
    pub names: Vec<Narrative>,
}

/// One `description`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Description {
    /// `type` (DescriptionType: 1 general, 2 objectives, 3 target groups, 4 other).
    pub kind: Option<String>,
    /// The texts.
    pub narratives: Vec<Narrative>,
}

/// One `participating-org`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participant {
    /// The organisation.
    pub org: Org,
    /// `role`.
    pub role: OrgRole,
}

/// The OrganisationRole code list, read from 2.x codes `1`–`4` or 1.x names (any case).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum OrgRole {
    /// 1: provides the money.
    Funding,
    /// 2: responsible for oversight.
    Accountable,
    /// 3: manages the budget on behalf of the funder.
    Extending,
    /// 4: carries the activity out.
    Implementing,
    /// Any other value, as written (empty if the role is missing).
    Other(String),
}

/// One `activity-date` whose type is known and whose date could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ActivityDate {
    /// `type`.
    pub kind: DateKind,
    /// `iso-date` (a time or time zone part is dropped).
    pub date: NaiveDate,
}

/// ActivityDateType, read from 2.x codes `1`–`4` or 1.x codes (`start-planned` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DateKind {
    /// 1, `start-planned`.
    PlannedStart,
    /// 2, `start-actual`.
    ActualStart,
    /// 3, `end-planned`.
    PlannedEnd,
    /// 4, `end-actual`.
    ActualEnd,
}

/// One `recipient-country`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryShare {
    /// ISO 3166-1 alpha-2 code, upper-cased.
    pub code: String,
    /// `percentage`, if given and readable.
    pub percentage: Option<f64>,
}

/// One `recipient-region`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionShare {
    /// `vocabulary`; `"1"` (OECD DAC regions) when missing.
    pub vocabulary: String,
    /// The region code.
    pub code: String,
    /// `percentage`, if given and readable.
    pub percentage: Option<f64>,
}

/// One `location`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    /// `name` narratives (1.x: the text of `name`).
    pub name: Vec<Narrative>,
    /// `administrative` codes (1.x: `adm1`/`adm2` attributes as levels 1 and 2).
    pub admin: Vec<AdminCode>,
    /// `point/pos` as (latitude, longitude) in WGS 84 (1.x: `coordinates`).
    pub point: Option<(f64, f64)>,
}

/// One administrative area code of a location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdminCode {
    /// `vocabulary` (GeographicVocabulary, e.g. `A1` GAUL, `A4` ISO country, `G1` GeoNames).
    pub vocabulary: Option<String>,
    /// `level` (0 is the country).
    pub level: Option<u32>,
    /// `code`.
    pub code: String,
}

/// One activity-level `sector`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sector {
    /// `vocabulary`; `"1"` (DAC 5-digit) when missing. 1.x names are translated (`DAC` → `1`,
    /// `DAC-3` → `2`, `RO` → `99`, `RO2` → `98`).
    pub vocabulary: String,
    /// `code`.
    pub code: String,
    /// `percentage`, if given and readable.
    pub percentage: Option<f64>,
}

/// One `budget` with a readable value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Budget {
    /// `type` (1 original, 2 revised).
    pub kind: Option<String>,
    /// `status` (1 indicative, 2 committed).
    pub status: Option<String>,
    /// `period-start/@iso-date`.
    pub start: Option<NaiveDate>,
    /// `period-end/@iso-date`.
    pub end: Option<NaiveDate>,
    /// `value`.
    pub value: f64,
    /// `value/@currency`, else the activity's default currency; upper-cased.
    pub currency: Option<String>,
    /// `value/@value-date`.
    pub value_date: Option<NaiveDate>,
}

/// One `transaction`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transaction {
    /// `transaction-type/@code`.
    pub kind: TransactionKind,
    /// `transaction-date/@iso-date`, else `value/@value-date` (with a notice).
    pub date: Option<NaiveDate>,
    /// `value`, if readable.
    pub value: Option<f64>,
    /// `value/@currency`, else the activity's default currency; upper-cased.
    pub currency: Option<String>,
    /// `provider-org` (without its `provider-activity-id`, which is in [`Links`]).
    pub provider: Option<Org>,
    /// `receiver-org` (without its `receiver-activity-id`, which is in [`Links`]).
    pub receiver: Option<Org>,
}

/// TransactionType, read from 2.x codes or 1.x letter codes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum TransactionKind {
    /// 1, 1.x `IF`.
    IncomingFunds,
    /// 2, 1.x `C`.
    OutgoingCommitment,
    /// 3, 1.x `D`.
    Disbursement,
    /// 4, 1.x `E`.
    Expenditure,
    /// 5, 1.x `IR`.
    InterestPayment,
    /// 6, 1.x `LR`.
    LoanRepayment,
    /// 7, 1.x `R`.
    Reimbursement,
    /// 8, 1.x `QP`.
    PurchaseOfEquity,
    /// 9, 1.x `QS`.
    SaleOfEquity,
    /// 10, 1.x `CG`.
    CreditGuarantee,
    /// 11.
    IncomingCommitment,
    /// 12.
    OutgoingPledge,
    /// 13.
    IncomingPledge,
    /// Any other value, as written (empty if the type is missing).
    Other(String),
}

/// Link fields; an overlap evaluation must never read them.
///
/// They name other activities directly (the funder's own activity, the child activity,
/// the donor's project number), so a matcher that read them would be told the answer. An
/// import may use them. Identifiers are trimmed and each kept once, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Links {
    /// `transaction/provider-org/@provider-activity-id` (also the misplaced
    /// `transaction/@provider-activity-id`, with a notice).
    pub provider_activity_ids: Vec<String>,
    /// `transaction/receiver-org/@receiver-activity-id`.
    pub receiver_activity_ids: Vec<String>,
    /// `participating-org/@activity-id` (also a misplaced `provider-activity-id` there,
    /// with a notice).
    pub participating_activity_ids: Vec<String>,
    /// `related-activity`s.
    pub related_activities: Vec<RelatedActivity>,
    /// `other-identifier`s.
    pub other_identifiers: Vec<OtherIdentifier>,
}

/// One `related-activity`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedActivity {
    /// `type` (1 parent, 2 child, 3 sibling, 4 co-funded, 5 third party).
    pub kind: String,
    /// `ref`: the other activity's identifier.
    pub reference: String,
}

/// One `other-identifier`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtherIdentifier {
    /// `type` (A1 reporting org's internal id, A2 CRS, A3 previous identifier, B1 …);
    /// `None` in 1.x, which had no type.
    pub kind: Option<String>,
    /// `ref` (1.x: the element's text).
    pub reference: String,
}
