//! `mlsal list [TABLE]`: the tables behind every number, with their sources.

use crate::cli::{ListArgs, TableName};
use crate::cmd::Ctx;
use crate::output::{emit, emit_led};
use crate::tables::Factor;
use crate::tables::currency::Date;
use crate::view::list::{
    band_rows, compensation_rows, currency_rows, date_rows, dates_lead, entry_rows, source_rows, wage_rows,
};

pub fn run(args: &ListArgs, ctx: &mut Ctx) -> anyhow::Result<()> {
    let tables = ctx.tables;
    let origin = &ctx.origin("list");
    let (out, format, style) = (&mut *ctx.out, args.format, &ctx.style);
    match args.table {
        None => {
            // Text opens with every table's date, so what is dated shows at once; the machine
            // formats keep one row per entry (each with its table's `as_of`).
            let dates = |w: &mut dyn std::io::Write, style: &_| {
                dates_lead(&date_rows(tables, Date::today()), w, style)
            };
            emit_led(out, format, style, &entry_rows(tables, &Factor::ALL), origin, dates)
        }
        Some(TableName::Bands) => emit(out, format, style, &band_rows(tables), origin),
        Some(TableName::Wages) => emit(out, format, style, &wage_rows(tables), origin),
        Some(TableName::Sources) => emit(out, format, style, &source_rows(tables), origin),
        Some(TableName::Compensation) => emit(out, format, style, &compensation_rows(tables), origin),
        Some(TableName::Currencies) => emit(out, format, style, &currency_rows(tables), origin),
        Some(TableName::Matrix) => {
            crate::view::raise::write_matrix(&crate::data::matrix::built_in(), format, style, out, origin)
        }
        Some(TableName::Tables) => emit(out, format, style, &date_rows(tables, Date::today()), origin),
        Some(name) => {
            let factors: Vec<Factor> = name.factor().into_iter().collect();
            emit(out, format, style, &entry_rows(tables, &factors), origin)
        }
    }
}
