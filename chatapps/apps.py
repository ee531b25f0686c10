from django.apps import AppConfig
from django.core.signals import setting_changed

from chatapps.client import reset_client


class ChatappsConfig(AppConfig):
    """The 8x8 SDK: request validation, the API client, typed errors and the explainer. No models:
    it is an app only so that its `chatapps_validate` command is found."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "chatapps"
    verbose_name = "8x8 Chat Apps"

    def ready(self) -> None:
        setting_changed.connect(_forget_client_on_setting_change, dispatch_uid="chatapps-client")


def _forget_client_on_setting_change(*, setting: str, **kwargs: object) -> None:
    # override_settings(CHATAPPS_...) in tests must not keep talking to the old host.
    if setting.startswith("CHATAPPS_"):
        reset_client()
