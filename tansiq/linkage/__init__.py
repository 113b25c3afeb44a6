"""tansiq.linkage engine (pure Python, no Django): probabilistic record linkage on Splink.

Read record CSVs, link them into persons (DuckDB by default, Spark on request) and measure the
result against ground truth::

    records = read_record_csvs(["L1.csv", "L2.csv"])
    result = link_records(records, LinkageParams(threshold=0.9))
    metrics = evaluate_clusters(result.clusters, truth)
"""

from tansiq.linkage.clustering import ClusterRules, cluster_pairs
from tansiq.linkage.evaluation import Metrics, evaluate_clusters
from tansiq.linkage.pipeline import STAGES, LinkageParams, LinkageResult, link_records
from tansiq.linkage.reading import RecordInputError, read_record_csvs

__all__ = [
    "STAGES",
    "ClusterRules",
    "LinkageParams",
    "LinkageResult",
    "Metrics",
    "RecordInputError",
    "cluster_pairs",
    "evaluate_clusters",
    "link_records",
    "read_record_csvs",
]
