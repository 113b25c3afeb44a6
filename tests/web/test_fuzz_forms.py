"""Property tests on every form a person can post: whatever is typed, no server error and no
half-written data. (The importers' readers are fuzzed in their own tests and in bench/.)"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Anything a keyboard, a paste or a broken phone can send: every script, controls, NUL, RTL marks.
typed = st.text(max_size=300) | st.sampled_from(
    ["", " ", "\x00", "٢٠٢٤-٠٣", "15/3/2024", "<script>alert(1)</script>", "' OR 1=1 --", "\u202e"]
)


def _fields(html: str) -> list[str]:
    names = re.findall(r'<(?:input|textarea|select)[^>]*\sname="([^"]+)"', html)
    return [n for n in dict.fromkeys(names) if n not in {"csrfmiddlewaretoken", "_save"}]


@FUZZ
@given(username=typed, password=typed)
def test_the_login_form_never_fails_whatever_is_typed(client, world, username, password):
    response = client.post("/en/login/", {"username": username, "password": password})
    assert response.status_code in {200, 302, 429}


@FUZZ
@given(code=typed)
def test_the_second_factor_forms_never_fail(client, world, code):
    client.post("/en/login/", {"username": "victor", "password": "victor-password"})
    for path in ("/en/login/code/setup/", "/en/login/code/", "/en/login/confirm/"):
        response = client.post(path, {"code": code, "password": code, "next": code})
        assert response.status_code in {200, 302}, path
    assert client.get("/en/records/").status_code == 302  # no code guessed


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["act", "governorate", "status", "q", "page", "sex"]), typed
    )
)
def test_the_record_filters_never_fail(client, world, params):
    assert client.get("/en/records/", params).status_code == 200


@FUZZ
@given(language=typed, next_url=typed)
def test_the_language_switch_never_fails(client, language, next_url):
    response = client.post("/en/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert not re.match(r"^(https?:)?//", response["Location"])


@pytest.mark.parametrize("model", ["record", "event", "evidence"])
def test_the_admin_add_forms_never_fail_and_never_half_write(client, world, alice, model):
    from django.apps import apps

    from tansiq.audit.models import AuditEvent

    client.force_login(alice)
    path = f"/en/admin/documentation/{model}/add/"
    fields = _fields(client.get(path).content.decode())
    assert fields
    model_class = apps.get_model("documentation", model)

    @FUZZ
    @given(values=st.fixed_dictionaries({}, optional={name: typed for name in fields}))
    def post(values: dict[str, str]) -> None:
        rows, events = model_class.objects.count(), AuditEvent.objects.count()
        response = client.post(path, values)
        assert response.status_code in {200, 302}
        if response.status_code == 200:  # refused: the form again, nothing written
            assert model_class.objects.count() == rows
            assert AuditEvent.objects.count() == events

    post()


@pytest.mark.parametrize(
    ("model", "field"), [("record", "event"), ("record", "place"), ("evidence", "record")]
)
def test_a_key_that_is_not_a_number_is_a_form_error_not_a_server_error(
    client, world, alice, model, field
):
    """Found by the test above: Django's autocomplete widget raised on `event=":"`."""
    client.force_login(alice)
    response = client.post(f"/en/admin/documentation/{model}/add/", {field: ":"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
