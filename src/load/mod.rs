//! Load: find the corpus files, read them, and parse them into raw, spanned records.
//!
//! Nothing is resolved here (names stay names); every value keeps its span so that resolve can
//! point at it. Every problem becomes a [`crate::findings::Finding`] with a code, and loading
//! always goes on: a broken table is skipped, the rest of its file is still read.
//!
//! One file per job: [`raw`] the records, [`fs`] the file system (reading under limits, the
//! directory walk, confinement to the corpus root), [`fields`] the field readers every format
//! shares, [`schema`] the keys of claim files and rule packs, one file per input format
//! ([`toml`], [`jsonl`], with [`json`] its spanned JSON parser), [`formats`] the table of input
//! formats that every dispatcher reads, and [`batch`] the parallel reading of a corpus's claim
//! files. A new input format is one file here and one line in [`formats::FORMATS`].

pub mod batch;
pub mod csv;
pub mod fields;
pub mod formats;
pub mod fs;
pub mod json;
pub mod jsonl;
pub mod raw;
pub mod schema;
pub mod toml;
mod toml_big;
mod toml_recovery;
mod toml_value;

pub use self::toml::read_pack;
pub use self::toml_value::Value;
pub use batch::{Batch, ClaimFiles};
pub use fields::{FieldReader, FieldValue, Fields, Kind};
pub use formats::{claim_file_patterns, is_claim_file_name, read_claim_bytes, Format, CLAIM_FILE_EXTENSIONS, FORMATS};
pub(crate) use fs::lexical_from;
pub use fs::{confine, display_path, find_files, find_toml_files, Reader, DEFAULT_MAX_FILE_SIZE};
pub use raw::{
    Layout, RawClaim, RawClaimFile, RawCorpus, RawEntity, RawPack, RawPattern, RawPredicate, RawReport, RawRule,
    RawValue, Reported, S,
};
pub use schema::{read_claim_file, CLAIM_FILE_KEYS, CLAIM_KEYS, ENTITY_KEYS, REPORT_KEYS};
