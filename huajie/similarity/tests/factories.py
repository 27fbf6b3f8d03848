"""Cases with their similarity signatures, on top of the petitions factories."""

from __future__ import annotations

from huajie.petitions.models import Petition
from huajie.petitions.tests.factories import County, register
from huajie.similarity.services import signature_update

OIL_SMOKE = (
    "劳动东路魅力之城小区临街门面油烟直排扰民",
    "魅力之城小区一楼临街门面开了多家餐馆和夜宵摊，没有专用烟道，油烟直接排到小区里，"
    "每天从傍晚到凌晨噪音不断，楼上住户不敢开窗，老人孩子深受其害，请环保和城管部门查处。",
)
OIL_SMOKE_AGAIN = (
    "魅力之城小区临街餐馆油烟直排，噪音扰民",
    "魅力之城小区一楼临街门面开了多家餐馆和夜宵摊，没有专用烟道，油烟直接排到小区里，"
    "从傍晚到凌晨噪音不断，楼上住户不敢开窗，老人孩子深受其害，恳请环保和城管部门尽快查处。",
)
WAGES = (
    "某建筑工地拖欠农民工工资",
    "我们二十多名农民工在县城东区某楼盘工地干了八个月，包工头以开发商未结算为由拖欠工资"
    "共计四十余万元，春节将至，请劳动监察部门督促支付。",
)


def signed(c: County, title: str, content: str, **overrides: object) -> Petition:
    petition = register(c, title=title, content=content, **overrides)
    signature_update(petition=petition)
    return petition
