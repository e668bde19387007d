"""Tests of the plugin contract, its guide (docs/plugins.md) and examples/instrux-units."""
