#!/usr/bin/python3
"""Executes notebooks headless with nbclient and writes the executed copies to a folder.

Like JupyterLab, it sends each cell's metadata (with its cellId) in the execute_request's metadata,
so a cell whose notebook metadata has an `audit` object runs under that policy here as in the
browser. --audit JSON adds a host policy to every request; a cell's own `audit` keys win over it.
Cells tagged `raises-exception` may fail; any other error stops the run with a non-zero exit.
"""
import argparse
import json
import pathlib
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


class CellMetadataClient(NotebookClient):
    """An nbclient NotebookClient whose execute_requests carry the cell's metadata, as JupyterLab's do."""

    def __init__(self, nb, host_audit=None, **kwargs):
        super().__init__(nb, **kwargs)
        self.host_audit = host_audit or {}
        self.current_cell = None

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        self.current_cell = cell
        return await super().async_execute_cell(cell, cell_index, execution_count, store_history)

    async def async_start_new_kernel_client(self):
        client = await super().async_start_new_kernel_client()
        self.kc.execute = self.execute_with_metadata
        return client

    def execute_with_metadata(self, code, silent=False, store_history=True, user_expressions=None,
                              allow_stdin=None, stop_on_error=True):
        metadata = {}
        if self.current_cell is not None:
            metadata.update(json.loads(json.dumps(self.current_cell.get("metadata", {}))))
            if "id" in self.current_cell:
                metadata["cellId"] = self.current_cell["id"]
        audit = {**self.host_audit, **metadata.get("audit", {})}
        if audit:
            metadata["audit"] = audit
        content = dict(code=code, silent=silent, store_history=store_history,
                       user_expressions=user_expressions or {},
                       allow_stdin=self.kc.allow_stdin if allow_stdin is None else allow_stdin,
                       stop_on_error=stop_on_error)
        msg = self.kc.session.msg("execute_request", content, metadata=metadata)
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]


def run(path, output_dir, kernel, timeout=300, host_audit=None):
    """Executes one notebook; returns the executed notebook and the error, if a cell failed unexpectedly."""
    nb = nbformat.read(path, as_version=4)
    error = None
    try:
        CellMetadataClient(nb, host_audit=host_audit, kernel_name=kernel, timeout=timeout, startup_timeout=120,
                           resources={"metadata": {"path": str(pathlib.Path(path).parent)}}).execute()
    except CellExecutionError as e:
        error = e
    if output_dir is not None:
        nbformat.write(nb, pathlib.Path(output_dir) / pathlib.Path(path).name)
    return nb, error


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="+", type=pathlib.Path)
    parser.add_argument("--kernel", default="jaudit", help="kernelspec name (default: jaudit)")
    parser.add_argument("--output-dir", type=pathlib.Path, required=True)
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    parser.add_argument("--audit", type=json.loads, default=None,
                        help='host policy for every cell, e.g. \'{"roots": [".", "/data"]}\'')
    args = parser.parse_args()
    args.output_dir.mkdir(parents=True, exist_ok=True)
    failed = False
    for path in args.notebooks:
        _, error = run(path, args.output_dir, args.kernel, args.timeout, args.audit)
        if error is None:
            print(f"ok      {path.name} -> {args.output_dir / path.name}")
        else:
            failed = True
            print(f"FAILED  {path.name}: {str(error).splitlines()[0] if str(error) else error}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
