//! The one check that ids are unique, wherever assessments or outcomes are gathered: a register
//! read from a file, a register built in memory, scored outcomes read back.

use std::collections::HashMap;

use crate::error::{Error, Fault, Location};

/// Ids seen so far, each with where it was first seen.
#[derive(Debug, Default)]
pub(crate) struct UniqueIds {
    seen: HashMap<String, Location>,
}

impl UniqueIds {
    /// Room for `n` ids.
    pub(crate) fn with_capacity(n: usize) -> Self {
        UniqueIds {
            seen: HashMap::with_capacity(n),
        }
    }

    /// Records `id`, found at `at`.
    ///
    /// # Errors
    /// `duplicate_id` at `at` (field `id`), naming where the id was first seen.
    pub(crate) fn insert(&mut self, id: &str, at: impl FnOnce() -> Location) -> Result<(), Error> {
        if let Some(first) = self.seen.get(id) {
            return Err(Error::from(Fault::DuplicateId {
                at: at().with_field_prefix("id"),
                value: id.to_owned(),
                first: first.clone(),
            }));
        }
        self.seen.insert(id.to_owned(), at());
        Ok(())
    }
}
