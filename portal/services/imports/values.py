"""How the cells of a column are read, compared and shown.

Each type turns a cell into the value the record stores (raising a coded Problem when it cannot)
with the same checks the forms apply (portal.services.identity for ID numbers and phones), and
shows values as text for the preview.
"""
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import force_locale, gettext

from portal.services import identity
from portal.services.chinese import to_simplified
from portal.services.imports.messages import Problem

LOCALES = ("zh_Hans_CN", "zh_Hant_TW", "en")
LIST_SEPARATORS = re.compile(r"[、,，;；/／\n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def norm(text):
    """A name as matched: full-width folded, no spaces, case-insensitive, in Simplified characters."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = _SPACES.sub("", text).casefold()
    return to_simplified(text) if text and not text.isascii() else text


def in_all_locales(lazy):
    """The texts of a lazy translated string in the three locales."""
    texts = set()
    for locale in LOCALES:
        with force_locale(locale):
            texts.add(str(lazy))
    return texts


def cell_text(raw):
    """What a cell holds, as text for the preview."""
    if raw is None:
        return ""
    if isinstance(raw, datetime):
        return raw.strftime("%Y-%m-%d %H:%M") if (raw.hour, raw.minute) != (0, 0) else raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, bool):
        return gettext("Yes") if raw else gettext("No")
    if isinstance(raw, float):
        return format(Decimal(repr(raw)), "f")
    return str(raw)


class Masked:
    """A masked value as an export shows it (``110***********1234``): it stands for the stored one."""

    def __init__(self, text):
        self.text = text

    def __str__(self):
        return self.text

    def matches(self, stored, masker):
        return bool(stored) and masker(stored) == self.text


class Value:
    """A column's type. ``parse`` gets the cell (never a Formula), the run and the row's values so
    far; it returns the value to store or raises Problem."""

    text_format = False   # the template formats the column as text (ID numbers, phones, codes)
    example = None

    def parse(self, raw, run, values):
        return raw

    def display(self, value):
        if value is None:
            return ""
        if isinstance(value, (list, tuple)):
            return "、".join(self.display(v) for v in value)
        return cell_text(value)

    def same(self, old, new):
        return old == new

    def allowed(self, run):
        """Values to list on the template's second sheet and offer in a drop-down, or None."""
        return None


class Text(Value):
    def __init__(self, max_length, *, multiline=False):
        self.max_length = max_length
        self.multiline = multiline

    def parse(self, raw, run, values):
        text = cell_text(raw)
        if not self.multiline:
            text = text.replace("\r", " ").replace("\n", " ")
        if _CONTROL.search(text):
            raise Problem("control")
        if len(text) > self.max_length:
            raise Problem("too_long", max=self.max_length)
        return text

    def same(self, old, new):
        return (old or "") == (new or "")


class Code(Text):
    text_format = True

    def parse(self, raw, run, values):
        return unicodedata.normalize("NFKC", super().parse(raw, run, values)).replace(" ", "")


class DateValue(Value):
    _PATTERNS = (
        re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
        re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号號]?$"),
        re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    )
    _MONTHS = {m: i for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}

    def __init__(self, *, not_future=False):
        self.not_future = not_future

    def parse(self, raw, run, values):
        day = self.read(raw)
        if day.year < 1900 or day.year > run.today.year + 50:
            raise Problem("date_range", value=day.isoformat())
        if self.not_future and day > run.today:
            raise Problem("future")
        return day

    def read(self, raw):
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        text = unicodedata.normalize("NFKC", str(raw)).strip()
        for pattern in self._PATTERNS:
            match = pattern.match(text)
            if match:
                return self._date(*match.groups()[:3])
        match = re.match(r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$", text) or re.match(
            r"^(\d{1,2}) ([A-Za-z]{3})[a-z]*\.? (\d{4})$", text)
        if match:
            first, second, year = match.groups()
            month_name, day = (first, second) if first.isalpha() else (second, first)
            month = self._MONTHS.get(month_name.lower())
            if month:
                return self._date(year, month, day)
        raise Problem("date")

    @staticmethod
    def _date(year, month, day):
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise Problem("date") from None

    def display(self, value):
        return value.isoformat() if value else ""


class Number(Value):
    def __init__(self, places, *, minimum=Decimal(0), maximum=None):
        self.places = places
        self.minimum = minimum
        self.maximum = maximum

    def parse(self, raw, run, values):
        if isinstance(raw, bool):
            raise Problem("number")
        if isinstance(raw, (int, Decimal)):
            number = Decimal(raw)
        elif isinstance(raw, float):
            number = Decimal(repr(raw))
        else:
            text = unicodedata.normalize("NFKC", str(raw)).replace(",", "").replace(" ", "")
            text = re.sub(r"(元|yuan|小时|小時|h|hours?)$", "", text, flags=re.I)
            try:
                number = Decimal(text)
            except InvalidOperation:
                raise Problem("number") from None
        if not number.is_finite():
            raise Problem("number")
        if (self.minimum is not None and number < self.minimum) or (self.maximum is not None and number > self.maximum):
            raise Problem("number_range", min=self.minimum, max=self.maximum)
        if number != number.quantize(Decimal(1).scaleb(-self.places)):
            raise Problem("decimals", places=self.places)
        return number.quantize(Decimal(1).scaleb(-self.places))

    def display(self, value):
        return "" if value is None else format(value, "f")


class YesNo(Value):
    TRUE = {"是", "yes", "y", "true", "1", "√", "✓", "✔", "有"}
    FALSE = {"否", "no", "n", "false", "0", "×", "✗", "无", "無", "不是"}

    def parse(self, raw, run, values):
        if isinstance(raw, bool):
            return raw
        text = norm(cell_text(raw))
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise Problem("yes_no")

    def display(self, value):
        return "" if value is None else (gettext("Yes") if value else gettext("No"))

    def allowed(self, run):
        return [gettext("Yes"), gettext("No")]


class Choice(Value):
    """One member of a LabelledEnum, by its label in any of the three languages (or its code)."""

    def __init__(self, enum_cls, members=None, aliases=None):
        self.enum_cls = enum_cls
        self.members = members  # the members offered in the template (all are read)
        self.aliases = aliases or {}  # words ledgers use: {"成功": CaseStatus.SETTLED}
        self._index = None

    def options(self):
        return [m for m in self.enum_cls if self.members is None or m in self.members]

    def index(self):
        if self._index is None:
            index = {}
            for member in self.enum_cls:
                index[norm(member.value)] = member.value
                for text in in_all_locales(self.enum_cls.labels()[member]):
                    index[norm(text)] = member.value
            for text, member in self.aliases.items():
                index.setdefault(norm(text), member.value)
            self._index = index
        return self._index

    def parse(self, raw, run, values):
        found = self.index().get(norm(cell_text(raw)))
        if found is None:
            raise Problem("choice", value=cell_text(raw), sheet=run.allowed_sheet_name)
        return found

    def display(self, value):
        return str(self.enum_cls.label_of(value)) if value else ""

    def allowed(self, run):
        return [str(self.enum_cls.labels()[m]) for m in self.options()]


class Lookup(Value):
    """An entry of an editable reference list (dispute types…), by name in any language or code."""

    def __init__(self, model):
        self.model = model

    def parse(self, raw, run, values):
        found = run.lookup_index(self.model).get(norm(cell_text(raw)))
        if found is None:
            raise Problem("choice", value=cell_text(raw), sheet=run.allowed_sheet_name)
        return found

    def display(self, value):
        return value.label if value is not None else ""

    def same(self, old, new):
        return getattr(old, "id", None) == getattr(new, "id", None)

    def allowed(self, run):
        return [entry.label for entry in run.lookup_entries(self.model)]


class IdNumber(Value):
    """A resident ID number (or, with ``organisations``, a unified social credit code too)."""

    text_format = True
    masker = staticmethod(identity.mask_id_number)

    def __init__(self, *, organisations=False, masked=False):
        self.organisations = organisations
        self.masked = masked

    def parse(self, raw, run, values):
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            if isinstance(raw, float) or raw >= 10**15:
                raise Problem("id_as_number")
        text = identity.normalise_id_number(unicodedata.normalize("NFKC", cell_text(raw)).replace(" ", ""))
        if "*" in text:
            if self.masked:
                return Masked(text)
            raise Problem("masked_new")
        if self.organisations and identity.is_valid_credit_code(text):
            return text
        problem = identity.id_number_problem(text, today=run.today)
        if problem:
            raise Problem("credit_code" if self.organisations and problem == "format" else f"id_{problem}")
        return text

    def same(self, old, new):
        return (old or None) == (new or None)


class Phone(Value):
    """``kind``: "mobile", "landline", "personal" (either) or "any" (service numbers too)."""

    text_format = True
    masker = staticmethod(identity.mask_phone)
    CHECKS = {
        "mobile": (identity.is_valid_mobile, "mobile"),
        "landline": (identity.is_valid_landline, "landline"),
        "personal": (lambda v: identity.is_valid_mobile(v) or identity.is_valid_landline(v), "phone"),
        "any": (identity.is_valid_phone, "phone"),
    }

    def __init__(self, kind="any", *, masked=False, max_length=40):
        self.kind = kind
        self.masked = masked
        self.max_length = max_length

    def parse(self, raw, run, values):
        text = identity.normalise_phone(unicodedata.normalize("NFKC", cell_text(raw)))
        if "*" in text:
            if self.masked:
                return Masked(text)
            raise Problem("masked_new")
        check, code = self.CHECKS[self.kind]
        if not check(text) or len(text) > self.max_length:
            raise Problem(code)
        return text

    def same(self, old, new):
        return (old or "") == (new or "")


class Ref(Value):
    """Another record, by code or name, among those the user may use (see RecordIndex)."""

    def __init__(self, index_name, *, street_from=None):
        self.index_name = index_name
        self.street_from = street_from  # a column whose street narrows the search

    def parse(self, raw, run, values):
        street_id = None
        if self.street_from:
            within = values.get(self.street_from)
            street_id = getattr(within, "street_id", None) if not hasattr(within, "district_id") else within.id
        return run.index(self.index_name).find(cell_text(raw), street_id=street_id)

    def display(self, value):
        return "" if value is None else str(value)

    def same(self, old, new):
        return getattr(old, "id", None) == getattr(new, "id", None)

    def allowed(self, run):
        index = run.index(self.index_name)
        return index.offered() if index.small else None


class RefList(Ref):
    """Several records in one cell, separated by 、 , ; or new lines."""

    def parse(self, raw, run, values):
        found = []
        for part in LIST_SEPARATORS.split(cell_text(raw)):
            part = part.strip()
            if part:
                record = super().parse(part, run, values)
                if record not in found:
                    found.append(record)
        return found

    def display(self, value):
        return "、".join(str(v) for v in value or [])

    def same(self, old, new):
        return {getattr(v, "id", None) for v in old or []} == {getattr(v, "id", None) for v in new or []}

    def allowed(self, run):
        return None


class TextList(Value):
    """Several texts in one cell (party names), each checked by ``item``."""

    def __init__(self, item):
        self.item = item
        self.text_format = item.text_format

    def parse(self, raw, run, values):
        if not isinstance(raw, str):  # one number or date: the item's own checks see it as it is
            return [self.item.parse(raw, run, values)]
        return [self.item.parse(part.strip(), run, values)
                for part in LIST_SEPARATORS.split(raw) if part.strip()]

    def display(self, value):
        return "、".join(self.item.display(v) for v in value or [])
