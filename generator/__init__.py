"""budgetgen: one YAML source per department, two consistent publications.

The pipeline is ``load → schema → derive → checks → render → write``; see
:mod:`budgetgen.pipeline`.
"""

__version__ = "0.1.0"
