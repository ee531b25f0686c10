from django.apps import AppConfig


class ChatappsConfig(AppConfig):
    """The 8x8 contract: request validation, the API client and the webhook receiver."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "chatapps"
    verbose_name = "8x8 Chat Apps"

    def ready(self) -> None:
        from django.core.signals import setting_changed

        setting_changed.connect(_forget_client_on_setting_change, dispatch_uid="chatapps-client")


def _forget_client_on_setting_change(*, setting: str, **kwargs: object) -> None:
    # override_settings(CHATAPPS_...) in tests must not keep talking to the old host.
    if setting.startswith("CHATAPPS_"):
        from chatapps.client import reset_client

        reset_client()
