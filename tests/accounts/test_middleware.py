"""Two-factor login on every page: unverified sessions with a device end; Admins may enrol."""

from __future__ import annotations

import pytest
from django.test import Client

from audit.models import AuditEntry
from tests.accounts.conftest import code_for, code_step, password_step, signed_in_with
from tests.factories import UserFactory

ENROL = "/accounts/me/two-factor/"


@pytest.fixture
def required(settings):
    settings.REQUIRE_2FA_FOR_ADMINS = True


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/users/", "/audit/", "/accounts/me/"])
def test_with_the_setting_an_admin_without_a_device_is_sent_to_enrol(required, admin_client_, path):
    response = admin_client_.get(path)
    assert response.status_code == 302
    assert response["Location"] == ENROL


@pytest.mark.django_db
def test_htmx_requests_are_sent_to_enrol_as_a_whole_page(required, admin_client_):
    response = admin_client_.get("/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == ENROL


@pytest.mark.django_db
def test_with_the_setting_the_enrol_page_and_logout_stay_open(required, admin_client_):
    assert admin_client_.get(ENROL).status_code == 200
    assert admin_client_.post("/accounts/logout/")["Location"] == "/accounts/login/"


@pytest.mark.django_db
def test_with_the_setting_an_admin_who_enrols_goes_on(required, admin_client_):
    admin_client_.get(ENROL)
    key = admin_client_.session["accounts_two_factor_key"]
    admin_client_.post(ENROL, {"code": code_for(key)})
    assert admin_client_.get("/accounts/users/").status_code == 200


@pytest.mark.django_db
def test_with_the_setting_an_enrolled_admin_signs_in_with_a_code(required, admin, enrol):
    device = enrol(admin)
    client = Client()
    password_step(client, admin)
    code_step(client, code_for(device.key))
    assert client.get("/accounts/users/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("fixture", ["marketer_client", "agent_client"])
def test_the_setting_leaves_other_roles_without_a_device_alone(required, request, fixture):
    assert request.getfixturevalue(fixture).get("/").status_code == 200


@pytest.mark.django_db
def test_without_the_setting_admins_need_no_device(admin_client_):
    assert admin_client_.get("/accounts/users/").status_code == 200


@pytest.mark.django_db
def test_a_login_that_skipped_the_code_step_is_signed_out(marketer, enrol):
    device = enrol(marketer)
    client = Client()
    client.force_login(marketer)  # as the Django admin's own login form would
    response = client.get("/messages/")
    assert response["Location"] == "/accounts/login/?next=/messages/"
    assert "_auth_user_id" not in client.session
    assert signed_in_with(device).get("/messages/").status_code == 200


@pytest.mark.django_db
def test_enrolling_ends_the_users_other_sessions(marketer):
    here, elsewhere, someone_else = Client(), Client(), Client()
    here.force_login(marketer)
    elsewhere.force_login(marketer)
    someone_else.force_login(UserFactory(role="Support"))
    here.get(ENROL)
    here.post(ENROL, {"code": code_for(here.session["accounts_two_factor_key"])})
    assert here.get("/messages/").status_code == 200
    assert elsewhere.get("/messages/").status_code == 302
    assert someone_else.get("/messages/").status_code == 200
    entry = AuditEntry.objects.get(summary__contains="turned on two-factor login")
    assert entry.data == {"sessions_ended": 1}


@pytest.mark.django_db
def test_with_the_setting_an_unverified_admin_session_with_a_device_signs_in_again(
    required, admin, enrol
):
    device = enrol(admin)
    client = Client()
    client.force_login(admin)
    session = client.session
    del session["accounts_needs_code"]  # a session from before this check existed
    session.save()
    assert client.get("/")["Location"] == "/accounts/login/?next=/"
    assert signed_in_with(device).get("/").status_code == 200
