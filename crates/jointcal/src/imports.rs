//! Running an import of files, for the command line and the API: each file opened in
//! its format (told, or found from its name and first bytes), its encoding made UTF-8,
//! read on a blocking thread and handed item by item to the import service through a
//! bounded channel, so memory does not grow with the file. With `OnError::Abort` the
//! files are read twice: a dry run first, and the writing run only when nothing was
//! refused.

use crate::formats::hxl_in::{self, HxlOptions};
use crate::formats::iati_in::{self, IatiOptions};
use crate::formats::{json, Item, Refused, Source};
use crate::services::{ImportOptions, ImportReport, OnError, ServiceError, Services};
use encoding_rs::Encoding;
use encoding_rs_io::DecodeReaderBytesBuilder;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use jointcal_domain::group::Group;
use jointcal_domain::vocab::ActivityKind;
use std::collections::HashMap;
use std::io::{BufReader, Read};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::Arc;

/// The formats an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Iati,
    Csv,
    Json,
    Xlsx,
}

impl Format {
    pub fn code(self) -> &'static str {
        match self {
            Format::Iati => "iati",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "iati" | "xml" => Some(Format::Iati),
            "csv" | "hxl" | "3w" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "xlsx" | "excel" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// One file to import.
#[derive(Debug, Clone)]
pub struct Input {
    /// As messages name it.
    pub name: String,
    pub path: PathBuf,
    /// Told by the user; else found.
    pub format: Option<Format>,
}

/// What a run is asked.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub dry_run: bool,
    pub on_error: OnError,
    /// Keep only activities for these countries (IATI), alpha-2.
    pub countries: Vec<String>,
    /// Keep only activities with a sector code starting so (IATI).
    pub sectors: Vec<String>,
    /// The kind of activities whose words tell none.
    pub default_kind: ActivityKind,
    /// Sheets without tags: header → tag.
    pub mapping: HashMap<String, String>,
}

/// Called with the bytes read so far of the file being read (a progress bar).
pub type Progress = Arc<dyn Fn(&str, u64) + Send + Sync>;

/// Why an import could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Service(#[from] ServiceError),
    #[error("{file}: {message}")]
    File { file: String, message: String },
}

/// What the file's first bytes say it is.
fn sniff(head: &[u8]) -> Option<Format> {
    let t: &[u8] = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    if t.starts_with(b"\xff\xfe") || t.starts_with(b"\xfe\xff") {
        // UTF-16: look at the text after the byte order mark.
        let text: String = t[2..].iter().filter(|b| **b != 0).map(|b| *b as char).take(64).collect();
        return sniff(text.as_bytes());
    }
    if t.starts_with(b"PK\x03\x04") {
        return Some(Format::Xlsx);
    }
    let first = t.iter().find(|b| !b.is_ascii_whitespace())?;
    match first {
        b'<' => Some(Format::Iati),
        b'{' | b'[' => Some(Format::Json),
        _ => Some(Format::Csv),
    }
}

fn by_extension(name: &str) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".xml") {
        Some(Format::Iati)
    } else if lower.ends_with(".csv") || lower.ends_with(".tsv") {
        Some(Format::Csv)
    } else if lower.ends_with(".json") {
        Some(Format::Json)
    } else if lower.ends_with(".xlsx") {
        Some(Format::Xlsx)
    } else {
        None
    }
}

/// The format of a file: told, else its extension; checked against its first bytes.
fn format_of(input: &Input, head: &[u8]) -> Result<Format, String> {
    let zip = head.starts_with(b"PK\x03\x04");
    let seen = if zip { Some(Format::Xlsx) } else { sniff(head) };
    let said = input.format.or_else(|| by_extension(&input.name));
    match (said, seen) {
        (Some(s), Some(k)) if s != k => Err(format!(
            "the file is said to be {} but its first bytes look like {} (starting {:?}); give --format if that is right",
            s.code(),
            k.code(),
            String::from_utf8_lossy(&head[..head.len().min(24)])
        )),
        (Some(s), _) => Ok(s),
        (None, Some(k)) => Ok(k),
        (None, None) => Err("the file is empty".into()),
    }
}

/// The encoding an XML declaration names (`encoding="windows-1251"`), if any.
fn declared_encoding(head: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(&head[..head.len().min(200)]);
    let decl = text.strip_prefix('\u{feff}').unwrap_or(&text).trim_start();
    let decl = decl.strip_prefix("<?xml")?;
    let end = decl.find("?>")?;
    let decl = &decl[..end];
    let at = decl.find("encoding")?;
    let rest = decl[at + 8..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next()?;
    let rest = &rest[1..];
    Some(rest[..rest.find(quote)?].to_string())
}

/// The file as UTF-8: a UTF-16 byte order mark or an XML declaration of another
/// encoding is decoded as it reads.
fn utf8_reader(file: std::fs::File, format: Format, head: &[u8]) -> Result<Box<dyn Read + Send>, String> {
    let utf16 = head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff");
    if utf16 {
        return Ok(Box::new(DecodeReaderBytesBuilder::new().bom_sniffing(true).build(file)));
    }
    if format == Format::Iati {
        if let Some(label) = declared_encoding(head) {
            let enc = Encoding::for_label(label.as_bytes())
                .ok_or_else(|| format!("the file declares the encoding '{label}', which is not one jointcal knows"))?;
            if enc != encoding_rs::UTF_8 {
                return Ok(Box::new(DecodeReaderBytesBuilder::new().encoding(Some(enc)).build(file)));
            }
        }
    }
    Ok(Box::new(file))
}

/// Counts the bytes read, for the progress bar.
struct Counted<R> {
    inner: R,
    read: u64,
    name: String,
    progress: Option<Progress>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if let Some(p) = &self.progress {
            p(&self.name, self.read);
        }
        Ok(n)
    }
}

fn refused_file(file: &str, line: Option<u64>, message: String) -> Item {
    Item::Refused(Refused { at: Source { file: file.to_string(), line }, key: None, field: None, reason: message })
}

/// Reads one file into `tx`, item by item (on a blocking thread).
fn read_file(
    input: &Input,
    group: &Group,
    opts: &RunOptions,
    today: chrono::NaiveDate,
    progress: Option<Progress>,
    tx: &tokio::sync::mpsc::Sender<Item>,
) -> Result<(), String> {
    let send = |item: Item| tx.blocking_send(item).map_err(|_| "the import stopped".to_string());
    let mut file = std::fs::File::open(&input.path).map_err(|e| format!("cannot be opened: {e}"))?;
    let mut head = vec![0u8; 512];
    let n = read_up_to(&mut file, &mut head).map_err(|e| format!("cannot be read: {e}"))?;
    head.truncate(n);
    let format = format_of(input, &head)?;
    let reader: Box<dyn Read + Send> = if format == Format::Xlsx {
        Box::new(std::io::Cursor::new(crate::formats::xlsx::to_csv(&input.path)?))
    } else {
        let file = std::fs::File::open(&input.path).map_err(|e| format!("cannot be opened: {e}"))?;
        utf8_reader(file, format, &head)?
    };
    let reader = Counted { inner: reader, read: 0, name: input.name.clone(), progress };
    let name = input.name.as_str();
    match format {
        Format::Iati => {
            let o = IatiOptions {
                group_country: group.fields.country.clone(),
                countries: opts.countries.clone(),
                sectors: opts.sectors.clone(),
                default_kind: opts.default_kind,
                today,
            };
            let mut stopped = false;
            let result = jointcal_iati::read_activities(BufReader::with_capacity(256 * 1024, reader), |r| {
                let item = match r {
                    Ok(a) => iati_in::item(&a, name, &o),
                    Err(e) => iati_in::refused(e, name),
                };
                if send(item).is_err() {
                    stopped = true;
                    return ControlFlow::Break(());
                }
                ControlFlow::Continue(())
            });
            match result {
                Ok(_) if stopped => Err("the import stopped".into()),
                Ok(_) => Ok(()),
                Err(jointcal_iati::ReadError::Xml { position, message }) => {
                    send(refused_file(name, position.line, format!("not well-formed XML at {position}: {message}")))
                }
                Err(e) => send(refused_file(name, None, e.to_string())),
            }
        }
        Format::Csv | Format::Xlsx => {
            let o = HxlOptions {
                group_country: group.fields.country.clone(),
                default_lang: group.fields.languages.first().map_or("en".to_string(), |l| l.as_str().to_string()),
                default_kind: opts.default_kind,
                mapping: opts.mapping.clone(),
            };
            let sheet = match hxl_in::open(reader, name, o) {
                Ok(s) => s,
                Err(e) => return send(refused_file(name, None, strip_file(&e.to_string(), name))),
            };
            for item in sheet {
                match item {
                    Ok(i) => send(i)?,
                    Err(hxl_in::SheetError::Csv { line, message, .. }) => {
                        return send(refused_file(name, Some(line), message));
                    }
                    Err(e) => return send(refused_file(name, None, strip_file(&e.to_string(), name))),
                }
            }
            Ok(())
        }
        Format::Json => {
            let mut bytes = Vec::new();
            let mut reader = reader;
            reader.read_to_end(&mut bytes).map_err(|e| format!("cannot be read: {e}"))?;
            match json::items(&bytes, name) {
                Ok(items) => {
                    for i in items {
                        send(i)?;
                    }
                    Ok(())
                }
                Err(m) => send(refused_file(name, None, strip_file(&m, name))),
            }
        }
    }
}

fn strip_file(message: &str, name: &str) -> String {
    message.strip_prefix(&format!("{name}: ")).unwrap_or(message).to_string()
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Who imports into which group.
pub struct Importing<'a> {
    pub services: &'a Services,
    pub viewer: &'a Viewer,
    /// The person (or the command line), for the import batch's own events.
    pub actor: &'a Actor,
    pub group: &'a Group,
}

/// One pass over the files.
async fn pass(
    job: &Importing<'_>,
    inputs: &[Input],
    opts: &RunOptions,
    dry_run: bool,
    progress: Option<Progress>,
) -> Result<ImportReport, RunError> {
    let (s, group) = (job.services, job.group);
    let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
    let format = inputs
        .iter()
        .map(|i| i.format.or_else(|| by_extension(&i.name)).map_or("auto", Format::code))
        .collect::<Vec<_>>()
        .join(",");
    let io = ImportOptions { dry_run, source: names.join(", "), format };
    let mut importer = s.begin_import(job.viewer, job.actor, group, io).await?;
    let today = s.now().with_timezone(&group.fields.timezone).date_naive();
    for input in inputs {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<Item>(512);
        let (input2, group2, opts2, progress2) = (input.clone(), group.clone(), opts.clone(), progress.clone());
        let reading = tokio::task::spawn_blocking(move || read_file(&input2, &group2, &opts2, today, progress2, &tx));
        while let Some(item) = rx.recv().await {
            importer.add(item).await?;
        }
        match reading.await {
            Ok(Ok(())) => {}
            Ok(Err(message)) => {
                importer.add(refused_file(&input.name, None, message)).await?;
            }
            Err(e) => return Err(RunError::File { file: input.name.clone(), message: format!("reading failed: {e}") }),
        }
    }
    Ok(importer.finish().await?)
}

/// Imports `inputs` into `group`: with `OnError::Abort` (and not a dry run) a dry run
/// first, and nothing written if it refused anything (its report is returned).
pub async fn run(
    job: &Importing<'_>,
    inputs: &[Input],
    opts: &RunOptions,
    progress: Option<Progress>,
) -> Result<ImportReport, RunError> {
    if opts.on_error == OnError::Abort && !opts.dry_run {
        let mut check = pass(job, inputs, opts, true, progress.clone()).await?;
        if check.rejected > 0 {
            // Not the dry run that was asked for: a run that wrote nothing.
            check.dry_run = false;
            return Ok(check);
        }
    }
    pass(job, inputs, opts, opts.dry_run, progress).await
}

/// Standard input (or any reader) kept in a temporary file, so that it can be read
/// twice; the file goes when the returned handle is dropped.
pub fn spool(mut from: impl Read) -> std::io::Result<tempfile::NamedTempFile> {
    let mut f = tempfile::NamedTempFile::new()?;
    std::io::copy(&mut from, &mut f)?;
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_encodings_are_found() {
        assert_eq!(sniff(b"  <?xml version=\"1.0\"?>"), Some(Format::Iati));
        assert_eq!(sniff(b"\xef\xbb\xbf#activity,#org"), Some(Format::Csv));
        assert_eq!(sniff(b"{\"activities\": []}"), Some(Format::Json));
        assert_eq!(sniff(b"\xff\xfe<\0?\0x\0"), Some(Format::Iati));
        let input = |name: &str| Input { name: name.into(), path: PathBuf::new(), format: None };
        assert!(format_of(&input("a.xml"), b"ID,Title\n")
            .unwrap_err()
            .contains("said to be iati but its first bytes look like csv"));
        assert_eq!(format_of(&input("a.xlsx"), b"PK\x03\x04rest"), Ok(Format::Xlsx));
        assert!(format_of(&input("a.csv"), b"PK\x03\x04rest").unwrap_err().contains("look like xlsx"));
        assert!(format_of(&input("a.xlsx"), b"ID,Title\n").unwrap_err().contains("said to be xlsx"));
        assert_eq!(format_of(&input("-"), b"<iati-activities/>"), Ok(Format::Iati));
        assert_eq!(
            declared_encoding(b"<?xml version=\"1.0\" encoding='windows-1251'?><a/>").as_deref(),
            Some("windows-1251")
        );
        assert_eq!(declared_encoding(b"<?xml version=\"1.0\"?><a/>"), None);
    }
}
