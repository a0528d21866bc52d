#!/usr/bin/env python3
"""Loads an HTML file in headless Chromium over the DevTools protocol (--remote-debugging-pipe)
and prints its navigation timing: DOMContentLoaded and load, in milliseconds from the start of
the navigation, as the page's own Performance API reports them. Used by bench/html.sh."""
import fcntl, json, os, subprocess, sys, tempfile, time

def main():
    path = os.path.abspath(sys.argv[1])
    chromium = os.environ.get("CLAIMLINT_CHROMIUM", "chromium")
    profile = tempfile.mkdtemp(prefix="claimlint-bench-")
    to_r, to_w = os.pipe()
    from_r, from_w = os.pipe()

    def child_fds():
        # Above 10 first, so that neither dup2 overwrites the other's source.
        a, b = fcntl.fcntl(to_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_w, fcntl.F_DUPFD, 10)
        os.dup2(a, 3)
        os.dup2(b, 4)

    proc = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
         "--user-data-dir=" + profile, "--remote-debugging-pipe", "about:blank"],
        close_fds=False, preexec_fn=child_fds,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(to_r)
    os.close(from_w)
    out, inp = os.fdopen(to_w, "wb"), os.fdopen(from_r, "rb")
    buf = b""
    ids = [0]
    events = []

    def read():
        nonlocal buf
        while b"\0" not in buf:
            chunk = inp.read1(1 << 20)
            if not chunk:
                raise SystemExit("Chromium closed the pipe")
            buf += chunk
        msg, buf = buf.split(b"\0", 1)
        return json.loads(msg)

    def call(method, params=None, session=None):
        ids[0] += 1
        msg = {"id": ids[0], "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        out.write(json.dumps(msg).encode() + b"\0")
        out.flush()
        while True:
            m = read()
            if m.get("id") == ids[0]:
                if "error" in m:
                    raise SystemExit(f"{method}: {m['error']}")
                return m["result"]
            events.append(m)

    target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    call("Page.enable", session=session)
    call("Performance.enable", {"timeDomain": "threadTicks"}, session)
    started = time.monotonic()
    call("Page.navigate", {"url": "file://" + path}, session)
    while not any(e.get("method") == "Page.loadEventFired" for e in events):
        events.append(read())
    wall = (time.monotonic() - started) * 1000
    timing = call("Runtime.evaluate", {
        "expression": "JSON.stringify(performance.getEntriesByType('navigation')[0])",
        "returnByValue": True}, session)["result"]["value"]
    nav = json.loads(timing)
    count = call("Runtime.evaluate", {
        "expression": "document.querySelectorAll('.finding').length + ' ' + document.querySelectorAll('mark').length",
        "returnByValue": True}, session)["result"]["value"]
    metrics = {m["name"]: m["value"] for m in call("Performance.getMetrics", session=session)["metrics"]}
    try:
        call("Browser.close")
    except SystemExit:
        pass
    proc.wait(timeout=30)
    print(json.dumps({
        "dom_content_loaded_ms": round(nav["domContentLoadedEventEnd"]),
        "load_ms": round(nav["loadEventEnd"]),
        "wall_to_load_ms": round(wall),
        "findings_and_marks": count,
        # Main-thread time by activity, in ms of thread CPU time (not wall time, which a loaded
        # machine stretches): what the page costs whatever else runs.
        "main_thread_ms": {k: round(metrics.get(k, 0) * 1000) for k in
                           ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")},
    }))

main()
