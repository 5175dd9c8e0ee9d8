"""The conventions a derivation can follow: ``"exact"`` (every normal-ordering term
kept, the default) or ``"spec"`` (the spec's equations, which drop the Kerr term's
−iKo, ERRATA 3). Kept apart so that the command line reads them without sympy."""

CONVENTIONS = ("exact", "spec")

#: What the master-equation route does with Brownian damping, which has no Lindblad form:
#: refuse it (default) or take its standard Lindblad approximation (docs/master.md).
BROWNIAN = ("refuse", "lindblad")
