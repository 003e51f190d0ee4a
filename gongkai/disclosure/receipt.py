"""When an application counts as received (第三十一条): the date every clock starts from.

The date depends on how the application arrived, and for some channels it is not the day
the paper or the e-mail came in but the day somebody confirmed something. Asking the clerk
for the right date for each channel — and refusing a missing or future one — is the first
defence of a deadline in a 行政复议.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Channel(StrEnum):
    """How an application reached the office."""

    ONLINE = "online"  # the public form on the portal
    IN_PERSON = "in_person"  # 当面提交
    POST_SIGNED = "post_signed"  # 邮寄，需签收（挂号信、EMS）
    POST_ORDINARY = "post_ordinary"  # 平常信函
    FAX = "fax"
    EMAIL = "email"


class ReceiptError(ValueError):
    """A receipt date the rule does not allow; the message is shown to the clerk as is."""


@dataclass(frozen=True)
class ReceiptRule:
    channel: Channel
    label_zh: str
    # The question put to the clerk: which date is the receipt date for this channel.
    date_question_zh: str
    basis_zh: str


_ARTICLE = "《政府信息公开条例》第三十一条"

RULES: dict[Channel, ReceiptRule] = {
    Channel.ONLINE: ReceiptRule(
        Channel.ONLINE,
        "网上申请",
        "与申请人双方确认的日期",
        f"{_ARTICLE}第（三）项：通过互联网渠道提交的，以双方确认之日为收到申请之日",
    ),
    Channel.IN_PERSON: ReceiptRule(
        Channel.IN_PERSON,
        "当面提交",
        "申请人提交申请的日期",
        f"{_ARTICLE}第（一）项：当面提交的，以提交之日为收到申请之日",
    ),
    Channel.POST_SIGNED: ReceiptRule(
        Channel.POST_SIGNED,
        "邮寄（需签收）",
        "本机关签收邮件的日期",
        f"{_ARTICLE}第（二）项：以邮寄方式提交的，以行政机关签收之日为收到申请之日",
    ),
    Channel.POST_ORDINARY: ReceiptRule(
        Channel.POST_ORDINARY,
        "平常信函",
        "与申请人确认收到的日期",
        f"{_ARTICLE}第（二）项：以平常信函等无需签收的邮寄方式提交的，"
        "以行政机关与申请人确认之日为收到申请之日",
    ),
    Channel.FAX: ReceiptRule(
        Channel.FAX,
        "传真",
        "与申请人双方确认的日期",
        f"{_ARTICLE}第（三）项：通过传真提交的，以双方确认之日为收到申请之日",
    ),
    Channel.EMAIL: ReceiptRule(
        Channel.EMAIL,
        "电子邮件",
        "与申请人双方确认的日期",
        f"{_ARTICLE}第（三）项：通过电子邮件等互联网渠道提交的，以双方确认之日为收到申请之日",
    ),
}


def receipt_date(channel: Channel, date: dt.date | None, today: dt.date) -> dt.date:
    """Check the date the clerk gave against the channel's rule.

    A receipt date in the future would start the clock late, and one more than a year back
    is almost always a typing slip (2025 for 2026) that would make a new case overdue.
    """
    rule = RULES[Channel(channel)]
    if date is None:
        raise ReceiptError(f"请填写{rule.date_question_zh}（{rule.basis_zh}）")
    if date > today:
        raise ReceiptError(f"收到申请的日期 {date.isoformat()} 晚于今天，请检查")
    if (today - date).days > 366:
        raise ReceiptError(f"收到申请的日期 {date.isoformat()} 早于一年前，请检查年份是否有误")
    return date
