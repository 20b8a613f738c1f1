from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lantern.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from lantern.accounts import schema  # noqa: F401  (registers the OpenAPI auth schemes)
