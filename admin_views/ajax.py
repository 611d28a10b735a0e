"""AJAX lookups for foreign keys, limited to what the user may see."""
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import or_

from portal.extensions import db
from portal.services.access import street_limit
from portal.services.inputs import parse_id, parse_int

MAX_RESULTS = 30


class ScopedLoader(QueryAjaxModelLoader):
    """Search ``fields`` of ``model``; staff only ever get records of their own street.

    ``get_one`` (used when a submitted form is read) goes through the same scoped query, so
    posting the id of another street's record yields nothing rather than a link to it.
    """

    def __init__(self, name, model, area, *, fields, extra_filters=(), **options):
        options.setdefault("page_size", 20)
        # Flask-Admin prints the placeholder as is: None would show the word "None".
        options.setdefault("placeholder", _l("Type to search"))
        super().__init__(name, db, model, fields=fields, **options)
        self.area = area
        self.extra_filters = tuple(extra_filters)

    def get_query(self):
        query = super().get_query()
        for condition in self.extra_filters:
            query = query.filter(condition() if callable(condition) else condition)
        limit = street_limit(current_user, self.area) if current_user.is_authenticated else -1
        if limit is not None and hasattr(self.model, "street_scope"):
            query = query.filter(self.model.street_scope(limit))
        return query

    def get_one(self, pk):
        pk = parse_id(pk)
        if pk is None:
            return None
        with db.session.no_autoflush:
            return self.get_query().filter(self.model.id == pk).one_or_none()

    def get_list(self, term, offset=0, limit=10):
        limit = max(1, min(parse_int(limit) or 10, MAX_RESULTS))
        offset = parse_int(offset, low=0, high=100_000) or 0
        query = self.get_query()
        term = (term or "").strip()
        if term:
            query = query.filter(or_(*[field.ilike(f"%{term}%") for field in self._cached_fields]))
        order = self.order_by if self.order_by is not None else self.model.id
        return query.order_by(order).offset(offset).limit(limit).all()
