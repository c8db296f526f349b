//! In-process benchmarks (divan): one estimate, one batch row, and loading the tables.
//! Run with `cargo bench`; whole-program figures come from `scripts/bench.sh`.

use mlsal::cli::InputFormat;
use mlsal::cmd::batch::{Job, Layout};
use mlsal::model::{Options, ProfileSpec, estimate};
use mlsal::output::Format;

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

/// A chunk of 1,000 rows of `mlsal batch` shaped like an HR export (an id and a name on every
/// row, so no two rows repeat): read, looked up (values already seen, as in a long file),
/// estimated and written as CSV. Divide by 1,000 for one row.
#[divan::bench]
fn batch_chunk_of_1000_rows(bencher: divan::Bencher) {
    let tables = mlsal::embedded::tables();
    let header = "employee_id,name,city,years,education,specialization,industry,company_size";
    let layout = Layout::new(header.split(',').map(String::from).collect(), false).unwrap();
    let opts = Options::default();
    let job = Job::new(&tables, &opts, &layout, InputFormat::Csv, Format::Csv, false);
    let cities = ["sf", "London", "New York", "austin", "berlin"];
    let chunk: String = (0..1000)
        .map(|i| {
            format!("E{i:07},person {i},{},{}.{},phd,nlp,tech,big-tech\n", cities[i % 5], i % 20, i % 10)
        })
        .collect();
    let mut worker = job.worker();
    job.chunk(&mut worker, chunk.as_bytes()).unwrap();
    bencher.bench_local(|| job.chunk(&mut worker, divan::black_box(chunk.as_bytes())).unwrap().rows);
}

/// Issue 10 item 7: 20,000 rows whose city is 1,000 bytes of junk, distinct per row, so each
/// is looked up, refused and its message made, with no memo to help (a fresh worker per run)
/// and no suggestion worked out (the value is too long to be a typo). Target: under 1 s (the
/// whole program is timed by `scripts/bench.sh junk`).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn batch_20000_rows_of_1000_byte_junk_cities(bencher: divan::Bencher) {
    let tables = mlsal::embedded::tables();
    let layout = Layout::new(["id", "years", "city"].map(String::from).to_vec(), false).unwrap();
    let opts = Options::default();
    let job = Job::new(&tables, &opts, &layout, InputFormat::Csv, Format::Csv, false);
    let mut state = 10u64;
    let mut junk = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        char::from(b'a' + (state >> 33) as u8 % 26)
    };
    let chunk: String = (0..20_000)
        .map(|i| format!("{i},{},{}\n", i % 30, (0..1000).map(|_| junk()).collect::<String>()))
        .collect();
    bencher.with_inputs(|| job.worker()).bench_local_values(|mut worker| {
        let done = job.chunk(&mut worker, divan::black_box(chunk.as_bytes())).unwrap();
        assert_eq!(done.bad.len(), 20_000);
        done.rows
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
