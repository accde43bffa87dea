"""Anonymisation: detect personal data, generalise what analysis needs, mask the rest, log every redaction."""
