"""``lint-groupid explain PATH:LINE``: why each analytics call on a line was judged so.

For every call on the line that could be an analytics call, it prints the
bindings the resolution went through (each with its file and line), what the
call was found to call, how its context was read, whether a guard dominates it,
and the findings it gets.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator

from .analysis.attribution import find_argument
from .analysis.context import NO_CONTEXT, DictInfo
from .analysis.sdk import GROUP_KEY
from .checker import AnalyticsCall, ModuleAnalysis
from .files import InputError, decode, read_bytes
from .positions import character_column
from .project.index import ProjectIndex
from .settings import Settings


def explain(path: str, line: int, settings: Settings,
            project: ProjectIndex | None = None) -> list[str]:
    """The explanation of every candidate call on ``line`` of ``path``, as lines of text
    (raises :class:`~lint_groupid.files.InputError` for a file it cannot read)."""
    source = decode(path, read_bytes(path))
    if line > max(len(source.lines), 1):
        raise InputError(f"{path}: no line {line}: the file has {len(source.lines)}")
    try:
        tree = ast.parse(source.text, filename=path)
    except (SyntaxError, ValueError, RecursionError) as error:
        return [f"{path}: could not parse: {error}"]
    project = project or ProjectIndex.for_settings(settings)
    key = project.key_for(path)
    analysis = ModuleAnalysis(tree, source.lines, settings, None, source.text, project, key,
                              every_imported_call=True)
    out: list[str] = []
    shown = _shown(path, project)
    steps: list[str] = []
    on_line = [c for c in analysis.index.candidates
               if c.call.lineno <= line <= (c.call.end_lineno or c.call.lineno)]
    # the chains first: the findings below fill the resolution's memory
    chains = []
    for candidate in on_line:
        steps.clear()
        analysis.resolver.trace = lambda what, at: steps.append(f"{what} ({shown}:{at})")
        if analysis.linker is not None:
            analysis.linker.trace = lambda what, module, at: steps.append(
                f"{what} ({_shown(project.finder.path_of(module), project)}:{at})")
        chains.append((candidate, analysis.classify(candidate), _unique(steps)))
    analysis.resolver.trace = None
    if analysis.linker is not None:
        analysis.linker.trace = None
    findings = analysis.findings()
    spans = {id(c.call): _span(c.call, source.lines) for c, _, _ in chains}
    # each finding belongs to the innermost call whose text holds it (the one that
    # starts last; of two that start together, the one that ends first)
    owner: dict[int, int] = {}
    for number, finding in enumerate(findings):
        at = (finding.line, finding.column)
        holders = [(start, (-end[0], -end[1]), key) for key, (start, end) in spans.items()
                   if start <= at <= end]
        if holders:
            owner[number] = max(holders)[2]
    for candidate, classified, chain in chains:
        call = candidate.call
        text = ast.unparse(call)
        out.append(f"{shown}:{call.lineno}:{call.col_offset + 1}: "
                   f"{text if len(text) <= 80 else text[:77] + '...'}")
        out.extend(f"    via {step}" for step in chain)
        if classified is None:
            out.append("  not an analytics call: its callee does not resolve to the SDK, "
                       "a Client, or a project wrapper")
            continue
        out.extend(_judgement(analysis, classified, settings))
        mine = [f for number, f in enumerate(findings) if owner.get(number) == id(call)]
        if mine:
            out.extend(f"  finding: {f.code} {f.message} ({f.line}:{f.column})" for f in mine)
        else:
            out.append("  no finding")
    if not out:
        out.append(f"{shown}:{line}: no call on this line that could be an analytics call")
    analysis.release()
    return out


def _judgement(analysis: ModuleAnalysis, call: AnalyticsCall, settings: Settings
               ) -> Iterator[str]:
    target = call.target
    if target.is_wrapper:
        how = "by keyword only" if target.signature is None or \
            target.context_parameter not in target.signature else \
            f"by keyword or position {target.signature.index(target.context_parameter) + 1}"
        yield f"  calls: the wrapper `{target.origin}` of {target.method}(); its context " \
              f"parameter is `{target.context_parameter}` ({how})"
        if target.satisfied:
            yield "  context: the wrapper adds groupId itself: nothing to check here"
    else:
        kind = "a Client's method" if target.origin.startswith("Client.") else \
            "a module function"
        yield f"  calls: the SDK's {target.method}() ({kind})"
    candidate = call.candidate
    if target.method in settings.grouped_methods and not target.satisfied:
        if analysis.forwards_own_context(call):
            yield "  context: passes its function's own parameter on: the function is a " \
                  "wrapper, and its callers are checked instead"
        else:
            yield f"  context: {_context(analysis, call)}"
    elif target.method not in settings.grouped_methods:
        yield f"  context: not checked ({target.method} is not in grouped-methods)"
    if target.method not in settings.guarded_methods:
        yield f"  guard: not checked ({target.method} is not in guarded-methods)"
    elif target.is_wrapper:
        yield "  guard: not checked at a wrapper's call (it belongs at the SDK call inside)"
    else:
        # the check's own guard analysis: the configured guard, and the project's guard
        # helpers and functions that never return
        why = analysis.guards.guarded_by(candidate.call, candidate.scope, candidate.ancestors)
        yield f"  guard: {why}" if why is not None else \
            "  guard: none: it can run for an internal user"


def _context(analysis: ModuleAnalysis, call: AnalyticsCall) -> str:
    candidate, target = call.candidate, call.target
    found = find_argument(candidate.call, target.context_parameter, target, analysis.analyzer,
                          candidate.scope, call.path)
    if found.hidden_by is not None:
        return f"hidden by `{ast.unparse(found.hidden_by)}` (unknown)"
    if found.value is None:
        if target.default_grouped:
            return f"no `{target.context_parameter}` argument: the wrapper puts one with " \
                   "groupId in its place"
        return f"no `{target.context_parameter}` argument: no groupId"
    value = analysis.analyzer.evaluate(found.value, candidate.scope, call.path)
    where = f"`{ast.unparse(found.value)[:60]}` (line {found.value.lineno})"
    if value is NO_CONTEXT:
        return f"{where} is None: no groupId"
    if isinstance(value, DictInfo):
        keys = ", ".join(sorted(value.entries)) or "no keys"
        entry = value.entries.get(GROUP_KEY)
        if entry is not None:
            state = "an empty groupId" if entry.empty else "a groupId"
        elif value.may_hold(GROUP_KEY):
            state = "maybe a groupId (unknown)"
        else:
            state = "no groupId"
        return f"{where} is a dict with {keys}: {state}"
    return f"{where} cannot be read statically (unknown)"


def _span(call: ast.Call, lines: list[str]) -> tuple[tuple[int, int], tuple[int, int]]:
    """Where ``call`` starts and ends, as findings give positions (1-based characters)."""
    end_line = call.end_lineno or call.lineno
    end_offset = call.end_col_offset if call.end_col_offset is not None else call.col_offset
    return ((call.lineno, character_column(lines, call.lineno, call.col_offset) + 1),
            (end_line, character_column(lines, end_line, end_offset) + 1))


def _shown(path: str, project: ProjectIndex) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return path
    return path if relative.startswith(os.pardir) else relative


def _unique(items: list[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
