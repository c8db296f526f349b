//! Real pay beside the estimate: which survey cell and which BLS rows match a profile, where
//! an amount ranks among their percentiles, and the survey's base bands (`--bands market`).
//!
//! Arithmetic and lookups only; how any of it is shown is the output layer's business.

use super::round;
use super::{Estimate, Placement};
use crate::error::Error;
use crate::tables::market::{Basis, BlsRow, ML_ENGINEER, Market, NotReleased, POINTS, SurveyCell};
use crate::tables::{Band, Bands, Confidence, Factor, Tables, thousands};

/// The survey year a profile is compared with: the only year with large cells (the survey
/// file ends in January 2025).
pub(crate) const SURVEY_YEAR: &str = "2024";

/// The source key the market bands cite in [`Tables::sources`].
pub(crate) const MARKET_SOURCE: &str = "market";

/// What a profile asks of the survey.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SurveyQuery<'a> {
    /// The specialization's own title group (`research`, `ai-engineer`), else `ml-engineer`.
    pub title_group: &'a str,
    /// The specialization has no title group of its own, so ML-engineer salaries stand in
    /// (false for the neutral specialization, which is ML engineering).
    pub stands_in: bool,
    /// The location's country (ISO 3166-1 alpha-2).
    pub country: &'a str,
    /// The band's level; in the gap between two bands, the nearer one.
    pub level: &'a str,
    /// Experience in a gap between two bands: `level` is the nearer of the two.
    pub nearer_of_blend: bool,
    pub year: &'a str,
}

/// The survey cell a profile is compared with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SurveyMatch<'a> {
    pub cell: &'a SurveyCell,
    /// The year cell is not in the table (fewer than `min_n` salaries): the pooled cell
    /// stands in.
    pub pooled_fallback: bool,
}

/// How a survey cell is put on a profile's footing: scaled exactly as a market band is, by
/// the profile's factors that the cell does not already hold. A US cell is first divided by
/// the US survey premium (its respondents sit above the US workforce), so a location factor
/// then counts the place once; a cell of another country already holds its place, and a title
/// group's own cell its specialization, so those factors are left out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct CellScale {
    /// The US survey premium divided out of a US cell; `None` for another country's cell.
    pub premium: Option<f64>,
    /// The product of the profile's factors the cell does not hold (the estimate's
    /// multiplier, bounds applied, over the ones it does).
    pub factors: f64,
    /// The wage-growth factor of `--as-of` (1 at the bands' own year).
    pub wage: f64,
    /// Units of the output currency per US dollar.
    pub rate: f64,
}

impl CellScale {
    /// The scale in US dollars: what a cell's figure is multiplied by, before conversion.
    pub(crate) fn usd(&self) -> f64 {
        self.factors * self.wage / self.premium.unwrap_or(1.0)
    }

    /// The whole scale: US dollars of the cell to units of the output currency.
    pub(crate) fn total(&self) -> f64 {
        self.usd() * self.rate
    }

    /// A cell's figure (US dollars) on the profile's footing, in the output currency, to the
    /// unit: exactly as `mlsal market` prints it, so a rank and a printed figure agree.
    pub(crate) fn shown(&self, usd: f64) -> f64 {
        round(usd * self.total())
    }
}

/// A profile's market: its survey cell (if any) and the BLS rows of its location.
#[derive(Clone, Debug)]
pub(crate) struct MarketView<'a> {
    pub query: SurveyQuery<'a>,
    pub survey: Option<SurveyMatch<'a>>,
    /// The US survey premium of the table, for [`MarketView::scale`]. The scale itself is not
    /// kept: estimates of one location, specialization and band (batch rows) share a view but
    /// not a scale.
    pub us_premium: f64,
    /// Empty outside the US, or for a US location market.toml does not map an area to.
    pub bls: Vec<&'a BlsRow>,
    /// The occupations of the location's area whose wages BLS did not release (Madison's data
    /// scientists): rows that would be in `bls` and are not.
    pub not_released: Vec<&'a NotReleased>,
}

/// The survey cell for a title group, country and level: the `year` cell, else the pooled
/// cell, else none.
pub(crate) fn lookup<'a>(
    market: &'a Market,
    title_group: &str,
    country: &str,
    level: &str,
    year: &str,
) -> Option<SurveyMatch<'a>> {
    if let Some(cell) = market.cell(title_group, country, level, year).filter(|c| !c.pooled) {
        return Some(SurveyMatch { cell, pooled_fallback: false });
    }
    market.pooled(title_group, country, level).map(|cell| SurveyMatch { cell, pooled_fallback: true })
}

/// The band whose level the survey is asked about: the band itself, or in the gap between
/// two bands the nearer one (the lower until halfway across, the upper from halfway on, as
/// rounding goes). Returns the band index and whether it came from a blend.
pub(crate) fn survey_band(placement: Placement) -> (usize, bool) {
    match placement {
        Placement::Band(i) => (i, false),
        Placement::Blend { lower, weight } => (if weight < 0.5 { lower } else { lower + 1 }, true),
    }
}

/// What an estimate's profile asks of the survey.
pub(crate) fn query<'a>(tables: &'a Tables, est: &Estimate<'a>) -> SurveyQuery<'a> {
    let spec = est.factors[Factor::Specialization.index()];
    let neutral = spec.key == tables.factor(Factor::Specialization).default_entry().key;
    let own = tables.market.has_group(&spec.key) && spec.key != ML_ENGINEER;
    let (band, nearer_of_blend) = survey_band(est.placement);
    SurveyQuery {
        title_group: if own { spec.key.as_ref() } else { ML_ENGINEER },
        stands_in: !own && !neutral,
        country: est.factors[Factor::Location.index()].country.as_deref().unwrap_or(""),
        level: &tables.bands.bands[band].level,
        nearer_of_blend,
        year: SURVEY_YEAR,
    }
}

/// The survey cell and BLS rows for an estimate's profile.
pub(crate) fn view<'a>(tables: &'a Tables, est: &Estimate<'a>) -> MarketView<'a> {
    let q = query(tables, est);
    let market = &tables.market;
    let location = est.factors[Factor::Location.index()];
    let bls: Vec<&BlsRow> = market.bls_rows(&location.key).collect();
    // The location's areas: those of its rows, and its own (which has none when BLS released
    // nothing for it).
    let mut areas: Vec<&str> = bls.iter().map(|r| r.area_code.as_ref()).collect();
    areas.extend(location.area_code.as_deref());
    let survey = lookup(market, q.title_group, q.country, q.level, q.year);
    let us_premium = market.survey.us_premium;
    MarketView { query: q, survey, us_premium, bls, not_released: market.not_released(&areas) }
}

impl MarketView<'_> {
    /// How the survey cell is scaled to `est`, an estimate of this view's location,
    /// specialization and band; `None` without a cell.
    pub(crate) fn scale(&self, est: &Estimate) -> Option<CellScale> {
        self.survey.map(|m| cell_scale(self.us_premium, est, m.cell))
    }
}

/// How `cell` is scaled to `est`'s profile (see [`CellScale`]), with the table's US survey
/// premium.
pub(crate) fn cell_scale(us_premium: f64, est: &Estimate, cell: &SurveyCell) -> CellScale {
    let us = cell.country == "US";
    let mut held = 1.0;
    if !us {
        held *= est.factors[Factor::Location.index()].multiplier;
    }
    let spec = est.factors[Factor::Specialization.index()];
    if cell.title_group != ML_ENGINEER && cell.title_group == spec.key {
        held *= spec.multiplier;
    }
    CellScale {
        premium: us.then_some(us_premium),
        factors: est.multiplier / held,
        wage: est.pay.factor,
        rate: est.rate,
    }
}

/// Where an amount ranks among a BLS row's five published percentiles.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rank {
    /// A percentile from 10 to 90: linear between the published points, so "about".
    At(f64),
    /// Below p10: BLS publishes nothing finer, so no number is made up.
    BelowP10,
    /// Above p90, likewise.
    AboveP90,
}

impl Rank {
    pub(crate) fn percentile(self) -> Option<f64> {
        match self {
            Rank::At(p) => Some(p),
            _ => None,
        }
    }

    /// `below_p10` or `above_p90`; `None` inside the published range.
    pub(crate) fn beyond(self) -> Option<&'static str> {
        match self {
            Rank::At(_) => None,
            Rank::BelowP10 => Some("below_p10"),
            Rank::AboveP90 => Some("above_p90"),
        }
    }
}

/// The percentile of `amount` among five points `p` (p10, p25, p50, p75, p90, in the same
/// units): linear between them, exactly the point's percentile at a point, never
/// extrapolated past p10 or p90.
///
/// Where several points share one figure (a flat stretch), that figure ranks at the middle of
/// their percentiles, so the rank still never falls as the amount rises.
pub fn rank(amount: f64, p: [f64; 5]) -> Rank {
    if amount.is_nan() || amount < p[0] {
        return Rank::BelowP10;
    }
    if amount > p[4] {
        return Rank::AboveP90;
    }
    let first = p.iter().position(|&x| x == amount);
    let last = p.iter().rposition(|&x| x == amount);
    if let (Some(a), Some(b)) = (first, last) {
        return Rank::At((POINTS[a] + POINTS[b]) / 2.0);
    }
    // Strictly inside one segment p[i] < amount < p[i + 1].
    let i = p.iter().rposition(|&x| x < amount).unwrap_or(0).min(3);
    let t = (amount - p[i]) / (p[i + 1] - p[i]);
    Rank::At(POINTS[i] + t * (POINTS[i + 1] - POINTS[i]))
}

/// A BLS row's percentiles in the output currency, to the unit, as printed.
pub(crate) fn bls_shown(row: &BlsRow, rate: f64) -> [f64; 5] {
    row.pct.0.map(|x| if rate == 1.0 { x as f64 } else { round(x as f64 * rate) })
}

/// Where an amount sits in a profile's market.
#[derive(Clone, Debug)]
pub(crate) struct Standing<'a> {
    /// The survey cell, how it was scaled, and the amount's mid-rank percentile among the
    /// cell's own salaries so scaled (0 below them all, 100 above them all).
    pub survey: Option<(SurveyMatch<'a>, CellScale, f64)>,
    pub bls: Vec<(&'a BlsRow, Rank)>,
}

/// Ranks `amount` (in `est`'s currency) in `view`'s survey cell, scaled to `est`'s profile,
/// and in its BLS rows, each against its figures as they are printed. `view` is the view of
/// `est`'s location, specialization and band (`view(tables, est)`, or one shared by the
/// estimates that have them).
pub(crate) fn standing<'a>(view: &MarketView<'a>, est: &Estimate, amount: f64) -> Standing<'a> {
    Standing {
        survey: view
            .survey
            .zip(view.scale(est))
            .map(|(m, scale)| (m, scale, m.cell.mid_rank(amount, scale.total()))),
        bls: view.bls.iter().map(|r| (*r, rank(amount, bls_shown(r, est.rate)))).collect(),
    }
}

/// Replaces the article's bands with the survey's: for each level, the US `ml-engineer`
/// cell of [`SURVEY_YEAR`] (else its pooled cell), low = p25, mid = the median, high = p75,
/// each divided by the US survey premium, so that the location factor applied next counts the
/// place once. The mid is the median, not halfway, since pay is skewed: an amount at the mid
/// ranks at the cell's 50th percentile, at the low its 25th, at the high its 75th. Years,
/// labels and the open top of the last band stay the article's, so placement, the 2-3 year
/// blend and everything after it work exactly as before. The bands' source is added to
/// `tables.sources` under [`MARKET_SOURCE`].
///
/// A level without a cell is a gap in the data ([`Error::MarketGap`], exit 1).
pub fn use_market_bands(tables: &mut Tables) -> Result<(), Error> {
    let market = &tables.market;
    let premium = market.survey.us_premium;
    let bands = tables
        .bands
        .bands
        .iter()
        .map(|b| {
            let found = lookup(market, ML_ENGINEER, "US", &b.level, SURVEY_YEAR).ok_or_else(|| {
                Error::MarketGap {
                    group: ML_ENGINEER,
                    level: b.level.to_string(),
                    year: SURVEY_YEAR,
                    pooled: market.survey.pooled_years.to_string(),
                }
            })?;
            let c = found.cell;
            let fallback =
                if found.pooled_fallback { format!(" (no {SURVEY_YEAR} cell: pooled)") } else { String::new() };
            let neutral = |x: i64| x as f64 / premium;
            Ok(Band {
                low: neutral(c.pct.p25()),
                mid: Some(neutral(c.pct.p50())),
                high: neutral(c.pct.p75()),
                // The survey's p75 is a figure, not the article's open "$200,000+".
                open_ended: false,
                source: MARKET_SOURCE.into(),
                confidence: Confidence::Medium,
                note: Some(format!(
                    "survey: US {ML_ENGINEER}, {} level, {}{fallback}, n = {} distinct: p25, median and p75 of gross salary as reported, / {premium} (US survey premium)",
                    c.level, c.year, thousands(i64::from(c.n))
                ).into()),
                ..b.clone()
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    // The bands are pay of the survey's work year, whatever the date of the file: that is the
    // year `--as-of` moves them from.
    let as_of = SURVEY_YEAR.to_string();
    let source = market.survey.source.clone();
    tables.bands = Bands { as_of: as_of.into(), bands: bands.into(), basis: Basis::Market };
    tables.add_source(MARKET_SOURCE.into(), source);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_embedded;
    use crate::model::{Experience, Options, Profile, estimate};

    fn profile(t: &Tables, experience: Experience, values: &[(Factor, &str)]) -> Profile {
        let mut factors = Factor::ALL.map(|f| t.factor(f).default_index());
        for (f, v) in values {
            factors[f.index()] = t.factor(*f).find(v).unwrap();
        }
        Profile { experience, factors }
    }

    fn cell_of<'a>(t: &'a Tables, p: &Profile) -> (SurveyQuery<'a>, Option<SurveyMatch<'a>>) {
        let est = estimate(t, p, &Options::default());
        let v = view(t, &est);
        (v.query, v.survey)
    }

    #[test]
    fn rank_is_exact_at_the_stored_points_and_linear_between() {
        let pct = [100.0, 200.0, 300.0, 400.0, 500.0];
        for (x, p) in [(100.0, 10.0), (200.0, 25.0), (300.0, 50.0), (400.0, 75.0), (500.0, 90.0)] {
            assert_eq!(rank(x, pct), Rank::At(p), "{x}");
        }
        assert_eq!(rank(150.0, pct), Rank::At(17.5));
        assert_eq!(rank(250.0, pct), Rank::At(37.5));
        assert_eq!(rank(99.99, pct), Rank::BelowP10);
        assert_eq!(rank(500.01, pct), Rank::AboveP90);
        assert_eq!(rank(f64::NAN, pct), Rank::BelowP10);
    }

    #[test]
    fn flat_stretches_rank_at_their_middle() {
        let pct = [100.0, 100.0, 300.0, 300.0, 300.0];
        assert_eq!(rank(100.0, pct), Rank::At(17.5));
        assert_eq!(rank(300.0, pct), Rank::At(70.0));
        assert_eq!(rank(200.0, pct), Rank::At(37.5));
    }

    #[test]
    fn survey_level_is_the_nearer_band_in_the_gap() {
        assert_eq!(survey_band(Placement::Band(2)), (2, false));
        assert_eq!(survey_band(Placement::Blend { lower: 0, weight: 0.25 }), (0, true));
        assert_eq!(survey_band(Placement::Blend { lower: 0, weight: 0.5 }), (1, true));
        assert_eq!(survey_band(Placement::Blend { lower: 0, weight: 0.75 }), (1, true));
    }

    #[test]
    fn a_profile_finds_its_cell_and_says_how() {
        let t = load_embedded().unwrap();
        let p = profile(&t, Experience::Years(4.0), &[(Factor::Location, "sf")]);
        let (q, m) = cell_of(&t, &p);
        assert_eq!((q.title_group, q.country, q.level, q.year), ("ml-engineer", "US", "mid", "2024"));
        let m = m.unwrap();
        assert_eq!((m.cell.n, m.pooled_fallback, m.cell.year.as_ref()), (349, false, "2024"));

        // The UK mid cell of 2024 has 30 rows but 20 distinct responses: the pooled cell stands in.
        let p = profile(&t, Experience::Level(1), &[(Factor::Location, "london")]);
        let (q, m) = cell_of(&t, &p);
        assert_eq!((q.title_group, q.country, q.level), ("ml-engineer", "GB", "mid"));
        let m = m.expect("the pooled cell stands in");
        assert!(m.pooled_fallback && m.cell.pooled);
        assert_eq!((m.cell.year.as_ref(), m.cell.n), ("2023-2025", 34));
        // London research at senior level: 2024 and the pooled years are both too few.
        let p = profile(
            &t,
            Experience::Level(2),
            &[(Factor::Location, "london"), (Factor::Specialization, "research")],
        );
        let (q, m) = cell_of(&t, &p);
        assert_eq!((q.title_group, q.country, q.level, m), ("research", "GB", "senior", None));

        let p = profile(&t, Experience::Level(0), &[(Factor::Location, "bangalore")]);
        let (q, m) = cell_of(&t, &p);
        assert_eq!((q.country, m), ("IN", None));

        let p = profile(&t, Experience::Level(1), &[(Factor::Specialization, "ai-engineer")]);
        assert_eq!(cell_of(&t, &p).0.title_group, "ai-engineer");
        let p = profile(&t, Experience::Level(1), &[(Factor::Specialization, "nlp")]);
        let (q, _) = cell_of(&t, &p);
        assert_eq!((q.title_group, q.stands_in), ("ml-engineer", true));
        let p = profile(&t, Experience::Years(2.6), &[]);
        let (q, _) = cell_of(&t, &p);
        assert_eq!((q.level, q.nearer_of_blend), ("mid", true));
    }

    #[test]
    fn us_and_remote_us_take_the_national_rows_and_abroad_has_none() {
        let t = load_embedded().unwrap();
        for key in ["us", "remote-us"] {
            let rows: Vec<_> =
                t.market.bls_rows(key).map(|r| (r.area_code.as_ref(), r.occ_code.as_ref())).collect();
            assert_eq!(rows, [("99", "15-1252"), ("99", "15-2051")], "{key}");
        }
        assert_eq!(t.market.bls_rows("london").count(), 0);
        let sf: Vec<_> = t.market.bls_rows("sf").map(|r| r.area_title.as_ref()).collect();
        assert_eq!(sf.len(), 2);
        assert!(sf.iter().all(|a| a.starts_with("San Francisco")), "{sf:?}");
    }

    #[test]
    fn madison_is_missing_the_data_scientists_bls_did_not_release() {
        let t = load_embedded().unwrap();
        let est = |city: &str| {
            estimate(
                &t,
                &profile(&t, Experience::Years(4.0), &[(Factor::Location, city)]),
                &Options::default(),
            )
        };
        let e = est("madison");
        let v = view(&t, &e);
        let rows: Vec<&str> = v.bls.iter().map(|r| r.occ_code.as_ref()).collect();
        let missing: Vec<(&str, &str)> =
            v.not_released.iter().map(|n| (n.area_code.as_ref(), n.occ_code.as_ref())).collect();
        assert_eq!((rows, missing), (vec!["15-1252"], vec![("31540", "15-2051")]));
        for city in ["sf", "us", "london"] {
            let e = est(city);
            assert_eq!(view(&t, &e).not_released, Vec::<&NotReleased>::new(), "{city}");
        }
        // An area whose every row is unreleased is still found, by the location's own code.
        let mut bare = t.clone();
        bare.market.bls.rows.to_mut().retain(|r| r.area_code != "31540");
        let e = estimate(
            &bare,
            &profile(&bare, Experience::Years(4.0), &[(Factor::Location, "madison")]),
            &Options::default(),
        );
        let v = view(&bare, &e);
        assert_eq!((v.bls.len(), v.not_released.len()), (0, 1));
    }

    #[test]
    fn market_bands_are_the_us_ml_engineer_quartiles_over_the_premium_and_keep_the_years() {
        let t = load_embedded().unwrap();
        let mut m = t.clone();
        use_market_bands(&mut m).unwrap();
        assert_eq!(m.bands.basis, Basis::Market);
        let f = t.market.survey.us_premium;
        for (a, b) in t.bands.bands.iter().zip(m.bands.bands.iter()) {
            let c = t.market.cell(ML_ENGINEER, "US", &a.level, SURVEY_YEAR).unwrap();
            let want = [c.pct.p25(), c.pct.p50(), c.pct.p75()].map(|x| x as f64 / f);
            assert_eq!([b.low, b.middle(), b.high], want, "{}", a.level);
            assert_eq!((b.from_years, b.to_years), (a.from_years, a.to_years));
            assert!(!b.open_ended, "a survey p75 is a figure, not an open top");
        }
        assert_eq!(m.source(MARKET_SOURCE), Some(&*t.market.survey.source));
        // The gap blends the survey's bands as it blended the article's.
        let p = profile(&m, Experience::Years(2.5), &[]);
        let e = estimate(&m, &p, &Options { round: 1, ..Options::default() });
        let (lo, hi) = (&m.bands.bands[0], &m.bands.bands[1]);
        assert_eq!(e.low, ((lo.low + hi.low) / 2.0).round() as i64);
        assert_eq!(e.mid, ((lo.middle() + hi.middle()) / 2.0).round() as i64);
        assert_eq!(e.high, ((lo.high + hi.high) / 2.0).round() as i64);
    }

    /// A view shared by estimates of one location, specialization and band (a batch memo) still
    /// ranks each amount among the cell scaled to its own estimate: a PhD's scale is not a
    /// bachelor's.
    #[test]
    fn a_shared_view_scales_the_cell_to_each_estimate() {
        let t = load_embedded().unwrap();
        let bachelor = profile(&t, Experience::Years(4.0), &[(Factor::Location, "sf")]);
        let phd =
            profile(&t, Experience::Years(4.0), &[(Factor::Location, "sf"), (Factor::Education, "phd")]);
        let (a, b) = (estimate(&t, &bachelor, &Options::default()), estimate(&t, &phd, &Options::default()));
        let shared = view(&t, &a);
        let (sa, sb) = (standing(&shared, &a, 200_000.0), standing(&shared, &b, 200_000.0));
        let (scale_a, scale_b) = (sa.survey.unwrap().1, sb.survey.unwrap().1);
        assert_eq!(scale_b.factors / scale_a.factors, b.multiplier / a.multiplier);
        assert!(sb.survey.unwrap().2 < sa.survey.unwrap().2, "the same amount ranks lower for a PhD");
        assert_eq!(sb.survey.unwrap().2, standing(&view(&t, &b), &b, 200_000.0).survey.unwrap().2);
    }

    #[test]
    fn market_bands_need_a_cell_for_every_level() {
        let mut t = load_embedded().unwrap();
        t.market.survey.cells.to_mut().retain(|c| !(c.level == "entry" && c.country == "US"));
        let err = use_market_bands(&mut t).unwrap_err();
        assert_eq!(err.exit_code(), 1, "a gap in the data, not a usage error");
        let err = err.to_string();
        assert!(err.contains("level `entry`") && err.contains("--bands article"), "{err}");
    }
}
