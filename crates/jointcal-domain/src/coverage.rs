//! Coverage and gaps: how many activities and organizations work on each pillar,
//! in each region, for each target group, by quarter — and the empty cells that
//! matter.
//!
//! Which empty cells matter is decided as in a contingency table: if regions and
//! the kinds of work (a pillar for a target group) were independent, a cell would
//! be expected to hold `work total × region total ÷ grand total` activities. An
//! empty cell where at least [`GapRules::min_expected`] were expected is a gap: the
//! group does this work elsewhere, the region is active, and yet nobody does this
//! work there; and the work is done in a few regions at least
//! ([`GapRules::min_regions`]), not in one place only. A region of the group's country with no activity at all is a gap of
//! its own. Nothing here is fitted to one country or theme.

use crate::activity::Activity;
use crate::error::Problem;
use crate::vocab::{Pillar, TargetGroup, Vocabulary};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A calendar quarter: `[first, next)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Quarter {
    pub year: i32,
    /// 1–4.
    pub quarter: u32,
    pub first: NaiveDate,
    pub next: NaiveDate,
}

impl Quarter {
    /// The quarter a day falls in.
    pub fn of(day: NaiveDate) -> Quarter {
        let q = (day.month0() / 3) + 1;
        let first = NaiveDate::from_ymd_opt(day.year(), 3 * (q - 1) + 1, 1).unwrap_or(day);
        let next = first.checked_add_months(chrono::Months::new(3)).unwrap_or(first);
        Quarter { year: day.year(), quarter: q, first, next }
    }

    /// "2007-Q3".
    pub fn label(&self) -> String {
        format!("{}-Q{}", self.year, self.quarter)
    }

    /// The quarters that meet `[from, to)`.
    pub fn covering(from: NaiveDate, to: NaiveDate) -> Vec<Quarter> {
        let mut out = Vec::new();
        let mut q = Quarter::of(from);
        while q.first < to && out.len() < 400 {
            out.push(q);
            q = Quarter::of(q.next);
        }
        out
    }
}

/// The longest period a matrix covers.
pub const MAX_YEARS: i32 = 10;

/// The period of a matrix from what was asked, as `[from, to)`: a calendar `year`;
/// or days `from` and `to` (inclusive; either alone means the year that starts or
/// ends there); or, when nothing is asked, the year of `today`. A wrong value is
/// named by its parameter ("year", "from" or "to").
pub fn period(
    year: Option<&str>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), (&'static str, Problem)> {
    let jan1 = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1);
    let year_of = |y: i32| jan1(y).zip(jan1(y + 1));
    if let Some(y) = year.map(str::trim).filter(|y| !y.is_empty()) {
        let not_a_year = || {
            (
                "year",
                Problem::new("not_a_year", format!("'{y}' is not a year; use four digits, e.g. 2007")).with("value", y),
            )
        };
        let n: i32 = y.parse().map_err(|_| not_a_year())?;
        if !(1900..=2200).contains(&n) {
            return Err(not_a_year());
        }
        return year_of(n).ok_or_else(not_a_year);
    }
    let a_year = chrono::Months::new(12);
    let (f, t) = match (from, to) {
        (None, None) => year_of(today.year()).map(|(f, t)| (f, t.pred_opt().unwrap_or(t))),
        (Some(f), None) => f.checked_add_months(a_year).and_then(|t| t.pred_opt()).map(|t| (f, t)),
        (None, Some(t)) => t.checked_sub_months(a_year).and_then(|f| f.succ_opt()).map(|f| (f, t)),
        (Some(f), Some(t)) => Some((f, t)),
    }
    .ok_or_else(|| ("from", Problem::new("not_a_date", "is out of range")))?;
    if t < f {
        return Err(("to", Problem::new("ends_before_start", "is before from")));
    }
    if f.checked_add_months(chrono::Months::new(12 * MAX_YEARS as u32)).is_none_or(|end| t >= end) {
        return Err((
            "to",
            Problem::new("period_too_long", format!("the period is longer than {MAX_YEARS} years"))
                .with("years", MAX_YEARS.to_string()),
        ));
    }
    Ok((f, t.succ_opt().unwrap_or(t)))
}

/// What the matrix knows of one activity: its days (in the group's zone) and what
/// it is counted under. An activity with no region is counted under `None` (the
/// whole country, or online); one with no target group likewise.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub pillars: Vec<Pillar>,
    pub regions: Vec<Option<String>>,
    pub target_groups: Vec<Option<TargetGroup>>,
    /// Every organization taking part, in any role.
    pub organizations: Vec<String>,
}

impl Entry {
    pub fn of_activity(a: &Activity) -> Entry {
        let f = &a.fields;
        let tz = f.schedule.tz;
        let first = f.schedule.start_utc.with_timezone(&tz).date_naive();
        let last = (f.schedule.end_utc - chrono::Duration::seconds(1)).with_timezone(&tz).date_naive().max(first);
        let mut regions: Vec<Option<String>> =
            f.locations.iter().filter_map(|l| l.subdivision.clone()).map(Some).collect();
        regions.sort();
        regions.dedup();
        if regions.is_empty() {
            regions.push(None);
        }
        let mut target_groups: Vec<Option<TargetGroup>> = f.target_groups.iter().copied().map(Some).collect();
        if target_groups.is_empty() {
            target_groups.push(None);
        }
        let mut pillars = f.pillars.clone();
        if pillars.is_empty() {
            pillars.extend(f.kind.default_pillar());
        }
        Entry {
            first_day: first,
            last_day: last,
            pillars,
            regions,
            target_groups,
            organizations: f.organizations.iter().map(|o| o.org.to_string()).collect(),
        }
    }
}

/// One cell: a pillar, a region (`None`: no region named) and a target group
/// (`None`: none named), in one quarter or (`quarter: None`) the whole period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub pillar: Pillar,
    pub region: Option<String>,
    pub target_group: Option<TargetGroup>,
    /// Index into [`Coverage::quarters`]; `None` for the whole period.
    pub quarter: Option<usize>,
    pub activities: usize,
    pub organizations: usize,
}

/// A pillar in a region, in one quarter or (`quarter: None`) the whole period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionCell {
    pub pillar: Pillar,
    pub region: Option<String>,
    pub quarter: Option<usize>,
    pub activities: usize,
    pub organizations: usize,
}

/// An empty cell that matters, or a region with nothing at all.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "gap", rename_all = "snake_case")]
pub enum Gap {
    /// No activity of this pillar for this target group in this region, though
    /// `expected` were expected from what the group does elsewhere.
    Cell {
        pillar: Pillar,
        region: String,
        target_group: TargetGroup,
        /// Activities of this pillar for this target group in other regions.
        elsewhere: usize,
        /// Regions where it is done.
        regions_with: usize,
        /// Activities in this region (any work).
        in_region: usize,
        /// Two decimals.
        expected: f64,
    },
    /// No activity at all in a region of the group's country.
    Region { region: String },
}

/// How gaps are chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GapRules {
    /// An empty cell is a gap when at least this many activities were expected.
    pub min_expected: f64,
    /// … and the work is done in at least this many other regions: work done in one
    /// or two places only (a ministry's training in the capital) is not missing
    /// everywhere else.
    pub min_regions: usize,
}

impl Default for GapRules {
    fn default() -> Self {
        GapRules { min_expected: 0.5, min_regions: 3 }
    }
}

/// The coverage matrix of a period and its gaps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub from: NaiveDate,
    /// Exclusive.
    pub to: NaiveDate,
    pub quarters: Vec<Quarter>,
    /// Activities counted (those that meet the period).
    pub activities: usize,
    /// The cells that are not empty, whole period first, then by quarter; in each,
    /// by pillar, region and target group.
    pub cells: Vec<Cell>,
    /// The same per pillar and region, whatever the target group (an activity for
    /// two target groups counted once).
    pub by_region: Vec<RegionCell>,
    /// Gaps, the regions with nothing first, then the cells by how many activities
    /// were expected, most first.
    pub gaps: Vec<Gap>,
}

type Key = (Pillar, Option<String>, Option<TargetGroup>);

/// The activities counted in a cell and the organizations taking part in them.
#[derive(Default)]
struct Tally<'a> {
    activities: usize,
    organizations: BTreeSet<&'a str>,
}

impl<'a> Tally<'a> {
    fn add(&mut self, e: &'a Entry) {
        self.activities += 1;
        self.organizations.extend(e.organizations.iter().map(String::as_str));
    }
}

/// The matrix of `entries` over `[from, to)`; `regions` are the regions the group
/// works in (its country's), for the regions with nothing at all.
pub fn coverage(entries: &[Entry], from: NaiveDate, to: NaiveDate, regions: &[String], rules: GapRules) -> Coverage {
    let quarters = Quarter::covering(from, to);
    // Per (key, quarter or whole): the activities and the organizations.
    let mut counts: BTreeMap<(Option<usize>, Key), Tally> = BTreeMap::new();
    let mut margins: BTreeMap<(Option<usize>, Pillar, Option<String>), Tally> = BTreeMap::new();
    let mut counted = 0;
    for e in entries.iter().filter(|e| e.first_day < to && e.last_day >= from) {
        counted += 1;
        let in_quarters: Vec<usize> = quarters
            .iter()
            .enumerate()
            .filter(|(_, q)| e.first_day < q.next && e.last_day >= q.first)
            .map(|(i, _)| i)
            .collect();
        let periods: Vec<Option<usize>> = std::iter::once(None).chain(in_quarters.iter().copied().map(Some)).collect();
        for p in &e.pillars {
            for r in &e.regions {
                for q in &periods {
                    margins.entry((*q, *p, r.clone())).or_default().add(e);
                }
                for t in &e.target_groups {
                    for q in periods.iter().copied() {
                        counts.entry((q, (*p, r.clone(), *t))).or_default().add(e);
                    }
                }
            }
        }
    }
    let cells: Vec<Cell> = counts
        .iter()
        .map(|((q, (p, r, t)), n)| Cell {
            pillar: *p,
            region: r.clone(),
            target_group: *t,
            quarter: *q,
            activities: n.activities,
            organizations: n.organizations.len(),
        })
        .collect();
    let by_region: Vec<RegionCell> = margins
        .iter()
        .map(|((q, p, r), n)| RegionCell {
            pillar: *p,
            region: r.clone(),
            quarter: *q,
            activities: n.activities,
            organizations: n.organizations.len(),
        })
        .collect();
    let gaps = gaps(entries, from, to, regions, rules);
    Coverage { from, to, quarters, activities: counted, cells, by_region, gaps }
}

/// The gaps of the period: see the module's documentation.
fn gaps(entries: &[Entry], from: NaiveDate, to: NaiveDate, regions: &[String], rules: GapRules) -> Vec<Gap> {
    let live: Vec<&Entry> = entries.iter().filter(|e| e.first_day < to && e.last_day >= from).collect();
    // Activities per work (pillar, target group), per region, per both; each
    // activity counted once per margin.
    let mut work: HashMap<(Pillar, TargetGroup), BTreeSet<usize>> = HashMap::new();
    let mut region: HashMap<&str, BTreeSet<usize>> = HashMap::new();
    let mut both: HashMap<(Pillar, TargetGroup, &str), usize> = HashMap::new();
    let mut with_region: BTreeSet<usize> = BTreeSet::new();
    for (i, e) in live.iter().enumerate() {
        let rs: Vec<&str> = e.regions.iter().flatten().map(String::as_str).collect();
        for r in &rs {
            region.entry(r).or_default().insert(i);
            with_region.insert(i);
        }
        for p in &e.pillars {
            for t in e.target_groups.iter().flatten() {
                if !rs.is_empty() {
                    work.entry((*p, *t)).or_default().insert(i);
                }
                for r in &rs {
                    *both.entry((*p, *t, r)).or_insert(0) += 1;
                }
            }
        }
    }
    let total = with_region.len();
    let mut out: Vec<Gap> = regions
        .iter()
        .filter(|r| !region.contains_key(r.as_str()))
        .map(|r| Gap::Region { region: r.clone() })
        .collect();
    if total == 0 {
        return out;
    }
    let mut cells: Vec<Gap> = Vec::new();
    for ((p, t), acts) in &work {
        let regions_with = region.keys().filter(|r| both.contains_key(&(*p, *t, **r))).count();
        if regions_with < rules.min_regions {
            continue;
        }
        for (r, here) in &region {
            if both.contains_key(&(*p, *t, *r)) {
                continue;
            }
            let expected = acts.len() as f64 * here.len() as f64 / total as f64;
            if expected >= rules.min_expected {
                cells.push(Gap::Cell {
                    pillar: *p,
                    region: r.to_string(),
                    target_group: *t,
                    elsewhere: acts.len(),
                    regions_with,
                    in_region: here.len(),
                    expected: (expected * 100.0).round() / 100.0,
                });
            }
        }
    }
    let key = |g: &Gap| match g {
        Gap::Cell { pillar, region, target_group, expected, .. } => {
            (-(expected * 100.0) as i64, region.clone(), pillar.code(), target_group.code())
        }
        Gap::Region { region } => (0, region.clone(), "", ""),
    };
    cells.sort_by_key(key);
    out.extend(cells);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn entry(first: &str, last: &str, p: Pillar, r: Option<&str>, t: TargetGroup, org: &str) -> Entry {
        Entry {
            first_day: day(first),
            last_day: day(last),
            pillars: vec![p],
            regions: vec![r.map(str::to_string)],
            target_groups: vec![Some(t)],
            organizations: vec![org.to_string()],
        }
    }

    #[test]
    fn the_period_asked() {
        let today = day("2027-05-10");
        assert_eq!(period(None, None, None, today), Ok((day("2027-01-01"), day("2028-01-01"))));
        assert_eq!(period(Some("2007"), None, None, today), Ok((day("2007-01-01"), day("2008-01-01"))));
        assert_eq!(
            period(None, Some(day("2007-04-01")), Some(day("2007-06-30")), today),
            Ok((day("2007-04-01"), day("2007-07-01")))
        );
        assert_eq!(period(None, Some(day("2007-04-01")), None, today), Ok((day("2007-04-01"), day("2008-04-01"))));
        assert_eq!(period(None, None, Some(day("2007-03-31")), today), Ok((day("2006-04-01"), day("2007-04-01"))));
        let err = |r: Result<(NaiveDate, NaiveDate), (&'static str, Problem)>| r.map_err(|(f, p)| (f, p.code)).err();
        assert_eq!(err(period(Some("20x7"), None, None, today)), Some(("year", "not_a_year")));
        assert_eq!(err(period(Some("99999"), None, None, today)), Some(("year", "not_a_year")));
        assert_eq!(
            err(period(None, Some(day("2007-04-01")), Some(day("2007-03-01")), today)),
            Some(("to", "ends_before_start"))
        );
        assert_eq!(
            err(period(None, Some(day("2000-01-01")), Some(day("2020-01-01")), today)),
            Some(("to", "period_too_long"))
        );
    }

    #[test]
    fn quarters_cover_the_period() {
        let qs = Quarter::covering(day("2007-02-10"), day("2008-01-01"));
        let labels: Vec<String> = qs.iter().map(Quarter::label).collect();
        assert_eq!(labels, ["2007-Q1", "2007-Q2", "2007-Q3", "2007-Q4"]);
        assert_eq!(qs[2].first, day("2007-07-01"));
        assert_eq!(qs[2].next, day("2007-10-01"));
    }

    #[test]
    fn counts_activities_and_organizations_per_cell_and_quarter() {
        use Pillar::*;
        use TargetGroup::*;
        let entries = vec![
            entry("2007-01-10", "2007-01-12", Prevention, Some("KZ-75"), Youth, "A"),
            entry("2007-02-01", "2007-05-01", Prevention, Some("KZ-75"), Youth, "B"),
            entry("2007-03-01", "2007-03-01", Prevention, Some("KZ-75"), Youth, "A"),
            // Outside the period: not counted.
            entry("2008-03-01", "2008-03-01", Prevention, Some("KZ-75"), Youth, "C"),
        ];
        let c = coverage(&entries, day("2007-01-01"), day("2008-01-01"), &[], GapRules::default());
        assert_eq!(c.activities, 3);
        let cell = |q: Option<usize>| {
            c.cells.iter().find(|x| x.quarter == q && x.pillar == Prevention && x.target_group == Some(Youth)).cloned()
        };
        let whole = cell(None).expect("whole-period cell");
        assert_eq!((whole.activities, whole.organizations), (3, 2));
        let q1 = cell(Some(0)).expect("Q1");
        assert_eq!((q1.activities, q1.organizations), (3, 2));
        let q2 = cell(Some(1)).expect("Q2: the long one runs into it");
        assert_eq!((q2.activities, q2.organizations), (1, 1));
        assert!(cell(Some(2)).is_none(), "empty cells are not listed");
        let q2_region = c.by_region.iter().find(|x| x.quarter == Some(1) && x.region.as_deref() == Some("KZ-75"));
        assert_eq!(q2_region.map(|x| (x.activities, x.organizations)), Some((1, 1)));
    }

    #[test]
    fn an_empty_cell_is_a_gap_only_where_work_and_region_are_active() {
        use Pillar::*;
        use TargetGroup::*;
        let mut entries = Vec::new();
        // Protection for children in three regions, twice each; nothing of it in KZ-19,
        // which is busy with other work.
        for r in ["KZ-75", "KZ-71", "KZ-55"] {
            entries.push(entry("2027-02-01", "2027-02-02", Protection, Some(r), ChildrenAtRisk, "A"));
            entries.push(entry("2027-05-01", "2027-05-02", Protection, Some(r), ChildrenAtRisk, "B"));
        }
        for _ in 0..6 {
            entries.push(entry("2027-03-01", "2027-03-01", Prevention, Some("KZ-19"), Youth, "C"));
        }
        // A rare piece of work (once, somewhere): its absence elsewhere is no gap.
        entries.push(entry("2027-04-01", "2027-04-01", Prosecution, Some("KZ-75"), Judges, "D"));
        let regions: Vec<String> = ["KZ-19", "KZ-55", "KZ-71", "KZ-75", "KZ-79"].map(String::from).to_vec();
        let c = coverage(&entries, day("2027-01-01"), day("2028-01-01"), &regions, GapRules::default());
        assert_eq!(c.gaps.first(), Some(&Gap::Region { region: "KZ-79".into() }), "{:?}", c.gaps);
        let children_19 = c.gaps.iter().find(|g| {
            matches!(g, Gap::Cell { pillar: Protection, region, target_group: ChildrenAtRisk, .. } if region == "KZ-19")
        });
        match children_19 {
            Some(Gap::Cell { expected, elsewhere, regions_with, in_region, .. }) => {
                assert_eq!((*elsewhere, *regions_with, *in_region), (6, 3, 6));
                assert!((expected - 6.0 * 6.0 / 13.0).abs() < 0.01, "{expected}");
            }
            other => panic!("no gap for children in KZ-19: {other:?} in {:?}", c.gaps),
        }
        assert!(
            !c.gaps.iter().any(|g| matches!(g, Gap::Cell { target_group: Judges, .. })),
            "one activity somewhere makes no gap elsewhere: {:?}",
            c.gaps
        );
        // The biggest gap comes first.
        let expected: Vec<f64> = c
            .gaps
            .iter()
            .filter_map(|g| if let Gap::Cell { expected, .. } = g { Some(*expected) } else { None })
            .collect();
        assert!(expected.windows(2).all(|w| w[0] >= w[1]), "{expected:?}");
    }

    #[test]
    fn activities_without_region_or_target_group_are_counted_not_gapped() {
        let e = Entry {
            first_day: day("2027-01-05"),
            last_day: day("2027-01-05"),
            pillars: vec![Pillar::Partnership],
            regions: vec![None],
            target_groups: vec![None],
            organizations: vec!["A".into()],
        };
        let c = coverage(&[e], day("2027-01-01"), day("2028-01-01"), &[], GapRules::default());
        assert_eq!(c.activities, 1);
        assert!(c.cells.iter().any(|x| x.region.is_none() && x.target_group.is_none() && x.activities == 1));
        assert!(c.gaps.is_empty());
    }
}
