"""Log lines carry what a client sent with its control characters escaped.

A request path or a query may hold CR, LF, NUL or ANSI escapes; written raw into a log they forge lines
or rewrite a terminal. :class:`EscapeControls` formats each record's message once and escapes every
control character in it (``\\r`` → ``\\x0d``); a traceback keeps its line breaks but has every other control
character escaped, so no line of it can be taken for a log line of its own.
"""

from __future__ import annotations

import logging
import traceback

_ESCAPES = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
_ESCAPES_BUT_LF = {c: e for c, e in _ESCAPES.items() if c != 0x0A}


def escape_controls(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with each C0/C1 control character (and DEL) written as ``\\xNN``; a backslash as ``\\\\``."""
    text = text.replace("\\", "\\\\")
    return text.translate(_ESCAPES_BUT_LF if keep_newlines else _ESCAPES)


def format_traceback(error: BaseException) -> str:
    """The traceback of ``error`` (and of its causes) with the exception messages wholly escaped."""
    report = traceback.TracebackException.from_exception(error)
    messages: set[str] = set()
    seen: set[int] = set()
    chain = [report]
    while chain:
        link = chain.pop()
        if id(link) in seen:
            continue
        seen.add(id(link))
        messages.update(link.format_exception_only())
        chain += [c for c in (link.__cause__, link.__context__) if c is not None]
    return "".join(
        escape_controls(chunk.rstrip("\n")) + "\n" if chunk in messages else escape_controls(chunk, keep_newlines=True)
        for chunk in report.format()
    ).rstrip("\n")


class EscapeControls(logging.Filter):
    """A filter that escapes control characters in the message (and traceback) of every record it passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = escape_controls(record.getMessage()), None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = format_traceback(record.exc_info[1])
            record.exc_info = None
        return True


def install(logger: logging.Logger) -> None:
    """Escape control characters in every record logged to ``logger`` (once, however often it is called)."""
    if not any(isinstance(f, EscapeControls) for f in logger.filters):
        logger.addFilter(EscapeControls())
