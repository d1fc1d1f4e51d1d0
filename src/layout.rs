//! Items per page from the width the quiz actually has (its container, not the window).

/// Below this width (CSS px) the quiz is laid out for a phone.
pub const NARROW_MAX: f64 = 600.0;
pub const PHONE_ITEMS: usize = 4;
pub const WIDE_ITEMS: usize = 8;

/// A zero width means "not laid out yet" (hidden or detached): assume a phone, the common case.
pub fn items_per_page(width: f64) -> usize {
    if width.is_finite() && width >= NARROW_MAX {
        WIDE_ITEMS
    } else {
        PHONE_ITEMS
    }
}

/// Rough minutes to fill in `items` statements, for the consent screen (about 15 s each).
pub fn minutes_for(items: usize) -> usize {
    (items * 15).div_ceil(60).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_and_wide_layouts() {
        assert_eq!(items_per_page(320.0), PHONE_ITEMS);
        assert_eq!(items_per_page(599.9), PHONE_ITEMS);
        assert_eq!(items_per_page(600.0), WIDE_ITEMS);
        assert_eq!(items_per_page(0.0), PHONE_ITEMS);
        assert_eq!(items_per_page(f64::NAN), PHONE_ITEMS);
        assert_eq!(minutes_for(24), 6);
        assert_eq!(minutes_for(1), 1);
    }
}
