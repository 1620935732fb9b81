//! Coordination groups.

use crate::error::{Problem, ValidationErrors};
use crate::ids::GroupId;
use crate::schedule::parse_tz;
use crate::text::Lang;
use crate::vocab::{MeetingCadence, Vocabulary};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// A URL-safe group name: lower-case letters, digits and hyphens, 2–64 characters.
pub fn parse_slug(s: &str) -> Result<String, Problem> {
    let t = s.trim();
    let ok = (2..=64).contains(&t.len())
        && t.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !t.starts_with('-')
        && !t.ends_with('-');
    if ok {
        Ok(t.to_string())
    } else {
        let m = format!("'{s}' is not a valid slug: use 2–64 lower-case letters, digits and hyphens, e.g. kz-tip");
        Err(Problem::new("not_a_slug", m).with("value", s))
    }
}

/// A group as given by a user or a file.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct GroupInput {
    pub slug: String,
    pub name: String,
    pub country: String,
    #[serde(default)]
    pub theme: Option<String>,
    pub timezone: String,
    #[serde(default)]
    pub bulletin_day: Option<u8>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::vocab::MeetingCadence>))]
    pub meeting_cadence: Option<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Coordinators must sign in with a second factor (TOTP). Shown to the group's
    /// coordinators only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_totp_for_coordinators: Option<bool>,
}

/// Validated group fields.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupFields {
    pub slug: String,
    pub name: String,
    pub country: String,
    pub theme: Option<String>,
    pub timezone: Tz,
    /// Day of the month (1–28) on which the bulletin goes out.
    pub bulletin_day: u8,
    pub meeting_cadence: MeetingCadence,
    pub languages: Vec<Lang>,
    pub description: Option<String>,
    pub require_totp_for_coordinators: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: GroupId,
    pub fields: GroupFields,
    /// Raised by every change of the settings (the ETag of the API).
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn short_text(
    errs: &mut ValidationErrors,
    field: &str,
    v: &Option<String>,
    max: usize,
    lines: crate::text::Lines,
) -> Option<String> {
    let t = v.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    if t.chars().count() > max {
        errs.add(field, Problem::too_long(max));
    } else if let Err(m) = crate::text::check_text(t, lines) {
        errs.add(field, m);
    }
    Some(t.to_string())
}

impl GroupInput {
    /// Checks input by every rule.
    pub fn validate(&self) -> Result<GroupFields, ValidationErrors> {
        self.check(crate::text::Lines::One)
    }

    /// Reads back a stored form: the text rules for input are not applied again
    /// (they may have grown stricter since it was stored).
    pub fn validate_stored(&self) -> Result<GroupFields, ValidationErrors> {
        self.check(crate::text::Lines::AsStored)
    }

    fn check(&self, one: crate::text::Lines) -> Result<GroupFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let slug = e.take("slug", parse_slug(&self.slug));
        let name = self.name.trim().to_string();
        if name.is_empty() {
            e.add("name", Problem::required());
        } else if name.chars().count() > 200 {
            e.add("name", Problem::too_long(200));
        } else if let Err(m) = crate::text::check_text(&name, one) {
            e.add("name", m);
        }
        let country = e.take("country", crate::geo::parse_country(&self.country));
        let timezone = e.take("timezone", parse_tz(&self.timezone));
        let bulletin_day = self.bulletin_day.unwrap_or(1);
        if !(1..=28).contains(&bulletin_day) {
            let m = format!("{bulletin_day} is not a day from 1 to 28");
            e.add("bulletin_day", Problem::new("not_a_bulletin_day", m).with("value", bulletin_day));
        }
        let meeting_cadence = match &self.meeting_cadence {
            None => Some(MeetingCadence::Quarterly),
            Some(c) => e.take("meeting_cadence", MeetingCadence::from_code(c).map_err(Problem::from)),
        };
        let mut languages = Vec::new();
        for (i, l) in self.languages.iter().enumerate() {
            if let Some(l) = e.take(&format!("languages[{i}]"), Lang::parse(l)) {
                if !languages.contains(&l) {
                    languages.push(l);
                }
            }
        }
        if languages.is_empty() {
            languages.push(Lang::parse("en").map_err(|m| ValidationErrors::single("languages", m))?);
        }
        let theme = short_text(&mut e, "theme", &self.theme, 200, one);
        let description = short_text(
            &mut e,
            "description",
            &self.description,
            5000,
            crate::text::Lines::Many.unless_stored(one == crate::text::Lines::AsStored),
        );
        match (slug, country, timezone, meeting_cadence) {
            (Some(slug), Some(country), Some(timezone), Some(meeting_cadence)) if e.is_empty() => Ok(GroupFields {
                slug,
                name,
                country,
                theme,
                timezone,
                bulletin_day,
                meeting_cadence,
                languages,
                description,
                require_totp_for_coordinators: self.require_totp_for_coordinators.unwrap_or(false),
            }),
            _ => Err(e),
        }
    }
}

impl GroupFields {
    pub fn to_input(&self) -> GroupInput {
        GroupInput {
            slug: self.slug.clone(),
            name: self.name.clone(),
            country: self.country.clone(),
            theme: self.theme.clone(),
            timezone: self.timezone.name().to_string(),
            bulletin_day: Some(self.bulletin_day),
            meeting_cadence: Some(self.meeting_cadence.code().to_string()),
            languages: self.languages.iter().map(|l| l.as_str().to_string()).collect(),
            description: self.description.clone(),
            require_totp_for_coordinators: Some(self.require_totp_for_coordinators),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_validation() {
        let g = GroupInput {
            slug: "kz-tip".into(),
            name: "Kazakhstan TIP".into(),
            country: "kz".into(),
            timezone: "Asia/Almaty".into(),
            ..Default::default()
        };
        let f = g.validate().unwrap();
        assert_eq!(f.country, "KZ");
        assert_eq!(f.bulletin_day, 1);
        let bad = GroupInput { slug: "KZ TIP".into(), timezone: "Nowhere".into(), bulletin_day: Some(31), ..g };
        let e = bad.validate().unwrap_err();
        let fields: Vec<_> = e.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["slug", "timezone", "bulletin_day"]);
    }
}
