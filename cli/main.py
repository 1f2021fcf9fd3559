"""`perkeso`: the command-line client for employers and officers.

Configuration, first found wins: command-line options; the environment (PERKESO_URL, PERKESO_CLIENT_ID,
PERKESO_CLIENT_SECRET); the config file (--config, PERKESO_CONFIG, or ~/.config/perkeso/config.toml)
with keys url, client_id, client_secret.
"""

from __future__ import annotations

import json
import os
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, BinaryIO, NoReturn

import httpx
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from rich.text import Text

from shared.kernel.i18n import msg
from shared.process.i18n import ENGLISH, MALAY, translate

EXIT_CODES = """Exit codes: 0 done; 2 usage error (a bad option or config file, a file that cannot be
read or written, a JSON file that is not a submission); 3 not signed in or not allowed (401/403);
4 refused by validation (422, the report is printed); 5 not found (404); 6 conflict (409);
7 the service is unavailable (5xx, unreachable, or an answer that is not JSON)."""

app = typer.Typer(
    help=f"PERKESO contributions from the command line.\n\n{EXIT_CODES}",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)
# Set by --lang; otherwise the locale (LC_ALL, LC_MESSAGES, LANG) decides.
_chosen_language: list[str] = []


def language() -> str:
    """ms when --lang or the locale starts with ms, else en: for this CLI and the API's answers."""
    if _chosen_language:
        return _chosen_language[0]
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return MALAY if value.lower().startswith("ms") else ENGLISH
    return ENGLISH


def say(text: str) -> str:
    return translate(text, language())


@app.callback()
def _options(
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="en or ms (Bahasa Melayu); by default the locale's language"),
    ] = None,
) -> None:
    _chosen_language[:] = (
        [] if lang is None else [MALAY if lang.lower().startswith("ms") else ENGLISH]
    )


DEFAULT_CONFIG = Path.home() / ".config" / "perkeso" / "config.toml"


class Client:
    def __init__(self, url: str, client_id: str, secret: str) -> None:
        self.url = url.rstrip("/")
        self.client_id = client_id
        self.secret = secret
        self.http = httpx.Client(base_url=self.url, timeout=120)
        self._token: str | None = None

    def token(self) -> str:
        if self._token is None:
            if not self.client_id or not self.secret:
                fail(
                    3,
                    msg(
                        "No credentials: set PERKESO_CLIENT_ID and PERKESO_CLIENT_SECRET, or a config file"
                    ),
                )
            answer = self.json(
                "POST",
                "/auth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.client_id,
                    "client_secret": self.secret,
                },
                auth=False,
            )
            if not isinstance(answer.get("access_token"), str):
                fail(7, msg("The gateway's answer to POST /auth/token has no access_token"))
            self._token = str(answer["access_token"])
        return self._token

    def request(
        self, method: str, path: str, *, auth: bool = True, **kwargs: Any
    ) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        headers.setdefault("Accept-Language", language())
        if auth:
            headers["Authorization"] = f"Bearer {self.token()}"
        try:
            response = self.http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            reason = one_line(str(exc))
            fail(
                7,
                msg(
                    "Cannot reach {url}: {error}{reason}",
                    url=self.url,
                    error=type(exc).__name__,
                    reason=": " + reason if reason else "",
                ),
            )
        if response.status_code >= 400:
            report_problem(response)
        return response

    def json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """The request's answer, which must be a JSON object: anything else is exit 7."""
        response = self.request(method, path, **kwargs)
        what = msg("The gateway's answer to {method} {path}", method=method, path=path)
        try:
            answer = response.json()
        except ValueError:
            kind = response.headers.get("content-type", "no content type").split(";")[0]
            fail(
                7,
                msg(
                    "{what} is not JSON (HTTP {status_code}, {kind})",
                    what=what,
                    status_code=response.status_code,
                    kind=kind,
                ),
            )
        if not isinstance(answer, dict):
            fail(7, msg("{what} is not a JSON object", what=what))
        return answer


def one_line(text: str, limit: int = 200) -> str:
    """Text from elsewhere (an exception, an answer) as one line of at most `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# Members of a problem document (RFC 9457) and of a rejected text file's job that are printed
# their own way; any other list-valued member is an extension worth showing (a 409's "ics").
_PROBLEM_MEMBERS = {"type", "title", "status", "detail", "instance", "errors", "report"}
_LISTED = 10


def _problem_of(response: httpx.Response) -> dict[str, Any]:
    try:
        problem = response.json()
    except ValueError:
        text = one_line(response.text)
        # An HTML error page (a proxy's 502) says no more than its status line.
        return {"detail": text} if text and not text.startswith("<") else {}
    return problem if isinstance(problem, dict) else {}


def _brief(values: list[Any]) -> str:
    shown = ", ".join(one_line(str(v), 60) for v in values[:_LISTED])
    more = len(values) - _LISTED
    return shown + (say(msg(" and {count} more", count=more)) if more > 0 else "")


def report_problem(response: httpx.Response) -> NoReturn:
    problem = _problem_of(response)
    detail = one_line(str(problem.get("detail") or problem.get("title") or response.reason_phrase))
    line = Text.assemble((str(response.status_code), "red"), " ", detail)
    errors.print(line, soft_wrap=True)
    for name, value in problem.items():
        if name not in _PROBLEM_MEMBERS and isinstance(value, list) and value:
            errors.print(Text(f"  {name}: {_brief(value)}"), soft_wrap=True)
    for item in problem.get("errors") or []:
        if isinstance(item, dict):
            errors.print(Text(f"  - {item.get('field')}: {item.get('message')}"), soft_wrap=True)
    report = problem.get("report")
    for item in report.get("rejected", []) if isinstance(report, dict) else []:
        errors.print(
            Text(
                "  - "
                + say(msg("line {line}", line=item["line"]))
                + f" {item['field']}: {item['reason']}"
            ),
            soft_wrap=True,
        )
    code = {401: 3, 403: 3, 404: 5, 409: 6, 422: 4}.get(
        response.status_code, 7 if response.status_code >= 500 else 4
    )
    raise typer.Exit(code)


def fail(code: int, message: str) -> NoReturn:
    """The one-line reason on stderr (never wrapped, never read as markup), and exit `code`."""
    errors.print(Text(say(message), style="red"), soft_wrap=True)
    raise typer.Exit(code)


def _settings(config: Path | None) -> dict[str, str]:
    """The config file's keys: one named with --config must exist, the default one may not."""
    path = config or Path(os.environ.get("PERKESO_CONFIG") or DEFAULT_CONFIG)
    if not path.exists():
        if config is not None:
            fail(2, msg("Config file {path} not found", path=path))
        return {}
    if not path.is_file():
        fail(2, msg("Config file {path} is not a file", path=path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        fail(
            2,
            msg("Config file {path} cannot be read: {value}", path=path, value=exc.strerror or exc),
        )
    try:
        settings = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        fail(
            2, msg("Config file {path} is not valid TOML: {exc}", path=path, exc=one_line(str(exc)))
        )
    for key in ("url", "client_id", "client_secret"):
        if key in settings and not isinstance(settings[key], str):
            fail(2, msg("Config file {path}: {key} must be a string", path=path, key=key))
    return settings


def _gateway_url(url: str) -> str:
    try:
        parsed: httpx.URL | None = httpx.URL(url)
    except httpx.InvalidURL:
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        fail(
            2, msg("The gateway address must start with http:// or https://, not {url!r}", url=url)
        )
    return url


def load_client(config: Path | None, url: str | None) -> Client:
    settings = _settings(config)
    return Client(
        _gateway_url(
            url or os.environ.get("PERKESO_URL") or settings.get("url") or "http://127.0.0.1:8000"
        ),
        os.environ.get("PERKESO_CLIENT_ID") or settings.get("client_id", ""),
        os.environ.get("PERKESO_CLIENT_SECRET") or settings.get("client_secret", ""),
    )


def one_of(*choices: str) -> Callable[[typer.CallbackParam, str], str]:
    """An option's callback: a value outside `choices` is a one-line usage error (exit 2)."""

    def check(param: typer.CallbackParam, value: str) -> str:
        if value not in choices:
            name = param.opts[0] if param.opts else str(param.name)
            fail(
                2,
                msg(
                    "{name} must be one of {choices}, not {value!r}",
                    name=name,
                    choices=", ".join(choices),
                    value=value,
                ),
            )
        return value

    return check


def open_input(file: Path) -> BinaryIO:
    """The user's file, opened: missing, a folder or unreadable is a usage error (exit 2)."""
    if not file.exists():
        fail(2, msg("{file} does not exist", file=file))
    if not file.is_file():
        fail(2, msg("{file} is not a file", file=file))
    try:
        return file.open("rb")
    except OSError as exc:
        fail(2, msg("{file} cannot be read: {value}", file=file, value=exc.strerror or exc))


def read_submission(file: Path) -> dict[str, Any]:
    """A JSON submission, checked enough to be worth sending: an object with a list of lines."""
    with open_input(file) as handle:
        raw = handle.read()
    try:
        body = json.loads(raw)
    except ValueError as exc:
        fail(2, msg("{file} is not valid JSON: {exc}", file=file, exc=one_line(str(exc))))
    if not isinstance(body, dict):
        fail(
            2,
            msg(
                '{file} is not a JSON object like {{"month": "YYYY-MM", "lines": [...]}}', file=file
            ),
        )
    if "lines" not in body:
        fail(
            2,
            msg(
                '{file} has no "lines": a submission is {{"month": "YYYY-MM", "lines": [...]}}',
                file=file,
            ),
        )
    if not isinstance(body["lines"], list):
        fail(2, msg('{file}: "lines" is not a list', file=file))
    return body


ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="TOML file with url, client_id, client_secret")
]
UrlOption = Annotated[
    str | None, typer.Option("--url", help="The gateway, e.g. http://127.0.0.1:8000")
]


@app.command()
def login(config: ConfigOption = None, url: UrlOption = None) -> None:
    """Check the credentials: ask the gateway for a token and say who it is for."""
    client = load_client(config, url)
    client.token()
    console.print(f"Signed in to {client.url} as [bold]{client.client_id}[/bold]")


@app.command()
def calculate(
    wage: Annotated[str, typer.Argument(help='Monthly wage, e.g. "3450.00"')],
    category: Annotated[
        str,
        typer.Option(
            help="first (Injury + Invalidity) or second (Injury only)",
            callback=one_of("first", "second"),
        ),
    ] = "first",
    month: Annotated[
        str | None, typer.Option(help="Contribution month YYYY-MM (default: this month)")
    ] = None,
    eis: Annotated[bool, typer.Option("--eis/--no-eis", help="Include EIS (Act 800)")] = True,
    config: ConfigOption = None,
    url: UrlOption = None,
) -> None:
    """Contributions for one wage, from the official schedules."""
    client = load_client(config, url)
    body: dict[str, Any] = {"wage": wage, "category": category, "eis": eis}
    if month:
        body["month"] = month
    result = client.json("POST", "/v1/contributions/calculate", json=body)
    table = Table(
        title=f"Wage RM{result['wage']} ({result['month']}), band above RM{result['band']['above']}"
    )
    for column in ("scheme", "employer", "employee", "total"):
        table.add_column(column, justify="right" if column != "scheme" else "left")
    table.add_row(
        "SOCSO", result["socso"]["employer"], result["socso"]["employee"], result["socso"]["total"]
    )
    if result.get("eis"):
        table.add_row(
            "EIS", result["eis"]["employer"], result["eis"]["employee"], result["eis"]["total"]
        )
    if result.get("skbbk_employee"):
        table.add_row("SKBBK", "0.00", result["skbbk_employee"], result["skbbk_employee"])
    console.print(table)


def _chunks(handle: BinaryIO, progress: Progress, task: Any) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(256 * 1024):
            progress.update(task, advance=len(chunk))
            yield chunk


@app.command()
def submit(
    employer: Annotated[str, typer.Argument(help="Employer code, e.g. E1000001")],
    file: Annotated[Path, typer.Argument(help="A .json submission or the PERKESO .txt file")],
    file_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="for text files: combined, socso or eis",
            callback=one_of("combined", "socso", "eis"),
        ),
    ] = "combined",
    accept_valid: Annotated[
        bool,
        typer.Option(help="accept the valid lines of a text file instead of rejecting it whole"),
    ] = False,
    config: ConfigOption = None,
    url: UrlOption = None,
) -> None:
    """Submit a month: JSON ({"month", "lines"}) or the fixed-width text file, with progress bars."""
    if file.suffix.lower() == ".json":
        body = read_submission(file)
        client = load_client(config, url)
        result = client.json(
            "POST", f"/v1/contributions/employers/{employer}/submissions", json=body
        )
        console.print(
            f"Accepted [bold]{result['reference']}[/bold]: {len(result['lines'])} lines, total RM{result['totals']['total']}, due {result['due_date']}"
        )
        return
    handle = open_input(file)
    client = load_client(config, url)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
    )
    path = f"/v1/contributions/employers/{employer}/submissions/textfile"
    with Progress(
        *columns, console=errors, transient=True, disable=not errors.is_terminal
    ) as progress:
        task = progress.add_task("uploading", total=os.fstat(handle.fileno()).st_size)
        job = client.json(
            "POST",
            path,
            params={
                "format": file_format,
                "mode": "accept_valid" if accept_valid else "reject_file",
            },
            content=_chunks(handle, progress, task),
            headers={"Content-Type": "text/plain"},
        )
    if job.get("status") in ("queued", "running"):
        job = _follow(client, employer, job["job_id"], first=job)
    _print_report(job)


class LinesColumn(ProgressColumn):
    """Lines checked: `done/total` once the total is known, the count alone until then."""

    def render(self, task: Task) -> Text:
        done = int(task.completed)
        if task.total is None:
            return Text(f"{done} lines")
        return Text(f"{done}/{int(task.total)} lines")


def _follow(
    client: Client, employer: str, job_id: str, *, first: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Poll the job until it is finished. Its lines_total and lines_done (the contribution
    service's text-file job answer) drive the bar: a spinner and a count while the total is
    unknown, the real total as soon as an answer gives it (the upload's 202 already does)."""
    path = f"/v1/contributions/employers/{employer}/submissions/textfile/jobs/{job_id}"
    known = first or {}
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        LinesColumn(),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
    ) as progress:
        task = progress.add_task(
            "checking", total=known.get("lines_total"), completed=known.get("lines_done") or 0
        )
        while True:
            job = client.json("GET", path)
            progress.update(
                task, total=job.get("lines_total"), completed=job.get("lines_done") or 0
            )
            if job.get("status") not in ("queued", "running"):
                return job
            time.sleep(0.5)


def _print_report(job: dict[str, Any]) -> None:
    report = job.get("report") or {}
    if job["status"] != "done":
        errors.print(f"[red]{job['status']}[/red]: {report.get('detail', 'the file was rejected')}")
        for item in report.get("rejected", []):
            line = say(msg("line {line}", line=item["line"]))
            errors.print(f"  - {line} {item['field']}: {item['reason']}")
        raise typer.Exit(4)
    console.print(
        f"Accepted [bold]{report['reference']}[/bold]: {report['accepted']} lines, total RM{report['totals']['total']}"
    )
    for item in report.get("rejected", []):
        skipped = say(msg("skipped line {line}", line=item["line"]))
        console.print(f"  {skipped} {item['field']}: {item['reason']}")


@app.command()
def job(employer: str, job_id: str, config: ConfigOption = None, url: UrlOption = None) -> None:
    """Follow a text-file job until it finishes."""
    client = load_client(config, url)
    _print_report(_follow(client, employer, job_id))


def _interest(s: dict[str, Any], sep: str = " ") -> str:
    if s["interest_accruing"] == "0.00":
        return str(s["interest_owed"])
    return f"{s['interest_owed']}{sep}+ {s['interest_accruing']} accruing"


_MONEY = {"total", "paid", "outstanding", "interest owed", "credit"}
_CELLS: dict[str, Callable[[dict[str, Any]], str]] = {
    "reference": lambda s: str(s["reference"]),
    "month": lambda s: str(s["month"]),
    "due": lambda s: str(s["due_date"]),
    "total": lambda s: str(s["total"]),
    "paid": lambda s: str(s["paid"]),
    "outstanding": lambda s: str(s["outstanding"]),
    "interest owed": _interest,
    "credit": lambda s: str(s["credit"]),
    "status": lambda s: str(s["status"]),
}
# Widest first; the first whose natural width fits the terminal is drawn, else one block each.
_LAYOUTS = (
    tuple(_CELLS),
    ("reference", "due", "total", "paid", "outstanding", "interest owed", "status"),
    ("reference", "due", "outstanding", "interest owed", "status"),
    ("reference", "due", "outstanding", "status"),
)


def _statement_table(data: dict[str, Any], columns: tuple[str, ...], wide: bool) -> Table:
    table = Table(title=f"{data['name']} ({data['employer_code']}) as of {data['as_of']}")
    for column in columns:
        # Fold, never truncate: a reference or a date is whole or split, never cut short.
        table.add_column(column, justify="right" if column in _MONEY else "left", overflow="fold")
    for s in data["submissions"]:
        cells = {
            **{c: cell(s) for c, cell in _CELLS.items()},
            "interest owed": _interest(s, " " if wide else "\n"),
        }
        table.add_row(*(cells[c] for c in columns))
    hidden = [c for c in _CELLS if c not in columns]
    if hidden:
        table.caption = f"not shown at this width: {', '.join(hidden)}"
    return table


def _print_submissions(data: dict[str, Any]) -> None:
    width = console.width
    unbounded = console.options.update_width(10_000)
    for columns in _LAYOUTS:
        table = _statement_table(data, columns, wide=columns == _LAYOUTS[0])
        if console.measure(table, options=unbounded).maximum <= width:
            console.print(table)
            return
    # Too narrow for any table: one block per submission, a field or two a line.
    console.print(Text(f"{data['name']} ({data['employer_code']}) as of {data['as_of']}", "bold"))
    for s in data["submissions"]:
        console.print(Text.assemble((s["reference"], "bold"), f"  {s['status']}"))
        console.print(f"  due {s['due_date']}, month {s['month']}")
        console.print(f"  outstanding {s['outstanding']} of {s['total']}, paid {s['paid']}")
        console.print(f"  interest owed {_interest(s)}")
        if s["credit"] != "0.00":
            console.print(f"  credit {s['credit']}")


@app.command()
def statement(employer: str, config: ConfigOption = None, url: UrlOption = None) -> None:
    """The employer's statement: submissions, payments, outstanding and late interest."""
    client = load_client(config, url)
    data = client.json("GET", f"/v1/contributions/employers/{employer}/statement")
    _print_submissions(data)
    t = data["totals"]
    console.print(
        f"Due now RM{t['amount_due']} (outstanding RM{t['outstanding']}, late interest owed "
        f"RM{t['interest_owed']}), accruing RM{t['interest_accruing']}, credit RM{t['credit_balance']}"
    )


@app.command()
def export(
    employer: str,
    reference: str,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="file to write (default: the standard name)"),
    ] = None,
    version: Annotated[
        str, typer.Option(help="combined file version, 1.0 or 2.0", callback=one_of("1.0", "2.0"))
    ] = "2.0",
    config: ConfigOption = None,
    url: UrlOption = None,
) -> None:
    """Download a stored submission as the PERKESO text file."""
    client = load_client(config, url)
    response = client.request(
        "GET",
        f"/v1/contributions/employers/{employer}/submissions/{reference}/textfile",
        params={"version": version},
    )
    # Only the gateway's file name, never its folders: the file lands where the user is.
    name = Path(
        response.headers.get("content-disposition", "").split('filename="')[-1].rstrip('"')
    ).name
    target = output or Path(name if name not in ("", ".", "..") else f"{reference}.txt")
    try:
        target.write_bytes(response.content)
    except OSError as exc:
        fail(
            2, msg("{target} cannot be written: {value}", target=target, value=exc.strerror or exc)
        )
    console.print(f"Wrote {target} ({len(response.content)} bytes)")


if __name__ == "__main__":
    sys.exit(app())


# Four eyes (officers): the service each approval belongs to, as its `context` names it.
SERVICE_PREFIXES = {
    "contribution": "/v1/contributions",
    "loan": "/v1/loans",
    "dialysis": "/v1/dialysis",
    "appeals": "/v1/appeals",
}
ContextArgument = Annotated[
    str, typer.Argument(help="the approval's service: contribution, loan, dialysis or appeals")
]


def _prefix(context: str) -> str:
    if context not in SERVICE_PREFIXES:
        fail(
            2,
            msg(
                "Unknown service {context!r}: one of {SERVICE_PREFIXES}",
                context=context,
                SERVICE_PREFIXES=", ".join(SERVICE_PREFIXES),
            ),
        )
    return SERVICE_PREFIXES[context]


@app.command()
def approvals(
    status: Annotated[
        str,
        typer.Option(
            help="pending, approved or rejected",
            callback=one_of("pending", "approved", "rejected"),
        ),
    ] = "pending",
    mine: Annotated[bool, typer.Option("--mine", help="only the requests I made")] = False,
    config: ConfigOption = None,
    url: UrlOption = None,
) -> None:
    """Requests awaiting a second officer, across every service (every page, oldest first)."""
    client = load_client(config, url)
    table = Table(title=f"Approvals ({status})")
    for column in ("service", "id", "asked by", "asked at", "amount", "summary"):
        table.add_column(column, overflow="fold")
    cursor: str | None = None
    shown = 0
    while True:
        params = {"status": status, "limit": "500", **({"cursor": cursor} if cursor else {})}
        page = client.json("GET", "/v1/approvals", params=params)
        for a in page["items"]:
            if mine and a["requested_by"] != client.client_id:
                continue
            shown += 1
            table.add_row(
                a["context"],
                a["id"],
                a["requested_by"],
                a["requested_at"],
                a["amount"] or "",
                a["summary"],
            )
        cursor = page["next_cursor"]
        if cursor is None:
            break
    console.print(table)
    console.print(f"{shown} {status}")


@app.command()
def approve(
    context: ContextArgument,
    approval_id: str,
    reason: Annotated[str | None, typer.Option(help="why, for the record")] = None,
    config: ConfigOption = None,
    url: UrlOption = None,
) -> None:
    """Approve another officer's request: the action is carried out now."""
    prefix = _prefix(context)
    client = load_client(config, url)
    body = {"reason": reason} if reason else {}
    answer = client.json("POST", f"{prefix}/approvals/{approval_id}/approve", json=body)
    done = answer["approval"]
    console.print(f"Approved [bold]{done['id']}[/bold]: {done['summary']}")


@app.command()
def reject(
    context: ContextArgument,
    approval_id: str,
    reason: Annotated[str, typer.Option(help="why it is refused (required)")],
    config: ConfigOption = None,
    url: UrlOption = None,
) -> None:
    """Reject another officer's request, with the reason: nothing is done."""
    prefix = _prefix(context)
    client = load_client(config, url)
    answer = client.json(
        "POST", f"{prefix}/approvals/{approval_id}/reject", json={"reason": reason}
    )
    console.print(f"Rejected [bold]{answer['approval']['id']}[/bold]: {reason}")


REPORTS = {
    "collections": "/v1/contributions/reports/collections",
    "arrears": "/v1/contributions/reports/arrears-ageing",
    "unmatched": "/v1/contributions/reports/unmatched-ageing",
}


def _report_rows(
    client: Client, name: str, params: dict[str, str], response: httpx.Response
) -> list[dict[str, Any]]:
    """A report's rows: a list, or a paged list (the arrears, employer by employer) walked to
    its end."""
    rows: list[dict[str, Any]] = []
    while True:
        try:
            answer = response.json()
        except ValueError:
            fail(7, msg("The gateway's answer to the {name} report is not JSON", name=name))
        if isinstance(answer, list):
            return answer
        if not isinstance(answer, dict) or not isinstance(answer.get("items"), list):
            fail(7, msg("The gateway's answer to the {name} report is not a list", name=name))
        rows.extend(answer["items"])
        if not answer.get("next_cursor"):
            return rows
        params = {**params, "limit": "500", "cursor": answer["next_cursor"]}
        response = client.request("GET", REPORTS[name], params=params)


@app.command()
def report(
    name: Annotated[
        str,
        typer.Argument(
            help="collections (by day and bank), arrears (ageing by employer) or unmatched "
            "(money by age)",
            callback=one_of(*REPORTS),
        ),
    ],
    start: Annotated[
        str | None, typer.Option("--from", help="collections: first day, YYYY-MM-DD")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="collections: last day")] = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="print the CSV the service gives")] = False,
    config: ConfigOption = None,
    url: UrlOption = None,
) -> None:
    """An officer's daily report, as a table (or CSV with --csv, for a spreadsheet)."""
    params: dict[str, str] = {"format": "csv" if as_csv else "json"}
    if name == "collections":
        if not (start and end):
            fail(2, msg("collections needs --from and --to (YYYY-MM-DD)"))
        params.update({"from": start, "to": end})
    client = load_client(config, url)
    response = client.request("GET", REPORTS[name], params=params)
    if as_csv:
        # The service's bytes as they are: CSV's CRLF line ends untranslated.
        sys.stdout.flush()
        sys.stdout.buffer.write(response.content)
        sys.stdout.buffer.flush()
        return
    rows = _report_rows(client, name, params, response)
    table = Table(title=f"{name} report")
    columns = list(rows[0]) if rows else []
    for column in columns:
        table.add_column(column.replace("_", " "), overflow="fold")
    for row in rows:
        table.add_row(*(str(row[c]) for c in columns))
    console.print(table if rows else f"No rows for the {name} report")


# The officers' work-queue commands register themselves on `app` (after everything they use).
from cli import reconcile  # noqa: E402, F401
