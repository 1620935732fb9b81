//! The score of one pair: a sum of evidence, each part with its reason, turned into
//! a number between 0 and 1.

use super::prepared::{Part, Prepared};
use super::record::{Flow, Record};
use serde::{Deserialize, Serialize};

/// What a flag says the two activities are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// Possibly the same effort, planned twice.
    Duplicate,
    /// The same place, time and audience, but another kind of work: could be done jointly.
    Complementary,
}

impl FlagKind {
    pub fn code(self) -> &'static str {
        match self {
            FlagKind::Duplicate => "duplicate",
            FlagKind::Complementary => "complementary",
        }
    }

    pub fn parse(s: &str) -> Option<FlagKind> {
        [FlagKind::Duplicate, FlagKind::Complementary].into_iter().find(|k| k.code() == s)
    }
}

/// One piece of evidence, with the values a sentence about it needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// The two run at the same time for `days` days.
    SameTime {
        days: i64,
    },
    /// They are `days` apart.
    DaysApart {
        days: i64,
    },
    SamePlace {
        place: String,
    },
    SameRegion {
        regions: Vec<String>,
    },
    /// Both name regions, and none is the same.
    OtherRegions,
    SameTargetGroup {
        target_groups: Vec<String>,
    },
    /// Both name target groups, and none is the same.
    OtherTargetGroups,
    SameKind {
        kind: String,
    },
    SamePillar {
        pillars: Vec<String>,
    },
    /// Title similarity, 0–1 (two decimals).
    SimilarTitles {
        similarity: f64,
    },
    /// Description similarity (their words), 0–1 (two decimals).
    SimilarDescriptions {
        similarity: f64,
    },
    /// One's lead sends the other's lead money that the other records as received:
    /// the amount agrees within 2% and the dates within 120 days (`days` apart).
    MoneyAgrees {
        amount: f64,
        currency: String,
        days: i64,
    },
    /// One names the other's lead organization as funder, implementer or partner.
    NamesTheOther {
        org: String,
    },
    /// One's lead records funds to the other's lead, and the other records funds
    /// from it (amounts that do not agree: e.g. one grant paid in parts).
    FundsFlow {
        from: String,
        to: String,
    },
    /// Both name the same funder, implementer or partner.
    SharedOrganization {
        org: String,
    },
    /// One of the two has a closer match among the other's organization's activities.
    BetterMatchExists,
    /// A busy time: about `activities` other activities within `days` days of the
    /// two, so that sharing days, place and audience says less.
    BusyTime {
        activities: u32,
        days: i64,
    },
}

/// A reason and its part of the score (log-odds: positive for, negative against).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    #[serde(flatten)]
    pub reason: Reason,
    pub weight: f64,
}

/// A pair of records that may overlap. `a` and `b` are the records' keys, `a < b`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    pub a: String,
    pub b: String,
    pub kind: FlagKind,
    /// 0–1.
    pub score: f64,
    /// Strongest first.
    pub reasons: Vec<Evidence>,
}

/// Evidence below this sum is not worth a flag at any threshold.
const BIAS: f64 = 3.0;

/// How many other activities around a record's days (within the window, per window
/// of its length) are ordinary: in a calendar where more happen at the same time, a
/// pair that shares days, place and audience is more likely a coincidence, and its
/// evidence counts less (the prior of Fellegi and Sunter: matches per comparisons).
pub const CROWD_REFERENCE: f64 = 20.0;
/// The score of a sum of evidence: a logistic curve, 0.5 at [`BIAS`].
pub fn score_of(evidence: &[Evidence]) -> f64 {
    logistic(evidence.iter().map(|e| e.weight).sum())
}

/// Where in `a` the features are that `b` has too.
fn shared(a: &[(u64, f32)], b: &[(u64, f32)]) -> Vec<usize> {
    a.iter().enumerate().filter(|(_, x)| b.iter().any(|y| y.0 == x.0)).map(|(i, _)| i).collect()
}

/// The codes of `list` at `at`.
fn codes(list: &[String], at: &[usize]) -> Vec<String> {
    at.iter().filter_map(|&i| list.get(i).cloned()).collect()
}

/// The closest pair of `payer`'s money out to the other's lead and `payee`'s money
/// in from the payer's lead, in the same currency, the amounts within 2% and the
/// days within 120: (amount, currency, days apart).
fn money_agrees(payer: &Record, payee: &Record) -> Option<(f64, String, i64)> {
    let mut best: Option<(f64, String, i64)> = None;
    for out in payer.money.iter().filter(|m| m.flow == Flow::Out && payee.leads.contains(&m.org)) {
        for inc in payee.money.iter().filter(|m| m.flow == Flow::In && payer.leads.contains(&m.org)) {
            let (x, y) = (out.amount.abs(), inc.amount.abs());
            let close = x > 0.0 && (x - y).abs() <= 0.02 * x.max(y);
            let days = (out.day - inc.day).abs();
            if close && out.currency == inc.currency && days <= 120 && best.as_ref().is_none_or(|b| days < b.2) {
                best = Some((out.amount, out.currency.clone(), days));
            }
        }
    }
    best
}

/// Whether both sides record money from `payer`'s lead to `payee`'s lead: (from, to).
fn funds_flow(payer: &Record, payee: &Record) -> Option<(String, String)> {
    let out = payer.money.iter().find(|m| m.flow == Flow::Out && payee.leads.contains(&m.org))?;
    let inc = payee.money.iter().find(|m| m.flow == Flow::In && payer.leads.contains(&m.org))?;
    Some((inc.org.clone(), out.org.clone()))
}

/// Scores two records; `None` when they may not be flagged at all (a lead in common,
/// or further apart in time than the window).
/// `None` as well when the score is below `threshold`: the pair is weighed first
/// without writing its reasons, which only a flag needs.
/// Both records are weighed by the same collection's statistics ([`Prepared::weigh_texts`]).
pub(crate) fn score_pair(x: &Prepared, y: &Prepared, window_days: i64, threshold: f64) -> Option<Flag> {
    if x.same_lead(y) {
        return None;
    }
    let (a, b) = if x.record.key <= y.record.key { (x, y) } else { (y, x) };
    let (sum, _) = weigh(a, b, window_days, None)?;
    if logistic(sum) < threshold {
        return None;
    }
    let mut ev: Vec<Evidence> = Vec::new();
    let (_, kind) = weigh(a, b, window_days, Some(&mut ev))?;
    ev.sort_by(|m, n| n.weight.total_cmp(&m.weight));
    let score = score_of(&ev);
    Some(Flag { a: a.record.key.clone(), b: b.record.key.clone(), kind, score, reasons: ev })
}

fn logistic(sum: f64) -> f64 {
    1.0 / (1.0 + (-(sum - BIAS)).exp())
}

/// The evidence of a pair, `a.key <= b.key`: its sum and what kind of flag it makes;
/// the reasons go to `reasons` when given. `None` when the two are further apart
/// than the window.
fn weigh(
    a: &Prepared,
    b: &Prepared,
    window_days: i64,
    mut reasons: Option<&mut Vec<Evidence>>,
) -> Option<(f64, FlagKind)> {
    let (ra, rb) = (&a.record, &b.record);
    let mut sum = 0.0;
    let mut push = |reason: &dyn Fn() -> Reason, weight: f64| {
        sum += weight;
        if let Some(ev) = reasons.as_deref_mut() {
            ev.push(Evidence { reason: reason(), weight });
        }
    };

    // Time: overlapping, or close within the window.
    let overlap = ra.last_day.min(rb.last_day) - ra.first_day.max(rb.first_day) + 1;
    let gap = if overlap > 0 { 0 } else { -overlap + 1 };
    if gap > window_days {
        return None;
    }
    let time = if overlap > 0 { 1.0 } else { 1.0 - 2.0 * gap as f64 / window_days.max(1) as f64 };
    let close = time > 0.0;

    // How busy the time is.
    let crowd = f64::from(a.crowd + b.crowd) / 2.0;
    if crowd > CROWD_REFERENCE {
        push(
            &|| Reason::BusyTime { activities: crowd.round() as u32, days: window_days },
            -(crowd / CROWD_REFERENCE).ln(),
        );
    }

    // Place.
    let rarity = |part: Part, i: usize| a.part(part).get(i).map_or(0.0, |f| f64::from(f.1));
    let places = shared(a.part(Part::Place), b.part(Part::Place));
    let place = places.first().map(|&i| (i, (0.6 * rarity(Part::Place, i)).min(3.0)));
    let regions = shared(a.part(Part::Region), b.part(Part::Region));
    let region = if !regions.is_empty() {
        let w: f64 = regions.iter().map(|&i| 0.5 * rarity(Part::Region, i)).fold(0.0, f64::max);
        w.min(2.0)
    } else if !ra.regions.is_empty() && !rb.regions.is_empty() && places.is_empty() {
        -1.5
    } else {
        0.0
    };

    // Audience.
    let targets = shared(a.part(Part::Target), b.part(Part::Target));
    let audience = if !targets.is_empty() {
        let w: f64 = targets.iter().map(|&i| 0.5 * rarity(Part::Target, i)).sum();
        w.min(2.5)
    } else if !ra.target_groups.is_empty() && !rb.target_groups.is_empty() {
        -1.0
    } else {
        0.0
    };

    // What kind of work.
    let same_kind = matches!((a.part(Part::Kind), b.part(Part::Kind)), ([x], [y]) if x.0 == y.0);
    let kind_w = match (same_kind, &ra.kind) {
        (true, Some(k)) => Some((k, (0.4 * rarity(Part::Kind, 0)).min(1.5))),
        _ => None,
    };
    let pillars = shared(a.part(Part::Pillar), b.part(Part::Pillar));
    let pillar = (!pillars.is_empty()).then(|| {
        let w: f64 = pillars.iter().map(|&i| 0.3 * rarity(Part::Pillar, i)).fold(0.0, f64::max);
        w.clamp(0.3, 1.5)
    });

    // Same place, time and audience but another kind of work and no pillar in
    // common: offered as work to do jointly, not as a duplicate.
    let similarity = a.title.cosine(&b.title);
    let different_work = ra.kind.is_some() && rb.kind.is_some() && !same_kind && pillars.is_empty();
    let complementary = close
        && (!places.is_empty() || !regions.is_empty())
        && !targets.is_empty()
        && different_work
        && similarity < 0.3;

    if overlap > 0 {
        push(&|| Reason::SameTime { days: overlap }, time);
    } else {
        push(&|| Reason::DaysApart { days: gap }, time);
    }
    if let Some((i, w)) = place {
        push(&|| Reason::SamePlace { place: a.place_names.get(i).or(a.places.get(i)).cloned().unwrap_or_default() }, w);
    }
    if !regions.is_empty() {
        push(&|| Reason::SameRegion { regions: codes(&ra.regions, &regions) }, region);
    } else if region < 0.0 {
        push(&|| Reason::OtherRegions, region);
    }
    if !targets.is_empty() {
        push(&|| Reason::SameTargetGroup { target_groups: codes(&ra.target_groups, &targets) }, audience);
    } else if audience < 0.0 {
        push(&|| Reason::OtherTargetGroups, audience);
    }
    if let Some((k, w)) = kind_w {
        push(&|| Reason::SameKind { kind: k.clone() }, w);
    }
    if let Some(w) = pillar {
        push(&|| Reason::SamePillar { pillars: codes(&ra.pillars, &pillars) }, w);
    }

    // Titles: unlike titles speak against a duplicate, not against joint work.
    if !a.title.is_empty() && !b.title.is_empty() {
        let s = (similarity * 100.0).round() / 100.0;
        let w = 5.0 * similarity - 1.0;
        push(&|| Reason::SimilarTitles { similarity: s }, if complementary { w.max(0.0) } else { w });
    }

    // Descriptions: only for, since two write-ups of one effort may well differ.
    if !a.description.is_empty() && !b.description.is_empty() {
        let d = a.description.cosine(&b.description);
        if d >= 0.3 {
            push(&|| Reason::SimilarDescriptions { similarity: (d * 100.0).round() / 100.0 }, 3.0 * d - 0.6);
        }
    }

    // Money: one side's payment to the other is the other's receipt from it.
    if let Some((amount, currency, days)) = money_agrees(ra, rb).or_else(|| money_agrees(rb, ra)) {
        push(&|| Reason::MoneyAgrees { amount, currency: currency.clone(), days }, 3.0);
    } else if let Some((from, to)) = funds_flow(ra, rb).or_else(|| funds_flow(rb, ra)) {
        push(&|| Reason::FundsFlow { from: from.clone(), to: to.clone() }, 1.5);
    }

    // Organizations: one naming the other's lead, or both the same third one.
    let mut named: Option<(&String, f64)> = None;
    for (p, q) in [(a, b), (b, a)] {
        for (i, f) in p.part(Part::Other).iter().enumerate().filter(|(_, f)| q.lead_ids.binary_search(&f.0).is_ok()) {
            let Some(o) = p.record.others.get(i) else { continue };
            let w = (0.8 * f64::from(f.1)).min(3.0);
            if named.is_none_or(|(m, v)| w > v || (w == v && o < m)) {
                named = Some((o, w));
            }
        }
    }
    if let Some((org, w)) = named {
        push(&|| Reason::NamesTheOther { org: org.clone() }, w);
    }
    let mut third: Option<(&String, f64)> = None;
    for i in shared(a.part(Part::Other), b.part(Part::Other)) {
        let (o, w) = (&ra.others[i], (0.3 * rarity(Part::Other, i)).min(1.5));
        if third.is_none_or(|(m, v)| w > v || (w == v && o < m)) {
            third = Some((o, w));
        }
    }
    if let Some((org, w)) = third {
        push(&|| Reason::SharedOrganization { org: org.clone() }, w);
    }

    let kind = if complementary { FlagKind::Complementary } else { FlagKind::Duplicate };
    Some((sum, kind))
}
