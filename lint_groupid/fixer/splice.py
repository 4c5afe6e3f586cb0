"""Apply fixes by splicing source text: the fixer's fast path.

A libcst parse costs about twenty ``ast`` parses, and finding nodes by span
needs libcst's position metadata, which costs two more; a file with many fixes
paid that for a few changed lines. The edits a fix makes are small and
regular, so this module makes them on the text, at the spans the checker
found, laying new code out exactly as :mod:`.apply` (the libcst engine) does:
the same new element placement, indentation and line endings.

Anything outside the layouts modelled here (backslash continuations, strings
spanning lines in a statement to wrap, nested edits, a file without leading
imports that needs one) raises :class:`Unsupported`, and the libcst engine
does the work instead. Either way the result is verified before it is written.
"""

from __future__ import annotations

import ast
import functools
import io
import itertools
import re
import tokenize
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..analysis.sdk import GROUP_KEY
from ..fixes import (
    ADD_TO_DICT,
    ADD_TO_DICT_CALL,
    APPEND_CONTEXT,
    RENAME_KEY,
    REPLACE_CONTEXT,
    SPREAD_CONTEXT,
    WRAP_IN_GUARD,
    Edit,
    Fix,
    Span,
    first_line,
    span_of,
    split_lines,
    start_keys,
    walk_lines,
)
from .verify import fits

# libcst puts these in parentheses after ``**`` (see apply._LOW_PRECEDENCE)
_LOW_PRECEDENCE = (ast.IfExp, ast.Lambda, ast.NamedExpr, ast.BoolOp, ast.Compare)
_BLOCK_FIELDS = ("body", "orelse", "finalbody")
_NEWLINE = re.compile(r"\r\n?|\n")
_SIMPLE_STRING = re.compile(r"([a-zA-Z]*)('''|\"\"\"|'|\")(.*)\2\Z", re.DOTALL)
_IMPORT_LINE = re.compile(r"from\s+([\w.\s]+?)\s+import\s+([^#()\\;]+?)(\s*(?:#[^\r\n]*)?"
                          r"(?:\r\n|\r|\n)?)\Z")
_ALIAS = re.compile(r"([\w.]+)(?:\s+as\s+\w+)?\Z")


class Unsupported(Exception):
    """A layout the text splicer does not model; the libcst engine takes over."""


@dataclass
class _Region:
    """Statements of one block that go under one ``if not GUARD:``."""

    guard: str
    start: int  # offset of the first statement's line
    end: int  # offset just past the last statement's line
    indent: str  # the block's indentation
    protected: set[int] = field(default_factory=set)  # lines that start inside a string
    replacements: list[tuple[int, int, str]] = field(default_factory=list)


def splice_fixes(text: str, fixes: Sequence[Fix], tree: ast.Module | None = None) -> str:
    """``text`` with every edit of ``fixes`` applied, and the imports they need.
    ``tree``, the ``ast`` of ``text``, saves parsing it again."""
    return _Splicer(text, tree).apply(fixes)


class _Splicer:
    def __init__(self, text: str, tree: ast.Module | None) -> None:
        self.text = text
        self.lines = split_lines(text)
        self.starts = list(itertools.accumulate(map(len, self.lines), initial=0))
        try:
            self.tree = tree or ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            raise Unsupported("the file does not parse") from None
        match = _NEWLINE.search(text)
        self.newline = match.group(0) if match else "\n"
        self._indent: str | None = None
        self._parents: dict[int, ast.AST] | None = None  # made when first needed

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column

    def bounds(self, node: ast.AST) -> tuple[int, int]:
        span = span_of(node, self.lines)
        return (self.offset(span.start_line, span.start_column),
                self.offset(span.end_line, span.end_column))

    # -- the whole file ------------------------------------------------------------

    def apply(self, fixes: Sequence[Fix]) -> str:
        edits = [edit for fix in fixes for edit in fix.edits]
        nodes = self._nodes_at({edit.target for edit in edits})
        replacements: list[tuple[int, int, str]] = []
        wraps: list[Edit] = []
        for edit in edits:
            if edit.kind == WRAP_IN_GUARD:
                wraps.append(edit)
                continue
            node = nodes.get((edit.target, edit.kind))
            if node is None:
                raise Unsupported(f"no node for {edit.kind}")
            replacements.append(self._replacement(edit, node))
        replacements.sort()
        for (_, end, _), (start, _, _) in zip(replacements, replacements[1:]):
            if start < end:
                raise Unsupported("edits nest")
        regions = self._regions(wraps) if wraps else []
        operations: list[tuple[int, int, int, str]] = []  # start, order, end, new text
        for start, end, new in replacements:
            region = next((r for r in regions if r.start <= start < r.end), None)
            if region is None:
                operations.append((start, 1, end, new))
            else:
                region.replacements.append((start, end, new))
        for region in regions:
            operations.append((region.start, 1, region.end, self._wrapped(region)))
        if regions:
            imports = sorted({pair for fix in fixes if any(e.kind == WRAP_IN_GUARD
                                                          for e in fix.edits)
                              for pair in fix.imports})
            if len(imports) > 1:
                raise Unsupported("more than one import to add")
            if imports:
                found = self._import(*imports[0])
                if found is not None:
                    operations.append(found)
        operations.sort()
        out: list[str] = []
        position = 0
        for start, _, end, new in operations:
            if start < position:
                raise Unsupported("edits overlap")
            out.append(self.text[position:start])
            out.append(new)
            position = end
        out.append(self.text[position:])
        return "".join(out)

    def _nodes_at(self, targets: set[Span]) -> dict[tuple[Span, str], ast.AST]:
        """The node each edit is about, by span and kind; of nodes with the same span,
        the innermost (as the libcst engine, which edits on leaving a node)."""
        found: dict[tuple[Span, str], ast.AST] = {}
        keys = start_keys(targets, self.lines)
        for node in walk_lines(self.tree, {line for line, _ in keys}):
            if isinstance(node, ast.stmt) or \
                    (getattr(node, "lineno", 0), getattr(node, "col_offset", 0)) not in keys:
                continue
            span = span_of(node, self.lines)
            if span in targets:
                for kind in _EXPRESSION_KINDS:
                    if fits(kind, node):
                        found[(span, kind)] = node
        return found

    # -- expression edits ----------------------------------------------------------------

    def _replacement(self, edit: Edit, node: ast.AST) -> tuple[int, int, str]:
        start, end = self.bounds(node)
        expression = edit.expression
        if "\n" in expression or "\r" in expression:
            raise Unsupported("an expression over several lines")
        if edit.kind == RENAME_KEY:
            if isinstance(node, ast.keyword):
                assert node.arg is not None
                return start, start + len(node.arg), GROUP_KEY
            match = _SIMPLE_STRING.match(self.text[start:end])
            if isinstance(node, ast.Constant) and match is not None:
                prefix, quote, body = match.groups()
                if quote[0] in body:
                    raise Unsupported("a string that may be concatenated")
                return start, end, f"{prefix}{quote}{GROUP_KEY}{quote}"
            return start, end, f'"{GROUP_KEY}"'
        if edit.kind == REPLACE_CONTEXT:
            return start, end, f'{{"{GROUP_KEY}": {expression}}}'
        if edit.kind == SPREAD_CONTEXT:
            own = self._own_parentheses(node, start, end)
            if own is not None:
                value = self.text[own[0]:own[1]]
                start, end = own
            elif isinstance(node, _LOW_PRECEDENCE):
                value = f"({self.text[start:end]})"
            else:
                value = self.text[start:end]
            return start, end, f'{{**{value}, "{GROUP_KEY}": {expression}}}'
        if edit.kind == APPEND_CONTEXT:
            return self._append(node, f'context={{"{GROUP_KEY}": {expression}}}')
        if edit.kind == ADD_TO_DICT_CALL:
            return self._append(node, f"{GROUP_KEY}={expression}")
        assert edit.kind == ADD_TO_DICT and isinstance(node, ast.Dict)
        quote = self._quote_of(node)
        return self._append(node, f"{quote}{GROUP_KEY}{quote}: {expression}")

    def _own_parentheses(self, node: ast.AST, start: int, end: int
                         ) -> tuple[int, int] | None:
        """From the first of the expression's own parentheses to the last, if it
        has some. The context is an argument, so they are the ones between it and
        what separates it from its neighbours (``=``, a comma, the call's)."""
        parent = self._parent_of(node)
        if isinstance(parent, ast.keyword) and parent.arg is not None:
            keyword_start, keyword_end = self.bounds(parent)
            before = _scan(self.text, keyword_start + len(parent.arg), start)
            after = _scan(self.text, end, keyword_end)
            opening = [s for kind, s, _ in before if kind == "("]
            closing = [e for kind, _, e in after if kind == ")"]
        elif isinstance(parent, ast.Call) and any(a is node for a in parent.args):
            elements = _arguments(parent)
            index = next(i for i, e in enumerate(elements) if e is node)
            call_end = self.bounds(parent)[1]
            previous = self.bounds(elements[index - 1])[1] if index else \
                self._opening_parenthesis(self.bounds(parent.func)[1], call_end - 1) + 1
            following = self.bounds(elements[index + 1])[0] \
                if index + 1 < len(elements) else call_end - 1
            opening, closing = [], []
            for kind, token_start, _ in _scan(self.text, previous, start):
                if kind == ",":
                    opening = []  # those before the comma are the previous element's
                elif kind == "(":
                    opening.append(token_start)
            for kind, _, token_end in _scan(self.text, end, following):
                if kind == ",":
                    break
                if kind == ")":
                    closing.append(token_end)
        else:
            raise Unsupported("a context that is not an argument")
        if len(opening) != len(closing):
            raise Unsupported("unbalanced parentheses around an argument")
        return (opening[0], closing[-1]) if opening else None

    def _parent_of(self, node: ast.AST) -> ast.AST | None:
        if self._parents is None:
            self._parents = {id(child): parent for parent in ast.walk(self.tree)
                             for child in ast.iter_child_nodes(parent)}
        return self._parents.get(id(node))

    def _quote_of(self, node: ast.Dict) -> str:
        for key in node.keys:
            if not isinstance(key, ast.Constant) or not isinstance(key.value, (str, bytes)):
                continue
            start, end = self.bounds(key)
            match = _SIMPLE_STRING.match(self.text[start:end])
            if match is None or match.group(2)[0] in match.group(3):
                raise Unsupported("a key that may be a concatenated string")
            if match.group(2) in ('"', "'"):
                return match.group(2)
        return '"'

    def _append(self, node: ast.AST, new: str) -> tuple[int, int, str]:
        """``new`` as the last element of the call or dict ``node``, laid out like
        :func:`.apply._append`: on the same line, or on a line of its own with its
        neighbours' indentation, keeping a trailing comma and end-of-line comments."""
        start, end = self.bounds(node)
        closing_bracket = end - 1
        if self.text[closing_bracket] not in ")}":
            raise Unsupported("a container that does not end with its bracket")
        if isinstance(node, ast.Call):
            elements = _arguments(node)
            opening = self._opening_parenthesis(self.bounds(node.func)[1], closing_bracket)
            ranges = [self.bounds(e) for e in elements]
        else:
            assert isinstance(node, ast.Dict)
            opening = start
            ranges = []
            for key, value in zip(node.keys, node.values):
                value_start, value_end = self.bounds(value)
                ranges.append((self.bounds(key)[0] if key is not None else value_start,
                               value_end))
        if not ranges:
            return closing_bracket, closing_bracket, new
        last_start, last_end = ranges[-1]
        if last_end > closing_bracket:
            raise Unsupported("an element that reaches the closing bracket")
        # after the last element: its own ")"s, maybe a trailing comma, whitespace
        tokens = list(_scan(self.text, last_end, closing_bracket))
        outer_end = last_end
        comma = None
        for kind, token_start, token_end in tokens:
            if kind == ")" and comma is None:
                outer_end = token_end
            elif kind == "," and comma is None:
                comma = token_start
            elif kind != "ws":
                raise Unsupported("unexpected tokens after the last element")
        closing = self.text[(comma + 1 if comma is not None else outer_end):closing_bracket]
        if len(ranges) > 1:
            template = self._whitespace_after_comma(ranges[-2][1], last_start)
        else:
            template = self._leading_whitespace(opening + 1, last_start)
        if _multi_line(template) and _multi_line(closing):
            after_last = _through_last_newline(closing) + _last_line(template)
            closing = self.newline + _last_line(closing)
        elif _multi_line(template):
            after_last = self.newline + _last_line(template)
        else:
            after_last = " "
        if comma is not None:
            text = (self.text[outer_end:comma] + "," + after_last + new + "," + closing)
        else:
            text = "," + after_last + new + closing
        return outer_end, closing_bracket, text

    def _opening_parenthesis(self, func_end: int, limit: int) -> int:
        for kind, token_start, _ in _scan(self.text, func_end, limit + 1):
            if kind == "(":
                return token_start
            if kind not in (")", "ws"):
                break
        raise Unsupported("no opening parenthesis after the callee")

    def _whitespace_after_comma(self, previous_end: int, next_start: int) -> str:
        after_comma = None
        for kind, token_start, token_end in _scan(self.text, previous_end, next_start):
            if kind == "," and after_comma is None:
                after_comma = token_end
            elif kind != "ws" and after_comma is not None:
                return self.text[after_comma:token_start]
            elif kind not in ("ws", ")"):
                raise Unsupported("unexpected tokens between elements")
        if after_comma is None:
            raise Unsupported("no comma between elements")
        return self.text[after_comma:next_start]

    def _leading_whitespace(self, start: int, limit: int) -> str:
        for kind, token_start, _ in _scan(self.text, start, limit):
            if kind != "ws":
                return self.text[start:token_start]
        return self.text[start:limit]

    # -- wrapping statements ----------------------------------------------------------------

    def _regions(self, wraps: Sequence[Edit]) -> list[_Region]:
        guard_of = {edit.target: edit.expression for edit in wraps}
        lines = {edit.target.start_line for edit in wraps}
        chosen: list[tuple[list[ast.stmt], int, ast.stmt, str]] = []
        for block, index, statement, call in _call_statements(self.tree):
            guard = guard_of.pop(span_of(call, self.lines), None) \
                if call.lineno in lines else None
            if guard is not None:
                chosen.append((block, index, statement, guard))
        if guard_of:
            raise Unsupported("a statement to wrap was not found")
        regions: list[_Region] = []
        previous: tuple[list[ast.stmt], int, str] | None = None
        for block, index, statement, guard in chosen:
            end_line = statement.end_lineno or statement.lineno
            if previous is not None and previous[0] is block and \
                    previous[1] == index - 1 and previous[2] == guard:
                regions[-1].end = self.starts[end_line]
            else:
                line = self.lines[statement.lineno - 1]
                indent = line[:len(line) - len(line.lstrip(" \t"))]
                if len(indent) != statement.col_offset:
                    raise Unsupported("a statement not at the start of its line")
                regions.append(_Region(guard, self.starts[statement.lineno - 1],
                                       self.starts[end_line], indent))
            previous = (block, index, guard)
            regions[-1].protected |= self._string_lines(statement)
        return regions

    def _string_lines(self, statement: ast.stmt) -> set[int]:
        """The statement's lines that start inside a string: libcst leaves them as they
        are when it indents the statement."""
        spans_lines = False
        for node in ast.walk(statement) if statement.end_lineno != statement.lineno else ():
            if isinstance(node, ast.JoinedStr) and node.end_lineno != node.lineno:
                raise Unsupported("an f-string over several lines")
            if isinstance(node, ast.Constant) and node.end_lineno != node.lineno:
                spans_lines = True
        first, last = statement.lineno, statement.end_lineno or statement.lineno
        for line in self.lines[first - 1:last]:
            if line.rstrip("\r\n").endswith("\\"):
                raise Unsupported("a backslash continuation")
        if not spans_lines:
            return set()
        lines: set[int] = set()
        text = "".join(self.lines[first - 1:last])
        try:
            for token in tokenize.generate_tokens(io.StringIO(text).readline):
                if token.type == tokenize.STRING and token.end[0] > token.start[0]:
                    lines.update(range(first + token.start[0], first + token.end[0]))
        except (tokenize.TokenError, SyntaxError):
            raise Unsupported("a statement that does not tokenize alone") from None
        return lines

    def _wrapped(self, region: _Region) -> str:
        """The region under ``if not GUARD:``, its edits made, indented one level the
        way libcst indents (not blank lines, nor lines less indented than the block,
        nor lines inside strings)."""
        pieces: list[tuple[str, int | None]] = []  # text, its offset in the original
        position = region.start
        for start, end, new in sorted(region.replacements):
            pieces.append((self.text[position:start], position))
            pieces.append((new, None))
            position = end
        pieces.append((self.text[position:region.end], position))
        protected: set[int] = set()  # offsets in the new text
        length = 0
        for piece, origin in pieces:
            if origin is not None:
                for number in region.protected:
                    line_start = self.starts[number - 1]
                    if origin <= line_start < origin + len(piece):
                        protected.add(length + line_start - origin)
            length += len(piece)
        indent = self._default_indent()
        body = [f"{region.indent}if not {_guard_text(region.guard)}:{self.newline}"]
        offset = 0
        for line in split_lines("".join(piece for piece, _ in pieces)):
            at = offset
            offset += len(line)
            if at not in protected and line.startswith(region.indent) and line.strip():
                line = region.indent + indent + line[len(region.indent):]
            body.append(line)
        return "".join(body)

    def _default_indent(self) -> str:
        """libcst's default indentation: that of the file's first indented block."""
        if self._indent is None:
            self._indent = "    "
            try:
                for token in tokenize.generate_tokens(io.StringIO(self.text).readline):
                    if token.type == tokenize.INDENT:
                        self._indent = token.string
                        break
            except (tokenize.TokenError, SyntaxError):
                raise Unsupported("the file does not tokenize") from None
        return self._indent

    # -- the guard's import ----------------------------------------------------------------

    def _import(self, module: str, name: str) -> tuple[int, int, int, str] | None:
        """Where ``from module import name`` goes (see :func:`.apply.add_import`)."""
        body = self.tree.body
        if name in _module_level_names(body):
            return None
        groups = list(_lines_of_statements(body))
        for group in groups:
            statement = group[0]
            if len(group) == 1 and isinstance(statement, ast.ImportFrom) and \
                    statement.level == 0 and statement.module == module and \
                    not any(alias.name == "*" for alias in statement.names):
                return self._merged_import(statement, name)
        position = 0
        for index, group in enumerate(groups):
            if index == 0 and len(group) == 1 and _is_docstring(group[0]):
                position = 1
                continue
            if all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in group):
                position = index + 1
                continue
            break
        if position == 0:
            if not groups:
                raise Unsupported("an empty module")
            # libcst keeps the comments above the first statement in the module's header
            at = self.starts[first_line(groups[0][0]) - 1]
        else:
            end_line = max(s.end_lineno or s.lineno for s in groups[position - 1])
            if end_line == len(self.lines) and not self.lines[-1].endswith(("\n", "\r")):
                raise Unsupported("the file ends without a line break after its imports")
            at = self.starts[end_line]
        # order 0: before a wrapped statement that starts at the same place
        return at, 0, at, f"from {module} import {name}{self.newline}"

    def _merged_import(self, statement: ast.ImportFrom, name: str
                       ) -> tuple[int, int, int, str]:
        if statement.end_lineno != statement.lineno or statement.col_offset != 0:
            raise Unsupported("an import over several lines")
        line = self.lines[statement.lineno - 1]
        match = _IMPORT_LINE.match(line)
        if match is None:
            raise Unsupported("an import laid out in an unexpected way")
        head = line[:match.start(2)]
        aliases = [part.strip() for part in match.group(2).split(",")]
        if not all(_ALIAS.match(alias) for alias in aliases):
            raise Unsupported("an import laid out in an unexpected way")
        aliases.append(name)
        aliases.sort(key=lambda alias: alias.split()[0])
        start = self.starts[statement.lineno - 1]
        return start, 1, start + len(line), head + ", ".join(aliases) + match.group(3)


_EXPRESSION_KINDS = (APPEND_CONTEXT, ADD_TO_DICT_CALL, ADD_TO_DICT, RENAME_KEY,
                     REPLACE_CONTEXT, SPREAD_CONTEXT)


def _arguments(call: ast.Call) -> list[ast.AST]:
    """A call's positional and keyword arguments in the order they are written."""
    return sorted([*call.args, *call.keywords],
                  key=lambda n: (n.lineno, n.col_offset))  # type: ignore[attr-defined]


def _scan(text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """The tokens between two elements: brackets, commas, ``**``, and whitespace
    (spaces, line breaks and comments, as one "ws" token per run)."""
    position = start
    while position < end:
        char = text[position]
        if char in "(),=":
            yield char, position, position + 1
            position += 1
        elif char == "*" and text.startswith("**", position):
            yield "**", position, position + 2
            position += 2
        elif char in " \t\f\r\n#":
            run = position
            while position < end:
                char = text[position]
                if char == "#":
                    while position < end and text[position] not in "\r\n":
                        position += 1
                elif char in " \t\f\r\n":
                    position += 1
                else:
                    break
            yield "ws", run, position
        else:
            raise Unsupported(f"unexpected {char!r} between elements")


def _multi_line(whitespace: str) -> bool:
    return "\n" in whitespace or "\r" in whitespace


def _last_line(whitespace: str) -> str:
    return re.split(r"\r\n?|\n", whitespace)[-1]


def _through_last_newline(whitespace: str) -> str:
    return whitespace[:len(whitespace) - len(_last_line(whitespace))]


@functools.lru_cache(maxsize=64)
def _guard_text(guard: str) -> str:
    try:
        expression = ast.parse(guard.strip(), mode="eval").body
    except SyntaxError:
        raise Unsupported("a guard that does not parse") from None
    if isinstance(expression, (ast.Name, ast.Attribute, ast.Call, ast.Subscript)):
        return guard
    return f"({guard})"


def _call_statements(tree: ast.Module) -> Iterator[tuple[list[ast.stmt], int, ast.stmt,
                                                         ast.Call]]:
    """Every statement that is a (possibly awaited) call, with its block and index."""
    blocks: list[list[ast.stmt]] = [tree.body]
    while blocks:
        block = blocks.pop()
        for index, statement in enumerate(block):
            if isinstance(statement, ast.Expr):
                value = statement.value
                if isinstance(value, ast.Await):
                    value = value.value
                if isinstance(value, ast.Call):
                    yield block, index, statement, value
                continue
            for name in _BLOCK_FIELDS:
                inner = getattr(statement, name, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                    blocks.append(inner)
            for handler in getattr(statement, "handlers", ()):
                blocks.append(handler.body)
            for case in getattr(statement, "cases", ()):
                blocks.append(case.body)


def _lines_of_statements(body: Sequence[ast.stmt]) -> Iterator[list[ast.stmt]]:
    """Module statements grouped as libcst does: those sharing a line (``a; b``)."""
    group: list[ast.stmt] = []
    for statement in body:
        if group and statement.lineno == group[-1].end_lineno:
            group.append(statement)
            continue
        if group:
            yield group
        group = [statement]
    if group:
        yield group


def _is_docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) \
        and isinstance(statement.value.value, (str, bytes))


def _module_level_names(body: Sequence[ast.stmt]) -> set[str]:
    """The names :func:`.apply._module_level_names` finds, from the ``ast``."""
    names: set[str] = set()
    for statement in body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(statement.name)
        elif isinstance(statement, (ast.Import, ast.ImportFrom)):
            for alias in statement.names:
                if alias.name != "*":
                    names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(statement, ast.Assign):
            names.update(t.id for t in statement.targets if isinstance(t, ast.Name))
    return names
