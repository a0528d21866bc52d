//! `claimlint graph`: the claim graph exported as Graphviz DOT or JSON, with findings as edges
//! between the claims they involve, for a picture of who said what and where reports disagree.

use crate::findings::{Finding, Severity};
use crate::graph::EntityGraph;
use crate::model::{ClaimId, Corpus, EntityId, ReportId, Speaker, Value};
use crate::rules::Context;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    Dot,
    Json,
}

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
    /// entity → entity, as the entity graph relates them
    Relation(crate::graph::Relation),
    /// derived claim → the claim it was derived from
    DerivedFrom,
    /// claim → a claim it corrects or retracts (`corrects`)
    Corrects,
}

impl Edge {
    pub fn as_str(self) -> &'static str {
        match self {
            Edge::Subject => "subject",
            Edge::Value => "value",
            Edge::ReportedIn => "reported-in",
            Edge::AttributedTo => "attributed-to",
            Edge::Relation(r) => r.as_str(),
            Edge::DerivedFrom => "derived-from",
            Edge::Corrects => "corrects",
        }
    }
}

/// The claim graph: entities, reports and claims (the quoted ones and those `implies` rules
/// derive, keyed by claim id) as nodes, what relates them as edges. Only `claimlint graph` needs
/// it, so only that command builds it; the rules read the [`EntityGraph`].
pub struct ClaimGraph {
    pub graph: DiGraph<Node, Edge>,
}

impl ClaimGraph {
    pub fn build(ctx: &Context) -> ClaimGraph {
        let (corpus, entities) = (ctx.corpus, ctx.graph);
        let mut graph = DiGraph::with_capacity(
            corpus.entities.len() + corpus.reports.len() + ctx.claim_count(),
            corpus.claims.len() * 4 + ctx.derived.len() + corpus.entities.len(),
        );
        let entity_nodes: Vec<_> =
            (0..corpus.entities.len()).map(|i| graph.add_node(Node::Entity(EntityId(i as u32)))).collect();
        let report_nodes: Vec<_> =
            (0..corpus.reports.len()).map(|i| graph.add_node(Node::Report(ReportId(i as u32)))).collect();
        let claim_nodes: Vec<_> =
            (0..ctx.claim_count()).map(|i| graph.add_node(Node::Claim(ClaimId(i as u32)))).collect();
        let entity = |e: EntityId| entity_nodes[e.0 as usize];
        for (from, relation, to) in entities.relations() {
            graph.add_edge(entity(from), entity(to), Edge::Relation(relation));
        }
        for (i, c) in corpus.claims.iter().enumerate() {
            let n: NodeIndex = claim_nodes[i];
            graph.add_edge(n, entity(c.subject), Edge::Subject);
            graph.add_edge(n, report_nodes[c.report.0 as usize], Edge::ReportedIn);
            if let Value::Entity(e) = c.value {
                graph.add_edge(n, entity(e), Edge::Value);
            }
            if let Speaker::Entity(e) = c.source {
                graph.add_edge(n, entity(e), Edge::AttributedTo);
            }
            for corrected in c.corrects() {
                graph.add_edge(n, claim_nodes[corrected.0 as usize], Edge::Corrects);
            }
        }
        // A derived claim is drawn with the claim it comes from, which may itself be derived.
        for (i, c) in ctx.derived.iter().enumerate() {
            if let Some(d) = c.derived() {
                graph.add_edge(claim_nodes[corpus.claims.len() + i], claim_nodes[d.from.0 as usize], Edge::DerivedFrom);
            }
        }
        ClaimGraph { graph }
    }
}

#[derive(Serialize)]
struct GraphNode {
    id: String,
    #[serde(rename = "type")]
    node_type: &'static str,
    label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
}

#[derive(Serialize)]
struct GraphEdge {
    from: String,
    to: String,
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<Severity>,
}

#[derive(Serialize)]
struct GraphDoc {
    version: u32,
    nodes: Vec<GraphNode>,
    edges: Vec<GraphEdge>,
}

fn node_id(ctx: &Context, n: Node) -> String {
    let corpus = ctx.corpus;
    match n {
        Node::Entity(e) => format!("entity:{}", corpus.entity(e).id),
        Node::Report(r) => format!("report:{}", corpus.report(r).id),
        Node::Claim(c) => format!("claim:{}", ctx.claim_ref(c)),
    }
}

fn node(ctx: &Context, n: Node) -> GraphNode {
    let corpus = ctx.corpus;
    let id = node_id(ctx, n);
    match n {
        Node::Entity(e) => {
            let e = corpus.entity(e);
            GraphNode { id, node_type: "entity", label: e.name.clone(), kind: Some(e.kind.clone()) }
        }
        Node::Report(r) => {
            let r = corpus.report(r);
            GraphNode {
                id,
                node_type: "report",
                label: format!("{} ({}, {})", r.title, r.outlet, r.published),
                kind: None,
            }
        }
        // A derived claim reads as its label under a quote does: what it says, and what implies it.
        Node::Claim(c) if ctx.claim(c).derived().is_some() => {
            GraphNode { id, node_type: "derived-claim", label: ctx.label(c), kind: None }
        }
        Node::Claim(c) => {
            let claim = corpus.claim(c);
            let pred = &corpus.predicate(claim.predicate).name;
            let not = if claim.negated { "NOT " } else { "" };
            let value = corpus.value_text(claim.predicate, &claim.value);
            GraphNode { id, node_type: "claim", label: format!("{pred}: {not}{value}"), kind: None }
        }
    }
}

/// Builds the document: nodes sorted by id, then graph edges and finding edges, sorted, so the
/// export does not depend on load order.
fn document(ctx: &Context, graph: &ClaimGraph, findings: &[Finding]) -> GraphDoc {
    let g = &graph.graph;
    let mut nodes: Vec<GraphNode> = g.node_indices().map(|i| node(ctx, g[i])).collect();
    let mut edges: Vec<GraphEdge> = g
        .edge_references()
        .map(|e| GraphEdge {
            from: node_id(ctx, g[e.source()]),
            to: node_id(ctx, g[e.target()]),
            kind: e.weight().as_str().to_string(),
            severity: None,
        })
        .collect();
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
    edges.sort_by(|a, b| (&a.from, &a.to, &a.kind).cmp(&(&b.from, &b.to, &b.kind)));
    // A finding of opposing claims draws one edge per pair, from the claim that asserts (or the
    // earlier) to the other (DESIGN §5 v2); one without pairs (a corroboration, an open question)
    // links its first claim to each other claim it involves.
    for f in findings {
        let edge = |from: &str, to: &str| GraphEdge {
            from: format!("claim:{from}"),
            to: format!("claim:{to}"),
            kind: format!("finding:{}", f.rule),
            severity: Some(f.severity),
        };
        if !f.pairs.is_empty() {
            for &(a, b) in &f.pairs {
                if let (Some(a), Some(b)) = (f.claims.get(a), f.claims.get(b)) {
                    edges.push(edge(a, b));
                }
            }
            continue;
        }
        let mut claims = f.claims.iter();
        let Some(first) = claims.next() else { continue };
        for other in claims {
            edges.push(edge(first, other));
        }
    }
    GraphDoc { version: 1, nodes, edges }
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// Builds the claim graph of a checked corpus and writes it, with its findings, in `format`.
pub fn render(
    format: GraphFormat,
    corpus: &Corpus,
    entities: &EntityGraph,
    findings: &[Finding],
    out: &mut dyn Write,
) -> io::Result<()> {
    let ctx = Context::new(corpus, entities);
    let graph = ClaimGraph::build(&ctx);
    let doc = document(&ctx, &graph, findings);
    match format {
        GraphFormat::Json => {
            // Serialised first: writing through serde_json would hide a broken pipe inside its own error.
            let text = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
            out.write_all(text.as_bytes())?;
            writeln!(out)
        }
        GraphFormat::Dot => {
            writeln!(out, "digraph claimlint {{")?;
            writeln!(out, "  rankdir=LR;")?;
            writeln!(out, "  node [fontname=\"Helvetica\", fontsize=10];")?;
            for n in &doc.nodes {
                let shape = match n.node_type {
                    "entity" => "box",
                    "report" => "note",
                    "derived-claim" => "diamond",
                    _ => "ellipse",
                };
                writeln!(out, "  \"{}\" [shape={shape}, label=\"{}\"];", dot_escape(&n.id), dot_escape(&n.label))?;
            }
            let styles: BTreeMap<&str, &str> =
                [("part-of", "dashed"), ("speaks-for", "dotted"), ("derived-from", "dashed"), ("corrects", "bold")]
                    .into_iter()
                    .collect();
            for e in &doc.edges {
                let mut attrs = vec![format!("label=\"{}\"", dot_escape(&e.kind))];
                if let Some(sev) = e.severity {
                    let color = match sev {
                        Severity::Error => "red",
                        Severity::Warning => "orange",
                        Severity::Note => "gray40",
                    };
                    attrs.push(format!("color={color}, fontcolor={color}, dir=none, penwidth=2"));
                } else if let Some(style) = styles.get(e.kind.as_str()) {
                    attrs.push(format!("style={style}"));
                }
                writeln!(out, "  \"{}\" -> \"{}\" [{}];", dot_escape(&e.from), dot_escape(&e.to), attrs.join(", "))?;
            }
            writeln!(out, "}}")
        }
    }
}
