from lantern.accounts.capabilities import Capability as C
from lantern.core import plugins


class CasesConfig(plugins.LanternAppConfig):
    name = "lantern.cases"
    label = "cases"
    verbose_name = "Cases"
    navigation = (
        plugins.NavItem("My work", "cases:my-work", (C.WORK_CASES,), 10, "my-work"),
        plugins.NavItem("Concerns", "cases:concern-list", (C.RAISE_CONCERN, C.TRIAGE_CONCERN), 20, "concerns"),
        plugins.NavItem("Cases", "cases:case-list", (C.WORK_CASES, C.OVERSEE_CASES), 30, "cases"),
        plugins.NavItem("SHOP agenda", "cases:shop-agenda", (C.COORDINATE_SHOP,), 50, "shop"),
    )

    def ready(self) -> None:
        from lantern.cases.selectors.supplier_links import cases_naming_supplier, concerns_naming_supplier
        from lantern.supply_chain.links import register_link_provider

        register_link_provider("cases.concerns", concerns_naming_supplier)
        register_link_provider("cases.cases", cases_naming_supplier)
