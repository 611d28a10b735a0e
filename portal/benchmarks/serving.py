"""Requests per second of the production server against Flask's development server:
``python -m portal.benchmarks.serving [--rows 20000] [--seconds 5] [--clients 8]``.

Builds one throw-away database (SQLite in a temporary folder, or ``--url``/``PORTAL_BENCH_DATABASE_URL``
for PostgreSQL, whose schema it DROPS) with cases in every state, then serves it twice on this
machine: gunicorn with deploy/gunicorn.conf.py and 4 workers, and ``flask run`` (threaded).
The same clients (threads keeping their connections, the case list signed in as the district
office) ask each page for the same time; prints requests per second and the ratio. Nothing is
asserted. On a machine others are using (see the load printed first) the scheduler shares the
cores per thread, which favours the development server's many threads: compare runs at a
similar load.
"""
import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time

from portal.benchmarks.cases import build
from portal.benchmarks.support import bench_app

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGES = {"case list": "/admin/cases/", "public home": "/"}
SECRET = "bench-serving-" + "k" * 40
WARM_UP = 40  # requests per page before the clock starts


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(kind, database_url, uploads):
    port = free_port()
    env = {**os.environ, "PORTAL_DATABASE_URL": database_url, "PORTAL_SECRET_KEY": SECRET,
           "PORTAL_UPLOAD_DIR": uploads, "PORTAL_INSTANCE_PATH": tempfile.mkdtemp(prefix="bench-host-")}
    if kind == "gunicorn":
        command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--workers", "4",
                   "--bind", f"127.0.0.1:{port}", "wsgi:app"]
    else:
        command = [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--host", "127.0.0.1", "--port", str(port),
                   "--no-reload", "--no-debugger", "--with-threads"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/healthz", timeout=2).status_code == 200:
                return process, url
        except requests.ConnectionError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"{kind} did not start")


def signed_in(url):
    import re

    import requests

    session = requests.Session()
    page = session.get(url + "/auth/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = session.post(url + "/auth/login", allow_redirects=False,
                          data={"username": "bench-admin", "password": "bench-password", "csrf_token": token})
    assert answer.status_code == 302, answer.status_code
    return session


def rate(url, path, clients, seconds):
    """Requests per second that ``clients`` threads get answered (200) in ``seconds``."""
    sessions = [signed_in(url) for _ in range(clients)]
    for n in range(WARM_UP):  # every worker imports, compiles templates and connects on first use
        sessions[n % clients].get(url + path)
    done, stop = [0] * clients, time.monotonic() + seconds

    def client(n):
        while time.monotonic() < stop:
            if sessions[n].get(url + path).status_code == 200:
                done[n] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--url", default=os.environ.get("PORTAL_BENCH_DATABASE_URL"),
                        help="database URL (PostgreSQL: its schema is dropped!)")
    args = parser.parse_args()

    uploads = tempfile.mkdtemp(prefix="bench-serving-")
    app = bench_app(args.url, PORTAL_UPLOAD_DIR=uploads)
    build(app, args.rows, random.Random(1))
    database_url = app.config["SQLALCHEMY_DATABASE_URI"]
    print(f"serving: {args.rows:,} cases ({database_url.split(':')[0]}), {args.clients} clients, "
          f"{args.seconds:g} s per page and server; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    results = {}
    for kind in ("gunicorn", "flask run"):
        process, url = start(kind, database_url, uploads)
        try:
            for name, path in PAGES.items():
                results[kind, name] = rate(url, path, args.clients, args.seconds)
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(f"{'page':<14} {'gunicorn ×4':>12} {'flask run':>10} {'ratio':>7}")
    for name in PAGES:
        fast, slow = results["gunicorn", name], results["flask run", name]
        print(f"{name:<14} {fast:>10.1f}/s {slow:>8.1f}/s {fast / slow:>6.2f}×")


if __name__ == "__main__":
    main()
