"""The shapes of the API's answers, as they appear in the OpenAPI description."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

Cell = int | float | None
Table = dict[str, dict[str, Cell]]


class Error(Schema):
    detail: str = Field(description="说明（中文）")


class ValidationProblem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class InvalidInput(Schema):
    detail: str = Field(description="说明（中文）")
    errors: list[ValidationProblem] = Field(default_factory=list)


class AgencyOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    level: str = Field(description="province/city/county/township/subdistrict/village")
    level_label: str
    kind: str = Field(description="government/department/ogo/village")
    kind_label: str
    parent: int | None = Field(description="上级机构的 id；顶层为 null")
    parent_slug: str | None
    portal_url: str | None = Field(description="公开专栏地址；政务公开办为 null")


class ItemOut(Schema):
    id: int
    index_number: str = Field(description="索引号")
    title: str
    kind: str = Field(description="info（信息）/ document（文件）/ interpretation（政策解读）")
    kind_label: str
    doc_type: str | None = Field(description="regulation/normative/other（文件类型）")
    doc_type_label: str | None
    doc_number: str | None = Field(description="文号")
    generated_on: dt.date = Field(description="生成日期")
    written_on: dt.date | None = Field(description="成文日期")
    published_on: dt.date | None = Field(description="发布日期")
    published_at: dt.datetime | None
    first_published_at: dt.datetime | None
    disclosure: str = Field(description="公开属性：proactive/on_request/not_disclosed")
    validity: str = Field(description="有效性：valid/amended/repealed")
    validity_label: str
    validity_changed_on: dt.date | None
    revision: int = Field(description="当前公开的版本号")
    url: str = Field(description="公开页面地址")


class ItemPage(Schema):
    count: int
    page: int
    per_page: int
    pages: int
    items: list[ItemOut]


class ReportYear(Schema):
    year: int
    source: Literal["platform", "uploaded"]


class FindingCounts(Schema):
    error: int
    warning: int
    info: int


class Sections(Schema):
    overview: bool
    proactive: bool
    applications: bool
    review_litigation: bool
    problems: bool
    other_matters: bool


class ReportFigures(Schema):
    agency: str
    agency_name: str
    year: int
    source: Literal["platform", "uploaded"] = Field(
        description="platform：本平台编制并发布的年报；uploaded：上传检查的年报（最近一次检查）"
    )
    format: str | None = Field(description="v2021 或 v2019")
    title: str | None
    publication_date: str | None
    checked_at: dt.datetime | None = Field(description="上传年报的检查完成时间")
    url: str | None = Field(description="本平台发布的年报的公开页面（含 DOCX、PDF 下载）")
    sections: Sections
    table2: Table | None
    table3: Table | None
    table4: Table | None
    narrative: dict[str, int | float]
    findings: FindingCounts


class ApplicationStatistics(Schema):
    agency: str
    agency_name: str
    year: int
    format: str
    table3: Table
    table4: Table


class CheckCounts(Schema):
    error: int
    warning: int
    info: int
    unexplained_error: int


class CheckFinding(Schema):
    rule: str
    severity: str
    location: str
    message: str


class CheckOut(Schema):
    id: int
    status: Literal["queued", "running", "done", "unreadable"]
    status_label: str
    finished: bool
    status_url: str
    agency: str | None
    year: int | None
    file_name: str
    file_kind: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    message: str | None = Field(description="无法读取时的原因")
    format: str | None
    counts: CheckCounts
    findings: list[CheckFinding]
    figures: ReportFigures | None


class UploadedFileOut(Schema):
    name: str
    outcome: Literal["accepted", "duplicate", "rejected"]
    message: str
    check_id: int | None
    status_url: str | None


class UploadOut(Schema):
    batch: int
    check_id: int = Field(description="第一份被接收（或重复）文件的检查编号")
    status_url: str
    duplicate: bool
    files: list[UploadedFileOut]
