"""The appeals service's printable paper, laid out from what its use case returns: the notice
of a hearing sent to the parties."""

from __future__ import annotations

from services.appeals.domain.case import HearingStatus
from services.appeals.domain.filing import Act
from services.appeals.usecases.papers import HearingNotice
from shared.kernel.clock import MALAYSIA_TIME
from shared.kernel.ic import mask_ic
from shared.web.papers import Fields, Paper, Paragraph, day

_ACTS = {
    Act.SOCIAL_SECURITY_ACT_1969.value: "Employees' Social Security Act 1969 (Act 4)",
    Act.EMPLOYMENT_INSURANCE_ACT_2017.value: "Employment Insurance System Act 2017 (Act 800)",
}


def hearing_notice_paper(notice: HearingNotice) -> Paper:
    appeal, hearing = notice.appeal, notice.hearing
    starts = hearing.starts_at.astimezone(MALAYSIA_TIME)
    ends = hearing.ends_at.astimezone(MALAYSIA_TIME)
    board = notice.board.name if notice.board else f"Appellate Board {hearing.board_code}"
    seat = notice.board.seat if notice.board else "-"
    when = f"{starts:%A}, {day(starts.date())}"
    hours = f"{starts:%H:%M} to {ends:%H:%M} (Malaysia time)"
    appellant = [("Appellant", appeal.appellant_name)]
    if appeal.appellant_ic:
        appellant.append(("IC number", mask_ic(appeal.appellant_ic)))
    if appeal.appellant_employer_code:
        appellant.append(("Employer code", appeal.appellant_employer_code))
    if appeal.representative_name:
        appellant.append(("Represented by", appeal.representative_name))
    if hearing.status == HearingStatus.SCHEDULED.value:
        notice_text = (
            f"Take notice that the appeal above will be heard by the {board}, sitting at {seat}, "
            f"on {when}, from {hours}. The appellant, or their representative, should attend "
            "with the documents they rely on. A party who cannot attend should write to the "
            "Board's secretariat before the day, giving the reason."
        )
    else:
        reason = f": {hearing.adjournment_reason}" if hearing.adjournment_reason else ""
        notice_text = (
            f"This hearing is {hearing.status}{reason}. It will not sit on the day shown; a new "
            "notice is sent for the next hearing."
        )
    return Paper(
        title="Notice of hearing",
        reference=f"Case no. {appeal.case_number}",
        filename=f"hearing-notice-{appeal.case_number}.pdf",
        blocks=[
            Fields(
                [
                    ("Case number", appeal.case_number),
                    *appellant,
                    ("Matter", appeal.matter),
                    ("Under", f"{_ACTS.get(appeal.act, appeal.act)}, section {appeal.section}"),
                    ("Filed on", day(appeal.filed_on)),
                ],
                heading="Appeal",
            ),
            Fields(
                [
                    ("Board", board),
                    ("Sitting at", seat),
                    ("Date", when),
                    ("Time", hours),
                    ("Status", hearing.status),
                ],
                heading="Hearing",
            ),
            Paragraph(notice_text),
            Paragraph("This notice is printed by computer and needs no signature."),
        ],
    )
