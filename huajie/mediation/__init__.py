"""矛盾纠纷排查化解: screening rounds, the dispute register, the escalation ladder, sessions,
agreements, judicial confirmation and return visits (see docs/architecture.md, "Mediation")."""
