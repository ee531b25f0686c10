"""What the webhook benchmarks seed: one send job of accepted messages, for receipts to name.

Import after django.setup().
"""

from __future__ import annotations

from django.db import connection

from messaging import jobs
from messaging.models import MessageEvent, MessageStatus, OutboundMessage, SendJob, WebhookEvent

BODY = {"type": "text", "content": {"text": "Your order ships today."}}


def accepted_job_seed(*, name: str, messages: int, umid_prefix: str) -> SendJob:
    """A job `name` of `messages` accepted messages with umids umid_prefix0 … (in id order),
    after deleting an earlier run's job of that name and every webhook event."""
    earlier = SendJob.objects.filter(name=name)
    MessageEvent.objects.filter(message__job__in=earlier).delete()
    OutboundMessage.objects.filter(job__in=earlier).delete()
    earlier.delete()
    WebhookEvent.objects.all().delete()
    job = SendJob.objects.create(name=name, state=SendJob.State.DONE)
    jobs.job_freeze(
        job=job,
        kind="text",
        messages=(
            (f"+658{n:07d}", {"user": {"msisdn": f"+658{n:07d}"}, **BODY}) for n in range(messages)
        ),
    )
    table = OutboundMessage._meta.db_table
    first = job.messages.order_by("id").values_list("id", flat=True)[0]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = %s, umid = %s || (id - %s) WHERE job_id = %s",  # noqa: S608
            [MessageStatus.ACCEPTED, umid_prefix, first, job.pk],
        )
    return job
