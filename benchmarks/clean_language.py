"""Language identification: memory, build time and accuracy of each detector set-up.

    python benchmarks/clean_language.py

Each set-up runs in its own process so RSS figures do not mix. Texts are the invented
samples of tests/clean/test_language.py (16 languages x headline, sentence, paragraph, plus
14 two-to-four-word headlines).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETUPS = {
    "communique default, articles only": "hybrid-long",
    "communique default, after short texts": "hybrid-all",
    "communique low_accuracy=True": "low",
    "lingua 16 languages, full models preloaded": "lingua-pre",
    "lingua all 75 languages, low accuracy": "lingua-all-low",
}


def _samples() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    spec = importlib.util.spec_from_file_location("tl", ROOT / "tests/clean/test_language.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    long = [(code, text) for code, _t, _s, text in module.SAMPLES]
    short = (
        [(code, t) for code, t, _s, _p in module.SAMPLES]
        + [(code, s) for code, _t, s, _p in module.SAMPLES]
        + list(module.HEADLINES)
    )
    return long, short


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return 0.0


def _child(mode: str) -> None:
    long, short = _samples()
    texts = long if mode == "hybrid-long" else long + short
    base = _rss_mb()
    start = time.perf_counter()
    if mode.startswith("lingua"):
        from lingua import IsoCode639_1, LanguageDetectorBuilder

        from communique.clean.language import SUPPORTED_LANGUAGES

        if mode == "lingua-pre":
            codes = (IsoCode639_1.from_str(c) for c in SUPPORTED_LANGUAGES)
            det = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
            det = det.with_preloaded_language_models().build()
        else:
            det = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

        def identify(text: str) -> str | None:
            found = det.detect_language_of(text)
            return None if found is None else found.iso_code_639_1.name.lower()
    else:
        from communique.clean.language import LanguageIdentifier

        identify = LanguageIdentifier(low_accuracy=mode == "low").identify
    identify(texts[0][1])
    ready = time.perf_counter() - start
    start = time.perf_counter()
    right = sum(identify(text) == code for code, text in texts)
    per_text = (time.perf_counter() - start) / len(texts) * 1000
    print(json.dumps([ready, _rss_mb() - base, right, len(texts), per_text]))


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child(sys.argv[2])
        return
    print("| set-up | first answer (s) | RSS added (MB) | right | ms/text |")
    print("|---|---:|---:|---:|---:|")
    for name, mode in SETUPS.items():
        out = subprocess.run(
            [sys.executable, __file__, "--child", mode], capture_output=True, text=True, check=True
        )
        ready, rss, right, total, per_text = json.loads(out.stdout)
        print(f"| {name} | {ready:.2f} | {rss:.0f} | {right}/{total} | {per_text:.1f} |")


if __name__ == "__main__":
    main()
