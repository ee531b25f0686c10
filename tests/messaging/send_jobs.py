"""Send jobs for tests, and a fake 8x8 batch endpoint (8x8 is outside the project)."""

from __future__ import annotations

import json

import httpx

from messaging import jobs
from messaging.models import SendJob

TEMPLATE = {
    "type": "template",
    "content": {"template": {"name": "order_update", "language": "en_GB", "components": []}},
}


def numbers(n: int, start: int = 0) -> list[str]:
    return [f"+6580{i:06d}" for i in range(start, start + n)]


def frozen_job(n: int = 5, *, rate: int = 0, chunk_size: int = 1000, **fields) -> SendJob:
    fields.setdefault("state", SendJob.State.RUNNING)
    job = SendJob.objects.create(name="Spring sale", rate=rate, chunk_size=chunk_size, **fields)
    jobs.job_freeze(
        job=job,
        kind="template",
        messages=((m, {"user": {"msisdn": m}, **TEMPLATE}) for m in numbers(n)),
    )
    return job


class Batch8x8:
    """Accepts every message of each batch, except numbers listed in `refuse`; records bodies."""

    def __init__(self, *, refuse: set[str] | None = None, answers: list | None = None):
        self.refuse = refuse or set()
        self.answers = list(answers or [])
        self.bodies: list[dict] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.bodies.append(body)
        if self.answers:
            answer = self.answers.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer
        items = []
        for n, message in enumerate(body["messages"]):
            msisdn = message["user"]["msisdn"]
            state = {"state": "queued", "timestamp": "2026-12-02T10:00:00.00Z"}
            if msisdn in self.refuse:
                state = {
                    "state": "rejected",
                    "errorCode": 3038,
                    "errorMessage": "Template not found",
                }
            items.append(
                {
                    "umid": f"u-{len(self.bodies)}-{n}",
                    "clientMessageId": message["clientMessageId"],
                    "user": {"msisdn": msisdn},
                    "status": state,
                }
            )
        refused = sum(i["status"]["state"] == "rejected" for i in items)
        return httpx.Response(
            200,
            json={
                "batchId": f"b-{len(self.bodies)}",
                "acceptedCount": len(items) - refused,
                "rejectedCount": refused,
                "messages": items,
            },
        )


def error(status: int, **headers) -> httpx.Response:
    body = {"code": 2000, "message": "busy", "errorId": "e", "timestamp": "2026-12-02T10:00:00Z"}
    return httpx.Response(status, json=body, headers=headers)
