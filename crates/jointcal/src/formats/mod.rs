//! Import and export formats: IATI activity XML, HXL-tagged 3W sheets (CSV) and the
//! API's JSON.
//!
//! A reader turns a file into [`Record`]s, one at a time (files of any size stream):
//! the activity as the file tells it, the organizations it names (matched or created
//! by the import service), the fields the file owns, and what was guessed. The import
//! service (`services::imports`) matches records to stored activities, validates and
//! writes them under the access rules. Writers take activities as a reader may see them.

pub mod fuzz;
pub mod hxl_in;
pub mod iati_in;
pub mod iati_out;
pub mod json;
pub mod record;
pub mod sheet_out;
pub mod text;
pub mod words;
pub mod xlsx;

pub use record::{Item, Key, OrgMention, Owned, Record, Refused, Source};
pub use text::{cut, many_lines, neutralized, one_line};

use serde::Serialize;

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
    /// HXL-tagged 3W sheet, Excel.
    Xlsx,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<ExportFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "iati" | "xml" => Some(ExportFormat::Iati),
            "csv" | "hxl" | "3w" => Some(ExportFormat::Csv),
            "json" => Some(ExportFormat::Json),
            "xlsx" | "excel" => Some(ExportFormat::Xlsx),
            _ => None,
        }
    }

    /// MIME type and file name extension.
    pub fn media(self) -> (&'static str, &'static str) {
        match self {
            ExportFormat::Iati => ("application/xml; charset=utf-8", "xml"),
            ExportFormat::Csv => ("text/csv; charset=utf-8", "csv"),
            ExportFormat::Json => ("application/json", "json"),
            ExportFormat::Xlsx => ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
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
        ExportFormat::Xlsx => xlsx::write(activities, orgs, lang),
        ExportFormat::Json => {
            let mut v = serde_json::to_vec_pretty(&json::export(group, activities, orgs)).map_err(|e| e.to_string())?;
            v.push(b'\n');
            Ok(v)
        }
    }
}
