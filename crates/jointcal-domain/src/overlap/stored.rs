//! Flags as a group keeps them: with a coordinator's resolution, and the rules that
//! keep them current when activities change.

use super::score::{Evidence, Flag, FlagKind};
use crate::ids::{ActivityId, GroupId, UserId};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// What a coordinator decided about a flag: open (not looked at yet), duplicate
/// (the same effort twice), complementary (could be done jointly) or dismissed (not
/// an overlap; the pair does not come back unless one of the two changes in place,
/// time, audience or kind).
pub use crate::vocab::FlagResolution;

/// A flag kept for a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredFlag {
    pub id: Uuid,
    pub group: GroupId,
    /// The two activities, `a < b`.
    pub a: ActivityId,
    pub b: ActivityId,
    pub kind: FlagKind,
    pub score: f64,
    pub reasons: Vec<Evidence>,
    pub resolution: FlagResolution,
    pub note: Option<String>,
    /// The activities' fingerprints when the flag was last found or resolved.
    pub fingerprint_a: String,
    pub fingerprint_b: String,
    pub resolved_by: Option<UserId>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What to write after one activity's flags were found again.
#[derive(Debug, Default, PartialEq)]
pub struct FlagChanges {
    pub insert: Vec<StoredFlag>,
    pub update: Vec<StoredFlag>,
    pub delete: Vec<Uuid>,
}

/// The changes that bring the stored flags of one activity up to date with the
/// flags just `found` for it (`fingerprints` holds the current fingerprint of every
/// activity named):
/// - a pair found again keeps its resolution while neither activity's fingerprint
///   changed; when one did, a resolved pair opens again (its note is kept);
/// - an open pair not found any more goes; a resolved one stays, as a decision made;
/// - a new pair comes in open.
pub fn upkeep(
    group: GroupId,
    existing: Vec<StoredFlag>,
    found: &[Flag],
    fingerprints: &HashMap<ActivityId, String>,
    now: DateTime<Utc>,
    mut new_id: impl FnMut() -> Uuid,
) -> FlagChanges {
    let mut out = FlagChanges::default();
    let mut by_pair: HashMap<(ActivityId, ActivityId), StoredFlag> =
        existing.into_iter().map(|f| ((f.a, f.b), f)).collect();
    let fp = |id: &ActivityId| fingerprints.get(id).cloned().unwrap_or_default();
    for f in found {
        let (Ok(a), Ok(b)) = (f.a.parse::<Uuid>(), f.b.parse::<Uuid>()) else { continue };
        let (a, b) = (ActivityId(a), ActivityId(b));
        let (fa, fb) = (fp(&a), fp(&b));
        match by_pair.remove(&(a, b)) {
            Some(mut s) => {
                let moved = s.fingerprint_a != fa || s.fingerprint_b != fb;
                if moved && s.resolution != FlagResolution::Open {
                    s.resolution = FlagResolution::Open;
                    s.resolved_by = None;
                    s.resolved_at = None;
                }
                let same = !moved && s.kind == f.kind && s.score == f.score && s.reasons == f.reasons;
                if !same {
                    s.kind = f.kind;
                    s.score = f.score;
                    s.reasons = f.reasons.clone();
                    s.fingerprint_a = fa;
                    s.fingerprint_b = fb;
                    s.updated_at = now;
                    out.update.push(s);
                }
            }
            None => out.insert.push(StoredFlag {
                id: new_id(),
                group,
                a,
                b,
                kind: f.kind,
                score: f.score,
                reasons: f.reasons.clone(),
                resolution: FlagResolution::Open,
                note: None,
                fingerprint_a: fa,
                fingerprint_b: fb,
                resolved_by: None,
                resolved_at: None,
                created_at: now,
                updated_at: now,
            }),
        }
    }
    let mut gone: Vec<Uuid> =
        by_pair.into_values().filter(|s| s.resolution == FlagResolution::Open).map(|s| s.id).collect();
    gone.sort();
    out.delete = gone;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::overlap::score::Reason;

    fn id(n: u128) -> ActivityId {
        ActivityId(Uuid::from_u128(n))
    }

    fn found(a: u128, b: u128, score: f64) -> Flag {
        Flag {
            a: id(a).to_string(),
            b: id(b).to_string(),
            kind: FlagKind::Duplicate,
            score,
            reasons: vec![Evidence { reason: Reason::SameTime { days: 1 }, weight: 1.0 }],
        }
    }

    fn run(existing: Vec<StoredFlag>, flags: &[Flag], fps: &[(u128, &str)]) -> FlagChanges {
        let fps: HashMap<ActivityId, String> = fps.iter().map(|(n, f)| (id(*n), f.to_string())).collect();
        let mut next = 100u128;
        upkeep(GroupId(Uuid::from_u128(7)), existing, flags, &fps, Utc::now(), || {
            next += 1;
            Uuid::from_u128(next)
        })
    }

    #[test]
    fn new_pairs_come_in_open_and_found_again_changes_nothing() {
        let c = run(vec![], &[found(1, 2, 0.9)], &[(1, "x"), (2, "y")]);
        assert_eq!((c.insert.len(), c.update.len(), c.delete.len()), (1, 0, 0));
        assert_eq!(c.insert[0].resolution, FlagResolution::Open);
        let again = run(c.insert.clone(), &[found(1, 2, 0.9)], &[(1, "x"), (2, "y")]);
        assert_eq!(again, FlagChanges::default());
    }

    #[test]
    fn a_dismissed_pair_stays_dismissed_until_an_activity_moves() {
        let mut s = run(vec![], &[found(1, 2, 0.9)], &[(1, "x"), (2, "y")]).insert.remove(0);
        s.resolution = FlagResolution::Dismissed;
        s.note = Some("different trainees".into());
        // Found again, nothing moved (another score, e.g. a title edit): still dismissed.
        let c = run(vec![s.clone()], &[found(1, 2, 0.8)], &[(1, "x"), (2, "y")]);
        assert_eq!(c.update.len(), 1);
        assert_eq!(c.update[0].resolution, FlagResolution::Dismissed);
        // One of them moved in place, time, audience or kind: open again, the note kept.
        let c = run(vec![s.clone()], &[found(1, 2, 0.9)], &[(1, "x2"), (2, "y")]);
        assert_eq!(c.update[0].resolution, FlagResolution::Open);
        assert_eq!(c.update[0].note.as_deref(), Some("different trainees"));
        // Not found any more: a decision stays, an open flag goes.
        assert_eq!(run(vec![s.clone()], &[], &[]).delete, Vec::<Uuid>::new());
        let mut open = s;
        open.resolution = FlagResolution::Open;
        assert_eq!(run(vec![open.clone()], &[], &[]).delete, vec![open.id]);
    }
}
