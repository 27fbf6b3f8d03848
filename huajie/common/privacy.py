"""Personal numbers out of error reports (个人信息保护法): the report Django mails to ADMINS on a
server error lists the request's POST data and every frame's local variables, and a registration
that fails carries ID and phone numbers in both. `PrivateExceptionReporterFilter`
(settings.DEFAULT_EXCEPTION_REPORTER_FILTER) hides every POST field named like an ID or phone
number and masks any such number in a frame's variables; the rest of the report stays useful.
`MaskNumbersFilter` does the same for log records of the loggers that print request data or a
template's whole context (settings.LOGGING): a failed variable lookup on a re-shown registration
form would otherwise log the POSTed ID and phone numbers at DEBUG."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.http import HttpRequest, QueryDict
from django.views.debug import SafeExceptionReporterFilter

PERSONAL_FIELD = re.compile(r"id_number|id_card|idcard|phone|mobile", re.IGNORECASE)
# An ID number (18 or old 15 digits) or a mobile number, bare or written in groups.
NUMBER = re.compile(r"(?<![\dA-Za-z])(?:\d{17}[\dXx]|\d{15}|1[3-9]\d(?:[\s-]?\d{4}){2})(?!\d)")


def mask_numbers(text: str) -> str:
    return NUMBER.sub(lambda found: "*" * len(found.group()), text)


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request: HttpRequest | None) -> Any:
        params = super().get_post_parameters(request)
        if not isinstance(params, QueryDict):
            return params
        cleansed = params.copy()
        for key in cleansed:
            if PERSONAL_FIELD.search(key):
                cleansed[key] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame: Any) -> Any:
        return [
            (name, mask_numbers(shown) if NUMBER.search(shown := repr(value)) else value)
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]


class MaskNumbersFilter(logging.Filter):
    """Masks ID and phone numbers in a record's message and traceback text (keeps the record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if NUMBER.search(message):
            record.msg, record.args = mask_numbers(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and NUMBER.search(record.exc_text):
            record.exc_text = mask_numbers(record.exc_text)
        return True
