//! The graph picture: an inline SVG of the entities the findings involve (subjects, sources,
//! entity values) with their `part-of` and `speaks-for` relations, read from the entity graph
//! the rules use ([`EntityGraph::relations`]).
//!
//! The layout is layered and deterministic, written here rather than taken from a layout crate:
//! the relations form a forest-like DAG (a cycle is a corpus error), so an entity's row is the
//! length of the longest relation path up from it (what everything speaks for or is part of
//! stands at the top), rows are ordered by the mean place of what each entity points to, then by
//! name, and long rows wrap. Entities without a relation to another drawn one stand apart.

use super::page::{esc, truncate, Page};
use crate::graph::{EntityGraph, Relation};
use crate::model::{EntityId, Speaker, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Entities drawn at most: those most findings involve first, then what they relate to.
const MAX_NODES: usize = 90;
const PER_ROW: usize = 6;
const NODE_W: i64 = 176;
const NODE_H: i64 = 36;
const GAP_X: i64 = 12;
const GAP_Y: i64 = 46;

pub(super) fn graph(page: &Page, h: &mut String) {
    let view = page.run.view;
    h.push_str("<section id=\"graph\" aria-labelledby=\"graph-h\">\n<h2 id=\"graph-h\">Entities and their relations</h2>\n");
    // How many findings involve each entity.
    let mut involved: BTreeMap<EntityId, usize> = BTreeMap::new();
    for e in &page.entries {
        let mut here = BTreeSet::new();
        here.extend(e.subject);
        for c in e.claims.iter().flatten() {
            let claim = page.claim(*c);
            here.insert(claim.subject);
            if let Speaker::Entity(s) = claim.source {
                here.insert(s);
            }
            if let Value::Entity(v) = claim.value {
                here.insert(v);
            }
        }
        for x in here {
            *involved.entry(x).or_default() += 1;
        }
    }
    if involved.is_empty() {
        h.push_str("<p class=\"empty\">No finding involves an entity.</p>\n</section>\n");
        return;
    }
    let name = |e: EntityId| view.entity(e).name.as_str();
    // Entities are ordered by name, then id (unique): never by their place in the corpus, which
    // depends on the order files and tables are read in.
    let key = |e: EntityId| (view.entity(e).name.as_str(), view.entity(e).id.as_str());
    let mut ranked: Vec<(EntityId, usize)> = involved.iter().map(|(&e, &n)| (e, n)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| key(a.0).cmp(&key(b.0))));
    let graph = EntityGraph::build(view.entities());
    let mut relations: Vec<(EntityId, Relation, EntityId)> = graph.relations().collect();
    relations.sort_by(|x, y| (key(x.0), x.1, key(x.2)).cmp(&(key(y.0), y.1, key(y.2))));
    relations.dedup();
    // The most involved entities, then, while there is room, what they relate to.
    let mut nodes: BTreeSet<EntityId> = ranked.iter().take(MAX_NODES * 2 / 3).map(|r| r.0).collect();
    loop {
        let before = nodes.len();
        for &(a, _, b) in &relations {
            if nodes.len() < MAX_NODES && nodes.contains(&a) && !nodes.contains(&b) {
                nodes.insert(b);
            }
        }
        if nodes.len() == before || nodes.len() >= MAX_NODES {
            break;
        }
    }
    for &(e, _) in &ranked {
        if nodes.len() >= MAX_NODES {
            break;
        }
        nodes.insert(e);
    }
    let edges: Vec<(EntityId, Relation, EntityId)> =
        relations.iter().copied().filter(|(a, _, b)| a != b && nodes.contains(a) && nodes.contains(b)).collect();
    let left_out = involved.keys().filter(|e| !nodes.contains(e)).count();
    let _ = writeln!(
        h,
        "<p class=\"intro\">The entities the findings involve (subjects, sources, values) and what they are part of or \
         speak for: <span class=\"key part-of\">part of</span> (solid), <span class=\"key speaks-for\">speaks for</span> \
         (dashed); an arrow points to the larger entity or the one spoken for.{}</p>",
        if left_out > 0 {
            format!(
                " The {} entities most findings involve are drawn; {} more are not.",
                nodes.len(),
                left_out
            )
        } else {
            String::new()
        }
    );
    // Layers: the longest relation path up from each entity (bounded, so a cycle ends).
    let mut layer: BTreeMap<EntityId, usize> = nodes.iter().map(|&n| (n, 0)).collect();
    for _ in 0..nodes.len() {
        let mut changed = false;
        for &(a, _, b) in &edges {
            let up = layer[&b] + 1;
            if layer[&a] < up && up < nodes.len() {
                layer.insert(a, up);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let related: BTreeSet<EntityId> = edges.iter().flat_map(|&(a, _, b)| [a, b]).collect();
    let depth = layer.values().copied().max().unwrap_or(0);
    // Rows of related entities, top down, each ordered by where its targets stand.
    let mut place: BTreeMap<EntityId, (i64, i64)> = BTreeMap::new();
    let mut y = 8;
    let mut order: BTreeMap<EntityId, f64> = BTreeMap::new();
    for l in 0..=depth {
        let mut row: Vec<EntityId> = related.iter().copied().filter(|e| layer[e] == l).collect();
        let mean = |e: EntityId| {
            let targets: Vec<f64> = edges.iter().filter(|x| x.0 == e).filter_map(|x| order.get(&x.2).copied()).collect();
            if targets.is_empty() {
                f64::MAX
            } else {
                targets.iter().sum::<f64>() / targets.len() as f64
            }
        };
        let mut keyed: Vec<(f64, (&str, &str), EntityId)> = row.iter().map(|&e| (mean(e), key(e), e)).collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        row = keyed.into_iter().map(|k| k.2).collect();
        for (i, &e) in row.iter().enumerate() {
            order.insert(e, i as f64);
        }
        for chunk in row.chunks(PER_ROW) {
            // Each row centred under the widest.
            let indent = (PER_ROW - chunk.len()) as i64 * (NODE_W + GAP_X) / 2;
            for (i, &e) in chunk.iter().enumerate() {
                place.insert(e, (8 + indent + i as i64 * (NODE_W + GAP_X), y));
            }
            y += NODE_H + GAP_Y;
        }
    }
    let alone: Vec<EntityId> = {
        let mut v: Vec<EntityId> = nodes.iter().copied().filter(|e| !related.contains(e)).collect();
        v.sort_by(|&a, &b| key(a).cmp(&key(b)));
        v
    };
    let alone_y = y;
    if !alone.is_empty() {
        y += 22;
        for chunk in alone.chunks(PER_ROW) {
            for (i, &e) in chunk.iter().enumerate() {
                place.insert(e, (8 + i as i64 * (NODE_W + GAP_X), y));
            }
            y += NODE_H + 14;
        }
    }
    let width = 16 + PER_ROW as i64 * (NODE_W + GAP_X);
    let height = y + 8;
    let _ = writeln!(
        h,
        "<div class=\"graph-wrap\"><svg class=\"graph\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" \
         role=\"img\" aria-labelledby=\"graph-title\"><title id=\"graph-title\">The entities involved in findings and \
         their relations</title><defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" \
         markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\"/></marker></defs>"
    );
    for &(a, rel, b) in &edges {
        let ((ax, ay), (bx, by)) = (place[&a], place[&b]);
        let (x1, y1) = (ax + NODE_W / 2, if ay > by { ay } else { ay + NODE_H });
        let (x2, y2) = (bx + NODE_W / 2, if ay > by { by + NODE_H } else { by });
        let _ = write!(
            h,
            "<line class=\"rel {}\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" marker-end=\"url(#arrow)\">\
             <title>{} {} {}</title></line>",
            rel.as_str(),
            esc(name(a)),
            rel.as_str(),
            esc(name(b))
        );
    }
    if !alone.is_empty() {
        let _ = write!(h, "<text class=\"apart\" x=\"8\" y=\"{}\">Without a relation to another entity drawn</text>", alone_y + 12);
    }
    // Drawn top down, left to right.
    let mut drawn: Vec<(i64, i64, EntityId)> = place.iter().map(|(&e, &(x, y))| (y, x, e)).collect();
    drawn.sort_unstable();
    for (y, x, e) in drawn {
        let entity = view.entity(e);
        let n = involved.get(&e).copied().unwrap_or(0);
        let timeline = page.timeline_of(e);
        if let Some(t) = timeline {
            let _ = write!(h, "<a href=\"#t{t}\">");
        }
        let _ = write!(
            h,
            "<g class=\"node{}\"><title>{} ({}, id {}): {}</title><rect x=\"{x}\" y=\"{y}\" width=\"{NODE_W}\" height=\"{NODE_H}\" rx=\"5\"/>\
             <text x=\"{}\" y=\"{}\">{}</text><text class=\"kind\" x=\"{}\" y=\"{}\">{}{}</text></g>",
            if n > 0 { " involved" } else { "" },
            esc(&entity.name),
            esc(&entity.kind),
            esc(&entity.id),
            crate::findings::count(n, "finding"),
            x + 8,
            y + 15,
            esc(&truncate(&entity.name, 25)),
            x + 8,
            y + 29,
            esc(&truncate(&entity.kind, 12)),
            if n > 0 { format!(" · {}", crate::findings::count(n, "finding")) } else { String::new() }
        );
        if timeline.is_some() {
            h.push_str("</a>");
        }
    }
    h.push_str("</svg></div>\n</section>\n");
}
