"""Allow ``python -m factlint`` to behave exactly like the console script."""

from factlint.cli import entry

if __name__ == "__main__":
    entry()
