"""The container's health check: exit 0 when ``GET /health/`` on this container answers 200.

Standard library only, so that the image needs no curl. The request names a host from
``ALLOWED_HOSTS``: Django refuses (400) a Host header it does not allow, and a production list
holds the public name only, not 127.0.0.1. It also says that the request came over HTTPS, as the
proxy does, so that an HTTPS redirect never answers the check with 301.
"""

import os
import sys
import urllib.error
import urllib.request

URL = "http://127.0.0.1:{port}/health/"
TIMEOUT = 5.0


def host_header(allowed_hosts: str | None) -> str:
    """The first host of a comma-separated ``ALLOWED_HOSTS`` that a request may name."""
    for entry in (allowed_hosts or "").split(","):
        host = entry.strip()
        if host == "*":
            return "localhost"
        # ".example.org" allows example.org itself and every subdomain.
        host = host.removeprefix(".")
        if host and "*" not in host:
            return host
    return "localhost"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def healthy(port: int, allowed_hosts: str | None) -> bool:
    request = urllib.request.Request(  # noqa: S310 - a fixed http:// URL
        URL.format(port=port),
        headers={"Host": host_header(allowed_hosts), "X-Forwarded-Proto": "https"},
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def main() -> int:
    port = int(os.environ.get("PORT", "8000"))
    return 0 if healthy(port, os.environ.get("ALLOWED_HOSTS")) else 1


if __name__ == "__main__":
    sys.exit(main())
