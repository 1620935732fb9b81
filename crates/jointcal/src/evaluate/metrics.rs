//! How a ranked list of pairs agrees with the known pairs — the same definitions as
//! `bench/splink/splink_pairs.py`, so both tools are judged alike.

use serde::Serialize;
use std::collections::HashSet;

/// A known pair, `a < b`, and its tag (e.g. two offices of one organization family),
/// reported apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Known {
    pub a: String,
    pub b: String,
    pub tag: Option<String>,
}

/// A scored pair, `a < b`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    pub a: String,
    pub b: String,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    pub truth: usize,
    pub truth_untagged: usize,
    pub pairs_scored: usize,
    pub threshold: f64,
    pub flagged: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub found_at_100: usize,
    pub recall_at_100: f64,
    /// k = the number of known pairs.
    pub precision_at_k: f64,
    pub found_at_100_untagged: usize,
    pub recall_at_100_untagged: f64,
}

fn ratio(x: usize, y: usize) -> f64 {
    if y == 0 {
        0.0
    } else {
        x as f64 / y as f64
    }
}

/// Highest score first, ties by keys (so every run ranks alike).
pub fn rank(mut pairs: Vec<Scored>) -> Vec<Scored> {
    pairs.sort_by(|x, y| y.score.total_cmp(&x.score).then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b))));
    pairs
}

/// The scores of `ranked` (highest first) against `known` at `threshold`.
pub fn scores(ranked: &[Scored], known: &[Known], threshold: f64) -> Scores {
    let truth: HashSet<(&str, &str)> = known.iter().map(|k| (k.a.as_str(), k.b.as_str())).collect();
    let tagged: HashSet<(&str, &str)> =
        known.iter().filter(|k| k.tag.is_some()).map(|k| (k.a.as_str(), k.b.as_str())).collect();
    let hit = |s: &Scored| truth.contains(&(s.a.as_str(), s.b.as_str()));
    let flagged: Vec<&Scored> = ranked.iter().filter(|s| s.score >= threshold).collect();
    let tp = flagged.iter().filter(|s| hit(s)).count();
    let (precision, recall) = (ratio(tp, flagged.len()), ratio(tp, truth.len()));
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    let found_at_100 = ranked.iter().take(100).filter(|s| hit(s)).count();
    let at_k = ranked.iter().take(truth.len()).filter(|s| hit(s)).count();
    let untagged: Vec<&Scored> =
        ranked.iter().filter(|s| !tagged.contains(&(s.a.as_str(), s.b.as_str()))).take(100).collect();
    let found_untagged = untagged.iter().filter(|s| hit(s)).count();
    let truth_untagged = truth.len() - tagged.len();
    Scores {
        truth: truth.len(),
        truth_untagged,
        pairs_scored: ranked.len(),
        threshold,
        flagged: flagged.len(),
        precision,
        recall,
        f1,
        found_at_100,
        recall_at_100: ratio(found_at_100, truth.len()),
        precision_at_k: ratio(at_k, truth.len()),
        found_at_100_untagged: found_untagged,
        recall_at_100_untagged: ratio(found_untagged, truth_untagged),
    }
}

/// The threshold (of the scores seen) with the best F1 on `ranked`.
pub fn best_threshold(ranked: &[Scored], known: &[Known]) -> f64 {
    let mut best = (0.0, 0.5);
    let mut seen: Vec<f64> = ranked.iter().map(|s| (s.score * 100.0).round() / 100.0).collect();
    seen.dedup();
    for t in seen {
        let f1 = scores(ranked, known, t).f1;
        if f1 > best.0 {
            best = (f1, t);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(a: &str, b: &str, score: f64) -> Scored {
        Scored { a: a.into(), b: b.into(), score }
    }

    #[test]
    fn scores_of_a_small_ranking() {
        let known = vec![
            Known { a: "a".into(), b: "b".into(), tag: None },
            Known { a: "c".into(), b: "d".into(), tag: Some("family".into()) },
            Known { a: "e".into(), b: "f".into(), tag: None },
        ];
        let ranked = rank(vec![s("c", "d", 0.99), s("a", "x", 0.9), s("a", "b", 0.8), s("e", "f", 0.3)]);
        let m = scores(&ranked, &known, 0.5);
        assert_eq!((m.flagged, m.truth, m.truth_untagged), (3, 3, 2));
        assert!((m.precision - 2.0 / 3.0).abs() < 1e-9 && (m.recall - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(m.found_at_100, 3);
        assert!((m.recall_at_100 - 1.0).abs() < 1e-9);
        // Top k = 3: c-d, a-x, a-b → 2 of 3.
        assert!((m.precision_at_k - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(m.found_at_100_untagged, 2);
        assert!((best_threshold(&ranked, &known) - 0.3).abs() < 1e-9, "all three found at 0.3");
    }
}
