from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from huajie.petitions.services.categories import categories_load_file


class Command(BaseCommand):
    help = "Load an issue-category taxonomy sheet (一级分类/二级分类/三级分类). Safe to run twice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="taxonomy .xlsx, e.g. ../shared/data/public-messages/taxonomy_517.xlsx"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = categories_load_file(path=options["file"])
        except (OSError, ValueError) as exc:
            raise CommandError(f"无法读取分类表 {options['file']}：{exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"新增问题分类 {created} 个。"))
