"""``site add|list|member add|rulebook``: the buildings on one database and who belongs to each
(store/sites.py). Adding a site or a member is the manager's, audited; listing is anyone's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dutyboard.store.errors import UsageError

from .output import emit

if TYPE_CHECKING:   # the store is imported when a command runs, not for --help
    from dutyboard.store.context import Context

# commands that read no building's rows: a database with several sites needs no --site
SITELESS = {"migrate", "config", "backup", "restore"}
SITELESS_ACTIONS = {("rulebook", "check"), ("audit", "verify"), ("site", "add"), ("site", "list"),
                    ("site", "member")}


def needs_site(args: Any) -> bool:
    key = (args.command, getattr(args, "action", None) or getattr(args, "verb", None))
    if key == ("user", "list") and args.all:   # everyone of every site
        return False
    return args.command not in SITELESS and key not in SITELESS_ACTIONS


def add_site(command: Any) -> None:
    """``site``'s actions (its one-line help is in parser.COMMANDS)."""
    site = command.add_subparsers(dest="action", required=True)
    sa = site.add_parser("add", help="a new building (manager)")
    sa.add_argument("code", metavar="CODE", help="short code for --site: a-z, 0-9, - and _")
    sa.add_argument("--name", required=True)
    sa.add_argument("--name-zh", dest="name_zh", default="", help="the building's Chinese name")
    site.add_parser("list", help="every building, its members and which one you work at")
    rb = site.add_parser("rulebook", help="this building's own rulebook override (manager); "
                                          "--clear removes it")
    rb.add_argument("file", nargs="?", metavar="FILE")
    rb.add_argument("--clear", action="store_true")
    member = site.add_parser("member", help="who belongs to a building").add_subparsers(
        dest="verb", required=True)
    ma = member.add_parser("add", help="LOGIN joins the building CODE (manager)")
    ma.add_argument("member_login", metavar="LOGIN")
    ma.add_argument("code", metavar="CODE")


def cmd_site(args: Any, ctx: Context) -> None:
    from dutyboard.store import sites
    if args.action == "add":
        site = sites.add_site(ctx, args.code, args.name, args.name_zh)
        emit(args, {"id": site.id, "code": site.code, "name": site.name, "name_zh": site.name_zh})
    elif args.action == "rulebook":
        set_rulebook(args, ctx)
    elif args.action == "member":
        sites.add_member(ctx, args.member_login, args.code)
        emit(args, {"login": args.member_login, "site": args.code})
    else:
        ctx.actor()   # a dutyboard user of some site
        current = ctx.site.id if ctx.site else None
        emit(args, [{"code": s.code, "name": s.name, "name_zh": s.name_zh, "members": n,
                     "current": s.id == current} for s, n in sites.list_sites()],
             ("code", "name", "name_zh", "members", "current"))


def set_rulebook(args: Any, ctx: Context) -> None:
    if args.clear == bool(args.file):
        raise UsageError("site rulebook: give FILE, or --clear to remove the site's override")
    text = None
    if args.file:
        from dutyboard.rules.rulebook import RulebookError, read_rulebook_file
        try:
            text = read_rulebook_file(args.file)
        except RulebookError as exc:
            raise UsageError(str(exc)) from None
    from dutyboard.store import sites
    sites.set_site_rulebook(ctx, text, args.file or "--clear")
    emit(args, {"site": ctx.site.code if ctx.site else "", "file": args.file or "",
                "stored": text is not None})


def show_rulebook(args: Any, ctx: Context) -> None:
    """``rulebook show``: the rulebook in effect at the chosen site. Without a site override,
    the company's text as it is (``rulebook set`` takes it back); with one, the company's
    text and then the site's, headed by the keys the site overrides."""
    from dutyboard.rules.rulebook import keys_set
    from dutyboard.store import sites
    company, source, own = sites.rulebook_layers(ctx)
    code = ctx.site.code if ctx.site is not None else ""
    overrides = keys_set(f"site {code} rulebook", own) if own else []
    if args.json:
        emit(args, {"site": code, "company": company, "company_source": source,
                    "site_rulebook": own, "overrides": overrides})
        return
    if not own:
        print(company, end="")
        return
    print(f"# The rulebook in effect at site {code}: the company's ({source}), then site {code}'s\n"
          f"# own rulebook (site rulebook) read over it.\n"
          f"# Site {code} overrides: {', '.join(overrides) or 'nothing'}\n"
          f"# ---- the company's rulebook ----")
    print(company, end="" if company.endswith("\n") else "\n")
    print(f"# ---- site {code}'s own rulebook, over the company's ----")
    print(own, end="" if own.endswith("\n") else "\n")


HANDLERS = {"site": cmd_site}
