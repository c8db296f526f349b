//! Any bytes as one data file over the built-in tables (the first byte picks which file):
//! loaded or refused, never a panic; tables that load estimate in order and every command runs
//! on them. The laws are in tests/invariants, which CI checks too.
#![no_main]

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|input: &[u8]| invariants::data(input));
