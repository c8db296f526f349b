//! The command line, as clap derive types. Flags are documented where they are defined; the
//! help text is generated from these comments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod values;

pub use crate::input::InputFormat;
use crate::model::ProfileSpec;
use crate::output::{ColorChoice, Format};
use crate::tables::Factor;
use crate::tables::market::Basis;
pub(crate) use values::TableName;
use values::{Named, TableParser, batch_format, parse_as_of, parse_round, parse_top, parse_years};

/// Estimate the pay of a machine learning engineer.
///
/// Base bands by experience come from the article "Machine Learning Engineer Salary: What to
/// Expect in 2024"; multipliers for location, education, specialization, industry and company
/// size come from public figures (BLS, DOL, NSF, surveys), each with its source and confidence.
/// See `mlsal list` for every table.
#[derive(Debug, Parser)]
// The help command is mlsal's own (`Command::Help`), so `mlsal help --help` works and the man
// pages name only pages that `mlsal man` writes. An option given twice takes its last value.
#[command(
    name = "mlsal",
    version,
    propagate_version = true,
    max_term_width = 100,
    disable_help_subcommand = true,
    args_override_self = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    #[command(flatten)]
    pub(crate) global: GlobalArgs,
}

// The flags every command takes, before its name or after it (`mlsal -q estimate`,
// `mlsal estimate -q`).
//
// Declared at each level (flattened into every command's arguments) rather than as clap
// `global` arguments: clap copies each global argument into every subcommand at every start,
// which was a seventh of `mlsal estimate`'s start-up. `Cli::global` merges the levels.
// (`//`, not `///`: under `defer`, a flattened struct's doc comment would become the about
// text of every command that flattens it.)
#[derive(Clone, Debug, Default, Args)]
pub(crate) struct GlobalArgs {
    /// When to colour text output (default: auto); `NO_COLOR` is honoured under `auto`.
    #[arg(long, value_enum, ignore_case = true, value_name = "WHEN")]
    pub(crate) color: Option<ColorChoice>,

    /// Print no warnings on stderr (errors are still printed).
    #[arg(long, short)]
    pub(crate) quiet: bool,

    /// Overlay the built-in tables with the TOML files in DIR (default: MLSAL_DATA, else
    /// $XDG_CONFIG_HOME/mlsal or ~/.config/mlsal if it exists); `builtin` for the built-in
    /// tables alone. See `mlsal data path`.
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub(crate) data: Option<PathBuf>,
}

impl GlobalArgs {
    /// These flags, overridden by `inner`, given later on the line (after a command's name).
    fn and(mut self, inner: &GlobalArgs) -> GlobalArgs {
        self.color = inner.color.or(self.color);
        self.quiet |= inner.quiet;
        self.data = inner.data.clone().or(self.data);
        self
    }
}

impl Cli {
    /// The flags every command takes, wherever they were given on the line.
    pub(crate) fn global(&self) -> GlobalArgs {
        let (command, action) = match &self.command {
            Command::Estimate(a) => (&a.global, None),
            Command::List(a) => (&a.global, None),
            Command::Compare(a) => (&a.global, None),
            Command::Whatif(a) => (&a.global, None),
            Command::Offer(a) => (&a.global, None),
            Command::Market(a) => (&a.global, None),
            Command::Data(a) => (&a.global, Some(a.action.global())),
            Command::Batch(a) => (&a.global, None),
            Command::Completions(a) => (&a.global, None),
            Command::Man(a) => (&a.global, None),
            Command::Help(a) => (&a.global, None),
        };
        let merged = self.global.clone().and(command);
        match action {
            Some(action) => merged.and(action),
            None => merged,
        }
    }
}

/// `defer`: a subcommand's arguments are built only when it is the one run (or its help,
/// completions or man page is asked for), not at every start.
/// One is made a run, so batch's many flags making it the largest variant cost nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Estimate the salary range for one profile (all three levels without --years/--level).
    Estimate(EstimateArgs),
    /// List the data tables: keys, labels, aliases, multipliers, sources, confidence, dates.
    List(ListArgs),
    /// Compare profiles side by side: every profile flag takes a comma list, --years also ranges.
    Compare(CompareArgs),
    /// Rank every single change to a profile (city, degree, field, industry, size, years) by its gain.
    Whatif(WhatifArgs),
    /// Say where a salary offer sits against the estimate: below, within or above the range,
    /// and its percentile among real salaries (survey and BLS).
    Offer(OfferArgs),
    /// Put the estimate beside real pay: the survey cell and BLS rows of the profile, drawn on
    /// one scale with the estimate's range.
    Market(MarketArgs),
    /// Your own numbers: export the built-in tables, check a data directory, show where data
    /// is read from.
    Data(DataArgs),
    /// Estimate every profile in a CSV or JSON Lines file: one result row per input row, in order.
    ///
    /// Input columns are the long flag names: years, level, city (or location), education,
    /// specialization, industry, company_size, in any order; a missing column or an empty cell
    /// takes the default; any other column passes through. The output keeps the input columns,
    /// then adds level, multiplier, low, mid, high, currency, pay_year, wage_factor, bands and
    /// error. A bad row gets empty results and its message in `error`,
    /// is reported on stderr with its line number, and makes the exit status 1.
    Batch(BatchArgs),
    /// Print a shell completion script: `mlsal completions bash > /etc/bash_completion.d/mlsal`.
    Completions(CompletionsArgs),
    /// Print a man page (roff): `mlsal man > mlsal.1`, `mlsal man estimate > mlsal-estimate.1`.
    Man(ManArgs),
    /// Print the help of mlsal or of a command: `mlsal help estimate`, `mlsal help data check`.
    Help(HelpArgs),
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (`estimate`, `data check`); mlsal's own page, which
    /// lists every command, when omitted.
    #[arg(value_name = "COMMAND", value_parser = values::Offered::COMMAND, hide_possible_values = true)]
    pub(crate) command: Vec<String>,

    #[command(flatten)]
    pub(crate) global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct HelpArgs {
    /// The command to explain (`estimate`, `data check`); mlsal itself when omitted.
    #[arg(value_name = "COMMAND", value_parser = values::Offered::COMMAND, hide_possible_values = true)]
    pub(crate) command: Vec<String>,

    #[command(flatten)]
    pub(crate) global: GlobalArgs,
}

// The profile flags, shared by every command that estimates.
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct ProfileArgs {
    /// Years of experience, 0 to 60 (2 to 3 years blends the entry and mid bands).
    // `allow_hyphen_values`: `-1`, `-inf` and `-.5` reach parse_years and get mlsal's own
    // message, instead of clap's "unexpected argument".
    #[arg(long, short, value_parser = parse_years, allow_hyphen_values = true, value_name = "N", value_hint = clap::ValueHint::Other)]
    pub(crate) years: Option<f64>,

    /// Pick a band directly instead of --years: entry, mid or senior.
    #[arg(long, short, conflicts_with = "years", value_name = "LEVEL", value_parser = Named::Level, hide_possible_values = true)]
    pub(crate) level: Option<String>,

    /// Where the job is: a city key or alias (sf, "new york", london; see `mlsal list location`).
    #[arg(long, short, visible_alias = "location", value_name = "CITY", value_parser = Named::Factor(Factor::Location), hide_possible_values = true)]
    pub(crate) city: Option<String>,

    /// Highest degree: none, bachelor, master, phd.
    #[arg(long, short, value_name = "DEGREE", value_parser = Named::Factor(Factor::Education), hide_possible_values = true)]
    pub(crate) education: Option<String>,

    /// Specialization: general, nlp, cv, rl, robotics, mlops, ... (see `mlsal list specialization`).
    #[arg(long, short, value_name = "FIELD", value_parser = Named::Factor(Factor::Specialization), hide_possible_values = true)]
    pub(crate) specialization: Option<String>,

    /// Industry: tech, finance, healthcare, education, nonprofit, ... (see `mlsal list industry`).
    #[arg(long, short, value_name = "INDUSTRY", value_parser = Named::Factor(Factor::Industry), hide_possible_values = true)]
    pub(crate) industry: Option<String>,

    /// Company size: startup, small, midsize, large, big-tech.
    #[arg(long = "company-size", short = 'z', value_name = "SIZE", value_parser = Named::Factor(Factor::CompanySize), hide_possible_values = true)]
    pub(crate) company_size: Option<String>,
}

impl ProfileArgs {
    /// The flags as a profile to resolve against the tables.
    pub(crate) fn spec(&self) -> ProfileSpec<&str> {
        ProfileSpec {
            years: self.years,
            level: self.level.as_deref(),
            factors: [
                self.city.as_deref(),
                self.education.as_deref(),
                self.specialization.as_deref(),
                self.industry.as_deref(),
                self.company_size.as_deref(),
            ],
        }
    }
}

// Flags that shape numbers and output, shared by every command that estimates.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, short, value_enum, ignore_case = true, default_value_t = Format::Text)]
    pub format: Format,

    /// Write the output to FILE instead of stdout; a FILE ending in `.xlsx` writes a workbook
    /// (as --format xlsx).
    #[arg(long, short, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub(crate) output: Option<PathBuf>,

    /// Round mlsal's amounts (estimates, gaps, totals) to the nearest N, 1 to 100,000, in every
    /// format so they agree. Survey and BLS figures are published data: shown to the unit.
    #[arg(long, default_value_t = 1000, value_parser = parse_round, allow_hyphen_values = true, value_name = "N", value_hint = clap::ValueHint::Other)]
    pub(crate) round: u64,

    /// Show amounts in CODE (ISO 4217: GBP, eur, ...; see data/currencies.toml), or `local` for
    /// the currency of --city. Converted before rounding; rates are dated and a warning says
    /// when they are over a year old.
    #[arg(long, value_name = "CODE", value_parser = Named::Currency, hide_possible_values = true)]
    pub(crate) currency: Option<String>,

    /// Add yearly bonus and equity by level and company size (data/compensation.toml) and the
    /// total; an early-stage startup's equity is unvalued options, left out of the total. Under
    /// --bands market the survey's pay is gross, bonus included: total = gross + equity.
    #[arg(long)]
    pub(crate) total: bool,

    /// Price in YEAR's pay: the bands' 2024 figures grown by the yearly change in US wages
    /// (data/wages.toml, `mlsal list wages`) up to YEAR, before the factors and rounding; the
    /// newest year's change is provisional. Default: the newest year the wage figures reach
    /// (today's pay); `--as-of 2024` gives the bands' own year, the article's.
    #[arg(long = "as-of", value_parser = parse_as_of, allow_hyphen_values = true, value_name = "YEAR", value_hint = clap::ValueHint::Other)]
    pub(crate) as_of: Option<i32>,

    /// Base bands: `article` (the article's, the default) or `market` (the ai-jobs.net survey's
    /// US ML engineers, 2024: p25, median and p75 of each level over the US survey premium, a
    /// national figure; see data/market.toml). The five factors apply to either.
    #[arg(long, value_enum, ignore_case = true, default_value_t = BandsArg::Article, value_name = "BANDS")]
    pub(crate) bands: BandsArg,
}

/// `--bands`: which base bands an estimate starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum BandsArg {
    /// The article's bands (entry $90k-120k, mid $120k-160k, senior $160k-200k+).
    #[default]
    Article,
    /// The survey's US ML-engineer p25, median and p75 per level, over the US survey premium
    /// (data/market.toml).
    Market,
}

impl BandsArg {
    pub(crate) fn basis(self) -> Basis {
        match self {
            BandsArg::Article => Basis::Article,
            BandsArg::Market => Basis::Market,
        }
    }
}

#[derive(Debug, Args)]
pub struct EstimateArgs {
    #[command(flatten)]
    pub(crate) profile: ProfileArgs,
    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) global: GlobalArgs,
}

// The profile flags of `compare`: each takes a comma list of values, compared in the order given.
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct ProfileListArgs {
    /// Years of experience: numbers from 0 to 60, or ranges A..B (inclusive, step 1) and A..B:STEP,
    /// comma-separated (`0..10`, `1,4,8`, `0..20:5,30`).
    #[arg(long, short, value_delimiter = ',', allow_hyphen_values = true, value_name = "YEARS", value_hint = clap::ValueHint::Other)]
    pub(crate) years: Vec<String>,

    /// Bands instead of --years: entry, mid, senior, comma-separated (all three when neither is given).
    #[arg(long, short, value_delimiter = ',', conflicts_with = "years", value_name = "LEVELS", value_parser = Named::Level, hide_possible_values = true)]
    pub(crate) level: Vec<String>,

    /// Cities, comma-separated: sf,nyc,austin (see `mlsal list location`).
    #[arg(long, short, visible_alias = "location", value_delimiter = ',', value_name = "CITIES", value_parser = Named::Factor(Factor::Location), hide_possible_values = true)]
    pub(crate) city: Vec<String>,

    /// Degrees, comma-separated: none, bachelor, master, phd.
    #[arg(long, short, value_delimiter = ',', value_name = "DEGREES", value_parser = Named::Factor(Factor::Education), hide_possible_values = true)]
    pub(crate) education: Vec<String>,

    /// Specializations, comma-separated: general, nlp, cv, rl, ... (see `mlsal list specialization`).
    #[arg(long, short, value_delimiter = ',', value_name = "FIELDS", value_parser = Named::Factor(Factor::Specialization), hide_possible_values = true)]
    pub(crate) specialization: Vec<String>,

    /// Industries, comma-separated: tech, finance, healthcare, ... (see `mlsal list industry`).
    #[arg(long, short, value_delimiter = ',', value_name = "INDUSTRIES", value_parser = Named::Factor(Factor::Industry), hide_possible_values = true)]
    pub(crate) industry: Vec<String>,

    /// Company sizes, comma-separated: startup, small, midsize, large, big-tech.
    #[arg(long = "company-size", short = 'z', value_delimiter = ',', value_name = "SIZES", value_parser = Named::Factor(Factor::CompanySize), hide_possible_values = true)]
    pub(crate) company_size: Vec<String>,
}

impl ProfileListArgs {
    /// The factor lists in [`crate::tables::Factor::ALL`] order (empty: the table's default).
    pub(crate) fn factors(&self) -> [&[String]; Factor::COUNT] {
        [&self.city, &self.education, &self.specialization, &self.industry, &self.company_size]
    }
}

/// What `compare --sort` orders rows by, highest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SortKey {
    Low,
    Mid,
    High,
    /// The multiplier applied (after the floor and cap).
    Multiplier,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub(crate) profile: ProfileListArgs,

    /// Order rows by this value, highest first (ties keep their order); default: the order of
    /// the flags and values given.
    #[arg(long, value_enum, ignore_case = true, value_name = "KEY")]
    pub(crate) sort: Option<SortKey>,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct WhatifArgs {
    #[command(flatten)]
    pub(crate) profile: ProfileArgs,

    /// Show the N largest gains (0: no limit). Default 10, or every change with --all.
    #[arg(long, short = 'n', value_parser = parse_top, allow_hyphen_values = true, value_name = "N", value_hint = clap::ValueHint::Other)]
    pub(crate) top: Option<usize>,

    /// Also list the changes that do not raise the mid (those that lower it rank last).
    #[arg(long, short)]
    pub(crate) all: bool,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct OfferArgs {
    /// The offer's yearly base salary, in the output currency: 185000, 185k, 185.5k, $185,000 or
    /// 185,000. With --total and neither --bonus nor --equity, its total pay instead (base +
    /// bonus + equity), weighed against the estimate's total.
    #[arg(value_name = "AMOUNT", allow_hyphen_values = true, value_hint = clap::ValueHint::Other)]
    pub(crate) amount: String,

    /// The offer's yearly bonus (target), read like AMOUNT (0 for none). With --bonus or --equity
    /// the offer is a package: its base is weighed against the base range and base + bonus +
    /// equity against the total (as with --total); under --bands market, whose survey pay is
    /// gross, base + bonus is weighed against the gross range.
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true, value_hint = clap::ValueHint::Other)]
    pub(crate) bonus: Option<String>,

    /// The offer's yearly equity (a grant's value divided by its vesting years), read like
    /// AMOUNT (0 for none); see --bonus.
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true, value_hint = clap::ValueHint::Other)]
    pub(crate) equity: Option<String>,

    /// The occupation (SOC code) whose approximate OEWS wage level (I-IV) the pay is judged at,
    /// in US locations: 15-1252 software developers (software-developer, swe), 15-2051 data
    /// scientists (data-scientist, ds) or 15-1221 computer and information research scientists
    /// (research-scientist, research); the employer picks the code [default: 15-1252]
    #[arg(long, value_name = "SOC", value_parser = values::Offered::OCCUPATION, hide_possible_values = true)]
    pub(crate) soc: Option<String>,

    #[command(flatten)]
    pub(crate) profile: ProfileArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) global: GlobalArgs,
}

// `--total` is shared but refused here (survey and BLS figures are salaries, not packages), so it is left
// out of `mlsal market --help`.
#[derive(Debug, Args)]
#[command(mut_arg("total", |a| a.hide(true)))]
pub struct MarketArgs {
    #[command(flatten)]
    pub(crate) profile: ProfileArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) global: GlobalArgs,
}

impl Command {
    /// The output format and `-o FILE` of a command that has them.
    pub(crate) fn output(&mut self) -> Option<(&mut Format, &Option<PathBuf>)> {
        match self {
            Command::Estimate(a) => Some((&mut a.output.format, &a.output.output)),
            Command::Compare(a) => Some((&mut a.output.format, &a.output.output)),
            Command::Whatif(a) => Some((&mut a.output.format, &a.output.output)),
            Command::Offer(a) => Some((&mut a.output.format, &a.output.output)),
            Command::Market(a) => Some((&mut a.output.format, &a.output.output)),
            Command::Batch(a) => Some((&mut a.output.format, &a.output.output)),
            Command::List(a) => Some((&mut a.format, &a.output)),
            Command::Data(_) | Command::Completions(_) | Command::Man(_) | Command::Help(_) => None,
        }
    }

    /// The bands a command prices from, if it prices profiles at all.
    pub(crate) fn bands(&self) -> Option<Basis> {
        let output = match self {
            Command::Estimate(a) => &a.output,
            Command::Compare(a) => &a.output,
            Command::Whatif(a) => &a.output,
            Command::Offer(a) => &a.output,
            Command::Market(a) => &a.output,
            Command::Batch(a) => &a.output,
            Command::List(_)
            | Command::Data(_)
            | Command::Completions(_)
            | Command::Man(_)
            | Command::Help(_) => {
                return None;
            }
        };
        Some(output.bands.basis())
    }
}

#[derive(Debug, Args)]
// Batch output is a table of many rows, so the formats are the machine ones, CSV by default.
#[command(mut_arg("format", |a| a.value_parser(batch_format()).default_value("csv").ignore_case(true)))]
pub struct BatchArgs {
    /// The profiles: a CSV or TSV file with a header row, JSON Lines (one object per line) or
    /// a JSON array of objects, such as any output of `estimate`, `compare` or `batch`.
    /// Standard input when absent or `-`.
    #[arg(value_name = "FILE")]
    pub(crate) input: Option<PathBuf>,

    /// Input format; detected when omitted: JSON Lines if the first byte (after a UTF-8 BOM
    /// and blank space) is `{`, a JSON array if it is `[` then `{` or `]`, TSV if the first
    /// line has a tab and no comma, CSV otherwise.
    #[arg(long, value_enum, ignore_case = true, value_name = "FORMAT")]
    pub(crate) input_format: Option<InputFormat>,

    /// With a workbook (.xlsx, .xls, .ods; known by its content), the sheet to read: its name
    /// or its number from 1 [default: the first]. The header is the sheet's first non-empty row.
    #[arg(long, value_name = "NAME|N")]
    pub(crate) sheet: Option<String>,

    /// Stop at the first bad row (exit 1, the rows before it written) instead of reporting it
    /// and going on.
    #[arg(long)]
    pub(crate) strict: bool,

    /// The column of today's pay, to review it (compa-ratio, position, gap, verdict); with
    /// `bonus` or `equity` columns beside it, each row is a package (as `offer --bonus --equity`)
    /// and its total is reviewed too [default: the one column named base_salary, salary,
    /// base_pay, current_salary, annual_salary or pay]
    /// `none` reviews no pay (as --no-review).
    #[arg(long, value_name = "NAME", value_hint = clap::ValueHint::Other)]
    pub(crate) pay_column: Option<String>,

    /// The occupation (SOC code) whose approximate OEWS wage level (I-IV) the pay is judged at,
    /// in US locations: 15-1252 software developers (software-developer, swe), 15-2051 data
    /// scientists (data-scientist, ds) or 15-1221 computer and information research scientists
    /// (research-scientist, research); the employer picks the code [default: 15-1252]
    #[arg(long, value_name = "SOC", value_parser = values::Offered::OCCUPATION, hide_possible_values = true)]
    pub(crate) soc: Option<String>,
    /// Write each bad row's message (`line N: MESSAGE`) to FILE instead of stderr; the count
    /// of bad rows still ends stderr. (`--quiet` silences the per-row messages on stderr.)
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub(crate) errors: Option<PathBuf>,

    /// Review no pay, whatever the columns are called: the estimates only.
    #[arg(long, conflicts_with = "pay_column")]
    pub(crate) no_review: bool,

    /// Instead of one row per input row, one row per group (see --by) with the pay review rolled
    /// up: compa-ratio quartiles, below/within/above counts, cost to the low end and to the mid
    #[arg(long)]
    pub(crate) summary: bool,

    /// Group the summary by this input column, or the result column `level` or `verdict`
    /// (repeatable); without it, one group `all`. With --equity-by, the categories of workers
    /// the pay-equity check compares within
    #[arg(long, value_name = "COLUMN", value_hint = clap::ValueHint::Other)]
    pub(crate) by: Vec<String>,

    /// A pay-equity check instead of the summary: within each --by category, the groups of this
    /// input column (gender, say) compared with a reference group: mean and median pay gaps, as
    /// the EU pay-transparency directive defines them, and the gap in compa-ratio, which is
    /// already adjusted for each person's level, place and profile; a group under 5 people is
    /// not shown, and an adjusted gap of 5% or more is flagged. A statistical screen, not legal
    /// advice
    #[arg(long, value_name = "COLUMN", conflicts_with = "summary", value_hint = clap::ValueHint::Other)]
    pub(crate) equity_by: Option<String>,

    /// The reference group of --equity-by (a value of its column, like `M`) [default: the
    /// largest group of each category]
    #[arg(long, value_name = "VALUE", requires = "equity_by", value_hint = clap::ValueHint::Other)]
    pub(crate) equity_ref: Option<String>,

    /// A raise budget to allocate over the reviewed rows: a percent of their pay (`3%`) or an
    /// amount in the review's currency (`450k`, `450000`). Each row gets `raise`, `raise_pct`,
    /// `new_pay`, `new_compa_ratio` and `new_verdict` (empty for a row with an error); with
    /// --summary, per group the budget spent, the rows lifted into range and what is left.
    /// Whole units, summing to the budget exactly. Reads the input twice (standard input is
    /// kept in an unnamed temporary file)
    #[arg(long, value_name = "BUDGET", conflicts_with = "equity_by", value_hint = clap::ValueHint::Other, help_heading = "Raise budget")]
    pub(crate) budget: Option<String>,

    /// The budget's first step: lift every row below its range's low end (`low`) or mid
    /// (`mid`) to it, lowest compa-ratio first, while the budget lasts; `none` spreads the whole
    /// budget by the merit matrix
    #[arg(long, value_enum, ignore_case = true, default_value_t = LiftArg::Low, value_name = "TARGET", requires = "budget", help_heading = "Raise budget")]
    pub(crate) lift_to: LiftArg,

    /// A merit matrix (TOML: ratings by compa-ratio bands or range quartiles, each cell a
    /// relative weight) to spread the budget by; check one with `mlsal data check --matrix
    /// FILE` [default: the built-in one, `mlsal list matrix`]
    #[arg(long, value_name = "FILE", requires = "budget", value_hint = clap::ValueHint::FilePath, help_heading = "Raise budget")]
    pub(crate) matrix: Option<PathBuf>,

    /// The column of each row's performance rating, as the matrix names its ratings (`1`-`5`,
    /// or words) [default: none: every row takes the matrix's default rating]
    #[arg(long, value_name = "COLUMN", requires = "budget", value_hint = clap::ValueHint::Other, help_heading = "Raise budget")]
    pub(crate) perf_column: Option<String>,

    /// Read an input column as a profile column, 'INPUT COLUMN=PROFILE COLUMN':
    /// --map 'Highest Degree=education' (repeatable)
    #[arg(long, value_name = "NAME=COLUMN", help_heading = "Mapping an export", value_hint = clap::ValueHint::Other)]
    pub(crate) map: Vec<String>,

    /// What a profile column's values mean, 'COLUMN:FROM=TO,FROM=TO': --map-values
    /// level:L3=entry,L4=mid,L5=senior (repeatable; FROM matched with case, spaces and
    /// punctuation ignored; each TO checked against the tables)
    #[arg(long, value_name = "COLUMN:FROM=TO,...", help_heading = "Mapping an export", value_hint = clap::ValueHint::Other)]
    pub(crate) map_values: Vec<String>,

    /// A TOML file of maps: `[columns]` ("Highest Degree" = "education") and
    /// `[values.COLUMN]` (L4 = "mid"); check one with `mlsal data check --map FILE`
    #[arg(long, value_name = "FILE", help_heading = "Mapping an export", value_hint = clap::ValueHint::FilePath)]
    pub(crate) map_file: Option<PathBuf>,

    /// The city of every row with no city column or an empty cell.
    #[arg(long, short, visible_alias = "location", value_name = "CITY", value_parser = Named::Factor(Factor::Location), hide_possible_values = true, help_heading = "File-wide defaults")]
    pub(crate) city: Option<String>,

    /// The degree of every row with no education column or an empty cell.
    #[arg(long, short, value_name = "DEGREE", value_parser = Named::Factor(Factor::Education), hide_possible_values = true, help_heading = "File-wide defaults")]
    pub(crate) education: Option<String>,

    /// The specialization of every row with none.
    #[arg(long, short, value_name = "FIELD", value_parser = Named::Factor(Factor::Specialization), hide_possible_values = true, help_heading = "File-wide defaults")]
    pub(crate) specialization: Option<String>,

    /// The industry of every row with none (one company's file has one industry).
    #[arg(long, short, value_name = "INDUSTRY", value_parser = Named::Factor(Factor::Industry), hide_possible_values = true, help_heading = "File-wide defaults")]
    pub(crate) industry: Option<String>,

    /// The company size of every row with none.
    #[arg(long = "company-size", short = 'z', value_name = "SIZE", value_parser = Named::Factor(Factor::CompanySize), hide_possible_values = true, help_heading = "File-wide defaults")]
    pub(crate) company_size: Option<String>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub(crate) global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, ignore_case = true)]
    pub(crate) shell: clap_complete::Shell,

    #[command(flatten)]
    pub(crate) global: GlobalArgs,
}

impl BatchArgs {
    /// `--lift-to` as given.
    pub(crate) fn lift_to_str(&self) -> &'static str {
        match self.lift_to {
            LiftArg::Low => "to the low end",
            LiftArg::Mid => "to the mid",
            LiftArg::None => "none",
        }
    }
}

/// `batch --lift-to`: what a raise budget lifts rows to first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum LiftArg {
    Low,
    Mid,
    None,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Which table: a factor, `bands`, `wages`, `sources` (every source key with its full
    /// citation and the tables citing it), `tables` (every table's date and age), or `matrix`
    /// (the merit matrix of `batch --budget`, with its source); all five factors, after every
    /// table's date, when omitted.
    #[arg(value_name = "TABLE", value_parser = TableParser)]
    pub(crate) table: Option<TableName>,

    /// Output format.
    #[arg(long, short, value_enum, ignore_case = true, default_value_t = Format::Text)]
    pub(crate) format: Format,

    /// Write the output to FILE instead of stdout; a FILE ending in `.xlsx` writes a workbook
    /// (as --format xlsx).
    #[arg(long, short, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub(crate) output: Option<PathBuf>,

    #[command(flatten)]
    pub(crate) global: GlobalArgs,
}

// A missing action is a one-line usage error naming the choices, not the whole help. (Set
// here, not on `Command::Data`: the deferred arguments are built after the variant's settings.)
#[derive(Debug, Args)]
#[command(arg_required_else_help = false, subcommand_required = true)]
pub struct DataArgs {
    #[command(subcommand)]
    pub(crate) action: DataCommand,

    #[command(flatten)]
    pub(crate) global: GlobalArgs,
}

#[derive(Debug, Subcommand)]
pub(crate) enum DataCommand {
    /// Write the built-in tables to DIR as a starting point for your own.
    Export {
        /// The directory to write to (created if missing).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Replace files that already exist.
        #[arg(long)]
        force: bool,

        #[command(flatten)]
        global: GlobalArgs,
    },
    /// Validate a data directory merged with the built-in tables; list every problem as
    /// file:line:col: message (exit 1 if any), else every table's date and age (a warning for
    /// those over three years old).
    Check {
        /// The directory to check (default: the one in use, see `mlsal data path`).
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,

        /// Also check a batch map file (`batch --map-file`): its TOML, its profile columns, and
        /// every value it maps to, against these tables.
        #[arg(long, value_name = "FILE")]
        map: Option<PathBuf>,

        /// Also check a merit matrix file (`batch --matrix`): its TOML, its bands, and that a
        /// better rating or a lower band never has a lower weight.
        #[arg(long, value_name = "FILE")]
        matrix: Option<PathBuf>,

        #[command(flatten)]
        global: GlobalArgs,
    },
    /// Print where data is read from, in order: the built-in tables, then the user directory
    /// and the files in it that are used; then every table's date and age.
    Path {
        /// Output format: text, or json/jsonl (`builtin`, `user` with `path`, `from`, `files`
        /// and `not_data`, `config_dir`).
        #[arg(long, short, value_enum, ignore_case = true, default_value_t = Format::Text)]
        format: Format,

        #[command(flatten)]
        global: GlobalArgs,
    },
}

impl DataCommand {
    fn global(&self) -> &GlobalArgs {
        match self {
            DataCommand::Export { global, .. }
            | DataCommand::Check { global, .. }
            | DataCommand::Path { global, .. } => global,
        }
    }
}

/// What `--help` and every man page end with: the exit status, the environment and an
/// example of the command (`name`, as `mlsal` or `mlsal estimate`).
pub(crate) fn closing_sections(name: &str) -> String {
    let example = match name {
        "estimate" => "mlsal estimate --years 4 --city sf --format json",
        "list" => "mlsal list location --format csv",
        "compare" => "mlsal compare --years 4 --city sf,nyc,austin",
        "whatif" => "mlsal whatif --years 4 --city austin --all",
        "offer" => "mlsal offer 185k --years 4 --city seattle",
        "market" => "mlsal market --city sf --years 4",
        "batch" => "mlsal batch docs/hr.csv --format jsonl --errors bad-rows.txt",
        "data" | "check" | "export" | "path" => "mlsal data path --format json",
        "completions" => "mlsal completions bash > /etc/bash_completion.d/mlsal",
        "man" => "mlsal man estimate > mlsal-estimate.1",
        "help" => "mlsal help batch",
        _ => "mlsal estimate --years 4 --city sf",
    };
    format!(
        "EXIT STATUS:
  0  success (also when the reader of a pipe goes away)
  1  finished, but some rows had errors (batch), or data check found problems
  2  could not run: bad usage, an unreadable file, broken data, stdin or stdout closed

ENVIRONMENT:
  MLSAL_DATA         the user data directory (`builtin`: the built-in tables alone)
  XDG_CONFIG_HOME    user data in $XDG_CONFIG_HOME/mlsal (else ~/.config/mlsal, from HOME)
  NO_COLOR           no colour, when set and not empty
  CLICOLOR_FORCE     colour even into a pipe, when set and not empty or 0
  SOURCE_DATE_EPOCH  today's date for the tables' ages (seconds since 1970)

EXAMPLE:
  {example}"
    )
}

/// The command line's definition with [`closing_sections`] after every command's long help
/// (`--help`, `mlsal help`, the man pages).
pub fn command() -> clap::Command {
    fn close(c: clap::Command) -> clap::Command {
        let text = closing_sections(c.get_name());
        c.after_long_help(text).mut_subcommands(close)
    }
    close(<Cli as clap::CommandFactory>::command())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
