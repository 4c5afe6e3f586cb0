"""Before a fixed file is written: does its AST differ from the original only as the
fixes said it would? (black's safety check, with the edited places allowed to differ.)"""

from __future__ import annotations

import ast
import bisect
from collections.abc import Sequence

from ..positions import Span, first_line, span_of, split_lines, start_keys, walk_lines
from .kinds import kind_of
from .model import WRAP_IN_GUARD, Edit, Fix, statement_call


class VerificationError(Exception):
    """The fixed code is not what the fixes promised."""


def verify(original: str, fixed: str, fixes: Sequence[Fix],
           original_tree: ast.Module | None = None) -> ast.Module:
    """Raise :class:`VerificationError` unless ``fixed`` is ``original`` with ``fixes``;
    return the fixed code's tree. ``original_tree`` saves parsing ``original`` again."""
    try:
        old_tree = original_tree or ast.parse(original)
    except (SyntaxError, ValueError) as error:  # pragma: no cover - checked before fixing
        raise VerificationError(f"the original does not parse: {error}") from None
    try:
        new_tree = ast.parse(fixed)
    except (SyntaxError, ValueError) as error:
        raise VerificationError(f"the fixed code does not parse: {error}") from None
    edits = [edit for fix in fixes for edit in fix.edits]
    imports = {pair for fix in fixes for pair in fix.imports}
    try:
        comparer = _Comparer(old_tree, split_lines(original), split_lines(fixed), edits,
                             imports)
        same = comparer.same(old_tree, new_tree)
    except RecursionError:
        raise VerificationError("the code is too deeply nested to verify") from None
    if not same:
        raise VerificationError(f"the fixed code differs from the original {comparer.where}")
    if comparer.unseen:
        raise VerificationError("an edit did not happen where it was planned")
    return new_tree


class _Comparer:
    def __init__(self, tree: ast.Module, lines: Sequence[str], new_lines: Sequence[str],
                 edits: Sequence[Edit], imports: set[tuple[str, str]]) -> None:
        self.imports = imports
        self.where = ""
        self.lines = lines
        self.new_lines = new_lines
        self.edit_lines = sorted({edit.target.start_line for edit in edits})
        by_span: dict[Span, list[Edit]] = {}
        for edit in edits:
            by_span.setdefault(edit.target, []).append(edit)
        self.edited: dict[int, Edit] = {}  # original node -> the edit made to it
        self.wrapped: dict[int, Edit] = {}  # a call -> the edit that wraps its statement
        keys = start_keys(by_span, lines)
        for node in walk_lines(tree, {line for line, _ in keys}):
            if not isinstance(node, (ast.expr, ast.keyword)) or \
                    (node.lineno, node.col_offset) not in keys:
                continue
            for edit in by_span.get(span_of(node, lines), ()):
                if kind_of(edit).fits(node):
                    found = self.wrapped if edit.kind == WRAP_IN_GUARD else self.edited
                    found.setdefault(id(node), edit)
        self.unseen = set(self.edited) | set(self.wrapped)

    def same(self, old: object, new: object) -> bool:
        if isinstance(old, ast.AST):
            if not isinstance(new, ast.AST):
                return False
            if isinstance(old, ast.stmt) and isinstance(new, ast.stmt) and \
                    self._same_text(old, new):
                return True
            edit = self.edited.get(id(old))
            if edit is not None:
                self.unseen.discard(id(old))
                return self._same_edited(old, new, edit)
            if type(old) is not type(new):
                self.where = f"near line {getattr(old, 'lineno', '?')}"
                return False
            for field in old._fields:
                a, b = getattr(old, field, None), getattr(new, field, None)
                if isinstance(a, list) and a and isinstance(a[0], ast.stmt):
                    if not self._same_block(a, b, module=isinstance(old, ast.Module)):
                        return False
                elif not self.same(a, b):
                    return False
            return True
        if isinstance(old, list):
            return isinstance(new, list) and len(old) == len(new) and \
                all(self.same(a, b) for a, b in zip(old, new))
        return type(old) is type(new) and old == new

    def _same_block(self, old: list[ast.stmt], new: object, module: bool) -> bool:
        if not isinstance(new, list):
            return False
        position = index = 0
        while index < len(old):
            if position >= len(new):
                return False
            statement, candidate = old[index], new[position]
            position += 1
            if module and self._is_added_import(candidate, statement):
                # before a wrapped statement too: the import goes after the leading ones
                continue
            wrap = self.wrapped.get(id(statement_call(statement)))
            if wrap is None:
                index += 1
                if not (module and isinstance(statement, ast.ImportFrom) and
                        self._is_extended_import(statement, candidate)) and \
                        not self.same(statement, candidate):
                    return False
                continue
            # a run of wrapped statements sits in one ``if not GUARD:``
            run = [statement]
            for following in old[index + 1:]:
                other = self.wrapped.get(id(statement_call(following)))
                if other is None or other.expression != wrap.expression:
                    break
                run.append(following)
            if not (kind_of(wrap).accepts(wrap, statement, candidate, self.same) and
                    len(candidate.body) == len(run)):
                self.where = f"at line {statement.lineno} (expected a guard)"
                return False
            self.unseen.difference_update(id(statement_call(s)) for s in run)
            if not self.same(run, candidate.body):
                return False
            index += len(run)
        return all(module and self._is_added_import(s, None) for s in new[position:])

    def _same_text(self, old: ast.stmt, new: ast.stmt) -> bool:
        """A statement without edits whose lines read exactly as before (at the same
        place in the tree) parses to the same tree: no need to compare node by node."""
        first, last = first_line(old), old.end_lineno or old.lineno
        index = bisect.bisect_left(self.edit_lines, first)
        if index < len(self.edit_lines) and self.edit_lines[index] <= last:
            return False
        new_first, new_last = first_line(new), new.end_lineno or new.lineno
        if new_last - new_first != last - first:
            return False
        return self.lines[first - 1:last] == self.new_lines[new_first - 1:new_last]

    def _is_added_import(self, statement: ast.stmt, original: ast.stmt | None) -> bool:
        if not isinstance(statement, ast.ImportFrom) or statement.level:
            return False
        if original is not None and isinstance(original, ast.ImportFrom) and \
                ast.dump(original) == ast.dump(statement):
            return False
        return all((statement.module, a.name) in self.imports and a.asname is None
                   for a in statement.names)

    def _is_extended_import(self, old: ast.ImportFrom, new: object) -> bool:
        if not isinstance(new, ast.ImportFrom) or ast.dump(old) == ast.dump(new) or \
                (old.module, old.level) != (new.module, new.level):
            return False
        old_names = [(a.name, a.asname) for a in old.names]
        new_names = [(a.name, a.asname) for a in new.names]
        added = [pair for pair in new_names if pair not in old_names]
        kept = [pair for pair in new_names if pair in old_names]
        return sorted(kept) == sorted(old_names) and bool(added) and all(
            (new.module, name) in self.imports and asname is None for name, asname in added)

    # -- the edited nodes ---------------------------------------------------------------

    def _same_edited(self, old: ast.AST, new: ast.AST, edit: Edit) -> bool:
        def same(a: object, b: object) -> bool:
            if a is not old:
                return self.same(a, b)
            del self.edited[id(old)]  # (the edited node, compared as it was)
            try:
                return self.same(old, b)
            finally:
                self.edited[id(old)] = edit

        return kind_of(edit).accepts(edit, old, new, same)
