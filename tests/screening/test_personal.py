import datetime as dt

from gongkai.screening import (
    Severity,
    find_personal_data,
    is_valid_id_number,
    luhn_valid,
    mask,
    screen_text,
)
from gongkai.screening.personal import id_check_digit

# The example of GB 11643 itself: check character X.
ID_X = "11010519491231002X"
TODAY = dt.date(2025, 6, 1)


def with_check(first17: str) -> str:
    # Written out independently of the module: ISO 7064 MOD 11-2.
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def luhn_complete(partial: str) -> str:
    for d in "0123456789":
        candidate = partial + d
        total = 0
        for i, ch in enumerate(reversed(candidate)):
            n = int(ch) * (2 if i % 2 else 1)
            total += n - 9 if n > 9 else n
        if total % 10 == 0:
            return candidate
    raise AssertionError


def kinds(text, **kw):
    return [(f.kind, f.start, f.end, f.text) for f in find_personal_data(text, today=TODAY, **kw)]


def test_id_number_with_check_character_x():
    assert is_valid_id_number(ID_X, TODAY)
    assert id_check_digit(ID_X[:17]) == "X"
    assert kinds(f"身份证号{ID_X}。") == [("id_card", 4, 22, ID_X)]
    assert kinds(f"身份证号{ID_X.lower()}。")[0][0] == "id_card"


def test_id_number_edges():
    good = with_check("64010219800229123")  # 29 February of a leap year
    assert is_valid_id_number(good, TODAY)
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    assert not is_valid_id_number(wrong_check, TODAY)
    assert not is_valid_id_number(with_check("64010219810229123"), TODAY)  # no 29 Feb 1981
    assert not is_valid_id_number(with_check("64010218991231123"), TODAY)  # before 1900
    assert not is_valid_id_number(with_check("64010220300101123"), TODAY)  # not born yet
    assert not is_valid_id_number(with_check("99010219800101123"), TODAY)  # no such province
    assert kinds(f"号码{wrong_check}") == []
    # Inside a longer run of digits it is not a 身份证号 (nor a mobile number).
    assert [k for k, *_ in kinds(f"编号9{good}9")] == []


def test_mobile_numbers():
    assert kinds("联系人手机13812345678。") == [("mobile", 5, 16, "13812345678")]
    assert kinds("手机 138-1234-5678") == [("mobile", 3, 16, "138-1234-5678")]
    assert kinds("手机+86 13812345678")[0][1:3] == (2, 17)
    assert kinds("号码12812345678") == []  # 12x is not a mobile prefix
    assert kinds("流水号213812345678") == []  # 11 digits inside 12
    assert kinds("流水号138123456789") == []
    assert kinds("金额1381234567元") == []  # 10 digits


def test_bank_cards_luhn():
    card = luhn_complete("622202020011223344")  # 19 digits, UnionPay
    assert luhn_valid(card)
    assert kinds(f"卡号{card}") == [("bank_card", 2, 21, card)]
    bad = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert not luhn_valid(bad)
    assert kinds(f"卡号{bad}") == []
    assert kinds("卡号4111 1111 1111 1111") == [("bank_card", 2, 21, "4111 1111 1111 1111")]
    assert kinds("编号1234567812345670") == []  # Luhn-valid but no card starts with 1


def test_valid_id_number_is_not_also_a_card():
    # Some 身份证号 happen to be Luhn-valid: they are reported once, as 身份证号.
    # (Cards start with 3–6: so do 身份证号 of 山西 … 新疆.)
    candidates = (with_check(f"44010519491231{n:03d}") for n in range(1000))
    number = next(c for c in candidates if c[-1] != "X" and luhn_valid(c))
    assert [k for k, *_ in kinds(f"号码{number}")] == ["id_card"]


def test_landline_and_email_are_warnings():
    found = find_personal_data("电话0951-6012345，邮箱zhang.san@example.com。", today=TODAY)
    assert [(f.kind, f.severity, f.text) for f in found] == [
        ("landline", Severity.WARNING, "0951-6012345"),
        ("email", Severity.WARNING, "zhang.san@example.com"),
    ]
    assert find_personal_data("电话0951-6012345", landlines=False, emails=False) == []


def test_own_numbers_are_allowed_in_any_writing():
    text = "咨询电话：0951-6012345、13812345678，邮箱gk@example.gov.cn"
    own = ["(0951) 601 2345", "138 1234 5678", "GK@example.gov.cn"]
    assert kinds(text, own_numbers=own) == []
    assert [k for k, *_ in kinds(text)] == ["landline", "mobile", "email"]
    assert kinds("电话6012345", own_numbers=["0951-6012345"]) == []


def test_contact_labels_in_the_offices_own_texts():
    text = "本机关咨询电话：13812345678。低保户王某，13912345678。"
    assert [f.text for f in screen_text(text, contact_labels_are_own=True)] == ["13912345678"]
    assert len(screen_text(text)) == 2


def test_mask_keeps_positions_and_follows_the_convention():
    card = luhn_complete("622202020011223344")
    text = f"王某，身份证{ID_X}，手机138-1234-5678，卡号{card}，电话0951-6012345，邮箱zhang@example.com。不变的内容。"
    findings = screen_text(text)
    masked = mask(text, findings)
    assert len(masked) == len(text)
    assert "110105********002X" in masked
    assert "138-****-5678" in masked
    assert f"6222{'*' * 11}{card[-4:]}" in masked
    assert "0951-*****45" in masked
    assert "z****@example.com" in masked
    assert masked.endswith("不变的内容。")
    # Non-personal findings do not change the text; findings of another text are ignored.
    assert mask("布署", screen_text("布署")) == "布署"
    assert mask("别的文字" * 10, findings) == "别的文字" * 10


def test_messages_are_chinese_and_errors():
    (f,) = find_personal_data("手机13812345678", today=TODAY)
    assert f.rule == "C-3" and f.severity is Severity.ERROR
    assert "138****5678" in f.message_zh and f.suggestion == "138****5678"
