"""Four eyes: money leaving, moving or being waived takes two officers (CONTRACT.md "Officers and
four eyes"). The mechanism knows no domain rule; a service declares which commands need it.

- Asking: the command runs to its commit with every rule checked and nothing kept
  (`UnitOfWork.hold_for_approval`), so a request that could not be carried out is refused at
  once with the domain's own problem; then the request (who, when, what, the validated input,
  a summary with the amount) is stored with `<context>.approval.requested`, and the answer is 202.
- Deciding: another officer approves or rejects. Approving runs the same command, rules checked
  again, in one transaction with the approval: the approval's row is claimed first in that
  transaction (`UnitOfWork.start_each_transaction_with`), so two approvers serialise on it and
  the second finds it decided (409), and the action happens once: the approval's id is its
  idempotency. If the command can no longer be done, its problem is the answer and the request
  stays pending. The action's own events have the approver as `actor` and the asker as
  `data.requested_by`.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, Field, StringConstraints

from shared.kernel.approvals import ApprovalEvents, ApprovalStatus
from shared.kernel.dates import InstantOut
from shared.kernel.errors import Conflict, FourEyesRefused, NotFound
from shared.kernel.i18n import msg
from shared.kernel.money import Money
from shared.kernel.schema import RequestModel
from shared.persistence.approvals import Approval, ApprovalStore
from shared.persistence.uow import HeldForApproval, UnitOfWork
from shared.web.auth import Principal, Role
from shared.web.deps import CurrentPrincipal, RuntimeDep, get_read_unit, get_unit_of_work
from shared.web.pagination import Cursor, Limit, Page, after_instant, page_newest
from shared.web.runtime import ServiceRuntime

# A command as four eyes runs it: the unit of work, the officer acting, the path's parameters,
# the validated body and the service's runtime (its settings: an interest policy, ...); it
# answers what the action's own endpoint would have answered.
Run = Callable[[Any, Principal, Mapping[str, str], Any, ServiceRuntime], Awaitable[BaseModel]]
# The request's summary and amount, read in the transaction that stores it (a bill's amount is
# the bill's, not in the request); built from ids and amounts, never a person's name or IC.
Describe = Callable[[Any, Mapping[str, str], Any], Awaitable[tuple[str, Decimal | None]]]


@dataclass(frozen=True)
class Command:
    """One command that needs a second officer. `record_param` names the path parameter of the
    record it acts on (whose GET shows the request while it waits)."""

    action: str
    record_param: str
    run: Run
    describe: Describe
    body: type[BaseModel] | None = None


class ApprovalOut(BaseModel):
    id: str
    context: str
    action: str
    record_key: str = Field(description="the record the action is for (a loan, a bill, ...)")
    status: ApprovalStatus
    requested_by: str
    requested_at: InstantOut
    summary: str
    amount: Money | None
    decided_by: str | None = None
    decided_at: InstantOut | None = None
    reason: str | None = None


class ApprovalRequestedOut(BaseModel):
    approval: ApprovalOut


class ApprovalDecidedOut(BaseModel):
    approval: ApprovalOut
    result: dict[str, Any] | None = Field(
        description="approved: what the action answers; rejected: null"
    )


Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class ApproveIn(RequestModel):
    reason: Reason | None = None


class RejectIn(RequestModel):
    reason: Reason


# Module-level: FastAPI reads the routes' (postponed) annotations in this module's namespace.
Writes = Annotated[UnitOfWork, Depends(get_unit_of_work)]
Reads = Annotated[UnitOfWork, Depends(get_read_unit)]

ACCEPTED: dict[int | str, dict[str, Any]] = {
    status.HTTP_202_ACCEPTED: {
        "description": "Held for a second officer: nothing is done until another approves",
        "model": ApprovalRequestedOut,
    }
}


class FourEyes:
    """A service's commands that need two officers, and its `/approvals` endpoints."""

    def __init__(self, context: str, events: ApprovalEvents, commands: Sequence[Command]) -> None:
        self.context = context
        self.events = events
        self.commands = {command.action: command for command in commands}

    def out(self, approval: Approval) -> ApprovalOut:
        return ApprovalOut(context=self.context, **_public(approval))

    async def ask(
        self,
        uow: UnitOfWork,
        principal: Principal,
        action: str,
        *,
        params: Mapping[str, str],
        body: BaseModel | None = None,
        runtime: ServiceRuntime,
    ) -> ApprovalRequestedOut:
        """The first officer's request: checked as the command would be, stored, 202."""
        principal.require_role(Role.OFFICER)
        command = self.commands[action]
        uow.hold_for_approval()
        try:
            await command.run(uow, principal, params, body, runtime)
        except HeldForApproval:
            pass
        else:  # pragma: no cover - a command that never commits is a programming error
            raise RuntimeError(f"{action} did not reach its commit")
        finally:
            uow.hold_for_approval(False)
        async with uow:
            summary, amount = await command.describe(uow, params, body)
            approval = Approval(
                id=str(uuid.uuid4()),
                action=action,
                record_key=params[command.record_param],
                status=ApprovalStatus.PENDING,
                requested_by=principal.client_id,
                requested_at=uow.now(),
                summary=summary,
                amount=amount,
                command={
                    "params": dict(params),
                    "body": body.model_dump(mode="json") if body else None,
                },
            )
            await ApprovalStore(uow.session, uow.tables.approvals).add(approval)
            uow.record(self.events.requested(**_event_fields(approval)))
            await uow.commit()
        return ApprovalRequestedOut(approval=self.out(approval))

    async def decide(
        self,
        uow: UnitOfWork,
        principal: Principal,
        approval_id: str,
        *,
        approve: bool,
        reason: str | None,
        runtime: ServiceRuntime,
    ) -> ApprovalDecidedOut:
        """Another officer's approval (the action runs with it) or rejection."""
        principal.require_role(Role.OFFICER)
        async with uow:
            found = await ApprovalStore(uow.session, uow.tables.approvals).get(approval_id)
        if found is None:
            raise NotFound(msg("Approval {approval_id} not found", approval_id=approval_id))
        if found.status is not ApprovalStatus.PENDING:
            raise Conflict(
                msg(
                    "Approval {approval_id} was already {status}",
                    approval_id=approval_id,
                    status=found.status.value,
                )
            )
        if found.requested_by == principal.client_id:
            raise FourEyesRefused(
                msg(
                    "{client_id} asked for this; another officer must decide it",
                    client_id=principal.client_id,
                )
            )
        decided = found.decided(
            ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED,
            principal.client_id,
            uow.now(),
            reason,
        )
        uow.start_each_transaction_with(lambda unit: self._claim(unit, decided))
        try:
            if not approve:
                async with uow:
                    await uow.commit()
                return ApprovalDecidedOut(approval=self.out(decided), result=None)
            command = self.commands[found.action]
            body = command.body.model_validate(found.command["body"]) if command.body else None
            uow.requested_by = found.requested_by
            result = await command.run(uow, principal, found.command["params"], body, runtime)
        finally:
            uow.start_each_transaction_with(None)
            uow.requested_by = None
        return ApprovalDecidedOut(approval=self.out(decided), result=result.model_dump(mode="json"))

    async def _claim(self, uow: UnitOfWork, decided: Approval) -> None:
        """The first statement of the deciding transaction: the request, still pending, is ours."""
        if not await ApprovalStore(uow.session, uow.tables.approvals).decide(decided):
            raise Conflict(
                msg("Approval {id} was decided by another officer meanwhile", id=decided.id)
            )
        event = (
            self.events.approved
            if decided.status is ApprovalStatus.APPROVED
            else self.events.rejected
        )
        uow.record(
            event(
                **_event_fields(decided),
                decided_by=decided.decided_by or "",
                reason=decided.reason,
            )
        )

    async def page(
        self,
        reads: UnitOfWork,
        principal: Principal,
        *,
        status_filter: ApprovalStatus | None,
        cursor: str | None,
        limit: int,
    ) -> Page[ApprovalOut]:
        principal.require_role(Role.OFFICER)
        found = await ApprovalStore(reads.session, reads.tables.approvals).page(
            status_filter, after_instant(cursor), limit
        )
        return page_newest([self.out(a) for a in found], found, limit, at="requested_at")

    async def pending_for(self, reads: UnitOfWork, *record_keys: str) -> list[ApprovalOut]:
        """What waits for a second officer on these records (their GETs show it)."""
        store = ApprovalStore(reads.session, reads.tables.approvals)
        return [self.out(a) for a in await store.pending_for(list(record_keys))]

    def router(self, prefix: str, tag: str) -> APIRouter:
        """`GET {prefix}/approvals`, `GET .../{id}`, `POST .../{id}/approve` and `/reject`."""
        router = APIRouter(prefix=f"{prefix}/approvals", tags=[tag])

        @router.get("", response_model=Page[ApprovalOut])
        async def list_approvals(
            principal: CurrentPrincipal,
            reads: Reads,
            status_filter: Annotated[ApprovalStatus | None, Query(alias="status")] = None,
            cursor: Cursor = None,
            limit: Limit = 50,
        ) -> Page[ApprovalOut]:
            """Requests for a second officer, oldest first (officers)."""
            return await self.page(
                reads, principal, status_filter=status_filter, cursor=cursor, limit=limit
            )

        @router.get("/{approval_id}", response_model=ApprovalOut)
        async def get_approval(
            approval_id: str, principal: CurrentPrincipal, reads: Reads
        ) -> ApprovalOut:
            """One request and its decision (officers)."""
            principal.require_role(Role.OFFICER)
            found = await ApprovalStore(reads.session, reads.tables.approvals).get(approval_id)
            if found is None:
                raise NotFound(msg("Approval {approval_id} not found", approval_id=approval_id))
            return self.out(found)

        @router.post("/{approval_id}/approve", response_model=ApprovalDecidedOut)
        async def approve(
            approval_id: str,
            body: ApproveIn,
            principal: CurrentPrincipal,
            uow: Writes,
            runtime: RuntimeDep,
        ) -> ApprovalDecidedOut:
            """Approve another officer's request: the action is carried out with it (403 for the
            asker, 409 once decided, the action's own problem if it can no longer be done)."""
            return await self.decide(
                uow, principal, approval_id, approve=True, reason=body.reason, runtime=runtime
            )

        @router.post("/{approval_id}/reject", response_model=ApprovalDecidedOut)
        async def reject(
            approval_id: str,
            body: RejectIn,
            principal: CurrentPrincipal,
            uow: Writes,
            runtime: RuntimeDep,
        ) -> ApprovalDecidedOut:
            """Reject another officer's request, with the reason (nothing is done)."""
            return await self.decide(
                uow, principal, approval_id, approve=False, reason=body.reason, runtime=runtime
            )

        return router


def _public(approval: Approval) -> dict[str, Any]:
    fields = dict(approval.__dict__)
    fields.pop("command")
    return fields


def _event_fields(approval: Approval) -> dict[str, Any]:
    return {
        "approval_id": approval.id,
        "action": approval.action,
        "record_key": approval.record_key,
        "requested_by": approval.requested_by,
        "summary": approval.summary,
        "amount": approval.amount,
    }
