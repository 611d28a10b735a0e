"""Fast attendance for a training session: pick many mediators at once, then mark the exceptions.

The page works without JavaScript (every step is a plain form); the script only adds a live
filter over the roster, "select all" for the candidates, and zero hours for absentees.
"""
from decimal import Decimal, InvalidOperation

from flask import flash, redirect, request
from flask_babel import gettext, ngettext
from flask_login import current_user

from admin_views.fields import int_arg, int_ids, street_and_committee_choice
from portal.extensions import db
from portal.i18n import local_datetime
from portal.models import AttendanceStatus
from portal.services import training
from portal.services.access import Area, street_limit


def _decimal(text):
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


class AttendancePage:
    template = "admin/portal/training_attendance.html"

    def __init__(self, view, session):
        self.view = view
        self.session = session
        self.limit = street_limit(current_user, Area.MEDIATOR_NAMES)

    def url(self, **args):
        return self.view.get_url(".attendance_view", id=self.session.id, **args)

    def handle(self):
        if request.method == "POST":
            action = request.form.get("action")
            handler = {
                "add": self.add, "save": self.save, "all_present": self.all_present, "remove": self.remove,
            }.get(action)
            if handler is not None:
                return handler()
        return self.render()

    # --- actions ------------------------------------------------------------------------------------
    def add(self):
        added = training.add_attendees(self.session, int_ids(request.form.getlist("mediator")), street_limit=self.limit)
        db.session.commit()
        if added and not training.has_started(self.session):
            flash(ngettext("Added %(num)s person to the roster; mark attendance once the session has started.",
                           "Added %(num)s people to the roster; mark attendance once the session has started.",
                           added), "success")
        elif added:
            flash(ngettext("Added %(num)s person to the roster as present.",
                           "Added %(num)s people to the roster as present.", added), "success")
        else:
            flash(gettext("Nobody was added: tick the people to add first."), "warning")
        return redirect(self.url())

    def all_present(self):
        try:
            training.mark_all_present(self.session)
        except training.RosterError as error:
            db.session.rollback()
            flash(self.roster_message(error), "error")
            return redirect(self.url())
        db.session.commit()
        flash(gettext("Everyone on the roster is marked present."), "success")
        return redirect(self.url())

    def remove(self):
        removed = training.remove_attendee(self.session, int_arg("attendance", request.form))
        name = removed.mediator.name if removed is not None else None
        db.session.commit()
        if name is not None:
            flash(gettext("Removed %(name)s from the roster.", name=name), "success")
        return redirect(self.url())

    def save(self):
        changes, errors = self.parse_roster()
        if errors:
            flash(gettext("Some rows have mistakes; nothing was saved. Check the rows marked in red."), "error")
            return self.render(submitted=request.form, row_errors=errors, status=200)
        try:
            training.update_roster(self.session, changes)
        except training.RosterError as error:
            db.session.rollback()
            flash(self.roster_message(error), "error")
            return self.render(submitted=request.form if error.code != "stale" else None, status=200)
        db.session.commit()
        flash(gettext("Attendance saved."), "success")
        return redirect(self.url())

    def roster_message(self, error):
        names = "、".join(error.names)
        if error.code == "stale":
            return gettext(
                "Someone else changed these rows while you were editing: %(names)s. Nothing was saved; "
                "the roster below shows their changes. Enter yours again.", names=names,
            )
        if error.code == "not_started":
            return gettext(
                "The session has not started yet: attendance can be marked from %(start)s. Nothing was saved.",
                start=local_datetime(self.session.starts_at),
            )
        return gettext("Hours credited cannot be more than the session's hours: %(names)s.", names=names)

    def parse_roster(self):
        """(changes, {attendance id: message}) from the roster form."""
        statuses = {member.value for member in AttendanceStatus}
        changes, errors = [], {}
        for attendance_id in int_ids(request.form.getlist("row")):
            status = request.form.get(f"status-{attendance_id}", "")
            if status not in statuses:
                errors[attendance_id] = gettext("Choose present, late or absent.")
                continue
            try:
                hours = _decimal(request.form.get(f"hours-{attendance_id}"))
                score = _decimal(request.form.get(f"score-{attendance_id}"))
            except ValueError:
                errors[attendance_id] = gettext("Hours and score must be numbers.")
                continue
            if hours is not None and hours < 0:
                errors[attendance_id] = gettext("Hours cannot be negative.")
                continue
            if score is not None and not 0 <= score <= 100:
                errors[attendance_id] = gettext("A score is between 0 and 100.")
                continue
            changes.append(training.RosterChange(
                attendance_id=attendance_id, version=request.form.get(f"version-{attendance_id}", ""),
                status=status, hours=hours, score=score,
            ))
        return changes, errors

    # --- page ------------------------------------------------------------------------------------------
    def filters(self):
        """The street, committee and name the user picks by (only values they may use)."""
        return {
            **street_and_committee_choice(Area.MEDIATOR_NAMES), "term": (request.args.get("q") or "").strip()[:40],
        }

    def render(self, submitted=None, row_errors=None, status=200):
        chosen = self.filters()
        found, more = training.candidates(
            self.session, street_limit=self.limit, street_id=chosen["street_id"],
            committee_id=chosen["committee_id"], term=chosen["term"],
        )
        searched = any((chosen["street_id"], chosen["committee_id"], chosen["term"]))
        roster = training.roster(self.session, committees=True)
        counts = {member.value: 0 for member in AttendanceStatus}
        for attendance in roster:
            counts[attendance.status] += 1
        started = training.has_started(self.session)
        return self.view.render(
            self.template, session=self.session, roster=roster, counts=counts, statuses=list(AttendanceStatus),
            started=started,
            candidates=found, more=more, searched=searched, filters=chosen,
            street_names={s.id: s.name for s in chosen["streets"]},
            submitted=submitted, row_errors=row_errors or {}, max_candidates=training.MAX_CANDIDATES,
        ), status
