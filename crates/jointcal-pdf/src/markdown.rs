//! The Markdown subset: one block per line (`#`, `##`, `###` headings, `- ` items,
//! anything else a paragraph line; blank lines separate paragraphs), `**` toggles bold,
//! a backslash makes the next character literal.

/// A run of text in one face.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// Level 1 to 3.
    Heading(u8),
    Paragraph,
    Item,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub spans: Vec<Span>,
}

/// The blocks of `md`. Consecutive paragraph lines join into one paragraph.
pub fn parse(md: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut joining = false;
    for line in md.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            joining = false;
            continue;
        }
        let (kind, rest) = if let Some(r) = line.strip_prefix("### ") {
            (BlockKind::Heading(3), r)
        } else if let Some(r) = line.strip_prefix("## ") {
            (BlockKind::Heading(2), r)
        } else if let Some(r) = line.strip_prefix("# ") {
            (BlockKind::Heading(1), r)
        } else if let Some(r) = line.strip_prefix("- ") {
            (BlockKind::Item, r)
        } else {
            (BlockKind::Paragraph, line.trim_start())
        };
        let spans = inline(rest);
        match (kind, out.last_mut()) {
            (BlockKind::Paragraph, Some(last)) if joining && last.kind == BlockKind::Paragraph => {
                last.spans.push(Span { text: " ".into(), bold: false });
                last.spans.extend(spans);
            }
            _ => out.push(Block { kind, spans }),
        }
        joining = kind == BlockKind::Paragraph;
    }
    out
}

/// Bold runs and escapes of one line. Control characters become spaces.
fn inline(s: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut cur = String::new();
    let mut bold = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                if !cur.is_empty() {
                    spans.push(Span { text: std::mem::take(&mut cur), bold });
                }
                bold = !bold;
            }
            c if c.is_control() => cur.push(' '),
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        spans.push(Span { text: cur, bold });
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(t: &str, bold: bool) -> Span {
        Span { text: t.into(), bold }
    }

    #[test]
    fn blocks_bold_and_escapes() {
        let md = "# Title\n\nA paragraph\nthat goes on.\n\n## Week\n\n- 3 Sep · **Training \\*\\*not bold\\*\\*** · INL\n- x\n";
        let b = parse(md);
        assert_eq!(b[0], Block { kind: BlockKind::Heading(1), spans: vec![span("Title", false)] });
        assert_eq!(b[1].kind, BlockKind::Paragraph);
        assert_eq!(b[1].spans.iter().map(|s| s.text.as_str()).collect::<String>(), "A paragraph that goes on.");
        assert_eq!(b[2].kind, BlockKind::Heading(2));
        assert_eq!(
            b[3].spans,
            vec![span("3 Sep · ", false), span("Training **not bold**", true), span(" · INL", false)]
        );
        assert_eq!(b.len(), 5);
    }

    #[test]
    fn a_lone_backslash_or_star_is_harmless() {
        assert_eq!(parse("a \\")[0].spans, vec![span("a ", false)]);
        assert_eq!(parse("a * b **c")[0].spans, vec![span("a * b ", false), span("c", true)]);
    }
}
