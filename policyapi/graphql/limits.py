"""Limits on what one GraphQL operation may ask for, checked before anything runs.

Depth, aliases and tokens use Strawberry's own extensions. The cost rule bounds the number
of objects an operation may return: each connection multiplies its children by `first`
(or `last`; the default page when absent, the maximum when it is a variable), each plain
list by `LIST_ESTIMATE`. All of them are validation rules, so an operation is costed once
and the verdict is kept by the validation cache with the rest of validation.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    FieldNode, FragmentDefinitionNode, FragmentSpreadNode, GraphQLError, GraphQLList, GraphQLNonNull,
    GraphQLObjectType, GraphQLSchema, InlineFragmentNode, IntValueNode, OperationDefinitionNode,
    SelectionSetNode, ValidationContext, ValidationRule, VariableNode, get_named_type,
)
from strawberry.extensions import AddValidationRules, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter

from policyapi.paging import DEFAULT_PAGE, MAX_PAGE

LIST_ESTIMATE = 20  # objects assumed in a plain (unpaged) list: a measure's units, a province's cities


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
    rules = [*QueryDepthLimiter(max_depth=limits.max_depth).validation_rules,
             *MaxAliasesLimiter(max_alias_count=limits.max_aliases).validation_rules,
             cost_rule(limits.max_cost)]
    return [lambda: MaxTokensLimiter(max_token_count=limits.max_tokens), lambda: AddValidationRules(rules)]


def cost_rule(max_cost: int) -> type[ValidationRule]:
    class QueryCost(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: object) -> None:
            context: ValidationContext = self.context
            root = context.schema.get_root_type(node.operation)
            fragments = {f.name.value: f for f in context.document.definitions
                         if isinstance(f, FragmentDefinitionNode)}
            defaults = {v.variable.name.value: v.default_value for v in node.variable_definitions or ()}
            cost = _cost(context.schema, root, node.selection_set, fragments, defaults, set()) if root else 0
            if cost > max_cost:
                name = f"'{node.name.value}' " if node.name else ""
                context.report_error(GraphQLError(
                    f"operation {name}may return up to {cost} objects, over the limit of {max_cost}: "
                    f"ask for smaller pages (first) or fewer nested lists", node))

    return QueryCost


def _cost(schema: GraphQLSchema, parent: GraphQLObjectType, selections: SelectionSetNode | None,
          fragments: dict[str, FragmentDefinitionNode], defaults: dict, seen: set[str], page: int = 1) -> int:
    """Objects returned below `selections`, once per parent object (`page`: the parent connection's size)."""
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
                total += _cost(schema, on, fragment.selection_set, fragments, defaults, seen | {name}, page)
            continue
        if isinstance(selection, InlineFragmentNode):
            on = schema.get_type(selection.type_condition.name.value) if selection.type_condition else parent
            if isinstance(on, GraphQLObjectType):
                total += _cost(schema, on, selection.selection_set, fragments, defaults, seen, page)
            continue
        assert isinstance(selection, FieldNode)
        field = parent.fields.get(selection.name.value)
        if field is None or selection.selection_set is None:
            continue  # a scalar, or an unknown field (reported by the standard rules)
        child = get_named_type(field.type)
        if _is_connection(parent) and selection.name.value in {"edges", "nodes"}:
            count, child_page = page, 1  # the connection's page
        elif _is_connection(child):
            count, child_page = 1, _page_size(selection, defaults)
        else:
            count, child_page = (_page_size(selection, defaults) if _has_page_argument(selection)
                                 else LIST_ESTIMATE if _is_list(field.type) else 1), 1
        # Interfaces and unions (node, Place): cost the selection against each object type's fields.
        children = [child] if isinstance(child, GraphQLObjectType) else list(schema.get_possible_types(child))
        below = max((_cost(schema, t, selection.selection_set, fragments, defaults, seen, child_page)
                     for t in children), default=0)
        total += count * (1 + below)
    return total


def _is_connection(type_: object) -> bool:
    return isinstance(type_, GraphQLObjectType) and type_.name.endswith("Connection")


def _is_list(type_: object) -> bool:
    return isinstance(type_.of_type if isinstance(type_, GraphQLNonNull) else type_, GraphQLList)


def _has_page_argument(field: FieldNode) -> bool:
    return any(a.name.value in {"first", "last"} for a in field.arguments or ())


def _page_size(field: FieldNode, defaults: dict) -> int:
    """`first` or `last` as given; its default when a variable has one, else the maximum; else the default page."""
    sizes = []
    for argument in field.arguments or ():
        if argument.name.value not in {"first", "last"}:
            continue
        value = argument.value
        if isinstance(value, VariableNode):
            value = defaults.get(value.name.value)
            sizes.append(int(value.value) if isinstance(value, IntValueNode) else MAX_PAGE)
        elif isinstance(value, IntValueNode):
            sizes.append(int(value.value))
    return max(sizes, default=DEFAULT_PAGE)
