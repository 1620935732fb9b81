//! The entry points of the fuzz targets (`fuzz/`), also called by the test that
//! replays their corpus (`tests/it/fuzz_replay.rs`): bytes in, no panic out.

use crate::formats::hxl_in::{self, HxlOptions};
use crate::formats::iati_in::{self, IatiOptions};
use crate::formats::record::Item;
use jointcal_domain::vocab::ActivityKind;
use std::collections::HashMap;
use std::ops::ControlFlow;

/// Reads `data` as an IATI activity file and maps each activity; how many items.
pub fn iati(data: &[u8]) -> usize {
    let o = IatiOptions {
        group_country: "KZ".into(),
        countries: Vec::new(),
        sectors: Vec::new(),
        default_kind: ActivityKind::LegalPolicySupport,
        today: chrono::NaiveDate::from_ymd_opt(2007, 8, 15).unwrap_or_default(),
    };
    let mut items = 0;
    let _ = jointcal_iati::read_activities(data, |r| {
        let item = match r {
            Ok(a) => iati_in::item(&a, "fuzz.xml", &o),
            Err(e) => iati_in::refused(e, "fuzz.xml"),
        };
        if let Item::Record(r) = &item {
            // A record must serialize (the report and the audit log hold it).
            let _ = serde_json::to_string(&r.input);
        }
        items += 1;
        ControlFlow::Continue(())
    });
    items
}

/// Reads `data` as an HXL sheet; how many items (rows that are not errors).
pub fn sheet(data: &[u8]) -> usize {
    let o = HxlOptions {
        group_country: "KZ".into(),
        default_lang: "en".into(),
        default_kind: ActivityKind::LegalPolicySupport,
        mapping: HashMap::new(),
    };
    match hxl_in::open(data, "fuzz.csv", o) {
        Err(_) => 0,
        Ok(rows) => rows.take(100_000).filter(Result::is_ok).count(),
    }
}
