//! The month grid's layout, as data: which week rows, which bars in which lane of
//! which week, what goes to the strip of long-running programmes, and how many
//! more a day holds than it shows. Pure, so that it is tested without a browser.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Lanes a week shows before a day says "+N more".
pub const LANES: usize = 4;

/// Occurrences longer than this many days go to the strip above the weeks.
pub const LONG_DAYS: i64 = 28;

/// One occurrence to draw: its days (in the group's zone, last day included) and
/// what the bar shows.
#[derive(Debug, Clone)]
pub struct Item<T> {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub data: T,
}

/// One day cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    pub in_month: bool,
    pub today: bool,
}

/// One bar in one week: starting column (1–7), how many days it spans, its lane
/// (1–LANES), and whether it goes on before or after this week.
#[derive(Debug, Clone)]
pub struct Bar<T> {
    pub col: u32,
    pub span: u32,
    pub lane: usize,
    pub cont_left: bool,
    pub cont_right: bool,
    pub data: T,
}

/// The occurrences of a day that found no lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct More {
    pub col: u32,
    pub date: NaiveDate,
    pub count: usize,
}

#[derive(Debug, Clone)]
pub struct Week<T> {
    pub days: Vec<Day>,
    pub bars: Vec<Bar<T>>,
    pub more: Vec<More>,
}

#[derive(Debug, Clone)]
pub struct Grid<T> {
    /// Weekday names' order: the first day of the week, then the next six.
    pub weekdays: Vec<Weekday>,
    pub weeks: Vec<Week<T>>,
    /// Long-running programmes, in order of their first day.
    pub strip: Vec<Item<T>>,
}

/// Lays out the month that starts on `first` (day 1), weeks starting on
/// `week_start`, with `today` marked.
pub fn layout<T: Clone>(first: NaiveDate, week_start: Weekday, today: NaiveDate, items: Vec<Item<T>>) -> Grid<T> {
    let next_month = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
    let month_last = next_month - Duration::days(1);
    let back = (7 + first.weekday().num_days_from_monday() as i64 - week_start.num_days_from_monday() as i64) % 7;
    let grid_first = first - Duration::days(back);
    let mut strip = Vec::new();
    let mut short = Vec::new();
    for it in items {
        if it.last < grid_first || it.first > month_last + Duration::days(6) {
            continue;
        }
        if (it.last - it.first).num_days() + 1 > LONG_DAYS {
            // In the strip when it runs during the month itself, not only in the
            // days of the neighbouring months that the first and last weeks show.
            if it.last >= first && it.first <= month_last {
                strip.push(it);
            }
        } else {
            short.push(it);
        }
    }
    strip.sort_by_key(|i| (i.first, i.last));
    // Longer first among those that start the same day, so that bars stack steadily.
    short.sort_by_key(|i| (i.first, std::cmp::Reverse(i.last)));
    let mut weeks = Vec::new();
    let mut start = grid_first;
    while start <= month_last {
        let end = start + Duration::days(6);
        let days = (0..7)
            .map(|i| {
                let date = start + Duration::days(i);
                Day {
                    date,
                    in_month: date.month() == first.month() && date.year() == first.year(),
                    today: date == today,
                }
            })
            .collect();
        // lanes[l][d]: whether lane l is taken on day d of this week.
        let mut lanes = [[false; 7]; LANES];
        let mut hidden = [0usize; 7];
        let mut bars = Vec::new();
        for it in short.iter().filter(|i| i.first <= end && i.last >= start) {
            let from = (it.first.max(start) - start).num_days() as usize;
            let to = (it.last.min(end) - start).num_days() as usize;
            match (0..LANES).find(|&l| (from..=to).all(|d| !lanes[l][d])) {
                Some(l) => {
                    for taken in &mut lanes[l][from..=to] {
                        *taken = true;
                    }
                    bars.push(Bar {
                        col: from as u32 + 1,
                        span: (to - from) as u32 + 1,
                        lane: l + 1,
                        cont_left: it.first < start,
                        cont_right: it.last > end,
                        data: it.data.clone(),
                    });
                }
                None => {
                    for h in &mut hidden[from..=to] {
                        *h += 1;
                    }
                }
            }
        }
        let more = (0..7)
            .filter(|&d| hidden[d] > 0)
            .map(|d| More { col: d as u32 + 1, date: start + Duration::days(d as i64), count: hidden[d] })
            .collect();
        weeks.push(Week { days, bars, more });
        start = end + Duration::days(1);
    }
    let weekdays = std::iter::successors(Some(week_start), |w| Some(w.succ())).take(7).collect();
    Grid { weekdays, weeks, strip }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2007, m, day).unwrap()
    }

    fn item(first: NaiveDate, last: NaiveDate, name: &'static str) -> Item<&'static str> {
        Item { first, last, data: name }
    }

    #[test]
    fn weeks_start_on_the_languages_first_day() {
        // September 2007 begins on a Saturday.
        let monday = layout::<()>(d(9, 1), Weekday::Mon, d(9, 5), vec![]);
        assert_eq!(monday.weeks.len(), 5);
        assert_eq!(monday.weeks[0].days[0].date, d(8, 27));
        assert!(!monday.weeks[0].days[0].in_month && monday.weeks[0].days[5].in_month);
        assert_eq!(monday.weekdays[0], Weekday::Mon);
        let sunday = layout::<()>(d(9, 1), Weekday::Sun, d(9, 5), vec![]);
        assert_eq!(sunday.weeks.len(), 6);
        assert_eq!(sunday.weeks[0].days[0].date, d(8, 26));
        assert_eq!(sunday.weekdays[6], Weekday::Sat);
        let today: Vec<_> = monday.weeks.iter().flat_map(|w| &w.days).filter(|x| x.today).collect();
        assert_eq!(today.len(), 1);
        assert_eq!(today[0].date, d(9, 5));
    }

    #[test]
    fn a_bar_spans_its_days_and_continues_across_weeks() {
        // Merke, Monday 3 to Friday 7 September; and one from Thursday 13 to Tuesday 18.
        let g = layout(
            d(9, 1),
            Weekday::Mon,
            d(9, 1),
            vec![item(d(9, 3), d(9, 7), "merke"), item(d(9, 13), d(9, 18), "long weekend")],
        );
        let b = &g.weeks[1].bars[0];
        assert_eq!((b.col, b.span, b.lane, b.cont_left, b.cont_right, b.data), (1, 5, 1, false, false, "merke"));
        let first = &g.weeks[2].bars[0];
        assert_eq!((first.col, first.span, first.cont_right), (4, 4, true));
        let rest = &g.weeks[3].bars[0];
        assert_eq!((rest.col, rest.span, rest.cont_left, rest.cont_right), (1, 2, true, false));
    }

    #[test]
    fn a_full_day_says_how_many_more_and_long_programmes_go_to_the_strip() {
        let mut items: Vec<_> = (0..6).map(|_| item(d(9, 4), d(9, 4), "one day")).collect();
        items.push(item(d(1, 1), d(12, 31), "shelter all year"));
        items.push(item(d(6, 1), d(8, 31), "summer campaign, over before the month"));
        let g = layout(d(9, 1), Weekday::Mon, d(9, 1), items);
        assert_eq!(g.strip.len(), 1);
        assert_eq!(g.weeks[1].bars.len(), LANES);
        assert_eq!(g.weeks[1].more, vec![More { col: 2, date: d(9, 4), count: 2 }]);
        assert!(g.weeks.iter().all(|w| w.bars.iter().all(|b| b.data != "shelter all year")));
    }

    #[test]
    fn bars_do_not_overlap_in_a_lane() {
        let items = vec![item(d(9, 3), d(9, 5), "a"), item(d(9, 4), d(9, 6), "b"), item(d(9, 6), d(9, 6), "c")];
        let g = layout(d(9, 1), Weekday::Mon, d(9, 1), items);
        let lanes: Vec<_> = g.weeks[1].bars.iter().map(|b| (b.data, b.lane)).collect();
        assert_eq!(lanes, [("a", 1), ("b", 2), ("c", 1)]);
    }
}
