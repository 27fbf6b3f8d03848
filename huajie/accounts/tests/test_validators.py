import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from huajie.accounts.validators import CharacterClassValidator, character_classes


@pytest.mark.parametrize(
    ("password", "classes"),
    [
        ("abcdefghij", 1),
        ("abcdeFGHIJ", 2),
        ("abcdeFGH12", 3),
        ("abcdeFG12!", 4),
        ("qinghe2026信访", 3),
        ("", 0),
    ],
)
def test_character_classes_counts_upper_lower_digit_and_symbol(password, classes):
    assert character_classes(password) == classes


def test_a_password_with_two_classes_is_refused_in_chinese():
    with pytest.raises(ValidationError) as exc:
        CharacterClassValidator().validate("qinghexian2026")
    assert exc.value.messages == ["密码须至少包含大写字母、小写字母、数字和符号中的 3 类。"]
    assert exc.value.error_list[0].code == "password_too_simple"


def test_three_classes_are_enough():
    CharacterClassValidator().validate("Qinghexian2026")
    CharacterClassValidator().validate("qinghexian-2026")


def test_help_text_states_the_rule():
    assert CharacterClassValidator().get_help_text() == (
        "密码须至少包含大写字母、小写字母、数字和符号中的 3 类。"
    )


def test_the_validator_is_active_in_settings():
    with pytest.raises(ValidationError) as exc:
        validate_password("qinghexian2026")
    assert "密码须至少包含大写字母、小写字母、数字和符号中的 3 类。" in exc.value.messages
    validate_password("Qinghe-Xian-2026")
