//! claimlint: checks that the claims several news reports make about the same events hang
//! together.
//!
//! The flow is load → resolve → graph → rules → findings → render: [`load`] reads files into
//! spanned raw records, [`resolve`] turns them into a [`model::Corpus`], [`graph`] relates
//! entities, reports and claims, [`rules`] runs the rule kinds, and [`render`] formats the
//! [`findings::Finding`]s. Only `render` and the binary write output.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod cache;
pub mod check;
pub mod codes;
pub mod config;
pub mod doc;
pub mod draft;
pub mod explain;
pub mod export;
pub mod findings;
pub mod fingerprint;
pub mod graph;
pub mod init;
pub mod load;
pub mod model;
pub mod packs;
pub mod policy;
pub mod printable;
pub mod quote;
pub mod render;
pub mod resolve;
pub mod rules;
pub mod scope;
pub mod severity;
pub mod source;
pub mod suggest;
pub mod time;
pub mod view;
