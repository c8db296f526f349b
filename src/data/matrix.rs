//! A merit matrix file (`batch --matrix FILE.toml`, `data check --matrix`) read into a
//! [`Matrix`] and checked: the built-in one is `data/matrix.toml`, compiled in.
//!
//! ```toml
//! source = "..."          # where the figures come from
//! url = "..."
//! note = "..."
//! bands = "compa"         # or "quartile" (the range's quartiles: four weights a rating)
//! edges = [0.90, 1.10]    # compa-ratio band edges, ascending: < 0.90, 0.90-1.10, >= 1.10
//! default = "3"           # the rating of rows with no performance column
//! [[rating]]              # best first
//! rating = "5"
//! aliases = ["exceptional"]
//! weights = [7.0, 5.0, 3.5]   # one per band, the lowest compa-ratio first
//! ```
//!
//! The checks: a weight is a finite number from 0 to 1000; a better rating never has a lower
//! weight in a band, and within a rating a lower band never has a lower weight.

use serde::Deserialize;

use crate::error::Error;
use crate::names::fold;
use crate::tables::matrix::{Bands, Matrix, Rating};

/// The built-in matrix's TOML.
pub const BUILT_IN: &str = include_str!("../../data/matrix.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMatrix {
    source: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    note: String,
    bands: String,
    #[serde(default)]
    edges: Vec<f64>,
    default: Option<String>,
    rating: Vec<RawRating>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRating {
    rating: toml::Value,
    #[serde(default)]
    aliases: Vec<String>,
    weights: Vec<f64>,
}

/// The built-in matrix.
pub fn built_in() -> Matrix {
    parse("data/matrix.toml", BUILT_IN).expect("the built-in matrix is checked by its test")
}

/// Reads the matrix file at `path`.
pub fn load(path: &std::path::Path) -> Result<Matrix, Error> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io { path: name.clone(), source })?;
    parse(&name, &text)
}

/// A matrix from its TOML, checked; the error names the file and the first problem, on one line.
pub fn parse(name: &str, text: &str) -> Result<Matrix, Error> {
    let bad = |reason: String| Error::InvalidValue { flag: "--matrix", value: name.to_string(), reason };
    let raw: RawMatrix =
        toml::from_str(text).map_err(|e| bad(e.message().trim().to_string() + &at(text, e.span())))?;
    let bands = match raw.bands.trim() {
        "compa" => {
            if raw.edges.is_empty() {
                return Err(bad("`edges` lists the compa-ratio band edges (e.g. [0.90, 1.10])".into()));
            }
            if raw.edges.iter().any(|e| !e.is_finite() || *e <= 0.0 || *e > 10.0)
                || raw.edges.windows(2).any(|w| w[0] >= w[1])
            {
                return Err(bad(format!("`edges` {:?} must be compa-ratios above 0, ascending", raw.edges)));
            }
            Bands::Compa(raw.edges)
        }
        "quartile" => {
            if !raw.edges.is_empty() {
                return Err(bad("`edges` is for bands = \"compa\": quartiles have none".into()));
            }
            Bands::Quartile
        }
        other => return Err(bad(format!("`bands` is `{other}`: valid choices are compa, quartile"))),
    };
    if raw.rating.is_empty() {
        return Err(bad("no [[rating]]: a matrix has at least one rating row".into()));
    }
    let mut ratings: Vec<Rating> = Vec::new();
    for r in raw.rating {
        let rating = match r.rating {
            toml::Value::String(s) => s.trim().to_string(),
            toml::Value::Integer(i) => i.to_string(),
            other => return Err(bad(format!("rating `{other}` is not a name or a whole number"))),
        };
        if rating.is_empty() {
            return Err(bad("a rating is empty".into()));
        }
        let names = std::iter::once(&rating).chain(&r.aliases);
        for n in names {
            if ratings
                .iter()
                .any(|o| std::iter::once(&o.rating).chain(&o.aliases).any(|m| fold(m) == fold(n)))
            {
                return Err(bad(format!("rating name `{n}` is given twice")));
            }
        }
        ratings.push(Rating { rating, aliases: r.aliases, weights: r.weights });
    }
    let mut matrix = Matrix { source: raw.source, url: raw.url, note: raw.note, bands, ratings, default: 0 };
    let labels = matrix.labels();
    for r in &matrix.ratings {
        if r.weights.len() != labels.len() {
            return Err(bad(format!(
                "rating `{}` has {} weights for {} bands ({})",
                r.rating,
                r.weights.len(),
                labels.len(),
                labels.join(", ")
            )));
        }
        if let Some(w) = r.weights.iter().find(|w| !w.is_finite() || **w < 0.0 || **w > 1000.0) {
            return Err(bad(format!("rating `{}` has weight {w}: a weight is from 0 to 1000", r.rating)));
        }
        for (b, w) in r.weights.windows(2).enumerate() {
            if w[1] > w[0] {
                return Err(bad(format!(
                    "rating `{}` has a higher weight in band `{}` ({}) than in the lower band `{}` ({}): a lower compa-ratio never gets less",
                    r.rating,
                    labels[b + 1],
                    w[1],
                    labels[b],
                    w[0]
                )));
            }
        }
    }
    for pair in matrix.ratings.windows(2) {
        let (better, worse) = (&pair[0], &pair[1]);
        for (b, label) in labels.iter().enumerate() {
            if worse.weights[b] > better.weights[b] {
                return Err(bad(format!(
                    "rating `{}` has a higher weight than the better rating `{}` above it in band `{label}` ({} > {}): ratings go best first, and a better one never gets less",
                    worse.rating, better.rating, worse.weights[b], better.weights[b]
                )));
            }
        }
    }
    matrix.default = match raw.default {
        None if matrix.ratings.len() == 1 => 0,
        None => return Err(bad("`default` names the rating of rows with no performance column".into())),
        Some(d) => {
            matrix.rating(&d).ok_or_else(|| bad(format!("`default` `{d}` is no rating of the matrix")))?
        }
    };
    Ok(matrix)
}

/// ` (line N)` for a TOML error's span.
fn at(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    span.map(|s| format!(" (line {})", text[..s.start.min(text.len())].matches('\n').count() + 1))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_matrix_is_valid_and_cited() {
        let m = built_in();
        assert_eq!(m.labels(), ["< 0.90", "0.90-1.10", ">= 1.10"]);
        assert_eq!(m.ratings.len(), 5);
        assert_eq!(m.ratings[m.default].rating, "3");
        assert!(m.url.starts_with("https://"));
        assert_eq!(m.rating(" Exceptional "), Some(0));
        assert_eq!((m.band(0.89, None), m.band(0.90, None), m.band(1.10, None)), (0, 1, 2));
    }

    #[test]
    fn a_matrix_out_of_order_is_one_clear_line() {
        let swap = BUILT_IN.replace("weights = [5.0, 3.5, 2.5]", "weights = [8.0, 3.5, 2.5]");
        let e = parse("m.toml", &swap).unwrap_err().to_string();
        assert!(e.contains("rating `4` has a higher weight than the better rating `5`"), "{e}");
        let rising = BUILT_IN.replace("weights = [3.5, 2.5, 1.5]", "weights = [1.5, 2.5, 1.5]");
        let e = parse("m.toml", &rising).unwrap_err().to_string();
        assert!(e.contains("higher weight in band `0.90-1.10`"), "{e}");
        let short = BUILT_IN.replace("weights = [0.0, 0.0, 0.0]", "weights = [0.0, 0.0]");
        assert!(parse("m.toml", &short).unwrap_err().to_string().contains("has 2 weights for 3 bands"));
        assert!(!parse("m.toml", "x = 1").unwrap_err().to_string().contains('\n'));
    }
}
