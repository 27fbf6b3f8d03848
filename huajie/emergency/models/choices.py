"""The emergency module's choice sets."""

from __future__ import annotations

from django.db import models


class Grade(models.IntegerChoices):
    """突发事件分级 (《突发事件应对法》第三条): Ⅰ is the most severe."""

    I = 1, "Ⅰ级（特别重大）"  # noqa: E741 - the grade's own name
    II = 2, "Ⅱ级（重大）"
    III = 3, "Ⅲ级（较大）"
    IV = 4, "Ⅳ级（一般）"


GRADE_SHORT = {1: "Ⅰ级", 2: "Ⅱ级", 3: "Ⅲ级", 4: "Ⅳ级"}


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "修订稿"
    IN_FORCE = "in_force", "现行有效"
    SUPERSEDED = "superseded", "已被修订"


class GroupKind(models.TextChoices):
    COMMAND = "command", "指挥部（领导小组）"
    OFFICE = "office", "指挥部办公室"
    WORK = "work", "工作组"


class Position(models.TextChoices):
    LEADER = "leader", "组长"
    DEPUTY = "deputy", "副组长"
    MEMBER = "member", "成员"


class ReportKind(models.TextChoices):
    FIRST = "first", "首报"
    CONTINUED = "continued", "续报"
    FINAL = "final", "终报"


class IncidentSource(models.TextChoices):
    DUTY = "duty", "值班室接报"
    DIRECT = "direct", "直接报告"
    UNIT = "unit", "下级单位报告"
    EXERCISE = "exercise", "演练"


class HazardLevel(models.TextChoices):
    GENERAL = "general", "一般隐患"
    MAJOR = "major", "重大隐患"


class DrillKind(models.TextChoices):
    TABLETOP = "tabletop", "桌面推演"
    LIVE = "live", "实战演练"


class Frequency(models.TextChoices):
    """排查周期 (`periods.period_of`)."""

    WEEKLY = "weekly", "每周"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    HALF_YEARLY = "half_yearly", "每半年"
    YEARLY = "yearly", "每年"
