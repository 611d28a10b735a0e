"""Demo training and facilities data: a year of sessions (one a court hearing observation),
attendance with the usual few late or absent, office funds with one office still missing its
funds, and rooms booked by sessions and by hand.

Each street trains all its mediators through the year (全员轮训), so most meet the yearly hours
and the compliance report shows the few exceptions; sessions still to come have their planned
roster only."""
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models import (
    AttendanceStatus, OfficeFunding, Role, TrainingAttendance, TrainingKind, TrainingSession,
)
from portal.services import bookings, training


def load(ctx) -> dict:
    kinds = {k.code: k for k in db.session.scalars(select(TrainingKind))}
    trainers = [u for u in ctx.users.values() if u.role == Role.TRAINER]
    today = timeutil.today()
    sessions = []
    attendance = 0
    booked = 0

    def session(title, kind, start, hours, *, office=None, room=None, place="", topic="", lecturer="", **extra):
        nonlocal booked
        item = TrainingSession(
            title=title, kind=kinds[kind], topic=topic, trainer_name=lecturer, starts_at=start,
            ends_at=start + timedelta(hours=max(float(hours), 1) + 1), hours=Decimal(hours),
            organiser_office=office, facility=room, location_text=place if room is None else "", **extra,
        )
        item.trainers = list(trainers[:1])
        db.session.add(item)
        db.session.flush()
        if room is not None:
            if _book(item) is None:
                item.facility, item.location_text = None, place or room.name
            else:
                booked += 1
        sessions.append(item)
        return item

    def attend(item, mediators, *, absent=0.05, late=0.08):
        nonlocal attendance
        if item.starts_at > timeutil.now():  # still to come: the planned roster, no hours yet
            for mediator in mediators:
                db.session.add(TrainingAttendance(session=item, mediator=mediator, status=AttendanceStatus.PLANNED,
                                                  hours_credited=Decimal("0")))
                attendance += 1
            return
        for mediator in mediators:
            roll = ctx.rng.random()
            status = AttendanceStatus.ABSENT if roll < absent else (
                AttendanceStatus.LATE if roll < absent + late else AttendanceStatus.PRESENT)
            hours = Decimal("0") if status == AttendanceStatus.ABSENT else item.hours
            score = Decimal(ctx.rng.randint(70, 98)) if item.kind.code in ("pre_service", "document_writing") else None
            db.session.add(TrainingAttendance(session=item, mediator=mediator, status=status,
                                              hours_credited=hours, score=score))
            attendance += 1

    def at(days, hour=9):
        return datetime.combine(today + timedelta(days=days), time(hour))

    active = [m for m in ctx.mediators if m.status == "active"]
    new = [m for m in active if training.is_new(m.joined_on, today, training.requirement_for(today.year))]
    court = next((p for p in ctx.partners if p.kind is not None and p.kind.code == "court"), None)

    # District-wide: pre-service training for the newcomers (all but one, who shows the flag on cases).
    pre = session("新任人民调解员岗前培训", "pre_service", at(-40), "10", place="区司法局培训中心",
                  topic="人民调解法、调解程序与文书", lecturer="区司法局基层科")
    attend(pre, new[:-1] if len(new) > 1 else new, absent=0, late=0.1)
    law = session("《民法典》婚姻家庭编专题培训", "new_law", at(-75, 14), "3", place="区司法局三楼会议室",
                  topic="婚姻家庭纠纷中的法律适用", lecturer="王律师")
    attend(law, active[: max(len(active) * 2 // 3, 1)])
    writing = session("人民调解文书制作培训", "document_writing", at(-20, 14), "2", place="区司法局三楼会议室",
                      topic="调解协议书与调解记录的规范写法", lecturer="区司法局基层科")
    attend(writing, active[::2])

    # Court hearing observation (旁聽觀摩庭審) with the court and judge.
    if court is not None:
        hearing = session("旁听观摩庭审：物业服务合同纠纷", "hearing_observation", at(-12, 9), "3",
                          place=f"{court.name}第二法庭", topic="庭审中的调解与举证", lecturer="陈法官",
                          court=court, judge_name="陈法官")
        attend(hearing, active[1::5])

    # Each of the first offices trains its own street, in its own mediation room when it has one.
    for index, office in enumerate(ctx.offices[:4]):
        room = next((f for f in ctx.facilities if f.judicial_office_id == office.id and f.kind.bookable), None)
        street_mediators = [m for m in active if m.street_id == office.street_id]
        periodic = session(f"{office.street.name}第四季度调解员业务培训", "periodic", at(-30 + index, 9), "3",
                           office=office, room=room, place=f"{office.name}会议室", lecturer=office.head_name)
        attend(periodic, street_mediators)
        study = session(f"{office.street.name}典型案例研讨", "case_study", at(7 + index, 14), "2",
                        office=office, room=room, place=f"{office.name}会议室", topic="邻里纠纷典型案例")
        attend(study, street_mediators)

    # Every street's yearly rotation: four sessions that, with the rest, give most people their hours.
    for office in ctx.offices:
        street_mediators = [m for m in active if m.street_id == office.street_id]
        for number, start in enumerate(_rotation_days(today), start=1):
            rotation = session(f"{office.street.name}人民调解员全员轮训（第{number}期）", "periodic",
                               datetime.combine(start, time(9)), ROTATION_HOURS, office=office,
                               place=f"{office.name}会议室", topic=ROTATION_TOPICS[number - 1],
                               lecturer=office.head_name)
            attend(rotation, street_mediators, absent=0.04, late=0.05)

    funds = _funds(ctx, today.year)
    hand_booked = _hand_booking(ctx, at(2, 15))
    db.session.flush()
    ctx.training_sessions.extend(sessions)
    return {
        "training sessions": len(sessions), "attendance records": attendance, "office funds": funds,
        "room bookings": booked + (hand_booked is not None),
    }


ROTATION_HOURS = "5"
ROTATION_TOPICS = ("人民调解法与调解程序", "矛盾纠纷排查化解", "调解文书与卷宗规范", "典型案例评析")


def _rotation_days(today):
    """Four days of this year spread before today (a week apart at least), earliest in mid-January."""
    first, last = date(today.year, 1, 15), today - timedelta(days=3)
    if last <= first:
        return [first + timedelta(days=7 * n) for n in range(4)]  # early in the year: planned ahead
    step = (last - first) / 3
    return [first + step * n for n in range(4)]


def _book(item):
    """Book the session's room; None when the demo's other bookings already hold it."""
    try:
        with db.session.begin_nested():
            return training.sync_room_booking(item)
    except bookings.BookingConflict:
        return None


def _funds(ctx, year):
    """Last year's and this year's funds for every office but the last (whose checklist shows the gap)."""
    added = 0
    for index, office in enumerate(ctx.offices):
        years = (year - 1, year) if index < len(ctx.offices) - 1 else (year - 1,)
        for y in years:
            amount = Decimal(ctx.rng.randrange(40, 120) * 1000)
            db.session.add(OfficeFunding(judicial_office=office, year=y, amount=amount, in_budget=True,
                                         source="区财政专项经费"))
            added += 1
    return added


def _hand_booking(ctx, start):
    room = next((f for f in ctx.facilities if f.kind.bookable), None)
    if room is None:
        return None
    try:
        with db.session.begin_nested():
            return bookings.book_room(room, start, start + timedelta(hours=2), purpose="人民调解员座谈会")
    except bookings.BookingConflict:
        return None
