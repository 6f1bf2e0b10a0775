"""The reader decodes a block of lines at a time for the encodings where that is safe: the same
lines, and the same first error (line, byte, position), as decoding line by line."""

from __future__ import annotations

import codecs
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from lexom_terms.ledgers._text import LedgerError, _decode_blocks, _decode_lines

pieces = st.one_of(
    st.text(max_size=20).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [b"\n", b"\r\n", b"\xe9", b"\xc3\xa9", b"\xc3", b"\xef\xbb\xbf", b"\xff\xfe", b"\x80"]
    ),
    st.binary(max_size=6),
)
encodings = st.sampled_from(["utf-8", "cp1252", "iso-8859-15", "latin-1", "utf8"])


def outcome(read: object, data: bytes, name: str) -> tuple[list[str], object]:
    decoder = codecs.getincrementaldecoder(name)("strict")
    lines: list[str] = []
    try:
        for line in read(io.BytesIO(data), name, decoder):  # type: ignore[operator]
            lines.append(line)
    except LedgerError as error:
        return lines, (str(error), error.code, error.line)
    return lines, None


@settings(max_examples=500, deadline=None)
@given(st.lists(pieces, max_size=40).map(b"".join), encodings)
def test_blocks_decode_as_lines(data: bytes, name: str) -> None:
    assert outcome(_decode_blocks, data, name) == outcome(_decode_lines, data, name)


def test_blocks_span_several_reads() -> None:
    """More than one block (64 KiB each), a bad byte in the second."""
    data = b"a,b\n" * 40_000 + b"x\xff\n" + b"c\n"
    blocks, error = outcome(_decode_blocks, data, "utf-8")
    assert (blocks, error) == outcome(_decode_lines, data, "utf-8")
    assert len(blocks) == 40_000 and error is not None and error[2] == 40_001
