"""A small reduced ordered binary decision diagram (ROBDD) manager.

The guard check asks questions about boolean formulas over condition atoms
("is there a setting of the other conditions under which the call is reached,
but never by an internal user?"). A truth table doubles with every atom; a BDD
of the conjunctions real functions produce (many independent ``if x: return``
statements) grows linearly. Nodes are integers: ``FALSE`` (0) and ``TRUE`` (1),
then one per (variable, low, high) triple, shared through a unique table.
Variables are ordered by their index: the order in which the caller creates
them.
"""

from __future__ import annotations

from collections.abc import Iterable

FALSE = 0
TRUE = 1
_TERMINAL = 1 << 30  # the "variable" of the two terminals: below every real one


class BudgetExceeded(Exception):
    """The diagram grew past its node budget: the question is left undecided."""


class BDD:
    def __init__(self, budget: int = 100_000) -> None:
        self.budget = budget
        self._variable = [_TERMINAL, _TERMINAL]
        self._low = [FALSE, TRUE]
        self._high = [FALSE, TRUE]
        self._unique: dict[tuple[int, int, int], int] = {}
        self._and: dict[tuple[int, int], int] = {}
        self._not: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._variable)

    # -- building --------------------------------------------------------------

    def _node(self, variable: int, low: int, high: int) -> int:
        if low == high:
            return low
        key = (variable, low, high)
        node = self._unique.get(key)
        if node is None:
            node = len(self._variable)
            if node >= self.budget:
                raise BudgetExceeded
            self._variable.append(variable)
            self._low.append(low)
            self._high.append(high)
            self._unique[key] = node
        return node

    def variable(self, index: int) -> int:
        """The formula that is true exactly when variable ``index`` is."""
        return self._node(index, FALSE, TRUE)

    def negate(self, node: int) -> int:
        if node <= TRUE:
            return TRUE - node
        result = self._not.get(node)
        if result is None:
            result = self._node(self._variable[node], self.negate(self._low[node]),
                                self.negate(self._high[node]))
            self._not[node] = result
            self._not[result] = node
        return result

    def conjoin(self, first: int, second: int) -> int:
        if first == FALSE or second == FALSE:
            return FALSE
        if first in (TRUE, second):
            return second
        if second == TRUE:
            return first
        if first > second:
            first, second = second, first
        key = (first, second)
        result = self._and.get(key)
        if result is None:
            variable = min(self._variable[first], self._variable[second])
            low1, high1 = self._cofactors(first, variable)
            low2, high2 = self._cofactors(second, variable)
            result = self._node(variable, self.conjoin(low1, low2), self.conjoin(high1, high2))
            self._and[key] = result
        return result

    def disjoin(self, first: int, second: int) -> int:
        return self.negate(self.conjoin(self.negate(first), self.negate(second)))

    def conjoin_all(self, nodes: Iterable[int]) -> int:
        result = TRUE
        for node in nodes:
            result = self.conjoin(result, node)
        return result

    def disjoin_all(self, nodes: Iterable[int]) -> int:
        result = FALSE
        for node in nodes:
            result = self.disjoin(result, node)
        return result

    def _cofactors(self, node: int, variable: int) -> tuple[int, int]:
        if self._variable[node] == variable:
            return self._low[node], self._high[node]
        return node, node

    # -- questions -------------------------------------------------------------

    def exists(self, node: int, variables: frozenset[int]) -> int:
        """``node`` with ``variables`` quantified away: true where some setting of
        them makes ``node`` true."""
        return self._exists(node, variables, {})

    def _exists(self, node: int, variables: frozenset[int], memo: dict[int, int]) -> int:
        if node <= TRUE:
            return node
        result = memo.get(node)
        if result is None:
            low = self._exists(self._low[node], variables, memo)
            high = self._exists(self._high[node], variables, memo)
            variable = self._variable[node]
            result = self.disjoin(low, high) if variable in variables else \
                self._node(variable, low, high)
            memo[node] = result
        return result

    def restrict(self, node: int, variables: frozenset[int], value: bool) -> int:
        """``node`` with every variable of ``variables`` set to ``value``."""
        return self._restrict(node, variables, value, {})

    def _restrict(self, node: int, variables: frozenset[int], value: bool,
                  memo: dict[int, int]) -> int:
        if node <= TRUE:
            return node
        result = memo.get(node)
        if result is None:
            variable = self._variable[node]
            if variable in variables:
                result = self._restrict(self._high[node] if value else self._low[node],
                                        variables, value, memo)
            else:
                result = self._node(variable,
                                    self._restrict(self._low[node], variables, value, memo),
                                    self._restrict(self._high[node], variables, value, memo))
            memo[node] = result
        return result

    def support(self, node: int) -> set[int]:
        """The variables ``node`` depends on."""
        seen: set[int] = set()
        variables: set[int] = set()
        pending = [node]
        while pending:
            current = pending.pop()
            if current <= TRUE or current in seen:
                continue
            seen.add(current)
            variables.add(self._variable[current])
            pending.append(self._low[current])
            pending.append(self._high[current])
        return variables

    def decompose(self, node: int) -> tuple[int, int, int]:
        """``(variable, low, high)`` of an inner node."""
        return self._variable[node], self._low[node], self._high[node]
