"""What the webhook benchmarks seed: one send job of accepted messages, for receipts to name.

Import after django.setup().
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Model

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
    tables_vacuum()
    return job


def tables_vacuum(*models: type[Model]) -> None:
    """VACUUM (ANALYZE) the tables a run writes (by default a webhook run's), on PostgreSQL.

    Each run deletes the last run's rows and every status change leaves a dead row behind.
    Production's autovacuum clears them; a server run with autovacuum off (this project's CI
    machine's is) keeps them all, and after a few runs each claim and lock read mostly dead
    pages from disk: measured, 300,000 receipts took 190 s on a database bloated to 6 million
    dead webhook rows. A run starts from a vacuumed table instead, so runs compare.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models or (WebhookEvent, OutboundMessage, MessageEvent):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
