"""The pages around a login: the second factor, its set-up, re-authentication, leave now."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import segno
from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tansiq.committees import actions, twofactor

View = TypeVar("View", bound=Callable[..., HttpResponse])


def remember_login(sender: Any, request: HttpRequest, user: Any, **kw: Any) -> None:
    """On every login: the password was just typed; whether a second factor is owed is
    decided afresh."""
    request.session.pop(twofactor.NO_DEVICE, None)
    twofactor.mark_password_typed(request)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


PAUSED = _("Too many wrong codes: wait a few seconds, then type the code the app shows now.")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Second step of the login: a code from the authenticator, or a recovery code."""
    state = twofactor.login_state(request)
    if state.complete:
        return HttpResponseRedirect(_next(request))
    if state.needs_setup:
        return HttpResponseRedirect(
            f"{reverse('two_factor_setup')}?{urlencode({'next': _next(request)})}"
        )
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if twofactor.codes_paused(request.user):  # django-otp pauses after a wrong code
            form.add_error("code", PAUSED)
        elif actions.pass_second_factor(request, form.cleaned_data["code"]):
            return HttpResponseRedirect(_next(request))
        else:
            form.add_error("code", _("This code is not right, or it was already used. Try again."))
    return render(request, "committees/two_factor.html", {"form": form, "next": _next(request)})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator: scan (or type) the key, then type its first code."""
    if twofactor.login_state(request).needs_code:
        return HttpResponseRedirect(
            f"{reverse('two_factor')}?{urlencode({'next': _next(request)})}"
        )
    device = actions.start_totp_setup(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid() and twofactor.codes_paused(request.user):
        form.add_error("code", PAUSED)
    elif form.is_valid():
        codes = actions.confirm_totp(request.user, device, form.cleaned_data["code"])
        if codes is not None:
            actions.verify_session(request, device)
            return render(
                request,
                "committees/recovery_codes.html",
                {"codes": codes, "next": _next(request)},
            )
        form.add_error("code", _("This code is not right. Check the phone's clock and try again."))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": _next(request),
        "qr": qr.svg_data_uri(scale=4, dark="#000", light="#fff"),
        "secret": twofactor.secret_base32(device),
        "required": twofactor.requires_second_factor(request.user),
    }
    return render(request, "committees/two_factor_setup.html", context)


def recent_login_required(view: View) -> View:
    """Ask for the password again before `view` when it was typed too long ago."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not twofactor.recently_authenticated(request):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('reauthenticate')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


@login_required
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """The password again, before an export of protected fields or a change of roles."""
    form = PasswordForm(request.POST or None)
    if form.is_valid():
        if actions.confirm_password(request, form.cleaned_data["password"]):
            return HttpResponseRedirect(_next(request))
        form.add_error("password", _("This password is not right."))
    return render(request, "committees/reauthenticate.html", {"form": form, "next": _next(request)})


@csrf_exempt  # leaving must work even from a page left open for hours (a stale CSRF token)
@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    """Leave now: end the session and have the browser drop what it holds for this site."""
    logout(request)
    response = HttpResponseRedirect(reverse("home"))
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    response["Cache-Control"] = "no-store"
    return response
