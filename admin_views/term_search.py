"""The list search of screens whose records keep search terms (portal.services.search): one
indexed match instead of ILIKE '%…%' over several columns, so a search of one or two Chinese
characters, a party's name or an exact ID number is served by an index on PostgreSQL."""
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.extensions import db
from portal.services import search
from portal.services.access import sees_personal_data


class TermSearchMixin:
    search_hint = None  # what the search box finds, shown in it
    search_personal_data = True  # False: never by personal data, whoever searches

    def search_placeholder(self):
        return str(self.search_hint) if self.search_hint is not None else super().search_placeholder()

    def searches_personal_data(self):
        return self.search_personal_data and sees_personal_data(current_user)

    def _apply_search(self, query, count_query, joins, count_joins, search_text):
        clause = search.match_clause(
            self.model.search_terms, search_text, self.searches_personal_data(), db.engine.dialect.name,
        )
        if clause is None:
            return query, count_query, joins, count_joins
        return query.filter(clause), (count_query.filter(clause) if count_query is not None else None), joins, count_joins


CASE_HINT = _l("Number, title, party's name or pinyin, ID number or phone")
MEDIATOR_HINT = _l("Name, pinyin or initials, employer, ID number or mobile")
NAME_HINT = _l("Name, pinyin or initials, employer")
