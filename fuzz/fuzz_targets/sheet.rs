//! Any bytes through the HXL sheet reader: no panic; every row an item or an error.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jointcal::formats::fuzz::sheet(data);
});
