"""A deterministic synthetic corpus shaped like the ingest pipeline's output.

Every document yields one :class:`~graph.models.Subgraph`, as ``loaders.extract``
does: the article, its outlet and authors, the people and organisations it quotes or
mentions, and the articles or outlets it cites, republishes or translates (as stubs
when only the citation is known), each edge with evidence spans. Later documents cite
earlier articles and upgrade earlier stubs, so the store's merge path is exercised.

    >>> corpus = generate(articles=20, seed=1)
    >>> len(corpus.documents), corpus == generate(articles=20, seed=1)
    (20, True)
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from graph.keys import article_key, entity_key, fingerprint
from graph.models import Edge, Evidence, Node, Subgraph
from graph.schema import EdgeKind, EvidenceMethod, NodeKind, OutletKind

__all__ = ["Batch", "Corpus", "FlowCorpus", "batches", "generate", "iter_rows"]

_LANGS = ("en", "fr", "de", "es", "it", "ru")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_WORDS = _words(
    "dam water talks ministry agency sources report claims video strike port election "
    "sanctions pipeline border drill summit grain energy protest leak official spokesman "
    "analyst network channel broadcast footage investigation rumour denial exclusive"
)
_FIRST = _words(
    "Anna Boris Claire Dmitri Elena Farid Greta Hugo Irina Jonas Karim Lena Marco "
    "Nadia Oleg Paula Quentin Rosa Sergei Tomas Ursula Viktor Wanda Yusuf Zoe"
)
_LAST = _words(
    "Ivanova Petrov Martin Dubois Schmidt Rossi Garcia Novak Haddad Lindqvist Kowalski "
    "Moreau Weber Conti Silva Orlov Berg Costa Fischer Laurent"
)
_ORG_HEAD = ("Ministry of", "Agency for", "Council of", "Institute of", "Committee on")
_ORG_TAIL = ("Defence", "Water", "Energy", "Foreign Affairs", "Information", "Trade")


@dataclass(frozen=True)
class Corpus:
    """One subgraph per document, in ingest order."""

    documents: list[Subgraph]
    seed: int

    @property
    def node_rows(self) -> int:
        return sum(len(d.nodes) for d in self.documents)

    @property
    def edge_rows(self) -> int:
        return sum(len(d.edges) for d in self.documents)


@dataclass
class Batch:
    """What ``loaders.ingest`` hands to ``Store.upsert`` after ``size`` documents."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.nodes) + len(self.edges)


def batches(corpus: Corpus, documents_per_batch: int) -> list[Batch]:
    """Concatenate the corpus's subgraphs ``documents_per_batch`` at a time, like ingest."""
    out: list[Batch] = []
    for i in range(0, len(corpus.documents), documents_per_batch):
        batch = Batch()
        for sub in corpus.documents[i : i + documents_per_batch]:
            batch.nodes.extend(sub.nodes)
            batch.edges.extend(sub.edges)
        out.append(batch)
    return out


def _title(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 10))).capitalize()


class _Generator:
    def __init__(self, articles: int, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        n_outlets = max(articles // 25, 5)
        self.outlets = [
            Node(
                key=entity_key(NodeKind.OUTLET, f"Outlet {i}"),
                kind=NodeKind.OUTLET,
                name=f"Outlet {i}",
                domains=[f"outlet{i}.example"] + ([f"outlet{i}.net"] if i % 7 == 0 else []),
                aliases=[f"O{i} News", f"Outlet Nr {i}"][: rng.randint(0, 2)],
                country=rng.choice(("RU", "FR", "DE", "US", "CA", "IT")),
                languages=[rng.choice(_LANGS)],
                outlet_kind=rng.choice(list(OutletKind)),
                sources=["synthetic"],
            )
            for i in range(n_outlets)
        ]
        self.authors = [
            f"{rng.choice(_FIRST)} {rng.choice(_LAST)} {i}" for i in range(articles // 5 + 1)
        ]
        self.people = [
            f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(articles // 10 + 1)
        ]
        self.orgs = sorted(
            {
                f"{rng.choice(_ORG_HEAD)} {rng.choice(_ORG_TAIL)} {i % 9}"
                for i in range(articles // 25 + 6)
            }
        )
        self.urls = [
            f"https://outlet{rng.randrange(n_outlets)}.example/{i}/{rng.choice(_WORDS)}"
            for i in range(articles)
        ]
        self.titles = [_title(rng) for _ in range(articles)]
        self.langs = [rng.choice(_LANGS) for _ in range(articles)]
        self.start = datetime(2026, 1, 1, tzinfo=UTC)

    def _outlet_of(self, i: int) -> Node:
        host = self.urls[i].split("/")[2]
        return self.outlets[int(host.removeprefix("outlet").split(".")[0])]

    def document(self, i: int) -> Subgraph:
        rng = self.rng
        doc_id = hashlib.sha1(f"synthetic-{i}".encode()).hexdigest()[:16]
        text_len = rng.randint(1500, 6000)
        nodes: dict[str, Node] = {}
        edges: list[Edge] = []

        def evidence(method: EvidenceMethod, pattern: str) -> list[Evidence]:
            out = []
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                start = rng.randrange(text_len - 80)
                out.append(
                    Evidence(
                        text=" ".join(rng.choice(_WORDS) for _ in range(rng.randint(2, 9))),
                        start=start,
                        end=start + rng.randint(10, 80),
                        document=f"doc:{doc_id}",
                        document_uri=f"synthetic/{i:05d}.html",
                        method=method,
                        pattern=pattern,
                        confidence=round(rng.uniform(0.5, 0.99), 3),
                    )
                )
            return out

        def add(node: Node) -> str:
            nodes.setdefault(node.key, node)
            return node.key

        def edge(
            kind: EdgeKind,
            source: str,
            target: str,
            method: EvidenceMethod = EvidenceMethod.PATTERN,
        ) -> None:
            if source != target:
                edges.append(
                    Edge(
                        type=kind,
                        source=source,
                        target=target,
                        evidence=evidence(method, f"{kind.wire}.synthetic"),
                    )
                )

        outlet = self._outlet_of(i)
        key = article_key(url=self.urls[i])
        add(outlet)
        authors = [
            entity_key(NodeKind.AUTHOR, a) for a in rng.sample(self.authors, rng.randint(0, 2))
        ]
        add(
            Node(
                key=key,
                kind=NodeKind.ARTICLE,
                name=self.titles[i],
                url=self.urls[i],
                title=self.titles[i],
                language=self.langs[i],
                published=self.start + timedelta(minutes=37 * i),
                outlet=outlet.key,
                authors=authors,
                fingerprint=fingerprint(self.titles[i] + str(i)),
            )
        )
        edge(EdgeKind.PUBLISHED_BY, key, outlet.key, EvidenceMethod.STRUCTURE)
        for author in authors:
            add(Node(key=author, kind=NodeKind.AUTHOR, name=author.removeprefix("author:")))
            edge(EdgeKind.WRITTEN_BY, key, author, EvidenceMethod.STRUCTURE)
        for _ in range(rng.randint(1, 4)):
            if rng.random() < 0.6:
                name, kind = rng.choice(self.people), NodeKind.PERSON
            else:
                name, kind = rng.choice(self.orgs), NodeKind.ORGANIZATION
            actor = add(Node(key=entity_key(kind, name), kind=kind, name=name))
            edge(EdgeKind.QUOTES if rng.random() < 0.7 else EdgeKind.MENTIONS, key, actor)
        # Citations: mostly of earlier articles, some of later ones (stubs the real
        # article upgrades when it arrives), some of outlets.
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            if rng.random() < 0.25:
                add(cited := rng.choice(self.outlets))
                edge(EdgeKind.CITES, key, cited.key)
                continue
            j = rng.randrange(len(self.urls))
            if j == i:
                continue
            source_outlet = self._outlet_of(j)
            add(source_outlet)
            stub = add(
                Node(
                    key=article_key(url=self.urls[j]),
                    kind=NodeKind.ARTICLE,
                    name=self.titles[j],
                    url=self.urls[j],
                    title=self.titles[j],
                    outlet=source_outlet.key,
                    stub=True,
                )
            )
            edge(EdgeKind.PUBLISHED_BY, stub, source_outlet.key, EvidenceMethod.HYPERLINK)
            r = rng.random()
            if r < 0.15 and self.langs[j] != self.langs[i]:
                edge(EdgeKind.TRANSLATES, key, stub, EvidenceMethod.TEXT_REUSE)
            elif r < 0.3:
                edge(EdgeKind.REPUBLISHES, key, stub, EvidenceMethod.TEXT_REUSE)
            else:
                edge(EdgeKind.CITES, key, stub, EvidenceMethod.HYPERLINK)
        return Subgraph(nodes=sorted(nodes.values(), key=lambda n: n.key), edges=edges)


def generate(articles: int = 5000, seed: int = 0) -> Corpus:
    """Return a corpus of ``articles`` documents; the same seed gives the same corpus."""
    gen = _Generator(articles, seed)
    return Corpus(documents=[gen.document(i) for i in range(articles)], seed=seed)


def iter_rows(corpus: Corpus) -> Iterator[Node | Edge]:
    """Yield every node and edge row of the corpus in ingest order."""
    for sub in corpus.documents:
        yield from sub.nodes
        yield from sub.edges


class FlowCorpus:
    """A streamed corpus shaped like real amplification, for the query benchmarks.

    * Outlets have power-law sizes (Zipf, exponent ``zipf``): a few publish a large
      share of all articles, most publish a handful.
    * Stories start at source outlets (state media and agencies, 2% of outlets);
      ``original`` of the articles are originals, the rest derive from an earlier
      article: republished in the same language, translated into the outlet's language
      when it differs, or cited. Derived articles draw their upstream from recent
      articles, so stories travel in chains through intermediaries; some also cite a
      second upstream, so cascades are DAGs with alternative routes, not trees.
    * Dates: each derived article appears a log-normal lag (median ~6 h) after its
      upstream; ``undated`` of the articles have no date.
    * Half the copies and translations are found by text reuse (method ``text_reuse``,
      as the reuse detector writes them), the rest by attribution patterns.

    ``documents()`` yields one subgraph per article in ingest order; afterwards
    ``parent``, ``depth``, ``outlet_of`` and ``root`` describe every article, so a
    benchmark can choose queries with known answers.

    >>> c = FlowCorpus(200, seed=1)
    >>> docs = list(c.documents())
    >>> len(docs), max(c.depth) > 1
    (200, True)
    """

    def __init__(
        self,
        articles: int,
        seed: int = 0,
        *,
        zipf: float = 1.1,
        original: float = 0.25,
        undated: float = 0.05,
        window: int = 3000,
    ) -> None:
        self.articles = articles
        self.seed = seed
        self.original, self.undated, self.window = original, undated, window
        rng = random.Random(seed)
        n_outlets = max(articles // 40, 20)
        n_sources = max(n_outlets // 50, 3)
        self.outlets: list[Node] = []
        for i in range(n_outlets):
            source = i < n_sources
            kind = (
                rng.choice((OutletKind.STATE_MEDIA, OutletKind.NEWS_AGENCY))
                if source
                else rng.choice(
                    (OutletKind.ALTERNATIVE, OutletKind.AGGREGATOR, OutletKind.MAINSTREAM)
                )
            )
            self.outlets.append(
                Node(
                    key=entity_key(NodeKind.OUTLET, f"Flow Outlet {i}"),
                    kind=NodeKind.OUTLET,
                    name=f"Flow Outlet {i}",
                    domains=[f"flow{i}.example"],
                    aliases=[f"FO{i}"],
                    languages=[_LANGS[0] if source and i % 2 == 0 else rng.choice(_LANGS)],
                    outlet_kind=kind,
                    sources=["synthetic"],
                )
            )
        self.n_sources = n_sources
        self._source_cum = list(itertools.accumulate(1 / (i + 1) ** zipf for i in range(n_sources)))
        self._outlet_cum = list(
            itertools.accumulate(1 / (i + 1) ** zipf for i in range(n_sources, n_outlets))
        )
        self.people = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)} {i}" for i in range(500)]
        self.parent: list[int] = []
        self.depth: list[int] = []
        self.root: list[int] = []
        self.outlet_of: list[int] = []
        self.keys: list[str] = []
        self.start = datetime(2026, 1, 1, tzinfo=UTC)

    @staticmethod
    def _draw(rng: random.Random, cum: list[float]) -> int:
        return bisect.bisect_left(cum, rng.random() * cum[-1])

    def documents(self) -> Iterator[Subgraph]:
        rng = random.Random(self.seed * 7919 + 1)
        dates: list[datetime | None] = []
        for i in range(self.articles):
            derived = i > 0 and rng.random() >= self.original
            if derived:
                parent = rng.randrange(max(0, i - self.window), i)
                outlet = self.n_sources + self._draw(rng, self._outlet_cum)
                if outlet == self.outlet_of[parent]:
                    outlet = self.n_sources + (outlet - self.n_sources + 1) % (
                        len(self.outlets) - self.n_sources
                    )
            else:
                parent = -1
                outlet = self._draw(rng, self._source_cum)
            node = self.outlets[outlet]
            language = node.languages[0]
            base = self.start + timedelta(minutes=11 * i)
            if parent >= 0 and dates[parent] is not None:
                lag = timedelta(hours=min(math.exp(rng.gauss(math.log(6), 1.2)), 24 * 30))
                base = dates[parent] + lag  # type: ignore[assignment, operator]
            published = None if rng.random() < self.undated else base
            url = f"https://flow{outlet}.example/{i}/{rng.choice(_WORDS)}"
            key = article_key(url=url)
            self.keys.append(key)
            self.parent.append(parent)
            self.depth.append(self.depth[parent] + 1 if parent >= 0 else 0)
            self.root.append(self.root[parent] if parent >= 0 else i)
            self.outlet_of.append(outlet)
            dates.append(published)
            title = _title(rng)
            doc = f"doc:flow{i}"
            nodes = [
                node,
                Node(
                    key=key,
                    kind=NodeKind.ARTICLE,
                    name=title,
                    url=url,
                    title=title,
                    language=language,
                    published=published,
                    outlet=node.key,
                ),
            ]
            edges = [Edge(type=EdgeKind.PUBLISHED_BY, source=key, target=node.key)]
            if parent >= 0:
                edges.append(self._flow_edge(rng, i, parent, language, doc))
                if rng.random() < 0.2:
                    other = rng.randrange(max(0, i - self.window), i)
                    if other != parent:
                        edges.append(self._flow_edge(rng, i, other, language, doc))
            if rng.random() < 0.2:
                person = rng.choice(self.people)
                pkey = entity_key(NodeKind.PERSON, person)
                nodes.append(Node(key=pkey, kind=NodeKind.PERSON, name=person))
                edges.append(
                    Edge(
                        type=EdgeKind.QUOTES,
                        source=key,
                        target=pkey,
                        evidence=[_evidence(rng, doc, EvidenceMethod.PATTERN, 0.8)],
                    )
                )
            yield Subgraph(nodes=nodes, edges=edges)

    def _flow_edge(
        self, rng: random.Random, i: int, upstream: int, language: str, doc: str
    ) -> Edge:
        upstream_language = self.outlets[self.outlet_of[upstream]].languages[0]
        if upstream_language != language:
            kind = EdgeKind.TRANSLATES
        else:
            kind = EdgeKind.REPUBLISHES if rng.random() < 0.5 else EdgeKind.CITES
        reuse = kind is not EdgeKind.CITES and rng.random() < 0.5
        confidence = round(rng.uniform(0.55, 0.99), 3)
        return Edge(
            type=kind,
            source=self.keys[i],
            target=self.keys[upstream],
            evidence=[
                _evidence(
                    rng,
                    doc,
                    EvidenceMethod.TEXT_REUSE if reuse else EvidenceMethod.PATTERN,
                    confidence,
                )
            ],
        )


def _evidence(rng: random.Random, doc: str, method: EvidenceMethod, confidence: float) -> Evidence:
    start = rng.randrange(2000)
    text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(2, 6)))
    return Evidence(
        text=text,
        start=start,
        end=start + len(text),
        document=doc,
        method=method,
        pattern=None if method is EvidenceMethod.TEXT_REUSE else "synthetic",
        confidence=confidence,
    )
