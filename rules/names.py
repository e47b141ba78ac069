"""The fixed names: departments, roles, purchases, meeting sizes, task and ticket states and
kinds. A module of its own, importing nothing, so the command line's parser (its choices)
loads without the rest of the rules and arrow: ``dutyboard --help`` starts fast.
``rules.rulebook`` and ``rules.facts`` re-export them."""

DEPARTMENTS = ("desk", "eng", "sec", "svc", "env", "fcc")
ROLES = ("duty", "clerk", "lead", "supervisor", "manager")
# What the desk may buy on the organizer's behalf (domain §3); any of them implies the
# "purchase" service, and the organizer confirms the delivery (§7).
PURCHASES = ("water", "banner", "flowers", "media", "signage", "copying")
SIZES = ("small", "medium", "large", "important")  # meeting size (002 三(四)), smallest first

# Task states
PENDING, DONE, VERIFIED = "pending", "done", "verified"
TASK_STATES = (PENDING, DONE, VERIFIED)

# Ticket states
INQUIRY, OPEN, DISPATCHED, RESOLVED, CLOSED = "inquiry", "open", "dispatched", "resolved", "closed"
TICKET_STATES = (INQUIRY, OPEN, DISPATCHED, RESOLVED, CLOSED)
STALLED = "stalled"  # not a state: an open case set apart as unresolvable, off the clock
TICKET_LIST_STATES = (*TICKET_STATES, STALLED)
PRIORITIES = ("normal", "urgent", "emergency")
TICKET_KINDS = ("repair", "complaint")
CHANNELS = ("phone", "visit", "letter", "other")
NATURES = ("valid", "help", "inquiry", "venting")
CATEGORIES = ("lighting", "water", "power", "heating", "equipment", "attitude", "quality", "other")

