"""`python -m pipeline` is the `zhfacts` command."""
from pipeline.cli import main

main()
