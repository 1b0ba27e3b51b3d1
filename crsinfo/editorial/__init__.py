"""The editors' and reviewers' screens: review and publish, publications, forms with safeguards."""
