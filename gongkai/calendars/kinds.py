"""The audit-log kinds this app writes, with the labels people read in the log viewer."""

from django.utils.translation import gettext_lazy as _

from gongkai.audit.kinds import register

YEAR_SAVED = "calendar.year_saved"
YEAR_CONFIRMED = "calendar.year_confirmed"

register(YEAR_SAVED, _("保存工作日历年度"))
register(YEAR_CONFIRMED, _("确认工作日历年度"))
