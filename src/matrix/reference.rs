//! The built-in reference matrix of SPEC §2, held as data and validated like any other matrix.

use std::sync::OnceLock;

use super::Matrix;

/// The reference matrix file, as shipped in `src/matrix/reference.json`.
pub(crate) const REFERENCE_JSON: &str = include_str!("reference.json");

static REFERENCE: OnceLock<Matrix> = OnceLock::new();

pub(super) fn matrix() -> &'static Matrix {
    REFERENCE.get_or_init(|| {
        // The embedded file is fixed at compile time and checked by the crate's tests
        // (`reference_matrix_is_the_spec`), so it cannot be refused at run time.
        #[allow(clippy::expect_used)]
        Matrix::from_json_str(REFERENCE_JSON).expect("the embedded reference matrix is valid")
    })
}
