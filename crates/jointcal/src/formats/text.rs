//! Text as files give it, made fit for the calendar; cells made safe for spreadsheets.

/// Text made fit for one line: runs of white space (line breaks included) become one
/// space, control characters go.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Text of several lines as we store it: CR LF and lone CR become LF, other control
/// characters (and the bidirectional overrides) go, outer white space too.
pub fn many_lines(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    s.chars()
        .filter(|c| {
            (!c.is_control() || matches!(c, '\n' | '\t'))
                && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// `s` cut to at most `max` characters (at a character boundary); whether it was cut.
pub fn cut(s: String, max: usize) -> (String, bool) {
    match s.char_indices().nth(max) {
        None => (s, false),
        Some((at, _)) => (s[..at].trim_end().to_string(), true),
    }
}

/// A spreadsheet cell that a program would run as a formula (`=`, `+`, `-`, `@`,
/// tab or CR first) gets a leading apostrophe, so it stays text (OWASP's CSV
/// injection advice).
pub fn neutralized(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{cell}")),
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_helpers() {
        assert_eq!(one_line("  Border\r\n guards\ttraining \u{7}"), "Border guards training");
        assert_eq!(many_lines(" a\r\nb\rc\u{1}\u{202E}d "), "a\nb\ncd");
        assert_eq!(cut("Жамбыл".into(), 3), ("Жам".into(), true));
        assert_eq!(cut("abc".into(), 3), ("abc".into(), false));
        for bad in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralized(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(neutralized("Astana"), "Astana");
        assert_eq!(neutralized(""), "");
    }
}
