"""The public pages under /portal/: no login, no staff navigation (templates/portal/base.html)."""
