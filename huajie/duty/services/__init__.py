"""Every write of the duty module, one transaction each (see the files of this package)."""
