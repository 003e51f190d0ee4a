"""The read API (and token-authenticated uploads), described by OpenAPI at /api/openapi.json."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gongkai.api"
    verbose_name = "开放接口"

    def ready(self) -> None:
        from gongkai.audit.kinds import FAMILY_LABELS, register

        FAMILY_LABELS["api"] = "开放接口"
        for kind, label in AUDIT_KINDS.items():
            register(kind, label)


AUDIT_KINDS = {
    "api.token_created": "开放接口：创建接口令牌",
    "api.token_revoked": "开放接口：吊销接口令牌",
    "api.report_uploaded": "开放接口：凭令牌上传年度报告",
}
