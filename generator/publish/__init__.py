"""Publishing: PDFs through LibreOffice (and, with :mod:`budgetgen.site`, the county website).

``fonts`` chooses open stand-ins for the 公文 fonts, ``office`` runs LibreOffice
headless in a throw-away profile, ``pdf`` makes its output reproducible, and
``convert`` ties them together for one department. Nothing here is imported by
``build`` or ``check``: they work on a machine without LibreOffice.
"""
