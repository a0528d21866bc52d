//! What the HTML report tests share: a reading of an HTML document's tags and marks (enough for
//! a document claimlint wrote, or the DOM Chromium serialised from it), the expected findings of
//! a corpus from the library, an injection corpus, and headless Chromium.
#![allow(dead_code)]

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A start tag: its name (lowercase) and attributes, values unescaped.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class").is_some_and(|c| c.split_whitespace().any(|x| x == class))
    }
}

pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Every start tag of a document, in order. The text of `<script>` and `<style>` elements is
/// skipped (it may hold `<`); comments too. Markup in text is always escaped in a document
/// claimlint writes and in a DOM Chromium serialises, so every other `<` opens a tag.
pub fn tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        if !bytes.get(i).is_some_and(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let name_end =
            html[i..].find(|c: char| c.is_whitespace() || c == '>' || c == '/').map_or(html.len(), |e| i + e);
        let name = html[i..name_end].to_ascii_lowercase();
        let mut j = name_end;
        let mut attrs = Vec::new();
        loop {
            while j < html.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= html.len() || bytes[j] == b'>' {
                j += 1;
                break;
            }
            let n_end =
                html[j..].find(|c: char| c.is_whitespace() || c == '=' || c == '>').map_or(html.len(), |e| j + e);
            let attr = html[j..n_end].to_ascii_lowercase();
            j = n_end;
            let mut value = String::new();
            if bytes.get(j) == Some(&b'=') {
                j += 1;
                match bytes.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[j + 1..].find(q as char).map_or(html.len(), |e| j + 1 + e);
                        value = unescape(&html[j + 1..end]);
                        j = end + 1;
                    }
                    _ => {
                        let end = html[j..].find(|c: char| c.is_whitespace() || c == '>').map_or(html.len(), |e| j + e);
                        value = unescape(&html[j..end]);
                        j = end;
                    }
                }
            }
            attrs.push((attr, value));
        }
        i = j.min(html.len());
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[i..].find(&close).map_or(html.len(), |e| i + e);
        }
        out.push(Tag { name, attrs });
    }
    out
}

/// The text of every `<mark>` element, unescaped, in order.
pub fn marks(html: &str) -> Vec<String> {
    html.match_indices("<mark>")
        .map(|(i, _)| {
            let from = i + "<mark>".len();
            let to = html[from..].find("</mark>").map_or(html.len(), |e| from + e);
            unescape(&html[from..to])
        })
        .collect()
}

/// The text of the first element with `id` (its inner markup, tags left in).
pub fn inner_by_id<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let at = html.find(&format!(" id=\"{id}\""))?;
    let open_end = at + html[at..].find('>')? + 1;
    let name_start = html[..at].rfind('<')? + 1;
    let name: String = html[name_start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    let close = html[open_end..].find(&format!("</{name}>"))?;
    Some(&html[open_end..open_end + close])
}

/// What a report must show of a corpus, from the library: each finding's (and allowed
/// finding's) fingerprint and the quoted words of its claims, and the subjects of findings.
pub struct Expected {
    pub fingerprints: Vec<String>,
    pub quotes: Vec<String>,
    pub subjects: std::collections::BTreeSet<String>,
}

pub fn expected(root: &Path) -> Expected {
    let outcome = claimlint::check::run(&claimlint::check::Settings::new(root));
    let sources = &outcome.corpus.sources;
    let all = outcome.findings.iter().chain(outcome.allowed.iter().map(|a| &a.finding));
    let mut e = Expected { fingerprints: Vec::new(), quotes: Vec::new(), subjects: Default::default() };
    for f in all {
        e.fingerprints.push(claimlint::fingerprint::text(f));
        e.quotes.extend(f.locations.iter().map(|l| sources.text(l.span).to_string()));
        e.subjects.extend(f.subject.clone());
    }
    e
}

/// The text of a payload that, if it ever ran, would mark the document (`data-pwned` on the
/// root element, the title changed): every place a corpus can put text gets one.
pub const RUN: &str = "document.title='PWNED';document.documentElement.setAttribute('data-pwned','1')";

/// A corpus of two contradicting reports whose every name, title, text, note and url is an
/// injection attempt. Returns its root.
pub fn injection_corpus(dir: &Path) -> PathBuf {
    let script = format!("<script>{RUN}</script>");
    let img = format!("<img src=x onerror=\"{RUN}\">");
    let fetch = "<img src=\"http://pwned.invalid/leak.png\"><link rel=stylesheet href=\"http://pwned.invalid/s.css\">";
    let close = format!("</title></textarea></style></script><svg onload=\"{RUN}\">\"'><!--");
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "claims/entities.toml",
        &format!(
            "[[entity]]\nid = \"deal\"\nname = '''the {script} deal'''\nkind = \"agreement\"\naliases = ['''{img}''']\n\n\
             [[entity]]\nid = \"speaker\"\nname = '''an official {close}'''\nkind = \"person\"\nspeaks-for = [\"gov\"]\n\n\
             [[entity]]\nid = \"gov\"\nname = '''the government {fetch}'''\nkind = \"body\"\n"
        ),
    );
    let quote_a = format!("the deal {img} was agreed");
    write("claims/reports/a.txt", &format!("Title {script}\n\nOfficials said {quote_a} on Monday. {fetch}\n"));
    write("claims/reports/b.txt", &format!("No agreement {close} has been reached {script}.\n"));
    write(
        "claims/a.toml",
        &format!(
            "[report]\nid = \"a\"\ntitle = '''{script} title'''\noutlet = '''Outlet {img}'''\npublished = 2016-12-13\n\
             url = '''javascript:{RUN}'''\ntext = \"reports/a.txt\"\n\n\
             [[claim]]\nid = \"agreed\"\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\n\
             source = \"speaker\"\nquote = '''{quote_a}'''\nnote = '''{close}'''\n"
        ),
    );
    write(
        "claims/b.toml",
        &format!(
            "[report]\nid = \"b\"\ntitle = '''{close}'''\noutlet = \"B\"\npublished = 2016-12-13\n\
             url = '''https://example.org/b?x=1&y=\"><script>{RUN}</script>'''\ntext = \"reports/b.txt\"\n\n\
             [[claim]]\nid = \"not-agreed\"\nsubject = \"deal\"\npredicate = \"status\"\nvalue = \"agreed\"\n\
             negated = true\nquote = '''No agreement {close} has been reached'''\n"
        ),
    );
    dir.to_path_buf()
}

/// Headless Chromium, when there is one: `CLAIMLINT_CHROMIUM`, else `chromium`,
/// `chromium-browser` or `google-chrome` on the PATH.
pub fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CLAIMLINT_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Chromium, or `None` after saying loudly on stderr which test is skipped and how to install
/// it. Under CI (`CI` set) a missing browser fails the test instead: CI never skips.
pub fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    if let Some(c) = chromium() {
        return Some(c);
    }
    let how = "install Chromium (Debian: `apt-get install -y chromium`; .ci/run does) or set CLAIMLINT_CHROMIUM to a \
               Chromium binary";
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("browser test `{test}` needs headless Chromium and CI never skips it: {how}");
    }
    // Straight to the process's stderr: the test harness captures `eprintln!` of passing tests.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("\n!!! SKIPPED browser test `{test}`: no Chromium found; {how}.\n\n").as_bytes(),
    );
    None
}

/// A local proxy that counts the requests a browser sends it: Chromium is pointed at it, for
/// every host including loopback, so any fetch the page made would reach it.
pub struct Proxy {
    pub port: u16,
    seen: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Proxy {
    pub fn start() -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (seen.clone(), stop.clone());
        std::thread::spawn(move || {
            while !st.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((mut conn, _)) => {
                        conn.set_read_timeout(Some(Duration::from_millis(500))).ok();
                        let mut buf = [0u8; 512];
                        let n = conn.read(&mut buf).unwrap_or(0);
                        let line = String::from_utf8_lossy(&buf[..n]).lines().next().unwrap_or("").to_string();
                        s.lock().unwrap().push(line);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        });
        Proxy { port, seen, stop }
    }
    /// The requests the page made: every one that reached the proxy, less Chromium's own calls
    /// home (component updates, the clock, accounts), which it makes whatever page it shows
    /// and whatever flags ask it not to.
    pub fn requests(&self) -> Vec<String> {
        let browser_own = |line: &str| {
            let host = line.split_whitespace().nth(1).unwrap_or("");
            let host = host.trim_start_matches("http://").trim_start_matches("https://");
            let host = host.split(['/', ':']).next().unwrap_or("");
            ["google.com", "googleapis.com", "gvt1.com", "gstatic.com"]
                .iter()
                .any(|d| host == *d || host.ends_with(&format!(".{d}")))
        };
        self.seen.lock().unwrap().iter().filter(|l| !browser_own(l)).cloned().collect()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Loads `file` in headless Chromium (a fresh profile, every request sent through `proxy`) and
/// returns the DOM it serialises once the page has loaded and its script has run.
pub fn dump_dom(chromium: &Path, file: &Path, proxy: &Proxy, profile: &Path) -> String {
    let _ = std::fs::remove_dir_all(profile);
    std::fs::create_dir_all(profile).unwrap();
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-extensions",
        "--disable-dev-shm-usage",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg(format!("--proxy-server=http://127.0.0.1:{}", proxy.port))
    .arg("--proxy-bypass-list=<-loopback>");
    let url = format!("file://{}", file.canonicalize().unwrap().display());
    cmd.arg("--dump-dom").arg(url).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("Chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).map(|_| s)
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        String::from_utf8_lossy(&s).into_owned()
    });
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("Chromium did not finish loading {} within 120 s", file.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = reader.join().unwrap().expect("Chromium's output is UTF-8");
    let err = err_reader.join().unwrap();
    assert!(dom.contains("</html>"), "Chromium printed no DOM for {}:\n{dom}\n{err}", file.display());
    dom
}

/// Loads `file` in headless Chromium with scripting disabled (the DevTools protocol's
/// `Emulation.setScriptExecutionDisabled`, over `--remote-debugging-pipe`: `--dump-dom` needs
/// script to read the DOM, so `--blink-settings=scriptEnabled=false` leaves it nothing) and
/// returns the DOM once the page has loaded.
#[cfg(unix)]
pub fn dom_without_script(chromium: &Path, file: &Path, proxy: &Proxy, profile: &Path) -> String {
    drive(chromium, file, proxy, profile, false, &[]).0
}

/// Loads `file` in headless Chromium over the DevTools protocol, with or without script, then
/// evaluates each of `exprs` in the page in turn (as DevTools does, whatever the page's CSP) and
/// returns the DOM after them and the value of each.
#[cfg(unix)]
pub fn drive(
    chromium: &Path,
    file: &Path,
    proxy: &Proxy,
    profile: &Path,
    script: bool,
    exprs: &[&str],
) -> (String, Vec<serde_json::Value>) {
    use serde_json::{json, Value};
    use std::io::Write;
    use std::os::unix::io::FromRawFd;
    use std::os::unix::process::CommandExt;
    let _ = std::fs::remove_dir_all(profile);
    std::fs::create_dir_all(profile).unwrap();
    let pipe = || {
        let mut fds = [0; 2];
        // SAFETY: `fds` has room for the two descriptors pipe2 writes.
        assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0, "a pipe");
        (fds[0], fds[1])
    };
    let (to_read, to_write) = pipe();
    let (from_read, from_write) = pipe();
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-extensions",
        "--remote-debugging-pipe",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg(format!("--proxy-server=http://127.0.0.1:{}", proxy.port))
    .arg("--proxy-bypass-list=<-loopback>")
    .arg("about:blank")
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    // SAFETY: only async-signal-safe calls (fcntl, dup2) between fork and exec. The pipe's ends
    // become descriptors 3 (commands in) and 4 (replies out), as --remote-debugging-pipe wants;
    // they are moved above 10 first, so that neither dup2 overwrites the other's source.
    unsafe {
        cmd.pre_exec(move || {
            let a = libc::fcntl(to_read, libc::F_DUPFD, 10);
            let b = libc::fcntl(from_write, libc::F_DUPFD, 10);
            if a < 0 || b < 0 || libc::dup2(a, 3) < 0 || libc::dup2(b, 4) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("Chromium starts");
    // SAFETY: the descriptors are ours, each owned by exactly one File from here on.
    let (mut commands, replies) = unsafe {
        libc::close(to_read);
        libc::close(from_write);
        (std::fs::File::from_raw_fd(to_write), std::fs::File::from_raw_fd(from_read))
    };
    let (tx, rx) = std::sync::mpsc::channel::<Value>();
    std::thread::spawn(move || {
        let mut reader = std::io::BufReader::new(replies);
        let mut buf = Vec::new();
        while std::io::BufRead::read_until(&mut reader, 0, &mut buf).is_ok_and(|n| n > 0) {
            if buf.last() == Some(&0) {
                buf.pop();
            }
            if let Ok(v) = serde_json::from_slice(&buf) {
                if tx.send(v).is_err() {
                    break;
                }
            }
            buf.clear();
        }
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut next_id = 0;
    let mut events: Vec<Value> = Vec::new();
    let mut call = |method: &str, params: Value, session: Option<&str>, events: &mut Vec<Value>| -> Value {
        next_id += 1;
        let mut msg = json!({"id": next_id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        commands.write_all(msg.to_string().as_bytes()).unwrap();
        commands.write_all(&[0]).unwrap();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let v = rx.recv_timeout(left).unwrap_or_else(|_| panic!("no reply from Chromium to {method}"));
            if v["id"] == next_id {
                assert!(v.get("error").is_none(), "{method} failed: {v}");
                return v["result"].clone();
            }
            events.push(v);
        }
    };
    let target = call("Target.createTarget", json!({"url": "about:blank"}), None, &mut events);
    let target = target["targetId"].as_str().expect("a target").to_string();
    let attached = call("Target.attachToTarget", json!({"targetId": target, "flatten": true}), None, &mut events);
    let session = attached["sessionId"].as_str().expect("a session").to_string();
    let s = Some(session.as_str());
    if !script {
        call("Emulation.setScriptExecutionDisabled", json!({"value": true}), s, &mut events);
    }
    call("Page.enable", json!({}), s, &mut events);
    let url = format!("file://{}", file.canonicalize().unwrap().display());
    call("Page.navigate", json!({"url": url}), s, &mut events);
    let loaded = |v: &Value| v["method"] == "Page.loadEventFired" && v["sessionId"] == session.as_str();
    if !events.iter().any(loaded) {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let v = rx.recv_timeout(left).expect("the page loads");
            if loaded(&v) {
                break;
            }
        }
    }
    let mut values = Vec::new();
    for expr in exprs {
        let r = call("Runtime.evaluate", json!({"expression": expr, "returnByValue": true}), s, &mut events);
        values.push(r["result"]["value"].clone());
    }
    let doc = call("DOM.getDocument", json!({"depth": 0}), s, &mut events);
    let root = doc["root"]["nodeId"].clone();
    let html = call("DOM.getOuterHTML", json!({"nodeId": root}), s, &mut events);
    let _ = call("Browser.close", json!({}), None, &mut events);
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    (html["outerHTML"].as_str().expect("the document's HTML").to_string(), values)
}
