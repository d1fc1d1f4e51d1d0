//! A map kept as a sorted `Vec`: the small maps of an instrument and of a quiz in progress
//! (texts per language, answers per item).
//!
//! Why not `BTreeMap`: in the widget's wasm every key/value pair of types got its own copy of the
//! B-tree code (about 6 KB each, seven of them). A sorted vector with binary search is a few hundred
//! bytes per type and just as fast for maps of a few hundred entries at most. Iteration is in key
//! order and serialisation writes keys sorted, exactly as `BTreeMap` did, so canonical JSON and
//! instrument hashes are unchanged.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::borrow::Borrow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(Vec::new())
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    pub fn new() -> Self {
        SortedMap(Vec::new())
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`; returns the value it replaces, like `BTreeMap::insert`.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    /// The value at `key`, inserting `value` first when the key is new.
    pub fn get_or_insert(&mut self, key: K, value: V) -> &mut V {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (key, value));
                i
            }
        };
        &mut self.0[i].1
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }
}

impl<K, V> SortedMap<K, V> {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl<V> SortedMap<String, V> {
    /// Pairs with distinct keys (a parsed JSON object's, where the reader refuses repeats), in any
    /// order: sorted once, n log n, however hostile the order.
    pub fn from_distinct(pairs: Vec<(String, V)>) -> Self {
        let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        let order = sort_order(&keys);
        let mut slots: Vec<Option<(String, V)>> = pairs.into_iter().map(Some).collect();
        let sorted: Vec<(String, V)> = order.into_iter().filter_map(|i| slots[i].take()).collect();
        debug_assert!(
            sorted.windows(2).all(|w| w[0].0 < w[1].0),
            "keys must be distinct"
        );
        SortedMap(sorted)
    }
}

/// The permutation that sorts `keys`, equal keys in their original order.
pub fn sort_order(keys: &[&str]) -> Vec<usize> {
    sorted_indices(keys.len(), &|a, b| (keys[a], a) < (keys[b], b))
}

/// The permutation `0..n` sorted by `less` (a strict order on indices). A heapsort: n log n with no
/// bad case, and one copy of a few hundred bytes in the wasm for every use, where each use of the
/// standard sorts (one per element type) brings kilobytes.
pub fn sorted_indices(n: usize, less: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let sift = |v: &mut [usize], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && less(v[child], v[child + 1]) {
            child += 1;
        }
        if !less(v[root], v[child]) {
            break;
        }
        v.swap(root, child);
        root = child;
    };
    let mut order: Vec<usize> = (0..n).collect();
    for start in (0..n / 2).rev() {
        sift(&mut order, start, n);
    }
    for end in (1..n).rev() {
        order.swap(0, end);
        sift(&mut order, 0, end);
    }
    order
}

/// Later pairs replace earlier ones with the same key, like collecting into a `BTreeMap`. Inserts one
/// by one: for small maps built in code; maps read from JSON use [`SortedMap::from_distinct`].
impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut map = SortedMap::new();
        for (k, v) in pairs {
            map.insert(k, v);
        }
        map
    }
}

/// `map["key"]` panics on a missing key, like `BTreeMap`'s index.
impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for SortedMap<K, V> {
    type Output = V;

    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("key present in SortedMap")
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for SortedMap<K, V> {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Serialize, V: Serialize> Serialize for SortedMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_like_a_btree_map() {
        // The same operations on both; every observable result must agree.
        let ops: &[(&str, Option<u8>)] = &[
            ("SS", Some(1)),
            ("APM", Some(2)),
            ("COM", Some(3)),
            ("APM", Some(4)),
            ("CPI", None),
            ("SS", None),
            ("A", Some(5)),
        ];
        let mut ours: SortedMap<String, u8> = SortedMap::new();
        let mut theirs = BTreeMap::new();
        for (key, op) in ops {
            match op {
                Some(v) => assert_eq!(
                    ours.insert(key.to_string(), *v),
                    theirs.insert(key.to_string(), *v)
                ),
                None => assert_eq!(ours.remove(*key), theirs.remove(*key)),
            }
            let a: Vec<_> = ours.iter().collect();
            let b: Vec<_> = theirs.iter().collect();
            assert_eq!(a, b);
        }
        assert_eq!(ours.get("APM"), Some(&4));
        assert!(!ours.contains_key("SS"));
        assert_eq!(
            serde_json::to_string(&ours).unwrap(),
            serde_json::to_string(&theirs).unwrap()
        );
    }

    #[test]
    fn sort_order_agrees_with_the_standard_stable_sort() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for n in [0, 1, 2, 3, 7, 16, 17, 100, 1_000] {
            for _ in 0..20 {
                let keys: Vec<String> = (0..n)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        format!("k{}", seed % (n as u64 / 2 + 1))
                    })
                    .collect();
                let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
                let mut expected: Vec<usize> = (0..n).collect();
                expected.sort_by(|&a, &b| refs[a].cmp(refs[b]));
                assert_eq!(sort_order(&refs), expected, "{refs:?}");
            }
        }
    }

    #[test]
    fn from_distinct_sorts_any_order() {
        let pairs: Vec<(String, usize)> =
            (0..1_000).rev().map(|i| (format!("{i:04}"), i)).collect();
        let m = SortedMap::from_distinct(pairs);
        assert_eq!(m.len(), 1_000);
        assert!(m.keys().zip(m.keys().skip(1)).all(|(a, b)| a < b));
        assert_eq!(m.get("0042"), Some(&42));
    }

    #[test]
    fn collecting_keeps_the_last_value_of_a_key() {
        let m: SortedMap<&str, u8> = [("b", 1), ("a", 2), ("b", 3)].into_iter().collect();
        assert_eq!(m.iter().collect::<Vec<_>>(), [(&"a", &2), (&"b", &3)]);
        let mut m = m;
        *m.get_or_insert("c", 0) += 1;
        *m.get_or_insert("a", 0) += 1;
        assert_eq!(m.values().copied().collect::<Vec<_>>(), [3, 3, 1]);
    }
}
