"""Writing and reading the search index, on SQLite (FTS5) or PostgreSQL (tsvector + GIN)
behind one API.

Writes: ``item_published`` / ``item_withdrawn`` (the publishing services' hooks, both
idempotent), ``sync`` (reconciles the index with ``public_items``: the periodic safety
net) and ``reindex_all``.

Reads: ``search``. Whatever the index holds, a hit is returned only if its item is in
``public_items()`` *now* with the indexed revision as its public one: a withdrawal is
invisible at once, before any hook or sync has run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.publishing.html import plain_text
from gongkai.publishing.models import Item, Revision
from gongkai.publishing.selectors import public_items

from . import text as search_text
from .models import Entry

PER_PAGE = 20
#: bm25 column weights (title, text) on SQLite; on PostgreSQL the title is weight A.
TITLE_WEIGHT = 10.0


# --- writing -----------------------------------------------------------------------------


def _vendor() -> str:
    return connection.vendor


def _entry_path(item: Item) -> str:
    codes: list[str] = []
    node = item.catalog_entry
    seen = 0
    while node is not None and seen < 20:  # a guard against a cycle written around services
        codes.append(node.code)
        node = node.parent
        seen += 1
    return "/" + "/".join(reversed(codes)) + "/" if codes else ""


def _row(item: Item, revision: Revision) -> tuple[Entry, str, str]:
    """The index row of a public item, with its segmented title and text."""
    title = revision.title
    if revision.doc_number:
        # 文号 are searched for (青政发〔2026〕3号): they rank like the title.
        title = f"{title} {revision.doc_number}"
    body = ""
    if revision.body_is_public:  # 依申请公开 items are listed, but their text is not public
        parts = [plain_text(revision.body_html)]
        parts += [a.text for a in revision.attachments.all() if a.text]
        body = "\n".join(p for p in parts if p)
    published_at = revision.published_at or item.first_published_at or timezone.now()
    entry = Entry(
        item=item,
        revision=revision,
        agency_id=item.agency_id,
        agency_path=item.agency.path,
        entry_path=_entry_path(item),
        published_on=timezone.localdate(published_at),
        published_at=published_at,
        kind=item.kind,
        doc_type=revision.doc_type,
        validity=item.validity,
        title=title,
        summary=revision.summary,
        body=body,
    )
    return entry, search_text.segment(title), search_text.segment(f"{revision.summary}\n{body}")


def _delete(item_ids: list[int]) -> None:
    if not item_ids:
        return
    Entry.objects.filter(item_id__in=item_ids).delete()
    if _vendor() == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(i,) for i in item_ids])


def write_rows(rows: list[tuple[Entry, str, str]]) -> None:
    """Insert index rows (their items must not be indexed yet). Also used by the bench."""
    if not rows:
        return
    Entry.objects.bulk_create([r[0] for r in rows], batch_size=1000)
    with connection.cursor() as cursor:
        if _vendor() == "sqlite":
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, text) VALUES (%s, %s, %s)",
                [(e.item_id, t, b) for e, t, b in rows],
            )
        elif _vendor() == "postgresql":
            cursor.executemany(
                "UPDATE search_entry SET document ="
                " setweight(to_tsvector('simple', %s), 'A')"
                " || setweight(to_tsvector('simple', %s), 'B') WHERE item_id = %s",
                [(t, b, e.item_id) for e, t, b in rows],
            )


def _index(items: list[Item]) -> None:
    rows = [_row(item, item.published_revision) for item in items]
    _delete([item.pk for item in items])
    write_rows(rows)


def _public(pks: list[int] | None = None):
    items = public_items().select_related("catalog_entry", "published_revision")
    if pks is not None:
        items = items.filter(pk__in=pks)
    return items.prefetch_related("published_revision__attachments")


@transaction.atomic
def item_published(item: Item) -> None:
    """Hook: ``item`` was published (or corrected, or its validity changed). Indexes its
    public revision; removes it when it is not public after all. Idempotent."""
    found = list(_public([item.pk]))
    if found:
        _index(found)
    else:
        _delete([item.pk])


@transaction.atomic
def item_withdrawn(item: Item) -> None:
    """Hook: ``item`` was withdrawn. Idempotent."""
    _delete([item.pk])


@dataclass(frozen=True)
class SyncResult:
    added: int
    removed: int


def _state(item: Item) -> tuple[int, str, str]:
    return (item.published_revision_id, item.validity, _entry_path(item))


@transaction.atomic
def sync(batch: int = 500) -> SyncResult:
    """Make the index hold exactly the public items, each at its public revision (the
    safety net for any hook not called, and for validity or catalogue changes)."""
    indexed = {
        pk: (rev, validity, path)
        for pk, rev, validity, path in Entry.objects.values_list(
            "item_id", "revision_id", "validity", "entry_path"
        )
    }
    public = {
        pk: (rev, validity)
        for pk, rev, validity in public_items().values_list(
            "pk", "published_revision_id", "validity"
        )
    }
    gone = [pk for pk in indexed if pk not in public]
    stale = [
        pk
        for pk, (rev, validity) in public.items()
        if indexed.get(pk, (None, None))[:2] != (rev, validity)
    ]
    # Catalogue moves: compare the entry path of the items indexed and still current.
    current = [pk for pk in public if pk in indexed and pk not in stale]
    for start in range(0, len(current), batch):
        chunk = current[start : start + batch]
        for item in Item.objects.filter(pk__in=chunk).select_related("catalog_entry"):
            if _entry_path(item) != indexed[item.pk][2]:
                stale.append(item.pk)
    _delete(gone)
    for start in range(0, len(stale), batch):
        _index(list(_public(stale[start : start + batch])))
    return SyncResult(added=len(stale), removed=len(gone))


@transaction.atomic
def reindex_all(batch: int = 500) -> int:
    """Empty the index and index every public item again; returns how many."""
    Entry.objects.all().delete()
    if _vendor() == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
    pks = list(public_items().values_list("pk", flat=True))
    for start in range(0, len(pks), batch):
        write_rows([_row(i, i.published_revision) for i in _public(pks[start : start + batch])])
    return len(pks)


# --- reading -----------------------------------------------------------------------------

#: Matches are counted exactly up to this many; beyond it the page says "more than" (a
#: common word in a million items would otherwise be counted on every request). It is the
#: deepest result the search page serves (views.MAX_PAGE pages of PER_PAGE).
COUNT_LIMIT = 10_000
#: When more items match than this, relevance is computed for the RANK_WINDOW most recently
#: created matches only (ranked by relevance on the first pages), and the matches after
#: them follow newest first. Ranking every match of a common word costs seconds at a
#: million items (bench/search.py); a reader who wants older documents adds a date or a
#: second word, and fewer matches are ranked in full. Any multiple of the page size works.
RANK_WINDOW = 1_000


@dataclass(frozen=True)
class Hit:
    item: Item
    revision: Revision
    score: float
    snippet_html: str


@dataclass(frozen=True)
class Results:
    #: Matches counted, at most COUNT_LIMIT (``more`` says when there are more).
    total: int
    hits: list[Hit] = field(default_factory=list)
    page: int = 1
    per_page: int = PER_PAGE
    query: search_text.Query | None = None
    more: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _public_condition() -> tuple[str, list]:
    """SQL true when the row of ``search_entry`` is an item public now at the revision
    indexed: ``public_items()`` itself, as a correlated EXISTS (one primary-key look-up
    per candidate; an ``IN (all public items)`` built a million-row set on every query)."""
    from django.db.models import Exists, OuterRef, Subquery

    if _vendor() == "postgresql":
        # A scalar subquery (LIMIT 1) stays a per-row check: PostgreSQL turns an EXISTS
        # into a hash join over every match and every public item — no early stop at the
        # LIMITs below, ~1 s for a common word in 100k items instead of ~0.1 s.
        public = public_items().filter(pk=OuterRef("item_id")).order_by()
        condition = Entry.objects.filter(
            revision_id=Subquery(public.values("published_revision_id")[:1])
        )
    else:
        public = public_items().filter(
            pk=OuterRef("item_id"), published_revision_id=OuterRef("revision_id")
        )
        condition = Entry.objects.filter(Exists(public.order_by().values("pk")))
    sql, params = condition.order_by().values("pk").query.sql_with_params()
    # "SELECT … FROM "search_entry" WHERE EXISTS(…)": keep the condition. The outer
    # references are written "search_entry"."item_id", the table our queries name.
    return sql.split(" WHERE ", 1)[1], list(params)


def _filters(
    agency: Agency | None,
    entry: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    doc_type: str | None,
    validity: str | None,
    phrases: tuple[str, ...],
) -> tuple[str, list]:
    """SQL conditions on the index row ``search_entry``, with parameters."""
    public_sql, params = _public_condition()
    where: list[str] = [public_sql]
    if agency is not None:
        where.append("search_entry.agency_path LIKE %s")
        params.append(agency.path.replace("%", "").replace("_", "") + "%")
    if entry:
        where.append("search_entry.entry_path LIKE %s")
        params.append("%/" + entry.replace("%", "") + "/%")
    if date_from:
        where.append("search_entry.published_on >= %s")
        params.append(date_from)
    if date_to:
        where.append("search_entry.published_on <= %s")
        params.append(date_to)
    if doc_type:
        where.append("search_entry.doc_type = %s")
        params.append(doc_type)
    if validity:
        # Read from the item, not the copy: validity changes without a new revision.
        where.append(
            "EXISTS (SELECT 1 FROM publishing_item v"
            " WHERE v.id = search_entry.item_id AND v.validity = %s)"
        )
        params.append(validity)
    find = "instr" if _vendor() == "sqlite" else "strpos"
    for phrase in phrases:
        # Against the plain text (the segmented columns have spaces between the words).
        where.append(
            f"({find}(lower(search_entry.title), %s) > 0"
            f" OR {find}(lower(search_entry.summary), %s) > 0"
            f" OR {find}(lower(search_entry.body), %s) > 0)"
        )
        params += [phrase, phrase, phrase]
    return " AND ".join(where), params


def _ranked_rows(
    parsed: search_text.Query, where: str, params: list, offset: int, per_page: int
) -> tuple[int, bool, list[tuple[int, int, float]]]:
    """(matches counted, more than COUNT_LIMIT?, the page's rows (item, revision, score))."""
    if _vendor() == "sqlite":
        # CROSS JOIN: the full-text index drives (newest first when asked), each candidate
        # then checked by primary key; never the other way round.
        match_params = [search_text.fts5_match(parsed), *params]
        base = (
            "FROM search_fts CROSS JOIN search_entry ON search_entry.item_id = search_fts.rowid"
            f" WHERE search_fts MATCH %s AND {where}"
        )
        score = f"-bm25(search_fts, {TITLE_WEIGHT}, 1.0)"
        newest = "search_fts.rowid DESC"
    else:
        tsquery, ts_params = search_text.tsquery_parts(parsed)
        match_params = [*ts_params, *params]
        base = f"FROM search_entry WHERE search_entry.document @@ ({tsquery}) AND {where}"
        score = f"ts_rank(search_entry.document, {tsquery})"
        match_params_scored = [*ts_params, *match_params]
        newest = "search_entry.item_id DESC"
    scored = match_params if _vendor() == "sqlite" else match_params_scored
    columns = f"search_entry.item_id, search_entry.revision_id, {score} AS score"
    order = "score DESC, published_at DESC, item_id DESC"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 {base} LIMIT %s) AS found",
            [*match_params, COUNT_LIMIT + 1],
        )
        counted = cursor.fetchone()[0]
        more = counted > COUNT_LIMIT
        total = min(counted, COUNT_LIMIT)
        if total <= RANK_WINDOW:
            cursor.execute(
                f"SELECT {columns}, search_entry.published_at {base}"
                f" ORDER BY {order} LIMIT %s OFFSET %s",
                [*scored, per_page, offset],
            )
            return total, more, [r[:3] for r in cursor.fetchall()]
        rows: list[tuple[int, int, float]] = []
        if offset < RANK_WINDOW:
            # The newest RANK_WINDOW matches, ranked among themselves.
            cursor.execute(
                f"SELECT item_id, revision_id, score FROM (SELECT {columns},"
                f" search_entry.published_at {base} ORDER BY {newest} LIMIT %s) AS newest"
                f" ORDER BY {order} LIMIT %s OFFSET %s",
                [*scored, RANK_WINDOW, min(per_page, RANK_WINDOW - offset), offset],
            )
            rows += cursor.fetchall()
        if offset + per_page > RANK_WINDOW:
            # Past the window: the older matches, newest first.
            start = max(offset, RANK_WINDOW)
            cursor.execute(
                f"SELECT {columns} {base} ORDER BY {newest} LIMIT %s OFFSET %s",
                [*scored, offset + per_page - start, start],
            )
            rows += cursor.fetchall()
    return total, more, rows


def search(
    query: str,
    *,
    agency: Agency | None = None,
    entry: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    doc_type: str | None = None,
    validity: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Results:
    """Public items matching every word of ``query``, best first (title words weigh
    most, then newer first; see RANK_WINDOW for very common words), ``per_page`` per page.
    ``agency``: that agency and every agency below it; ``entry``: a catalogue entry code,
    that entry and below."""
    parsed = search_text.parse_query(query)
    page = max(1, int(page or 1))
    if parsed.empty:
        return Results(0, [], page, per_page, parsed)
    where, params = _filters(agency, entry, date_from, date_to, doc_type, validity, parsed.phrases)
    offset = (page - 1) * per_page
    total, more, rows = _ranked_rows(parsed, where, params, offset, per_page)
    items = {i.pk: i for i in _public([r[0] for r in rows])}
    entries = {e.item_id: e for e in Entry.objects.filter(item_id__in=[r[0] for r in rows])}
    hits = []
    for item_id, _revision_id, score in rows:
        item = items.get(item_id)
        found = entries.get(item_id)
        if item is None or found is None:  # withdrawn between the two queries
            continue
        snippet = search_text.snippet([found.body, found.summary], parsed.highlight)
        hits.append(Hit(item, item.published_revision, float(score), snippet))
    return Results(total, hits, page, per_page, parsed, more)
