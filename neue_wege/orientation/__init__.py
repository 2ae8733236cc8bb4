"""Berufsorientierung ("Find the way"): German stories -> occupations from ESCO, ISCO-08, KldB 2010."""
