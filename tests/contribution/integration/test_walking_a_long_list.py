"""A list walked by cursor while records are added (CONTRACT.md "Lists, search and time"):
"following `next_cursor` until it is null yields every record that existed when the walk began
exactly once, even while new ones are added. No list is ever cut silently." (issue 18)"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import insert

from services.contribution.models import Employer
from tests.contribution.integration.test_contribution_api import BASE
from tests.support import auth
from tests.support.services import RunningService

EXISTING = 3000


async def test_three_thousand_employers_walked_while_more_register_each_seen_once(
    contribution: RunningService,
) -> None:
    tag = "W" + uuid.uuid4().hex[:4].upper()
    codes = [f"{tag}{k:05d}" for k in range(0, 2 * EXISTING, 2)]  # gaps for newcomers
    async with contribution.runtime.sessionmaker() as session:
        await session.execute(
            insert(Employer),
            [
                {
                    "employer_code": code,
                    "name": f"Syarikat {code}",
                    "state": "SGR",
                    "registered_at": datetime.now(UTC),
                }
                for code in codes
            ],
        )
        await session.commit()
    seen: list[str] = []
    cursor: str | None = None
    newcomer = 0
    while True:
        params = {"q": tag, "limit": "500", **({"cursor": cursor} if cursor else {})}
        page = await contribution.client.get(
            f"{BASE}/employers", params=params, headers=auth.officer()
        )
        assert page.status_code == 200, page.text
        seen.extend(e["employer_code"] for e in page.json()["items"])
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
        # Between pages, an employer registers on each side of where the walk stands.
        for code in (f"{tag}{newcomer * 2 + 1:05d}", f"{tag}{2 * EXISTING - 1 - newcomer * 2:05d}"):
            added = await contribution.client.post(
                f"{BASE}/employers",
                json={"employer_code": code, "name": f"Baharu {code}"},
                headers=auth.officer(),
            )
            assert added.status_code == 201, added.text
        newcomer += 1
    existing = [c for c in seen if c in set(codes)]
    assert existing == codes  # each one, once, in order
    assert len(seen) == len(set(seen))
