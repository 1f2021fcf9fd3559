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
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn

import httpx
import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn
from rich.table import Table

EXIT_CODES = """Exit codes: 0 done; 2 usage error; 3 not signed in or not allowed (401/403);
4 refused by validation (422, the report is printed); 5 not found (404); 6 conflict (409);
7 the service is unavailable (5xx or unreachable)."""

app = typer.Typer(
    help=f"PERKESO contributions from the command line.\n\n{EXIT_CODES}",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)
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
                    "No credentials: set PERKESO_CLIENT_ID and PERKESO_CLIENT_SECRET, or a config file",
                )
            response = self.request(
                "POST",
                "/auth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.client_id,
                    "client_secret": self.secret,
                },
                auth=False,
            )
            self._token = str(response.json()["access_token"])
        return self._token

    def request(
        self, method: str, path: str, *, auth: bool = True, **kwargs: Any
    ) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if auth:
            headers["Authorization"] = f"Bearer {self.token()}"
        try:
            response = self.http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            fail(7, f"Cannot reach {self.url}: {exc}")
        if response.status_code >= 400:
            report_problem(response)
        return response


def report_problem(response: httpx.Response) -> NoReturn:
    try:
        problem = response.json()
    except ValueError:
        problem = {"detail": response.text[:500]}
    detail = problem.get("detail") or problem.get("title") or response.reason_phrase
    errors.print(f"[red]{response.status_code}[/red] {detail}")
    for item in problem.get("errors") or []:
        errors.print(f"  - {item.get('field')}: {item.get('message')}")
    for item in (problem.get("report") or {}).get("rejected", []):
        errors.print(f"  - line {item['line']} {item['field']}: {item['reason']}")
    code = {401: 3, 403: 3, 404: 5, 409: 6, 422: 4}.get(
        response.status_code, 7 if response.status_code >= 500 else 4
    )
    raise typer.Exit(code)


def fail(code: int, message: str) -> NoReturn:
    errors.print(f"[red]{message}[/red]")
    raise typer.Exit(code)


def load_client(config: Path | None, url: str | None) -> Client:
    path = config or Path(os.environ.get("PERKESO_CONFIG", DEFAULT_CONFIG))
    settings: dict[str, Any] = {}
    if path.exists():
        try:
            settings = tomllib.loads(path.read_text())
        except tomllib.TOMLDecodeError as exc:
            fail(2, f"Config file {path} is not valid TOML: {exc}")
    return Client(
        url or os.environ.get("PERKESO_URL") or settings.get("url") or "http://127.0.0.1:8000",
        os.environ.get("PERKESO_CLIENT_ID") or settings.get("client_id", ""),
        os.environ.get("PERKESO_CLIENT_SECRET") or settings.get("client_secret", ""),
    )


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
        str, typer.Option(help="first (Injury + Invalidity) or second (Injury only)")
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
    result = client.request("POST", "/v1/contributions/calculate", json=body).json()
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


def _chunks(path: Path, progress: Progress, task: Any) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(256 * 1024):
            progress.update(task, advance=len(chunk))
            yield chunk


@app.command()
def submit(
    employer: Annotated[str, typer.Argument(help="Employer code, e.g. E1000001")],
    file: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            help="A .json submission or the PERKESO .txt file",
        ),
    ],
    file_format: Annotated[
        str, typer.Option("--format", help="for text files: combined, socso or eis")
    ] = "combined",
    accept_valid: Annotated[
        bool,
        typer.Option(help="accept the valid lines of a text file instead of rejecting it whole"),
    ] = False,
    config: ConfigOption = None,
    url: UrlOption = None,
) -> None:
    """Submit a month: JSON ({"month", "lines"}) or the fixed-width text file, with progress bars."""
    client = load_client(config, url)
    if file.suffix.lower() == ".json":
        body = json.loads(file.read_text())
        result = client.request(
            "POST", f"/v1/contributions/employers/{employer}/submissions", json=body
        ).json()
        console.print(
            f"Accepted [bold]{result['reference']}[/bold]: {len(result['lines'])} lines, total RM{result['totals']['total']}, due {result['due_date']}"
        )
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
    )
    with Progress(*columns, console=errors) as progress:
        task = progress.add_task("uploading", total=file.stat().st_size)
        response = client.request(
            "POST",
            f"/v1/contributions/employers/{employer}/submissions/textfile",
            params={
                "format": file_format,
                "mode": "accept_valid" if accept_valid else "reject_file",
            },
            content=_chunks(file, progress, task),
            headers={"Content-Type": "text/plain"},
        )
    job = response.json()
    if response.status_code == 202:
        job = _follow(client, employer, job["job_id"])
    _print_report(job)


def _follow(client: Client, employer: str, job_id: str) -> dict[str, Any]:
    path = f"/v1/contributions/employers/{employer}/submissions/textfile/jobs/{job_id}"
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} lines"),
        console=errors,
    ) as progress:
        task = progress.add_task("checking", total=None)
        while True:
            job: dict[str, Any] = client.request("GET", path).json()
            progress.update(task, total=job["lines_total"], completed=job["lines_done"])
            if job["status"] not in ("queued", "running"):
                return job
            time.sleep(0.5)


def _print_report(job: dict[str, Any]) -> None:
    report = job.get("report") or {}
    if job["status"] != "done":
        errors.print(f"[red]{job['status']}[/red]: {report.get('detail', 'the file was rejected')}")
        for item in report.get("rejected", []):
            errors.print(f"  - line {item['line']} {item['field']}: {item['reason']}")
        raise typer.Exit(4)
    console.print(
        f"Accepted [bold]{report['reference']}[/bold]: {report['accepted']} lines, total RM{report['totals']['total']}"
    )
    for item in report.get("rejected", []):
        console.print(f"  skipped line {item['line']} {item['field']}: {item['reason']}")


@app.command()
def job(employer: str, job_id: str, config: ConfigOption = None, url: UrlOption = None) -> None:
    """Follow a text-file job until it finishes."""
    client = load_client(config, url)
    _print_report(_follow(client, employer, job_id))


@app.command()
def statement(employer: str, config: ConfigOption = None, url: UrlOption = None) -> None:
    """The employer's statement: submissions, payments, outstanding and late interest."""
    client = load_client(config, url)
    data = client.request("GET", f"/v1/contributions/employers/{employer}/statement").json()
    table = Table(title=f"{data['name']} ({data['employer_code']}) as of {data['as_of']}")
    for column in (
        "reference",
        "month",
        "due",
        "total",
        "paid",
        "outstanding",
        "interest owed",
        "credit",
        "status",
    ):
        table.add_column(column)
    for s in data["submissions"]:
        interest = (
            s["interest_owed"]
            if s["interest_accruing"] == "0.00"
            else f"{s['interest_owed']} + {s['interest_accruing']} accruing"
        )
        table.add_row(
            s["reference"],
            s["month"],
            s["due_date"],
            s["total"],
            s["paid"],
            s["outstanding"],
            interest,
            s["credit"],
            s["status"],
        )
    console.print(table)
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
    version: Annotated[str, typer.Option(help="combined file version, 1.0 or 2.0")] = "2.0",
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
    name = (
        response.headers.get("content-disposition", "").split('filename="')[-1].rstrip('"')
        or f"{reference}.txt"
    )
    target = output or Path(name)
    target.write_bytes(response.content)
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
        fail(2, f"Unknown service {context!r}: one of {', '.join(SERVICE_PREFIXES)}")
    return SERVICE_PREFIXES[context]


@app.command()
def approvals(
    status: Annotated[str, typer.Option(help="pending, approved or rejected")] = "pending",
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
        page = client.request("GET", "/v1/approvals", params=params).json()
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
    client = load_client(config, url)
    body = {"reason": reason} if reason else {}
    answer = client.request(
        "POST", f"{_prefix(context)}/approvals/{approval_id}/approve", json=body
    ).json()
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
    client = load_client(config, url)
    answer = client.request(
        "POST", f"{_prefix(context)}/approvals/{approval_id}/reject", json={"reason": reason}
    ).json()
    console.print(f"Rejected [bold]{answer['approval']['id']}[/bold]: {reason}")
