"""Text from a URL parameter or the store, made safe for Streamlit's Markdown elements.

``st.caption``, ``st.markdown``, ``st.info``/``warning``/``error``/``success``, ``st.toast``
and ``st.write`` render their string as Markdown: a shared link ``?sel=[Session
expired](http://evil.example/login) ![t](http://host/t.png)`` would otherwise show an
attacker's link and make the browser fetch a remote image. Every value that comes from the
page address, an uploaded report or the store goes through :func:`md_text` before it is put in
such a string; the rest of the string (our own wording, ``**bold**``) stays Markdown.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["JOINER", "md_text"]

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# also breaks GFM autolinks (``http://``, ``www.``), Streamlit's ``:colour[...]`` and
# ``:emoji:`` directives, HTML tags and entities, and LaTeX ``$...$``.
_PUNCT = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_BREAKS = re.compile(r"[\r\n\u2028\u2029\u0085\x0b\x0c]+")
# GFM turns bare ``http://...``, ``www.x`` and ``a@b.c`` into links after escapes are read:
# an invisible WORD JOINER (U+2060) before ``://``, after ``www`` and before ``@`` breaks them.
_AUTOLINK = re.compile(r"(?=://)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)
#: The invisible character :func:`md_text` puts into would-be autolinks.
JOINER = "\u2060"


def md_text(value: Any, limit: int = 500) -> str:
    """``value`` as literal text inside Markdown: no link, image, HTML or formatting.

    Line breaks become spaces (a value cannot start a heading or a list), an invisible word
    joiner (:data:`JOINER`) keeps bare URLs and e-mail addresses from becoming links, and text
    beyond ``limit`` characters is cut with an ellipsis.

    >>> print(md_text("[Session expired](http://evil.example/login) ![t](http://host/t.png)")
    ...       .replace(JOINER, "+"))
    \\[Session expired\\]\\(http+\\:\\/\\/evil\\.example\\/login\\) \\!\\[t\\]\\(http+\\:\\/\\/host\\/t\\.png\\)
    >>> md_text("a\\n# b")
    'a \\\\# b'
    """
    s = "" if value is None else str(value)
    if len(s) > limit:
        s = s[:limit] + "…"
    s = _AUTOLINK.sub(JOINER, _BREAKS.sub(" ", s.replace(JOINER, "")))
    return _PUNCT.sub(r"\\\1", s)
