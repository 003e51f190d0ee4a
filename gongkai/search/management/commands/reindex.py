"""`gongkai reindex`: rebuild the search index from what is public now (after a restore,
an upgrade of the segmenter, or to be sure)."""

from django.core.management.base import BaseCommand

from gongkai.search.index import reindex_all


class Command(BaseCommand):
    help = "重建全文检索索引（按当前公开的信息）"

    def handle(self, *args, **options) -> None:
        count = reindex_all()
        self.stdout.write(f"已索引 {count} 条公开信息。")
