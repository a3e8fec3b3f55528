"""Benchmark (not a test): what reading a page's infrastructure identifiers costs.

Every HTML page is scanned for analytics, tag-manager, ad and verification identifiers
(loaders/infrastructure.py) besides being parsed and extracted. On the generated
corpus (bench/corpus.py: 20-80 KB pages with head, scripts, JSON-LD, nav, footer),
this measures, page by page and in the same run, the scan alone and the rest of a
page's work (parse, extract, declarations): the ratio is the scan's share of a page.
The generated pages carry no identifier, so each is scanned a second time with the
tags of a typical operator's head injected (:data:`TAGS`: GA, GA4, GTM, AdSense,
Metrika, Facebook pixel, two verification tags, a generator): the cost when there is
something to find.

    .venv/bin/python -m bench.infrastructure [--size 1000]

Results: bench/results/infrastructure.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import time
from pathlib import Path

from bench.corpus import ROOT, ensure, page_path
from loaders.declarations import extract_declared
from loaders.documents import parse_document
from loaders.infrastructure import scan_page
from loaders.registry import load_registry

RESULTS = ROOT / "bench" / "results" / "infrastructure.json"
# What an operator's page head carries (9 identifiers): the tagged run's pages.
TAGS = """
<meta name="generator" content="WordPress 6.4.3">
<meta name="google-site-verification" content="q7Zp0c9LkVw2mNs4Xr8TgHb1YdJfEu6AaKc3Qi5oPzS">
<meta name="yandex-verification" content="4f1c2e9a7b3d5f60">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-4XKQ2TB9ZL"></script>
<script>gtag('config', 'G-4XKQ2TB9ZL'); ga('create', 'UA-48213377-1', 'auto');</script>
<script>(function(w,d,s,l,i){w[l]=w[l]||[];})(window,document,'script','dataLayer','GTM-5QX7KT');</script>
<script async src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js?client=ca-pub-6120045791831264"></script>
<script>ym(93481152, "init", {clickmap:true});</script>
<noscript><img src="https://mc.yandex.ru/watch/93481152" alt=""></noscript>
<script>fbq('init', '318842716503291'); fbq('track', 'PageView');</script>
"""


def measure(size: int) -> dict[str, object]:
    out = ROOT / ".cache" / "corpus" / str(size)
    info = ensure(size, out)
    registry = load_registry()
    scan_s = rest_s = tagged_s = 0.0
    pages = found = failed = tagged_found = 0
    for index in range(size):
        raw = (out / page_path(index)).read_bytes()
        started = time.process_time()
        try:
            doc = parse_document(raw, uri=page_path(index))
            extract_declared(doc, registry)
        except Exception:  # a malformed page (1% by design) costs what it costs
            failed += 1
            rest_s += time.process_time() - started
            continue
        rest_s += time.process_time() - started
        started = time.process_time()
        html = raw.decode(doc.encoding, errors="replace")
        found += len(scan_page(html))
        scan_s += time.process_time() - started
        pages += 1
        head = html.find("</head>")
        tagged = html[:head] + TAGS + html[head:] if head >= 0 else TAGS + html
        started = time.process_time()
        tagged_found += len(scan_page(tagged))
        tagged_s += time.process_time() - started
    return {
        "corpus": info.to_json(),
        "pages": pages,
        "failed_pages": failed,
        "identifiers_found": found,
        "scan_ms_per_page": round(1000 * scan_s / max(pages, 1), 3),
        "parse_extract_ms_per_page": round(1000 * rest_s / max(pages + failed, 1), 3),
        "scan_share_of_page": round(scan_s / max(rest_s, 1e-9), 4),
        "tagged_identifiers_found": tagged_found,
        "tagged_scan_ms_per_page": round(1000 * tagged_s / max(pages, 1), 3),
        "tagged_scan_share_of_page": round(tagged_s / max(rest_s, 1e-9), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    args = parser.parse_args()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    result = {
        "commit": commit,
        "machine": platform.machine(),
        "python": platform.python_version(),
        "cpu_time": "process_time, one process",
        **measure(args.size),
    }
    Path(RESULTS).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
