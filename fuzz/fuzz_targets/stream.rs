#![no_main]
//! Fuzz target: stream. The streaming register path against the careful one on any input, as
//! CSV, JSON Lines and JSON: both accept it with the same scored CSV, or both refuse it with the
//! same error. None may panic, hang or exhaust memory.

use libfuzzer_sys::fuzz_target;
use needmatrix::stream::ScoredStream;
use needmatrix::{Matrix, Register, RegisterFormat, report};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let m = Matrix::reference();
    for format in [RegisterFormat::Csv, RegisterFormat::JsonLines, RegisterFormat::Json] {
        let careful = Register::from_text(m, text, format)
            .and_then(|r| r.into_scored(m))
            .map(|s| report::register_csv(&s))
            .map_err(|e| e.to_string());
        for threads in [1, 2] {
            let streamed = ScoredStream::with_threads(m, text.to_owned(), format, threads)
                .map(|s| {
                    let mut out = Vec::new();
                    report::write_stream_csv(&s, &mut out).expect("writing to memory");
                    String::from_utf8(out).expect("the scored CSV is UTF-8")
                })
                .map_err(|e| e.to_string());
            assert_eq!(streamed, careful, "{format} on {threads} thread(s)");
        }
    }
});
