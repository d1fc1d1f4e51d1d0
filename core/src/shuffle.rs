//! Deterministic item order: Fisher-Yates driven by splitmix64.
//!
//! The same seed gives the same order on every platform (plain u64 arithmetic, no float, no
//! platform RNG), so a resumed session and a re-scored kiosk record see the order the candidate saw.

use crate::model::Instrument;

/// Item ids of `instrument` in a seeded, deterministic order; always a permutation.
pub fn seeded_order(instrument: &Instrument, seed: u64) -> Vec<String> {
    let mut ids: Vec<String> = instrument.items.iter().map(|i| i.id.clone()).collect();
    let mut rng = SplitMix64(seed);
    for i in (1..ids.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        ids.swap(i, j);
    }
    ids
}

struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..bound (bound > 0) by multiply-shift; the bias is below 2^-54 for the
    /// at most 500 items an instrument has.
    fn below(&mut self, bound: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(bound)) >> 64) as u64
    }
}
