from django.http import HttpRequest, HttpResponse

from lantern.accounts.capabilities import Capability
from lantern.core import plugins


class ConfidentialReportsConfig(plugins.LanternAppConfig):
    name = "lantern.confidential_reports"
    label = "confidential_reports"
    verbose_name = "Confidential reporting"
    navigation = (plugins.NavItem("Reports", "confidential_reports:team-queue", (Capability.HANDLE_REPORTS,), 40, "reports"),)

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from lantern.confidential_reports.views_public import forget_report_on_sign_in

        user_logged_in.connect(forget_report_on_sign_in, dispatch_uid="confidential_reports.forget_on_sign_in")

        from lantern.confidential_reports.selectors import reports_naming_supplier
        from lantern.supply_chain.links import register_link_provider

        register_link_provider("confidential_reports.reports", reports_naming_supplier)

    def error_page(self, request: HttpRequest, status: int) -> HttpResponse | None:
        """Under /report/, errors get the reporting pages' own look, files and links, so that no request
        a reporter makes (nor the link they follow next) falls outside /report/."""
        from lantern.confidential_reports.views_public import error_page

        return error_page(request, status)

