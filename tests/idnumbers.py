"""Valid-looking test identities (check digits computed independently of the portal's code)."""


def id_number(birth="19800101", seq=123, region="110101"):
    body = f"{region}{birth}{seq:03d}"
    weights = [2 ** (17 - i) % 11 for i in range(17)]  # the GB 11643 weights, derived
    check = (12 - sum(int(d) * w for d, w in zip(body, weights)) % 11) % 11
    return body + ("X" if check == 10 else str(check))


def female_id(birth="19850505", seq=124):
    return id_number(birth, seq if seq % 2 == 0 else seq + 1)


def male_id(birth="19800101", seq=123):
    return id_number(birth, seq if seq % 2 else seq + 1)
