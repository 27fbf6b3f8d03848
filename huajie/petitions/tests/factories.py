"""Factories for petitions: registrations in the small county of `orgs.tests.factories`."""

from __future__ import annotations

from datetime import date

from huajie.orgs.tests.factories import VALID_IDS, County, make_county
from huajie.petitions.models import Petition
from huajie.petitions.services import PetitionerInput, RegistrationInput, petition_register


def registration(**overrides: object) -> RegistrationInput:
    data = RegistrationInput(
        channel="visit",
        petition_class="complaint",
        title="小区外墙脱落无人维修",
        content="某小区3栋外墙瓷砖脱落，多次向物业反映无果，请求住建部门督促维修。",
        received_on=date(2025, 9, 30),
        petitioners=[PetitionerInput(name="刘桂兰", id_number=VALID_IDS[0], phone="13812345678")],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def register(c: County, **overrides: object) -> Petition:
    return petition_register(unit=c.office, data=registration(**overrides), acting_user=c.clerk)


__all__ = ["VALID_IDS", "County", "make_county", "register", "registration"]
