"""What the handler's pages show, put together from selectors and the lifecycle: the queue
in urgency groups, the deadlines panel, the timeline, and the action forms the case's
replayed state allows. No writes, no permission decisions beyond hiding a form the
service would refuse anyway."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import prefetch_related_objects
from django.forms import Form
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.disclosure.lifecycle import (
    CONCLUDING_OUTCOMES,
    STEP_LABELS_ZH,
    CaseState,
    Status,
    Step,
    StepNotAllowed,
    allowed_steps,
    replay,
)
from gongkai.disclosure.receipt import Channel
from gongkai.workdays import DueDate

from . import permissions, selectors
from .forms import (
    AppealConcludeForm,
    AppealForm,
    AssignForm,
    CustomDueForm,
    DecideForm,
    ExtensionForm,
    FeeNoticeForm,
    NoteForm,
    ReceiveForm,
    StepForm,
)
from .models import Appeal, Application, CaseStep
from .services import SIMPLE_STEPS

STEPS_WITH_PARTY = frozenset(
    {
        Step.THIRD_PARTY_CONSULTED,
        Step.THIRD_PARTY_REPLIED,
        Step.AGENCY_CONSULTED,
        Step.AGENCY_REPLIED,
    }
)
REPLY_STEPS = frozenset({Step.THIRD_PARTY_REPLIED, Step.AGENCY_REPLIED})
# The steps that usually come with paper: the corrected application, a written reply.
STEPS_WITH_FILES = frozenset({Step.CORRECTION_RECEIVED, *REPLY_STEPS})

# The answer first: it is the date a clerk is judged by; the others serve it.
DEADLINE_ORDER = ("custom", "answer", "correction_notice", "third_party_reply", "fee_payment")

# Table 三's result groups, in the table's order, and how an outcome's row falls into them.
OUTCOME_GROUPS_ZH = (
    ("granted", "予以公开"),
    ("partially_granted", "部分公开"),
    ("denied_", "不予公开"),
    ("unable_", "无法提供"),
    ("notproc_", "不予处理"),
    ("other_", "其他处理"),
)
# These outcomes are recorded by their own steps (逾期未补正, 逾期未缴费), which also end
# the case's clocks; choosing them in the decision form would skip that.
OUTCOMES_BY_OWN_STEP = frozenset(v for k, v in CONCLUDING_OUTCOMES.items() if k != Step.WITHDRAWN)


def outcome_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The outcomes as grouped choices (<optgroup>s), or [] while the registry is absent."""
    try:
        from gongkai.disclosure.outcomes import OUTCOMES
    except ImportError:  # pragma: no cover - the registry is written in parallel
        return []
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for prefix, label in OUTCOME_GROUPS_ZH:
        members = [
            (o.key, o.label_zh)
            for o in OUTCOMES.values()
            if o.table3_row.startswith(prefix) and o.key not in OUTCOMES_BY_OWN_STEP
        ]
        if members:
            groups.append((label, members))
    return groups


def outcome_label(key: str) -> str:
    if not key:
        return ""
    try:
        from gongkai.disclosure.outcomes import OUTCOMES
    except ImportError:  # pragma: no cover
        return key
    found = OUTCOMES.get(key)
    return found.label_zh if found else key


# --- the queue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueGroup:
    urgency: str
    label: str
    rows: list[selectors.QueueRow]

    @property
    def count(self) -> int:
        return len(self.rows)


def queue_groups(rows: list[selectors.QueueRow]) -> list[QueueGroup]:
    """Every urgency group in order, empty ones included (their count 0 is news too)."""
    by: dict[str, list[selectors.QueueRow]] = {u: [] for u in selectors.URGENCY_ORDER}
    for row in rows:
        by[row.urgency].append(row)
    return [QueueGroup(u, selectors.URGENCY_LABELS_ZH[u], by[u]) for u in selectors.URGENCY_ORDER]


# --- the case page -----------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRow:
    key: str
    label: str
    due: DueDate
    replaced: bool = False  # the statutory answer date after a 第三十五条 date was set


def deadline_rows(d: selectors.Deadlines) -> list[DeadlineRow]:
    rows = []
    for key in DEADLINE_ORDER:
        due = d.dues.get(key)
        if due is None:
            continue
        label = selectors.DEADLINE_LABELS_ZH.get(key, key)
        rows.append(DeadlineRow(key, label, due, replaced=key == "answer" and "custom" in d.dues))
    # A deadline the selectors add later still shows, after the known ones.
    for key, due in d.dues.items():
        if key not in DEADLINE_ORDER:
            rows.append(DeadlineRow(key, selectors.DEADLINE_LABELS_ZH.get(key, key), due))
    return rows


@dataclass
class Action:
    """One form of the actions panel. ``key`` is the form's prefix and names its route."""

    key: str
    label: str
    url: str
    form: Form | None
    step: Step | None = None
    with_party: bool = False
    with_files: bool = False
    hint: str = ""
    open: bool = False  # shown unfolded: it was just posted and refused

    @property
    def multipart(self) -> bool:
        return self.with_files


def handler_people(agency: Agency):
    """People who may handle the agency's cases: members of it or of an agency above it
    (``permissions.can_handle``)."""
    parts = [p for p in agency.path.split("/") if p]
    paths = ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__agency__path__in=paths)
        .distinct()
        .order_by("username")
    )


def _today() -> dt.date:
    return selectors.today()


def make_form(key: str, app: Application, state: CaseState, data=None, files=None) -> Form:
    """The form behind action ``key``, unbound (with today's date) or bound to a POST."""
    initial = {"date": _today()}
    bound = {"data": data, "files": files} if data is not None else {"initial": initial}
    if key == "receive":
        return ReceiveForm(prefix=key, **({"initial": {"received_on": _today()}} | bound))
    if key == "assign":
        people = handler_people(app.agency)
        return AssignForm(
            prefix=key, people=people, **({"initial": {"handler": app.handler_id}} | bound)
        )
    if key == "note":
        return NoteForm(prefix=key, **bound)
    if key == "extend":
        return ExtensionForm(prefix=key, **bound)
    if key == "custom_due":
        return CustomDueForm(prefix=key, **bound)
    if key == "fee_notice":
        return FeeNoticeForm(prefix=key, **bound)
    if key == "decide":
        return DecideForm(
            prefix=key, items=app.items.all(), outcome_choices=outcome_choices(), **bound
        )
    step = Step(key)
    form = StepForm(prefix=key, **bound)
    if step not in STEPS_WITH_PARTY:
        del form.fields["party"]
    elif step in REPLY_STEPS and state.open_consultations:
        # Who replied: one of those being consulted (the lifecycle refuses anyone else).
        from django import forms as django_forms

        form.fields["party"] = django_forms.ChoiceField(
            label=form.fields["party"].label,
            choices=[(p, p or "—") for p in state.open_consultations],
        )
    else:
        form.fields["party"].required = True
    if step not in STEPS_WITH_FILES:
        del form.fields["files"]
    return form


ACTION_LABELS = {
    "receive": STEP_LABELS_ZH[Step.RECEIVED],
    "assign": STEP_LABELS_ZH[Step.ASSIGNED],
    "note": "添加内部备注",
    "extend": STEP_LABELS_ZH[Step.EXTENDED],
    "custom_due": STEP_LABELS_ZH[Step.CUSTOM_DUE_SET],
    "fee_notice": STEP_LABELS_ZH[Step.FEE_NOTICE],
    "decide": STEP_LABELS_ZH[Step.DECIDED],
}


def action_url(app: Application, key: str) -> str:
    names = {
        "receive": "applications:case_receive",
        "assign": "applications:case_assign",
        "note": "applications:case_note",
        "extend": "applications:case_extend",
        "custom_due": "applications:case_custom_due",
        "fee_notice": "applications:case_fee_notice",
        "decide": "applications:case_decide",
    }
    if key in names:
        return reverse(names[key], args=[app.pk])
    return reverse("applications:case_step", args=[app.pk, key])


def actions(
    app: Application, state: CaseState, user, bound: tuple[str, Form] | None = None
) -> list[Action]:
    """The forms for what may happen next, in the lifecycle's order; none for someone who
    may only read (the services refuse them anyway)."""
    if not permissions.can_handle(user, app.agency):
        return []
    result: list[Action] = []
    may_extend = permissions.can_approve_extension(user, app.agency)
    for step in allowed_steps(state):
        if step == Step.RECEIVED:
            key = "receive" if app.channel == Channel.ONLINE else None
        elif step == Step.ASSIGNED:
            key = "assign"
        elif step == Step.NOTE:
            key = "note"
        elif step == Step.EXTENDED:
            key = "extend"
        elif step == Step.CUSTOM_DUE_SET:
            key = "custom_due"
        elif step == Step.DECIDED:
            key = "decide"
        elif step in SIMPLE_STEPS:
            key = step.value
        elif step == Step.FEE_NOTICE:
            key = "fee_notice"
        else:
            key = None
        if key is None:
            continue
        if key == "extend" and not may_extend:
            result.append(
                Action(
                    key,
                    ACTION_LABELS[key],
                    "",
                    None,
                    step=step,
                    hint="延长答复期限须经信息公开工作机构负责人或主要领导同意，"
                    "由其本人在本页登记。",
                )
            )
            continue
        is_bound = bound is not None and bound[0] == key
        form = bound[1] if is_bound else make_form(key, app, state)
        result.append(
            Action(
                key,
                ACTION_LABELS.get(key) or STEP_LABELS_ZH[step],
                action_url(app, key),
                form,
                step=step,
                with_party="party" in form.fields,
                with_files="files" in form.fields,
                open=is_bound,
            )
        )
    return result


# --- letters and appeals on the case page ---------------------------------------------------


@dataclass(frozen=True)
class LetterChoice:
    """One entry of the "生成文书" list: a letter, for one third party where it applies."""

    key: str
    label: str
    party: str = ""
    default: bool = False

    @property
    def value(self) -> str:
        # The party rides in the value so one <select> covers every consultation letter.
        return f"{self.key}:{self.party}" if self.party else self.key


def letter_choices(app: Application, steps: list[CaseStep]) -> list[LetterChoice]:
    """The letters that make sense for what has happened so far, in the order it
    happened; the last one is the default (the letter most likely still to be sent)."""
    from gongkai.officialdoc.letters_zh import DEFAULT_LETTERS

    from .letters import decision_key

    def title(key: str) -> str:
        return DEFAULT_LETTERS[key].title

    happened = {s.step for s in steps}
    found: list[LetterChoice] = []
    if app.received_on is not None:
        found.append(LetterChoice("receipt", title("receipt")))
    if Step.CORRECTION_REQUESTED in happened:
        found.append(LetterChoice("correction_notice", title("correction_notice")))
    if Step.EXTENDED in happened:
        found.append(LetterChoice("extension_notice", title("extension_notice")))
    parties = list(dict.fromkeys(s.party for s in steps if s.step == Step.THIRD_PARTY_CONSULTED))
    for party in parties:
        label = title("third_party_consultation") + (f"（{party}）" if party else "")
        found.append(LetterChoice("third_party_consultation", label, party=party))
    if Step.FEE_NOTICE in happened:
        found.append(LetterChoice("fee_notice", title("fee_notice")))
    decided = Step.DECIDED in happened or any(i.outcome for i in app.items.all())
    if decided:
        best = decision_key(app)
        keys = [best] + [
            k for k in ("decision", "decision_granted", "decision_partial") if k != best
        ]
        found += [LetterChoice(k, title(k), default=k == best) for k in keys]
    if found and not any(c.default for c in found):
        last = found[-1]
        found[-1] = LetterChoice(last.key, last.label, last.party, default=True)
    return found


@dataclass
class AppealRow:
    appeal: Appeal
    form: Form | None  # the result form, for whoever may handle the case
    open: bool = False


def appeal_list(
    app: Application, may_handle: bool, bound: tuple[str, Form] | None = None
) -> list[AppealRow]:
    rows = []
    for appeal in app.appeals.all():
        key = f"conclude_{appeal.pk}"
        form = None
        if may_handle:
            if bound is not None and bound[0] == key:
                form = bound[1]
            else:
                form = AppealConcludeForm(
                    prefix=key,
                    initial={"result": appeal.result, "decided_on": appeal.decided_on},
                )
        rows.append(AppealRow(appeal, form, open=bound is not None and bound[0] == key))
    return rows


@dataclass
class CasePage:
    application: Application
    steps: list[CaseStep]
    state: CaseState
    deadlines: selectors.Deadlines
    deadline_rows: list[DeadlineRow]
    intake_files: list
    items: list
    actions: list[Action] = field(default_factory=list)
    may_handle: bool = False
    # The log could not be replayed (edited by hand, or a lifecycle change): the page still
    # shows what was recorded, offers no actions, and says why.
    log_error: str = ""
    letters: list = field(default_factory=list)
    letter_choices: list[LetterChoice] = field(default_factory=list)
    appeals: list[AppealRow] = field(default_factory=list)
    appeal_form: Form | None = None
    appeal_form_open: bool = False


def case_page(app: Application, user, bound: tuple[str, Form] | None = None) -> CasePage:
    steps = selectors.steps_of(app)
    prefetch_related_objects(steps, "files")
    log_error = ""
    try:
        state = replay(selectors.logged(steps))
    except StepNotAllowed as exc:
        state, log_error = CaseState(status=Status(app.status)), str(exc)
    d = selectors.case_deadlines(app, steps)
    items = list(app.items.all())
    for item in items:
        item.outcome_label = outcome_label(item.outcome)
    may_handle = permissions.can_handle(user, app.agency)
    # A log that does not replay offers nothing to do, here as in the actions panel.
    may_act = may_handle and not log_error
    appeal_rows = appeal_list(app, may_act, bound)
    appeal_form = None
    if may_act and app.received_on is not None:
        appeal_form = bound[1] if bound and bound[0] == "appeal" else AppealForm(prefix="appeal")
    return CasePage(
        application=app,
        steps=steps,
        state=state,
        deadlines=d,
        deadline_rows=deadline_rows(d),
        intake_files=list(app.files.filter(step__isnull=True)),
        items=items,
        actions=actions(app, state, user, bound) if may_handle and not log_error else [],
        may_handle=may_handle,
        log_error=log_error,
        letters=list(app.letters.select_related("created_by").order_by("-created_at", "-id")),
        letter_choices=letter_choices(app, steps) if may_act else [],
        appeals=appeal_rows,
        appeal_form=appeal_form,
        appeal_form_open=bool(bound and bound[0] == "appeal"),
    )


def state_of(app: Application) -> CaseState:
    """The replayed state for binding a posted form; a log that does not replay offers
    nothing to post (the service refuses with the same reason)."""
    try:
        return replay(selectors.logged(selectors.steps_of(app)))
    except StepNotAllowed:
        return CaseState(status=Status(app.status))


# --- letter templates -------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateCell:
    agency: Agency | None
    row: object | None  # the LetterTemplate row when this scope has its own text

    @property
    def query(self) -> str:
        return f"?agency={self.agency.pk}" if self.agency else ""


@dataclass(frozen=True)
class TemplateLine:
    key: str
    title: str
    cells: list[TemplateCell]


@dataclass(frozen=True)
class TemplateTable:
    scopes: list[Agency | None]
    lines: list[TemplateLine]


def template_table(scopes: list[Agency | None], own: dict) -> TemplateTable:
    """The eight letters × the scopes the person may edit: own text or the default."""
    from gongkai.officialdoc.letters_zh import DEFAULT_LETTERS

    lines = [
        TemplateLine(
            key,
            default.title,
            [TemplateCell(s, own.get((s.pk if s else None, key))) for s in scopes],
        )
        for key, default in DEFAULT_LETTERS.items()
    ]
    return TemplateTable(scopes, lines)


# --- tables 三 and 四 ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TablesScope:
    agency: Agency
    scope: str  # "self": the agency alone; "tree": it and every agency under it
    agencies: list[Agency]
    year: int
    years: list[int]
    choices: list[Agency]

    @property
    def title(self) -> str:
        return self.agency.name + ("（含下属机关）" if self.scope == "tree" else "")


@dataclass
class TablesPage:
    tables: list  # gongkai.reports.tables.TableView: 三 and 四
    findings: list[dict]
    table4_total: int


def tables_page(scope: TablesScope) -> TablesPage:
    """Tables 三 and 四 counted from the cases, drawn by the reports pages' own code (the
    official layout), with the checker's T3/T4 findings marked — none, by construction."""
    from gongkai.disclosure.counting import as_report
    from gongkai.reports.tables import build_tables

    counted = selectors.annual_tables(scope.agencies, scope.year)
    report = as_report(counted.table3, counted.table4, scope.year, scope.title).to_dict()
    findings = [{**f.to_dict(), "id": f"finding-{i}"} for i, f in enumerate(counted.findings, 1)]
    views = [t for t in build_tables(report, findings) if t.key in ("table3", "table4")]
    total = sum(cells.get("total", 0) for cells in counted.table4.values())
    return TablesPage(views, findings, total)


def tables_csv(tables: selectors.YearTables) -> str:
    """One line per cell: the format's row and column keys beside their Chinese labels, so
    a spreadsheet can be read by people and joined by programs."""
    import csv
    import io

    from gongkai.annualreport.formats import (
        FORMATS,
        TABLE3_COLUMNS,
        TABLE4_BLOCKS,
        TABLE4_COLUMNS,
    )
    from gongkai.disclosure.counting import expected_format

    out = io.StringIO()
    out.write("\ufeff")  # Excel on a government PC reads a CSV as GBK without it
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["表", "行键", "行名称", "列键", "列名称", "数值"])
    rows3 = FORMATS[expected_format(tables.year)].table3_rows
    for row, cells in tables.table3.items():
        for col, value in cells.items():
            label = rows3.get(row, row)
            writer.writerow(["表三", row, label, col, TABLE3_COLUMNS.get(col, col), value])
    for block, cells in tables.table4.items():
        for col, value in cells.items():
            writer.writerow(
                [
                    "表四",
                    block,
                    TABLE4_BLOCKS.get(block, block),
                    col,
                    TABLE4_COLUMNS.get(col, col),
                    value,
                ]
            )
    return out.getvalue()
