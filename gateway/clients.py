"""The clients file: who may get a token, with which role and identity."""

from __future__ import annotations

import hashlib
import hmac
import tomllib
from dataclasses import dataclass
from pathlib import Path

from shared.web.auth import Role


@dataclass(frozen=True)
class Client:
    id: str
    secret_sha256: str
    role: Role
    employer_code: str | None = None
    bank_code: str | None = None
    webhook_secret: str | None = None
    centre_id: str | None = None
    branch: str | None = None  # an officer's office (e.g. "KL"), carried on their tokens

    def secret_matches(self, secret: str) -> bool:
        digest = hashlib.sha256(secret.encode()).hexdigest()
        return hmac.compare_digest(digest, self.secret_sha256.lower())


class ClientsFileError(ValueError):
    """The clients file is malformed; the gateway refuses to start rather than guess."""


@dataclass(frozen=True)
class ClientRegistry:
    by_id: dict[str, Client]
    banks: dict[str, Client]

    def get(self, client_id: str) -> Client | None:
        return self.by_id.get(client_id)

    def bank(self, bank_code: str) -> Client | None:
        return self.banks.get(bank_code)


def load_clients(path: Path) -> ClientRegistry:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ClientsFileError(f"cannot read clients file {path.name}: {exc}") from exc
    by_id: dict[str, Client] = {}
    banks: dict[str, Client] = {}
    for entry in raw.get("client", []):
        try:
            client = Client(
                id=str(entry["id"]),
                secret_sha256=str(entry["secret_sha256"]),
                role=Role(str(entry["role"])),
                employer_code=entry.get("employer_code"),
                bank_code=entry.get("bank_code"),
                webhook_secret=entry.get("webhook_secret"),
                centre_id=entry.get("centre_id"),
                branch=entry.get("branch"),
            )
        except (KeyError, ValueError) as exc:
            raise ClientsFileError(f"bad client entry {entry.get('id', '?')}: {exc}") from exc
        if len(client.secret_sha256) != 64:
            raise ClientsFileError(f"client {client.id}: secret_sha256 must be 64 hex digits")
        if client.role is Role.EMPLOYER and not client.employer_code:
            raise ClientsFileError(f"client {client.id}: an employer needs employer_code")
        if client.role is Role.BANK and not (client.bank_code and client.webhook_secret):
            raise ClientsFileError(f"client {client.id}: a bank needs bank_code and webhook_secret")
        if client.role is Role.DIALYSIS_CENTRE and not client.centre_id:
            raise ClientsFileError(f"client {client.id}: a dialysis centre needs centre_id")
        if client.id in by_id:
            raise ClientsFileError(f"client {client.id} appears twice")
        by_id[client.id] = client
        if client.bank_code:
            banks[client.bank_code] = client
    return ClientRegistry(by_id=by_id, banks=banks)
