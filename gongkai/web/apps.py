from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "gongkai.web"
    label = "web"
    verbose_name = "界面框架"
