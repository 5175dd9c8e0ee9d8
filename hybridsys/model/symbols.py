"""Symbols of the derivation, and the safe parsing of parameter expressions.

Parameters are real sympy symbols. Mean fields, ladder operators and fluctuations
get symbols of their own classes, whose names can never collide with a parameter
(parameter names are Python identifiers; these are not) and which print as LaTeX
the way a physicist writes them.
"""

from __future__ import annotations

import ast
import math
import re
from numbers import Real
from typing import Callable

import sympy as sp
from sympy.printing.str import StrPrinter

from ..errors import ParameterError

IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_FUNCTIONS = {"sqrt": sp.sqrt, "exp": sp.exp, "sin": sp.sin, "cos": sp.cos}
_CONSTANTS = {"I": sp.I, "pi": sp.pi}
TIME_NAME = "t"
RESERVED = frozenset(_FUNCTIONS) | frozenset(_CONSTANTS) | {TIME_NAME}


class Time(sp.Symbol):
    """Time t, in units of 1/ω_ref like every rate: a symbol of its own class, never
    a parameter (a parameter symbol called ``t`` cannot be made)."""


#: The time symbol: ``t`` in any expression (drive, detuning, coupling, Kerr, a
#: generic term) is this symbol, so that a time-dependent model knows it is one.
TIME = Time(TIME_NAME, real=True)


def depends_on_time(expr: sp.Basic) -> bool:
    """Whether ``expr`` contains the time symbol t."""
    return isinstance(expr, sp.Basic) and expr.has(TIME)


def parameter_symbol(name: str, positive: bool = False) -> sp.Symbol:
    """The real (or, for masses, positive) symbol of the parameter called ``name``."""
    if name == TIME_NAME:
        raise ParameterError(
            f"{name!r} is time (in units of 1/ω_ref), not a parameter: a parameter cannot be called {name!r}; "
            "rename it (e.g. 't0' or 'tau')"
        )
    if not isinstance(name, str) or not IDENTIFIER.match(name) or name in RESERVED:
        raise ParameterError(
            f"{name!r} is not a valid parameter name: use a Python identifier "
            f"that is not one of {sorted(RESERVED)}"
        )
    return sp.Symbol(name, positive=True) if positive else sp.Symbol(name, real=True)


def parse_expression(text: str, where: str = "expression", name: Callable[[str], sp.Expr] = parameter_symbol) -> sp.Expr:
    """Parse ``text`` (numbers, parameter names, + - * / **, sqrt/exp/sin/cos, I, pi,
    and t, time).

    Nothing is evaluated: the text is read with :mod:`ast` and only the nodes
    listed above are turned into sympy objects, so a model file can never run code.
    ``name`` turns a name into its symbol (a real parameter symbol; a generic term's
    Hamiltonian also reads ladder operators, :mod:`hybridsys.model.normal_order`).
    """
    if len(text) > 1000:
        raise ParameterError(f"{where}: expression of {len(text)} characters is too long (1000 at most)")
    try:
        tree = ast.parse(text.strip(), mode="eval")
        return _from_ast(tree.body, text, where, name)
    except SyntaxError as exc:
        raise ParameterError(f"{where}: cannot parse {text!r} ({exc.msg})") from None
    except RecursionError:
        raise ParameterError(f"{where}: expression {text[:40]!r}... is nested too deeply") from None


def _from_ast(node: ast.AST, text: str, where: str, name: Callable[[str], sp.Expr]) -> sp.Expr:
    binary = {
        ast.Add: lambda a, b: a + b,
        ast.Sub: lambda a, b: a - b,
        ast.Mult: lambda a, b: a * b,
        ast.Div: lambda a, b: a / b,
        ast.Pow: lambda a, b: a**b,
    }
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return as_number(node.value, where)
    if isinstance(node, ast.Name):
        if node.id == TIME_NAME:
            return TIME
        return _CONSTANTS[node.id] if node.id in _CONSTANTS else name(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _from_ast(node.operand, text, where, name)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp) and type(node.op) in binary:
        left, right = _from_ast(node.left, text, where, name), _from_ast(node.right, text, where, name)
        if isinstance(node.op, ast.Pow) and right.is_number and abs(right) > 64:
            raise ParameterError(f"{where}: exponent {right} in {text!r} is too large (64 at most)")
        return binary[type(node.op)](left, right)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and len(node.args) == 1
        and not node.keywords
    ):
        return _FUNCTIONS[node.func.id](_from_ast(node.args[0], text, where, name))
    raise ParameterError(
        f"{where}: {text!r} contains {ast.dump(node)[:40]}..., which is not allowed; "
        "use numbers, parameter names, + - * / **, and sqrt, exp, sin, cos, I, pi, t (time)"
    )


def as_number(value: Real, where: str) -> sp.Expr:
    """A finite Python number as an exact sympy number (int) or a float."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ParameterError(f"{where}: {value!r} is not a number")
    if isinstance(value, int):  # exact, and finite however large (math.isfinite would overflow)
        return sp.Integer(value)
    if not math.isfinite(value):
        raise ParameterError(f"{where}: {value!r} is not finite")
    return sp.Integer(value) if isinstance(value, int) else sp.Float(float(value))


_ALLOWED_FUNCTIONS = (sp.exp, sp.sin, sp.cos)


def as_expression(value: object, where: str, positive: bool = False) -> sp.Expr:
    """Turn a number, a parameter name/expression string or a sympy expression into
    a sympy expression whose free symbols are parameter symbols (real, or positive
    for masses) and the time symbol t (a sympy symbol called ``t`` is time). Only the
    functions the parser knows are accepted."""
    if isinstance(value, sp.Basic):
        expr = sp.sympify(value)
        unknown = [f for f in expr.atoms(sp.Function) if not isinstance(f, _ALLOWED_FUNCTIONS)]
        if unknown:
            raise ParameterError(f"{where}: {expr} uses {unknown[0].func}, not one of sqrt, exp, sin, cos")
    elif isinstance(value, str):
        expr = parse_expression(value, where)
    else:
        return as_number(value, where)  # type: ignore[arg-type]
    return expr.xreplace({s: _symbol(s, positive) for s in expr.free_symbols})


def _symbol(symbol: sp.Symbol, positive: bool = False) -> sp.Symbol:
    """The time symbol for t, the parameter symbol of the same name otherwise."""
    return TIME if symbol.name == TIME_NAME else parameter_symbol(symbol.name, positive)


def expression_to_data(expr: sp.Expr, where: str = "expression") -> int | float | str:
    """The inverse of :func:`as_expression` for model files: numbers stay numbers,
    expressions become text that parses back to exactly the same expression."""
    if expr.is_Integer:
        return int(expr)
    if expr.is_Float:
        return float(expr)
    text = _ExactPrinter().doprint(expr)
    try:
        same = parse_expression(text, where) == expr.xreplace({s: _symbol(s) for s in expr.free_symbols})
    except ParameterError:
        same = False
    if not same:
        raise ParameterError(f"{where}: {text!r} cannot be written to a model file so that it reads back the same")
    return text


class _ExactPrinter(StrPrinter):
    """sympy's str printer, but floats print as Python's shortest round-trip repr."""

    def _print_Float(self, expr):
        return repr(float(expr))


class _Named(sp.Symbol):
    """A symbol that prints its own LaTeX (set ``latex_format`` in subclasses)."""

    latex_format = "{}"

    def _latex(self, printer):  # noqa: D401 - sympy printer hook
        return self.latex_format.format(_latex_mode(self.mode_name))

    @property
    def mode_name(self) -> str:
        return self.name.split(":", 1)[1]


def _latex_mode(name: str) -> str:
    return sp.latex(sp.Symbol(name))


class Lowering(_Named):
    """Annihilation operator o of a mode, as a commuting symbol (normal-ordered algebra)."""

    latex_format = "{}"


class Raising(_Named):
    """Creation operator o† of a mode, as a commuting symbol (normal-ordered algebra)."""

    latex_format = "{}^{{\\dagger}}"


class Amplitude(_Named):
    """Complex mean field <o> (alpha, mu, beta_j in the spec)."""

    latex_format = "\\langle {} \\rangle"


class QuadratureMean(_Named):
    """Real mean quadrature <X_o> or <Y_o> (vacuum variance 1/2 convention)."""

    def _latex(self, printer):
        quad, mode = self.name.split(":", 1)[1].split("_", 1)
        return f"\\langle {quad}_{{{_latex_mode(mode)}}} \\rangle"


class Fluctuation(_Named):
    """Fluctuation operator delta o (or delta o†) around the mean field, (S5)."""

    def _latex(self, printer):
        mode = self.mode_name.removesuffix("+")
        dagger = "^{\\dagger}" if self.mode_name.endswith("+") else ""
        return f"\\delta {_latex_mode(mode)}{dagger}"


class Noise(_Named):
    """Input noise operator o_in (or o_in†) of a mode, (S3)-(S4)."""

    def _latex(self, printer):
        mode = self.mode_name.removesuffix("+")
        dagger = "^{\\dagger}" if self.mode_name.endswith("+") else ""
        return f"{{{_latex_mode(mode)}}}_{{\\mathrm{{in}}}}{dagger}"


def lowering(mode: str) -> Lowering:
    return Lowering(f"o:{mode}")


def raising(mode: str) -> Raising:
    return Raising(f"o+:{mode}")


def amplitude(mode: str) -> Amplitude:
    return Amplitude(f"mean:{mode}")


def quadrature_mean(mode: str, quadrature: str) -> QuadratureMean:
    return QuadratureMean(f"mean:{quadrature}_{mode}", real=True)


def fluctuation(mode: str, dagger: bool = False) -> Fluctuation:
    return Fluctuation(f"delta:{mode}{'+' if dagger else ''}")


def noise(mode: str, dagger: bool = False) -> Noise:
    return Noise(f"in:{mode}{'+' if dagger else ''}")


def display_name(symbol: sp.Symbol) -> str:
    """Plain-text name of a derivation symbol: a, a†, <a>, <X_a>, δa, a_in."""
    if not isinstance(symbol, _Named):
        return symbol.name
    mode = symbol.mode_name
    return {
        Lowering: mode,
        Raising: f"{mode}†",
        Amplitude: f"<{mode}>",
        QuadratureMean: f"<{mode}>",
        Fluctuation: f"δ{mode.removesuffix('+')}{'†' if mode.endswith('+') else ''}",
        Noise: f"{mode.removesuffix('+')}_in{'†' if mode.endswith('+') else ''}",
    }[type(symbol)]
