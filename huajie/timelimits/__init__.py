"""Time limits shared by every module: the admin-editable rule table, the stored-clock base,
and `ClockPlan`, which applies a step's clock effects (open, stop, supersede, pause, resume,
extend) in memory and saves them in two statements."""
