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
    /// The band a row falls in, by its compa-ratio to two decimals, as the review shows it
    /// (`0.895` is `0.90`, in the band from 0.90), or by its position in the range (percent,
    /// to one decimal).
    pub fn band(&self, compa: f64, position_pct: Option<f64>) -> usize {
        match &self.bands {
            Bands::Compa(edges) => edges.iter().filter(|&&e| compa >= e - 1e-9).count(),
            Bands::Quartile => match position_pct {
                None => 0,
                Some(p) => (p / 25.0).floor().clamp(0.0, 3.0) as usize,
            },
        }
    }

    /// The rating a performance cell names: its name or an alias, folded like every value,
    /// else, when the cell and a name are both numbers, the same number (`5.0` is `5`, as a
    /// spreadsheet exports it).
    pub fn rating(&self, cell: &str) -> Option<usize> {
        fn names(r: &Rating) -> impl Iterator<Item = &String> {
            std::iter::once(&r.rating).chain(&r.aliases)
        }
        let folded = fold(cell);
        if folded.is_empty() {
            return None;
        }
        if let Some(i) = self.ratings.iter().position(|r| names(r).any(|n| fold(n) == folded)) {
            return Some(i);
        }
        let number = |s: &str| s.trim().parse::<f64>().ok().filter(|n| n.is_finite());
        let n = number(cell)?;
        self.ratings.iter().position(|r| names(r).any(|a| number(a) == Some(n)))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rating_is_found_by_name_alias_or_number() {
        let rating = |r: &str, aliases: &[&str]| Rating {
            rating: r.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            weights: vec![1.0],
        };
        let m = Matrix {
            source: String::new(),
            url: String::new(),
            note: String::new(),
            bands: Bands::Compa(Vec::new()),
            ratings: vec![rating("5", &["exceptional"]), rating("4", &[]), rating("A", &["2.5"])],
            default: 0,
        };
        assert_eq!(m.rating("5"), Some(0));
        assert_eq!(m.rating("Exceptional"), Some(0));
        assert_eq!(m.rating("5.0"), Some(0));
        assert_eq!(m.rating(" 4.00 "), Some(1));
        assert_eq!(m.rating("2.50"), Some(2));
        assert_eq!(m.rating("4.5"), None);
        assert_eq!(m.rating(""), None);
    }
}
