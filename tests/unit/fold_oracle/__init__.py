"""A frozen copy of the fold as it was before the speed work of issue 7 (commit a894e44):
domain/fold.py, fold_state.py, fold_apply.py, fold_plan.py, escalation.py and
progression.py, with their imports pointed here. The values it reads and gives back
(fold_values, prescription, training, rules, scheduling, catalog) are the real ones, so
its FoldResult compares with the real fold's by ==.

It is the reference the faster fold must match exactly (tests/unit/test_fold_oracle.py).
Change it only where the fold's behaviour changes on purpose (a fixed defect), in the
same commit, and say so there.
"""
