"""The production deployment (Dockerfile, compose.yaml, deploy/) holds together.

No Docker daemon is needed: the files are read and checked against each other and against the
project (its management commands, its upload limit, its settings for the proxy). The nginx
configuration is also parsed by nginx when nginx is installed.
"""

import importlib.util
import re
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

from network.knowledge.models import DOCUMENT_MAX_BYTES

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = DEPLOY / "nginx"
APP_SERVICES = ("app1", "app2")

_spec = importlib.util.spec_from_file_location("healthcheck", DEPLOY / "healthcheck.py")
assert _spec and _spec.loader
healthcheck = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(healthcheck)
IMAGE_SERVICES = (*APP_SERVICES, "migrate", "scheduler")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose: dict) -> dict:
    return compose["services"]


def _nginx_directives(text: str, name: str) -> list[str]:
    """The arguments of every ``name`` directive, comments left out."""
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    return [match.strip() for match in re.findall(rf"(?m)^\s*{name}\s+([^;]+);", code)]


def _location(text: str, path: str) -> str:
    match = re.search(rf"location\s+{re.escape(path)}\s*\{{(.*?)\n\}}", text, re.S)
    assert match, f"no location {path} in the nginx configuration"
    return match.group(1)


def _seconds(value: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    number, unit = re.fullmatch(r"(\d+)([smhd]?)", value).groups()  # type: ignore[union-attr]
    return int(number) * units.get(unit or "s", 1)


def _megabytes(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()  # type: ignore[union-attr]
    return int(number) * {"": 1, "k": 2**10, "m": 2**20, "g": 2**30}[unit.lower()]


# --- compose.yaml -------------------------------------------------------------------------------


def test_the_services_of_the_deployment(services):
    assert set(services) == {"proxy", "app1", "app2", "migrate", "scheduler", "db", "redis"}
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    assert services["proxy"]["image"].startswith("nginx:1.27")


def test_the_app_services_run_one_image_from_one_build(services):
    images = {services[name]["image"] for name in IMAGE_SERVICES}
    builds = {repr(services[name]["build"]) for name in IMAGE_SERVICES}
    assert len(images) == 1 and len(builds) == 1
    assert services["app1"]["build"]["context"] == "."
    assert (ROOT / services["app1"]["build"]["dockerfile"]).is_file()


def test_only_the_proxy_publishes_ports(services):
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert {port.rsplit(":", 1)[-1] for port in services["proxy"]["ports"]} == {"80", "443"}


def test_the_app_services_run_behind_the_proxy_on_postgres_and_redis(services):
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert env["BEHIND_PROXY"] == "1"
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert env["DATABASE_URL_FILE"] == "/run/secrets/database_url"
        assert "ALLOWED_HOSTS" in env and "EMAIL_URL" in env
        assert services[name]["volumes"] == ["media:/app/media"]


def test_secrets_are_files_never_values(compose, services):
    assert {"secret_key", "database_url", "db_password"} <= set(compose["secrets"])
    for secret in compose["secrets"].values():
        assert set(secret) == {"file"}
        assert secret["file"].startswith("./deploy/secrets/")
    for name, service in services.items():
        env = service.get("environment", {})
        for variable, value in env.items():
            assert variable not in {"SECRET_KEY", "DATABASE_URL", "POSTGRES_PASSWORD"}, name
            # No URL with a password in it: user:password@host.
            assert not re.search(r"://[^/@\s]*:[^/@\s]*@", str(value)), (name, variable)
        for variable, value in env.items():
            if variable.endswith("_FILE"):
                secret = value.removeprefix("/run/secrets/")
                assert secret in service["secrets"], (name, variable)
    assert services["app1"]["environment"]["SECRET_KEY_FILE"] == "/run/secrets/secret_key"
    assert services["db"]["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/db_password"


def test_secret_files_stay_out_of_git_and_the_image():
    assert (DEPLOY / "secrets" / ".gitignore").read_text().splitlines()[1:] == ["*", "!.gitignore"]
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert {"deploy/secrets", "deploy/certs", ".env", ".git", ".venv", "var"} <= set(ignored)


def test_make_secrets_writes_a_database_url_that_matches_the_password(tmp_path):
    shutil.copytree(DEPLOY, tmp_path / "deploy", ignore=shutil.ignore_patterns("secrets"))
    script = tmp_path / "deploy" / "make-secrets.sh"
    subprocess.run(["sh", str(script)], check=True, capture_output=True)  # noqa: S603, S607
    secrets = tmp_path / "deploy" / "secrets"
    key = (secrets / "secret_key").read_text()
    password = (secrets / "db_password").read_text()
    assert len(key) >= 50 and len(set(key)) >= 5
    assert (secrets / "database_url").read_text() == (
        f"postgres://samverkan:{password}@db:5432/samverkan"
    )
    # Run again: nothing is replaced (a new key would sign everyone out).
    subprocess.run(["sh", str(script)], check=True, capture_output=True)  # noqa: S603, S607
    assert (secrets / "secret_key").read_text() == key


def test_migrations_run_once_before_the_app_servers(services):
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["migrate"]["restart"] == "no"
    for name in (*APP_SERVICES, "scheduler"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert "migrate" not in " ".join(services[name]["command"])


def test_the_commands_of_the_services_are_management_commands(services):
    commands = get_commands()
    for name in ("migrate", "scheduler"):
        command = services[name]["command"]
        assert command[:2] == ["python", "manage.py"]
        assert command[2] in commands
    assert services["scheduler"]["command"][2] == "run_scheduler"


def test_the_app_servers_take_the_client_address_from_the_header_nginx_sets(services):
    app_conf = (NGINX / "app.conf").read_text()
    for name in APP_SERVICES:
        command = services[name]["command"]
        assert command[0] == "daphne" and command[-1] == "config.asgi:application"
        assert "--proxy-headers" in command
        # Daphne's default, X-Forwarded-For, would give it the FIRST entry: the client's own.
        header = command[command.index("--proxy-headers-host") + 1]
        assert header == "X-Real-IP"
    for location in ("/", "/ws/"):
        headers = _nginx_directives(_location(app_conf, location), "proxy_set_header")
        assert "X-Real-IP $remote_addr" in headers
        assert "X-Forwarded-For $proxy_add_x_forwarded_for" in headers
        assert "X-Forwarded-Proto $scheme" in headers


def test_healthchecks(services):
    for name in ("db", "redis", "proxy"):
        assert services[name]["healthcheck"]["test"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    # The app servers use the image's HEALTHCHECK; the one-shot and the scheduler serve nothing.
    for name in APP_SERVICES:
        assert "healthcheck" not in services[name]
    for name in ("migrate", "scheduler"):
        assert services[name]["healthcheck"] == {"disable": True}


def test_named_volumes_hold_the_data(compose, services):
    assert set(compose["volumes"]) == {"db-data", "redis-data", "media"}
    mounted = {
        volume.split(":", 1)[0]
        for service in services.values()
        for volume in service.get("volumes", [])
    }
    assert set(compose["volumes"]) <= mounted
    assert "db-data:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "redis-data:/data" in services["redis"]["volumes"]


def test_the_database_is_reachable_only_from_inside(compose, services):
    assert compose["networks"]["data"]["internal"] is True
    assert services["db"]["networks"] == ["data"] and services["redis"]["networks"] == ["data"]
    assert "data" not in services["proxy"]["networks"]


def _interpolate(text: str, **values: str) -> str:
    """``${NAME:-default}`` as compose reads it, with ``values`` for the variables set."""
    return re.sub(r"\$\{(\w+):-([^}]*)\}", lambda match: values.get(match[1], match[2]), text)


@pytest.mark.parametrize("site", ["https", "http"])
def test_the_proxy_mounts_files_that_exist(services, site):
    for volume in services["proxy"]["volumes"]:
        source, target = _interpolate(volume, PROXY_SITE=site).split(":")[:2]
        assert (ROOT / source).exists(), source
        if target == "/etc/nginx/site.conf":
            assert source == f"./deploy/nginx/{site}.conf"


# --- nginx --------------------------------------------------------------------------------------


def test_the_proxy_balances_over_every_app_server():
    nginx_conf = (NGINX / "nginx.conf").read_text()
    servers = _nginx_directives(nginx_conf, "server")
    assert sorted(server.split()[0] for server in servers) == [
        f"{name}:8000" for name in APP_SERVICES
    ]


def test_the_proxy_passes_the_app_s_security_headers_on_unchanged():
    """HSTS and the other headers are the app's (its settings say what they are): the proxy
    neither hides nor replaces them, and tells the app the scheme it was reached by."""
    for conf in NGINX.glob("*.conf"):
        text = conf.read_text()
        assert not _nginx_directives(text, "proxy_hide_header"), conf.name
        assert not _nginx_directives(text, "add_header"), conf.name
    app = (NGINX / "app.conf").read_text()
    assert "X-Forwarded-Proto $scheme" in _nginx_directives(app, "proxy_set_header")


def test_websockets_are_upgraded_and_kept_open():
    ws = _location((NGINX / "app.conf").read_text(), "/ws/")
    assert "Upgrade $http_upgrade" in _nginx_directives(ws, "proxy_set_header")
    assert "Connection $connection_upgrade" in _nginx_directives(ws, "proxy_set_header")
    assert _nginx_directives(ws, "proxy_http_version") == ["1.1"]
    assert _seconds(_nginx_directives(ws, "proxy_read_timeout")[0]) >= 3600
    nginx_conf = (NGINX / "nginx.conf").read_text()
    assert re.search(r"map \$http_upgrade \$connection_upgrade", nginx_conf)


def test_the_proxy_lets_the_largest_document_through():
    limit = _nginx_directives((NGINX / "nginx.conf").read_text(), "client_max_body_size")
    assert len(limit) == 1
    assert _megabytes(limit[0]) > DOCUMENT_MAX_BYTES


def test_the_tls_site_redirects_http_and_serves_the_app_with_the_mounted_certificate():
    https = (NGINX / "https.conf").read_text()
    assert _nginx_directives(https, "ssl_certificate") == ["/etc/nginx/certs/fullchain.pem"]
    assert _nginx_directives(https, "ssl_certificate_key") == ["/etc/nginx/certs/privkey.pem"]
    assert "return 301 https://$host$request_uri" in https
    assert "include /etc/nginx/samverkan/app.conf" in https


def _nginx_version(nginx: str) -> tuple[int, ...]:
    output = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr  # noqa: S603
    return tuple(int(part) for part in re.search(r"nginx/([\d.]+)", output).group(1).split("."))  # type: ignore[union-attr]


@pytest.mark.parametrize("site", ["https", "http"])
def test_nginx_accepts_the_configuration(tmp_path, site):
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    openssl = shutil.which("openssl")
    if not nginx or not openssl:
        pytest.skip("nginx or openssl is not installed (apt-get install nginx-core openssl)")
    certs = tmp_path / "certs"
    certs.mkdir()
    subprocess.run(  # noqa: S603
        [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-keyout", str(certs / "privkey.pem"),
            "-out", str(certs / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    paths = {
        "/etc/nginx/site.conf": str(tmp_path / "site.conf"),
        "/etc/nginx/samverkan/app.conf": str(tmp_path / "app.conf"),
        "/etc/nginx/certs": str(certs),
        "/var/run/nginx.pid": str(tmp_path / "nginx.pid"),
    }

    def adapt(text: str) -> str:
        for container_path, local_path in paths.items():
            text = text.replace(container_path, local_path)
        if _nginx_version(nginx) < (1, 27, 3):
            # "resolve" in an upstream is in nginx since 1.27.3 (the image's 1.27); an older
            # local nginx checks the rest, on addresses it can resolve without Docker's DNS.
            text = text.replace(" resolve ", " ")
            text = re.sub(r"server app\d+:8000", "server 127.0.0.1:8000", text)
        return text

    (tmp_path / "nginx.conf").write_text(adapt((NGINX / "nginx.conf").read_text()))
    (tmp_path / "app.conf").write_text(adapt((NGINX / "app.conf").read_text()))
    (tmp_path / "site.conf").write_text(adapt((NGINX / f"{site}.conf").read_text()))
    result = subprocess.run(  # noqa: S603
        [
            nginx,
            "-t",
            "-q",
            "-e",
            "stderr",
            "-p",
            str(tmp_path),
            "-c",
            str(tmp_path / "nginx.conf"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


# --- Dockerfile ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dockerfile() -> str:
    # Continuation lines joined, comments left out.
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return re.sub(r"\\\n\s*", " ", "\n".join(lines))


def _instructions(dockerfile: str, name: str) -> list[str]:
    return re.findall(rf"(?m)^{name}\s+(.*)$", dockerfile)


def _runtime_stage(dockerfile: str) -> str:
    return dockerfile[dockerfile.rindex("\nFROM ") :]


def test_the_image_is_built_in_stages(dockerfile):
    stages = _instructions(dockerfile, "FROM")
    assert len(stages) >= 2
    assert "COPY --from=builder /opt/venv /opt/venv" in dockerfile
    runtime = _runtime_stage(dockerfile)
    for compiler in ("build-essential", "gcc", "-dev "):
        assert compiler not in runtime
    for library in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "fonts-dejavu-core"):
        assert library in runtime


def test_the_image_runs_as_a_user_that_is_not_root(dockerfile):
    users = _instructions(_runtime_stage(dockerfile), "USER")
    assert users and users[-1].strip() not in {"root", "0", "0:0"}


def test_the_image_checks_its_health_on_the_health_endpoint(dockerfile):
    (check,) = _instructions(dockerfile, "HEALTHCHECK")
    assert "/app/deploy/healthcheck.py" in check
    assert "COPY deploy/healthcheck.py ./deploy/healthcheck.py" in dockerfile
    assert healthcheck.URL.endswith("/health/")


def test_the_image_collects_static_files_and_keeps_no_key(dockerfile):
    (collect,) = [run for run in _instructions(dockerfile, "RUN") if "collectstatic" in run]
    # The key is given to this one step only, never with ENV (which every container would keep).
    assert collect.startswith("SECRET_KEY=")
    assert "SECRET_KEY" not in " ".join(_instructions(dockerfile, "ENV"))
    assert "django.mo" in collect


def test_the_image_serves_without_migrating(dockerfile):
    (command,) = _instructions(dockerfile, "CMD")
    assert command.startswith('["daphne"')
    assert "config.asgi:application" in command
    assert "migrate" not in command
    assert 'VOLUME ["/app/media"]' in dockerfile


def test_the_locale_catalogues_are_compiled():
    for language in ("sv", "en"):
        assert (ROOT / "frontend" / "locale" / language / "LC_MESSAGES" / "django.mo").is_file()


# --- the health check script --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("allowed", "expected"),
    [
        (None, "localhost"),
        ("", "localhost"),
        ("samverkan.example.org", "samverkan.example.org"),
        (" a.example.org , b.example.org", "a.example.org"),
        (".example.org", "example.org"),
        ("*", "localhost"),
        ("*.example.org,b.example.org", "b.example.org"),
    ],
)
def test_the_health_check_names_an_allowed_host(allowed, expected):
    assert healthcheck.host_header(allowed) == expected


@pytest.fixture
def health_server() -> Iterator[tuple[int, dict]]:
    """A local server that answers /health/ as told and records what it was sent."""
    state: dict = {"status": 200, "headers": None}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            state["headers"] = dict(self.headers)
            state["path"] = self.path
            self.send_response(state["status"])
            if state["status"] == 301:
                self.send_header("Location", "https://example.org/health/")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], state
    server.shutdown()
    server.server_close()


def test_the_health_check_passes_on_200_with_an_allowed_host(health_server):
    port, state = health_server
    assert healthcheck.healthy(port, "samverkan.example.org") is True
    assert state["path"] == "/health/"
    assert state["headers"]["Host"] == "samverkan.example.org"
    assert state["headers"]["X-Forwarded-Proto"] == "https"


@pytest.mark.parametrize("status", [503, 400, 301])
def test_the_health_check_fails_on_anything_else(health_server, status):
    port, state = health_server
    state["status"] = status
    assert healthcheck.healthy(port, "samverkan.example.org") is False


def test_the_health_check_fails_when_nothing_listens():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert healthcheck.healthy(port, None) is False
