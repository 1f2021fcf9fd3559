"""Domain errors. Services raise these; `shared.web.problems` turns them into RFC 9457 responses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from shared.kernel.i18n import msg


@dataclass(frozen=True)
class Violation:
    """One broken rule or bad field: `field` names where, `code` is stable for machines."""

    message: str
    field: str | None = None
    code: str | None = None


class DomainError(Exception):
    """Base of every error a client may see. `problem_type` is the slug of the problem URI."""

    status: int = 400
    problem_type: str = "bad-request"
    title: str = msg("Bad request")

    def __init__(
        self,
        detail: str,
        *,
        violations: Sequence[Violation] = (),
        extra: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.violations = tuple(violations)
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})


class NotFound(DomainError):
    """The resource does not exist, or the caller may not know that it does."""

    status = 404
    problem_type = "not-found"
    title = msg("Not found")


class Conflict(DomainError):
    """The request clashes with the current state (a duplicate, an impossible transition)."""

    status = 409
    problem_type = "conflict"
    title = msg("Conflict")


class RuleViolated(DomainError):
    """A business rule refuses the request; `violations` lists every rule that failed."""

    status = 422
    problem_type = "rule-violated"
    title = msg("A business rule was not met")


class InvalidInput(DomainError):
    """A field's value is malformed in a way the schema could not express."""

    status = 422
    problem_type = "validation-error"
    title = msg("The request is not valid")


class Unauthorized(DomainError):
    """No credentials, or credentials that do not verify."""

    status = 401
    problem_type = "unauthorized"
    title = msg("Unauthorized")

    def __init__(
        self, detail: str = msg("A valid bearer token is required"), **kwargs: object
    ) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="perkeso"'})


class Forbidden(DomainError):
    """Authenticated, but the role may not use this operation at all."""

    status = 403
    problem_type = "forbidden"
    title = msg("Forbidden")


class ServiceUnavailable(DomainError):
    """A dependency (database, broker) is away; the client should retry later."""

    status = 503
    problem_type = "service-unavailable"
    title = msg("Service temporarily unavailable")

    def __init__(self, detail: str, *, retry_after_seconds: int = 2) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after_seconds)})


@dataclass
class RuleCheck:
    """Collects every failed rule so a client sees all of them at once, not the first."""

    violations: list[Violation] = field(default_factory=list)

    def require(self, condition: bool, code: str, message: str, field: str | None = None) -> None:
        if not condition:
            self.violations.append(Violation(message=message, field=field, code=code))

    @property
    def ok(self) -> bool:
        return not self.violations

    def raise_if_failed(self, detail: str) -> None:
        if self.violations:
            raise RuleViolated(detail, violations=self.violations)


class FourEyesRefused(DomainError):
    """The officer who asked for an action may not also decide it: a second officer must."""

    status = 403
    problem_type = "four-eyes"
    title = msg("A second officer must decide this")
