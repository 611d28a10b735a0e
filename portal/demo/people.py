"""Believable people: names, valid ID numbers, phones, credit codes."""
from datetime import date, timedelta

from portal.demo.names import GIVEN_FEMALE, GIVEN_MALE, SURNAMES
from portal.services.identity import CREDIT_CODE_CHARS, CREDIT_CODE_WEIGHTS, id_check_char

REGION = "110101"  # a Dongcheng-style area code for demo ID numbers


class People:
    def __init__(self, rng):
        self.rng = rng
        self.used_ids = set()
        self.used_names = set()

    def name(self, sex):
        given = GIVEN_MALE if sex == "male" else GIVEN_FEMALE
        for _ in range(50):
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choice(given) for _ in range(self.rng.choice((1, 2, 2))))
            if name not in self.used_names:
                break
        self.used_names.add(name)
        return name

    def birth_date(self, youngest=25, oldest=72):
        start = date(2026, 1, 1) - timedelta(days=365 * oldest)
        return start + timedelta(days=self.rng.randrange(365 * (oldest - youngest)))

    def id_number(self, born, sex):
        while True:
            seq = self.rng.randrange(0, 999)
            if (seq % 2 == 1) != (sex == "male"):
                seq = (seq + 1) % 1000
            body = f"{REGION}{born:%Y%m%d}{seq:03d}"
            value = body + id_check_char(body)
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value

    def mobile(self):
        return self.rng.choice(["138", "139", "136", "158", "186", "177", "133"]) + f"{self.rng.randrange(10**8):08d}"

    def landline(self):
        return f"010-6{self.rng.randrange(10**7):07d}"

    def credit_code(self):
        body = "91110101" + "".join(self.rng.choice(CREDIT_CODE_CHARS) for _ in range(9))
        total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(body, CREDIT_CODE_WEIGHTS))
        return body + CREDIT_CODE_CHARS[(31 - total % 31) % 31]
