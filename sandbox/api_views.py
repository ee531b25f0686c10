"""The 8x8 API endpoints, under /sandbox/. Bearer auth and faults come from @sandbox_api."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sandbox import files, selectors, services
from sandbox.api_guard import sandbox_api
from sandbox.checks import batch_problems
from sandbox.http import error_response, problems_response, read_json, sandbox_enabled
from sandbox.responses import batch_response, message_details, single_response, template_item
from sandbox.template_store import TemplateRefused, template_create, template_delete

MESSAGE_NOT_FOUND = (1300, "Message not found.")
INVALID_UMID = (1000, "Invalid umid.")
# 8x8 answers message-details GETs at most once a second per sub-account, 429 otherwise.
DETAILS_INTERVAL_SECONDS = 1


@sandbox_api
@require_POST
def message_send(request: HttpRequest, subaccount_id: str) -> HttpResponse:
    body, refusal = read_json(request)
    if refusal is not None:
        return refusal
    problems = services.message_problems(body)
    if problems:
        services.message_reject(body=body, problems=problems)
        return problems_response(problems)
    message = services.message_accept(body=body)
    return JsonResponse(single_response(message))


@sandbox_api
@require_POST
def batch_send(request: HttpRequest, subaccount_id: str) -> HttpResponse:
    body, refusal = read_json(request)
    if refusal is not None:
        return refusal
    problems = batch_problems(body)
    if problems:
        return problems_response(problems)
    batch_id, messages = services.batch_send(body=body)
    client_batch_id = body.get("clientBatchId")
    return JsonResponse(
        batch_response(
            batch_id=batch_id,
            client_batch_id=client_batch_id if isinstance(client_batch_id, str) else "",
            messages=messages,
            include=body.get("includeMessagesInResponse") is True,
        )
    )


@sandbox_api
@require_http_methods(["GET", "DELETE"])
def message_detail(request: HttpRequest, subaccount_id: str, umid: str) -> HttpResponse:
    if not _is_uuid(umid):
        return error_response(400, *INVALID_UMID)
    if request.method == "GET" and selectors.details_asked_within(DETAILS_INTERVAL_SECONDS):
        seconds = DETAILS_INTERVAL_SECONDS
        return error_response(
            429,
            429,
            f"Quota exceeded. Please try again in {seconds} second(s).",
            headers={"Retry-After": str(seconds)},
        )
    message = selectors.message_by_umid(umid)
    # Nothing in the sandbox is scheduled, so there is never anything to cancel.
    if message is None or request.method == "DELETE":
        return error_response(404, *MESSAGE_NOT_FOUND)
    return JsonResponse(message_details(message))


@sandbox_api
@require_POST
def message_mark_read(request: HttpRequest, subaccount_id: str, umid: str) -> HttpResponse:
    """Blue ticks for a customer's message (and their earlier ones) on the Sandbox page's phone."""
    if not _is_uuid(umid):
        return error_response(400, *INVALID_UMID)
    if not selectors.inbound_mark_read(umid):
        return error_response(404, *MESSAGE_NOT_FOUND)
    return HttpResponse(status=200)


@sandbox_api
@require_POST
def event_send(request: HttpRequest, subaccount_id: str) -> HttpResponse:
    """A typing indicator: checked for shape and answered 200; nothing is shown."""
    body, refusal = read_json(request)
    if refusal is not None:
        return refusal
    missing = [
        key
        for key in ("channel", "type", "umid")
        if not isinstance(body, dict) or not isinstance(body.get(key), str)
    ]
    if missing:
        return error_response(400, 1000, f"Invalid parameter(s): {', '.join(missing)}")
    return HttpResponse(status=200)


@sandbox_api
@require_http_methods(["GET", "POST"])
def templates(request: HttpRequest, account_id: str, channel_id: str) -> HttpResponse:
    refusal = _channel_refusal(account_id, channel_id)
    if refusal is not None:
        return refusal
    if request.method == "GET":
        items = [template_item(t) for t in selectors.templates_live()]
        return JsonResponse({"templates": items})
    body, refusal = read_json(request)
    if refusal is not None:
        return refusal
    try:
        template_create(body=body)
    except TemplateRefused as exc:
        return error_response(exc.status, exc.code, exc.message)
    return JsonResponse({})


@sandbox_api
@require_http_methods(["DELETE"])
def template_remove(
    request: HttpRequest, account_id: str, channel_id: str, template_name: str
) -> HttpResponse:
    refusal = _channel_refusal(account_id, channel_id)
    if refusal is not None:
        return refusal
    try:
        template_delete(name=template_name)
    except TemplateRefused as exc:
        return error_response(exc.status, exc.code, exc.message)
    return JsonResponse({})


@sandbox_api
@require_POST
def file_upload(request: HttpRequest, subaccount_id: str) -> HttpResponse:
    limit = files.max_upload_bytes()
    # Refuse on the declared size before reading a byte of an oversized body.
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if declared.isdigit() and int(declared) > limit:
        return error_response(413, *files.TOO_LARGE)
    upload = request.FILES.get("file")
    if upload is None:
        return error_response(400, 1000, "Invalid parameter(s): multipart field 'file' is missing")
    if (upload.size or 0) > limit:
        return error_response(413, *files.TOO_LARGE)
    stored = files.file_store(upload=upload)
    response = JsonResponse({"fileName": stored.file_name, "token": stored.token}, status=201)
    # Relative to the API root, like 8x8's: the client prefixes its base URL.
    response["Location"] = f"/files/{stored.file_name}?token={stored.token}"
    return response


@login_not_required
@sandbox_enabled
@require_GET
def file_download(request: HttpRequest, file_name: str) -> HttpResponseBase:
    """The uploaded bytes for whoever holds the token (8x8 redirects; serving is simpler)."""
    stored = files.file_find(file_name=file_name, token=request.GET.get("token", ""))
    if stored is None:
        return error_response(404, 1300, "File not found")
    content_type, inline = files.file_serving_type(stored)
    return FileResponse(
        files.file_open(stored),
        content_type=content_type,
        as_attachment=not inline,
        filename=stored.file_name,
    )


def _channel_refusal(account_id: str, channel_id: str) -> JsonResponse | None:
    if account_id != settings.CHATAPPS_ACCOUNT_ID or channel_id != settings.CHATAPPS_CHANNEL_ID:
        return error_response(404, 1300, "Channel not found for provided account")
    return None


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
