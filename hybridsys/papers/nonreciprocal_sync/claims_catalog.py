"""Every checkable statement of the spec, as data: the claims of :mod:`.claims` and,
going through the spec line by line, the statements of the text around each figure,
the captions, Table I and the derivations (S3)-(S64); the statements we judged
impossible to check, and why; and the spec's internal contradictions beyond ERRATA.

Locations ``l. N`` are line numbers of ``shared/spec/nonreciprocal-sync-supplement.txt``.
The verdicts follow the rules of :mod:`.claims`; for formulas (kind "formula"):
a printed formula is *reproduced* where it is identical to our derivation, *partly*
where it is identical only in the spec's convention of dropping the Kerr
normal-ordering term (ERRATA 3) or only up to a typesetting defect (a trailing zero
entry), and *not reproduced* otherwise; a statement about units is reproduced where
the SI dimensions agree (ħ = 1 where the spec sets it). Pseudo-figures: judges of
formula claims read the transcriptions (:data:`.formulas.PRINTED`, figure
``"formulas"``), judges of Table I claims read its transcription (figure ``"table"``).
"""

from __future__ import annotations

import attrs
import numpy as np
import sympy as sp
from scipy import constants

from ...measures import quantum_synchronization
from ...measures.gaussian import symplectic_form
from ...model.modelfile import load_model
from ...symbolic.hurwitz import hurwitz_matrix
from . import formulas as fm
from .claims import (
    AGREE,
    CLAIMS,
    CLOSE,
    NOT_REPRODUCED,
    PARTLY,
    REPRODUCED,
    ROUGH,
    Claim,
    Finding,
    _approximately,
    _failed,
    _finite_share,
    _linearization,
    _optimum,
    _share,
    _synchronized,
    _threshold,
    _unsynchronized,
    _worst,
)
from .figures import FigureData

FORMULAS, TABLE = "formulas", "table"


# -- rules for formulas --------------------------------------------------------------------
def _short(expr) -> str:
    text = str(fm.in_parts(expr))
    return text if len(text) <= 90 else text[:87] + "..."


def _equation(printed, exact, spec, what: str, note: str = "") -> Finding:
    """A printed formula against our derivation, exact and in the spec's convention."""
    if fm.same(printed, exact):
        return Finding(f"{what}: printed = derived", REPRODUCED)
    if spec is not None and fm.same(printed, spec):
        return Finding(f"{what}: printed = derived without the Kerr ordering term; exact - printed = {_short(exact - printed)}",
                       PARTLY, "it drops the -iK m of normal ordering K(m†m)² (ERRATA 3)")
    return Finding(f"{what}: printed - derived = {_short(printed - exact)}", NOT_REPRODUCED,
                   f"printed - derived = {_short(printed - exact)}" + (f" ({note})" if note else ""))


def _combine(findings: list[Finding], joiner: str = "; ") -> Finding:
    return Finding(joiner.join(f.ours for f in findings), _worst(*(f.verdict for f in findings)),
                   joiner.join(f.why for f in findings if f.why))


def _langevin(mode: str, key: str, note: str = ""):
    def judge(d) -> Finding:
        return _equation(fm.parse(d[key]), fm.langevin(mode, "exact"), fm.langevin(mode, "spec"), f"({key})", note)
    return judge


def _mean_field(mode: str, key: str):
    def judge(d) -> Finding:
        return _equation(fm.parse(d[key]), fm.mean_field(mode, "exact"), fm.mean_field(mode, "spec"), f"({key})")
    return judge


def _detuning_terms(d) -> dict:
    """Δ'_a and Δ'_m of (S9), as printed, for the formulas that use them."""
    return {sp.Symbol("Delta_a_p"): fm.parse(d["S9a"]), sp.Symbol("Delta_m_p"): fm.parse(d["S9b"])}


def _fluctuation(mode: str, key: str, note: str = ""):
    def judge(d) -> Finding:
        printed = fm.parse(d[key]).subs(_detuning_terms(d))
        return _equation(printed, fm.fluctuation(mode, "exact"), fm.fluctuation(mode, "spec"), f"({key}) with Δ' of (S9)", note)
    return judge


def _effective_detuning(mode: str, key: str):
    """Δ' of (S9): δȯ = (-iΔ' - κ) δo + ... in our derivation."""
    def judge(d) -> Finding:
        own = sp.Symbol("d" + mode)
        derived = {c: sp.I * (sp.expand(fm.fluctuation(mode, c)).coeff(own) + sp.Symbol(f"kappa_{mode}")) for c in ("exact", "spec")}
        return _equation(fm.parse(d[key]), derived["exact"], derived["spec"], f"({key})")
    return judge


def _kerr_shift(d) -> Finding:
    """The K term of (S7b) is -i (shift) μ."""
    mu = sp.Symbol("mu")
    derived = {c: sp.expand(sp.I * (fm.mean_field("m", c) - fm.mean_field("m", c).subs(sp.Symbol("K"), 0)) / mu)
               for c in ("exact", "spec")}
    return _equation(fm.parse(d["S7-shift"]), derived["exact"], derived["spec"], "Kerr shift of the detuning in (S7b)")


QUADRATURES = ("X_a", "Y_a", "X_m", "Y_m", "X_b1", "Y_b1", "X_b2", "Y_b2")


def _drift_rows(first: int):
    """Rows ``first`` and ``first + 1`` of (S14) as printed, against our drift matrix."""
    def judge(d) -> Finding:
        exact, spec = fm.drift("exact"), fm.drift("spec")
        findings = []
        for row in (first, first + 1):
            printed = [fm.parse(e).subs(_detuning_terms(d)) for e in d["S14"][row]]
            name = f"row {QUADRATURES[row]}"
            trailing = 0
            while len(printed) > 8 and printed[-1] == 0:
                printed.pop()
                trailing += 1
            if len(printed) != 8:
                findings.append(Finding(f"{name}: {len(d['S14'][row])} entries", NOT_REPRODUCED,
                                        f"{name} is printed with {len(d['S14'][row])} entries; its entries do not stand in the "
                                        "columns of u (S12) (ERRATA 1)"))
                continue
            entries = [_equation(p, exact[row, k], spec[row, k], f"{name}, column {QUADRATURES[k]}") for k, p in enumerate(printed)]
            worst = _worst(*(f.verdict for f in entries))
            bad = [f.ours for f in entries if f.verdict != REPRODUCED]
            finding = Finding(f"{name}: " + ("= derived" if not bad else "; ".join(bad)), worst, "; ".join(f.why for f in entries if f.why))
            if trailing:
                finding = attrs.evolve(finding, ours=f"{finding.ours} (printed with {len(d['S14'][row])} entries, the last "
                                                     f"{trailing} zero)").at_most(PARTLY, f"{name} is printed with {trailing} extra zero entries")
            findings.append(finding)
        return _combine(findings)
    return judge


def _formal_solution(d) -> Finding:
    """(S15) solves (S11) for every noise N: with u = M(t)u(0) + ∫_0^t exp(A k(t, s)) N(s) ds,
    du/dt - Au - N(t) = [exp(A k(t, t)) - 1] N(t) + ∫_0^t A (∂_t k - 1) exp(A k) N(s) ds,
    which vanishes for every N exactly when k(t, t) = 0 and ∂_t k = 1 (Leibniz's rule)."""
    t, s = sp.Symbol("t"), sp.Symbol("s")
    kernel = fm.parse(d["S15-kernel"])
    at_t, slope = sp.simplify(kernel.subs(s, t)), sp.simplify(sp.diff(kernel, t))
    ok = at_t == 0 and slope == 1
    return Finding(f"kernel M({d['S15-kernel']}): k(t, t) = {at_t}, ∂k/∂t = {slope}", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else f"with M({d['S15-kernel']}) the formula does not solve (S11)")


def _lyapunov(d) -> Finding:
    """(S17) at its stationary point for one damped mode (S11) in a bath of n̄ quanta
    (S4), A = [[-κ, ω], [-ω, -κ]], Q = κ(2n̄ + 1) I (S20): the bath's thermal state has
    <X²> = <Y²> = n̄ + 1/2 and no XY correlation."""
    kappa, omega, nbar = sp.symbols("kappa omega nbar", positive=True)
    v = sp.symbols("v11 v12 v22")
    V = sp.Matrix([[v[0], v[1]], [v[1], v[2]]])
    A = sp.Matrix([[-kappa, omega], [-omega, -kappa]])
    Q = kappa * (2 * nbar + 1) * sp.eye(2)
    rhs = fm.parse_matrices(d["S17"], {"A": A, "V": V, "Q": Q})
    solution = sp.solve(list(rhs), v, dict=True)
    thermal = {v[0]: nbar + sp.Rational(1, 2), v[1]: 0, v[2]: nbar + sp.Rational(1, 2)}
    ok = len(solution) == 1 and all(sp.simplify(solution[0][k] - x) == 0 for k, x in thermal.items())
    found = {str(k): _short(x) for k, x in solution[0].items()} if solution else "none"
    return Finding(f"stationary V of a damped mode in a bath of n̄ quanta: {found}", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else "the stationary covariance is not the bath's thermal state (n̄ + 1/2)")


def _mass_scaling(d) -> Finding:
    """l. 626: g = η x_ZPM with x_ZPM ~ √(ħ/(2mω)), so g ∝ m^p with p = d ln x_ZPM / d ln m;
    hybridsys scales a phonon's couplings by its zero_point_scale (ERRATA 11)."""
    m = sp.Symbol("m", positive=True)
    x = fm.parse(d["x_ZPM"]).subs({sp.Symbol(n): sp.Symbol(n, positive=True) for n in ("hbar", "omega")}).subs(sp.Symbol("m"), m)
    printed = sp.simplify(m * sp.diff(sp.log(x), m))
    mode = next(mode for mode in load_model("nonreciprocal_sync").network_for().modes if mode.name == "b1")
    mass = sp.Symbol("mass", positive=True)
    scale = attrs.evolve(mode, mass=mass).zero_point_scale  # the model's phonon, its mass left free
    ours = sp.simplify(mass * sp.diff(sp.log(scale), mass))
    ok = sp.simplify(printed - ours) == 0
    return Finding(f"x_ZPM ∝ m^({printed}); hybridsys's couplings ∝ m^({ours})", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else f"x_ZPM scales as m^({printed}), our couplings as m^({ours})")


RATES = {"a": "kappa_a", "m": "kappa_m", "b1": "gamma_1", "b2": "gamma_2"}


def _noise_matrix(d) -> Finding:
    """(S20) from (S4), (S13), (S18), (S19): ⟨X_in X_in⟩_sym = ⟨Y_in Y_in⟩_sym = (⟨o o†⟩ + ⟨o† o⟩)/2 = n̄ + 1/2."""
    derived = []
    for mode in fm.MODES:
        nbar = fm.parse(d["S4-occupation"][mode])
        derived += [2 * sp.Symbol(RATES[mode]) * (nbar + sp.Rational(1, 2))] * 2
    printed = [fm.parse(e) for e in d["S20"]]
    ours = fm.diffusion()
    agrees = all(sp.simplify(ours[k, k] - derived[k]) == 0 for k in range(8))
    differ = [QUADRATURES[k] for k in range(8) if sp.simplify(printed[k] - derived[k]) != 0]
    text = f"Q from (S4): diag({', '.join(_short(x) for x in derived[::2])}) per mode; hybridsys's D {'agrees' if agrees else 'differs'}"
    if not differ:
        return Finding(text, REPRODUCED)
    undefined = {x for k in range(8) for x in printed[k].free_symbols} - {x for e in derived for x in e.free_symbols}
    if all(sp.simplify(printed[k].subs({x: 0 for x in undefined}) - derived[k]) == 0 for k in range(8)):
        return Finding(text, PARTLY, f"(S20) uses {', '.join(sorted(map(str, undefined)))}, which (S4) does not define (it sets "
                                     "that bath to zero temperature, ERRATA 4); equal with it set to 0")
    return Finding(text, NOT_REPRODUCED, f"(S20) differs from (S4) at {', '.join(differ)}")


LEVELS = 10


def _canonical(d) -> Finding:
    """(S22) from the quadratures (S10a)."""
    b = fm.ladder(LEVELS)
    value = fm.commutator_value(fm.quadrature(d["S10-X"], b), fm.quadrature(d["S10-Y"], b), LEVELS)
    stated = complex(fm.parse(d["S22"]))
    ok = np.isclose(value, stated)
    return Finding(f"[X, Y] = {value:.3g} from (S10a)", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else f"(S10a) gives [X, Y] = {value:.3g}, not {stated:.3g}")


def _difference_commutator(d) -> complex:
    b = fm.ladder(LEVELS)
    one = np.eye(LEVELS)
    w = complex(fm.parse(d["S21-weight"]))
    x, y = fm.quadrature(d["S10-X"], b), fm.quadrature(d["S10-Y"], b)
    xm = w * (np.kron(x, one) - np.kron(one, x))
    ym = w * (np.kron(y, one) - np.kron(one, y))
    c = xm @ ym - ym @ xm
    inner = [i * LEVELS + j for i in range(LEVELS - 2) for j in range(LEVELS - 2)]
    block = c[np.ix_(inner, inner)]
    return complex(block[0, 0]) if np.allclose(block, block[0, 0] * np.eye(len(inner)), atol=1e-12) else complex("nan")


def _uncertainty(d) -> Finding:
    """(S24): Robertson's bound |⟨[X_-, Y_-]⟩|²/4 with O_- of (S21)."""
    c = _difference_commutator(d)
    bound, stated = abs(c) ** 2 / 4, float(fm.parse(d["S24"]))
    ok = np.isclose(bound, stated)
    return Finding(f"[X_-, Y_-] = {c:.3g}: <X_-²><Y_-²> >= {bound:.3g}", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else f"the uncertainty bound is {bound:.3g}, not {stated:g}")


def _synchronization_bound(d) -> Finding:
    """(S25): 1/(x + y) <= middle(x, y) <= bound wherever x y >= 1/4 (S24)."""
    x, y = np.meshgrid(np.geomspace(0.05, 20, 121), np.geomspace(0.05, 20, 121))
    allowed = x * y >= 0.25 - 1e-12
    middle = sp.lambdify((sp.Symbol("x"), sp.Symbol("y")), fm.parse(d["S25-middle"]))(x, y) * np.ones_like(x)
    bound = float(fm.parse(d["S25-bound"]))
    holds = (1 / (x + y) <= middle * (1 + 1e-12)) & (middle <= bound * (1 + 1e-12))
    return _share(holds, allowed, "S_C <= middle <= bound", 0)


def _sq_maximum(d) -> Finding:
    """S_Q <= 1, reached by two vacua: S_Q of 200 random two-mode Gaussian states."""
    rng = np.random.default_rng(18)
    h = rng.normal(size=(200, 4, 4))
    generator = symplectic_form(2) @ (h + np.swapaxes(h, 1, 2)) * 0.3  # S = exp(JH) is symplectic
    w, v = np.linalg.eig(generator)
    S = np.real(v @ (np.exp(w)[..., None] * np.linalg.inv(v)))
    nu = np.repeat(0.5 + rng.exponential(0.5, size=(200, 2)), 2, axis=1)  # symplectic eigenvalues >= 1/2
    states = np.concatenate([0.5 * np.eye(4)[None], S @ (nu[..., None] * np.swapaxes(S, 1, 2))])
    values = quantum_synchronization(states, 0, 1)
    largest, stated = float(np.max(values)), float(fm.parse(d["S30"]))
    if largest > stated * (1 + 1e-9):
        return Finding(f"largest S_Q = {largest:.4g}", NOT_REPRODUCED, f"S_Q reaches {largest:.4g} > {stated:g}")
    return _approximately(largest, stated, "largest S_Q of two vacua and 200 random states")


def _kittel(d, field: str):
    return fm.magnon_coefficients(d[field])


def _kittel_energy(key: str, field: str):
    def judge(d) -> Finding:
        return _equation(fm.parse(d[key]), fm.kittel_energy(d[field]), None, f"({key}) from (S31), ({field[1:]}), M = γS/V_m")
    return judge


def _kittel_polynomial(d) -> Finding:
    derived = fm.holstein_primakoff(fm.kittel_energy(d["S33"]))
    return _equation(fm.parse(d["S37"]), derived, None, "(S37) from (S34), (S36)")


def _kittel_coefficient(key: str, field: str, power: int):
    def judge(d) -> Finding:
        return _equation(fm.parse(d[key]), _kittel(d, field)[power], None, f"({key}), n^{power} of H_m({field})")
    return judge


def _kerr_signs_opposite(d) -> Finding:
    k100, k110 = _kittel(d, "S33")[2], _kittel(d, "S40")[2]
    ratio = sp.simplify(k110 / k100)
    ok = ratio.is_number and ratio < 0
    return Finding(f"K[110]/K[100] = {ratio}", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else f"K[110]/K[100] = {ratio}: not of opposite sign whatever K_an")


def _holstein_primakoff(d) -> Finding:
    """[S+, S-] = 2 S_z with S+ = f(n) m of (S43) and S_z = S - n (S36)."""
    S, n = sp.symbols("S n")
    f = fm.parse(d["S43"])
    commutator = sp.simplify(f**2 * (n + 1) - f.subs(n, n - 1) ** 2 * n)
    ok = sp.simplify(commutator - 2 * (S - n)) == 0
    return Finding(f"[S+, S-] = {commutator} on |n>", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else f"[S+, S-] = {commutator}, not 2 S_z = 2(S - n)")


def _first_order(d) -> Finding:
    S, n = sp.symbols("S n", positive=True)
    exact = fm.parse(d["S43"]).subs({sp.Symbol("S"): S, sp.Symbol("n"): n})
    series = sp.series(exact, n, 0, 2).removeO()
    printed = sp.expand(fm.parse(d["S46"]).subs({sp.Symbol("S"): S, sp.Symbol("n"): n}))
    ok = sp.simplify(series - printed) == 0
    return Finding(f"first order of {d['S43']}: {series}", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else f"the first order in n is {series}, not {printed}")


def _units(key: str, units_key: str, expected: str, what: str, natural: bool = False):
    def judge(d) -> Finding:
        units = dict(d[units_key])
        text = d[key]
        if natural:  # ħ = 1: kg = s/m²
            units = {k: v.replace("M", "(T/L**2)") if k != "M" and "M" in v else v for k, v in units.items()}
        ok, dim = fm.consistent(text, units, expected)
        return Finding(f"{what}: SI dimension {dim}" + (" (ħ = 1)" if natural else ""), REPRODUCED if ok else NOT_REPRODUCED,
                       "" if ok else f"{what} has the dimension {dim}, not {expected}" + (" with ħ = 1" if natural else ""))
    return judge


def _polynomial_degree(d) -> Finding:
    n = fm.drift("exact").shape[0]
    ok = n == int(d["S53-degree"])
    return Finding(f"A is {n}x{n}: det(A - λ) has degree {n}", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else f"the characteristic polynomial has degree {n}")


def _hurwitz_rule(d) -> Finding:
    differ = [k for k in range(1, 9) if fm.hurwitz_rule(8, k, d["S54-upper"]) != hurwitz_matrix(8, k, "standard")]
    theta2 = sp.expand(fm.hurwitz_rule(8, 2, d["S54-upper"]).det())
    if not differ:
        return Finding(f"θ_k are the Hurwitz matrices; θ2 = {theta2}", REPRODUCED)
    return Finding(f"θ_k differ from the Hurwitz matrices for k = {', '.join(map(str, differ))}; θ2 = {theta2}", NOT_REPRODUCED,
                   f"the printed rule zeroes a_(2i-j) beyond k, not beyond the degree 8: θ2 = {theta2}, the Hurwitz Δ2 = a_1*a_2 - a_3 "
                   "(ERRATA 12)")


def _shift_direction(expected: str):
    """Red (lower frequency) or blue (higher) shift of the magnon by the CD field: the
    Kerr terms of (S9b)/(S50) shift the magnon by 4KN_m with N_m > 0."""
    def judge(d) -> Finding:
        sign = np.sign(4 * float(d["K_CD"]))
        direction = "red" if sign < 0 else "blue" if sign > 0 else "none"
        ok = direction == expected
        return Finding(f"CD: K/ω1 = {float(d['K_CD']):g}, shift 4KN_m {'<' if sign < 0 else '>'} 0: a {direction}shift",
                       REPRODUCED if ok else NOT_REPRODUCED, "" if ok else f"K < 0 lowers the magnon frequency: a {direction}shift, "
                       f"not a {expected}shift" if sign < 0 else f"K > 0 raises it: a {direction}shift, not a {expected}shift")
    return judge


def _magnon_number(d) -> Finding:
    """N_m = |μ|² of the driven, damped magnon of (S7b) (g_m = K = 0) against κ_m."""
    mu, kappa = sp.Symbol("mu"), sp.Symbol("kappa_m", positive=True)
    field = fm.mean_field("m", "exact").subs({sp.Symbol("g_m"): 0, sp.Symbol("K"): 0, sp.Symbol("kappa_m"): kappa})
    solution = sp.solve(field, mu)[0].subs({sp.Symbol("Delta_m"): d["Delta_m"], sp.Symbol("xi_m"): d["xi_m"]})
    number = sp.simplify(solution * sp.conjugate(solution))
    slope = float(sp.diff(number, kappa).subs(kappa, d["kappa_m"]))
    direction = "decreases" if slope < 0 else "increases"
    ok = direction == d["L546-direction"]
    return Finding(f"dN_m/dκ_m = {slope:.3g} at Table I: N_m {direction} with κ_m", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else f"N_m {direction} with κ_m")


# -- Table I ---------------------------------------------------------------------------------
#: Table I as printed (SI where it has units; rates in units of ω1).
TABLE_I = {
    "c": 3e8, "gyromagnetic_MHz_per_Oe": 2.8, "omega_1_MHz": 10.0, "omega_2_MHz": 10.05, "mass_ng": 100.0,
    "S11-omega_2_over_omega_1": 1.005,
    "columns": {  # simulation, experimental
        "omega_2/omega_1": (10.05 / 10.0, 15.367 / 15.25), "-Delta_a/omega_1": (1.005, 1.008), "-Delta_m/omega_1": (1.0, 1.0),
        "kappa_a/omega_1": (0.15, 0.66), "kappa_m/omega_1": (0.2, 0.066), "gamma_j/omega_1": (0.005, 0.0003),
        "G/omega_1 (largest)": (0.2, 0.1), "chi/omega_1": (0.02, 0.0003), "r (mm)": (1.1, 0.2), "r_0 (mm)": (0.5, 0.2),
        "m_j (ng)": (100.0, 100.0),
    },
}


def _speed_of_light(d) -> Finding:
    return _approximately(constants.c, d["c"], "c (CODATA), m/s")


def _gyromagnetic(d) -> Finding:
    electron = constants.physical_constants["electron gyromag. ratio in MHz/T"][0] * 1e-4  # MHz/Oe (1 Oe ↔ 1e-4 T in vacuum)
    return _approximately(electron, d["gyromagnetic_MHz_per_Oe"], "electron γ/2π (CODATA), MHz/Oe")


def _mechanical_ratio(d) -> Finding:
    ratio = d["omega_2_MHz"] / d["omega_1_MHz"]
    ok = abs(ratio - d["S11-omega_2_over_omega_1"]) <= 1e-9
    return Finding(f"Table I ω2/ω1 = {ratio:.6g}; model file {d['model_omega_2']:.6g}", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else f"Table I gives ω2/ω1 = {ratio:.6g}, Fig. S11 {d['S11-omega_2_over_omega_1']:g}")


def _columns_agree(d) -> Finding:
    rows = d["columns"]
    deviation = np.array([abs(sim - exp) / max(abs(sim), abs(exp)) for sim, exp in rows.values()])
    holds = deviation <= ROUGH
    far = [f"{name} ({sim:g} vs {exp:g})" for (name, (sim, exp)), ok in zip(rows.items(), holds) if not ok]
    finding = _share(holds, np.ones_like(holds), f"within {ROUGH:.0%} between the columns", 0)
    return attrs.evolve(finding, why=finding.why and f"{finding.why}; far apart: {', '.join(far)}")


def _phonons_resonant(d) -> Finding:
    """Fig. S11's caption: ω2/ω1 = 1.005 means "the resonance of the two phonon modes":
    the two frequencies differ by less than the sum of their linewidths γ1 + γ2."""
    split, width = abs(d["omega_2_MHz"] / d["omega_1_MHz"] - 1), 2 * d["columns"]["gamma_j/omega_1"][0]
    ok = split <= width
    return Finding(f"|ω2 - ω1| = {split:.3g} ω1, γ1 + γ2 = {width:.3g} ω1", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else "the two phonon frequencies differ by more than their linewidths")


def _equal_masses(d) -> Finding:
    sim, exp = d["columns"]["m_j (ng)"]
    ok = d["mass_ng"] == sim and d["model_masses_equal"]
    return Finding(f"Table I m_j = m_0 = {sim:g} ng; model file: b1 and b2 of equal mass: {d['model_masses_equal']}",
                   REPRODUCED if ok else NOT_REPRODUCED, "" if ok else "the masses differ")


# -- figures ------------------------------------------------------------------------------------
def _s1_symmetric(d) -> Finding:
    """l. 417: the LD and RD peaks shift symmetrically away from the still peak."""
    x = d["Delta_a"]
    still, _ = _optimum(x, d["S_Q_still_LD"], None, "still")
    ld, ld_f = _optimum(x, d["S_Q_spinning_LD"], None, "LD")
    rd, rd_f = _optimum(x, d["S_Q_spinning_RD"], None, "RD")
    left, right = ld - still, rd - still
    ours = f"peaks at Δa/ω1: still {still:.3g}, LD {ld:.3g}, RD {rd:.3g}"
    if left * right < 0 and abs(left + right) <= CLOSE * max(abs(left), abs(right)):
        finding = Finding(ours, REPRODUCED)
    elif left * right < 0:
        finding = Finding(ours, PARTLY, f"opposite but unequal shifts ({left:+.3g}, {right:+.3g})")
    else:
        finding = Finding(ours, NOT_REPRODUCED, f"the shifts ({left:+.3g}, {right:+.3g}) are not opposite")
    for side in (ld_f, rd_f):
        if side.verdict != REPRODUCED:
            finding = finding.at_most(PARTLY, side.why)
    return finding


def _s2_only_theta2(d) -> Finding:
    share = np.asarray(d["hurwitz_nonpositive"], dtype=float)
    deciding = [k + 1 for k in np.flatnonzero(share > 0)]
    ok = set(deciding) <= {2}
    return Finding("Δ_k <= 0 somewhere on the grid for k = " + (", ".join(map(str, deciding)) or "none"),
                   REPRODUCED if ok else NOT_REPRODUCED, "" if ok else f"the Hurwitz determinants Δ_k with k = "
                   f"{', '.join(map(str, deciding))} also decide stability on the (Δa, Δm) grid")


def _s2_blue_sideband(d) -> Finding:
    near = (np.abs(d["Delta_a"][:, None] + 1) <= 0.2) & (np.abs(d["Delta_m"][None, :] + 1) <= 0.2)
    return _share(np.asarray(d["stable"], bool), near, "the lowest fixed point stable within 0.2 ω1 of Δa = Δm = -ω1", 0)


def _mismatch(b1: np.ndarray, b2: np.ndarray) -> float:
    return float(np.max(np.abs(b1 - b2)) / np.max(np.abs(b1)))


def _s2_cycles_agree(d) -> Finding:
    last = slice(3 * len(d["X_b1_CD"]) // 4, None)  # the last quarter of the trajectory
    mismatch = max(_mismatch(d[f"{q}_b1_CD"][last], d[f"{q}_b2_CD"][last]) for q in "XY")
    ok = mismatch <= CLOSE
    return Finding(f"CD, last quarter: max|<Q_b1> - <Q_b2>| / max|<Q_b1>| = {mismatch:.2g}",
                   REPRODUCED if ok else PARTLY if mismatch <= ROUGH else NOT_REPRODUCED,
                   "" if ok else f"the two limit cycles differ by {mismatch:.0%} of their amplitude")


def _s3_cd_largest(d) -> Finding:
    cd, off, od = (float(x) for x in d["S_Q_max"])
    ok = cd > off and cd > od
    finding = Finding(f"max S_Q, last window: CD {cd:.3g}, Kerr off {off:.3g}, OD {od:.2g}", REPRODUCED if ok else NOT_REPRODUCED,
                      "" if ok else "S_Q for CD is not the largest")
    return _linearization(finding, d["linearization"], ("CD", "Kerr off", "OD"))


def _one_way_window(axis: str, low: float, high: float):
    """(S55)/(S56): the edges of the Δ window around -ω1 where CD synchronizes and OD does not."""
    def judge(d) -> Finding:
        x = d["detuning"]
        cd, od = d[f"S_Q_vs_{axis}_CD"], d[f"S_Q_vs_{axis}_OD"]
        one_way = _synchronized(cd) & _unsynchronized(od) & np.isfinite(cd) & np.isfinite(od)
        centre = int(np.argmin(np.abs(x + 1)))
        if not one_way[centre]:
            return Finding(f"not one-way at Δ/ω1 = {x[centre]:.3g}", NOT_REPRODUCED, "no one-way window around Δ = -ω1")
        first = centre
        while first > 0 and one_way[first - 1]:
            first -= 1
        last = centre
        while last < x.size - 1 and one_way[last + 1]:
            last += 1
        findings = [_approximately(float(x[first]), low, "lower edge"), _approximately(float(x[last]), high, "upper edge")]
        if first == 0 or last == x.size - 1:
            findings.append(Finding("the window reaches the sweep's edge", PARTLY, "the one-way window reaches the edge of the sweep"))
        failed = int(np.sum(~(np.isfinite(cd) & np.isfinite(od))[max(first - 1, 0): last + 2]))
        return _failed(_combine(findings), failed, x.size)
    return judge


def _s5b_switch(d) -> Finding:
    K, sq = d["K"], d["S_Q_max"]
    on = bool(np.any(_synchronized(sq[K < 0])))
    off = bool(np.any(_unsynchronized(sq[K > 0]) & np.isfinite(sq[K > 0])))
    ok = on and off
    return Finding(f"synchronized at some K < 0: {on}; unsynchronized at some K > 0: {off}", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else "tuning K does not switch S_Q between 0 and > 0")


def _falls(x_key: str, y_key: str):
    """S_Q falls as the swept rate grows: at every step of the sweep (within AGREE)."""
    def judge(d) -> Finding:
        y = np.asarray(d[y_key], dtype=float)
        pairs = np.isfinite(y[:-1]) & np.isfinite(y[1:])
        return _share(y[1:] <= y[:-1] + AGREE, pairs, "S_Q falls from one point to the next", int(np.sum(~pairs)))
    return judge


def _over(key: str, holds, what: str, where=None):
    """A statement over the points of ``d[key]`` selected by ``where`` (all by default)."""
    def judge(d) -> Finding:
        sq = np.asarray(d[key], dtype=float)
        mask = np.ones(sq.shape, bool) if where is None else np.asarray(where(d), bool)
        finite = np.isfinite(sq)
        return _share(holds(sq), mask & finite, what, int(np.sum(mask & ~finite)))
    return judge


def _robust(key: str, where=None):
    return _over(key, _synchronized, "S_Q > 0.01", where)


def _vanishes(key: str, where=None):
    return _over(key, _unsynchronized, "S_Q = 0", where)


def _s7_off_at_kappa_a_optimum(d) -> Finding:
    k = int(np.argmin(np.abs(d["kappa_a"] - 0.125)))
    sq = float(d["vs_kappa_a_kerr_off"][k])
    if not np.isfinite(sq):
        return Finding(f"κ_a/ω1 = {d['kappa_a'][k]:.3g}: failed", PARTLY, "the point failed to integrate")
    ok = sq <= 0.01
    return Finding(f"Kerr off, κ_a/ω1 = {d['kappa_a'][k]:.3g}: S_Q = {sq:.2g}", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else f"Kerr off synchronizes at κ_a/ω1 = {d['kappa_a'][k]:.3g}")


def _s8_stronger(d) -> Finding:
    """l. 597: a stronger |K| (K < 0) gives a larger revival factor."""
    order = np.argsort(np.abs(d["K"]))
    revival = np.asarray(d["revival_vs_K"], dtype=float)[order]
    pairs = np.isfinite(revival[:-1]) & np.isfinite(revival[1:])
    return _share(revival[1:] >= revival[:-1] - AGREE, pairs, "Λ grows with |K|", int(np.sum(~pairs)))


def _s8_optimal(d) -> Finding:
    return _optimum(d["K"], d["revival_vs_K"], -2e-5, "K/ω1 of the largest revival factor")[1]


def _s8_switch(d) -> Finding:
    off = d["S_Q_nbar10_kerr_off"]
    finding = _finite_share(_unsynchronized(off), off, what="Kerr off, n̄_j = 10: S_Q = 0")
    if not np.any(_synchronized(d["S_Q_nbar10_CD"])):
        return finding.at_most(NOT_REPRODUCED, "CD does not synchronize at n̄_j = 10 either")
    return finding


def _s8_surpass(d) -> Finding:
    largest = float(np.nanmax(d["revival_vs_K"])) if np.any(np.isfinite(d["revival_vs_K"])) else np.nan
    finding = _approximately(largest, 1.0, "the largest revival factor Λ")
    if np.isfinite(largest) and largest >= 1:
        return Finding(f"{finding.ours} (surpasses the ideal device)", REPRODUCED)
    return finding


def _s9_steady(d) -> Finding:
    regimes = [str(r) for r in d["regime"]]
    cycles = sum(r == "limit cycle" for r in regimes)
    return Finding(f"CD: {regimes[0]}, OD: {regimes[1]}", REPRODUCED if cycles == 2 else PARTLY if cycles else NOT_REPRODUCED,
                   "" if cycles == 2 else f"the regimes are {regimes}")


def _s9_optomechanical_shift(d) -> Finding:
    """l. 417: the Ω = 0 offset is an optomechanics-induced blueshift of the cavity: by
    (S9a) the cavity moves by -2g_a Re β2 = -√2 g_a <X_b2> (g_a > 0)."""
    last = slice(3 * d["X_b2"].shape[-1] // 4, None)
    means = np.mean(d["X_b2"][:, last], axis=-1)
    blue = int(np.sum(means < 0))
    return Finding(f"<X_b2> over the last quarter: CD {means[0]:.3g}, OD {means[1]:.3g}: the cavity shifts by -√2 g_a <X_b2>, "
                   f"{'down (red)' if means[0] > 0 else 'up (blue)'} for CD",
                   REPRODUCED if blue == 2 else PARTLY if blue else NOT_REPRODUCED,
                   "" if blue == 2 else "Re β2 > 0 (the phonon is pushed out by radiation pressure), so (S9a) lowers the cavity "
                   "frequency: a redshift")


def _s10_fluctuations_only(d) -> Finding:
    """(S26): removing the mean differences can only raise the measure, S_Q >= S_C."""
    sq, sc = np.asarray(d["S_Q"], dtype=float), np.asarray(d["S_C"], dtype=float)
    return _finite_share(sq >= sc * (1 - 1e-9), sq, sc, what="S_Q >= S_C")


def _s11_range(d) -> Finding:
    G = np.concatenate([d["G_a"], d["G_m"]])
    finding = _finite_share((G >= 0) & (G <= 0.2), G, what="0 <= G/ω1 <= 0.2")
    return attrs.evolve(finding, ours=f"{finding.ours}; largest G/ω1 = {np.nanmax(G):.3g}")


def _KAPPA_A_LOW(d):
    return d["kappa_a"] < 0.14


def _K_NEGATIVE_MAP(d):
    return np.broadcast_to(d["K"][None, :] < 0, d["map_gamma"].shape)


def _S6_BEYOND(d):
    return (d["gamma"][:, None] > 0.007) | (d["kappa_m"][None, :] > 0.27)


def _c(key, source, statement, figure, judge, depends_on="", kind="figure") -> Claim:
    return Claim(key, source, statement, figure, judge, depends_on, kind)


def _f(key, source, statement, judge) -> Claim:
    return Claim(key, source, statement, FORMULAS, judge, "", "formula")


NEW_CLAIMS = (
    # -- II.A.2: the Langevin equations from the Hamiltonian (S2) -----------------------------
    _f("S3a", "(S3a), l. 128", "the Langevin equation of a follows from H_I (S2)", _langevin("a", "S3a")),
    _f("S3b", "(S3b), l. 130", "the Langevin equation of m follows from H_I (S2)", _langevin("m", "S3b")),
    _f("S3c", "(S3c), l. 132", "the Langevin equation of b1 follows from H_I (S2)", _langevin("b1", "S3c")),
    _f("S3d", "(S3d), l. 134", "the Langevin equation of b2 follows from H_I (S2)", _langevin("b2", "S3d")),
    _f("S7a", "(S7a), l. 164", "the mean-field equation of α", _mean_field("a", "S7a")),
    _f("S7b", "(S7b), l. 166", "the mean-field equation of μ", _mean_field("m", "S7b")),
    _f("S7c", "(S7c), l. 168", "the mean-field equation of β1", _mean_field("b1", "S7c")),
    _f("S7d", "(S7d), l. 170", "the mean-field equation of β2", _mean_field("b2", "S7d")),
    _f("S7-shift", "l. 172, after (S7)", "2Kμ*μ is the shift of the detuning (from the self-Kerr effect)", _kerr_shift),
    _f("S8a", "(S8a), l. 174", "the linearized equation of δa", _fluctuation("a", "S8a")),
    _f("S8b", "(S8b), l. 176", "the linearized equation of δm", _fluctuation("m", "S8b")),
    _f("S8c", "(S8c), l. 178", "the linearized equation of δb1", _fluctuation("b1", "S8c")),
    _f("S8d", "(S8d), l. 180", "the linearized equation of δb2", _fluctuation("b2", "S8d", "g_c for g_a, ERRATA 2")),
    _f("S9a", "(S9a), l. 184", "Δ'_a = Δa - 2g_a Re β2", _effective_detuning("a", "S9a")),
    _f("S9b", "(S9b), l. 186; (S51), l. 399", "Δ'_m = Δm - 2g_m Re β1 + 4K|μ|²", _effective_detuning("m", "S9b")),
    _f("S14-a", "(S14) rows 1-2, l. 208", "the drift rows of X_a, Y_a", _drift_rows(0)),
    _f("S14-m", "(S14) rows 3-4, l. 208", "the drift rows of X_m, Y_m", _drift_rows(2)),
    _f("S14-b1", "(S14) rows 5-6, l. 208", "the drift rows of X_b1, Y_b1", _drift_rows(4)),
    _f("S14-b2", "(S14) rows 7-8, l. 208", "the drift rows of X_b2, Y_b2", _drift_rows(6)),
    _f("S15", "(S15), l. 212", "u(t) = M(t)u(0) + ∫_0^t M(t-s)N(s)ds with M = exp(At) solves (S11)", _formal_solution),
    _f("S17", "(S17), l. 222, with (S4), (S11), (S20)", "the Lyapunov equation dV/dt = AV + VA^T + Q (its stationary point is "
       "a bath's thermal state)", _lyapunov),
    _f("S20", "(S20), l. 234, with (S4), (S13), (S18), (S19)", "Q = diag(κa, κa, (2n̄m+1)κm, ..., (2n̄2+1)γ2)", _noise_matrix),
    _f("S22", "(S22), l. 246, with (S10a)", "[X_bj, Y_bj'] = iδ_jj'", _canonical),
    _f("S24", "(S24), l. 254, with (S21)", "<X_-²><Y_-²> >= 1/4 (Heisenberg)", _uncertainty),
    _f("S25", "(S25), l. 258", "S_C <= [<X_-²><Y_-²>]^(-1/2)/2 <= 1", _synchronization_bound),
    _f("S30", "(S27)-(S30), l. 266-278", "S_Q = 1 is the best (largest) quantum synchronization", _sq_maximum),
    # -- II.B.1: the Kerr coefficient of a YIG sphere ---------------------------------------
    _f("S34", "(S34), l. 310", "[100]: H_m = -γB0 S_z + μ0γ²K_an S_z²/(M²V_m) from (S31), (S33), (S35)", _kittel_energy("S34", "S33")),
    _f("S37", "(S37), l. 322", "the Holstein-Primakoff form of H_m ([100])", _kittel_polynomial),
    _f("S38", "(S38), l. 326", "[100]: ω_m = γB0 - 2μ0γ²K_an S/(M²V_m)", _kittel_coefficient("S38", "S33", 1)),
    _f("S39", "(S39), l. 330", "[100]: K = μ0γ²K_an/(M²V_m)", _kittel_coefficient("S39", "S33", 2)),
    _f("S41", "(S41), l. 338", "[110]: H_m in S_x, S_y, S_z from (S31), (S40), (S42)", _kittel_energy("S41", "S40")),
    _f("S43", "(S43)-(S44), l. 352-356", "S+ = √(2S - m†m) m with S_z = S - m†m obeys [S+, S-] = 2S_z", _holstein_primakoff),
    _f("S46", "(S46), l. 366", "S+ ≈ √(2S)[1 - m†m/(4S)] m to first order", _first_order),
    _f("S48", "(S47)-(S48), l. 372-378", "[110]: ω_m = γB0 + 13μ0γ²K_an S/(8M²V_m)", _kittel_coefficient("S48", "S40", 1)),
    _f("S49", "(S47), (S49), l. 372-382", "[110]: K = -13μ0γ²K_an/(16M²V_m)", _kittel_coefficient("S49", "S40", 2)),
    _f("S39-S49-opposite", "l. 384", "[110] and [100] give Kerr coefficients of opposite sign", _kerr_signs_opposite),
    _f("S39-units", "(S31), (S33), (S39), l. 296-330", "K = μ0γ²K_an/(M²V_m) is a frequency (ħ = 1; K_an the anisotropy "
       "constant, an energy density)", _units("S39", "S39-units", "1/T", "μ0γ²K_an/(M²V_m)", natural=True)),
    # -- II.B.2-3: shifts ------------------------------------------------------------------------
    _f("L673-red", "l. 673, l. 675; (S50)", "the field from the CD (K < 0) redshifts the magnon, the OD blueshifts it",
       _shift_direction("red")),
    _f("L465-blue", "l. 465-472", "the field from the CD yields a blue shift of the magnon detuning", _shift_direction("blue")),
    _f("S52-units", "(S52), l. 415", "σ_a = ±ΩΛ with Λ = ζrω_c[1 - 1/ζ² - (λ/ζ)dζ/dλ]/c: Λ is dimensionless (σ_a a rate)",
       _units("S52", "S52-units", "1", "Λ")),
    _f("S52-index", "l. 411", "ζ → ζ[1 ± Ωζr(ζ^-2 - 1)/c]: the correction is dimensionless", _units("S52-index", "S52-units", "1",
                                                                                                     "Ωζr(ζ^-2 - 1)/c")),
    # -- II.B.4: stability -------------------------------------------------------------------------
    _f("S53", "(S53), l. 425", "the characteristic equation of A is of degree 8", _polynomial_degree),
    _f("S54", "(S54), l. 429", "the θ_k of (S54) are the Hurwitz matrices whose determinants decide stability", _hurwitz_rule),
    # -- III.A.2-4 -------------------------------------------------------------------------------
    _f("L546", "l. 546", "the magnon number decreases as the magnon damping κ_m grows", _magnon_number),
    _f("L626-mass", "l. 626; ERRATA 11", "g = η x_ZPM: the couplings fall with the mass as x_ZPM ~ √(ħ/(2mω))", _mass_scaling),
    _f("x_ZPM", "l. 626", "x_ZPM ~ √(ħ/(2mω_m)) is a length", _units("x_ZPM", "x_ZPM-units", "L", "x_ZPM")),
    # -- Table I -----------------------------------------------------------------------------------
    _c("T-c", "Table I, l. 62", "c = 3×10^8 m/s", TABLE, _speed_of_light, kind="table"),
    _c("T-gamma", "Table I, l. 64", "γ = 2π × 2.8 MHz/Oe (gyromagnetic ratio)", TABLE, _gyromagnetic, kind="table"),
    _c("T-omega2", "Table I, l. 66-67; Fig. S11 caption, l. 682", "ω2/ω1 = 1.005 (10.05 MHz / 10 MHz)", TABLE, _mechanical_ratio,
       kind="table"),
    _c("T-resonance", "Fig. S11 caption, l. 682; Table I", "ω2/ω1 = 1.005 means the two phonon modes are resonant", TABLE,
       _phonons_resonant, kind="table"),
    _c("T-columns", "Table I caption, l. 90; l. 94", "close agreement between the simulation and the experimental parameters",
       TABLE, _columns_agree, kind="table"),
    _c("T-masses", "l. 634, Table I", "the simulations use equal masses m_1 = m_2 = 100 ng, as in Table I", TABLE, _equal_masses,
       kind="table"),
    _c("T-G", "Table I, l. 78-79", "the effective couplings G_a, G_m are 0 to 0.2 ω1 (simulation column)", "S11", _s11_range, "g"),
    # -- figures ------------------------------------------------------------------------------------
    _c("S1-symmetric", "l. 417", "spinning, the S_Q peaks for the two input directions shift symmetrically", "S1", _s1_symmetric, "Ω"),
    _c("S1-blueshift", "l. 417", "at Ω = 0 the spectral offset is an optomechanics-induced blueshift of the cavity (judged on "
       "Fig. S9's trajectories: β2 is driven by the light, (S7d))", "S9",
       _s9_optomechanical_shift, "g"),
    _c("S2-only-theta2", "l. 436", "only θ2 is nontrivial (the other Hurwitz determinants are positive)", "S2", _s2_only_theta2),
    _c("S2-blue-sideband", "l. 436, l. 438", "the system is dynamically stable around the blue-sideband resonances", "S2",
       _s2_blue_sideband),
    _c("S2-consistent", "Fig. S2(b), l. 438", "the two limit cycles tend to be consistent", "S2", _s2_cycles_agree, "initial state"),
    _c("S3-CD-largest", "l. 465", "S_Q in the CD case is larger than in the Kerr-off and OD cases", "S3", _s3_cd_largest, "window"),
    _c("S55-window", "(S55), l. 483", "the one-way window in Δm is -1.1 ≲ Δm/ω1 ≲ -0.8", "S4",
       _one_way_window("Delta_m", -1.1, -0.8), "window"),
    _c("S56-window", "(S56), l. 487", "the one-way window in Δa is -1.1 ≲ Δa/ω1 ≲ -0.9", "S4",
       _one_way_window("Delta_a", -1.1, -0.9), "window"),
    _c("S5b-switch", "l. 515", "tuning K switches between unsynchronized (K > 0) and synchronized (K < 0)", "S5b", _s5b_switch),
    _c("S6-gamma-off", "l. 550, Fig. S6(b)", "Kerr off: S_Q increases as γ_j decreases", "S6", _falls("gamma", "vs_gamma_kerr_off")),
    _c("S6-gamma-CD", "l. 550, Fig. S6(e)", "Kerr on: S_Q increases as γ_j decreases", "S6", _falls("gamma", "vs_gamma_CD")),
    _c("S6-kappa-off", "l. 563, Fig. S6(c)", "Kerr off: S_Q decreases as κ_m increases", "S6", _falls("kappa_m", "vs_kappa_m_kerr_off")),
    _c("S6-kappa-CD", "l. 563, Fig. S6(f)", "Kerr on: S_Q decreases as κ_m increases", "S6", _falls("kappa_m", "vs_kappa_m_CD")),
    _c("S6-kappa-robust", "l. 563, Fig. S6(f)", "Kerr on (K < 0): the phonons are synchronized (S_Q > 0) across κ_m", "S6",
       _robust("vs_kappa_m_CD")),
    _c("S6-gamma-threshold", "l. 548, Fig. S6(a,b)", "S_Q vanishes for γ_j/ω1 > 0.007 (Kerr off)", "S6",
       lambda d: _threshold(d["gamma"], d["vs_gamma_kerr_off"], 0.007, True, "γ_j/ω1 where S_Q vanishes (Kerr off)"), "window"),
    _c("S6-vanish-CD", "l. 548, Fig. S6(d)", "S_Q vanishes where κ_m/ω1 > 0.27 or γ_j/ω1 > 0.007, also with the Kerr effect", "S6",
       _vanishes("map_CD", _S6_BEYOND), "window"),
    _c("S7-gamma-robust", "l. 585, Fig. S7(a)", "with K < 0 strong synchronization regardless of the mechanical decay", "S7",
       _robust("map_gamma", _K_NEGATIVE_MAP)),
    _c("S7-gamma-off-zero", "l. 585, Fig. S7(b)", "Kerr off: no synchronization, S_Q = 0, across γ_j (solid curves)", "S7",
       _vanishes("vs_gamma_kerr_off")),
    _c("S7-kappa-a-CD", "l. 589, Fig. S7(e)", "with K < 0 strongly synchronized where Kerr off is not (κ_a/ω1 < 0.14)", "S7",
       _robust("vs_kappa_a_CD", _KAPPA_A_LOW)),
    _c("S7-kappa-a-off", "l. 589, Fig. S7(f)", "at κ_a/ω1 ≈ 0.125 Kerr off gives S_Q = 0", "S7", _s7_off_at_kappa_a_optimum),
    _c("S8-stronger", "l. 597", "a stronger Kerr nonlinearity gives a larger noise tolerance", "S8", _s8_stronger, "initial state"),
    _c("S8-optimal-K", "l. 606", "an optimal Kerr strength K/ω1 = -2×10^-5 gives the strongest synchronization (n̄_j = 10)", "S8",
       _s8_optimal, "initial state"),
    _c("S8-switch", "l. 606, l. 608", "high phonon number (n̄_j = 10): S_Q = 0 without Kerr, S_Q > 0 with K < 0", "S8", _s8_switch,
       "initial state"),
    _c("S8-surpass", "l. 612", "with the Kerr effect S_Q approaches or even surpasses the ideal device's", "S8", _s8_surpass,
       "initial state"),
    _c("S9-steady", "l. 662", "<X_b1(t)> and <X_b2(t)> exhibit steady oscillations (CD and OD)", "S9", _s9_steady, "initial state"),
    _c("S26", "(S26), l. 262", "subtracting the means removes the classical systematic error: S_Q >= S_C", "S10", _s10_fluctuations_only),
)

#: Every judged statement, the original claims first.
CATALOGUE = CLAIMS + NEW_CLAIMS


@attrs.frozen
class Uncheckable:
    """A statement no computation here can decide, where it is, and why."""

    key: str
    source: str
    statement: str
    why: str


_QUALITATIVE = "a qualitative or interpretive statement: no quantity is named that a computation could test"
_LITERATURE = "a statement about the literature or priority, not about the model"
UNCHECKABLE = (
    Uncheckable("I.A", "§I.A (i)-(vi), l. 49-59; §III.A, l. 448", "originality, novelty, first demonstration, broad applicability",
                _LITERATURE),
    Uncheckable("I.A-topology", "l. 53, l. 59", "the approach extends to nonreciprocal entanglement and topological phonon transfer",
                "refers to systems and a main-text Fig. 3(g) that the supplement does not define"),
    Uncheckable("I.B-range", "l. 96, l. 98, l. 284", "the scheme works over a wide range of parameters, not fine-tuned",
                "no range or measure of 'works' is stated; the judged sweeps (Figs. S4-S8) test the stated ranges"),
    Uncheckable("II.A-S5", "l. 108, l. 116", "the platform has been implemented experimentally [S5]", _LITERATURE),
    Uncheckable("S28-S29", "(S28)-(S29), l. 268-274", "synchronization happens when S_Q > 0, not when S_Q = 0",
                "a definition (we read 'S_Q = 0' as S_Q < 0.01, claims.py)"),
    Uncheckable("L280", "l. 280", "classical synchronization is robust, quantum synchronization fragile to dephasing",
                "a general statement about two notions; the spec computes no S_C versus dephasing"),
    Uncheckable("L282", "l. 282", "S_Q is the most widely recognized measure", _LITERATURE),
    Uncheckable("L302", "l. 302", "the demagnetizing field's energy is a constant and can be omitted",
                "(S31) has no demagnetizing term to check; for a sphere it is -μ0 M²V/6, a constant, but the spec gives no formula"),
    Uncheckable("L393", "l. 393, l. 405", "the magnon-Kerr effect enables bistability; the Sagnac effect underpins gyroscopes",
                "background physics cited from [S1], [S4]; nothing the model computes"),
    Uncheckable("L411-sense", "l. 411, l. 415", "for a clockwise spin, LD gives the counterclockwise mode and σ_a > 0",
                "a sign convention inherited from [S1]/[S2]: nothing in the spec fixes it independently (we follow it, ERRATA 10)"),
    Uncheckable("L417-mechanism", "l. 417", "optomechanical correlations form when the cavity is resonant with a sideband",
                _QUALITATIVE),
    Uncheckable("L440", "l. 440", "enhanced stability in the nonreciprocal phase; relevance for applications",
                "'enhanced stability' is not quantified (no stability margin is defined)"),
    Uncheckable("S4ab-reciprocal", "Fig. S4(a,b), l. 470, l. 474", "with K = 0, S_Q is independent of the field direction",
                "true by construction: the field direction enters the model only through the sign of K, so at K = 0 there is one "
                "curve, not two to compare"),
    Uncheckable("L513", "l. 513", "the Kerr-induced detuning shift is what destroys synchronization for K > 0",
                "a causal explanation; the verdicts on S_Q(K) (S5b) test its consequence only"),
    Uncheckable("L527", "l. 527, l. 684", "the tolerance comes from improved resilience of the resonator (smaller effective damping "
                "Γ_j,eff), not from frequency matching", "Γ_j,eff has no formula in the spec, and on a limit cycle the mechanical "
                "damping is not one number"),
    Uncheckable("L529-mass", "l. 529, l. 540, main-text Fig. 3(a)", "Kerr off: S_Q = 0 for a mass ratio ρ = m_j/m_0 > 1; with K < 0 "
                "synchronized for any ρ", "decidable (g_j ∝ √(m_0/m_j), ERRATA 11), but the mass sweep is a main-text figure, "
                "not in the supplement; not computed here"),
    Uncheckable("L531-widens", "l. 531, l. 538, l. 591", "the Kerr effect's operating range widens with larger decay rates and masses",
                "no measure of the 'operating range' is given"),
    Uncheckable("L542", "l. 542", "nondegenerate resonators (ω1 ≠ ω2) slightly degrade synchronization",
                "decidable, but no figure of the spec sweeps ω2; not computed here"),
    Uncheckable("L597-extreme", "l. 597", "with K < 0 synchronization persists to extremely high thermal phonon numbers",
                "'extremely high' is not a number; Fig. S8 stops at n̄_j = 10 (judged in S8-kerr, S8-switch)"),
    Uncheckable("L618", "l. 618", "the threshold phonon number is much higher with the Kerr effect",
                "decidable with an n̄_j sweep to the threshold, which no figure of the spec shows; not computed here"),
    Uncheckable("L622-630", "§III.A.4, l. 622-630", "large masses need ultra-high driving, which heats and destabilizes",
                _QUALITATIVE),
    Uncheckable("Table II", "Table II, l. 519-525", "large mass and high dissipation are random fabrication imperfections",
                "a classification of fabrication defects, outside the model"),
    Uncheckable("Table III", "Table III, §III.A.5, l. 636-656", "synchronization versus steering", _QUALITATIVE),
    Uncheckable("III.B-L671", "l. 671", "the phonon-phonon coupling plays a pivotal role in mean-value synchronization",
                "no comparison at χ = 0 is given for the mean values; S5a judges S_Q versus χ"),
    Uncheckable("III.C", "§III.C, Table IV, l. 690-716", "potential applications", _QUALITATIVE),
    Uncheckable("Table I-materials", "Table I, l. 83-88", "dielectric constants, Young modulus E, elastic limit Υ of silica",
                "no statement of the spec uses them (no spin-limit or index computation); see the contradiction on ε and ζ"),
    Uncheckable("Table I-experimental", "Table I, column 4", "the phenomena appear at the experimental parameters",
                "the spec computes no figure at the experimental column (ξ and n̄ are 'not shown'); the model file has the column"),
    Uncheckable("H>1750", "Table I, l. 65", "H > 1750 Oe is above YIG's saturation magnetization",
                "a material constant; hybridsys takes YIG's M_s from this very line, so a check would be circular"),
)


@attrs.frozen
class Contradiction:
    """Two (or more) places in the spec that cannot both hold, and what decides it."""

    key: str
    places: tuple[str, ...]
    what: str
    evidence: str
    judged_by: tuple[str, ...] = ()  # the catalogue's claims whose verdicts expose it


CONTRADICTIONS = (
    Contradiction("red-or-blue", ("l. 465-472", "l. 673", "l. 675", "(S50)-(S51)"),
                  "the CD field (K < 0) 'yields a blue shift of the magnon detuning' (l. 465-472) but 'a redshift' (l. 673, 675)",
                  "(S50): ω_m → ω_m + 4KN_m is lower for K < 0, a redshift (claims L673-red, L465-blue)", judged_by=("L673-red", "L465-blue")),
    Contradiction("kappa-m-threshold", ("l. 548, Fig. S6(a,c)", "l. 587, Fig. S7(d)"),
                  "the Kerr-off S_Q versus κ_m vanishes beyond κ_m/ω1 = 0.27 (l. 548) and beyond 0.24 (l. 587): one curve, two "
                  "thresholds", "both panels plot S_Q versus κ_m without Kerr at Table I's other parameters (claims S6-kappa-m, "
                  "S7-kappa-m)", judged_by=("S6-kappa-m", "S7-kappa-m")),
    Contradiction("kerr-off-at-table-point", ("l. 463, Fig. S3", "l. 563, Fig. S6(c)", "l. 585, Fig. S7(b)"),
                  "without Kerr the phonons synchronize at Table I's parameters (S_Q > 0 'for the CD and standard cases', l. 463), "
                  "yet the Kerr-off curves versus κ_m (l. 563) and γ_j (l. 585), which pass through Table I's κ_m = 0.2 and "
                  "γ_j = 0.005, are called unsynchronized, S_Q = 0, without a range (l. 561 adds 'with the increase of γ_j')", "claims S3-split (Kerr off synchronized) against S7-gamma-off-zero", judged_by=("S3-split", "S7-gamma-off-zero")),
    Contradiction("gamma-threshold-or-never", ("l. 585, first sentence", "l. 585, Fig. S7(b) sentence"),
                  "Kerr off is unsynchronized 'when γ_j/ω1 > 0.007' (so synchronized below), and in the same paragraph 'no quantum "
                  "synchronization emerges, S_Q = 0' on the Kerr-off curve of S7(b)", "claims S7-gamma and S7-gamma-off-zero", judged_by=("S7-gamma", "S7-gamma-off-zero")),
    Contradiction("kappa-m-monotone-or-optimum", ("l. 563, Fig. S6(f)", "l. 587, Fig. S7(d)"),
                  "with the Kerr effect S_Q 'decreases with the increase of κ_m' (l. 563), but has its optimum at κ_m/ω1 ≈ 0.25 "
                  "(l. 587), above Table I's 0.2", "claims S6-kappa-CD and S7-kappa-m-optimum", judged_by=("S6-kappa-CD", "S7-kappa-m-optimum")),
    Contradiction("vanish-with-kerr", ("l. 548", "l. 531", "l. 561"),
                  "'when κ_m/ω1 > 0.27 or γ_j/ω1 > 0.007 the quantum synchronization becomes completely vanished' (l. 548, in the "
                  "sentence about both S6(a) and S6(d); read for S6(a) alone it is claim S6-kappa-m) against 'with the Kerr effect "
                  "synchronized regardless of the phononic decay rates' (l. 531, 561)",
                  "claims S6-vanish-CD and S6-robust", judged_by=("S6-vanish-CD", "S6-robust")),
    Contradiction("stronger-or-optimal", ("l. 597", "l. 606"),
                  "'a stronger magnon-Kerr nonlinearity leads to a larger noise-tolerant synchronization' (l. 597) but 'an optimal "
                  "strength K/ω1 = -2×10^-5' (l. 606)", "claims S8-stronger and S8-optimal-K", judged_by=("S8-stronger", "S8-optimal-K")),
    Contradiction("surpass-or-99", ("l. 612", "l. 616, (S64)"),
                  "with the Kerr effect S_Q 'approaches to or even surpasses' the ideal device's (Λ > 1 possible, l. 612), but the "
                  "'maximal revival factor' is 99% (l. 616)", "claims S8-surpass and S64-revival", judged_by=("S8-surpass", "S64-revival")),
    Contradiction("fig-s5a-curves", ("Fig. S5 caption, l. 479", "l. 495"),
                  "Fig. S5(a) shows CD and OD (caption) or CD and Kerr off (text)", "a careful reading; our S5a computes all three"),
    Contradiction("kerr-shift-2-or-4", ("l. 172, after (S7)", "(S50), l. 395", "(S9b), (S51)"),
                  "'2Kμ*μ is the shift of the detuning' (l. 172) but the Kerr shift of the magnon frequency is 4KN_m (S50)",
                  "both hold in different senses: the mean field sees 2K|μ|² (S7b), the linearized fluctuations 4K|μ|² (S9b) "
                  "(claims S7-shift, S9b); the text calls each 'the' shift", judged_by=("S7-shift", "S9b")),
    Contradiction("difference-normalization", ("(S21), l. 242", "l. 662"),
                  "O_- = (O_b1 - O_b2)/√2 (S21) but ⟨X_-⟩ = ⟨X_b1⟩ - ⟨X_b2⟩ (l. 662)", "a factor √2; the synchronization "
                  "condition ⟨O_-⟩ = 0 is unaffected"),
    Contradiction("optomechanical-blueshift", ("l. 417", "(S9a)"),
                  "'the optomechanics-induced blueshift of the cavity mode' (l. 417), while (S9a) shifts the cavity by "
                  "-2g_a Re β2 < 0 (radiation pressure pushes Re β2 > 0): a redshift", "claim S1-blueshift", judged_by=("S1-blueshift", "S9a")),
    Contradiction("kan-units", ("l. 308", "(S31), (S33)", "(S39)"),
                  "K_an is 'the first-order anisotropy constant' (an energy density, J/m³), but then H_an of (S33) is in tesla "
                  "and μ0 M·H_an/2 of (S31) is not an energy density; (S39)'s K is a frequency only without μ0",
                  "claim S39-units; hybridsys.model.physical treats μ0 K_an as the energy density", judged_by=("S39-units",)),
    Contradiction("symbol-omega-m", ("(S1), (S38): ω_m the magnon frequency", "l. 626: ω_m the mechanical frequency",
                                     "l. 589: κ_a ≪ ω_m"),
                  "ω_m names the magnon frequency and, in x_ZPM and the resolved-sideband condition, the mechanical one",
                  "the resolved-sideband condition is κ_a ≪ ω_1 (mechanical); κ_a ≪ ω_m (GHz magnon) holds trivially"),
    Contradiction("symbol-lambda", ("(S52), l. 415: Λ the Sagnac coefficient", "(S64), l. 614: Λ the revival factor"),
                  "Λ names two quantities", "a notation clash; hybridsys calls them Lambda and revival_factor"),
    Contradiction("symbol-omega-c", ("(S52), l. 415: ω_c", "l. 415: 'the non-spinning optical frequency ω_a'"),
                  "Λ uses ω_c, which the spec never defines; the text names the optical frequency ω_a", "as ERRATA 2's g_c"),
    Contradiction("kappa-m-name", ("l. 587: 'the cavity-field decay rate κ_m'", "(S3b), Table I: κ_m the magnon decay rate"),
                  "κ_m is called the cavity-field decay rate", "a naming slip"),
    Contradiction("silica-index", ("Table I, l. 83: ε_silica = 3.9", "Table I, l. 84: ζ = 1.486"),
                  "at one frequency ε = ζ²: 1.486² = 2.21, not 3.9", "3.9 is silica's static dielectric constant, 2.1-2.2 its "
                  "optical one; Table I does not say which frequency each refers to"),
)


def catalogue_figures(model) -> dict[str, FigureData]:
    """The pseudo-figures of the formula and Table I claims: the transcriptions, with
    the values they need from ``model`` (the paper's model file, simulation column)."""
    base = model.values("simulation")
    printed = {**fm.PRINTED, "K_CD": model.values("simulation", "CD")["K"], "Delta_m": base["Delta_m"], "xi_m": base["xi_m"],
               "kappa_m": base["kappa_m"], "L546-direction": "decreases"}
    masses = {m.name: m.mass for m in model.network_for().modes if m.name in ("b1", "b2")}
    table = {**TABLE_I, "model_omega_2": base["omega_2"], "model_masses_equal": len(set(masses.values())) == 1}
    return {FORMULAS: FigureData(FORMULAS, printed, {}), TABLE: FigureData(TABLE, table, {})}
