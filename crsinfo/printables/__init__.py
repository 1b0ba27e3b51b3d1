"""Printables for clinics: handout, wallet card, clinic pages."""
