"""Rules added on the real-page set's batch f: sentences paraphrased from real pages."""

from __future__ import annotations

from loaders.documents import parse_document
from loaders.extract import extract
from loaders.registry import Registry


def _edges(
    text: str, registry: Registry, lang: str, kinds: tuple[str, ...] = ("quotes", "cites")
) -> set[tuple[str, str]]:
    doc = parse_document(f"Titulek\n\n{text}\n".encode(), uri="note.txt")
    doc = doc.__class__(**{**doc.__dict__, "language": lang})
    x = extract(doc, registry)
    names = {n.key: n.name for n in x.subgraph.nodes}
    return {(e.type.wire, names[e.target]) for e in x.subgraph.edges if e.type.wire in kinds}


def test_a_body_that_publishes_a_statement_is_quoted(registry: Registry) -> None:
    es = "El Ministerio de Pesca (MIPES) emitió hoy un comunicado en el que niega el cierre."
    assert ("quotes", "Ministerio de Pesca") in _edges(es, registry, "es")
    en = "The Varnian Water Authority published a statement on Tuesday about the dam."
    assert ("quotes", "Varnian Water Authority") in _edges(en, registry, "en")


def test_a_body_that_publishes_figures_is_not_quoted(registry: Registry) -> None:
    # Only a statement as the object makes publishing a speech act.
    es = "El Ministerio de Pesca publicó las cifras de la temporada."
    assert not _edges(es, registry, "es")


def test_a_medium_that_publishes_a_report_is_still_cited(registry: Registry) -> None:
    es = "El diario El País publicó un informe sobre el caso."
    assert _edges(es, registry, "es") == {("cites", "El País")}


def test_an_oblique_body_after_a_preposition_is_not_the_subject(registry: Registry) -> None:
    cs = "Ministr zemědělství Marek Výborný (KDU-ČSL) dopoledne ve Sněmovně řekl, že dotace zůstanou."
    found = _edges(cs, registry, "cs")
    assert ("quotes", "Marek Výborný") in found
    assert not any("Chamber" in name or "Sněmovna" in name for _, name in found)


def test_a_given_name_alone_refers_back_to_the_full_name(registry: Registry) -> None:
    # Indonesian pages name a person in full once, then often by the first name.
    idn = (
        "Juru bicara Dahnil Anzar Simanjuntak menanggapi tudingan itu.\n\n"
        '"Kami tidak pernah menerima dana itu," kata Dahnil saat dihubungi.'
    )
    quoted = {name for rel, name in _edges(idn, registry, "id") if rel == "quotes"}
    assert "Dahnil Anzar Simanjuntak" in quoted
    assert "Dahnil" not in quoted


def test_a_lowercase_brand_is_cited(registry: Registry) -> None:
    uk = "Про це повідомив речник відомства Олег Ніколенко, передає hromadske."
    assert ("cites", "Hromadske") in _edges(uk, registry, "uk")


def _derived(text: str, registry: Registry, lang: str) -> set[tuple[str, str]]:
    doc = parse_document(f"Titulek\n\n{text}\n".encode(), uri="note.txt")
    doc = doc.__class__(**{**doc.__dict__, "language": lang})
    x = extract(doc, registry)
    nodes = {n.key: n for n in x.subgraph.nodes}
    out = set()
    for e in x.subgraph.edges:
        if e.type.wire in ("republishes", "translates"):
            target = nodes[e.target]
            outlet = nodes[target.outlet].name if target.outlet in nodes else target.name
            out.add((e.type.wire, outlet))
    return out


def test_a_photo_credit_run_into_the_next_sentence_is_read(registry: Registry) -> None:
    # A flattened page: caption, credit and the first sentence on one line.
    ru = (
        "Дмитрий Песков. Фото: Reuters Пресс-секретарь президента России Дмитрий Песков "
        "назвал фейком информацию о провокации."
    )
    assert {("cites", "Reuters"), ("quotes", "Dmitry Peskov")} <= _edges(ru, registry, "ru")
    # A credit naming no outlet stays unread.
    ru_none = "Дмитрий Песков. Фото: Иван Петров Пресс-секретарь президента назвал это фейком."
    assert not any(rel == "cites" for rel, _ in _edges(ru_none, registry, "ru"))


def test_a_bracketed_dateline_credits_any_outlet(registry: Registry) -> None:
    ar = "(CNN)-- قال وزير الخارجية الإيراني عباس عراقجي، الأربعاء، إن رسالة ستصل قريبا."
    assert ("cites", "CNN") in _edges(ar, registry, "ar")
    en = "(Video) — The minister said on Wednesday that a letter would arrive very soon."
    assert not any(rel == "cites" for rel, _ in _edges(en, registry, "en"))


def test_a_source_line_naming_an_edition_in_the_page_language_is_a_copy(
    registry: Registry,
) -> None:
    ar = "قال وزير الخارجية الإيراني عباس عراقجي، الأربعاء، إن رسالة ستصل.\n\nالمصدر: CNN Arabic"
    assert _derived(ar, registry, "ar") == {("republishes", "CNN Arabic")}


def test_a_role_a_comma_then_its_holder_after_the_verb(registry: Registry) -> None:
    pl = "Nie będzie importu zboża - oświadczył minister rolnictwa i rozwoju wsi, Jan Kowal."
    assert ("quotes", "Jan Kowal") in _edges(pl, registry, "pl")
    es = "«No habrá diálogo», expuso el ministro de Gobierno interino de Varnia, Arturo Lemas."
    assert ("quotes", "Arturo Lemas") in _edges(es, registry, "es")
    assert not _edges("El museo expuso las obras del pintor Arturo Lemas.", registry, "es")
    # No name after the comma: nobody is quoted.
    pl_none = "Nie będzie importu - oświadczył minister rolnictwa, dodając, że to koniec."
    assert not _edges(pl_none, registry, "pl")


def test_menu_cells_are_no_clause(registry: Registry) -> None:
    # A site footer flattened into the text: "Fale" (speak) and "Anuncie" (announce) are
    # menu items, and "Fale Conosco" no speaker.
    pt = (
        "O ministro disse que o acordo será assinado.\n"
        "Grupo RBS Dúvidas Frequentes | Fale Conosco | Anuncie | Trabalhe no Grupo RBS - "
        "© 2009 clicRBS.com.br Todos os direitos reservados."
    )
    assert not any("Conosco" in name for _, name in _edges(pt, registry, "pt"))


def test_an_interview_to_a_programme_cites_its_medium(registry: Registry) -> None:
    pt = "Em entrevista ao programa Bom Dia Brasil, da TV Globo, o ministro negou o acordo."
    assert ("cites", "TV Globo") in _edges(pt, registry, "pt")
    en = "In an interview with the Russian service of the BBC, the minister denied the deal."
    assert ("cites", "BBC") in _edges(en, registry, "en")
    # A programme of a body that is no medium: nothing is cited.
    pt_none = "Em entrevista ao programa da Câmara dos Deputados, o ministro negou o acordo."
    assert not any(rel == "cites" for rel, _ in _edges(pt_none, registry, "pt"))


def test_an_unnamed_role_holder_is_the_person_the_page_names_in_that_role(
    registry: Registry,
) -> None:
    en = (
        "Maria Zakharova, the spokeswoman for the Russian Foreign Ministry, spoke on Monday.\n\n"
        "A Russian Foreign Ministry spokeswoman said on Tuesday that the talks had failed."
    )
    quoted = {name for rel, name in _edges(en, registry, "en") if rel == "quotes"}
    assert quoted == {"Maria Zakharova"}
    fa = (
        "مرضیه افخم سخنگوی وزارت امور خارجه در پاسخ به سؤالی گفت: گفتگوها ادامه دارد.\n\n"
        "سخنگوی وزارت امور خارجه همچنین اضافه کرد: هیچ منبعی با رسانه ها گفتگو نداشته است."
    )
    quoted = {name for rel, name in _edges(fa, registry, "fa") if rel == "quotes"}
    assert "Iranian Ministry of Foreign Affairs" not in quoted


def test_a_body_speaking_for_itself_is_still_quoted(registry: Registry) -> None:
    # Named in a role elsewhere, but here the ministry itself speaks: no role word.
    en = (
        "Maria Zakharova, the spokeswoman for the Russian Foreign Ministry, spoke on Monday.\n\n"
        "The Russian Foreign Ministry said on Tuesday that the talks had failed."
    )
    quoted = {name for rel, name in _edges(en, registry, "en") if rel == "quotes"}
    assert "Russian Ministry of Foreign Affairs" in quoted
    # Two people named in the same role: the unnamed one cannot be told apart.
    two = (
        "Maria Zakharova, the spokeswoman for the Russian Foreign Ministry, spoke on Monday. "
        "Alexander Lukashevich, a spokesman for the Russian Foreign Ministry, agreed.\n\n"
        "A Russian Foreign Ministry spokesman said on Tuesday that the talks had failed."
    )
    quoted = {name for rel, name in _edges(two, registry, "en") if rel == "quotes"}
    assert "Russian Ministry of Foreign Affairs" in quoted


def test_a_source_line_naming_an_outlets_edition_is_a_copy(registry: Registry) -> None:
    # Bloomberg publishes in English; "Bloomberg Línea" is its edition in the page's
    # language, so the credit says nothing about a translation.
    pt = "O ministro disse que o acordo será assinado.\n\nFonte: Bloomberg Línea"
    assert _derived(pt, registry, "pt") == {("republishes", "Bloomberg")}
    # The outlet named alone still reads by its own languages.
    pt_en = "O ministro disse que o acordo será assinado.\n\nFonte: Bloomberg"
    assert _derived(pt_en, registry, "pt") == {("translates", "Bloomberg")}


def test_a_source_line_date_is_no_part_of_the_name(registry: Registry) -> None:
    zh = "特朗普周一表示，他有权与俄罗斯分享情报。\n\n来源:FT中文网    2017-05-16 14:59"
    assert _derived(zh, registry, "zh") == {("republishes", "FT中文网")}


def test_a_chinese_origin_credit_without_a_space(registry: Registry) -> None:
    zh = "特朗普周一表示，他有权与俄罗斯分享情报。\n\n(本文来自澎湃新闻，更多原创资讯请下载APP)"
    assert _derived(zh, registry, "zh") == {("republishes", "The Paper")}
    zh_none = "特朗普周一表示，他有权与俄罗斯分享情报。该报告首发于去年，引起争议。"
    assert not _derived(zh_none, registry, "zh")


def _evidence_texts(text: str, registry: Registry, lang: str, target: str) -> list[str]:
    doc = parse_document(f"Titulek\n\n{text}\n".encode(), uri="note.txt")
    doc = doc.__class__(**{**doc.__dict__, "language": lang})
    x = extract(doc, registry)
    names = {n.key: n.name for n in x.subgraph.nodes}
    return [
        ev.text
        for e in x.subgraph.edges
        if e.type.wire == "quotes" and names[e.target] == target
        for ev in e.evidence
    ]


def test_an_unnamed_role_of_a_body_in_a_cased_language_is_its_named_holder(
    registry: Registry,
) -> None:
    ru = (
        "Пресс-секретарь Кремля Дмитрий Песков прокомментировал визит.\n\n"
        "Позднее пресс-секретарь Кремля заявил, что встреча не планируется."
    )
    spans = _evidence_texts(ru, registry, "ru", "Dmitry Peskov")
    assert any("заявил" in s for s in spans), spans
    # No one named in the ministry's role: its representative stays unnamed.
    ru_none = (
        "Пресс-секретарь Кремля Дмитрий Песков прокомментировал визит.\n\n"
        "Позднее представитель МИД заявил, что встреча не планируется."
    )
    assert not any("заявил" in s for s in _evidence_texts(ru_none, registry, "ru", "Dmitry Peskov"))
    assert not any(
        rel == "quotes" and "Foreign" in name for rel, name in _edges(ru_none, registry, "ru")
    )


def test_a_body_name_runs_on_through_de(registry: Registry) -> None:
    fr = "Le drone a été abattu hier. L’Autorité varnienne de défense aérienne a annoncé la fin."
    assert ("quotes", "Autorité varnienne de défense aérienne") in _edges(fr, registry, "fr")


def test_a_body_named_again_by_the_end_of_its_name_is_the_same_body(
    registry: Registry,
) -> None:
    en = (
        "The Varnian Water Ministry condemned the report on Monday.\n\n"
        "The Water Ministry confirmed on Tuesday that the dam was safe."
    )
    assert {name for rel, name in _edges(en, registry, "en") if rel == "quotes"} == {
        "Varnian Water Ministry"
    }
    # A different body that merely shares a word stays apart.
    en_two = (
        "The Varnian Water Ministry condemned the report on Monday.\n\n"
        "The Energy Ministry confirmed on Tuesday that the dam was safe."
    )
    assert {name for rel, name in _edges(en_two, registry, "en") if rel == "quotes"} == {
        "Varnian Water Ministry",
        "Energy Ministry",
    }


def test_a_credit_naming_an_unlisted_site_by_its_domain(registry: Registry) -> None:
    tr = "Bakan, kararın önümüzdeki hafta açıklanacağını söyledi.\n\nKaynak: hertaraf.com"
    assert ("cites", "hertaraf.com") in _edges(tr, registry, "tr")
    # A domain inside a sentence after the cue word is no credit line.
    tr_none = (
        "Bakan, kararın önümüzdeki hafta açıklanacağını söyledi.\n\nKaynak: hertaraf.com yazdı ki"
    )
    assert not any(rel == "cites" for rel, _ in _edges(tr_none, registry, "tr"))


def test_a_source_lines_other_cells_are_no_part_of_the_name(registry: Registry) -> None:
    idn = (
        "Menteri itu mengatakan bahwa kebijakan akan diubah pekan depan.\n\n"
        "Sumber: Kompas.com | Editor: Barratut Taqiyyah Rafie"
    )
    assert _derived(idn, registry, "id") == {("republishes", "Kompas")}


def test_a_body_after_an_article_mid_sentence_keeps_its_lowercase_modifiers(
    registry: Registry,
) -> None:
    fr = "Le séisme a fait des dégâts. Sa magnitude était de 6,1, a affirmé l’Institut varnien de géologie."
    assert ("quotes", "Institut varnien de géologie") in _edges(fr, registry, "fr")
    fr_elided = "Le président a démissionné, selon l’Office varnien d’information."
    assert ("quotes", "Office varnien d’information") in _edges(fr_elided, registry, "fr")


def test_an_arabic_discourse_phrase_is_no_speaker(registry: Registry) -> None:
    # "وفي ذات السياق" (in the same context) opens many Arabic news paragraphs.
    ar = "وفي ذات السياق، قال المتحدث إن الوضع خطير."
    assert not _edges(ar, registry, "ar")


def test_arabic_name_then_role_after_the_verb(registry: Registry) -> None:
    ar = "قال لوران فابيوس وزير الخارجية الفرنسي إن الضربات لم تكن كافية."
    assert ("quotes", "لوران فابيوس") in _edges(ar, registry, "ar")
    # The role alone names nobody.
    assert not _edges("قال وزير الخارجية الفرنسي إن الضربات لم تكن كافية.", registry, "ar")


def test_a_reflexive_clitic_belongs_to_the_verb(registry: Registry) -> None:
    pt = "O Itamaraty se pronunciou sobre o caso."
    assert ("quotes", "Itamaraty") in _edges(pt, registry, "pt")
    # "se" as "if" before a verb of speech is no part of it, and no speaker precedes.
    assert not _edges("Não se sabe se disse a verdade.", registry, "pt")


def test_a_chinese_statements_owner_is_quoted(registry: Registry) -> None:
    zh = "中国外交部的一份声明称，双方将继续对话。"
    assert ("quotes", "Chinese Ministry of Foreign Affairs") in _edges(zh, registry, "zh")
    # A possessive before a noun that is no statement quotes nobody.
    assert not _edges("他的说法是错的。", registry, "zh")


def test_verlauten_lassen_is_a_verb_of_speech(registry: Registry) -> None:
    de = "Die Taliban hatten zuvor verlauten lassen, dass sie verhandeln wollen."
    assert ("quotes", "Taliban") in _edges(de, registry, "de")
    de_named = "Das Auswärtige Amt ließ verlauten, dass die Gespräche andauern."
    assert ("quotes", "Auswärtiges Amt") in _edges(de_named, registry, "de")


def test_a_comma_list_closed_by_and_shares_the_verb(registry: Registry) -> None:
    uk = "Грант Шеппс, Бен Воллес, Гевін Вільямсон і Борис Джонсон наголосили, що план хибний."
    quoted = {name for rel, name in _edges(uk, registry, "uk") if rel == "quotes"}
    assert {"Грант Шеппс", "Бен Воллес", "Гевін Вільямсон", "Борис Джонсон"} <= quoted
    # A name set off by a comma without a conjunction is not in the list.
    en = "Yesterday in Varnia, Tom Ridley, Ann Kestrel said the plan was wrong."
    assert _edges(en, registry, "en") == {("quotes", "Ann Kestrel")}


def test_a_name_after_a_media_noun_and_its_adjectives_is_a_medium(registry: Registry) -> None:
    it = "Ieri l'emittente tv tedesca Zorba aveva riferito che il governo era pronto."
    assert _edges(it, registry, "it") == {("cites", "Zorba")}
    fr = "Selon le quotidien algérien Horizons, les pourparlers ont échoué."
    assert _edges(fr, registry, "fr") == {("cites", "Horizons")}
    fr_agency = (
        "La nouvelle a été rapportée par l’agence égyptienne Zorba, qui cite un responsable."
    )
    assert _edges(fr_agency, registry, "fr") == {("cites", "Zorba")}
    # States have agencies too: where adjectives precede their noun, "agency" names none.
    pl = "Agencja przypisała Kowalskiemu te słowa, powiedział rzecznik."
    assert not any(rel == "cites" for rel, _ in _edges(pl, registry, "pl"))
    # A role between the noun and the name makes it a person; so does a line break
    # after a capitalised group name ("France Télévisions").
    en = "The newspaper editor Ivan Kestrel said the talks had failed."
    assert _edges(en, registry, "en") == {("quotes", "Ivan Kestrel")}
    # A platform after the noun says what kind of channel it is: no medium is named.
    fr_platform = "La nouvelle a été diffusée selon une chaîne Telegram proche de l'armée."
    assert ("cites", "Telegram") not in _edges(fr_platform, registry, "fr")
    # The name after a channel's programme head names the programme, not the channel.
    cs = "Řekla to v pořadu ruské televize Večer, kde hovořila o válce."
    assert not any(name == "Večer" for _, name in _edges(cs, registry, "cs"))


def test_the_person_apposed_to_a_roles_complement_holds_the_role(registry: Registry) -> None:
    de = (
        "Die Gespräche seien gescheitert, sagte der Sprecher von Präsident Tom Ridley, Ann Kestrel."
    )
    assert _edges(de, registry, "de") == {("quotes", "Ann Kestrel")}
    # Without a role's complement before it, the name after a comma holds no role.
    en = "The talks failed, said President Tom Ridley, Ann Kestrel and others."
    assert ("quotes", "Tom Ridley") in _edges(en, registry, "en")


def test_a_relatives_antecedent_speaks_past_an_interview_phrase(registry: Registry) -> None:
    es = (
        "El ministro del Interior, Tomás Kestrel, quien en comunicación con Radio Varnia "
        "dijo que solo se trataba de rumores."
    )
    assert _edges(es, registry, "es") == {("quotes", "Tomás Kestrel"), ("cites", "Radio Varnia")}


def test_a_radio_station_named_by_its_frequency(registry: Registry) -> None:
    es = "En contacto con la 1080 AM pidió disculpas por el error."
    assert _edges(es, registry, "es") == {("cites", "1080 AM")}
    # A time of day is no station.
    en = "At 10 AM, John Kestrel said the talks had failed."
    assert _edges(en, registry, "en") == {("quotes", "John Kestrel")}


def test_a_country_after_a_role_is_no_person(registry: Registry) -> None:
    idn = "Dalam laporannya, Associated Press, mengutip pejabat Indonesia, menyebut kunjungan itu batal."
    assert _edges(idn, registry, "id") == {("cites", "Associated Press")}


def test_indonesian_as_carried_by_cites_the_medium(registry: Registry) -> None:
    idn = "Barat bohong, kata Zakharova, seperti dimuat Reuters."
    assert ("cites", "Reuters") in _edges(idn, registry, "id")


def test_a_copyright_notice_is_no_signature(registry: Registry) -> None:
    notice = "The ministry said the talks failed.\n© Zorba News 2023"
    assert not _edges(notice, registry, "en", ("written_by",))
    signed = "The ministry said the talks failed.\nAnn Kestrel"
    assert _edges(signed, registry, "en", ("written_by",)) == {("written_by", "Ann Kestrel")}


def test_a_german_body_after_the_cue_its_run_swallowed(registry: Registry) -> None:
    de = "Der Verdächtige sei nach Angaben der Varnischen Staatsanwaltschaft festgenommen worden."
    assert _edges(de, registry, "de") == {("quotes", "Varnischen Staatsanwaltschaft")}
    # A lone noun after the cue names nobody, nor does a body's head word alone.
    assert not _edges("Nach Angaben der Experten wurde der Mann festgenommen.", registry, "de")
    assert not _edges("Nach Angaben der Zeitung wurde der Mann festgenommen.", registry, "de")


def test_a_days_name_inside_a_title(registry: Registry) -> None:
    uk = "Як повідомляє The Sunday Zorba Times, план провалився."
    assert _edges(uk, registry, "uk") == {("cites", "The Sunday Zorba Times")}
    en = "The Sunday Zorba Times reported that the plan failed."
    assert _edges(en, registry, "en") == {("cites", "Sunday Zorba Times")}
    # A day before a noun is still a date.
    en_day = "The Monday meeting was cancelled, Tom Kestrel said."
    assert _edges(en_day, registry, "en") == {("quotes", "Tom Kestrel")}
