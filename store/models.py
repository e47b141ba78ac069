"""Peewee models. Times are naive UTC in the database (see ``store.timeutil``).

The schema itself is created and upgraded by the numbered scripts in
``store/migrations`` (playhouse.migrations), never by ``create_tables`` here.
"""

from __future__ import annotations

from typing import Any, Self

import peewee as pw

from . import scope
from .db import database_proxy


class BaseModel(pw.Model):
    # Peewee adds these at run time; declared here so the type checker knows them too.
    # ``Model.id`` is the column (for queries), ``row.id`` the value. A foreign key ``x``
    # likewise has ``x_id``: the raw id, without loading the row it points to.
    id: pw.AutoField[int]

    class Meta:
        database = database_proxy
        legacy_table_names = False


class Site(BaseModel):
    """A building (0014): ``code`` names it on the command line (``--site``), ``rulebook`` is
    its own rulebook override, read over the company's stored one (``rulebook set``)."""
    name = pw.CharField()
    timezone = pw.CharField(default="Asia/Shanghai")
    code = pw.CharField(unique=True, max_length=16)
    name_zh = pw.CharField(default="")
    rulebook = pw.TextField(null=True)


class PerSite(BaseModel):
    """A row that belongs to one building. Every ``select()`` (and so ``get``,
    ``get_or_none``, subqueries) is filtered to the chosen site, and an insert that names no
    site gets it (``store.scope``); ``scope.every_site()`` lifts the filter for a read that
    spans the company."""
    site = pw.ForeignKeyField(Site, backref="+", default=scope.site_for_insert)
    site_id: pw.ForeignKeyField[int]

    @classmethod
    def select(cls, *fields: Any) -> pw.ModelSelect[Self]:
        query = super().select(*fields)
        site = scope.filter_site()
        return query if site is None else query.where(cls.site == site)


class Setting(BaseModel):
    """Site-wide settings, e.g. the stored rulebook override (``rulebook set``)."""
    key = pw.CharField(unique=True)
    value = pw.TextField()


class Department(BaseModel):
    code = pw.CharField(unique=True, max_length=8)
    name = pw.CharField()
    name_zh = pw.CharField()


class Person(BaseModel):
    login = pw.CharField(unique=True)
    name = pw.CharField()
    role = pw.CharField(max_length=16)
    depts = pw.CharField(default="")          # comma-separated department codes
    cleared = pw.BooleanField(default=False)  # may see confidential meetings
    phone = pw.CharField(default="")
    active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField()

    @property
    def dept_set(self) -> frozenset[str]:
        return frozenset(d for d in self.depts.split(",") if d)


class SiteMember(BaseModel):
    """A person belongs to one or more buildings (0014); the manager sees every one."""
    site = pw.ForeignKeyField(Site, backref="+")
    site_id: pw.ForeignKeyField[int]
    person = pw.ForeignKeyField(Person, backref="+")
    person_id: pw.ForeignKeyField[int]

    class Meta:
        indexes = ((("site", "person"), True),)


class Venue(PerSite):
    name = pw.CharField()
    venue_class = pw.CharField(max_length=1)
    kind = pw.CharField(max_length=32)
    capacity = pw.IntegerField()
    building = pw.CharField(default="")
    active = pw.BooleanField(default=True)

    class Meta:
        indexes = ((("site", "name"), True),)   # unique within a building (0014)


class Meeting(PerSite):
    venue = pw.ForeignKeyField(Venue, backref="meetings")
    venue_id: pw.ForeignKeyField[int]
    title = pw.CharField()
    organizer = pw.CharField()
    contact = pw.CharField()
    phone = pw.CharField()
    attendees = pw.IntegerField()
    layout = pw.CharField(default="")
    services = pw.CharField(default="")       # comma-separated service codes
    approval_ref = pw.CharField(null=True)
    confidential = pw.BooleanField(default=False)
    start_at = pw.DateTimeField()   # indexed with the site (0014)
    end_at = pw.DateTimeField()
    status = pw.CharField(default="booked", max_length=16)  # booked | cancelled
    booked_at = pw.DateTimeField()
    booked_by = pw.ForeignKeyField(Person, backref="bookings")
    booked_by_id: pw.ForeignKeyField[int]
    notes = pw.TextField(default="")
    version = pw.IntegerField(default=1)
    size = pw.CharField(default="", max_length=16)  # small|medium|large|important ('' = by attendees)
    # the fee confirmation (《会议费用确认单》, 0013): signed by the organizer after the meeting
    fee_consumables = pw.TextField(default="")
    fee_signed_by = pw.CharField(default="")
    fee_at = pw.DateTimeField(null=True)
    fee_by = pw.ForeignKeyField(Person, null=True, backref="+")
    fee_by_id: pw.ForeignKeyField[int | None]
    purchases = pw.CharField(default="")      # 0012: bought on the organizer's behalf (PURCHASES)

    class Meta:
        indexes = ((("site", "start_at"), False), (("site", "end_at"), False))

    @property
    def service_set(self) -> frozenset[str]:
        return frozenset(s for s in self.services.split(",") if s)

    @property
    def purchase_set(self) -> frozenset[str]:
        return frozenset(s for s in self.purchases.split(",") if s)


class Task(PerSite):
    meeting = pw.ForeignKeyField(Meeting, backref="tasks", on_delete="CASCADE")
    meeting_id: pw.ForeignKeyField[int]
    dept = pw.CharField(max_length=8)
    code = pw.CharField(max_length=48)
    title = pw.CharField()
    title_zh = pw.CharField()
    due_at = pw.DateTimeField()
    earliest_at = pw.DateTimeField()
    verify = pw.BooleanField(default=False)
    state = pw.CharField(default="pending", max_length=16)
    done_by = pw.ForeignKeyField(Person, null=True, backref="+")
    done_by_id: pw.ForeignKeyField[int | None]
    done_at = pw.DateTimeField(null=True)
    verified_by = pw.ForeignKeyField(Person, null=True, backref="+")
    verified_by_id: pw.ForeignKeyField[int | None]
    verified_at = pw.DateTimeField(null=True)
    version = pw.IntegerField(default=1)
    short_notice = pw.BooleanField(default=False)  # booked after its time: due as soon as possible
    # its meeting's end, kept with the meeting (store/meetings.py), for the board's items
    # awaiting verification by time (0015); nullable only so the column was added in place
    meeting_end_at = pw.DateTimeField(null=True)

    class Meta:
        # the board's next items per department lead with the site (0014)
        indexes = ((("meeting", "code"), True), (("due_at",), False),
                   (("site", "dept", "state", "due_at"), False),
                   (("meeting", "state"), False), (("site", "meeting", "state", "due_at"), False))


class Ticket(PerSite):
    kind = pw.CharField(max_length=16)            # repair | complaint
    channel = pw.CharField(max_length=16)         # phone | visit | letter | other
    location = pw.CharField()
    contact = pw.CharField()
    phone = pw.CharField(default="")
    content = pw.TextField()
    priority = pw.CharField(default="normal", max_length=16)
    nature = pw.CharField(null=True, max_length=16)
    category = pw.CharField(null=True, max_length=16)
    major = pw.BooleanField(default=False)
    state = pw.CharField(default="open", max_length=16, index=True)
    opened_at = pw.DateTimeField()            # indexed with the site (0014)
    opened_by = pw.ForeignKeyField(Person, backref="+")
    opened_by_id: pw.ForeignKeyField[int]
    dept = pw.CharField(null=True, max_length=8)
    assignee = pw.ForeignKeyField(Person, null=True, backref="+")
    assignee_id: pw.ForeignKeyField[int | None]
    clock_at = pw.DateTimeField()                 # registration, dispatch or reopen
    dispatched_at = pw.DateTimeField(null=True)
    follow_up_1_at = pw.DateTimeField(null=True)
    follow_up_2_at = pw.DateTimeField(null=True)
    escalated_at = pw.DateTimeField(null=True)
    resolved_at = pw.DateTimeField(null=True)
    result = pw.TextField(default="")
    signed = pw.BooleanField(default=False)
    approved_by = pw.ForeignKeyField(Person, null=True, backref="+")
    approved_by_id: pw.ForeignKeyField[int | None]
    notified = pw.CharField(default="")           # roles told of an emergency
    related_to = pw.ForeignKeyField("self", null=True, backref="related")
    related_to_id: pw.ForeignKeyField[int | None]
    related_pending = pw.TextField(default="")    # an unregistered related problem
    closed_at = pw.DateTimeField(null=True)   # indexed with the site (0014)
    closed_by = pw.ForeignKeyField(Person, null=True, backref="+")
    closed_by_id: pw.ForeignKeyField[int | None]
    unresolvable = pw.BooleanField(default=False)
    close_reason = pw.TextField(default="")
    version = pw.IntegerField(default=1)
    # 0006: the clock until resolved, stalled cases, the callback, the charge
    follow_up_count = pw.IntegerField(default=0)
    last_follow_up_at = pw.DateTimeField(null=True)
    stalled_at = pw.DateTimeField(null=True)
    stall_reason = pw.TextField(default="")
    callback_at = pw.DateTimeField(null=True)
    callback_satisfied = pw.BooleanField(null=True)
    callback_manner = pw.BooleanField(null=True)
    callback_note = pw.TextField(default="")
    charge = pw.DecimalField(max_digits=12, decimal_places=2, null=True)

    class Meta:
        indexes = ((("site", "opened_at"), False), (("site", "closed_at"), False))


class TicketEvent(BaseModel):
    ticket = pw.ForeignKeyField(Ticket, backref="events", on_delete="CASCADE")
    ticket_id: pw.ForeignKeyField[int]
    kind = pw.CharField(max_length=24)  # open, dispatch, follow-up, resolve, close, ...
    at = pw.DateTimeField()
    actor = pw.ForeignKeyField(Person, backref="+")
    actor_id: pw.ForeignKeyField[int]
    note = pw.TextField(default="")
    dept = pw.CharField(null=True, max_length=8)
    to_person = pw.ForeignKeyField(Person, null=True, backref="+")
    to_person_id: pw.ForeignKeyField[int | None]


class Signoff(PerSite):
    day = pw.DateField()
    by = pw.ForeignKeyField(Person, backref="+")
    by_id: pw.ForeignKeyField[int]
    at = pw.DateTimeField()
    note = pw.TextField(default="")

    class Meta:
        indexes = ((("site", "day"), True),)   # one sign-off a day per building (0014)


class Audit(BaseModel):
    """Append-only: who, when, what, from what. Never updated or deleted (triggers refuse it,
    migration 0004). ``at`` is the real wall-clock time of the write, ``clock_at`` the instant
    the rules were applied at (``--now``); ``actor`` is the dutyboard user acted as,
    ``os_login`` the real login that ran the command; ``prev_hash``/``hash`` chain every row
    to the one before it (``store.audit.verify``)."""
    at = pw.DateTimeField()
    actor = pw.CharField()
    os_login = pw.CharField(default="")
    clock_at = pw.DateTimeField(null=True)
    prev_hash = pw.CharField(max_length=64, default="")
    hash = pw.CharField(max_length=64, default="")
    action = pw.CharField(max_length=32)
    entity = pw.CharField(max_length=16)
    entity_id = pw.IntegerField(null=True)
    before = pw.TextField(default="")
    after = pw.TextField(default="")
    note = pw.TextField(default="")
    # the building the write was made at (0014); None before 0014 and for company-wide rows
    # (people, sites, settings). In the hash when set (rows written before 0014 keep theirs).
    site = pw.ForeignKeyField(Site, null=True, backref="+")
    site_id: pw.ForeignKeyField[int | None]

    class Meta:
        indexes = ((("entity", "entity_id"), False),)


class ReportSignoff(PerSite):
    """A signature on an oversight report (0007): the department head's sign-off ("head",
    with the corrective note a quarter over the target needs), then the project manager's
    comment ("manager")."""
    report = pw.CharField(max_length=16)   # "quarterly"
    period = pw.CharField(max_length=16)   # "2026-Q4"
    role = pw.CharField(max_length=16)     # "head" | "manager"
    by = pw.ForeignKeyField(Person, backref="+")
    at = pw.DateTimeField()
    comment = pw.TextField(default="")
    corrective = pw.TextField(default="")

    class Meta:
        indexes = ((("site", "report", "period", "role"), True),)


class LostItem(PerSite):
    """The lost items register (《拾遗物品登记表》, 0013): found when and where, by whom, and
    handed to whom."""
    meeting = pw.ForeignKeyField(Meeting, null=True, backref="lost_items")
    meeting_id: pw.ForeignKeyField[int | None]
    item = pw.TextField()
    place = pw.TextField(default="")
    found_at = pw.DateTimeField(index=True)
    found_by = pw.ForeignKeyField(Person, backref="+")
    found_by_id: pw.ForeignKeyField[int]
    returned_to = pw.TextField(default="")
    returned_at = pw.DateTimeField(null=True)
    returned_by = pw.ForeignKeyField(Person, null=True, backref="+")
    returned_by_id: pw.ForeignKeyField[int | None]


class Handover(PerSite):
    """A note for the next shift (0010): shown to the next person who opens the board until
    someone other than its writer acknowledges it."""
    text = pw.TextField()
    written_by = pw.ForeignKeyField(Person, backref="+")
    written_by_id: pw.ForeignKeyField[int]
    written_at = pw.DateTimeField(index=True)
    acked_by = pw.ForeignKeyField(Person, null=True, backref="+")
    acked_by_id: pw.ForeignKeyField[int | None]
    acked_at = pw.DateTimeField(null=True)


ALL_MODELS = [Site, Setting, Department, Person, SiteMember, Venue, Meeting, Task, Ticket, TicketEvent,
              Signoff, Audit, ReportSignoff, LostItem, Handover]

