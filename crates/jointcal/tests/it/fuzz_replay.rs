//! The fuzz targets' corpus and any crash they found (`fuzz/corpus`, `fuzz/artifacts`),
//! replayed through the same entry points on every test run.

fn files(dir: &str) -> Vec<std::path::PathBuf> {
    let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz").join(dir);
    let mut out: Vec<_> = std::fs::read_dir(&d)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn the_fuzz_corpus_reads_without_panic() {
    let iati = files("corpus/iati");
    let sheet = files("corpus/sheet");
    assert!(iati.len() >= 4 && sheet.len() >= 3, "the seed corpus is there: {iati:?} {sheet:?}");
    let mut items = 0;
    for p in iati.iter().chain(files("artifacts/iati").iter()) {
        items += jointcal::formats::fuzz::iati(&std::fs::read(p).unwrap());
    }
    assert!(items > 4, "the seeds hold activities");
    let mut rows = 0;
    for p in sheet.iter().chain(files("artifacts/sheet").iter()) {
        rows += jointcal::formats::fuzz::sheet(&std::fs::read(p).unwrap());
    }
    assert!(rows > 4, "the seeds hold rows");
}
