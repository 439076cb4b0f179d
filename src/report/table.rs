//! A plain text table with aligned columns, for the text views.

/// A plain text table with aligned columns; numeric columns are right-aligned.
#[derive(Clone, Debug, Default)]
pub(crate) struct TextTable {
    header: Vec<String>,
    right: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl TextTable {
    /// A table with these column headers (control characters shown escaped); `right[i]`
    /// right-aligns column `i`.
    #[must_use]
    pub(crate) fn new(header: &[&str], right: &[bool]) -> Self {
        TextTable {
            // A header may name a force or an area from a file: escaped as the rows are.
            header: header
                .iter()
                .map(|h| super::shown(h).into_owned())
                .collect(),
            right: right.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (missing cells are blank, extra cells are dropped); control characters in a
    /// cell are shown escaped.
    pub(crate) fn row(&mut self, cells: Vec<String>) {
        let cells = cells
            .into_iter()
            .map(|c| match super::shown(&c) {
                std::borrow::Cow::Borrowed(_) => c,
                std::borrow::Cow::Owned(escaped) => escaped,
            })
            .collect();
        self.rows.push(cells);
    }

    /// Renders with two spaces between columns and a rule under the header.
    #[must_use]
    pub(crate) fn render(&self) -> String {
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let line = |out: &mut String, cells: &[String]| {
            let mut text = String::new();
            for i in 0..columns {
                let cell = cells.get(i).map_or("", String::as_str);
                let width = widths.get(i).copied().unwrap_or(0);
                let pad = width.saturating_sub(cell.chars().count());
                if i > 0 {
                    text.push_str("  ");
                }
                if self.right.get(i).copied().unwrap_or(false) {
                    text.push_str(&" ".repeat(pad));
                    text.push_str(cell);
                } else {
                    text.push_str(cell);
                    text.push_str(&" ".repeat(pad));
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        };
        line(&mut out, &self.header);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(&mut out, &rule);
        for row in &self.rows {
            line(&mut out, row);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::TextTable;

    #[test]
    fn columns_are_as_wide_as_their_widest_cell_numbers_right_aligned() {
        let mut t = TextTable::new(&["area", "need", "note"], &[false, true, false]);
        t.row(vec!["major_crime".into(), "7.5".into(), "a".into()]);
        t.row(vec!["roads".into(), "120".into()]);
        t.row(vec![
            "x".into(),
            "1".into(),
            "b\u{1b}".into(),
            "dropped".into(),
        ]);
        assert_eq!(
            t.render(),
            "area         need  note\n\
             -----------  ----  -------\n\
             major_crime   7.5  a\n\
             roads         120\n\
             x               1  b\\u{1b}\n"
        );
    }
}
