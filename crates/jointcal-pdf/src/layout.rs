//! Lines and pages: each block's spans are broken into words, measured, and set
//! greedily into lines of the text width; lines go onto pages of the text height.

use crate::markdown::{Block, BlockKind, Span};
use crate::{Faces, PdfError, INK, NAVY};

/// One run of a line, measured.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub text: String,
    pub bold: bool,
    pub width: f32,
}

/// One line, placed on its page (baseline from the top of the text area).
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub runs: Vec<Run>,
    pub size: f32,
    pub indent: f32,
    pub baseline: f32,
    pub colour: (u8, u8, u8),
}

/// Widths of text in one face at 1 pt, by shaping.
struct Measure {
    faces: [rustybuzz::Face<'static>; 2],
}

impl Measure {
    fn new() -> Result<Measure, PdfError> {
        let face = |bold| rustybuzz::Face::from_slice(Faces::bytes(bold), 0).ok_or(PdfError::Font);
        Ok(Measure { faces: [face(false)?, face(true)?] })
    }

    /// Width of `text` at `size` points.
    fn width(&self, text: &str, bold: bool, size: f32) -> f32 {
        let face = &self.faces[usize::from(bold)];
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let out = rustybuzz::shape(face, &[], buffer);
        let units: i64 = out.glyph_positions().iter().map(|p| i64::from(p.x_advance)).sum();
        units as f32 * size / f32::from(face.units_per_em().max(1) as u16)
    }
}

/// Size, space above, indent and colour of a block.
fn style(kind: BlockKind) -> (f32, f32, f32, (u8, u8, u8)) {
    match kind {
        BlockKind::Heading(1) => (17.0, 0.0, 0.0, NAVY),
        BlockKind::Heading(2) => (13.5, 14.0, 0.0, NAVY),
        BlockKind::Heading(_) => (11.5, 9.0, 0.0, NAVY),
        BlockKind::Paragraph => (10.0, 5.0, 0.0, INK),
        BlockKind::Item => (10.0, 3.0, 14.0, INK),
    }
}

/// Words with the space that follows each (the last word of a span may run on into
/// the next span without one).
fn words(spans: &[Span], heading: bool) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    for s in spans {
        let bold = s.bold || heading;
        let mut rest = s.text.as_str();
        while !rest.is_empty() {
            let cut = rest.find(' ').map_or(rest.len(), |i| i + 1);
            out.push((rest[..cut].to_string(), bold));
            rest = &rest[cut..];
        }
    }
    out
}

/// The pages of `blocks` for a text area `width` × `height`.
pub(crate) fn pages(blocks: &[Block], width: f32, height: f32) -> Result<Vec<Vec<Line>>, PdfError> {
    let m = Measure::new()?;
    let mut pages: Vec<Vec<Line>> = vec![Vec::new()];
    let mut y = 0.0f32;
    for (i, b) in blocks.iter().enumerate() {
        let (size, above, indent, colour) = style(b.kind);
        let leading = size * 1.35;
        let heading = matches!(b.kind, BlockKind::Heading(_));
        let avail = width - indent;
        let mut lines: Vec<Vec<Run>> = vec![Vec::new()];
        let mut used = 0.0f32;
        for (word, bold) in words(&b.spans, heading) {
            let w = m.width(&word, bold, size);
            let fits = used + m.width(word.trim_end(), bold, size) <= avail;
            if !fits && used > 0.0 {
                lines.push(Vec::new());
                used = 0.0;
            }
            if m.width(word.trim_end(), bold, size) > avail {
                // Longer than a line: break between characters.
                let mut piece = String::new();
                for c in word.chars() {
                    piece.push(c);
                    if used + m.width(&piece, bold, size) > avail && piece.chars().count() > 1 {
                        piece.pop();
                        let pw = m.width(&piece, bold, size);
                        push(lines.last_mut(), std::mem::take(&mut piece), bold, pw);
                        lines.push(Vec::new());
                        used = 0.0;
                        piece.push(c);
                    }
                }
                let pw = m.width(&piece, bold, size);
                push(lines.last_mut(), piece, bold, pw);
                used += pw;
                continue;
            }
            push(lines.last_mut(), word, bold, w);
            used += w;
        }
        // A heading stays with the line that follows it.
        let keep = if heading && i + 1 < blocks.len() { 2.0 * leading } else { 0.0 };
        let mut gap = if y == 0.0 { 0.0 } else { above };
        if y + gap + leading + keep > height && y > 0.0 {
            pages.push(Vec::new());
            y = 0.0;
            gap = 0.0;
        }
        y += gap;
        for (n, runs) in lines.into_iter().enumerate() {
            if y + leading > height && y > 0.0 {
                pages.push(Vec::new());
                y = 0.0;
            }
            y += leading;
            let mut runs = runs;
            if b.kind == BlockKind::Item && n == 0 {
                runs.insert(0, Run { text: "•".into(), bold: false, width: 0.0 });
            }
            let page = pages.last_mut().ok_or_else(|| PdfError::Write("no page".into()))?;
            let bullet_indent = if b.kind == BlockKind::Item && n == 0 { indent - 10.0 } else { indent };
            if b.kind == BlockKind::Item && n == 0 {
                // The bullet hangs in the indent; the text starts at the indent.
                page.push(Line {
                    runs: vec![runs.remove(0)],
                    size,
                    indent: bullet_indent,
                    baseline: y - leading * 0.25,
                    colour,
                });
            }
            page.push(Line { runs, size, indent, baseline: y - leading * 0.25, colour });
        }
    }
    Ok(pages)
}

fn push(line: Option<&mut Vec<Run>>, text: String, bold: bool, width: f32) {
    if let Some(line) = line {
        match line.last_mut() {
            Some(last) if last.bold == bold => {
                last.text.push_str(&text);
                last.width += width;
            }
            _ => line.push(Run { text, bold, width }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    #[test]
    fn lines_fit_the_width_and_pages_the_height() {
        let mut md = String::from("# Heading\n\n");
        for i in 0..120 {
            md.push_str(&format!("- **Item {i}** · Қазақстан Республикасы, Ақтөбе облысы · with enough words to wrap onto a second line at least\n"));
        }
        md.push_str(&format!("\n{}\n", "Ж".repeat(400)));
        let blocks = parse(&md);
        let pages = pages(&blocks, 480.0, 740.0).unwrap();
        assert!(pages.len() >= 4, "{}", pages.len());
        let m = Measure::new().unwrap();
        for p in &pages {
            for l in p {
                let w: f32 = l.runs.iter().map(|r| m.width(&r.text, r.bold, l.size)).sum();
                assert!(w <= 480.0 - l.indent + 0.5 + m.width(" ", false, l.size), "{w}: {:?}", l.runs);
                assert!(l.baseline <= 740.0);
            }
        }
        // Every word is set once, in order.
        let text: String = pages.iter().flatten().flat_map(|l| l.runs.iter().map(|r| r.text.clone())).collect();
        assert!(text.contains("Item 119") && text.contains(&"Ж".repeat(30)));
    }
}
