"""A person's view: headless Chromium screenshots a body page served on loopback; the timeline shows.

Needs the Debian package ``chromium`` (``apt-get install -y chromium``); skipped with that reason where it
is missing. The picture is kept in the test's temporary folder (its path is printed) and, when
``KGRAPH_SCREENSHOTS`` names a folder, copied there for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from paths import BROWSER

from kgraph.namespaces import base_iri
from kgraph.namespaces import kp
from kgraph.site.timeline import PALETTE

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1280,2400",
    "--lang=fi",
]


def screenshot(url: str, out: Path, profile: Path) -> Path:
    subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={out}", url],
        check=True,
        timeout=180,
        capture_output=True,
    )
    return out


def timeline_pixels(png: Path) -> tuple[int, tuple[int, int, int, int] | None]:
    """How many pixels have one of the timeline's colours, and their bounding box."""
    from PIL import Image

    colours = [tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in PALETTE[:-1]]  # the grey is also text
    image = Image.open(png).convert("RGB")
    width, height = image.size
    data = image.load()
    count, box = 0, None
    for y in range(height):
        for x in range(width):
            r, g, b = data[x, y]
            if any(abs(r - cr) + abs(g - cg) + abs(b - cb) <= 24 for cr, cg, cb in colours):
                count += 1
                box = (x, y, x, y) if box is None else (min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y))
    return count, box


@pytest.mark.skipif(BROWSER is None, reason="headless Chromium is not installed (Debian: apt-get install -y chromium)")
def test_body_page_shows_its_timeline(pages_server, store, tmp_path):
    rows = list(
        store.query(f"""SELECT ?b (COUNT(?m) AS ?n) WHERE {{ ?t <{kp()}termOf> ?b .
        ?m <http://www.w3.org/ns/org#organization> ?t }} GROUP BY ?b ORDER BY DESC(?n) LIMIT 1""")
    )
    if not rows:
        pytest.skip("no body with members in the data yet")
    path = "/" + rows[0]["b"].value[len(base_iri()) :]
    png = screenshot(f"{pages_server}{path}?lang=fi", tmp_path / "body.png", tmp_path / "profile")
    print(f"screenshot: {png}")
    if os.environ.get("KGRAPH_SCREENSHOTS"):
        shutil.copy(png, Path(os.environ["KGRAPH_SCREENSHOTS"]) / "body.png")
    count, box = timeline_pixels(png)
    assert box is not None, "no pixel of the timeline's colours: the SVG did not render"
    left, top, right, bottom = box
    assert count >= 300, f"only {count} pixels of bars, diamonds and legend"
    assert right - left >= 150 and bottom - top >= 30, f"the coloured region {box} is too small for a timeline"
    assert top < 2400 - 40, "the timeline is within the page's first screen of 2400 px"
