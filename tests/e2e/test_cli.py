"""The `perkeso` command line against the running system (the README's CLI session)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx

from shared.kernel.ic import mask_ic
from tests.e2e.conftest import System, secret_of
from tests.support.builders import random_ic

PERKESO = str(Path(sys.executable).parent / "perkeso")


def run(
    system: System, client_id: str, *args: str, secret: str | None = None, columns: int = 200
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PERKESO_URL": system.gateway,
        "PERKESO_CLIENT_ID": client_id,
        "PERKESO_CLIENT_SECRET": secret if secret is not None else secret_of(client_id),
        "PERKESO_CONFIG": "/nonexistent/perkeso.toml",
        "COLUMNS": str(columns),
    }
    return subprocess.run(
        [PERKESO, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_a_cli_session_calculate_submit_export_upload_statement(
    system: System, tmp_path: Path
) -> None:
    officer = system.headers("officer-1")
    for code in ("E1000001", "E2000002"):
        registered = httpx.post(
            f"{system.gateway}/v1/contributions/employers",
            json={"employer_code": code, "name": code},
            headers=officer,
        )
        assert registered.status_code in (201, 409), registered.text  # 409: an earlier test's

    calculated = run(system, "acme-payroll", "calculate", "3450.00", "--month", "2025-07")
    assert calculated.returncode == 0, calculated.stderr
    assert "77.60" in calculated.stdout

    lines = [{"ic": random_ic(age=30), "name": f"Pekerja {k}", "wage": "2500.00"} for k in range(3)]
    (tmp_path / "june.json").write_text(json.dumps({"month": "2025-06", "lines": lines}))
    submitted = run(system, "acme-payroll", "submit", "E1000001", str(tmp_path / "june.json"))
    assert submitted.returncode == 0, submitted.stderr
    reference = submitted.stdout.split("Accepted ")[1].split(":")[0].strip()
    due_date = submitted.stdout.rsplit("due ", 1)[1].strip()

    twice = run(system, "acme-payroll", "submit", "E1000001", str(tmp_path / "june.json"))
    assert twice.returncode == 6, twice.stdout + twice.stderr
    assert "3 employee(s) already have a contribution" in twice.stderr
    assert all(mask_ic(line["ic"]) in twice.stderr for line in lines), twice.stderr

    out = tmp_path / "june.txt"
    exported = run(system, "acme-payroll", "export", "E1000001", reference, "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    content = out.read_bytes()
    assert [len(line) for line in content.split(b"\r\n")[:-1]] == [278, 278, 278]

    moved = tmp_path / "moved.txt"
    moved.write_bytes(
        b"".join(b"E2000002    " + line[12:] + b"\r\n" for line in content.split(b"\r\n")[:-1])
    )
    uploaded = run(system, "officer-1", "submit", "E2000002", str(moved))
    assert uploaded.returncode == 0, uploaded.stderr
    assert "Accepted" in uploaded.stdout
    again = run(system, "officer-1", "submit", "E2000002", str(moved))
    assert again.returncode == 0
    assert (
        again.stdout.split("Accepted ")[1].split(":")[0]
        == uploaded.stdout.split("Accepted ")[1].split(":")[0]
    )

    statement = run(system, "acme-payroll", "statement", "E1000001")
    assert statement.returncode == 0, statement.stderr
    assert reference in statement.stdout
    narrow = run(system, "acme-payroll", "statement", "E1000001", columns=80)
    assert narrow.returncode == 0, narrow.stderr
    assert any(reference in line and due_date in line for line in narrow.stdout.splitlines())
    assert all(len(line) <= 80 for line in narrow.stdout.splitlines()), narrow.stdout


def test_cli_exit_codes_scripts_can_trust(system: System, tmp_path: Path) -> None:
    assert run(system, "acme-payroll", "login", secret="wrong").returncode == 3
    assert run(system, "acme-payroll", "statement", "E9999999").returncode == 5
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"E1000001    " + b"x" * 100 + b"\r\n")
    rejected = run(system, "acme-payroll", "submit", "E1000001", str(bad))
    assert rejected.returncode == 4
    assert "line 1" in rejected.stderr
    assert run(system, "acme-payroll", "calculate", "3450.001").returncode == 4
    assert run(system, "acme-payroll").returncode in (0, 2)

    broken = tmp_path / "broken.json"
    broken.write_text('{"month": "2025-06", "lines": [')
    for args in (
        ["submit", "E1000001", str(broken)],
        ["submit", "E1000001", str(tmp_path / "missing.json")],
        ["submit", "E1000001", str(bad), "--format", "ebcdic"],
    ):
        failed = run(system, "acme-payroll", *args, columns=80)
        assert failed.returncode == 2, failed.stdout + failed.stderr
        assert "Traceback" not in failed.stderr
        assert len(failed.stderr.strip().splitlines()) == 1, failed.stderr


def test_officers_list_approve_and_reject_from_the_command_line(system: System) -> None:
    """Issue 17: the CLI gains officer commands to list, approve and reject."""
    officer = system.headers("officer-1")
    centre_id = "C" + random_ic()[:7]
    created = httpx.post(
        f"{system.gateway}/v1/dialysis/centres",
        json={
            "id": centre_id,
            "name": "Pusat Harapan",
            "kind": "ngo",
            "state": "SGR",
            "machines": 8,
            "shifts_per_day": 2,
        },
        headers=officer,
    )
    assert created.status_code == 201, created.text
    asked = [
        httpx.post(
            f"{system.gateway}/v1/dialysis/centres/{centre_id}/grants",
            json={"amount": amount, "reason": "roof repair", "approved_on": "2025-08-01"},
            headers=officer,
        ).json()["approval"]["id"]
        for amount in ("1500.00", "2500.00")
    ]
    listed = run(system, "officer-2", "approvals")
    assert listed.returncode == 0, listed.stderr
    assert all(approval_id in listed.stdout for approval_id in asked)
    assert f"Grant RM1500.00 to centre {centre_id}" in listed.stdout
    assert asked[0] not in run(system, "officer-2", "approvals", "--mine").stdout

    own = run(system, "officer-1", "approve", "dialysis", asked[0])
    assert own.returncode == 3, own.stdout + own.stderr  # 403: the asker may not decide
    approved = run(system, "officer-2", "approve", "dialysis", asked[0], "--reason", "quote seen")
    assert approved.returncode == 0, approved.stderr
    assert "Approved" in approved.stdout
    rejected = run(system, "officer-2", "reject", "dialysis", asked[1], "--reason", "duplicate")
    assert rejected.returncode == 0, rejected.stderr
    again = run(system, "officer-2", "approve", "dialysis", asked[1])
    assert again.returncode == 6  # 409: already decided
    unknown = run(system, "officer-2", "approve", "pension", asked[1])
    assert unknown.returncode == 2
