//! What every example shares: printing a result and exiting with the right status.

#![allow(dead_code)]

use std::process::ExitCode;

/// Writes `text` to standard output in one go. A closed pipe (`| head`) ends the output quietly
/// instead of panicking as `print!` does; the examples print through this.
pub fn write_stdout(text: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Ends an example: the text on standard output and exit status 0, or every fault on standard
/// error and exit status 2 (nothing on standard output).
#[must_use]
pub fn finish(result: crate::Result<String>) -> std::process::ExitCode {
    match result {
        Ok(text) => {
            write_stdout(&text);
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprint!("{}", error_report(&e));
            std::process::ExitCode::from(2)
        }
    }
}
