"""Real news text inside realistic news-page HTML: the ingest benchmark's real-page leg.

The text is real: the 682 NTREX-128 documents of ``../shared/data/ntrex-dev`` (62 news
articles from BBC, CNN, Reuters, the Guardian... in English, with professional
translations into fr, de, es, it, pt, ru, ar, uk, pl and tr; CC BY-SA 4.0, Microsoft's
NTREX-128, github.com/MicrosoftTranslator/NTREX). Each file's title line and paragraphs
go, unchanged, into one page, with the URL, date and language of ``manifest.csv``.

The pages around the text are built here, from three templates modelled on the markup
of real news sites; each language edition (``<lang>.ntrex.example``) uses one:

* ``broadsheet`` (a BBC/Guardian-style server-rendered React page): hashed class names,
  ``data-component`` text blocks, an inline state blob that carries the article again
  as JSON (as such sites do), a mega-menu, breadcrumbs, a figure, "more on this story"
  and "most read" lists, a long footer;
* ``wordpress`` (a regional site on WordPress): global-styles CSS, emoji and jQuery-era
  scripts, share buttons, ad slots between paragraphs, tags, an author box, related
  posts, a comments list and comment form, footer widgets;
* ``wire`` (a Reuters/AP-style Next.js page): a ``__NEXT_DATA__`` JSON blob, ``<p
  data-testid="paragraph-N">`` paragraphs with "read more" inserts and ad slots among
  them, a reporting/editing credit line, "read next" lists, a trust-principles footer.

Every page has a head with meta, OpenGraph and JSON-LD, inline styles and scripts,
navigation, related-article lists (the real titles and URLs of other documents in the
same language) and a comments block; the user-interface strings are in the page's
language. Pages weigh 35-89 KB (52 KB on average; the article text is about 5% of
that): markup, not text, is most of a real news page's weight. (The kept-apart set of
saved real pages averages 176 KB, so these are on the light side.) What is not real:
the chrome strings, the comments, the scripts' contents, the site names ("NTREX
<LANG>"). Pages are seeded per document, so a build is the same every time.

    .venv/bin/python -m bench.ntrex_pages [--out .cache/ntrex-pages] [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from bench.corpus import _SCRIPT

__all__ = [
    "PAGES_VERSION",
    "TEMPLATES",
    "Source",
    "build",
    "read_sources",
    "render",
    "template_for",
]

ROOT = Path(__file__).resolve().parents[1]
# Bumped whenever the pages change, so a cached build of older pages is rebuilt.
PAGES_VERSION = 1
CREDIT = (
    "Article text: NTREX-128 (Microsoft, github.com/MicrosoftTranslator/NTREX), "
    "CC BY-SA 4.0; pages built by bench/ntrex_pages.py"
)


@dataclass(frozen=True)
class Source:
    """One ntrex document: where it is, what the manifest says about it, its text."""

    path: str  # as in the manifest: ntrex/<lang>/<doc>.txt
    url: str
    published: str
    language: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def doc(self) -> str:
        return Path(self.path).stem


def read_sources(folder: Path) -> list[Source]:
    """The manifest's documents, each with its title line and paragraphs."""
    out = []
    with (folder / "manifest.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            blocks = [
                b.strip()
                for b in (folder / row["path"]).read_text(encoding="utf-8").split("\n\n")
                if b.strip()
            ]
            out.append(
                Source(
                    path=row["path"],
                    url=row["url"],
                    published=row["published"],
                    language=row["language"],
                    title=blocks[0],
                    paragraphs=tuple(blocks[1:]),
                )
            )
    return out


# -- the chrome, per language ----------------------------------------------------------
@dataclass(frozen=True)
class _Chrome:
    nav: tuple[str, ...]
    related: str
    most_read: str
    comments: str
    comment: str
    read_more: str
    share: str
    cookies: str
    footer: str


_CHROME = {
    "en": _Chrome(
        ("Home", "World", "Politics", "Business", "Science", "Sport", "Culture", "Opinion"),
        "More on this story", "Most read", "Comments",
        "Interesting read, thanks for sharing. I would like to know more about this.",
        "Read more", "Share", "We use cookies to improve your experience. Accept all",
        "All rights reserved. Terms of use. Privacy policy. Contact us.",
    ),
    "fr": _Chrome(
        ("Accueil", "Monde", "Politique", "Économie", "Sciences", "Sport", "Culture", "Opinions"),
        "Sur le même sujet", "Les plus lus", "Commentaires",
        "Article intéressant, merci du partage. J'aimerais en savoir plus.",
        "Lire aussi", "Partager", "Nous utilisons des cookies. Tout accepter",
        "Tous droits réservés. Mentions légales. Confidentialité. Contact.",
    ),
    "de": _Chrome(
        ("Start", "Welt", "Politik", "Wirtschaft", "Wissen", "Sport", "Kultur", "Meinung"),
        "Mehr zum Thema", "Meistgelesen", "Kommentare",
        "Interessanter Artikel, danke fürs Teilen. Ich würde gern mehr darüber erfahren.",
        "Lesen Sie auch", "Teilen", "Wir verwenden Cookies. Alle akzeptieren",
        "Alle Rechte vorbehalten. Impressum. Datenschutz. Kontakt.",
    ),
    "es": _Chrome(
        ("Portada", "Mundo", "Política", "Economía", "Ciencia", "Deportes", "Cultura", "Opinión"),
        "Más sobre este tema", "Lo más leído", "Comentarios",
        "Artículo interesante, gracias por compartirlo. Me gustaría saber más.",
        "Lea también", "Compartir", "Usamos cookies. Aceptar todas",
        "Todos los derechos reservados. Aviso legal. Privacidad. Contacto.",
    ),
    "it": _Chrome(
        ("Home", "Mondo", "Politica", "Economia", "Scienza", "Sport", "Cultura", "Opinioni"),
        "Sullo stesso argomento", "I più letti", "Commenti",
        "Articolo interessante, grazie per la condivisione. Vorrei saperne di più.",
        "Leggi anche", "Condividi", "Utilizziamo i cookie. Accetta tutti",
        "Tutti i diritti riservati. Note legali. Privacy. Contatti.",
    ),
    "pt": _Chrome(
        ("Início", "Mundo", "Política", "Economia", "Ciência", "Desporto", "Cultura", "Opinião"),
        "Mais sobre este tema", "Mais lidas", "Comentários",
        "Artigo interessante, obrigado por partilhar. Gostaria de saber mais.",
        "Leia também", "Partilhar", "Usamos cookies. Aceitar todos",
        "Todos os direitos reservados. Termos de uso. Privacidade. Contacto.",
    ),
    "ru": _Chrome(
        ("Главная", "В мире", "Политика", "Экономика", "Наука", "Спорт", "Культура", "Мнения"),
        "По теме", "Самое читаемое", "Комментарии",
        "Интересная статья, спасибо. Хотелось бы узнать об этом подробнее.",
        "Читайте также", "Поделиться", "Мы используем файлы cookie. Принять все",
        "Все права защищены. Условия использования. Конфиденциальность. Контакты.",
    ),
    "uk": _Chrome(
        ("Головна", "Світ", "Політика", "Економіка", "Наука", "Спорт", "Культура", "Думки"),
        "На цю тему", "Найпопулярніше", "Коментарі",
        "Цікава стаття, дякую. Хотілося б дізнатися про це більше.",
        "Читайте також", "Поділитися", "Ми використовуємо файли cookie. Прийняти всі",
        "Усі права захищено. Умови використання. Конфіденційність. Контакти.",
    ),
    "pl": _Chrome(
        ("Start", "Świat", "Polityka", "Biznes", "Nauka", "Sport", "Kultura", "Opinie"),
        "Więcej na ten temat", "Najczęściej czytane", "Komentarze",
        "Ciekawy artykuł, dziękuję za udostępnienie. Chciałbym wiedzieć więcej.",
        "Czytaj także", "Udostępnij", "Używamy plików cookie. Akceptuj wszystkie",
        "Wszelkie prawa zastrzeżone. Regulamin. Prywatność. Kontakt.",
    ),
    "tr": _Chrome(
        ("Ana Sayfa", "Dünya", "Siyaset", "Ekonomi", "Bilim", "Spor", "Kültür", "Görüş"),
        "Bu konuda daha fazlası", "En çok okunanlar", "Yorumlar",
        "İlginç bir yazı, paylaştığınız için teşekkürler. Daha fazlasını öğrenmek isterim.",
        "Ayrıca okuyun", "Paylaş", "Çerez kullanıyoruz. Tümünü kabul et",
        "Tüm hakları saklıdır. Kullanım koşulları. Gizlilik. İletişim.",
    ),
    "ar": _Chrome(
        ("الرئيسية", "العالم", "سياسة", "اقتصاد", "علوم", "رياضة", "ثقافة", "رأي"),
        "المزيد حول هذه القصة", "الأكثر قراءة", "التعليقات",
        "مقال مثير للاهتمام، شكرا على المشاركة. أود أن أعرف المزيد عن هذا.",
        "اقرأ أيضا", "شارك", "نستخدم ملفات تعريف الارتباط. قبول الكل",
        "جميع الحقوق محفوظة. شروط الاستخدام. الخصوصية. اتصل بنا.",
    ),
}  # fmt: skip
_COMMENTERS = ("mkw_1987", "Anna L.", "northern_view", "J. Ortega", "pkr", "Sam T.", "Lisa88")


# -- shared pieces ---------------------------------------------------------------------
def _hex(rng: random.Random, n: int = 5) -> str:
    return "".join(rng.choice("0123456789abcdefABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(n))


def _css(rng: random.Random, prefix: str, rules: int) -> str:
    """Minified CSS of the size real sites inline (critical or global styles)."""
    props = ("margin", "padding", "font-size", "line-height", "max-width", "gap", "top")
    return "".join(
        f".{prefix}-{_hex(rng)}{{{props[k % 7]}:{k % 23}px;color:#{rng.randrange(16**6):06x};"
        f"display:{('flex', 'block', 'grid', 'none')[k % 4]}}}"
        + (
            "@media (min-width:600px){" + f".{prefix}-{k}{{width:{k % 90}%}}}}"
            if k % 9 == 0
            else ""
        )
        for k in range(rules)
    )


def _scripts(rng: random.Random, domain: str, count: int) -> str:
    return "\n".join(
        "<script>"
        + _SCRIPT.replace("{id}", _hex(rng, 8)).replace("{domain}", domain) * rng.randrange(2, 6)
        + "</script>"
        for _ in range(count)
    )


def _svg_logo(rng: random.Random) -> str:
    path = " ".join(f"L{rng.randrange(200)} {rng.randrange(40)}" for _ in range(120))
    return f'<svg viewBox="0 0 200 40" aria-hidden="true"><path d="M0 0 {path}Z"/></svg>'


def _domain(src: Source) -> str:
    return src.url.split("/")[2]


def _site(src: Source) -> str:
    return f"NTREX {src.language.upper()}"


def _head_meta(src: Source, description: str) -> str:
    """Meta, canonical, OpenGraph, Twitter card and JSON-LD, as news sites carry them."""
    site, title = escape(_site(src)), escape(src.title)
    image = f"https://static.{_domain(src)}/images/{src.doc}/1200x675.jpg"
    ld = json.dumps(
        [
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": src.title,
                "description": description,
                "datePublished": f"{src.published}T08:00:00Z",
                "dateModified": f"{src.published}T10:30:00Z",
                "mainEntityOfPage": src.url,
                "image": [image],
                "inLanguage": src.language,
                "author": {"@type": "Organization", "name": _site(src)},
                "publisher": {
                    "@type": "NewsMediaOrganization",
                    "name": _site(src),
                    "logo": {"@type": "ImageObject", "url": f"https://{_domain(src)}/logo.png"},
                },
            },
            {
                "@context": "https://schema.org",
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": 1,
                        "name": site,
                        "item": f"https://{_domain(src)}/",
                    },
                    {
                        "@type": "ListItem",
                        "position": 2,
                        "name": "News",
                        "item": f"https://{_domain(src)}/news",
                    },
                ],
            },
        ],
        ensure_ascii=False,
    )
    desc = escape(description)
    return f"""<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - {site}</title>
<meta name="description" content="{desc}">
<meta name="robots" content="max-image-preview:large">
<link rel="canonical" href="{src.url}">
<meta property="og:site_name" content="{site}">
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:description" content="{desc}">
<meta property="og:url" content="{src.url}">
<meta property="og:image" content="{image}">
<meta property="og:locale" content="{src.language}">
<meta property="article:published_time" content="{src.published}T08:00:00Z">
<meta property="article:modified_time" content="{src.published}T10:30:00Z">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:site" content="@ntrex_{src.language}">
<meta name="twitter:title" content="{title}">
<link rel="icon" href="https://{_domain(src)}/favicon.ico">
<link rel="preconnect" href="https://static.{_domain(src)}">
<script type="application/ld+json">{ld}</script>"""


def _related(src: Source, others: list[Source], rng: random.Random, n: int) -> list[Source]:
    pool = [o for o in others if o.language == src.language and o.doc != src.doc]
    return rng.sample(pool, min(n, len(pool)))


def _links(items: list[Source], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "".join(f'<li{attr}><a href="{o.url}">{escape(o.title)}</a></li>' for o in items)


def _comments(rng: random.Random, chrome: _Chrome, src: Source) -> str:
    items = "".join(
        f'<li class="comment" id="comment-{rng.randrange(10**6)}"><article class="comment-body">'
        f'<footer class="comment-meta"><b class="fn">{escape(rng.choice(_COMMENTERS))}</b> '
        f'<time datetime="{src.published}T{10 + k}:{rng.randrange(60):02d}:00Z">'
        f"{src.published}</time></footer>"
        f'<div class="comment-content"><p>{escape(chrome.comment)}</p></div>'
        f'<div class="reply"><a class="comment-reply-link" href="#respond">↩</a></div>'
        "</article></li>"
        for k in range(rng.randrange(2, 7))
    )
    return (
        f'<section id="comments" class="comments-area"><h2 class="comments-title">'
        f'{chrome.comments}</h2><ol class="comment-list">{items}</ol>'
        '<div id="respond" class="comment-respond"><form action="/wp-comments-post.php" '
        'method="post" id="commentform"><textarea id="comment" name="comment" rows="6">'
        '</textarea><input name="author" type="text"><input name="email" type="email">'
        '<input name="submit" type="submit" value="OK"></form></div></section>'
    )


def _nav(chrome: _Chrome, rng: random.Random, sub: int) -> str:
    """A menu with submenus (the mega-menus of news sites)."""
    return "".join(
        f'<li class="menu-item"><a href="/{k}/">{escape(item)}</a><ul class="sub-menu">'
        + "".join(
            f'<li><a href="/{k}/{j}/">{escape(chrome.nav[(k + j) % len(chrome.nav)])} {j}</a></li>'
            for j in range(rng.randrange(sub // 2, sub + 1))
        )
        + "</ul></li>"
        for k, item in enumerate(chrome.nav)
    )


def _footer_links(chrome: _Chrome, rng: random.Random, columns: int) -> str:
    return "".join(
        f'<div class="footer-col"><h4>{escape(chrome.nav[c % len(chrome.nav)])}</h4><ul>'
        + "".join(
            f'<li><a href="/{c}/{j}">{escape(chrome.nav[(c + j) % len(chrome.nav)])}</a></li>'
            for j in range(rng.randrange(5, 10))
        )
        + "</ul></div>"
        for c in range(columns)
    )


# -- the templates ---------------------------------------------------------------------
def _broadsheet(src: Source, others: list[Source], rng: random.Random) -> str:
    ch, domain = _CHROME[src.language], _domain(src)
    cls = f"ssrcss-{_hex(rng, 6)}"
    blocks = "\n".join(
        f'<div data-component="text-block" class="{cls}-TextBlock">'
        f'<p class="{cls}-Paragraph">{escape(p)}</p></div>'
        for p in src.paragraphs
    )
    state = {
        "page": {"id": src.doc, "url": src.url, "language": src.language},
        "article": {
            "headline": src.title,
            "blocks": [{"type": "paragraph", "text": p} for p in src.paragraphs],
        },
        "navigation": [{"title": n, "url": f"/{i}"} for i, n in enumerate(ch.nav)] * 6,
        "config": {"ads": {"slots": [f"slot-{_hex(rng, 8)}" for _ in range(40)]}},
    }
    more = _related(src, others, rng, 4)
    most = _related(src, others, rng, 10)
    figure = (
        f'<figure class="{cls}-Figure"><img src="https://static.{domain}/images/{src.doc}/976.jpg" '
        f'srcset="https://static.{domain}/images/{src.doc}/480.jpg 480w, '
        f'https://static.{domain}/images/{src.doc}/976.jpg 976w" alt="" width="976" '
        f'height="549" loading="eager"><figcaption>{escape(src.title)}</figcaption></figure>'
    )
    return f"""<!DOCTYPE html>
<html lang="{src.language}"{' dir="rtl"' if src.language == "ar" else ""} class="no-js">
<head>
{_head_meta(src, src.paragraphs[0] if src.paragraphs else src.title)}
<style data-emotion="{cls}">{_css(rng, cls, rng.randrange(250, 500))}</style>
{_scripts(rng, domain, rng.randrange(5, 10))}
<script>window.__INITIAL_DATA__={json.dumps(json.dumps(state, ensure_ascii=False))};</script>
</head>
<body>
<a class="skip-link" href="#main-content">Skip</a>
<div id="consent-banner" class="{cls}-Consent"><p>{escape(ch.cookies)}</p><button>OK</button></div>
<header class="{cls}-Header" role="banner"><a href="/" class="{cls}-Brand">{_svg_logo(rng)}
<span>{escape(_site(src))}</span></a>
<nav class="{cls}-Nav" aria-label="{escape(ch.nav[0])}"><ul>{_nav(ch, rng, 10)}</ul></nav></header>
<div id="main-wrapper"><nav class="{cls}-Breadcrumbs"><ol><li><a href="/">{escape(ch.nav[0])}</a>
</li><li><a href="/1/">{escape(ch.nav[1])}</a></li></ol></nav>
<main id="main-content" role="main"><article class="{cls}-Article">
<header data-component="headline-block"><h1 id="main-heading">{escape(src.title)}</h1></header>
<div data-component="byline-block" class="{cls}-Byline"><time datetime="{src.published}T08:00:00Z">
{src.published}</time> <span>{escape(_site(src))}</span></div>
<div data-component="image-block">{figure}</div>
{blocks}
<div data-component="links-block" class="{cls}-Related"><h2>{escape(ch.related)}</h2>
<ul>{_links(more)}</ul></div>
<div data-component="share-block"><button>{escape(ch.share)}</button></div>
</article>
<section class="{cls}-MostRead" aria-labelledby="most-read"><h2 id="most-read">
{escape(ch.most_read)}</h2><ol>{_links(most, "most-read-item")}</ol></section>
{_comments(rng, ch, src)}
</main></div>
<footer class="{cls}-Footer" role="contentinfo"><div class="{cls}-FooterLinks">
{_footer_links(ch, rng, 6)}</div><p>{escape(ch.footer)}</p><p>{CREDIT}</p></footer>
<noscript><img src="https://pixel.{domain}/t.gif?p={src.doc}" alt=""></noscript>
</body>
</html>
"""


def _wordpress(src: Source, others: list[Source], rng: random.Random) -> str:
    ch, domain = _CHROME[src.language], _domain(src)
    pid = rng.randrange(10**5, 10**6)
    paras: list[str] = []
    for i, p in enumerate(src.paragraphs):
        paras.append(f"<p>{escape(p)}</p>")
        if i % 3 == 2:
            paras.append(
                f'<div class="code-block code-block-{i}" style="margin:8px 0;clear:both">'
                f'<ins class="adsbygoogle" data-ad-slot="{rng.randrange(10**10)}"></ins>'
                "<script>(adsbygoogle=window.adsbygoogle||[]).push({});</script></div>"
            )
    related = _related(src, others, rng, 6)
    widgets = "".join(
        f'<section class="widget widget_recent_entries"><h2 class="widget-title">'
        f"{escape(ch.nav[k % len(ch.nav)])}</h2><ul>{_links(_related(src, others, rng, 5))}</ul>"
        "</section>"
        for k in range(rng.randrange(3, 6))
    )
    share = "".join(
        f'<a class="share-{n}" href="https://{n}.example/share?u={src.url}" rel="nofollow">'
        f"{escape(ch.share)} {n}</a>"
        for n in ("facebook", "x", "whatsapp", "telegram", "email")
    )
    posts = "".join(
        f'<article class="related-post"><a href="{o.url}"><img src="https://{domain}/wp-content/'
        f'uploads/{o.doc}-300x200.jpg" width="300" height="200" alt="" loading="lazy">'
        f'<h3 class="entry-title">{escape(o.title)}</h3></a></article>'
        for o in related
    )
    emoji = json.dumps(
        {
            "baseUrl": "https://s.w.org/images/core/emoji/14.0.0/72x72/",
            "ext": ".png",
            "source": {"concatemoji": f"https://{domain}/wp-includes/js/wp-emoji-release.min.js"},
        }
    ).replace("/", "\\/")
    return f"""<!DOCTYPE html>
<html lang="{src.language}"{' dir="rtl"' if src.language == "ar" else ""}>
<head>
{_head_meta(src, src.title)}
<meta name="generator" content="WordPress 6.4.3">
<link rel="stylesheet" id="wp-block-library-css" media="all"
href="https://{domain}/wp-includes/css/dist/block-library/style.min.css">
<style id="global-styles-inline-css">{_css(rng, "wp", rng.randrange(200, 420))}</style>
<script>window._wpemojiSettings={emoji}</script>
<script src="https://{domain}/wp-includes/js/jquery/jquery.min.js" id="jquery-core-js"></script>
{_scripts(rng, domain, rng.randrange(4, 9))}
</head>
<body class="post-template-default single single-post postid-{pid} single-format-standard">
<div id="page" class="site"><a class="skip-link screen-reader-text" href="#content">Skip</a>
<div class="top-bar"><span>{escape(ch.cookies)}</span></div>
<header id="masthead" class="site-header"><div class="site-branding">{_svg_logo(rng)}
<p class="site-title"><a href="https://{domain}/" rel="home">{escape(_site(src))}</a></p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
{_nav(ch, rng, 6)}</ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area">
<main id="main" class="site-main">
<article id="post-{pid}"
class="post-{pid} post type-post status-publish format-standard has-post-thumbnail">
<header class="entry-header"><span class="cat-links"><a href="/1/" rel="category tag">
{escape(ch.nav[1])}</a></span><h1 class="entry-title">{escape(src.title)}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published"
datetime="{src.published}T08:00:00+00:00">{src.published}</time></span></div></header>
<div class="post-thumbnail"><img src="https://{domain}/wp-content/uploads/{src.doc}.jpg"
class="attachment-post-thumbnail wp-post-image" alt="" width="1200" height="675"></div>
<div class="entry-content">
{chr(10).join(paras)}
</div>
<footer class="entry-footer"><span class="tags-links"><a href="/tag/{src.doc}/" rel="tag">
{escape(ch.nav[2])}</a>, <a href="/tag/news/" rel="tag">{escape(ch.nav[1])}</a></span>
<div class="sharedaddy">{share}</div></footer>
<div class="author-box"><h4>{escape(_site(src))}</h4></div>
</article>
<section class="related-posts"><h2>{escape(ch.related)}</h2>{posts}</section>
{_comments(rng, ch, src)}
</main></div>
<aside id="secondary" class="widget-area">{widgets}</aside></div>
<footer id="colophon" class="site-footer"><div class="footer-widgets">
{_footer_links(ch, rng, 4)}</div><div class="site-info">© {src.published[:4]}
{escape(_site(src))}. {escape(ch.footer)} {CREDIT}</div></footer></div>
<script src="https://{domain}/wp-includes/js/comment-reply.min.js" async></script>
</body>
</html>
"""


def _wire(src: Source, others: list[Source], rng: random.Random) -> str:
    ch, domain = _CHROME[src.language], _domain(src)
    text_cls = f"text__text__{_hex(rng, 5)}"
    read_next = _related(src, others, rng, 8)
    paras: list[str] = []
    for i, p in enumerate(src.paragraphs):
        paras.append(
            f'<p data-testid="paragraph-{i}" class="{text_cls} text__dark-grey__{_hex(rng, 4)} '
            f'article-body__paragraph__{_hex(rng, 4)}">{escape(p)}</p>'
        )
        if i == 1 and read_next:
            o = read_next[0]
            paras.append(
                f'<div data-testid="read-more" class="read-more__{_hex(rng, 4)}">'
                f'<span>{escape(ch.read_more)}</span> <a href="{o.url}">{escape(o.title)}</a></div>'
            )
        if i % 4 == 3:
            paras.append(
                f'<div data-testid="ResponsiveAdSlot" class="ad-slot__{_hex(rng, 4)}">'
                f'<div id="ad-{_hex(rng, 6)}" data-ad-type="inarticle"></div></div>'
            )
    next_data = {
        "props": {
            "pageProps": {
                "article": {
                    "id": _hex(rng, 26),
                    "title": src.title,
                    "canonical_url": src.url,
                    "published_time": f"{src.published}T08:00:00Z",
                    "content_elements": [
                        {"type": "paragraph", "content": p} for p in src.paragraphs
                    ],
                    "related": [{"title": o.title, "url": o.url} for o in read_next],
                },
                "ads": {f"slot{k}": {"sizes": [[300, 250], [728, 90]]} for k in range(30)},
            }
        },
        "page": "/article/[...slug]",
        "buildId": _hex(rng, 21),
    }
    next_json = json.dumps(next_data, ensure_ascii=False)
    return f"""<!DOCTYPE html>
<html lang="{src.language}"{' dir="rtl"' if src.language == "ar" else ""}>
<head>
{_head_meta(src, src.title)}
<link rel="preload" href="https://{domain}/_next/static/css/{_hex(rng, 16)}.css" as="style">
<style data-styled="active">{_css(rng, "sc", rng.randrange(300, 550))}</style>
{_scripts(rng, domain, rng.randrange(3, 8))}
</head>
<body>
<div id="__next"><div class="site-header__{_hex(rng, 5)}" data-testid="SiteHeader">
<a href="/" aria-label="{escape(_site(src))}">{_svg_logo(rng)}</a>
<nav data-testid="Navigation"><ul>{_nav(ch, rng, 8)}</ul></nav>
<div class="consent__{_hex(rng, 5)}">{escape(ch.cookies)}</div></div>
<main id="main-content" class="regular-article-layout__main__{_hex(rng, 5)}">
<article class="article__container__{_hex(rng, 5)}"><header class="article-header__{_hex(rng, 5)}">
<nav data-testid="Breadcrumbs"><a href="/1/">{escape(ch.nav[1])}</a></nav>
<h1 data-testid="Heading" class="text__heading_2__{_hex(rng, 4)}">{escape(src.title)}</h1>
<div class="article-header__dateline__{_hex(rng, 4)}"><time datetime="{src.published}T08:00:00Z">
<span>{src.published}</span></time></div></header>
<div class="article-body__content__{_hex(rng, 5)}">
{chr(10).join(paras)}
<p class="sign-off__{_hex(rng, 4)}">{escape(_site(src))} · {src.published}</p>
</div>
<div data-testid="ShareButtons"><button>{escape(ch.share)}</button></div>
</article>
<aside data-testid="ReadNext"><h2>{escape(ch.related)}</h2><ul>{_links(read_next)}</ul></aside>
<aside data-testid="MostPopular"><h2>{escape(ch.most_read)}</h2>
<ol>{_links(_related(src, others, rng, 8))}</ol></aside>
{_comments(rng, ch, src)}
</main>
<footer data-testid="Footer" class="site-footer__{_hex(rng, 5)}">{_footer_links(ch, rng, 5)}
<p>{escape(ch.footer)}</p><p>{CREDIT}</p></footer></div>
<script id="__NEXT_DATA__" type="application/json">{next_json}</script>
</body>
</html>
"""


TEMPLATES: dict[str, Callable[[Source, list[Source], random.Random], str]] = {
    "broadsheet": _broadsheet,
    "wordpress": _wordpress,
    "wire": _wire,
}
# One template per language edition, as one site keeps one design.
_BY_LANGUAGE = {
    "en": "broadsheet", "ru": "broadsheet", "it": "broadsheet", "tr": "broadsheet",
    "fr": "wordpress", "pt": "wordpress", "uk": "wordpress", "ar": "wordpress",
    "de": "wire", "es": "wire", "pl": "wire",
}  # fmt: skip


def template_for(language: str) -> str:
    """The template of a language edition's pages."""
    return _BY_LANGUAGE[language]


def render(src: Source, others: list[Source]) -> bytes:
    """The page for one document (``others`` give the related-article lists)."""
    rng = random.Random(zlib.crc32(src.path.encode()))
    return TEMPLATES[template_for(src.language)](src, others, rng).encode("utf-8")


def build(folder: Path, out: Path, *, limit: int | None = None) -> dict[str, Any]:
    """Write a page per document (or the first ``limit``) and a manifest under ``out``.

    The manifest (``path,url,outlet,published,language``) is what ``citegraph ingest``
    reads beside the pages; ``<out>.json``, beside the folder, says what was built. A
    build of the same documents by the same version is reused.
    """
    sources = read_sources(folder)
    chosen = sources if limit is None else sources[:limit]
    # Beside the folder, not in it: ``citegraph ingest`` would count it as an input.
    meta = out.parent / f"{out.name}.json"
    if meta.is_file():
        info: dict[str, Any] = json.loads(meta.read_text())
        if (info.get("version"), info.get("pages")) == (PAGES_VERSION, len(chosen)):
            return info
    out.mkdir(parents=True, exist_ok=True)
    sizes: list[int] = []
    with (out / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["path", "url", "outlet", "published", "language"])
        for src in chosen:
            rel = f"{src.language}/{src.doc}.html"
            (out / src.language).mkdir(exist_ok=True)
            data = render(src, sources)
            (out / rel).write_bytes(data)
            sizes.append(len(data))
            writer.writerow([rel, src.url, "", src.published, src.language])
    text_bytes = sum(len("\n\n".join((s.title, *s.paragraphs)).encode()) for s in chosen)
    info = {
        "version": PAGES_VERSION,
        "what": "NTREX-128 news texts (ntrex-dev, 11 languages) inside realistic "
        "news-page HTML templates built by bench/ntrex_pages.py",
        "credit": CREDIT,
        "pages": len(chosen),
        "bytes": sum(sizes),
        "kb_per_page": {
            "mean": round(sum(sizes) / len(sizes) / 1024, 1),
            "min": round(min(sizes) / 1024, 1),
            "max": round(max(sizes) / 1024, 1),
        },
        "article_text_share": round(text_bytes / sum(sizes), 3),
        "templates": dict(Counter(template_for(s.language) for s in chosen)),
        "languages": dict(Counter(s.language for s in chosen)),
    }
    meta.write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n")
    return info


def main() -> None:
    from bench.ntrex import default_folder

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ntrex", type=Path, default=None, help="the ntrex-dev folder")
    parser.add_argument("--out", type=Path, default=ROOT / ".cache" / "ntrex-pages")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    folder = args.ntrex or default_folder(ROOT)
    if folder is None:
        parser.error("no ntrex-dev folder: pass --ntrex or set CITEGRAPH_NTREX")
    print(json.dumps(build(folder, args.out, limit=args.limit), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
