"""instrux-units: a third-party instrux plugin.

Adds three instructions, written only against instrux's public API:

- ``units.length``: "convert 5 km to miles", "how many yards are in a mile";
- ``units.temperature``: "convert 100 °C to fahrenheit", "-40 degrees celsius in f";
- ``units.word_count``: "count the words in 'to be or not to be'".

The functions stay plain Python and can be called without an engine::

    from instrux_units import LengthUnit, convert_length
    convert_length(1, from_unit=LengthUnit.mile, to_unit=LengthUnit.foot)   # 5280

instrux finds the plugin through the entry point ``units = "instrux_units.plugin"``.
"""

from instrux_units.length import LengthUnit, convert_length
from instrux_units.temperature import TemperatureUnit, convert_temperature
from instrux_units.text import word_count

__version__ = "0.1.0"

__all__ = [
    "LengthUnit",
    "TemperatureUnit",
    "__version__",
    "convert_length",
    "convert_temperature",
    "word_count",
]
