import pytest

from .factories import DutyCounty, make_duty_county


@pytest.fixture
def dc(db: None) -> DutyCounty:
    return make_duty_county()
