"""Article identity at ingest: which inputs are one article, and saying so.

An article is its canonical URL. A document known without one (pasted text, a saved
page without its address) used to be keyed by outlet and title, so different files
sharing a headline became one article: the en/de/es/fr/it versions of "Dundee Stars
5-3 Belfast Giants" were one node labelled ``de``, and their translation edges
vanished without a word. Titles are not identities (scores, names and untranslated
headlines repeat), so such a document's article is now keyed by its title *and its
content hash* (``own_article``): two files are one article only when they are the
same bytes.

Inputs are judged the same article in three ways, and the ingest report says so on
the item of each document concerned (``ArticleLedger``):

* ``same_url``: the document's article (its URL) was already written by another input;
* ``same_content``: the same bytes were given twice in one run (the second is skipped
  as already ingested, naming the first);
* ``stub``: the article was known from a citation (a stub) and the document is that
  article: by URL when it arrives, or by title when stubs are resolved after ingest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from graph.models import Node
from graph.store.base import Store

if TYPE_CHECKING:
    from loaders.extract import Extraction
    from loaders.resolve import Merge

__all__ = ["ArticleLedger", "SameArticle", "own_article"]

Reason = Literal["same_url", "same_content", "stub"]


@dataclass(frozen=True)
class SameArticle:
    """Why an input's document is (part of) an article that another input also gave."""

    reason: Reason
    article: str
    # The other input (same_url, same_content) or the stub's key (stub).
    other: str

    def to_json(self) -> dict[str, Any]:
        return {"reason": self.reason, "article": self.article, "other": self.other}


def own_article(extraction: Extraction, document: str) -> Extraction:
    """Return ``extraction`` with its article keyed by title and content, if it has no URL.

    The article node, every edge from or to it and ``extraction.article`` are renamed;
    an article with a URL is returned unchanged.
    """
    old = extraction.article
    sub = extraction.subgraph
    main = next((n for n in sub.nodes if n.key == old), None)
    if main is None or main.url:
        return extraction
    new = f"{old}:{document.removeprefix('doc:')[:12]}"
    nodes = [n.model_copy(update={"key": new}) if n.key == old else n for n in sub.nodes]
    edges = [
        e.model_copy(
            update={
                "source": new if e.source == old else e.source,
                "target": new if e.target == old else e.target,
            }
        )
        if old in (e.source, e.target)
        else e
        for e in sub.edges
    ]
    renamed = sub.model_copy(update={"nodes": nodes, "edges": edges})
    return type(extraction)(article=new, subgraph=renamed, warnings=extraction.warnings)


@dataclass
class ArticleLedger:
    """Which input gave each document and article in one ingest run."""

    documents: dict[str, str] = field(default_factory=dict)
    articles: dict[str, str] = field(default_factory=dict)

    def first_input(self, document: str, uri: str) -> str | None:
        """Return the earlier input of this run with the same content, else record ``uri``."""
        earlier = self.documents.get(document)
        if earlier is None:
            self.documents[document] = uri
        return earlier

    def check(self, store: Store, batch: Iterable[tuple[str, Node, list[SameArticle]]]) -> None:
        """Note, for each (input, article node, notes) about to be written, whether another
        input of this run or of an earlier ingest gave that article, or a stub stood for it.

        One store read for the batch, before its nodes are written. A stored article
        with the same text fingerprint is this document again (``--force``), not news.
        """
        batch = list(batch)
        stored: dict[str, Node] = store.get_nodes({node.key for _uri, node, _n in batch})
        for uri, node, notes in batch:
            article = node.key
            earlier = self.articles.get(article)
            found = stored.get(article)
            if earlier is not None and earlier != uri:
                notes.append(SameArticle("same_url", article, earlier))
            elif found is not None and found.stub:
                notes.append(SameArticle("stub", article, article))
            elif found is not None and earlier is None and found.fingerprint != node.fingerprint:
                notes.append(SameArticle("same_url", article, "an earlier ingest"))
            self.articles.setdefault(article, uri)

    def stubs_resolved(
        self, merges: Iterable[Merge], notes_of: dict[str, list[list[SameArticle]]]
    ) -> None:
        """Note each stub folded into an article on the items that gave that article."""
        for merge in merges:
            for notes in notes_of.get(merge.into, []):
                notes.append(SameArticle("stub", merge.into, merge.stub))
