"""``python -m budgetgen`` runs the command-line interface."""

from budgetgen.cli import main

raise SystemExit(main())
