from django.apps import AppConfig


class LexiconConfig(AppConfig):
    name = "gongkai.lexicon"
    verbose_name = "审校词库"

    def ready(self) -> None:
        from gongkai.audit.kinds import FAMILY_LABELS, register

        FAMILY_LABELS["lexicon"] = "审校词库"
        register("lexicon.term_saved", "保存词库词条")
        register("lexicon.term_deleted", "删除词库词条")
        register("lexicon.imported", "导入词库")
