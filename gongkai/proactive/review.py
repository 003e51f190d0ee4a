"""The review of one revision (三审三校) as a log of actions, and what may happen next.

As with an application's lifecycle (gongkai/disclosure/lifecycle.py), the log is the truth:
a revision's state, its current stage and who has approved are replayed from the actions
recorded so far, and a new action is allowed only if the replayed state allows it. The
state stored on a revision is a copy kept for queries, always rewritten from this replay.

A chain is an ordered list of approval stages, each done by one role. The writer's own
step (撰稿: filling the approval form) is the submission itself: a stage "撰稿" approved by
the drafter role would need a second clerk, and many townships have one (see
``WRITER_STAGE``, which the 审批单 prints as its first row).

Rules that hold whatever the chain:
- nobody skips a stage: an approval names the stage it approves, which must be the current
  one, and needs that stage's role;
- the writer (the author, and whoever submitted the revision) never approves or returns it
  — separation of duties;
- one person approves at most one stage of a round, unless the agency allows it
  (``Rules.allow_one_person_two_stages``, default no);
- the final approval is refused while screening reports a blocking finding, unless the
  approver overrides it with a reason (OVERRIDE).

Roles are the stable values of ``gongkai.agencies.models.Role`` as strings (this module
imports no Django; a test checks the values match).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

# The values of gongkai.agencies.models.Role (tests/proactive checks they agree).
DRAFTER = "drafter"
REVIEWER = "reviewer"
SECRECY_REVIEWER = "secrecy_reviewer"
FINAL_APPROVER = "final_approver"
DISCLOSURE_HEAD = "disclosure_head"

#: Who may publish or schedule an approved revision: the office that runs the column.
PUBLISHER_ROLES = frozenset({DRAFTER, DISCLOSURE_HEAD, FINAL_APPROVER})
#: Who may take a published item down (撤稿): a decision above the clerk.
WITHDRAW_ROLES = frozenset({DISCLOSURE_HEAD, FINAL_APPROVER})
#: Who may write and submit.
WRITER_ROLES = frozenset({DRAFTER, DISCLOSURE_HEAD})


@dataclass(frozen=True)
class Stage:
    key: str
    label_zh: str
    role: str


#: The writer's step, shown as the first row of the 审批单; done by SUBMIT, not approved.
WRITER_STAGE = Stage("draft", "撰稿", DRAFTER)

#: The township default (DOMAIN.md: 分管领导审核, 信息员校对, 保密审查, 主要领导终审). There is no
#: separate 信息员 role; the head of the 信息公开工作机构 proofreads.
DEFAULT_TOWNSHIP_CHAIN: tuple[Stage, ...] = (
    Stage("review", "分管领导审核", REVIEWER),
    Stage("proofread", "信息员校对", DISCLOSURE_HEAD),
    Stage("secrecy", "保密审查", SECRECY_REVIEWER),
    Stage("final", "主要领导终审", FINAL_APPROVER),
)


class State(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    RETURNED = "returned"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    #: A draft its writer gave up before it was ever approved: kept for the record, out of
    #: every list of work to do and of every publication deadline.
    DISCARDED = "discarded"


STATE_LABELS_ZH: dict[State, str] = {
    State.DRAFT: "草稿",
    State.IN_REVIEW: "审核中",
    State.RETURNED: "已退回修改",
    State.APPROVED: "已审核待发布",
    State.SCHEDULED: "已定时待发布",
    State.PUBLISHED: "已发布",
    State.WITHDRAWN: "已撤稿",
    State.DISCARDED: "已作废",
}

#: States in which the text may still be changed.
EDITABLE = frozenset({State.DRAFT, State.RETURNED})


class Action(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    OVERRIDE = "override"
    RETURN = "return"
    RESUBMIT = "resubmit"
    SCHEDULE = "schedule"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"
    DISCARD = "discard"


ACTION_LABELS_ZH: dict[Action, str] = {
    Action.SUBMIT: "提交审核",
    Action.APPROVE: "审核通过",
    Action.OVERRIDE: "审核通过（说明理由后放行筛查问题）",
    Action.RETURN: "退回修改",
    Action.RESUBMIT: "修改后重新提交",
    Action.SCHEDULE: "定时发布",
    Action.PUBLISH: "发布",
    Action.WITHDRAW: "撤稿",
    Action.DISCARD: "作废稿件",
}


class ActionNotAllowed(ValueError):
    """An action the state does not allow; the message is shown to the person as is."""


@dataclass(frozen=True)
class Rules:
    allow_one_person_two_stages: bool = False


@dataclass(frozen=True)
class Logged:
    """One recorded action as the core needs it.

    ``actor`` is any hashable identity (a user id); ``roles`` the roles the actor held in
    the agency when acting (kept in the log, so a replay re-checks them); ``stage`` the
    index of the stage an approval or return acts on; ``blocking`` the rule ids of the
    screening findings that block the final approval at that moment."""

    action: Action
    actor: Hashable
    roles: frozenset[str] = frozenset()
    stage: int | None = None
    comment: str = ""
    override_reason: str = ""
    blocking: tuple[str, ...] = ()
    at: dt.datetime | None = None
    scheduled_for: dt.datetime | None = None


@dataclass(frozen=True)
class ReviewState:
    state: State = State.DRAFT
    #: The stage waiting for approval while IN_REVIEW, else None.
    stage: int | None = None
    #: (stage index, actor) of this round's approvals, in order.
    approvals: tuple[tuple[int, Hashable], ...] = ()
    #: The author and everyone who submitted: none of them may approve or return.
    writers: frozenset = frozenset()
    rounds: int = 0
    last_comment: str = ""
    scheduled_for: dt.datetime | None = None
    #: Approvals of earlier rounds are kept for the record (审批单), not for the rules.
    history: tuple[tuple[int, int, Hashable], ...] = field(default=())


def start(writer: Hashable) -> ReviewState:
    return ReviewState(writers=frozenset({writer}))


def replay(
    chain: Sequence[Stage],
    actions: Iterable[Logged],
    *,
    writer: Hashable,
    rules: Rules = Rules(),
) -> ReviewState:
    """The state after ``actions``; raises ActionNotAllowed on the first action that was
    not allowed (a log is only ever extended through ``advance``, so this means tampering
    or a bug)."""
    state = start(writer)
    for logged in actions:
        state = advance(chain, state, logged, rules=rules)
    return state


def advance(
    chain: Sequence[Stage], state: ReviewState, logged: Logged, *, rules: Rules = Rules()
) -> ReviewState:
    """The state after one more action, refusing one the state does not allow."""
    reason = refusal(chain, state, logged, rules=rules)
    if reason:
        raise ActionNotAllowed(reason)
    return _apply(chain, state, logged)


def allowed(
    chain: Sequence[Stage],
    state: ReviewState,
    actor: Hashable,
    roles: Iterable[str],
    *,
    rules: Rules = Rules(),
    blocking: tuple[str, ...] = (),
) -> list[Action]:
    """What ``actor`` holding ``roles`` may do now (reasons and dates assumed given)."""
    roles = frozenset(roles)
    result = []
    for action in Action:
        probe = Logged(
            action,
            actor,
            roles,
            stage=state.stage,
            comment="…",
            override_reason="…",
            blocking=blocking,
            scheduled_for=dt.datetime.max.replace(tzinfo=dt.UTC),
        )
        if refusal(chain, state, probe, rules=rules) is None:
            result.append(action)
    return result


def refusal(
    chain: Sequence[Stage], state: ReviewState, logged: Logged, *, rules: Rules = Rules()
) -> str | None:
    """Why ``logged`` may not happen now, or None."""
    action, s, who, roles = logged.action, state.state, logged.actor, logged.roles
    label = ACTION_LABELS_ZH[action]
    if action == Action.SUBMIT or action == Action.RESUBMIT:
        wanted = State.DRAFT if action == Action.SUBMIT else State.RETURNED
        if s != wanted:
            return f"稿件当前为“{STATE_LABELS_ZH[s]}”，不能“{label}”"
        if not chain:
            return "本机关还没有设置审核流程，请先设置审核环节"
        if who not in state.writers and not (roles & WRITER_ROLES):
            return "只有撰稿人可以提交审核"
        return None
    if action in (Action.APPROVE, Action.OVERRIDE, Action.RETURN):
        if s != State.IN_REVIEW or state.stage is None:
            return f"稿件当前为“{STATE_LABELS_ZH[s]}”，不在审核中，不能“{label}”"
        current = chain[state.stage]
        if logged.stage != state.stage:
            # Approving a later stage is skipping; an earlier one is a stale page.
            return f"稿件正在“{current.label_zh}”环节，不能跳过或重复审核其他环节"
        if current.role not in roles:
            return f"“{current.label_zh}”环节须由{_role_zh(current.role)}办理，您没有这一岗位"
        if who in state.writers:
            return "撰稿人不能审核自己撰写或提交的稿件"
        if action == Action.RETURN:
            return None if logged.comment.strip() else "退回修改时请填写意见，告诉撰稿人改什么"
        if not rules.allow_one_person_two_stages and any(a == who for _, a in state.approvals):
            return "您已审核过本稿件的另一个环节，同一人不能审核两个环节（可在发布设置中调整）"
        if action == Action.OVERRIDE:
            if not logged.override_reason.strip():
                return "放行筛查问题时请填写理由"
            return None
        final = state.stage == len(chain) - 1
        if final and logged.blocking:
            return (
                "内容筛查发现须处理的问题（" + "、".join(logged.blocking) + "），"
                "请退回修改；确需发布的，由终审人填写理由后放行"
            )
        return None
    if action in (Action.PUBLISH, Action.SCHEDULE):
        if s not in (State.APPROVED, State.SCHEDULED):
            return f"稿件当前为“{STATE_LABELS_ZH[s]}”，尚未通过全部审核环节，不能“{label}”"
        if not (roles & PUBLISHER_ROLES):
            return "只有撰稿人、信息公开工作机构负责人或主要领导可以发布"
        if action == Action.SCHEDULE and logged.scheduled_for is None:
            return "请填写定时发布的时间"
        if (
            action == Action.SCHEDULE
            and logged.at is not None
            and logged.scheduled_for is not None
            and logged.scheduled_for <= logged.at
        ):
            return "定时发布的时间应当晚于现在"
        return None
    if action == Action.WITHDRAW:
        if s != State.PUBLISHED:
            return "只有已发布的信息可以撤稿"
        if not (roles & WITHDRAW_ROLES):
            return "撤稿须由信息公开工作机构负责人或主要领导决定"
        return None if logged.comment.strip() else "撤稿时请填写理由"
    if action == Action.DISCARD:
        # Only what the writer still holds: once in review the reviewers own the next
        # step (they return it first), and an approved text is the office's decision.
        if s not in EDITABLE:
            return f"稿件当前为“{STATE_LABELS_ZH[s]}”，只有草稿和退回修改的稿件可以作废"
        if who not in state.writers and not (roles & WRITER_ROLES):
            return "只有撰稿人可以作废稿件"
        return None
    return f"现在不能“{label}”"


def _apply(chain: Sequence[Stage], state: ReviewState, logged: Logged) -> ReviewState:
    action = logged.action
    if action in (Action.SUBMIT, Action.RESUBMIT):
        return replace(
            state,
            state=State.IN_REVIEW,
            stage=0,
            approvals=(),
            writers=state.writers | {logged.actor},
            rounds=state.rounds + 1,
        )
    if action in (Action.APPROVE, Action.OVERRIDE):
        assert state.stage is not None
        approvals = (*state.approvals, (state.stage, logged.actor))
        history = (*state.history, (state.rounds, state.stage, logged.actor))
        if state.stage == len(chain) - 1:
            return replace(
                state, state=State.APPROVED, stage=None, approvals=approvals, history=history
            )
        return replace(state, stage=state.stage + 1, approvals=approvals, history=history)
    if action == Action.RETURN:
        # Back to the writer; the next submission starts again at the first stage.
        return replace(
            state, state=State.RETURNED, stage=None, approvals=(), last_comment=logged.comment
        )
    if action == Action.SCHEDULE:
        return replace(state, state=State.SCHEDULED, scheduled_for=logged.scheduled_for)
    if action == Action.PUBLISH:
        return replace(state, state=State.PUBLISHED, scheduled_for=None)
    if action == Action.WITHDRAW:
        return replace(state, state=State.WITHDRAWN, last_comment=logged.comment)
    if action == Action.DISCARD:
        return replace(state, state=State.DISCARDED, stage=None, last_comment=logged.comment)
    raise AssertionError(action)  # pragma: no cover


_ROLE_ZH = {
    DRAFTER: "撰稿人",
    REVIEWER: "审核人（分管领导）",
    SECRECY_REVIEWER: "保密审查员",
    FINAL_APPROVER: "终审人（主要领导）",
    DISCLOSURE_HEAD: "信息公开工作机构负责人",
}


def _role_zh(role: str) -> str:
    return _ROLE_ZH.get(role, role)


def stage_label(chain: Sequence[Stage], state: ReviewState) -> str:
    """ "审核中（保密审查）" and the like, for lists."""
    if state.state == State.IN_REVIEW and state.stage is not None:
        return f"{STATE_LABELS_ZH[state.state]}（{chain[state.stage].label_zh}）"
    return STATE_LABELS_ZH[state.state]


def chain_to_data(chain: Sequence[Stage]) -> list[dict[str, str]]:
    return [{"key": s.key, "label_zh": s.label_zh, "role": s.role} for s in chain]


def chain_from_data(data: Iterable[dict[str, str]]) -> tuple[Stage, ...]:
    return tuple(Stage(d["key"], d["label_zh"], d["role"]) for d in data)
