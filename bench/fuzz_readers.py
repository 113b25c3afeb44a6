"""Coverage-guided fuzzing (atheris) of the readers that take other people's files.

    .venv/bin/python bench/fuzz_readers.py records  [--seconds 60]
    .venv/bin/python bench/fuzz_readers.py patterns [--seconds 60]

`records` feeds bytes to the record CSV reader (`tansiq.linkage.read_record_csvs`), `patterns`
to the capture-pattern reader of `tansiq estimate` (`tansiq.estimation.table.read_patterns_csv`).
Each input must be read, or refused with the reader's own error naming the file; any other
exception is a finding: atheris stops, prints the traceback and writes the input as
`crash-<sha1>` in the working folder. The run is bounded by --seconds; the script prints how
many inputs it tried (libFuzzer's last line, "Done N runs in S second(s)"). Seed inputs are generated below (a valid file of each kind), so the
fuzzer starts from the format and mutates outward.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import atheris
import numpy  # noqa: F401  (imported before instrumenting: only tansiq's own code is traced)
import pandas  # noqa: F401

with atheris.instrument_imports(include=["tansiq"]):
    from tansiq.estimation.table import InputError, read_patterns_csv
    from tansiq.linkage import RecordInputError, read_record_csvs

FOLDER = Path(tempfile.mkdtemp(prefix="tansiq-fuzz-"))
TARGET = FOLDER / "input.csv"
SEEDS = {
    "records": (
        "record_id,dataset,name_ar,name_latin,sex,age,act,date,date_precision,governorate\n"
        "A1,a,محمد أحمد,,M,30,killed,2012-08-25,day,SY02\n"
        "B1,b,,Mohammad Ahmad,M,,killed,2012-08,month,SY02\n"
    ),
    "patterns": "A,B,C,count\n1,0,0,12\n0,1,0,9\n1,1,0,4\n0,0,1,7\n1,0,1,2\n0,1,1,3\n1,1,1,1\n",
}


def _records(data: bytes) -> None:
    TARGET.write_bytes(data)
    try:
        read_record_csvs([TARGET])
    except RecordInputError as error:
        assert str(TARGET) in str(error), error


def _patterns(data: bytes) -> None:
    TARGET.write_bytes(data)
    try:
        read_patterns_csv(TARGET, ())
    except InputError as error:
        assert str(error), error


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=sorted(SEEDS))
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    corpus = FOLDER / "corpus"
    corpus.mkdir()
    (corpus / "seed.csv").write_text(SEEDS[args.target], encoding="utf-8")
    target = _records if args.target == "records" else _patterns

    atheris.Setup(
        [sys.argv[0], f"-max_total_time={args.seconds}", "-max_len=4096", str(corpus)], target
    )
    atheris.Fuzz()


if __name__ == "__main__":
    main()
