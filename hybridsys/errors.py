"""Exceptions raised by hybridsys. Every message says what went wrong and where."""


class HybridsysError(Exception):
    """Base class of every error hybridsys raises on purpose."""


class ParameterError(HybridsysError, ValueError):
    """A parameter value or expression is invalid (unknown name, negative rate, NaN, ...)."""


class NetworkError(HybridsysError, ValueError):
    """A network of components is inconsistent (unknown mode, wrong kind of mode, duplicate)."""


class ModelFileError(HybridsysError, ValueError):
    """A model file cannot be read or does not describe a valid model."""
