from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator

from access.roles import ROLES

ROLE_CHOICES = [(role, role) for role in ROLES]


def labelled_errors(form: forms.Form) -> list[str]:
    """Each error prefixed with its field's label, as the page shows it ("Role: ...")."""
    named = []
    for field, errors in form.errors.items():
        label = form[field].label if field in form.fields else None
        named += [f"{label}: {error}" if label else str(error) for error in errors]
    return named


class LoginForm(auth_forms.AuthenticationForm):
    """The stock form, with autocomplete hints so password managers behave."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class CodeForm(forms.Form):
    """A six-digit code from an authenticator app."""

    code = forms.RegexField(
        regex=r"^\s*\d{6}\s*$",
        label="Code",
        error_messages={"invalid": "Enter the six digits your authenticator app shows."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 7}
        ),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form (current password checked, the password validators run), labelled plainly."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["new_password2"].label = "New password again"
        self.fields["old_password"].widget.attrs["autofocus"] = True


class UserCreateForm(forms.Form):
    username = forms.CharField(max_length=150, validators=[UnicodeUsernameValidator()])
    email = forms.EmailField(required=False, label="E-mail")
    role = forms.ChoiceField(choices=ROLE_CHOICES)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(f"{username!r} is already taken")
        return username


class UserUpdateForm(forms.Form):
    role = forms.ChoiceField(
        choices=ROLE_CHOICES,
        error_messages={"invalid_choice": "choose one of " + ", ".join(ROLES)},
    )
    is_active = forms.BooleanField(required=False, label="Active")
