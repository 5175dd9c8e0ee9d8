"""Parameter sweeps over grids or lists of points: chunks, checkpoints, workers,
progress and labelled results."""
