//! Fuzzes the answer-bank loader (entry file, profile, thesaurus).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    qfill::fuzzing::Target::Bank.run(data);
});
