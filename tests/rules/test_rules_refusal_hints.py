"""A rule's refusal keeps what to type on the command line apart from its sentence (issue 11,
"Nothing can be misread"): the board, which has no flags, drops the hint; the command line
prints it in parentheses at the end."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from dutyboard.rules.booking import RuleViolation

RULES = Path(__file__).resolve().parents[2] / "rules"
COMMAND_LINE = re.compile(r"--[a-z]|\bticket (link|stall|resolve)\b")


def _sentences() -> list[tuple[str, str]]:
    """(where, text) of every string in a RuleViolation's rule and message arguments."""
    found = []
    for path in sorted(RULES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "RuleViolation":
                for arg in node.args:
                    for part in ast.walk(arg):
                        if isinstance(part, ast.Constant) and isinstance(part.value, str):
                            found.append((f"{path.name}:{node.lineno}", part.value))
    return found


def test_the_scan_finds_the_rules_refusals() -> None:
    assert len({where for where, _ in _sentences()}) > 30


def test_no_refusal_sentence_names_a_command_line_flag() -> None:
    """A flag in a refusal goes in ``hint=``, never in the sentence the board shows."""
    assert [(where, text) for where, text in _sentences() if COMMAND_LINE.search(text)] == []


def test_the_command_line_prints_the_hint_at_the_end() -> None:
    v = RuleViolation("class.A.approval", "class A needs the approval reference", hint="--approval REF")
    assert str(v) == "[class.A.approval] class A needs the approval reference (--approval REF)"
    assert (v.message, v.hint) == ("class A needs the approval reference", "--approval REF")
    assert str(RuleViolation("a.b", "no hint")) == "[a.b] no hint"
