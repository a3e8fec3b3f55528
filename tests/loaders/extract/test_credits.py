"""Credit lines that say a page copies or translates another article (REPUBLISHES /
TRANSLATES), in the places real pages put them. Texts are paraphrased and shortened."""

from __future__ import annotations

from loaders.documents import parse_document
from loaders.extract import extract
from loaders.registry import Registry


def _derived(text: str, registry: Registry, lang: str) -> dict[str, set[str]]:
    """Relation -> names of the target article and of its outlet, for one plain-text page."""
    raw = f"<html lang='{lang}'><body><article>{text}</article></body></html>"
    doc = parse_document(raw.encode(), uri="https://www.site.example/a/1")
    x = extract(doc, registry)
    nodes = {n.key: n for n in x.subgraph.nodes}
    found: dict[str, set[str]] = {}
    for e in x.subgraph.edges:
        if e.type.wire in ("republishes", "translates"):
            target = nodes[e.target]
            names = {target.name}
            if target.outlet in nodes:
                names.add(nodes[target.outlet].name)
            found.setdefault(e.type.wire, set()).update(names)
    return found


def test_source_closing_a_paragraph(registry: Registry) -> None:
    """ru-c03: "… в отставку. Источник: Lenta.ru" ends the paragraph, on no line of its own."""
    text = (
        "<p>Отставка министра</p><p>Аналитики не поняли причин ухода министра и сочли их "
        "недостаточными для отставки. Источник: Lenta.ru</p>"
    )
    assert "Lenta.ru" in _derived(text, registry, "ru").get("republishes", set())


def test_source_word_inside_a_paragraph_is_no_credit(registry: Registry) -> None:
    """Only the last sentence of a paragraph may be its credit, and only with a colon."""
    text = (
        "<p>Отставка министра</p><p>Министр ушёл. Источник: Lenta.ru. Переговоры "
        "продолжатся в пятницу, сообщили в ведомстве.</p>"
        "<p>Встреча состоится. Источник в МИД сказал, что она будет короткой.</p>"
    )
    assert _derived(text, registry, "ru") == {}


def test_source_outlet_then_its_author(registry: Registry) -> None:
    """it-e02: "Fonte: Agenzia Vista / Alexander Jakhnagiev": the outlet, then its author."""
    text = (
        "<p>Il ministro</p><p>« Penso che i governi debbano pensare ai cittadini ». Così il "
        "ministro arrivando a palazzo Chigi. Fonte: Agenzia Rossa / Marco Bianchi</p>"
    )
    found = _derived(text, registry, "it")
    assert "Agenzia Rossa" in found.get("republishes", set())
    assert not any("Bianchi" in n for names in found.values() for n in names)


def test_read_on_closing_a_paragraph_keeps_the_translation_credit(registry: Registry) -> None:
    """it-08: a teaser that translates a New York Times article and ends "… Leggi su X":
    the page copies X's article; the translation credit earlier in the paragraph stays."""
    text = (
        "<p>Come l'Italia ha retto</p><p>Di seguito la traduzione dell'articolo pubblicato sul "
        "“The New York Times” a cura di Jason Horowitz. Dopo un inizio incerto, l'Italia è "
        "diventata un modello ... Leggi su ilblogdellestelle</p>"
    )
    found = _derived(text, registry, "it")
    assert "ilblogdellestelle" in found.get("republishes", set())
    assert "The New York Times" in found.get("translates", set())


def test_from_outlet_on_a_line_of_its_own(registry: Registry) -> None:
    """en-14, de-c03: a feed repost credits its source with a bare "from X" / "aus X, Ort"."""
    en = (
        "<p>Controls tightened</p><p>The minister said controls would be tightened at all "
        "crossing points, as a bill goes to parliament next week.</p><p>from Cyprus News Agency</p>"
    )
    assert "Cyprus News Agency" in _derived(en, registry, "en").get("republishes", set())
    de = (
        "<p>Hirten und Savannen</p><p>aus Die Presse, Wien,</p><p>Nutztiere machten mit ihrem "
        "Dung den Boden fruchtbar. Davon profitiert die Natur bis heute.</p>"
    )
    assert "Die Presse" in _derived(de, registry, "de").get("republishes", set())


def test_from_words_that_are_no_credit(registry: Registry) -> None:
    """Not a registry outlet named whole, or a clause after the comma: no credit."""
    en = (
        "<p>Controls tightened</p><p>The minister said controls would be tightened.</p>"
        "<p>From Reuters reporting, the ministry drew its own conclusions.</p>"
        "<p>from the archive</p>"
    )
    assert _derived(en, registry, "en") == {}
    de = (
        "<p>Der Rücktritt</p><p>Der Minister trat am Montag zurück.</p>"
        "<p>Aus der Zeit, als er Minister war, stammen die Zitate.</p>"
    )
    assert _derived(de, registry, "de") == {}


def test_another_outlets_copyright_opening_the_footer(registry: Registry) -> None:
    """it-e01: "Riproduzione riservata © Copyright ANSA" under a copied dispatch; the
    line is also where the footer starts."""
    text = (
        "<p>Il ministro</p><p>« Stiamo lavorando », lo ha detto il ministro degli Esteri a "
        "margine dell'evento a Milano.</p><p>Riproduzione riservata © Copyright ANSA</p>"
    )
    assert "ANSA" in _derived(text, registry, "it").get("republishes", set())


def test_copyright_that_is_no_copy(registry: Registry) -> None:
    """A bare "©" is a photo credit; the publisher's own copyright and an unknown name
    say nothing about a copy."""
    text = (
        "<p>Il ministro</p><p>Lo ha detto il ministro a margine dell'evento a Milano.</p>"
        "<p>© Sputnik</p><p>© 2024 Site. Tutti i diritti riservati.</p>"
        "<p>Copyright Mario Rossi</p>"
    )
    assert _derived(text, registry, "it") == {}


def test_first_published_in_another_language_is_a_translation(registry: Registry) -> None:
    """The labelling guide's own example: "Cet article a été publié initialement en
    anglais sur X" translates X's article; the same credit without a language copies it."""
    body = "<p>Le sommet</p><p>Le ministre a confirmé la reprise des discussions lundi.</p>"
    found = _derived(
        body + "<p>Cet article a été publié initialement en anglais sur The Guardian.</p>",
        registry,
        "fr",
    )
    assert "The Guardian" in found.get("translates", set())
    assert "republishes" not in found
    found = _derived(
        body + "<p>Cet article a été publié initialement sur The Guardian.</p>", registry, "fr"
    )
    assert "The Guardian" in found.get("republishes", set())
    it = (
        "<p>Il vertice</p><p>Il ministro ha confermato la ripresa dei colloqui.</p>"
        "<p>Articolo pubblicato originariamente in inglese su The Guardian.</p>"
    )
    assert "The Guardian" in _derived(it, registry, "it").get("translates", set())


def test_published_on_inside_a_sentence_is_no_credit(registry: Registry) -> None:
    text = (
        "<p>Il rapporto</p><p>Il ministro ha parlato lunedì.</p>"
        "<p>Il rapporto pubblicato su La Stampa indica che i prezzi salgono.</p>"
    )
    assert _derived(text, registry, "it") == {}


def test_a_person_who_translated_is_no_outlet_to_copy(registry: Registry) -> None:
    """hi-e02: "अनुवाद: सुशील जोशी", "Traduit de l'anglais par Jean Dupont": the
    translator is a person working for the page, not an outlet the page copies."""
    body = "<p>Le sommet</p><p>Le ministre a confirmé la reprise des discussions lundi.</p>"
    for credit in ("Traduit de l'anglais par Jean Dupont.", "Traduction : Jean Dupont"):
        assert "republishes" not in _derived(body + f"<p>{credit}</p>", registry, "fr")
