"""Fusion core: baselines, anomalies, source grading, shipment hypotheses, volumes. No DB."""
