//! The claim graph: entities, reports and claims as nodes; what relates them as edges.
//!
//! Rules ask it who a source speaks for and what a place is part of; `claimlint graph` exports
//! it. Built once from the resolved corpus.

use crate::model::{ClaimId, Corpus, Entity, EntityId, ReportId, Speaker, Value};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Entity(EntityId),
    Report(ReportId),
    Claim(ClaimId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// claim → the entity it is about
    Subject,
    /// claim → the entity that is its value
    Value,
    /// claim → the report it was made in
    ReportedIn,
    /// claim → who asserts it
    AttributedTo,
    /// entity → a larger entity it belongs to
    PartOf,
    /// source entity → whose position its statements express
    SpeaksFor,
    /// derived claim → the claim it was derived from
    DerivedFrom,
}

impl Edge {
    pub fn as_str(self) -> &'static str {
        match self {
            Edge::Subject => "subject",
            Edge::Value => "value",
            Edge::ReportedIn => "reported-in",
            Edge::AttributedTo => "attributed-to",
            Edge::PartOf => "part-of",
            Edge::SpeaksFor => "speaks-for",
            Edge::DerivedFrom => "derived-from",
        }
    }
}

pub struct ClaimGraph {
    pub graph: DiGraph<Node, Edge>,
    entity_nodes: Vec<NodeIndex>,
    report_nodes: Vec<NodeIndex>,
    claim_nodes: Vec<NodeIndex>,
    /// For each entity, itself and every entity it speaks for, transitively; sorted.
    voices: Vec<Vec<EntityId>>,
    /// For each entity, itself and every entity it is part of, transitively; sorted.
    containers: Vec<Vec<EntityId>>,
}

impl ClaimGraph {
    pub fn build(corpus: &Corpus) -> ClaimGraph {
        let mut graph = DiGraph::with_capacity(
            corpus.entities.len() + corpus.reports.len() + corpus.claims.len(),
            corpus.claims.len() * 4 + corpus.entities.len(),
        );
        let entity_nodes: Vec<_> =
            (0..corpus.entities.len()).map(|i| graph.add_node(Node::Entity(EntityId(i as u32)))).collect();
        let report_nodes: Vec<_> =
            (0..corpus.reports.len()).map(|i| graph.add_node(Node::Report(ReportId(i as u32)))).collect();
        let claim_nodes: Vec<_> =
            (0..corpus.claims.len()).map(|i| graph.add_node(Node::Claim(ClaimId(i as u32)))).collect();
        for (i, e) in corpus.entities.iter().enumerate() {
            for p in &e.part_of {
                graph.add_edge(entity_nodes[i], entity_nodes[p.0 as usize], Edge::PartOf);
            }
            for s in &e.speaks_for {
                graph.add_edge(entity_nodes[i], entity_nodes[s.0 as usize], Edge::SpeaksFor);
            }
        }
        for (i, c) in corpus.claims.iter().enumerate() {
            let n = claim_nodes[i];
            graph.add_edge(n, entity_nodes[c.subject.0 as usize], Edge::Subject);
            graph.add_edge(n, report_nodes[c.report.0 as usize], Edge::ReportedIn);
            if let Value::Entity(e) = c.value {
                graph.add_edge(n, entity_nodes[e.0 as usize], Edge::Value);
            }
            if let Speaker::Entity(e) = c.source {
                graph.add_edge(n, entity_nodes[e.0 as usize], Edge::AttributedTo);
            }
            if let Some(d) = &c.derived {
                graph.add_edge(n, claim_nodes[d.from.0 as usize], Edge::DerivedFrom);
            }
        }
        // The closures are asked for per claim pair and per speaker; computed once here, over the
        // entities' own links (a search of the whole graph would visit every claim too).
        let closures = |links: fn(&Entity) -> &[EntityId]| -> Vec<Vec<EntityId>> {
            (0..corpus.entities.len() as u32)
                .map(|i| {
                    let mut seen = BTreeSet::from([EntityId(i)]);
                    let mut stack = vec![EntityId(i)];
                    while let Some(e) = stack.pop() {
                        for &next in links(corpus.entity(e)) {
                            if seen.insert(next) {
                                stack.push(next);
                            }
                        }
                    }
                    seen.into_iter().collect()
                })
                .collect()
        };
        let voices = closures(|e| &e.speaks_for);
        let containers = closures(|e| &e.part_of);
        ClaimGraph { graph, entity_nodes, report_nodes, claim_nodes, voices, containers }
    }

    pub fn entity_node(&self, e: EntityId) -> NodeIndex {
        self.entity_nodes[e.0 as usize]
    }
    pub fn report_node(&self, r: ReportId) -> NodeIndex {
        self.report_nodes[r.0 as usize]
    }
    pub fn claim_node(&self, c: ClaimId) -> NodeIndex {
        self.claim_nodes[c.0 as usize]
    }

    fn closure(closures: &[Vec<EntityId>], e: EntityId) -> &[EntityId] {
        closures.get(e.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// Whose position a source's statements express: itself and everyone it speaks for,
    /// transitively (a spokesman speaks for a ministry, which speaks for a government).
    pub fn voices(&self, e: EntityId) -> BTreeSet<EntityId> {
        Self::closure(&self.voices, e).iter().copied().collect()
    }

    /// An entity and everything it is part of, transitively.
    pub fn containers(&self, e: EntityId) -> BTreeSet<EntityId> {
        Self::closure(&self.containers, e).iter().copied().collect()
    }

    /// Whether one of two entities is part of the other (eastern Aleppo and Aleppo): a claim of
    /// one does not contradict a claim of the other.
    pub fn nested(&self, a: EntityId, b: EntityId) -> bool {
        let within = |x: EntityId, y: EntityId| Self::closure(&self.containers, x).binary_search(&y).is_ok();
        a == b || within(a, b) || within(b, a)
    }
}
