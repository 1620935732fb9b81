//! Typesets a small Markdown subset as an A4 PDF: `#`/`##`/`###` headings, paragraphs,
//! `- ` list items, `**bold**` and backslash escapes — what the bulletin's Markdown
//! uses. Fonts are shipped (DejaVu Sans, regular and bold: Latin, Cyrillic with the
//! Kazakh letters), embedded and subset by `krilla`; nothing is read from the machine
//! or the network.
//!
//! The layout is written here (krilla draws a line of text, it does not break lines):
//! words are measured with `rustybuzz`, the same shaper krilla uses, and set greedily
//! line by line; a word wider than the line is broken between characters; a page
//! ends when the next line would cross the bottom margin.

mod layout;
mod markdown;

pub use markdown::{parse, Block, BlockKind, Span};

use krilla::color::rgb;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use krilla::Document;

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// A4 in points, and the margins.
const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the shipped font cannot be read")]
    Font,
    #[error("the PDF cannot be written: {0}")]
    Write(String),
}

/// What the document says about itself.
#[derive(Debug, Clone, Default)]
pub struct Info {
    pub title: String,
    /// A BCP 47 tag, e.g. `ru`.
    pub lang: String,
    /// Printed at the foot of every page beside the page number.
    pub footer: String,
}

/// The two faces: their krilla fonts and shaping data.
pub(crate) struct Faces {
    pub regular: Font,
    pub bold: Font,
}

impl Faces {
    fn load() -> Result<Faces, PdfError> {
        let font = |bytes: &'static [u8]| Font::new(bytes.into(), 0).ok_or(PdfError::Font);
        Ok(Faces { regular: font(REGULAR)?, bold: font(BOLD)? })
    }

    pub fn bytes(bold: bool) -> &'static [u8] {
        if bold {
            BOLD
        } else {
            REGULAR
        }
    }

    pub fn font(&self, bold: bool) -> &Font {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// The PDF of `markdown`.
pub fn render(markdown: &str, info: &Info) -> Result<Vec<u8>, PdfError> {
    let faces = Faces::load()?;
    let blocks = parse(markdown);
    let pages = layout::pages(&blocks, PAGE_W - 2.0 * MARGIN, PAGE_H - 2.0 * MARGIN - 24.0)?;
    let mut doc = Document::new();
    let mut meta = Metadata::new().creator("jointcal".into()).producer("jointcal-pdf (krilla)".into());
    if !info.title.is_empty() {
        meta = meta.title(info.title.clone());
    }
    if !info.lang.is_empty() {
        meta = meta.language(info.lang.clone());
    }
    doc.set_metadata(meta);
    let total = pages.len();
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| PdfError::Write("page size".into()))?;
    for (n, lines) in pages.iter().enumerate() {
        let mut page = doc.start_page_with(settings.clone());
        let mut surface = page.surface();
        for line in lines {
            let mut x = MARGIN + line.indent;
            for run in &line.runs {
                surface.set_fill(Some(Fill { paint: colour(line.colour).into(), ..Fill::default() }));
                surface.draw_text(
                    Point::from_xy(x, MARGIN + line.baseline),
                    faces.font(run.bold).clone(),
                    line.size,
                    &run.text,
                    false,
                    TextDirection::Auto,
                );
                x += run.width;
            }
        }
        let foot = if info.footer.is_empty() {
            format!("{}/{}", n + 1, total)
        } else {
            format!("{} · {}/{}", info.footer, n + 1, total)
        };
        surface.set_fill(Some(Fill { paint: colour(GREY).into(), ..Fill::default() }));
        surface.draw_text(
            Point::from_xy(MARGIN, PAGE_H - MARGIN / 2.0),
            faces.regular.clone(),
            8.0,
            &foot,
            false,
            TextDirection::Auto,
        );
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
}

pub(crate) const INK: (u8, u8, u8) = (0x1f, 0x29, 0x33);
pub(crate) const NAVY: (u8, u8, u8) = (0x16, 0x32, 0x4f);
const GREY: (u8, u8, u8) = (0x52, 0x60, 0x6d);

fn colour((r, g, b): (u8, u8, u8)) -> rgb::Color {
    rgb::Color::new(r, g, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_of_several_pages_is_a_pdf() {
        let mut md = String::from("# Совместный календарь — Бірлескен күнтізбе\n\n");
        for i in 0..200 {
            md.push_str(&format!("- **Тренинг {i}** · Қазақстан, Ақтөбе облысы · ә ғ қ ң ө ұ ү һ і · a long line of text that must wrap\n"));
        }
        let info = Info { title: "T".into(), lang: "ru".into(), footer: "jointcal".into() };
        let pdf = render(&md, &info).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"));
        // Several pages of text weigh more than one line of it.
        let one = render("# Совместный календарь\n", &info).unwrap();
        assert!(pdf.len() > one.len() + 5_000, "{} vs {}", pdf.len(), one.len());
    }

    #[test]
    fn empty_input_is_one_empty_page() {
        let pdf = render("", &Info::default()).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
