"""Realistic simulated imagery with known truth: scenes of the corridor's sites at several GSDs.

`simulate_archive(corridor, out_dir, config)` lays out a synthetic facility at each site, runs a
shipment schedule with background traffic, renders what a sensor would see and writes GeoTIFFs,
STAC items, the synthetic corridor file and truth.json (see docs/simulator.md).
"""

from armstrack.imagery.simulate.world import SimulationConfig, SimulationResult, simulate_archive

__all__ = ["SimulationConfig", "SimulationResult", "simulate_archive"]
