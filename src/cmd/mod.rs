//! One module per subcommand. Each takes its parsed arguments and a [`Ctx`] and writes its
//! results to `ctx.out`; none of them touch stdout, stderr or files directly.

use std::io::Write;

use crate::output::Style;
use crate::tables::Tables;

pub mod estimate;
pub mod list;

/// What every command gets: the validated tables and where and how to write.
pub struct Ctx<'a> {
    pub tables: &'a Tables,
    pub out: &'a mut dyn Write,
    pub style: Style,
    pub quiet: bool,
}
