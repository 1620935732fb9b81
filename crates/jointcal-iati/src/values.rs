//! Reading numbers and dates as real files write them.

use chrono::NaiveDate;

/// A number read from text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    /// Read as written (after trimming).
    Plain(f64),
    /// Read after removing spaces or thousands separators, or reading a decimal comma.
    Cleaned(f64),
}

/// Reads a decimal number. Besides the plain form (`-1234.5`) it accepts, as
/// [`Number::Cleaned`]:
/// - spaces (also no-break and thin spaces) and apostrophes between digits (`1 000 000`);
/// - commas as thousands separators when every group after one has three digits
///   (`1,000,000`, `1,234.50`);
/// - dots as thousands separators with a decimal comma (`1.234.567,89`) and a lone decimal
///   comma (`1234,5`, `0,25`: a comma followed by other than three digits).
///
/// Infinite and NaN values and exponents are refused.
pub(crate) fn parse_number(text: &str) -> Option<Number> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b".,+-".contains(&b)) {
        return parse_spaced(t);
    }
    if is_plain(t) {
        return t.parse::<f64>().ok().filter(|v| v.is_finite()).map(Number::Plain);
    }
    parse_separated(t).map(Number::Cleaned)
}

/// `[+-]digits[.digits]`.
fn is_plain(t: &str) -> bool {
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let mut parts = body.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match frac {
        None => digits(int),
        Some(frac) => (digits(int) || int.is_empty()) && digits(frac),
    }
}

/// Removes white space and apostrophes between digits, then reads the rest.
fn parse_spaced(t: &str) -> Option<Number> {
    let is_gap = |c: char| c.is_whitespace() || c == '\'' || c == '\u{2019}';
    if !t.contains(is_gap) {
        return None;
    }
    let joined: String = t.chars().filter(|c| !is_gap(*c)).collect();
    if joined.is_empty() || !joined.bytes().all(|b| b.is_ascii_digit() || b".,+-".contains(&b)) {
        return None;
    }
    let value = if is_plain(&joined) { joined.parse::<f64>().ok() } else { parse_separated(&joined) };
    value.filter(|v| v.is_finite()).map(Number::Cleaned)
}

/// Reads a number with `,` and `.` used as thousands or decimal separators.
fn parse_separated(t: &str) -> Option<f64> {
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t.strip_prefix('+').unwrap_or(t)),
    };
    if body.contains(['-', '+']) {
        return None;
    }
    let last_comma = body.rfind(',');
    let last_dot = body.rfind('.');
    // The decimal separator is the last separator when both kinds occur, a lone dot, or a
    // comma that is not followed by exactly three digits.
    let (thousands, decimal) = match (last_comma, last_dot) {
        (Some(c), Some(d)) if c > d => ('.', Some(c)),
        (Some(_), Some(d)) => (',', Some(d)),
        (Some(c), None) => {
            let after = &body[c + 1..];
            if body.matches(',').count() == 1 && after.len() != 3 {
                ('.', Some(c))
            } else {
                (',', None)
            }
        }
        (None, Some(d)) => {
            if body.matches('.').count() > 1 {
                ('.', None)
            } else {
                (',', Some(d))
            }
        }
        (None, None) => (',', None),
    };
    let (int, frac) = match decimal {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let groups: Vec<&str> = int.split(thousands).collect();
    let first_ok = groups.first().is_some_and(|g| (!g.is_empty() && g.len() <= 3) || groups.len() == 1);
    let rest_ok = groups.iter().skip(1).all(|g| g.len() == 3);
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !first_ok || !rest_ok || !groups.iter().all(|g| digits(g)) {
        return None;
    }
    let frac = match frac {
        Some(f) if !f.is_empty() && digits(f) => f,
        Some(_) => return None,
        None => "0",
    };
    let int = groups.concat();
    if int.is_empty() && frac == "0" {
        return None;
    }
    format!("{sign}{}.{frac}", if int.is_empty() { "0" } else { &int }).parse::<f64>().ok()
}

/// A date read from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateRead {
    /// `YYYY-MM-DD`.
    Plain(NaiveDate),
    /// `YYYY-MM-DD` followed by a time (`T…`, ` …`) or a time zone (`Z`, `+01:00`), dropped.
    Truncated(NaiveDate),
}

impl DateRead {
    pub(crate) fn date(self) -> NaiveDate {
        match self {
            DateRead::Plain(d) | DateRead::Truncated(d) => d,
        }
    }
}

/// Reads an ISO 8601 calendar date, dropping any time or time zone part.
pub(crate) fn parse_date(text: &str) -> Option<DateRead> {
    let t = text.trim();
    // The date is the part up to the third '-' or a 'T', ' ', 'Z' or '+'.
    let mut end = t.len();
    let mut dashes = 0;
    for (i, c) in t.char_indices() {
        let stop = match c {
            '-' => {
                dashes += 1;
                dashes == 3
            }
            'T' | 't' | ' ' | 'Z' | 'z' | '+' => true,
            _ => false,
        };
        if stop {
            end = i;
            break;
        }
    }
    let (date, rest) = t.split_at(end);
    if date.len() < 8 || !date.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let parsed = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    if rest.is_empty() {
        Some(DateRead::Plain(parsed))
    } else if is_time_or_zone(rest) {
        Some(DateRead::Truncated(parsed))
    } else {
        None
    }
}

/// Whether `rest` (after a date) looks like a time or time zone part.
fn is_time_or_zone(rest: &str) -> bool {
    let body = rest.trim_start_matches(['T', 't', ' ']);
    !body.is_empty() && body.chars().all(|c| c.is_ascii_digit() || ":.+-Zz ".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Option<Number> {
        parse_number(s)
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(num("2750000.04"), Some(Number::Plain(2750000.04)));
        assert_eq!(num(" -1500 "), Some(Number::Plain(-1500.0)));
        assert_eq!(num("+7"), Some(Number::Plain(7.0)));
        assert_eq!(num(".5"), Some(Number::Plain(0.5)));
        assert_eq!(num("0"), Some(Number::Plain(0.0)));
    }

    #[test]
    fn separated_numbers() {
        assert_eq!(num("1,000,000"), Some(Number::Cleaned(1_000_000.0)));
        assert_eq!(num("1,234.50"), Some(Number::Cleaned(1234.5)));
        assert_eq!(num("1 000 000"), Some(Number::Cleaned(1_000_000.0)));
        assert_eq!(num("1\u{a0}000,5"), Some(Number::Cleaned(1000.5)));
        assert_eq!(num("1.234.567,89"), Some(Number::Cleaned(1_234_567.89)));
        assert_eq!(num("1.234.567"), Some(Number::Cleaned(1_234_567.0)));
        assert_eq!(num("1234,5"), Some(Number::Cleaned(1234.5)));
        assert_eq!(num("-2,500"), Some(Number::Cleaned(-2500.0)));
        assert_eq!(num("1'000'000"), Some(Number::Cleaned(1_000_000.0)));
    }

    #[test]
    fn refused_numbers() {
        for bad in ["", "  ", "abc", "12abc", "1,00,0", "NaN", "inf", "1e5", "1-2", "1..2", "USD 100", ",", "."] {
            assert_eq!(num(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).expect("valid");
        assert_eq!(parse_date("2020-07-27"), Some(DateRead::Plain(d(2020, 7, 27))));
        assert_eq!(parse_date(" 2020-07-27 "), Some(DateRead::Plain(d(2020, 7, 27))));
        assert_eq!(parse_date("2020-07-27T10:00:00"), Some(DateRead::Truncated(d(2020, 7, 27))));
        assert_eq!(parse_date("2020-07-27T10:00:00+02:00"), Some(DateRead::Truncated(d(2020, 7, 27))));
        assert_eq!(parse_date("2020-07-27Z"), Some(DateRead::Truncated(d(2020, 7, 27))));
        assert_eq!(parse_date("2020-07-27-05:00"), Some(DateRead::Truncated(d(2020, 7, 27))));
        assert_eq!(parse_date("2020-07-27 00:00:00"), Some(DateRead::Truncated(d(2020, 7, 27))));
        for bad in ["", "314804", "2650015.5", "2020-02-30", "27/07/2020", "2020-07-27xyz", "2020-07"] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }
}
