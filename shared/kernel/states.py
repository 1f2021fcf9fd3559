"""Malaysia's 13 states and 3 federal territories, by the codes used across the platform (the
holiday calendars, the boards that hear appeals, employers' and centres' addresses)."""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    JHR = "JHR"
    KDH = "KDH"
    KTN = "KTN"
    MLK = "MLK"
    NSN = "NSN"
    PHG = "PHG"
    PNG = "PNG"
    PRK = "PRK"
    PLS = "PLS"
    SGR = "SGR"
    TRG = "TRG"
    SBH = "SBH"
    SWK = "SWK"
    KUL = "KUL"
    LBN = "LBN"
    PJY = "PJY"
