"""Reading the text files an accountant has: encodings, byte-order marks, separators, French
numbers and dates. Shared by the spreadsheet ledger, the payments file, the FEC and ``--rates``.

Every failure is a :class:`LedgerError` naming the file's line (and the column when there is
one); nothing is guessed: a number or a date that could be read two ways is refused.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Literal

from ..errors import InvalidInputError

Source = str | os.PathLike[str] | bytes | IO[bytes] | IO[str] | Iterable[str]
Dialect = Literal["iso", "fr"]

#: a cell longer than this is refused (a ledger cell is a number, a date or a name; 4 096
#: characters leaves room for any real one and keeps a hostile file from growing the memory)
MAX_CELL = 4096
#: below the csv module's own limit (128 KiB), so that its error never surfaces as a traceback
csv.field_size_limit(max(csv.field_size_limit(), 1 << 20))

#: the group separators French software writes in "1 234,56": space, no-break space (U+00A0)
#: and narrow no-break space (U+202F, CLDR fr_FR since 2019)
GROUP_SPACES = " \u00a0\u202f"
# re.ASCII: "\d" is 0-9 only (never Arabic-Indic or full-width digits, which int() would read)
_FR_AMOUNT = re.compile(r"^(-?)(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?$", re.ASCII)
_ISO_AMOUNT = re.compile(r"^-?\d+(?:\.\d+)?$", re.ASCII)
_FR_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$", re.ASCII)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
#: a physical line longer than this (in bytes) is refused before it is held whole: a file
#: without line ends must not grow the memory (18 FEC cells of 4 096 characters fit in it)
MAX_LINE = 1 << 20


class LedgerError(InvalidInputError):
    """A ledger row that cannot be read: names the line and the column (when there is one)."""

    default_code = "bad_ledger_row"

    def __init__(
        self, line: int, column: str | None, message: str, *, code: str | None = None
    ) -> None:
        self.line = line
        self.column = column
        self.source: str | None = None
        """the file, when it is not the main one (a payments file)"""
        where = f"line {line}, column {column!r}" if column else f"line {line}"
        super().__init__(f"{where}: {message}", field=column, code=code)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), self.line, self.column, str(self), self.code))


def _rebuild(
    cls: type[LedgerError], line: int, column: str | None, text: str, code: str
) -> LedgerError:
    error = cls.__new__(cls)
    InvalidInputError.__init__(error, text, field=column, code=code)
    error.line, error.column, error.source = line, column, None
    return error


def source_name(source: object) -> str:
    """The name to print for a source: its path, else ``<stream>``."""
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", "<stream>"))


def unreadable(path: str | os.PathLike[str], error: OSError) -> InvalidInputError:
    """A file that cannot be opened: the message names it, and ``field`` holds its name, so that
    the command line names it once and first."""
    name = os.fspath(path)
    return InvalidInputError(
        f"{name}: cannot read the file ({error.strerror})", field=name, code="unreadable_file"
    )


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A whole file's bytes, or :func:`unreadable`'s error."""
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise unreadable(path, error) from None


def text_lines(source: Source, encoding: str | None) -> Iterator[str]:
    """The decoded lines of ``source`` (a path, a binary or text file, or lines), one physical
    line at a time so that a decoding error names its line. A UTF-8 byte-order mark is dropped
    whatever the encoding; without ``encoding``, UTF-8 is expected."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            handle = path.open("rb")
        except OSError as error:
            raise unreadable(source, error) from None
        with handle:
            yield from _decode(handle, encoding)
        return
    if isinstance(source, bytes | bytearray):
        yield from _decode(io.BytesIO(source), encoding)
        return
    if isinstance(source, io.TextIOBase) or (
        not isinstance(source, io.BufferedIOBase | io.RawIOBase)
        and not hasattr(source, "read")
        and not isinstance(source, bytes)
    ):
        first = True
        for line in source:
            if not isinstance(line, str):
                raise InvalidInputError("expected lines of text", code="not_text")
            yield line.removeprefix("\ufeff") if first else line
            first = False
        return
    yield from _decode(source, encoding)  # type: ignore[arg-type]


def _decode(handle: IO[bytes], encoding: str | None) -> Iterator[str]:
    name = encoding or "utf-8"
    try:
        info = codecs.lookup(name)
        decoder = codecs.getincrementaldecoder(name)("strict")
    except LookupError:
        raise InvalidInputError(
            f"unknown encoding {name!r}: use utf-8, cp1252 (Windows Excel) or iso-8859-15",
            field="encoding",
            code="unknown_encoding",
        ) from None
    # rot13, base64, zlib... are codecs but not text encodings: bytes in, not text out
    if not getattr(info, "_is_text_encoding", True):
        raise InvalidInputError(
            f"{name!r} is not a text encoding: use utf-8, cp1252 (Windows Excel) or iso-8859-15",
            field="encoding",
            code="unknown_encoding",
        )
    if info.name in _LINE_SAFE:
        yield from _decode_blocks(handle, name, decoder)
    else:
        yield from _decode_lines(handle, name, decoder)


def _too_long(number: int) -> LedgerError:
    return LedgerError(
        number,
        None,
        f"a line of more than {MAX_LINE} bytes without a line end: not a ledger, a FEC nor"
        " a CSV file",
        code="line_too_long",
    )


def _utf16(raw: bytes) -> None:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise LedgerError(
            1,
            None,
            "the file is UTF-16 (Excel's 'Unicode text'): save it as 'CSV UTF-8'",
            code="utf16",
        )


def _decode_lines(
    handle: IO[bytes], name: str, decoder: codecs.IncrementalDecoder
) -> Iterator[str]:
    """:func:`_decode`'s lines, one physical line at a time (each at most :data:`MAX_LINE`
    bytes: a longer one is refused before it is held whole)."""
    number = 0
    while True:
        raw = handle.readline(MAX_LINE + 1)
        if not raw:
            break
        number += 1
        if len(raw) > MAX_LINE:
            raise _too_long(number)
        if number == 1:
            _utf16(raw)
            raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            yield decoder.decode(raw)
        except UnicodeDecodeError as error:
            raise _decode_error(number, raw, error, name) from None
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise LedgerError(
            max(number, 1),
            None,
            f"the file ends inside a character: it is not {name}",
            code="bad_encoding",
        ) from None


#: encodings where the byte 0x0A is always a whole "\n" (never part of another character), so
#: that a block of lines decodes to the same text as its lines one by one
_LINE_SAFE = frozenset({"utf-8", "cp1252", "iso8859-15", "iso8859-1"})
#: the bytes read at a time by :func:`_decode_blocks`
_BLOCK = 1 << 16


def _decode_blocks(
    handle: IO[bytes], name: str, decoder: codecs.IncrementalDecoder
) -> Iterator[str]:
    """:func:`_decode`'s lines, decoded a block of whole lines at a time (one call instead of
    one per line); a block that does not decode is decoded again line by line, for the error's
    line. The file is read in blocks of fixed size, so that a line without an end is refused
    once it passes :data:`MAX_LINE` instead of being read whole."""
    number = 0
    first = True
    bom_alone = False
    carry = b""
    while True:
        chunk = handle.read(_BLOCK)
        if not chunk:
            break
        data = carry + chunk if carry else chunk
        if first:
            if len(data) < 3 and data in codecs.BOM_UTF8[: len(data)]:
                carry = data  # a byte-order mark cut by the block
                continue
            first = False
            _utf16(data)
            data = data.removeprefix(codecs.BOM_UTF8)
            bom_alone = not data
        cut = data.rfind(b"\n") + 1
        block, carry = data[:cut], data[cut:]
        if len(carry) > MAX_LINE:
            raise _too_long(number + block.count(b"\n") + 1)
        if not block:
            continue
        yield from _block_lines(block, number, name, decoder)
        number += block.count(b"\n")
    if first and carry:
        _utf16(carry)
        carry = carry.removeprefix(codecs.BOM_UTF8)
        if not carry:  # a byte-order mark alone: one empty line, as line by line
            yield ""
    if carry:  # the file's last line, without its line break
        yield from _block_lines(carry, number, name, decoder)
        number += 1
    elif bom_alone and number == 0:
        yield ""  # a byte-order mark alone: one empty line, as line by line
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise LedgerError(
            max(number, 1),
            None,
            f"the file ends inside a character: it is not {name}",
            code="bad_encoding",
        ) from None


def _block_lines(
    block: bytes, number: int, name: str, decoder: codecs.IncrementalDecoder
) -> Iterator[str]:
    """The lines of ``block`` (whole lines, but maybe the file's last one without its end),
    the first being line ``number + 1``."""
    try:
        text = decoder.decode(block)
    except UnicodeDecodeError:
        # Line by line: the lines before the bad one are read (their own errors come first).
        # The decoder holds nothing at a line's end (0x0A ends a character), so it starts
        # afresh.
        decoder.reset()
        parts = block.split(b"\n")
        raws = [part + b"\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
        for offset, raw in enumerate(raws, start=number + 1):
            try:
                line = decoder.decode(raw)
            except UnicodeDecodeError as error:
                raise _decode_error(offset, raw, error, name) from None
            yield line
        raise  # pragma: no cover - a block that fails has a line that fails
    lines = text.split("\n")
    last = lines.pop()
    yield from [line + "\n" for line in lines]
    if not block.endswith(b"\n"):
        yield last


def _decode_error(number: int, raw: bytes, error: UnicodeDecodeError, name: str) -> LedgerError:
    bad = raw[error.start : error.start + 1]
    hint = (
        "; the file may be Windows-1252 or ISO-8859-15: give --encoding cp1252"
        if name.replace("_", "-").lower() in ("utf-8", "utf8")
        else ""
    )
    return LedgerError(
        number,
        None,
        f"byte 0x{bad.hex()} at position {error.start + 1} cannot be decoded as {name}" + hint,
        code="bad_encoding",
    )


def sniff(header: str, required: Iterable[str], allowed: str = ",;\t") -> str:
    """The separator of ``header``: the one of ``allowed`` that splits it into cells containing
    every ``required`` column. Never a guess: none or two fitting is an error."""
    wanted = set(required)
    text = header.rstrip("\r\n")
    present = [sep for sep in allowed if sep in text]
    if len(present) == 1:  # one candidate: the header's own check names what is missing
        return present[0]
    fitting = [
        sep for sep in present if wanted <= {c.strip().strip('"').lower() for c in text.split(sep)}
    ]
    if len(fitting) == 1:
        return fitting[0]
    names = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
    raise LedgerError(
        1,
        None,
        "cannot tell the separator: the header must name the columns "
        + ", ".join(sorted(wanted))
        + " separated by "
        + " or ".join(names[s] for s in allowed),
        code="unknown_separator",
    )


def rows(
    lines: Iterator[str], delimiter: str, *, quoted: bool = True
) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` for every record (line: the record's first physical line, 1-based).
    A cell longer than :data:`MAX_CELL` is refused. ``quoted=False``: a ``"`` is a character
    like any other (the FEC has no quoting)."""
    reader = csv.reader(
        lines,
        delimiter=delimiter,
        strict=True,
        quoting=csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE,
    )
    read = 0  # the physical lines consumed so far (csv counts them in line_num)
    while True:
        start = read + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise LedgerError(start, None, f"not a CSV record ({error})", code="bad_csv") from None
        read = reader.line_num
        if cells and max(map(len, cells)) <= MAX_CELL:  # the common case, in one C call
            if any(cells):
                yield start, cells
            continue
        for index, cell in enumerate(cells):
            if len(cell) > MAX_CELL:
                raise LedgerError(
                    start,
                    f"#{index + 1}",
                    f"a cell of {len(cell)} characters (at most {MAX_CELL})",
                    code="cell_too_long",
                )
        if cells and any(cells):
            yield start, cells


def header_record(records: Iterator[tuple[int, list[str]]], what: str) -> list[str]:
    """The first record of ``records``: the header. A file whose lines hold only separators or
    spaces has none (a refusal, never a ``StopIteration``)."""
    for _, cells in records:
        if any(cell.strip() for cell in cells):
            return cells
        break
    raise LedgerError(
        1,
        None,
        f"the {what} has no header row: its lines hold only separators or spaces",
        code="no_header",
    )


#: the characters refused in a cell: controls (but the tab and the line ends a quoted cell may
#: hold, refused in an invoice number by :func:`one_line`), Unicode format characters
#: (byte-order mark, zero-width space and joiners, bidirectional overrides, soft hyphen) and the
#: line and paragraph separators. Invisible, they make "F-1" and "F-1\u200b" two invoices (a
#: duplicate goes unseen) and, printed raw, they rewrite a terminal or a report.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)


def visible(cells: list[str] | tuple[str, ...], line: int, names: list[str] | None = None) -> None:
    """Refuse a row holding an invisible or control character (see :data:`_INVISIBLE`),
    naming its column and the character's code point."""
    if _INVISIBLE.search("".join(cells)) is None:
        return
    for index, cell in enumerate(cells):
        found = _INVISIBLE.search(cell)
        if found is not None:
            column = names[index] if names is not None and index < len(names) else f"#{index + 1}"
            raise LedgerError(
                line,
                column,
                f"an invisible or control character (U+{ord(found.group()):04X}) at position"
                f" {found.start() + 1}: remove it (it makes two equal-looking values differ)",
                code="invisible_character",
            )


def one_line(text: str, line: int, column: str) -> None:
    """An identifier (an invoice number) on one line: a line end inside it is refused (it would
    start a new line, a heading, in a report or a letter)."""
    if "\n" in text or "\r" in text:
        where = min(i for i in (text.find("\n"), text.find("\r")) if i >= 0)
        raise LedgerError(
            line,
            column,
            f"a control character (U+{ord(text[where]):04X}) at position {where + 1}: an"
            " invoice number is one line",
            code="invisible_character",
        )


def header_cells(cells: list[str], line: int) -> list[str]:
    """Lower-cased, stripped header names; a duplicate name is refused."""
    names = [c.strip().lower() for c in cells]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise LedgerError(line, name, "the header names this column twice", code="dup_header")
        seen.add(name)
    return names


def amount(text: str, dialect: Dialect, line: int, column: str) -> Decimal:
    """An amount: ``1234.56`` (iso) or ``1 234,56`` / ``1234,56`` (fr, with plain, no-break or
    narrow no-break spaces grouping by three)."""
    value = text.strip()
    if dialect == "fr":
        match = _FR_AMOUNT.match(value)
        if match is None:
            raise LedgerError(
                line,
                column,
                f"{text!r} is not an amount such as 1 234,56 (French dialect: decimal comma,"
                " thousands grouped by spaces; a ';' file is French unless --dialect iso /"
                " dialect='iso' says its amounts are 1234.56)",
                code="bad_amount",
            )
        sign, units, cents = match.groups()
        for space in GROUP_SPACES:
            units = units.replace(space, "")
        return Decimal(f"{sign}{units}.{cents or '0'}")
    if not _ISO_AMOUNT.match(value):
        raise LedgerError(
            line,
            column,
            f"{text!r} is not an amount such as 1234.56 (dot decimal; a French file with"
            " decimal commas needs the French dialect)",
            code="bad_amount",
        )
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise LedgerError(line, column, f"{text!r} is not a number", code="bad_amount") from None


#: the dates read so far, per dialect: a ledger repeats a few thousand dates over its rows
_DAYS: dict[str, dict[str, date]] = {"iso": {}, "fr": {}}


def day(text: str, dialect: Dialect, line: int, column: str) -> date:
    """A date: ISO ``AAAA-MM-JJ`` always; ``JJ/MM/AAAA`` under the French dialect only (read as
    day/month, never month/day)."""
    known = _DAYS.get(dialect)
    found = None if known is None else known.get(text)
    if found is not None:
        return found
    found = _day(text, dialect, line, column)
    if known is not None:
        if len(known) > 50_000:
            known.clear()
        known[text] = found
    return found


def _day(text: str, dialect: Dialect, line: int, column: str) -> date:
    value = text.strip()
    try:
        if _ISO_DATE.match(value):
            return date.fromisoformat(value)
        match = _FR_DATE.match(value)
        if match is not None and dialect == "fr":
            dd, mm, yyyy = match.groups()
            return date(int(yyyy), int(mm), int(dd))
    except ValueError as error:
        raise LedgerError(line, column, f"{text!r}: {error}", code="bad_date") from None
    expected = "AAAA-MM-JJ or JJ/MM/AAAA" if dialect == "fr" else "YYYY-MM-DD"
    extra = (
        "; a JJ/MM/AAAA date needs the French dialect (dialect='fr', --dialect fr)"
        if match is not None
        else ""
    )
    raise LedgerError(line, column, f"{text!r} is not a date as {expected}{extra}", code="bad_date")
