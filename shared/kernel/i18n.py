"""Messages that can be said in another language: English text that keeps its template and values.

A `Message` is the English text itself (a `str`, so logs, tests and `==` see what they always saw),
and it remembers the template it was rendered from and the values that filled it. The edge that
answers a client (`shared.web.problems`) looks the template up in the client's language and fills
it again, so a value is never baked into a sentence before it is translated.

`msg(...)` is also the keyword the message extractor looks for (`babel.cfg`, `make messages`):
every template written with it has to have its Malay form in `shared/locale/ms`.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter
from typing import Any


class Message(str):
    """The English rendering of `template` filled with `params`, remembering both."""

    template: str
    params: Mapping[str, object]
    # Said with a capital first letter, in whichever language (a reason that opens a sentence).
    capital: bool

    def __new__(
        cls, template: str, params: Mapping[str, object] | None = None, *, capital: bool = False
    ) -> Message:
        values = dict(params or {})
        # A template without values is said as written, braces and all.
        text = template.format(**values) if values else template
        made = super().__new__(cls, text.capitalize() if capital else text)
        made.template = template
        made.params = values
        made.capital = capital
        return made

    def capitalize(self) -> Message:
        return Message(self.template, self.params, capital=True)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, dict(self.params), self.capital))


def _rebuild(template: str, params: Mapping[str, object], capital: bool) -> Message:
    return Message(template, params, capital=capital)


def msg(template: str, /, **params: object) -> Message:
    """A client-facing message: `msg("Loan {loan_id} not found", loan_id=loan_id)`."""
    return Message(template, params)


def placeholders(template: str) -> set[str]:
    """The named fields a template fills: its translation must fill the same ones."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def message_of(exc: BaseException) -> str:
    """An exception's message, keeping its template when it was raised with one."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Message) else str(exc)
