from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from chatapps_admin.models import WorkerHeartbeat
from chatapps_admin.tasks import worker_heartbeat
from tests.conftest import wait_until

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "APP_ENV": "production",
    "SECRET_KEY": "k" * 20 + "-production-grade-secret-key-for-checks-0123456789",
    "ALLOWED_HOSTS": "chatapps.example.com",
    "PUBLIC_BASE_URL": "https://chatapps.example.com",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "CHATAPPS_BASE_URL": "https://chatapps.8x8.com",
    "CHATAPPS_API_KEY": "a-real-key",
    "CHATAPPS_SUBACCOUNT_ID": "Acme_WA",
    "CHATAPPS_ACCOUNT_ID": "Acme",
    "CHATAPPS_CHANNEL_ID": "4f9478dd-b3db-475c-9e49-778d8c87046b",
    "CHATAPPS_WEBHOOK_SECRETS": "first-secret-" + "1" * 24 + ",second-secret-" + "2" * 24,
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CHATAPPS_", "DATABASE_URL", "CELERY_", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("SECRET_KEY", "", "SECRET_KEY must be set"),
        ("DATABASE_URL", "sqlite:///x.db", "DATABASE_URL must be a postgresql:// URL"),
        ("CHATAPPS_BASE_URL", "https://example.com", "CHATAPPS_BASE_URL must be one of"),
        ("CHATAPPS_API_KEY", "", "CHATAPPS_API_KEY must be set"),
        (
            "CELERY_BROKER_URL",
            "filesystem://",
            "CELERY_BROKER_URL must be a redis:// or amqp:// URL",
        ),
        ("CHATAPPS_WEBHOOK_SECRETS", "", "CHATAPPS_WEBHOOK_SECRETS must be set"),
        ("SANDBOX_ENABLED", "true", "SANDBOX_ENABLED must be off in production"),
        ("DEBUG", "maybe", "DEBUG must be true or false"),
        ("SECRET_KEY", "insecure-development-key-" + "x" * 40, "public development key"),
        ("CHATAPPS_API_KEY", "sandbox-api-key", "CHATAPPS_API_KEY is the sandbox's key"),
        ("CHATAPPS_WEBHOOK_SECRETS", "sandbox-webhook-secret", "public development secret"),
        ("CHATAPPS_WEBHOOK_SECRETS", "short-secret", "at least 32 characters"),
        ("ALLOWED_HOSTS", "*", "not a wildcard"),
        ("ALLOWED_HOSTS", "chatapps.example.com,*", "not a wildcard"),
        ("WHATSAPP_MESSAGING_TIER", "5000", "WHATSAPP_MESSAGING_TIER must be one of 250, 2000"),
    ],
)
def test_a_wrong_production_setting_fails_at_start_naming_it_in_one_line(name, value, message):
    result = manage("check", env={**PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        line for line in result.stderr.strip().splitlines() if "cannot start" in line
    ]
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.django_db
def heartbeat(seconds_ago: float) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker="celery@test", defaults={"seen_at": timezone.now() - timedelta(seconds=seconds_ago)}
    )


@pytest.mark.django_db
def test_health_reports_each_dependency(client, monkeypatch):
    from chatapps_admin import health

    monkeypatch.setitem(health.CHECKS, "chatapps_api", lambda: "ok")
    heartbeat(seconds_ago=20)
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "worker": "ok", "chatapps_api": "ok"},
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("seconds_ago", "says"),
    [(None, "no worker has answered yet"), (600, "no worker has answered for 600 s")],
)
def test_health_is_503_when_no_worker_answered_recently(client, monkeypatch, seconds_ago, says):
    from chatapps_admin import health

    monkeypatch.setitem(health.CHECKS, "chatapps_api", lambda: "ok")
    if seconds_ago is not None:
        heartbeat(seconds_ago)
    response = client.get("/health")
    assert response.status_code == 503
    assert says in response.json()["checks"]["worker"]


@pytest.mark.worker
def test_a_real_worker_answers_the_heartbeat(celery_worker):
    worker_heartbeat.delay()

    wait_until(WorkerHeartbeat.objects.exists, what="a heartbeat")
    assert timezone.now() - WorkerHeartbeat.objects.get().seen_at < timedelta(seconds=30)


@pytest.mark.django_db
def test_health_is_503_when_the_api_is_unreachable(client, settings):
    settings.CHATAPPS_BASE_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    response = client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["chatapps_api"].startswith("error: ConnectError")


def test_health_reaches_the_sandbox_over_real_http(live_server, settings):
    import httpx

    settings.CHATAPPS_BASE_URL = live_server.url + "/sandbox"
    heartbeat(seconds_ago=5)
    response = httpx.get(live_server.url + "/health", timeout=10)
    assert response.status_code == 200, response.text
    assert response.json()["checks"]["chatapps_api"] == "ok"


def test_the_admin_site_is_not_served_in_production_unless_asked_for():
    probe = (
        "from django.urls import Resolver404, resolve\n"
        "try:\n    resolve('/admin/')\n    print('served')\n"
        "except Resolver404:\n    print('absent')"
    )

    def answer(env: dict[str, str]) -> str:
        return manage("shell", "-c", probe, env=env).stdout.strip().splitlines()[-1]

    assert answer(PRODUCTION_ENV) == "absent"
    assert answer({**PRODUCTION_ENV, "ADMIN_SITE_ENABLED": "true"}) == "served"
