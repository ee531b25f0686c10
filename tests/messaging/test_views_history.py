"""The history list: filters, keyset pages, the estimate, masked numbers, and its CSV export."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from messaging.history_export import history_export_execute
from messaging.models import MessageStatus, OutboundMessage, SendJob
from tabular.models import ExportJob, JobState
from tabular.writing import media_path

URL = "/messages/"
TEMPLATE_BODY = {
    "user": {"msisdn": "+6591234567"},
    "type": "template",
    "content": {"template": {"name": "order_update", "language": "en", "components": []}},
}
TEXT_BODY = {"user": {"msisdn": "+6591234567"}, "type": "text", "content": {"text": "Hello"}}


def sent(user, *, msisdn="+6591234567", kind="text", payload=None, **fields) -> OutboundMessage:
    return OutboundMessage.objects.create(
        kind=kind, msisdn=msisdn, payload=payload or TEXT_BODY, sent_by=user, **fields
    )


def links(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/messages/(\d+)/"', response.content.decode())]


def test_history_filters_by_status_kind_and_number_prefix(admin_client_, admin):
    sent(admin, status=MessageStatus.DELIVERED)
    sent(admin, msisdn="+6598765432", status=MessageStatus.FAILED)
    assert "+6598765432" in admin_client_.get(URL, {"status": "failed"}).content.decode()
    assert "+6598765432" not in admin_client_.get(URL, {"kind": "list"}).content.decode()
    html = admin_client_.get(URL, {"msisdn": "+65 9876"}).content.decode()
    assert "+6598765432" in html
    assert "+6591234567" not in html
    # A prefix, not a substring: the middle of a number finds nothing.
    assert "+6598765432" not in admin_client_.get(URL, {"msisdn": "8765"}).content.decode()


def test_history_filters_by_campaign_template_sender_and_dates(admin_client_, admin, marketer):
    job = SendJob.objects.create(name="Spring sale")
    in_job = sent(admin, job=job)
    templated = sent(admin, kind="template", payload=TEMPLATE_BODY)
    by_marketer = sent(marketer)
    old = sent(admin)
    OutboundMessage.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    assert links(admin_client_.get(URL, {"campaign": job.pk})) == [in_job.pk]
    assert links(admin_client_.get(URL, {"template": "order_update"})) == [templated.pk]
    assert links(admin_client_.get(URL, {"sender": marketer.pk})) == [by_marketer.pk]
    week_ago = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert old.pk not in links(admin_client_.get(URL, {"since": week_ago}))
    until = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert links(admin_client_.get(URL, {"until": until})) == [old.pk]


def test_a_template_message_keeps_its_template_name_in_a_column(admin):
    message = sent(admin, kind="template", payload=TEMPLATE_BODY)
    message.refresh_from_db()
    assert message.template_name == "order_update"


@pytest.mark.parametrize(
    ("query", "field", "error"),
    [
        ({"msisdn": "abc"}, "msisdn", "digits, spaces"),
        ({"msisdn": "+" + "1" * 16}, "msisdn", "16 digits"),
        ({"since": "2026-05-02", "until": "2026-05-01"}, "until", "before the start"),
        ({"status": "nope"}, "status", "not one of the available choices"),
        ({"since": "yesterday"}, "since", "valid date"),
        ({"template": "a\x00b"}, "template", "not one of the available choices"),
    ],
)
def test_bad_filters_are_named_on_their_field_never_a_500(admin_client_, query, field, error):
    response = admin_client_.get(URL, query)
    assert response.status_code == 200
    assert error in str(response.context["filters"].errors[field])


def test_history_pages_by_id_with_a_fixed_number_of_queries(
    marketer_client, marketer, django_assert_num_queries
):
    made = [sent(marketer, kind="list").pk for _ in range(30)]
    # session, user, user and group permissions, the role badge's groups, the filter menus (one
    # UNION), one page of messages with sender and campaign joined, the estimate.
    with django_assert_num_queries(8):
        first = marketer_client.get(URL, {"kind": "list"})
    assert links(first) == made[::-1][:25]
    assert "more than" not in first.content.decode()
    after = made[::-1][24]
    with django_assert_num_queries(8):
        older = marketer_client.get(URL, {"kind": "list", "after": after})
    assert links(older) == made[::-1][25:]
    assert "30 messages" in older.content.decode()
    newer = marketer_client.get(URL, {"kind": "list", "before": made[5]})
    assert links(newer) == made[::-1][:24]


def test_a_bad_cursor_means_the_first_page(admin_client_, admin):
    message = sent(admin)
    assert links(admin_client_.get(URL, {"after": "x'; DROP"})) == [message.pk]


def test_numbers_are_masked_for_roles_without_the_permission(marketer_client, agent_client, agent):
    message = sent(agent)
    html = marketer_client.get(URL).content.decode()
    assert "+6591234567" not in html
    assert "+65 •••• ••67" in html
    assert f'href="/messages/{message.pk}/"' in html
    assert "+6591234567" in agent_client.get(URL).content.decode()


def test_agents_see_only_their_own_history(agent_client, agent, marketer):
    sent(agent)
    sent(marketer, msisdn="+6511112222")
    html = agent_client.get(URL).content.decode()
    assert "+6591234567" in html
    assert "+6511112222" not in html


def test_history_is_refused_to_users_without_a_role(outsider_client):
    assert outsider_client.get(URL).status_code == 403
    assert outsider_client.get(reverse("messaging:history-export")).status_code == 403


# -- Export -------------------------------------------------------------------------------------


def test_exporting_queues_a_job_with_the_filters_and_writes_a_formula_safe_csv(
    admin_client_, admin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job_run = SendJob.objects.create(name="=HYPERLINK(evil)")
    sent(admin, job=job_run, status=MessageStatus.FAILED)
    sent(admin, status=MessageStatus.DELIVERED)
    response = admin_client_.post(reverse("messaging:history-export"), {"status": "failed"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert job.kind == ExportJob.Kind.MESSAGES
    assert job.params == {"status": "failed"}
    assert history_export_execute(job.pk) is True
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.rows_done == 1
    text = media_path(job.file).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["queued_at", "kind", "template", "recipient"]
    assert rows[1][3] == "'+6591234567"  # made formula-safe, read back unchanged
    assert rows[1][4] == "'=HYPERLINK(evil)"
    download = admin_client_.get(reverse("messaging:history-export-download", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert history_export_execute(job.pk) is False  # a second run cannot claim it


def test_an_export_masks_numbers_and_keeps_to_what_the_role_sees(
    marketer_client, marketer, agent, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sent(agent)
    marketer_client.post(reverse("messaging:history-export"), {})
    job = ExportJob.objects.get()
    history_export_execute(job.pk)
    job.refresh_from_db()
    rows = list(csv.reader(io.StringIO(media_path(job.file).read_text(encoding="utf-8-sig"))))
    assert rows[1][3] == "'+65 •••• ••67"


def test_an_export_with_a_bad_filter_is_refused_on_its_field(admin_client_):
    response = admin_client_.post(reverse("messaging:history-export"), {"msisdn": "abc"})
    assert response.status_code == 200
    assert "digits, spaces" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_someone_elses_export_is_a_404(agent_client, admin):
    job = ExportJob.objects.create(kind=ExportJob.Kind.MESSAGES, created_by=admin)
    assert (
        agent_client.get(reverse("messaging:history-export-job", args=[job.pk])).status_code == 404
    )
