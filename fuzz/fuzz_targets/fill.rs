//! Fuzzes the fill pipeline and the in-place xlsx writer; the output must read back.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    qfill::fuzzing::Target::Fill.run(data);
});
