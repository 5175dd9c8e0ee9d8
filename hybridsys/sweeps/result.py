"""The result of a sweep: labelled arrays (one dimension per swept parameter, or one
``point`` dimension for a list of points), each point's status and reason, and
everything needed to reproduce it (fixed values, model, settings, version).

Files: NPZ (:meth:`SweepResult.to_npz`, :meth:`SweepResult.from_npz`) and CSV
(:meth:`SweepResult.to_csv`, one row per point) always; xarray and NetCDF when
xarray is installed (``pip install 'hybridsys[xarray]'``).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import attrs
import numpy as np

from ..errors import HybridsysError

#: What can happen at a point: "ok"; "failed" (the integration diverged or stopped, or
#: the samples or the fixed step cannot resolve the modulation: see the reason); "unstable" (steady regime: no stable fixed point to take the
#: steady state at); "unphysical" (the covariance breaks V + iΩ/2 ⪰ 0 beyond the
#: accuracy: its numbers are kept but not to be trusted).
STATUSES = ("ok", "failed", "unstable", "unphysical")


@attrs.frozen(eq=False)
class SweepResult:
    """Labelled arrays over the sweep's points.

    ``dims`` names the dimensions and ``coords`` their coordinates: for a grid, one
    dimension per swept parameter with its values; for a list of points, the single
    dimension ``"point"`` and each swept parameter as a coordinate along it.
    ``data`` maps each variable (e.g. ``S_Q_max``) to an array of shape ``shape``;
    ``status`` and ``reason`` say what happened at each point; ``attrs`` holds the
    fixed parameter values, the model, the measure, the settings and the version.
    """

    dims: tuple[str, ...]
    coords: dict
    data: dict
    status: np.ndarray
    reason: np.ndarray
    attrs: dict

    @property
    def shape(self) -> tuple[int, ...]:
        return self.status.shape

    def __getitem__(self, name: str) -> np.ndarray:
        return self.data[name]

    def summary(self) -> dict[str, int]:
        """How many points ended in each status."""
        counts = Counter(self.status.ravel().tolist())
        return {status: counts.get(status, 0) for status in STATUSES}

    def equals(self, other: "SweepResult") -> bool:
        """Same dimensions, coordinates, data (NaN equal to NaN), status and reasons."""
        same = lambda a, b: np.array_equal(np.asarray(a), np.asarray(b), equal_nan=np.asarray(a).dtype.kind == "f")  # noqa: E731
        return (self.dims == other.dims and self.coords.keys() == other.coords.keys() and self.data.keys() == other.data.keys()
                and all(same(self.coords[k], other.coords[k]) for k in self.coords)
                and all(same(self.data[k], other.data[k]) for k in self.data)
                and same(self.status, other.status) and same(self.reason, other.reason))

    # -- files ------------------------------------------------------------------------
    def to_npz(self, path: str | Path) -> Path:
        """All arrays, with the dimensions and attributes as JSON."""
        path = Path(path)
        arrays = {f"coord:{k}": np.asarray(v) for k, v in self.coords.items()}
        arrays.update({f"data:{k}": np.asarray(v) for k, v in self.data.items()})
        header = json.dumps({"dims": list(self.dims), "attrs": self.attrs})
        np.savez_compressed(path, status=self.status.astype(str), reason=self.reason.astype(str), header=np.array(header), **arrays)
        return path

    @classmethod
    def from_npz(cls, path: str | Path) -> "SweepResult":
        with np.load(path, allow_pickle=False) as stored:
            header = json.loads(str(stored["header"]))
            coords = {k[6:]: stored[k] for k in stored.files if k.startswith("coord:")}
            data = {k[5:]: stored[k] for k in stored.files if k.startswith("data:")}
            return cls(tuple(header["dims"]), coords, data, stored["status"], stored["reason"], header["attrs"])

    def rows(self) -> tuple[list[str], list[list]]:
        """One row per point: its coordinates, every variable, status and reason."""
        columns = self._point_coordinates()
        names = list(columns) + list(self.data) + ["status", "reason"]
        values = [columns[n] for n in columns] + [np.asarray(v).ravel() for v in self.data.values()]
        values += [self.status.ravel(), self.reason.ravel()]
        return names, [list(row) for row in zip(*values)]

    def _point_coordinates(self) -> dict[str, np.ndarray]:
        """Each swept parameter's value at every point, flattened in C order."""
        if self.dims == ("point",):
            return {k: np.asarray(v) for k, v in self.coords.items()}
        mesh = np.meshgrid(*(np.asarray(self.coords[d]) for d in self.dims), indexing="ij")
        return {d: m.ravel() for d, m in zip(self.dims, mesh)}

    def to_csv(self, path: str | Path) -> Path:
        """A CSV table, one row per point, preceded by ``#`` lines with the attributes."""
        path = Path(path)
        names, rows = self.rows()
        with path.open("w", newline="", encoding="utf-8") as handle:
            handle.write(f"# {json.dumps({'dims': list(self.dims), 'attrs': self.attrs})}\n")
            writer = csv.writer(handle)
            writer.writerow(names)
            writer.writerows([repr(float(x)) if isinstance(x, (float, np.floating)) else x for x in row] for row in rows)
        return path

    def to_xarray(self):
        """An ``xarray.Dataset`` (needs xarray): variables, status and reason over the
        dimensions, attributes as JSON text under ``hybridsys``."""
        try:
            import xarray
        except ImportError:
            raise HybridsysError("to_xarray needs xarray: pip install 'hybridsys[xarray]'") from None
        variables = {k: (self.dims, np.asarray(v)) for k, v in self.data.items()}
        variables.update(status=(self.dims, self.status.astype(str)), reason=(self.dims, self.reason.astype(str)))
        coords = {k: (("point",) if self.dims == ("point",) else (k,), np.asarray(v)) for k, v in self.coords.items()}
        return xarray.Dataset(variables, coords=coords, attrs={"hybridsys": json.dumps(self.attrs)})

    def to_netcdf(self, path: str | Path) -> Path:
        """A NetCDF file through xarray (any engine xarray finds, scipy's included)."""
        path = Path(path)
        self.to_xarray().to_netcdf(path)
        return path

    @classmethod
    def from_xarray(cls, dataset) -> "SweepResult":
        dims = tuple(dataset["status"].dims)
        data = {k: dataset[k].values for k in dataset.data_vars if k not in ("status", "reason")}
        coords = {k: dataset[k].values for k in dataset.coords}
        return cls(dims, coords, data, dataset["status"].values.astype(str), dataset["reason"].values.astype(str),
                   json.loads(dataset.attrs["hybridsys"]))
