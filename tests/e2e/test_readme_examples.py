"""Every file of examples/, sent as the README's commands send it, to the processes `make run`
starts on the real business clock (as `make run` has it), answering as the README says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gateway.signatures import sign
from tests.e2e.conftest import System, running_system, secret_of
from tests.e2e.readme_commands import EXAMPLES, README, ROOT, named_in_readme, readme_commands

# The README's shell variables holding tokens: whose they are.
TOKENS = {
    "OFFICER": ("officer-1", {}),
    "OFFICER2": ("officer-2", {}),
    "EMPLOYER": ("acme-payroll", {}),
    "MEMBER": ("mobile-app", {"ic": "070301-14-5678"}),
    "PATIENT": ("mobile-app", {"ic": "900101-14-5678"}),
    "CENTRE": ("centre-42", {}),
    "SECRETARIAT": ("appeals-secretariat", {}),
}


def test_every_example_is_in_the_readme_and_every_example_it_names_exists() -> None:
    shipped = {str(path.relative_to(ROOT)) for path in EXAMPLES.rglob("*") if path.is_file()}
    named = named_in_readme()
    assert shipped - named == set(), "examples the README never mentions"
    assert named - shipped == set(), "the README names examples that are not there"


def test_every_json_example_parses_and_every_text_file_is_ascii_with_crlf() -> None:
    for path in EXAMPLES.rglob("*.json"):
        json.loads(path.read_text())
    for path in EXAMPLES.rglob("*.txt"):
        raw = path.read_bytes()
        raw.decode("ascii")
        lines = raw.split(b"\r\n")
        assert lines[-1] == b"", path
        assert all(b"\n" not in line for line in lines), path
        widths = {len(line) for line in lines[:-1]}
        assert widths in ({278}, {223}), (path, widths)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, nats_url: str) -> Iterator[System]:
    with running_system(tmp_path_factory.mktemp("live"), nats_url, business_time=None) as system:
        yield system


class Walk:
    """Sends the examples as the README's commands do, keeping the records they create."""

    def __init__(self, system: System, http: httpx.Client) -> None:
        self.system, self.http = system, http
        self.commands = readme_commands()
        self.variables: dict[str, str] = {}
        self.sent: set[str] = set()
        self._tokens: dict[str, str] = {}

    def headers(self, variable: str) -> dict[str, str]:
        if variable not in self._tokens:
            client_id, form = TOKENS[variable]
            self._tokens[variable] = self.system.token(client_id, **form)
        return {"Authorization": f"Bearer {self._tokens[variable]}"}

    def send(self, file: str, **headers: str) -> httpx.Response:
        command = self.commands[file]
        self.sent.add(file)
        return self.http.post(
            command.url(self.variables),
            content=command.body(file, self.variables),
            headers={
                **self.headers(command.token),
                "Content-Type": command.content_type,
                **headers,
            },
        )

    def ok(self, file: str, status: int, **headers: str) -> dict[str, object]:
        answer = self.send(file, **headers)
        assert answer.status_code == status, f"{file}: {answer.status_code} {answer.text}"
        return dict(answer.json())


def cli(system: System, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PERKESO_URL": system.gateway,
        "PERKESO_CLIENT_ID": "acme-payroll",
        "PERKESO_CLIENT_SECRET": secret_of("acme-payroll"),
        "PERKESO_CONFIG": "/nonexistent/perkeso.toml",
        "COLUMNS": "200",
    }
    perkeso = str(Path(sys.executable).parent / "perkeso")
    return subprocess.run(
        [perkeso, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )


def contribution(walk: Walk) -> None:
    calc = walk.ok("examples/contribution/calculate.json", 200)
    assert calc["socso"]["total"] == "77.60"  # type: ignore[index]
    walk.ok("examples/contribution/employer.json", 201)
    submitted = walk.ok(
        "examples/contribution/submission-2025-07.json", 201, **{"Idempotency-Key": "july-1"}
    )
    assert submitted["due_date"] == "2025-08-15"
    assert submitted["totals"]["total"] == "91.40"  # type: ignore[index]
    body = json.dumps(
        {
            "bank_txn_id": "MBB-0001",
            "reference": submitted["reference"],
            "amount": "91.40",
            "paid_at": "2025-08-18T10:00:00+08:00",
            "channel": "FPX",
        }
    ).encode()
    paid = walk.http.post(
        "/v1/contributions/payments/callbacks/MBB",
        content=body,
        headers={
            "X-Signature": sign("whsec-e2e-maybank", int(time.time()), body),
            "Content-Type": "application/json",
        },
    )
    assert paid.status_code == 200, paid.text
    assert (paid.json()["status"], paid.json()["days_late"], paid.json()["late_interest"]) == (
        "settled",
        3,
        "5.00",
    )
    statement = walk.http.get(
        "/v1/contributions/employers/E1000001/statement", headers=walk.headers("EMPLOYER")
    ).json()["totals"]
    assert {k: statement[k] for k in ("contributions", "paid", "interest_owed", "amount_due")} == {
        "contributions": "91.40",
        "paid": "91.40",
        "interest_owed": "5.00",
        "amount_due": "5.00",
    }


def text_files(walk: Walk) -> None:
    combined = walk.ok("examples/contribution/SOCSO_EIS_082025.txt", 201)
    report = combined["report"]
    assert (combined["status"], report["lines"], report["accepted"], report["rejected"]) == (  # type: ignore[index]
        "done",
        3,
        3,
        [],
    )
    assert report["totals"]["total"] == "276.90"  # type: ignore[index]
    version_2 = walk.ok("examples/contribution/SOCSO_EIS_102026.txt", 201)
    assert version_2["report"]["month"] == "2026-10"  # type: ignore[index]
    assert version_2["report"]["totals"]["skbbk_employee"] != "0.00"  # type: ignore[index]
    for file in ("examples/contribution/SOCSO_082025.txt", "examples/contribution/EIS_082025.txt"):
        separate = walk.ok(file, 200)
        assert (separate["status"], separate["report"]["accepted"]) == ("validated", 3), separate  # type: ignore[index]


def command_line(walk: Walk) -> None:
    submitted = cli(walk.system, "submit", "E1000001", "examples/contribution/july.json")
    assert submitted.returncode == 0, submitted.stdout + submitted.stderr
    # The second July submission after the curl steps' (a foreign worker priced second category).
    answer = submitted.stdout.strip()
    assert answer == "Accepted E1000001-202507-02-6: 3 lines, total RM209.70, due 2025-08-15"
    assert f"\n{answer}\n" in README.read_text()
    walk.sent.add("examples/contribution/july.json")


def loan(walk: Walk) -> None:
    quote = walk.ok("examples/loan/quote.json", 200)
    assert (quote["tenure_months"], quote["first_instalment_due"]) == (65, "2028-06-01")
    walk.variables["SPONSOR"] = str(walk.ok("examples/loan/sponsor.json", 201)["id"])
    walk.variables["APPLICATION"] = str(walk.ok("examples/loan/application.json", 201)["id"])
    walk.variables["LOAN"] = str(walk.ok("examples/loan/decision.json", 200)["loan_id"])
    assert walk.ok("examples/loan/acceptance.json", 200)["status"] == "accepted"
    walk.ok("examples/loan/guarantor-1.json", 201)
    walk.ok("examples/loan/guarantor-2.json", 201)
    pending = walk.ok("examples/loan/disbursement-1.json", 202)["approval"]
    assert pending["status"] == "pending"  # type: ignore[index]
    approved = walk.http.post(
        f"/v1/loans/approvals/{pending['id']}/approve",  # type: ignore[index]
        json={},
        headers=walk.headers("OFFICER2"),
    )
    assert approved.status_code == 200, approved.text
    walk.ok("examples/loan/result-1.json", 201)
    the_loan = f"/v1/loans/{walk.variables['LOAN']}"
    assert walk.http.get(the_loan, headers=walk.headers("OFFICER")).json()["suspended"] is True
    assert walk.ok("examples/loan/counselling.json", 200)["suspended"] is False


def dialysis(walk: Walk) -> None:
    walk.ok("examples/dialysis/centre.json", 201)
    walk.ok("examples/dialysis/appointment.json", 200)
    walk.ok("examples/dialysis/hospital.json", 201)
    # The member is insured once the dialysis service has read July's submission event.
    deadline = time.monotonic() + 30
    while (treatment := walk.send("examples/dialysis/treatment.json")).status_code != 201:
        assert time.monotonic() < deadline, treatment.text
        time.sleep(0.5)
    walk.variables["TREATMENT"] = str(treatment.json()["id"])
    decided = walk.ok("examples/dialysis/treatment-decision.json", 200)
    assert (decided["approved_from"], decided["approved_until"]) == ("2025-08-01", "2026-07-31")
    bill = walk.ok("examples/dialysis/bill.json", 201)
    assert bill["amount"] == "480.00"
    approved = walk.http.post(
        f"/v1/dialysis/bills/{bill['id']}/approve", headers=walk.headers("OFFICER")
    )
    assert approved.status_code == 200, approved.text
    claim = walk.ok("examples/dialysis/reimbursement.json", 201)
    assert (claim["claimed"], claim["approved"], claim["refused"]) == ("370.00", "320.00", "50.00")
    support = walk.ok("examples/dialysis/support-claim.json", 201)
    assert support["approved"] == "180.00"
    grant = walk.ok("examples/dialysis/grant.json", 202)
    assert grant["approval"]["summary"] == "Grant RM25000.00 to centre C042"  # type: ignore[index]


def appeals(walk: Walk) -> None:
    appeal = walk.ok("examples/appeals/appeal.json", 201)
    assert (appeal["board_code"], appeal["last_day_to_file"]) == ("B04", "2029-11-02")
    walk.variables["APPEAL"] = str(appeal["id"])
    walk.variables["HEARING"] = str(walk.ok("examples/appeals/hearing.json", 201)["id"])
    walk.ok("examples/appeals/adjournment.json", 200)
    assert walk.send("examples/appeals/decision.json").status_code == 409


def test_the_journeys_send_every_example_as_the_readme_does(live: System) -> None:
    with httpx.Client(base_url=live.gateway, timeout=30) as http:
        walk = Walk(live, http)
        contribution(walk)
        text_files(walk)
        command_line(walk)
        loan(walk)
        dialysis(walk)
        appeals(walk)
    shipped = {str(p.relative_to(ROOT)) for p in EXAMPLES.rglob("*") if p.is_file()}
    assert shipped - walk.sent == set(), "examples the walk never sent"
