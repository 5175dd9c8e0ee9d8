"""Declaring a system: modes and couplings (components that stamp their own terms),
the network graph, model files, units and physical helpers. Imports no other stage."""
