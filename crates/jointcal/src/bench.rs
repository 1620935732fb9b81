//! `jointcal dev bench-calendar`: times the month query on a generated group (see
//! bench/README.md). A benchmark of the storage itself, so it also reads the
//! database's own scan statistics and query plan.

use crate::services::{ActivityFilter, Services};
use chrono::NaiveDate;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use jointcal_domain::schedule::day_start_utc;

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        0.0
    } else {
        v[v.len() / 2]
    }
}

/// Times the month query (full month and first page of 50) on twelve months spread
/// over the generated decade, and reports rows examined against rows returned.
pub async fn bench_calendar(s: &Services, slug: &str, runs: usize) -> anyhow::Result<()> {
    let group = s.group_by_slug(slug).await?;
    let tz = group.fields.timezone;
    let total = s.count_activities(&Viewer::SYSTEM, &group).await?;
    println!("group '{slug}': {total} activities; backend {:?}; {runs} runs per month", s.db.backend());
    println!("{:<8} {:>8} {:>9} {:>7} {:>12} {:>12}", "month", "returned", "examined", "ratio", "full ms", "page-1 ms");
    let mut full_all = Vec::new();
    let mut page_all = Vec::new();
    let mut worst_ratio: f64 = 0.0;
    let mut plan = Vec::new();
    for m in 0..12i32 {
        let first = NaiveDate::from_ymd_opt(2016 + (m * 10 / 12), 1 + (m * 10 % 12) as u32, 1).unwrap_or_default();
        let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
        let (from, to) = (day_start_utc(tz, first), day_start_utc(tz, next));
        let stats = s.db.month_scan_stats(group.id, from, to).await?;
        let ratio = stats.examined as f64 / stats.returned.max(1) as f64;
        worst_ratio = worst_ratio.max(ratio);
        if m == 0 {
            plan = stats.plan.clone();
        }
        let mut full = Vec::new();
        let mut page = Vec::new();
        for _ in 0..runs {
            let f = ActivityFilter { from: Some(from), to: Some(to), ..Default::default() };
            let t = std::time::Instant::now();
            let n = s.list_activities(&Viewer::SYSTEM, &group, &f).await?.len();
            full.push(t.elapsed().as_secs_f64() * 1000.0);
            anyhow::ensure!(n as i64 == stats.returned, "month query returned {n}, count says {}", stats.returned);
            let f = ActivityFilter { limit: Some(50), ..f };
            let t = std::time::Instant::now();
            s.list_activities(&Viewer::SYSTEM, &group, &f).await?;
            page.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let (mf, mp) = (median(&mut full), median(&mut page));
        full_all.push(mf);
        page_all.push(mp);
        println!(
            "{:<8} {:>8} {:>9} {:>7.2} {:>12.2} {:>12.2}",
            first.format("%Y-%m"),
            stats.returned,
            stats.examined,
            ratio,
            mf,
            mp
        );
    }
    println!(
        "median over months: full month {:.2} ms, first page {:.2} ms; worst examined/returned ratio {:.2} (target ≤ 2)",
        median(&mut full_all),
        median(&mut page_all),
        worst_ratio
    );
    println!("query plan (first month):");
    for l in plan {
        println!("  {l}");
    }
    Ok(())
}

/// `jointcal dev bench-save`: `runs` real saves of activities spread over the group's
/// days (each one's title toggled, through `Services::update_activity`: write, audit,
/// overlap check), timed whole, and the overlap check that follows a save
/// (`Services::refresh_flags_of`) timed alone. The group's kept index is built first,
/// as the server does at the first save; the saves then accumulate as the changes
/// every later check reads (up to `runs` of them).
pub async fn bench_save(s: &Services, slug: &str, runs: usize) -> anyhow::Result<()> {
    let group = s.group_by_slug(slug).await?;
    let total = s.count_activities(&Viewer::SYSTEM, &group).await?;
    let t = std::time::Instant::now();
    s.build_kept_index(&group).await?;
    println!(
        "group '{slug}': {total} activities; backend {:?}; index built in {:.2} s",
        s.db.backend(),
        t.elapsed().as_secs_f64()
    );
    let tz = group.fields.timezone;
    // (length in days, ms) of each save and of each check alone.
    let mut saves: Vec<(i64, f64)> = Vec::new();
    let mut checks: Vec<(i64, f64)> = Vec::new();
    for k in 0..runs {
        // A month every `120 / runs` months from 2016 (the generator's years), and one
        // of the activities that start in it (not the first listed: long ones sort
        // first, and most activities are short).
        let months = (k * 120 / runs.max(1)) as u32;
        let first = NaiveDate::from_ymd_opt(2016, 1, 1)
            .and_then(|d| d.checked_add_months(chrono::Months::new(months)))
            .unwrap_or_default();
        let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
        let (from, to) = (day_start_utc(tz, first), day_start_utc(tz, next));
        let f = ActivityFilter { from: Some(from), to: Some(to), ..Default::default() };
        let starting: Vec<_> = s
            .list_activities(&Viewer::SYSTEM, &group, &f)
            .await?
            .into_iter()
            .filter(|v| v.activity.fields.schedule.start_utc >= from)
            .collect();
        let Some(v) = starting.get((k * 7919) % starting.len().max(1)) else { continue };
        let a = &v.activity;
        let days = (a.fields.schedule.end_utc - a.fields.schedule.start_utc).num_days().max(1);
        // A real save (its title toggled: " ·" added or taken off), through the
        // service as the API and the form save: write, audit, then the overlap check.
        let mut input = a.fields.to_input();
        for t in input.title.values_mut() {
            *t = match t.strip_suffix(" ·") {
                Some(bare) => bare.to_string(),
                None => format!("{t} ·"),
            };
        }
        let t = std::time::Instant::now();
        let saved = s.update_activity(&Viewer::SYSTEM, &Actor::Cli, &group, a.id, a.version, &input).await?;
        saves.push((days, t.elapsed().as_secs_f64() * 1000.0));
        // The check alone, again on the saved activity.
        let t = std::time::Instant::now();
        s.refresh_flags_of(&group, &saved.activity).await?;
        checks.push((days, t.elapsed().as_secs_f64() * 1000.0));
    }
    let report = |what: &str, list: &[(i64, f64)], label: &str, pick: &dyn Fn(i64) -> bool| {
        let mut times: Vec<f64> = list.iter().filter(|c| pick(c.0)).map(|c| c.1).collect();
        times.sort_by(f64::total_cmp);
        let q = |x| crate::bench_overlaps::quantile(&times, x);
        println!(
            "{what}, {label} ({}): median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            times.len(),
            q(0.5),
            q(0.99),
            times.last().copied().unwrap_or(0.0)
        );
    };
    for (what, list) in [("check on save", &checks), ("whole save", &saves)] {
        report(what, list, "all", &|_| true);
        report(what, list, "up to 90 days", &|d| d <= 90);
        report(what, list, "longer than 90 days", &|d| d > 90);
    }
    Ok(())
}
