"""Work that dependencies do on import and the app never uses, skipped: part of a cold start's CPU.

Measured in docs/benchmarks.md ("Cold start and paced load"; NLTK and scipy.optimize under "Restart to first answer:
where the time went"); none of them changes what the app computes.

- `skip_gradio_stubs()`: Gradio's `ComponentMeta` calls `create_or_modify_pyi` for every component class it defines,
  on every import: it reads the class's source file, parses it with `ast`, renders a Jinja template and rewrites the
  `.pyi` stub beside it when it differs. The stubs are for editors (Gradio's own ship in its wheel); at run time
  nothing reads them. About 0.9 s of CPU per start on the 2-core machine.
- `SENTENCE_TRANSFORMERS_OPTIONAL_IMPORTS`: sentence-transformers imports `pairwise_distances` from scikit-learn at
  module level for one similarity (sparse Manhattan) that this app never computes; scikit-learn brings scipy.stats
  with it (about 0.4 s of CPU beyond what Gradio and Chroma already import). While the model class is imported,
  sentence-transformers' modules get a stand-in for `sklearn.metrics` (`deferred_for`, below) whose
  `pairwise_distances` imports the real module on its first call, and whose other attributes are the real
  module's; anyone else importing `sklearn.metrics` gets the real one.
- `TRANSFORMERS_OPTIONAL_IMPORTS`: transformers' object-detection losses import SciPy's `linear_sum_assignment` at
  module level, and `transformers.modeling_utils`, which sentence-transformers imports, imports those losses: the
  import of scipy.optimize (with scipy.linalg, scipy.special, ...; about 0.2-0.3 s of CPU) for a function that only
  training a detection model calls. While the model class is imported, transformers' modules get a stand-in for
  it (`deferred_for`, below).
- `lean_nltk()` (run by `assistant/__init__.py`, so before any part of the app imports NLTK): NLTK's package
  `__init__` imports every NLTK module, and three of them import optional dependencies at module level:
  scikit-learn (`nltk.classify.scikitlearn`, `nltk.parse.transitionparser`; pandas comes with it) and scipy.stats
  (`nltk.metrics.association`). The app uses NLTK for the Punkt sentence splitter only, which needs neither; they
  were about 1.1 s of CPU of the 1.4 s that NLTK's import took, paid by a restarted node's first question (its first
  sentence split). While NLTK's package is imported, an import made by an NLTK module of one of the names in
  `NLTK_OPTIONAL_IMPORTS` gets a stand-in as above (`from sklearn import svm` a stand-in module whose `SVC` is one),
  so NLTK's scikit-learn classifier, transition parser and Fisher's exact test still work, importing the real
  modules when first used. The stand-ins are handed to NLTK's own imports only (`builtins.__import__` looks at the
  importing module while NLTK loads), never put in `sys.modules`: another thread importing scikit-learn meanwhile
  gets the real one.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import importlib.abc
import sys
import threading
import types
from collections.abc import Callable, Iterator

_GRADIO_META = "gradio.component_meta"
_lock = threading.Lock()

# What sentence-transformers' and transformers' modules import at module level and the app never calls (see the
# module's docstring).
SENTENCE_TRANSFORMERS_OPTIONAL_IMPORTS: dict[str, list[str] | None] = {"sklearn.metrics": ["pairwise_distances"]}
TRANSFORMERS_OPTIONAL_IMPORTS: dict[str, list[str] | None] = {"scipy.optimize": ["linear_sum_assignment"]}

# What NLTK's modules import at module level from scikit-learn and scipy.stats (`lean_nltk`): module -> the names
# taken. "svm" of "sklearn" is the stand-in of "sklearn.svm" (`from sklearn import svm`, then `svm.SVC(...)`).
# None: the import fails, as it does with the installed SciPy (`from scipy.stats.stats import betai`: no such
# function since SciPy 1.0; NLTK then leaves it None), without importing scipy.stats to find that out.
NLTK_OPTIONAL_IMPORTS: dict[str, list[str] | None] = {
    "sklearn": ["svm"],
    "sklearn.svm": ["SVC"],
    "sklearn.datasets": ["load_svmlight_file"],
    "sklearn.feature_extraction": ["DictVectorizer"],
    "sklearn.preprocessing": ["LabelEncoder"],
    "scipy.stats": ["fisher_exact"],
    "scipy.stats.stats": None,
}


def _real(name: str) -> types.ModuleType:
    """The real module `name`, imported now if it is not yet (a stand-in is never in `sys.modules`)."""
    return importlib.import_module(name)


class _StandIn(types.ModuleType):
    """A module that is not imported until something of it is used; its listed functions wait until called, and a
    listed name found in `submodules` (full name -> a stand-in, or the real module) is that submodule."""

    def __init__(self, name: str, functions: list[str], submodules: dict[str, types.ModuleType] | None = None) -> None:
        super().__init__(name, f"stand-in for {name}, imported when first used (assistant.lean_imports)")
        for function in functions:
            inner = (submodules or {}).get(f"{name}.{function}")
            setattr(self, function, inner if inner is not None else _when_called(name, function))

    def __getattr__(self, attribute: str):  # only for what __init__ did not set
        if attribute.startswith("__"):
            # Asked of every module by the import system (`__path__`: a package?) and the likes of inspect.getmodule
            # (`__file__`): not a use of this one. A stand-in is no package: its submodules are not importable
            # while it stands in.
            raise AttributeError(attribute)
        return getattr(_real(self.__name__), attribute)


def _when_called(module: str, name: str) -> Callable:
    def call(*args, **kwargs):
        return getattr(_real(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"{module}.{name}, imported on its first call."
    return call


# The stand-ins of the `deferred_for` blocks running now, by importer; `_import` is in builtins.__import__'s chain
# while any runs (and after, when something wrapped it meanwhile), passing on to what it replaced.
_windows: list[tuple[str, dict[str, types.ModuleType | None]]] = []
_chain = {"installed": False, "next": builtins.__import__}


def _import(name, globals=None, locals=None, fromlist=(), level=0):
    """`builtins.__import__` while a `deferred_for` block runs: its importer's `from <module> import ...` of a
    module that is not imported yet gets the stand-in; everything else is imported as usual."""
    if fromlist and not level and _windows and name not in sys.modules:
        importer = str((globals or {}).get("__name__", "")).partition(".")[0]
        for window_importer, stand_ins in list(_windows):
            if window_importer == importer and name in stand_ins:
                stand_in = stand_ins[name]
                if stand_in is None:
                    raise ImportError(f"{name} is not imported for {importer} (assistant.lean_imports)", name=name)
                return stand_in
    return _chain["next"](name, globals, locals, fromlist, level)


@contextlib.contextmanager
def deferred_for(importer: str, modules: dict[str, list[str] | None]) -> Iterator[None]:
    """While the block runs, a `from <module> import <names>` made by the package `importer`'s modules (`importer` or
    `importer.*`) of a module in `modules` that is not imported yet gets a stand-in (see the module's docstring) with
    `modules[module]` deferred; a name that is itself one of `modules` (a submodule) is that one's stand-in, and a
    module given None fails to import (ImportError). Every other import, and every import made by other modules (in
    any thread), is left alone. Stand-ins are not put in `sys.modules`. Blocks may overlap (in several threads):
    `builtins.__import__` is replaced while any runs."""
    stand_ins: dict[str, types.ModuleType | None] = {}
    present = {module: sys.modules[module] for module in modules if module in sys.modules}
    for module in sorted(modules, key=lambda name: -name.count(".")):  # submodules first: their packages hold them
        if module not in present:
            names = modules[module]
            stand_ins[module] = None if names is None else _StandIn(module, names, {**present, **stand_ins})
    window = (importer, stand_ins)
    with _lock:
        if not _chain["installed"]:
            _chain.update(installed=True, next=builtins.__import__)
            builtins.__import__ = _import
        _windows.append(window)
    try:
        yield
    finally:
        with _lock:
            _windows.remove(window)
            if not _windows and builtins.__import__ is _import:  # else something wrapped it since: it stays chained
                builtins.__import__ = _chain["next"]
                _chain["installed"] = False


class _AfterExec(importlib.abc.Loader):
    """A module's own loader, with the module's code run inside `within()` (a context manager) and `then(module)`
    run once that code has run."""

    def __init__(self, loader, then: Callable[[types.ModuleType], None],
                 within: Callable[[], contextlib.AbstractContextManager]) -> None:
        self._loader, self._then, self._within = loader, then, within

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module) -> None:
        with self._within():
            self._loader.exec_module(module)
        self._then(module)

    def __getattr__(self, attribute: str):  # get_source, get_filename, ... as the real loader has them
        return getattr(self._loader, attribute)


def _nothing(module: types.ModuleType) -> None:
    pass


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Finds `name` as the other finders do, runs its code inside `within()` and `then(module)` right after it,
    before its importer continues. Used once (it stays in `sys.meta_path`, passing on every other name, so that the
    import system's walk over that list is never changed under it)."""

    def __init__(self, name: str, then: Callable[[types.ModuleType], None] = _nothing,
                 within: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext) -> None:
        self.name, self.then, self.within, self.used = name, then, within, False

    def find_spec(self, fullname, path, target=None):
        if fullname != self.name or self.used:
            return None
        self.used = True
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _AfterExec(spec.loader, self.then, self.within)
                return spec
        return None


def _patch_on_import(name: str, **patch) -> None:
    """A `_PatchOnImport(name, **patch)` first in `sys.meta_path`; nothing when `name` is imported already or one
    waits there for it."""
    if name in sys.modules:
        return
    with _lock:
        if not any(isinstance(finder, _PatchOnImport) and finder.name == name and not finder.used
                   for finder in sys.meta_path):
            sys.meta_path.insert(0, _PatchOnImport(name, **patch))


def _no_stubs(module: types.ModuleType) -> None:
    def create_or_modify_pyi(component_class, class_name, events) -> None:
        """Skipped (assistant.lean_imports): the .pyi stubs are for editors, not for the running app."""

    module.create_or_modify_pyi = create_or_modify_pyi


def skip_gradio_stubs() -> None:
    """Gradio, when it is imported after this, defines its components without regenerating their .pyi stubs.
    Nothing when Gradio is imported already (its components are defined by then)."""
    _patch_on_import(_GRADIO_META, then=_no_stubs)


def lean_nltk() -> None:
    """NLTK, when it is imported after this (by any module), is imported without the scikit-learn and scipy.stats
    that its package's modules would import (see the module's docstring). Nothing when NLTK is imported already."""
    _patch_on_import("nltk", within=lambda: deferred_for("nltk", NLTK_OPTIONAL_IMPORTS))
