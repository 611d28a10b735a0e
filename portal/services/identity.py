"""Chinese identity numbers and phone numbers: validation, normalisation and masking.

Pure functions, used by forms, services and the public application form alike.
"""
import re
from datetime import date

from portal import timeutil

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_PATTERN = re.compile(r"^[1-9]\d{16}[\dX]$")

CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_PATTERN = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
# Area code 0xx/0xxx, 7–8 digit number, optional extension; or a local number alone.
LANDLINE_PATTERN = re.compile(r"^(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?$")
# Public service numbers such as 12348 (legal services) or 110.
SERVICE_PATTERN = re.compile(r"^1\d{2,4}$")


def normalise_id_number(value):
    return (value or "").strip().upper()


def id_check_char(first17):
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


def id_birth_date(value):
    """The birth date an 18-character ID number encodes, or None when it is not a real date."""
    try:
        return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except (ValueError, IndexError):
        return None


def id_sex(value):
    """'male' or 'female' from the 17th digit (odd is male)."""
    return "male" if int(value[16]) % 2 else "female"


def id_number_problem(value, *, today=None):
    """Why ``value`` is not a valid resident ID number, as a message key, or None if it is.

    Keys: 'format', 'birth_date', 'check_digit'. Messages are chosen by the caller so the
    domain layer stays free of request-bound translation.
    """
    value = normalise_id_number(value)
    if not ID_PATTERN.match(value):
        return "format"
    born = id_birth_date(value)
    if born is None or born.year < 1900 or born > (today or timeutil.today()):
        return "birth_date"
    if id_check_char(value[:17]) != value[17]:
        return "check_digit"
    return None


def is_valid_id_number(value, *, today=None):
    return id_number_problem(value, today=today) is None


def is_valid_credit_code(value):
    """Unified social credit code (統一社會信用代碼) of an organisation, with its check character."""
    value = normalise_id_number(value)
    if not CREDIT_CODE_PATTERN.match(value):
        return False
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(value[:17], CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31] == value[17]


def normalise_phone(value):
    return re.sub(r"[\s()（）]", "", value or "").replace("－", "-")


def is_valid_mobile(value):
    return bool(MOBILE_PATTERN.match(normalise_phone(value)))


def is_valid_landline(value):
    return bool(LANDLINE_PATTERN.match(normalise_phone(value)))


def is_valid_phone(value):
    """Any number a person or office can be called on."""
    value = normalise_phone(value)
    return bool(MOBILE_PATTERN.match(value) or LANDLINE_PATTERN.match(value) or SERVICE_PATTERN.match(value))


def mask_id_number(value):
    """``110101199003071234`` → ``110***********1234``."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value):
    """``13812345678`` → ``138****5678``; landlines keep the area code and last four digits."""
    if not value:
        return ""
    digits = normalise_phone(value)
    if MOBILE_PATTERN.match(digits):
        return digits[:3] + "****" + digits[-4:]
    if len(digits) <= 4:
        return "*" * len(digits)
    head = digits.split("-")[0] + "-" if "-" in digits[:5] else ""
    return head + "****" + digits[-4:]


def mask_name(value):
    """``張三豐`` → ``張**``: the family name stays so a person can still be recognised."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)
