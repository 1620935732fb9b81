//! Errors: a file that cannot be read on, and an activity that cannot be used.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// A place in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// Byte offset from the start of the input, counting from 0 and not counting a byte
    /// order mark.
    pub byte: u64,
    /// Line, counting from 1; `None` if the place lies too far back to be counted cheaply.
    pub line: Option<u64>,
    /// Column in bytes, counting from 1; `None` like `line`.
    pub column: Option<u64>,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "line {line}, column {column} (byte {})", self.byte),
            (Some(line), None) => write!(f, "line {line} (byte {})", self.byte),
            _ => write!(f, "byte {}", self.byte),
        }
    }
}

/// Why a file could not be read to its end. Activities passed to the callback before the
/// error stay valid.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ReadError {
    /// The XML is not well-formed (or not UTF-8).
    #[error("the file is not well-formed XML at {position}: {message}")]
    Xml {
        /// Where.
        position: Position,
        /// What the XML parser said.
        message: String,
    },
    /// The input could not be read.
    #[error("the file could not be read at byte {byte}: {source}")]
    Io {
        /// How far reading got.
        byte: u64,
        /// The input's error.
        source: Arc<std::io::Error>,
    },
    /// The root element is not `<iati-activities>` (or a lone `<iati-activity>`).
    #[error("not an IATI activity file: {}", match root { Some(r) => format!("the root element is <{r}>"), None => "no root element".to_owned() })]
    NotActivityFile {
        /// The root element's name; `None` if the input has no element at all.
        root: Option<String>,
    },
}

/// An `<iati-activity>` that cannot be used. Reading goes on with the next one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActivityError {
    /// Position of the activity among the file's activities, counting from 0.
    pub index: usize,
    /// Line of its start tag, if known.
    pub line: Option<u64>,
    /// Its `iati-identifier`, if it has one.
    pub identifier: Option<String>,
    /// What is wrong, in English.
    pub message: String,
}

impl fmt::Display for ActivityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.identifier {
            Some(id) => write!(f, "activity {id} (index {}", self.index)?,
            None => write!(f, "activity at index {}", self.index)?,
        }
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if self.identifier.is_some() {
            f.write_str(")")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ActivityError {}
