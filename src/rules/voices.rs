//! The sources of some claims in classes of one voice, where sharing a voice sorts them into
//! classes. Two sources are one voice when they share an entity they are or speak for
//! (`Graph::one_voice`): two officials of one government, a spokesman and his ministry. That
//! relation need not sort anything (a source speaking for two governments is one voice with
//! the officials of each, who are not one voice together), but on real coverage it does: many
//! officials of a few governments beside sources that speak only for themselves. Then a pair's
//! category (a dispute when its sources are not one voice) is whether the two claims' classes
//! differ, and the figure joins keep classes apart as they keep reports apart, instead of
//! joining a report's or a group's sources two by two.

use super::context::Context;
use crate::model::{EntityId, FastMap, Relation, Speaker};
use std::collections::BTreeMap;

/// Each source's class: two sources are one voice exactly when their classes are equal.
pub(super) struct VoiceClasses<'s> {
    class: BTreeMap<&'s Speaker, u32>,
}

impl VoiceClasses<'_> {
    /// The class of a source among those the classes were made of.
    pub(super) fn of(&self, source: &Speaker) -> u32 {
        self.class[source]
    }
}

impl Context<'_> {
    /// The classes of one voice among `sources`, or None when sharing a voice does not sort them
    /// into classes. Sources that share a voice are put together (through any chain of shared
    /// voices); each such set is a class when one entity is the voice of all its sources, since
    /// then every two of them share it. An outlet speaking itself is one voice only with
    /// itself.
    pub(super) fn voice_classes<'s>(&self, sources: impl IntoIterator<Item = &'s Speaker>) -> Option<VoiceClasses<'s>> {
        let mut distinct: Vec<&Speaker> = sources.into_iter().collect();
        distinct.sort_unstable();
        distinct.dedup();
        // Sources joined through the voices they share, each set by its first source.
        let mut parent: Vec<usize> = (0..distinct.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        let mut speaker_of: FastMap<EntityId, usize> = FastMap::default();
        for (i, source) in distinct.iter().enumerate() {
            let Speaker::Entity(e) = source else { continue };
            for &voice in self.graph.reachable(*e, Relation::SpeaksFor).iter().chain([e]) {
                let first = *speaker_of.entry(voice).or_insert(i);
                let (a, b) = (root(&mut parent, first), root(&mut parent, i));
                parent[a.max(b)] = a.min(b);
            }
        }
        // The voices every source of a set shares, narrowed source by source.
        let mut shared: FastMap<usize, Vec<EntityId>> = FastMap::default();
        for (i, source) in distinct.iter().enumerate() {
            let Speaker::Entity(e) = source else { continue };
            let r = root(&mut parent, i);
            let mut own: Vec<EntityId> =
                self.graph.reachable(*e, Relation::SpeaksFor).iter().copied().chain([*e]).collect();
            own.sort_unstable();
            own.dedup();
            match shared.get_mut(&r) {
                None => {
                    shared.insert(r, own);
                }
                Some(common) => {
                    common.retain(|v| own.binary_search(v).is_ok());
                    if common.is_empty() {
                        return None;
                    }
                }
            }
        }
        let class = distinct.iter().enumerate().map(|(i, &s)| (s, root(&mut parent, i) as u32)).collect();
        Some(VoiceClasses { class })
    }
}
