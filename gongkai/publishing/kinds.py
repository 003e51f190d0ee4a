"""The audit-log kinds this app writes, with the labels people read in the log viewer."""

from gongkai.audit.kinds import FAMILY_LABELS, register

ITEM_CREATED = "publishing.item_created"
REVISION_EDITED = "publishing.revision_edited"
CORRECTION_STARTED = "publishing.correction_started"
VALIDITY_SET = "publishing.validity_set"
INTERPRETATION_LINKED = "publishing.interpretation_linked"
INTERPRETATION_UNLINKED = "publishing.interpretation_unlinked"
CHANNEL_RECORDED = "publishing.channel_recorded"
POLICY_SAVED = "publishing.policy_saved"
CHAIN_SAVED = "publishing.chain_saved"
ITEM_REFILED = "publishing.item_refiled"

#: One kind per review action: "publishing.submit", "publishing.approve", …
ACTION_KIND = "publishing.{action}"

_LABELS = {
    ITEM_CREATED: "主动公开：新建信息",
    REVISION_EDITED: "主动公开：修改稿件",
    CORRECTION_STARTED: "主动公开：更正已发布的信息",
    VALIDITY_SET: "主动公开：标注文件效力",
    INTERPRETATION_LINKED: "主动公开：关联政策解读",
    INTERPRETATION_UNLINKED: "主动公开：取消关联政策解读",
    CHANNEL_RECORDED: "主动公开：登记公开渠道",
    POLICY_SAVED: "修改主动公开设置",
    CHAIN_SAVED: "修改主动公开审核流程",
    ITEM_REFILED: "主动公开：调整所属目录",
}


def _register() -> None:
    from gongkai.proactive.review import ACTION_LABELS_ZH

    FAMILY_LABELS["publishing"] = "主动公开"
    for kind, label in _LABELS.items():
        register(kind, label)
    for action, label in ACTION_LABELS_ZH.items():
        register(ACTION_KIND.format(action=action.value), f"主动公开：{label}")


_register()
