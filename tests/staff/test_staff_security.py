"""Staff accounts: two-factor sign-in, throttling (one user, and one password across many), staff
sessions, no-store admin pages, the client address behind a proxy, and the sign-in log."""

import time

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from crsinfo.access import requires_two_factor
from crsinfo.staff.login import client_ip
from tests.conftest import totp_code, verified_login

PASSWORD = "a-long-test-password-1"
LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")
TWO_FACTOR = reverse("admin:two-factor")


@pytest.fixture
def people(db, django_user_model):
    def make(username, group=None, **extra):
        user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True, **extra)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


def sign_in(client, username, code="", address="203.0.113.7", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": PASSWORD, "otp_token": code, "next": INDEX},
        REMOTE_ADDR=address,
        **headers,
    )


# --- who must use two-factor sign-in ---------------------------------------------------------


def test_who_must_use_two_factor_sign_in(people, settings):
    reviewer = people("rita", "Clinical reviewers")
    editor = people("edna", "Editors")
    boss = people("sam", is_superuser=True)
    assert requires_two_factor(reviewer)
    assert requires_two_factor(boss)
    assert not requires_two_factor(editor)
    settings.TWO_FACTOR_FOR_EDITORS = True
    assert requires_two_factor(editor)


def test_a_reviewer_without_two_factor_is_sent_to_set_it_up_before_anything_else(people, client):
    people("rita", "Clinical reviewers")
    response = sign_in(client, "rita")
    assert response.status_code == 302
    for path in (INDEX, reverse("admin:crsinfo_symptom_changelist"), reverse("admin:password_change")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == TWO_FACTOR
    page = client.get(TWO_FACTOR)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Your account must use two-factor sign-in." in html
    assert 'src="data:image/svg+xml' in html  # the QR code, made here: nothing from another host
    assert 'id="otp-secret"' in html


def test_setting_up_two_factor(people, client):
    user = people("rita", "Clinical reviewers")
    sign_in(client, "rita")
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    for bad, message in (("12ab56", "Enter the 6-digit code"), ("000000", "That code is not right")):
        if bad == "000000" and totp_code(device) == bad:
            continue
        response = client.post(TWO_FACTOR, {"otp_token": bad})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    # django-otp slows down guessing: straight after a wrong code, even the right one must wait.
    device.refresh_from_db()
    if not device.verify_is_allowed()[0]:
        response = client.post(TWO_FACTOR, {"otp_token": totp_code(device)})
        assert response.status_code == 400
        assert "Too many wrong codes. Wait a minute" in response.content.decode()
        device.throttle_reset()

    response = client.post(TWO_FACTOR, {"otp_token": totp_code(device)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Two-factor sign-in is <strong>on</strong>" in html
    assert html.count("<li><code>") == 10, "ten backup codes, shown once"
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get(INDEX).status_code == 200, "this session is verified"
    assert "unused backup code" in client.get(TWO_FACTOR).content.decode()


def test_signing_in_with_two_factor(people):
    user = people("rita", "Clinical reviewers")
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)

    client = Client()
    response = sign_in(client, "rita")
    assert response.status_code == 200
    assert "Enter the code from your authenticator app, or a backup code." in response.content.decode()

    response = sign_in(client, "rita", code="999999" if totp_code(device) != "999999" else "111111")
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert AccessFailureLog.objects.filter(username="rita").count() == 1, "a wrong code is a failed sign-in"

    # Straight after a wrong code, django-otp makes even the right one wait.
    response = sign_in(client, "rita", code=totp_code(device))
    assert response.status_code == 200
    assert "Too many wrong codes. Wait a minute" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()

    response = sign_in(client, "rita", code=totp_code(device))
    assert response.status_code == 302
    assert client.get(INDEX).status_code == 200


def test_a_backup_code_works_once(people):
    user = people("rita", "Clinical reviewers")
    TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    backup.token_set.create(token="abcd1234")

    first = Client()
    assert sign_in(first, "rita", code="abcd1234").status_code == 302
    assert first.get(INDEX).status_code == 200
    second = Client()
    response = sign_in(second, "rita", code="abcd1234")
    assert response.status_code == 200
    assert "That code is not right, or it was already used." in response.content.decode()


def test_a_backup_code_works_straight_after_a_wrong_code_and_never_makes_the_app_wait(people):
    user = people("rita", "Clinical reviewers")
    phone = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    backup.token_set.create(token="abcd1234")
    client = Client()
    wrong = "999999" if totp_code(phone) != "999999" else "111111"
    assert "That code is not right" in sign_in(client, "rita", code=wrong).content.decode()
    response = sign_in(client, "rita", code="abcd1234")
    assert response.status_code == 302, response.content.decode()[-3000:]  # the phone is lost: the backup code
    phone.refresh_from_db()
    backup.refresh_from_db()
    assert phone.throttling_failure_count == 1  # the wrong code, not the backup code
    assert backup.throttling_failure_count == 0  # a wrong app code is not a wrong backup code


def test_a_user_name_too_long_for_any_account_is_a_failed_sign_in_not_an_outage(people):
    response = sign_in(Client(), "x" * 300)
    assert response.status_code == 200
    assert "Please enter the correct" in response.content.decode()
    assert "database" not in response.content.decode().lower()


def test_an_unsafe_next_after_sign_in_leads_to_the_admin(people):
    people("edith")
    response = Client().post(
        LOGIN, {"username": "edith", "password": PASSWORD, "next": "https://evil.example/"}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 302
    assert response["Location"] == INDEX


def test_editors_may_sign_in_without_a_second_factor_unless_the_setting_says_so(people, settings):
    people("edna", "Editors")
    client = Client()
    assert sign_in(client, "edna").status_code == 302
    assert client.get(INDEX).status_code == 200
    settings.TWO_FACTOR_FOR_EDITORS = True
    assert client.get(INDEX)["Location"] == TWO_FACTOR


def test_an_editor_who_set_up_two_factor_must_use_it(people):
    user = people("edna", "Editors")
    TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    response = sign_in(Client(), "edna")
    assert response.status_code == 200
    assert "Enter the code" in response.content.decode()


def test_lost_device_recovery_command(people):
    user = people("rita", "Clinical reviewers")
    client = Client()
    verified_login(client, user)
    StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    assert client.get(INDEX).status_code == 200

    call_command("reset_two_factor", "rita", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert client.get(INDEX).status_code == 302, "signed out everywhere"
    again = Client()
    assert sign_in(again, "rita").status_code == 302
    assert again.get(INDEX)["Location"] == TWO_FACTOR, "sets it up again"

    with pytest.raises(CommandError, match="No account is called"):
        call_command("reset_two_factor", "nobody")


# --- throttling ----------------------------------------------------------------------------------


def wrong_password(client, username, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": "wrong-password"}, REMOTE_ADDR=address)


def test_one_user_name_is_locked_after_five_failures_from_one_address(people):
    people("edna", "Editors")
    client = Client()
    for _ in range(5):
        wrong_password(client, "edna")
    locked = sign_in(client, "edna")
    assert locked.status_code == 429, "even the right password is refused for now"
    assert locked["Retry-After"] == "3600"
    assert sign_in(Client(), "edna", address="198.51.100.9").status_code == 302, "another address is not"


def test_one_password_sprayed_across_many_user_names_is_throttled(people, settings):
    people("edna", "Editors")
    client = Client()
    for i in range(settings.ADDRESS_FAILURE_LIMIT - 1):
        assert wrong_password(client, f"user{i}").status_code == 200
    assert wrong_password(client, "one-more").status_code == 429
    assert sign_in(client, "edna").status_code == 429, "the address is paused for every user name"
    assert sign_in(Client(), "edna", address="198.51.100.9").status_code == 302


def test_the_lockout_page_is_the_same_for_real_and_unknown_users(people):
    people("edna", "Editors")
    client = Client()
    for _ in range(5):
        wrong_password(client, "edna")
        wrong_password(client, "no-such-person")
    real = wrong_password(client, "edna")
    unknown = wrong_password(client, "no-such-person")
    assert real.status_code == unknown.status_code == 429
    assert real.content == unknown.content
    assert b"Too many failed log-in attempts" in real.content


# --- the client address behind a proxy -------------------------------------------------------------


def request_from(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/admin/login/", REMOTE_ADDR=remote, **headers)


def test_without_a_trusted_proxy_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_behind_one_proxy_the_address_the_proxy_saw_is_used_and_a_spoofed_one_is_not(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # nginx appends the address it saw: anything before it came from the client and is ignored.
    assert client_ip(request_from("10.0.0.2", "203.0.113.7")) == "203.0.113.7"
    assert client_ip(request_from("10.0.0.2", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(request_from("10.0.0.2", "not-an-address")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.2", "1.2.3.4, 203.0.113.7, 10.0.0.1")) == "203.0.113.7"


def test_only_listed_proxies_are_believed(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    assert client_ip(request_from("10.0.0.2", "203.0.113.7")) == "203.0.113.7"
    assert client_ip(request_from("198.51.100.9", "203.0.113.7")) == "198.51.100.9"


def test_a_spoofed_header_cannot_escape_the_lockout(people, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    people("edna", "Editors")
    client = Client()
    for i in range(5):
        client.post(
            LOGIN,
            {"username": "edna", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 203.0.113.7",
        )
    response = client.post(
        LOGIN,
        {"username": "edna", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7",
    )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


# --- sessions ----------------------------------------------------------------------------------------


def test_a_staff_session_ends_after_a_period_of_inactivity(people, settings):
    user = people("edna", "Editors")
    client = Client()
    verified_login(client, user)
    assert client.get(INDEX).status_code == 200
    key = client.session.session_key
    session = client.session
    session["staff_seen"] = time.time() - settings.STAFF_SESSION_IDLE_MINUTES * 60 - 5
    session.save()
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not Session.objects.filter(session_key=key).exists(), "ended on the server"


def test_a_staff_session_ends_at_its_maximum_age_even_when_busy(people, settings):
    user = people("edna", "Editors")
    client = Client()
    verified_login(client, user)
    client.get(INDEX)
    session = client.session
    session["staff_started"] = time.time() - settings.STAFF_SESSION_MAX_HOURS * 3600 - 5
    session.save()
    assert client.get(INDEX).status_code == 302


def test_signing_out_ends_the_session_on_the_server(people):
    user = people("edna", "Editors")
    client = Client()
    verified_login(client, user)
    client.get(INDEX)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("admin:logout"))
    assert not Session.objects.filter(session_key=key).exists()
    # The old cookie is worth nothing now.
    stolen = Client()
    stolen.cookies["sessionid"] = key
    assert stolen.get(INDEX).status_code == 302


def test_session_settings_have_sensible_defaults(settings):
    assert settings.STAFF_SESSION_IDLE_MINUTES == 30
    assert settings.STAFF_SESSION_MAX_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


# --- caching -------------------------------------------------------------------------------------------


def test_every_admin_page_is_no_store(people, content):
    user = people("rita", "Clinical reviewers")
    client = Client()
    verified_login(client, user)
    for path in (
        INDEX,
        reverse("admin:password_change"),
        reverse("admin:crsinfo_article_changelist"),
        TWO_FACTOR,
        reverse("admin:axes_accesslog_changelist"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
    assert "no-store" in Client().get(LOGIN)["Cache-Control"]
    locked = Client()
    for _ in range(6):
        response = wrong_password(locked, "someone")
    assert response.status_code == 429
    assert "no-store" in response["Cache-Control"]


# --- the sign-in log -------------------------------------------------------------------------------------


def test_sign_ins_are_logged_for_staff_to_read(people, content):
    people("edna", "Editors")
    sign_in(Client(), "edna")
    wrong_password(Client(), "edna")
    assert AccessLog.objects.filter(username="edna", ip_address="203.0.113.7").count() == 1
    assert AccessFailureLog.objects.filter(username="edna", ip_address="203.0.113.7").count() == 1
    reviewer = Client()
    verified_login(reviewer, people("rita", "Clinical reviewers"))
    for model in ("accesslog", "accessfailurelog"):
        page = reviewer.get(reverse(f"admin:axes_{model}_changelist"))
        assert page.status_code == 200
        assert "edna" in page.content.decode()


def test_readers_are_never_in_the_sign_in_log(client, content):
    before = AccessLog.objects.count(), AccessFailureLog.objects.count(), AccessAttempt.objects.count()
    for path in ("/", "/symptoms/", "/check/", "/search/?q=fever", "/glossary/"):
        assert client.get(path).status_code == 200
    client.post("/check/", {"symptoms": ["confusion"]})
    assert (AccessLog.objects.count(), AccessFailureLog.objects.count(), AccessAttempt.objects.count()) == before


def test_old_sign_in_records_are_deleted_by_a_command(people, settings):
    from django.utils import timezone

    people("edna", "Editors")
    sign_in(Client(), "edna")
    wrong_password(Client(), "edna")
    old = timezone.now() - timezone.timedelta(days=settings.SIGN_IN_LOG_DAYS + 1)
    AccessLog.objects.create(username="old", ip_address="192.0.2.1")
    AccessFailureLog.objects.create(username="old", ip_address="192.0.2.1")
    AccessLog.objects.filter(username="old").update(attempt_time=old)
    AccessFailureLog.objects.filter(username="old").update(attempt_time=old)
    call_command("prune_sign_in_log", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not AccessLog.objects.filter(username="old").exists()
    assert not AccessFailureLog.objects.filter(username="old").exists()
    assert AccessLog.objects.filter(username="edna").exists(), "recent records are kept"
    with pytest.raises(CommandError):
        call_command("prune_sign_in_log", days=0)


@pytest.mark.parametrize(
    ("env", "count", "proxies"),
    [
        ({}, 0, []),
        ({"DJANGO_BEHIND_PROXY": "1"}, 1, ["127.0.0.1", "::1"]),
        ({"DJANGO_BEHIND_PROXY": "1", "DJANGO_TRUSTED_PROXY_COUNT": "2"}, 2, ["127.0.0.1", "::1"]),
        ({"DJANGO_BEHIND_PROXY": "1", "DJANGO_TRUSTED_PROXIES": "10.0.0.2"}, 1, ["10.0.0.2"]),
    ],
)
def test_behind_a_proxy_the_throttle_uses_the_readers_address_by_default(env, count, proxies):
    """The shipped set-up (one nginx on the same machine, DJANGO_BEHIND_PROXY=1) throttles sign-ins
    per client without more settings: not all staff behind nginx's one address, and X-Forwarded-For
    believed only from loopback (a client that reaches an app port cannot choose its address)."""
    import json
    import subprocess
    import sys

    from tests.conftest import ROOT
    from tests.pages.test_site import production_env

    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps([settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXIES]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [count, proxies]


def test_the_admin_prefix_that_staff_rules_use_is_where_admin_lives():
    # crsinfo.access.ADMIN_PREFIX decides "staff request or reader request" without a URL lookup.
    from django.urls import reverse

    from crsinfo.access import ADMIN_PREFIX, is_admin_path

    assert reverse("admin:index") == ADMIN_PREFIX
    assert is_admin_path(reverse("admin:login"))
    assert not is_admin_path("/check/")
