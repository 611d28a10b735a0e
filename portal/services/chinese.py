"""Conversion between Simplified and Traditional Chinese with OpenCC.

Mainland terms are kept (信息員 stays 信息員): the ``s2tw``/``tw2s`` configurations convert
characters with Taiwan's standard forms but do not swap vocabulary.
"""
from functools import lru_cache

import opencc


@lru_cache(maxsize=4)
def _converter(config):
    return opencc.OpenCC(config)


def to_traditional(text):
    return _converter("s2tw").convert(text) if text else text


def to_simplified(text):
    return _converter("tw2s").convert(text) if text else text
