"""Limits on what one GraphQL operation may ask for, checked before anything runs.

Tokens use Strawberry's own extension. Depth, aliases and cost are one validation rule of
ours: Strawberry's depth and alias limiters expand every fragment spread anew, so fragments
that spread others twice over take exponential time (a 300-token query hangs a worker); ours
work each fragment out once. The cost bounds the objects an operation may return: each
connection multiplies its children by `first` (or `last`; the default page when absent), each
plain list by `LIST_ESTIMATE`. Being validation, the verdict is kept by the validation cache,
so it cannot see the variables sent: it prices a variable at its default, else the maximum.
The value sent is what runs, so the service checks again with the variables' values
(`operation_cost`) when a page size is a variable. No size prices below zero: a negative one
would let the rest of the operation through.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    DocumentNode, FieldNode, FragmentDefinitionNode, FragmentSpreadNode, GraphQLError, GraphQLList, GraphQLNonNull,
    GraphQLObjectType, GraphQLSchema, InlineFragmentNode, IntValueNode, OperationDefinitionNode,
    SelectionSetNode, ValidationContext, ValidationRule, VariableNode, get_named_type,
)
from strawberry.extensions import AddValidationRules, MaxTokensLimiter

from policyapi.paging import DEFAULT_PAGE, MAX_PAGE

LIST_ESTIMATE = 20  # objects assumed in a plain (unpaged) list: a measure's units, a province's cities
PAGE_ARGUMENTS = frozenset({"first", "last"})
_OUT_OF_RANGE = 2**31  # any Int literal past 32 bits is refused by validation; priced as this


@dataclass(frozen=True)
class Limits:
    max_depth: int = 12  # introspection is not counted, so GraphiQL still works
    max_aliases: int = 30
    max_tokens: int = 2_000
    max_cost: int = 10_000  # objects an operation may return


def extensions(limits: Limits) -> list:
    """Schema extensions (factories) enforcing `limits`.

    The rule classes are made once here, not per request: the validation cache is keyed by
    the rules, so new classes on every request would make every request miss it.
    """
    rules = [limits_rule(limits)]
    return [lambda: MaxTokensLimiter(max_token_count=limits.max_tokens), lambda: AddValidationRules(rules)]


def limits_rule(limits: Limits) -> type[ValidationRule]:
    class OperationLimits(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: object) -> None:
            context: ValidationContext = self.context
            fragments = {f.name.value: f for f in context.document.definitions
                         if isinstance(f, FragmentDefinitionNode)}
            name = node.name.value if node.name else "anonymous"
            depth, aliases = _shape(node.selection_set, fragments, set(), {})
            if depth > limits.max_depth:  # the messages are Strawberry's limiters' own
                context.report_error(GraphQLError(f"'{name}' exceeds maximum operation depth of {limits.max_depth}",
                                                  node))
            if aliases > limits.max_aliases:
                context.report_error(GraphQLError(f"{aliases} aliases found. Allowed: {limits.max_aliases}", node))
            root = context.schema.get_root_type(node.operation)
            # The values sent are not known here: a variable is priced at its Int default, else the maximum.
            sizes = {v.variable.name.value: int_literal(v.default_value.value)
                     if isinstance(v.default_value, IntValueNode) else MAX_PAGE
                     for v in node.variable_definitions or ()}
            cost = _cost(context.schema, root, node.selection_set, fragments, sizes, set(), {}) if root else 0
            if cost > limits.max_cost:
                context.report_error(GraphQLError(cost_message(node, cost, limits), node))

    return OperationLimits


def cost_message(operation: OperationDefinitionNode, cost: int, limits: Limits) -> str:
    named = f"'{operation.name.value}' " if operation.name else ""
    return (f"operation {named}may return up to {cost} objects, over the limit of {limits.max_cost}: "
            f"ask for smaller pages (first) or fewer nested lists")


def operation_cost(schema: GraphQLSchema, operation: OperationDefinitionNode, document: DocumentNode,
                   sizes: dict[str, int | None]) -> int:
    """The cost of `operation` with its page-size variables at `sizes` (None: not given, the default page)."""
    fragments = {f.name.value: f for f in document.definitions if isinstance(f, FragmentDefinitionNode)}
    root = schema.get_root_type(operation.operation)
    return _cost(schema, root, operation.selection_set, fragments, sizes, set(), {}) if root else 0


def int_literal(text: str) -> int:
    """An Int literal's value; past 32 bits (even 50,000 digits, which `int()` refuses) it is out of range."""
    return int(text) if len(text) <= 11 else -_OUT_OF_RANGE if text.startswith("-") else _OUT_OF_RANGE


def _shape(selections: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode], seen: set[str],
           memo: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """(depth, aliases) below `selections`: depth counts nested fields (introspection fields
    not), aliases count every aliased field as the query expands; each fragment worked out once."""
    depth = aliases = 0
    for selection in selections.selections if selections else ():
        if isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name not in memo:
                fragment = fragments.get(name)
                memo[name] = (0, 0) if fragment is None or name in seen else \
                    _shape(fragment.selection_set, fragments, seen | {name}, memo)
            inner_depth, inner_aliases = memo[name]
        elif isinstance(selection, InlineFragmentNode):
            inner_depth, inner_aliases = _shape(selection.selection_set, fragments, seen, memo)
        else:
            assert isinstance(selection, FieldNode)
            aliases += selection.alias is not None
            if selection.name.value.startswith("__") or selection.selection_set is None:
                continue
            inner_depth, inner_aliases = _shape(selection.selection_set, fragments, seen, memo)
            inner_depth += 1
        depth, aliases = max(depth, inner_depth), aliases + inner_aliases
    return depth, aliases


def _cost(schema: GraphQLSchema, parent: GraphQLObjectType, selections: SelectionSetNode | None,
          fragments: dict[str, FragmentDefinitionNode], sizes: dict, seen: set[str], memo: dict,
          page: int = 1) -> int:
    """Objects returned below `selections`, once per parent object (`page`: the parent connection's size).

    A fragment's cost is worked out once per type and page (`memo`): fragments that spread
    others twice over would otherwise take exponential time to cost."""
    if selections is None:
        return 0
    total = 0
    for selection in selections.selections:
        if isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in seen:  # unknown or cyclic: other rules report it
                continue
            on = schema.get_type(fragment.type_condition.name.value)
            if isinstance(on, GraphQLObjectType):
                key = (name, on.name, page)
                if key not in memo:
                    memo[key] = _cost(schema, on, fragment.selection_set, fragments, sizes, seen | {name}, memo,
                                      page)
                total += memo[key]
            continue
        if isinstance(selection, InlineFragmentNode):
            on = schema.get_type(selection.type_condition.name.value) if selection.type_condition else parent
            if isinstance(on, GraphQLObjectType):
                total += _cost(schema, on, selection.selection_set, fragments, sizes, seen, memo, page)
            continue
        assert isinstance(selection, FieldNode)
        field = parent.fields.get(selection.name.value)
        if field is None or selection.selection_set is None:
            continue  # a scalar, or an unknown field (reported by the standard rules)
        child = get_named_type(field.type)
        if _is_connection(parent) and selection.name.value in {"edges", "nodes"}:
            count, child_page = page, 1  # the connection's page
        elif _is_connection(child):
            count, child_page = 1, _page_size(selection, sizes)
        else:
            count, child_page = (_page_size(selection, sizes) if _has_page_argument(selection)
                                 else LIST_ESTIMATE if _is_list(field.type) else 1), 1
        # Interfaces and unions (node, Place): cost the selection against each object type's fields.
        children = [child] if isinstance(child, GraphQLObjectType) else list(schema.get_possible_types(child))
        below = max((_cost(schema, t, selection.selection_set, fragments, sizes, seen, memo, child_page)
                     for t in children), default=0)
        total += count * (1 + below)  # never negative: sizes are at least 0, a connection counts 1 itself
    return total


def _is_connection(type_: object) -> bool:
    return isinstance(type_, GraphQLObjectType) and type_.name.endswith("Connection")


def _is_list(type_: object) -> bool:
    return isinstance(type_.of_type if isinstance(type_, GraphQLNonNull) else type_, GraphQLList)


def _has_page_argument(field: FieldNode) -> bool:
    return any(a.name.value in PAGE_ARGUMENTS for a in field.arguments or ())


def _page_size(field: FieldNode, sizes: dict[str, int | None]) -> int:
    """`first` or `last` as given, a variable at its size in `sizes` (unknown: the maximum), never below
    zero; the default page when neither is given (or both are null)."""
    found = []
    for argument in field.arguments or ():
        if argument.name.value not in PAGE_ARGUMENTS:
            continue
        value = argument.value
        if isinstance(value, VariableNode):
            size = sizes.get(value.name.value, MAX_PAGE)
            if size is not None:
                found.append(size)
        elif isinstance(value, IntValueNode):
            found.append(int_literal(value.value))
    return max(0, max(found, default=DEFAULT_PAGE))
