//! The documentation of a rule kind or a built-in code, in ruff's sections. A leaf: each kind
//! declares its own (`rules/<kind>.rs`), the codes theirs (`codes`), and `claimlint explain`,
//! SARIF and the README's rule table read them.

/// The documentation of a kind or code.
#[derive(Debug, Clone, Copy)]
pub struct Doc {
    pub name: &'static str,
    /// One line: what it reports.
    pub summary: &'static str,
    /// What it does.
    pub what: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// An example claim pair (TOML).
    pub example: &'static str,
    /// How to fix or accept it.
    pub fix: &'static str,
}

impl Doc {
    /// The whole text, as `claimlint explain` prints it.
    pub fn render(&self) -> String {
        let mut out = format!(
            "# {}\n\n{}\n\n## What it does\n{}\n\n## Why it matters\n{}\n",
            self.name, self.summary, self.what, self.why
        );
        if !self.example.is_empty() {
            out.push_str(&format!("\n## Example\n```toml\n{}\n```\n", self.example));
        }
        out.push_str(&format!("\n## How to fix or accept it\n{}\n", self.fix));
        out
    }
}
