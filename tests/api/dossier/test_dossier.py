"""``citegraph dossier`` and ``citegraph verify`` on the seeds, as a user runs them:
the HTML report, the PDF (its text read back), the bundle, and a bundle tampered with."""

from __future__ import annotations

import html as markup
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from api.app import create_app
from api.dossier import build_article_dossier, build_dossier
from api.dossier.build import read_text
from api.dossier.render import DOSSIER_CSP, DOSSIER_VIEW_CSP, render_dossier
from api.settings import Settings
from api.views import VIEW_CSP
from graph.queries import amplification
from graph.schema import EvidenceMethod
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.inputs import iter_sources
from loaders.inputs.source import InputOptions, load_document
from loaders.rawstore import RawStore
from loaders.registry import Registry
from tests.api.views.test_views import external_resource
from tests.support.cli import invoke, run_process
from tests.support.pages import HOSTILE
from tests.support.paths import EXAMPLES, INPUTS
from tests.support.warc import write_warc

REGISTRY = EXAMPLES / "outlets.yaml"

SEED_SHA = "78bc48ef09fbab41cc23d24353025b78420965dd031df84b7b337cab5cac2383"
#: The seeds' middle article: it translates RT's and Mondialisation.ca republishes it.
RI_TITLE = (
    "La vidéo de la prochaine fausse attaque chimique en Syrie est déjà terminée, "
    "les Casques blancs ont coproduit les images"
)
RI_KEY = "article:reseau-international:604a886d766857d3"


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``citegraph ARGS`` in this process (tests/support/cli.py)."""
    return invoke(*args, env=env, check=False)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """The seeds ingested with their raw captures kept, and the dossier of their chain
    written as the issue asks: ``dossier RT Mondialisation.ca --bundle d.zip -o d.pdf``."""
    work = tmp_path_factory.mktemp("dossier")
    env = {"CITEGRAPH_STORE": str(work / "s.db"), "CITEGRAPH_RAW_DIR": str(work / "raw")}
    ingested = _run("ingest", str(seeds_dir), "--no-progress", env=env)
    assert ingested.returncode == 0, ingested.stderr
    made = run_process(  # the installed command, as a user runs it
        "dossier", "RT", "Mondialisation.ca", "--bundle", str(work / "d.zip"),
        "-o", str(work / "d.pdf"), "-o", str(work / "d.html"), env=env, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    article = _run(
        "dossier", "--article", RI_TITLE, "--bundle", str(work / "a.zip"),
        "-o", str(work / "a.pdf"), "-o", str(work / "a.html"), env=env,
    )  # fmt: skip
    assert article.returncode == 0, article.stderr
    return work


def _view_page(html: str) -> str:
    """The interactive view's page, carried in the report's one iframe srcdoc."""
    [srcdoc] = re.findall(r'<iframe class="interactive"[^>]* srcdoc="([^"]*)"', html)
    return markup.unescape(srcdoc)


def test_the_report_holds_chain_evidence_in_context_and_documents(made: Path) -> None:
    html = (made / "d.html").read_text(encoding="utf-8")
    assert "RT ⇒ Réseau International ⇒ Mondialisation.ca" in html
    # Each span is highlighted inside the text around it, not quoted alone.
    quotes = re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", html, re.S)
    for span, around in [
        ("traduit par Réseau International", "co-produced footage – Moscow\n\n<mark>"),
        ("Annexe article publié par RT :", "Ahmad Al-Khaled"),
    ]:
        [quote] = [q for q in quotes if f"<mark>{span}</mark>" in q]
        assert around in quote
    assert SEED_SHA in html and "6628 bytes" in html and "file_mtime" in html
    assert "Two hops rest on the page&#39;s own structure" in html
    assert external_resource(html) is None and "<script" not in html
    # The interactive view, in a sandboxed srcdoc frame: its scripts are allowed by
    # hash in the report's policy (a srcdoc frame inherits it) and in its own.
    assert f'content="{DOSSIER_VIEW_CSP}"' in html.replace("&#39;", "'")
    assert re.search(r'<iframe class="interactive"[^>]* sandbox="allow-scripts"', html)
    view = _view_page(html)
    assert f'content="{VIEW_CSP}"' in view.replace("&#39;", "'")
    assert 'id="cg-data"' in view and external_resource(view) is None
    # On paper the static drawing instead.
    assert '<div class="drawing print-only"><svg' in html
    assert ".interactive { display: none; } .print-only { display: block; }" in html


def _pdf_text(pdf: bytes) -> str:
    """The PDF's text layer as Debian's pdftotext (poppler-utils, installed by
    scripts/install-system-deps) reads it: what a reader checking the PDF would run."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        timeout=120,
        check=True,
    ).stdout.decode("utf-8")


def test_the_pdf_has_the_text(made: Path) -> None:
    text = _pdf_text((made / "d.pdf").read_bytes())
    assert "traduit par Réseau International" in text
    assert "Annexe article publié par RT" in text and SEED_SHA[:32] in text.replace("\n", "")


def test_the_bundle_verifies(made: Path) -> None:
    with zipfile.ZipFile(made / "d.zip") as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
    assert {"report.html", "manifest.json", f"captures/{SEED_SHA}"} <= names
    assert manifest["files"][f"captures/{SEED_SHA}"] == SEED_SHA
    assert len(manifest["evidence"]) == 3
    ok = run_process("verify", str(made / "d.zip"), check=False)
    assert ok.returncode == 0, ok.stderr


def _tampered(source: Path, target: Path, name: str, change: bytes) -> None:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            zout.writestr(item, change if item.filename == name else data)


def test_a_flipped_byte_in_a_capture_fails_naming_the_document(made: Path) -> None:
    with zipfile.ZipFile(made / "d.zip") as zf:
        raw = bytearray(zf.read(f"captures/{SEED_SHA}"))
    raw[100] ^= 0x01
    bad = made / "capture-flipped.zip"
    _tampered(made / "d.zip", bad, f"captures/{SEED_SHA}", bytes(raw))
    result = _run("verify", str(bad))
    assert result.returncode == 1
    assert "doc:78bc48ef09fbab41cc23" in result.stderr and "SHA-256" in result.stderr


def test_a_flipped_evidence_offset_fails_naming_the_document(made: Path) -> None:
    with zipfile.ZipFile(made / "d.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
    manifest["evidence"][0]["start"] += 1
    bad = made / "offset-flipped.zip"
    _tampered(made / "d.zip", bad, "manifest.json", json.dumps(manifest).encode())
    result = _run("verify", str(bad))
    assert result.returncode == 1
    assert "doc:78bc48ef09fbab41cc23" in result.stderr and "not at characters" in result.stderr


def test_without_kept_captures_the_report_says_so_and_no_bundle_is_made(
    tmp_path: Path, seeds_dir: Path, registry: Registry
) -> None:
    with EmbeddedStore(tmp_path / "s.db") as store:
        ingest([str(seeds_dir)], store, registry)
    env = {"CITEGRAPH_STORE": str(tmp_path / "s.db")}
    html = _run("dossier", "RT", "Mondialisation.ca", "-o", str(tmp_path / "r.html"), env=env)
    assert html.returncode == 0, html.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "raw capture not kept" in page and "quoted alone" in page
    assert "<mark>traduit par Réseau International</mark>" in page
    bundle = _run(
        "dossier", "RT", "Mondialisation.ca", "--bundle", str(tmp_path / "d.zip"), env=env
    )
    assert bundle.returncode == 2 and "no raw capture for doc:78bc48ef09fbab41cc23" in bundle.stderr
    assert not (tmp_path / "d.zip").exists()


def test_hostile_titles_and_evidence_stay_text_in_the_dossier(
    tmp_path: Path, registry: Registry
) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(HOSTILE, encoding="utf-8")
    raw = RawStore(tmp_path / "raw")
    with EmbeddedStore(tmp_path / "s.db") as store:
        ingest([str(page)], store, registry, keep_raw=raw)
        dossier = build_dossier(store, "RT", "evil.example", raw=raw)
    html = render_dossier(dossier)
    assert dossier.hops and "<img src=x" not in html and "<script>alert" not in html
    assert "Breaking &lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "<script" not in html and external_resource(html) is None
    # Inside the interactive view the data travels as escaped JSON, drawn as text.
    view = _view_page(html)
    assert "<img src=x" not in view and "<script>alert" not in view
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in view
    # The same article's own dossier, asked for by its URL, and its paper version.
    with EmbeddedStore(tmp_path / "s.db") as store:
        own = build_article_dossier(store, "https://evil.example/a", raw=raw)
    assert own.title == "Breaking <img src=x onerror=alert(1)> news about the dam"
    for page in (render_dossier(own), render_dossier(own, interactive=False)):
        assert "<h1>Dossier: Breaking &lt;img src=x onerror=alert(1)&gt; news" in page
        assert "<mark>" in page and "&lt;script&gt;alert(2)&lt;/script&gt;" in page
        assert "<img src=x" not in page and "<script" not in page
        assert external_resource(page) is None
    paper = render_dossier(own, interactive=False)
    assert "<iframe" not in paper and f'content="{DOSSIER_CSP}"' in paper.replace("&#39;", "'")
    assert '<div class="drawing"><svg' in paper


def test_the_dossier_route_serves_html_and_pdf(made: Path) -> None:
    settings = Settings(store=str(made / "s.db"), raw_dir=made / "raw")
    query = {"origin": "RT", "destination": "Mondialisation.ca"}
    with TestClient(create_app(settings)) as client:
        page = client.get("/dossier", params=query)
        assert page.status_code == 200
        assert page.headers["content-security-policy"].startswith(DOSSIER_VIEW_CSP)
        assert "<mark>traduit par Réseau International</mark>" in page.text
        assert SEED_SHA in page.text
        pdf = client.get("/dossier", params=query | {"format": "pdf"})
        assert pdf.headers["content-type"] == "application/pdf"
        text = _pdf_text(pdf.content)
        assert "traduit par Réseau International" in text
        missing = client.get("/dossier", params={"origin": "RT", "destination": "Nowhere Gazette"})
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
        bad = client.get("/dossier", params=query | {"format": "docx"})
        assert bad.status_code == 422 and set(bad.json()["error"]) == {"code", "message", "details"}
        finder = client.get("/explore/paths", params=query).text
        assert 'href="/dossier?origin=RT&amp;destination=Mondialisation.ca"' in finder


def test_a_cascade_dossier_quotes_every_edge_and_verifies(
    tmp_path: Path, registry: Registry
) -> None:
    env = {"CITEGRAPH_STORE": str(tmp_path / "s.db"), "CITEGRAPH_RAW_DIR": str(tmp_path / "raw")}
    corpus = str(EXAMPLES / "corpus")
    assert (
        _run("ingest", corpus, "--no-progress", "--registry", str(REGISTRY), env=env).returncode
        == 0
    )
    made = _run(
        "dossier", "--source", "VTV International", "-o", str(tmp_path / "c.html"),
        "--bundle", str(tmp_path / "c.zip"), env=env,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    html = (tmp_path / "c.html").read_text(encoding="utf-8")
    with EmbeddedStore(tmp_path / "s.db") as store:
        cascade = amplification(store, "VTV International")
    assert len(cascade.edges) >= 3
    for edge in cascade.edges:  # every edge of the cascade, with its evidence highlighted
        assert f"<code>{edge.edge}</code>" in html
        for ev in edge.evidence:
            assert f"<mark>{escape(ev.text)}</mark>" in html
    # One methods-and-limits note per method the cascade's evidence was read by.
    methods = {ev.method for edge in cascade.edges for ev in edge.evidence}
    limits = html.split('id="limits"')[1]
    assert limits.count("<li>") >= len(methods) + 1
    if EvidenceMethod.STRUCTURE in methods:
        assert "own structure (source, translator or annex lines)" in limits
    assert _run("verify", str(tmp_path / "c.zip")).returncode == 0
    both = _run("dossier", "RT", "--source", "RT", "-o", str(tmp_path / "x.html"), env=env)
    assert both.returncode == 2 and "not both" in both.stderr


@pytest.mark.parametrize(
    "name", ["seeds", "relais-libre.rss", "telegram/relais_express/result.json", "crawl.warc.gz"]
)
def test_a_kept_capture_reads_back_as_the_text_its_offsets_point_into(
    name: str, tmp_path: Path, seeds_dir: Path
) -> None:
    """What verify and the dossier's context rest on, for every kind of input."""
    if name == "seeds":
        given = seeds_dir
    elif name.endswith(".warc.gz"):
        given = tmp_path / name
        write_warc(given, gz=True)
    else:
        given = INPUTS / name
    read = 0
    for source in iter_sources([str(given)], options=InputOptions(fetch=False)):
        if source.error is not None:
            continue
        doc = load_document(source)
        assert doc.capture is not None
        raw = source.load()
        assert read_text(raw, doc.capture) == doc.text, source.uri
        read += 1
    assert read >= 2


def test_an_article_dossier_shows_where_its_content_came_from_and_went(made: Path) -> None:
    html = (made / "a.html").read_text(encoding="utf-8")
    assert f"<h1>Dossier: {RI_TITLE}</h1>" in html
    summary = re.search(r'<p class="summary" id="summary">(.*?)</p>', html, re.S)
    assert summary is not None
    assert "translates RT; quotes Armée" in summary.group(1)
    assert "was taken up by one article in one outlet (Mondialisation.ca)" in summary.group(1)
    came, went = html.split("<h2>Where its content came from</h2>")[1].split(
        "<h2>Where it went</h2>"
    )
    went = went.split("<h2>Documents</h2>")[0]
    assert "RT → Réseau International (translates)" in came
    assert "Russian Ministry of Defence → Réseau International (quotes)" in came
    assert came.count('<section class="hop"') == 6 and went.count('<section class="hop"') == 1
    assert "Réseau International → Mondialisation.ca (republishes)" in went
    # Each edge's evidence inside its paragraph, with method, confidence and review.
    quotes = re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", html, re.S)
    for span, around in [
        ("traduit par Réseau International", "co-produced footage – Moscow\n\n<mark>"),
        ("Annexe article publié par RT :", "Ahmad Al-Khaled"),
        ("Selon le Ministère de la Défense", "</mark>, les images montrent"),
    ]:
        [quote] = [q for q in quotes if f"<mark>{span}</mark>" in q]
        assert around in quote
    assert "<th>Method</th><td>structure</td><th>Review</th><td>auto</td>" in html
    assert SEED_SHA in html and "6628 bytes" in html
    limits = html.split('id="limits"')[1]
    assert "Two edges rest on the page&#39;s own structure" in limits
    assert "Five edges rest on an attribution phrase" in limits
    assert "No edge has been reviewed by a person" in limits
    # The interactive view draws the article between its sources and its reader.
    view = _view_page(html)
    assert RI_KEY in view and "article:mondialisation-ca:" in view and "org:armee" in view


def test_the_article_pdf_and_bundle(made: Path) -> None:
    text = _pdf_text((made / "a.pdf").read_bytes())
    assert "Where its content came from" in text and "Where it went" in text
    assert "traduit par Réseau International" in text
    assert "Selon le Ministère de la Défense" in text
    with zipfile.ZipFile(made / "a.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
        report = zf.read("report.html").decode("utf-8")
    assert manifest["query"] == {"kind": "article", "article": RI_TITLE}
    assert len(manifest["evidence"]) == 8 and f"captures/{SEED_SHA}" in manifest["files"]
    assert "Where it went" in report and '<iframe class="interactive"' in report
    ok = _run("verify", str(made / "a.zip"))
    assert ok.returncode == 0, ok.stderr
    with zipfile.ZipFile(made / "a.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
    manifest["evidence"][-1]["end"] -= 1
    bad = made / "article-offset.zip"
    _tampered(made / "a.zip", bad, "manifest.json", json.dumps(manifest).encode())
    failed = _run("verify", str(bad))
    assert failed.returncode == 1 and "doc:78bc48ef09fbab41cc23" in failed.stderr


def test_the_pdf_browser_comes_from_the_settings(made: Path) -> None:
    # Regression: pdf.py read CITEGRAPH_CHROMIUM from the environment at import, outside
    # Settings; a server configured with another browser path still used the default.
    gone = made / "no-chromium-here"
    settings = Settings(store=str(made / "s.db"), raw_dir=made / "raw", chromium=str(gone))
    query = {"origin": "RT", "destination": "Mondialisation.ca", "format": "pdf"}
    with TestClient(create_app(settings)) as client:
        pdf = client.get("/dossier", params=query)
    assert pdf.status_code == 503, pdf.text
    error = pdf.json()["error"]
    assert error["code"] == "pdf_unavailable" and str(gone) in error["message"]


def test_the_article_dossier_route_and_its_errors(made: Path) -> None:
    settings = Settings(store=str(made / "s.db"), raw_dir=made / "raw")
    with TestClient(create_app(settings)) as client:
        for ref in (RI_KEY, RI_TITLE):
            page = client.get("/dossier", params={"article": ref})
            assert page.status_code == 200, page.text
            assert page.headers["content-security-policy"].startswith(DOSSIER_VIEW_CSP)
            assert "<mark>traduit par Réseau International</mark>" in page.text
            assert "Where it went" in page.text and _view_page(page.text)
        pdf = client.get("/dossier", params={"article": RI_KEY, "format": "pdf"})
        assert pdf.headers["content-type"] == "application/pdf"
        assert pdf.headers["content-security-policy"].startswith(DOSSIER_CSP)
        assert "Where it went" in _pdf_text(pdf.content)
        missing = client.get("/dossier", params={"article": "article:nowhere:0"})
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
        outlet = client.get("/dossier", params={"article": "RT"})  # an outlet, not an article
        assert outlet.status_code == 404 and "no article" in outlet.json()["error"]["message"]
        for params in (
            {"article": RI_KEY, "origin": "RT"},
            {"origin": "RT"},
            {},
            {"article": ""},
            {"article": RI_KEY, "format": "docx"},
        ):
            bad = client.get("/dossier", params=params)
            assert bad.status_code == 422, params
            assert set(bad.json()["error"]) == {"code", "message", "details"}
        page = client.get(f"/explore/article/{RI_KEY}").text
        assert 'href="/dossier?article=article%3Areseau-international%3A604a886d766857d3"' in page


def _said(stderr: str) -> str:
    """An error's words, without the box the console draws around them."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", stderr).split())


def test_the_article_option_is_one_of_three(made: Path) -> None:
    env = {"CITEGRAPH_STORE": str(made / "s.db")}
    both = _run("dossier", "--article", RI_KEY, "--source", "RT", "-o", "x.html", env=env)
    assert both.returncode == 2 and "one of them, not both" in _said(both.stderr)
    half = _run("dossier", "RT", "--article", RI_KEY, "-o", "x.html", env=env)
    assert half.returncode == 2 and "one of them, not both" in _said(half.stderr)
    unknown = _run("dossier", "--article", "article:nowhere:0", "-o", "x.html", env=env)
    assert unknown.returncode == 2, unknown.stderr
    assert "no article with key or URL 'article:nowhere:0'" in _said(unknown.stderr)
