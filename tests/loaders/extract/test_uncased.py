"""Scripts without capitals (Arabic, Persian, Hindi) and without spaces (Chinese): names
read from the structure of the clause next to a cue, registry names inside runs of
Chinese characters, and the clitics and spelling variants of Arabic script."""

from __future__ import annotations

from dataclasses import replace

from loaders.documents import parse_document
from loaders.extract import extract
from loaders.patterns import patterns_for
from loaders.registry import Registry, load_registry
from loaders.textnorm import fold


def _edges(
    text: str, lang: str, registry: Registry, *, url: str | None = None
) -> set[tuple[str, str]]:
    doc = replace(parse_document(f"Dépêche\n\n{text}\n".encode(), uri="note.txt"), language=lang)
    if url:
        doc = replace(doc, url=url)
    x = extract(doc, registry)
    names = {n.key: n.name for n in x.subgraph.nodes}
    wanted = {"cites", "quotes", "republishes", "translates", "written_by"}
    return {(e.type.wire, names[e.target]) for e in x.subgraph.edges if e.type.wire in wanted}


def test_registry_names_inside_a_run_of_chinese_characters(registry: Registry) -> None:
    found = [m.entry.name for m in registry.find_mentions("据新华社报道，据RT报道")]
    assert found == ["Xinhua", "RT"]
    assert registry.find_mentions("The TASSEL project") == []


def test_arabic_clitics_and_persian_letters_in_registry_names(registry: Registry) -> None:
    assert [m.entry.name for m in registry.find_mentions("وقال للجزيرة إن")] == ["Al Jazeera"]
    assert [m.entry.name for m in registry.find_mentions("ووفقاً لوكالة سانا")] == ["SANA"]
    # Persian yeh and kaf (ی, ک) and their Arabic forms (ي, ك) are one letter.
    assert fold("تسنیم") == fold("تسنيم")
    assert [m.entry.name for m in registry.find_mentions("به گزارش تسنيم")] == [
        "Tasnim News Agency"
    ]


def test_compound_verbs_of_speech_are_one_cue(registry: Registry) -> None:
    fa = patterns_for("fa")
    assert fa.cues["speech_verb"].search("وزارت نیرو اعلام کرده است که")
    edges = _edges("سخنگوی وزارت نیرو روز دوشنبه اعلام کرد که سدها پر است.", "fa", registry)
    assert ("quotes", "وزارت نیرو") in edges


def test_arabic_speaker_after_the_verb_past_roles_and_adjectives(registry: Registry) -> None:
    text = "وقال وزير الزراعة العراقي حسام الدباغ إن الموسم سيكون جيدا.\nوأكد الدباغ أن الأسعار ستنخفض."
    edges = _edges(text, "ar", registry)
    assert ("quotes", "حسام الدباغ") in edges
    assert not any(name == "الدباغ" for _, name in edges)  # the surname is the same person
    assert _edges("قال مصدر أمني إن الهجوم استهدف حاجزا.", "ar", registry) == set()


def test_persian_name_in_apposition_before_a_role(registry: Registry) -> None:
    text = "به گزارش ایرنا، اسماعیل کریمی، سخنگوی شهرداری تهران در پاسخ به پرسشی اظهار داشت که خط آماده است."
    edges = _edges(text, "fa", registry)
    assert ("quotes", "اسماعیل کریمی") in edges
    assert ("cites", "IRNA") in edges


def test_persian_object_is_not_the_speaker(registry: Registry) -> None:
    text = "وزیر کشور علی حسینی را به کوتاهی متهم کرد."
    assert not any(name == "علی حسینی" for _, name in _edges(text, "fa", registry))


def test_hindi_spokesman_of_a_body_quotes_the_body(registry: Registry) -> None:
    edges = _edges("जल शक्ति मंत्रालय के प्रवक्ता ने कहा कि बांध सुरक्षित है।", "hi", registry)
    assert ("quotes", "जल शक्ति मंत्रालय") in edges
    edges = _edges("थानाध्यक्ष सीमा यादव ने बताया कि जांच चल रही है।", "hi", registry)
    assert ("quotes", "सीमा यादव") in edges


def test_page_own_site_named_after_a_cue_is_not_cited() -> None:
    registry = load_registry()
    text = "به گزارش صدای بورس، قیمت‌ها امروز بالا رفت."
    assert _edges(text, "fa", registry, url="https://sedayebourse.ir/news/1") == set()


def test_chinese_subject_split_at_roles_and_cut_before_the_predicate(registry: Registry) -> None:
    text = (
        "卫生局局长陈永康昨天表示，疫情已受控。陈永康在记者会上强调，检测将继续。"
        "裴洛西的办公室今天对媒体重申，它不预先证实行程。"
    )
    edges = _edges(text, "zh", registry)
    assert ("quotes", "陈永康") in edges
    assert ("quotes", "裴洛西的办公室") in edges


def test_chinese_unnamed_groups_and_words_holding_a_cue_are_no_source(registry: Registry) -> None:
    text = "一名美国政府高官称，总统可能宣布。分析人士指出，局势仍然紧张。这种说法没有根据。数据显示，出口放缓。"
    assert _edges(text, "zh", registry) == set()


def test_chinese_source_of_ju_and_book_title_marks(registry: Registry) -> None:
    edges = _edges(
        "据新华社报道，会议将举行。据《南方观察》报道，新桥将通车。据报道，雨停了。", "zh", registry
    )
    assert {("cites", "Xinhua"), ("cites", "南方观察")} <= edges
    assert len([e for e in edges if e[0] == "cites"]) == 2


def test_chinese_wire_dateline_and_speaker_tag(registry: Registry) -> None:
    text = "新华社北京3月5日电 国务院在会上作报告。\n外交部发言人林剑\n林剑:中方支持对话。\n问:有何评论?"
    edges = _edges(text, "zh", registry)
    assert ("cites", "Xinhua") in edges
    assert ("quotes", "Lin Jian") in edges


def test_a_chinese_clause_is_no_signature(registry: Registry) -> None:
    text = "会议于周五闭幕。\n「金融时报」(Financial Times)18日首度报导，议长规划8月访问。"
    edges = _edges(text, "zh", registry)
    assert not any(kind == "written_by" for kind, _ in edges)
    assert ("cites", "Financial Times") in edges


def test_dispatch_place_and_date_close_the_source(registry: Registry) -> None:
    """zh-e01, zh-e02: "另據法新社布魯塞爾2月2日報道", "據…電訊社5月14日消息": the date
    closes the source, and the outlet that opens it is cited, not the place."""
    found = _edges("另據法新社布魯塞爾2月2日報道，北約官員表示。", "zh", registry)
    assert ("cites", "AFP") in found
    assert _edges("据新华社北京5月3日电，会议在北京召开。", "zh", registry) >= {("cites", "Xinhua")}
    found = _edges("據俄羅斯國際文傳電訊社5月14日消息，會議召開。", "zh", registry)
    assert ("cites", "俄羅斯國際文傳電訊社") in found


def test_title_marks_name_the_medium_in_a_source_phrase(registry: Registry) -> None:
    """zh-e01: "據西班牙《國家報》網站2月3日報道": the country and "website" describe it."""
    assert ("cites", "南方觀察") in _edges(
        "據西班牙《南方觀察》網站2月3日報道，會議召開。", "zh", registry
    )


def test_a_date_without_a_source_cites_nothing(registry: Registry) -> None:
    assert not {
        k for k, _ in _edges("据报道，5月3日会议召开。数据显示，5月3日出口放缓。", "zh", registry)
    } & {"cites"}
