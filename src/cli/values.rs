//! The values of the command line's flags that clap cannot read alone: table names, values
//! looked up in a table (offered to shell completion), and numbers with their ranges.

use clap::ValueEnum;

use crate::error::Error;
use crate::names::{fold, nearest};
use crate::output::Format;
use crate::tables::Factor;

/// `--format` for batch: the machine formats only (a million rows are not a text table).
pub(super) fn batch_format() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::{PossibleValuesParser, TypedValueParser};
    // Matched ignoring case (`TSV`), so the value is folded before it is read.
    // `text` and `html` are for `--summary` only (batch checks).
    PossibleValuesParser::new(["csv", "tsv", "jsonl", "json", "xlsx", "text", "html"]).map(|s| {
        match s.to_ascii_lowercase().as_str() {
            "text" => Format::Text,
            "html" => Format::Html,
            "tsv" => Format::Tsv,
            "jsonl" => Format::Jsonl,
            "json" => Format::Json,
            "xlsx" => Format::Xlsx,
            _ => Format::Csv,
        }
    })
}

/// The tables `mlsal list` shows. Names are read like values (case, spaces, `-` and `_` do
/// not matter) and the aliases are hidden from help.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum TableName {
    #[value(alias = "city")]
    Location,
    Education,
    #[value(alias = "specialisation")]
    Specialization,
    Industry,
    /// `company_size`, as in every output; `company-size` (the flag's spelling) is read too.
    #[value(name = "company_size", alias = "company-size", alias = "size")]
    CompanySize,
    /// The article's bands.
    Bands,
    /// Wage growth by year, for `--as-of`.
    Wages,
    /// Yearly bonus and equity by level and company size, for `--total`.
    Compensation,
    /// The exchange rates `--currency` converts at.
    #[value(alias = "currency")]
    Currencies,
    /// Every table's date and age.
    Tables,
    /// Every source key (`S29`, `A`) with its full citation and the tables citing it.
    #[value(alias = "source")]
    Sources,
    /// The built-in merit matrix of `batch --budget`, with its source.
    #[value(alias = "merit")]
    Matrix,
}

impl TableName {
    /// The factor this table holds; `None` for the bands, wages and dates.
    pub(crate) fn factor(self) -> Option<Factor> {
        match self {
            TableName::Location => Some(Factor::Location),
            TableName::Education => Some(Factor::Education),
            TableName::Specialization => Some(Factor::Specialization),
            TableName::Industry => Some(Factor::Industry),
            TableName::CompanySize => Some(Factor::CompanySize),
            TableName::Bands
            | TableName::Wages
            | TableName::Tables
            | TableName::Sources
            | TableName::Compensation
            | TableName::Currencies
            | TableName::Matrix => None,
        }
    }

    /// The table named `name` (or one of its aliases), folded like every value; otherwise
    /// mlsal's own error, naming the nearest table and all of them.
    pub(crate) fn parse(name: &str) -> Result<TableName, Error> {
        let folded = fold(name);
        // Every name and alias, with the table's own name, for the nearest match.
        let mut known: Vec<(String, String)> = Vec::new();
        for table in TableName::value_variants() {
            let Some(value) = table.to_possible_value() else { continue };
            if value.get_name_and_aliases().any(|n| fold(n) == folded) {
                return Ok(*table);
            }
            known.extend(value.get_name_and_aliases().map(|n| (n.to_string(), value.get_name().to_string())));
        }
        let mut choices: Vec<&str> = known.iter().map(|(_, table)| table.as_str()).collect();
        choices.dedup();
        Err(Error::UnknownValue {
            what: "table",
            value: name.to_string(),
            suggestion: nearest(name, known.iter().map(|(n, table)| (n.as_str(), table.as_str()))),
            choices: format!("choices: {}", choices.join(", ")),
        })
    }
}

/// Reads `list TABLE` with [`TableName::parse`], so a typo gets mlsal's one-line error with
/// the nearest name, while help and shell completion still list the tables.
#[derive(Clone, Copy, Debug)]
pub(super) struct TableParser;

impl clap::builder::TypedValueParser for TableParser {
    type Value = TableName;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<TableName, clap::Error> {
        TableName::parse(&value.to_string_lossy())
            .map_err(|e| clap::Error::raw(clap::error::ErrorKind::InvalidValue, format!("{e}\n")))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(TableName::value_variants().iter().filter_map(ValueEnum::to_possible_value)))
    }
}

/// A value taken as any text, with the values shell completion offers: the command reads the
/// text itself (folding case, knowing aliases) and names the nearest or the choices on a miss.
#[derive(Clone, Copy)]
pub(super) struct Offered(fn() -> Vec<clap::builder::PossibleValue>);

impl Offered {
    /// A command's name after `mlsal help` and `mlsal man` (the command finds the page, or
    /// names the nearest): every command and `data`'s own.
    pub(super) const COMMAND: Offered = Offered(|| {
        [
            "estimate",
            "list",
            "compare",
            "whatif",
            "offer",
            "market",
            "data",
            "batch",
            "completions",
            "man",
            "help",
            "export",
            "check",
            "path",
        ]
        .map(clap::builder::PossibleValue::new)
        .to_vec()
    });

    /// `--soc`: the three SOC codes, with their titles.
    pub(super) const OCCUPATION: Offered = Offered(|| {
        crate::model::levels::OCCUPATIONS
            .iter()
            .map(|(code, title, _)| clap::builder::PossibleValue::new(*code).help(*title))
            .collect()
    });
}

impl clap::builder::TypedValueParser for Offered {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        Ok(value.to_string_lossy().into_owned())
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter()))
    }
}

/// A value looked up in a built-in table (a city, a degree, a level, a currency): any text is
/// accepted here, since lookup folds case and spaces, knows aliases and reports a miss with
/// its nearest match itself. The table's keys are offered to shell completion.
#[derive(Clone, Copy)]
pub(super) enum Named {
    Factor(Factor),
    Level,
    Currency,
}

impl clap::builder::TypedValueParser for Named {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    /// Read only when completions or a value error are written, never on a normal run.
    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        use clap::builder::PossibleValue;
        let t = crate::embedded::tables();
        let values: Vec<PossibleValue> = match *self {
            Named::Factor(f) => t
                .factor(f)
                .entries
                .iter()
                .map(|e| PossibleValue::new(e.key.clone()).help(e.label.clone()))
                .collect(),
            Named::Level => t
                .bands
                .bands
                .iter()
                .map(|b| PossibleValue::new(b.level.clone()).help(b.label.clone()))
                .collect(),
            Named::Currency => t
                .currencies
                .entries
                .iter()
                .map(|c| PossibleValue::new(c.code.clone()).help(c.name.clone()))
                .chain([PossibleValue::new("local").help("the currency of --city")])
                .collect(),
        };
        Some(Box::new(values.into_iter()))
    }
}

pub(super) fn parse_years(s: &str) -> Result<f64, String> {
    crate::model::parse_years(s).map_err(|e| match e {
        crate::Error::InvalidYears { reason, .. } => reason.to_string(),
        other => other.to_string(),
    })
}

/// The coarsest rounding step: past it, rounding would swallow the estimate itself (a step
/// of a million turns every range into $0 – $0).
pub(crate) const MAX_ROUND: u64 = 100_000;

pub(super) fn parse_round(s: &str) -> Result<u64, String> {
    match s.trim().parse::<u64>() {
        Ok(n) if (1..=MAX_ROUND).contains(&n) => Ok(n),
        _ => Err("expected a whole number from 1 to 100,000, like 1000".to_string()),
    }
}

pub(super) fn parse_as_of(s: &str) -> Result<i32, String> {
    crate::model::wages::parse_year(s)
}

pub(super) fn parse_top(s: &str) -> Result<usize, String> {
    s.trim().parse::<usize>().map_err(|_| "expected a whole number (0 for no limit)".to_string())
}

/// `--format`'s values: the output layer's formats, named and explained here, where the
/// command line is read (`output` knows no clap).
impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &[Format::Text, Format::Json, Format::Jsonl, Format::Csv, Format::Tsv, Format::Xlsx, Format::Html]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        use clap::builder::PossibleValue;
        Some(match self {
            Format::Text => PossibleValue::new("text").help("Aligned text for people"),
            Format::Json => PossibleValue::new("json")
                .help("One JSON document: an array of the results (one element for one result)"),
            Format::Jsonl => PossibleValue::new("jsonl").help("One JSON object per line"),
            Format::Csv => PossibleValue::new("csv").help("Comma-separated values with a header row"),
            Format::Tsv => PossibleValue::new("tsv").help("Tab-separated values with a header row"),
            Format::Html => {
                PossibleValue::new("html").help("A self-contained HTML report (inline CSS and SVG)")
            }
            Format::Xlsx => {
                PossibleValue::new("xlsx").help("An Excel workbook, to a file (-o FILE or a redirect)")
            }
        })
    }
}

/// `--color`'s values, likewise.
impl clap::ValueEnum for crate::output::ColorChoice {
    fn value_variants<'a>() -> &'a [Self] {
        use crate::output::ColorChoice;
        &[ColorChoice::Auto, ColorChoice::Always, ColorChoice::Never]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        use crate::output::ColorChoice;
        use clap::builder::PossibleValue;
        Some(match self {
            ColorChoice::Auto => {
                PossibleValue::new("auto").help("Colour when stdout is a terminal and `NO_COLOR` is unset")
            }
            ColorChoice::Always => PossibleValue::new("always"),
            ColorChoice::Never => PossibleValue::new("never"),
        })
    }
}

/// `--input-format`'s values, likewise (`input`'s type, which knows nothing of clap).
impl clap::ValueEnum for crate::input::InputFormat {
    fn value_variants<'a>() -> &'a [Self] {
        use crate::input::InputFormat;
        &[InputFormat::Csv, InputFormat::Tsv, InputFormat::Jsonl, InputFormat::Json]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        use crate::input::InputFormat;
        use clap::builder::PossibleValue;
        Some(match self {
            InputFormat::Csv => PossibleValue::new("csv").help("Comma-separated values with a header row"),
            InputFormat::Jsonl => PossibleValue::new("jsonl")
                .help("One JSON object per line; the first line's keys are the columns"),
            InputFormat::Tsv => PossibleValue::new("tsv").help("Tab-separated values with a header row"),
            InputFormat::Json => PossibleValue::new("json").help("A JSON array of objects"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_fold_like_values() {
        for (typed, want) in [
            ("location", TableName::Location),
            ("City", TableName::Location),
            ("company-size", TableName::CompanySize),
            ("company_size", TableName::CompanySize),
            ("Company Size", TableName::CompanySize),
            ("size", TableName::CompanySize),
            ("specialisation", TableName::Specialization),
            ("BANDS", TableName::Bands),
            ("Compensation", TableName::Compensation),
            ("currency", TableName::Currencies),
        ] {
            assert_eq!(TableName::parse(typed).unwrap(), want, "{typed}");
        }
    }

    #[test]
    fn unknown_tables_name_the_nearest_and_all() {
        let all = "(choices: location, education, specialization, industry, company_size, bands, wages, compensation, currencies, tables, sources, matrix)";
        let err = |typed: &str| TableName::parse(typed).unwrap_err().to_string();
        assert_eq!(err("locaton"), format!("unknown table `locaton`: did you mean `location`? {all}"));
        assert_eq!(err("sise"), format!("unknown table `sise`: did you mean `company_size`? {all}"));
        assert_eq!(err("xyz"), format!("unknown table `xyz` {all}"));
    }
}
