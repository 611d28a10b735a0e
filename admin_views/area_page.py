"""Admin pages that are not one model's list (reports, week views), under the same access rules.

A page belongs to an ``area`` of portal.services.access; each of its endpoints needs an action
(``endpoint_actions``; the page itself needs LIST), checked on the server like model screens.
"""
from flask import Response, abort, redirect, request, url_for
from flask_admin import BaseView
from flask_login import current_user

from portal import timeutil
from portal.services.access import Action, can, street_limit


class PageInfo:
    """What admin_views.init_app needs of a "model" for a page: its label."""

    def __init__(self, label):
        self.__label__ = label


class AreaPage(BaseView):
    area = None
    endpoint_actions = {}  # endpoint name -> Action; unnamed endpoints need LIST

    def __init__(self, info=None, **kwargs):
        super().__init__(**kwargs)

    def permits(self, action):
        return current_user.is_authenticated and can(current_user, self.area, action)

    def is_accessible(self):
        return self.permits(Action.LIST)

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)

    def _handle_view(self, name, **kwargs):
        denied = super()._handle_view(name, **kwargs)
        if denied is not None:
            return denied
        if not self.permits(self.endpoint_actions.get(name, Action.LIST)):
            abort(403)
        return None

    def street_limit(self):
        return street_limit(current_user, self.area)

    @staticmethod
    def int_arg(name):
        try:
            return int(request.args.get(name, ""))
        except ValueError:
            return None

    @staticmethod
    def xlsx_response(data, slug):
        filename = f"{slug}-{timeutil.now():%Y%m%d-%H%M}.xlsx"
        return Response(
            data,
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f"attachment; filename={filename}"},
        )
