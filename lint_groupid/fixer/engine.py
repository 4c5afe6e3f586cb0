"""The fixing engine: libcst at statement scope.

For each edit, ``ast`` finds the innermost statement it touches (widened to the
enclosing statement when that statement shares its lines with another: a
one-line suite, ``;``, an ``elif``); statements of one block next to each other
make one region. Only a region's whole lines are parsed with libcst (inside an
``if True:`` when they are indented, so that the indentation stays valid), the
edits rewrite their nodes with ``with_changes``, and the region's lines are
spliced back. Imports the fixes need extend the file's existing ``from … import``
or go after its leading imports. An edit that cannot be made fails its own fix;
the file's other fixes are still applied.

An edit's node is found in the libcst snippet without libcst's position metadata
(it costs a full code generation pass, more than parsing the snippet): both trees
are numbered. Calls, dict displays and subscripts appear in ``ast`` and in
libcst one for one, in source order; an edit's node is the n-th of its kind, or a
child of one (an argument, a dict key or value, a subscript's index). The verifier
still compares the result with the original, so a numbering that went wrong
cannot reach the disk.
"""

from __future__ import annotations

import ast
import bisect
import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar, Union, cast

import libcst as cst

from ..analysis.syntax import BLOCK_FIELDS
from ..positions import Span, character_column, first_line, span_of, split_lines
from . import syntax
from .kinds import kind_of
from .layout import Layout
from .model import FSTRING_QUOTES, WRAP_IN_GUARD, Edit, Fix, free_quote, statement_call

_Node = TypeVar("_Node", bound=cst.CSTNode)
# the kind each node type is numbered as, in ``ast`` and in libcst (see :class:`AstNumbering`)
_AST_KINDS = {ast.Call: "call", ast.Dict: "dict", ast.Subscript: "subscript"}
_KINDS = {cst.Call: "call", cst.Dict: "dict", cst.Subscript: "subscript"}
# a node: the n-th of its kind in the region's statements, in source order
Anchor = tuple[str, int]
# the child of an anchor node: the item at a position of one of its fields, or a node
# down a path of fields from that item: ("args", i, ("value",)) the i-th argument's value
Step = Union[tuple[str, int, tuple[str, ...]], None]
# the nodes that take their call's mark, or wrap their marked statements
_WRAPPING = frozenset((cst.Expr, cst.SimpleStatementLine, cst.SimpleStatementSuite,
                       cst.IndentedBlock, cst.Module))


@dataclass
class Stats:
    """What the engine parsed with libcst: the bench reports it, a test reads it."""

    parses: int = 0
    statements: int = 0
    whole_file_parses: int = 0
    seconds: float = 0.0


stats = Stats()


@dataclass
class Applied:
    text: str
    applied: list[Fix]
    failed: list[tuple[Fix, str]]


class _Failure(Exception):
    def __init__(self, reason: str, fixes: Iterable[int] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fixes = set(fixes)


@dataclass
class _Region:
    block: list[ast.stmt]
    start: int  # index in block of the first statement
    end: int  # index of the last one
    edits: list[tuple[int, Edit]] = field(default_factory=list)  # (fix index, edit)

    @property
    def first(self) -> int:
        return first_line(self.block[self.start])

    @property
    def last(self) -> int:
        statement = self.block[self.end]
        return statement.end_lineno or statement.lineno


def apply_fixes(text: str, fixes: Sequence[Fix], tree: ast.Module | None = None,
                layout: Layout | None = None) -> Applied:
    """``text`` with the fixes that could be made, and the imports they need."""
    return _Engine(text, tree, layout or Layout()).run(fixes)


class _Engine:
    def __init__(self, text: str, tree: ast.Module | None, layout: Layout) -> None:
        self.text = text
        self.lines = split_lines(text)
        self.tree = tree if tree is not None else ast.parse(text)
        self.layout = layout
        self.indent = _indent_unit(self.tree, self.lines)
        self.newline = _newline(self.lines)
        self.starts: dict[int, list[int]] = {}  # id(block) -> its statements' first lines

    def run(self, fixes: Sequence[Fix]) -> Applied:
        failed: dict[int, str] = {}
        regions: list[_Region] = []
        for index, fix in enumerate(fixes):
            for edit in fix.edits:
                try:
                    regions.append(self._region(index, edit))
                except _Failure as failure:
                    failed.setdefault(index, failure.reason)
        replacements: list[tuple[int, int, list[str]]] = []
        for region in _merged(regions):
            wanted = [(i, e) for i, e in region.edits if i not in failed]
            if not wanted:
                continue
            new_lines = self._fix_region(region, wanted, failed)
            if new_lines is not None:
                replacements.append((region.first, region.last, new_lines))
        applied = [fix for index, fix in enumerate(fixes) if index not in failed]
        replacements.extend(self._imports(applied))
        out = list(self.lines)
        for start, end, new_lines in sorted(replacements, key=lambda r: (r[0], r[1]),
                                            reverse=True):
            out[start - 1:end] = new_lines
        return Applied("".join(out), applied,
                       [(fixes[index], reason) for index, reason in sorted(failed.items())])

    # -- where an edit goes ---------------------------------------------------------

    def _region(self, index: int, edit: Edit) -> _Region:
        path = self._statement_path(edit.target)
        if not path:
            raise _Failure("could not find the code to edit")
        if edit.kind == WRAP_IN_GUARD:
            value = statement_call(path[-1][0][path[-1][1]])
            if not isinstance(value, ast.Call) or \
                    (value.lineno, value.end_lineno) != (edit.target.start_line,
                                                         edit.target.end_line):
                raise _Failure("only a call statement can be wrapped")
        level = len(path) - 1
        block, position = path[level]
        start = end = position
        while True:
            head, tail = block[start], block[end]
            if self._text_before(head):
                if start > 0 and (block[start - 1].end_lineno or 0) >= first_line(head):
                    start -= 1
                    continue
                if level > 0:
                    level -= 1
                    block, position = path[level]
                    start = end = position
                    continue
            if self._text_after(tail) and end + 1 < len(block) and \
                    block[end + 1].lineno == tail.end_lineno:
                end += 1
                continue
            break
        return _Region(block, start, end, [(index, edit)])

    def _statement_path(self, target: Span) -> list[tuple[list[ast.stmt], int]]:
        """(block, index) pairs from the module down to the innermost statement holding
        ``target``."""
        path: list[tuple[list[ast.stmt], int]] = []
        blocks = [self.tree.body]
        while True:
            found = next(((block, position) for block in blocks
                          for position in self._on_line(block, target.start_line)
                          if _contains(block[position], target, self.lines)), None)
            if found is None:
                return path
            path.append(found)
            blocks = list(_blocks_of(found[0][found[1]]))

    def _on_line(self, block: list[ast.stmt], line: int) -> Iterator[int]:
        """The positions of the statements of ``block`` that may hold ``line``: the last
        one starting on or before it, and the ones before it on that line (``a; b``)."""
        starts = self.starts.get(id(block))
        if starts is None:
            starts = self.starts[id(block)] = [first_line(s) for s in block]
        position = bisect.bisect_right(starts, line) - 1
        while position >= 0 and (block[position].end_lineno or 0) >= line:
            yield position
            position -= 1

    def _text_before(self, statement: ast.stmt) -> bool:
        """Something else begins the statement's first line: other code, or ``el`` of
        ``elif``."""
        line = first_line(statement)
        decorators = getattr(statement, "decorator_list", ())
        column = character_column(self.lines, line, min(
            (d.col_offset - 1 for d in decorators if d.lineno == line),
            default=statement.col_offset))
        text = self.lines[line - 1]
        return bool(text[:column].strip()) or \
            (isinstance(statement, ast.If) and text[column:].startswith("elif"))

    def _text_after(self, statement: ast.stmt) -> bool:
        line = statement.end_lineno or statement.lineno
        column = character_column(self.lines, line, statement.end_col_offset or 0)
        rest = self.lines[line - 1][column:].strip()
        return bool(rest) and not rest.startswith("#")

    # -- one region -------------------------------------------------------------------

    def _fix_region(self, region: _Region, edits: list[tuple[int, Edit]],
                    failed: dict[int, str]) -> list[str] | None:
        """The region's new lines with as many of ``edits`` as can be made; the fixes of
        the others go to ``failed``."""
        try:
            return self._rewrite(region, edits)
        except _Failure as failure:
            if failure.fixes:
                for index in failure.fixes:
                    failed.setdefault(index, failure.reason)
                rest = [(i, e) for i, e in edits if i not in failure.fixes]
                return self._fix_region(region, rest, failed) if rest else None
        # which fix is at fault is not known: add them one at a time
        kept: list[tuple[int, Edit]] = []
        result = None
        for index in sorted({i for i, _ in edits}):
            trial = kept + [(i, e) for i, e in edits if i == index]
            try:
                result, kept = self._rewrite(region, trial), trial
            except _Failure as failure:
                failed.setdefault(index, failure.reason)
        return result

    def _rewrite(self, region: _Region, edits: list[tuple[int, Edit]]) -> list[str]:
        first, last = region.first, region.last
        chunk = self.lines[first - 1:last]
        indented = chunk[0][:1] in (" ", "\t")
        prefix = f"if True:{_ending(chunk[0]) or self.newline}" if indented else ""
        snippet = prefix + "".join(chunk)
        numbering = AstNumbering(region.block[region.start:region.end + 1], self.lines)
        located: list[tuple[int, Edit, Anchor, Step]] = []
        growth: dict[Anchor, int] = {}  # the edited calls, their line's length once edited
        edited: set[Anchor] = set()  # and those written over several lines
        for index, edit in edits:
            found = numbering.locate(edit)
            if found is None:
                raise _Failure("could not find the code to edit", {index})
            located.append((index, edit, *found))
            call = edit.call or (edit.target if edit.kind == WRAP_IN_GUARD else None)
            number = numbering.call_number(call) if call is not None else None
            if number is None or call is None:
                continue
            edited.add(number)
            if call.start_line == call.end_line:
                growth[number] = growth.get(number, len(
                    self.lines[call.start_line - 1].rstrip("\r\n"))) + self._growth(edit)
        limit = self.layout.line_length or 0
        # lay out at once the calls that will be too long, and check afterwards
        explode = {n for n, length in growth.items() if limit and length > limit}
        new = self._transform(snippet, located, explode)
        if len(explode) < len(edited) and _too_long(new, prefix, chunk, limit):
            new = self._transform(snippet, located, edited)
        try:
            ast.parse(new)
        except (SyntaxError, ValueError) as error:  # (a SyntaxError says its ``msg``)
            raise _Failure(f"the fixed code would not parse: {getattr(error, 'msg', error)}"
                           ) from None
        new_lines = split_lines(new[len(prefix):])
        if new_lines and not _ending(chunk[-1]):
            new_lines[-1] = new_lines[-1].rstrip("\r\n")
        return new_lines

    def _growth(self, edit: Edit) -> int:
        """About how many characters ``edit`` adds to its line."""
        if edit.kind == WRAP_IN_GUARD:
            return len(self.indent)
        return len(edit.expression) + kind_of(edit).growth

    def _transform(self, snippet: str, edits: list[tuple[int, Edit, Anchor, Step]],
                   explode: set[Anchor]) -> str:
        transformer = _Transformer(edits, self.indent, self.layout, explode)

        def transform(module: cst.Module) -> cst.Module:
            stats.parses += 1
            stats.statements += len(edits)
            stats.whole_file_parses += snippet == self.text
            if "\r" in snippet.replace("\r\n", "") and "\n" in snippet and \
                    module.code != snippet:  # libcst writes mixed line ends back differently
                raise _Failure("libcst does not write this code back byte for byte")
            return module.visit(transformer)

        started = time.perf_counter()
        try:
            code = _rewritten(snippet, transform)
        except (cst.CSTValidationError, ValueError, TypeError, AssertionError) as error:
            raise _Failure(f"libcst could not make the edit: {error}") from None
        finally:
            stats.seconds += time.perf_counter() - started
        if transformer.failed:
            indexes = set(transformer.failed)
            raise _Failure(next(iter(transformer.failed.values())), indexes)
        if transformer.pending:
            raise _Failure("could not find the code to edit",
                           {i for entries in transformer.pending.values() for _, i, _ in entries})
        if transformer.marks:
            raise _Failure("could not wrap the statement",
                           {i for i, e, _, _ in edits if e.kind == WRAP_IN_GUARD})
        return code

    # -- imports ------------------------------------------------------------------------

    def _imports(self, fixes: Sequence[Fix]) -> list[tuple[int, int, list[str]]]:
        wanted: dict[str, set[str]] = {}  # module -> names
        bound = _module_level_names(self.tree.body)
        for module, name in (pair for fix in fixes for pair in fix.imports):
            if name not in bound:
                wanted.setdefault(module, set()).add(name)
        replacements: list[tuple[int, int, list[str]]] = []
        new_statements: list[str] = []
        for module, names in wanted.items():
            existing = next((s for s in self.tree.body if isinstance(s, ast.ImportFrom) and
                             s.module == module and not s.level and
                             all(a.name != "*" for a in s.names)), None)
            if existing is not None:
                extended = self._extend_import(existing, names)
                if extended is not None:
                    replacements.append(extended)
                    continue
            new_statements.append(f"from {module} import {', '.join(sorted(names))}"
                                  f"{self.newline}")
        if new_statements:
            replacements.append(self._new_imports(new_statements))
        return replacements

    def _extend_import(self, statement: ast.ImportFrom, names: Iterable[str]
                       ) -> tuple[int, int, list[str]] | None:
        first, last = statement.lineno, statement.end_lineno or statement.lineno

        def extend(module: cst.Module) -> cst.Module:
            top = module.body[0] if len(module.body) == 1 else None
            small = top.body[0] if isinstance(top, cst.SimpleStatementLine) and \
                len(top.body) == 1 else None
            if not isinstance(top, cst.SimpleStatementLine) or not isinstance(
                    small, cst.ImportFrom) or isinstance(small.names, cst.ImportStar):
                raise _Failure("not one `from … import` statement")
            for name in sorted(names):
                small = syntax.add_alias(small, name)
            return module.with_changes(body=[top.with_changes(body=[small])])

        try:
            return first, last, split_lines(_rewritten("".join(self.lines[first - 1:last]),
                                                       extend))
        except _Failure:
            return None

    def _new_imports(self, statements: list[str]) -> tuple[int, int, list[str]]:
        """New import lines after the leading docstring and imports (before the first
        statement without them), followed by the two blank lines a ``def`` needs."""
        body = self.tree.body
        after = 0  # the line the imports follow
        for position, statement in enumerate(body):
            if not isinstance(statement, (ast.Import, ast.ImportFrom)) and \
                    (position or ast.get_docstring(self.tree, clean=False) is None):
                break
            after = statement.end_lineno or statement.lineno
        if after == 0:  # no docstring, no import: after the comments that open the file
            limit = first_line(body[0]) - 1 if body else len(self.lines)
            while after < limit and self.lines[after].startswith("#"):
                after += 1
        following = next((s for s in body if first_line(s) > after), None)
        if after and not _ending(self.lines[after - 1]):
            statements = [self.newline, *statements]
            statements[-1] = statements[-1].rstrip("\r\n")
        if isinstance(following, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            blank = next((count for count, line in enumerate(self.lines[after:]) if line.strip()),
                         len(self.lines) - after)
            statements.extend([self.newline] * max(0, 2 - blank))
        return after + 1, after, statements


class AstNumbering:
    """The nodes of some statements, numbered by kind in source order."""

    def __init__(self, statements: Sequence[ast.stmt], lines: Sequence[str]) -> None:
        self.lines = lines
        self.parents: dict[int, ast.AST] = {}
        self.nodes: list[ast.AST] = []
        found: dict[str, list[ast.AST]] = {kind: [] for kind in _AST_KINDS.values()}
        for node in (node for statement in statements for node in ast.walk(statement)):
            for child in ast.iter_child_nodes(node):
                self.parents[id(child)] = node
            self.nodes.append(node)
            kind = _AST_KINDS.get(type(node))
            if kind:
                found[kind].append(node)
        self.numbers = {id(node): (kind, number) for kind, nodes in found.items()
                        for number, node in enumerate(sorted(nodes, key=_source_order))}

    def locate(self, edit: Edit) -> tuple[Anchor, Step] | None:
        """The anchor of ``edit``'s node and the step to it, or ``None`` when it is not
        here."""
        kind = kind_of(edit)
        node = next((n for n in self.nodes if isinstance(n, (ast.expr, ast.keyword)) and
                     kind.fits(n) and span_of(n, self.lines) == edit.target), None)
        if node is None:
            return None
        own = self.numbers.get(id(node))
        if own is not None:
            return own, None
        parent = self.parents.get(id(node))
        if isinstance(node, ast.keyword) and isinstance(parent, ast.Call):
            return self._in_call(parent, node, ())
        if isinstance(parent, ast.keyword):
            call = self.parents.get(id(parent))
            return self._in_call(call, parent, ("value",)) if isinstance(call, ast.Call) \
                else None
        if isinstance(parent, ast.Call) and node in parent.args:
            return self._in_call(parent, node, ("value",))
        if isinstance(parent, ast.Dict):
            for position, (key, value) in enumerate(zip(parent.keys, parent.values)):
                if key is node or (value is node and key is not None):  # (not ``**value``)
                    return self.numbers[id(parent)], \
                        ("elements", position, ("key",) if key is node else ("value",))
        if isinstance(parent, ast.Subscript) and parent.slice is node:
            return self.numbers[id(parent)], ("slice", 0, ("slice", "value"))
        return None

    def call_number(self, span: object) -> Anchor | None:
        """The anchor of the call at ``span``."""
        for node in self.nodes:
            if isinstance(node, ast.Call) and span_of(node, self.lines) == span:
                return self.numbers[id(node)]
        return None

    def _in_call(self, call: ast.Call, item: ast.AST, path: tuple[str, ...]
                 ) -> tuple[Anchor, Step]:
        arguments: list[ast.AST] = sorted([*call.args, *call.keywords], key=_source_order)
        position = next(i for i, a in enumerate(arguments) if a is item)
        return self.numbers[id(call)], ("args", position, path)


def _source_order(node: ast.AST) -> tuple[int, int, int, int]:
    """Where ``node`` starts; of two that start together, the outer one first."""
    assert isinstance(node, (ast.expr, ast.keyword))
    return (node.lineno, node.col_offset, -(node.end_lineno or node.lineno),
            -(node.end_col_offset or 0))


class _Transformer(cst.CSTTransformer):
    """Makes the edits in one region's snippet, numbering its nodes as
    :class:`AstNumbering` does."""

    def __init__(self, edits: Sequence[tuple[int, Edit, Anchor, Step]], indent: str,
                 layout: Layout, explode: set[Anchor]) -> None:
        super().__init__()
        # an anchor node -> (step, fix, edit)
        self.pending: dict[Anchor, list[tuple[Step, int, Edit]]] = {}
        for index, edit, anchor, step in edits:
            self.pending.setdefault(anchor, []).append((step, index, edit))
        self.explode = explode  # calls to lay out one argument a line
        self.indent = indent
        self.layout = layout
        self.counts: dict[str, int] = {}
        self.numbers: dict[int, Anchor] = {}  # id(original node) -> anchor
        self.quotes: list[str] = []  # the quotes of the f-strings we are in
        # the nodes to wrap, with their guard, by identity: holding the nodes, so that no
        # other node can take the identity of one that went away
        self.marks: dict[int, tuple[cst.CSTNode, str]] = {}
        self.failed: dict[int, str] = {}
        self.exploded: list[cst.Call] = []  # laid out since the statement began

    def on_visit(self, node: cst.CSTNode) -> bool:
        kind = _KINDS.get(type(node))
        if kind:
            number = self.counts.get(kind, 0)
            self.counts[kind] = number + 1
            self.numbers[id(node)] = (kind, number)
        if isinstance(node, cst.FormattedString):
            self.quotes.append(node.end[:1])
        return True  # (no visit_ methods to dispatch to)

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        pass  # no per-attribute hooks: libcst would look them up for every field

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        pass

    def on_leave(self, original_node: _Node, updated_node: _Node
                 ) -> _Node | cst.RemovalSentinel | cst.FlattenSentinel[_Node]:
        if isinstance(original_node, cst.FormattedString):
            self.quotes.pop()
        result: cst.CSTNode = updated_node
        if self.exploded and isinstance(updated_node, cst.SimpleStatementLine):
            call, self.exploded = self.exploded[0], []
            moved = _comment_moved_into(original_node, updated_node, call)
            if moved is not None:  # (a wrap's mark moves with the nodes it was on)
                self._mark(moved.body[0], self._unmark(updated_node.body[0]))
                result = updated_node = cast(_Node, moved)
        if self.marks and type(original_node) in _WRAPPING:
            result = self._wrapping(updated_node)
        if id(original_node) in self.numbers:
            # an edit may replace a node by one of another type ({**ctx, …} for ctx)
            return cast(_Node, self._edited(original_node, result))
        return updated_node if result is updated_node else cast(_Node, result)

    def _edited(self, original_node: cst.CSTNode, result: cst.CSTNode) -> cst.CSTNode:
        anchor = self.numbers[id(original_node)]
        entries = self.pending.pop(anchor, [])
        # children first, then the node itself; a wrap marks the final node (laid out)
        for step, index, edit in sorted(entries, key=lambda e: e[0] is None):
            quote = "" if edit.kind == WRAP_IN_GUARD else self._quote(index, edit)
            if not quote:
                continue
            changed = _at_step(result, step, edit, quote)
            if changed is None:
                self.failed[index] = "could not find the code to edit"
            else:
                result = changed
        if anchor in self.explode and isinstance(result, cst.Call):
            appended = len(result.args) - len(getattr(original_node, "args", result.args))
            result = syntax.one_argument_a_line(result, self.indent, appended)
            self.exploded.append(result)
        for _, _, edit in entries:
            if edit.kind == WRAP_IN_GUARD:
                self._mark(result, edit.expression)
        return result

    def _mark(self, node: cst.CSTNode, guard: str) -> None:
        if guard:
            self.marks[id(node)] = (node, guard)

    def _unmark(self, node: object) -> str:
        """``node``'s guard, no longer marked; ``""`` when it is not marked."""
        return self.marks.pop(id(node), (None, ""))[1]

    def _quote(self, index: int, edit: Edit) -> str:
        """The quote ``edit`` writes new strings with here, or ``""`` (and the fix fails)
        when it cannot: inside an f-string before Python 3.12 its quotes are taken."""
        if not self.quotes or self.layout.reusable_fstring_quotes:
            return '"'
        quote = free_quote(self.quotes, edit.expression)
        if not quote:
            self.failed[index] = f"{FSTRING_QUOTES})"
        return quote

    def _wrapping(self, node: cst.CSTNode) -> cst.CSTNode:
        """A call's mark goes to its statement; a block wraps its marked statements
        (``else: call()`` becomes a block when the call is to be wrapped)."""
        if isinstance(node, (cst.Expr, cst.SimpleStatementLine)):
            inner = node.value if isinstance(node, cst.Expr) else \
                node.body[0] if len(node.body) == 1 else None
            self._mark(node, self._unmark(
                inner.expression if isinstance(inner, cst.Await) else inner))
        elif isinstance(node, cst.SimpleStatementSuite) and \
                any(id(small) in self.marks for small in node.body):
            lines: list[cst.BaseStatement] = []
            for small in node.body:
                line = cst.SimpleStatementLine(
                    body=[small.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)])
                self._mark(line, self._unmark(small))
                lines.append(line)
            return cst.IndentedBlock(body=self._wrap(lines), header=node.trailing_whitespace,
                                     indent=self.indent)
        elif isinstance(node, (cst.IndentedBlock, cst.Module)):
            return node.with_changes(body=self._wrap(node.body))
        return node

    def _wrap(self, body: Sequence[cst.BaseStatement]) -> list[cst.BaseStatement]:
        """``body`` with each run of marked statements of one guard under one ``if``."""
        result: list[cst.BaseStatement] = []
        guards = [(self._unmark(statement), statement) for statement in body]
        for guard, run in itertools.groupby(guards, key=lambda pair: pair[0]):
            statements = [statement for _, statement in run]
            if guard:
                result.append(syntax.guarded(statements, guard, self.indent))
            else:
                result.extend(statements)
        return result


# -- helpers -----------------------------------------------------------------------------


def _comment_moved_into(original: cst.CSTNode, statement: cst.SimpleStatementLine,
                        call: cst.Call) -> cst.SimpleStatementLine | None:
    """A one-line statement's comment (``# noqa: GID201``) stays on the line where
    ``call`` begins once the call is laid out one argument a line: after its ``(``.
    ``None`` when there is nothing to move."""
    comment = statement.trailing_whitespace.comment
    first = call.whitespace_before_args
    if comment is None or not isinstance(first, cst.ParenthesizedWhitespace) or \
            "\n" in cst.Module([]).code_for_node(original).rstrip("\r\n"):
        return None
    moved = call.with_changes(whitespace_before_args=first.with_changes(
        first_line=cst.TrailingWhitespace(
            whitespace=statement.trailing_whitespace.whitespace, comment=comment)))
    return cast(cst.SimpleStatementLine, statement.deep_replace(call, moved)).with_changes(
        trailing_whitespace=cst.TrailingWhitespace(
            newline=statement.trailing_whitespace.newline))


def _at_step(anchor: cst.CSTNode, step: Step, edit: Edit, quote: str) -> cst.CSTNode | None:
    """``anchor`` with ``edit`` made to its child at ``step`` (or to itself); ``None``
    when the node there is not one ``edit`` changes."""
    if step is None:
        return _edit(edit, anchor, quote)
    field, position, path = step
    items = list(getattr(anchor, field))
    if position >= len(items) or (field == "slice" and len(items) != 1):
        return None
    nodes = [items[position]]  # the item, then the nodes down ``path``
    for name in path:
        nodes.append(getattr(nodes[-1], name, None))
    new = _edit(edit, nodes[-1], quote) if isinstance(nodes[-1], cst.CSTNode) else None
    if new is None:
        return None
    for parent, name in reversed(list(zip(nodes, path))):
        new = parent.with_changes(**{name: new})
    items[position] = new
    return anchor.with_changes(**{field: items})


def _edit(edit: Edit, node: cst.CSTNode, quote: str) -> cst.CSTNode | None:
    kind = kind_of(edit)
    return kind.apply(edit, node, quote) if kind.matches(node) else None


def _contains(statement: ast.stmt, target: Span, lines: Sequence[str]) -> bool:
    span, line = span_of(statement, lines), first_line(statement)
    start = (line, span.start_column if line == statement.lineno else 0)
    return start <= (target.start_line, target.start_column) and \
        (target.end_line, target.end_column) <= (span.end_line, span.end_column)


def _blocks_of(statement: ast.stmt) -> Iterable[list[ast.stmt]]:
    for name in BLOCK_FIELDS:
        block = getattr(statement, name, None)
        if isinstance(block, list) and block:
            # (except handlers and match cases hold their statements in their body)
            yield from [block] if isinstance(block[0], ast.stmt) else (b.body for b in block)


def _merged(regions: list[_Region]) -> list[_Region]:
    """One region per set of overlapping ones (an inner one goes into the outer; runs
    of one block join), then neighbours in one block that both wrap their statements
    (they go under one ``if``)."""
    regions = sorted(regions, key=lambda r: (r.first, -r.last))
    merged: list[_Region] = []
    for region in regions:
        if merged and region.first <= merged[-1].last:
            current = merged[-1]
            if region.last > current.last and current.block is region.block:
                current.end = region.end
            current.edits.extend(region.edits)
            continue
        merged.append(region)
    joined = merged[:1]
    for region in merged[1:]:
        current = joined[-1]
        if current.block is region.block and region.start == current.end + 1 and \
                _wraps(current, current.end) and _wraps(region, region.start):
            current.end = region.end
            current.edits.extend(region.edits)
        else:
            joined.append(region)
    return joined


def _wraps(region: _Region, position: int) -> bool:
    """``region`` wraps the statement at ``position`` of its block in a guard."""
    statement = region.block[position]
    return any(edit.kind == WRAP_IN_GUARD and
               statement.lineno <= edit.target.start_line <= (statement.end_lineno or 0)
               for _, edit in region.edits)


def _rewritten(snippet: str, change: Callable[[cst.Module], cst.Module]) -> str:
    """``snippet`` parsed with libcst, changed and written back."""
    if "\r" in snippet and "\n" not in snippet:
        # old-Mac line ends: libcst reads them as one line; Python reads no raw CR
        # inside a string of such a file, so they can go and come back
        return _rewritten(snippet.replace("\r", "\n"), change).replace("\n", "\r")
    try:
        module = cst.parse_module(snippet)
    except cst.ParserSyntaxError as error:
        raise _Failure(f"libcst cannot parse the code to edit: {error.message}") from None
    except RecursionError:
        raise _Failure("the code to edit is too deeply nested for libcst") from None
    return change(module).code


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")):]


def _newline(lines: Sequence[str]) -> str:
    return next((_ending(line) for line in lines if _ending(line)), "\n")


def _too_long(new: str, prefix: str, chunk: Sequence[str], limit: int) -> bool:
    old = set(chunk)
    return bool(limit) and any(len(line.rstrip("\r\n")) > limit
               for line in split_lines(new[len(prefix):]) if line not in old)


def _indent_unit(tree: ast.Module, lines: Sequence[str]) -> str:
    """The file's indentation unit: how much its first indented block is indented."""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.stmt) and isinstance(body, list) and body and \
                isinstance(body[0], ast.stmt) and body[0].lineno > node.lineno:
            outer, inner = lines[node.lineno - 1], lines[body[0].lineno - 1]
            unit = inner[len(outer) - len(outer.lstrip(" \t")):
                         len(inner) - len(inner.lstrip(" \t"))]
            if unit and not unit.strip():
                return unit
    return "    "


def _module_level_names(body: Sequence[ast.stmt]) -> set[str]:
    """Names the module binds at its top level (and in its top-level ``if``/``try``)."""
    names: set[str] = set()
    for statement in body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(statement.name)
        elif isinstance(statement, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in statement.names)
        elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) \
                else [statement.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(statement, (ast.If, ast.Try)):
            for block in _blocks_of(statement):
                names |= _module_level_names(block)
    return names
