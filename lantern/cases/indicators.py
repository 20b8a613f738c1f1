"""The indicator sets cases screen against. They are shared reference data and live in
``lantern.core.reference.indicators``; this module keeps the names cases' code uses."""

from lantern.core.reference.indicators import (
    CURRENT_VERSION,
    ILO_FORCED_LABOUR,
    INDICATOR_SETS,
    PREMISES,
    SPOT_THE_SIGNS,
    Indicator,
    IndicatorGroup,
    IndicatorSet,
    current_set,
    flat_indicator_choices,
    indicator_choices,
    indicator_set,
)

__all__ = [
    "CURRENT_VERSION", "ILO_FORCED_LABOUR", "INDICATOR_SETS", "PREMISES", "SPOT_THE_SIGNS", "Indicator",
    "IndicatorGroup", "IndicatorSet", "current_set", "flat_indicator_choices", "indicator_choices", "indicator_set",
]
