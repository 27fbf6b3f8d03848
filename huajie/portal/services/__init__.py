"""Every write of the portal. Each function is one transaction; refusals are sentences."""
