//! `mlsal market` for people: the estimate, the strip chart and its key, the figures in a
//! table, the notes and the sources, in 80 columns.

use super::*;

impl MarketShown<'_> {
    /// `survey US mid 2024`, `research GB senior 2023-25`.
    fn survey_label(&self) -> String {
        let q = &self.view.query;
        let (country, level, year) = match &self.view.survey {
            Some(m) => (m.cell.country.as_ref(), m.cell.level.as_ref(), m.cell.year.as_ref()),
            None => (q.country, q.level, q.year),
        };
        let year = match year.split_once('-') {
            Some((a, b)) if b.len() == 4 => format!("{a}-{}", &b[2..]),
            _ => year.to_string(),
        };
        // `survey` stands for the ML engineers; another group is named instead.
        let group = if q.title_group == ML_ENGINEER { "survey" } else { q.title_group };
        label(&format!("{group} {country} {level} {year}"))
    }

    fn chart_rows(&self, estimate_label: String) -> Vec<ChartRow> {
        let e = &self.shown.est;
        let guides = Some((e.low, e.high));
        let mut rows = vec![ChartRow {
            label: estimate_label,
            strip: Strip::Range { low: e.low, mid: e.mid, high: e.high, open: e.open_ended },
            guides: None,
        }];
        let survey = match &self.view.survey {
            Some(m) => Strip::Spread(self.survey_pct(m)),
            None => Strip::Missing(format!("no cell of n >= {}", self.shown.tables.market.min_n)),
        };
        rows.push(ChartRow { label: self.survey_label(), strip: survey, guides });
        for b in &self.view.bls {
            let name = label(&format!("BLS {}", b.occ_title.to_lowercase()));
            rows.push(ChartRow { label: name, strip: Strip::Spread(self.pct(b)), guides });
        }
        let bls = &self.shown.tables.market.bls;
        for n in &self.view.not_released {
            let name = label(&format!("BLS {}", bls.occupation_title(&n.occ_code).to_lowercase()));
            rows.push(ChartRow { label: name, strip: Strip::Missing("not released by BLS".into()), guides });
        }
        rows
    }
}

/// The chart's rows of `r`, its own range labelled `name` (the HTML report draws the same).
pub(super) fn chart_rows_of(r: &MarketShown, name: String) -> Vec<ChartRow> {
    r.chart_rows(name)
}

/// The table rows under the chart: label, n or jobs, p10..p90.
pub(super) fn table_rows(records: &[MarketShown]) -> Vec<[String; 7]> {
    let mut rows = Vec::new();
    for r in records {
        let mut row = |label: String, count: String, p: [i64; 5]| {
            let [a, b, c, d, e] = p.map(thousands);
            rows.push([label, count, a, b, c, d, e]);
        };
        if let Some(m) = &r.view.survey {
            row(r.survey_label(), thousands(i64::from(m.cell.n)), r.survey_pct(m));
        }
    }
    if let Some(first) = records.first() {
        for b in &first.view.bls {
            let name = label(&format!("BLS {}", b.occ_title.to_lowercase()));
            let [a, c, d, e, f] = first.pct(b).map(thousands);
            rows.push([name, thousands(b.employment as i64), a, c, d, e, f]);
        }
    }
    rows
}

/// Writes `mlsal market` for people: the estimate, the chart, its key, the figures, notes.
pub(crate) fn text(records: &[MarketShown], w: &mut dyn Write, style: &Style) -> io::Result<()> {
    let Some(first) = records.first() else { return Ok(()) };
    let market = &first.shown.tables.market;
    let e = &first.shown.est;
    // The year the estimate is pay of, as estimate's header names it: the figures beside it
    // are of their own years.
    let basis = format!("{}, {}", pay_label(&e.pay), first.shown.header_basis());
    let header = if let [one] = records {
        format!("Real pay and mlsal, {basis}: {}", one.shown.profile_text(true))
    } else {
        format!("Real pay and mlsal by level, {basis}: {}", first.shown.profile_text(false))
    };
    for l in wrap(&header, "") {
        writeln!(w, "{}", style.bold(&l))?;
    }
    writeln!(w)?;
    for r in records {
        let name = if records.len() == 1 {
            "estimate".to_string()
        } else {
            level_name(r.shown.tables, r.shown.est.placement)
        };
        writeln!(
            w,
            "  {} {}  {}",
            pad(&name, 9),
            style.good(&r.shown.range()),
            style.dim(&format!("(mid {})", money(r.shown.est.mid, r.shown.est.currency)))
        )?;
    }
    // How the estimate was moved to its year, and where the edge of the data held it, under it.
    for note in pay_note(&e.pay).into_iter().chain(records.iter().filter_map(|r| r.shown.edge_note())) {
        for l in wrap(&note, &" ".repeat(12)) {
            writeln!(w, "{}", style.dim(&l))?;
        }
    }
    // The missing cells are said once, here, not again among the notes.
    let mut said = Vec::new();
    for r in records {
        let what = match (&r.view.survey, &r.scale()) {
            (Some(m), Some(scale)) => format!("{}, {}", survey_phrase(m), scale_words(scale)),
            (Some(m), None) => survey_phrase(m),
            (None, _) => {
                said.push(missing_note(&r.shown, &r.view));
                format!("none: {}", missing_reason(&r.shown, &r.view))
            }
        };
        for (i, l) in wrap(&what, &" ".repeat(12)).into_iter().enumerate() {
            let l = if i == 0 { format!("  {}{}", pad("survey", 9), &l[11..]) } else { l };
            writeln!(w, "{l}")?;
        }
    }
    if let Some(b) = first.view.bls.first() {
        let area = if b.area_code == "99" { "United States".to_string() } else { b.area_title.to_string() };
        writeln!(w, "  {} {area}, OEWS {}", pad("BLS", 9), market.bls.release)?;
    }
    writeln!(w)?;
    let mut rows: Vec<Option<ChartRow>> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if i > 0 {
            rows.push(None);
        }
        let name = if records.len() == 1 {
            "mlsal estimate".to_string()
        } else {
            format!("mlsal {}", level_name(r.shown.tables, r.shown.est.placement))
        };
        rows.extend(r.chart_rows(name).into_iter().map(Some));
    }
    for line in chart(&rows, e.currency, style) {
        writeln!(w, "{line}")?;
    }
    writeln!(w)?;
    writeln!(w, "  {}", style.dim(LEGEND))?;
    writeln!(w)?;
    let rows = table_rows(records);
    if !rows.is_empty() {
        // Figures align right; the labels, left.
        let mut table = (1..7).fold(Table::new(), Table::align_right);
        table.header([e.currency, "n / jobs", "p10", "p25", "p50", "p75", "p90"]);
        for r in rows {
            table.row(r);
        }
        table.write(w, style)?;
        writeln!(w)?;
    }
    write_levels(&first.shown, w, style)?;
    let mut notes: Vec<String> = Vec::new();
    for r in records {
        for n in r.notes() {
            if !notes.contains(&n) && !said.contains(&n) {
                notes.push(n);
            }
        }
    }
    if !notes.is_empty() {
        for n in &notes {
            for (i, l) in wrap(n, "    ").into_iter().enumerate() {
                let l = if i == 0 { format!("  -{}", &l[3..]) } else { l };
                writeln!(w, "{l}")?;
            }
        }
        writeln!(w)?;
    }
    let name = |source: &str| source.split([':', ';', '(']).next().unwrap_or_default().trim().to_string();
    let sources = format!(
        "Survey: {} ({}, to {}); gross salary as reported (the survey's `salary` is the total gross amount paid, not base pay alone); full time, living where the company is; a response counted once (rows identical in every column are one). Survey figures are shown as reported, never scaled by the model (whose band is its own row). BLS: OEWS {}, annual wages of the area, unscaled; it has no ML-engineer occupation, so the nearest two are shown{}. Per year; survey and BLS figures to the unit, mlsal's estimate rounded.",
        name(&market.survey.source),
        market.survey.licence,
        market.survey.as_of,
        market.bls.release,
        if market.survey.ml_premium.is_empty() {
            String::new()
        } else {
            format!("; {}", market.survey.ml_premium)
        },
    );
    for l in wrap(&sources, "  ") {
        writeln!(w, "{}", style.dim(&l))?;
    }
    Ok(())
}

/// The four approximate OEWS wage levels of each occupation of the location's area (a table)
/// and the rule's caveats, beside the BLS rows; `None` outside the US.
pub(super) fn levels_table(shown: &Shown) -> Option<(Table, String)> {
    use crate::model::levels::{Status, title};
    let levels = wage_levels(shown);
    if levels.is_empty() {
        return None;
    }
    let mut table = (1..5).fold(Table::new(), Table::align_right);
    table.header(["OEWS wage level, USD", "I", "II", "III", "IV"]);
    for l in &levels {
        let name = label(&format!("{} {}", l.soc, title(l.soc).to_lowercase()));
        let cells = match l.status {
            Status::Found(r) => r.levels.map(thousands),
            Status::NotReleased => ["not released".into(), String::new(), String::new(), String::new()],
            _ => ["none".into(), String::new(), String::new(), String::new()],
        };
        let [a, b, c, d] = cells;
        table.row([name, a, b, c, d]);
    }
    let release = shown.tables.market.levels.as_ref().map_or("May 2025", |l| l.release.as_ref());
    let note = format!(
        "H-1B wage levels (1-4 lottery entries), approximate: from BLS OEWS {release} percentiles and mean (Level I about the 17th percentile, III the mean); the official levels are the DOL's for each wage year (July-June); the employer picks the occupation code; {release} wages, not moved by --as-of; not legal advice"
    );
    Some((table, note))
}

/// [`levels_table`] as text.
fn write_levels(shown: &Shown, w: &mut dyn Write, style: &Style) -> io::Result<()> {
    let Some((table, note)) = levels_table(shown) else { return Ok(()) };
    table.write(w, style)?;
    for l in wrap(&note, "  ") {
        writeln!(w, "{}", style.dim(&l))?;
    }
    writeln!(w)
}
