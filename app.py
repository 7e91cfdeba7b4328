"""Starts the web chat on http://127.0.0.1:7860: settings -> index (built when missing) -> Assistant -> serve.

The same code path as `assistant serve`; options pass through, e.g. `python app.py --port 8080`.
"""
import sys

from assistant.cli import main

if __name__ == "__main__":
    main(["serve", *sys.argv[1:]])
