//! Any bytes as batch's JSON Lines input (the first byte picks the options): never a panic,
//! one row per non-blank line, in order, each bad row named on stderr. The laws are in
//! tests/invariants, which CI checks too.
#![no_main]

use mlsal::cli::InputFormat;

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    if let Some((&mode, input)) = input.split_first() {
        invariants::batch(input, mode, InputFormat::Jsonl);
    }
});
