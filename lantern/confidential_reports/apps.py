from django.apps import AppConfig


class ConfidentialReportsConfig(AppConfig):
    name = "lantern.confidential_reports"
    label = "confidential_reports"
    verbose_name = "Confidential reporting"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from lantern.confidential_reports.views_public import forget_report_on_sign_in

        user_logged_in.connect(forget_report_on_sign_in, dispatch_uid="confidential_reports.forget_on_sign_in")
