//! `mlsal batch [FILE|-]`: a file of profiles in, one estimate per row out, streaming.
//!
//! ```text
//! FILE or stdin
//!  └► input::Chunks: the input cut into pieces of whole records (128 KiB; a record over
//!     │           16 MiB is a Piece::TooLong, its row's error); sniffs CSV or JSON Lines
//!     ├► header.rs  the first piece's CSV header or first object's keys
//!     │   └► layout.rs  Layout: where each profile column is (tables::Column), what passes
//!     │                 through, which holds the pay to review, the output's names
//!  threads.rs: piece k to worker k % n (up to 4 threads; one, in order, with --strict)
//!     └► rows.rs  Job::piece, per record, on a Worker (worker.rs, one per thread) that keeps:
//!         │       - the memo: each column's raw bytes to its value or its Flaw, so a
//!         │         distinct value is looked up (and a bad one's message made) once
//!         │       - csv_core's parser and the market views the pay review needs
//!         ├► read: input::Records (CSV: a line with no quote split at its commas, else
//!         │        the csv crate's parser) | json.rs (JSON Lines)
//!         ├► model::estimate; with a pay column, model::review (Review::judge, as `offer`)
//!         ├► view::batch::Writer (figures by view/batch/numbers.rs), one row a line: CSV in
//!         │  and out, the input bytes as read, then the result cells; else cell by cell
//!         │  (output::Cells, the csv crate's quoting) or one compact JSON object
//!         └► with --summary, not written but counted in model::summary::Groups
//!     Done { out, bad rows, groups }
//!  deliver (here): each chunk's rows, in input order, to the format's sink
//!     (output::sink_for, Sink::rendered), which frames them (a header, a JSON array's
//!     brackets and separators); then the chunk's bad rows on stderr with their line
//!     numbers; view::summary writes a summary at the end
//!  --budget (raise.rs): the above twice: pass 1 writes nothing and tallies lift costs and
//!     matrix units (model::raise::Tally); pass 2 marks where each row's raise cells go, and
//!     deliver gives each row its raise in input order (model::raise::Allocator) and splices
//!     the cells in (view::raise); stdin is spooled to a temporary file for the second read
//! ```
//!
//! Every input row gives exactly one output row, in order; columns that are not profile
//! columns pass through unchanged. A bad row (problem.rs) gets empty results and its message
//! in the `error` column, and the run exits 1. Memory holds a few chunks per worker.

mod header;
mod json;
mod layout;
mod mapping;
mod problem;
mod raise;
mod rows;
mod sample;
mod threads;
mod worker;

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

pub use self::layout::{Layout, MAX_PAY, pay_column};
pub(crate) use self::mapping::Mapping;
pub use self::problem::{Flaw, Problem};
pub use self::rows::{Done, Job};
use crate::cli::{BatchArgs, LiftArg};
use crate::cmd::Ctx;
use crate::error::{Error, printable};
use crate::input::{Chunks, InputFormat, Piece, convert, workbook};
use crate::model::equity;
use crate::model::raise::{Allocator, Budget, LiftTo, Plan, RaiseGroup, Tally};
use crate::model::summary::Groups;
use crate::names::fold;
use crate::output::sink::sink_for;
use crate::tables::{Column, Factor};
use crate::view;
use crate::view::summary;
use crate::view::words::{compared_words, pay_label};

pub fn run(args: &BatchArgs, ctx: &mut Ctx, err: &mut dyn Write, stdin_closed: bool) -> anyhow::Result<()> {
    let (name, reader) = open(args.input.as_deref())?;
    if stdin_closed && name == "<stdin>" {
        return Err(Error::StdinClosed.into());
    }
    // A budget reads the input twice: a file is opened again (standard input is spooled).
    let again = args.input.clone().filter(|p| p.as_os_str() != "-" && args.budget.is_some());
    run_twice(args, name, reader, again.map(raise::Again::Path), ctx, err)
}

/// [`run`] on `reader` (called `name` in messages) instead of `args.input`, so that bytes in
/// memory can be fed to batch in-process: the fuzz targets (`fuzz/`) and the tests use it.
pub fn run_reader(
    args: &BatchArgs,
    name: String,
    reader: Box<dyn Read + Send>,
    ctx: &mut Ctx,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    run_twice(args, name, reader, None, ctx, err)
}

/// [`run_reader`], with the input's path to read it again for a budget's second pass.
fn run_twice(
    args: &BatchArgs,
    name: String,
    reader: Box<dyn Read + Send>,
    again: Option<raise::Again>,
    ctx: &mut Ctx,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    // Without a path, a budget's input is kept in a temporary file with no name.
    let (reader, mut again) = match (&args.budget, again) {
        (Some(_), None) => {
            let (reader, again) = raise::spool(reader)?;
            (reader, Some(again))
        }
        (_, again) => (reader, again),
    };
    let opts = ctx.options(&args.output)?;
    let soc = super::soc(args.soc.as_deref())?;
    // The rows' encoding (a workbook's rows are CSV, read into its sheet as they are delivered),
    // and whether the output holds the rows beside a summary (a workbook's sheets).
    let sheets = args.output.format.sheets();
    let format = args.output.format.rendering();
    // The pay-equity check is a summary: its groups are the --by categories and, last, the
    // equity column.
    let summary = args.summary || args.equity_by.is_some();
    if !args.by.is_empty() && !summary {
        return Err(Error::Usage {
            message: "--by groups a summary: give it with --summary (or --equity-by)".into(),
        }
        .into());
    }
    let by_columns: Vec<String> = args.by.iter().chain(&args.equity_by).cloned().collect();
    if !format.streams() && !summary {
        let name = format.name();
        return Err(Error::Usage {
            message: format!(
                "--format {name} is for --summary: batch writes its rows as csv, tsv, json or jsonl"
            ),
        }
        .into());
    }
    let (mut chunks, input) = prepare(args, name.clone(), reader)?;
    let mapping = mapping(args, ctx.tables)?;
    let (mut layout, header_lines, mut first) = header::first(&mut chunks, input, &mapping)?;
    layout.check_mapped()?;
    // `--no-review` or `--pay-column none`: no column is the pay, whatever the names.
    let no_review =
        args.no_review || args.pay_column.as_deref().is_some_and(|c| c.trim().eq_ignore_ascii_case("none"));
    if no_review && summary {
        return Err(Error::Usage {
            message: "--summary rolls up the pay review, which --no-review (or --pay-column none) turns off"
                .into(),
        }
        .into());
    }
    let pay_flag = args.pay_column.as_deref().filter(|_| !no_review);
    // No piece at all: the input is empty, and has no column a review could name.
    if first.is_none() && (pay_flag.is_some() || summary) {
        return Err(Problem::Empty { pay_column: pay_flag.map(String::from) }.into());
    }
    // The equity column named as its own flag's value, and never also a category.
    if let Some(name) = &args.equity_by {
        let i = layout::column(&layout.names, name, "--equity-by")?;
        if args.by.iter().any(|b| layout::column(&layout.names, b, "--by").ok() == Some(i)) {
            return Err(Error::InvalidValue {
                flag: "--equity-by",
                value: name.clone(),
                reason: "it is also a --by category: compare its groups within other categories".into(),
            }
            .into());
        }
    }
    let by = match no_review {
        true => None,
        false => layout.review(pay_flag, summary.then_some(&by_columns[..]))?,
    };
    // A column taken for the pay by its name alone whose cells are mostly not amounts (a
    // pay grade `L5` in a column `pay`; two or more, over half of those filled in the first
    // rows) is not reviewed: every row would fail.
    if let (Some(pay), None, false, Some(Piece::Records(chunk))) = (layout.pay, pay_flag, summary, &first) {
        let (filled, bad) = sample::not_amounts(chunk, input, &layout, pay);
        if bad >= 2 && bad * 2 > filled {
            ctx.warn(&format!(
                "column `{}` is not reviewed as the pay: {bad} of its first {filled} values are not amounts (give --pay-column {} to review it)",
                printable(&layout.names[pay]),
                printable(&layout.names[pay])
            ));
            layout.no_review();
        }
    }
    let layout = layout;
    // A raise budget: over the reviewed pay, in one currency.
    let raising = match &args.budget {
        None => None,
        Some(text) => {
            if layout.pay.is_none() {
                return Err(Error::Usage {
                    message: "--budget gives raises over each row's pay, and no pay column is reviewed: name one with --pay-column NAME (and drop --no-review)".into(),
                }
                .into());
            }
            // A currency column's pays are converted with `--currency X`; without it, a row in
            // another currency than the run's stops the run after the first pass.
            if opts.local {
                return Err(Error::Usage {
                    message: "--budget is spent in one currency, and --currency local gives each row its location's: give one currency (--currency EUR)".into(),
                }
                .into());
            }
            let budget = raise::budget(text, opts.currency)?;
            let perf = args
                .perf_column
                .as_deref()
                .map(|c| layout::column(&layout.names, c, "--perf-column"))
                .transpose()?;
            let (matrix, matrix_name) = match &args.matrix {
                Some(path) => (crate::data::matrix::load(path)?, path.display().to_string()),
                None => (crate::data::matrix::built_in(), "built-in".to_string()),
            };
            let lift = match args.lift_to {
                LiftArg::Low => LiftTo::Low,
                LiftArg::Mid => LiftTo::Mid,
                LiftArg::None => LiftTo::None,
            };
            Some((budget, perf, matrix, matrix_name, lift))
        }
    };
    for (name, column) in &layout.misspelt {
        if args.strict {
            return Err(Problem::Misspelt { name: name.clone(), column }.into());
        }
        ctx.warn(&format!(
            "column `{}` is passed through as it is not a profile column: did you mean `{column}`?",
            printable(name)
        ));
    }
    if let Some((name, column)) = &layout.currency_misspelt {
        if args.strict {
            return Err(Problem::Misspelt { name: name.clone(), column }.into());
        }
        ctx.warn(&format!(
            "column `{}` is not read as the pay's currency, so every pay is read in {}: did you mean `{column}`?",
            printable(name),
            if opts.local { "its location's currency" } else { opts.currency }
        ));
    }
    for (name, column) in &layout.unread {
        if args.strict {
            return Err(Problem::Unread { name: name.clone(), column }.into());
        }
        ctx.warn(&format!(
            "column `{}` looks like {column} but is not read: map it with --map '{}={column}', or rename it",
            printable(name),
            printable(name),
        ));
    }
    if !ctx.warnings.quiet() {
        let mut notes = String::new();
        for (column, value) in Column::ALL.iter().zip(&mapping.defaults) {
            if let Some(value) = value {
                let column = column.name();
                let flag = column.replace('_', "-");
                notes.push_str(&format!(
                    "mlsal: note: every row with no {column} takes `{}` (--{flag})\n",
                    printable(value)
                ));
            }
        }
        let _ = err.write_all(notes.as_bytes());
    }
    // Where the bad rows' messages go: `--errors FILE`, else stderr unless `--quiet`.
    let mut errors_file = match &args.errors {
        Some(path) => Some(io::BufWriter::new(
            File::create(path).map_err(|source| Error::Io { path: path.display().to_string(), source })?,
        )),
        None => None,
    };
    let per_row = errors_file.is_some() || !ctx.warnings.rows_quiet();
    // `--currency X` with a currency column: every money column in X, each pay converted.
    let convert = args.output.currency.is_some();
    let mut job = Job::converting(ctx.tables, &opts, &layout, input, format, args.strict, convert);
    // A `--by` column that is a profile column (`city`) groups by what its values resolve to.
    job.by_factor = by.iter().flatten().map(|&i| layout.factor_of(i)).collect();
    job.by = by;
    job.keep_pays = args.equity_by.is_some();
    job.soc = soc;
    job.writer.set_soc(soc);
    let summary = job.by.is_some();
    // A budget's first pass: every row reviewed, nothing written, the lift costs and matrix
    // units tallied; then the input again, for the rows with their raises.
    let mut planned = None;
    if let Some((budget, perf, matrix, _, lift)) = &raising {
        let names = raise::rating_names(matrix);
        let raise_job =
            |tally| raise::RaiseJob { matrix, perf: *perf, lift: *lift, tally, names: names.clone() };
        let mut tally_job = Job::converting(ctx.tables, &opts, &layout, input, format, args.strict, convert);
        tally_job.soc = soc;
        tally_job.raise = Some(raise_job(true));
        let (mut tally, mut unrated, mut line, mut other) = (Tally::default(), 0, header_lines, None);
        threads::run(&tally_job, first.take(), &mut chunks, args.strict, &mut |done: Done| {
            // With --strict, a bad row stops the run before anything is written.
            if let Some((at, flaw)) = done.stop {
                return Err(Problem::Stopped { line: line + at, flaw, summary, budget: true }.into());
            }
            line += done.newlines;
            tally.merge(&done.tally);
            unrated += done.unrated;
            other = other.or(done.currencies.into_iter().find(|&c| c != opts.currency));
            Ok(())
        })?;
        if let (Some(other), Some(i)) = (other, layout.currency) {
            return Err(Error::Usage {
                message: format!(
                    "--budget is spent in one currency, {}, and column `{}` has rows in {other}: give --currency {} (or another) to convert every pay to it at the tables' rates",
                    opts.currency,
                    printable(&layout.names[i]),
                    opts.currency
                ),
            }
            .into());
        }
        let plan = Plan::new(budget.units(tally.pay), &tally);
        let again = again.take().expect("a budget's input can be read again");
        let (mut again_chunks, again_input) = prepare(args, name.clone(), again.open()?)?;
        let (_, _, again_first) = header::first(&mut again_chunks, again_input, &mapping)?;
        (chunks, first) = (again_chunks, again_first);
        job.raise = Some(raise_job(false));
        planned = Some((plan, unrated, tally.rows));
    }
    let mut splicer = planned
        .as_ref()
        .map(|(plan, _, _)| raise::Splicer::new(Allocator::new(plan.clone()), format.row_bytes()));
    // An output of several tables (a workbook) has the summary's first (filled at the end),
    // then every row's, written as the rows come (constant memory), then the sources.
    job.rows_too = summary && sheets;
    let summary_table = if args.equity_by.is_some() { "equity" } else { "summary" };
    let (tables, warnings, origin) = (ctx.tables, &ctx.warnings, ctx.origin("batch"));
    // The output goes to the rows or the summary, or to the rows with the summary's kept
    // here to go in after them.
    let (mut summary_rows, mut nowhere) = (Vec::new(), io::sink());
    let (rows_to, out): (&mut dyn Write, &mut dyn Write) = match (sheets, summary) {
        (false, true) => (&mut nowhere, &mut *ctx.out),
        _ => (&mut *ctx.out, &mut summary_rows),
    };
    // The rows' sink, when rows are written: it frames them (a header, a JSON array).
    let mut sink = match !summary || sheets {
        true => Some(sink_for(args.output.format, rows_to)?),
        false => None,
    };
    if let Some(sink) = sink.as_mut() {
        if summary {
            sink.table(summary_table, false)?;
        }
        sink.table(if layout.pay.is_some() { "review" } else { "estimates" }, true)?;
        let mut header = job.writer.header();
        if raising.is_some() {
            header.extend(view::raise::RAISE_COLUMNS.map(String::from));
        }
        sink.begin(&header.iter().map(String::as_str).collect::<Vec<_>>())?;
        sink.flush()?;
    }
    // The run so far: lines before the next chunk, rows written, bad rows, and with `--strict`
    // the row that stopped it.
    let (mut line, mut rows, mut bad, mut stop) = (header_lines, 0, 0, None);
    let mut groups = Groups::default();
    let mut deliver = |mut done: Done| -> anyhow::Result<()> {
        let marks = std::mem::take(&mut done.raises);
        // The chunk's rows go out first, and its bad rows are told only once they are out: a
        // reader gone (`| head`) stops the run at the broken pipe, before it tells of rows
        // nobody got. Then one write for them; stderr is for diagnostics only, and if it is
        // gone there is nobody to tell.
        match (splicer.as_mut(), sink.as_mut()) {
            (Some(s), _) if summary => s.count(marks),
            (Some(s), Some(sink)) => sink.rendered(s.splice(&done.out, &marks))?,
            (None, Some(sink)) => sink.rendered(&done.out)?,
            (_, None) => {}
        }
        if let (false, Some(sink)) = (done.bad.is_empty(), sink.as_mut()) {
            sink.flush()?;
        }
        if per_row && !done.bad.is_empty() {
            let prefix = if errors_file.is_some() { "" } else { "mlsal: error: " };
            let mut notes = String::new();
            for (at, flaw) in &done.bad {
                notes.push_str(&format!("{prefix}line {}: {}\n", line + at, flaw.message));
            }
            match errors_file.as_mut() {
                Some(file) => file.write_all(notes.as_bytes())?,
                None => {
                    let _ = err.write_all(notes.as_bytes());
                }
            }
        }
        for code in done.currencies {
            warnings.check_rate(tables, code);
        }
        stop = done.stop.map(|(at, flaw)| Problem::Stopped { line: line + at, flaw, summary, budget: false });
        line += done.newlines;
        rows += done.rows;
        bad += done.bad.len() as u64;
        groups.merge(done.groups);
        Ok(())
    };
    threads::run(&job, first, &mut chunks, args.strict, &mut deliver)?;
    if let Some(sink) = sink.as_mut() {
        sink.end()?;
    }
    if let (Some(file), Some(path)) = (errors_file.as_mut(), &args.errors) {
        file.flush().map_err(|source| Error::Io { path: path.display().to_string(), source })?;
    }
    if let Some(by) = job.by.as_ref().filter(|_| stop.is_none()) {
        let pay = opts.pay_year(tables);
        // What the rows were compared in, when it is not one currency for all.
        let otherwise = if opts.local { "its location's" } else { opts.currency };
        let compared_in = match (layout.currency, opts.local) {
            (None, false) => None,
            (None, true) => Some("each row in its location's currency".to_string()),
            (Some(i), false) if convert => Some(format!(
                "each pay read in its `{}` cell's currency and converted to {} at the tables' rates",
                printable(&layout.names[i]),
                opts.currency
            )),
            (Some(i), _) => Some(format!(
                "each row in its `{}` cell's currency, else {otherwise}",
                printable(&layout.names[i])
            )),
        };
        let about = summary::About {
            currency: opts.currency,
            compared_in,
            typed: job.by_factor.iter().map(Option::is_some).collect(),
            bands: tables.bands.basis.as_str(),
            pay_column: layout.pay.map_or("", |i| &layout.names[i]),
            compared: format!("{}, {}", compared_words(tables.bands.basis, opts.total), pay_label(&pay)),
            soc,
            data: &tables.data,
        };
        let by: Vec<String> = by.iter().map(|&i| layout::by_name(&layout.names, i)).collect();
        match &args.equity_by {
            None if raising.is_some() => {
                let (Some((plan, unrated, _)), Some((budget, _, matrix, matrix_name, lift)), Some(s)) =
                    (&planned, &raising, splicer.take())
                else {
                    unreachable!("a budget is planned before its rows")
                };
                let mut groups: Vec<(Vec<u8>, RaiseGroup)> = s.groups.into_iter().collect();
                groups.sort_by(|a, b| a.0.cmp(&b.0));
                let budgeted = view::raise::Budgeted {
                    plan,
                    lift: *lift,
                    matrix,
                    matrix_name: matrix_name.clone(),
                    perf_column: args.perf_column.as_deref(),
                    given: match budget {
                        Budget::Percent(p) => format!("{}% of the reviewed pay", view::words::num(*p)),
                        Budget::Amount(_) => String::new(),
                    },
                    unrated: *unrated,
                };
                view::raise::write_budget(&groups, &by, &budgeted, &about, format, &ctx.style, out)?;
            }
            None => summary::write_summary(&groups, &by, &about, format, &ctx.style, out)?,
            Some(_) => {
                let (sorted, _) = groups.sorted(by.len());
                let categories = equity::check(sorted, args.equity_ref.as_deref());
                if let Some(name) = &args.equity_ref
                    && !categories.iter().any(|c| c.reference.as_ref() == Some(name))
                {
                    ctx.warnings.warn(&format!(
                        "--equity-ref `{}` is no group of 5 or more rows in any category: no gap is computed",
                        printable(name)
                    ));
                }
                view::equity::write_equity(&categories, &by, &about, format, &ctx.style, out)?;
            }
        }
    }
    if let Some(mut sink) = sink {
        if summary && !summary_rows.is_empty() {
            sink.table(summary_table, false)?;
            sink.rendered(&summary_rows)?;
            sink.end()?;
        }
        sink.close(&origin)?;
    }
    if let (Some((plan, unrated, _)), false) = (&planned, summary || ctx.warnings.quiet()) {
        let money = |n| crate::output::money(n, opts.currency);
        let mut note = format!(
            "mlsal: note: raise budget {}: {} on lifts to the range ({}), {} by the merit matrix; whole units, the matrix shares rounded cumulatively in row order",
            money(plan.budget),
            money(plan.lift),
            args.lift_to_str(),
            money(plan.matrix)
        );
        if plan.unspent > 0 {
            note.push_str(&format!(
                "; {} could not be spent (no row has a matrix weight)",
                money(plan.unspent)
            ));
        }
        if *unrated > 0 {
            note.push_str(&format!("; {unrated} rows have no rating the matrix knows (no matrix share)"));
        }
        let _ = writeln!(err, "{note}");
    }
    match (stop, bad) {
        (Some(stop), _) => Err(stop.into()),
        (None, 0) => Ok(()),
        (None, bad) => Err(Problem::BadRows { bad, total: rows }.into()),
    }
}

/// The input opened: its format sniffed (or as given), TSV and JSON arrays read whole and
/// read on as the CSV and JSON Lines they become.
fn prepare(
    args: &BatchArgs,
    name: String,
    reader: Box<dyn Read + Send>,
) -> anyhow::Result<(Chunks<Box<dyn Read + Send>>, InputFormat)> {
    // A workbook becomes the CSV of its sheet, read on as CSV.
    let (reader, from_workbook) = unbook(args, &name, reader)?;
    let input_format = if from_workbook { Some(InputFormat::Csv) } else { args.input_format };
    let mut chunks = Chunks::new(reader, name.clone());
    let mut input = chunks.sniff(input_format)?;
    if chunks.utf16() {
        return Err(Problem::Utf16.into());
    }
    // TSV and a JSON array are read whole, and read on as the CSV and JSON Lines they become.
    let whole = match input {
        InputFormat::Tsv => Some((convert::tsv_to_csv(&chunks.rest()?), InputFormat::Csv)),
        InputFormat::Json => Some((json_lines(chunks.rest()?)?, InputFormat::Jsonl)),
        InputFormat::Csv if input_format.is_none() && chunks.json_array() => {
            Some((json_lines(chunks.rest()?)?, InputFormat::Jsonl))
        }
        InputFormat::Csv if input_format.is_none() && chunks.tsv() => {
            Some((convert::tsv_to_csv(&chunks.rest()?), InputFormat::Csv))
        }
        InputFormat::Jsonl if input_format.is_none() && chunks.pretty_json() => {
            Some((convert::json_values_to_lines(&chunks.rest()?), InputFormat::Jsonl))
        }
        InputFormat::Csv | InputFormat::Jsonl => None,
    };
    if let Some((bytes, format)) = whole {
        chunks = Chunks::new(Box::new(io::Cursor::new(bytes)), name);
        input = chunks.sniff(Some(format))?;
    }
    Ok((chunks, input))
}

/// The `--map`, `--map-values` and `--map-file` maps and the file-wide defaults, checked.
fn mapping(args: &BatchArgs, tables: &crate::tables::Tables) -> Result<Mapping, Error> {
    let mut mapping = Mapping::default();
    if let Some(path) = &args.map_file {
        let name = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|source| Error::Io { path: name.clone(), source })?;
        mapping.add_file(&name, &text, tables)?;
    }
    for spec in &args.map {
        mapping.add_column(spec)?;
    }
    for spec in &args.map_values {
        mapping.add_values(spec, tables)?;
    }
    let defaults = [&args.city, &args.education, &args.specialization, &args.industry, &args.company_size];
    for (factor, value) in Factor::ALL.into_iter().zip(defaults) {
        if let Some(value) = value {
            tables.factor(factor).resolve(value)?;
        }
        mapping.set_default(Column::Factor(factor), value.as_deref());
    }
    Ok(mapping)
}

/// A workbook (known by its first bytes, whatever its name) read whole and made the CSV of
/// its sheet, read as it is made (`input::workbook::csv_stream`), and whether it was one;
/// any other input as it was.
fn unbook(
    args: &BatchArgs,
    name: &str,
    mut reader: Box<dyn Read + Send>,
) -> anyhow::Result<(Box<dyn Read + Send>, bool)> {
    let io_error = |source| Error::Io { path: name.to_string(), source };
    let mut head = Vec::with_capacity(workbook::MAGIC);
    (&mut reader).take(workbook::MAGIC as u64).read_to_end(&mut head).map_err(io_error)?;
    if !workbook::is_workbook(&head) {
        if args.sheet.is_some() {
            return Err(Error::Usage {
                message: format!("--sheet reads a workbook (.xlsx, .xls, .ods), and {name} is none"),
            }
            .into());
        }
        return Ok((Box::new(io::Cursor::new(head).chain(reader)), false));
    }
    let mut bytes = head;
    reader.read_to_end(&mut bytes).map_err(io_error)?;
    // A date is no amount and no number of years: in those columns it is the row's error.
    let pay: Vec<String> =
        layout::PAY_COLUMNS.iter().chain(&["years", "bonus", "equity"]).map(|p| fold(p)).collect();
    let flag = args.pay_column.as_deref().map(fold);
    let strict = move |column: &str| {
        let column = fold(column);
        pay.contains(&column) || flag.as_ref() == Some(&column)
    };
    let csv = workbook::csv_stream(bytes, name.to_string(), args.sheet.clone(), Box::new(strict))?;
    Ok((Box::new(csv), true))
}

/// A JSON array as JSON Lines; an input that is no JSON array is its one error.
fn json_lines(bytes: Vec<u8>) -> Result<Vec<u8>, Problem> {
    convert::json_array_to_lines(&bytes).map_err(Problem::JsonArray)
}

/// The input and its name for messages: a file, or stdin for none or `-`.
fn open(path: Option<&Path>) -> Result<(String, Box<dyn Read + Send>), Error> {
    let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
        return Ok(("<stdin>".into(), Box::new(io::stdin())));
    };
    let name = path.display().to_string();
    let file = File::open(path).map_err(|source| Error::Io { path: name.clone(), source })?;
    Ok((name, Box::new(file)))
}
