"""Admin pages that are not one model's list (reports, week views), under the same access rules.

A page belongs to an ``area`` of portal.services.access; each of its endpoints needs an action
(``endpoint_actions``; the page itself needs LIST), checked on the server like model screens.
"""
from flask import Response
from flask_admin import BaseView

from admin_views.access import AreaAccessMixin
from admin_views.fields import int_arg
from portal import timeutil
from portal.services.access import Action


class PageInfo:
    """What admin_views.init_app needs of a "model" for a page: its label."""

    def __init__(self, label):
        self.__label__ = label


class AreaPage(AreaAccessMixin, BaseView):
    """A page of an ``area``; its endpoints need the actions in ``endpoint_actions`` (else LIST)."""

    def __init__(self, info=None, **kwargs):
        super().__init__(**kwargs)

    def is_accessible(self):
        return self.permits(Action.LIST)

    def year_choice(self):
        """The ``year`` asked for (2000 to next year; this year by default) and the years to offer."""
        this_year = timeutil.today().year
        year = int_arg("year") or this_year
        if not 2000 <= year <= this_year + 1:
            year = this_year
        return year, list(range(this_year + 1, this_year - 6, -1))

    @staticmethod
    def xlsx_response(data, slug):
        filename = f"{slug}-{timeutil.now():%Y%m%d-%H%M}.xlsx"
        return Response(
            data,
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f"attachment; filename={filename}"},
        )
