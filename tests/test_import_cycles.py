"""No import cycles between the project's modules, imports inside functions included
(issue 20). import-linter's contracts (pyproject.toml, ``make lint``) keep the layers and
the packages; this keeps every module, so a cycle hidden one level down fails here too."""

import sys

import grimp

ROOTS = ("portal", "recruitment", "careers", "feedback", "demo")


def module_cycles(graph) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), migrations aside."""
    modules = sorted(m for m in graph.modules if ".migrations" not in m)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = [0]

    def visit(module: str) -> None:
        index[module] = low[module] = counter[0]
        counter[0] += 1
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if ".migrations" in imported:
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for module in modules:
            if module not in index:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return groups


def test_no_module_imports_itself_round_a_circle():
    graph = grimp.build_graph(*ROOTS, include_external_packages=False)
    assert module_cycles(graph) == []


def test_the_check_finds_a_cycle():
    graph = grimp.ImportGraph()
    for module in ("a", "a.one", "a.two", "a.three"):
        graph.add_module(module)
    graph.add_import(importer="a.one", imported="a.two")
    graph.add_import(importer="a.two", imported="a.one")
    graph.add_import(importer="a.three", imported="a.one")
    assert module_cycles(graph) == [["a.one", "a.two"]]
