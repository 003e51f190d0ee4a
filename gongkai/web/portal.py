"""The columns (栏目) of every agency's 公开专栏, as the national guidance names them.

Each column gets its real pages from a later issue (the 指南 and 公开制度 from the catalog
app, 法定主动公开内容 from publishing, 年报 from reports, 依申请公开 from applications).
Until then the frame links to a page that says honestly that the column is being built.
A later app takes a column over by giving it a `url_name` taking the agency's slug.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count
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
        url_name="web:portal_proactive",
    ),
    Section(
        "annual-reports",
        _("政府信息公开年报"),
        _("本机关历年的政府信息公开工作年度报告。"),
        url_name="yearreports_public:list",
    ),
    Section(
        "apply",
        _("依申请公开"),
        _("在线提交政府信息公开申请，查询办理进度。"),
        url_name="apply:form",
    ),
)
SECTIONS_BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}


# ---------------------------------------------------------------------------------------
# What the 公开专栏 pages show. Reads only, through the catalog and publishing apps' public
# selectors, so nothing that is not public (drafts, items in review, withdrawn ones,
# inactive entries) can reach these pages by a query of our own.


@dataclass
class CountedEntry:
    """A public catalogue entry with how many public items it holds, its branch included:
    the same set the publishing list shows for `?entry=<code>`."""

    entry: object  # gongkai.catalog.models.CatalogEntry
    depth: int
    count: int
    list_url: str
    children: list[CountedEntry] = field(default_factory=list)


def _catalog_and_items():
    # Imported here: the page frames must import (and the tests of the frame run) even
    # where these apps are not installed.
    from gongkai.catalog.selectors import public_catalog
    from gongkai.publishing.selectors import public_items

    return public_catalog, public_items


def counted_catalog(agency) -> list[CountedEntry]:
    """The agency's public catalogue as a tree, each entry with its public item count.

    One grouped query gives the items filed directly under each entry; branch totals are
    summed here over the tree rather than asked of the database entry by entry.
    """
    public_catalog, public_items = _catalog_and_items()
    direct: dict[int | None, int] = {
        row["catalog_entry"]: row["n"]
        for row in public_items(agency)
        .order_by()  # the selector's ordering would split the GROUP BY
        .values("catalog_entry")
        .annotate(n=Count("id"))
    }
    base = reverse("publishing:public_list", args=[agency.slug])

    def build(node) -> CountedEntry:
        children = [build(c) for c in node.children]
        own = direct.get(node.entry.pk, 0)
        return CountedEntry(
            entry=node.entry,
            depth=node.depth,
            count=own + sum(c.count for c in children),
            list_url=f"{base}?entry={node.entry.code}",
            children=children,
        )

    return [build(n) for n in public_catalog(agency)]


def flatten_counted(nodes: list[CountedEntry]) -> list[CountedEntry]:
    rows: list[CountedEntry] = []
    for node in nodes:
        rows.append(node)
        rows.extend(flatten_counted(node.children))
    return rows


def latest_items(agency, limit: int = 8) -> list:
    """The newest public items, as the publishing list orders them."""
    _, public_items = _catalog_and_items()
    return list(public_items(agency)[:limit])


# A village's 三务公开 as readers know it: 党务, 村务, 财务, in that order (the order of
# the 2017 opinions on 村务公开 and of every village notice board), keyed by the codes of
# the village starter catalogue (gongkai/catalog/data/village.py).
VILLAGE_COLUMNS: tuple[tuple[str, str | Promise], ...] = (
    ("v02", _("党务公开")),
    ("v01", _("村务公开")),
    ("v03", _("财务公开")),
)


@dataclass
class VillageColumn:
    code: str
    title: str | Promise
    node: CountedEntry | None  # None when the village's catalogue lacks the entry
    items: list = field(default_factory=list)


def village_columns(agency, tree: list[CountedEntry], per_column: int = 5) -> list[VillageColumn]:
    """党务/村务/财务 columns from the village's own catalogue, each with its newest items.

    A village that renamed an entry keeps its code, so codes (not names) find the column;
    an entry the village removed or deactivated gives an honest empty column.
    """
    _, public_items = _catalog_and_items()
    roots = {n.entry.code: n for n in tree}
    columns = []
    for code, title in VILLAGE_COLUMNS:
        node = roots.get(code)
        items: list = []
        if node is not None and node.count:
            entries = [n.entry for n in flatten_counted([node])]
            items = list(public_items(agency).filter(catalog_entry__in=entries)[:per_column])
        columns.append(VillageColumn(code=code, title=title, node=node, items=items))
    return columns


def link(name: str, fallback: str, *args) -> str:
    """A route of another app, or its agreed path while that app is still being built
    (search, 互动交流): the portal links there either way."""
    try:
        return reverse(name, args=args or None)
    except NoReverseMatch:
        return fallback


@dataclass(frozen=True)
class QuickLink:
    key: str
    title: str | Promise
    url: str


def quick_links(agency) -> list[QuickLink]:
    """The services every 公开专栏 home offers besides its columns."""
    slug = agency.slug
    return [
        QuickLink("guide", _("政府信息公开指南"), SECTIONS_BY_KEY["guide"].url(slug)),
        QuickLink("apply", _("在线申请"), link("apply:form", f"/gk/{slug}/apply/", slug)),
        QuickLink("track", _("办理进度查询"), link("apply:track", "/track/")),
        QuickLink("annual-reports", _("年度报告"), SECTIONS_BY_KEY["annual-reports"].url(slug)),
        QuickLink(
            "messages",
            _("互动交流"),
            link("interaction_public:list", f"/gk/{slug}/messages/", slug),
        ),
        QuickLink("search", _("站内搜索"), link("search:search", "/search/")),
    ]


def published_date(item) -> dt.date | None:
    """An item's public date for lastmod: the current revision's, else the first one's."""
    revision = item.published_revision
    if revision is not None and revision.published_at is not None:
        return revision.published_at.date()
    if item.first_published_at is not None:
        return item.first_published_at.date()
    return None
