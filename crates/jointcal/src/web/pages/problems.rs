//! Problems shown beside the fields of a page's form, in the reader's language.

use crate::i18n::Catalogue;
use crate::web::lang::Tr;
use jointcal_domain::ValidationErrors;
use std::collections::BTreeMap;

/// Each problem of `problems` in the reader's language, under the key of the form
/// field that shows it (`key` maps the input's field path to it).
pub fn by_field(
    t: &Tr,
    problems: Option<&ValidationErrors>,
    key: impl Fn(&str) -> String,
) -> BTreeMap<String, Vec<String>> {
    let cat = Catalogue::get();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in problems.map(|p| p.fields.as_slice()).unwrap_or_default() {
        out.entry(key(&e.field)).or_default().push(cat.problem(t.lang, &e.problem));
    }
    out
}

/// Every problem in one line, for a page whose form has one field.
pub fn in_one_line(t: &Tr, problems: &ValidationErrors) -> String {
    let cat = Catalogue::get();
    problems.fields.iter().map(|f| cat.problem(t.lang, &f.problem)).collect::<Vec<_>>().join("; ")
}
