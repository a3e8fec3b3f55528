"""Rules for clause shapes of German, Spanish, Italian and Portuguese: apposed role
holders, portfolios, passives, adjectival participles, verb-second prefields,
separable verbs, wire credits. Paraphrased sentences with made-up minor names."""

from __future__ import annotations

from dataclasses import replace

import pytest

from loaders.documents import parse_document
from loaders.extract import extract
from loaders.registry import Registry


def _targets(text: str, language: str, registry: Registry, kind: str = "quotes") -> set[str]:
    doc = parse_document(f"Nota n° 12\n\n{text}\n".encode(), uri="note.txt")
    x = extract(replace(doc, language=language), registry)
    names = {n.key: n.name for n in x.subgraph.nodes}
    return {names[e.target] for e in x.subgraph.edges if e.type.wire == kind}


@pytest.mark.parametrize(
    ("language", "text", "speaker", "not_speaker"),
    [
        (
            "es",
            "El portavoz del Consejo Regional, Tomás Arrieta, ha asegurado que no habrá cambios.",
            "Tomás Arrieta",
            "Consejo Regional",
        ),
        (
            "pt",
            "Rui Calado, um assessor do presidente do clube, Jorge Mendes, disse que o acordo caiu.",
            "Rui Calado",
            "Jorge Mendes",
        ),
        (
            "it",
            "Lo ha detto la segretaria del Tesoro Marta Ferlini nel comunicato.",
            "Marta Ferlini",
            "Tesoro",
        ),
        (
            "de",
            "Der Sprecher der Stadtverwaltung, Oberst Jonas Ebeling, sagte, die Lage sei ruhig.",
            "Jonas Ebeling",
            "Stadtverwaltung",
        ),
    ],
)
def test_a_role_holder_set_off_by_commas_is_the_speaker(
    registry: Registry, language: str, text: str, speaker: str, not_speaker: str
) -> None:
    found = _targets(text, language, registry)
    assert speaker in found and not_speaker not in found


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "El ministro de Hacienda dijo que el presupuesto llegará en mayo."),
        ("pt", "O Presidente da República considerou hoje que a opção é boa."),
        ("it", "Ha parlato il ministro dell'Interno durante la visita."),
    ],
)
def test_a_ministers_portfolio_is_no_speaker(registry: Registry, language: str, text: str) -> None:
    assert _targets(text, language, registry) == set()


def test_a_spokesmans_body_speaks(registry: Registry) -> None:
    assert "Consejo Regional" in _targets(
        "Según el portavoz del Consejo Regional, la obra terminará en mayo.", "es", registry
    )


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("it", "Renato Ghezzi è stato criticato dall'opposizione per il ritardo."),
        ("es", "Ramiro Ortells fue acusado de fraude el martes."),
        ("pt", "As mudanças anunciadas no Governo de Lisboa entram em vigor em maio."),
        ("es", "El informe menciona el Consejo Regional en varias ocasiones."),
        ("de", "Jonas Ebeling wurde von der Opposition kritisiert."),
    ],
)
def test_passives_participles_and_objects_are_no_speakers(
    registry: Registry, language: str, text: str
) -> None:
    assert _targets(text, language, registry) == set()


def test_an_adjectival_participle_keeps_its_agent(registry: Registry) -> None:
    assert "Câmara de Braga" in _targets(
        "As medidas anunciadas pela Câmara de Braga entram em vigor em maio.", "pt", registry
    )
    assert _targets("Las medidas anunciadas llegarán tarde.", "es", registry) == set()


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Am Freitag teilte die Staatsanwaltschaft Köln mit, die Ermittlungen seien zu Ende.", "Staatsanwaltschaft Köln"),
        ("Ministerin Jana Kühn hat am Montag in Berlin die Pläne scharf kritisiert.", "Jana Kühn"),
        ("Der Plan wurde vom Bundesinnenministerium angekündigt.", "Bundesministerium des Innern"),
        ("„Das Rennen ist offen“, so Katrin Albrecht.", "Katrin Albrecht"),
    ],
)  # fmt: skip
def test_german_separable_verbs_perfects_passives_and_so(
    registry: Registry, text: str, speaker: str
) -> None:
    assert speaker in _targets(text, "de", registry)


@pytest.mark.parametrize(
    "text",
    [
        "Die Experten warnen vor einer neuen Welle.",
        "Das war in Russland so.",
        "Er teilte die Sorge der Partner.",
        "Die Forderung nach einem Ende von Kühns Amtszeit bezeichnete er als falsch.",
        "Ersten Erkenntnissen zufolge gab es keine Verletzten.",
        "Der Generalmajor berichtete von Zeugenaussagen aus dem Krankenhaus von Duma.",
    ],
)
def test_german_nouns_and_fronted_objects_are_no_speakers(registry: Registry, text: str) -> None:
    assert _targets(text, "de", registry) == set()


def test_the_medium_after_a_german_subject(registry: Registry) -> None:
    text = "Das sei falsch, sagte Ebeling der Deutschen Presse-Agentur. Jonas Ebeling reiste ab."
    assert "dpa" in _targets(text, "de", registry, "cites")


@pytest.mark.parametrize(
    ("language", "text", "outlet"),
    [
        ("it", "AGI - Il ministro ha risposto alle interrogazioni in aula di Montecitorio.", "AGI"),
        ("it", "(Di lunedì 3 agosto 2020) ANSA - Il governo ha approvato il decreto in serata.", "ANSA"),
        ("pt", "Notícias ao Minuto\n\n17:21 - 24/10/14 por Lusa\n\nO ministro falou hoje.", "Lusa"),
        ("pt", "O governo falou.\n\nLusa/SOL", "Lusa"),
    ],
)  # fmt: skip
def test_wire_credits_and_agency_bylines(
    registry: Registry, language: str, text: str, outlet: str
) -> None:
    assert outlet in _targets(text, language, registry, "cites")


def test_a_sites_tagline_is_no_wire_credit(registry: Registry) -> None:
    text = "Sputnik Deutschland – Aktuelle Top-News und Analysen : Fotos, Videos"
    assert _targets(text, "de", registry, "cites") == set()


def test_english_cues_that_are_words_of_the_page_language_do_not_fire(registry: Registry) -> None:
    text = "Non è tollerabile per il Pd tenere le persone in mare, ha detto il ministro."
    assert _targets(text, "it", registry) == set()


@pytest.mark.parametrize(
    ("language", "text", "target", "kind"),
    [
        ("es", "“Es ridículo”, respondió ante la pregunta el presidente Juan Arbeláez.", "Juan Arbeláez", "quotes"),
        ("es", "Las tropas cruzaron el río, informó la agencia Sputnik.", "Sputnik", "cites"),
        ("pt", "A Rússia responderá, afirmou a agência de notícias estatal Tass.", "TASS", "cites"),
        ("pt", "«Não vamos recuar», afirmou Serguei Lavrov aos jornalistas.", "Sergey Lavrov", "quotes"),
        ("it", "Ad affermarlo è il sito Meduza, che ha pubblicato lo screenshot.", "Meduza", "cites"),
    ],
)  # fmt: skip
def test_subjects_after_the_verb(
    registry: Registry, language: str, text: str, target: str, kind: str
) -> None:
    assert target in _targets(text, language, registry, kind)


def test_a_phrase_after_the_verb_is_no_subject(registry: Registry) -> None:
    text = "“Es ridículo”, dijo sobre el presidente Juan Arbeláez un diputado."
    assert "Juan Arbeláez" not in _targets(text, "es", registry)
