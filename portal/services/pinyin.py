"""Pinyin of Chinese names, for search by pinyin or initials (``zs`` finds 張三)."""
from pypinyin import Style, lazy_pinyin


def full_pinyin(name):
    return "".join(lazy_pinyin(name or "", errors="ignore")).lower()


def initials(name):
    return "".join(lazy_pinyin(name or "", style=Style.FIRST_LETTER, errors="ignore")).lower()
