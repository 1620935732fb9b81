//! Excel sheets (.xlsx): read as the CSV reader reads them (the first worksheet's cells
//! as text, then `formats::hxl_in`), written with the same columns and HXL tags as the
//! CSV (`formats::sheet_out`).
//!
//! A zip bomb is refused before anything is unpacked: the archive's directory gives each
//! entry's unpacked size, and a sheet that would unpack to more than [`MAX_UNPACKED`], or
//! any large entry that packs more than [`MAX_RATIO`] to one, is not read.

use crate::formats::sheet_out::{rows, COLUMNS};
use crate::services::ActivityView;
use calamine::{Data, Reader};
use jointcal_domain::ids::OrgId;
use jointcal_domain::org::Organization;
use std::collections::HashMap;
use std::io::{Read, Seek};

/// The most a workbook may unpack to.
pub const MAX_UNPACKED: u64 = 256 * 1024 * 1024;
/// The most an entry above 1 MB may pack to one (real sheets pack 5–20 to one).
pub const MAX_RATIO: u64 = 200;

/// Checks the archive's directory for a bomb; the unpacked size.
fn unpacked_size<R: Read + Seek>(r: R) -> Result<u64, String> {
    let mut z = zip::ZipArchive::new(r).map_err(|e| format!("not an Excel .xlsx file (no zip archive: {e})"))?;
    let mut total = 0u64;
    for i in 0..z.len() {
        let e = z.by_index_raw(i).map_err(|e| format!("a broken zip archive: {e}"))?;
        let (size, packed) = (e.size(), e.compressed_size().max(1));
        if size > 1024 * 1024 && size / packed > MAX_RATIO {
            return Err(format!(
                "{} would unpack {packed} bytes to {size} ({} to one): refused as a zip bomb",
                e.name().map(|n| n.into_owned()).unwrap_or_else(|_| "an entry".into()),
                size / packed
            ));
        }
        total = total.saturating_add(size);
    }
    if total > MAX_UNPACKED {
        return Err(format!("the workbook would unpack to {total} bytes, more than {MAX_UNPACKED}: refused"));
    }
    Ok(total)
}

/// A cell as text, as a person would type it in a CSV: whole numbers without `.0`,
/// dates as `YYYY-MM-DD` (with the time when it is not midnight).
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.date().to_string(),
            Some(t) => t.format("%Y-%m-%dT%H:%M").to_string(),
            None => dt.to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

/// The first worksheet of an .xlsx file as CSV bytes.
pub fn to_csv(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let f = std::fs::File::open(path).map_err(|e| format!("cannot be opened: {e}"))?;
    unpacked_size(std::io::BufReader::new(f))?;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(path).map_err(|e| format!("not a readable Excel .xlsx file: {e}"))?;
    let range = match wb.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        Some(Err(e)) => return Err(format!("its first worksheet cannot be read: {e}")),
        None => return Err("the workbook has no worksheet".into()),
    };
    let mut out = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    for row in range.rows() {
        out.write_record(row.iter().map(cell_text)).map_err(|e| e.to_string())?;
    }
    out.into_inner().map_err(|e| e.to_string())
}

/// The activities as an .xlsx workbook: one worksheet "activities", a row of headers, a
/// row of HXL tags, one row per activity (text cells, never formulas).
pub fn write(activities: &[ActivityView], orgs: &HashMap<OrgId, Organization>, lang: &str) -> Result<Vec<u8>, String> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("activities").map_err(|e| e.to_string())?;
    for (c, (header, tag)) in COLUMNS.iter().enumerate() {
        let c = c as u16;
        ws.write_string(0, c, *header).map_err(|e| e.to_string())?;
        ws.write_string(1, c, *tag).map_err(|e| e.to_string())?;
    }
    for (r, row) in rows(activities, orgs, lang).enumerate() {
        let r = u32::try_from(r + 2).map_err(|_| "too many rows for a worksheet".to_string())?;
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string(r, c as u16, cell).map_err(|e| e.to_string())?;
            }
        }
    }
    wb.save_to_buffer().map_err(|e| e.to_string())
}
