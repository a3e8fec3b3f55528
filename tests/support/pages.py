"""Pages written to attack the views and the explorer."""

from __future__ import annotations

__all__ = ["HOSTILE"]

# A page whose title and link text carry markup; every view must show it as text.
HOSTILE = (
    "<html lang='en'><head><title>x</title><link rel='canonical' href='https://evil.example/a'>"
    "</head><body><article><h1>Breaking &lt;img src=x onerror=alert(1)&gt; news about the dam</h1>"
    "<p>According to <a href='https://www.rt.com/news/1-dam/'>RT &lt;script&gt;alert(2)&lt;/script&gt;</a>"
    ", the ministry said on Monday that the dam was safe, which nobody could check on site.</p>"
    "<p>A second paragraph gives enough context for the extractor to keep the body text.</p>"
    "</article></body></html>"
)
