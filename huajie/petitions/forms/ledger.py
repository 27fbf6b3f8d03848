"""The ledger's filters, sort and page size, and how they travel.

The filter form is posted, and the ledger redirects to its own address with the filters in the
query string — except a keyword that may be an ID or phone number (`search.names_a_person`),
which stays in the session, encrypted like the number's column, behind an opaque token
(`qt=…`): a person's number never reaches a URL, so never a server's access log, a proxy's, the
browser history or a Referer, and the session table holds no number in clear either. Paging, sort,
page size and the export link carry the token like any other parameter.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, QueryDict

from huajie.common.crypto import decrypt, encrypt
from huajie.common.forms import LenientDateField, choice_field, select_field, text_field
from huajie.common.timeline import EventSource
from huajie.common.widgets import FastSelect, OptionChoiceField
from huajie.orgs.models import Region, Unit

from .. import search
from ..models import Category, Channel, PetitionClass
from ..selectors import LedgerFilters
from ..states import Status
from .fields import CLOCK_STATES, PAGE_SIZES, SORT_CHOICES
from .reference import LedgerOptions, ledger_options


def reference_field(label: str) -> OptionChoiceField:
    """A filter over a reference list; its choices are the shared `LedgerOptions` list."""
    return OptionChoiceField(
        label=label,
        required=False,
        widget=FastSelect(attrs={"class": "form-select"}),
        error_messages={
            "required": f"请选择{label}。",
            "invalid_choice": f"请从列表中选择{label}。",
        },
    )


SEARCH_PARAM = "qt"
SESSION_KEY = "petitions.ledger_searches"
KEPT_SEARCHES = 20


def ledger_params(request: HttpRequest) -> QueryDict:
    """The ledger's parameters from the address, with a token put back as the keyword it stands
    for; a token this session does not know (signed out since, another browser) is dropped and
    `expired` set on the result."""
    params = request.GET.copy()
    token = params.pop(SEARCH_PARAM, [""])[-1]
    if token:
        kept = request.session.get(SESSION_KEY, {}).get(token)
        if kept:
            params["q"] = decrypt(kept)
        else:
            params.expired = True  # type: ignore[attr-defined]
    return params


def ledger_query_string(request: HttpRequest, posted: QueryDict) -> str:
    """The query string for posted filters, a personal keyword replaced by a session token."""
    pairs = [
        (key, value)
        for key, values in posted.lists()
        if key not in ("csrfmiddlewaretoken", "page")
        for value in values
        if value
    ]
    keyword = posted.get("q", "")
    if keyword and search.names_a_person(keyword):
        kept: dict[str, str] = dict(request.session.get(SESSION_KEY, {}))
        token = secrets.token_urlsafe(12)
        kept[token] = encrypt(keyword)
        request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT_SEARCHES:])
        pairs = [(SEARCH_PARAM, token) if k == "q" else (k, v) for k, v in pairs]
    return urlencode(pairs)


class LedgerFilterForm(forms.Form):
    q = text_field("关键词", max_length=100, placeholder="编号、摘要或内容", type="search")
    status = select_field("状态", Status.choices, blank="全部状态")
    clock = select_field("期限", CLOCK_STATES, blank="全部期限")
    channel = select_field("信访形式", Channel.choices, blank="全部形式")
    source = select_field("登记来源", EventSource.choices, blank="全部来源")
    petition_class = select_field("信访类别", PetitionClass.choices, blank="全部类别")
    unit = reference_field("单位")
    category = reference_field("问题分类")
    region = reference_field("问题属地")
    date_from = LenientDateField(label="收到日期自", required=False)
    date_to = LenientDateField(label="至", required=False)
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, widget=forms.HiddenInput)
    per_page = forms.TypedChoiceField(
        label="每页",
        choices=[(n, f"{n} 条/页") for n in PAGE_SIZES],
        coerce=int,
        required=False,
        widget=FastSelect(attrs={"class": "form-select"}),
    )

    def __init__(
        self,
        *args: Any,
        units: list[Unit] | None = None,
        categories: list[Category] | None = None,
        regions: list[Region] | None = None,
        **kwargs: Any,
    ) -> None:
        """The reference lists come from `ledger_options()` (shared, built once per content)
        unless all three are given."""
        super().__init__(*args, **kwargs)
        if units is None or categories is None or regions is None:
            options = ledger_options()
        else:
            options = LedgerOptions.build(units=units, categories=categories, regions=regions)
        choice_field(self, "unit").choices = options.units
        choice_field(self, "category").choices = options.categories
        choice_field(self, "region").choices = options.regions

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "结束日期不能早于开始日期，请核对日期范围。")
        return data

    @property
    def active_count(self) -> int:
        """How many filters (not sort or page size) are in use: the panel opens when any is."""
        if not self.is_valid():
            return 0
        skip = {"sort", "per_page"}
        return sum(1 for k, v in self.cleaned_data.items() if k not in skip and v)

    def filters(self) -> LedgerFilters:
        d = self.cleaned_data if self.is_valid() else {}
        return LedgerFilters(
            status=d.get("status", ""),
            unit=int(d["unit"]) if d.get("unit") else None,
            petition_class=d.get("petition_class", ""),
            category=int(d["category"]) if d.get("category") else None,
            region=d.get("region", ""),
            channel=d.get("channel", ""),
            source=d.get("source", ""),
            clock=d.get("clock", ""),
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
            q=d.get("q", ""),
            sort=d.get("sort") or "-received_on",
        )

    def page_size(self) -> int:
        value = self.cleaned_data.get("per_page") if self.is_valid() else None
        return value if value in PAGE_SIZES else PAGE_SIZES[0]
