"""`make bench`: the key pages under load at the scale of a province, against a bare page.

What it does, in one run (only on 127.0.0.1):

1. seeds `seed_demo --scale N` (default 100) into a PostgreSQL database of its own
   (default portal_bench; kept between runs: `--reseed` starts again);
2. collects static files and starts the portal under gunicorn with production settings
   (DEBUG=false, a generated SECRET_KEY, ALLOWED_HOSTS=127.0.0.1) plus BENCH=true, which
   adds the bare page /bench/bare/ (config/bench.py: same middleware, one indexed query,
   a 50-row template);
3. signs in each persona through the login form (CSRF token, correct password: the
   axes lockout never triggers);
4. profiles each page in this process with the same settings: its SQL queries, and the
   mean time of `--repeat` requests split into SQL, template rendering and the rest (the
   view's Python, the ORM, forms): the profile that says where a slow page's time goes;
5. loads each page with wrk for `--duration` seconds (a Lua script sends the session
   cookie and reports p50/p95), the bare page first and last;
6. prints requests/s, p50, p95, errors, queries, the ratio to the bare page and the
   profile per page, and writes the same as JSON to var/bench/bench-<scale>-<time>.json.

The pages are the list PAGES below: add a page there (a name, a persona, a function that
returns its URL from the seeded data).

    python scripts/bench.py [--scale 100] [--duration 10] [--connections 16] [--workers 2]
                            [--only NAME ...] [--reseed] [--database portal_bench]
"""

from __future__ import annotations

import argparse
import datetime
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PASSWORD = "demo-2026"
PERSONAS = ["admin", "jg001", "my001", "my002", "my003", "xs002"]
BARE = "/bench/bare/"


# --- The pages: one list, extend it as apps land ------------------------------------------
@dataclass(frozen=True)
class Page:
    name: str
    persona: str
    url: object  # str, or a function(Data) -> str evaluated against the seeded database


class Data:
    """Lookups in the seeded database for URLs with ids (the first demo court's objects)."""

    def __init__(self):
        from branches.models import Member

        self.secretary = Member.objects.select_related("branch").get(employee_number="my001")
        self.branch = self.secretary.branch

    def latest_activity(self) -> int:
        from activities.models import Activity

        return (
            Activity.objects.filter(organisation=self.branch, state=Activity.State.HELD)
            .order_by("-start")
            .values_list("pk", flat=True)
            .first()
        )

    def series(self) -> int:
        from activities.models import ActivitySeries

        return (
            ActivitySeries.objects.filter(branch=self.branch)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )

    def ledger_list(self) -> int:
        from ledgers.models import ResponsibilityList

        return (
            ResponsibilityList.objects.filter(organisation=self.branch)
            .order_by("-year")
            .values_list("pk", flat=True)
            .first()
        )

    def brand(self) -> int:
        from brands.models import Brand

        return Brand.objects.filter(organisation=self.branch).values_list("pk", flat=True).first()

    def innovation_round(self) -> int:
        from brands.models import InnovationRound

        return InnovationRound.objects.order_by("-pk").values_list("pk", flat=True).first()

    def last_year(self) -> int:
        return datetime.date.today().year - 1


PAGES = [
    *[Page(f"home ({persona})", persona, "/") for persona in PERSONAS],
    Page("my points", "my002", "/points/me/"),
    Page("my attendance", "my002", "/activities/mine/"),
    Page("inbox", "my002", "/notices/"),
    Page("activity list", "my001", "/activities/"),
    Page("record form", "my001", lambda d: f"/activities/new/?organisation={d.branch.pk}"),
    Page("activity detail", "my001", lambda d: f"/activities/{d.latest_activity()}/"),
    Page("branch page", "my001", lambda d: f"/organisations/{d.branch.pk}/"),
    Page("branch points", "my001", lambda d: f"/points/branch/{d.branch.pk}/"),
    Page("series rota", "my001", lambda d: f"/activities/series/{d.series()}/"),
    Page("compliance (committee)", "jg001", "/activities/compliance/"),
    Page("committee points", "jg001", "/points/"),
    Page("pioneer index", "jg001", "/points/pioneer/"),
    Page("organisation tree", "jg001", "/organisations/"),
    Page("member list", "jg001", "/members/"),
    # ledgers
    Page("ledgers (secretary)", "my001", "/ledgers/"),
    Page("my tasks", "my002", "/ledgers/mine/"),
    Page("ledgers committee table", "jg001", "/ledgers/committee/"),
    Page("responsibility list", "my001", lambda d: f"/ledgers/lists/{d.ledger_list()}/"),
    Page("monthly assessments", "jg001", "/ledgers/assessments/"),
    Page("annual reports", "jg001", "/ledgers/reports/"),
    # brands
    Page("brand list", "jg001", "/brands/"),
    Page("brand cluster", "jg001", "/brands/cluster/"),
    Page("brand detail", "my001", lambda d: f"/brands/{d.brand()}/"),
    Page("innovation rounds", "jg001", "/brands/rounds/"),
    Page("innovation round", "jg001", lambda d: f"/brands/rounds/{d.innovation_round()}/"),
    # dashboards
    Page("committee dashboard", "jg001", "/dashboards/"),
    Page("missing meetings", "jg001", "/dashboards/missing/"),
    Page("branch dashboard", "jg001", lambda d: f"/dashboards/branch/{d.branch.pk}/"),
    Page(
        "branch yearly record",
        "jg001",
        lambda d: f"/dashboards/branch/{d.branch.pk}/record/{d.last_year()}/",
    ),
    Page("annual statistics", "jg001", "/dashboards/annual/"),
    Page("star ratings", "jg001", "/dashboards/ratings/"),
]

LUA = r"""
-- wrk script of scripts/bench.py: send the session cookie, report percentiles as JSON.
local cookie = os.getenv("BENCH_COOKIE")
wrk.headers["Cookie"] = cookie
wrk.headers["Accept-Language"] = "zh-hans"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write("BENCH_JSON ")
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "max_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


# --- Steps -----------------------------------------------------------------------------------
def log(text: str) -> None:
    print(f"[bench {datetime.datetime.now(datetime.UTC):%H:%M:%S}Z] {text}", flush=True)


def database_url(name: str) -> str:
    base = os.environ.get("BENCH_DATABASE_URL") or "postgres://portal:portal@127.0.0.1:5432/"
    parts = urllib.parse.urlsplit(base)
    if parts.hostname not in ("127.0.0.1", "localhost"):
        sys.exit("The bench runs only against a local PostgreSQL (127.0.0.1).")
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def server_env(args, url: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DEBUG", "DATABASE_URL"))
    }
    env.update(
        DEBUG="false",
        BENCH="true",
        SECRET_KEY=args.secret_key,
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=url,
        STATIC_ROOT=str(args.out / "static"),
        PORTAL_VAR_DIR=str(args.out / "var"),
        LANG="C.UTF-8",
        LOG_LEVEL="WARNING",
    )
    if args.redis:
        env["REDIS_URL"] = env["CELERY_BROKER_URL"] = args.redis
    return env


def run(cmd: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def seeded_scale(env: dict) -> int | None:
    """The scale the database was seeded with (a marker table of the bench), or None."""
    code = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute(\"select to_regclass('bench_seeded')\")\n"
        "    if c.fetchone()[0] is None: print('none')\n"
        "    else:\n"
        "        c.execute('select scale from bench_seeded'); print(c.fetchone()[0])\n"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    value = out.stdout.strip().splitlines()[-1] if out.returncode == 0 and out.stdout else ""
    return int(value) if value.isdigit() else None


def prepare_database(args, env: dict) -> float | None:
    """Create, migrate and seed the bench database unless it holds this scale already."""
    import psycopg2

    parts = urllib.parse.urlsplit(env["DATABASE_URL"])
    name = parts.path.lstrip("/")
    if not args.reseed and seeded_scale(env) == args.scale:
        log(f"database {name} already seeded at scale {args.scale} (--reseed to start again)")
        run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env)
        return None
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=urllib.parse.unquote(parts.username or ""),
        password=urllib.parse.unquote(parts.password or ""),
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    log(f"migrating {name}")
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    log(f"seed_demo --scale {args.scale}")
    started = time.monotonic()
    run(
        [sys.executable, "manage.py", "seed_demo", "--scale", str(args.scale)],
        env,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.monotonic() - started
    log(f"seeded in {seconds:.0f} s")
    code = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        f"    c.execute('create table bench_seeded as select {args.scale} as scale')\n"
        "    c.execute('analyze')\n"
    )
    run([sys.executable, "manage.py", "shell", "-c", code], env)
    return seconds


def start_server(args, env: dict) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    command = [
        gunicorn,
        "config.wsgi",
        "--bind",
        f"{HOST}:{args.port}",
        "--workers",
        str(args.workers),
        "--timeout",
        "60",
        "--access-logfile",
        "-" if args.verbose else "/dev/null",
        "--error-logfile",
        str(args.out / "gunicorn.log"),
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{HOST}:{args.port}/accounts/login/", timeout=5)
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit(f"gunicorn stopped at start; see {args.out / 'gunicorn.log'}")
            time.sleep(0.5)
    stop_server(server)
    sys.exit("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def sign_in(base: str, username: str) -> str:
    """Sign in through the login form like a browser; returns the Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    body = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=body, headers={"Referer": f"{base}/accounts/login/"}
    )
    opener.open(request, timeout=30)
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        sys.exit(f"Signing in as {username} failed (no session cookie).")
    return f"sessionid={cookies['sessionid']}; csrftoken={cookies.get('csrftoken', '')}"


class Profiler:
    """Where one request's time goes, in this process: SQL, template rendering, the rest.

    SQL is timed around each statement (a connection execute wrapper); templates around the
    outermost `Template.render` of the Django backend, less the SQL run inside it (querysets
    evaluated by the template); the rest is the view's Python, the ORM building queries and
    making objects, forms and middleware.
    """

    def __init__(self):
        self.sql = self.template = self.sql_in_template = 0.0
        self.depth = 0

    def execute(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.sql += spent
            if self.depth:
                self.sql_in_template += spent

    def wrap_render(self, render):
        def timed(template, *args, **kwargs):
            self.depth += 1
            started = time.perf_counter()
            try:
                return render(template, *args, **kwargs)
            finally:
                self.depth -= 1
                if not self.depth:
                    self.template += time.perf_counter() - started

        return timed


def profile_pages(pages: list[tuple[Page, str]], repeat: int) -> dict[str, dict]:
    """Status, SQL queries and the in-process time split of each page (mean of `repeat`)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.template.backends import django as backend
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    users = {
        u.get_username(): u for u in get_user_model().objects.filter(employee_number__in=PERSONAS)
    }
    profiler = Profiler()
    original = backend.Template.render
    backend.Template.render = profiler.wrap_render(original)
    results = {}
    try:
        for page, url in pages:
            client = Client(HTTP_HOST=HOST)
            client.force_login(users[page.persona])
            client.get(url)  # warm caches (templates, content types), as a running server has
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            query_count = len(queries)  # now: the next request empties the query log
            profiler.__init__()
            with connection.execute_wrapper(profiler.execute):
                started = time.perf_counter()
                for _ in range(repeat):
                    client.get(url)
                total = time.perf_counter() - started
            ms = 1000 / repeat
            template = profiler.template - profiler.sql_in_template
            results[page.name] = {
                "status": response.status_code,
                "queries": query_count,
                "ms": total * ms,
                "sql_ms": profiler.sql * ms,
                "template_ms": template * ms,
                "python_ms": (total - profiler.sql - template) * ms,
            }
    finally:
        backend.Template.render = original
    return results


def load(args, url: str, cookie: str) -> dict:
    command = [
        "wrk",
        "-t",
        str(args.threads),
        "-c",
        str(args.connections),
        "-d",
        f"{args.duration}s",
        "--timeout",
        f"{args.timeout}s",
        "-s",
        str(args.out / "bench.lua"),
        f"http://{HOST}:{args.port}{url}",
    ]
    out = subprocess.run(
        command, env={**os.environ, "BENCH_COOKIE": cookie}, capture_output=True, text=True
    )
    line = next((x for x in out.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        sys.exit(f"wrk failed on {url}:\n{out.stdout}\n{out.stderr}")
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    errors = sum(raw[key] for key in ("connect", "read", "write", "status", "timeout"))
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "requests": raw["requests"],
        "errors": errors,
        "error_detail": {k: raw[k] for k in ("connect", "read", "write", "status", "timeout")},
    }


def print_table(rows: list[dict], bare: dict) -> None:
    header = (
        f"{'page':<26}{'persona':<8}{'req/s':>7}{'p50 ms':>8}{'p95 ms':>8}{'err':>4}"
        f"{'queries':>8}{'× bare':>7}{'p95/bare':>9}"
        f" | {'in-process ms':>13}{'sql':>6}{'tmpl':>6}{'python':>7}"
    )
    print()
    print(header)
    print("-" * len(header))
    for row in [bare, *rows]:
        print(
            f"{row['name'][:25]:<26}{row['persona']:<8}{row['rps']:>7.1f}{row['p50_ms']:>8.0f}"
            f"{row['p95_ms']:>8.0f}{row['errors']:>4}{row['queries']:>8}"
            f"{row['ratio']:>7.2f}{row['p95_ratio']:>9.2f}"
            f" | {row['ms']:>13.1f}{row['sql_ms']:>6.1f}{row['template_ms']:>6.1f}"
            f"{row['python_ms']:>7.1f}"
        )
    print()
    print(
        "in-process: the mean of --repeat requests in one process (no HTTP), split into SQL "
        "(time in the database driver), templates (rendering, less the SQL run inside it) and "
        "python (view, ORM, forms, middleware)."
    )


def print_profile(pages: list[tuple[Page, str]], profiles: dict[str, dict]) -> None:
    print()
    print(f"{'page':<26}{'persona':<8}{'queries':>8}{'ms':>8}{'sql':>7}{'tmpl':>7}{'python':>7}")
    for page, _url in pages:
        row = profiles[page.name]
        print(
            f"{page.name[:25]:<26}{page.persona:<8}{row['queries']:>8}{row['ms']:>8.1f}"
            f"{row['sql_ms']:>7.1f}{row['template_ms']:>7.1f}{row['python_ms']:>7.1f}"
        )
    print()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=int(os.environ.get("BENCH_SCALE", 100)))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--timeout", type=int, default=10, help="wrk's request timeout, s")
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE", "portal_bench"))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", ""))
    parser.add_argument("--reseed", action="store_true", help="drop and seed the database again")
    parser.add_argument(
        "--repeat", type=int, default=20, help="requests per page for the in-process profile"
    )
    parser.add_argument(
        "--profile-only", action="store_true", help="the in-process profile only (no wrk)"
    )
    parser.add_argument("--only", nargs="*", default=[], help="page names (substring) to run")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    args.out = ROOT / "var" / "bench"
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.lua").write_text(LUA)
    args.secret_key = secrets.token_urlsafe(64)
    env = server_env(args, database_url(args.database))
    seed_seconds = prepare_database(args, env)

    log("collectstatic")
    run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], env)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    data = Data()
    pages = [p for p in PAGES if not args.only or any(o in p.name for o in args.only)]
    resolved = [(page, page.url(data) if callable(page.url) else page.url) for page in pages]
    bare_page = Page("bare page", "my002", BARE)
    log(f"profiling each page in this process ({args.repeat} requests each)")
    profiles = profile_pages([*resolved, (bare_page, BARE)], args.repeat)
    for page, url in resolved:
        status = profiles[page.name]["status"]
        if status != 200:
            sys.exit(f"{page.name} ({url}) answered {status} for {page.persona}, not 200")
    from django.db import connections

    connections.close_all()
    if args.profile_only:
        print_profile([*resolved, (bare_page, BARE)], profiles)
        return 0

    server = start_server(args, env)
    try:
        base = f"http://{HOST}:{args.port}"
        cookies = {p: sign_in(base, p) for p in sorted({p.persona for p in pages} | {"my002"})}
        log(f"signed in {', '.join(sorted(cookies))}; {args.duration} s per page")
        bare_runs = [load(args, BARE, cookies["my002"])]
        results = []
        for page, url in resolved:
            log(f"{page.name}: {url}")
            results.append(
                {"name": page.name, "persona": page.persona, "url": url}
                | load(args, url, cookies[page.persona])
            )
        bare_runs.append(load(args, BARE, cookies["my002"]))
    finally:
        stop_server(server)

    bare = {
        "name": "bare page",
        "persona": "my002",
        "url": BARE,
        "rps": sum(r["rps"] for r in bare_runs) / len(bare_runs),
        "p50_ms": sum(r["p50_ms"] for r in bare_runs) / len(bare_runs),
        "p95_ms": sum(r["p95_ms"] for r in bare_runs) / len(bare_runs),
        "errors": sum(r["errors"] for r in bare_runs),
        "runs": bare_runs,
    } | profiles["bare page"]
    bare["ratio"] = bare["p95_ratio"] = 1.0
    for row in results:
        row |= profiles[row["name"]]
        row["ratio"] = row["rps"] / bare["rps"]
        row["p95_ratio"] = row["p95_ms"] / bare["p95_ms"]
    print_table(results, bare)
    failing = [r["name"] for r in results if r["ratio"] < 0.5 or r["p95_ratio"] > 4 or r["errors"]]
    report = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "seed_seconds": seed_seconds,
        "settings": {
            "duration_s": args.duration,
            "connections": args.connections,
            "threads": args.threads,
            "gunicorn_workers": args.workers,
        },
        "bare": bare,
        "pages": results,
        "below_target": failing,
    }
    path = (
        args.out / f"bench-{args.scale}-{datetime.datetime.now(datetime.UTC):%Y%m%d-%H%M%SZ}.json"
    )
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    log(f"report: {path.relative_to(ROOT)}")
    if failing:
        log("below target (≥ 0.5 × bare rate, p95 ≤ 4 × bare, no errors): " + ", ".join(failing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
