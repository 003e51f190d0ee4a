"""Personal data that must not be published (C-3), and masking it (脱敏).

A 低保 or 救助 list published with full 身份证号, mobile numbers or bank cards is the most
common privacy breach of township disclosure. Each detector pairs a pattern with a validator,
so that numbers which merely look alike (a 文号, an amount, an order number) are not flagged:

* 身份证号: 18 characters, the GB 11643 check digit (X for 10), a province code that exists
  and a birth date that is a real day between 1900 and today — error;
* mobile numbers: 1[3-9] + 9 digits, optionally written 3-4-4 with spaces or hyphens and
  after +86, never part of a longer run of digits — error;
* bank cards: 16–19 digits (optionally in groups of four), Luhn-valid, starting with 3–6
  (the issuers of cards in China), and not a valid 身份证号 — error;
* landlines (area code + number) and e-mail addresses — warnings: they are usually an
  office's own, but in a list of residents they are personal.

The office's own published numbers (``own_numbers``) are never flagged: they are compared
by their digits only, so "0951-1234567" allows "0951 1234567" and "09511234567" too.

Only ASCII digits are read; full-width digits are left to the text's own normalisation.

Masking convention (``mask``), as commonly used in published 公示 lists: every masked
character becomes ``*``, one for one, so positions after it do not move:

* 身份证号: first 6 (the region) and last 4 kept — the birth date is hidden
  (``640102********1234``);
* mobile: first 3 and last 4 kept (``138****5678``);
* bank card: first 4 and last 4 kept;
* landline: area code and last 2 digits kept;
* e-mail: first character of the name and the domain kept (``z***@example.com``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from .findings import ScreeningFinding, Severity

__all__ = [
    "PERSONAL_KINDS",
    "digits_only",
    "find_personal_data",
    "id_check_digit",
    "is_valid_id_number",
    "luhn_valid",
    "mask",
    "mask_value",
]

PERSONAL_KINDS = ("id_card", "mobile", "bank_card", "landline", "email")

_ID = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(1[3-9][0-9](?:[0-9]{8}|[ -][0-9]{4}[ -][0-9]{4}))(?![0-9])")
# With the country code: looked for only when the text has one (an optional group in front
# makes the pattern try every position).
_MOBILE_86 = re.compile(
    r"(?<![0-9])(?:\+|00)?86[ -]?(1[3-9][0-9](?:[0-9]{8}|[ -][0-9]{4}[ -][0-9]{4}))(?![0-9])"
)
_ANY_DIGIT = re.compile(r"[0-9]")
_CARD = re.compile(
    r"(?<![0-9])[3-6][0-9]{3}(?:[0-9]{12,15}|(?: [0-9]{4}){3}(?: [0-9]{1,3})?)(?![0-9])"
)
_LANDLINE = re.compile(
    r"(?<![0-9])(?:[(（]0[1-9][0-9]{1,2}[)）][ -]?|0[1-9][0-9]{1,2}[ -]?)[2-9][0-9]{6,7}(?:-[0-9]{1,5})?(?![0-9])"
)
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)

# Province-level codes of GB/T 2260 (the first two digits of a 身份证号).
_PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def digits_only(value: str) -> str:
    return "".join(ch for ch in value if "0" <= ch <= "9")


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def is_valid_id_number(value: str, today: dt.date | None = None) -> bool:
    """18 characters, an existing province, a real birth date 1900..today, right check digit."""
    if len(value) != 18 or not value[:17].isdigit() or not value[:17].isascii():
        return False
    if int(value[:2]) not in _PROVINCES:
        return False
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if not dt.date(1900, 1, 1) <= born <= (today or dt.date.today()):
        return False
    return id_check_digit(value[:17]) == value[17].upper()


def luhn_valid(number: str) -> bool:
    """The Luhn (mod 10) check of a card number's digits."""
    digits = digits_only(number)
    if not digits:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def find_personal_data(
    text: str,
    own_numbers: Iterable[str] = (),
    *,
    landlines: bool = True,
    emails: bool = True,
    today: dt.date | None = None,
) -> list[ScreeningFinding]:
    """C-3 findings in ``text``: errors for 身份证号, mobile and bank card numbers, warnings
    for landlines and e-mail (switch those off with ``landlines=False`` / ``emails=False``).
    ``own_numbers``: the office's published numbers and addresses, never flagged."""
    if not _ANY_DIGIT.search(text) and "@" not in text:
        return []  # most paragraphs of prose: nothing to look at
    own = {digits_only(n) for n in own_numbers if digits_only(n)}
    own_mail = {n.strip().lower() for n in own_numbers if "@" in n}
    found: list[ScreeningFinding] = []
    taken: list[tuple[int, int]] = []  # spans already claimed by a more specific detector

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for m in _ID.finditer(text):
        value = m.group(0)
        if not is_valid_id_number(value, today):
            continue
        taken.append(m.span())
        found.append(
            _finding(m.start(), m.end(), value, "身份证号", "id_card", Severity.ERROR, "身份证号码")
        )
    for m in _CARD.finditer(text):
        value = m.group(0)
        digits = digits_only(value)
        if not 16 <= len(digits) <= 19 or not free(*m.span()):
            continue
        if is_valid_id_number(digits, today) or not luhn_valid(digits) or digits in own:
            continue
        taken.append(m.span())
        found.append(
            _finding(m.start(), m.end(), value, "银行卡号", "bank_card", Severity.ERROR, "银行卡号")
        )
    mobiles = list(_MOBILE_86.finditer(text)) if "86" in text else []
    mobiles += _MOBILE.finditer(text)
    for m in mobiles:
        if not free(*m.span()):
            continue
        number = digits_only(m.group(1))
        if number in own or digits_only(m.group(0)) in own:
            continue
        taken.append(m.span())
        found.append(
            _finding(
                m.start(), m.end(), m.group(0), "手机号码", "mobile", Severity.ERROR, "个人手机号码"
            )
        )
    if landlines:
        for m in _LANDLINE.finditer(text):
            if not free(*m.span()):
                continue
            value = m.group(0)
            digits = digits_only(value.split("-")[0] if value.count("-") > 1 else value)
            if digits in own or digits_only(value) in own or _own_suffix(digits, own):
                continue
            taken.append(m.span())
            found.append(
                _finding(
                    m.start(),
                    m.end(),
                    value,
                    "固定电话",
                    "landline",
                    Severity.WARNING,
                    "固定电话号码",
                )
            )
    if emails and "@" in text:
        for m in _EMAIL.finditer(text):
            if m.group(0).lower() in own_mail or not free(*m.span()):
                continue
            found.append(
                _finding(
                    m.start(),
                    m.end(),
                    m.group(0),
                    "电子邮箱",
                    "email",
                    Severity.WARNING,
                    "电子邮箱地址",
                )
            )
    return sorted(found, key=lambda f: (f.start, f.end))


def _own_suffix(digits: str, own: set[str]) -> bool:
    """An own number written without its area code (0951-1234567 given, 1234567 written)."""
    return any(len(digits) >= 7 and o.endswith(digits) for o in own)


def _finding(
    start: int, end: int, value: str, label: str, kind: str, severity: Severity, words: str
) -> ScreeningFinding:
    masked = mask_value(value, kind)
    if severity is Severity.ERROR:
        message = f"含有{words}“{value}”，属于个人信息，公开前应删除或脱敏（如“{masked}”）"
    else:
        message = f"含有{words}“{value}”，如不是本单位公开的联系方式，公开前应删除或脱敏"
    return ScreeningFinding("C-3", severity, start, end, value, message, masked, kind)


def _mask_digits(value: str, keep_first: int, keep_last: int) -> str:
    """``*`` over the digits of ``value`` except the first and last few; other characters
    (spaces, hyphens, +86) stay where they are."""
    positions = [i for i, ch in enumerate(value) if "0" <= ch <= "9" or ch in "Xx"]
    hidden = set(positions[keep_first : len(positions) - keep_last])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(value))


def mask_value(value: str, kind: str) -> str:
    """``value`` masked by the convention of its kind (module docstring), same length."""
    if kind == "id_card":
        return _mask_digits(value, 6, 4)
    if kind == "mobile":
        prefix = re.match(r"(?:(?:\+|00)?86[ -]?)?", value)
        head = prefix.group(0) if prefix else ""
        return head + _mask_digits(value[len(head) :], 3, 4)
    if kind == "bank_card":
        return _mask_digits(value, 4, 4)
    if kind == "landline":
        m = re.match(r"[(（]?0[1-9][0-9]{1,2}[)）]?[ -]?", value)
        head = m.group(0) if m else ""
        return head + _mask_digits(value[len(head) :], 0, 2)
    if kind == "email":
        name, _, domain = value.partition("@")
        return name[:1] + "*" * (len(name) - 1) + "@" + domain
    return "*" * len(value)


def mask(text: str, findings: Iterable[ScreeningFinding]) -> str:
    """``text`` with every personal-data finding masked in place (other findings are
    ignored). Lengths are kept, so the positions of all other findings stay valid."""
    chars = list(text)
    for f in findings:
        if f.rule != "C-3" or text[f.start : f.end] != f.text:
            continue  # a finding of another text: never mask the wrong characters
        chars[f.start : f.end] = mask_value(f.text, f.kind)
    return "".join(chars)
