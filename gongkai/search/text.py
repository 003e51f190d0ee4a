"""Chinese text for search, in plain Python (no Django): segmentation, query parsing and
highlighted snippets.

Neither SQLite nor PostgreSQL can split Chinese into words (FTS5's ``trigram`` finds
nothing for the 2-character words most queries are, and PostgreSQL has no Chinese parser;
see docs DEPENDENCIES "Chinese search"). So words are cut here with rjieba's
``cut_for_search`` — which emits a long word *and* the dictionary words inside it
(危房改造 → 危房 房改 改造 危房改造) — and the databases only see space-separated tokens.
Documents and queries go through the same function, so a query word matches the token the
document produced for it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

import rjieba

#: Longest query we parse: a search box is not a document, and the cost of a query grows
#: with its terms.
MAX_QUERY_CHARS = 100
#: Words so common that ANDing them only loses results (kept when they are all there is).
STOP_WORDS = frozenset({"的", "了", "和", "与", "及", "或", "是", "在", "对", "等", "之", "其"})

# A token is a run of letters and digits (``_`` and punctuation separate): the same rule as
# FTS5's unicode61 tokenizer and PostgreSQL's parser, so neither splits our tokens again.
_PIECE = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')


def _normalise(token: str) -> str:
    # NFKC turns full-width letters and digits (２０２６, ＡＢＣ) into ASCII; lower() for Latin.
    return unicodedata.normalize("NFKC", token).lower()


def tokens(text: str) -> list[str]:
    """Search tokens of ``text`` in order (duplicates kept: they count for ranking)."""
    # Normalised before cutting: jieba cuts full-width digits one by one. The words are
    # joined by a space (never part of a token) and split again in one regex pass: the
    # same pieces as word by word (~10,000 documents of ~250 characters a second).
    return _PIECE.findall(" ".join(rjieba.cut_for_search(_normalise(text or ""))))


def segment(text: str) -> str:
    """``text`` as the space-separated tokens the databases index."""
    return " ".join(tokens(text))


@dataclass(frozen=True)
class Term:
    """One query word: matches a document holding ``word`` as a token, or (when the
    document's context cut it differently) holding all of ``parts``."""

    word: str
    parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Query:
    """A parsed query: every term and every phrase must match (AND)."""

    text: str
    terms: tuple[Term, ...] = ()
    #: Quoted phrases as typed (lower case, single spaces): substrings of the plain text, with
    #: their tokens as terms too so the index narrows the candidates first.
    phrases: tuple[str, ...] = ()
    truncated: bool = False
    highlight: tuple[str, ...] = field(default=(), compare=False)

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases


def _terms_of(text: str) -> list[Term]:
    terms: list[Term] = []
    for word in rjieba.cut(_normalise(text)):
        for piece in _PIECE.findall(word):
            parts = tuple(
                p for p in dict.fromkeys(tokens(piece)) if p != piece and len(p) < len(piece)
            )
            terms.append(Term(piece, parts))
    return terms


def parse_query(raw: str) -> Query:
    """Words ANDed; text in quotes ("…", “…”, 「…」) is a phrase; punctuation separates;
    anything longer than MAX_QUERY_CHARS is cut (``truncated`` says so)."""
    raw = (raw or "").replace("\x00", " ").strip()
    truncated = len(raw) > MAX_QUERY_CHARS
    raw = raw[:MAX_QUERY_CHARS]
    phrases: list[str] = []
    terms: list[Term] = []

    def take_phrase(match: re.Match[str]) -> str:
        phrase = next(g for g in match.groups() if g is not None)
        normalised = " ".join(phrase.lower().split())
        if _PIECE.search(normalised):
            phrases.append(normalised)
            terms.extend(_terms_of(phrase))
        return " "

    rest = _QUOTED.sub(take_phrase, raw)
    terms.extend(_terms_of(rest))
    meaningful = [t for t in terms if t.word not in STOP_WORDS]
    terms = list(dict.fromkeys(meaningful or terms))
    # A phrase of one token is just a word.
    phrases = [p for p in dict.fromkeys(phrases) if len(tokens(p)) > 1]
    highlight = sorted(
        {*phrases, *(t.word for t in terms), *(p for t in terms for p in t.parts)},
        key=len,
        reverse=True,
    )
    return Query(raw, tuple(terms), tuple(phrases), truncated, tuple(highlight))


# --- backend query strings -------------------------------------------------------------------


def _fts_quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def fts5_match(query: Query) -> str:
    """The FTS5 MATCH expression of ``query`` (every token quoted: no FTS5 syntax from
    users ever reaches the parser)."""
    clauses = []
    for term in query.terms:
        word = _fts_quote(term.word)
        if term.parts:
            parts = " AND ".join(_fts_quote(p) for p in term.parts)
            clauses.append(f"({word} OR ({parts}))")
        else:
            clauses.append(word)
    return " AND ".join(clauses)


def tsquery_parts(query: Query) -> tuple[str, list[str]]:
    """A PostgreSQL tsquery expression as SQL with parameters: each token goes through
    ``plainto_tsquery('simple', %s)``, so no user text is ever tsquery syntax."""
    one = "plainto_tsquery('simple', %s)"
    clauses: list[str] = []
    params: list[str] = []
    for term in query.terms:
        if term.parts:
            parts = " && ".join([one] * len(term.parts))
            clauses.append(f"({one} || ({parts}))")
            params += [term.word, *term.parts]
        else:
            clauses.append(one)
            params.append(term.word)
    return " && ".join(clauses), params


# --- snippets ------------------------------------------------------------------------------

SNIPPET_CHARS = 120
_LEAD = 30


def _spaceless(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _matcher(words: tuple[str, ...]) -> re.Pattern[str] | None:
    # Phrases were normalised with single spaces between tokens; in the text any run of
    # non-token characters may separate them.
    alternatives = [r"[\W_]+".join(re.escape(p) for p in w.split(" ")) for w in words if w]
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def highlight(text: str, words: tuple[str, ...]) -> str:
    """``text`` HTML-escaped, with every occurrence of ``words`` wrapped in <mark>."""
    pattern = _matcher(words)
    if pattern is None:
        return html.escape(text)
    out, last = [], 0
    for m in pattern.finditer(text):
        if not m.group(0):
            continue
        out.append(html.escape(text[last : m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def snippet(texts: list[str], words: tuple[str, ...], size: int = SNIPPET_CHARS) -> str:
    """A window of about ``size`` characters of the first text with a hit, around its first
    hit, as safe HTML; the start of the first non-empty text when nothing matches."""
    pattern = _matcher(words)
    chosen, start = "", 0
    for text in texts:
        text = _spaceless(text)
        if not text:
            continue
        found = pattern.search(text) if pattern else None
        if found:
            chosen, start = text, max(0, found.start() - _LEAD)
            break
        if not chosen:
            chosen = text
    if not chosen:
        return ""
    window = chosen[start : start + size]
    body = highlight(window, words)
    return ("…" if start > 0 else "") + body + ("…" if start + size < len(chosen) else "")
