from lantern.core import plugins


class GuidesConfig(plugins.LanternAppConfig):
    name = "lantern.guides"
    label = "guides"
    verbose_name = "Guides"
