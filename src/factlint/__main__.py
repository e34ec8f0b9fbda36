"""Allow ``python -m factlint`` to behave exactly like the console script."""

from factlint.cli import main

if __name__ == "__main__":
    main(prog_name="factlint")
