//! Values bound to dynamically built queries, for either backend.

use chrono::{DateTime, Utc};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub(crate) enum Bind {
    I64(i64),
    I16(i16),
    Bool(bool),
    Text(String),
    OptText(Option<String>),
    Uuid(Uuid),
    Time(DateTime<Utc>),
}

/// Placeholders and values of a query under construction.
#[derive(Debug, Default)]
pub(crate) struct Binds(pub Vec<Bind>);

impl Binds {
    /// Adds a value and returns its placeholder (`$n`).
    pub fn push(&mut self, b: Bind) -> String {
        self.0.push(b);
        format!("${}", self.0.len())
    }
}

/// Binds every value of a [`Binds`] to a sqlx query, in order.
macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in &$binds.0 {
            q = match b {
                $crate::binds::Bind::I64(v) => q.bind(*v),
                $crate::binds::Bind::I16(v) => q.bind(*v),
                $crate::binds::Bind::Bool(v) => q.bind(*v),
                $crate::binds::Bind::Text(v) => q.bind(v.as_str()),
                $crate::binds::Bind::OptText(v) => q.bind(v.as_deref()),
                $crate::binds::Bind::Uuid(v) => q.bind(*v),
                $crate::binds::Bind::Time(v) => q.bind(*v),
            };
        }
        q
    }};
}
pub(crate) use bind_all;
