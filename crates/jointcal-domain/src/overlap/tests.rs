use super::score::score_of;
use super::*;
use proptest::prelude::*;

fn day(y: i32, m: u32, d: u32) -> i64 {
    let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    (date - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days()
}

#[allow(clippy::too_many_arguments)]
fn rec(
    key: &str,
    lead: &str,
    first: i64,
    last: i64,
    region: &str,
    targets: &[&str],
    kind: &str,
    title: &str,
) -> Record {
    Record {
        key: key.into(),
        leads: vec![lead.into()],
        first_day: first,
        last_day: last,
        regions: vec![region.into()],
        target_groups: targets.iter().map(|s| s.to_string()).collect(),
        kind: Some(kind.into()),
        titles: vec![title.into()],
        ..Record::default()
    }
}

/// A group like the demo's: a few dozen activities of several organizations.
fn background() -> Vec<Record> {
    let regions = ["KZ-75", "KZ-71", "KZ-19", "KZ-61", "KZ-47"];
    let kinds = ["awareness_campaign", "shelter", "research", "conference", "hotline"];
    let targets = ["students", "general_public", "ngos", "victims", "judges"];
    let titles = [
        "Information campaign for students",
        "Shelter for victims of trafficking",
        "Study of labour migration routes",
        "Regional conference on trafficking",
        "National hotline",
    ];
    (0..40)
        .map(|i| {
            let mut r = rec(
                &format!("bg{i:02}"),
                ["UNDP", "OSCE", "UNICEF", "EF", "MVD"][i % 5],
                day(2007, 1 + (i % 12) as u32, 1),
                day(2007, 1 + (i % 12) as u32, 3),
                regions[i % 5],
                &[targets[(i / 5) % 5]],
                kinds[(i / 3) % 5],
                titles[(i / 2) % 5],
            );
            r.pillars = vec!["prevention".into()];
            r
        })
        .collect()
}

fn merke_pair() -> (Record, Record) {
    let mut iom = rec(
        "iom-merke",
        "IOM",
        day(2007, 9, 3),
        day(2007, 9, 7),
        "KZ-31",
        &["border_guards"],
        "training",
        "Training for border guards at Merke railway station on victim identification",
    );
    iom.places = vec!["Merke railway station".into()];
    iom.others = vec!["USAID".into()];
    let mut inl = rec(
        "inl-merke",
        "INL",
        day(2007, 9, 12),
        day(2007, 9, 14),
        "KZ-31",
        &["border_guards"],
        "training",
        "Тренинг для пограничников в Мерке по выявлению жертв (Merke border guard training)",
    );
    inl.places = vec!["Мерке railway station".into()];
    (iom, inl)
}

#[test]
fn the_two_merke_trainings_are_flagged_with_their_reasons() {
    let (iom, inl) = merke_pair();
    let mut all = background();
    all.push(iom);
    all.push(inl);
    let flags = Index::new(all, Settings::default()).flags();
    let top = flags.first().expect("a flag");
    assert_eq!((top.a.as_str(), top.b.as_str()), ("inl-merke", "iom-merke"));
    assert_eq!(top.kind, FlagKind::Duplicate);
    assert!(top.score > 0.9, "{top:?}");
    let codes: Vec<&Reason> = top.reasons.iter().map(|e| &e.reason).collect();
    assert!(codes.contains(&&Reason::SameTargetGroup { target_groups: vec!["border_guards".into()] }), "{codes:?}");
    assert!(codes.contains(&&Reason::SameRegion { regions: vec!["KZ-31".into()] }), "{codes:?}");
    assert!(codes.contains(&&Reason::DaysApart { days: 5 }), "{codes:?}");
    assert!(codes.iter().any(|r| matches!(r, Reason::SimilarTitles { similarity } if *similarity > 0.2)), "{codes:?}");
    assert!(codes.iter().any(|r| matches!(r, Reason::SamePlace { .. })), "Merke in two scripts: {codes:?}");
}

#[test]
fn hiv_testing_and_migration_work_for_the_same_migrants_could_be_done_jointly() {
    let mut hiv = rec(
        "undp-hiv",
        "UNDP",
        day(2007, 10, 1),
        day(2007, 12, 31),
        "KZ-75",
        &["migrants"],
        "medical_assistance",
        "Voluntary HIV testing for labour migrants",
    );
    hiv.pillars = vec!["protection".into()];
    let mut mig = rec(
        "iom-mig",
        "IOM",
        day(2007, 11, 1),
        day(2008, 1, 31),
        "KZ-75",
        &["migrants"],
        "awareness_campaign",
        "Safe labour migration information points",
    );
    mig.pillars = vec!["prevention".into()];
    let mut all = background();
    all.push(hiv);
    all.push(mig);
    let flags = Index::new(all, Settings::default()).flags();
    let f = flags.iter().find(|f| f.a == "iom-mig" && f.b == "undp-hiv").expect("flagged");
    assert_eq!(f.kind, FlagKind::Complementary, "{f:?}");
}

#[test]
fn never_a_pair_with_the_same_lead_and_never_far_apart() {
    let (iom, mut inl) = merke_pair();
    inl.leads = vec!["IOM".into()];
    let flags = Index::new(vec![iom.clone(), inl.clone()], Settings::default()).flags();
    assert!(flags.is_empty(), "{flags:?}");
    // A year later: not within the window.
    inl.leads = vec!["INL".into()];
    inl.first_day += 365;
    inl.last_day += 365;
    assert!(Index::new(vec![iom, inl], Settings::default()).flags().is_empty());
}

#[test]
fn naming_a_rare_organization_says_more_than_naming_a_common_one() {
    let (mut iom, inl) = merke_pair();
    iom.others = vec!["INL".into()];
    let mut common = background();
    for r in &mut common {
        r.others.push("INL".into());
    }
    let weight = |records: Vec<Record>| {
        let flags = Index::new(records, Settings { threshold: 0.0, ..Settings::default() }).flags();
        let f = flags.into_iter().find(|f| f.a == "inl-merke" && f.b == "iom-merke").expect("flagged");
        f.reasons.iter().find(|e| matches!(e.reason, Reason::NamesTheOther { .. })).map(|e| e.weight).expect("named")
    };
    let mut rare = background();
    rare.extend([iom.clone(), inl.clone()]);
    common.extend([iom, inl]);
    assert!(weight(rare) > weight(common));
}

#[test]
fn checking_one_activity_on_save_finds_the_same_flag() {
    let (iom, inl) = merke_pair();
    let mut all = background();
    all.push(iom);
    let index = Index::new(all, Settings::default());
    let flags = index.flags_for(inl.clone());
    assert_eq!(flags.first().map(|f| (f.a.as_str(), f.b.as_str())), Some(("inl-merke", "iom-merke")));
    // Its own earlier version is not a match.
    let mut again = background();
    again.push(inl.clone());
    assert!(Index::new(again, Settings::default()).flags_for(inl).is_empty());
}

fn arb_record() -> impl Strategy<Value = Record> {
    (
        0usize..6,
        0i64..120,
        0i64..10,
        0usize..4,
        proptest::collection::vec(0usize..4, 0..3),
        0usize..3,
        0usize..5,
        proptest::option::of(0usize..6),
    )
        .prop_map(|(lead, start, len, region, targets, kind, title, other)| {
            let orgs = ["A", "B", "C", "D", "E", "F"];
            Record {
                key: String::new(),
                leads: vec![orgs[lead].into()],
                others: other.map(|o| vec![orgs[o].to_string()]).unwrap_or_default(),
                first_day: start,
                last_day: start + len,
                regions: vec![["KZ-31", "KZ-75", "KZ-71", "KZ-19"][region].into()],
                places: vec![],
                target_groups: targets.iter().map(|t| ["a", "b", "c", "d"][*t].to_string()).collect(),
                kind: Some(["training", "campaign", "study"][kind].into()),
                pillars: vec![],
                titles: vec![["Border training", "Тренинг пограничников", "Campaign", "Study of routes", "Shelter"]
                    [title]
                    .into()],
                ..Record::default()
            }
        })
}

fn keyed(records: Vec<Record>) -> Vec<Record> {
    records
        .into_iter()
        .enumerate()
        .map(|(i, mut r)| {
            r.key = format!("r{i:03}");
            r
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn flags_are_symmetric_stable_and_explained(records in proptest::collection::vec(arb_record(), 2..40), seed in 0u64..1000) {
        let records = keyed(records);
        let settings = Settings { threshold: 0.3, ..Settings::default() };
        let flags = Index::new(records.clone(), settings).flags();
        for f in &flags {
            prop_assert!(f.a < f.b);
            let (ra, rb) = (records.iter().find(|r| r.key == f.a).unwrap(), records.iter().find(|r| r.key == f.b).unwrap());
            prop_assert!(ra.leads.iter().all(|l| !rb.leads.contains(l)), "never the same lead");
            prop_assert!((score_of(&f.reasons) - f.score).abs() < 1e-12, "the reasons make the score");
            prop_assert!(f.score >= settings.threshold);
        }
        // Another order of the same records: the same flags.
        let mut shuffled = records.clone();
        let n = shuffled.len();
        for i in 0..n {
            shuffled.swap(i, (seed as usize * 31 + i * 17) % n);
        }
        let again = Index::new(shuffled, settings).flags();
        prop_assert_eq!(flags.clone(), again);
        // One record checked alone against the others: each flag is found from one
        // of its two records (each record weighs only its closest candidates), with
        // the pair's score.
        let index = Index::new(records.clone(), Settings { threshold: 0.0, ..settings });
        for f in &flags {
            let ra = records.iter().find(|r| r.key == f.a).unwrap().clone();
            let rb = records.iter().find(|r| r.key == f.b).unwrap().clone();
            let mut found = index.flags_for(ra);
            found.extend(index.flags_for(rb));
            let g = found.iter().find(|g| g.a == f.a && g.b == f.b);
            // The same evidence; `flags` may add that a better match exists.
            let demoted = f.reasons.iter().any(|e| e.reason == Reason::BetterMatchExists);
            prop_assert!(
                g.is_some_and(|g| (g.score - f.score).abs() < 1e-12 || (demoted && g.score > f.score)),
                "{:?} in {:?}", f, found
            );
        }
    }
}

#[test]
fn neighbours_weighed_with_the_collections_statistics_score_as_in_the_collection() {
    let (iom, inl) = merke_pair();
    let mut all = background();
    all.push(iom.clone());
    all.push(inl.clone());
    let whole = Index::new(all.clone(), Settings::default()).flags_for(inl.clone());
    let stats = std::sync::Arc::new(Stats::of(&all));
    assert_eq!(stats.len(), all.len());
    let near = Index::with_stats(vec![iom], Settings::default(), stats).flags_for(inl);
    assert!(!near.is_empty());
    assert_eq!(whole.first().map(|f| f.score), near.first().map(|f| f.score));
}

#[test]
fn an_empty_collection_has_no_flags() {
    let index = Index::new(Vec::new(), Settings::default());
    assert!(index.is_empty());
    assert!(index.flags().is_empty());
    let (iom, _) = merke_pair();
    assert!(index.flags_for(iom).is_empty());
}

/// `n` conferences for other audiences by other organizations in other places, in
/// September of `year` (2007 is when the Merke pair is).
fn crowd(n: usize, year: i32) -> Vec<Record> {
    (0..n)
        .map(|i| {
            let mut r = rec(
                &format!("busy{i:04}"),
                &format!("ORG{i}"),
                day(year, 9, 1 + (i % 20) as u32),
                day(year, 9, 1 + (i % 20) as u32),
                ["KZ-75", "KZ-71", "KZ-19", "KZ-61"][i % 4],
                &[["students", "judges", "ngos", "victims"][i % 4]],
                "conference",
                &format!("Conference number {i} on a topic of its own"),
            );
            r.places = vec![format!("Place {}", i % 17)];
            r
        })
        .collect()
}

#[test]
fn in_a_busy_time_the_same_evidence_says_less_and_the_flag_says_why() {
    let (iom, inl) = merke_pair();
    let score_among = |mut others: Vec<Record>| {
        others.extend([iom.clone(), inl.clone()]);
        let flags = Index::new(others, Settings { threshold: 0.0, ..Settings::default() }).flags();
        flags.into_iter().find(|f| f.a == "inl-merke" && f.b == "iom-merke").expect("flagged")
    };
    // The same records, the crowd a year later or in the same days: every feature
    // is as rare in both, only the time is busier.
    let mut quiet_records = background();
    quiet_records.extend(crowd(400, 2008));
    let quiet = score_among(quiet_records);
    assert!(!quiet.reasons.iter().any(|e| matches!(e.reason, Reason::BusyTime { .. })), "{quiet:?}");
    let mut busy_records = background();
    busy_records.extend(crowd(400, 2007));
    let busy = score_among(busy_records);
    let said = busy.reasons.iter().find(|e| matches!(e.reason, Reason::BusyTime { .. })).expect("busy");
    assert!(said.weight < 0.0);
    match &said.reason {
        Reason::BusyTime { activities, days } => assert!(*activities > 100 && *days == 30, "{said:?}"),
        other => panic!("{other:?}"),
    }
    assert!(busy.score < quiet.score, "{} < {}", busy.score, quiet.score);
    assert!((score_of(&busy.reasons) - busy.score).abs() < 1e-12);
}

#[test]
fn each_record_keeps_at_most_its_strongest_flags() {
    // One activity and twelve copies of it by twelve other organizations.
    let (iom, _) = merke_pair();
    let mut all = vec![iom.clone()];
    for i in 0..12 {
        let mut r = iom.clone();
        r.key = format!("copy{i:02}");
        r.leads = vec![format!("ORG{i}")];
        r.first_day += i as i64 % 3;
        all.push(r);
    }
    let settings = Settings { max_flags_per_record: 3, max_candidates: 30, ..Settings::default() };
    let flags = Index::new(all.clone(), settings).flags();
    let mut per: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for f in &flags {
        *per.entry(&f.a).or_default() += 1;
        *per.entry(&f.b).or_default() += 1;
    }
    // Every pair is kept by one of its records at least: each record keeps 3, so
    // there are at most 13 × 3 pairs, and fewer than all 78.
    assert!(flags.len() <= 13 * 3 && flags.len() < 78, "{}", flags.len());
    assert!(per.values().all(|&n| n >= 3), "{per:?}");
    let all_flags = Index::new(all, Settings { max_flags_per_record: 100, max_candidates: 30, ..settings }).flags();
    assert_eq!(all_flags.len(), 78);
}

#[test]
fn a_days_training_is_not_compared_with_a_programme_of_years() {
    let (iom, inl) = merke_pair();
    let mut programme = inl.clone();
    programme.first_day = day(2006, 1, 1);
    programme.last_day = day(2010, 12, 31);
    let with = |r: Record| {
        let mut all = background();
        all.extend([iom.clone(), r]);
        Index::new(all, Settings { threshold: 0.0, ..Settings::default() })
            .flags()
            .into_iter()
            .any(|f| f.b == "iom-merke" && f.a == "inl-merke")
    };
    assert!(!with(programme));
    // Of about the same length: compared.
    assert!(with(inl));
}

proptest! {
    /// Whatever two records the detector compares, each one's length is within the
    /// other's `comparable_lengths`.
    #[test]
    fn records_compared_have_comparable_lengths(a_start in 0i64..3000, a_len in 1i64..4000, b_start in 0i64..3000, b_len in 1i64..4000) {
        let (iom, inl) = merke_pair();
        let mut a = iom.clone();
        (a.first_day, a.last_day) = (a_start, a_start + a_len - 1);
        let mut b = inl.clone();
        (b.first_day, b.last_day) = (b_start, b_start + b_len - 1);
        b.titles = a.titles.clone();
        let flags = Index::new(vec![a.clone(), b.clone()], Settings { threshold: 0.0, ..Settings::default() }).flags();
        if !flags.is_empty() {
            let (lo, hi) = comparable_lengths(a.first_day, a.last_day, 30);
            prop_assert!(lo <= b_len && b_len <= hi, "{b_len} not in {lo}..{hi} for {a_len}");
            let (lo, hi) = comparable_lengths(b.first_day, b.last_day, 30);
            prop_assert!(lo <= a_len && a_len <= hi, "{a_len} not in {lo}..{hi} for {b_len}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// An index kept since earlier, given what changed since (records added or
    /// changed, keys removed), finds for each record what an index of the
    /// collection as it is now finds, with the same statistics.
    #[test]
    fn a_kept_index_with_the_changes_since_finds_what_a_new_one_finds(
        before in proptest::collection::vec(arb_record(), 1..30),
        edits in proptest::collection::vec((0usize..40, arb_record(), 0usize..3), 0..12),
    ) {
        let settings = Settings { threshold: 0.0, ..Settings::default() };
        let before = keyed(before);
        let kept = Index::new(before.clone(), settings);
        let mut now: Vec<Record> = before.clone();
        let mut changed: std::collections::BTreeMap<String, Record> = Default::default();
        let mut gone: std::collections::HashSet<String> = Default::default();
        for (k, (i, mut r, what)) in edits.into_iter().enumerate() {
            match what {
                // Changed in place.
                0 if i < now.len() => {
                    r.key = now[i].key.clone();
                    now[i] = r.clone();
                    gone.remove(&r.key);
                    changed.insert(r.key.clone(), r);
                }
                // Removed.
                1 if i < now.len() => {
                    let r = now.remove(i);
                    changed.remove(&r.key);
                    gone.insert(r.key);
                }
                // Added.
                _ => {
                    r.key = format!("new{k:02}");
                    now.push(r.clone());
                    changed.insert(r.key.clone(), r);
                }
            }
        }
        let changed: Vec<Record> = changed.into_values().collect();
        for r in &now {
            // A record added since is not in the statistics: the new index is built
            // without it, as the collection the statistics count.
            let new = before.iter().all(|b| b.key != r.key);
            let others: Vec<Record> = now.iter().filter(|o| !new || o.key != r.key).cloned().collect();
            let fresh = Index::with_stats(others, settings, kept.stats().clone()).flags_for(r.clone());
            let found = kept.flags_for_changed(r.clone(), changed.clone(), &gone);
            prop_assert_eq!(found, fresh);
        }
    }
}
