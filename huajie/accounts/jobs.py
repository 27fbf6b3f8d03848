"""The accounts app's periodic jobs: once a month, archive the security audit rows of the months
that have wholly left their retention period (accounts/archive.py); nightly, delete API tokens
long expired or revoked (accounts/token_retention.py)."""

from datetime import time

from huajie.jobs.registry import Job, register

from .archive import audit_archive, latest_allowed, retention_days
from .token_retention import api_tokens_prune, token_retention_days


def audit_archive_monthly() -> str:
    """The rows before the first day of the month in which the retention period's edge falls:
    nothing younger than the retention leaves, nothing stays more than a month past it."""
    before = latest_allowed().replace(day=1)
    archive = audit_archive(before=before)
    if archive is None:
        return f"{before:%Y-%m-%d} 之前没有审计记录"
    return f"归档 {archive.rows} 条（{before:%Y-%m-%d} 之前）至 {archive.path.name}"


register(
    Job(
        name="accounts.archive_audit",
        run=audit_archive_monthly,
        at=(time(2, 30),),
        day_of_month=1,
        description=f"每月归档保留期（{retention_days()} 天）以外的安全审计记录，并移出审计表",
    )
)
register(
    Job(
        name="accounts.prune_tokens",
        run=api_tokens_prune,
        at=(time(3, 45),),
        description=f"删除过期或撤销满 {token_retention_days()} 天的 API 令牌（安全审计记录保留）",
    )
)
