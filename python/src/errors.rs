//! The library's errors as one Python exception class, `needmatrix.Error`, carrying the stable
//! code and where the fault was: `.code`, `.file`, `.line`, `.record`, `.field`, and `.faults`,
//! every listed fault of a refused file or frame (at most `MAX_LISTED_FAULTS`).

use pyo3::create_exception;
use pyo3::prelude::*;
use pyo3::types::PyDict;

create_exception!(
    needmatrix,
    Error,
    pyo3::exceptions::PyException,
    "A refusal of the needmatrix library: `.code` is its stable SPEC code, `.file`, `.line`, \
     `.record` and `.field` say where (each `None` when it does not apply), and `.faults` lists \
     every fault of a refused file or frame, first 20, each a dict of the same keys and `message`."
);

/// Where a fault was, as the keys of a dict.
fn place<'py>(
    py: Python<'py>,
    code: &str,
    message: &str,
    at: Option<&needmatrix::Location>,
    path: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("code", code)?;
    d.set_item("message", message)?;
    d.set_item("file", at.and_then(|a| a.file()).or(path))?;
    d.set_item("line", at.and_then(|a| a.line()))?;
    d.set_item("record", at.and_then(|a| a.record()))?;
    d.set_item("field", at.and_then(|a| a.field_name()))?;
    Ok(d)
}

/// The library's error as a `needmatrix.Error`: the message lists every listed fault, one a
/// line, and the attributes are those of the error (for a refused file, its first fault's).
pub(crate) fn to_py(e: needmatrix::Error) -> PyErr {
    Python::attach(|py| {
        let faults = e.faults();
        let mut message = e.to_string();
        for f in faults {
            message.push_str("\n  - ");
            message.push_str(&f.to_string());
        }
        let err = Error::new_err(message.clone());
        let value = err.value(py);
        let set = || -> PyResult<()> {
            let at = e.location();
            let code = e.code().to_string();
            // An I/O error names its file by its path, not a location.
            for (key, item) in place(py, &code, &message, at, e.path())?.iter() {
                let key: String = key.extract()?;
                if key != "message" {
                    value.setattr(key, item)?;
                }
            }
            let listed = faults
                .iter()
                .map(|f| {
                    place(
                        py,
                        f.code().as_str(),
                        &f.to_string(),
                        f.location(),
                        f.path(),
                    )
                })
                .collect::<PyResult<Vec<_>>>()?;
            value.setattr("faults", listed)?;
            Ok(())
        };
        match set() {
            Ok(()) => err,
            Err(other) => other,
        }
    })
}
