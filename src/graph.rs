//! The entity graph: entities as nodes, `part-of` and `speaks-for` as edges, in petgraph. It is
//! the one structure the rules ask who a source speaks for, what a place is part of, and which
//! entities one reaches from another along a relation (DESIGN §4: entailment walks it along the
//! relations a predicate names). Built once per check from the resolved entities.
//!
//! The claim graph of `claimlint graph` (claims, reports and findings too) is built from this one
//! only when that command asks for it ([`crate::export`]).

pub use crate::model::Relation;
use crate::model::{Entity, EntityId};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::BTreeSet;

pub struct EntityGraph {
    /// Node `i` is entity `i`.
    graph: DiGraph<EntityId, Relation, u32>,
    /// For each entity, itself and every entity it speaks for, transitively; sorted.
    voices: Vec<Vec<EntityId>>,
    /// For each entity, itself and every entity it is part of, transitively; sorted.
    containers: Vec<Vec<EntityId>>,
}

impl EntityGraph {
    pub fn build(entities: &[Entity]) -> EntityGraph {
        let edges: usize = entities.iter().map(|e| e.part_of.len() + e.speaks_for.len()).sum();
        let mut graph = DiGraph::with_capacity(entities.len(), edges);
        for i in 0..entities.len() {
            graph.add_node(EntityId(i as u32));
        }
        for (i, e) in entities.iter().enumerate() {
            for (relation, targets) in [(Relation::PartOf, &e.part_of), (Relation::SpeaksFor, &e.speaks_for)] {
                for t in targets {
                    graph.add_edge(NodeIndex::new(i), NodeIndex::new(t.0 as usize), relation);
                }
            }
        }
        let mut g = EntityGraph { graph, voices: Vec::new(), containers: Vec::new() };
        // The closures are asked for per claim pair and per speaker: walked once here.
        g.voices = (0..entities.len() as u32).map(|i| g.walk(EntityId(i), &[Relation::SpeaksFor])).collect();
        g.containers = (0..entities.len() as u32).map(|i| g.walk(EntityId(i), &[Relation::PartOf])).collect();
        g
    }

    /// `from` and every entity reachable from it along edges of the `relations`, sorted.
    fn walk(&self, from: EntityId, relations: &[Relation]) -> Vec<EntityId> {
        let outgoing = |e: EntityId| {
            self.graph
                .edges_directed(NodeIndex::new(e.0 as usize), Direction::Outgoing)
                .filter(move |edge| relations.contains(edge.weight()))
                .map(|edge| self.graph[edge.target()])
        };
        // Most entities relate to nothing: no set to build for them.
        if outgoing(from).next().is_none() {
            return vec![from];
        }
        let mut seen = BTreeSet::from([from]);
        let mut stack = vec![from];
        while let Some(e) = stack.pop() {
            for next in outgoing(e) {
                if seen.insert(next) {
                    stack.push(next);
                }
            }
        }
        seen.into_iter().collect()
    }

    fn closure(closures: &[Vec<EntityId>], e: EntityId) -> &[EntityId] {
        closures.get(e.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// Every entity reachable from `e` along `relation`, `e` included, sorted.
    pub fn reachable(&self, e: EntityId, relation: Relation) -> &[EntityId] {
        match relation {
            Relation::PartOf => Self::closure(&self.containers, e),
            Relation::SpeaksFor => Self::closure(&self.voices, e),
        }
    }

    /// Every value `a` entails along `relations` (DESIGN §4 v2): itself and every entity reachable
    /// from it along those edges, transitively ("Putin" entails "Russia" along `speaks-for`;
    /// "Grabovo" entails "Donetsk region" along `part-of`). Sorted.
    pub fn entailed(&self, a: EntityId, relations: &[Relation]) -> std::borrow::Cow<'_, [EntityId]> {
        match relations {
            [] => std::borrow::Cow::Owned(vec![a]),
            [one] => std::borrow::Cow::Borrowed(self.reachable(a, *one)),
            // Both relations at once: walked, since no pack of the standard set asks for it and
            // its closures would double the graph's memory.
            many => std::borrow::Cow::Owned(self.walk(a, many)),
        }
    }

    /// Whether value `a` entails value `b` along `relations`: `b` is among [`Self::entailed`].
    pub fn entails(&self, a: EntityId, b: EntityId, relations: &[Relation]) -> bool {
        a == b || self.entailed(a, relations).binary_search(&b).is_ok()
    }

    /// Whether two sources are one voice: they share an entity along `speaks-for` (two officials
    /// of one government; a spokesman and his ministry).
    pub fn one_voice(&self, a: EntityId, b: EntityId) -> bool {
        let (va, vb) = (self.reachable(a, Relation::SpeaksFor), self.reachable(b, Relation::SpeaksFor));
        let (mut i, mut j) = (0, 0);
        while i < va.len() && j < vb.len() {
            match va[i].cmp(&vb[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// Whose position a source's statements express: itself and everyone it speaks for,
    /// transitively (a spokesman speaks for a ministry, which speaks for a government).
    pub fn voices(&self, e: EntityId) -> BTreeSet<EntityId> {
        self.reachable(e, Relation::SpeaksFor).iter().copied().collect()
    }

    /// Every relation between two entities, in the order the entity files declare them.
    pub fn relations(&self) -> impl Iterator<Item = (EntityId, Relation, EntityId)> + '_ {
        self.graph.edge_references().map(|e| (self.graph[e.source()], *e.weight(), self.graph[e.target()]))
    }
}
