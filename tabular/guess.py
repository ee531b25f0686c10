"""Guessing what each column of an upload is from its header, in the languages customers use."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence

NOT_WORD = re.compile(r"[^a-z0-9]+")


def header_key(text: str) -> str:
    """'Téléphone mobile' -> 'telephonemobile': accents, case, spaces and punctuation dropped."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    # Headers in scripts with no ASCII letters (電話, телефон) are kept as written, folded.
    return NOT_WORD.sub("", plain.lower()) or "".join(text.lower().split())


def columns_guess(
    header: Sequence[str],
    synonyms: Mapping[str, Sequence[str]],
    *,
    otherwise: Callable[[str], str] = lambda name: "",
    repeatable: frozenset[str] = frozenset(),
) -> list[str]:
    """One target per column: the target whose synonyms name the header, else `otherwise(name)`.

    A target that is not repeatable goes to the first column that names it only; later columns
    with the same name fall back to `otherwise`.
    """
    lookup = {header_key(word): target for target, words in synonyms.items() for word in words}
    lookup.update({header_key(target): target for target in synonyms})
    taken: set[str] = set()
    guesses = []
    for name in header:
        target = lookup.get(header_key(name), "")
        if not target or (target in taken and target not in repeatable):
            target = otherwise(name)
        taken.add(target)
        guesses.append(target)
    return guesses
