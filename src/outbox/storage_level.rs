//! Whether the device can still keep results: the outbox refuses to pretend, and the kiosk tells staff early.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageLevel {
    Ok,
    /// Room for only a few more results: tell the operator now.
    NearlyFull,
    /// Nothing can be written (private mode, storage disabled, quota exhausted).
    Unavailable,
}

/// Room a kiosk wants left for results (a payload is about 1-3 KB; this keeps a day's queue).
pub const RESERVE_BYTES: u64 = 256 * 1024;

/// `probe_ok`: a write of a reserve-sized probe succeeded (and was removed again).
/// `used` / `quota`: bytes, when the browser reports them.
pub fn storage_level(
    writable: bool,
    probe_ok: bool,
    used: Option<u64>,
    quota: Option<u64>,
) -> StorageLevel {
    if !writable {
        return StorageLevel::Unavailable;
    }
    if !probe_ok {
        return StorageLevel::NearlyFull;
    }
    match (used, quota) {
        (Some(used), Some(quota)) if quota.saturating_sub(used) < RESERVE_BYTES => {
            StorageLevel::NearlyFull
        }
        _ => StorageLevel::Ok,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_levels() {
        assert_eq!(
            storage_level(false, true, None, None),
            StorageLevel::Unavailable
        );
        assert_eq!(
            storage_level(true, false, None, None),
            StorageLevel::NearlyFull
        );
        assert_eq!(storage_level(true, true, None, None), StorageLevel::Ok);
        assert_eq!(
            storage_level(true, true, Some(0), Some(RESERVE_BYTES - 1)),
            StorageLevel::NearlyFull
        );
        assert_eq!(
            storage_level(true, true, Some(10), Some(10 * RESERVE_BYTES)),
            StorageLevel::Ok
        );
        assert_eq!(
            storage_level(true, true, Some(20), Some(10)),
            StorageLevel::NearlyFull
        );
    }
}
