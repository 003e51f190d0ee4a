from django.apps import AppConfig


class YearReportsConfig(AppConfig):
    name = "gongkai.yearreports"
    verbose_name = "年度报告编制"
