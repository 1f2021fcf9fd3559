"""No message without its Malay form: the catalogue against what the extractor finds in the code."""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from shared.kernel.i18n import placeholders
from shared.process.i18n import MALAY, catalogue_path

ROOT = Path(__file__).resolve().parents[2]


def extracted() -> dict[str, str]:
    """Every msg("...") template in the code, with where it is: as `make messages` extracts them."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[str, str] = {}
    for filename, lineno, message, _, _ in extract_from_dir(
        str(ROOT), method_map, options_map, keywords={"msg": None}
    ):
        assert isinstance(message, str), f"{filename}:{lineno}: msg() takes one template"
        found.setdefault(message, f"{filename}:{lineno}")
    return found


def malay() -> dict[str, tuple[str, bool]]:
    with catalogue_path(MALAY).open("rb") as po:
        entries = read_po(po, locale=MALAY)
    return {str(m.id): (str(m.string or ""), m.fuzzy) for m in entries if m.id}


def test_the_extractor_finds_the_messages_of_every_layer() -> None:
    where = set(extracted().values())
    for part in ("shared/", "services/", "gateway/", "cli/"):
        assert any(place.startswith(part) for place in where), part


def test_every_message_in_the_code_has_its_malay_form() -> None:
    translations = malay()
    lacking = [
        f"{place}: {template!r}"
        for template, place in sorted(extracted().items(), key=lambda item: item[1])
        if not translations.get(template, ("", False))[0] or translations[template][1]
    ]
    assert not lacking, "run `make messages` and give these their Malay msgstr:\n" + "\n".join(
        lacking
    )


def test_every_malay_form_fills_the_same_placeholders_as_its_english() -> None:
    wrong = [
        template
        for template, (said, _) in malay().items()
        if said and placeholders(template) != placeholders(said)
    ]
    assert not wrong


# Where a client-facing message is written: the error classes' detail, a violation's message, a
# rule check's message, a problem's title and detail, and what a request validator raises.
_ERRORS = {
    "DomainError", "NotFound", "Conflict", "RuleViolated", "InvalidInput", "Unauthorized",
    "Forbidden", "ServiceUnavailable", "FourEyesRefused",
}  # fmt: skip


def _message_arguments(call: ast.Call, path: Path) -> list[ast.expr]:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    keywords = {k.arg: k.value for k in call.keywords}
    if name in _ERRORS:
        return [*call.args[:1], *[keywords[k] for k in ("detail",) if k in keywords]]
    if name == "Violation":
        return [*call.args[:1], *[keywords[k] for k in ("message",) if k in keywords]]
    if name == "require" and isinstance(func, ast.Attribute):
        return [*call.args[2:3], *[keywords[k] for k in ("message",) if k in keywords]]
    if name == "problem_response":
        return [keywords[k] for k in ("title", "detail") if k in keywords]
    if name == "ValueError" and path.name == "schemas.py":
        return list(call.args[:1])
    return []


def test_messages_are_templates_the_extractor_can_see() -> None:
    """A literal or an f-string where a message goes is never translated: write msg(...)."""
    unmarked = []
    for part in ("shared", "services", "gateway"):
        for path in sorted((ROOT / part).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if not isinstance(node, ast.Call):
                    continue
                for argument in _message_arguments(node, path):
                    literal = isinstance(argument, ast.Constant) and isinstance(argument.value, str)
                    if literal or isinstance(argument, ast.JoinedStr):
                        unmarked.append(f"{path.relative_to(ROOT)}:{argument.lineno}")
    assert not unmarked, "wrap these in msg(template, name=value):\n" + "\n".join(unmarked)
