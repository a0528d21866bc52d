//! The sources of some claims in classes of one voice, where sharing a voice sorts them into
//! classes. Two sources are one voice when they share an entity they are or speak for
//! (`Graph::one_voice`): two officials of one government, a spokesman and his ministry. That
//! relation need not sort anything (a source speaking for two governments is one voice with
//! the officials of each, who are not one voice together), but on real coverage it does: many
//! officials of a few governments beside sources that speak only for themselves. Then a pair's
//! category (a dispute when its sources are not one voice) is whether the two claims' classes
//! differ, and the figure joins keep classes apart as they keep reports apart, instead of
//! joining a report's or a group's sources two by two. The few sources that bridge classes
//! are left out of them, and joined source by source.

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

    /// Whether a source is among those the classes were made of (not one left out as a bridge).
    pub(super) fn sorts(&self, source: &Speaker) -> bool {
        self.class.contains_key(source)
    }
}

impl Context<'_> {
    /// The classes of one voice among `sources`. Sources that share a voice are put together
    /// (through any chain of shared voices); each such set is a class when one entity is the
    /// voice of all its sources, since then every two of them share it. An outlet speaking
    /// itself is one voice only with itself. Where sharing a voice does not sort `sources` into
    /// classes, the classes of all but the bridges: sources whose voices are not one chain (a
    /// spokesman for two governments, one voice with the officials of each), left out of them
    /// ([`VoiceClasses::sorts`]). The others always sort, by the last voice of their chain, so a
    /// few bridges among thousands of officials leave the thousands in classes. None when even
    /// they do not (voices speaking for each other).
    pub(super) fn voice_classes<'s>(&self, sources: impl IntoIterator<Item = &'s Speaker>) -> Option<VoiceClasses<'s>> {
        let mut distinct: Vec<&Speaker> = sources.into_iter().collect();
        distinct.sort_unstable();
        distinct.dedup();
        if let Some(classes) = self.classes_of(&distinct) {
            return Some(classes);
        }
        distinct.retain(|source| match source {
            Speaker::Entity(e) => self.voices_are_a_chain(*e),
            _ => true,
        });
        self.classes_of(&distinct)
    }

    /// Whether every two of an entity's voices (itself and whom it speaks for) are one above the
    /// other: then they reach one another's voices in turn, n of them, n - 1, … 1.
    fn voices_are_a_chain(&self, e: EntityId) -> bool {
        let voices = self.graph.reachable(e, Relation::SpeaksFor);
        let mut reached: Vec<usize> =
            voices.iter().map(|&v| self.graph.reachable(v, Relation::SpeaksFor).len()).collect();
        reached.sort_unstable();
        reached.iter().enumerate().all(|(i, &n)| n == i + 1)
    }

    /// The classes of `distinct` sources (sorted, without repeats), or None when sharing a voice
    /// does not sort them.
    fn classes_of<'s>(&self, distinct: &[&'s Speaker]) -> Option<VoiceClasses<'s>> {
        // Sources joined through the voices they share, each set by its first source.
        let mut parent: Vec<usize> = (0..distinct.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        // An entity's voices: itself and whom it speaks for, sorted (`Graph::reachable`).
        let voices_of = |source: &Speaker| match source {
            Speaker::Entity(e) => self.graph.reachable(*e, Relation::SpeaksFor),
            _ => &[],
        };
        let mut speaker_of: FastMap<EntityId, usize> = FastMap::default();
        for (i, source) in distinct.iter().enumerate() {
            for &voice in voices_of(source) {
                let first = *speaker_of.entry(voice).or_insert(i);
                let (a, b) = (root(&mut parent, first), root(&mut parent, i));
                parent[a.max(b)] = a.min(b);
            }
        }
        // The voices every source of a set shares, narrowed source by source.
        let mut shared: FastMap<usize, Vec<EntityId>> = FastMap::default();
        for (i, source) in distinct.iter().enumerate() {
            let own = voices_of(source);
            if own.is_empty() {
                continue;
            }
            let r = root(&mut parent, i);
            match shared.get_mut(&r) {
                None => {
                    shared.insert(r, own.to_vec());
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
