"""Abbreviations a text defines: the long form - short form pairs of Schwartz and Hearst.

Schwartz AS, Hearst MA. "A simple algorithm for identifying abbreviation definitions in biomedical text."
Pacific Symposium on Biocomputing 2003: 451-462, PMID 12603049. :func:`definitions` pairs them in a
tokenized text (a spaCy ``Doc``, or any sequence of tokens with ``text``, ``idx``, ``whitespace_`` and
``is_sent_start``); :func:`uses` finds where the text uses them again.

The rules, each the paper's unless marked *(here)*:

* a candidate is a parenthesis within one sentence, "long form (short form)"; when the words inside it are more
  than two, or longer than the text before it, it is "short form (long form)", the short form the one word
  before the parenthesis;
* inside the parenthesis only the words before a ``,`` or ``;`` count ("(HO; Brooker grade III)" is "HO"),
  and *(here)* before a nested parenthesis ("(FOP (OMIM 135100))" is "FOP");
* a short form is at most two words of 2-10 letters and digits, starts with a letter or a digit, holds a letter,
  and *(here)* holds a capital letter in both patterns (the paper asks it only of the second): a lower-case word
  in parentheses is a gloss ("(right)", "(mild)", "(p = 0.02)", "(n = 5)"), not an abbreviation; the letters
  need not all be capitals ("(SSc)", "(lcSSc)");
* the long form is the shortest run of words before the parenthesis in which every letter and digit of the
  short form is found, right to left, in order, the short form's first character at the start of a word
  (``findBestLongForm``); it must be longer than the short form, not hold the short form as a word, and have at
  most ``min(|A| + 5, 2|A|)`` words, ``|A|`` the short form's letters and digits; *(here)* it holds no
  parenthesis of its own;
* the first definition of a short form in a text is its definition (a later one is ignored).

A text defines each abbreviation once; every later use of the short form (the same tokens, case as written,
*(here)* also with a plural "s": "AVMs") is a use of it. The work is linear in the text: each parenthesis looks
back at most ``3 * 15`` tokens (the longest long form of a ten-letter short form is 15 words), and the uses are
found in one pass over the tokens.

Why not scispaCy's ``AbbreviationDetector`` (which implements the same algorithm; measured here): scispacy 0.6.2,
its newest release, requires ``numpy<2.0`` (``pip install --dry-run scispacy==0.6.2`` would install
numpy 1.26.4, nmslib-metabrainz, scikit-learn and scipy), and the project's own dependencies need NumPy >= 2
(pandas 3.1 through sssom requires ``numpy>=2.0.2``); it also declares ``Requires-Python <3.13``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["MAX_SHORT_FORM", "Definition", "best_long_form", "definitions", "uses"]

#: The most letters and digits a short form has (the paper's limit).
MAX_SHORT_FORM = 10
#: The most words a short form has.
MAX_SHORT_WORDS = 2
#: How many tokens before a parenthesis the long form is looked for in: the longest long form has
#: ``min(10 + 5, 2 * 10) = 15`` words, and a word may be several tokens ("end-stage": three).
LOOK_BACK = 3 * (MAX_SHORT_FORM + 5)
_CUTS = {",", ";"}


@dataclass(frozen=True)
class Definition:
    """A short form and the long form the text defines it by, as token offsets (end exclusive)."""

    short: tuple[str, ...]  # the short form's tokens as written ("FOP",)
    short_start: int
    short_end: int
    long_start: int
    long_end: int

    def long_text(self, doc: Any) -> str:
        """The long form as the text writes it."""
        return str(doc[self.long_start:self.long_end].text)


def _text(tokens: Sequence[Any], start: int, end: int) -> str:
    """The text of tokens ``start:end`` as written (each token's own trailing space kept between them)."""
    return "".join(t.text + t.whitespace_ for t in tokens[start:end]).rstrip()


def _alnum(text: str) -> int:
    return sum(c.isalnum() for c in text)


def _valid_short(short: str) -> bool:
    words = short.split()
    return (0 < len(words) <= MAX_SHORT_WORDS and short[0].isalnum() and any(c.isalpha() for c in short)
            and any(c.isupper() for c in short) and 2 <= _alnum(short) <= MAX_SHORT_FORM
            and all(len(w) < 11 for w in words))


def best_long_form(short: str, long: str) -> int | None:
    """The offset in ``long`` where the shortest long form of ``short`` starts, or None (``findBestLongForm``):
    each letter and digit of the short form, right to left, is matched in the long form, right to left, the
    first one at the start of a word."""
    s, i = len(short) - 1, len(long) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (long[i].lower() != c or (s == 0 and i > 0 and long[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = i + 1
    return max(long.rfind(" ", 0, start), long.rfind("\n", 0, start)) + 1


def _pair(tokens: Sequence[Any], short: tuple[int, int], window: tuple[int, int]) -> tuple[int, int] | None:
    """The long form's token offsets for the short form ``short`` among the tokens ``window``, or None."""
    short_text = _text(tokens, *short)
    if not _valid_short(short_text):
        return None
    start, end = window
    while start < end and not tokens[start].text.strip():
        start += 1
    if start >= end:
        return None
    base = tokens[start].idx
    long_text = _text(tokens, start, end)
    at = best_long_form(short_text, long_text)
    if at is None:
        return None
    first = next(i for i in range(start, end) if tokens[i].idx - base >= at)
    found = _text(tokens, first, end)
    words = found.replace("-", " ").split()
    letters = _alnum(short_text)
    if (len(found) < len(short_text) or f"{short_text} " in found or found.endswith(short_text)
            or len(words) > min(letters + 5, 2 * letters) or any(t.text in ("(", ")") for t in tokens[first:end])):
        return None
    return first, end


def _parentheses(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """Each balanced parenthesis of a sentence: (the "(" token, the ")" token)."""
    out: list[tuple[int, int]] = []
    stack: list[int] = []
    for i, token in enumerate(tokens):
        if token.is_sent_start:
            stack = []
        if token.text == "(":
            stack.append(i)
        elif token.text == ")" and stack:
            out.append((stack.pop(), i))
    return sorted(out)


def _sentence_start(tokens: Sequence[Any], i: int) -> int:
    j = i
    while j > 0 and not tokens[j].is_sent_start and i - j < LOOK_BACK:
        j -= 1
    return j


def definitions(tokens: Sequence[Any]) -> list[Definition]:
    """The abbreviations the text defines, in text order, the first definition of each short form only."""
    found: dict[tuple[str, ...], Definition] = {}
    for open_, close in _parentheses(tokens):
        inside = open_ + 1
        end = next((i for i in range(inside, close) if tokens[i].text in _CUTS or tokens[i].text == "("), close)
        if end == inside:
            continue
        before = _sentence_start(tokens, open_)
        content = _text(tokens, inside, end)
        if len(content.split()) > MAX_SHORT_WORDS or len(content) > len(_text(tokens, before, open_)):
            # "short form (long form)": the word before the parenthesis is the short form
            if open_ == 0 or open_ - 1 < before:
                continue
            short, window = (open_ - 1, open_), (inside, end)
        else:
            short, window = (inside, end), (before, open_)
        pair = _pair(tokens, short, window)
        if pair is None:
            continue
        key = tuple(t.text for t in tokens[short[0]:short[1]])
        if key not in found:
            found[key] = Definition(key, short[0], short[1], pair[0], pair[1])
    return sorted(found.values(), key=lambda d: d.short_start)


def uses(tokens: Sequence[Any], defined: Sequence[Definition]) -> list[tuple[int, int, Definition]]:
    """Every use of a defined short form outside its definition and after it (its tokens as written, or with a
    plural "s" on the last), as (start, end, definition)."""
    by_first: dict[str, list[tuple[tuple[str, ...], Definition]]] = {}
    for d in defined:
        by_first.setdefault(d.short[0], []).append((d.short, d))
        plural = (*d.short[:-1], d.short[-1] + "s")
        by_first.setdefault(plural[0], []).append((plural, d))
    out: list[tuple[int, int, Definition]] = []
    i = 0
    while i < len(tokens):
        hit = next(((words, d) for words, d in by_first.get(tokens[i].text, ())
                    if i >= d.short_end and tuple(t.text for t in tokens[i:i + len(words)]) == words
                    and not (d.long_start <= i < d.long_end)), None)
        if hit is None:
            i += 1
            continue
        words, d = hit
        out.append((i, i + len(words), d))
        i += len(words)
    return out
