"""Which passwords are refused, and checking one without telling whether the account exists.

A new password (set in the CLI, by the district office on the user screen, or by the user on
their account page) must have at least ``MIN_LENGTH`` characters and must not be guessable:
zxcvbn estimates how many guesses it takes, knowing the common passwords, words, names, dates,
keyboard walks and repeats, and the account's own name; anything below a score of 3 ("safely
unguessable") is refused.
"""
from functools import cache

from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

MIN_LENGTH = 8
MAX_LENGTH = 200
MIN_SCORE = 3
# Words anyone would try first against this portal's accounts, and what zxcvbn's (English) lists
# lack for Chinese users: the most common family names in pinyin and the favourite words and
# numbers of Chinese passwords.
SITE_WORDS = ("portal", "admin", "mediation", "dispute", "justice", "tiaojie", "sifa", "sifasuo", "jiufen",
              "dongcheng", "xicheng", "heping", "donghua")
CHINESE_WORDS = (
    "woaini", "aini", "5201314", "1314520", "1314", "520", "nihao", "zhongguo", "beijing", "shanghai",
    "zhangsan", "lisi", "wangwu", "zhaoliu", "qq", "woshishui", "xiaoming",
    "wang", "li", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun", "hu", "zhu",
    "gao", "lin", "he", "guo", "ma", "luo", "liang", "song", "zheng", "xie", "han", "tang", "feng", "yu",
    "dong", "xiao", "cheng", "cao", "yuan", "deng", "fu", "shen", "zeng", "peng", "lu", "su", "jiang",
    "cai", "jia", "ding", "wei", "xue", "ye", "yan", "pan", "du", "dai", "xia", "zhong", "tian", "ren",
    "fan", "fang", "shi", "yao", "tan", "liao", "zou", "xiong", "jin", "hao", "kong", "bai", "cui",
    "kang", "mao", "qiu", "qin", "gu", "hou", "shao", "meng", "long", "wan", "duan", "lei", "qian",
)

TOO_SHORT = _l("A password needs at least %(n)d characters.")
TOO_LONG = _l("A password can have at most %(n)d characters.")
GUESSABLE = _l(
    "This password is too easy to guess: common passwords, names, dates, keyboard patterns and "
    "repeated characters are tried first. Use a longer phrase of several unrelated words."
)
ACCOUNT_NAME = _l("A password must not contain the username.")


def password_problem(password, *, username="", display_name=""):
    """Why ``password`` is refused for this account (translated text), or None."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        return str(TOO_SHORT) % {"n": MIN_LENGTH}
    if len(password) > MAX_LENGTH:
        return str(TOO_LONG) % {"n": MAX_LENGTH}
    if username and len(username) >= 3 and username.lower() in password.lower():
        return str(ACCOUNT_NAME)
    inputs = [value for value in (username, display_name, *SITE_WORDS, *CHINESE_WORDS) if value]
    # zxcvbn's work grows with the length; the first 100 characters say all there is to say.
    if zxcvbn(password[:100], user_inputs=inputs)["score"] < MIN_SCORE:
        return str(GUESSABLE)
    return None


@cache
def _dummy_hash():
    """A hash made like every account's, to check against when there is no account (made on first use)."""
    return generate_password_hash("no-such-account-here")


def verify(user, password):
    """Whether ``password`` is ``user``'s, doing the same hash work when ``user`` is None or
    disabled, so the time of the answer tells nothing about which usernames exist."""
    matches = check_password_hash(user.password_hash if user is not None else _dummy_hash(), password or "")
    return user is not None and matches
