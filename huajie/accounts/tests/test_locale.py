import pytest


@pytest.mark.django_db
def test_chinese_by_default_even_for_an_english_browser(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="zh-hans"' in page.content.decode()


@pytest.mark.django_db
def test_the_language_switch_still_chooses_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/")
    assert 'lang="en"' in page.content.decode()
