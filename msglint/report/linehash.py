"""`primaryLocationLineHash`, the partial fingerprint GitHub code scanning uses to follow an alert when lines
move, computed as GitHub's upload action documents and computes it (github/codeql-action, "fingerprints"):

* the file is read as UTF-8 text and seen as UTF-16 code units (as JavaScript sees a string);
* spaces and tabs are skipped, CR and CRLF count as LF;
* each line's hash is a polynomial rolling hash (base 37, 64-bit wrap-around) of the 100 characters
  that follow the start of the line, a value 65535 marking the end of the file and zeros after it;
* it is written as unsigned hexadecimal, then `:` and which occurrence of that hash in the file it is
  (identical lines get `:1`, `:2`, ...).
"""

from __future__ import annotations

import sys
from array import array

BLOCK = 100
_BASE = 37
_MASK = (1 << 64) - 1
_FIRST = pow(_BASE, BLOCK, 1 << 64)  # the weight of the character that leaves the window
_END = 65535
_SKIPPED = (ord(" "), ord("\t"))
_CR, _LF = ord("\r"), ord("\n")


def line_hashes(text: str, last_line: int | None = None) -> dict[int, str]:
    """The hashes of the lines up to `last_line` at least (all by default), keyed by 1-based line number, as
    `primaryLocationLineHash` wants them. Later lines cannot change them: an occurrence counts earlier ones."""
    codes = array("H", text.encode("utf-16-le"))
    if sys.byteorder == "big":
        codes.byteswap()
    codes.append(_END)
    hashes: dict[int, str] = {}
    counts: dict[int, int] = {}
    window = [0] * BLOCK
    starts = [0] * BLOCK  # the line that starts at this window slot, or 0
    value = index = line = 0
    line_start, after_cr = True, False
    stop = last_line if last_line is not None else -1
    for code in codes:
        if code in _SKIPPED or (after_cr and code == _LF):
            after_cr = False
            continue
        after_cr = code == _CR
        if after_cr:
            code = _LF
        if starts[index]:
            done = starts[index]
            _record(hashes, counts, done, value)
            starts[index] = 0
            if done == stop:
                return hashes
        if line_start:
            line_start = False
            line += 1
            starts[index] = line
        line_start = code == _LF
        value = (_BASE * value + code - _FIRST * window[index]) & _MASK
        window[index] = code
        index = (index + 1) % BLOCK
    for _ in range(BLOCK):
        if starts[index]:
            _record(hashes, counts, starts[index], value)
            starts[index] = 0
        value = (_BASE * value - _FIRST * window[index]) & _MASK
        window[index] = 0
        index = (index + 1) % BLOCK
    return hashes


def _record(hashes: dict[int, str], counts: dict[int, int], line: int, value: int) -> None:
    counts[value] = counts.get(value, 0) + 1
    hashes[line] = f"{value:x}:{counts[value]}"
