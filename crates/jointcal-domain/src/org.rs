//! Organizations, shared across groups.

use crate::error::{Problem, ValidationErrors};
use crate::ids::OrgId;
use crate::vocab::{OrgKind, Vocabulary};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct OrgInput {
    pub name: String,
    pub acronym: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::vocab::OrgKind))]
    pub kind: String,
    #[serde(default)]
    pub iati_org_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgFields {
    pub name: String,
    /// Short name, unique on the server (case-insensitive), e.g. `IOM`.
    pub acronym: String,
    pub kind: OrgKind,
    /// IATI organisation identifier, e.g. `XM-DAC-47066`.
    pub iati_org_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organization {
    pub id: OrgId,
    #[serde(flatten)]
    pub fields: OrgFields,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Checks an IATI organisation identifier: `{registration agency}-{number}`,
/// letters, digits, `-`, `_`, `.`, no spaces.
pub fn parse_iati_org_id(s: &str) -> Result<String, Problem> {
    let t = s.trim();
    let ok = (3..=100).contains(&t.len())
        && t.contains('-')
        && t.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ':'));
    if ok {
        Ok(t.to_string())
    } else {
        Err(Problem::new(
            "not_an_iati_org_id",
            format!("'{s}' is not an IATI organisation identifier (e.g. XM-DAC-47066)"),
        )
        .with("value", s))
    }
}

impl OrgInput {
    /// Checks input by every rule.
    pub fn validate(&self) -> Result<OrgFields, ValidationErrors> {
        self.check(crate::text::Lines::One)
    }

    /// Reads back a stored form: the text rules for input are not applied again
    /// (they may have grown stricter since it was stored).
    pub fn validate_stored(&self) -> Result<OrgFields, ValidationErrors> {
        self.check(crate::text::Lines::AsStored)
    }

    fn check(&self, one: crate::text::Lines) -> Result<OrgFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = self.name.trim().to_string();
        if name.is_empty() {
            e.add("name", Problem::required());
        } else if name.chars().count() > 300 {
            e.add("name", Problem::too_long(300));
        } else if let Err(m) = crate::text::check_text(&name, one) {
            e.add("name", m);
        }
        let acronym = self.acronym.trim().to_string();
        if acronym.is_empty() {
            e.add("acronym", Problem::required_as("a short name such as IOM"));
        } else if acronym.chars().count() > 30 {
            e.add("acronym", Problem::too_long(30));
        } else if let Err(m) = crate::text::check_text(&acronym, one) {
            e.add("acronym", m);
        }
        let kind = e.take("kind", OrgKind::from_code(&self.kind).map_err(Problem::from));
        let iati_org_id = match self.iati_org_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => e.take("iati_org_id", parse_iati_org_id(s)),
        };
        match kind {
            Some(kind) if e.is_empty() => Ok(OrgFields { name, acronym, kind, iati_org_id }),
            _ => Err(e),
        }
    }
}
