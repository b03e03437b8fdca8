"""A kernelspec with a policy of the test's own, and a kernel started from it in a scratch folder."""
import json
import os
import pathlib
import shutil

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from conftest import Kernel


def install_policy_kernel(base_name, target_root, name, audit):
    """Copies the installed kernelspec `base_name` under `target_root` as `name`, with metadata.audit replaced."""
    source = pathlib.Path(KernelSpecManager().get_kernel_spec(base_name).resource_dir)
    kernels = pathlib.Path(target_root) / "kernels"
    target = kernels / name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.jsa", "*.aot"))
    spec = json.loads((target / "kernel.json").read_text())
    spec["argv"] = [a for a in spec["argv"] if "SharedArchiveFile" not in a and "AOTCache" not in a]
    spec["metadata"]["audit"] = audit
    (target / "kernel.json").write_text(json.dumps(spec))
    return target


class PolicyKernel(Kernel):
    """A kernel started from a kernelspec on an extra Jupyter path, with a chosen working directory."""

    def __init__(self, name, jupyter_path, cwd):
        os.environ["JUPYTER_PATH"] = f"{jupyter_path}{os.pathsep}{os.environ.get('JUPYTER_PATH', '')}"
        self.name = name
        self.km = KernelManager(kernel_name=name)
        self.km.start_kernel(cwd=str(cwd))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
