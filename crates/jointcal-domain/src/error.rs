//! Validation errors that name the field and say what is wrong.
//!
//! Each problem has a stable `code` with its parameters (for programs, and for the
//! message catalogue that says it in the reader's language under the key
//! `problem-<code>`) and an English sentence (for the API, the command line and
//! the log).

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// What is wrong with one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// A stable snake_case code, e.g. `too_long`; the same problem always has the same code.
    pub code: &'static str,
    /// The values the sentence names, e.g. `max` for `too_long`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<&'static str, String>,
    /// A sentence for the user, in English: what is wrong and how to fix it.
    pub message: String,
}

impl Problem {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Problem { code, params: BTreeMap::new(), message: message.into() }
    }

    /// The same problem with one more parameter.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.params.insert(name, value.to_string());
        self
    }

    /// `is required`.
    pub fn required() -> Self {
        Problem::new("required", "is required")
    }

    /// `is required (hint)`.
    pub fn required_as(hint: &str) -> Self {
        Problem::new("required", format!("is required ({hint})"))
    }

    /// `is longer than {max} characters`.
    pub fn too_long(max: usize) -> Self {
        Problem::new("too_long", format!("is longer than {max} characters")).with("max", max)
    }

    /// `lists more than {max} {things}`.
    pub fn too_many(max: usize, things: &str) -> Self {
        Problem::new("too_many", format!("lists more than {max} {things}")).with("max", max)
    }

    /// The sentence with a prefix (`the ru text …`), keeping code and parameters.
    pub fn prefixed(mut self, prefix: &str) -> Self {
        self.message = format!("{prefix} {}", self.message);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Dotted path of the field, e.g. `dates.end` or `locations[0].subdivision`.
    pub field: String,
    #[serde(flatten)]
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        FieldError { field: field.into(), problem }
    }

    /// The English sentence.
    pub fn message(&self) -> &str {
        &self.problem.message
    }
}

/// Every problem found in one input; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, thiserror::Error)]
#[error("{}", self.summary())]
pub struct ValidationErrors {
    pub fields: Vec<FieldError>,
}

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: impl Into<String>, problem: Problem) -> Self {
        let mut e = Self::new();
        e.add(field, problem);
        e
    }

    pub fn add(&mut self, field: impl Into<String>, problem: Problem) {
        self.fields.push(FieldError::new(field, problem));
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// `Ok(value)` when no error was added.
    pub fn into_result<T>(self, value: T) -> Result<T, Self> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Records the error of `r` under `field` and returns its value, if any.
    pub fn take<T>(&mut self, field: &str, r: Result<T, Problem>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(p) => {
                self.add(field, p);
                None
            }
        }
    }

    pub fn summary(&self) -> String {
        self.fields.iter().map(|f| format!("{}: {}", f.field, f.problem.message)).collect::<Vec<_>>().join("; ")
    }
}
