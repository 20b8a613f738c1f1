from django.apps import AppConfig


class ConfidentialReportsConfig(AppConfig):
    name = "lantern.confidential_reports"
    label = "confidential_reports"
    verbose_name = "Confidential reporting"
