//! What the reader tolerated or guessed in an activity.

use std::fmt;

use serde::Serialize;

/// Something in an activity that was not as the standard says and what the reader did
/// about it. Each distinct notice is kept once per activity.
///
/// `field` values name the place in IATI terms, e.g. `transaction/value`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Notice {
    /// A language code with upper-case letters (`EN`) was lower-cased.
    LanguageLowerCased {
        /// As written.
        code: String,
    },
    /// A country or currency code with lower-case letters was upper-cased.
    CodeUpperCased {
        /// Where.
        field: &'static str,
        /// As written.
        code: String,
    },
    /// A code of the other major version than the file declares (a 1.x code in a 2.x file or
    /// the reverse) was read.
    CodeOfOtherVersion {
        /// Where.
        field: &'static str,
        /// As written.
        code: String,
        /// The IATI version the code belongs to (`1.x` or `2.x`).
        code_version: &'static str,
        /// The 2.x code it was read as.
        read_as: String,
    },
    /// A code that is in neither version's code list; the item was kept with the code as
    /// written, or skipped where the code is needed (activity-date type).
    UnknownCode {
        /// Where.
        field: &'static str,
        /// As written.
        code: String,
        /// Whether the item was skipped.
        skipped: bool,
    },
    /// A required code or reference is missing or empty; the item was skipped or, for a
    /// participating-org role or a transaction type, kept with an empty `Other`.
    Missing {
        /// What is missing, e.g. `recipient-country/@code`.
        field: &'static str,
    },
    /// The text of an element was read as its narrative (the IATI 1.x form), or another 1.x
    /// form (`coordinates`, `administrative/@adm1`) was read in a 2.x file.
    OldForm {
        /// The element.
        element: &'static str,
    },
    /// A code expected in an attribute was read from the element's text.
    CodeFromText {
        /// Where.
        field: &'static str,
        /// The text.
        code: String,
    },
    /// A number written with thousands separators, a decimal comma or spaces was read.
    NumberCleaned {
        /// Where.
        field: &'static str,
        /// As written.
        value: String,
        /// As read.
        read_as: f64,
    },
    /// A number could not be read; the value (or the item, where the value is needed) was
    /// skipped.
    BadNumber {
        /// Where.
        field: &'static str,
        /// As written (may be empty).
        value: String,
    },
    /// A date had a time or time zone part, which was dropped.
    DateTimeTruncated {
        /// Where.
        field: &'static str,
        /// As written.
        value: String,
    },
    /// A date could not be read; the date (or the item, where the date is needed) was
    /// skipped.
    BadDate {
        /// Where.
        field: &'static str,
        /// As written (may be empty).
        value: String,
    },
    /// `iso-date` was missing or not a date and the element's text was read as the date
    /// instead.
    DateFromText {
        /// Where.
        field: &'static str,
        /// The `iso-date` attribute as written (empty if missing).
        iso_date: String,
        /// The text that was read.
        text: String,
    },
    /// A transaction without a readable `transaction-date` got the `value-date` of its value.
    DateFromValueDate,
    /// A link attribute in the wrong place was read into [`Links`](crate::Links).
    MisplacedLink {
        /// Where, e.g. `transaction/@provider-activity-id`.
        field: &'static str,
    },
    /// A coordinate pair was not two numbers within range; the point was skipped.
    BadPoint {
        /// As written.
        value: String,
    },
    /// An element that may appear once appeared again; the later one was ignored.
    Repeated {
        /// The element.
        element: &'static str,
    },
    /// An `<iati-activity>` inside another was ignored with all its content.
    NestedActivity,
    /// An entity reference other than the five XML ones was kept as written.
    UnknownEntity {
        /// As written, e.g. `&nbsp;`.
        entity: String,
    },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::LanguageLowerCased { code } => write!(f, "language code '{code}' read in lower case"),
            Notice::CodeUpperCased { field, code } => write!(f, "{field} '{code}' read in upper case"),
            Notice::CodeOfOtherVersion { field, code, code_version, read_as } => {
                write!(f, "{field} '{code}' is an IATI {code_version} code; read as '{read_as}'")
            }
            Notice::UnknownCode { field, code, skipped: true } => write!(f, "{field} '{code}' is unknown; skipped"),
            Notice::UnknownCode { field, code, skipped: false } => {
                write!(f, "{field} '{code}' is unknown; kept as written")
            }
            Notice::Missing { field } => write!(f, "{field} is missing"),
            Notice::OldForm { element } => write!(f, "<{element}> read in its IATI 1.x form"),
            Notice::CodeFromText { field, code } => write!(f, "{field} read from the element text '{code}'"),
            Notice::NumberCleaned { field, value, read_as } => write!(f, "{field} '{value}' read as {read_as}"),
            Notice::BadNumber { field, value } => write!(f, "{field} '{value}' is not a number; skipped"),
            Notice::DateTimeTruncated { field, value } => write!(f, "{field} '{value}': only the date was read"),
            Notice::BadDate { field, value } => write!(f, "{field} '{value}' is not a date; skipped"),
            Notice::DateFromText { field, iso_date, text } if iso_date.is_empty() => {
                write!(f, "{field} is missing; read the element text '{text}'")
            }
            Notice::DateFromText { field, iso_date, text } => {
                write!(f, "{field} '{iso_date}' is not a date; read the element text '{text}'")
            }
            Notice::DateFromValueDate => f.write_str("transaction without transaction-date: used value/@value-date"),
            Notice::MisplacedLink { field } => write!(f, "link {field} is misplaced; read as a link"),
            Notice::BadPoint { value } => write!(f, "location point '{value}' is not latitude longitude; skipped"),
            Notice::Repeated { element } => write!(f, "<{element}> repeated; the later one was ignored"),
            Notice::NestedActivity => f.write_str("<iati-activity> inside an activity was ignored"),
            Notice::UnknownEntity { entity } => write!(f, "unknown entity {entity} kept as written"),
        }
    }
}
