#!/usr/bin/python3
"""Executes notebooks headless with nbclient and writes the executed copies to a folder.

Cells tagged `raises-exception` may fail; any other error stops the run with a non-zero exit.
"""
import argparse
import pathlib
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("notebooks", nargs="+", type=pathlib.Path)
    parser.add_argument("--kernel", default="jaudit", help="kernelspec name (default: jaudit)")
    parser.add_argument("--output-dir", type=pathlib.Path, required=True)
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    args = parser.parse_args()
    args.output_dir.mkdir(parents=True, exist_ok=True)
    failed = False
    for path in args.notebooks:
        nb = nbformat.read(path, as_version=4)
        target = args.output_dir / path.name
        try:
            NotebookClient(nb, kernel_name=args.kernel, timeout=args.timeout, startup_timeout=120,
                           resources={"metadata": {"path": str(path.parent)}}).execute()
            print(f"ok      {path.name} -> {target}")
        except CellExecutionError as error:
            failed = True
            print(f"FAILED  {path.name}: {str(error).splitlines()[0] if str(error) else error}")
        nbformat.write(nb, target)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
