"""The starter text of each section: short, plain sentences that state the year's figures
through live values, and a 【请…】 prompt where only the office knows what to say.

A prompt left in the text is an error (Y-2): a report must not go out with an instruction
to its writer in it. The figures are placeholders, so the starter stays right when the
data changes before publication.
"""

from __future__ import annotations

import re

from gongkai.annualreport.formats import V2019

#: A writing prompt: 【请 …】.
PROMPT = re.compile(r"【请[^】]*】")


def starter_texts(fmt: str, channels: list[str]) -> dict[str, str]:
    """Section key -> starter text; ``channels``: the 发布渠道 the office used this year
    (names of the ``渠道.…`` values)."""
    via = "、".join(f"{c}{{{{渠道.{c}}}}}条" for c in channels)
    channel_sentence = f"其中通过{via}。" if via else ""
    docs = "规范性文件" if fmt == V2019 else "行政规范性文件"
    if fmt == V2019:
        doc_sentence = (
            f"本年新制作{docs}{{{{表二.{docs}.本年新制作}}}}件，"
            f"新公开{{{{表二.{docs}.本年新公开}}}}件，"
            f"对外公开总数{{{{表二.{docs}.对外公开总数}}}}件。"
        )
    else:
        doc_sentence = (
            f"本年制发{docs}{{{{表二.{docs}.本年制发}}}}件，"
            f"废止{{{{表二.{docs}.本年废止}}}}件，"
            f"截至年底现行有效{{{{表二.{docs}.现行有效}}}}件。"
        )
    return {
        "overview": (
            "{{年度}}年，{{机构}}按照《中华人民共和国政府信息公开条例》的规定做好政府信息公开工作。"
            "全年主动公开政府信息{{主动公开.总数}}条，收到政府信息公开申请{{申请.新收}}件，"
            "收到网民留言{{留言.收到}}条、已答复{{留言.答复}}条。"
            "【请用一两句话写明本年度公开工作的组织和重点，例如由谁负责、做了哪些具体的事。】"
        ),
        "proactive": (
            f"本年度主动公开政府信息{{{{主动公开.总数}}}}条，其中文件{{{{主动公开.文件}}}}件、"
            f"政策解读{{{{主动公开.政策解读}}}}篇。{channel_sentence}{doc_sentence}"
            "【请补充本年度主动公开的重点领域，例如财政预决算、惠民补贴、重大项目。】"
        ),
        "applications": (
            "本年度收到政府信息公开申请{{申请.新收}}件，其中自然人{{申请.自然人}}件、"
            "法人或其他组织{{申请.法人或其他组织}}件；上年结转{{申请.上年结转}}件。"
            "本年度办结{{申请.办结}}件，其中予以公开{{申请.予以公开}}件，部分公开{{申请.部分公开}}件，"
            "不予公开{{申请.不予公开}}件，无法提供{{申请.无法提供}}件，不予处理{{申请.不予处理}}件，"
            "其他处理{{申请.其他处理}}件；结转下年度继续办理{{申请.结转下年}}件。"
        ),
        "review_litigation": (
            "本年度因政府信息公开工作被申请行政复议{{复议.总数}}件，其中结果维持{{复议.维持}}件、"
            "结果纠正{{复议.纠正}}件、其他结果{{复议.其他结果}}件、尚未审结{{复议.尚未审结}}件；"
            "被提起行政诉讼{{诉讼.总数}}件，其中结果维持{{诉讼.维持}}件、结果纠正{{诉讼.纠正}}件、"
            "其他结果{{诉讼.其他结果}}件、尚未审结{{诉讼.尚未审结}}件。"
        ),
        "problems": (
            "【请写明本年度工作中实际存在的问题（例如某类信息更新不及时、答复文书不够规范），"
            "以及上一年度报告所列问题的改进情况。】"
        ),
        "other_matters": (
            "【请写明本年度收取信息处理费的情况（国办函〔2020〕109号），没有收取的写明"
            "“本年度未收取信息处理费”；以及需要报告的其他事项，没有的写明“无”。】"
        ),
    }
