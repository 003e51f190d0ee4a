"""The default letters of 依申请公开, written for this project.

Each default is a ``LetterTemplate``: a key the applications app refers to, the name shown
in the administrator's list, the template text (see ``template.py`` for the syntax; its
``# `` line is the printed title) and every placeholder it may use with its meaning in
Chinese, which the admin page shows beside the editor and which ``validate`` checks an
edited text against.

The texts cite 《中华人民共和国政府信息公开条例》 (2019) and 国办函〔2020〕109号 by article;
an office's legal adviser may want its own wording, which is why every text is editable.

Conventions the texts follow: the applicant is addressed as 您（单位） because applicants
are people or organisations; the third party is never told who applied; every letter that
ends the matter carries the remedies (行政复议 within 60 days, 行政诉讼 within 6 months).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from gongkai.disclosure.outcomes import FEE_MEASURES, OUTCOMES, REGULATION, remedy_text
from gongkai.officialdoc.layout import Document
from gongkai.officialdoc.template import TemplateError, letter_document, problems

# Placeholders every letter to an applicant can use; the applications app fills them all.
COMMON: dict[str, str] = {
    "申请人": "申请人的姓名或者名称（法人或者其他组织写全称）",
    "申请编号": "本机关登记的申请编号",
    "收到日期": "本机关收到申请的日期，如 2026年11月2日（依第三十一条确定）",
    "申请内容": "申请人所描述的需要公开的政府信息（照录申请表，不加评论）",
    "联系人": "本机关经办人姓名（可空；空则不印）",
    "联系电话": "本机关联系电话（可空；空则整行不印）",
}

_CONTACT = (
    "{{#如果 联系电话}}\n"
    "联系人：{{#如果 联系人}}{{联系人}}，{{/如果}}联系电话：{{联系电话}}。\n"
    "{{/如果}}\n"
)


@dataclass(frozen=True)
class LetterTemplate:
    key: str
    title: str  # the name in the administrator's list
    body: str  # the template text, starting with its printed ``# `` title line
    placeholders_documented: Mapping[str, str] = field(default_factory=dict)

    def problems(self, text: str | None = None) -> list[TemplateError]:
        """Problems of ``text`` (an administrator's edit; the default when None) against
        the placeholders this letter provides. Empty when it can be saved."""
        return problems(self.body if text is None else text, self.placeholders_documented)

    def document(
        self,
        context: Mapping[str, object],
        *,
        agency: str,
        date: dt.date | str,
        text: str | None = None,
        doc_number: str | None = None,
        cc: str | None = None,
        notes: Iterable[str] = (),
    ) -> Document:
        """The letter filled from ``context`` (with ``text`` instead of the default when
        the office has edited it), ready for ``render_docx`` / ``render_pdf``."""
        return letter_document(
            self.body if text is None else text,
            context,
            agency=agency,
            date=date,
            doc_number=doc_number,
            cc=cc,
            notes=notes,
            allowed=self.placeholders_documented,
        )


# The 依据 (ground) and 救济途径 (remedies) of a decision are not written here: they belong
# to the decisions registry, gongkai.disclosure.outcomes, which the applications app fills
# into {{依据}} and {{救济途径}}; one text per outcome, shared with table 三.


def _doc(**specific: str) -> dict[str, str]:
    return {**COMMON, **specific}


RECEIPT = LetterTemplate(
    key="receipt",
    title="政府信息公开申请登记回执",
    body=(
        "# 政府信息公开申请登记回执\n\n"
        "{{申请人}}：\n\n"
        "本机关于{{收到日期}}收到您（单位）{{#如果 申请方式}}通过{{申请方式}}{{/如果}}提出的"
        "政府信息公开申请，已予登记，申请编号为{{申请编号}}。您（单位）申请公开的内容为："
        "“{{申请内容}}”。\n\n"
        f"本机关将依照{REGULATION}第三十三条的规定，自收到申请之日起20个工作日内作出答复"
        "{{#如果 答复期限}}，即最迟于{{答复期限}}答复{{/如果}}。"
        "需要延长答复期限、请您（单位）补正申请、征求第三方意见或者收取信息处理费的，"
        "本机关将另行书面告知。\n\n"
        "查询办理进度时，请提供上述申请编号。\n\n" + _CONTACT
    ),
    placeholders_documented=_doc(
        申请方式="提交申请的方式，如 当面提交、邮寄、互联网、传真（可空）",
        答复期限="依法应当答复的最后一日，如 2026年12月1日；日程未公布的年份标“暂定”（可空）",
    ),
)

CORRECTION_NOTICE = LetterTemplate(
    key="correction_notice",
    title="补正申请告知书",
    body=(
        "# 补正申请告知书\n\n"
        "{{申请人}}：\n\n"
        "本机关于{{收到日期}}收到您（单位）提出的政府信息公开申请（申请编号：{{申请编号}}）。"
        "经审查，申请的内容不够明确，本机关暂时无法确定您（单位）需要的政府信息。"
        f"根据{REGULATION}第三十条的规定，请您（单位）对申请作出补正。需要补正的全部事项如下：\n\n"
        "{{补正事项}}\n\n"
        "{{#如果 补正指导}}\n{{补正指导}}\n{{/如果}}\n\n"
        "请于{{补正期限}}前将补正后的申请提交本机关"
        "{{#如果 提交方式}}（提交方式：{{提交方式}}）{{/如果}}。"
        "答复期限自本机关收到补正后的申请之日起计算。\n\n"
        "无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。"
        "因正当理由不能按期补正的，请在期限届满前与本机关联系。\n\n" + _CONTACT
    ),
    placeholders_documented=_doc(
        补正事项="需要补正的全部事项，一次列全，每项一行（法律要求一次性告知）",
        补正指导="对如何补正的指导和释明，如 建议写明文件名称、文号或者形成时间（可空）",
        补正期限="补正的最后一日，如 2026年11月30日（应当合理）",
        提交方式="补正材料的提交方式和地址（可空）",
    ),
)

EXTENSION_NOTICE = LetterTemplate(
    key="extension_notice",
    title="延期答复告知书",
    body=(
        "# 延期答复告知书\n\n"
        "{{申请人}}：\n\n"
        "本机关于{{收到日期}}收到您（单位）提出的政府信息公开申请（申请编号：{{申请编号}}）。"
        "因{{延期理由}}，本机关不能在法定期限内作出答复。\n\n"
        f"根据{REGULATION}第三十三条的规定，经本机关政府信息公开工作机构负责人同意，"
        "答复期限延长{{延长工作日}}个工作日。本机关将于{{新答复期限}}前作出答复。\n\n"
        "特此告知。\n\n" + _CONTACT
    ),
    placeholders_documented=_doc(
        延期理由="需要延期的具体理由，如 申请公开的信息数量较多，需要逐件检索、审查",
        延长工作日="延长的工作日数，最多20",
        新答复期限="延长后的答复期限的最后一日，如 2026年12月29日",
    ),
)

THIRD_PARTY_CONSULTATION = LetterTemplate(
    key="third_party_consultation",
    title="征求第三方意见函",
    body=(
        "# 征求第三方意见函\n\n"
        "{{第三方}}：\n\n"
        "本机关于{{收到日期}}收到一件政府信息公开申请（申请编号：{{申请编号}}），"
        "申请公开的信息为：“{{申请内容}}”。经审查，该信息涉及{{涉及权益}}，"
        "公开后可能损害您（单位）的合法权益。"
        f"根据{REGULATION}第三十二条的规定，现书面征求您（单位）的意见。\n\n"
        "请自收到本函之日起15个工作日内，以书面形式向本机关提出是否同意公开的意见"
        "{{#如果 提交方式}}（提交方式：{{提交方式}}）{{/如果}}；"
        "不同意公开的，请说明理由，并提供相应的证明材料。\n\n"
        "逾期未提出意见的，由本机关依照该条例的规定决定是否公开。"
        "您（单位）不同意公开且有合理理由的，本机关不予公开；"
        "本机关认为不公开可能对公共利益造成重大影响而决定公开的，"
        "将把决定公开的政府信息内容和理由书面告知您（单位）。\n\n" + _CONTACT
    ),
    placeholders_documented={
        "第三方": "被征求意见的公民、法人或者其他组织的名称（不写申请人是谁）",
        "收到日期": COMMON["收到日期"],
        "申请编号": COMMON["申请编号"],
        "申请内容": "申请公开的信息（只写与第三方有关的部分，不写申请人的身份）",
        "涉及权益": "可能受损的权益，如 贵公司的商业秘密、您的个人隐私",
        "提交方式": "书面意见的提交方式和地址（可空）",
        "联系人": COMMON["联系人"],
        "联系电话": COMMON["联系电话"],
    },
)

FEE_NOTICE = LetterTemplate(
    key="fee_notice",
    title="收费通知书",
    body=(
        "# 收费通知书\n\n"
        "{{申请人}}：\n\n"
        "本机关于{{收到日期}}收到您（单位）提出的政府信息公开申请（申请编号：{{申请编号}}）。"
        "经核算，{{收费说明}}，超出了免予收费的范围。"
        f"根据{REGULATION}第四十二条和{FEE_MEASURES}的规定，本机关依法收取信息处理费：\n\n"
        "计费方式：{{计费方式}}。\n\n"
        "计费明细：{{计费明细}}。\n\n"
        "应缴金额：人民币{{收费金额}}元。\n\n"
        "缴费方式：{{缴费方式}}。\n\n"
        "请自收到本通知之日起20个工作日内缴纳"
        "{{#如果 缴费截止日期}}（按本通知的送达日期计算，最迟于{{缴费截止日期}}）{{/如果}}。"
        "逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。"
        "本机关收到费用后，将依法向您（单位）提供相关政府信息。\n\n"
        "{{#如果 期限说明}}\n{{期限说明}}\n{{/如果}}\n\n" + _CONTACT
    ),
    placeholders_documented=_doc(
        收费说明="收费的原因，如 您（单位）本月内已提出政府信息公开申请35件",
        计费方式="按件计收 或者 按量计收（一件申请只用一种）",
        计费明细="金额如何算出，如 第11件至第30件每件100元，第31件至第35件每件200元",
        收费金额="应缴金额，以元为单位，如 3000",
        缴费方式="缴费的途径，如 非税收入缴款账户、缴款码或者缴费地点",
        缴费截止日期="按预计送达日期算出的缴费最后一日（可空）",
        期限说明="缴费期间是否计入答复期限的说明（可空，依本机关设置）",
    ),
)

DECISION = LetterTemplate(
    key="decision",
    title="政府信息公开申请答复告知书（通用）",
    body=(
        "# 政府信息公开申请答复告知书\n\n"
        "{{申请人}}：\n\n"
        "本机关于{{收到日期}}收到您（单位）提出的政府信息公开申请（申请编号：{{申请编号}}），"
        "申请公开的内容为：“{{申请内容}}”。经审查，现答复如下：\n\n"
        "{{答复内容}}\n\n"
        "{{依据}}\n\n"
        "{{救济途径}}\n\n" + _CONTACT
    ),
    placeholders_documented=_doc(
        答复内容="本案的具体答复：查找的经过、结论和需要告知申请人的事项，可写多段",
        依据="法律依据的一句话，默认取自该答复类型的标准表述，可修改",
        救济途径="行政复议（60日内）和行政诉讼（6个月内）的告知，默认由本机关设置生成",
    ),
)

DECISION_GRANTED = LetterTemplate(
    key="decision_granted",
    title="政府信息公开申请答复告知书（予以公开）",
    body=(
        "# 政府信息公开申请答复告知书\n\n"
        "{{申请人}}：\n\n"
        "本机关于{{收到日期}}收到您（单位）提出的政府信息公开申请（申请编号：{{申请编号}}），"
        "申请公开的内容为：“{{申请内容}}”。\n\n"
        "经审查，您（单位）申请公开的信息属于可以公开的政府信息。"
        f"根据{REGULATION}第三十六条第二项的规定，本机关决定予以公开。{{{{提供方式}}}}\n\n"
        "{{#如果 附件说明}}\n附件：{{附件说明}}\n{{/如果}}\n\n"
        "{{救济途径}}\n\n" + _CONTACT
    ),
    placeholders_documented=_doc(
        提供方式="提供信息的方式，如 现随本告知书向您提供该信息的复制件（共3页）。",
        附件说明="随告知书附送的材料名称和页数（可空）",
        救济途径=DECISION.placeholders_documented["救济途径"],
    ),
)

DECISION_PARTIAL = LetterTemplate(
    key="decision_partial",
    title="政府信息公开申请答复告知书（部分公开）",
    body=(
        "# 政府信息公开申请答复告知书\n\n"
        "{{申请人}}：\n\n"
        "本机关于{{收到日期}}收到您（单位）提出的政府信息公开申请（申请编号：{{申请编号}}），"
        "申请公开的内容为：“{{申请内容}}”。\n\n"
        "经审查，您（单位）申请公开的信息中含有不应当公开的内容，但能够作区分处理。"
        f"根据{REGULATION}第三十七条的规定，本机关决定部分公开：\n\n"
        "可以公开的部分：{{公开部分}}。{{提供方式}}\n\n"
        "不予公开的部分：{{不予公开部分}}。理由及依据：{{不予公开理由}}\n\n"
        "{{救济途径}}\n\n" + _CONTACT
    ),
    placeholders_documented=_doc(
        公开部分="向申请人提供的内容",
        提供方式=DECISION_GRANTED.placeholders_documented["提供方式"],
        不予公开部分="不予公开的内容（如 其中涉及个人身份证号码和住址的部分）",
        不予公开理由="不予公开的理由和条款，如 属于个人隐私，公开会损害第三方合法权益，依据第十五条不予公开。",
        救济途径=DECISION.placeholders_documented["救济途径"],
    ),
)

DEFAULT_LETTERS: dict[str, LetterTemplate] = {
    t.key: t
    for t in (
        RECEIPT,
        CORRECTION_NOTICE,
        EXTENSION_NOTICE,
        THIRD_PARTY_CONSULTATION,
        FEE_NOTICE,
        DECISION,
        DECISION_GRANTED,
        DECISION_PARTIAL,
    )
}

# A fictional case that fills every placeholder above: the admin page's preview, and the
# tests' proof that each default fills.
SAMPLE_CONTEXT: dict[str, str] = {
    "申请人": "张明",
    "申请编号": "YSQ-2026-0042",
    "收到日期": "2026年11月2日",
    "申请内容": "2026年度本镇农村道路维修项目的招标文件和中标结果",
    "联系人": "李华",
    "联系电话": "0000-1234567",
    "申请方式": "邮寄",
    "答复期限": "2026年11月30日",
    "补正事项": "1.请写明所需项目的名称或者所在村组；\n2.请写明所需信息的形成时间范围。",
    "补正指导": "如不清楚项目名称，可以写明道路起止地点，本机关将据此检索。",
    "补正期限": "2026年11月20日",
    "提交方式": "邮寄或者送交本机关政务服务窗口",
    "延期理由": "申请公开的信息数量较多，需要逐件检索、审查",
    "延长工作日": "20",
    "新答复期限": "2026年12月28日",
    "第三方": "某某建设工程有限公司",
    "涉及权益": "贵公司的商业秘密",
    "收费说明": "您本月内已提出政府信息公开申请35件",
    "计费方式": "按件计收",
    "计费明细": "第11件至第30件每件100元，第31件至第35件每件200元",
    "收费金额": "3000",
    "缴费方式": "通过本机关出具的非税收入缴款码缴纳",
    "缴费截止日期": "2026年12月14日",
    "期限说明": "",
    "答复内容": "经检索，本机关保存有2026年度农村道路维修项目的招标公告和中标结果公示。\n上述信息已于2026年8月在本机关政府网站公开。",
    "依据": OUTCOMES["granted_already_public"].ground_zh,
    "救济途径": remedy_text("某某县人民政府", "某某县人民法院"),
    "提供方式": "现随本告知书向您提供上述信息的复制件（共3页）。",
    "附件说明": "招标文件及中标结果复制件（共3页）",
    "公开部分": "项目招标文件和中标结果",
    "不予公开部分": "其中投标人法定代表人的身份证号码",
    "不予公开理由": "属于个人隐私，公开会对第三方合法权益造成损害，依据该条例第十五条不予公开。",
}
