//! Why an OpenRTB export or a Topics-style release cannot be set up.

use thiserror::Error;

/// An export's options are invalid; [`kind`](Self::kind) says why.
///
/// ```
/// use chat_interests::{ExportErrorKind, UserDataExport};
/// let err = UserDataExport::builder("").build().unwrap_err();
/// assert!(matches!(err.kind(), ExportErrorKind::Provider { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(transparent)]
pub struct ExportError {
    kind: ExportErrorKind,
}

/// What is wrong; see [`ExportError`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ExportErrorKind {
    /// The provider name (`Data.name`) is empty, too long or has control characters.
    #[error("provider name {name:?}: 1 to 128 characters without control characters")]
    Provider {
        /// The name given (at most its first 64 characters).
        name: String,
    },
    /// The number of segments per `Data` object is 0 or above the bound.
    #[error("top_k {k}: 1 to {max} segments per data object")]
    TopK {
        /// The value given.
        k: usize,
        /// The bound.
        max: usize,
    },
    /// The policy has no Topics-style release parameters (`topics`), so it allows no release.
    #[error("policy {policy:?} allows no Topics-style release (it has no `topics` parameters)")]
    NoRelease {
        /// The policy's name.
        policy: String,
    },
    /// The release secret is all zeros (an unset key would make every choice predictable).
    #[error("the Topics release secret is all zeros: give it 16 random bytes kept by the host")]
    WeakSecret,
    /// A stored epoch snapshot is invalid.
    #[error("epoch {epoch} snapshot: {message}")]
    Snapshot {
        /// The snapshot's epoch.
        epoch: i64,
        /// What is wrong.
        message: String,
    },
}

impl ExportError {
    /// What is wrong.
    pub fn kind(&self) -> &ExportErrorKind {
        &self.kind
    }
}

impl From<ExportErrorKind> for ExportError {
    fn from(kind: ExportErrorKind) -> Self {
        Self { kind }
    }
}
