//! Fuzzes workbook reading and layout detection.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    qfill::fuzzing::Target::Read.run(data);
});
