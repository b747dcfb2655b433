"""How many ready kernels each page keeps, in which order they warm, and what that costs.

A workshop starts with the whole cohort opening the catalogue and then the
same module in the same minute. Voilà can keep a pool of preheated kernels per
notebook (``VoilaKernelManager.kernel_pools_config``); this decides the sizes
from the cohort and the warm order from what trainees open first, and refuses
a plan the machine's memory cannot hold before any trainee is let in.
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import psutil

from classbridge.core.catalogue import Catalogue
from classbridge.core.storage import write_atomic
from classbridge.serve.preflight import CATALOGUE_NOTEBOOK, ServeError

#: Most trainees one ``classbridge serve`` takes; beyond that a hub on more cores.
MOST_TRAINEES = 200
#: Unique memory of one page's kernel when nothing was measured on this machine
#: yet: the largest page in benchmarks/memory_per_trainee.py (a plotting module).
UNMEASURED_KERNEL_MIB = 130
#: Memory the server itself and the rest of the machine keep (MiB).
SERVER_MIB = 200
#: Pages trainees open from the catalogue's links, after the modules.
LATE_PAGES = ("my-progress.ipynb",)


@dataclass(frozen=True)
class PagePool:
    """One notebook's pool: Voilà's name for it and how many kernels wait ready."""

    notebook: str
    ready_kernels: int
    kernel_mib: float


@dataclass(frozen=True)
class PoolPlan:
    """Every page's pool, in the order they warm (the first is useful first)."""

    pages: tuple[PagePool, ...]

    @property
    def kernels(self) -> int:
        return sum(page.ready_kernels for page in self.pages)

    @property
    def memory_mib(self) -> float:
        return SERVER_MIB + sum(page.ready_kernels * page.kernel_mib for page in self.pages)

    def voila_pools(self) -> dict[str, dict[str, int]]:
        """``kernel_pools_config`` with every pool empty: the warm-up fills them in order."""
        return {"default": {"pool_size": 0}, **{p.notebook: {"pool_size": 0} for p in self.pages}}


def check_trainees(trainees: int | None) -> None:
    if trainees is None:
        return
    if trainees < 1:
        raise ServeError(
            f"--trainees {trainees}: give the number of trainees who start together, "
            "e.g. '--trainees 20' (at least 1)"
        )
    if trainees > MOST_TRAINEES:
        raise ServeError(
            f"--trainees {trainees} is more than one server takes ({MOST_TRAINEES}): "
            "run the workshop on JupyterHub (docs/schools.md) or split the cohort"
        )


def find_first_module(catalogue: Catalogue, first: str) -> str:
    """The notebook ``--first`` names: a module folder (``01-welcome``) or its notebook."""
    names = {}
    for module in catalogue.modules:
        folder = module.path.split("/")[0]
        for name in (module.path, folder, folder.split("-", 1)[0]):
            names.setdefault(name, module.path)
    wanted = first.strip().strip("/")
    if wanted in names:
        return names[wanted]
    folders = [m.path.split("/")[0] for m in catalogue.modules]
    close = difflib.get_close_matches(wanted, folders, n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'?" if close else f"the modules are: {', '.join(folders)}"
    raise ServeError(f"--first '{first}' is not a module in {catalogue.root}: {hint}")


def plan_pools(
    catalogue: Catalogue,
    unreadable: list[str],
    trainees: int | None = None,
    first: str | None = None,
    pool_size: int = 1,
    measured_mib: dict[str, float] | None = None,
) -> PoolPlan:
    """Catalogue first, then the cohort's first module, the other modules, the rest last.

    Without ``trainees`` every page keeps ``pool_size`` ready kernels; with it the
    catalogue and the first module keep one per trainee, so a whole cohort
    arriving at once never waits for a kernel to start.
    """
    check_trainees(trainees)
    if pool_size < 0:
        raise ServeError(
            f"--pool-size {pool_size}: give the kernels kept ready per page, 0 or more "
            "(e.g. '--pool-size 1'), or '--no-preheat'"
        )
    if first is not None and trainees is None:
        raise ServeError("--first needs --trainees: e.g. '--trainees 20 --first 01-welcome'")
    modules = [m.path for m in catalogue.modules]
    if trainees is not None and first is None and modules:
        first = modules[0]
    first_notebook = find_first_module(catalogue, first) if first else None
    root = Path(catalogue.root)
    others = sorted(
        nb.name
        for nb in root.glob("*.ipynb")
        if nb.name != CATALOGUE_NOTEBOOK and not nb.name.startswith(".")
    )
    late = [name for name in LATE_PAGES if name in others]
    order = [CATALOGUE_NOTEBOOK]
    order += [first_notebook] if first_notebook else []
    order += [m for m in modules if m != first_notebook]
    order += late + [name for name in others if name not in late]
    order += [b.path for b in catalogue.broken if b.path not in order]
    busy = {CATALOGUE_NOTEBOOK, first_notebook}
    measured = measured_mib or {}
    pages = tuple(
        PagePool(
            notebook,
            trainees if trainees and notebook in busy else pool_size,
            measured.get(notebook, UNMEASURED_KERNEL_MIB),
        )
        for notebook in order
        if notebook not in unreadable
    )
    return PoolPlan(pages)


def check_memory(plan: PoolPlan, trainees: int | None) -> None:
    """Refuse a plan the machine cannot hold, before trainees arrive rather than during."""
    available = psutil.virtual_memory().available / 2**20
    if plan.memory_mib <= available:
        return
    per_trainee = sum(p.kernel_mib for p in plan.pages[:2])
    fits = int((available - (plan.memory_mib - per_trainee * (trainees or 0))) // per_trainee)
    fix = (
        f"use '--trainees {fits}' and let the others start a minute later"
        if trainees and fits >= 1
        else "close other programs or use a machine with more memory"
    )
    raise ServeError(
        f"{plan.kernels} ready kernels need about {plan.memory_mib / 1024:.1f} GiB but "
        f"this machine has {available / 1024:.1f} GiB free: {fix} (docs/schools.md)"
    )


def memory_cache_file() -> Path:
    """Where the kernel memory measured at the last warm-up is kept for the next plan."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "classbridge" / "kernel-memory.json"


def read_measured_memory() -> dict[str, float]:
    try:
        figures = json.loads(memory_cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(figures, dict):
        return {}
    return {k: float(v) for k, v in figures.items() if isinstance(v, (int, float))}


def remember_measured_memory(figures: dict[str, float]) -> None:
    """Best effort: a read-only home only means the next plan uses the default figure."""
    path = memory_cache_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({**read_measured_memory(), **figures}, indent=1).encode()
        write_atomic(path, payload)
    except OSError:
        pass
