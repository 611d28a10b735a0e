"""Production settings: portal check-deploy, the server's refusal of a generated secret, and
the deployment files (gunicorn, nginx, systemd, container, compose) kept right by reading them,
since no Docker daemon or nginx runs here."""
import os
import re
import subprocess
import sys

import pytest
import yaml

from portal.config import DefaultConfig, env_overrides
from portal.ops.checks import config_problems, serve_refusal
from tests.fixtures.ops import ROOT

GOOD = {
    "SECRET_KEY": "k" * 64, "SESSION_COOKIE_SECURE": True, "REMEMBER_COOKIE_SECURE": True, "PORTAL_PROXY_HOPS": 1,
    "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://portal@db/portal", "PORTAL_STORAGE_URL": "s3://uploads",
    "PORTAL_AUDIT_RETENTION_DAYS": 1095, "WTF_CSRF_ENABLED": True, "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    "PORTAL_UPLOAD_MAX_BYTES": 10 * 1024 * 1024,
}


def read(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as fh:
        return fh.read()


def topics(config):
    return {(p.level, p.topic) for p in config_problems(config)}


def test_a_production_configuration_has_no_findings():
    assert config_problems(GOOD) == []


@pytest.mark.parametrize("change,finding", [
    ({"PORTAL_SECRET_KEY_GENERATED": True}, ("unsafe", "secret key")),
    ({"SECRET_KEY": "change-me"}, ("unsafe", "secret key")),
    ({"SECRET_KEY": "short-key"}, ("unsafe", "secret key")),
    ({"SESSION_COOKIE_SECURE": False}, ("unsafe", "cookies")),
    ({"DEBUG": True}, ("unsafe", "debug")),
    ({"WTF_CSRF_ENABLED": False}, ("unsafe", "CSRF")),
    ({"PORTAL_PROXY_HOPS": 0}, ("warning", "proxy")),
    ({"SQLALCHEMY_DATABASE_URI": "sqlite:///x.sqlite"}, ("warning", "database")),
    ({"PORTAL_STORAGE_URL": None}, ("warning", "uploads")),
    ({"PORTAL_UPLOAD_MAX_BYTES": 16 * 1024 * 1024}, ("warning", "uploads")),
    ({"PORTAL_AUDIT_RETENTION_DAYS": None}, ("warning", "history")),
])
def test_each_unsafe_setting_is_named(change, finding):
    assert topics({**GOOD, **change}) == {finding}


def test_check_deploy_prints_findings_and_fails_on_unsafe_ones(runner, app, monkeypatch):
    result = runner.invoke(args=["portal", "check-deploy"])
    assert result.exit_code == 1
    assert "UNSAFE   cookies: SESSION_COOKIE_SECURE is off" in result.output
    assert "secret key" in result.output  # the test key is a short one
    assert "unsafe" in result.output.splitlines()[-1]
    for key, value in GOOD.items():
        if key != "SQLALCHEMY_DATABASE_URI":
            monkeypatch.setitem(app.config, key, value)
    monkeypatch.setitem(app.config, "PORTAL_STORAGE_URL", None)
    monkeypatch.setitem(app.config, "TESTING", False)
    result = runner.invoke(args=["portal", "check-deploy"])
    assert result.exit_code == 0, result.output  # only warnings left (a local folder; SQLite)
    assert "UNSAFE" not in result.output and "WARNING  uploads" in result.output


def test_production_settings_come_from_the_environment():
    values = env_overrides({"PORTAL_PROXY_HOPS": "2", "PORTAL_SECURE_COOKIES": "1", "PORTAL_TRIAL": "no",
                            "PORTAL_STORAGE_URL": "s3://b", "PORTAL_AUDIT_RETENTION_DAYS": "365"})
    assert values == {"PORTAL_PROXY_HOPS": 2, "SESSION_COOKIE_SECURE": True, "REMEMBER_COOKIE_SECURE": True,
                      "PORTAL_TRIAL": False, "PORTAL_STORAGE_URL": "s3://b", "PORTAL_AUDIT_RETENTION_DAYS": 365}
    with pytest.raises(ValueError, match="PORTAL_PROXY_HOPS"):
        env_overrides({"PORTAL_PROXY_HOPS": "one"})


def test_the_server_refuses_a_generated_or_default_secret_unless_on_trial(tmp_path):
    assert serve_refusal(GOOD) is None
    assert "Refusing to serve" in serve_refusal({**GOOD, "PORTAL_SECRET_KEY_GENERATED": True})
    assert serve_refusal({**GOOD, "SECRET_KEY": "dev", "PORTAL_TRIAL": True}) is None

    env = {**os.environ, "PORTAL_INSTANCE_PATH": str(tmp_path), "PORTAL_DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite"}
    env.pop("PORTAL_SECRET_KEY", None)
    done = subprocess.run([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--bind", "127.0.0.1:0",
                           "wsgi:app"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "Refusing to serve" in done.stderr and "TRIAL=1" in done.stderr


def test_gunicorn_settings():
    namespace = {"__file__": os.path.join(ROOT, "deploy", "gunicorn.conf.py")}
    os.environ.pop("PORTAL_WORKERS", None)
    exec(compile(read("deploy", "gunicorn.conf.py"), "gunicorn.conf.py", "exec"), namespace)
    assert namespace["workers"] == os.cpu_count() * 2 + 1
    assert namespace["timeout"] == 60 and namespace["graceful_timeout"] < namespace["timeout"]
    assert namespace["forwarded_allow_ips"] == ""  # no proxy declared: trust no forwarded header
    fields = re.findall(r"%\((\{[^}]+\}\w|\w)\)s", namespace["access_log_format"])
    assert "h" not in fields and "r" not in fields and "q" not in fields  # no address, no query string
    assert "{x-request-id}o" in fields


def test_nginx_site_matches_the_portal():
    site = read("deploy", "nginx", "portal.conf")
    body_limit = re.search(r"client_max_body_size (\d+)m;", site).group(1)
    assert int(body_limit) * 1024 * 1024 == DefaultConfig.MAX_CONTENT_LENGTH
    assert re.search(r"location /static/ \{\s+alias /srv/portal/portal/static/;", site)
    assert os.path.isdir(os.path.join(ROOT, "portal", "static"))
    assert "return 301 https://" in site and "listen 443 ssl" in site and "Strict-Transport-Security" in site
    for header in ("X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme", "Host $host"):
        assert f"proxy_set_header {header};" in site
    read_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", site).group(1))
    assert read_timeout > 60  # longer than gunicorn's worker timeout
    assert site.count("{") == site.count("}")
    unit = read("deploy", "systemd", "portal.service")
    assert "server 127.0.0.1:8000;" in site and "--bind 127.0.0.1:8000" in unit


def test_systemd_unit():
    unit = read("deploy", "systemd", "portal.service")
    assert "User=portal" in unit and "Type=notify" in unit
    assert "ExecStart=/srv/portal/.venv/bin/gunicorn -c deploy/gunicorn.conf.py" in unit
    assert "EnvironmentFile=/etc/portal/portal.env" in unit and "ProtectSystem=strict" in unit
    env_example = read("deploy", "portal.env.example")
    for name in ("PORTAL_DATABASE_URL", "PORTAL_SECRET_KEY", "PORTAL_PROXY_HOPS=1", "PORTAL_SECURE_COOKIES=1"):
        assert name in env_example


def _stages(dockerfile):
    stages, current = [], None
    for line in re.sub(r"\\\n\s*", " ", dockerfile).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, rest = line.partition(" ")
        if instruction.upper() == "FROM":
            current = {"from": rest, "lines": []}
            stages.append(current)
        current["lines"].append((instruction.upper(), rest))
    return stages


def test_container_image_runs_unprivileged_without_build_tools():
    dockerfile = read("deploy", "Dockerfile")
    stages = _stages(dockerfile)
    final = stages[-1]["lines"]
    assert len(stages) == 2 and "AS build" in stages[0]["from"] and "slim" in stages[-1]["from"]
    users = [rest for instruction, rest in final if instruction == "USER"]
    assert users and users[-1] not in ("root", "0")
    installs = " ".join(rest for instruction, rest in final if instruction == "RUN")
    for tool in ("gcc", "build-essential", "make", "-dev ", "git"):
        assert tool not in installs
    assert "--no-install-recommends" in installs and "postgresql-client-15" in installs  # pg_dump for backups
    assert "pip uninstall --yes pip setuptools wheel" in dockerfile  # no installer in the final venv
    assert ("CMD", '["gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"]') in final
    assert any(i == "HEALTHCHECK" and "/healthz" in rest for i, rest in final)
    # Every file the build copies exists, and the ignore file lets it through.
    ignore = read("deploy", "Dockerfile.dockerignore").splitlines()
    for instruction, rest in stages[0]["lines"]:
        if instruction == "COPY":
            for source in rest.split()[:-1]:
                assert os.path.exists(os.path.join(ROOT, source)), source
                assert f"!{source}" in ignore or f"!{source}/" in ignore, source


def test_compose_runs_the_image_with_postgresql():
    compose = yaml.safe_load(read("deploy", "compose.yaml"))
    services = compose["services"]
    assert set(services) == {"db", "migrate", "web"}
    assert services["db"]["image"].startswith("postgres:15")
    web = services["web"]
    assert web["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
    assert os.path.exists(os.path.join(ROOT, "deploy", "Dockerfile"))
    env = web["environment"]
    assert env["PORTAL_DATABASE_URL"].startswith("postgresql://portal:") and "@db:5432/portal" in env["PORTAL_DATABASE_URL"]
    assert ":?" in env["PORTAL_SECRET_KEY"]  # compose refuses to start without a key
    assert services["migrate"]["command"][-2:] == ["portal", "init-db"]
    assert web["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert "/readyz" in " ".join(web["healthcheck"]["test"])
    assert web["ports"] == ["127.0.0.1:8000:8000"]  # never open to the world without nginx in front
