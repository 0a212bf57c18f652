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
4. counts each page's SQL queries once (in this process, with the same settings), then
   loads it with wrk for `--duration` seconds (a Lua script sends the session cookie and
   reports p50/p95), the bare page first and last;
5. prints requests/s, p50, p95, errors, queries and the ratio to the bare page per page,
   and writes the same as JSON to var/bench/bench-<scale>-<time>.json.

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


def count_queries(pages: list[tuple[Page, str]]) -> dict[str, tuple[int, int]]:
    """(status, number of SQL queries) of one GET of each page, in this process."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    users = {
        u.get_username(): u for u in get_user_model().objects.filter(employee_number__in=PERSONAS)
    }
    results = {}
    for page, url in pages:
        client = Client(HTTP_HOST=HOST)
        client.force_login(users[page.persona])
        client.get(url)  # warm caches (templates, content types), as a running server has
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        results[page.name] = (response.status_code, len(queries))
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
        f"{'page':<26}{'persona':<8}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'errors':>7}{'queries':>8}{'× bare':>8}{'p95/bare':>9}"
    )
    print()
    print(header)
    print("-" * len(header))
    for row in [bare, *rows]:
        print(
            f"{row['name']:<26}{row['persona']:<8}{row['rps']:>8.1f}{row['p50_ms']:>9.1f}"
            f"{row['p95_ms']:>9.1f}{row['errors']:>7}{row['queries']:>8}"
            f"{row['ratio']:>8.2f}{row['p95_ratio']:>9.2f}"
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
    queries = count_queries([*resolved, (bare_page, BARE)])
    for page, url in resolved:
        status = queries[page.name][0]
        if status != 200:
            sys.exit(f"{page.name} ({url}) answered {status} for {page.persona}, not 200")
    from django.db import connections

    connections.close_all()

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
        "queries": queries["bare page"][1],
        "runs": bare_runs,
    }
    bare["ratio"] = bare["p95_ratio"] = 1.0
    for row in results:
        row["queries"] = queries[row["name"]][1]
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
