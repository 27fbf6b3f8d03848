"""Field errors of any depth come out as the schema's `fields`: one list of sentences per path
(schemathesis found `{"disputes": {"0": [...]}}`, which the published schema does not allow)."""

from __future__ import annotations

from huajie.common.api import flat_fields


def test_nested_errors_become_paths() -> None:
    detail = {
        "unit": ["编号为 0 的单位不存在。"],
        "disputes": {"0": ["争议数量至少为 1。"]},
        "parties": [{}, {"id_number": ["身份证号校验位不对。"]}],
        "period": {"start": ["请填写日期。"]},
    }
    assert flat_fields(detail) == {
        "unit": ["编号为 0 的单位不存在。"],
        "disputes[0]": ["争议数量至少为 1。"],
        "parties[1].id_number": ["身份证号校验位不对。"],
        "period.start": ["请填写日期。"],
    }


def test_errors_without_a_field() -> None:
    assert flat_fields(["两个日期请同时填写。"]) == {"non_field_errors": ["两个日期请同时填写。"]}
    assert flat_fields("出错了") == {"non_field_errors": ["出错了"]}
