//! The catalogue's words for one page, remembered: a month page shows the same
//! kinds, target groups, roles and days hundreds of times, and each Fluent
//! formatting costs more than a map lookup.

use crate::i18n::Catalogue;
use crate::web::lang::Tr;
use chrono::{Datelike, NaiveDate};
use jointcal_domain::vocab::Vocabulary;
use std::cell::RefCell;
use std::collections::HashMap;

pub struct Labels {
    pub t: Tr,
    days: RefCell<HashMap<(NaiveDate, bool), String>>,
    ranges: RefCell<HashMap<(NaiveDate, NaiveDate, i32), String>>,
    words: RefCell<HashMap<(&'static str, &'static str), String>>,
    texts: RefCell<HashMap<String, String>>,
}

impl Labels {
    pub fn new(t: Tr) -> Labels {
        Labels {
            t,
            days: RefCell::default(),
            ranges: RefCell::default(),
            words: RefCell::default(),
            texts: RefCell::default(),
        }
    }

    /// A day as the language writes it ("Mon 03 Sep", «пн, 3 сентября»), with the year if asked.
    pub fn day(&self, d: NaiveDate, with_year: bool) -> String {
        self.days
            .borrow_mut()
            .entry((d, with_year))
            .or_insert_with(|| Catalogue::get().day(self.t.lang, d, with_year))
            .clone()
    }

    /// The days from `first` to `last` ("Mon 03 Sep – Fri 07 Sep"), each with its year
    /// where it is not `year`.
    pub fn range(&self, first: NaiveDate, last: NaiveDate, year: i32) -> String {
        if let Some(s) = self.ranges.borrow().get(&(first, last, year)) {
            return s.clone();
        }
        let day = |d: NaiveDate| self.day(d, d.year() != year);
        let s = self.t.args("date-range", &[("from", day(first).into()), ("to", day(last).into())]);
        self.ranges.borrow_mut().insert((first, last, year), s.clone());
        s
    }

    /// Any text the page makes more than once, by a key that says what it is of.
    pub fn remember(&self, key: String, make: impl FnOnce() -> String) -> String {
        if let Some(s) = self.texts.borrow().get(&key) {
            return s.clone();
        }
        let s = make();
        self.texts.borrow_mut().insert(key, s.clone());
        s
    }

    /// The label of a vocabulary code.
    pub fn vocab<V: Vocabulary>(&self, v: V) -> String {
        self.words.borrow_mut().entry((V::NAME, v.code())).or_insert_with(|| self.t.vocab(v)).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use jointcal_domain::vocab::ActivityKind;

    #[test]
    fn remembered_words_are_the_catalogues() {
        let l = Labels::new(Tr::new(Lang::Ru));
        let d = NaiveDate::from_ymd_opt(2007, 9, 3).unwrap();
        assert_eq!(l.day(d, false), Catalogue::get().day(Lang::Ru, d, false));
        assert_eq!(l.day(d, false), "пн, 3 сентября", "twice");
        assert_eq!(l.vocab(ActivityKind::Training), "Тренинг");
        assert_eq!(l.vocab(ActivityKind::Training), "Тренинг");
    }
}
