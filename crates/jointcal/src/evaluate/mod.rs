//! `jointcal overlaps --evaluate FILE…`: how well the detector finds the known pairs
//! of IATI files — activities of two reporting organizations that one of them links
//! to the other (`provider-org/@provider-activity-id`, `receiver-org/@receiver-activity-id`).
//! The detector is given records made without any link field ([`records`]), so it
//! has to find the pairs from what the activities say.

pub mod metrics;
pub mod records;

use anyhow::Context;
use jointcal_domain::overlap::{Flag, Index, Record, Settings};
use jointcal_iati::Activity;
use metrics::{best_threshold, rank, scores, Known, Scored, Scores};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The activities of the files, in file order; what could not be read is counted.
pub struct Corpus {
    pub activities: Vec<Activity>,
    pub skipped: usize,
}

pub fn read(files: &[PathBuf]) -> anyhow::Result<Corpus> {
    let mut activities = Vec::new();
    let mut skipped = 0;
    for f in files {
        let file = std::fs::File::open(f).with_context(|| format!("cannot open {}", f.display()))?;
        let (mut list, errors, _) = jointcal_iati::read_all(std::io::BufReader::new(file))
            .with_context(|| format!("{} is not an IATI activity file", f.display()))?;
        skipped += errors.len();
        activities.append(&mut list);
    }
    Ok(Corpus { activities, skipped })
}

/// Two reporting organizations of one family: their names (normalized) begin with
/// the same three words, e.g. two national offices of one federation. Their pairs
/// are near-identical records of one grant, so they are reported apart.
fn same_family(x: &Activity, y: &Activity) -> bool {
    let words = |a: &Activity| -> Option<Vec<String>> {
        let name = a.reporting_org.as_ref()?.names.first()?.text.clone();
        let w: Vec<String> =
            jointcal_domain::overlap::text::normalize(&name).split(' ').take(3).map(str::to_string).collect();
        (w.len() == 3).then_some(w)
    };
    matches!((words(x), words(y)), (Some(a), Some(b)) if a == b)
}

/// The known pairs: one activity names the other as the activity its funds come
/// from or go to, and the two have different reporting organizations (as the
/// detector sees them).
pub fn known_pairs(activities: &[Activity], records: &HashMap<String, Record>) -> Vec<Known> {
    let by_id: HashMap<&str, &Activity> = activities.iter().map(|a| (a.identifier.as_str(), a)).collect();
    let mut out: BTreeMap<(String, String), Option<String>> = BTreeMap::new();
    for a in activities {
        let links = a.links.provider_activity_ids.iter().chain(&a.links.receiver_activity_ids);
        for id in links {
            let Some(b) = by_id.get(id.trim()) else { continue };
            let (Some(ra), Some(rb)) = (records.get(&a.identifier), records.get(&b.identifier)) else { continue };
            if a.identifier == b.identifier || ra.leads.iter().any(|l| rb.leads.contains(l)) {
                continue;
            }
            let key = if a.identifier < b.identifier {
                (a.identifier.clone(), b.identifier.clone())
            } else {
                (b.identifier.clone(), a.identifier.clone())
            };
            out.insert(key, same_family(a, b).then(|| "same_family".to_string()));
        }
    }
    out.into_iter().map(|((a, b), tag)| Known { a, b, tag }).collect()
}

/// Every pair the detector scores, highest first (threshold 0: the ranking is the
/// point), and the flags themselves for the report.
pub fn detect(records: Vec<Record>, window_days: i64) -> (Vec<Scored>, Vec<Flag>) {
    let settings = Settings { threshold: 0.0, window_days, ..Settings::default() };
    let flags = Index::new(records, settings).flags();
    let ranked = rank(flags.iter().map(|f| Scored { a: f.a.clone(), b: f.b.clone(), score: f.score }).collect());
    (ranked, flags)
}

/// A stable hash (FNV-1a), for splitting the records in halves the same way on every machine.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Splits the records in two halves that no known pair crosses: each group of
/// records joined by known pairs goes whole to the half its smallest key hashes to.
pub fn halves(records: &[Record], known: &[Known]) -> (HashSet<String>, HashSet<String>) {
    let mut parent: HashMap<&str, &str> = records.iter().map(|r| (r.key.as_str(), r.key.as_str())).collect();
    fn root<'a>(p: &HashMap<&'a str, &'a str>, mut x: &'a str) -> &'a str {
        while let Some(&up) = p.get(x) {
            if up == x {
                break;
            }
            x = up;
        }
        x
    }
    for k in known {
        let (ra, rb) = (root(&parent, &k.a), root(&parent, &k.b));
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent.insert(hi, lo);
    }
    let (mut fit, mut report) = (HashSet::new(), HashSet::new());
    for r in records {
        let half = if fnv(root(&parent, &r.key)).is_multiple_of(2) { &mut fit } else { &mut report };
        half.insert(r.key.clone());
    }
    (fit, report)
}

/// What the evaluation prints as JSON.
#[derive(Serialize)]
pub struct Evaluation {
    pub files: usize,
    pub activities: usize,
    /// Activities without any date, or that could not be read.
    pub skipped: usize,
    pub window_days: i64,
    pub seconds: f64,
    pub all: Scores,
    /// The threshold with the best F1 on the fit half.
    pub fitted_threshold: f64,
    pub fit: Scores,
    pub report: Scores,
    /// The 20 highest flags that no link names, for a person to judge.
    pub top_unlinked: Vec<Unlinked>,
    /// Where each known pair ranks (1 = top), with its reasons; `None`: never a
    /// candidate.
    pub known: Vec<KnownRank>,
}

#[derive(Serialize)]
pub struct KnownRank {
    pub a: String,
    pub b: String,
    pub tag: Option<String>,
    pub rank: Option<usize>,
    pub score: Option<f64>,
    pub reasons: Vec<String>,
}

#[derive(Serialize)]
pub struct Unlinked {
    pub score: f64,
    pub a: String,
    pub b: String,
    pub a_title: String,
    pub b_title: String,
    pub a_lead: String,
    pub b_lead: String,
    pub reasons: Vec<String>,
}

/// Where to write the records and known pairs, for Splink on the same input.
pub struct Outputs<'a> {
    pub dir: Option<&'a Path>,
}

fn write_jsonl<T: Serialize>(path: &Path, items: impl IntoIterator<Item = T>) -> anyhow::Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
    );
    for i in items {
        serde_json::to_writer(&mut w, &i)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}

/// Runs the evaluation on the files.
pub fn evaluate(files: &[PathBuf], threshold: f64, window_days: i64, out: Outputs<'_>) -> anyhow::Result<Evaluation> {
    let corpus = read(files)?;
    let orgs = records::Orgs::learn(&corpus.activities);
    let mut skipped = corpus.skipped;
    let mut list: Vec<Record> = Vec::new();
    let mut seen = HashSet::new();
    for a in &corpus.activities {
        match records::record(a, &orgs) {
            // One activity published twice (in two files) is one record.
            Some(r) if seen.insert(r.key.clone()) => list.push(r),
            Some(_) => {}
            None => skipped += 1,
        }
    }
    let by_key: HashMap<String, Record> = list.iter().map(|r| (r.key.clone(), r.clone())).collect();
    let known = known_pairs(&corpus.activities, &by_key);
    let t = std::time::Instant::now();
    let (ranked, flags) = detect(list.clone(), window_days);
    let seconds = t.elapsed().as_secs_f64();
    let all = scores(&ranked, &known, threshold);

    let (fit_keys, report_keys) = halves(&list, &known);
    let part = |keys: &HashSet<String>| {
        let records: Vec<Record> = list.iter().filter(|r| keys.contains(&r.key)).cloned().collect();
        let k: Vec<Known> = known.iter().filter(|k| keys.contains(&k.a)).cloned().collect();
        (records, k)
    };
    let (fit_records, fit_known) = part(&fit_keys);
    let (report_records, report_known) = part(&report_keys);
    let (fit_ranked, _) = detect(fit_records.clone(), window_days);
    let fitted_threshold = best_threshold(&fit_ranked, &fit_known);
    let fit = scores(&fit_ranked, &fit_known, fitted_threshold);
    let (report_ranked, _) = detect(report_records.clone(), window_days);
    let report = scores(&report_ranked, &report_known, fitted_threshold);

    let truth: HashSet<(&str, &str)> = known.iter().map(|k| (k.a.as_str(), k.b.as_str())).collect();
    let title = |k: &str| by_key.get(k).and_then(|r| r.titles.first().cloned()).unwrap_or_default();
    let lead = |k: &str| by_key.get(k).map(|r| r.leads.join("+")).unwrap_or_default();
    let said = |f: &Flag| -> Vec<String> {
        f.reasons
            .iter()
            .map(|e| format!("{} ({:+.1})", serde_json::to_string(&e.reason).unwrap_or_default(), e.weight))
            .collect()
    };
    let positions: HashMap<(&str, &str), usize> =
        ranked.iter().enumerate().map(|(i, s)| ((s.a.as_str(), s.b.as_str()), i + 1)).collect();
    let by_pair: HashMap<(&str, &str), &Flag> = flags.iter().map(|f| ((f.a.as_str(), f.b.as_str()), f)).collect();
    let known_ranks = known
        .iter()
        .map(|k| {
            let key = (k.a.as_str(), k.b.as_str());
            let f = by_pair.get(&key);
            KnownRank {
                a: k.a.clone(),
                b: k.b.clone(),
                tag: k.tag.clone(),
                rank: positions.get(&key).copied(),
                score: f.map(|f| f.score),
                reasons: f.map(|f| said(f)).unwrap_or_default(),
            }
        })
        .collect();
    let top_unlinked = flags
        .iter()
        .filter(|f| !truth.contains(&(f.a.as_str(), f.b.as_str())))
        .take(20)
        .map(|f| Unlinked {
            score: (f.score * 1000.0).round() / 1000.0,
            a: f.a.clone(),
            b: f.b.clone(),
            a_title: title(&f.a),
            b_title: title(&f.b),
            a_lead: lead(&f.a),
            b_lead: lead(&f.b),
            reasons: said(f),
        })
        .collect();

    if let Some(dir) = out.dir {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        write_jsonl(&dir.join("records.jsonl"), &list)?;
        write_jsonl(&dir.join("truth.jsonl"), &known)?;
        write_jsonl(&dir.join("fit-records.jsonl"), &fit_records)?;
        write_jsonl(&dir.join("fit-truth.jsonl"), &fit_known)?;
        write_jsonl(&dir.join("report-records.jsonl"), &report_records)?;
        write_jsonl(&dir.join("report-truth.jsonl"), &report_known)?;
        write_jsonl(&dir.join("jointcal-pairs.jsonl"), ranked.iter().take(1000))?;
    }
    Ok(Evaluation {
        files: files.len(),
        activities: corpus.activities.len(),
        skipped,
        window_days,
        seconds,
        all,
        fitted_threshold,
        fit,
        report,
        top_unlinked,
        known: known_ranks,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("fixture.xml");

    fn fixture_file() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fixture.xml");
        std::fs::write(&path, FIXTURE).unwrap();
        (dir, path)
    }

    #[test]
    fn the_known_pair_of_the_fixture_is_found_without_its_links() {
        let (dir, path) = fixture_file();
        let out = dir.path().join("out");
        let e = evaluate(&[path], 0.5, 30, Outputs { dir: Some(&out) }).unwrap();
        assert_eq!((e.activities, e.skipped, e.all.truth), (3, 0, 1));
        assert_eq!(e.all.found_at_100, 1);
        assert!((e.all.recall - 1.0).abs() < 1e-9 && (e.all.precision - 1.0).abs() < 1e-9, "{:?}", e.all);
        let k = &e.known[0];
        assert_eq!((k.a.as_str(), k.b.as_str(), k.rank), ("XX-CHC-77-NGO-7", "XX-DONOR-1", Some(1)));
        assert!(k.reasons.iter().any(|r| r.contains("money_agrees")), "{:?}", k.reasons);
        // The files Splink reads: a record per activity, the known pair.
        let records = std::fs::read_to_string(out.join("records.jsonl")).unwrap();
        assert_eq!(records.lines().count(), 3);
        assert_eq!(std::fs::read_to_string(out.join("truth.jsonl")).unwrap().lines().count(), 1);
    }

    #[test]
    fn records_never_read_a_link_field() {
        let (acts, _, _) = jointcal_iati::read_all(FIXTURE.as_bytes()).unwrap();
        let orgs = records::Orgs::learn(&acts);
        for a in &acts {
            let mut unlinked = a.clone();
            unlinked.links = Default::default();
            assert_eq!(records::record(a, &orgs), records::record(&unlinked, &orgs));
            let json = serde_json::to_string(&records::record(a, &orgs)).unwrap();
            for other in acts.iter().filter(|o| o.identifier != a.identifier) {
                assert!(!json.contains(&other.identifier), "{} names {}", a.identifier, other.identifier);
            }
        }
    }

    #[test]
    fn halves_never_split_a_known_pair() {
        let (acts, _, _) = jointcal_iati::read_all(FIXTURE.as_bytes()).unwrap();
        let orgs = records::Orgs::learn(&acts);
        let list: Vec<Record> = acts.iter().filter_map(|a| records::record(a, &orgs)).collect();
        let by_key = list.iter().map(|r| (r.key.clone(), r.clone())).collect();
        let known = known_pairs(&acts, &by_key);
        let (fit, report) = halves(&list, &known);
        assert_eq!(fit.len() + report.len(), 3);
        for k in &known {
            assert_eq!(fit.contains(&k.a), fit.contains(&k.b));
        }
    }
}
