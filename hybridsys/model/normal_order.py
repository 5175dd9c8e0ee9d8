"""A Hamiltonian written as text: ladder operators read in the order written.

A generic term (:class:`hybridsys.model.couplings.Term`) is written with the safe
expression parser of :mod:`hybridsys.model.symbols`, in which ``a`` and ``a_dag``
stand for the annihilation and creation operators of mode ``a``:

* a name ``x_dag`` is the creation operator of mode ``x``; a name ``x`` is the
  annihilation operator of mode ``x`` when ``x_dag`` also occurs in the text (a
  Hermitian H has both), and a real parameter otherwise;
* the operators are read as noncommuting symbols, in the order written, and the
  text is expanded. Every product must then be **normally ordered**: within each
  mode, creation operators stand left of annihilation operators (operators of
  different modes commute and may be written in any order). ``a*a_dag`` is refused:
  write ``a_dag*a + 1``;
* operators enter polynomially: nonnegative integer powers, not inside sqrt, exp,
  sin, cos or a denominator;
* H must be Hermitian for every real value of its parameters: equal to its complex
  conjugate with every o and o† swapped (exact for normally ordered polynomials,
  since (o†ᵐ oⁿ)† = o†ⁿ oᵐ is again normally ordered);
* the expansion is bounded: before expanding, the number of products it would make is
  counted (a power of a sum of k operator terms makes kⁿ words, of k commuting terms
  the multinomial C(n+k-1, k-1)); a text over :data:`MAX_EXPANDED_TERMS` is refused.

The result is the polynomial in the commuting symbols o, o† of
:mod:`hybridsys.model.symbols` that every component hands the derivation.
"""

from __future__ import annotations

import ast
import math

import attrs
import sympy as sp

from ..errors import ParameterError
from . import symbols
from .operators import text as operator_text

DAGGER = "_dag"
MAX_EXPANDED_TERMS = 2048
"""Most products the expansion of one Hamiltonian text may make: 2048 take sympy about
two seconds to expand and check; a physical Hamiltonian makes far fewer."""


@attrs.frozen
class ReadHamiltonian:
    """A Hamiltonian read from text: the commuting normally ordered polynomial, its
    modes (in order of first appearance) and its parameter symbols."""

    polynomial: sp.Expr
    modes: tuple[str, ...]
    parameters: tuple[sp.Symbol, ...]


def _names_in_order(text: str) -> list[str]:
    """Every name in ``text``, in the order written (none if it does not parse:
    the parser then says why)."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError):
        return []
    nodes = [n for n in ast.walk(tree) if isinstance(n, ast.Name)]
    return [n.id for n in sorted(nodes, key=lambda n: (n.lineno, n.col_offset))]


def _operator_symbols(names: list[str]) -> dict[str, sp.Symbol]:
    """Name → noncommuting operator symbol, for the names that are operators."""
    present = set(names)
    found = {}
    for name in names:
        if name.endswith(DAGGER) and len(name) > len(DAGGER):
            found[name] = sp.Symbol(f"{name[: -len(DAGGER)]}†", commutative=False)
        elif name + DAGGER in present:
            found[name] = sp.Symbol(name, commutative=False)
    return found


def expanded_size(expr: sp.Expr) -> int:
    """An upper bound on the number of products :func:`sympy.expand` makes of ``expr``,
    counted without expanding: sums add, products multiply, a whole positive power n
    of a sum of k terms makes kⁿ words when the sum holds noncommuting operators and
    C(n+k-1, k-1) monomials when it commutes. Function arguments are counted on their own."""
    if isinstance(expr, sp.Add):
        return sum(expanded_size(arg) for arg in expr.args)
    if isinstance(expr, sp.Mul):
        return math.prod(expanded_size(arg) for arg in expr.args)
    if isinstance(expr, sp.Pow):
        base, power = expanded_size(expr.base), expr.exp
        if power.is_Integer and power > 0:
            n = int(power)
            return base**n if not expr.base.is_commutative else math.comb(n + base - 1, base - 1)
        return max(base, expanded_size(power))
    return max((expanded_size(arg) for arg in expr.args), default=1)


def _bounded(parsed: sp.Expr, text: str, where: str) -> sp.Expr:
    """``parsed``, once its expansion is known to stay within :data:`MAX_EXPANDED_TERMS`."""
    size = expanded_size(parsed)
    if size > MAX_EXPANDED_TERMS:
        raise ParameterError(
            f"{where}: expanding {text!r} would make about {size:.3g} products, more than {MAX_EXPANDED_TERMS} "
            f"(hybridsys.model.normal_order.MAX_EXPANDED_TERMS); write the Hamiltonian normally ordered, term by term "
            "(a power of a sum of operators is rarely normally ordered anyway)"
        )
    return parsed


def _mode_of(operator: sp.Symbol) -> tuple[str, bool]:
    """(mode name, is a creation operator) of a noncommuting operator symbol."""
    return (operator.name[:-1], True) if operator.name.endswith("†") else (operator.name, False)


def _ordered_factors(term: sp.Expr, operators: set, text: str, where: str) -> tuple[sp.Expr, list[tuple[str, bool, int]]]:
    """(coefficient, [(mode, creation?, power), ...] in written order) of one
    expanded product; an error where an operator enters other than polynomially."""
    commuting, ordered = term.args_cnc()  # anything holding an operator is noncommutative
    factors = []
    for factor in ordered:
        base, power = factor.as_base_exp()
        if base not in operators or not (power.is_Integer and power > 0):
            raise ParameterError(f"{where}: in {text!r}, {factor} is not a polynomial in the ladder operators; "
                                 "operators may only be multiplied, added and raised to whole positive powers "
                                 "(not divided by, nor put inside sqrt, exp, sin or cos)")
        factors.append((*_mode_of(base), int(power)))
    return sp.Mul(*commuting), factors


def _check_normal_order(factors: list[tuple[str, bool, int]], text: str, where: str) -> None:
    annihilated = set()
    for mode, creation, _ in factors:
        if creation and mode in annihilated:
            product = "*".join(f"{m}{DAGGER if c else ''}" + (f"**{p}" if p > 1 else "") for m, c, p in factors)
            raise ParameterError(
                f"{where}: {text!r} is not normally ordered: the product {product} has {mode}{DAGGER} to the right "
                f"of {mode}. Write every product with a mode's creation operators left of its annihilation "
                f"operators (e.g. {mode}*{mode}{DAGGER} = {mode}{DAGGER}*{mode} + 1)"
            )
        if not creation:
            annihilated.add(mode)


def dagger(polynomial: sp.Expr, modes) -> sp.Expr:
    """P† for a normally ordered polynomial P in commuting ladder symbols with real
    parameters: complex conjugate with o ↔ o† (again normally ordered)."""
    real = {op: sp.Dummy(real=True) for m in modes for op in (symbols.lowering(m), symbols.raising(m))}
    swap = {}
    for m in modes:
        swap[real[symbols.lowering(m)]] = symbols.raising(m)
        swap[real[symbols.raising(m)]] = symbols.lowering(m)
    return sp.expand(sp.conjugate(polynomial.xreplace(real)).xreplace(swap))


def hermitian_defect(polynomial: sp.Expr, modes: tuple[str, ...]) -> sp.Expr:
    """H† − H for a normally ordered polynomial in commuting ladder symbols with real
    parameters (zero exactly when H is Hermitian)."""
    defect = sp.expand(dagger(polynomial, modes) - polynomial)
    return defect if defect == 0 else sp.expand(sp.simplify(defect))


def _read_polynomial(text: str, where: str, operators: dict[str, sp.Symbol], names: list[str]) -> ReadHamiltonian:
    """The normally ordered polynomial that ``text`` writes with ``operators`` (name →
    noncommuting operator symbol) standing for ladder operators, its modes and parameters."""
    parsed = symbols.parse_expression(text, where, lambda name: operators.get(name) or symbols.parameter_symbol(name))
    terms = []
    for term in sp.Add.make_args(sp.expand(_bounded(parsed, text, where))):
        coefficient, factors = _ordered_factors(term, set(operators.values()), text, where)
        _check_normal_order(factors, text, where)
        monomial = sp.Mul(*((symbols.raising(m) if creation else symbols.lowering(m)) ** p for m, creation, p in factors))
        terms.append(coefficient * monomial)
    polynomial = sp.expand(sp.Add(*terms))  # one sum: adding term by term is quadratic in their number
    written = dict.fromkeys(_mode_of(operators[n])[0] for n in names if n in operators)
    modes = tuple(m for m in written if polynomial.has(symbols.lowering(m), symbols.raising(m)))
    if not modes:
        raise ParameterError(f"{where}: {text!r} contains no ladder operator; write mode a's operators as a and a{DAGGER}")
    ladder = {op for m in modes for op in (symbols.lowering(m), symbols.raising(m))}
    order = {n: k for k, n in reversed(list(enumerate(names)))}
    parameters = tuple(sorted(polynomial.free_symbols - ladder - {symbols.TIME}, key=lambda s: order.get(s.name, len(order))))
    return ReadHamiltonian(polynomial, modes, parameters)


def read_hamiltonian(text: str, where: str) -> ReadHamiltonian:
    """Read a Hermitian, normally ordered polynomial in ladder operators from ``text``
    (rules in the module docstring); every violation is a :class:`ParameterError`
    that says where and why."""
    if not isinstance(text, str):
        raise ParameterError(f"{where}: the Hamiltonian must be a text such as 'G*(a_dag*b_dag + a*b)', got {text!r}")
    names = _names_in_order(text)
    read = _read_polynomial(text, where, _operator_symbols(names), names)
    defect = hermitian_defect(read.polynomial, read.modes)
    if defect != 0:
        raise ParameterError(
            f"{where}: {text!r} is not Hermitian: H† − H = {operator_text(defect)} (parameters are real; "
            "H† is the complex conjugate with o ↔ o† for every mode; a square root of a parameter counts as possibly "
            "imaginary). Add the Hermitian conjugate of each term"
        )
    return read


def _names_in_functions(text: str) -> tuple[set[str], set[str]]:
    """(names written inside a function call, names written outside any) in ``text``."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError):
        return set(), set()
    inside = {n.id for call in ast.walk(tree) if isinstance(call, ast.Call) for arg in call.args
              for n in ast.walk(arg) if isinstance(n, ast.Name)}
    called = {call.func.id for call in ast.walk(tree) if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)}
    every = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - called
    return inside, {n for n in every if _occurs_outside_calls(tree, n)}


def _occurs_outside_calls(tree: ast.AST, name: str) -> bool:
    """Whether ``name`` occurs in ``tree`` other than inside a function call's arguments."""
    def visit(node: ast.AST) -> bool:
        if isinstance(node, ast.Call):
            return False
        if isinstance(node, ast.Name) and node.id == name:
            return True
        return any(visit(child) for child in ast.iter_child_nodes(node))
    return visit(tree)


def read_jump(text: str, where: str) -> ReadHamiltonian:
    """Read a jump operator (a Lindblad operator up to its rate) from ``text``: a
    normally ordered polynomial in ladder operators, not necessarily Hermitian.

    In a jump every name written outside a function is a mode's ladder operator
    (``x`` annihilates mode x, ``x_dag`` creates); names inside ``sqrt``, ``exp``,
    ``sin``, ``cos`` are real parameters (a phase ``exp(I*theta)``, a weight
    ``sqrt(eta)``). A name used both ways is refused, since it cannot be both.
    """
    if not isinstance(text, str):
        raise ParameterError(f"{where}: the jump must be a text such as 'a + exp(I*theta)*m', got {text!r}")
    names = _names_in_order(text)
    inside, outside = _names_in_functions(text)
    for name in sorted(inside & {n.removesuffix(DAGGER) if n.endswith(DAGGER) and len(n) > len(DAGGER) else n for n in outside}):
        raise ParameterError(
            f"{where}: in the jump {text!r}, {name!r} is written both inside a function (a parameter) and outside (a "
            "mode's operator); in a jump, names outside sqrt, exp, sin, cos are modes: rename the parameter"
        )
    operators = {}
    for name in names:
        if name in outside:
            mode = name[: -len(DAGGER)] if name.endswith(DAGGER) and len(name) > len(DAGGER) else name
            operators[name] = sp.Symbol(f"{mode}†" if mode != name else mode, commutative=False)
    return _read_polynomial(text, where, operators, names)
