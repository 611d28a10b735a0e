"""ID numbers, credit codes, phones and masking (the pure checks behind every form)."""
from datetime import date

import pytest

from portal.services import identity
from tests.idnumbers import id_number


@pytest.mark.parametrize("value", ["11010519491231002X", "11010519491231002x", id_number("19800101", 123), id_number("20000229", 2)])
def test_valid_id_numbers(value):
    assert identity.id_number_problem(value) is None


@pytest.mark.parametrize("value,problem", [
    ("110105194912310021", "check_digit"),    # last digit changed
    ("11010519491231002", "format"),           # 17 characters
    ("1101051949123100XX", "format"),
    ("010105194912310028", "format"),          # region cannot start with 0
    (id_number("19990230", 5), "birth_date"),  # 30 February
    (id_number("18991231", 5), "birth_date"),
    (id_number("20990101", 5), "birth_date"),  # born in the future
])
def test_invalid_id_numbers(value, problem):
    assert identity.id_number_problem(value, today=date(2026, 11, 28)) == problem


def test_id_number_encodes_birth_date_and_sex():
    value = "11010519491231002X"
    assert identity.id_birth_date(value) == date(1949, 12, 31)
    assert identity.id_sex(value) == "female"
    assert identity.id_sex(id_number("19800101", 123)) == "male"


def test_credit_codes():
    assert identity.is_valid_credit_code("91350100M000100Y43")
    assert not identity.is_valid_credit_code("91350100M000100Y44")
    assert not identity.is_valid_credit_code("91350100M000100Y4")


@pytest.mark.parametrize("value,mobile,landline,any_phone", [
    ("13812345678", True, False, True),
    ("138 1234 5678", True, False, True),
    ("12812345678", False, False, False),
    ("010-64012345", False, True, True),
    ("0571-8765432", False, True, True),
    ("87654321", False, True, True),
    ("12348", False, False, True),
    ("110", False, False, True),
    ("abc", False, False, False),
    ("010-1234", False, False, False),
    ("010-12345678", False, False, False),  # local numbers never start with 1
])
def test_phone_numbers(value, mobile, landline, any_phone):
    assert identity.is_valid_mobile(value) is mobile
    assert identity.is_valid_landline(value) is landline
    assert identity.is_valid_phone(value) is any_phone


def test_masking_matches_the_domain_guide():
    assert identity.mask_id_number("110101199003071234") == "110***********1234"
    assert identity.mask_phone("13812345678") == "138****5678"
    assert identity.mask_phone("010-64012345") == "010-****2345"
    assert identity.mask_name("张三丰") == "张**"
    assert identity.mask_id_number("") == ""
