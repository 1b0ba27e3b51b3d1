"""The symptom checklist: the form and its answer page (the decision itself is crsinfo/triage.py)."""
