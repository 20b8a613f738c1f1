"""Benchmark: supplier resolution (lantern.supply_chain.resolution) on published names. See bench/README.md."""

import argparse
import csv
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lantern.supply_chain.names import normalise_company_number  # noqa: E402
from lantern.supply_chain.resolution import NameIn, resolve  # noqa: E402

# The payee columns of the files this has been tried on (header: name column, company number column).
PAYEE_COLUMNS = [("Beneficiary Name", "Company Number"), ("Supplier Name", ""), ("Supplier name", "")]
VARIANTS = ["LTD", "LIMITED", "NORTH", "SERVICES", "TRADING", "GROUP", "(UK)"]


def published_names(folder: Path) -> list[NameIn]:
    names: list[NameIn] = []
    seen: set[tuple[str, str]] = set()
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="cp1252", newline="") as handle:
            for row in csv.DictReader(handle):
                column, number_column = next(((n, c) for n, c in PAYEE_COLUMNS if n in row), ("", ""))
                name = (row.get(column) or "").replace("\xa0", " ").strip()
                number = normalise_company_number(row.get(number_column) or "") if number_column else ""
                if name and (name, number) not in seen and "REDACT" not in name.upper():
                    seen.add((name, number))
                    names.append(NameIn(len(names), name, number))
    return names


def grown(names: list[NameIn], target: int, seed: int = 1) -> list[NameIn]:
    """The published names and made-up spellings of them (legal forms added, cut at 22 or 35
    characters, words added), up to ``target`` names."""
    rng = random.Random(seed)
    out = list(names)
    while len(out) < target:
        base = rng.choice(names).name
        roll = rng.random()
        if roll < 0.3:
            variant = f"{base} {rng.choice(VARIANTS)}"
        elif roll < 0.5:
            variant = base[: rng.choice([22, 35])]
        else:
            variant = f"{base} {rng.choice(VARIANTS)} {rng.randint(1, 999)}"
        out.append(NameIn(len(out), variant))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spend", type=Path, default=ROOT.parent / "shared" / "data" / "spend",
                        help="folder of published spend CSV files")
    parser.add_argument("--names", type=int, default=50_000, help="grow the names to this many")
    args = parser.parse_args()
    names = published_names(args.spend)
    results = {}
    for label, batch in [("published", names), (f"grown to {args.names}", grown(names, args.names))]:
        started = time.perf_counter()
        outcome = resolve(batch)
        seconds = time.perf_counter() - started
        statuses = Counter(d.status for d in outcome.decisions)
        results[label] = {"names": len(batch), "seconds": round(seconds, 2), "suppliers": len(outcome.groups),
                          **statuses}
        print(f"{label}: {len(batch)} names in {seconds:.2f} s -> {len(outcome.groups)} suppliers, {dict(statuses)}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "supplier_resolution.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
