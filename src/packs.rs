//! The standard rule packs, compiled into the binary from the repository's `rules/`.

/// (pack name, TOML text), in load order: vocabulary first.
pub const BUILTIN: &[(&str, &str)] =
    &[("news", include_str!("../rules/news.toml")), ("consistency", include_str!("../rules/consistency.toml"))];
