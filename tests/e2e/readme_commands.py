"""The README's commands that send a file of examples/, read from the README itself.

The walk through the examples posts each file where, with whose token and with what filled in,
the README's own command says: a command changed in the README changes what the walk sends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
EXAMPLES = ROOT / "examples"
NAMED = re.compile(r"examples/[A-Za-z0-9_./-]*[A-Za-z0-9_]")


@dataclass(frozen=True)
class Command:
    """`curl -s $GW<path> -H "Authorization: Bearer $<token>" ... -d @examples/<file>`, or the
    same fed by `sed "s/<placeholder>/$<variable>/" examples/<file> | curl ... -d @-`."""

    path: str  # with the README's shell variables left in, e.g. /v1/loans/$LOAN/acceptance
    token: str  # the shell variable holding the bearer token, e.g. OFFICER
    content_type: str
    fill: tuple[str, str] | None  # (placeholder, shell variable)

    def url(self, variables: dict[str, str]) -> str:
        return re.sub(r"\$([A-Z0-9_]+)", lambda m: variables[m.group(1)], self.path)

    def body(self, file: str, variables: dict[str, str]) -> bytes:
        raw = (ROOT / file).read_bytes()
        if self.fill is None:
            return raw
        placeholder, variable = self.fill
        return raw.replace(f"<{placeholder}>".encode(), variables[variable].encode())


def shell_lines(text: str) -> list[str]:
    """The lines of the README's ```sh blocks, continuation lines (ending in a backslash) joined."""
    lines: list[str] = []
    inside = False
    pending = ""
    for line in text.splitlines():
        if line.startswith("```"):
            inside = line.strip() == "```sh"
            continue
        if not inside:
            continue
        if line.endswith("\\"):
            pending += line[:-1]
            continue
        lines.append(pending + line)
        pending = ""
    return lines


def named_in_readme() -> set[str]:
    return set(NAMED.findall(README.read_text()))


def readme_commands() -> dict[str, Command]:
    """Each examples/ file the README's shell commands send, and how they send it."""
    commands: dict[str, Command] = {}
    for line in shell_lines(README.read_text()):
        code = line.split(" # ", 1)[0]
        files = NAMED.findall(code)
        if not files or "curl" not in code:
            continue
        [file] = files
        path = re.search(r"\$GW(/[^\s\"']+)", code)
        token = re.search(r"Bearer \$([A-Z0-9_]+)", code)
        assert path, f"a README command without its $GW path: {line}"
        assert token, f"a README command without its bearer token: {line}"
        fill = re.search(r"sed \"s/<([a-z_]+)>/\$([A-Z0-9_]+)/\"", code)
        command = Command(
            path=path.group(1),
            token=token.group(1),
            content_type="text/plain" if "--data-binary" in code else "application/json",
            fill=(fill.group(1), fill.group(2)) if fill else None,
        )
        assert commands.get(file, command) == command, f"{file} is sent two ways"
        commands[file] = command
    return commands
