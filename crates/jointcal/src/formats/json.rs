//! The API's JSON as an export and an import: `{"group", "organizations", "activities"}`,
//! each activity as `GET /api/v1/groups/{slug}/activities/{id}` gives it (organizations
//! by id), and the organizations they name (id, acronym, name, kind, IATI identifier),
//! so that a file goes into another server too. An import matches by IATI identifier,
//! else ref, else id, and the file owns every field. The whole file is read at once
//! (unlike IATI and sheets, which stream).

use crate::formats::record::{Item, Key, OrgMention, Owned, Record, Refused, Source};
use crate::services::ActivityView;
use jointcal_domain::activity::ActivityInput;
use jointcal_domain::group::Group;
use jointcal_domain::ids::{ActivityId, OrgId};
use jointcal_domain::org::Organization;
use jointcal_domain::vocab::{OrgKind, Vocabulary};
use serde_json::{json, Value};
use std::collections::HashMap;

/// The keys of an activity's JSON that are not input (made by the server).
const MADE_BY_SERVER: [&str; 9] =
    ["id", "group_id", "version", "sequence", "fingerprint", "created_at", "updated_at", "deleted_at", "exact_place"];

/// The export: the group, the organizations named, the activities.
pub fn export(group: &Group, activities: &[ActivityView], orgs: &HashMap<OrgId, Organization>) -> Value {
    let mut named: Vec<&Organization> = Vec::new();
    for v in activities {
        for o in &v.activity.fields.organizations {
            if let Some(org) = orgs.get(&o.org) {
                if !named.iter().any(|n| n.id == org.id) {
                    named.push(org);
                }
            }
        }
    }
    named.sort_by(|a, b| a.fields.acronym.cmp(&b.fields.acronym));
    json!({
        "group": {"slug": group.fields.slug, "name": group.fields.name, "country": group.fields.country},
        "organizations": named.iter().map(|o| json!({
            "id": o.id.to_string(), "acronym": o.fields.acronym, "name": o.fields.name,
            "kind": o.fields.kind.code(), "iati_org_id": o.fields.iati_org_id,
        })).collect::<Vec<_>>(),
        "activities": activities.iter().map(|v| {
            let mut j = v.to_json();
            if let Some(o) = j.as_object_mut() {
                o.insert("exact_place".into(), v.exact_place.into());
            }
            j
        }).collect::<Vec<_>>(),
    })
}

/// The items of a JSON file: an export as [`export`] writes it, or a bare list of
/// activity inputs (organizations by acronym or IATI identifier).
pub fn items(bytes: &[u8], file: &str) -> Result<Vec<Item>, String> {
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| format!("{file}: not JSON: {e}"))?;
    let (orgs, list) = match &doc {
        Value::Array(list) => (Vec::new(), list.clone()),
        Value::Object(o) => match o.get("activities") {
            Some(Value::Array(list)) => {
                (o.get("organizations").and_then(Value::as_array).cloned().unwrap_or_default(), list.clone())
            }
            _ => {
                return Err(format!("{file}: a JSON import is a list of activities, or an object with \"activities\""))
            }
        },
        _ => return Err(format!("{file}: a JSON import is a list of activities, or an object with \"activities\"")),
    };
    let mut known: HashMap<String, OrgMention> = HashMap::new();
    for o in &orgs {
        let text = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
        if let (Some(id), Some(name)) = (text("id"), text("name")) {
            let kind = text("kind").and_then(|k| OrgKind::from_code(&k).ok()).unwrap_or(OrgKind::Other);
            known.insert(id, OrgMention { iati_id: text("iati_org_id"), name, acronym: text("acronym"), kind });
        }
    }
    let mut out = Vec::with_capacity(list.len());
    for (i, mut a) in list.into_iter().enumerate() {
        let at = Source { file: file.to_string(), line: None };
        let at = Source { line: Some(i as u64 + 1), ..at };
        let id = a.get("id").and_then(Value::as_str).and_then(|s| s.parse::<ActivityId>().ok());
        // Places reduced for the exporter's eyes are not the activity's places.
        let places_whole = a.get("exact_place").and_then(Value::as_bool) != Some(false);
        if let Some(o) = a.as_object_mut() {
            for k in MADE_BY_SERVER {
                o.remove(k);
            }
        }
        let input: ActivityInput = match serde_json::from_value(a) {
            Ok(x) => x,
            Err(e) => {
                out.push(Item::Refused(Refused {
                    at,
                    key: id.map(|i| i.to_string()),
                    field: None,
                    reason: format!("activity {} is not an activity of the API: {e}", i + 1),
                }));
                continue;
            }
        };
        let key = match (&input.iati_identifier, &input.external_ref, id) {
            (Some(k), _, _) => Key::Iati(k.clone()),
            (None, Some(r), _) => Key::Ref(r.clone()),
            (None, None, Some(id)) => Key::Id(id),
            (None, None, None) => {
                out.push(Item::Refused(Refused {
                    at,
                    key: None,
                    field: Some("iati_identifier".into()),
                    reason: "give each activity an iati_identifier, a ref or its id, so that it is found again".into(),
                }));
                continue;
            }
        };
        let mut input = input;
        let mut mentions: Vec<OrgMention> = Vec::new();
        for o in &mut input.organizations {
            let m = known.get(&o.org).cloned().unwrap_or_else(|| OrgMention {
                iati_id: o.org.contains('-').then(|| o.org.clone()),
                name: o.org.clone(),
                acronym: Some(o.org.clone()),
                kind: OrgKind::Other,
            });
            let n = match mentions.iter().position(|x| *x == m) {
                Some(n) => n,
                None => {
                    mentions.push(m);
                    mentions.len() - 1
                }
            };
            o.org = Record::org_placeholder(n);
        }
        let owned = Owned {
            kind: true,
            pillars: true,
            target_groups: true,
            delivery_mode: true,
            description: true,
            locations: places_whole,
            status: true,
            budget: true,
            expected_participants: true,
            dac_sectors: true,
            rest: true,
        };
        out.push(Item::Record(Box::new(Record { at, key, input, orgs: mentions, owned, notes: Vec::new() })));
    }
    Ok(out)
}
