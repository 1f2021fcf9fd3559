"""The service charge: fixed by the date the offer was accepted.

"...accepted the loan offer commencing 1 May 1997 to 31 December 2008 will be charged a service charge
rate of 4% per annum on the total outstanding amount. However, from 1 January 2013, the rate has been
re-revised to 2%" and "...commencing 1 January 2009 onwards will be charged ... 2% per annum".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.loan.domain.tables import policy
from shared.kernel.i18n import msg


class NoServiceChargeRegime(ValueError):
    """Offers accepted before 1 May 1997 are outside the published regimes."""


def service_charge_rate(offer_accepted_on: date, on: date) -> Decimal:
    """The yearly rate charged on `on` for an offer accepted on `offer_accepted_on`."""
    rules = policy()["service_charge"]
    first_from = date.fromisoformat(rules["first_regime_from"])
    first_until = date.fromisoformat(rules["first_regime_until"])
    if offer_accepted_on < first_from:
        raise NoServiceChargeRegime(
            msg("offers accepted before 1 May 1997 have no published service charge")
        )
    if offer_accepted_on <= first_until:
        revised = date.fromisoformat(rules["revision_date"])
        return (
            Decimal(rules["revised_rate"]) if on >= revised else Decimal(rules["first_regime_rate"])
        )
    return Decimal(rules["second_regime_rate"])
