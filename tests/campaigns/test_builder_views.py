"""The builder's pages: build, edit, check and launch; permissions; errors naming the field."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from campaigns.models import Campaign
from composer.models import Draft
from messaging.models import OutboundMessage, SendJob
from tests.campaigns.conftest import list_campaign, members, numbers, opt_out

pytestmark = pytest.mark.django_db
NEW = reverse("campaign-builder:new")


def form_data(**fields) -> dict:
    return {
        "name": "Spring sale",
        "message_source": "template",
        "audience_kind": "list",
        "schedule": "now",
        "time_zone": "Asia/Singapore",
        "rate": "80",
        **fields,
    }


def test_it_builds_a_draft_campaign_from_a_list_and_shows_its_check(marketer_client, template):
    people = members("VIP", numbers(3))
    data = form_data(template=template.pk, audience=f"list:{people.pk}", then="check")
    response = marketer_client.post(NEW, data)
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("campaign-builder:check", args=[campaign.pk])
    assert (campaign.template, campaign.contact_list, campaign.rate) == (template, people, 80)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CAMPAIGN_SAVE).exists()
    page = marketer_client.get(response["Location"]).content.decode()
    assert 'id="check-sendable"><strong>3</strong>' in page
    assert page.count('class="campaign-preview"') == 3
    assert "Customer 0001" in page  # the sample's own parameter, in its phone


def test_the_new_page_offers_templates_lists_and_drafts(marketer_client, template, marketer):
    members("VIP", numbers(1))
    Draft.objects.create(owner=marketer, name="Thanks", kind="text", form_data={"text": "Hi"})
    page = marketer_client.get(NEW).content.decode()
    assert "spring_sale" in page and "VIP (list)" in page and "Thanks (Text)" in page


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"name": ""}, "Name: This field is required."),
        ({"template": ""}, "Approved template: Choose an approved template to send."),
        ({"audience": ""}, "List or segment: Choose a contact list to send to."),
        (
            {"rate": "0"},
            "Rate (messages a second): Ensure this value is greater than or equal to 1.",
        ),
        ({"rate": "fast"}, "Rate (messages a second): Enter a whole number."),
        ({"schedule": "later"}, "Send at: Give the date and time to send at."),
        (
            {"schedule": "later", "start_at": "2001-01-01T10:00"},
            "Send at: The time to send at has passed",
        ),
        ({"start_at": "tomorrow", "schedule": "later"}, "Send at: Enter a valid date/time."),
        (
            {"quiet_start": "21:00"},
            "Quiet hours until: Give both ends of the quiet hours, or neither.",
        ),
        ({"quiet_start": "9", "quiet_end": "25:00"}, "Quiet hours until: Enter a valid time."),
        ({"time_zone": "Mars/Olympus"}, "Time zone: Select a valid choice."),
        (
            {"audience_kind": "upload"},
            "CSV file of numbers: Upload a CSV file with a column of numbers.",
        ),
        (
            {"message_source": "free_form"},
            "Free-form message (one of your drafts): Choose a saved draft",
        ),
        ({"window_split": "on"}, "Template for those outside the window: Choose the template"),
        ({"test_list": "999"}, "Test list: Select a valid choice."),
    ],
)
def test_bad_input_is_refused_with_an_error_naming_the_field(
    marketer_client, template, fields, error
):
    people = members("VIP", numbers(1))
    data = form_data(template=template.pk, audience=f"list:{people.pk}")
    response = marketer_client.post(NEW, {**data, **fields})
    assert response.status_code == 200
    assert error in response.content.decode().replace("&#x27;", "'")
    assert not Campaign.objects.exists()


def test_a_binary_file_is_refused_on_the_file_field(marketer_client, template):
    upload = SimpleUploadedFile("list.xlsx", b"PK\x03\x04\x00\x00binary")
    data = form_data(template=template.pk, audience_kind="upload", audience_file=upload)
    page = marketer_client.post(NEW, data).content.decode()
    assert "CSV file of numbers: The file is not a CSV text file" in page


def test_an_uploaded_csv_becomes_the_recipients_and_its_columns_can_be_mapped(
    marketer_client, document_template
):
    csv = b"Phone,document,first name\n+6581000001,https://x.example/a.pdf,Ann\n"
    upload = SimpleUploadedFile("people.csv", csv, content_type="text/csv")
    data = form_data(
        template=document_template.pk, audience_kind="upload", audience_file=upload, then="edit"
    )
    response = marketer_client.post(NEW, data)
    campaign = Campaign.objects.get()
    assert list(campaign.recipients.values_list("msisdn", "values")) == [
        ("+6581000001", {"document": "https://x.example/a.pdf", "first name": "Ann"})
    ]
    assert campaign.upload_columns == ["document", "first name"]
    edit = reverse("campaign-builder:edit", args=[campaign.pk])
    assert response["Location"] == edit
    page = marketer_client.get(edit).content.decode()
    assert "Column for body {{1}}" in page
    mapped = form_data(
        template=document_template.pk,
        audience_kind="upload",
        column_header_url="document",
        column_body_1="first name",
    )
    marketer_client.post(edit, mapped)
    campaign.refresh_from_db()
    assert campaign.column_map == {"header_url": "document", "body_1": "first name"}


def test_a_free_form_draft_is_the_campaigns_message(marketer_client, marketer):
    draft = Draft.objects.create(
        owner=marketer, name="Thanks", kind="text", form_data={"text": "Thanks!"}
    )
    people = members("VIP", numbers(1))
    data = form_data(message_source="free_form", draft=draft.pk, audience=f"list:{people.pk}")
    marketer_client.post(NEW, data)
    campaign = Campaign.objects.get()
    assert (campaign.free_form_kind, campaign.free_form_payload) == ("text", {"text": "Thanks!"})


def test_someone_elses_draft_is_not_offered(marketer_client, admin):
    draft = Draft.objects.create(owner=admin, name="Mine", kind="text", form_data={"text": "x"})
    data = form_data(message_source="free_form", draft=draft.pk)
    page = marketer_client.post(NEW, data).content.decode()
    assert "Free-form message (one of your drafts): Select a valid choice" in page


def test_a_role_without_use_campaigns_is_refused_everywhere(agent_client, template):
    campaign = list_campaign(template, members("VIP", numbers(1)))
    for name, method in [
        ("new", "get"),
        ("send-to-many", "get"),
        ("edit", "get"),
        ("check", "get"),
        ("launch", "post"),
        ("test-send", "post"),
        ("split", "post"),
    ]:
        args = [] if name in ("new", "send-to-many") else [campaign.pk]
        url = reverse(f"campaign-builder:{name}", args=args)
        assert getattr(agent_client, method)(url).status_code == 403, name
    assert not SendJob.objects.exists()


def test_launch_refuses_get(marketer_client, template):
    campaign = list_campaign(template, members("VIP", numbers(1)))
    url = reverse("campaign-builder:launch", args=[campaign.pk])
    assert marketer_client.get(url).status_code == 405


def test_launch_from_the_check_sends_what_it_showed_and_redirects(marketer_client, template):
    people = numbers(4)
    opt_out(people[0])
    campaign = list_campaign(template, members("VIP", people))
    url = reverse("campaign-builder:launch", args=[campaign.pk])
    response = marketer_client.post(url, {"expected": "3"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("campaigns:index"))
    campaign.refresh_from_db()
    assert OutboundMessage.objects.filter(job=campaign.job).count() == 3
    assert campaign.excluded_reasons == {"opted_out": 1}


def test_a_double_click_on_launch_makes_one_job(marketer_client, template):
    campaign = list_campaign(template, members("VIP", numbers(2)))
    url = reverse("campaign-builder:launch", args=[campaign.pk])
    marketer_client.post(url, {"expected": "2"})
    marketer_client.post(url, {"expected": "2"})
    assert SendJob.objects.count() == 1


@pytest.mark.parametrize("expected", ["", "many", "-1"])
def test_a_launch_without_the_checks_figure_is_refused(marketer_client, template, expected):
    campaign = list_campaign(template, members("VIP", numbers(2)))
    url = reverse("campaign-builder:launch", args=[campaign.pk])
    response = marketer_client.post(url, {"expected": expected}, follow=True)
    assert "Launch from the pre-send check" in response.content.decode()
    assert not SendJob.objects.exists()


def test_a_launch_after_the_audience_changed_says_so(marketer_client, template):
    people = numbers(2)
    campaign = list_campaign(template, members("VIP", people))
    opt_out(people[0])
    url = reverse("campaign-builder:launch", args=[campaign.pk])
    page = marketer_client.post(url, {"expected": "2"}, follow=True).content.decode()
    assert "The audience changed since the check: 1 would be sent now, not 2" in page
    assert not SendJob.objects.exists()


def test_the_check_shows_exclusions_duration_and_the_tier_warning(
    marketer_client, template, settings
):
    settings.WHATSAPP_MESSAGING_TIER = 250
    people = numbers(300)
    opt_out(people[0])
    campaign = list_campaign(template, members("VIP", people), rate=80)
    page = marketer_client.get(reverse("campaign-builder:check", args=[campaign.pk])).content
    page = page.decode()
    assert 'data-reason="opted_out"><td>Opted out</td><td>1</td>' in page
    assert "about 4 s at 80 messages a second" in page
    assert 'id="tier-warning"' in page and "250 people a day" in page


def test_the_check_of_an_unfinished_campaign_says_what_is_missing(marketer_client, template):
    campaign = Campaign.objects.create(name="Half", template=template)
    page = marketer_client.get(reverse("campaign-builder:check", args=[campaign.pk])).content
    assert "Audience: choose a list, a segment, or upload a file" in page.decode()


def test_the_window_split_offer_turns_the_split_on(marketer_client, template):
    campaign = Campaign.objects.create(
        name="Thanks",
        message_source="free_form",
        free_form_kind="text",
        free_form_payload={"text": "Thanks!"},
        contact_list=members("VIP", numbers(2)),
    )
    check = reverse("campaign-builder:check", args=[campaign.pk])
    assert "2 recipients are outside their customer-service window" in (
        marketer_client.get(check).content.decode()
    )
    split = reverse("campaign-builder:split", args=[campaign.pk])
    marketer_client.post(split, {"window_split": "on", "split_template": template.pk})
    campaign.refresh_from_db()
    assert campaign.window_split and campaign.split_template == template
    page = marketer_client.get(check).content.decode()
    assert "(2 of them the window-split template)" in page
    bad = marketer_client.post(split, {"window_split": "on", "split_template": "x"}, follow=True)
    assert "Template for those outside the window: choose an approved" in bad.content.decode()


def test_the_test_send_goes_to_the_test_list(marketer_client, template):
    testers = members("Testers", ["+6589990001"])
    campaign = list_campaign(template, members("VIP", numbers(3)), test_list=testers)
    url = reverse("campaign-builder:test-send", args=[campaign.pk])
    page = marketer_client.post(url, follow=True).content.decode()
    assert "Sent to 1 test number." in page
    assert list(OutboundMessage.objects.values_list("msisdn", flat=True)) == ["+6589990001"]


def test_a_launched_campaign_is_not_edited_again(marketer_client, template):
    campaign = list_campaign(template, members("VIP", numbers(1)))
    marketer_client.post(reverse("campaign-builder:launch", args=[campaign.pk]), {"expected": "1"})
    response = marketer_client.get(reverse("campaign-builder:edit", args=[campaign.pk]))
    assert response.status_code == 302


def test_an_unknown_campaign_is_404(marketer_client):
    assert marketer_client.get(reverse("campaign-builder:check", args=[999])).status_code == 404
