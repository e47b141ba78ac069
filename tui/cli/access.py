"""Who may run a command at all, before any handler runs: the OS login is the person.

- ``--as`` is for the site's administrator only (``store.identity.is_administrator``);
- ``--readonly`` refuses every write;
- ``--now`` on a write is for the administrator, or on a training database;
  (both also set ``Context.write_refusal``, so the board's writes are refused in the store)
- every read needs a dutyboard user (but ``rulebook check``, which reads no data, and the
  board of a guest where the site config allows guests: read-only).
Each refusal is :class:`NotPermitted` (exit 4) and happens before anything is written.
"""

from __future__ import annotations

from typing import Any

from dutyboard.store.context import Context
from dutyboard.store.errors import NotPermitted
from dutyboard.store.identity import is_administrator, is_training, is_user

# command -> the actions that write (None: every use of the command writes; an action None in
# the set: the command without an action)
WRITES: dict[str, frozenset[str | None] | None] = {
    "init": None, "demo": None, "signoff": frozenset({None, "revoke"}),  # not `signoff summary`
    "venue": frozenset({"add"}), "user": frozenset({"add"}),
    "meeting": frozenset({"add", "move", "cancel", "fee", "import"}),
    "lost": frozenset({"add", "return"}),
    "task": frozenset({"done", "undo", "verify", "unverify"}),
    "ticket": frozenset({"open", "dispatch", "follow-up", "escalate", "notify", "resolve",
                         "approve", "close", "reopen", "link", "stall", "callback", "classify"}),
    "rulebook": frozenset({"set"}),
    "site": frozenset({"add", "member", "rulebook"}),
    "report": frozenset({"sign", "bookings-sent"}),
    "restore": None,
}
# reads that need no dutyboard user: they show no site data
OPEN_READS = {("rulebook", "check")}
# reads the administrator may run without being a user (looking after the database itself)
ADMIN_READS = {("migrate", None), ("audit", "verify"), ("backup", None), ("config", "show")}


def is_write(args: Any) -> bool:
    if args.command not in WRITES:
        return False
    actions = WRITES[args.command]
    return actions is None or getattr(args, "action", None) in actions


def _key(args: Any) -> tuple[str, str | None]:
    return args.command, getattr(args, "action", None) or getattr(args, "verb", None)


def check_access(args: Any, ctx: Context, guests: bool = False) -> None:
    """Raise NotPermitted unless this login may run this command as asked. With ``guests``
    (the site config's), a login that is not a user gets a read-only board instead."""
    real = ctx.real_login
    admin = is_administrator(ctx.db, real)
    if ctx.login != real and not admin:
        raise NotPermitted(f"--as is for the site's administrator only (root or the owner of the "
                           f"database); you are '{real}': run without --as")
    write = is_write(args)
    if args.readonly:
        ctx.write_refusal = "--readonly: this session makes no changes"
    elif args.now and not admin and not _training_write(args):
        ctx.write_refusal = ("--now on a write is for the administrator or a training database; "
                             "the building's record is kept at the real time: run without --now")
    if write and ctx.write_refusal:  # refused before anything runs; the board's writes in the store
        raise NotPermitted(ctx.write_refusal)
    if write or _key(args) in OPEN_READS or (admin and _key(args) in ADMIN_READS):
        return  # writes: the store checks the person and the permission inside the transaction
    if guests and args.command in (None, "board") and not is_user(ctx.login):
        args.readonly = True
        ctx.write_refusal = f"'{ctx.login}' is a guest here: the board is read-only"
        return
    ctx.actor()


def _training_write(args: Any) -> bool:
    if args.command == "demo" or (args.command == "init" and getattr(args, "training", False)):
        return True
    return is_training()
