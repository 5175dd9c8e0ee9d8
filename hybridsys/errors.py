"""Exceptions raised by hybridsys. Every message says what went wrong and where."""


class HybridsysError(Exception):
    """Base class of every error hybridsys raises on purpose."""


class ParameterError(HybridsysError, ValueError):
    """A parameter value or expression is invalid (unknown name, negative rate, NaN, ...)."""


class NetworkError(HybridsysError, ValueError):
    """A network of components is inconsistent (unknown mode, wrong kind of mode, duplicate)."""


class ModelFileError(HybridsysError, ValueError):
    """A model file cannot be read or does not describe a valid model."""


class ResourceError(HybridsysError):
    """A request would need more memory than is available (estimated before allocating).
    ``argument`` is the keyword argument to blame (which the command line maps to its
    option), ``culprit`` says it with its value; the message, the estimate and what is available."""

    def __init__(self, argument: str, culprit: str, message: str):
        self.argument, self.culprit, self.message = argument, culprit, message
        super().__init__(f"{culprit}: {message}")
