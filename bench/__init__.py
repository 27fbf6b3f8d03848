"""Benchmarks and the bulk data generator (`make bench`): tools around Huajie, never part of it.
A package so that `bench.generator` and `bench/tests` import by their full names; the scripts
still run as `python bench/<script>.py`."""
