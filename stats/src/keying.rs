//! What the report must know about an instrument that payloads do not carry: which items form which
//! dimension, which are reverse-keyed, the scale, and the dimension names. Found by instrument id and
//! sha256 among the built-ins (psm-core), or in an instrument JSON file dropped beside the results.

use psm_core::model::{Instrument, Localized};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Keying {
    pub id: String,
    pub version: String,
    pub sha256: String,
    pub title: Localized,
    pub points: u8,
    pub dimensions: Vec<KeyedDimension>,
    pub items: Vec<KeyedItem>,
    /// "builtin" or "file".
    pub source: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyedDimension {
    pub id: String,
    pub name: Localized,
    /// Indices into [`Keying::items`], in instrument order.
    pub items: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyedItem {
    pub id: String,
    pub dimension: usize,
    pub reverse: bool,
}

impl Keying {
    pub fn from_instrument(inst: &Instrument, sha256: String, source: &'static str) -> Keying {
        let dimensions: Vec<KeyedDimension> = inst
            .dimensions
            .iter()
            .map(|d| KeyedDimension {
                id: d.id.clone(),
                name: d.name.clone(),
                items: inst
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(_, it)| it.dimension == d.id)
                    .map(|(i, _)| i)
                    .collect(),
            })
            .collect();
        let items = inst
            .items
            .iter()
            .map(|it| KeyedItem {
                id: it.id.clone(),
                dimension: inst
                    .dimensions
                    .iter()
                    .position(|d| d.id == it.dimension)
                    .unwrap_or(0),
                reverse: it.reverse,
            })
            .collect();
        Keying {
            id: inst.id.clone(),
            version: inst.version.clone(),
            sha256,
            title: inst.title.clone(),
            points: inst.scale.points,
            dimensions,
            items,
            source,
        }
    }

    /// Keyed value of a raw answer: reverse-keyed items are scored (points + 1) - x.
    pub fn keyed(&self, item: usize, raw: u8) -> f64 {
        if self.items[item].reverse {
            f64::from(self.points) + 1.0 - f64::from(raw)
        } else {
            f64::from(raw)
        }
    }

    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|it| it.id == id)
    }
}

/// The built-in instruments with the sha256 their payloads carry.
pub fn builtins() -> Vec<Keying> {
    psm_core::builtin::ids()
        .iter()
        .filter_map(|id| psm_core::builtin::get(id))
        .map(|inst| {
            let sha = psm_core::canonical::instrument_sha256(&inst);
            Keying::from_instrument(&inst, sha, "builtin")
        })
        .collect()
}

/// An instrument definition from a dropped file, validated by psm-core.
pub fn from_json(json: &str) -> Result<Keying, String> {
    let inst = psm_core::instrument::parse(json).map_err(|e| e.message)?;
    let sha = psm_core::canonical::instrument_sha256(&inst);
    Ok(Keying::from_instrument(&inst, sha, "file"))
}
