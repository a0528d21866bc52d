//! The files claimlint reads, and byte spans into them.
//!
//! Every diagnostic points at bytes; renderers turn those into lines and columns here, in one place,
//! in whichever unit their format wants (bytes for miette, characters for JSON, UTF-16 for SARIF).

use std::path::PathBuf;
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
///
/// A claim file or report text read from disk may be *released* once its claims are resolved
/// ([`Sources::release`]): only the pieces findings quote and the positions they point at are
/// kept, and the rest is read again from disk if a renderer asks for it (an excerpt in context).
/// At a million claims the texts are most of what a run holds; a JSON or SARIF render needs none.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown in diagnostics: relative to the directory claimlint runs in, `/`-separated.
    pub path: String,
    held: Held,
    /// Where each line starts, found the first time a position in the file is asked for: most
    /// files of a large corpus (report texts without findings) never are.
    line_starts: OnceLock<Vec<usize>>,
    /// The file the text was read from, byte for byte, when it can be read again.
    origin: Origin,
}

/// Where a text can be read again from. Most often its path as shown is the file's path, which
/// is then not held twice (a large corpus has hundreds of thousands of files).
#[derive(Debug)]
enum Origin {
    /// Not read from a file as it is.
    None,
    /// The file at the path shown.
    Shown,
    Path(PathBuf),
}

#[derive(Debug)]
enum Held {
    Whole(Arc<str>),
    Released(Box<Released>),
}

/// What is kept of a released text: its length and hash (to tell that the file read again is the
/// one read first), the pieces kept and the positions marked.
#[derive(Debug)]
struct Released {
    len: usize,
    hash: u128,
    /// Pieces of the text kept: (offset in the file, length, offset in `kept_text`), sorted and
    /// not overlapping.
    kept: Vec<(u32, u32, u32)>,
    kept_text: Box<str>,
    /// Positions of the offsets asked for before the text was released, sorted by offset.
    marks: Vec<Mark>,
    /// The whole text, read again the first time something outside what is kept is asked for.
    again: OnceLock<Arc<str>>,
}

/// A byte offset of a released text and its position.
#[derive(Debug, Clone, Copy)]
struct Mark {
    offset: u32,
    line: u32,
    column: u32,
    column_utf16: u32,
}

impl Mark {
    fn position(&self) -> Position {
        Position { line: self.line as usize, column: self.column as usize, column_utf16: self.column_utf16 as usize }
    }
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
        SourceFile { path, held: Held::Whole(text), line_starts: OnceLock::new(), origin: Origin::None }
    }

    /// The whole text. For a released text, it is read again (once) from its file; if that file
    /// changed since, a stand-in of the same length holds what was kept, blanks elsewhere.
    pub fn text(&self) -> &str {
        match &self.held {
            Held::Whole(text) => text,
            Held::Released(r) => r.again.get_or_init(|| self.read_again(r)),
        }
    }

    /// The whole text, shared.
    pub fn shared_text(&self) -> Arc<str> {
        match &self.held {
            Held::Whole(text) => text.clone(),
            Held::Released(r) => {
                self.text();
                r.again.get().cloned().unwrap_or_else(|| Arc::from(""))
            }
        }
    }

    /// The text's length in bytes.
    pub fn len(&self) -> usize {
        match &self.held {
            Held::Whole(text) => text.len(),
            Held::Released(r) => r.len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text of `start..end`, if it lies in the file on character boundaries: from what was
    /// kept of a released text when it holds it, else from the whole text.
    pub fn slice(&self, start: usize, end: usize) -> Option<&str> {
        if let Held::Released(r) = &self.held {
            let i = r.kept.partition_point(|&(s, _, _)| s as usize <= start);
            if let Some(&(s, len, at)) = i.checked_sub(1).map(|i| &r.kept[i]) {
                let (s, len, at) = (s as usize, len as usize, at as usize);
                if end <= s + len && start <= end {
                    return r.kept_text.get(at + (start - s)..at + (end - s));
                }
            }
        }
        self.text().get(start..end)
    }

    /// The file the text was read from, if it can be read again.
    fn origin(&self) -> Option<&std::path::Path> {
        match &self.origin {
            Origin::None => None,
            Origin::Shown => Some(std::path::Path::new(&self.path)),
            Origin::Path(path) => Some(path),
        }
    }

    fn read_again(&self, r: &Released) -> Arc<str> {
        let same = self
            .origin()
            .and_then(|path| std::fs::read(path).ok())
            .filter(|bytes| bytes.len() == r.len && xxhash_rust::xxh3::xxh3_128(bytes) == r.hash)
            .and_then(|bytes| String::from_utf8(bytes).ok());
        if let Some(text) = same {
            return text.into();
        }
        // The file changed under the run: what was kept, in its place, and blanks elsewhere.
        let mut text = vec![b' '; r.len];
        for &(s, len, at) in &r.kept {
            let (s, len, at) = (s as usize, len as usize, at as usize);
            text[s..s + len].copy_from_slice(&r.kept_text.as_bytes()[at..at + len]);
        }
        String::from_utf8(text).map(Arc::from).unwrap_or_else(|_| Arc::from(" ".repeat(r.len)))
    }

    /// Lines end at a line feed, a CRLF pair or a lone carriage return (old Mac files): a quote
    /// in a CRLF or CR-only text is on the line an editor shows it on.
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let bytes = self.text().as_bytes();
            let mut starts = vec![0];
            starts.extend(memchr::memchr2_iter(b'\n', b'\r', bytes).filter_map(|i| {
                let crlf = bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n');
                (!crlf).then_some(i + 1)
            }));
            starts
        })
    }

    /// The position marked for `offset` when the text was released, if it was.
    fn marked(&self, offset: usize) -> Option<Position> {
        let Held::Released(r) = &self.held else { return None };
        let i = r.marks.binary_search_by_key(&offset, |m| m.offset as usize).ok()?;
        Some(r.marks[i].position())
    }

    /// Line and columns of a byte offset (clamped into the file and onto a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        if let Some(p) = self.marked(offset) {
            return p;
        }
        let (line, prefix) = self.line_and_prefix(offset);
        let (chars, units) = chars_and_utf16_units(prefix);
        Position { line, column: chars + 1, column_utf16: units + 1 }
    }

    /// The positions of `offsets`, which are sorted, as [`SourceFile::position`] gives them
    /// (marks aside): counted along each line from the offset before, not from the line's start
    /// for each. A report text's quotes are many offsets on few long lines.
    fn positions_in_order(&self, offsets: &[usize]) -> Vec<Position> {
        let text = self.text();
        let line_starts = self.line_starts();
        let bom = text.starts_with('\u{feff}');
        let mut positions = Vec::with_capacity(offsets.len());
        // The offset counted last (clamped as below), its line, and the characters and UTF-16
        // units before it on that line.
        let mut last: Option<(usize, usize, usize, usize)> = None;
        for &offset in offsets {
            let mut at = offset.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let line = line_starts.partition_point(|&s| s <= at) - 1;
            // A byte order mark opening the file is no column (see `line_and_prefix`).
            let start = if line == 0 && bom && at > 0 { '\u{feff}'.len_utf8() } else { line_starts[line] };
            let (from, chars, units) = match last {
                Some((before, l, chars, units)) if l == line && before >= start && before <= at => {
                    (before, chars, units)
                }
                _ => (start, 0, 0),
            };
            let (more_chars, more_units) = chars_and_utf16_units(&text[from..at]);
            let (chars, units) = (chars + more_chars, units + more_units);
            positions.push(Position { line: line + 1, column: chars + 1, column_utf16: units + 1 });
            last = Some((at, line, chars, units));
        }
        positions
    }

    /// Line and column in characters of a byte offset, as in [`SourceFile::position`], without
    /// counting UTF-16 units for formats that do not show them.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        if let Some(p) = self.marked(offset) {
            return (p.line, p.column);
        }
        let (line, prefix) = self.line_and_prefix(offset);
        (line, prefix.chars().count() + 1)
    }

    /// The 1-based line of a byte offset and the text of that line before it. A byte order mark
    /// opening the file is no column of its first line: editors do not show it.
    fn line_and_prefix(&self, offset: usize) -> (usize, &str) {
        let text = self.text();
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&s| s <= offset) - 1;
        let prefix = &text[line_starts[line]..offset];
        (line + 1, if line == 0 { prefix.strip_prefix('\u{feff}').unwrap_or(prefix) } else { prefix })
    }

    /// Releases the text (see [`SourceFile`]), keeping the pieces `spans` cover (sorted) and the
    /// positions of their ends. A text not read from a file as it is, or too large for the
    /// offsets kept, stays whole. A text released already keeps what it kept and gains `spans`.
    fn release(&mut self, spans: &[(usize, usize)]) {
        if matches!(self.origin, Origin::None) {
            return;
        }
        if self.len() >= u32::MAX as usize {
            return;
        }
        // A text released already is read again to mark more of it.
        let _ = self.text();
        let mut marks: Vec<Mark> = Vec::with_capacity(spans.len() * 2);
        let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        let (old_kept, old_marks) = match &mut self.held {
            Held::Whole(_) => (Vec::new(), Vec::new()),
            Held::Released(r) => {
                let kept = std::mem::take(&mut r.kept)
                    .into_iter()
                    .map(|(s, len, _)| (s as usize, s as usize + len as usize))
                    .collect::<Vec<_>>();
                (kept, std::mem::take(&mut r.marks))
            }
        };
        marks.extend(old_marks);
        let mut offsets: Vec<usize> = spans.iter().flat_map(|&(start, end)| [start, end]).collect();
        offsets.sort_unstable();
        offsets.dedup();
        for (offset, p) in offsets.iter().zip(self.positions_in_order(&offsets)) {
            marks.push(Mark {
                offset: *offset as u32,
                line: p.line as u32,
                column: p.column as u32,
                column_utf16: p.column_utf16 as u32,
            });
        }
        marks.sort_unstable_by_key(|m| m.offset);
        marks.dedup_by_key(|m| m.offset);
        marks.shrink_to_fit();
        let text = self.text();
        ranges.extend(old_kept);
        ranges.extend(spans.iter().copied().filter(|&(s, e)| s <= e && text.get(s..e).is_some()));
        ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
        for (s, e) in ranges {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        let mut kept_text = String::with_capacity(merged.iter().map(|(s, e)| e - s).sum());
        let mut kept = Vec::with_capacity(merged.len());
        for (s, e) in merged {
            kept.push((s as u32, (e - s) as u32, kept_text.len() as u32));
            kept_text.push_str(&text[s..e]);
        }
        let (len, hash) = match &self.held {
            Held::Whole(text) => (text.len(), xxhash_rust::xxh3::xxh3_128(text.as_bytes())),
            Held::Released(r) => (r.len, r.hash),
        };
        self.held = Held::Released(Box::new(Released {
            len,
            hash,
            kept,
            kept_text: kept_text.into_boxed_str(),
            marks,
            again: OnceLock::new(),
        }));
        self.line_starts = OnceLock::new();
    }
}

/// The characters of `text` and its length in UTF-16 units: a character of four bytes in UTF-8
/// (a lead byte of 0xF0 or more) is two units, any other one.
fn chars_and_utf16_units(text: &str) -> (usize, usize) {
    let chars = text.chars().count();
    (chars, chars + text.bytes().filter(|&b| b >= 0xf0).count())
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
    /// [`Sources::add`], for a text that is the file at `origin` byte for byte: it may be
    /// released ([`Sources::release`]) and read again from there.
    pub fn add_read(&mut self, path: String, text: impl Into<Arc<str>>, origin: PathBuf) -> FileId {
        let id = self.add(path, text);
        let same = origin.as_os_str() == std::ffi::OsStr::new(&self.files[id.0 as usize].path);
        self.files[id.0 as usize].origin = if same { Origin::Shown } else { Origin::Path(origin) };
        id
    }
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
    pub fn text(&self, span: Span) -> &str {
        self.get(span.file).slice(span.start, span.end).unwrap_or("")
    }
    pub fn len(&self) -> usize {
        self.files.len()
    }
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Releases the texts of `files` (see [`SourceFile`]), keeping, of each, the text of the
    /// `keep` spans in it and the positions of their ends: what rules and renderers ask of a
    /// claim's quote and a problem's place. Anything else asked later reads the file again.
    pub fn release(&mut self, files: &[FileId], keep: impl IntoIterator<Item = Span>) {
        use rayon::prelude::*;
        // The files of one batch are numbered closely together: only their range is visited.
        let (Some(first), Some(last)) = (files.iter().min(), files.iter().max()) else { return };
        let (first, last) = (first.0 as usize, (last.0 as usize).min(self.files.len().saturating_sub(1)));
        if first > last {
            return;
        }
        let mut wanted: Vec<Option<Vec<(usize, usize)>>> = (first..=last).map(|_| None).collect();
        for &f in files {
            if let Some(w) = (f.0 as usize).checked_sub(first).and_then(|i| wanted.get_mut(i)) {
                w.get_or_insert_with(Vec::new);
            }
        }
        for span in keep {
            if let Some(Some(w)) = (span.file.0 as usize).checked_sub(first).and_then(|i| wanted.get_mut(i)) {
                w.push((span.start, span.end));
            }
        }
        self.files[first..=last].par_iter_mut().zip(wanted).for_each(|(file, spans)| {
            if let Some(mut spans) = spans {
                spans.sort_unstable();
                spans.dedup();
                file.release(&spans);
            }
        });
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
        let x = file.text().find('x').unwrap();
        assert_eq!(file.position(x), Position { line: 2, column: 4, column_utf16: 5 });
        assert_eq!(file.line_column(x), (2, 4));
        // Offsets past the end or inside a character are clamped, never panic.
        assert_eq!(file.position(1000).line, 3);
        assert_eq!(file.position(4).column, 1);
    }

    #[test]
    fn positions_counted_in_order_are_those_counted_one_by_one() {
        for text in ["", "\u{feff}ab\r\n“é𝄞x”\rz\n\n𝄞𝄞 end", "one line, no break 𝄞 é", "\u{feff}\u{feff}x\ny"]
        {
            let file = SourceFile::new("a.txt".into(), text.into());
            // Every offset, inside characters and past the end included, and a few at random.
            let mut offsets: Vec<usize> = (0..text.len() + 3).collect();
            let every = file.positions_in_order(&offsets);
            let one_by_one: Vec<Position> = offsets.iter().map(|&o| file.position(o)).collect();
            assert_eq!(every, one_by_one, "{text:?}");
            offsets.retain(|o| o % 3 == 1);
            let some: Vec<Position> = offsets.iter().map(|&o| file.position(o)).collect();
            assert_eq!(file.positions_in_order(&offsets), some, "{text:?}");
        }
    }

    #[test]
    fn a_text_shown_by_its_own_path_is_read_again_from_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let text = "one\ntwo “quoted” three\n";
        std::fs::write(&path, text).unwrap();
        let mut sources = Sources::default();
        let shown = path.to_str().unwrap().to_string();
        let file = sources.add_read(shown, text, path.clone());
        assert!(matches!(sources.get(file).origin, Origin::Shown), "the path is not held twice");
        let quote = text.find('“').unwrap()..text.find(" three").unwrap();
        sources.release(&[file], [Span::new(file, quote.clone())]);
        assert!(matches!(sources.get(file).held, Held::Released(_)));
        assert_eq!(sources.text(Span::new(file, 0..3)), "one", "read again from the path shown");
        assert_eq!(sources.get(file).text(), text);
    }

    #[test]
    fn a_released_text_keeps_its_pieces_and_positions_and_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let text = "Title\r\n\n“Ölé” said 𝄞 the minister, who was there.\nAnother line.\n";
        std::fs::write(&path, text).unwrap();
        let mut sources = Sources::default();
        let kept = sources.add("kept.txt".into(), "not from a file");
        let file = sources.add_read("r.txt".into(), text, path.clone());
        let quote = text.find("said").unwrap()..text.find(", who").unwrap();
        let whole: Vec<Position> = (0..=text.len() + 2).map(|o| sources.get(file).position(o)).collect();
        sources.release(&[kept, file], [Span::new(file, quote.clone()), Span::new(kept, 0..3)]);
        let f = sources.get(file);
        // A file not read from disk as it is stays whole.
        assert!(matches!(sources.get(kept).held, Held::Whole(_)));
        assert!(matches!(f.held, Held::Released(_)));
        assert_eq!(f.len(), text.len());
        assert_eq!(sources.text(Span::new(file, quote.clone())), &text[quote.clone()]);
        assert_eq!(sources.text(Span::new(file, quote.start + 5..quote.end)), &text[quote.start + 5..quote.end]);
        assert_eq!(f.position(quote.start), whole[quote.start]);
        assert_eq!(f.line_column(quote.end), (whole[quote.end].line, whole[quote.end].column));
        // Nothing else is held until asked for: then the file is read again, whole.
        assert!(matches!(&f.held, Held::Released(r) if r.again.get().is_none()));
        for (offset, p) in whole.iter().enumerate() {
            assert_eq!(f.position(offset), *p, "offset {offset}");
        }
        assert_eq!(f.text(), text);
        assert_eq!(sources.text(Span::new(file, 0..5)), "Title");
        // Released again with more to keep, it keeps both.
        let line = text.find("Another").unwrap()..text.len() - 1;
        sources.release(&[file], [Span::new(file, line.clone())]);
        let f = sources.get(file);
        assert_eq!(sources.text(Span::new(file, line.clone())), "Another line.");
        assert_eq!(sources.text(Span::new(file, quote.clone())), &text[quote.clone()]);
        assert_eq!(f.position(line.start), whole[line.start]);
        // A file changed under the run: what was kept stands in its place, blanks elsewhere, and
        // the positions marked stay right.
        std::fs::write(&path, "changed").unwrap();
        let stand_in = f.text();
        assert_eq!(stand_in.len(), text.len());
        assert_eq!(&stand_in[quote.clone()], &text[quote.clone()]);
        assert!(stand_in[..quote.start].bytes().all(|b| b == b' '));
        assert_eq!(f.position(quote.start), whole[quote.start]);
    }
}
