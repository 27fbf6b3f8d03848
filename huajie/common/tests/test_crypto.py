"""Identifiers are stored as ciphertext, survive key rotation, and can still be matched by index."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import connection, models
from django.test.utils import isolate_apps

from huajie.common.crypto import DecryptionError, blind_index, decrypt, encrypt, reencrypt
from huajie.common.fields import EncryptedTextField

ID_NUMBER = "11010519491231002X"
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


@pytest.fixture
def keys(settings):
    """Explicit keys, as production configures them."""
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    settings.FIELD_ENCRYPTION_KEY = ""
    settings.BLIND_INDEX_KEY = "blind-index-secret-for-tests-0123456789"
    return settings


def test_encrypt_round_trips_and_hides_the_plaintext(keys):
    token = encrypt(ID_NUMBER)
    assert ID_NUMBER not in token
    assert decrypt(token) == ID_NUMBER


def test_the_same_value_encrypts_differently_each_time(keys):
    assert encrypt(ID_NUMBER) != encrypt(ID_NUMBER)


def test_without_explicit_keys_the_key_is_derived_from_secret_key(settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    settings.FIELD_ENCRYPTION_KEY = ""
    token = encrypt("13812345678")
    assert decrypt(token) == "13812345678"
    settings.SECRET_KEY = "another-secret-key"
    with pytest.raises(DecryptionError):
        decrypt(token)


def test_a_single_key_setting_is_used_when_the_list_is_empty(settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    settings.FIELD_ENCRYPTION_KEY = OLD_KEY
    token = encrypt(ID_NUMBER)
    assert Fernet(OLD_KEY).decrypt(token.encode()).decode() == ID_NUMBER


def test_rotation_new_key_encrypts_old_key_still_decrypts(keys):
    old_token = encrypt(ID_NUMBER)
    keys.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    assert decrypt(old_token) == ID_NUMBER
    rotated = reencrypt(old_token)
    assert Fernet(NEW_KEY).decrypt(rotated.encode()).decode() == ID_NUMBER
    keys.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    assert decrypt(rotated) == ID_NUMBER
    with pytest.raises(DecryptionError):
        decrypt(old_token)


def test_a_malformed_key_is_a_configuration_error(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["not-a-fernet-key"]
    with pytest.raises(ImproperlyConfigured, match=r"FIELD_ENCRYPTION_KEYS\[0\]"):
        encrypt(ID_NUMBER)


def test_plaintext_left_in_the_column_is_reported_not_returned(keys):
    with pytest.raises(DecryptionError):
        decrypt(ID_NUMBER)


def test_blind_index_is_64_hex_and_stable(keys):
    index = blind_index(ID_NUMBER, purpose="id_number")
    assert len(index) == 64
    assert int(index, 16) >= 0
    assert blind_index(ID_NUMBER, purpose="id_number") == index


def test_blind_index_normalises_case_padding_and_full_width_digits(keys):
    expected = blind_index(ID_NUMBER, purpose="id_number")
    assert blind_index(" 11010519491231002x\n", purpose="id_number") == expected
    assert blind_index("１１０１０５１９４９１２３１００２Ｘ", purpose="id_number") == expected


def test_blind_index_separates_purposes_and_deployments(keys):
    as_id = blind_index("13812345678", purpose="id_number")
    assert blind_index("13812345678", purpose="phone") != as_id
    keys.BLIND_INDEX_KEY = "another-deployment-secret-0123456789"
    assert blind_index("13812345678", purpose="id_number") != as_id


def test_explicit_blind_index_key_survives_encryption_key_rotation(keys):
    before = blind_index(ID_NUMBER, purpose="id_number")
    keys.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    assert blind_index(ID_NUMBER, purpose="id_number") == before


def test_blind_index_without_its_own_key_follows_the_primary_encryption_key(keys):
    keys.BLIND_INDEX_KEY = ""
    before = blind_index(ID_NUMBER, purpose="id_number")
    assert blind_index(ID_NUMBER, purpose="id_number") == before
    keys.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    assert blind_index(ID_NUMBER, purpose="id_number") != before


@pytest.mark.parametrize(("value", "purpose"), [("", "id_number"), ("  ", "phone"), ("1", "")])
def test_blind_index_refuses_empty_values_and_purposes(keys, value, purpose):
    with pytest.raises(ValueError):
        blind_index(value, purpose=purpose)


def test_field_stores_ciphertext_and_reads_plaintext(keys):
    field = EncryptedTextField()
    stored = field.get_prep_value(ID_NUMBER)
    assert stored != ID_NUMBER
    assert ID_NUMBER not in stored
    assert field.get_prep_value(ID_NUMBER) != stored
    assert field.from_db_value(stored, None, connection) == ID_NUMBER


@pytest.mark.parametrize("value", [None, ""])
def test_field_keeps_none_and_empty_as_they_are(keys, value):
    field = EncryptedTextField(null=True, blank=True)
    assert field.get_prep_value(value) == value
    assert field.from_db_value(value, None, connection) == value


def petitioner_model(**field_options: Any) -> Any:
    """A throwaway model; call it inside `isolate_apps` so it never joins the real registry."""

    class Petitioner(models.Model):
        id_number = EncryptedTextField(**field_options)

        class Meta:
            app_label = "common"
            db_table = "test_encrypted_petitioner"

        def __str__(self) -> str:
            return f"Petitioner {self.pk}"

    return Petitioner


@isolate_apps("huajie.common")
def test_field_refuses_lookups_on_ciphertext(keys):
    Petitioner = petitioner_model(null=True)
    for lookup in ["id_number", "id_number__exact", "id_number__contains", "id_number__in"]:
        with pytest.raises(FieldError, match="common.Petitioner.id_number is encrypted"):
            Petitioner.objects.filter(**{lookup: ID_NUMBER})
    with pytest.raises(FieldError, match="blind index"):
        Petitioner.objects.filter(id_number__lower="x")
    assert "IS NULL" in str(Petitioner.objects.filter(id_number__isnull=True).query)
    assert "IS NULL" in str(Petitioner.objects.filter(id_number=None).query)
    _sql, params = Petitioner.objects.filter(id_number="").query.sql_with_params()
    assert params == ("",)


@isolate_apps("huajie.common")
def test_field_cannot_be_unique_or_indexed():
    Petitioner = petitioner_model(unique=True)
    errors = Petitioner._meta.get_field("id_number").check()
    assert [error.id for error in errors] == ["common.E001"]


@pytest.mark.django_db(transaction=True)
@isolate_apps("huajie.common")
def test_the_database_column_holds_ciphertext(keys):
    Petitioner = petitioner_model(null=True)
    with connection.schema_editor() as editor:
        editor.create_model(Petitioner)
    try:
        created = Petitioner.objects.create(id_number=ID_NUMBER)
        Petitioner.objects.create(id_number=None)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id_number FROM test_encrypted_petitioner WHERE id = %s", [created.pk]
            )
            (raw,) = cursor.fetchone()
        assert raw != ID_NUMBER
        assert decrypt(raw) == ID_NUMBER
        assert Petitioner.objects.get(pk=created.pk).id_number == ID_NUMBER
        assert Petitioner.objects.filter(id_number__isnull=True).count() == 1
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Petitioner)
