//! Fuzzes the csv reader and layout detection.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    qfill::fuzzing::Target::Csv.run(data);
});
