"""Where the DuckDB and Spark backends differ, and nowhere else.

Each backend says how to open a Splink database API, how big a machine it may use and how to
close it. Spark (pyspark, the `tansiq[spark]` extra) is imported only when asked for.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from dataclasses import dataclass, field
from typing import Any, Literal

BackendName = Literal["duckdb", "spark"]


@dataclass
class Backend:
    """An open Splink database API on one backend; call `close()` when done."""

    name: BackendName
    db_api: Any
    _closers: list[Any] = field(default_factory=list)

    def create_table(self, name: str, sql: str) -> Any:
        """Run `sql` into a new table `name` and return it as a Splink dataframe."""
        if self.name == "duckdb":
            self.db_api.duckdb_con.execute(f"CREATE OR REPLACE TABLE {name} AS {sql}")
        else:
            frame = self.db_api.spark.sql(sql).persist()
            frame.createOrReplaceTempView(name)
        return self.db_api.register(name)

    def close(self) -> None:
        """Release the database connection or Spark session (idempotent)."""
        while self._closers:
            self._closers.pop()()


def open_backend(name: BackendName, threads: int | None = None, memory_gb: float = 6.0) -> Backend:
    """Open the named backend with `threads` workers (default: all cores) and about
    `memory_gb` gigabytes of working memory."""
    threads = threads or os.cpu_count() or 1
    if name == "duckdb":
        return _open_duckdb(threads, memory_gb)
    if name == "spark":
        return _open_spark(threads, memory_gb)
    raise ValueError(f"unknown backend {name!r}: use 'duckdb' or 'spark'")


def _open_duckdb(threads: int, memory_gb: float) -> Backend:
    import duckdb
    from splink import DuckDBAPI

    spill = tempfile.TemporaryDirectory(prefix="tansiq-duckdb-")
    connection = duckdb.connect(":memory:")
    connection.execute(f"SET threads = {int(threads)}")
    connection.execute(f"SET memory_limit = '{memory_gb:.1f}GB'")
    connection.execute("SET preserve_insertion_order = false")
    connection.execute(f"SET temp_directory = '{spill.name}'")
    return Backend("duckdb", DuckDBAPI(connection), [spill.cleanup, connection.close])


def _open_spark(threads: int, memory_gb: float) -> Backend:
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise ImportError(
            "The Spark backend needs pyspark: install tansiq with the 'spark' extra "
            "(pip install 'tansiq[spark]') and have Java 17 on the PATH."
        ) from error
    from splink import SparkAPI
    from splink.backends.spark import similarity_jar_location

    # pyspark warns that it does not fully support pandas 3; tansiq hands Spark plain columns.
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
    partitions = max(2, threads)
    checkpoints = tempfile.TemporaryDirectory(prefix="tansiq-spark-")
    session = (
        SparkSession.builder.master(f"local[{int(threads)}]")
        .appName("tansiq-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", f"{max(1, int(memory_gb))}g")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.setCheckpointDir(checkpoints.name)
    api = SparkAPI(  # type: ignore[no-untyped-call]
        spark_session=session,
        num_partitions_on_repartition=partitions,
    )
    return Backend("spark", api, [checkpoints.cleanup, session.stop])
