//! One module per subcommand. Each takes its parsed arguments and a [`Ctx`] and writes its
//! results to `ctx.out`; none of them touch stdout, stderr or files directly.

use std::io::Write;

use crate::cli::OutputArgs;
use crate::model::Options;
use crate::output::Style;
use crate::tables::Tables;

pub mod batch;
pub mod completions;
pub mod estimate;
pub mod list;

/// What every command gets: the validated tables and where and how to write.
pub struct Ctx<'a> {
    pub tables: &'a Tables,
    pub out: &'a mut dyn Write,
    pub style: Style,
    pub quiet: bool,
}

impl<'a> Ctx<'a> {
    /// The numeric options every estimating command shares (rounding; currency and total pay
    /// plug in here), built in one place so all commands agree.
    pub fn options(&self, args: &OutputArgs) -> anyhow::Result<Options<'a>> {
        Ok(Options { round: args.round, ..Options::default() })
    }
}
