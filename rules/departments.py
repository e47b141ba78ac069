"""The names people give the departments (domain §1): the code, the board's short labels in
English and Chinese, the English long name and the names the seed documents use. The command
line accepts any of them (``ticket dispatch --dept 工程``); the board's pickers match typed
text against them. Pure data and one lookup: no database, no screen."""

from __future__ import annotations

import re

from .names import DEPARTMENTS

# code -> every name it is known by (the board's short labels first: Eng / 工程)
DEPARTMENT_NAMES: dict[str, tuple[str, ...]] = {
    "desk": ("Desk", "客服", "service desk", "hotline", "客服中心", "客户服务中心"),
    "eng": ("Eng", "工程", "engineering", "工程部", "工程技术部", "技术保障部"),
    "sec": ("Sec", "安保", "security", "安全管理部", "保安部"),
    "svc": ("Svc", "会务", "meeting service", "会务部", "会议服务中心"),
    "env": ("Clean", "保洁", "cleaning", "cleaning & greenery", "环境管理部", "清洁绿化部"),
    "fcc": ("FCC", "消控", "fire-control centre", "fire-control center", "消防控制中心",
            "消控中心"),
}
assert tuple(sorted(DEPARTMENT_NAMES)) == tuple(sorted(DEPARTMENTS))

_SEPARATORS = re.compile(r"[\s_\-]+")


def _norm(text: str) -> str:
    """Case, spaces, hyphens and underscores do not matter: "Fire control centre" ==
    "fire-control centre"; full-width letters fold to ASCII (NFKC through casefold is
    enough for the names above)."""
    import unicodedata
    return _SEPARATORS.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


_LOOKUP: dict[str, str] = {}
for _code, _names in DEPARTMENT_NAMES.items():
    for _name in (_code, *_names):
        _LOOKUP[_norm(_name)] = _code


def department_code(text: str) -> str | None:
    """The code of the department called ``text`` (a code or any of its names), or None."""
    return _LOOKUP.get(_norm(text))


def department_choices() -> str:
    """Every department with its names, for a usage error: "desk (Desk, 客服, ...), eng (...)"."""
    return "; ".join(f"{code} ({', '.join(DEPARTMENT_NAMES[code][:3])})" for code in DEPARTMENTS)
