"""Web pages under load: `gongkai serve` (gunicorn) on SQLite, measured from another process.

Why these figures: on the last days of January a county's townships and its 政务公开办 use
the site together while the public reads the 公开专栏. Two pages stand for the two sides:
an agency's portal home (anonymous, the public) and a report's result page (signed in, the
supervisor reading the three tables with the offending cells marked; the heaviest page a
person opens every day, and every request also saves the session: idle sign-out of 等保).

What it does, all on 127.0.0.1 and in a temporary data folder that is removed at the end:
``gongkai demo --no-serve`` builds the fictional county and checks its example reports;
``gongkai serve --workers 2`` starts gunicorn; a second process (multiprocessing) signs in
as the demo's 政务公开办管理员 through the real sign-in form (CSRF token, session cookie),
then keeps ``--connections`` connections busy for ``--duration`` seconds per page, after a
short warm-up, and reports requests/s, p50/p95 latency and errors. The server is always
stopped (its whole process group), whatever happens.

The load generator shares the machine with the server: on a 2-core PC the client's threads
take CPU the two gunicorn workers would otherwise have, so the figures are a floor.

Run: ``make bench`` (after bench/run.py) or ``.venv/bin/python bench/web.py --help``.
Takes about 35 s.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from run import _pad, machine  # noqa: E402  (bench/run.py: the machine line and the padding)

PERSON = "ogo_admin"  # the demo's 政务公开办管理员: may view every report check of the county
PORTAL_SLUG = "shixian"  # the county's portal home: its townships and departments listed
MAX_REQUESTS = 100_000  # per page, whatever the duration: the load always ends by itself

# Run inside the data folder's environment: which report check to load, and whether the
# person may open it without first changing a password.
PICK_TARGETS = r"""
import json, sys
import django
django.setup()
from gongkai.accounts.models import User
from gongkai.reports import selectors
from gongkai.reports.models import CheckStatus, ReportCheck
from gongkai.web.selectors import portal_agencies

person = User.objects.get(username=sys.argv[1])
portal = portal_agencies().get(slug=sys.argv[2])
checks = ReportCheck.objects.filter(status=CheckStatus.DONE).order_by(
    "-error_count", "-warning_count", "id"
)
check = next(c for c in checks if selectors.may_view_check(person, c))
from gongkai.publishing.selectors import public_items
item = public_items().select_related("published_revision", "agency").first()
print(json.dumps({
    "item_path": f"/publishing/p/{item.agency.slug}/{item.pk}/",
    "item_title": item.published_revision.title,
    "portal_name": portal.name,
    "check_id": check.pk,
    "check_name": check.original_name,
    "errors": check.error_count,
    "warnings": check.warning_count,
    "must_change_password": person.must_change_password,
}))
"""


# --------------------------------------------------------------------------------------------
# The server side: data folder, demo, gunicorn.


def gongkai_command() -> list[str]:
    """The `gongkai` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("gongkai")
    if script.exists():
        return [str(script)]
    found = shutil.which("gongkai")
    if found:
        return [found]
    raise SystemExit("找不到 gongkai 命令：先运行 make（pip install -e .）")


def bench_environment(data_dir: Path) -> dict[str, str]:
    """The caller's environment with a fresh SQLite data folder, and nothing that would send
    the server elsewhere (another database, Redis, HTTPS-only cookies, debug mode)."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "GONGKAI_REDIS_URL", "GONGKAI_HTTPS", "DEBUG", "GONGKAI_BIND"):
        env.pop(name, None)
    env.update(
        GONGKAI_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="gongkai.settings",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    return env


def prepare_demo(env: dict[str, str]) -> tuple[str, dict]:
    """`gongkai demo --no-serve`; returns the person's password and the pages' targets."""
    done = subprocess.run(
        [*gongkai_command(), "demo", "--no-serve"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    if done.returncode:
        raise SystemExit(f"gongkai demo 失败（{done.returncode}）：\n{done.stdout}\n{done.stderr}")
    match = re.search(rf"^{PERSON}\s.*\s(\S+)\s*$", done.stdout, re.MULTILINE)
    if not match:
        raise SystemExit(f"gongkai demo 的输出里没有 {PERSON} 的密码：\n{done.stdout}")
    picked = subprocess.run(
        [sys.executable, "-c", PICK_TARGETS, PERSON, PORTAL_SLUG],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if picked.returncode:
        raise SystemExit(f"找不到要测的页面：\n{picked.stderr}")
    targets = json.loads(picked.stdout.strip().splitlines()[-1])
    if targets["must_change_password"]:
        raise SystemExit(f"{PERSON} 须先修改密码，结果页打不开（演示账号本不应如此）")
    return match.group(1), targets


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen:
    """`gongkai serve` in its own process group (it becomes gunicorn and forks the workers)."""
    with log.open("wb") as out:
        return subprocess.Popen(
            [
                *gongkai_command(),
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
            ],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_healthy(server: subprocess.Popen, port: int, log: Path, timeout: float = 30.0) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if server.poll() is not None:
            raise SystemExit(f"gongkai serve 退出了（{server.returncode}）：\n{log.read_text()}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return time.perf_counter() - t0
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.1)
    raise SystemExit(f"/healthz 在 {timeout:.0f} s 内没有回答：\n{log.read_text()}")


def stop_server(server: subprocess.Popen) -> None:
    """SIGTERM to the whole group (gunicorn's graceful stop), SIGKILL if it lingers."""
    if server.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


# --------------------------------------------------------------------------------------------
# The load side: runs in the second process.


@dataclass
class PageResult:
    label: str
    path: str
    connections: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    connects: int = 0
    body_bytes: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        lat = sorted(self.latencies)
        if not lat:
            return 0.0
        if q == 0.5:
            return statistics.median(lat) * 1000
        return lat[min(len(lat) - 1, int(q * len(lat)))] * 1000


def _cookies(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def sign_in(port: int, username: str, password: str) -> dict[str, str]:
    """The real sign-in form: GET it for the CSRF cookie and token, POST the password."""
    jar: dict[str, str] = {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/accounts/login/")
        response = conn.getresponse()
        page = response.read().decode("utf-8")
        _cookies(response, jar)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if response.status != 200 or not token or "csrftoken" not in jar:
            raise RuntimeError(f"sign-in page: HTTP {response.status}, no CSRF token")
        body = urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
        )
        conn.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": _cookie_header(jar),
            },
        )
        response = conn.getresponse()
        response.read()
        _cookies(response, jar)
        if response.status != 302 or "sessionid" not in jar:
            raise RuntimeError(f"sign-in refused: HTTP {response.status}")
    finally:
        conn.close()
    return jar


def hammer(
    port: int,
    label: str,
    path: str,
    cookie: str,
    connections: int,
    seconds: float,
    max_requests: int = MAX_REQUESTS,
) -> PageResult:
    """`connections` threads, each with its own connection, requesting `path` back to back
    until `seconds` have passed. http.client keeps a connection open when the server allows
    it and reconnects when the server closes it (gunicorn's sync workers close after each
    response); the connects column says which happened."""
    result = PageResult(label, path, connections)
    headers = {"Cookie": cookie} if cookie else {}
    lock = threading.Lock()
    issued = [0]
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        latencies: list[float] = []
        errors: dict[str, int] = {}
        connects = body = 0
        conn: http.client.HTTPConnection | None = None
        while time.perf_counter() < deadline:
            with lock:
                if issued[0] >= max_requests:
                    break
                issued[0] += 1
            if conn is None or conn.sock is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.connect()
                connects += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException) as error:
                kind = type(error).__name__
                errors[kind] = errors.get(kind, 0) + 1
                conn.close()
                conn = None
                time.sleep(0.05)  # a dead server is not hammered in a tight loop
                continue
            dt = time.perf_counter() - t0
            if response.status == 200:
                latencies.append(dt)
                body = len(data)
            else:
                kind = f"HTTP {response.status}"
                errors[kind] = errors.get(kind, 0) + 1
        if conn is not None:
            conn.close()
        with lock:
            result.latencies.extend(latencies)
            result.connects += connects
            result.body_bytes = max(result.body_bytes, body)
            for kind, n in errors.items():
                result.errors += n
                result.error_kinds[kind] = result.error_kinds.get(kind, 0) + n

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    result.seconds = time.perf_counter() - t0
    return result


def expect_page(port: int, path: str, cookie: str, marker: str) -> None:
    """The page answers 200 and is the page meant (not the sign-in page, not a 403)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        page = response.read().decode("utf-8", "replace")
    finally:
        conn.close()
    if response.status != 200 or marker not in page:
        raise RuntimeError(f"{path}: HTTP {response.status}, 「{marker}」 not on the page")


def load(config: dict) -> list[dict]:
    """The second process: sign in, check both pages are the right ones, warm up, measure."""
    port = config["port"]
    jar = sign_in(port, config["username"], config["password"])
    session = _cookie_header(jar)
    pages = [
        ("portal home (anonymous)", config["portal_path"], "", config["portal_marker"]),
        ("item page (anonymous)", config["item_path"], "", config["item_marker"]),
        ("search (anonymous)", config["search_path"], "", config["item_marker"]),
        ("report result (signed in)", config["check_path"], session, config["check_marker"]),
    ]
    results = []
    for label, path, cookie, marker in pages:
        expect_page(port, path, cookie, marker)
        hammer(port, label, path, cookie, config["connections"], config["warmup"])
        result = hammer(port, label, path, cookie, config["connections"], config["duration"])
        results.append(asdict(result))
    return results


# --------------------------------------------------------------------------------------------
# Output.


def table(results: list[PageResult]) -> str:
    head = ["page", "path", "conns", "requests", "req/s", "p50 ms", "p95 ms", "errors", "KB"]
    widths = [26, 14, 5, 8, 7, 7, 7, 6, 5]
    rows = [head]
    for r in results:
        rows.append(
            [
                r.label,
                r.path,
                str(r.connections),
                f"{r.requests:,}",
                f"{r.rate:,.0f}",
                f"{r.percentile(0.5):.1f}",
                f"{r.percentile(0.95):.1f}",
                str(r.errors),
                f"{r.body_bytes / 1024:.0f}",
            ]
        )
    lines = []
    for i, row in enumerate(rows):
        cells = [_pad(c, w, right=j >= 2) for j, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Gongkai web pages under load: gongkai serve on SQLite, load from a second process."
    )
    ap.add_argument("--duration", type=float, default=10.0, help="seconds per page (default 10)")
    ap.add_argument(
        "--warmup", type=float, default=2.0, help="warm-up seconds per page (default 2)"
    )
    ap.add_argument("--connections", type=int, default=8, help="concurrent connections (default 8)")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    args = ap.parse_args(argv)

    wall = time.perf_counter()
    print("Gongkai benchmark — web pages under load (gongkai serve, SQLite, 127.0.0.1)")
    print(machine())
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-web-") as tmp:
        data_dir = Path(tmp) / "data"
        env = bench_environment(data_dir)
        t0 = time.perf_counter()
        password, targets = prepare_demo(env)
        print(
            f"Demo county in a temporary data folder: {time.perf_counter() - t0:.1f} s (not timed)."
        )
        port = free_port()
        log = Path(tmp) / "server.log"
        server = start_server(env, port, args.workers, log)
        try:
            ready = wait_healthy(server, port, log)
            print(
                f"gongkai serve --bind 127.0.0.1:{port} --workers {args.workers}: "
                f"/healthz answered after {ready:.1f} s."
            )
            print(
                f"Pages: {targets['portal_name']} portal home; result of "
                f"{targets['check_name']} ({targets['errors']} errors, {targets['warnings']} "
                f"warnings) for {PERSON}, signed in through the sign-in form."
            )
            print(
                f"Load from a second process: {args.connections} connections, "
                f"{args.warmup:g} s warm-up + {args.duration:g} s per page…"
            )
            config = {
                "port": port,
                "username": PERSON,
                "password": password,
                "portal_path": f"/gk/{PORTAL_SLUG}/",
                "portal_marker": targets["portal_name"],
                "check_path": f"/reports/{targets['check_id']}/",
                "item_path": targets["item_path"],
                "item_marker": targets["item_title"],
                "search_path": "/search/?q=%E4%BD%8E%E4%BF%9D",  # 低保
                "check_marker": targets["check_name"],
                "connections": args.connections,
                "warmup": args.warmup,
                "duration": args.duration,
            }
            budget = 4 * (args.warmup + args.duration) + 120
            with multiprocessing.get_context("spawn").Pool(1) as pool:
                raw = pool.apply_async(load, (config,)).get(timeout=budget)
        finally:
            stop_server(server)
        print()
        results = [PageResult(**r) for r in raw]
        print(table(results))
        for r in results:
            if r.error_kinds:
                print(f"  {r.label} errors: {r.error_kinds}")
            print(f"  {r.label}: {r.connects} TCP connections opened for {r.requests} requests")
    print()
    print(f"Wall time: {time.perf_counter() - wall:.1f} s")
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
