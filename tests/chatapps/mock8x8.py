"""A ChatAppsClient over httpx.MockTransport, and 8x8-shaped canned answers."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from chatapps.client import ChatAppsClient

BASE = "https://chatapps.example.test"
SUB = "ChatAppsDemo_WA"
Handler = Callable[[httpx.Request], httpx.Response]


def error_body(code: int, message: str) -> dict:
    return {
        "code": code,
        "message": message,
        "errorId": "7aea5f0a-712c-4b0f-b751-b35400b3feae",
        "timestamp": "2021-01-04T08:19:45.99Z",
    }


def make_client(handler: Handler, **kwargs) -> ChatAppsClient:
    return ChatAppsClient(
        base_url=kwargs.pop("base_url", BASE),
        api_key="the-key",
        subaccount_id=SUB,
        account_id="ChatAppsDemo",
        channel_id="4f9478dd-b3db-475c-9e49-778d8c87046b",
        transport=httpx.MockTransport(handler),
        **kwargs,
    )


def answer(status: int, body: object = None, headers: dict | None = None) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body, headers=headers)

    return handler


def raising(exc: type[httpx.TransportError]) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc("simulated", request=request)

    return handler
