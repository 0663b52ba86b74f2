"""Fold full-width digits and punctuation to ASCII (and non-NFC text to NFC) while keeping offsets."""

from __future__ import annotations

import unicodedata

# One character in, one character out, so offsets survive the translation.
_FOLD = {ord(c): ord("0") + i for i, c in enumerate("０１２３４５６７８９")}
_FOLD.update({ord(c): "~" for c in "～∼〜∿"})
_FOLD.update({ord(c): "-" for c in "－‐‑‒–—―"})
_FOLD.update({ord(c): " " for c in "\u3000\u00a0\u2009\u202f"})
_FOLD.update({ord(c): "'" for c in "‘’`´"})
_FOLD.update(
    {
        ord("．"): ".",
        ord("（"): "(",
        ord("）"): ")",
        ord("／"): "/",
        ord("："): ":",
        ord("，"): ",",
        ord("年"): "년",
        ord("月"): "월",
        ord("日"): "일",
        ord("火"): "화",
        ord("水"): "수",
        ord("木"): "목",
        ord("金"): "금",
        ord("土"): "토",
    }
)


class Folded:
    """``text`` folded for matching; ``span`` maps a folded span back to the original string."""

    __slots__ = ("_ends", "_starts", "original", "text")

    def __init__(self, original: str):
        self.original = original
        if unicodedata.is_normalized("NFC", original):
            self.text = original.translate(_FOLD)
            self._starts = self._ends = None
            return
        # Compose piece by piece (a piece = a starter and what combines with it) so every folded
        # character still knows which original characters it came from.
        pieces: list[tuple[int, int]] = []
        start = 0
        for i in range(1, len(original) + 1):
            if i == len(original) or _is_starter(original[i]):
                pieces.append((start, i))
                start = i
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for s, e in pieces:
            composed = unicodedata.normalize("NFC", original[s:e]).translate(_FOLD)
            out.append(composed)
            starts.extend([s] * len(composed))
            ends.extend([e] * len(composed))
        self.text = "".join(out)
        self._starts, self._ends = starts, ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self._starts is None or self._ends is None:
            return start, end
        if start >= len(self._starts):
            return len(self.original), len(self.original)
        return self._starts[start], self._ends[max(start, end - 1)] if end > start else self._starts[start]


def _is_starter(char: str) -> bool:
    code = ord(char)
    if 0x1161 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF:  # conjoining medial and final jamo
        return False
    return unicodedata.combining(char) == 0
