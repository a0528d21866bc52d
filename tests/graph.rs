//! `claimlint graph`: the example corpus's graph as DOT and JSON.

use std::process::Command;

fn graph(format: &str) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args(["graph", "--format", format])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run claimlint");
    (out.status.code(), String::from_utf8(out.stdout).expect("UTF-8"))
}

#[test]
fn json_graph_has_every_edge_kind_and_findings_between_claims() {
    let (code, text) = graph("json");
    assert_eq!(code, Some(0), "a graph export is not a check: findings do not fail it");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let nodes = doc["nodes"].as_array().unwrap();
    let ids: Vec<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "nodes are sorted by id");
    assert!(ids.contains(&"entity:turkey") && ids.contains(&"report:turkey-talking-to-russia"));
    let edges = doc["edges"].as_array().unwrap();
    for kind in ["subject", "value", "reported-in", "attributed-to", "part-of", "speaks-for"] {
        assert!(edges.iter().any(|e| e["kind"] == kind), "no {kind} edge");
    }
    // The Aleppo contradiction joins a claim of each report of the 13th.
    let negation = edges.iter().find(|e| e["kind"] == "finding:negation").expect("a negation edge");
    assert_eq!(negation["severity"], "error");
    // Every edge joins known nodes.
    for e in edges {
        assert!(ids.contains(&e["from"].as_str().unwrap()) && ids.contains(&e["to"].as_str().unwrap()), "{e}");
    }
}

#[test]
fn dot_graph_is_a_digraph_with_coloured_findings() {
    let (code, text) = graph("dot");
    assert_eq!(code, Some(0));
    assert!(text.starts_with("digraph claimlint {\n") && text.ends_with("}\n"));
    assert!(text.contains("\"entity:turkey\" [shape=box, label=\"Turkey\"];"), "{text}");
    assert!(text.contains("label=\"finding:negation\", color=red"));
    // Quotes inside labels are escaped.
    assert!(!text.lines().any(|l| l.matches('"').count() % 2 == 1), "unbalanced quotes");
}
