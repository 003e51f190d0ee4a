"""What an office can decide on an application, as data.

Every decision a clerk can pick is an :class:`Outcome`: its stable key, the words the
clerk picks it by, the table 三 row it is counted in, the article of the 2019
《中华人民共和国政府信息公开条例》 (国务院令第711号) it rests on, the sentence a 告知书 states
the ground with, and whether the applicant gets the information. Letters, the annual
report and the audit trail all read the same record, so a ground can never be counted
under one row and cited under another article.

The article numbers were checked against the text of the 2019 条例:

* 第十四条 国家秘密 / 法律、行政法规禁止公开 / 危及“三安全一稳定”;
* 第十五条 商业秘密、个人隐私等, 公开会损害第三方合法权益 (unless the third party agrees
  or withholding would gravely harm the public interest);
* 第十六条 第一款 内部事务信息 (人事管理、后勤管理、内部工作流程), 第二款 过程性信息
  (讨论记录、过程稿、磋商信函、请示报告) and 行政执法案卷信息;
* 第三十条 补正 (one notice within 7 working days; no correction in time = 视为放弃申请);
* 第三十五条 数量、频次明显超过合理范围;
* 第三十六条 the seven answers: (一) already public, (二) provided, (三) 不予公开,
  (四) does not exist, (五) not this office's to disclose, (六) repeat, (七) 工商、不动产登记
  资料等 whose access a special law governs;
* 第三十七条 区分处理; 第三十八条 no processing or analysis to make new information;
* 第三十九条 第一款 信访、投诉、举报 in the form of an application, 第二款 公开出版物;
* 第四十二条 信息处理费, with 国办函〔2020〕109号《政府信息公开信息处理费管理办法》.

"要求行政机关确认或重新出具已获取信息" has no article of its own in the 条例: the category
comes from the annual-report format. We cite 第二条 (government information is what an
office made or obtained and keeps; a confirmation or a new certificate is not such
information). An office that cites otherwise changes ``article`` here, in one place.

Remedies: a 告知书 tells the applicant of 行政复议 (60 days, 《行政复议法》第二十条) and
行政诉讼 (6 months, 《行政诉讼法》第四十六条). Since 1 January 2024 the revised
《行政复议法》 (第二十三条) requires review before litigation when an office 不予公开 on an
application; :attr:`Outcome.review_first` marks the outcomes whose letter must say so.
Which outcomes that covers is argued among lawyers; we mark every outcome counted under
（三）不予公开 and 部分公开, because telling an applicant he may sue directly when he may not
costs him his case, while the review-first path is always open.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.annualreport.formats import FORMAT_2021

__all__ = [
    "FEE_MEASURES",
    "OUTCOMES",
    "REGULATION",
    "REMEDY_REVIEW_FIRST_ZH",
    "REMEDY_ZH",
    "Outcome",
    "outcome",
    "outcomes_for_row",
    "remedy_text",
]

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

# The remedy paragraph of a 告知书. Periods run from the day the applicant receives the
# letter: that is when he "knows of the act" in the sense of both laws.
REMEDY_ZH = (
    "如对本告知不服，可以自收到本告知书之日起六十日内向{review_body}申请行政复议，"
    "也可以自收到本告知书之日起六个月内向{court}提起行政诉讼。"
)
REMEDY_REVIEW_FIRST_ZH = (
    "如对本告知不服，可以自收到本告知书之日起六十日内向{review_body}申请行政复议；"
    "依照《中华人民共和国行政复议法》第二十三条的规定，应当先申请行政复议，"
    "对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内向{court}提起行政诉讼。"
)


def remedy_text(review_body: str, court: str, *, review_first: bool = False) -> str:
    """The remedy paragraph of a 告知书, naming the review body and the court.

    ``review_body`` is the competent 行政复议机关 (since 2024 usually the people's
    government at the same level as the office, e.g. "盐池县人民政府"); ``court`` the
    court of first instance ("盐池县人民法院"). With ``review_first`` the paragraph says
    that review must come before litigation (复议前置).
    """
    if not review_body.strip() or not court.strip():
        raise ValueError("复议机关和人民法院的名称都要写明")
    template = REMEDY_REVIEW_FIRST_ZH if review_first else REMEDY_ZH
    return template.format(review_body=review_body.strip(), court=court.strip())


@dataclass(frozen=True)
class Outcome:
    """One decision on (one item of) an application.

    ``provides_information`` is True when the applicant gets the information or is told
    where it already is: it decides 区分处理 when an application asks for several items
    (see ``counting.case_row``).
    """

    key: str
    label_zh: str
    table3_row: str
    article: str
    ground_zh: str
    provides_information: bool
    review_first: bool = False

    def __post_init__(self) -> None:
        # A row that is not in the national format would silently vanish from table 三.
        if self.table3_row not in FORMAT_2021.table3_rows:
            raise ValueError(f"{self.key}: {self.table3_row} is not a table 三 row")

    @property
    def legal_basis_zh(self) -> str:
        """ "根据《…条例》第十四条的规定" — empty when the outcome rests on no article."""
        return f"根据{self.article}的规定" if self.article else ""

    def remedy_text(self, review_body: str, court: str) -> str:
        return remedy_text(review_body, court, review_first=self.review_first)


def _art(where: str) -> str:
    return f"{REGULATION}{where}"


_ALL: tuple[Outcome, ...] = (
    # （一）予以公开
    Outcome(
        "granted",
        "予以公开，向申请人提供",
        "granted",
        _art("第三十六条第（二）项"),
        "您申请公开的政府信息属于可以公开的政府信息，本机关向您提供该政府信息。",
        True,
    ),
    Outcome(
        "granted_already_public",
        "已主动公开，告知获取方式和途径",
        "granted",
        _art("第三十六条第（一）项"),
        "您申请公开的政府信息本机关已经主动公开，您可以通过下列方式和途径获取。",
        True,
    ),
    # （二）部分公开
    Outcome(
        "partially_granted",
        "部分公开（区分处理）",
        "partially_granted",
        _art("第三十七条"),
        "您申请公开的政府信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理，"
        "本机关向您提供可以公开的部分，对不予公开的部分说明理由如下。",
        True,
        review_first=True,
    ),
    # （三）不予公开
    Outcome(
        "denied_state_secret",
        "属于国家秘密，不予公开",
        "denied_state_secret",
        _art("第十四条"),
        "您申请公开的政府信息依法确定为国家秘密，依法不予公开。",
        False,
        review_first=True,
    ),
    Outcome(
        "denied_prohibited",
        "其他法律、行政法规禁止公开，不予公开",
        "denied_prohibited",
        _art("第十四条"),
        "您申请公开的政府信息属于法律、行政法规禁止公开的政府信息，依法不予公开。",
        False,
        review_first=True,
    ),
    Outcome(
        "denied_security_stability",
        "公开后可能危及国家安全、公共安全、经济安全、社会稳定，不予公开",
        "denied_security_stability",
        _art("第十四条"),
        "您申请公开的政府信息公开后可能危及国家安全、公共安全、经济安全或者社会稳定，依法不予公开。",
        False,
        review_first=True,
    ),
    Outcome(
        "denied_third_party",
        "涉及商业秘密、个人隐私等，公开会损害第三方合法权益，不予公开",
        "denied_third_party",
        _art("第十五条"),
        "您申请公开的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害；"
        "第三方不同意公开，且本机关认为不公开不会对公共利益造成重大影响，依法不予公开。",
        False,
        review_first=True,
    ),
    Outcome(
        "denied_internal_affairs",
        "属于内部事务信息（人事管理、后勤管理、内部工作流程），不予公开",
        "denied_internal_affairs",
        _art("第十六条第一款"),
        "您申请公开的政府信息属于本机关人事管理、后勤管理、内部工作流程等方面的内部事务信息，"
        "依法可以不予公开，本机关决定不予公开。",
        False,
        review_first=True,
    ),
    Outcome(
        "denied_process_info",
        "属于过程性信息（讨论记录、过程稿、磋商信函、请示报告），不予公开",
        "denied_process_info",
        _art("第十六条第二款"),
        "您申请公开的政府信息属于本机关履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、"
        "请示报告等过程性信息，依法可以不予公开，本机关决定不予公开。",
        False,
        review_first=True,
    ),
    Outcome(
        "denied_enforcement_file",
        "属于行政执法案卷信息，不予公开",
        "denied_enforcement_file",
        _art("第十六条第二款"),
        "您申请公开的政府信息属于行政执法案卷信息，依法可以不予公开，本机关决定不予公开。",
        False,
        review_first=True,
    ),
    Outcome(
        "denied_admin_query",
        "属于行政查询事项（工商、不动产登记资料等），告知按有关法律法规办理",
        "denied_admin_query",
        _art("第三十六条第（七）项"),
        "您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对这类信息的获取"
        "有特别规定，请您依照有关法律、行政法规的规定办理。",
        False,
        review_first=True,
    ),
    # （四）无法提供
    Outcome(
        "unable_not_held",
        "经检索没有所申请的信息，告知该信息不存在",
        "unable_not_held",
        _art("第三十六条第（四）项"),
        "经检索，本机关没有制作或者获取您申请公开的政府信息，该政府信息不存在。",
        False,
    ),
    Outcome(
        "unable_other_agency",
        "不属于本机关负责公开，告知负责公开的机关",
        "unable_not_held",
        _art("第三十六条第（五）项"),
        "您申请公开的政府信息不属于本机关负责公开；能够确定负责公开该信息的行政机关的，"
        "本机关将其名称和联系方式告知如下。",
        False,
    ),
    Outcome(
        "unable_needs_creation",
        "没有现成信息，需要另行制作（加工、分析），不予提供",
        "unable_needs_creation",
        _art("第三十八条"),
        "本机关向申请人提供的应当是已制作或者获取的政府信息；您的申请需要本机关对现有信息"
        "进行加工、分析才能形成，本机关不予提供。",
        False,
    ),
    Outcome(
        "unable_still_unclear",
        "补正后申请内容仍不明确，无法提供",
        "unable_still_unclear",
        _art("第三十条"),
        "本机关已告知您补正申请，但补正后的申请内容仍不明确，无法据以确定您所需要的政府信息，"
        "本机关无法提供。",
        False,
    ),
    # （五）不予处理
    Outcome(
        "notproc_petition",
        "属于信访、投诉、举报，不作为政府信息公开申请处理",
        "notproc_petition",
        _art("第三十九条第一款"),
        "您以政府信息公开申请的形式提出的是信访、投诉、举报等事项，本机关不作为政府信息公开申请处理，"
        "您可以通过相应渠道提出。",
        False,
    ),
    Outcome(
        "notproc_duplicate",
        "重复申请相同的政府信息，不予重复处理",
        "notproc_duplicate",
        _art("第三十六条第（六）项"),
        "本机关已就您此前提出的申请作出答复，您再次申请公开相同的政府信息，本机关不予重复处理。",
        False,
    ),
    Outcome(
        "notproc_publication",
        "要求提供公开出版物，告知获取途径",
        "notproc_publication",
        _art("第三十九条第二款"),
        "您申请的内容是政府公报、报刊、书籍等公开出版物，请您通过下列途径获取。",
        False,
    ),
    Outcome(
        "notproc_excessive",
        "无正当理由大量、频繁申请，不予处理",
        "notproc_excessive",
        _art("第三十五条"),
        "您申请公开政府信息的数量、频次明显超过合理范围，经本机关要求说明理由，所说明的理由不合理，"
        "本机关不予处理。",
        False,
    ),
    Outcome(
        "notproc_confirmation",
        "要求确认或重新出具已获取的信息，不予处理",
        "notproc_confirmation",
        _art("第二条"),
        "您要求本机关确认或者重新出具您已经获取的信息，这不属于申请获取本机关已制作或者获取的"
        "政府信息，本机关不作为政府信息公开申请处理。",
        False,
    ),
    # （六）其他处理
    Outcome(
        "other_no_correction",
        "无正当理由逾期不补正，视为放弃申请",
        "other_no_correction",
        _art("第三十条"),
        "本机关已一次性告知您补正申请的事项和期限，您无正当理由逾期未补正，视为放弃申请，"
        "本机关不再处理该政府信息公开申请。",
        False,
    ),
    Outcome(
        "other_fee_unpaid",
        "逾期未缴纳信息处理费，视为放弃申请",
        "other_fee_unpaid",
        f"{_art('第四十二条')}、{FEE_MEASURES}",
        "本机关已向您发出收费通知，您逾期未缴纳信息处理费，视为放弃申请，"
        "本机关不再处理该政府信息公开申请。",
        False,
    ),
    Outcome(
        "other_misc",
        "其他（如申请人撤回申请）",
        "other_misc",
        "",
        "您已撤回申请（或因其他情形），本机关终止处理该政府信息公开申请。",
        False,
    ),
)

# A plain dict, as the rest of the code expects; treat it as read-only.
OUTCOMES: dict[str, Outcome] = {o.key: o for o in _ALL}
if len(OUTCOMES) != len(_ALL):  # pragma: no cover - a typo in the table above
    raise RuntimeError("duplicate outcome key")


def outcome(key: str) -> Outcome:
    """The outcome with this key; a KeyError names the unknown key."""
    try:
        return OUTCOMES[key]
    except KeyError:
        raise KeyError(f"unknown outcome {key!r}") from None


def outcomes_for_row(row: str) -> tuple[Outcome, ...]:
    """The outcomes counted in a table 三 row, in registry order.

    ``"other"`` (v2019's single （六）其他处理 row) gathers the three other_* rows;
    a row with no outcome (new_received, total_processed …) gives an empty tuple.
    """
    if row == "other":
        return tuple(o for o in _ALL if o.table3_row.startswith("other_"))
    return tuple(o for o in _ALL if o.table3_row == row)
