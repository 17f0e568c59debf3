"""``python -m budgetgen`` runs the command-line interface."""

from budgetgen.cli import main

if __name__ == "__main__":  # spawned batch workers import this module without running it
    raise SystemExit(main())
