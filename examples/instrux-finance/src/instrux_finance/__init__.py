"""instrux-finance: financial sentiment and topic instructions, and a tweet-stream monitor.

``finance.sentiment`` and ``finance.topic`` are instructions (``instrux run``, ``Engine``,
``instrux serve``); ``instrux finance train|monitor|eval`` build the head, replay a stream
and measure the alerts against prices. See ``docs/finance.md`` in the instrux repository.
"""

__version__ = "0.1.0"
