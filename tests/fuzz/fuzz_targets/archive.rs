#![no_main]
//! Fuzz target: see `harness.rs`.

#[path = "../harness.rs"]
#[allow(dead_code)] // each target uses one entry point
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::archive(data));
