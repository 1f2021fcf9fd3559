"""Ageing: how long money has waited, in the bands an officer reads a ledger by (issue 18:
"arrears ageing by employer (0-30, 31-60, 61-90, over 90 days) ... unmatched money by age")."""

from __future__ import annotations

AGE_BANDS = ("0-30", "31-60", "61-90", "over 90")


def age_band(days: int) -> str:
    """The band of an age in whole days; a day 0 (due or received today) is in the first."""
    if days <= 30:
        return AGE_BANDS[0]
    if days <= 60:
        return AGE_BANDS[1]
    if days <= 90:
        return AGE_BANDS[2]
    return AGE_BANDS[3]


# Each band's ages in whole days, first to last (None: no end), as `age_band` reads them.
BAND_DAYS: dict[str, tuple[int, int | None]] = {
    "0-30": (0, 30),
    "31-60": (31, 60),
    "61-90": (61, 90),
    "over 90": (91, None),
}
