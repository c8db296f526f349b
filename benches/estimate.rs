//! In-process benchmarks (divan): one estimate, one batch row, and loading the tables.
//! Run with `cargo bench`; whole-program figures come from `scripts/bench.sh`.

use mlsal::cmd::batch::Columns;
use mlsal::cmd::batch::record::Record;
use mlsal::cmd::batch::resolve::Resolver;
use mlsal::model::{Options, ProfileSpec, estimate};

fn main() {
    divan::main();
}

/// `mlsal estimate --years 4 --city sf`, less process start-up and printing.
#[divan::bench]
fn one_estimate(bencher: divan::Bencher) {
    let tables = mlsal::embedded::tables();
    let spec = ProfileSpec { years: Some(4.0), level: None, factors: [Some("sf"), None, None, None, None] };
    bencher.bench_local(|| {
        let profile = spec.resolve(divan::black_box(&tables)).unwrap();
        estimate(&tables, &profile, &Options::default()).mid
    });
}

/// One row of `mlsal batch` (values already seen, as in a long file): resolve and estimate.
#[divan::bench]
fn one_batch_row(bencher: divan::Bencher) {
    let tables = mlsal::embedded::tables();
    let header = "years,city,education,specialization,industry,company_size";
    let columns = Columns::from_names(header.split(',').map(String::from).collect()).unwrap();
    let mut resolver = Resolver::new(&tables);
    let mut record = Record::default();
    record.set_line(b"3.4,denver,none,cv,any,midsize", b',');
    bencher.bench_local(|| {
        let profile = resolver.profile(&columns, divan::black_box(&record)).unwrap();
        estimate(&tables, &profile, &Options::default()).mid
    });
}

/// The shipped tables as start-up gets them: compiled in, validated at build time.
#[divan::bench]
fn tables_compiled() -> mlsal::tables::Tables {
    mlsal::embedded::tables()
}

/// The shipped tables parsed and validated from TOML (what start-up cost before).
#[divan::bench]
fn tables_from_toml() -> mlsal::tables::Tables {
    mlsal::data::load_embedded().unwrap()
}
