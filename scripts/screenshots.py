"""Make the README's screenshots of the web pages with headless Chromium (Debian's, not a download).

    python scripts/screenshots.py [--out docs] [--chromium /usr/bin/chromium]

Starts ``kgtools serve`` on a free 127.0.0.1 port, opens the term page of calcinosis and the
differential page with a finding given in free text, and writes docs/term-page.png and
docs/differential-page.png (atomically).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

from kgtools.serve import background

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]



def shot(page, max_height: int) -> bytes:
    """A PNG of the top of the whole page, at most ``max_height`` pixels tall."""
    height = min(page.evaluate("document.documentElement.scrollHeight"), max_height)
    return page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": height})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from kgtools.fileio import write_atomic

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with background() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(base + "/term/XSCO:0000005")
        page.wait_for_selector("#assoc-subject")
        write_atomic(out / "term-page.png", shot(page, 2000))
        # issue 17: the free-text differential (recognised terms, negation struck through, two lists)
        page.goto(base + "/differential?" + urlencode({"text": (
            "Subcutaneous calcifications in the pulp of the fingers of a woman with limited cutaneous "
            "systemic sclerosis. No history of trauma. Serum calcium 9.4 mg/dL.")}))
        page.wait_for_selector(".candidate")
        page.locator("#types li.candidate details.reasons-box summary").first.click()
        write_atomic(out / "differential-page.png", shot(page, 2000))
        browser.close()
    for name in ("term-page.png", "differential-page.png"):
        print(f"{out / name}: {os.path.getsize(out / name)} bytes")


if __name__ == "__main__":
    main()
