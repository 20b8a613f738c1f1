from lantern.accounts.capabilities import Capability
from lantern.core import plugins


class AccountsConfig(plugins.LanternAppConfig):
    name = "lantern.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    navigation = (
        plugins.NavItem("Users", "accounts:user-list", (Capability.MANAGE_USERS,), 80, "users"),
        plugins.NavItem("Agencies", "accounts:agency-list", (Capability.MANAGE_AGENCIES,), 90, "agencies"),
    )

    def ready(self) -> None:
        from lantern.accounts import schema  # noqa: F401  (registers the OpenAPI auth schemes)
