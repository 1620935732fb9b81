//! Any bytes through the IATI reader and the import mapping: no panic, and every
//! activity becomes a record, a refusal or a filtered item.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jointcal::formats::fuzz::iati(data);
});
