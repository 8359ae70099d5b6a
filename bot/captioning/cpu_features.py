"""What the CPU offers for matrix products, as `CAPTION_DTYPE=auto` needs to know it.

Read from torch's own CPU probe (`torch.cpu.get_capabilities`, the cpuinfo library), not from
/proc/cpuinfo: what matters is what torch's kernels can use, and a container or a VM may hide a
flag from one and not the other. Tests and `bench` runs pass a `CpuFeatures` of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

# The flags that decide a format, fastest matrix unit first (see `formats.SPEED_ORDER`).
AMX_BF16 = "amx_bf16"  # Intel's tile unit: bfloat16 products at several times AVX-512's rate
AVX512_BF16 = "avx512_bf16"  # bfloat16 dot products in AVX-512 registers (Zen 4, Cooper Lake)
AVX512_VNNI = "avx512_vnni"  # 8-bit dot products in AVX-512 registers
AVX_VNNI = "avx_vnni"  # the same in AVX2 registers (Alder Lake and later)
AVX2 = "avx2"
KNOWN = (AMX_BF16, AVX512_BF16, AVX512_VNNI, AVX_VNNI, AVX2)


@dataclass(frozen=True)
class CpuFeatures:
    name: str  # the CPU's name as cpuinfo gives it ("AMD EPYC", "Intel(R) Xeon(R) ...")
    flags: frozenset[str]  # the members of KNOWN that it has

    @classmethod
    def of(cls, name: str, *flags: str) -> CpuFeatures:
        unknown = set(flags) - set(KNOWN)
        if unknown:
            raise ValueError(f"unknown CPU features {sorted(unknown)}; known: {', '.join(KNOWN)}")
        return cls(name, frozenset(flags))

    @property
    def matrix_unit(self) -> str:
        """The best unit for a transformer's products: amx, avx512-bf16, vnni, avx2 or none."""
        if AMX_BF16 in self.flags:
            return "amx"
        if AVX512_BF16 in self.flags:
            return "avx512-bf16"
        if AVX512_VNNI in self.flags or AVX_VNNI in self.flags:
            return "vnni"
        return "avx2" if AVX2 in self.flags else "none"

    def describe(self) -> str:
        found = [flag for flag in KNOWN if flag in self.flags]
        return f"{self.name}: {', '.join(found) if found else 'none of ' + ', '.join(KNOWN)}"


def detect() -> CpuFeatures:
    """This machine's CPU."""
    try:
        capabilities = torch.cpu.get_capabilities()
    except (AttributeError, RuntimeError):  # a torch without the probe, or a non-x86 CPU
        return CpuFeatures("unknown CPU", frozenset())
    name = str(capabilities.get("cpu_name") or "unknown CPU").strip()
    return CpuFeatures(name, frozenset(f for f in KNOWN if capabilities.get(f) is True))
