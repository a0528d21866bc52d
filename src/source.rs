//! The files claimlint reads, and byte spans into them.
//!
//! Every diagnostic points at bytes; renderers turn those into lines and columns here, in one place,
//! in whichever unit their format wants (bytes for miette, characters for JSON, UTF-16 for SARIF).

use std::sync::{Arc, OnceLock};

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Self {
        Span { file, start: range.start, end: range.end.max(range.start) }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// One file as read: the path shown to the user and its text.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown in diagnostics: relative to the directory claimlint runs in, `/`-separated.
    pub path: String,
    pub text: Arc<str>,
    /// Where each line starts, found the first time a position in the file is asked for: most
    /// files of a large corpus (report texts without findings) never are.
    line_starts: OnceLock<Vec<usize>>,
}

/// A position resolved to line and columns, all 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    /// Column counted in Unicode scalar values.
    pub column: usize,
    /// Column counted in UTF-16 code units (SARIF, GitHub).
    pub column_utf16: usize,
}

impl SourceFile {
    pub fn new(path: String, text: Arc<str>) -> Self {
        SourceFile { path, text, line_starts: OnceLock::new() }
    }

    /// Lines end at a line feed, a CRLF pair or a lone carriage return (old Mac files): a quote
    /// in a CRLF or CR-only text is on the line an editor shows it on.
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut starts = vec![0];
            starts.extend(memchr::memchr2_iter(b'\n', b'\r', bytes).filter_map(|i| {
                let crlf = bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n');
                (!crlf).then_some(i + 1)
            }));
            starts
        })
    }

    /// Line and columns of a byte offset (clamped into the file and onto a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        let (line, prefix) = self.line_and_prefix(offset);
        Position { line, column: prefix.chars().count() + 1, column_utf16: prefix.encode_utf16().count() + 1 }
    }

    /// Line and column in characters of a byte offset, as in [`SourceFile::position`], without
    /// counting UTF-16 units for formats that do not show them.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let (line, prefix) = self.line_and_prefix(offset);
        (line, prefix.chars().count() + 1)
    }

    /// The 1-based line of a byte offset and the text of that line before it. A byte order mark
    /// opening the file is no column of its first line: editors do not show it.
    fn line_and_prefix(&self, offset: usize) -> (usize, &str) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&s| s <= offset) - 1;
        let prefix = &self.text[line_starts[line]..offset];
        (line + 1, if line == 0 { prefix.strip_prefix('\u{feff}').unwrap_or(prefix) } else { prefix })
    }
}

/// Every file read in one run, so that spans can outlive the loaders that made them.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, path: String, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile::new(path, text.into()));
        id
    }
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
    pub fn text(&self, span: Span) -> &str {
        let text = &self.get(span.file).text;
        text.get(span.start..span.end).unwrap_or("")
    }
    pub fn len(&self) -> usize {
        self.files.len()
    }
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_chars_and_utf16_units() {
        let file = SourceFile::new("a.txt".into(), "ab\n“é𝄞x”\n".into());
        assert_eq!(file.position(0), Position { line: 1, column: 1, column_utf16: 1 });
        assert_eq!(file.position(3), Position { line: 2, column: 1, column_utf16: 1 });
        // “ is 3 bytes, é 2, 𝄞 4 bytes and 2 UTF-16 units.
        let x = file.text.find('x').unwrap();
        assert_eq!(file.position(x), Position { line: 2, column: 4, column_utf16: 5 });
        assert_eq!(file.line_column(x), (2, 4));
        // Offsets past the end or inside a character are clamped, never panic.
        assert_eq!(file.position(1000).line, 3);
        assert_eq!(file.position(4).column, 1);
    }
}
