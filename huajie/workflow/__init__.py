"""Shared case machinery: the workflow engine (`engine`) and the action registry (`actions`)
that a module's screens (`forms`) and API (`api`) are both built from."""
