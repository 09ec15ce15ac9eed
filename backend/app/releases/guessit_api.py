"""guessit, with the order of its rules worked out once instead of on every name.

On every name, rebulk (guessit's engine) gathers its ~500 patterns and ~100 rules from some thirty child
rule sets, then sorts the rules by priority, toposorts them by dependency and sorts each group back into
declaration order with ``list.index`` (quadratic, through the rules' ``__eq__``). For the same options that
work gives the same plan every time, and it was about a seventh of guessit's cost per name here
(docs/decisions/0013-release-parsing.md). This module builds guessit's own rules with guessit's own builder
and wraps them in a Rebulk that keeps the plan of the last options it saw: the same patterns and rules, run in
the same order, so guessit's answer does not change (tests/unit/releases/test_guessit_api.py compares it with
plain guessit on corpus names). Only public rebulk and guessit API is used: ``GuessItApi(rules_builder=…)``,
``Rebulk.effective_*``, ``Rules``, ``toposort_rules`` and ``execute_rule``.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from guessit.api import GuessItApi
from guessit.rules import rebulk_builder
from rebulk import Rebulk
from rebulk.key import Key
from rebulk.match import Matches
from rebulk.pattern import Pattern
from rebulk.rules import CustomRule, Rules, execute_rule, toposort_rules


class _PlannedRules(Rules):
    """The effective rules, in the order rebulk's ``Rules.execute_all_rules`` would run them, sorted once."""

    def __init__(self, rules: Rules) -> None:
        super().__init__()
        self.extend(rules)
        self._order: list[CustomRule] = []
        for _, same_priority in groupby(sorted(rules), lambda rule: rule.priority):
            for independent in toposort_rules(list(same_priority)):
                self._order.extend(sorted(independent, key=rules.index))

    def execute_all_rules(
        self, matches: Matches, context: dict[str, Any] | None
    ) -> list[tuple[CustomRule, Any]]:
        """Run every rule in the planned order (what ``Rules.execute_all_rules`` does, without sorting)."""
        done: list[tuple[CustomRule, Any]] = []
        for rule in self._order:
            when_response = execute_rule(rule, matches, context)
            if when_response is not None:
                done.append((rule, when_response))
        return done


class _PlannedRebulk(Rebulk):
    """guessit's rebulk, whose effective keys, patterns and rule order are kept for the last options seen."""

    def __init__(self, built: Rebulk) -> None:
        super().__init__(disabled=built.disabled, default_rules=False)
        self._built = built
        # The options object the plan was made for; guessit passes the same object while its options do not
        # change, and a new one when they do. Holding it keeps its identity from being reused.
        self._planned_for: dict[str, Any] | None = None
        self._keys_plan: dict[str, Key[Any]] = {}
        self._patterns_plan: list[Pattern] = []
        self._rules_plan: Rules = Rules()

    def _plan(self, context: dict[str, Any] | None) -> None:
        if context is not None and context is self._planned_for:
            return
        self._keys_plan = self._built.effective_keys(context)
        self._patterns_plan = self._built.effective_patterns(context)
        self._rules_plan = _PlannedRules(self._built.effective_rules(context))
        self._planned_for = context

    def effective_keys(self, context: dict[str, Any] | None = None) -> dict[str, Key[Any]]:
        """guessit's declared keys (a copy: the caller keeps it on its matches)."""
        self._plan(context)
        return dict(self._keys_plan)

    def effective_patterns(self, context: dict[str, Any] | None = None) -> list[Pattern]:
        """guessit's patterns for these options."""
        self._plan(context)
        return self._patterns_plan

    def effective_rules(self, context: dict[str, Any] | None = None) -> Rules:
        """guessit's rules for these options, already in execution order."""
        self._plan(context)
        return self._rules_plan


def _planned_builder(config: dict[str, Any]) -> Rebulk:
    return _PlannedRebulk(rebulk_builder(config))


_API = GuessItApi()


def guessit(name: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """guessit's answer for ``name`` (the module-level ``guessit.guessit`` gives the same)."""
    if _API.rebulk is None:
        _API.configure(rules_builder=_planned_builder)
    return _API.guessit(name, options)
