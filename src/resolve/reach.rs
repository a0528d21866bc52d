//! `relation-limit`: an entity whose `part-of` and `speaks-for` relations reach more than
//! [`MAX_REACHED`] other entities keeps none of them. Along these relations a value entails
//! others, and every entity's closure is kept for the rules (DESIGN §4 v2): a village entails its
//! region and country, a spokesman speaks for a ministry and a government. No real place lies
//! within dozens of others, but an entity file can chain thousands: places nested 5,000 deep
//! gave every claim thousands of facts to support, and a check of 5,000 one-claim reports took
//! 38 s and 6 GB (DESIGN §5 bounds memory by the bytes read).
//!
//! The limit is on what an entity reaches, so an entity within it is never affected: everything
//! it reaches is within it too (and an entity related to one beyond it is beyond it). An entity
//! beyond it is reported at its first relation and its relations are left out; every claim about
//! it is still checked.

use super::cycles::Edge;
use crate::codes::Code;
use crate::findings::{too_many_problems, Finding, MAX_PER_CODE};
use crate::model::{Corpus, EntityId, Relation};
use std::collections::BTreeMap;

/// How many other entities one entity may reach along `part-of` and `speaks-for` together.
pub const MAX_REACHED: usize = 64;

/// Which entities reach more than [`MAX_REACHED`] others along `edges`, and a finding for each
/// (at most [`MAX_PER_CODE`] per entity file, the rest counted).
pub(super) fn limit(corpus: &Corpus, edges: &[Edge]) -> (Vec<bool>, Vec<Finding>) {
    let n = corpus.entities.len();
    let mut out: Vec<Vec<EntityId>> = vec![Vec::new(); n];
    let mut first: Vec<Option<Edge>> = vec![None; n];
    for e in edges {
        out[e.from.0 as usize].push(e.to);
        first[e.from.0 as usize].get_or_insert(*e);
    }
    for targets in &mut out {
        targets.sort_unstable();
        targets.dedup();
    }
    // A walk from each entity that stops past the limit: each visits at most MAX_REACHED + 2
    // entities and, since targets are distinct, reads at most twice as many edges of each.
    let mut beyond = vec![false; n];
    let mut seen = vec![u32::MAX; n];
    let mut stack = Vec::new();
    for from in 0..n {
        if out[from].is_empty() {
            continue;
        }
        let stamp = from as u32;
        seen[from] = stamp;
        stack.clear();
        stack.push(from);
        let mut reached = 0;
        'walk: while let Some(e) = stack.pop() {
            for t in &out[e] {
                let t = t.0 as usize;
                if seen[t] != stamp {
                    seen[t] = stamp;
                    reached += 1;
                    if reached > MAX_REACHED {
                        beyond[from] = true;
                        break 'walk;
                    }
                    stack.push(t);
                }
            }
        }
    }
    let mut findings = Vec::new();
    let mut per_file: BTreeMap<crate::source::FileId, usize> = BTreeMap::new();
    for (i, edge) in first.iter().enumerate() {
        let Some(edge) = edge.filter(|_| beyond[i]) else { continue };
        let n = per_file.entry(edge.span.file).or_default();
        *n += 1;
        if *n <= MAX_PER_CODE {
            findings.push(finding(corpus, &edge));
        }
    }
    for (file, n) in per_file {
        if n > MAX_PER_CODE {
            findings.push(too_many_problems(file, Code::RelationLimit, n - MAX_PER_CODE));
        }
    }
    (beyond, findings)
}

fn finding(corpus: &Corpus, edge: &Edge) -> Finding {
    let id = |e: EntityId| corpus.entity(e).id.as_str();
    let label = match edge.relation {
        Relation::PartOf => format!("`{}` is part of `{}`", id(edge.from), id(edge.to)),
        Relation::SpeaksFor => format!("`{}` speaks for `{}`", id(edge.from), id(edge.to)),
    };
    Finding::corpus(
        Code::RelationLimit,
        edge.span,
        format!(
            "entity `{}` reaches more than {MAX_REACHED} entities along `part-of` and `speaks-for`; its relations are left out",
            id(edge.from)
        ),
        label,
    )
    .with_help(format!(
        "an entity entails every entity its relations reach, and may reach at most {MAX_REACHED}: look for a chain of \
         `part-of` or `speaks-for` that runs on (a generated or doubled entity file). Claims about the entity are still \
         checked, without its relations"
    ))
}
