//! `relation-cycle` (DESIGN §3 v2): a cycle through `part-of` and `speaks-for` edges together is
//! an error naming the entities on it, in order. Along those edges a value entails others ("Putin
//! is responsible" asserts "Russia is responsible"): on a cycle every entity would entail every
//! other, so the corpus's relations say something that cannot hold.
//!
//! Each strongly connected set of entities (Tarjan's algorithm) is reported once: the shortest
//! cycle through its entity of the smallest id, each step taken towards the smallest id first,
//! so that the finding is the same whatever order the files were read in. The entities stay, with
//! their relations: the graph's walks tolerate cycles, and every other check still runs.

use crate::codes::Code;
use crate::findings::Finding;
use crate::model::{Corpus, EntityId, Relation};
use crate::source::Span;
use std::collections::VecDeque;

/// A declared relation: from an entity to another, and where the other is named.
#[derive(Debug, Clone, Copy)]
pub(super) struct Edge {
    pub(super) from: EntityId,
    pub(super) to: EntityId,
    pub(super) relation: Relation,
    pub(super) span: Span,
}

/// A finding for each cycle of `edges` (the relations of the entities of `corpus`).
pub(super) fn find(corpus: &Corpus, edges: &[Edge]) -> Vec<Finding> {
    let n = corpus.entities.len();
    let id = |e: EntityId| corpus.entity(e).id.as_str();
    // Each entity's edges, towards the smallest id first (then part-of before speaks-for).
    let mut out: Vec<Vec<Edge>> = vec![Vec::new(); n];
    for e in edges {
        out[e.from.0 as usize].push(*e);
    }
    for list in &mut out {
        list.sort_by(|a, b| (id(a.to), a.relation, a.span.start).cmp(&(id(b.to), b.relation, b.span.start)));
    }
    let mut findings = Vec::new();
    for component in components(&out) {
        let self_loop = component.len() == 1 && out[component[0]].iter().any(|e| e.to.0 as usize == component[0]);
        if component.len() < 2 && !self_loop {
            continue;
        }
        let Some(&start) = component.iter().min_by_key(|&&v| id(EntityId(v as u32))) else { continue };
        let mut inside = vec![false; n];
        for &v in &component {
            inside[v] = true;
        }
        let Some(cycle) = shortest_cycle(&out, &inside, start) else { continue };
        findings.push(finding(corpus, &cycle, &component));
    }
    findings
}

/// The strongly connected components of the graph, by Tarjan's algorithm, iteratively (a long
/// chain of `part-of` must not overflow the stack).
fn components(out: &[Vec<Edge>]) -> Vec<Vec<usize>> {
    let n = out.len();
    const UNSEEN: usize = usize::MAX;
    let (mut index, mut low, mut on_stack) = (vec![UNSEEN; n], vec![0; n], vec![false; n]);
    let (mut stack, mut found, mut next) = (Vec::new(), Vec::new(), 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (vertex, how many of its edges have been followed)
        let mut calls = vec![(root, 0usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut i)) = calls.last_mut() {
            if let Some(edge) = out[v].get(*i) {
                *i += 1;
                let w = edge.to.0 as usize;
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                found.push(component);
            }
        }
    }
    found
}

/// The shortest cycle from `start` back to it through entities `inside` its component, as its
/// edges in order: a breadth-first search whose first path found takes the smallest ids.
fn shortest_cycle(out: &[Vec<Edge>], inside: &[bool], start: usize) -> Option<Vec<Edge>> {
    let mut came_by: Vec<Option<Edge>> = vec![None; out.len()];
    let mut queue = VecDeque::from([start]);
    let mut seen = vec![false; out.len()];
    seen[start] = true;
    while let Some(v) = queue.pop_front() {
        for edge in &out[v] {
            let w = edge.to.0 as usize;
            if w == start {
                let mut cycle = vec![*edge];
                let mut at = v;
                while at != start {
                    let e = came_by[at]?;
                    cycle.push(e);
                    at = e.from.0 as usize;
                }
                cycle.reverse();
                return Some(cycle);
            }
            if inside[w] && !seen[w] {
                seen[w] = true;
                came_by[w] = Some(*edge);
                queue.push_back(w);
            }
        }
    }
    None
}

fn finding(corpus: &Corpus, cycle: &[Edge], component: &[usize]) -> Finding {
    let id = |e: EntityId| corpus.entity(e).id.as_str();
    let step = |e: &Edge| match e.relation {
        Relation::PartOf => format!("`{}` is part of `{}`", id(e.from), id(e.to)),
        Relation::SpeaksFor => format!("`{}` speaks for `{}`", id(e.from), id(e.to)),
    };
    let mut chain = format!("`{}`", id(cycle[0].from));
    for e in cycle {
        chain.push_str(&format!(" {} `{}`", e.relation.as_str(), id(e.to)));
    }
    let msg = if cycle.len() == 1 {
        format!("entity `{}` is related to itself: {chain}", id(cycle[0].from))
    } else {
        format!("the relations of {} entities form a cycle: {chain}", cycle.len())
    };
    let mut f = Finding::corpus(Code::RelationCycle, cycle[0].span, msg, step(&cycle[0])).with_help(
        "`part-of` and `speaks-for` lead to larger entities and to those an entity speaks for: on a cycle, every \
         entity would entail every other. Remove the relation that does not hold",
    );
    for e in &cycle[1..] {
        f = f.with_location(e.span, step(e));
    }
    let on_cycle: Vec<usize> = cycle.iter().map(|e| e.from.0 as usize).collect();
    let mut others: Vec<&str> =
        component.iter().filter(|v| !on_cycle.contains(v)).map(|&v| id(EntityId(v as u32))).collect();
    if !others.is_empty() {
        others.sort_unstable();
        let shown: Vec<String> = others.iter().map(|o| format!("`{o}`")).collect();
        f.notes.push(format!("more cycles run through these entities and {}", shown.join(", ")));
    }
    f
}
