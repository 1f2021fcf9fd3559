"""A user's mistake ends with a documented exit code and a one-line reason, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from typer.testing import Result

from tests.cli.conftest import FakeGateway, assert_clean_failure, write_json

Cli = Callable[..., Result]


def commands(tmp_path: Path) -> dict[str, list[str]]:
    """Every command that talks to the gateway, with arguments that would otherwise work."""
    submission = write_json(tmp_path / "june.json", {"month": "2025-06", "lines": []})
    textfile = tmp_path / "june.txt"
    textfile.write_bytes(b"E1000001    " + b"x" * 266 + b"\r\n")
    return {
        "login": ["login"],
        "calculate": ["calculate", "3450.00"],
        "submit json": ["submit", "E1000001", str(submission)],
        "submit text": ["submit", "E1000001", str(textfile)],
        "job": ["job", "E1000001", "job-1"],
        "statement": ["statement", "E1000001"],
        "export": ["export", "E1000001", "E1000001-202506-01-3", "-o", str(tmp_path / "out.txt")],
        "approvals": ["approvals"],
        "approve": ["approve", "dialysis", "approval-1"],
        "reject": ["reject", "dialysis", "approval-1", "--reason", "duplicate"],
    }


COMMANDS = [
    "login",
    "calculate",
    "submit json",
    "submit text",
    "job",
    "statement",
    "export",
    "approvals",
    "approve",
    "reject",
]
ANSWERING_JSON = [name for name in COMMANDS if name not in ("login", "export")]


# Files


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "is not valid JSON"),
        (b"", "is not valid JSON"),
        (b"\xff\xfe\x00garbage", "is not valid JSON"),
        (b'[{"ic": "900101145678"}]', "is not a JSON object"),
        (b'"2025-06"', "is not a JSON object"),
        (b'{"month": "2025-06"}', 'has no "lines"'),
        (b'{"month": "2025-06", "lines": {"ic": "1"}}', '"lines" is not a list'),
    ],
)
def test_a_broken_json_submission_is_a_usage_error_naming_the_file(
    cli: Cli, gateway: FakeGateway, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "june.json"
    path.write_bytes(content)
    result = cli("submit", "E1000001", str(path))
    assert_clean_failure(result, 2, "june.json", reason)
    assert not [r for r in gateway.requests if "submissions" in r.url.path]


@pytest.mark.parametrize("name", ["june.json", "june.txt"])
def test_a_file_that_does_not_exist_is_one_line_however_long_its_path(
    cli: Cli, gateway: FakeGateway, tmp_path: Path, name: str
) -> None:
    deep = tmp_path / ("a-rather-long-directory-name-" * 3) / name
    result = cli("submit", "E1000001", str(deep))
    assert_clean_failure(result, 2, str(deep), "does not exist")


def test_a_directory_is_not_a_submission(cli: Cli, gateway: FakeGateway, tmp_path: Path) -> None:
    folder = tmp_path / "june.json"
    folder.mkdir()
    assert_clean_failure(cli("submit", "E1000001", str(folder)), 2, "june.json", "not a file")


@pytest.mark.parametrize("name", ["june.json", "june.txt"])
def test_an_unreadable_file_is_a_usage_error(
    cli: Cli, gateway: FakeGateway, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    path = tmp_path / name
    path.write_text('{"month": "2025-06", "lines": []}')
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse)
    result = cli("submit", "E1000001", str(path))
    assert_clean_failure(result, 2, name, "cannot be read", "Permission denied")


def test_an_export_to_a_folder_that_does_not_exist_is_a_usage_error(
    cli: Cli, gateway: FakeGateway, tmp_path: Path
) -> None:
    reference = "E1000001-202506-01-3"
    gateway.on(
        "GET",
        f"/v1/contributions/employers/E1000001/submissions/{reference}/textfile",
        httpx.Response(200, content=b"line\r\n"),
    )
    target = tmp_path / "missing" / "june.txt"
    result = cli("export", "E1000001", reference, "-o", str(target))
    assert_clean_failure(result, 2, "june.txt", "cannot be written")


def test_an_export_keeps_the_gateways_file_name_inside_the_current_folder(
    cli: Cli, gateway: FakeGateway, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = "E1000001-202506-01-3"
    gateway.on(
        "GET",
        f"/v1/contributions/employers/E1000001/submissions/{reference}/textfile",
        httpx.Response(
            200,
            content=b"line\r\n",
            headers={"Content-Disposition": 'attachment; filename="../../escaped.txt"'},
        ),
    )
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    result = cli("export", "E1000001", reference)
    assert result.exit_code == 0, result.stderr
    assert (here / "escaped.txt").read_bytes() == b"line\r\n"


# Options


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["submit", "E1000001", "{textfile}", "--format", "ebcdic"], "--format"),
        (["export", "E1000001", "E1000001-202506-01-3", "--version", "3.0"], "--version"),
        (["calculate", "3450.00", "--category", "third"], "--category"),
        (["approvals", "--status", "maybe"], "--status"),
        (["approve", "pension", "approval-1"], "pension"),
        (["reject", "pension", "approval-1", "--reason", "no"], "pension"),
    ],
)
def test_an_unknown_option_value_is_a_usage_error_naming_the_choices(
    cli: Cli, gateway: FakeGateway, tmp_path: Path, args: list[str], option: str
) -> None:
    textfile = tmp_path / "june.txt"
    textfile.write_bytes(b"E1000001    " + b"x" * 266 + b"\r\n")
    args = [str(textfile) if a == "{textfile}" else a for a in args]
    result = cli(*args)
    assert_clean_failure(result, 2, option)
    assert [r.url.path for r in gateway.requests if r.url.path != "/auth/token"] == []


# Configuration


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"url = ", "is not valid TOML"),
        (b"\xff\xfe = 1", "is not valid TOML"),
        (b"url = 5", "url must be a string"),
        (b'client_id = ["a"]', "client_id must be a string"),
    ],
)
def test_a_bad_config_file_is_a_usage_error(
    cli: Cli, gateway: FakeGateway, tmp_path: Path, content: bytes, reason: str
) -> None:
    config = tmp_path / "perkeso.toml"
    config.write_bytes(content)
    result = cli("login", "--config", str(config), PERKESO_URL="", PERKESO_CLIENT_ID="")
    assert_clean_failure(result, 2, "perkeso.toml", reason)
    result = cli("login", PERKESO_CONFIG=str(config), PERKESO_URL="", PERKESO_CLIENT_ID="")
    assert_clean_failure(result, 2, "perkeso.toml", reason)


def test_a_config_file_named_on_the_command_line_must_exist(
    cli: Cli, gateway: FakeGateway, tmp_path: Path
) -> None:
    missing = tmp_path / "perkeso.toml"
    assert_clean_failure(cli("login", "--config", str(missing)), 2, "perkeso.toml", "not found")
    assert_clean_failure(cli("login", "--config", str(tmp_path)), 2, "not a file")


def test_a_config_file_is_read_for_url_and_credentials(
    cli: Cli, gateway: FakeGateway, tmp_path: Path
) -> None:
    config = tmp_path / "perkeso.toml"
    config.write_text('url = "http://from-config.test"\nclient_id = "c"\nclient_secret = "s"\n')
    result = cli(
        "login",
        "--config",
        str(config),
        PERKESO_URL="",
        PERKESO_CLIENT_ID="",
        PERKESO_CLIENT_SECRET="",
    )
    assert result.exit_code == 0, result.stderr
    assert "Signed in to http://from-config.test as c" in result.stdout


@pytest.mark.parametrize("url", ["gateway.example", "ftp://gateway.example", "http://"])
def test_a_gateway_address_that_is_not_http_is_a_usage_error(
    cli: Cli, gateway: FakeGateway, url: str
) -> None:
    assert_clean_failure(cli("login", "--url", url), 2, "http://", repr(url))


# The network


@pytest.mark.parametrize("name", COMMANDS)
def test_an_unreachable_gateway_is_exit_7(cli: Cli, tmp_path: Path, name: str) -> None:
    result = cli(*commands(tmp_path)[name], PERKESO_URL="http://127.0.0.1:9")
    assert_clean_failure(result, 7, "Cannot reach http://127.0.0.1:9")


@pytest.mark.parametrize("name", COMMANDS)
def test_a_gateway_that_times_out_is_exit_7(
    cli: Cli, gateway: FakeGateway, tmp_path: Path, name: str
) -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("", request=request)

    gateway.routes.clear()
    gateway.fallback = hang
    result = cli(*commands(tmp_path)[name])
    assert_clean_failure(result, 7, "Cannot reach http://gateway.test", "ReadTimeout")


@pytest.mark.parametrize("name", COMMANDS)
def test_a_sign_in_answer_that_is_not_json_is_exit_7(
    cli: Cli, gateway: FakeGateway, tmp_path: Path, name: str
) -> None:
    gateway.on("POST", "/auth/token", httpx.Response(200, text="<html>\n<p>Welcome</p>\n</html>"))
    result = cli(*commands(tmp_path)[name])
    assert_clean_failure(result, 7, "/auth/token", "not JSON")


@pytest.mark.parametrize("name", ANSWERING_JSON)
def test_a_command_answer_that_is_not_json_is_exit_7(
    cli: Cli, gateway: FakeGateway, tmp_path: Path, name: str
) -> None:
    gateway.fallback = lambda _request: httpx.Response(200, text="<html>\n<p>Captive portal</p>")
    result = cli(*commands(tmp_path)[name])
    assert_clean_failure(result, 7, "not JSON")


@pytest.mark.parametrize("name", ANSWERING_JSON)
def test_a_command_answer_that_is_json_but_not_an_object_is_exit_7(
    cli: Cli, gateway: FakeGateway, tmp_path: Path, name: str
) -> None:
    gateway.fallback = lambda _request: httpx.Response(200, json=[1, 2, 3])
    result = cli(*commands(tmp_path)[name])
    assert_clean_failure(result, 7, "not a JSON object")


@pytest.mark.parametrize("name", COMMANDS)
def test_a_server_error_page_is_exit_7_on_one_line(
    cli: Cli, gateway: FakeGateway, tmp_path: Path, name: str
) -> None:
    page = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body>\n</html>\n"
    gateway.routes.clear()
    gateway.fallback = lambda _request: httpx.Response(502, text=page * 20)
    result = cli(*commands(tmp_path)[name])
    assert_clean_failure(result, 7, "502", "Bad Gateway")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.parametrize("name", COMMANDS)
def test_a_problem_that_is_not_an_object_is_still_reported(
    cli: Cli, gateway: FakeGateway, tmp_path: Path, name: str
) -> None:
    gateway.routes.clear()
    gateway.fallback = lambda _request: httpx.Response(403, json=["forbidden"])
    assert_clean_failure(cli(*commands(tmp_path)[name]), 3, "403")
