"""Page load times of the web pages, against a baseline measured in the same run.

Starts ``kgtools serve`` (uvicorn) on a free 127.0.0.1 port and measures:
  1. server time: wall time of N HTTP GETs per page (median, p90), against the static
     stylesheet /assets/app.css (the baseline: no knowledge-graph work). The server keeps each
     differential it ranked (per finding) and each page it rendered (per query string), so the
     same ranked URL asked N times measures a kept page; the "new finding each request" row asks
     N findings it has not seen (each site of the form with an elevated Ca-P status and a
     disorder): ranking and rendering every time;
  2. browser time: with headless Chromium (Debian's /usr/bin/chromium, driven by Playwright),
     domContentLoaded and load of each page from the Navigation Timing API, R runs per page,
     against the empty search page (same template and assets, no knowledge-graph work).

Usage: python benchmarks/web_pages.py [--repeat N] [--browser-runs R] [--no-browser]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from screenshots import CHROMIUM_ARGS

from kgtools.serve import background

PAGES = {
    "/assets/app.css (baseline)": "/assets/app.css",
    "/ (browse tree)": "/",
    "/search?q=calcin": "/search?q=calcin",
    "/api/search?q=calcin": "/api/search?q=calcin",
    "/term/XSCO:0000005 (calcinosis)": "/term/XSCO:0000005",
    "/term/XSCO:0000004 (dystrophic)": "/term/XSCO:0000004",
    "/differential (form)": "/differential",
    "/differential (ranked)": "/differential?site=UBERON:0002097&status=XSCO:0000013&disorder=XSCO:0000051",
    "/query": "/query",
    "/term/calcinsis (404)": "/term/calcinsis",
}
BROWSER_PAGES = {
    "/search (baseline)": "/search",
    "/term/XSCO:0000005": "/term/XSCO:0000005",
    "/differential (ranked)": "/differential?site=UBERON:0002097&status=XSCO:0000013&disorder=XSCO:0000051",
    "/query": "/query",
}


def get(url: str) -> float:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
    except urllib.error.HTTPError as error:  # the 404 page is a page too
        error.read()
    return (time.perf_counter() - start) * 1000


def new_findings(count: int) -> list[str]:
    """``count`` differential URLs, each a finding the server has not ranked yet (one site each)."""
    import kgtools
    from kgtools.prefixes import compress
    from kgtools.web import form_choices

    sites = [t.iri for t in form_choices(kgtools.load())["site"]]
    step = max(1, len(sites) // count)
    return [f"/differential?site={compress(iri)}&status=XSCO:0000013&disorder=XSCO:0000051"
            for iri in sites[::step][:count]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--browser-runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    with background() as base:
        print(f"server time, {args.repeat} GETs each (ms) on {os.cpu_count()} cores")
        print(f"{'page':42} {'median':>8} {'p90':>8} {'x baseline':>11}")
        baseline = None
        for name, path in PAGES.items():
            get(base + path)  # warm up
            times = sorted(get(base + path) for _ in range(args.repeat))
            median, p90 = statistics.median(times), times[int(0.9 * (len(times) - 1))]
            baseline = baseline or median
            print(f"{name:42} {median:8.1f} {p90:8.1f} {median / baseline:11.1f}")
        fresh = new_findings(args.repeat)
        times = sorted(get(base + path) for path in fresh)
        median, p90 = statistics.median(times), times[int(0.9 * (len(times) - 1))]
        name = f"/differential (ranked, {len(fresh)} new findings)"
        print(f"{name:42} {median:8.1f} {p90:8.1f} {median / (baseline or median):11.1f}")
        if args.no_browser:
            return
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                         args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            print(f"\nbrowser time, headless Chromium {browser.version}, {args.browser_runs} runs each (ms, median)")
            print(f"{'page':42} {'DOMContentLoaded':>17} {'load':>8} {'x baseline':>11}")
            page.goto(base + "/search", wait_until="load")  # warm the browser cache (CSS, JS) first
            base_load = None
            for name, path in BROWSER_PAGES.items():
                dcl, load = [], []
                for _ in range(args.browser_runs):
                    page.goto(base + path, wait_until="load")
                    timing = page.evaluate(
                        "(() => { const n = performance.getEntriesByType('navigation')[0];"
                        " return [n.domContentLoadedEventEnd, n.loadEventEnd]; })()"
                    )
                    dcl.append(timing[0])
                    load.append(timing[1])
                med_load = statistics.median(load)
                base_load = base_load or med_load
                print(f"{name:42} {statistics.median(dcl):17.1f} {med_load:8.1f} {med_load / base_load:11.1f}")
            browser.close()


if __name__ == "__main__":
    main()
