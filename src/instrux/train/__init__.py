"""The one training layer: every recipe (arithmetic nets, heads, routers, slot taggers) uses it.

- :mod:`.loop`: the training loop (optimizer, schedule, validation, early stopping,
  checkpoints, progress); :mod:`.config`: its pydantic config, which recipes extend;
- :mod:`.data`: the one data container (:class:`~.data.LabelledSplits`) and validation
  splitter; :mod:`.readers` and :mod:`.benchmarks`: reading files and public benchmarks into it;
- :mod:`.metrics`: classification, open-set and regression metrics;
- :mod:`.progress`, :mod:`.checkpoint`: progress bars, TensorBoard, plots; resumable runs.

This ``__init__`` imports nothing; torch is imported inside the functions that train.
"""
