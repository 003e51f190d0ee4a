"""The API itself (django-ninja): public reads, and uploads with a token.

Thin, like every view here: selectors choose what may be read, services do the writes and
check permissions. This module turns their answers and refusals into JSON — always with
a Chinese ``detail`` for a refusal — and sets the caching headers of the public reads.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from ninja import File, NinjaAPI, Path, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer
from pydantic import Field

from gongkai.accounts.errors import InvalidChange
from gongkai.agencies.models import Agency
from gongkai.publishing.models import ItemKind
from gongkai.reports.models import UploadOutcome
from gongkai.reports.services import MAX_YEAR, MIN_YEAR  # the same years as the upload form

from . import schemas, selectors, services

#: Public reads may be kept this long by browsers and proxies: short, because a withdrawn
#: item must disappear soon, and the ETag makes revalidation cheap.
MAX_AGE = 60
MAX_PER_PAGE = 100


class ChineseJSON(JSONRenderer):
    """JSON with Chinese as characters rather than \\u escapes: readable with curl."""

    json_dumps_params = {"ensure_ascii": False}


class TokenAuth(HttpBearer):
    """``Authorization: Bearer gk_…`` — every refusal says in Chinese what is wrong."""

    def __call__(self, request: HttpRequest) -> Any:
        scheme, _sep, raw = request.headers.get("Authorization", "").strip().partition(" ")
        return self.authenticate(request, raw if scheme.lower() == "bearer" else "")

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            return services.token_use(token)
        except services.TokenRefused as e:
            raise AuthenticationError(message=e.message) from e


api = NinjaAPI(
    title="Gongkai 开放接口",
    version="1",
    description=(
        "政府信息公开平台的只读接口（机构、已公开信息、年度报告数据、依申请公开统计），"
        "以及凭接口令牌上传年度报告。只提供公开数据，从不包含申请人或留言人的任何个人信息。"
        "说明见 docs/api.md。"
    ),
    urls_namespace="api",
    docs_url=None,  # Swagger UI is a script from a CDN; /api/docs/ is a plain page instead
    openapi_url="/openapi.json",
    renderer=ChineseJSON(),
)

token_auth = TokenAuth()

NOT_FOUND = {404: schemas.Error}
BAD_INPUT = {422: schemas.InvalidInput}


# --------------------------------------------------------------------------------------------
# Refusals as JSON with a Chinese detail


def _error(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
    response = api.create_response(request, {"detail": str(detail), **extra}, status=status)
    patch_cache_control(response, no_store=True)
    return response


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = exc.message if exc.message != "Unauthorized" else _("缺少或无效的接口令牌。")
    response = _error(request, 401, message)
    response["WWW-Authenticate"] = 'Bearer realm="gongkai"'
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, exc.message)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, getattr(exc, "message", "") or str(exc) or _("无权进行此操作。"))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("找不到请求的内容。"))


@api.exception_handler(services.TooManyUploads)
def _too_many(request: HttpRequest, exc: services.TooManyUploads) -> HttpResponse:
    response = _error(request, 429, exc.message)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(InvalidChange)
def _invalid(request: HttpRequest, exc: InvalidChange) -> HttpResponse:
    return _error(request, 400, exc.message)


@api.exception_handler(DjangoValidationError)
def _django_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return _error(request, 400, "；".join(str(m) for m in exc.messages))


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, 413, _("请求太大：请只上传一份年度报告文件。"))


def _field(loc: list) -> str:
    """The parameter a problem is about: pydantic's location without where it was sent
    ("query", "path", "file" …) and without list positions."""
    parts = list(loc)
    if parts and parts[0] in ("query", "path", "body", "form", "file", "header", "cookie"):
        parts = parts[1:]
    names = [str(p) for p in parts if not isinstance(p, int)]
    return names[-1] if names else ""


@api.exception_handler(NinjaValidationError)
def _unprocessable(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields = sorted({_field(e.get("loc", [])) for e in exc.errors} - {""})
    detail = (
        _("参数不正确：%(fields)s。请对照接口说明检查。") % {"fields": "、".join(fields)}
        if fields
        else _("请求的参数不正确，请对照接口说明检查。")
    )
    errors = [
        {
            "loc": [p if isinstance(p, int) else str(p) for p in e.get("loc", [])],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors
    ]
    return _error(request, 422, detail, errors=json.loads(json.dumps(errors, default=str)))


def _public(request: HttpRequest, response: HttpResponse) -> None:
    """Cache headers of a public read: the same for everyone, kept briefly (the ETag is
    added by the URL wrapper in urls.py). A request with a session cookie is answered
    privately, as public pages are (gongkai.web.caching): the session middleware may attach
    a cookie to the answer, and that must never sit in a shared cache."""
    from django.conf import settings

    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True, no_cache=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=MAX_AGE)


def _private(response: HttpResponse) -> None:
    patch_cache_control(response, private=True, no_store=True)


def _agency(slug: str) -> Agency:
    agency = selectors.agency_by_slug(slug)
    if agency is None:
        raise HttpError(404, _("没有网址标识为「%(slug)s」的机构。") % {"slug": slug[:60]})
    return agency


Year = Path(..., ge=MIN_YEAR, le=MAX_YEAR, description="年度，如 2025")
ReportFile = File(..., description="年度报告文件")
#: An agency's 网址标识 (Agency.slug is a SlugField of at most 60 characters).
Slug = Path(
    ..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=60, description="机构的网址标识，如 qingshi"
)


# --------------------------------------------------------------------------------------------
# Agencies


def _agency_data(a: Agency) -> dict[str, Any]:
    return {
        "id": a.pk,
        "slug": a.slug,
        "name": a.name,
        "short_name": a.short_name,
        "level": a.level,
        "level_label": a.get_level_display(),
        "kind": a.kind,
        "kind_label": a.get_kind_display(),
        "parent": a.parent_id,
        "parent_slug": a.parent.slug if a.parent_id else None,
        "portal_url": selectors.portal_url(a),
    }


@api.get(
    "/agencies",
    response=list[schemas.AgencyOut],
    tags=["机构"],
    summary="机构树",
    description="全部机构，按树的顺序（上级在下级之前）；用 parent 还原树。",
)
def agency_list(request: HttpRequest, response: HttpResponse):
    _public(request, response)
    return [_agency_data(a) for a in selectors.agencies()]


@api.get(
    "/agencies/{slug}",
    response={200: schemas.AgencyOut, **NOT_FOUND, **BAD_INPUT},
    tags=["机构"],
    summary="一个机构",
)
def agency_detail(request: HttpRequest, response: HttpResponse, slug: str = Slug):
    agency = _agency(slug)
    _public(request, response)
    return _agency_data(agency)


# --------------------------------------------------------------------------------------------
# Published items


class ItemFilters(Schema):
    kind: ItemKind | None = Field(None, description="info / document / interpretation")
    published_from: dt.date | None = Field(None, description="发布日期不早于（YYYY-MM-DD）")
    published_to: dt.date | None = Field(None, description="发布日期不晚于（YYYY-MM-DD）")
    page: int = Field(1, ge=1, le=100_000, description="页码，从 1 开始")
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE, description="每页条数（最多 100）")


@api.get(
    "/agencies/{slug}/items",
    response={200: schemas.ItemPage, 400: schemas.Error, **NOT_FOUND, **BAD_INPUT},
    tags=["主动公开"],
    summary="机构已公开的信息",
    description=(
        "只列出已发布、未撤稿的信息（草稿、审核中、已撤稿的从不出现），最新发布的在前；"
        "只有目录信息（索引号、标题、文号、日期、有效性、公开页面地址），不含正文。"
    ),
)
def item_list(
    request: HttpRequest,
    response: HttpResponse,
    filters: Query[ItemFilters],
    slug: str = Slug,
):
    agency = _agency(slug)
    if (
        filters.published_from
        and filters.published_to
        and filters.published_from > filters.published_to
    ):
        raise HttpError(400, _("published_from 不能晚于 published_to。"))
    items = selectors.items_of(
        agency,
        kind=filters.kind,
        published_from=filters.published_from,
        published_to=filters.published_to,
    )
    count = items.count()
    start = (filters.page - 1) * filters.per_page
    page = list(items[start : start + filters.per_page]) if start < count else []
    _public(request, response)
    return {
        "count": count,
        "page": filters.page,
        "per_page": filters.per_page,
        "pages": max(1, math.ceil(count / filters.per_page)),
        "items": [selectors.item_data(i) for i in page],
    }


# --------------------------------------------------------------------------------------------
# Annual reports and application statistics


@api.get(
    "/agencies/{slug}/annual-reports",
    response={200: list[schemas.ReportYear], **NOT_FOUND, **BAD_INPUT},
    tags=["年度报告"],
    summary="有年度报告数据的年度",
)
def report_year_list(request: HttpRequest, response: HttpResponse, slug: str = Slug):
    agency = _agency(slug)
    _public(request, response)
    return selectors.report_years(agency)


@api.get(
    "/agencies/{slug}/annual-reports/{year}",
    response={200: schemas.ReportFigures, **NOT_FOUND, **BAD_INPUT},
    tags=["年度报告"],
    summary="年度报告的数据",
    description=(
        "本平台发布的年报（source=platform），没有时为该机构该年度最近一次完成检查的上传年报"
        "（source=uploaded）。表二、三、四的每个单元格，六个部分是否齐全，正文中的数字，"
        "以及检查发现的问题数。不含年报正文。"
    ),
)
def report_figures(
    request: HttpRequest, response: HttpResponse, slug: str = Slug, year: int = Year
):
    agency = _agency(slug)
    figures = selectors.report_figures(agency, year)
    if figures is None:
        raise HttpError(
            404,
            _("「%(agency)s」%(year)d 年度还没有发布或上传年度报告。")
            % {"agency": agency.name, "year": year},
        )
    _public(request, response)
    return selectors.figures_data(agency, year, figures)


@api.get(
    "/agencies/{slug}/application-statistics/{year}",
    response={200: schemas.ApplicationStatistics, **NOT_FOUND, **BAD_INPUT},
    tags=["依申请公开"],
    summary="政府信息公开申请的统计（年报表三、表四）",
    description="由本平台登记的申请和复议、诉讼统计得出，只有数字。",
)
def application_statistics(
    request: HttpRequest, response: HttpResponse, slug: str = Slug, year: int = Year
):
    agency = _agency(slug)
    _public(request, response)
    return selectors.application_statistics(agency, year)


# --------------------------------------------------------------------------------------------
# Uploads (token)


def _status_url(request: HttpRequest, check_id: int) -> str:
    return request.build_absolute_uri(reverse("api:check_status", args=[check_id]))


@api.post(
    "/agencies/{slug}/annual-reports/{year}/uploads",
    auth=token_auth,
    response={
        202: schemas.UploadOut,
        200: schemas.UploadOut,
        400: schemas.Error,
        401: schemas.Error,
        403: schemas.Error,
        **NOT_FOUND,
        413: schemas.Error,
        **BAD_INPUT,
        429: schemas.Error,
    },
    tags=["年度报告"],
    summary="上传年度报告（需要接口令牌）",
    description=(
        "multipart/form-data，字段 file：PDF、Word、网页或文本格式的年度报告（也可以是 zip）。"
        "与网页上传相同：按内容判断文件类型，限制大小，同一内容重复上传时沿用已有的检查。"
        "返回 202 和检查编号（重复上传返回 200），用 status_url 查询检查结果。"
    ),
)
def report_upload(
    request: HttpRequest,
    response: HttpResponse,
    slug: str = Slug,
    year: int = Year,
    file: UploadedFile = ReportFile,
):
    agency = _agency(slug)
    batch = services.report_upload(
        token=request.auth, agency=agency, year=year, files=[file], request=request
    )
    _private(response)
    files = [
        {
            "name": item.name,
            "outcome": item.outcome,
            "message": item.message,
            "check_id": item.report_check_id,
            "status_url": _status_url(request, item.report_check_id)
            if item.report_check_id
            else None,
        }
        for item in batch.items.order_by("position")
    ]
    checked = [f for f in files if f["check_id"]]
    if not checked:
        raise HttpError(
            400, "；".join(f["message"] for f in files) or _("没有收到可以检查的年度报告文件。")
        )
    first = checked[0]
    duplicate = all(f["outcome"] == UploadOutcome.DUPLICATE for f in checked)
    return Status(
        200 if duplicate else 202,
        {
            "batch": batch.pk,
            "check_id": first["check_id"],
            "status_url": first["status_url"],
            "duplicate": duplicate,
            "files": files,
        },
    )


@api.get(
    "/checks/{check_id}",
    auth=token_auth,
    url_name="check_status",
    response={200: schemas.CheckOut, 401: schemas.Error, **NOT_FOUND, **BAD_INPUT},
    tags=["年度报告"],
    summary="一次检查的状态和结果（需要接口令牌）",
    description=(
        "status：queued（排队中）、running（检查中）、done（已完成）、unreadable（无法读取）。"
        "完成后给出问题数、每个问题的规则、位置和说明，以及年报数据。"
        "只能查询令牌所属机构及其下级机构的检查。"
    ),
)
def check_status(
    request: HttpRequest,
    response: HttpResponse,
    check_id: int = Path(..., ge=1, le=2**31 - 1),
):
    check = selectors.check_for_token(request.auth, check_id)
    if check is None:
        raise HttpError(404, _("没有编号为 %(id)d 的检查，或这个令牌无权查看。") % {"id": check_id})
    _private(response)
    return selectors.check_data(check, _status_url(request, check.pk))
