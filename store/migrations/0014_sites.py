"""Many buildings on one database (issue 13 item 5): every per-building row belongs to a site.

* ``site`` gets ``code`` (what ``--site`` names; the existing site becomes ``main``),
  ``name_zh`` and ``rulebook`` (the building's own rulebook override).
* ``site_member``: a person belongs to one or more sites; every existing person joins the
  existing site.
* ``site_id`` on meeting, task (denormalised from its meeting for the board's indexes),
  ticket, signoff, report_signoff, lost_item and handover, every existing row on the existing
  site (venue has had one since 0001); on ``audit`` too, nullable: the old rows are immutable
  (0004's triggers) and stay NULL, as do company-wide rows (people, sites, settings).
* The indexes the board, ``flags``, ``ticket list`` and the reports read by lead with the
  site; the one-per-day sign-off, the report signatures and venue names are unique per site.

A fresh database gets no site here: ``init`` (or ``demo``) creates the first one.
Self-contained: plain SQL on SQLite and PostgreSQL, no model imports.
"""
from peewee import *

CALLBACK_OWED = "kind IN ('repair') AND callback_at IS NULL"   # as 0008 made it
PER_SITE = ("meeting", "task", "ticket", "signoff", "report_signoff", "lost_item", "handover")
# (name, table, columns, partial condition, unique), replacing the named indexes in REPLACED
INDEXES = (
    ("site_code", "site", "code", None, True),
    ("site_member_site_id_person_id", "site_member", "site_id, person_id", None, True),
    ("site_member_person_id", "site_member", "person_id", None, False),
    ("meeting_site_id_start_at", "meeting", "site_id, start_at", None, False),
    ("meeting_site_id_end_at", "meeting", "site_id, end_at", None, False),
    ("task_site_id_dept_state_due_at", "task", "site_id, dept, state, due_at", None, False),
    ("task_site_id_meeting_id_state", "task", "site_id, meeting_id, state", None, False),
    ("ticket_live_opened_at", "ticket", "site_id, opened_at",
     "state IN ('open', 'dispatched', 'resolved')", False),
    ("ticket_state_opened_at", "ticket", "site_id, state, opened_at", None, False),
    ("ticket_unresolvable_closed_at", "ticket", "site_id, closed_at", "unresolvable", False),
    ("ticket_site_id_opened_at", "ticket", "site_id, opened_at", None, False),
    ("ticket_site_id_closed_at", "ticket", "site_id, closed_at", None, False),
    ("ticket_callback_owed", "ticket", "site_id, resolved_at", CALLBACK_OWED, False),
    ("signoff_site_id_day", "signoff", "site_id, day", None, True),
    ("report_signoff_site_id_report_period_role", "report_signoff",
     "site_id, report, period, role", None, True),
    ("venue_site_id_name", "venue", "site_id, name", None, True),
    ("handover_site_id_written_at", "handover", "site_id, written_at", None, False),
    ("lost_item_site_id_found_at", "lost_item", "site_id, found_at", None, False),
)
REPLACED = ("ticket_opened_at", "ticket_closed_at", "ticket_callback_owed", "meeting_start_at",
            "meeting_end_at", "task_dept_state_due_at", "ticket_live_opened_at", "ticket_state_opened_at",
            "ticket_unresolvable_closed_at", "signoff_day", "report_signoff_report_period_role",
            "venue_name")
# the indexes as 0003 and earlier made them, for down()
RESTORED = (
    ("meeting_start_at", "meeting", "start_at", None, False),
    ("meeting_end_at", "meeting", "end_at", None, False),
    ("task_dept_state_due_at", "task", "dept, state, due_at", None, False),
    ("ticket_live_opened_at", "ticket", "opened_at", "state IN ('open', 'dispatched', 'resolved')", False),
    ("ticket_state_opened_at", "ticket", "state, opened_at", None, False),
    ("ticket_unresolvable_closed_at", "ticket", "closed_at", "unresolvable", False),
    ("ticket_opened_at", "ticket", "opened_at", None, False),
    ("ticket_closed_at", "ticket", "closed_at", None, False),
    ("ticket_callback_owed", "ticket", "resolved_at", CALLBACK_OWED, False),
    ("signoff_day", "signoff", "day", None, True),
    ("report_signoff_report_period_role", "report_signoff", "report, period, role", None, True),
    ("venue_name", "venue", "name", None, True),
)


def _is_sqlite(db):
    return isinstance(db, SqliteDatabase)


def _create_indexes(db, indexes):
    for name, table, columns, where, unique in indexes:
        partial = f" WHERE {where}" if where else ""
        kind = "UNIQUE INDEX" if unique else "INDEX"
        db.execute_sql(f'CREATE {kind} IF NOT EXISTS "{name}" ON "{table}" ({columns}){partial}')


def _default_site(db):
    """The existing site's id (its code becomes ``main``; any others ``site<ID>``); one made
    for a database that has people but no site; None for a fresh database."""
    rows = db.execute_sql('SELECT id FROM "site" ORDER BY id').fetchall()
    if not rows and db.execute_sql('SELECT 1 FROM "person" LIMIT 1').fetchone() is not None:
        db.execute_sql("INSERT INTO \"site\" (name, timezone, code, name_zh) "
                       "VALUES ('dutyboard', 'Asia/Shanghai', 'main', '')")
        rows = db.execute_sql('SELECT id FROM "site" ORDER BY id').fetchall()
    for number, (ident,) in enumerate(rows):
        code = "main" if number == 0 else f"site{ident}"
        db.execute_sql(f'UPDATE "site" SET code = {db.param} WHERE id = {db.param}', (code, ident))
    return rows[0][0] if rows else None


def up(migrator, db):
    sqlite = _is_sqlite(db)
    db.execute_sql('ALTER TABLE "site" ADD COLUMN code VARCHAR(16) NOT NULL DEFAULT \'\'')
    db.execute_sql('ALTER TABLE "site" ADD COLUMN name_zh VARCHAR(255) NOT NULL DEFAULT \'\'')
    db.execute_sql('ALTER TABLE "site" ADD COLUMN rulebook TEXT')
    main = _default_site(db)
    serial = "INTEGER PRIMARY KEY AUTOINCREMENT" if sqlite else "SERIAL PRIMARY KEY"
    db.execute_sql(f'CREATE TABLE IF NOT EXISTS "site_member" (id {serial}, '
                   'site_id INTEGER NOT NULL REFERENCES "site" (id), '
                   'person_id INTEGER NOT NULL REFERENCES "person" (id))')
    if main is not None:
        db.execute_sql(f'INSERT INTO "site_member" (site_id, person_id) SELECT {int(main)}, id FROM "person"')
    # SQLite adds a NOT NULL column only with a default (it stays, unused: the models always
    # name the site); PostgreSQL fills the rows from it, then drops it.
    default = int(main) if main is not None else 1
    for table in PER_SITE:
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN site_id INTEGER NOT NULL '
                       f'DEFAULT {default} REFERENCES "site" (id)')
        if not sqlite:
            db.execute_sql(f'ALTER TABLE "{table}" ALTER COLUMN site_id DROP DEFAULT')
    if "site_id" not in {c.name for c in db.get_columns("audit")}:   # down() leaves it
        db.execute_sql('ALTER TABLE "audit" ADD COLUMN site_id INTEGER REFERENCES "site" (id)')
    if db.execute_sql('SELECT COUNT(*) FROM "site"').fetchone()[0] > 1:  # meetings follow their venue
        db.execute_sql('UPDATE "meeting" SET site_id = (SELECT v.site_id FROM "venue" v '
                       'WHERE v.id = "meeting".venue_id)')
        db.execute_sql('UPDATE "task" SET site_id = (SELECT m.site_id FROM "meeting" m '
                       'WHERE m.id = "task".meeting_id)')
    for name in REPLACED:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
    _create_indexes(db, INDEXES)
    if main is not None:   # the planner's statistics for the new indexes (a fresh database has none)
        db.execute_sql("ANALYZE")


def down(migrator, db):
    """Back to one building: the site columns and indexes go (``audit.site_id`` stays, NULL
    or not: the audit table takes no change, 0004)."""
    for name, *_ in INDEXES:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
    _create_indexes(db, RESTORED)
    migrator.migrate(*(migrator.drop_column(table, "site_id") for table in PER_SITE))
    migrator.migrate(*(migrator.drop_column("site", name) for name in ("code", "name_zh", "rulebook")))
    db.execute_sql('DROP TABLE IF EXISTS "site_member"')
