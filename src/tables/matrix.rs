//! A merit increase matrix (`batch --matrix`): performance ratings by compa-ratio bands (or
//! range quartiles), each cell a relative increase weight. `data::matrix` reads and checks one.

use crate::names::fold;

/// What the matrix's columns are.
#[derive(Clone, Debug, PartialEq)]
pub enum Bands {
    /// Compa-ratio bands, cut at these edges (ascending): a band holds its lower edge, so
    /// `[0.90, 1.10]` is `< 0.90`, `0.90-1.10` and `>= 1.10`.
    Compa(Vec<f64>),
    /// The range's quartiles by position: below 25% (below the range too), 25-50%, 50-75%,
    /// and 75% or more (above the range too).
    Quartile,
}

/// One performance rating's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Rating {
    pub rating: String,
    pub aliases: Vec<String>,
    /// A weight per band, the lowest band first.
    pub weights: Vec<f64>,
}

/// A merit matrix: its ratings best first.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    pub source: String,
    pub url: String,
    pub note: String,
    pub bands: Bands,
    pub ratings: Vec<Rating>,
    /// The rating of every row when there is no performance column.
    pub default: usize,
}

impl Matrix {
    /// The band a row falls in, by its compa-ratio (two decimals, as the review shows it) or
    /// its position in the range (percent).
    pub fn band(&self, compa: f64, position_pct: Option<f64>) -> usize {
        match &self.bands {
            Bands::Compa(edges) => edges.iter().filter(|&&e| compa >= e - 1e-9).count(),
            Bands::Quartile => match position_pct {
                None => 0,
                Some(p) => (p / 25.0).floor().clamp(0.0, 3.0) as usize,
            },
        }
    }

    /// The rating a performance cell names (its name or an alias, folded like every value).
    pub fn rating(&self, cell: &str) -> Option<usize> {
        let folded = fold(cell);
        if folded.is_empty() {
            return None;
        }
        self.ratings
            .iter()
            .position(|r| std::iter::once(&r.rating).chain(&r.aliases).any(|n| fold(n) == folded))
    }

    /// The bands' labels (`< 0.90`, `0.90-1.10`, `>= 1.10`; `Q1`..`Q4`).
    pub fn labels(&self) -> Vec<String> {
        match &self.bands {
            Bands::Quartile => {
                ["Q1 (< 25%)", "Q2 (25-50%)", "Q3 (50-75%)", "Q4 (>= 75%)"].map(String::from).to_vec()
            }
            Bands::Compa(edges) => (0..=edges.len())
                .map(|i| match (i.checked_sub(1).map(|j| edges[j]), edges.get(i)) {
                    (None, Some(hi)) => format!("< {hi:.2}"),
                    (Some(lo), Some(hi)) => format!("{lo:.2}-{hi:.2}"),
                    (Some(lo), None) => format!(">= {lo:.2}"),
                    (None, None) => "all".to_string(),
                })
                .collect(),
        }
    }

    pub fn width(&self) -> usize {
        match &self.bands {
            Bands::Compa(edges) => edges.len() + 1,
            Bands::Quartile => 4,
        }
    }
}
