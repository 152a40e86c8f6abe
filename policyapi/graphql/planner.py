"""Planned execution: answer a validated, cached operation straight from the store.

graphql-core's executor is generic: for every field of every object it builds a path, an
info object and, with DataLoaders, asyncio ticks. That is most of a cold request (issue 4's
profile: ~5 µs per field, store 1-4 %). Once Strawberry has validated and run an operation
without error, `plan()` compiles it into nested closures, one per selected field, and
`Plan.run()` then answers it synchronously:

- fields are collected by graphql-core's own `collect_fields` (fragments, aliases, literal
  @skip/@include), arguments coerced by graphql-core and converted by Strawberry's rules
  (dispatched once, at plan time), as in a normal execution;
- each field calls the same Strawberry resolver (or reads the same attribute), so every
  field keeps one definition; async resolvers are driven to completion without an event
  loop, because in a planned run `Context.load` answers at once from the in-memory store;
- leaves are serialised by the schema's scalars and enums, abstract types resolved by the
  schema's `resolve_type`.

What the plan does not cover it refuses: at plan time (mutations, introspection, directives
other than literal @skip/@include, @defer, field extensions) by returning None, and at run
time (any error, a null in a non-null position, a resolver that really suspends, bad
variables) by raising `Fallback`. Either way Strawberry answers, so errors keep their one
format. The info a resolver receives has the field's path without list indexes.

A planned run is synchronous, so the time-limit middleware (it fires only at an `await`) cannot
stop it: `Plan.run()` takes a deadline (`time.monotonic()`) and a byte budget itself. The deadline
is compared (`time.monotonic()`, ~70 ns) before each root field's resolver (a store query) and
before each item of every list (where a run's time multiplies), and raises `TimeLimitExceeded`: a
run is stopped within the limit plus one list item's work (bounded by the query's size). One store
call that is slow by itself cannot be interrupted. The budget is spent by each value as it is emitted (a string its length in characters,
+2; any other leaf 8; each key its length + 3) and checked after each object and list: past it,
`AnswerTooLarge`. Neither falls back to Strawberry: the service answers them (execute.py).

`collect_fields` and Strawberry's field and argument internals are not public API: the
versions are pinned, and tests/test_planner.py compares planned answers with Strawberry's
byte for byte (a fixed corpus and random queries drawn from the schema).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import time
from collections.abc import Callable, Mapping
from operator import attrgetter
from types import CoroutineType
from typing import Any

from graphql import (
    DirectiveNode, DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLAbstractType, GraphQLBoolean, GraphQLError,
    GraphQLField, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLLeafType, GraphQLObjectType, GraphQLOutputType,
    GraphQLResolveInfo, GraphQLString, ListValueNode, ObjectValueNode, OperationType, ValueNode, VariableNode,
    Visitor, get_nullable_type, get_operation_ast, is_abstract_type, is_leaf_type, is_list_type,
    is_non_null_type, is_object_type, visit,
)
from graphql.execution.collect_fields import (
    FieldDetails, FragmentDetails, collect_fields, collect_subfields,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from graphql.pyutils import Path, Undefined, is_awaitable
from strawberry.relay import GlobalID
from strawberry.scalars import is_scalar
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.arguments import convert_argument
from strawberry.types.base import StrawberryMaybe, StrawberryOptional, has_object_definition
from strawberry.types.enum import StrawberryEnumDefinition, has_enum_definition
from strawberry.types.unset import UNSET

from policyapi.errors import PolicyAPIError
from policyapi.graphql.loaders import Context

log = logging.getLogger(__name__)
_NO_VARIABLES = VariableValues(sources={}, coerced={})
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_PLAIN = frozenset({str, int, float, bool, list, tuple, dict, type(None)})


class Fallback(Exception):
    """This request is not for the plan (an error, a null where none may be...): let Strawberry answer."""


class TimeLimitExceeded(Exception):
    """A planned run went past its deadline: the service answers 503, as the time-limit middleware does."""


class AnswerTooLarge(Exception):
    """A planned run emitted more than its byte budget: the service refuses the request."""


class _Unplannable(Exception):
    """The operation uses something the planner does not cover."""


Complete = Callable[[Any, "_Run"], Any]


class _Run:
    """One request's state: its context, variables and the per-field infos and arguments made so far."""

    __slots__ = ("context", "variables", "made", "deadline", "left")

    def __init__(self, context: Context, variables: VariableValues, deadline: float, budget: float) -> None:
        self.context, self.variables = context, variables
        self.made: dict[object, Any] = {}  # keyed by a sentinel the plan step owns
        self.deadline = deadline  # time.monotonic() past which the run stops (TimeLimitExceeded)
        self.left = budget  # bytes the answer may still take (approximately: see the module docstring)


class Plan:
    def __init__(self, root: Complete, variable_definitions: Any, schema: Any) -> None:
        self._root, self._variable_definitions, self._schema = root, variable_definitions, schema

    def run(self, context: Context, variables: dict[str, Any] | None, *, deadline: float = math.inf,
            budget: float = math.inf) -> dict[str, Any]:
        """The `data` of the response, or `Fallback`; `TimeLimitExceeded` past `deadline` (a `time.monotonic()`
        value), `AnswerTooLarge` once the answer takes more than about `budget` bytes."""
        coerced = get_variable_values(self._schema, self._variable_definitions, variables or {}, max_errors=50)
        if isinstance(coerced, list):  # the variables do not fit: Strawberry says how
            raise Fallback("variables")
        try:
            return self._root(None, _Run(context, coerced, deadline, budget))
        except (PolicyAPIError, GraphQLError) as exc:
            # A client's mistake (unknown id, bad cursor, bad filter), not a planner bug: Strawberry answers it
            # in its one error format, and nothing is logged as a server error.
            raise Fallback(type(exc).__name__) from None


def plan(strawberry_schema: Any, document: DocumentNode, operation_name: str | None) -> Plan | None:
    """Compile a validated query operation, or None if it uses what the planner does not cover."""
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation is not OperationType.QUERY or not _directives_are_literal(document):
        return None
    try:
        return _Planner(strawberry_schema, document, operation).root()
    except _Unplannable:
        return None
    except Exception:  # a planner bug: Strawberry keeps answering this operation
        log.exception("could not plan operation %s", operation_name or "(anonymous)")
        return None


class _LiteralDirectives(Visitor):
    """Only @skip/@include with a literal `if`: then which fields run does not depend on variables."""

    def __init__(self) -> None:
        super().__init__()
        self.ok = True

    def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
        if node.name.value not in ("skip", "include") or any(_uses_variables(a.value) for a in node.arguments or ()):
            self.ok = False

    def enter_fragment_definition(self, node: FragmentDefinitionNode, *_: Any) -> None:
        if node.variable_definitions:  # graphql-core's experimental fragment variables
            self.ok = False


def _directives_are_literal(document: DocumentNode) -> bool:
    checker = _LiteralDirectives()
    visit(document, checker)
    return checker.ok


def _uses_variables(value: ValueNode) -> bool:
    if isinstance(value, VariableNode):
        return True
    if isinstance(value, ListValueNode):
        return any(_uses_variables(v) for v in value.values)
    if isinstance(value, ObjectValueNode):
        return any(_uses_variables(f.value) for f in value.fields)
    return False


class _Planner:
    def __init__(self, strawberry_schema: Any, document: DocumentNode, operation: Any) -> None:
        self.strawberry = strawberry_schema
        self.schema = strawberry_schema._schema
        self.operation = operation
        definitions = [d for d in document.definitions if isinstance(d, FragmentDefinitionNode)]
        self.fragments = {d.name.value: FragmentDetails(d) for d in definitions}
        self.fragment_nodes = {d.name.value: d for d in definitions}

    def root(self) -> Plan:
        query_type = self.schema.query_type
        collected = collect_fields(self.schema, self.fragments, _NO_VARIABLES, query_type, self.operation)
        return Plan(self._object_from(query_type, collected), self.operation.variable_definitions or (),
                    self.schema)

    # ---- objects and fields ----------------------------------------------------------------

    def _object(self, type_: GraphQLObjectType, details: list[FieldDetails]) -> Complete:
        collected = collect_subfields(self.schema, self.fragments, _NO_VARIABLES, self.operation, type_, details)
        return self._object_from(type_, collected)

    def _object_from(self, type_: GraphQLObjectType, collected: Any) -> Complete:
        if collected.new_defer_usages or collected.forbidden_directive_instances:
            raise _Unplannable("@defer")
        steps = tuple(self._field(type_, key, details) for key, details in collected.grouped_field_set.items())
        # Braces; each key quoted, its colon and comma; its value's quotes, or the whole of a number or boolean.
        keys_bytes = 2
        for key, details in collected.grouped_field_set.items():
            field = type_.fields.get(details[0].node.name.value)  # None: __typename, charged here whole
            keys_bytes += len(key) + 4 + (_fixed_bytes(get_nullable_type(field.type)) if field is not None
                                          else len(type_.name) + 2)

        def complete_object(source: Any, run: _Run) -> dict[str, Any]:
            out = {}
            for key, resolve, complete, nullable in steps:
                value = resolve(source, run)
                if value is None:
                    if not nullable:
                        raise Fallback(f"null for non-null field {key}")
                    out[key] = None
                else:
                    out[key] = complete(value, run)
            run.left -= keys_bytes
            if run.left < 0:
                raise AnswerTooLarge
            return out

        return complete_object

    def _field(self, parent: GraphQLObjectType, key: str, details: list[FieldDetails]) -> tuple:
        node: FieldNode = details[0].node
        name = node.name.value
        if name == "__typename":
            type_name = parent.name
            return key, lambda source, run: type_name, _same, False
        if name.startswith("__") or any(d.fragment_variable_values for d in details):
            raise _Unplannable(name)
        field = parent.fields[name]
        info = _InfoTemplate(self, parent, key, details, field)
        return_type = field.type
        resolve = self._resolver(field, node, info, root=parent is self.schema.query_type)
        return (key, resolve, self._completer(get_nullable_type(return_type), details, info),
                not is_non_null_type(return_type))

    def _resolver(self, field: GraphQLField, node: FieldNode, info: _InfoTemplate, *, root: bool) -> Complete:
        definition = field.extensions[GraphQLCoreConverter.DEFINITION_BACKREF]
        if getattr(field.resolve, "_is_default", False):  # Strawberry's "basic field": an attribute
            default, python_name = definition.default_resolver, definition.python_name
            if default is getattr:
                get = attrgetter(python_name)
                return lambda source, run: get(source)
            return lambda source, run: default(source, python_name)
        if definition.extensions or definition.base_resolver is None:
            raise _Unplannable(f"field extensions on {field}")
        base = definition.base_resolver
        resolver = base.wrapped_func  # what StrawberryResolver.__call__ calls
        if not callable(resolver):
            raise _Unplannable(f"resolver of {field} is not callable")
        takes_self = base.self_parameter is not None
        source_names = [p.name for p in (base.root_parameter, base.parent_parameter) if p is not None]
        info_name = base.info_parameter.name if base.info_parameter is not None else None
        convert = self._arguments(definition.arguments)

        def converted(variables: VariableValues) -> dict[str, Any]:
            return convert(get_argument_values(field, node, variables))

        # Literal arguments are converted once, here; the resolvers only read them.
        static = converted(_NO_VARIABLES) if not any(_uses_variables(a.value) for a in node.arguments or ()) else None
        arguments_key = object()

        def resolve(source: Any, run: _Run) -> Any:
            if root and _monotonic() > run.deadline:  # a root field: a store query (list items check below)
                raise TimeLimitExceeded
            if static is not None:
                kwargs = dict(static)
            else:  # once per request, not per object: the arguments depend only on the variables
                made = run.made.get(arguments_key)
                if made is None:
                    made = run.made[arguments_key] = converted(run.variables)
                kwargs = dict(made)
            for source_name in source_names:
                kwargs[source_name] = source
            if info_name is not None:
                kwargs[info_name] = info.strawberry(run)
            value = resolver(source, **kwargs) if takes_self else resolver(**kwargs)
            return _settle(value) if value.__class__ is CoroutineType or _awaitable(value) else value

        return resolve

    # ---- arguments -------------------------------------------------------------------------

    def _arguments(self, arguments: list[Any]) -> Callable[[dict[str, Any]], dict[str, Any]]:
        """Strawberry's `convert_arguments` for these arguments, with the type dispatch done once here.

        Strawberry dispatches on every type at every call (~50 µs for a filter input). Scalars,
        enums and plain input types are converted here by the same rules; anything else
        (lists, GlobalID, `from_input`, Maybe) goes to Strawberry's `convert_argument` itself.
        """
        names = self.strawberry.config.name_converter
        converters = [(names.from_argument(a), a.python_name, self._value(a.type, (names.from_argument(a),)))
                      for a in arguments]

        def convert(values: dict[str, Any]) -> dict[str, Any]:
            kwargs = {}
            for graphql_name, python_name, convert_value in converters:
                if graphql_name in values:
                    value = values[graphql_name]
                    kwargs[python_name] = value if value is None or value is UNSET else convert_value(value)
            return kwargs

        return convert

    def _value(self, type_: Any, path: tuple[str, ...]) -> Callable[[Any], Any]:
        registry, config = self.strawberry.schema_converter.scalar_registry, self.strawberry.config
        if isinstance(type_, StrawberryOptional) and not isinstance(type_, StrawberryMaybe):
            return self._value(type_.of_type, path)
        if type_ is not GlobalID and (is_scalar(type_, registry) or has_enum_definition(type_)
                                      or isinstance(type_, StrawberryEnumDefinition)):
            return _identity  # graphql-core has parsed it already
        definition = type_.__strawberry_definition__ if has_object_definition(type_) else None
        if definition is None or not definition.is_input or definition.from_input is not None:
            return lambda value: convert_argument(value, type_, registry, config, None, path=path)
        names = config.name_converter
        fields = [(names.from_field(f), f.python_name,
                   self._value(f.resolve_type(type_definition=definition), (*path, names.from_field(f))))
                  for f in definition.fields]
        # As Strawberry does: fields without a default are None unless given.
        implicit = {f.python_name: None for f in definition.fields
                    if f.default_value is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}

        def convert_input(value: Mapping[str, Any]) -> Any:
            kwargs = dict(implicit)
            for graphql_name, python_name, convert_field in fields:
                if graphql_name in value:
                    given = value[graphql_name]
                    kwargs[python_name] = given if given is None or given is UNSET else convert_field(given)
            return type_(**kwargs)

        return convert_input

    # ---- values ----------------------------------------------------------------------------

    def _completer(self, type_: GraphQLOutputType, details: list[FieldDetails], info: _InfoTemplate) -> Complete:
        if is_list_type(type_):
            item_type = type_.of_type
            item_nullable = not is_non_null_type(item_type)
            item = self._completer(get_nullable_type(item_type), details, info)
            item_bytes = 1 + _fixed_bytes(get_nullable_type(item_type))  # a comma, quotes or a whole number

            def complete_list(value: Any, run: _Run) -> list:
                if value.__class__ not in (list, tuple) and (isinstance(value, str | bytes | Mapping)
                                                            or not hasattr(value, "__iter__")):
                    raise Fallback("not a list")
                out = []
                for element in value:
                    if _monotonic() > run.deadline:  # each item of a page: where a run's time multiplies
                        raise TimeLimitExceeded
                    if element is None:
                        if not item_nullable:
                            raise Fallback("null in a non-null list")
                        out.append(None)
                    else:
                        out.append(item(element, run))
                run.left -= len(out) * item_bytes + 2
                if run.left < 0:
                    raise AnswerTooLarge
                return out

            return complete_list
        if is_leaf_type(type_):
            return _leaf(type_)
        if is_object_type(type_):
            return self._object(type_, details)
        if is_abstract_type(type_):
            return self._abstract(type_, details, info)
        raise _Unplannable(str(type_))

    def _abstract(self, type_: GraphQLAbstractType, details: list[FieldDetails], info: _InfoTemplate) -> Complete:
        by_name = {t.name: self._object(t, details) for t in self.schema.get_possible_types(type_)}
        resolve_type = type_.resolve_type
        if resolve_type is None:
            raise _Unplannable(f"{type_} has no resolve_type")

        def complete_abstract(value: Any, run: _Run) -> dict[str, Any]:
            name = resolve_type(value, info.raw(run), type_)
            complete = by_name.get(name) if isinstance(name, str) else None
            if complete is None:
                raise Fallback(f"cannot tell the type of {type(value).__name__} in {type_}")
            return complete(value, run)

        return complete_abstract


class _InfoTemplate:
    """A field's resolve info, made once per request when a resolver or type resolver asks for it."""

    def __init__(self, planner: _Planner, parent: GraphQLObjectType, key: str, details: list[FieldDetails],
                 field: GraphQLField) -> None:
        self._definition = field.extensions[GraphQLCoreConverter.DEFINITION_BACKREF]
        self._raw_key, self._strawberry_key = object(), object()
        self._info_class = planner.strawberry.config.info_class
        self._template = GraphQLResolveInfo(
            details[0].node.name.value, [d.node for d in details], field.type, parent, Path(None, key, parent.name),
            planner.schema, planner.fragment_nodes, None, planner.operation, _NO_VARIABLES, None, is_awaitable,
            None, None)

    def raw(self, run: _Run) -> GraphQLResolveInfo:
        made = run.made.get(self._raw_key)
        if made is None:
            made = run.made[self._raw_key] = self._template._replace(context=run.context, variable_values=run.variables)
        return made

    def strawberry(self, run: _Run) -> Any:
        made = run.made.get(self._strawberry_key)
        if made is None:
            made = run.made[self._strawberry_key] = self._info_class(_raw_info=self.raw(run), _field=self._definition)
        return made


_monotonic = time.monotonic


def _awaitable(value: Any) -> bool:
    # Records, lists and scalars are what resolvers return: a class check answers for them.
    return value.__class__ not in _PLAIN and is_awaitable(value)


def _settle(awaitable: Any) -> Any:
    """The value of an awaitable that completes without suspending (a planned run's loads do)."""
    if not hasattr(awaitable, "send"):
        raise Fallback("an awaitable that is not a coroutine")
    try:
        awaitable.send(None)
    except StopIteration as done:
        return done.value
    awaitable.close()
    raise Fallback("a resolver suspended")


def _same(value: Any, run: _Run) -> Any:
    return value


def _identity(value: Any) -> Any:
    return value


def _leaf(type_: GraphQLLeafType) -> Complete:
    """Serialise as the schema does, with a shortcut where a built-in scalar would return the value as is."""
    serialize = type_.serialize

    def checked(value: Any) -> Any:
        result = serialize(value)
        if result is None or result is Undefined:
            raise Fallback(f"{type_} cannot represent {value!r}")
        return result

    # A string leaf spends its length (characters) of the run's budget; an Int, Float or Boolean is charged
    # _FIXED_LEAF_BYTES by its object or list (a constant of the plan), its quotes and punctuation too.
    if type_ is GraphQLString or type_ is GraphQLID:
        def string(value: Any, run: _Run) -> Any:
            if value.__class__ is not str:
                value = checked(value)
                run.left -= len(value) if value.__class__ is str else _FIXED_LEAF_BYTES
                return value
            run.left -= len(value)
            return value
        return string
    if type_ is GraphQLBoolean:
        return lambda value, run: value if value.__class__ is bool else checked(value)
    if type_ is GraphQLInt:
        return lambda value, run: value if value.__class__ is int and _INT_MIN <= value <= _INT_MAX else checked(value)
    if type_ is GraphQLFloat:
        return lambda value, run: value if value.__class__ is float and math.isfinite(value) else checked(value)

    def custom(value: Any, run: _Run) -> Any:  # enums and custom scalars: their serialised value
        result = checked(value)
        run.left -= len(result) if result.__class__ is str else _FIXED_LEAF_BYTES
        return result
    return custom


_FIXED_LEAF_BYTES = 8  # what an Int, Float or Boolean is charged (a value of the schema's is rarely longer)


def _fixed_bytes(type_: GraphQLOutputType) -> int:
    """Bytes of the budget a value of this (nullable) type is charged by its object or list: punctuation, and
    the whole of an Int, Float or Boolean."""
    return 2 + (_FIXED_LEAF_BYTES if type_ in (GraphQLInt, GraphQLFloat, GraphQLBoolean) else 0)

