"""Exact symbolic derivation from a network: Hamiltonian (S2), Langevin equations
(S3), mean field (S7), fluctuations (S8), drift and diffusion (S14, S20),
Routh-Hurwitz (S53-S54), the moment equations (S17) and the fixed-point reduction."""
