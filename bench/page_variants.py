#!/usr/bin/env python3
"""Variants of the window's page against each other, without a Rust rebuild per variant.

A debug build of the app made without Tauri's `custom-protocol` feature (plain `cargo build`,
in a target folder of its own so that the end-to-end tests' build stays) loads its page from the dev address, http://localhost:5173.
This script serves each variant there in turn (a folder made by `npx vite build --outDir DIR`
in ui/, changed as the experiment needs: a rule added to the style sheet, a mark set in
`startup.diag`), starts the app, and reads its ready line: start to ready, the page's phase
marks, and the variant's own `diag` figures. Variants alternate run by run, so a drift in the
machine's speed hits all of them. Each run gets a fresh webview folder (no HTTP cache, no
stored theme or language) and the same data folder (`--data-dir`, or a new one shared by all).

    CARGO_TARGET_DIR=target/page-variants cargo build -p outreach-desk
    (cd ui && npx vite build --outDir /tmp/base && npx vite build --outDir /tmp/other)
    echo '.us-map{display:none}' >> /tmp/other/assets/style-*.css
    python3 bench/page_variants.py --app target/page-variants/debug/outreach-desk --runs 5 /tmp/base /tmp/other

Needs a display (run under xvfb-run); figures are for comparing variants, not for the budgets
(a debug build, a page over HTTP): those come from bench/startup.py on release builds.
"""
import argparse
import functools
import http.server
import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time

from startup import children, pss_kib


def serve(folder):
    class NoStore(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def end_headers(self):
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 5173), functools.partial(NoStore, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def check(folder):
    """A variant whose page names assets it does not have would time out, not fail: refuse it."""
    page = open(os.path.join(folder, "index.html"), encoding="utf-8").read()
    missing = [a for a in re.findall(r'(?:src|href)="/?(assets/[^"]+)"', page) if not os.path.exists(os.path.join(folder, a))]
    if missing:
        raise SystemExit(f"{folder}: index.html names assets it does not have: {missing}")


def pss_mb(pid):
    """Pss of the app and the processes it started (WebKit's), and of its web process alone, in MB."""
    pids = children(pid)
    web = [p for p in pids if open(f"/proc/{p}/comm").read().startswith("WebKitWebProces")]
    return sum(pss_kib(p) for p in pids) / 1024, sum(pss_kib(p) for p in web) / 1024


def once(app, folder, data_dir, timeout, settle=None):
    webview = tempfile.mkdtemp(prefix="variant-webview-")
    server = serve(folder)
    start = time.monotonic()
    proc = subprocess.Popen([app, "--data-dir", data_dir], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True, env={**os.environ, "XDG_DATA_HOME": webview})
    line = ""
    try:
        while time.monotonic() < start + timeout:
            raw = proc.stderr.readline()
            if not raw:
                break
            if b"ready " in raw:
                line = raw.decode(errors="replace").strip()
                break
        ms = (time.monotonic() - start) * 1000
        if line and settle is not None:
            time.sleep(settle)
            line += " memory %.0f MB (web process %.0f MB)" % pss_mb(proc.pid)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        server.shutdown()
        server.server_close()
        shutil.rmtree(webview, ignore_errors=True)
    if not line:
        raise SystemExit(f"{folder}: no ready line within {timeout} s")
    return ms, line


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--app", required=True, help="a debug build without custom-protocol (see above)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--data-dir", help="the store to open (default: a new seed store, shared by all runs)")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--settle", type=float, help="seconds after the ready mark to wait, then read memory (Pss)")
    ap.add_argument("variants", nargs="+", help="folders of built pages")
    a = ap.parse_args()
    for v in a.variants:
        check(v)
    data_dir = a.data_dir or tempfile.mkdtemp(prefix="variant-data-")
    for v in a.variants:  # warm-up: the page cache, the store's first open
        once(a.app, v, data_dir, a.timeout)
    ready = {v: [] for v in a.variants}
    for _ in range(a.runs):
        for v in a.variants:
            ms, line = once(a.app, v, data_dir, a.timeout, a.settle)
            ready[v].append(ms)
            print(f"{os.path.basename(v.rstrip('/')):16} {ms:7.0f} ms  {line[line.find('(page'):]}", flush=True)
    for v in a.variants:
        print(f"{v}: start to ready median {statistics.median(ready[v]):.0f} ms "
              f"(min {min(ready[v]):.0f}, max {max(ready[v]):.0f}), {a.runs} runs")


if __name__ == "__main__":
    main()
