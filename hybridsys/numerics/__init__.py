"""Numbers from a compiled model: fixed points and their stability, the steady
covariance (Lyapunov), the integrator and trajectories (S15-S17)."""
