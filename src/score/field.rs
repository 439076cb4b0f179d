//! The fields of an outcome (SPEC §3), named once: this list drives the outcome's JSON, the CSV
//! header of a scored register, and the comparison of conformance vectors.

crate::closed::closed_set! {
    /// One field of an outcome, in its JSON order.
    ///
    /// ```
    /// use needmatrix::OutcomeField;
    ///
    /// assert_eq!(OutcomeField::ALL.len(), 18);
    /// assert_eq!(OutcomeField::ALL[0].as_str(), "id");
    /// assert!(OutcomeField::Need.is_decimal());
    /// assert!(OutcomeField::Fingerprint.names_matrix());
    /// ```
    #[non_exhaustive]
    pub enum OutcomeField ("an outcome field") {
        /// The assessment id.
        Id => "id",
        /// The area key.
        Area => "area",
        /// Step 1.
        Risk => "risk",
        /// Step 2.
        Comparator => "comparator",
        /// Step 3.
        Mitigation => "mitigation",
        /// Step 4.
        Threat => "threat",
        /// Step 5.
        Ability => "ability",
        /// Step 6.
        Gap => "gap",
        /// Step 7.
        Need => "need",
        /// Step 7.
        Surplus => "surplus",
        /// Step 8.
        ThreatBand => "threat_band",
        /// Step 8.
        NeedBand => "need_band",
        /// Step 9.
        Grade => "grade",
        /// Step 10.
        ActionDue => "action_due",
        /// Step 11.
        HighRisk => "high_risk",
        /// Step 12.
        HighNeed => "high_need",
        /// The matrix, `id@version`.
        Matrix => "matrix",
        /// The matrix fingerprint.
        Fingerprint => "fingerprint",
    }
}

impl OutcomeField {
    /// True for the points values, which compare by value (`"17.50"` equals `"17.5"`).
    #[must_use]
    pub const fn is_decimal(self) -> bool {
        matches!(
            self,
            Self::Risk
                | Self::Comparator
                | Self::Mitigation
                | Self::Threat
                | Self::Ability
                | Self::Gap
                | Self::Need
                | Self::Surplus
        )
    }

    /// True for the two fields that name the matrix rather than the assessment: a file of many
    /// outcomes of one matrix names it once instead.
    #[must_use]
    pub const fn names_matrix(self) -> bool {
        matches!(self, Self::Matrix | Self::Fingerprint)
    }
}

/// The notes a scored register's CSV carries after the outcome, from the assessment.
#[cfg_attr(not(feature = "csv"), allow(dead_code))]
pub(crate) const SCORED_NOTES: [&str; 5] =
    ["description", "standard", "action", "owner", "manager"];
