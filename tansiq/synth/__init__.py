"""tansiq.synth: a synthetic world with known truth (pure Python, no Django).

True persons with Arabic names, the events that struck them, several overlapping lists with
heterogeneous and dependent capture, and records written with realistic recording errors.
"""

from tansiq.record_format import RECORD_COLUMNS
from tansiq.synth.output import write_world
from tansiq.synth.params import ErrorRates, ListParams, WorldParams
from tansiq.synth.presets import PRESETS, preset
from tansiq.synth.validate import RecordProblem, validate_record_frame
from tansiq.synth.world import World, generate_world

__all__ = [
    "PRESETS",
    "RECORD_COLUMNS",
    "ErrorRates",
    "ListParams",
    "RecordProblem",
    "World",
    "WorldParams",
    "generate_world",
    "preset",
    "validate_record_frame",
    "write_world",
]
