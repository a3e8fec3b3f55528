"""A seeded synthetic corpus of realistic HTML pages, with the true edges recorded.

Pages look like real news pages (20-80 KB: head with meta/OpenGraph/JSON-LD, cookie
banner, nav, header, sidebars, inline and external scripts, related links, footer) around
an article body. The process behind them:

* outlets: the built-in registry's plus generated ones, drawn with a power law (a few
  outlets publish most articles);
* each article is an origin story or derives from an earlier article, also drawn with a
  power law (popular stories travel further), by republication (same language),
  translation (another language) or citation (a sourced link in the text), so chains run
  through intermediaries;
* article text is rendered from language-free sentence skeletons (word ids, a place, a
  number, sometimes a speaker) through each language's vocabulary: a copy renders its
  source's skeletons in the same language (half of them cut to the first two thirds
  or more), a translation in its own, so text reuse has real copies and translations
  to find, while independent articles share no more than chance wording. The words
  are a shuffled vocabulary, not prose: realistic in length, names and numbers, not
  in grammar;
* attribution lines and links use phrases the extractor knows, in en/fr/de/es
  (loaders/data/patterns/*.yaml);
* about 1% of pages are malformed (truncated, empty body, no text, binary noise).

``truth.jsonl`` holds one line per true article->article edge, as stored (derived ->
source, ``article:<canonical URL>`` keys); ``origins.csv`` maps each article to the
article whose text it renders (two copies of one story share it); ``manifest.csv`` is
what ``citegraph ingest``
reads beside the pages (path, url, outlet, published, language). Pages are sharded into
folders of 1000.

    .venv/bin/python -m bench.corpus --size 10000 --out .cache/corpus/10000
"""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

import yaml

from graph.keys import article_key
from graph.schema import EdgeKind

__all__ = ["Article", "CorpusInfo", "Outlet", "generate", "main"]

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "loaders" / "data" / "registry.yaml"
LANGS = ("en", "fr", "de", "es")
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
# Articles are 7 minutes apart, closer when that would take them past LAST_DATE: a date
# in the future is one htmldate rejects, and then it searches the whole page for
# another. Generator 2 dated the last third of the 100k corpus in 2027, which made
# those pages 50% dearer to parse, more so the later the run, and lost their dates.
LAST_DATE = datetime(2026, 10, 31, tzinfo=UTC)
_STEP_MINUTES = 7
# Bumped whenever the pages change, so a cached corpus of an older generator is rebuilt.
# (Generator 3 changed only the dates of corpora over 62,000 articles.)
GENERATOR = 3

# Phrases the extractor knows (loaders/data/patterns/<lang>.yaml).
_REPUBLISHED = {
    "en": "Originally published by {outlet}",
    "fr": "Publié initialement par {outlet}",
    "de": "Zuerst erschienen bei {outlet}",
    "es": "Publicado originalmente por {outlet}",
}
_SOURCE = {"en": "Source", "fr": "Source", "de": "Quelle", "es": "Fuente"}
_TRANSLATED_FROM = {
    ("en", "fr"): "Translated from French by {outlet}",
    ("en", "de"): "Translated from German by {outlet}",
    ("en", "es"): "Translated from Spanish by {outlet}",
    ("fr", "en"): "Traduit de l'anglais par {outlet}",
    ("fr", "de"): "Traduit de l'allemand par {outlet}",
    ("fr", "es"): "Traduit par {outlet}",
    ("de", "en"): "Aus dem Englischen übersetzt von {outlet}",
    ("de", "fr"): "Aus dem Französischen übersetzt von {outlet}",
    ("de", "es"): "Übersetzt von {outlet}",
    ("es", "en"): "Traducido del inglés por {outlet}",
    ("es", "fr"): "Traducido del francés por {outlet}",
    ("es", "de"): "Traducido por {outlet}",
}
_CITES = {
    "en": "According to {link}, {claim}",
    "fr": "Selon {link}, {claim}",
    "de": "Laut {link} {claim}",
    "es": "Según {link}, {claim}",
}

_WORDS = {
    "en": "the ministry said on Tuesday that officials had met representatives of the "
    "regional council to discuss water supplies near the dam while analysts warned that "
    "talks could stall again over summer flows and the port authority confirmed new "
    "inspections of cargo and grain shipments after reports of delays at the border",
    "fr": "le ministère a indiqué mardi que des responsables avaient rencontré les "
    "représentants du conseil régional pour discuter de l'approvisionnement en eau près "
    "du barrage tandis que des analystes estiment que les négociations pourraient de "
    "nouveau échouer sur les débits d'été et que l'autorité portuaire a confirmé des "
    "inspections des cargaisons de céréales après des retards à la frontière",
    "de": "das Ministerium teilte am Dienstag mit dass Beamte Vertreter des Regionalrats "
    "getroffen hätten um über die Wasserversorgung am Staudamm zu sprechen während "
    "Analysten warnten dass die Gespräche erneut an den Sommerabflüssen scheitern "
    "könnten und die Hafenbehörde neue Kontrollen von Getreideladungen bestätigte",
    "es": "el ministerio dijo el martes que funcionarios se habían reunido con "
    "representantes del consejo regional para discutir el suministro de agua cerca de "
    "la presa mientras analistas advirtieron que las negociaciones podrían estancarse "
    "de nuevo por los caudales de verano y la autoridad portuaria confirmó inspecciones",
}
_VOCAB = {lang: list(dict.fromkeys(words.split())) for lang, words in _WORDS.items()}
_TOPICS = (
    "dam", "pipeline", "election", "grain", "border", "summit", "sanctions", "drill",
    "port", "energy", "vaccine", "protest", "refinery", "satellite", "bridge", "harbour",
)  # fmt: skip
_PLACES = ("Valmora", "Port Halden", "Osk", "Lorn", "Selva", "Kestria", "Varnia", "Brask")
_NAMES = (
    "Ilia Kostrov", "Daria Belenko", "Elin Marsk", "Tamara Olesk", "Roman Yelsky",
    "Chiara Bellandi", "Matthias Grenzbach", "Lucía Ferrer", "Hugo Lambert", "Anna Weiss",
)  # fmt: skip
_NAV = {
    "en": ("World", "Politics", "Business", "Science", "Opinion", "Video", "Podcasts"),
    "fr": ("Monde", "Politique", "Économie", "Sciences", "Opinions", "Vidéo", "Podcasts"),
    "de": ("Welt", "Politik", "Wirtschaft", "Wissen", "Meinung", "Video", "Podcasts"),
    "es": ("Mundo", "Política", "Economía", "Ciencia", "Opinión", "Vídeo", "Pódcasts"),
}
_FOOT = {
    "en": "All rights reserved. Terms of use. Privacy policy.",
    "fr": "Tous droits réservés. Mentions légales. Politique de confidentialité.",
    "de": "Alle Rechte vorbehalten. Impressum. Datenschutz.",
    "es": "Todos los derechos reservados. Aviso legal. Política de privacidad.",
}
# A minified-looking tracker/analytics script: most of a real page's weight is code.
_SCRIPT = (
    "!function(e,t){var n=e.dataLayer=e.dataLayer||[];function r(){n.push(arguments)}"
    "r('js',new Date);r('config','G-{id}',{anonymize_ip:!0});var o=t.createElement('script');"
    "o.async=!0,o.src='https://cdn.{domain}/static/js/app.{id}.min.js';"
    "t.head.appendChild(o)}(window,document);"
)


@dataclass(frozen=True)
class Outlet:
    name: str
    domain: str
    language: str


@dataclass
class Article:
    index: int
    outlet: Outlet
    url: str
    title: str
    published: datetime
    topic: str
    parent: int | None = None
    relation: EdgeKind | None = None
    malformed: str | None = None


@dataclass
class CorpusInfo:
    size: int
    seed: int
    pages: int
    bytes: int
    edges: int
    malformed: int
    seconds: float
    generator: int = GENERATOR

    def to_json(self) -> dict[str, object]:
        return dict(self.__dict__)


def _outlets(rng: random.Random, generated: int) -> list[Outlet]:
    data = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    out = []
    for entry in data.get("outlets", []):
        # A page needs a site of its own: skip entries known only by a channel path
        # ("t.me/rybar") or by no domain at all.
        sites = [d for d in entry.get("domains") or [] if "/" not in d]
        if not sites:
            continue
        langs = [lang for lang in entry.get("languages", ["en"]) if lang in LANGS] or ["en"]
        out.append(Outlet(entry["name"], sites[0], langs[0]))
    stems = ("Herald", "Courier", "Observer", "Tribune", "Digest", "Post", "Bote", "Diario")
    for i in range(generated):
        lang = LANGS[i % len(LANGS)]
        stem = stems[rng.randrange(len(stems))]
        out.append(Outlet(f"{stem} {i:04d}", f"{stem.lower()}-{i:04d}.example", lang))
    return out


class _Zipf:
    """Draw indices 0..n-1 with probability proportional to 1/(i+1)^s."""

    def __init__(self, n: int, s: float) -> None:
        self.cum = list(itertools.accumulate(1.0 / (i + 1) ** s for i in range(n)))

    def draw(self, rng: random.Random) -> int:
        return bisect.bisect(self.cum, rng.random() * self.cum[-1])


def plan(size: int, seed: int) -> list[Article]:
    """The articles and who derives from whom, without the pages."""
    rng = random.Random(seed)
    outlets = _outlets(rng, max(20, size // 50))
    rng.shuffle(outlets)
    pick_outlet = _Zipf(len(outlets), 1.1)
    articles: list[Article] = []
    span = (LAST_DATE - _EPOCH) / timedelta(minutes=1) - 5
    step = min(_STEP_MINUTES, span / max(size, 1))
    for i in range(size):
        outlet = outlets[pick_outlet.draw(rng)]
        topic = _TOPICS[rng.randrange(len(_TOPICS))]
        when = _EPOCH + timedelta(minutes=int(i * step) + rng.randrange(5))
        place = _PLACES[rng.randrange(len(_PLACES))]
        title = f"{place} {topic} report {i}: officials dispute new claims"
        url = f"https://www.{outlet.domain}/{when:%Y/%m/%d}/{topic}-report-{i}"
        art = Article(i, outlet, url, title, when, topic)
        roll = rng.random()
        if i and roll < 0.6:
            # Preferential choice among recent articles: popular stories travel on.
            window = min(i, 2000)
            art.parent = i - 1 - int(window * rng.random() ** 3)
            parent = articles[art.parent]
            if parent.malformed:
                art.parent = None
            elif parent.outlet.language != outlet.language and roll < 0.25:
                art.relation = EdgeKind.TRANSLATES
            elif parent.outlet.language == outlet.language and roll < 0.35:
                art.relation = EdgeKind.REPUBLISHES
            elif parent.outlet.domain != outlet.domain:
                art.relation = EdgeKind.CITES
            else:
                art.parent = None
        if rng.random() < 0.01:
            art.malformed = ("truncated", "empty_body", "binary", "no_text")[rng.randrange(4)]
        articles.append(art)
    return articles


# A sentence is a language-free skeleton (word ids, a place, a number, maybe a speaker)
# rendered through a language's vocabulary. A translation renders its source's skeletons
# in its own language, so it keeps the numbers and names in order, as real ones do; a
# copy renders the same ones in the same language. Independent articles draw their own
# skeletons, so two of them share no more than chance wording.
@dataclass(frozen=True)
class _Sentence:
    words: tuple[int, ...]
    place: int
    number: int
    speaker: int | None


def _skeleton(seed: int, index: int) -> list[list[_Sentence]]:
    """The paragraphs of the text that article ``index`` wrote (not copied)."""
    rng = random.Random(seed * 7_919 + index)
    paragraphs = []
    for _ in range(rng.randrange(6, 16)):
        n = rng.randrange(2, 5)
        paragraphs.append(
            [
                _Sentence(
                    tuple(rng.randrange(1_000) for _ in range(rng.randrange(10, 19))),
                    rng.randrange(len(_PLACES)),
                    rng.randrange(10, 100_000),
                    rng.randrange(len(_NAMES)) if k == n - 1 else None,
                )
                for k in range(n)
            ]
        )
    return paragraphs


def _render_sentence(s: _Sentence, lang: str) -> str:
    vocab = _VOCAB[lang]
    words = [vocab[w % len(vocab)] for w in s.words]
    cut = len(words) // 2
    text = " ".join(
        [
            *words[:cut],
            _PLACES[s.place],
            *words[cut:-2],
            f"{s.number:,}".replace(",", " "),
            *words[-2:],
        ]
    )
    text = text[0].upper() + text[1:]
    if s.speaker is not None:
        return f"{text}, {_NAMES[s.speaker]} {_said(lang)}."
    return text + "."


def _text_origin(art: Article, articles: list[Article]) -> Article:
    """The article whose skeleton ``art`` renders: up through copies and translations."""
    while art.parent is not None and art.relation in (EdgeKind.REPUBLISHES, EdgeKind.TRANSLATES):
        art = articles[art.parent]
    return art


def _paragraphs(art: Article, articles: list[Article], rng: random.Random, seed: int) -> list[str]:
    origin = _text_origin(art, articles)
    paragraphs = _skeleton(seed, origin.index)
    if art.relation is EdgeKind.REPUBLISHES and len(paragraphs) > 4 and rng.random() < 0.5:
        # A partial copy: the first two thirds or more.
        paragraphs = paragraphs[: max(4, len(paragraphs) * 2 // 3 + rng.randrange(2))]
    lang = art.outlet.language
    return [" ".join(_render_sentence(s, lang) for s in p) for p in paragraphs]


def _said(lang: str) -> str:
    return {"en": "said", "fr": "a déclaré", "de": "sagte", "es": "dijo"}[lang]


def _attribution(art: Article, parent: Article) -> str:
    lang, plang = art.outlet.language, parent.outlet.language
    link = f'<a href="{parent.url}">{escape(parent.title)}</a>'
    if art.relation is EdgeKind.REPUBLISHES:
        line = _REPUBLISHED[lang].format(outlet=escape(parent.outlet.name))
        return f'<p class="credit">{line}: {link}</p>'
    if art.relation is EdgeKind.TRANSLATES:
        line = _TRANSLATED_FROM[(lang, plang)].format(outlet=escape(art.outlet.name))
        return f'<p class="source">{_SOURCE[lang]} : {link}</p>\n<p class="translator">{line}</p>'
    claim = {
        "en": "the figures were revised after the meeting.",
        "fr": "les chiffres ont été révisés après la réunion.",
        "de": "wurden die Zahlen nach dem Treffen korrigiert.",
        "es": "las cifras fueron revisadas tras la reunión.",
    }[lang]
    cite = f'<a href="{parent.url}">{escape(parent.outlet.name)}</a>'
    return f"<p>{_CITES[lang].format(link=cite, claim=claim)}</p>"


def render(art: Article, articles: list[Article], rng: random.Random, seed: int = 7) -> bytes:
    """Return the page's bytes."""
    if art.malformed == "binary":
        return rng.randbytes(rng.randrange(20_000, 40_000))
    o, lang = art.outlet, art.outlet.language
    pid = f"{art.index:07d}"
    nav = "".join(
        f'<li class="menu-item"><a href="/{escape(s.lower())}/">{escape(s)}</a></li>'
        for s in _NAV[lang]
    )
    related = "".join(
        f'<li><a href="https://www.{o.domain}/archive/{rng.randrange(10**6)}">'
        f"{_PLACES[k % len(_PLACES)]} {_TOPICS[k % len(_TOPICS)]}: what we know</a></li>"
        for k in range(rng.randrange(8, 20))
    )
    scripts = "\n".join(
        "<script>"
        + _SCRIPT.replace("{id}", f"{pid}{k}").replace("{domain}", o.domain) * 4
        + "</script>"
        for k in range(rng.randrange(4, 14))
    )
    css = "".join(
        f".c{k}{{margin:{k % 7}px;padding:{k % 5}px;color:#{k * 2654435761 % 16**6:06x}}}"
        for k in range(rng.randrange(100, 450))
    )
    sidebar = "".join(
        f'<div class="widget"><h4>{_NAV[lang][k % 7]}</h4><ul>'
        + "".join(
            f'<li><a href="/tag/{_TOPICS[(k + j) % 16]}/">{_TOPICS[(k + j) % 16]}</a></li>'
            for j in range(6)
        )
        + "</ul></div>"
        for k in range(rng.randrange(3, 8))
    )
    iso = art.published.strftime("%Y-%m-%dT%H:%M:%SZ")
    paras = _paragraphs(art, articles, rng, seed)
    if art.parent is not None and art.relation is not None:
        attribution = _attribution(art, articles[art.parent])
        if art.relation is EdgeKind.CITES:
            paras.insert(rng.randrange(1, len(paras)), attribution)
            tail = ""
        else:
            tail = attribution
    else:
        tail = ""
    body = "\n".join(p if p.startswith("<p") else f"<p>{escape(p)}</p>" for p in paras)
    if art.malformed == "no_text":
        body, tail = "", ""
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": art.title,
            "datePublished": iso,
            "publisher": {"@type": "Organization", "name": o.name},
        }
    )
    page = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(art.title)} | {escape(o.name)}</title>
<link rel="canonical" href="{art.url}">
<meta name="description" content="{escape(art.title)}">
<meta property="og:site_name" content="{escape(o.name)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(art.title)}">
<meta property="og:url" content="{art.url}">
<meta property="article:published_time" content="{iso}">
<link rel="stylesheet" href="https://cdn.{o.domain}/static/css/main.{pid}.css">
<style>{css}</style>
<script type="application/ld+json">{ld}</script>
{scripts}
</head>
<body class="single post-{pid}">
<div class="cookie-banner" id="consent">Cookies help us deliver our services.
<button>OK</button></div>
<header id="masthead"><div class="site-branding"><p class="site-title">
<a href="/">{escape(o.name)}</a></p></div>
<nav id="site-navigation"><ul id="primary-menu">{nav}</ul></nav></header>
<div id="content" class="site-content">
<aside class="sidebar-left">{sidebar}</aside>
<article id="post-{pid}" class="post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{escape(art.title)}</h1>
<div class="entry-meta"><time class="entry-date published" datetime="{iso}">
{art.published:%Y-%m-%d}</time></div>
</header>
<div class="entry-content">
{body}
{tail}
</div>
</article>
<section class="related-posts"><h3>{_NAV[lang][0]}</h3><ul>{related}</ul></section>
<aside class="sidebar-right">{sidebar}</aside>
</div>
<footer id="colophon"><p>© 2026 {escape(o.name)}. {_FOOT[lang]}</p></footer>
</body>
</html>
"""
    if art.malformed == "truncated":
        page = page[: len(page) // 3]
    elif art.malformed == "empty_body":
        page = page[: page.index("<body")] + "<body></body></html>"
    return page.encode("utf-8")


def truth_edges(articles: list[Article]) -> list[dict[str, str]]:
    """The true article->article edges, as stored (derived -> source)."""
    out = []
    for art in articles:
        if art.parent is None or art.relation is None or art.malformed:
            continue
        parent = articles[art.parent]
        out.append(
            {
                "source": article_key(url=art.url),
                "type": art.relation.value,
                "target": article_key(url=parent.url),
            }
        )
    return out


def page_path(index: int) -> str:
    return f"{index // 1000:04d}/{index:07d}.html"


def generate(size: int, out: Path, *, seed: int = 7) -> CorpusInfo:
    """Write ``size`` pages, manifest.csv, truth.jsonl and corpus.json under ``out``."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    articles = plan(size, seed)
    total = 0
    with (out / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["path", "url", "outlet", "published", "language"])
        for art in articles:
            rel = page_path(art.index)
            target = out / rel
            if art.index % 1000 == 0:
                target.parent.mkdir(exist_ok=True)
            data = render(art, articles, random.Random(seed * 1_000_003 + art.index), seed)
            target.write_bytes(data)
            total += len(data)
            writer.writerow(
                [rel, art.url, art.outlet.name, art.published.isoformat(), art.outlet.language]
            )
    edges = truth_edges(articles)
    with (out / "truth.jsonl").open("w", encoding="utf-8") as fh:
        for edge in edges:
            fh.write(json.dumps(edge) + "\n")
    # Which article's text each page renders, so a reuse edge between two copies of one
    # story (true reuse, though not the recorded parent) can be told from a false one.
    with (out / "origins.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["article", "origin"])
        for art in articles:
            origin = _text_origin(art, articles)
            writer.writerow([article_key(url=art.url), article_key(url=origin.url)])
    info = CorpusInfo(
        size=size,
        seed=seed,
        pages=size,
        bytes=total,
        edges=len(edges),
        malformed=sum(1 for a in articles if a.malformed),
        seconds=round(time.perf_counter() - started, 1),
    )
    (out / "corpus.json").write_text(json.dumps(info.to_json(), indent=2) + "\n")
    return info


def ensure(size: int, out: Path, *, seed: int = 7) -> CorpusInfo:
    """Generate the corpus unless an identical one is already there."""
    meta = out / "corpus.json"
    if meta.is_file():
        info = json.loads(meta.read_text())
        if (info.get("size"), info.get("seed"), info.get("generator")) == (size, seed, GENERATOR):
            return CorpusInfo(**info)
    return generate(size, out, seed=seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or ROOT / ".cache" / "corpus" / str(args.size)
    info = generate(args.size, out, seed=args.seed)
    print(json.dumps(info.to_json()))


if __name__ == "__main__":
    main()
