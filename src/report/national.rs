//! Views of the national picture: the text report.

use std::fmt::Write as _;

use super::register::summary_table;
use super::table::TextTable;
use crate::matrix::Grade;

/// The national picture as text: the national summary by area, a table of regions, need by
/// area and force (with the force carrying the largest share), and the `top` high-need entries
/// nationally with their force.
#[must_use]
pub fn national_report(picture: &crate::national::NationalPicture, top: usize) -> String {
    let m = picture.matrix();
    let mut out = String::new();
    let national = picture.national();
    let _ = writeln!(
        out,
        "National picture: {} forces, {} assessments, {} high need (matrix {}, fingerprint {})\n",
        picture.forces().count(),
        national.overall().count(),
        national.overall().high_need(),
        m.label(),
        m.fingerprint().get(..16).unwrap_or_default()
    );
    if let Some((from, forces)) = picture.translated() {
        let _ = writeln!(
            out,
            "Translated from {from} through a crosswalk (SPEC §14): {}\n",
            if forces.is_empty() {
                "no force".to_owned()
            } else {
                super::shown(&forces.join(", ")).into_owned()
            }
        );
    }
    let _ = writeln!(out, "National summary by area");
    out.push_str(&summary_table(national).render());

    let _ = writeln!(out, "\nRegions");
    let mut regions = TextTable::new(
        &[
            "region",
            "forces",
            "count",
            "red",
            "high need",
            "need sum",
            "need mean",
        ],
        &[false, true, true, true, true, true, true],
    );
    for (name, s) in picture.regions() {
        let forces = picture.forces().filter(|(_, r, _)| *r == name).count();
        let o = s.overall();
        regions.row(vec![
            name.clone(),
            forces.to_string(),
            o.count().to_string(),
            o.grade_count(Grade::Red).to_string(),
            o.high_need().to_string(),
            o.need_sum().to_string(),
            o.need_mean().to_string(),
        ]);
    }
    out.push_str(&regions.render());

    let _ = writeln!(out, "\nNeed by area and force");
    let forces: Vec<&str> = picture.forces().map(|(f, _, _)| f).collect();
    let mut header: Vec<&str> = vec!["area"];
    header.extend(forces.iter().copied());
    header.extend(["nation", "largest share"]);
    let right: Vec<bool> = header
        .iter()
        .enumerate()
        .map(|(i, _)| i > 0 && i < header.len() - 1)
        .collect();
    let mut by_area = TextTable::new(&header, &right);
    for area in m.areas() {
        let ranking = picture.area_ranking(area.key());
        let mut row = vec![area.key().to_owned()];
        for f in &forces {
            let need = ranking
                .iter()
                .find(|r| r.force == *f)
                .map_or("0".to_owned(), |r| r.need.to_string());
            row.push(need);
        }
        row.push(
            national
                .area(area.key())
                .map_or("0".to_owned(), |s| s.need_sum().to_string()),
        );
        row.push(match ranking.first() {
            Some(r) if !r.need.is_negative() && r.need != crate::Points::ZERO => {
                format!("{} ({}%)", r.force, r.share_percent)
            }
            _ => "-".to_owned(),
        });
        by_area.row(row);
    }
    out.push_str(&by_area.render());

    let high: Vec<_> = picture
        .prioritised()
        .into_iter()
        .filter(|(_, o)| o.high_need())
        .take(top)
        .collect();
    let _ = writeln!(out, "\nTop {} high-need entries nationally", high.len());
    let mut table = TextTable::new(
        &["#", "force", "id", "area", "threat", "need", "due"],
        &[true, false, false, false, true, true, false],
    );
    for (n, (force, o)) in high.iter().enumerate() {
        table.row(vec![
            (n + 1).to_string(),
            (*force).to_owned(),
            o.id().to_owned(),
            o.area().to_owned(),
            o.threat().to_string(),
            o.need().to_string(),
            o.action_due().map_or("-".to_owned(), |d| d.to_string()),
        ]);
    }
    out.push_str(&table.render());
    if !picture.unmapped().is_empty() {
        let _ = writeln!(
            out,
            "\n(Scored registers carry no impact or probability and are not on the heat map: {}.)",
            super::shown(&picture.unmapped().join(", "))
        );
    }
    out
}
