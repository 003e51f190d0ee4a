"""The fictional demo county: agencies, one person per role, and the example reports.

A county deciding whether to use Gongkai tries it tonight on one office PC, signs in as each
kind of person and sees what each may do. Everything here is invented (示例县 does not
exist), and everything is found again by its slug or username, so running the demo twice
changes passwords, never the number of agencies, people or reports.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from gongkai.accounts.models import SystemRole, User
from gongkai.agencies.models import Agency, Kind, Level, Membership, Role
from gongkai.audit.services import audit_record

ACTOR_NAME = "gongkai demo（示例数据）"
ROOT_SLUG = "shixian"

# The agencies, parents first: (slug, name, short name, level, kind, parent slug).
# The townships, the subdistrict and the department are the ones the example reports in
# examples/reports were written for, so each uploaded report finds its agency; 石桥镇 has no
# report on purpose — a supervisor should see whose report is missing.
AGENCIES: tuple[tuple[str, str, str, str, str, str | None], ...] = (
    (ROOT_SLUG, "示例县人民政府", "示例县", Level.COUNTY, Kind.GOVERNMENT, None),
    ("shixian-ogo", "示例县政务公开办", "县政务公开办", Level.COUNTY, Kind.OPEN_GOVERNMENT_OFFICE, ROOT_SLUG),
    ("shixian-jiaotong", "示例县交通运输局", "县交通运输局", Level.COUNTY, Kind.DEPARTMENT, ROOT_SLUG),
    ("qingshi", "示例县青石镇人民政府", "青石镇", Level.TOWNSHIP, Kind.GOVERNMENT, ROOT_SLUG),
    ("shiqiao", "示例县石桥镇人民政府", "石桥镇", Level.TOWNSHIP, Kind.GOVERNMENT, ROOT_SLUG),
    ("liuxi", "示例县柳溪乡人民政府", "柳溪乡", Level.TOWNSHIP, Kind.GOVERNMENT, ROOT_SLUG),
    ("taoyuan", "示例县桃源镇人民政府", "桃源镇", Level.TOWNSHIP, Kind.GOVERNMENT, ROOT_SLUG),
    ("baisha", "示例县白沙街道办事处", "白沙街道", Level.SUBDISTRICT, Kind.GOVERNMENT, ROOT_SLUG),
    ("qingshi-qingshicun", "青石镇青石村村民委员会", "青石村", Level.VILLAGE, Kind.VILLAGE, "qingshi"),
    ("qingshi-nanshan", "青石镇南山村村民委员会", "南山村", Level.VILLAGE, Kind.VILLAGE, "qingshi"),
    ("liuxi-xikou", "柳溪乡溪口村村民委员会", "溪口村", Level.VILLAGE, Kind.VILLAGE, "liuxi"),
)  # fmt: skip


@dataclass(frozen=True)
class DemoPerson:
    username: str
    display_name: str
    role: str  # an agencies.Role value, or "" for a system role
    system_role: str  # an accounts.SystemRole value, or ""
    agency_slug: str | None

    @property
    def role_label(self) -> str:
        if self.system_role:
            return str(SystemRole(self.system_role).label)
        return str(Role(self.role).label)


# One person per role. The township roles are all in 青石镇, so one township's whole review
# chain can be walked through; a clerk of 石桥镇 shows that townships do not see each other's
# work; the three 等保 system roles belong to no agency (三员分立).
PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("qs_drafter", "李晓梅", Role.DRAFTER, "", "qingshi"),
    DemoPerson("qs_reviewer", "王建国", Role.REVIEWER, "", "qingshi"),
    DemoPerson("qs_secrecy", "赵敏", Role.SECRECY_REVIEWER, "", "qingshi"),
    DemoPerson("qs_approver", "陈志强", Role.FINAL_APPROVER, "", "qingshi"),
    DemoPerson("qs_head", "刘芳", Role.DISCLOSURE_HEAD, "", "qingshi"),
    DemoPerson("sq_drafter", "马丽", Role.DRAFTER, "", "shiqiao"),
    DemoPerson("ogo_admin", "孙丽华", Role.SUPERVISOR_ADMIN, "", "shixian-ogo"),
    DemoPerson("sysadmin", "周伟", "", SystemRole.SYSTEM_ADMIN, None),
    DemoPerson("secadmin", "吴静", "", SystemRole.SECURITY_ADMIN, None),
    DemoPerson("auditor", "郑洁", "", SystemRole.AUDITOR, None),
)
USERNAMES = frozenset(p.username for p in PEOPLE)
SUPERVISOR = "ogo_admin"  # uploads the example reports


@dataclass(frozen=True)
class DemoAccount:
    """One row of the table the demo prints: shown once, never stored in clear."""

    username: str
    display_name: str
    role: str
    agency: str
    password: str


@dataclass
class DemoResult:
    accounts: list[DemoAccount] = field(default_factory=list)
    agencies_created: int = 0
    people_created: int = 0
    memberships_created: int = 0
    reports_note: str = ""
    reports_uploaded: int = 0


class DemoRefused(Exception):
    """The database holds something other than the demo; the message says what and why."""


# Letters and digits that cannot be misread on a printed sheet (no 0/O, 1/l/I).
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_LOWER = "abcdefghijkmnpqrstuvwxyz"
_DIGITS = "23456789"


def generate_password(user: User) -> str:
    """A password that passes the configured validators (length, classes, not the username),
    in three groups of four so it can be read aloud and typed: e.g. ``Kx7m-Pq4r-Zt9w``."""
    while True:
        groups = []
        for _ in range(3):
            chars = [
                secrets.choice(_UPPER),
                secrets.choice(_LOWER),
                secrets.choice(_DIGITS),
                secrets.choice(_LOWER),
            ]
            groups.append("".join(chars))
        candidate = "-".join(groups)
        try:
            validate_password(candidate, user=user)
        except ValidationError:
            continue
        return candidate


def foreign_data(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """What the database holds that the demo did not create, in words for the refusal.

    Only the columns every schema version has are read, so this works before `migrate`
    brings an older database up to date."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    found: list[str] = []
    if Agency._meta.db_table in tables:
        demo_root = (
            Agency.objects.using(using)
            .filter(slug=ROOT_SLUG)
            .values_list("path", flat=True)
            .first()
        )
        others = Agency.objects.using(using).all()
        if demo_root:
            others = others.exclude(path__startswith=demo_root)
        n = others.count()
        if n:
            found.append(f"{n} 个不属于示例县的机构")
    if User._meta.db_table in tables:
        n = User.objects.using(using).exclude(username__in=USERNAMES).count()
        if n:
            found.append(f"{n} 个不属于演示的用户")
    return found


def _agency_snapshot(agency: Agency) -> dict[str, str]:
    return {
        "name": agency.name,
        "level": agency.level,
        "kind": agency.kind,
        "parent": agency.parent.name if agency.parent else "",
        "slug": agency.slug,
    }


@transaction.atomic
def build_demo_county() -> DemoResult:
    """Create (or find) the county and its people, and give every demo person a fresh
    password. Returns the passwords once, for printing."""
    result = DemoResult()
    agencies: dict[str, Agency] = {}
    for slug, name, short_name, level, kind, parent_slug in AGENCIES:
        parent = agencies[parent_slug] if parent_slug else None
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            agency = Agency.objects.create(
                slug=slug, name=name, short_name=short_name, level=level, kind=kind, parent=parent
            )
            result.agencies_created += 1
            audit_record(
                kind="agency.created",
                actor_name=ACTOR_NAME,
                agency=agency,
                obj=agency,
                after=_agency_snapshot(agency),
                note="演示数据",
            )
        agencies[slug] = agency

    now = timezone.now()
    for spec in PEOPLE:
        person = User.objects.filter(username=spec.username).first()
        created = person is None
        if created:
            person = User(username=spec.username)
        person.display_name = spec.display_name
        person.system_role = spec.system_role
        # Demo convenience, stated where the passwords are printed: no forced change at the
        # first sign-in, so each role can be tried straight away. Real people get
        # must_change_password=True (createadmin, the people pages).
        person.must_change_password = False
        person.is_active = True
        person.failed_logins = 0  # a demo left locked by yesterday's lockout test works again
        person.locked_until = None
        password = generate_password(person)
        person.set_password(password)
        person.password_changed_at = now
        person.save()
        agency = agencies[spec.agency_slug] if spec.agency_slug else None
        if created:
            result.people_created += 1
            audit_record(
                kind="person.created",
                actor_name=ACTOR_NAME,
                obj=person,
                agency=agency,
                after={
                    "username": person.username,
                    "display_name": person.display_name,
                    "system_role": person.system_role,
                },
                note="演示数据",
            )
        else:
            audit_record(
                kind="person.password_reset",
                actor_name=ACTOR_NAME,
                obj=person,
                agency=agency,
                after={"must_change_password": False},
                note="重新运行 gongkai demo，演示账号换了新密码",
            )
        if spec.role and agency is not None:
            membership, made = Membership.objects.get_or_create(
                person=person, agency=agency, role=spec.role
            )
            if made:
                result.memberships_created += 1
                audit_record(
                    kind="membership.added",
                    actor_name=ACTOR_NAME,
                    agency=agency,
                    obj=membership,
                    after={"person": person.username, "agency": agency.name, "role": spec.role},
                    note="演示数据",
                )
        result.accounts.append(
            DemoAccount(
                username=spec.username,
                display_name=spec.display_name,
                role=spec.role_label,
                agency=agency.name if agency else "（平台，三员之一）",
                password=password,
            )
        )
    return result


def build_demo_applications() -> str:
    """The demo's disclosure applications (one of each situation), once."""
    from gongkai.applications.demo import build_demo_applications as build

    people = {u.username: u for u in User.objects.filter(username__in=USERNAMES)}
    made = build(people["qs_drafter"], people["qs_head"], people.get("sq_drafter"))
    if not made:
        return "依申请公开：演示申请已存在，未重复建立。"
    return f"依申请公开：建立了 {made} 件演示申请（超期、即将到期、征求意见中、待补正、已答复、网上待确认）。"


def build_demo_publishing() -> str:
    """The demo's catalogue, guide and items of 主动公开, once."""
    from gongkai.publishing.demo import build_demo_publishing as build

    people = {u.username: u for u in User.objects.filter(username__in=USERNAMES)}
    if not build(people):
        return "主动公开：演示目录和信息已存在，未重复建立。"
    return (
        "主动公开：建立了青石镇的公开事项目录、公开指南和 4 条演示信息"
        "（已发布、审核中、含身份证号的草稿、超期草稿）。"
    )


def upload_example_reports(folder: Path) -> tuple[int, str]:
    """Upload the example reports as the 政务公开办管理员 would, and check them at once.

    The checks run in this process (Huey's immediate mode) rather than on the queue, so the
    results are there when the site opens, whether or not a worker is running. Reports
    already uploaded (same content) are skipped, so a second run adds no batch.
    Returns (number uploaded, a note for the user)."""
    import hashlib

    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    if not files:
        return 0, f"没有找到示例年度报告（{folder}），跳过上传。"
    try:
        from gongkai.reports.models import ReportCheck, ReportFile
        from gongkai.reports.services import upload_create
        from gongkai.reports.tasks import huey
    except ImportError:  # a build of Gongkai without the reports app
        return 0, (
            f"网页上的年度报告检查功能未安装，跳过上传 {len(files)} 份示例年度报告；"
            f"可以用命令行检查它们：gongkai report check {folder}"
        )
    from django.core.files.uploadedfile import SimpleUploadedFile

    known = set(ReportFile.objects.values_list("sha256", flat=True))
    new = [
        SimpleUploadedFile(path.name, data)
        for path in files
        if hashlib.sha256(data := path.read_bytes()).hexdigest() not in known
    ]
    if not new:
        return 0, f"{len(files)} 份示例年度报告已上传过，保持不变。"
    supervisor = User.objects.get(username=SUPERVISOR)
    was_immediate = huey.immediate
    huey.immediate = True
    try:
        batch = upload_create(actor=supervisor, files=new)
    finally:
        huey.immediate = was_immediate
    checks = ReportCheck.objects.filter(batch=batch)
    with_errors = sum(1 for c in checks if c.error_count)
    return len(new), (
        f"已由政务公开办管理员（{supervisor.username}）上传 {len(new)} 份示例年度报告，"
        f"检查出 {with_errors} 份有错误；登录后在「年报检查」中查看。"
    )


def format_accounts(accounts: list[DemoAccount]) -> str:
    """The account table, aligned for a terminal where a Chinese character is two columns wide."""
    header = DemoAccount("用户名", "姓名", "角色", "所在机构", "密码")
    rows = [header, *accounts]
    columns = ["username", "display_name", "role", "agency", "password"]
    widths = {c: max(_width(getattr(r, c)) for r in rows) for c in columns}
    lines = []
    for i, row in enumerate(rows):
        cells = [_pad(getattr(row, c), widths[c]) for c in columns]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * widths[c] for c in columns))
    return "\n".join(lines)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
