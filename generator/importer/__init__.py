"""``budgetgen import``: read a published annex workbook (and its 说明) back into a source.

Stages: :mod:`budgetgen.importer.tables` is the contract between reading a workbook (any tool's,
through the profile's table specs) and turning the tables it read into a source.
"""
