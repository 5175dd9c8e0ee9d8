"""From symbols to numbers: generated numpy source, the batched compiled model and
its disk cache."""
