"""What the 8x8 client hands back: plain frozen dataclasses, parsed leniently from 8x8's JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chatapps.loose import as_int, as_text


@dataclass(frozen=True)
class _MessageOutcome:
    """The fields SendResult and BatchItem share (they come first in both), and `rejected`."""

    umid: str
    client_message_id: str
    msisdn: str
    state: str

    @property
    def rejected(self) -> bool:
        return self.state.lower() in {"rejected", "failed", "error"}


@dataclass(frozen=True)
class SendResult(_MessageOutcome):
    """8x8's answer to a single send. `state` is 'queued' when accepted, 'rejected' when not."""

    detail: str = ""
    error_code: int | None = None
    error_message: str = ""
    timestamp: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class BatchItem(_MessageOutcome):
    """One message of a batch: accepted ('queued') or refused ('rejected' with an error code)."""

    error_code: int | None = None
    error_message: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class BatchResult:
    batch_id: str
    client_batch_id: str
    accepted_count: int
    rejected_count: int
    # Empty unless the request asked for includeMessagesInResponse.
    items: list[BatchItem]
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class UploadResult:
    file_name: str
    token: str
    url: str  # absolute download URL to put in a message's content.url


@dataclass(frozen=True)
class ConnectionCheck:
    """The outcome of `check_connection`, worded for the person looking at the Settings page."""

    ok: bool
    status: str  # ok, bad_key, wrong_region, forbidden, wrong_subaccount, wrong_url, ...
    summary: str
    detail: str = ""
    http_status: int | None = None
    code: int | None = None
    error_id: str = ""
    template_count: int | None = None


def send_result(data: dict[str, Any]) -> SendResult:
    status = data.get("status")
    status = status if isinstance(status, dict) else {}
    user = data.get("user")
    user = user if isinstance(user, dict) else {}
    return SendResult(
        umid=as_text(data.get("umid")),
        client_message_id=as_text(data.get("clientMessageId")),
        msisdn=as_text(user.get("msisdn")),
        state=as_text(status.get("state")).lower(),
        detail=as_text(status.get("detail")),
        error_code=as_int(status.get("errorCode")),
        error_message=as_text(status.get("errorMessage")),
        timestamp=as_text(status.get("timestamp")),
        raw=data,
    )


def batch_result(data: dict[str, Any]) -> BatchResult:
    """A 200 answer to a batch (items only when the body set includeMessagesInResponse)."""
    items = []
    for item in data.get("messages") or []:
        if isinstance(item, dict):
            single = send_result(item)
            items.append(
                BatchItem(
                    umid=single.umid,
                    client_message_id=single.client_message_id,
                    msisdn=single.msisdn,
                    state=single.state,
                    error_code=single.error_code,
                    error_message=single.error_message,
                    raw=item,
                )
            )
    accepted = as_int(data.get("acceptedCount"))
    rejected = as_int(data.get("rejectedCount"))
    return BatchResult(
        batch_id=as_text(data.get("batchId")),
        client_batch_id=as_text(data.get("clientBatchId")),
        accepted_count=accepted if accepted is not None else sum(not i.rejected for i in items),
        rejected_count=rejected if rejected is not None else sum(i.rejected for i in items),
        items=items,
        raw=data,
    )
