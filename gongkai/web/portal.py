"""The columns (栏目) of every agency's 公开专栏, as the national guidance names them.

Each column gets its real pages from a later issue (the 指南 and 公开制度 from the catalog
app, 法定主动公开内容 from publishing, 年报 from reports, 依申请公开 from applications).
Until then the frame links to a page that says honestly that the column is being built.
A later app takes a column over by giving it a `url_name` taking the agency's slug.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str  # in the placeholder URL: /gk/<agency>/<key>/
    title: str | Promise
    summary: str | Promise
    url_name: str = ""  # set when an app serves the column: reverse(url_name, args=[slug])

    def url(self, agency_slug: str) -> str:
        if self.url_name:
            try:
                return reverse(self.url_name, args=[agency_slug])
            except NoReverseMatch:
                pass
        return reverse("web:portal_section", args=[agency_slug, self.key])


SECTIONS: tuple[Section, ...] = (
    Section(
        "guide",
        _("政府信息公开指南"),
        _("公开的范围、方式、途径，依申请公开的受理机构和办理流程。"),
        url_name="catalog_public:guide",
    ),
    Section(
        "rules",
        _("政府信息公开制度"),
        _("本机关政府信息公开工作的各项制度。"),
    ),
    Section(
        "proactive",
        _("法定主动公开内容"),
        _("机构职能、规范性文件、规划、财政预决算等依法应当主动公开的信息。"),
    ),
    Section(
        "annual-reports",
        _("政府信息公开年报"),
        _("本机关历年的政府信息公开工作年度报告。"),
    ),
    Section(
        "apply",
        _("依申请公开"),
        _("在线提交政府信息公开申请，查询办理进度。"),
        url_name="apply:form",
    ),
)
SECTIONS_BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}
