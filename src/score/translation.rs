//! Where the keys of a translated assessment came from (SPEC §14): the first part of the
//! explanation of an outcome scored through a crosswalk.

use std::fmt;

use serde::Serialize;

/// One field of an assessment as a crosswalk translated it: the key (or keys, for ameliorative
/// kinds added together) of the first matrix and what it became in the second.
///
/// ```
/// use needmatrix::{Assessment, Matrix, crosswalk::Crosswalk};
///
/// let m = Matrix::reference();
/// let a = Assessment::new("x", "major_crime", "major", "likely", "limited", "good")?;
/// let o = Crosswalk::identity(m).score_explained(&a)?;
/// let t = o.explanation().unwrap().translation().unwrap();
/// let impact = &t.changes()[1];
/// assert_eq!((impact.field(), impact.from(), impact.to()), ("impact", "major", Some("major")));
/// assert_eq!(impact.to_string(), "impact major → major");
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyChange {
    field: &'static str,
    from: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<String>,
}

impl KeyChange {
    pub(crate) fn new(field: &'static str, from: String, to: Option<String>) -> Self {
        KeyChange { field, from, to }
    }

    /// The field: `area`, `impact`, `probability`, `capability`, `capacity`, `weighting` or
    /// `ameliorative`.
    #[must_use]
    pub fn field(&self) -> &str {
        self.field
    }

    /// What the first matrix's assessment gave: a key, or for ameliorative action the kinds and
    /// points added together (`partnership 1.5 + resources 1`).
    #[must_use]
    pub fn from(&self) -> &str {
        &self.from
    }

    /// What it became under the second matrix (for ameliorative action, the kind and its summed
    /// points); `None` when the factor or kind was dropped.
    #[must_use]
    pub fn to(&self) -> Option<&str> {
        self.to.as_deref()
    }
}

impl fmt::Display for KeyChange {
    /// `impact major → high`, `weighting emerging_trend → dropped`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} → {}",
            self.field,
            self.from,
            self.to.as_deref().unwrap_or("dropped")
        )
    }
}

/// How an assessment of one matrix was translated to another (SPEC §14), key by key, in the
/// order of the assessment's fields.
///
/// ```
/// use needmatrix::{Assessment, Matrix, crosswalk::Crosswalk};
///
/// let m = Matrix::reference();
/// let a = Assessment::new("x", "public_order", "minor", "rare", "good", "good")?
///     .with_weighting(["cross_border"]);
/// let o = Crosswalk::identity(m).score_explained(&a)?;
/// let t = o.explanation().unwrap().translation().unwrap();
/// assert_eq!((t.from_matrix(), t.from_fingerprint()), (m.label(), m.fingerprint()));
/// assert_eq!(t.changes().len(), 6); // area, four levels, one factor
/// assert!(t.to_string().ends_with("; weighting cross_border → cross_border"));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Translation {
    from: String,
    from_fingerprint: String,
    changes: Vec<KeyChange>,
}

impl Translation {
    pub(crate) fn new(from: String, from_fingerprint: String, changes: Vec<KeyChange>) -> Self {
        Translation {
            from,
            from_fingerprint,
            changes,
        }
    }

    /// The matrix the assessment was written in (`id@version`).
    #[must_use]
    pub fn from_matrix(&self) -> &str {
        &self.from
    }

    /// That matrix's fingerprint.
    #[must_use]
    pub fn from_fingerprint(&self) -> &str {
        &self.from_fingerprint
    }

    /// Each key and what it became.
    #[must_use]
    pub fn changes(&self) -> &[KeyChange] {
        &self.changes
    }
}

impl fmt::Display for Translation {
    /// `translated from reference@1.0.0: impact major → high; …` on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "translated from {}:", self.from)?;
        for (n, change) in self.changes.iter().enumerate() {
            f.write_str(if n == 0 { " " } else { "; " })?;
            write!(f, "{change}")?;
        }
        Ok(())
    }
}
