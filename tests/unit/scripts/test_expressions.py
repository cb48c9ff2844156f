"""The branch-condition language: precedence, values, null semantics, functions, limits and hostile input."""

from __future__ import annotations

import contextlib
import decimal
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.scripts import expressions
from parley.scripts.expressions import MAX_STRING, Expression, ExpressionError, parse
from parley.scripts.expressions_eval import Arithmetic, Logic

ENV: dict[str, object] = {
    "rating": 4,
    "reason": "price",
    "consent": False,
    "total": 100,
    "price": 9.5,
    "delivery_date": date(2026, 12, 1),
    "called_at": datetime(2026, 11, 24, 9, 30),
    "customer": {"orders_count": 3, "name": "Anna", "tags": ("vip", "b2b"), "address": {"city": "Hanoi"}},
    "company": "Parley Ltd",
    "today": date(2026, 11, 24),
}


def value(source: str, env: dict[str, object] | None = None) -> object:
    return parse(source).evaluate(ENV if env is None else env)


def refusal(source: str, env: dict[str, object] | None = None) -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        parse(source).evaluate(ENV if env is None else env)
    return caught.value


# -- precedence and operators ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1 + 2 * 3", Decimal(7)),
        ("(1 + 2) * 3", Decimal(9)),
        ("10 - 4 - 3", Decimal(3)),
        ("24 / 4 / 2", Decimal(3)),
        ("-2 * 3", Decimal(-6)),
        ("-(2 + 3) * 2", Decimal(-10)),
        ("- -3", Decimal(3)),
        ("2 - -3", Decimal(5)),
        ("-rating + 10", Decimal(6)),
        ("7 % 4 - 1", Decimal(2)),
        ("-7 % 3", Decimal(-1)),
        ("10 / 4", Decimal("2.5")),
        ("not true and false", False),
        ("not false and false", False),
        ("not (false and false)", True),
        ("true or true and false", True),
        ("(true or true) and false", False),
        ("false or false and true", False),
        ("not rating == 4", False),
        ("not not consent", False),
        ("1 + 2 == 3 and 2 * 2 == 4", True),
        ("'a' + 'b' == 'ab'", True),
    ],
)
def test_precedence(source: str, expected: object) -> None:
    assert value(source) == expected


def test_brief_examples() -> None:
    assert parse("customer.orders_count > 0 and rating >= 4").evaluate_bool(ENV)
    assert parse("reason in ['price', 'quality'] or not consent").evaluate_bool(ENV)
    assert parse("delivery_date < date('2026-12-24') and total * 1.1 > 100").evaluate_bool(ENV)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("rating == 4.0", True),
        ("1 == 1.00", True),
        ("price > 9.4 and price < 9.6", True),
        ("price == 9.5", True),
        ("0.1 + 0.2 == 0.3", True),
        ("total * 1.1 == 110", True),
        ("'abc' < 'abd'", True),
        ("'b' >= 'a'", True),
        ("delivery_date > date('2026-11-30')", True),
        ("delivery_date <= date('2026-12-01')", True),
        ("called_at > datetime('2026-11-24T09:00')", True),
        ("called_at == datetime('2026-11-24T09:30:00')", True),
        ("true == 1", False),
        ("'1' == 1", False),
        ("delivery_date == datetime('2026-12-01T00:00')", False),
        ("[1, 'a'] == [1.0, 'a']", True),
        ("customer.tags == ['vip', 'b2b']", True),
        ("rating != 5", True),
        ("company == 'Parley Ltd'", True),
        ("customer.address.city == 'Hanoi'", True),
    ],
)
def test_comparisons(source: str, expected: bool) -> None:
    assert value(source) is expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("reason in ['price', 'quality']", True),
        ("reason not in ['price', 'quality']", False),
        ("'Price' in ['price']", False),
        ("4 in [1, 2.0, 4]", True),
        ("true in [1]", False),
        ("'vip' in customer.tags", True),
        ("'ann' in customer.name", True),
        ("'ANN' in customer.name", True),
        ("'bob' not in customer.name", True),
        ("[] == []", True),
        ("[1] in [[1], [2]]", True),
    ],
)
def test_membership(source: str, expected: bool) -> None:
    assert value(source) is expected


# -- null ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("missing == null", True),
        ("missing != null", False),
        ("missing == none", True),
        ("missing == None", True),
        ("customer.unknown.deeper == null", True),
        ("reason.length == null", True),
        ("missing > 3", False),
        ("missing < 3", False),
        ("missing <= missing", False),
        ("missing == missing", True),
        ("missing in ['a']", False),
        ("missing not in ['a']", False),
        ("'a' in missing", False),
        ("not missing", True),
        ("missing or true", True),
        ("missing and true", False),
        ("false and 1 / 0", False),
        ("true or 1 / 0", True),
        ("false and missing + 1", False),
        ("true or 'a' > 1", True),
    ],
)
def test_null_and_short_circuit(source: str, expected: bool) -> None:
    assert value(source) is expected


def test_evaluate_bool_treats_null_and_empty_as_false() -> None:
    for source in ("missing", "null", "''", "[]", "0", "0.0", "customer.nothing"):
        assert parse(source).evaluate_bool(ENV) is False
    for source in ("'x'", "[0]", "1", "-1", "customer", "delivery_date"):
        assert parse(source).evaluate_bool(ENV) is True


def test_values_have_one_shape() -> None:
    assert value("rating") == Decimal(4)
    assert isinstance(value("rating"), Decimal)
    assert value("price") == Decimal("9.5")
    assert value("[1, 'a', true, null]") == [Decimal(1), "a", True, None]
    assert value("customer.tags") == ["vip", "b2b"]
    assert value("'tab\\there' + \"\\\\\"") == "tab\there\\"
    assert value("True and not False") is True


# -- functions -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("date('2026-12-24')", date(2026, 12, 24)),
        ("datetime('2026-12-24T09:30')", datetime(2026, 12, 24, 9, 30)),
        ("datetime('2026-12-24T09:30:15')", datetime(2026, 12, 24, 9, 30, 15)),
        ("today()", date(2026, 11, 24)),
        ("len(customer.name)", Decimal(4)),
        ("len(customer.tags)", Decimal(2)),
        ("len(missing)", Decimal(0)),
        ("lower('ABC')", "abc"),
        ("upper('abc')", "ABC"),
        ("lower(missing)", None),
        ("contains(customer.tags, 'vip')", True),
        ("contains(customer.name, 'NN')", True),
        ("contains(missing, 'a')", False),
        ("days_between(today(), delivery_date)", Decimal(7)),
        ("days_between(delivery_date, today())", Decimal(-7)),
        ("days_between(called_at, delivery_date)", Decimal(7)),
        ("days_between(missing, today())", None),
        ("empty(missing)", True),
        ("empty('')", True),
        ("empty([])", True),
        ("empty(reason)", False),
        ("empty(0)", False),
    ],
)
def test_functions(source: str, expected: object) -> None:
    assert value(source) == expected


def test_today_comes_from_the_caller_only() -> None:
    assert value("today()", {"today": datetime(2030, 1, 2, 3, 4)}) == date(2030, 1, 2)
    error = refusal("today() > date('2020-01-01')", {})
    assert (error.code, error.position) == ("no-today", 0)


def test_names_and_functions() -> None:
    expression = parse(
        "customer.orders_count > 0 and len(reason) > 2 or contact.email == agent.email "
        "or today() > date('2026-01-01') and upper(company) in [lower(x), y]"
    )
    assert expression.names() == {
        "customer.orders_count",
        "reason",
        "contact.email",
        "agent.email",
        "company",
        "x",
        "y",
    }
    assert expression.functions() == {"len", "today", "upper", "lower"}
    assert parse("1 + 2").names() == frozenset()


def test_expression_is_immutable_and_compares_by_source() -> None:
    expression = parse("rating > 3")
    assert isinstance(expression, Expression)
    assert expression.source == "rating > 3"
    assert expression == parse("rating > 3")
    with pytest.raises(AttributeError):
        expression.source = "true"  # type: ignore[misc]


# -- errors, each with its position ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "code", "position"),
    [
        ("", "empty-expression", 0),
        ("rating >", "unexpected-end", 8),
        ("rating > 3 3", "unexpected-token", 11),
        ("(rating > 3", "unexpected-end", 11),
        ("[1, 2", "unexpected-end", 5),
        ("[1, 2,]", "unexpected-token", 6),
        ("len(1,)", "unexpected-token", 6),
        ("a not b", "unexpected-token", 2),
        ("1 + not x", "unexpected-token", 4),
        ("true(1)", "unexpected-token", 4),
        ("rating @ 3", "unexpected-character", 7),
        ("a = 1", "unexpected-character", 2),
        ("a.b.", "unexpected-character", 3),
        ("x == ٣", "unexpected-character", 5),
        ("  'open", "unterminated-string", 2),
        ("'a\\qb'", "bad-escape", 2),
        ("1 < 2 < 3", "chained-comparison", 6),
        ("a == b != c", "chained-comparison", 7),
        ("a in b in c", "chained-comparison", 7),
        ("system('ls')", "unknown-function", 0),
        ("x + eval('1')", "unknown-function", 4),
        ("customer.lower('A')", "unknown-function", 0),
        ("len(1, 2)", "wrong-arguments", 0),
        ("today(1)", "wrong-arguments", 0),
        ("date('tomorrow')", "bad-date", 0),
        ("date('20261224')", "bad-date", 0),
        ("date('2026-02-30')", "bad-date", 0),
        ("date(reason)", "bad-date", 0),
        ("datetime('2026-12-24')", "bad-date", 0),
        ("datetime('2026-12-24T09:30+02:00')", "bad-date", 0),
        ("_secret", "forbidden-name", 0),
        ("x == customer._private", "forbidden-name", 5),
        ("a__b", "forbidden-name", 0),
        ("1" * 31, "number-too-large", 0),
        ("x > 1000000000000001", "number-too-large", 4),
        ("x > 1000000000000000", None, None),
        ("x" * 2001, "expression-too-long", 2000),
    ],
)
def test_parse_errors(source: str, code: str | None, position: int | None) -> None:
    if code is None:
        parse(source)
        return
    with pytest.raises(ExpressionError) as caught:
        parse(source)
    assert (caught.value.code, caught.value.position) == (code, position)
    assert caught.value.message in str(caught.value)


@pytest.mark.parametrize(
    ("source", "code", "position"),
    [
        ("'a' > 3", "type-mismatch", 4),
        ("reason * 3", "type-mismatch", 7),
        ("delivery_date + 'x'", "type-mismatch", 14),
        ("delivery_date < called_at", "type-mismatch", 14),
        ("true < false", "type-mismatch", 5),
        ("-reason", "type-mismatch", 0),
        ("3 in 4", "type-mismatch", 2),
        ("len(3)", "type-mismatch", 0),
        ("upper(3)", "type-mismatch", 0),
        ("days_between(1, today())", "type-mismatch", 0),
        ("[1] + [2]", "type-mismatch", 4),
        ("missing + 1", "null-in-arithmetic", 8),
        ("1 * missing", "null-in-arithmetic", 2),
        ("-missing", "null-in-arithmetic", 0),
        ("1 / 0", "division-by-zero", 2),
        ("rating % (2 - 2)", "division-by-zero", 7),
        ("0 / 0.0", "division-by-zero", 2),
    ],
)
def test_runtime_errors(source: str, code: str, position: int) -> None:
    error = refusal(source)
    assert (error.code, error.position) == (code, position)


def test_type_mismatch_names_operator_and_types() -> None:
    assert "'>'" in refusal("'a' > 3").message
    assert "text and number" in refusal("'a' > 3").message
    assert "date and text" in refusal("delivery_date + 'x'").message
    assert "'*' to text and number" in refusal("reason * 3").message
    assert "contains() cannot take number and text" in refusal("contains(1, 'a')").message
    assert "'not in' to number and number" in refusal("1 not in 2").message


# -- hostile input ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "code", "position"),
    [
        ("__import__('os')", "forbidden-name", 0),
        ("customer.__class__", "forbidden-name", 0),
        ("customer.__class__.__mro__", "forbidden-name", 0),
        ("().__class__", "unexpected-character", 2),
        ("''.join", "unexpected-character", 2),
        ("lambda: 1", "unexpected-character", 6),
        ("x[0]", "unexpected-token", 1),
        ("9**999999", "unexpected-token", 2),
        ("'a' * 10**9", "unexpected-token", 9),
        ("open('/etc/passwd')", "unknown-function", 0),
        ("(" * 100 + "1" + ")" * 100, "expression-too-deep", 32),
        ("[" * 100 + "]" * 100, "expression-too-deep", 32),
        ("not " * 50 + "true", "expression-too-deep", 128),
        ("-" * 50 + "1", "expression-too-deep", 32),
        ("len(" * 40 + "1" + ")" * 40, "expression-too-deep", 128),
        ("9" * 10_000, "expression-too-long", 2000),
        ("9" * 1_999, "number-too-large", 0),
        ("1 + " * 750, "expression-too-long", 2000),
    ],
)
def test_hostile_input_is_refused(source: str, code: str, position: int) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(source)
    assert (caught.value.code, caught.value.position) == (code, position)


def test_list_literals_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    # 1,001 items cannot fit in 2,000 characters; the list limit is a second wall behind the length limit.
    monkeypatch.setattr(expressions, "MAX_SOURCE", 10_000)
    assert len(value("[" + "1, " * 999 + "1]", {})) == 1_000  # type: ignore[arg-type]
    with pytest.raises(ExpressionError) as caught:
        parse("x in [" + "1, " * 1_000 + "1]")
    assert (caught.value.code, caught.value.position) == ("list-too-long", 5)
    monkeypatch.undo()
    # The long source parsed above sits in the parse cache; the length limit is still checked before it.
    with pytest.raises(ExpressionError) as caught:
        parse("[" + "1, " * 999 + "1]")
    assert caught.value.code == "expression-too-long"


def test_nesting_up_to_the_limit_is_fine() -> None:
    assert value("(" * 32 + "1" + ")" * 32) == Decimal(1)
    assert value("-" * 32 + "1") == Decimal(1)


def test_long_flat_chains_do_not_recurse() -> None:
    assert value("1+" * 999 + "1") == Decimal(1000)
    assert value(" or ".join(["false"] * 199) + " or true") is True
    assert len(parse("a+" * 999 + "a").names()) == 1


def test_chains_become_one_flat_node_each() -> None:
    # One node per run of the same kind: the tree stays shallow and building it stays linear in the length.
    chain = parse("a * 2 + b - 3 % c").root
    assert isinstance(chain, Arithmetic)
    assert [step[0] for step in chain.steps] == ["*", "+", "-"]
    assert isinstance(chain.steps[-1][1], Arithmetic)  # `3 % c` binds tighter and stays its own node
    assert isinstance(parse("a or b or c or d").root, Logic)
    assert len(parse("a or b or (c or d)").root.operands) == 3  # type: ignore[union-attr]
    mixed = parse("a and b or c and d and e").root
    assert isinstance(mixed, Logic)
    assert mixed.op == "or"
    assert [len(part.operands) for part in mixed.operands] == [2, 3]  # type: ignore[union-attr]
    assert value("(10 - 4) - 3 * 2 - 1") == Decimal(-1)
    assert value("1 + 2 == 3 and 4 > 3 or false") is True


def test_deepest_allowed_tree_evaluates() -> None:
    level = "x or x and not x == x + x * -({})"
    source = "1"
    for _ in range(10):  # each level nests three times: `not`, the unary minus and the parentheses
        source = level.format(source)
    assert len(source) < 2000
    expression = parse(source)
    assert expression.names() == {"x"}
    assert expression.evaluate({"x": 1}) == Decimal(1)
    assert expression.evaluate_bool({"x": 0}) is False


def test_string_growth_is_bounded() -> None:
    assert refusal("'a' * 1000000000").code == "type-mismatch"  # text is never repeated by `*`
    assert refusal("1000000000 * reason").code == "type-mismatch"
    env: dict[str, object] = {"s": "x" * 6_000}
    error = refusal("s + s == ''", env)
    assert (error.code, error.position) == ("value-too-large", 2)
    assert refusal("upper(s)", {"s": "ß" * 5_001}).code == "value-too-large"  # ß becomes SS
    assert len(str(value("s + s", {"s": "x" * (MAX_STRING // 2)}))) == MAX_STRING


def test_number_growth_is_bounded() -> None:
    source = "1000000000000000 * 1000000000000000 * 1000000000000000"
    assert refusal(source).code == "value-too-large"
    assert refusal("x * x", {"x": Decimal("1e999999")}).code == "value-too-large"
    assert refusal("x % 0.000000000000001", {"x": 10**40}).code == "value-too-large"


def test_caller_values_that_are_not_numbers() -> None:
    for bad in (float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")):
        error = refusal("x < 1", {"x": bad})
        assert (error.code, error.position) == ("bad-value", 0)


def test_thread_decimal_context_does_not_change_answers() -> None:
    with decimal.localcontext() as context:
        context.prec = 2
        context.traps[decimal.Inexact] = True
        assert value("1234.5 + 0.25") == Decimal("1234.75")
        assert value("-123456.789") == Decimal("-123456.789")


def test_mappings_compare_by_content_and_other_objects_by_identity() -> None:
    one: dict[str, object] = {"a": 1, "b": ["x"]}
    assert value("x == y", {"x": one, "y": {"a": 1.0, "b": ("x",)}}) is True
    assert value("x == y", {"x": one, "y": {"a": 2, "b": ["x"]}}) is False
    assert value("x == y", {"x": one, "y": {"a": 1}}) is False

    class Touchy:
        def __eq__(self, other: object) -> bool:
            raise AssertionError("a foreign __eq__ must not run")

        __hash__ = object.__hash__

    touchy = Touchy()
    assert value("x == y", {"x": touchy, "y": Touchy()}) is False
    assert value("x == x", {"x": touchy}) is True
    assert value("x in [y]", {"x": touchy, "y": touchy}) is True


def test_self_referring_caller_values_do_not_escape() -> None:
    first: dict[str, object] = {}
    first["me"] = first
    second: dict[str, object] = {}
    second["me"] = second
    assert refusal("x == y", {"x": first, "y": second}).code == "value-too-large"
    loop: list[object] = []
    loop.append(loop)
    other: list[object] = []
    other.append(other)
    assert refusal("x == y", {"x": loop, "y": other}).code == "value-too-large"
    assert refusal("x in [y]", {"x": loop, "y": other}).code == "value-too-large"
    assert value("x == [x]", {"x": loop}) is True  # the same list, seen twice
    assert value("x == x", {"x": first}) is True


def test_lookup_never_reads_attributes() -> None:
    class Secretive:
        orders_count = 5

        def __getitem__(self, key: str) -> object:
            raise AssertionError("not a Mapping: must not be indexed")

    assert value("customer.orders_count == null", {"customer": Secretive()}) is True
    assert value("customer.keys == null", {"customer": {}}) is True


# -- properties ------------------------------------------------------------------------------------------
@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80) | st.text(alphabet="()[]'\"-+*/%<>=!,. _aeinotrulx019", max_size=80))
def test_parse_returns_an_expression_or_raises_expression_error(source: str) -> None:
    try:
        expression = parse(source)
    except ExpressionError as error:
        refused: ExpressionError | None = error
    else:
        refused = None
    if refused is not None:
        assert refused.code
        assert refused.position is None or 0 <= refused.position <= len(source)
        return
    assert isinstance(expression, Expression)
    with contextlib.suppress(ExpressionError):
        expression.evaluate(ENV)


LEAVES = st.one_of(
    st.integers(-50, 50).map(str),
    st.sampled_from(["true", "false", "null", "'a'", "'bc'", "rating", "reason", "missing", "[1, 'a']"]),
)
BINARY = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or", "in", "not in"]


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from(BINARY), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        children.map(lambda c: f"(not {c})"),
        children.map(lambda c: f"-({c})"),
        st.tuples(st.sampled_from(["len", "lower", "upper", "empty"]), children).map(
            lambda t: f"{t[0]}({t[1]})"
        ),
        st.tuples(children, children).map(lambda t: f"contains({t[0]}, {t[1]})"),
    )


@settings(max_examples=400, deadline=None)
@given(st.recursive(LEAVES, _combine, max_leaves=16))
def test_well_formed_expressions_give_a_value_or_an_expression_error(source: str) -> None:
    expression = parse(source)
    try:
        result = expression.evaluate(ENV)
    except ExpressionError as error:
        refused: ExpressionError | None = error
    else:
        refused = None
    if refused is not None:
        assert refused.code in {"type-mismatch", "null-in-arithmetic", "division-by-zero", "value-too-large"}
        return
    assert result is None or isinstance(result, bool | Decimal | str | list)
    assert expression.evaluate_bool(ENV) in (True, False)


def _truncated_remainder(a: int, b: int) -> int:
    remainder = abs(a) % abs(b)
    return -remainder if a < 0 else remainder


def _small_arithmetic() -> st.SearchStrategy[tuple[str, int]]:
    """Random (source, expected) pairs; the expected value is computed here, never by eval."""
    leaves = st.integers(-99, 99).map(lambda n: (str(n), n))

    def extend(children: st.SearchStrategy[tuple[str, int]]) -> st.SearchStrategy[tuple[str, int]]:
        def apply(left: tuple[str, int], op: str, right: tuple[str, int]) -> tuple[str, int]:
            a, b = left[1], right[1]
            if op == "%" and b == 0:
                op = "+"
            result = {"+": a + b, "-": a - b, "*": a * b}.get(op)
            if result is None:
                result = _truncated_remainder(a, b)
            return f"({left[0]} {op} {right[0]})", result

        return st.one_of(
            st.builds(apply, children, st.sampled_from(["+", "-", "*", "%"]), children),
            children.map(lambda c: (f"-({c[0]})", -c[1])),
        )

    return st.recursive(leaves, extend, max_leaves=6)


@settings(max_examples=400, deadline=None)
@given(_small_arithmetic())
def test_small_integer_arithmetic_matches_an_oracle(case: tuple[str, int]) -> None:
    source, expected = case
    assert parse(source).evaluate({}) == Decimal(expected)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("+-*"), st.integers(0, 99)), min_size=1, max_size=8),
    st.integers(0, 99),
)
def test_unbracketed_precedence_matches_an_oracle(steps: list[tuple[str, int]], first: int) -> None:
    # The oracle: multiply out the products first, then add and subtract the terms left to right.
    terms: list[int] = [first]
    signs: list[int] = [1]
    for op, number in steps:
        if op == "*":
            terms[-1] *= number
        else:
            terms.append(number)
            signs.append(1 if op == "+" else -1)
    expected = sum(sign * term for sign, term in zip(signs, terms, strict=True))
    source = str(first) + "".join(f" {op} {number}" for op, number in steps)
    assert parse(source).evaluate({}) == Decimal(expected)
