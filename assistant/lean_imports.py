"""Work that two dependencies do on import and the app never uses, skipped: part of a cold start's CPU.

Both are measured in docs/benchmarks.md ("Cold start and paced load"); neither changes what the app computes.

- `skip_gradio_stubs()`: Gradio's `ComponentMeta` calls `create_or_modify_pyi` for every component class it defines,
  on every import: it reads the class's source file, parses it with `ast`, renders a Jinja template and rewrites the
  `.pyi` stub beside it when it differs. The stubs are for editors (Gradio's own ship in its wheel); at run time
  nothing reads them. About 0.9 s of CPU per start on the 2-core machine.
- `deferred("sklearn.metrics", ["pairwise_distances"])`: sentence-transformers imports `pairwise_distances` from
  scikit-learn at module level for one similarity (sparse Manhattan) that this app never computes; scikit-learn
  brings scipy.stats with it (about 0.4 s of CPU beyond what Gradio and Chroma already import). While the model
  class is imported, `sklearn.metrics` is a stand-in whose functions import the real module on their first call,
  and whose other attributes are the real module's; the stand-in leaves `sys.modules` as soon as that import is
  done, so anyone else importing `sklearn.metrics` gets the real one.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import sys
import threading
import types
from collections.abc import Callable, Iterator

_GRADIO_META = "gradio.component_meta"
_lock = threading.Lock()


def _real(name: str) -> types.ModuleType:
    """The real module `name`, imported now if a stand-in was in its place."""
    with _lock:
        if isinstance(sys.modules.get(name), _StandIn):
            del sys.modules[name]
    return importlib.import_module(name)


class _StandIn(types.ModuleType):
    """A module that is not imported until something of it is used; its listed functions wait until called."""

    def __init__(self, name: str, functions: list[str]) -> None:
        super().__init__(name, f"stand-in for {name}, imported when first used (assistant.lean_imports)")
        for function in functions:
            setattr(self, function, _when_called(name, function))

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


@contextlib.contextmanager
def deferred(module: str, functions: list[str]) -> Iterator[None]:
    """While the block runs, importing `module` gives a stand-in (see the module's docstring); nothing when `module`
    is imported already."""
    with _lock:
        if module in sys.modules:
            stand_in = None
        else:
            stand_in = sys.modules[module] = _StandIn(module, functions)
    try:
        yield
    finally:
        with _lock:
            if stand_in is not None and sys.modules.get(module) is stand_in:
                del sys.modules[module]


class _AfterExec(importlib.abc.Loader):
    """A module's own loader, with `then(module)` run once the module's code has run."""

    def __init__(self, loader, then: Callable[[types.ModuleType], None]) -> None:
        self._loader, self._then = loader, then

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module) -> None:
        self._loader.exec_module(module)
        self._then(module)

    def __getattr__(self, attribute: str):  # get_source, get_filename, ... as the real loader has them
        return getattr(self._loader, attribute)


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Finds `name` as the other finders do and runs `then(module)` right after its code, before its importer
    continues. Used once (it stays in `sys.meta_path`, passing on every other name, so that the import system's walk
    over that list is never changed under it)."""

    def __init__(self, name: str, then: Callable[[types.ModuleType], None]) -> None:
        self.name, self.then, self.used = name, then, False

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
                    spec.loader = _AfterExec(spec.loader, self.then)
                return spec
        return None


def _no_stubs(module: types.ModuleType) -> None:
    def create_or_modify_pyi(component_class, class_name, events) -> None:
        """Skipped (assistant.lean_imports): the .pyi stubs are for editors, not for the running app."""

    module.create_or_modify_pyi = create_or_modify_pyi


def skip_gradio_stubs() -> None:
    """Gradio, when it is imported after this, defines its components without regenerating their .pyi stubs.
    Nothing when Gradio is imported already (its components are defined by then)."""
    if _GRADIO_META in sys.modules:
        return
    if not any(isinstance(finder, _PatchOnImport) and finder.name == _GRADIO_META and not finder.used
               for finder in sys.meta_path):
        sys.meta_path.insert(0, _PatchOnImport(_GRADIO_META, _no_stubs))
