//! The edge of the data: how far factors that the survey does not separate may stack.
//!
//! Each factor's multiplier is a marginal ratio (PhD over bachelor, finance over all
//! industries, a large employer over all sizes), measured on its own. Multiplied together they
//! compound far past what anyone is paid: a PhD in finance at big tech priced at x1.90 before
//! location put 14% of US profile mids above the survey's 90th percentile of their level. The
//! rule: the product of the non-location factors lifts a band's mid at most to the survey's US
//! p90 of that level (and title group, where the specialization has one), moved to the neutral
//! footing by the US survey premium; where that binds the estimate is "at the edge of the data"
//! and says so. A product at or below 1 is never held, so neutral profiles keep their figures.

use super::Placement;
use super::market::{SURVEY_YEAR, lookup};
use crate::tables::market::ML_ENGINEER;
use crate::tables::{Edges, Entry, Factor, Tables};

/// The limits of `tables` (see [`Edges`]), computed once per tables.
pub(crate) fn edges(tables: &Tables) -> &Edges {
    tables.edges.get_or_init(|| compute(tables))
}

fn compute(tables: &Tables) -> Edges {
    let premium = tables.market.survey.us_premium;
    let specs = &tables.factor(Factor::Specialization).entries;
    let limit = |group: &str, i: usize| {
        let band = &tables.bands.bands[i];
        let cell = lookup(tables, group, "US", &band.level, SURVEY_YEAR)?;
        Some((cell.cell.pct.0[4] as f64 / premium / band.middle()).max(1.0))
    };
    let by_spec = specs
        .iter()
        .map(|spec| {
            let own = spec.key != ML_ENGINEER && tables.market.has_group(&spec.key);
            let group = if own { spec.key.as_ref() } else { ML_ENGINEER };
            let levels = (0..tables.bands.bands.len())
                .map(|i| limit(group, i).or_else(|| limit(ML_ENGINEER, i)).unwrap_or(f64::INFINITY))
                .collect();
            (group.to_string().into(), levels)
        })
        .collect();
    Edges { by_spec }
}

/// The most the non-location factors may multiply this band by, for specialization entry
/// `spec` in a location of `country` (in the gap between two bands, blended as the band is).
/// Under market bands a country with its own cells is held by its own cell's p90 over its
/// median (its band's mid); every other place by the US cell's.
pub(crate) fn limit(tables: &Tables, spec: usize, placement: Placement, country: Option<&str>) -> f64 {
    let levels = &edges(tables).by_spec[spec].1;
    let at = |i: usize| -> (f64, f64) {
        let (band, own) = tables.bands.for_country(country, i);
        if !own {
            return (levels[i], band.middle());
        }
        let own = country
            .and_then(|c| lookup(tables, ML_ENGINEER, c, &band.level, SURVEY_YEAR))
            .map_or(f64::INFINITY, |m| (m.cell.pct.0[4] as f64 / m.cell.pct.0[2] as f64).max(1.0));
        (own, band.middle())
    };
    match placement {
        Placement::Band(i) => at(i).0,
        Placement::Blend { lower, weight } => {
            let ((la, a), (lb, b)) = (at(lower), at(lower + 1));
            // A level without a survey cell has no limit of its own: the other level's holds
            // (and with neither, nothing does); never an infinite product, which is NaN.
            match (la.is_finite(), lb.is_finite()) {
                (false, false) => return f64::INFINITY,
                (true, false) => return la,
                (false, true) => return lb,
                (true, true) => {}
            }
            // The p90s and the mids blend as the band does: the limit is their ratio.
            let mid = a + (b - a) * weight;
            let (pa, pb) = (la * a, lb * b);
            ((pa + (pb - pa) * weight) / mid).max(1.0)
        }
    }
}

/// Whose p90 holds an estimate, as a country and a title group: `US ml-engineer`,
/// `CA ml-engineer` (a country's own cells under market bands), `US research`.
pub(crate) fn whose<'t>(
    tables: &'t Tables,
    spec: &Entry,
    country: Option<&'t str>,
    placement: Placement,
) -> (&'t str, &'t str) {
    let i = match placement {
        Placement::Band(i) => i,
        Placement::Blend { lower, weight } => {
            if weight < 0.5 {
                lower
            } else {
                lower + 1
            }
        }
    };
    match (tables.bands.for_country(country, i), country) {
        ((_, true), Some(c)) => (c, ML_ENGINEER),
        _ => ("US", group(tables, spec)),
    }
}

/// The title group whose p90 limits an estimate of specialization `spec` (an entry of
/// `tables`).
pub(crate) fn group<'t>(tables: &'t Tables, spec: &Entry) -> &'t str {
    let entries = &tables.factor(Factor::Specialization).entries;
    let i = entries.iter().position(|e| std::ptr::eq(e, spec)).unwrap_or(0);
    &edges(tables).by_spec[i].0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_embedded;
    use crate::model::{Bound, Experience, Options, Profile, estimate};

    fn profile(t: &Tables, level: usize, values: &[(Factor, &str)]) -> Profile {
        let mut factors = Factor::ALL.map(|f| t.factor(f).default_index());
        for (f, v) in values {
            factors[f.index()] = t.factor(*f).find(v).unwrap();
        }
        Profile { experience: Experience::Level(level), factors }
    }

    /// Every combination of the non-location factors at every level, in the US: the mid never
    /// passes the survey's p90 of its level (over the premium), and where the limit binds the
    /// estimate says so; a product at or below 1 is never held.
    #[test]
    fn no_stacked_mid_passes_the_p90_and_every_held_one_says_so() {
        let t = load_embedded().unwrap();
        let o = Options { round: 1, ..Options::default() };
        let premium = t.market.survey.us_premium;
        let ids = |f: Factor| 0..t.factor(f).entries.len();
        let (mut held, mut all) = (0, 0);
        for level in 0..t.bands.bands.len() {
            for (e, s, i, c) in ids(Factor::Education).flat_map(|e| {
                ids(Factor::Specialization).flat_map(move |s| {
                    ids(Factor::Industry)
                        .flat_map(move |i| ids(Factor::CompanySize).map(move |c| (e, s, i, c)))
                })
            }) {
                let p = Profile { experience: Experience::Level(level), factors: [0, e, s, i, c] };
                let est = estimate(&t, &p, &o);
                let group = group(&t, est.factors[Factor::Specialization.index()]);
                let cell = lookup(&t, group, "US", &t.bands.bands[level].level, SURVEY_YEAR)
                    .or_else(|| lookup(&t, ML_ENGINEER, "US", &t.bands.bands[level].level, SURVEY_YEAR))
                    .unwrap();
                let p90 = cell.cell.pct.0[4] as f64 / premium;
                let others = est.raw_multiplier / est.factors[0].multiplier;
                let top = (t.bands.bands[level].middle() * others.max(1.0)).max(p90).round();
                assert!(est.mid as f64 <= top + 1.0, "{p:?}: mid {} over {top}", est.mid);
                assert_eq!(
                    est.bound == Some(Bound::Edge),
                    others > limit(&t, s, est.placement, Some("US")) + 1e-9,
                    "{p:?}"
                );
                held += usize::from(est.bound == Some(Bound::Edge));
                all += 1;
            }
        }
        assert!(held > 0 && held < all, "{held} of {all}");
        // Neutral profiles keep the article's figures exactly.
        for level in 0..3 {
            let e = estimate(&t, &profile(&t, level, &[]), &Options::default());
            assert_eq!((e.bound, e.multiplier), (None, 1.0));
        }
    }

    /// A level without a survey cell (a user's table) leaves the blend to the other level's
    /// limit: the product is held to a figure, never wiped to 1 by a NaN.
    #[test]
    fn a_level_without_a_cell_leaves_the_blend_to_the_other() {
        let mut t = load_embedded().unwrap();
        t.market.survey.cells.to_mut().retain(|c| !(c.level == "entry" && c.country == "US"));
        let p = Profile {
            experience: Experience::Years(2.5),
            ..profile(&t, 0, &[(Factor::Education, "phd"), (Factor::Industry, "finance")])
        };
        let e = estimate(&t, &p, &Options::default());
        assert!(e.multiplier > 1.3, "{}", e.multiplier);
        assert!(limit(&t, 0, e.placement, Some("US")).is_finite());
    }

    #[test]
    fn the_issues_stacked_profile_is_held_and_a_modest_one_is_not() {
        let t = load_embedded().unwrap();
        let stacked = [
            (Factor::Location, "sf"),
            (Factor::Education, "phd"),
            (Factor::Industry, "finance"),
            (Factor::CompanySize, "big-tech"),
        ];
        let e = estimate(&t, &profile(&t, 2, &stacked), &Options::default());
        assert_eq!(e.bound, Some(Bound::Edge));
        assert!(e.multiplier < e.raw_multiplier);
        let e = estimate(
            &t,
            &profile(&t, 1, &[(Factor::Location, "sf"), (Factor::Education, "master")]),
            &Options::default(),
        );
        assert_eq!(e.bound, None);
    }
}
