"""Every page needs a login but an explicit allowlist; a crawl of the URL conf finds new pages."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Paths reachable without logging in, as regular expressions over the path.
ALLOWLIST = [
    r"^/accounts/login/$",
    r"^/accounts/logout/$",
    r"^/accounts/login/code/$",  # the second step: it finds its user in the session
    r"^/health$",
    r"^/favicon\.ico$",
    r"^/webhooks/",
    r"^/sandbox/api/",  # the sandbox's 8x8 endpoints authenticate by bearer key instead
    r"^/sandbox/files/",
    r"^/static/",
]


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _concrete(route: str) -> str:
    """Turn a route into a path that resolves: converters get sample values."""
    route = route.lstrip("^").rstrip("$")
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<uuid:[^>]+>", "00000000-0000-4000-8000-000000000000", route)
    route = re.sub(r"<(?:str|slug|path):[^>]+>", "sample", route)
    route = re.sub(r"<[^>]+>", "sample", route)
    return "/" + route.replace("\\", "")


def all_paths() -> list[str]:
    paths = sorted({_concrete(route) for route in _walk(get_resolver().url_patterns)})
    return [p for p in paths if not p.startswith("/admin/")]


def is_public(path: str) -> bool:
    return any(re.search(rule, path) for rule in ALLOWLIST)


def test_the_crawl_finds_the_pages():
    paths = all_paths()
    assert "/" in paths
    assert "/compose/" in paths
    assert "/audit/" in paths
    assert len(paths) >= 10


@pytest.mark.django_db
@pytest.mark.parametrize("path", [p for p in all_paths() if not is_public(p)])
def test_anonymous_user_is_sent_to_login(client, path):
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 302, (
            f"{method.__name__.upper()} {path} gave {response.status_code}"
        )
        assert response["Location"].startswith("/accounts/login/"), path


@pytest.mark.django_db
def test_admin_site_needs_login_too(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.django_db
def test_the_login_page_is_public(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content
