"""The one place that talks HTTP to 8x8's Messaging Apps API.

One long-lived httpx.Client per process (connection reuse matters at campaign volume), built lazily
from settings by `get_client()`. Every failure is raised as a `chatapps.errors` type that says
whether a retry is safe; see that module for the three classes.
"""

from __future__ import annotations

import re
import threading
import uuid
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
from django.conf import settings

from chatapps.errors import (
    AuthError,
    ChatAppsError,
    NotFoundError,
    PermanentError,
    TransientError,
    UnknownOutcomeError,
)
from chatapps.explain import explain_error
from chatapps.loose import as_int, as_text
from chatapps.results import (
    BatchItem,
    BatchResult,
    ConnectionCheck,
    SendResult,
    UploadResult,
    batch_result,
    send_result,
)

__all__ = [
    "BatchItem",
    "BatchResult",
    "ChatAppsClient",
    "ConnectionCheck",
    "SendResult",
    "UploadResult",
    "get_client",
    "reset_client",
    "set_client",
]

USER_AGENT = "chatapps-admin/0.1"
# "Quota exceeded. Please try again in 1 second(s)." -- 8x8's 429 body, used when no header came.
RETRY_IN_MESSAGE = re.compile(r"try again in (\d+(?:\.\d+)?) second", re.IGNORECASE)
# Methods that change nothing (GET) or change it once however often they run (DELETE).
IDEMPOTENT = {"GET", "DELETE", "HEAD"}


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: either delay-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, seconds)


def error_from_response(response: httpx.Response) -> ChatAppsError:
    """Turn a >= 400 answer into the right exception, reading 8x8's error body when it is JSON."""
    status = response.status_code
    body = _json_or_none(response)
    if isinstance(body, dict):
        code = as_int(body.get("code"))
        message = as_text(body.get("message")).strip()
        error_id = as_text(body.get("errorId"))
        timestamp = as_text(body.get("timestamp"))
    else:
        code, error_id, timestamp = None, "", ""
        # Proxies and load balancers answer with HTML; keep a short, single-line excerpt.
        text = " ".join(response.text.split())[:200] if response.content else ""
        message = f"{status} {response.reason_phrase}" + (f": {text}" if text else "")
    if not message:
        message = f"{status} {response.reason_phrase}"
    kwargs: dict[str, Any] = {
        "http_status": status,
        "code": code,
        "error_id": error_id,
        "timestamp": timestamp,
        "body": body if body is not None else response.text[:1000],
    }
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if retry_after is None and (match := RETRY_IN_MESSAGE.search(message)):
            retry_after = float(match.group(1))
        return TransientError(message, retry_after=retry_after, **kwargs)
    if status >= 500 or status == 408:
        return TransientError(
            message, retry_after=parse_retry_after(response.headers.get("Retry-After")), **kwargs
        )
    if status in (401, 403):
        return AuthError(message, **kwargs)
    if status == 404:
        return NotFoundError(message, **kwargs)
    return PermanentError(message, **kwargs)


def error_from_transport(exc: httpx.HTTPError, *, idempotent: bool) -> ChatAppsError:
    """Classify a failure with no HTTP answer by whether the request may have reached 8x8."""
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return PermanentError(f"The 8x8 base URL is not usable ({what})")
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        # No connection was made (or none was free), so nothing was sent.
        return TransientError(f"Could not connect to 8x8 ({what})")
    if idempotent:
        return TransientError(f"No answer from 8x8 ({what})")
    # Read timeout, dropped connection, protocol error after the request went out: 8x8 may have
    # accepted the message, so the caller must not send it again blindly.
    return UnknownOutcomeError(f"The request was sent but no answer came back ({what})")


class ChatAppsClient:
    """Typed methods over 8x8's endpoints. Thread-safe: share one per process."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        subaccount_id: str,
        account_id: str,
        channel_id: str,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.subaccount_id = subaccount_id
        self.account_id = account_id
        self.channel_id = channel_id
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self._http = httpx.Client(
            base_url=self.base_url,
            headers={
                "Authorization": f"Bearer {api_key}",
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
            },
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout, pool=connect_timeout),
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    # -- paths ----------------------------------------------------------------------------------

    @property
    def _messages_path(self) -> str:
        return f"/api/v1/subaccounts/{quote(self.subaccount_id, safe='')}/messages"

    @property
    def _templates_path(self) -> str:
        account, channel = quote(self.account_id, safe=""), quote(self.channel_id, safe="")
        return f"/api/v1/accounts/{account}/channels/{channel}/templates"

    # -- transport ------------------------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        idempotent = method in IDEMPOTENT
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise error_from_transport(exc, idempotent=idempotent) from exc
        if response.status_code >= 400:
            raise error_from_response(response)
        return response

    def _json_body(self, response: httpx.Response, *, idempotent: bool) -> Any:
        if not response.content:
            return {}
        body = _json_or_none(response)
        if body is None:
            raise self._bad_body(response, "was not JSON", idempotent=idempotent)
        return body

    @staticmethod
    def _bad_body(response: httpx.Response, why: str, *, idempotent: bool) -> ChatAppsError:
        message = f"8x8 answered {response.status_code} but the body {why}"
        # A success we cannot read may still mean the message was accepted.
        cls = PermanentError if idempotent else UnknownOutcomeError
        return cls(message, http_status=response.status_code, body=response.text[:1000])

    # -- messages -------------------------------------------------------------------------------

    def send_message(self, body: dict[str, Any]) -> SendResult:
        """POST one message. A 'rejected' state inside a 200 is returned, not raised."""
        response = self._request("POST", self._messages_path, json=body)
        data = self._json_body(response, idempotent=False)
        if not isinstance(data, dict):
            raise self._bad_body(response, "was not an object", idempotent=False)
        result = send_result(data)
        if not result.umid and not result.rejected:
            raise self._bad_body(response, "carried no umid", idempotent=False)
        return result

    def send_batch(self, body: dict[str, Any]) -> BatchResult:
        """POST a batch. Items are only listed when the body set includeMessagesInResponse."""
        response = self._request("POST", f"{self._messages_path}/batch", json=body)
        data = self._json_body(response, idempotent=False)
        if not isinstance(data, dict):
            raise self._bad_body(response, "was not an object", idempotent=False)
        return batch_result(data)

    def get_message(self, umid: str) -> dict[str, Any]:
        """The message's details: `{"data": [one record per channel attempted]}`."""
        response = self._request("GET", f"{self._messages_path}/{quote(umid, safe='')}")
        data = self._json_body(response, idempotent=True)
        if not isinstance(data, dict):
            raise self._bad_body(response, "was not an object", idempotent=True)
        return data

    def mark_read(self, umid: str) -> None:
        """Mark a customer's message read: WhatsApp shows them blue ticks (200, no body)."""
        self._request("POST", f"{self._messages_path}/{quote(umid, safe='')}/read")

    # -- templates ------------------------------------------------------------------------------

    def list_templates(self) -> list[dict[str, Any]]:
        response = self._request("GET", self._templates_path)
        data = self._json_body(response, idempotent=True)
        templates = data.get("templates") if isinstance(data, dict) else data
        if not isinstance(templates, list):
            raise self._bad_body(response, "had no templates list", idempotent=True)
        return [t for t in templates if isinstance(t, dict)]

    def create_template(self, body: dict[str, Any]) -> dict[str, Any]:
        response = self._request("POST", self._templates_path, json=body)
        data = self._json_body(response, idempotent=False)
        return data if isinstance(data, dict) else {"response": data}

    def delete_template(self, name: str) -> None:
        self._request("DELETE", f"{self._templates_path}/{quote(name, safe='')}")

    # -- files ----------------------------------------------------------------------------------

    def upload_file(self, *, filename: str, content: bytes, content_type: str) -> UploadResult:
        """Upload media for use in messages; returns the absolute URL to send."""
        response = self._request(
            "POST",
            f"/api/v1/subaccounts/{quote(self.subaccount_id, safe='')}/files",
            files={"file": (filename, content, content_type)},
        )
        data = self._json_body(response, idempotent=False)
        data = data if isinstance(data, dict) else {}
        file_name, token = as_text(data.get("fileName")), as_text(data.get("token"))
        if file_name and token:
            url = f"{self.base_url}/files/{quote(file_name)}?token={quote(token, safe='')}"
            return UploadResult(file_name=file_name, token=token, url=url)
        # 8x8's WhatsApp guide shows {"status": "success", "data": {"url": ...}} instead.
        nested = data.get("data")
        location = response.headers.get("Location") or (
            as_text(nested.get("url")) if isinstance(nested, dict) else ""
        )
        if not location:
            raise self._bad_body(response, "named no file", idempotent=False)
        url = self._absolute(location)
        parts = urlsplit(url)
        token = token or (parse_qs(parts.query).get("token") or [""])[0]
        return UploadResult(
            file_name=file_name or parts.path.rsplit("/", 1)[-1], token=token, url=url
        )

    def _absolute(self, location: str) -> str:
        """Resolve a Location header; 8x8 gives it relative to the API root ('/files/...')."""
        if urlsplit(location).scheme:
            return location
        base = urlsplit(self.base_url)
        if base.path and location.startswith(base.path.rstrip("/") + "/"):
            return f"{base.scheme}://{base.netloc}{location}"
        return f"{self.base_url}/{location.lstrip('/')}"

    # -- diagnostics ----------------------------------------------------------------------------

    def check_connection(self) -> ConnectionCheck:
        """Prove the settings work with two harmless reads, and say in plain words what is wrong.

        1. Look up a random umid: 404 code 1300 means the key, the region and the sub-account are
           right (8x8 checked them before looking).
        2. List the templates: this proves the account id and channel id.
        """
        try:
            self.get_message(str(uuid.uuid4()))
        except NotFoundError as exc:
            if exc.code is None:
                return _check_failed(
                    exc,
                    "wrong_url",
                    f"{self.base_url} is not the 8x8 API.",
                    "It answered 404 without an 8x8 error body. CHATAPPS_BASE_URL must be the bare "
                    "regional host, e.g. https://chatapps.8x8.com (no path).",
                )
        except ChatAppsError as exc:
            return self._explain_failure(exc, step="sub-account")
        try:
            templates = self.list_templates()
        except ChatAppsError as exc:
            return self._explain_failure(exc, step="templates")
        return ConnectionCheck(
            ok=True,
            status="ok",
            summary="Connected: 8x8 accepted the API key, region and ids.",
            detail=(
                f"Sub-account {self.subaccount_id} answered, and channel {self.channel_id} lists "
                f"{len(templates)} template{'s' if len(templates) != 1 else ''}."
            ),
            template_count=len(templates),
        )

    def _explain_failure(self, exc: ChatAppsError, *, step: str) -> ConnectionCheck:
        said = f'8x8 said: "{exc.message}"' if exc.http_status else str(exc)
        if exc.http_status is None:
            if isinstance(exc, PermanentError):
                return _check_failed(exc, "bad_url", "The base URL is not usable.", said)
            return _check_failed(
                exc,
                "unreachable",
                f"Could not reach {self.base_url}.",
                f"{said}. Check CHATAPPS_BASE_URL, DNS, and that this server may make outbound "
                f"HTTPS requests (firewall, proxy). Timeouts: connect {self.connect_timeout:g} s, "
                f"read {self.read_timeout:g} s.",
            )
        if exc.code == 1001:
            return _check_failed(
                exc,
                "wrong_subaccount",
                "The sub-account id is wrong.",
                f"{explain_error(1001)} {said}",
            )
        if exc.http_status == 401 or exc.code == 1200:
            return _check_failed(
                exc, "bad_key", "The API key was refused.", f"{explain_error(1200)} {said}"
            )
        if exc.code == 1201 or (exc.http_status == 403 and "endpoint" in exc.message.lower()):
            return _check_failed(
                exc,
                "wrong_region",
                "Wrong region: this account lives on another 8x8 host.",
                f"{said}. Set CHATAPPS_BASE_URL to the account's region: "
                + ", ".join(
                    f"{name} {host}" for host, name in settings.CHATAPPS_REGION_HOSTS.items()
                )
                + ".",
            )
        if step == "templates" and exc.http_status in (400, 403, 404):
            return _check_failed(
                exc,
                "wrong_channel",
                "The key works, but the template list was refused.",
                f"Check CHATAPPS_ACCOUNT_ID ({self.account_id}) and CHATAPPS_CHANNEL_ID "
                f"({self.channel_id}). {said}",
            )
        if exc.http_status == 403:
            return _check_failed(
                exc, "forbidden", "8x8 refused access.", f"{explain_error(1201)} {said}"
            )
        if exc.http_status == 429:
            wait = f" Try again in {exc.retry_after:g} s." if exc.retry_after is not None else ""
            return _check_failed(
                exc,
                "rate_limited",
                "8x8 is rate limiting this account right now.",
                f"{said}.{wait}",
            )
        if exc.http_status >= 500:
            return _check_failed(
                exc, "upstream_error", "8x8 had a server error.", f"{explain_error(2000)} {said}"
            )
        return _check_failed(
            exc, "error", f"8x8 refused the {step} check.", f"{explain_error(exc.code)} {said}"
        )


def _check_failed(exc: ChatAppsError, status: str, summary: str, detail: str) -> ConnectionCheck:
    return ConnectionCheck(
        ok=False,
        status=status,
        summary=summary,
        detail=detail,
        http_status=exc.http_status,
        code=exc.code,
        error_id=exc.error_id,
    )


# -- the process-wide client ---------------------------------------------------------------------

_client: ChatAppsClient | None = None
_lock = threading.Lock()


def client_from_settings(*, transport: httpx.BaseTransport | None = None) -> ChatAppsClient:
    return ChatAppsClient(
        base_url=settings.CHATAPPS_BASE_URL,
        api_key=settings.CHATAPPS_API_KEY,
        subaccount_id=settings.CHATAPPS_SUBACCOUNT_ID,
        account_id=settings.CHATAPPS_ACCOUNT_ID,
        channel_id=settings.CHATAPPS_CHANNEL_ID,
        connect_timeout=settings.CHATAPPS_CONNECT_TIMEOUT,
        read_timeout=settings.CHATAPPS_READ_TIMEOUT,
        transport=transport,
    )


def get_client() -> ChatAppsClient:
    """The process's client, built on first use (after a Celery worker forks, not before)."""
    global _client
    if _client is None:
        with _lock:
            if _client is None:
                _client = client_from_settings()
    return _client


def set_client(client: ChatAppsClient) -> None:
    """Install a client (tests: one over httpx.MockTransport or pointed at a live server)."""
    global _client
    with _lock:
        old, _client = _client, client
    if old is not None and old is not client:
        old.close()


def reset_client() -> None:
    """Forget the client so the next `get_client()` rebuilds it from current settings."""
    global _client
    with _lock:
        old, _client = _client, None
    if old is not None:
        old.close()
